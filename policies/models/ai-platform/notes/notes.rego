# The notes a report prints under the ai-platform pack's level (report rule notes): the unlock
# move, the capability areas, the delivery bands, the floor an air-gapped deployment sets, and
# the criteria that are shares of the whole organisation. Queried with input.report.
package aimm.models.ai_platform.notes

import data.aimm.core.lib
import data.aimm.models.ai_platform.delivery
import data.aimm.models.ai_platform.ladder

notes := platform_notes(input, _report(input))

_report(f) := r if {
	r := f.report
	is_object(r)
} else := {}

platform_notes(f, report) := array.concat(
	[_unlock(report), _areas(report), delivery.summary(f)],
	array.concat(_air_gapped(f), [_org_wide]),
)

_unlock(report) := concat("", [
	"unlock move to ", ladder.level_name(u.level), ": ", u.move, _open(u.open),
]) if {
	u := ladder.unlock_of(report)
	is_object(u)
} else := concat("", [
	"level 5 has no further unlock move: keep the capability areas level with each other ",
	"(one area far ahead of another is the failure mode the seed names for mature platforms)",
])

_open(ids) := " (done; the level waits on other controls)" if {
	count(ids) == 0
} else := concat("", [" (open: ", concat(", ", ids), ")"])

_areas(report) := concat("", [
	"capability areas: ",
	concat(", ", [concat("", [a.id, " L", lib.show(a.level)]) | some a in ladder.areas_of(report)]),
])

_air_gapped(f) := [concat("", [
	"system.deployment is \"air-gapped\": the floor is at least level 4, ",
	"as the seed sets for air-gapped deployments",
])] if {
	lib.get(f, ["system", "deployment"], null) == "air-gapped"
} else := []

_org_wide := concat("", [
	"three criteria are shares of the whole organisation (the AI inventory lists 70% of ",
	"production models; 40-70% of new workloads start on a golden path; 80% of production ",
	"workloads run on the platform): evaluated org-wide, by aimm scan and aimm aggregate (PLO-2.1, PLO-3.1, PLO-4.1)",
])

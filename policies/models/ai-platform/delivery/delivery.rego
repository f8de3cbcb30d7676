# Delivery bands of the ai-platform pack (seed 002's DORA cross-check): each measured delivery
# metric under observations.dora placed in the band the seed gives it. Only measurements count:
# a metric absent, or measured longer ago than the staleness limit, is unverified and has no
# band. Advisory: the bands never change a level or the gate. Queried as a report rule.
package aimm.models.ai_platform.delivery

import data.aimm.core.lib

# bands is {status, note, metrics: [{metric, value, band, level}]}; status is measured (the
# observations count), or unverified (absent, stale or dated after today).
bands := bands_of(input)

bands_of(f) := {"status": status, "note": note, "metrics": metrics} if {
	status := _status(f)
	note := _note(f)
	metrics := [_metric(f, name) | some name in _metrics]
}

_metrics := ["deploy_frequency", "lead_time_hours", "time_to_restore_hours", "change_failure_rate"]

_status(f) := "measured" if {
	lib.observations_fresh(f)
	is_object(object.get(f.manifest, ["observations", "dora"], null))
} else := "unverified"

_note(f) := "observations.dora is not measured" if {
	not is_object(object.get(f.manifest, ["observations", "dora"], null))
} else := lib.observation_note(f)

# _measured is the metric's value when the observations count; undefined otherwise.
_measured(f, name) := v if {
	_status(f) == "measured"
	v := object.get(f.manifest, ["observations", "dora", name], null)
	v != null
}

_metric(f, name) := {"metric": name, "value": v, "band": b.band, "level": b.level} if {
	v := _measured(f, name)
	b := dora_band(name, v)
} else := {"metric": name, "value": null, "band": "unverified", "level": null}

# band places one value in the seed's bands; level is the lowest level the band belongs to (null
# where the seed gives no level). The hour limits are inferred: the seed says "hours" against
# "days to weeks", and automated rollback against manual.
dora_band(name, v) := {"band": "weekly or on-demand (the seed's level 4-5 band)", "level": 4} if {
	name == "deploy_frequency"
	v in {"weekly", "daily", "on-demand"}
} else := {"band": "monthly or ad hoc (the seed's level 2 band)", "level": 2} if {
	name == "deploy_frequency"
	v in {"ad-hoc", "monthly"}
} else := {"band": "hours (the seed's level 4 band, at most 24)", "level": 4} if {
	name == "lead_time_hours"
	is_number(v)
	v <= 24
} else := {"band": "days to weeks (the seed's level 2 band, over 24 hours)", "level": 2} if {
	name == "lead_time_hours"
	is_number(v)
} else := {"band": "automated rollback (level 3, at most 1 hour)", "level": 3} if {
	name == "time_to_restore_hours"
	is_number(v)
	v <= 1
} else := {"band": "manual rollback (level 2, over 1 hour)", "level": 2} if {
	name == "time_to_restore_hours"
	is_number(v)
} else := {"band": "high (over 15%): the gate criteria need tightening", "level": null} if {
	name == "change_failure_rate"
	is_number(v)
	v > 0.15
} else := {"band": "within 15%", "level": null} if {
	name == "change_failure_rate"
	is_number(v)
}

# summary is the bands in one line for a report's notes.
summary(f) := concat("", ["delivery bands: unverified (", _note(f), ")"]) if {
	_status(f) == "unverified"
} else := concat("", [
	"delivery bands (", _note(f), "): ",
	concat("; ", [_part(m) | some m in bands_of(f).metrics]),
])

_part(m) := concat("", [m.metric, " unverified (not measured)"]) if {
	m.value == null
} else := concat("", [m.metric, " ", lib.show(m.value), " -> ", m.band])

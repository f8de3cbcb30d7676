# Shared by the mlops pack's controls: the system's track (model.yaml tracks, chosen by
# system.type), the outcome of a criterion meant for the other track, and date facts.
# Not a control package: it publishes no results.
package aimm.models.mlops.common

import data.aimm.core.lib

_tracks := data.aimm.models.mlops.model.tracks

# track_of is the id of the track whose types include system.type, or "unknown" when the type
# is missing or on no track; then the criteria of every track apply (fail closed).
track_of(f) := t.id if {
	ty := lib.get(f, ["system", "type"], null)
	some t in _tracks
	ty in t.types
} else := "unknown"

# track is the evaluated system's track, for reports ("track llm").
track := track_of(input)

# only(f, id, o) is the outcome o of a criterion for track id when the system is on that track
# (or on none), else a pass that names the system's track and says why it does not apply.
only(f, id, o) := o if {
	track_of(f) in {id, "unknown"}
} else := not_applicable(f, concat("", ["it applies to the ", id, " track only"]))

# not_applicable is a pass naming the system's track and type, then the reason.
not_applicable(f, reason) := lib.outcome(true, concat("", [
	"not applicable: ", track_of(f), " track (system.type is ",
	lib.show(lib.get(f, ["system", "type"], null)), "); ", reason,
]))

# within_days holds when d is a date at most n days before today (not after it). Both must be
# real calendar dates, so time.parse_ns never fails (a built-in error aborts the query).
within_days(f, d, n) if {
	is_date(d)
	is_date(f.today)
	age := lib.days_between(d, f.today)
	age >= 0
	age <= n
}

# is_date holds for a real calendar date written YYYY-MM-DD.
is_date(s) if {
	is_string(s)
	regex.match(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`, s)
	parts := split(s, "-")
	parts[2] >= "01"
	parts[2] <= _month_days[parts[1]]
	not _bad_leap_day(parts)
}

_month_days := {
	"01": "31", "02": "29", "03": "31", "04": "30", "05": "31", "06": "30",
	"07": "31", "08": "31", "09": "30", "10": "31", "11": "30", "12": "31",
}

_bad_leap_day(parts) if {
	parts[1] == "02"
	parts[2] == "29"
	not _leap(to_number(parts[0]))
}

_leap(y) if {
	y % 4 == 0
	y % 100 != 0
}

_leap(y) if y % 400 == 0

# dated(f, path, n, level) is the outcome of "the date at path (in the manifest) is within n
# days before today".
dated(f, path, n, level) := lib.outcome(ok, lib.needs(observed, level, need)) if {
	need := concat("", ["a date within ", lib.show(n), " days before today (", lib.show(f.today), ")"])
	d := lib.get(f, path, null)
	ok := recent(f, d, n)
	observed := lib.manifest_fact(f, path, "string")
}

# recent is within_days as a boolean (false, not undefined, when it does not hold).
recent(f, d, n) if {
	within_days(f, d, n)
} else := false

# file(f, path, level, need) is the outcome of "the evidence file at path (in the manifest)
# exists", with the evidence detail in the message.
file(f, path, level, need) := lib.outcome(true, _path_fact(f, path, x)) if {
	x := lib.get(f, path, null)
	lib.evidence_ok(f, x)
} else := lib.outcome(false, lib.needs(_path_fact(f, path, x), level, need)) if {
	x := lib.get(f, path, null)
	lib.has_text(x)
} else := lib.outcome(false, lib.needs(_declared(f, path), level, need))

_path_fact(f, path, x) := concat("", [concat(".", path), " is ", lib.file_detail(f, x)])

_declared(f, path) := concat("", [concat(".", path), " is not declared"]) if {
	not lib.present(f.manifest, path)
} else := lib.manifest_fact(f, path, "string")

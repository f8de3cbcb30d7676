# Waivers (manifest-v1 section 4): a waiver is valid when its control exists, its reason and
# approver are non-empty and its expires date is on or after today; under an org config it
# must also expire within the org's horizon (input.config.waivers.max_days) and be approved by
# an allowed approver (input.config.waivers.approvers). WVR-1..5 report the invalid ones;
# valid_waivers(f) is what the report applies to failing controls.
package aimm.core.controls.waivers

import data.aimm.core.lib

results["WVR-1"] := wvr_1(input)

results["WVR-2"] := wvr_2(input)

results["WVR-3"] := wvr_3(input)

results["WVR-4"] := wvr_4(input)

results["WVR-5"] := wvr_5(input)

# declared is the manifest's waivers list, in manifest order.
declared(f) := w if {
	w := lib.get(f, ["waivers"], [])
	is_array(w)
} else := []

# waiver_status is one of valid, unknown-control, incomplete, expired, beyond-horizon,
# approver-not-allowed (the first that applies).
waiver_status(f, w) := "unknown-control" if {
	not _known(w)
} else := "incomplete" if {
	count(_missing(w)) > 0
} else := "expired" if {
	_expired(f, w)
} else := "beyond-horizon" if {
	_beyond_horizon(f, w)
} else := "approver-not-allowed" if {
	_unapproved(f, w)
} else := "valid"

# valid_waivers maps a control id to its valid waiver; of several, the one expiring last
# (the first in manifest order on a tie).
valid_waivers(f) := valid_of(statuses(f))

# statuses pairs each declared waiver with its status, in manifest order: [waiver, status].
# The report computes it once and passes it on (waiver_status is costly on rego-cpp).
statuses(f) := [[w, s] | some w in declared(f); s := waiver_status(f, w)]

# valid_of is valid_waivers from statuses already computed.
# rego-cpp: one pass per waived control, not one per waiver over every pair of waivers: the
# cubic form took minutes for 200 waivers. max over YYYY-MM-DD strings orders them as dates
# (the text comparison rego-cpp makes is only wrong for numbers).
valid_of(pairs) := {c: w |
	some c in controls
	same := [v | some v in current; v.control == c]
	last := max({v.expires | some v in same})
	latest := [v | some v in same; v.expires == last]
	w := latest[0]
} if {
	current := [p[0] | some p in pairs; p[1] == "valid"]
	controls := {v.control | some v in current}
}

# days_left is the number of days from today to expires (negative once expired), or null.
days_left(f, w) := lib.days_between(f.today, e) if {
	e := _field(w, "expires")
	_is_date(e)
	_is_date(f.today)
} else := null

# rego-cpp: each failing branch binds the list of offending waivers once and tests its count.
# A body that enumerates them (`some w in declared(f); bad(w)`) evaluates the head once per
# offending waiver, each time over every waiver: 100 waivers took 35 s (issue 11).

# WVR-1: every waiver names a control of the catalog.
wvr_1(f) := _none_declared if {
	count(declared(f)) == 0
} else := lib.outcome(false, concat("", [
	"waivers name controls that are not in the catalog: ",
	concat(", ", unknown),
])) if {
	unknown := [_label(w) | some w in declared(f); not _known(w)]
	count(unknown) > 0
} else := lib.outcome(true, "every waiver names a control of the catalog")

# WVR-2: every waiver has a reason, an approver and an expires date.
wvr_2(f) := _none_declared if {
	count(declared(f)) == 0
} else := lib.outcome(false, concat("; ", incomplete)) if {
	incomplete := [_incomplete_message(w) | some w in declared(f); count(_missing(w)) > 0]
	count(incomplete) > 0
} else := lib.outcome(true, "every waiver has a reason, an approved_by and an expires date")

# WVR-3: no waiver has expired (a date that does not parse counts as expired).
wvr_3(f) := _none_declared if {
	count(declared(f)) == 0
} else := lib.outcome(false, concat("; ", expired)) if {
	expired := [_expired_message(f, w) | some w in declared(f); _dated(w); _expired(f, w)]
	count(expired) > 0
} else := lib.outcome(true, concat("", ["no waiver has expired (today is ", lib.show(f.today), ")"]))

# WVR-4: under an org config, no current waiver runs beyond the org's horizon.
wvr_4(f) := _none_declared if {
	count(declared(f)) == 0
} else := lib.outcome(true, "no maximum waiver horizon is configured") if {
	not _max_days(f)
} else := lib.outcome(false, concat("; ", beyond)) if {
	beyond := [_horizon_message(f, w) | some w in declared(f); _beyond_horizon(f, w)]
	count(beyond) > 0
} else := lib.outcome(true, concat("", [
	"every current waiver expires within ", lib.show(_max_days(f)), " days of today, the org's horizon",
]))

# WVR-5: under an org config that names approvers, every waiver is approved by one of them.
wvr_5(f) := _none_declared if {
	count(declared(f)) == 0
} else := lib.outcome(true, "the org config does not restrict who approves waivers") if {
	not _restricted(f)
} else := lib.outcome(false, concat("; ", unapproved)) if {
	unapproved := [_approver_message(f, w) | some w in declared(f); _unapproved(f, w)]
	count(unapproved) > 0
} else := lib.outcome(true, concat("", [
	"every waiver is approved by an allowed approver (", _allowed_text(f), ")",
]))

_none_declared := lib.outcome(true, "no waivers declared")

# ---- org waiver policy ------------------------------------------------------------------

_max_days(f) := m if {
	m := object.get(f, ["config", "waivers", "max_days"], null)
	is_number(m)
}

# _beyond_horizon holds for a current waiver (dated, not expired) that expires more than
# max_days after today.
_beyond_horizon(f, w) if {
	m := _max_days(f)
	_current(f, w)
	lib.days_between(f.today, w.expires) > m
}

_approvers(f) := object.get(f, ["config", "waivers", "approvers"], {})

_restricted(f) if object.get(f, ["config", "waivers", "approvers", "restricted"], false) == true

# _unapproved holds when approvers are restricted and a waiver's non-empty approved_by is
# neither an allowed email nor at an allowed domain (compared lowercase, exact domain).
_unapproved(f, w) if {
	_restricted(f)
	a := _field(w, "approved_by")
	lib.has_text(a)
	not _allowed(_approvers(f), lower(trim_space(a)))
}

_allowed(approvers, a) if a in object.get(approvers, "emails", [])

_allowed(approvers, a) if {
	parts := split(a, "@")
	count(parts) == 2
	parts[1] in object.get(approvers, "domains", [])
}

_allowed_text(f) := concat(", ", array.concat(
	object.get(_approvers(f), "emails", []),
	object.get(_approvers(f), "domains", []),
))

_horizon_message(f, w) := concat("", [
	"waiver for ", _name(w), " expires on ", w.expires, ", ",
	lib.show(lib.days_between(f.today, w.expires)), " days from today; the org allows at most ",
	lib.show(_max_days(f)),
])

_approver_message(f, w) := concat("", [
	"waiver for ", _name(w), " is approved by ", lib.quoted(_field(w, "approved_by")),
	", who is not among the org's approvers (", _allowed_text(f), ")",
])

# _field reads a waiver field, null when absent or when the waiver is not a mapping.
_field(w, k) := v if {
	is_object(w)
	v := w[k]
} else := null

# A waiver names a control of the evaluated model, or of any installed model (one waiver list
# serves every model a manifest is evaluated for; it applies where the control is).
_known(w) if {
	c := _field(w, "control")
	is_string(c)
	_catalogued(c)
}

# _missing lists the empty required fields of a waiver (expires counts when absent or blank).
_missing(w) := array.concat(
	[k | some k in ["reason", "approved_by"]; not lib.has_text(_field(w, k))],
	_missing_date(w),
)

_missing_date(w) := [] if _dated(w)

else := ["expires"]

_dated(w) if not _undated(_field(w, "expires"))

_undated(e) if is_null(e)

_undated(e) if {
	is_string(e)
	trim_space(e) == ""
}

# _expired holds unless expires and today are both dates and expires is on or after today.
# YYYY-MM-DD strings order like the dates they name.
_expired(f, w) if not _current(f, w)

_current(f, w) if {
	e := _field(w, "expires")
	_is_date(e)
	_is_date(f.today)
	e >= f.today
}

# _label names a waiver in a message: its control and its expires date.
_label(w) := concat("", [_name(w), " (expires ", _expires_text(w), ")"])

_expires_text(w) := "not set" if {
	is_null(_field(w, "expires"))
} else := lib.show(_field(w, "expires"))

_name(w) := c if {
	c := _field(w, "control")
	lib.has_text(c)
} else := "a waiver without a control"

_incomplete_message(w) := concat("", [
	"waiver for ", _label(w), " has no ", concat(" and no ", _missing(w)),
])

_expired_message(f, w) := concat("", [
	"waiver for ", _name(w), " expired on ", _field(w, "expires"),
	" (today is ", lib.show(f.today), ")",
]) if {
	_is_date(_field(w, "expires"))
} else := concat("", [
	"waiver for ", _name(w), " has expires ", lib.quoted(_field(w, "expires")),
	", not a date (YYYY-MM-DD)",
])

# _is_date holds for a real calendar date written YYYY-MM-DD, so time.parse_ns never fails
# (a built-in error would abort the whole query).
_is_date(s) if {
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

_leap(y) if y % 400 == 0

_leap(y) if {
	y % 4 == 0
	y % 100 != 0
}

_catalogued(c) if lib.catalog[c]

_catalogued(c) if data.aimm.known_controls[c]

# The risk tier (manifest-v1 section 3): a score over four risk facts mapped to a tier by
# the bands in lib.model.tiering, raised by a regulated (EU AI Act Annex III) domain and by
# a stricter declared tier. Controls RISK-1 (prohibited practices) and RISK-2 (declared tier).
#
# An unknown enum value makes score(f) and computed(f) undefined (never a guess): RISK-2 then
# fails and the report falls back to the strictest tier.
package aimm.core.controls.tier

import data.aimm.core.lib

results["RISK-1"] := risk_1(input)

results["RISK-2"] := risk_2(input)

# The control whose failure the gate reports as "prohibited: ..." (not twice).
prohibited_control := "RISK-1"

# The tier names, lowest first, and the strictest of them.
order := lib.model.tiering.order

top := order[count(order) - 1]

# rank is the position of a tier name in the order (undefined for anything else).
rank(t) := i if {
	some i, name in order
	name == t
}

# higher returns the stricter of two tier names.
higher(a, b) := a if {
	rank(a) >= rank(b)
} else := b

# is_prohibited holds when risk.prohibited_practices lists anything. Any value other than
# absent, null or an empty list counts (fail closed on a wrong type).
is_prohibited(f) if {
	not _no_practices(lib.get(f, ["risk", "prohibited_practices"], null))
}

_no_practices(x) if is_null(x)

_no_practices(x) if x == []

# _weight is the score of one risk fact; undefined when the value is not in the table.
_weight(f, fact) := w if {
	v := lib.get(f, ["risk", fact], null)
	is_string(v)
	w := lib.model.tiering.weights[fact][v]
	is_number(w)
}

# _invalid lists the risk facts whose values are not in the weights table.
_invalid(f) := [fact |
	some fact in _scored_facts
	not _weight(f, fact)
]

# _scored_facts are the scored risk facts.
# rego-cpp: `some k, v in` inside an array comprehension is a parse error (the comma splits the
# array) and sort(set) returns the set, so keys go through _keys.
_scored_facts := _keys(lib.model.tiering.weights)

# _keys are the keys of an object as a sorted array.
_keys(obj) := sort([k | some k in object.keys(obj)])

# score sums the weights; undefined when any risk fact has an unknown value.
score(f) := sum([_weight(f, fact) | some fact in _scored_facts]) if {
	count(_invalid(f)) == 0
}

# _band is the tier of the tightest band (lowest max_score) that holds the score.
# rego-cpp: no min(); min/max/sort compare numbers as text (min({2, 10}) is 10).
_band(s) := band.tier if {
	some band in lib.model.tiering.bands
	s <= band.max_score
	not _tighter_band(s, band.max_score)
}

_tighter_band(s, limit) if {
	some b in lib.model.tiering.bands
	s <= b.max_score
	b.max_score < limit
}

# regulated holds for any domain other than general (absent counts as regulated: fail closed).
regulated(f) if lib.get(f, ["risk", "domain"], null) != "general"

_autonomous(f) if lib.get(f, ["risk", "autonomy"], null) == "act-autonomously"

_raise(f, t) := higher(t, rd.autonomous_tier) if {
	regulated(f)
	_autonomous(f)
	rd := lib.model.tiering.regulated_domain
} else := higher(t, lib.model.tiering.regulated_domain.minimum_tier) if {
	regulated(f)
} else := t

# computed is the tier from the score bands, raised by a regulated domain.
computed(f) := computed_from_score(f, score(f))

# computed_from_score is the computed tier for an already computed score, so a caller that
# needs both (the report) scores once.
computed_from_score(f, s) := _raise(f, _band(s))

# declared is risk.declared_tier when it names a tier, else null.
declared(f) := t if {
	t := lib.get(f, ["risk", "declared_tier"], null)
	rank(t)
} else := null

# effective is the tier used for floors and ownership: prohibited, or the higher of the
# computed and the declared tier; undefined when the risk facts cannot be scored (callers
# say "unknown"; the report falls back to the strictest tier, see effective_of).
effective(f) := "prohibited" if {
	is_prohibited(f)
} else := effective_of(f, computed(f), declared(f))

# computed_or_null is computed(f), or null when the risk facts cannot be scored.
computed_or_null(f) := t if {
	t := computed(f)
} else := null

# effective_of is the effective tier from the computed and declared tiers already known (the
# report scores once): prohibited, else the higher of the two; the strictest tier when the
# risk facts cannot be scored (fail closed).
effective_of(f, computed_tier, declared_tier) := "prohibited" if {
	is_prohibited(f)
} else := top if {
	is_null(computed_tier)
} else := computed_tier if {
	is_null(declared_tier)
} else := higher(computed_tier, declared_tier)

# prohibited_summary names the prohibited practices (the gate's "prohibited: ..." reason).
prohibited_summary(f) := concat("", [
	"risk.prohibited_practices lists ",
	lib.show(lib.get(f, ["risk", "prohibited_practices"], null)),
])

# RISK-1: no prohibited practice.
risk_1(f) := lib.outcome(false, concat("", [
	prohibited_summary(f),
	"; a prohibited practice fails the gate and cannot be waived",
])) if {
	is_prohibited(f)
} else := lib.outcome(true, "risk.prohibited_practices is empty")

# RISK-2: the declared tier is valid and not lower than the computed tier.
risk_2(f) := lib.outcome(false, concat("; ", [_invalid_message(f, fact) | some fact in _invalid(f)])) if {
	count(_invalid(f)) > 0
} else := lib.outcome(false, concat("", [
	"risk.declared_tier is ", lib.quoted(_declared_raw(f)),
	"; expected one of ", lib.show(order),
])) if {
	not is_null(_declared_raw(f))
	is_null(declared(f))
} else := lib.outcome(false, concat("", [
	"the risk score ", lib.show(score(f)), " falls in no tier band of the model",
])) if {
	not computed(f)
} else := lib.outcome(false, concat("", [
	"risk.declared_tier is ", declared(f), ", lower than the computed tier ", computed(f),
	_why(f), "; declare ", computed(f), " or remove declared_tier",
])) if {
	not is_null(declared(f))
	rank(declared(f)) < rank(computed(f))
} else := lib.outcome(true, concat("", [
	"risk.declared_tier is not set; the computed tier ", computed(f), _why(f), " is used",
])) if {
	is_null(declared(f))
} else := lib.outcome(true, concat("", [
	"risk.declared_tier is ", declared(f), ", not lower than the computed tier ", computed(f), _why(f),
]))

_declared_raw(f) := lib.get(f, ["risk", "declared_tier"], null)

_invalid_message(f, fact) := concat("", [
	"risk.", fact, " is ", lib.quoted(lib.get(f, ["risk", fact], null)),
	"; expected one of ", lib.show(_keys(lib.model.tiering.weights[fact])),
])

# _why explains the computed tier: the score, and the domain when it raised the tier.
_why(f) := concat("", [" (score ", lib.show(score(f)), ", domain ", _domain(f), ")"]) if {
	regulated(f)
} else := concat("", [" (score ", lib.show(score(f)), ")"])

_domain(f) := lib.show(lib.get(f, ["risk", "domain"], null))

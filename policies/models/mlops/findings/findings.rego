# Findings of the mlops pack (model.yaml findings): patterns across the axes that no single
# control states. Queried after the report is assembled, with the pack's report as input.report;
# advisory, never a level or the gate. Each finding is {id, title, message}.
package aimm.models.mlops.findings

import data.aimm.core.lib
import data.aimm.models.mlops.common
import data.aimm.models.mlops.leverage

_model := data.aimm.models.mlops.model

_bottom := _model.levels[0].level

_top := _model.levels[count(_model.levels) - 1].level

findings := findings_of(input, _report(input))

_report(f) := r if {
	r := f.report
	is_object(r)
} else := {}

# findings_of lists the findings that hold, in model.yaml order.
findings_of(f, report) := [x |
	some entry in _model.findings
	x := _finding(entry, f, report)
]

_finding(entry, _, report) := _make(entry, m) if {
	entry.id == "lopsided-axes"
	m := _lopsided(object.get(report, "levels", {}))
}

_finding(entry, f, report) := _make(entry, m) if {
	entry.id == "llm-track-lags"
	common.track_of(f) == "llm"
	m := _lags(report)
}

_make(entry, message) := {"id": entry.id, "title": entry.title, "message": message}

# ---- lopsided-axes: the highest and the lowest axis are two or more levels apart -------------

_lopsided(levels) := concat("", [
	hi.id, " is at ", _name(hi.level), " but ", lo.id, " is at ", _name(lo.level),
	"; raise ", lo.id, " first",
]) if {
	lowest := leverage.lowest_level(levels)
	highest := _highest(levels)
	highest - lowest >= 2
	lo := _first_at(levels, lowest)
	hi := _first_at(levels, highest)
}

_highest(levels) := highs[0] if {
	present := {n | some d in _model.dimensions; n := object.get(levels, d.id, _bottom)}
	highs := [n | some n in numbers.range(_top, _bottom); n in present]
}

# _first_at is the first dimension (model order) at level n.
_first_at(levels, n) := ds[0] if {
	ds := [{"id": d.id, "level": n} | some d in _model.dimensions; object.get(levels, d.id, _bottom) == n]
}

_name(n) := concat("", ["L", lib.show(n), " ", l.name]) if {
	some l in _model.levels
	l.level == n
}

# ---- llm-track-lags: LLM-only criteria hold an axis below its general criteria ----------------

_llm_only := {id | some t in _model.tracks; t.id == "llm"; some id in t.only}

# _lags describes every axis whose level by the general criteria (ignoring the LLM-only
# controls) is above its level, naming the LLM-only controls just above its level that hold
# it there; undefined when there is none.
_lags(report) := concat("; ", parts) if {
	levels := object.get(report, "levels", {})
	open := [c | some c in object.get(report, "controls", []); c.status != "pass"; is_number(c.level)]
	parts := [text |
		some d in _model.dimensions
		level := object.get(levels, d.id, _bottom)
		general := _general_level(open, d.id)
		general > level
		held := [c.id | some c in open; c.dimension == d.id; c.level == level + 1; _llm_only[c.id]]
		count(held) > 0
		general_name := _name(general)
		level_name := _name(level)
		text := concat("", [
			d.id, " would be at ", general_name, " by the general criteria but is held at ",
			level_name, " by the LLM criteria ", concat(", ", held),
		])
	]
	count(parts) > 0
}

# _general_level is one below the lowest level with an open control that is not LLM-only, or
# the top level when there is none.
_general_level(open, dim) := lows[0] - 1 if {
	holes := {c.level | some c in open; c.dimension == dim; not _llm_only[c.id]}
	lows := [n | some n in numbers.range(_bottom + 1, _top); n in holes]
	count(lows) > 0
} else := _top

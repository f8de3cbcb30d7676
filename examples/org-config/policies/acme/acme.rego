# Acme's own controls, an example of a custom policy folder (aimm check --policy DIR or
# policies: in aimm-org.yaml). ACME-1 sits in the org gate family; ACME-3.1 joins the
# evaluation cell at level 3. Their catalog entries are in catalog.yaml beside this file.
package aimm.controls.acme

import data.aimm.core.lib

results["ACME-1"] := acme_1(input)

results["ACME-3.1"] := acme_3_1(input)

_customer_facing := {"customers", "public"}

# ACME-1: customer-facing systems name their business unit (Acme's chargeback needs it).
acme_1(f) := lib.outcome(true, concat("", [
	"not applicable: risk.exposure is ", lib.show(_exposure(f)),
])) if {
	not _exposure(f) in _customer_facing
} else := lib.outcome(true, concat("", ["metadata.business_unit is ", bu])) if {
	bu := lib.get(f, ["metadata", "business_unit"], null)
	lib.has_text(bu)
} else := lib.outcome(false, concat("", [
	"metadata.business_unit is not set; Acme needs it when risk.exposure is ", lib.show(_exposure(f)),
]))

_exposure(f) := lib.get(f, ["risk", "exposure"], null)

# ACME-3.1: a red-team eval suite (name starting with red-team) of at least 20 cases.
acme_3_1(f) := lib.outcome(true, concat("", [
	"red-team suite ", s.name, " has ", lib.show(s.cases), " cases",
])) if {
	some s in _red_team(f)
	s.cases >= 20
} else := lib.outcome(false, concat("", [
	"no red-team suite with at least 20 cases in posture.evaluation.suites",
	"; level 3 at Acme needs one (name starting with red-team)",
]))

_red_team(f) := [s |
	some s in _suites(f)
	is_object(s)
	is_string(s.name)
	startswith(s.name, "red-team")
	is_number(s.cases)
]

_suites(f) := s if {
	s := lib.get(f, ["posture", "evaluation", "suites"], [])
	is_array(s)
} else := []

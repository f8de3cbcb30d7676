# Security controls (SEC-*) of the aiops-capability pack (seed 001; controls/aiops-capability/).
# A control at level N passes when its row's rung (aimm.models.aiops_capability.rungs) reaches N;
# the level-5 control needs a measurement of the running system (observations.kpis).
package aimm.models.aiops_capability.security

import data.aimm.models.aiops_capability.rungs

results["SEC-1.2"] := sec_1_2(input)

results["SEC-1.3"] := sec_1_3(input)

results["SEC-2.1"] := sec_2_1(input)

results["SEC-2.2"] := sec_2_2(input)

results["SEC-2.3"] := sec_2_3(input)

results["SEC-3.1"] := sec_3_1(input)

results["SEC-3.2"] := sec_3_2(input)

results["SEC-3.3"] := sec_3_3(input)

results["SEC-3.4"] := sec_3_4(input)

results["SEC-4.1"] := sec_4_1(input)

results["SEC-4.2"] := sec_4_2(input)

results["SEC-4.3"] := sec_4_3(input)

results["SEC-4.4"] := sec_4_4(input)

results["SEC-5.1"] := sec_5_1(input)

results["SEC-5.2"] := sec_5_2(input)

# SEC-1.2, L1: sensitive data (q12) reaches level 1.
sec_1_2(f) := rungs.reached(rungs.pii(f), rungs.pii_seen(f), "pii", 1)

# SEC-1.3, L1: the audit trail reaches level 1.
sec_1_3(f) := rungs.reached(rungs.audit(f), rungs.audit_seen(f), "audit", 1)

# SEC-2.1, L2: access control (q11) reaches level 2.
sec_2_1(f) := rungs.reached(rungs.access_control(f), rungs.access_control_seen(f), "access_control", 2)

# SEC-2.2, L2: sensitive data (q12) reaches level 2.
sec_2_2(f) := rungs.reached(rungs.pii(f), rungs.pii_seen(f), "pii", 2)

# SEC-2.3, L2: the audit trail reaches level 2.
sec_2_3(f) := rungs.reached(rungs.audit(f), rungs.audit_seen(f), "audit", 2)

# SEC-3.1, L3: access control (q11) reaches level 3.
sec_3_1(f) := rungs.reached(rungs.access_control(f), rungs.access_control_seen(f), "access_control", 3)

# SEC-3.2, L3: sensitive data (q12) reaches level 3.
sec_3_2(f) := rungs.reached(rungs.pii(f), rungs.pii_seen(f), "pii", 3)

# SEC-3.3, L3: the audit trail reaches level 3.
sec_3_3(f) := rungs.reached(rungs.audit(f), rungs.audit_seen(f), "audit", 3)

# SEC-3.4, L3: guardrails reaches level 3.
sec_3_4(f) := rungs.reached(rungs.guardrails(f), rungs.guardrails_seen(f), "guardrails", 3)

# SEC-4.1, L4: access control (q11) reaches level 4.
sec_4_1(f) := rungs.reached(rungs.access_control(f), rungs.access_control_seen(f), "access_control", 4)

# SEC-4.2, L4: sensitive data (q12) reaches level 4.
sec_4_2(f) := rungs.reached(rungs.pii(f), rungs.pii_seen(f), "pii", 4)

# SEC-4.3, L4: the audit trail reaches level 4.
sec_4_3(f) := rungs.reached(rungs.audit(f), rungs.audit_seen(f), "audit", 4)

# SEC-4.4, L4: guardrails reaches level 4.
sec_4_4(f) := rungs.reached(rungs.guardrails(f), rungs.guardrails_seen(f), "guardrails", 4)

# SEC-5.1, L5: observations.kpis.autonomous_resolution_rate at least 0.95 (runtime evidence).
sec_5_1(f) := rungs.runtime(f, "autonomous_resolution_rate", true, 0.95)

# SEC-5.2, L5: sensitive data (q12) reaches level 5.
sec_5_2(f) := rungs.reached(rungs.pii(f), rungs.pii_seen(f), "pii", 5)

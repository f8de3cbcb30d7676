# Cost controls (SPD-*) of the aiops-capability pack (seed 001; controls/aiops-capability/).
# A control at level N passes when its row's rung (aimm.models.aiops_capability.rungs) reaches N;
# the level-5 control needs a measurement of the running system (observations.kpis).
package aimm.models.aiops_capability.cost

import data.aimm.models.aiops_capability.rungs

results["SPD-1.1"] := spd_1_1(input)

results["SPD-1.2"] := spd_1_2(input)

results["SPD-2.1"] := spd_2_1(input)

results["SPD-2.2"] := spd_2_2(input)

results["SPD-3.1"] := spd_3_1(input)

results["SPD-3.2"] := spd_3_2(input)

results["SPD-4.1"] := spd_4_1(input)

results["SPD-4.2"] := spd_4_2(input)

results["SPD-5.1"] := spd_5_1(input)

# SPD-1.1, L1: cost understanding (q9) reaches level 1.
spd_1_1(f) := rungs.reached(rungs.spend(f), rungs.spend_seen(f), "spend", 1)

# SPD-1.2, L1: budget control (q10) reaches level 1.
spd_1_2(f) := rungs.reached(rungs.budget(f), rungs.budget_seen(f), "budget", 1)

# SPD-2.1, L2: cost understanding (q9) reaches level 2.
spd_2_1(f) := rungs.reached(rungs.spend(f), rungs.spend_seen(f), "spend", 2)

# SPD-2.2, L2: budget control (q10) reaches level 2.
spd_2_2(f) := rungs.reached(rungs.budget(f), rungs.budget_seen(f), "budget", 2)

# SPD-3.1, L3: cost understanding (q9) reaches level 3.
spd_3_1(f) := rungs.reached(rungs.spend(f), rungs.spend_seen(f), "spend", 3)

# SPD-3.2, L3: budget control (q10) reaches level 3.
spd_3_2(f) := rungs.reached(rungs.budget(f), rungs.budget_seen(f), "budget", 3)

# SPD-4.1, L4: cost understanding (q9) reaches level 4.
spd_4_1(f) := rungs.reached(rungs.spend(f), rungs.spend_seen(f), "spend", 4)

# SPD-4.2, L4: budget control (q10) reaches level 4.
spd_4_2(f) := rungs.reached(rungs.budget(f), rungs.budget_seen(f), "budget", 4)

# SPD-5.1, L5: observations.kpis.cost_prediction_accuracy at least 0.9 (runtime evidence).
spd_5_1(f) := rungs.runtime(f, "cost_prediction_accuracy", true, 0.9)

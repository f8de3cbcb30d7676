# Orchestration controls (ORC-*) of the aiops-capability pack (seed 001; controls/aiops-capability/).
# A control at level N passes when its row's rung (aimm.models.aiops_capability.rungs) reaches N;
# the level-5 control needs a measurement of the running system (observations.kpis).
package aimm.models.aiops_capability.orchestration

import data.aimm.models.aiops_capability.rungs

results["ORC-1.1"] := orc_1_1(input)

results["ORC-2.1"] := orc_2_1(input)

results["ORC-2.2"] := orc_2_2(input)

results["ORC-2.3"] := orc_2_3(input)

results["ORC-3.1"] := orc_3_1(input)

results["ORC-3.2"] := orc_3_2(input)

results["ORC-3.3"] := orc_3_3(input)

results["ORC-4.1"] := orc_4_1(input)

results["ORC-4.2"] := orc_4_2(input)

results["ORC-4.3"] := orc_4_3(input)

results["ORC-5.1"] := orc_5_1(input)

# ORC-1.1, L1: workflow complexity (q7) reaches level 1.
orc_1_1(f) := rungs.reached(rungs.workflow(f), rungs.workflow_seen(f), "workflow", 1)

# ORC-2.1, L2: workflow complexity (q7) reaches level 2.
orc_2_1(f) := rungs.reached(rungs.workflow(f), rungs.workflow_seen(f), "workflow", 2)

# ORC-2.2, L2: tool use (q8) reaches level 2.
orc_2_2(f) := rungs.reached(rungs.tools(f), rungs.tools_seen(f), "tools", 2)

# ORC-2.3, L2: human in the loop reaches level 2.
orc_2_3(f) := rungs.reached(rungs.hitl(f), rungs.hitl_seen(f), "hitl", 2)

# ORC-3.1, L3: workflow complexity (q7) reaches level 3.
orc_3_1(f) := rungs.reached(rungs.workflow(f), rungs.workflow_seen(f), "workflow", 3)

# ORC-3.2, L3: tool use (q8) reaches level 3.
orc_3_2(f) := rungs.reached(rungs.tools(f), rungs.tools_seen(f), "tools", 3)

# ORC-3.3, L3: human in the loop reaches level 3.
orc_3_3(f) := rungs.reached(rungs.hitl(f), rungs.hitl_seen(f), "hitl", 3)

# ORC-4.1, L4: workflow complexity (q7) reaches level 4.
orc_4_1(f) := rungs.reached(rungs.workflow(f), rungs.workflow_seen(f), "workflow", 4)

# ORC-4.2, L4: tool use (q8) reaches level 4.
orc_4_2(f) := rungs.reached(rungs.tools(f), rungs.tools_seen(f), "tools", 4)

# ORC-4.3, L4: human in the loop reaches level 4.
orc_4_3(f) := rungs.reached(rungs.hitl(f), rungs.hitl_seen(f), "hitl", 4)

# ORC-5.1, L5: observations.kpis.human_intervention_rate at most 0.01 (runtime evidence).
orc_5_1(f) := rungs.runtime(f, "human_intervention_rate", false, 0.01)

# Memory controls (MEM-*) of the aiops-capability pack (seed 001; controls/aiops-capability/).
# A control at level N passes when its row's rung (aimm.models.aiops_capability.rungs) reaches N;
# the level-5 control needs a measurement of the running system (observations.kpis).
package aimm.models.aiops_capability.memory

import data.aimm.models.aiops_capability.rungs

results["MEM-1.1"] := mem_1_1(input)

results["MEM-1.2"] := mem_1_2(input)

results["MEM-2.1"] := mem_2_1(input)

results["MEM-2.2"] := mem_2_2(input)

results["MEM-2.3"] := mem_2_3(input)

results["MEM-3.1"] := mem_3_1(input)

results["MEM-3.2"] := mem_3_2(input)

results["MEM-3.3"] := mem_3_3(input)

results["MEM-4.1"] := mem_4_1(input)

results["MEM-4.2"] := mem_4_2(input)

results["MEM-4.3"] := mem_4_3(input)

results["MEM-5.1"] := mem_5_1(input)

results["MEM-5.2"] := mem_5_2(input)

# MEM-1.1, L1: memory across sessions (q5) reaches level 1.
mem_1_1(f) := rungs.reached(rungs.sessions(f), rungs.sessions_seen(f), "sessions", 1)

# MEM-1.2, L1: organisational knowledge (q6) reaches level 1.
mem_1_2(f) := rungs.reached(rungs.knowledge(f), rungs.knowledge_seen(f), "knowledge", 1)

# MEM-2.1, L2: memory across sessions (q5) reaches level 2.
mem_2_1(f) := rungs.reached(rungs.sessions(f), rungs.sessions_seen(f), "sessions", 2)

# MEM-2.2, L2: organisational knowledge (q6) reaches level 2.
mem_2_2(f) := rungs.reached(rungs.knowledge(f), rungs.knowledge_seen(f), "knowledge", 2)

# MEM-2.3, L2: personalisation reaches level 2.
mem_2_3(f) := rungs.reached(rungs.personalization(f), rungs.personalization_seen(f), "personalization", 2)

# MEM-3.1, L3: memory across sessions (q5) reaches level 3.
mem_3_1(f) := rungs.reached(rungs.sessions(f), rungs.sessions_seen(f), "sessions", 3)

# MEM-3.2, L3: organisational knowledge (q6) reaches level 3.
mem_3_2(f) := rungs.reached(rungs.knowledge(f), rungs.knowledge_seen(f), "knowledge", 3)

# MEM-3.3, L3: personalisation reaches level 3.
mem_3_3(f) := rungs.reached(rungs.personalization(f), rungs.personalization_seen(f), "personalization", 3)

# MEM-4.1, L4: memory across sessions (q5) reaches level 4.
mem_4_1(f) := rungs.reached(rungs.sessions(f), rungs.sessions_seen(f), "sessions", 4)

# MEM-4.2, L4: organisational knowledge (q6) reaches level 4.
mem_4_2(f) := rungs.reached(rungs.knowledge(f), rungs.knowledge_seen(f), "knowledge", 4)

# MEM-4.3, L4: personalisation reaches level 4.
mem_4_3(f) := rungs.reached(rungs.personalization(f), rungs.personalization_seen(f), "personalization", 4)

# MEM-5.1, L5: observations.kpis.self_improvement_rate at least 0.01 (runtime evidence).
mem_5_1(f) := rungs.runtime(f, "self_improvement_rate", true, 0.01)

# MEM-5.2, L5: organisational knowledge (q6) reaches level 5.
mem_5_2(f) := rungs.reached(rungs.knowledge(f), rungs.knowledge_seen(f), "knowledge", 5)

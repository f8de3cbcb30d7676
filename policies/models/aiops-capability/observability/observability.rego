# Observability controls (OBS-*) of the aiops-capability pack (seed 001; controls/aiops-capability/).
# A control at level N passes when its row's rung (aimm.models.aiops_capability.rungs) reaches N;
# the level-5 control needs a measurement of the running system (observations.kpis).
package aimm.models.aiops_capability.observability

import data.aimm.models.aiops_capability.rungs

results["OBS-1.1"] := obs_1_1(input)

results["OBS-1.2"] := obs_1_2(input)

results["OBS-2.1"] := obs_2_1(input)

results["OBS-2.2"] := obs_2_2(input)

results["OBS-3.1"] := obs_3_1(input)

results["OBS-3.2"] := obs_3_2(input)

results["OBS-4.1"] := obs_4_1(input)

results["OBS-4.2"] := obs_4_2(input)

results["OBS-5.1"] := obs_5_1(input)

# OBS-1.1, L1: request tracing (q3) reaches level 1.
obs_1_1(f) := rungs.reached(rungs.trace(f), rungs.trace_seen(f), "trace", 1)

# OBS-1.2, L1: output quality (q4) reaches level 1.
obs_1_2(f) := rungs.reached(rungs.quality(f), rungs.quality_seen(f), "quality", 1)

# OBS-2.1, L2: request tracing (q3) reaches level 2.
obs_2_1(f) := rungs.reached(rungs.trace(f), rungs.trace_seen(f), "trace", 2)

# OBS-2.2, L2: output quality (q4) reaches level 2.
obs_2_2(f) := rungs.reached(rungs.quality(f), rungs.quality_seen(f), "quality", 2)

# OBS-3.1, L3: request tracing (q3) reaches level 3.
obs_3_1(f) := rungs.reached(rungs.trace(f), rungs.trace_seen(f), "trace", 3)

# OBS-3.2, L3: output quality (q4) reaches level 3.
obs_3_2(f) := rungs.reached(rungs.quality(f), rungs.quality_seen(f), "quality", 3)

# OBS-4.1, L4: request tracing (q3) reaches level 4.
obs_4_1(f) := rungs.reached(rungs.trace(f), rungs.trace_seen(f), "trace", 4)

# OBS-4.2, L4: output quality (q4) reaches level 4.
obs_4_2(f) := rungs.reached(rungs.quality(f), rungs.quality_seen(f), "quality", 4)

# OBS-5.1, L5: observations.kpis.autonomous_resolution_rate at least 0.95 (runtime evidence).
obs_5_1(f) := rungs.runtime(f, "autonomous_resolution_rate", true, 0.95)

# Gateway controls (GWY-*) of the aiops-capability pack (seed 001; controls/aiops-capability/).
# A control at level N passes when its row's rung (aimm.models.aiops_capability.rungs) reaches N;
# the level-5 control needs a measurement of the running system (observations.kpis).
package aimm.models.aiops_capability.gateway

import data.aimm.models.aiops_capability.rungs

results["GWY-1.1"] := gwy_1_1(input)

results["GWY-1.2"] := gwy_1_2(input)

results["GWY-1.3"] := gwy_1_3(input)

results["GWY-2.1"] := gwy_2_1(input)

results["GWY-2.2"] := gwy_2_2(input)

results["GWY-2.3"] := gwy_2_3(input)

results["GWY-3.1"] := gwy_3_1(input)

results["GWY-3.2"] := gwy_3_2(input)

results["GWY-3.3"] := gwy_3_3(input)

results["GWY-4.1"] := gwy_4_1(input)

results["GWY-4.2"] := gwy_4_2(input)

results["GWY-4.3"] := gwy_4_3(input)

results["GWY-5.1"] := gwy_5_1(input)

# GWY-1.1, L1: the access path (q1) reaches level 1.
gwy_1_1(f) := rungs.reached(rungs.access(f), rungs.access_seen(f), "access", 1)

# GWY-1.2, L1: provider switching reaches level 1.
gwy_1_2(f) := rungs.reached(rungs.switch(f), rungs.switch_seen(f), "switch", 1)

# GWY-1.3, L1: outage handling (q2) reaches level 1.
gwy_1_3(f) := rungs.reached(rungs.fallback(f), rungs.fallback_seen(f), "fallback", 1)

# GWY-2.1, L2: the access path (q1) reaches level 2.
gwy_2_1(f) := rungs.reached(rungs.access(f), rungs.access_seen(f), "access", 2)

# GWY-2.2, L2: provider switching reaches level 2.
gwy_2_2(f) := rungs.reached(rungs.switch(f), rungs.switch_seen(f), "switch", 2)

# GWY-2.3, L2: outage handling (q2) reaches level 2.
gwy_2_3(f) := rungs.reached(rungs.fallback(f), rungs.fallback_seen(f), "fallback", 2)

# GWY-3.1, L3: the access path (q1) reaches level 3.
gwy_3_1(f) := rungs.reached(rungs.access(f), rungs.access_seen(f), "access", 3)

# GWY-3.2, L3: provider switching reaches level 3.
gwy_3_2(f) := rungs.reached(rungs.switch(f), rungs.switch_seen(f), "switch", 3)

# GWY-3.3, L3: outage handling (q2) reaches level 3.
gwy_3_3(f) := rungs.reached(rungs.fallback(f), rungs.fallback_seen(f), "fallback", 3)

# GWY-4.1, L4: the access path (q1) reaches level 4.
gwy_4_1(f) := rungs.reached(rungs.access(f), rungs.access_seen(f), "access", 4)

# GWY-4.2, L4: provider switching reaches level 4.
gwy_4_2(f) := rungs.reached(rungs.switch(f), rungs.switch_seen(f), "switch", 4)

# GWY-4.3, L4: outage handling (q2) reaches level 4.
gwy_4_3(f) := rungs.reached(rungs.fallback(f), rungs.fallback_seen(f), "fallback", 4)

# GWY-5.1, L5: observations.kpis.system_health_score at least 0.99 (runtime evidence).
gwy_5_1(f) := rungs.runtime(f, "system_health_score", true, 0.99)

# The tiny model's controls (catalog.yaml beside this file): functions of the facts document f,
# built on the core library like the default model's.
package aimm.models.tiny.checks

import data.aimm.core.lib

results["TLG-1.1"] := tlg_1_1(input)

results["TLG-2.1"] := tlg_2_1(input)

results["TTS-1.1"] := tts_1_1(input)

results["TTS-2.1"] := tts_2_1(input)

tlg_1_1(f) := lib.one_of(f, "visibility", ["dashboards"], {"per-team", "central"}, 1, "per-team or central")

tlg_2_1(f) := lib.true_fact(f, "visibility", ["tracing", "enabled"], 2)

tts_1_1(f) := lib.one_of(f, "evaluation", ["manual_review"], {"ad-hoc", "scheduled"}, 1, "ad-hoc or scheduled")

tts_2_1(f) := lib.true_fact(f, "evaluation", ["ci_gate", "blocking"], 2)

package aimm.models.tiny.checks

import data.aimm.core.lib

results["TLG-1.1"] := lib.outcome(lib.posture(input, "visibility", ["logs"], "none") != "none", "logs")

results["TLG-2.1"] := lib.outcome(lib.posture(input, "visibility", ["logs"], "none") == "centralized", "central logs")

results["TTS-1.1"] := lib.outcome(lib.posture(input, "evaluation", ["manual_review"], "none") != "none", "review")

results["TTS-2.1"] := lib.outcome(count(lib.posture(input, "evaluation", ["suites"], [])) > 0, "suites")

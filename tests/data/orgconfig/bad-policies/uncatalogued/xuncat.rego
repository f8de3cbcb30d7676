# A custom policy publishing a result (line 4) that no catalog file beside it describes.
package aimm.controls.xuncat

results["XU-1"] := {"pass": false, "message": "XU-1 has no catalog entry"}

"""Writes, into the directory given, masked.zspy and masked.hspy: a small deterministic Signal1D
(4 x 5 navigation, 6 channels) after HyperSpy 1.7.3's s.decomposition(output_dimension=3,
navigation_mask=..., signal_mask=...), and prints one JSON line with the masks given (flat, C
order of the array), the learning results' masks, factors and loadings as HyperSpy holds them, and
the data of s.get_decomposition_model(2) (flat, C order; NaN where masked), for
DecompositionLearningResultsTest to compare what DecompositionResult.fromLearningResults reads.

Run: /usr/bin/python3 make_masked_learning_results.py DIR
"""
import json
import os
import shutil
import sys

import numpy as np
import hyperspy.api as hs

out = sys.argv[1]
data = np.fromfunction(lambda y, x, e: np.sin(y + 1.5 * x) * (e + 1) + np.cos(2 * y - x) * (6 - e) ** 0.5
                       + 0.01 * ((7 * y + 3 * x + e) % 5), (4, 5, 6))
s = hs.signals.Signal1D(data)
s.metadata.General.title = "masked"
nav = np.zeros((4, 5), dtype=bool)  # array order (y, x)
nav[1, 2] = True
nav[3, 0] = True
sig = np.zeros(6, dtype=bool)
sig[4] = True
s.decomposition(output_dimension=3, navigation_mask=hs.signals.BaseSignal(nav).T, signal_mask=sig,
                print_info=False)
for name in ("masked.zspy", "masked.hspy"):
    path = os.path.join(out, name)
    if os.path.isdir(path):
        shutil.rmtree(path)
    s.save(path, overwrite=True)
lr = s.learning_results
print(json.dumps({
    "navigation_mask_given": nav.ravel().tolist(),
    "signal_mask_given": sig.ravel().tolist(),
    "navigation_mask": np.asarray(lr.navigation_mask).tolist(),
    "signal_mask": np.asarray(lr.signal_mask).tolist(),
    "factors": np.asarray(lr.factors).tolist(),
    "loadings": np.asarray(lr.loadings).tolist(),
    "model": np.asarray(s.get_decomposition_model(2).data).ravel().tolist(),
}))

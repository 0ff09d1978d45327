"""Writes, into the directory given, masked.zspy and masked.hspy: a small deterministic Signal1D
(4 x 5 navigation, 6 channels) after HyperSpy 1.7.3's s.decomposition(output_dimension=3,
navigation_mask=..., signal_mask=...), and prints one JSON line with the learning results'
navigation_mask, signal_mask and loadings as HyperSpy holds them (LearningResultsFilesTest
compares what it reads; the ml module has its own script for DecompositionResult).

HyperSpy stores the masks after unfolding, flat in C order of the array (20 and 6 elements here);
the navigation mask given as a signal of the navigation shape (array order 4 x 5) is not transposed.

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
nav = np.zeros((4, 5), dtype=bool)
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
    "navigation_mask": np.asarray(lr.navigation_mask).tolist(),
    "signal_mask": np.asarray(lr.signal_mask).tolist(),
    "loadings": np.asarray(lr.loadings).tolist(),
}))

"""Writes the golden files of LearningResultsGoldenTest with HyperSpy 1.7.3 (Debian python3-hyperspy).

A deterministic 4 x 5 navigation, 6-channel float64 Signal1D decomposed with HyperSpy's eager SVD
(output_dimension=3), saved as svd.zspy and svd.hspy; svd.json holds the learning results as
HyperSpy has them in memory, for the test to compare what it reads.

Run: /usr/bin/python3 make_learning_results.py (in this directory).
"""
import json
import shutil
import os

import numpy as np
import hyperspy.api as hs

data = np.fromfunction(lambda y, x, e: np.sin(y + 1.5 * x) * (e + 1) + np.cos(2 * y - x) * (6 - e) ** 0.5
                       + 0.01 * ((7 * y + 3 * x + e) % 5), (4, 5, 6))
s = hs.signals.Signal1D(data)
s.metadata.General.title = "golden"
s.decomposition(output_dimension=3)
for name in ("svd.zspy", "svd.hspy"):
    if os.path.isdir(name):
        shutil.rmtree(name)
    s.save(name, overwrite=True)
lr = s.learning_results
with open("svd.json", "w") as f:
    json.dump({
        "decomposition_algorithm": lr.decomposition_algorithm,
        "output_dimension": lr.output_dimension,
        "poissonian_noise_normalized": lr.poissonian_noise_normalized,
        "original_shape": list(lr.original_shape),
        "factors": np.asarray(lr.factors).tolist(),
        "loadings": np.asarray(lr.loadings).tolist(),
        "explained_variance": np.asarray(lr.explained_variance).tolist(),
        "explained_variance_ratio": np.asarray(lr.explained_variance_ratio).tolist(),
    }, f, indent=1)

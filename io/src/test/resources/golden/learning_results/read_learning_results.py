"""Prints, one JSON line per file given, s.learning_results as HyperSpy 1.7.3 loads them.

NaN is written as Python's json writes it (NaN); LearningResultsFilesTest compares the values.
The masks are printed with their type and dtype ("ndarray bool"; "NoneType" when None).
"""
import json
import sys

import numpy as np
import hyperspy.api as hs


def kind(a):
    return type(a).__name__ + (" " + a.dtype.name if isinstance(a, np.ndarray) else "")


for path in sys.argv[1:]:
    s = hs.load(path)
    lr = s.learning_results
    arrays = [lr.factors, lr.loadings, lr.explained_variance, lr.explained_variance_ratio]
    masks = [lr.navigation_mask, lr.signal_mask]
    print(json.dumps({
        "decomposition_algorithm": lr.decomposition_algorithm,
        "output_dimension": int(lr.output_dimension),
        "original_shape": [int(n) for n in lr.original_shape],
        "types": [type(a).__name__ for a in arrays],
        "factors": np.asarray(lr.factors).tolist(),
        "loadings": np.asarray(lr.loadings).tolist(),
        "explained_variance": np.asarray(lr.explained_variance).tolist(),
        "mask_types": [kind(m) for m in masks],
        "navigation_mask": None if lr.navigation_mask is None else np.asarray(lr.navigation_mask).tolist(),
        "signal_mask": None if lr.signal_mask is None else np.asarray(lr.signal_mask).tolist(),
    }))

"""Prints, one JSON line per file given, s.learning_results as HyperSpy 1.7.3 loads them.

NaN is written as Python's json writes it (NaN); LearningResultsFilesTest compares the values.
"""
import json
import sys

import numpy as np
import hyperspy.api as hs


for path in sys.argv[1:]:
    s = hs.load(path)
    lr = s.learning_results
    arrays = [lr.factors, lr.loadings, lr.explained_variance, lr.explained_variance_ratio]
    print(json.dumps({
        "decomposition_algorithm": lr.decomposition_algorithm,
        "output_dimension": int(lr.output_dimension),
        "original_shape": [int(n) for n in lr.original_shape],
        "types": [type(a).__name__ for a in arrays],
        "factors": np.asarray(lr.factors).tolist(),
        "loadings": np.asarray(lr.loadings).tolist(),
        "explained_variance": np.asarray(lr.explained_variance).tolist(),
    }))

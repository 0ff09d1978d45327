#!/usr/bin/python3
"""Loads .zspy files written by hyperflux's live writer with HyperSpy (1.7.3 on Debian) and
prints what it sees, for LiveZspyHyperSpyTest (complete and partial files must load with equal
data, axes and metadata).

usage: /usr/bin/python3 read_live_with_hyperspy.py FILE...

One JSON object per line and file: class, dtype, shape, data (C order), axes (array order), title,
signal_type, the Acquisition node (valid_frames as nested lists and its dtype) and
original_metadata.
"""
import json
import sys

import numpy as np
import hyperspy.api as hs

for path in sys.argv[1:]:
    s = hs.load(path)
    data = np.asarray(s.data)
    acq = s.metadata.Acquisition.as_dictionary()
    mask = acq.pop("valid_frames")
    d = {"class": type(s).__name__, "dtype": data.dtype.name, "shape": list(data.shape),
         "data": data.ravel().tolist(),
         "axes": [{"name": a.name, "units": a.units if isinstance(a.units, str) else None,
                   "navigate": bool(a.navigate), "size": int(a.size), "scale": float(a.scale),
                   "offset": float(a.offset)} for a in s.axes_manager._axes],
         "title": s.metadata.General.title, "signal_type": s.metadata.Signal.signal_type,
         "acquisition": {k: (v.item() if isinstance(v, np.generic) else v) for k, v in acq.items()},
         "mask_dtype": np.asarray(mask).dtype.name, "mask": np.asarray(mask).tolist(),
         "original_metadata": s.original_metadata.as_dictionary()}
    print(json.dumps(d))

"""Time HyperSpy 1.7 saving a lazily loaded file as .hspy; prints one JSON line.

usage: python3 hs_save.py IN OUT.hspy

The counterpart of `hyperflux convert IN OUT.hspy` for `hyperflux bench save`: HyperSpy's own
defaults (gzip level 4 with shuffle through h5py, the lazy signal's chunks), timed after the
import as ../shared/bench/hs_op.py times its operations.
"""
import json
import os
import resource
import sys
import time

import hyperspy.api as hs

hs.preferences.General.show_progressbar = False
src, dst = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
s = hs.load(src, lazy=True)
s.save(dst, overwrite=True)
wall = time.perf_counter() - t0
print(json.dumps({
    "op": "save_hspy",
    "file": os.path.basename(src.rstrip("/")),
    "wall_s": round(wall, 3),
    "bytes": os.path.getsize(dst),
    "chunks": [int(c) for c in s.data.chunksize],
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
}))

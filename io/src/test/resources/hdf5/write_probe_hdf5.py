#!/usr/bin/python3
"""Writes flux-core's memory-probe array as HDF5 datasets with h5py, for the HDF5 memory test and
read-speed measurements.

usage: write_probe_hdf5.py FILE N [M]

/data:        float32 (N, 512, 512) (N = 1024 gives 1 GiB), value = flat index mod 1024, chunks
              (16, 256, 256) (4 MiB), gzip level 1 with byte shuffle
/contiguous:  (only when M is given) the same values, float32 (M, 512, 512), contiguous, no filter

Both are written 16 frames at a time, so Python never holds a whole array. Prints
'bytes=<file size>'.
"""
import os
import sys

import h5py
import numpy as np

path, n = sys.argv[1], int(sys.argv[2])
m = int(sys.argv[3]) if len(sys.argv) > 3 else 0
frame = 512 * 512


def fill(d, frames):
    for i in range(0, frames, 16):
        k = min(16, frames - i)
        flat = (np.arange(k * frame, dtype=np.int64) + i * frame) % 1024
        d[i:i + k] = flat.astype(np.float32).reshape(k, 512, 512)


with h5py.File(path, "w") as f:
    fill(f.create_dataset("data", shape=(n, 512, 512), dtype="f4", chunks=(16, 256, 256),
                          compression="gzip", compression_opts=1, shuffle=True), n)
    if m:
        fill(f.create_dataset("contiguous", shape=(m, 512, 512), dtype="f4"), m)
print("bytes=%d" % os.path.getsize(path))

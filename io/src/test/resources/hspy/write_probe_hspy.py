#!/usr/bin/python3
"""Writes flux-core's memory-probe array as a .hspy file with HyperSpy (1.7.3 on Debian), for
io's .hspy memory test.

usage: write_probe_hspy.py FILE N

A lazy Signal2D of float32 (N, 512, 512) (N = 1024 gives 1 GiB; navigation axis 'frame', signal
axes 'y' and 'x'), value = flat index mod 1024, saved by HyperSpy's own writer (s.save) in chunks
(16, 256, 256) of 4 MiB, gzip level 1 with byte shuffle (HyperSpy's default filters at a faster
level). dask computes and stores it chunk by chunk, so Python never holds the whole array.
Prints 'bytes=<file size>'.
"""
import os
import sys

import dask.array as da
import numpy as np
import hyperspy.api as hs

path, n = sys.argv[1], int(sys.argv[2])
frame = 512 * 512


def block(block_info=None):
    (z0, z1), (y0, y1), (x0, x1) = block_info[None]["array-location"]
    z = np.arange(z0, z1, dtype=np.int64)[:, None, None]
    y = np.arange(y0, y1, dtype=np.int64)[None, :, None]
    x = np.arange(x0, x1, dtype=np.int64)[None, None, :]
    return ((z * frame + y * 512 + x) % 1024).astype(np.float32)


data = da.map_blocks(block, dtype=np.float32, chunks=((16,) * (n // 16) + ((n % 16,) if n % 16 else ()),
                                                      (256, 256), (256, 256)))
s = hs.signals.Signal2D(data).as_lazy()
s.metadata.General.title = "probe"
for ax, name in zip(s.axes_manager._axes, ["frame", "y", "x"]):
    ax.name = name
s.save(path, compression_opts=1, overwrite=True)
print("bytes=%d" % os.path.getsize(path))

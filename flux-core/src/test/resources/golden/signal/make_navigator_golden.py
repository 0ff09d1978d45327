#!/usr/bin/python3
"""Regenerate navigator_golden.txt, the golden compute_navigator results checked by
SignalNavigatorTest.

Run with Debian's interpreter, which carries HyperSpy 1.7.3:

    /usr/bin/python3 make_navigator_golden.py

Every signal is a LazySignal over a dask array with explicit chunks (the chunks decide which
signal-space slice compute_navigator sums). One record a line, fields separated by TAB; floats
are Python reprs; an error is written as "!" + the exception class name.

  sig  ID  DTYPE  ARRAYSHAPE  CHUNKS  NSIG  TITLE  AXES  ORIGINAL  VALUES
       an input signal: dask chunks per array axis ("2,2;2,1;..."), the last NSIG array axes
       are signal axes; axes in array order, each "NAME,SIZE,SCALE,OFFSET,NAVIGATE", or for a
       non-uniform axis "NAME,SIZE,values,V0|V1|...,NAVIGATE"; ORIGINAL is "-" or one
       "PATH=TEXT" string item of original_metadata; data in C order, space separated
  nav  ID  INDEX  CHUNKS_NUMBER  REPR  DTYPE  AXES  SUM_FROM  ORIGINAL_TREE  VALUES
       s.compute_navigator(index=INDEX, chunks_number=CHUNKS_NUMBER) with the Python literals
       given; then s.navigator's repr, dtype, axes (array order, "sig" format),
       repr(navigator.original_metadata.sum_from), the printed original_metadata tree with
       newlines written as the two characters "\\n", and the values in C order
  bal  SIZE  N  CHUNKS
       the chunks compute_navigator(chunks_number=N) uses along a signal axis of SIZE points:
       dask's rechunk(int(SIZE / N), balance=True), comma separated
"""
import logging

import dask
import dask.array as da
import numpy as np

from golden_common import as_chunked, axes_spec, failed, header, signal_class, values
from golden_common import write_golden

logging.disable(logging.CRITICAL)


def chunks_spec(chunks):
    return ";".join(",".join(str(c) for c in axis) for axis in chunks)


SIGNALS = {}
lines = [header(__file__, "dask %s" % dask.__version__)]


def sig(ident, data, chunks, nsig, title, axes, original=None):
    """axes: one dict per array axis (HyperSpy's axes dictionaries, 'navigate' included)."""
    s = as_chunked(signal_class(nsig)(data, axes=axes), chunks)
    s.metadata.General.title = title
    if original is not None:
        s.original_metadata.set_item(original[0], original[1])
    assert s.data.chunks == tuple(tuple(c) for c in chunks), (s.data.chunks, chunks)
    SIGNALS[ident] = s
    lines.append("\t".join([
        "sig", ident, str(data.dtype), ",".join(str(d) for d in data.shape),
        chunks_spec(s.data.chunks), str(nsig), title, axes_spec(s),
        "-" if original is None else "%s=%s" % original, values(data)]))


def nav(ident, index, chunks_number):
    s = SIGNALS[ident]
    s.navigator = None
    try:
        s.compute_navigator(index=eval(index), chunks_number=eval(chunks_number),
                            show_progressbar=False)
        n = s.navigator
        rec = [repr(n), str(n.data.dtype), axes_spec(n), repr(n.original_metadata.sum_from),
               repr(n.original_metadata).replace("\n", "\\n"), values(n.data)]
    except Exception as e:  # noqa: BLE001
        rec = failed(e, 5, "-")
    lines.append("\t".join(["nav", ident, index, chunks_number] + rec))


def uniform(name, size, scale, offset, navigate, units=None):
    d = {"name": name, "size": size, "scale": scale, "offset": offset, "navigate": navigate}
    if units is not None:
        d["units"] = units
    return d


# Signal2D (3, 4|5, 6) uint16, signal chunks x (2, 2, 1), y (4, 2); calibrated axes
a = ((np.arange(4 * 3 * 6 * 5) * 37) % 1000).astype("uint16").reshape(4, 3, 6, 5)
sig("u16", a, ((2, 2), (2, 1), (4, 2), (2, 2, 1)), 2, "scan",
    [uniform("y", 4, 0.5, 1.0, True, "nm"), uniform("x", 3, 2.0, -1.0, True, "nm"),
     uniform("ky", 6, 0.25, -0.75, False), uniform("kx", 5, 0.25, -0.5, False)],
    ("Acquisition.mode", "STEM"))
# Signal1D (3, 4|7) float32, signal chunks (3, 3, 1)
f = (np.arange(4 * 3 * 7) * 0.37 - 5.1).astype("float32").reshape(4, 3, 7)
sig("f32", f, ((2, 2), (2, 1), (3, 3, 1)), 1, "",
    [uniform("y", 4, 1.0, 0.0, True), uniform("x", 3, 1.0, 0.0, True),
     uniform("E", 7, 0.1, 100.0, False, "eV")])
# Signal2D (5|9, 7) int16 with negative values, irregular signal chunks y (3, 3, 1), x (4, 5)
i16 = (((np.arange(5 * 7 * 9) * 13) % 200) - 100).astype("int16").reshape(5, 7, 9)
sig("i16", i16, ((3, 2), (3, 3, 1), (4, 5)), 2, "stack",
    [uniform("t", 5, 1.0, 0.0, True), uniform("ky", 7, 1.0, 0.0, False),
     uniform("kx", 9, 1.0, 0.0, False)])
# Signal1D (2, 3, 2|5) uint8: three navigation axes
u8 = ((np.arange(2 * 3 * 2 * 5) * 11) % 256).astype("uint8").reshape(2, 3, 2, 5)
sig("u8", u8, ((1, 1), (2, 1), (2,), (2, 3)), 1, "cube",
    [uniform("z", 2, 1.0, 0.0, True), uniform("y", 3, 1.0, 0.0, True),
     uniform("x", 2, 1.0, 0.0, True), uniform("E", 5, 1.0, 0.0, False)])
# Signal2D (3|4, 4) bool: the sum counts True values as int64
b = (np.arange(3 * 4 * 4) % 3 == 0).reshape(3, 4, 4)
sig("bool", b, ((2, 1), (2, 2), (3, 1)), 2, "mask",
    [uniform("n", 3, 1.0, 0.0, True), uniform("ky", 4, 1.0, 0.0, False),
     uniform("kx", 4, 1.0, 0.0, False)])
# Signal1D (3|6) float64 on a non-uniform signal axis, chunks (2, 2, 2)
d = (np.arange(3 * 6) / 4.0 - 1.0).reshape(3, 6)
sig("f64nu", d, ((2, 1), (2, 2, 2)), 1, "nonuniform",
    [uniform("n", 3, 1.0, 0.0, True),
     {"name": "E", "axis": np.array([0.0, 0.5, 1.5, 3.0, 5.0, 7.5]), "navigate": False}])

CASES = [
    ("u16", "None", "None"),
    ("u16", "0", "None"),
    ("u16", "4", "None"),
    ("u16", "[4, 1]", "None"),
    ("u16", "[2, 4]", "None"),   # both on the first pixel of a chunk
    ("u16", "[1, 3]", "None"),   # both on the last pixel of a chunk
    ("u16", "[3, 5]", "None"),
    ("u16", "[0, 0]", "None"),
    ("u16", "0.0", "None"),      # calibrated: kx index 2, ky index 3
    ("u16", "[-0.5, 0.5]", "None"),
    ("u16", "[-0.375, -0.625]", "None"),  # values exactly between two pixels
    ("u16", "[-0.125, 0.125]", "None"),  # between pixels 1|2 and 3|4, on chunk boundaries
    ("u16", "[0.5, 2]", "None"),  # a float and an int
    ("u16", "None", "1"),
    ("u16", "None", "2"),
    ("u16", "None", "3"),
    ("u16", "None", "4"),
    ("u16", "None", "5"),
    ("u16", "None", "[1, 2]"),
    ("u16", "None", "(2, 3)"),
    ("u16", "[0, 5]", "3"),
    ("u16", "[4, 0]", "[2, 3]"),
    ("u16", "[3, 2]", "[3, 1]"),
    ("u16", "5", "None"),        # outside x
    ("u16", "-1", "None"),
    ("u16", "[0, 6]", "None"),   # outside y
    ("u16", "1.0", "None"),      # outside the calibrated kx axis
    ("u16", "None", "0"),
    ("u16", "None", "6"),
    ("f32", "None", "None"),
    ("f32", "0", "None"),
    ("f32", "6", "None"),
    ("f32", "3", "None"),
    ("f32", "2", "None"),
    ("f32", "100.25", "None"),   # between pixels 2 and 3
    ("f32", "100.6", "None"),
    ("f32", "None", "2"),
    ("f32", "None", "3"),
    ("f32", "None", "7"),
    ("f32", "6", "3"),
    ("f32", "7", "None"),
    ("f32", "99.9", "None"),
    ("i16", "None", "None"),
    ("i16", "[8, 0]", "None"),
    ("i16", "[3, 6]", "None"),
    ("i16", "None", "2"),
    ("i16", "None", "[3, 1]"),
    ("i16", "[8, 6]", "[4, 3]"),
    ("u8", "None", "None"),
    ("u8", "1", "None"),
    ("u8", "None", "2"),
    ("bool", "None", "None"),
    ("bool", "[0, 3]", "2"),
    ("f64nu", "None", "None"),
    ("f64nu", "2.0", "None"),
    ("f64nu", "6.0", "None"),
    ("f64nu", "0", "3"),
]

for case in CASES:
    nav(*case)

for size in range(1, 25):
    for n in range(1, size + 1):
        x = da.zeros(size, chunks=size)
        chunks = x.rechunk(int(size / n), balance=True).chunks[0]
        lines.append("\t".join(["bal", str(size), str(n), ",".join(str(c) for c in chunks)]))

write_golden("navigator_golden.txt", lines)

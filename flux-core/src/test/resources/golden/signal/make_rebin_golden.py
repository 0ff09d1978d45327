#!/usr/bin/python3
"""Regenerate rebin_golden.txt, the golden rebin and stack results checked by SignalRebinTest.

Run with Debian's interpreter, which carries HyperSpy 1.7.3:

    /usr/bin/python3 make_rebin_golden.py

One record a line, fields separated by TAB; floats are Python reprs (nan, inf); integers are
written as integers; an error is written as "!" + the exception class name. Every signal is made
lazy with as_lazy() before the operation and computed afterwards; where HyperSpy's lazy rebin
refuses (factors that do not divide the size), the eager signal is used and MODE says so.

  sig    ID  DTYPE  ARRAYSHAPE  NSIG  TITLE  AXIS;AXIS;...  UNITS  VALUES
         an input signal: axes in array order, each "NAME,SIZE,SCALE,OFFSET,NAVIGATE"; UNITS the
         units of each axis in array order, comma separated
  rebin  ID  KIND  ARGS  DTYPE_ARG  MODE  REPR  DTYPE  AXES  VALUES
         KIND "scale" is s.rebin(scale=ARGS), "shape" s.rebin(new_shape=ARGS), ARGS in natural
         order, comma separated; DTYPE_ARG is empty (None), "same" or a numpy dtype name; MODE is
         "lazy" or "eager"; REPR (of the lazy result), DTYPE, AXES (array order) and VALUES of the
         result
  stack  CASE  IDS  AXIS  REPR  DTYPE  AXES  UNITS  VALUES  TITLE  HISTORY_AXIS  STEP_SIZES  OM_KEYS
         hs.stack([signals IDS], axis=AXIS) (IDS comma separated; AXIS empty for None, an integer
         or a name); TITLE is metadata.General.title, HISTORY_AXIS and STEP_SIZES
         metadata._HyperSpy.Stacking_history (STEP_SIZES comma separated), OM_KEYS the top-level
         keys of original_metadata, comma separated
"""
import logging

import numpy as np

from golden_common import axes_spec, failed, header, hs, make, sig_record, token, values
from golden_common import write_golden

logging.disable(logging.WARNING)


def units(s):
    return ",".join("" if a.units is None or str(a.units) == "<undefined>" else str(a.units)
                    for a in s.axes_manager._axes)


def signals():
    u8 = ((np.arange(4 * 6 * 5) * 37 + 11) % 256).astype("uint8").reshape(4, 6, 5)
    u16 = ((np.arange(2 * 3 * 4 * 6) * 977 + 5) % 65536).astype("uint16").reshape(2, 3, 4, 6)
    i64 = (np.arange(6 * 4) * 13 % 29 - 14).astype("int64").reshape(6, 4)
    f32 = (np.sin(np.arange(4 * 6 * 6, dtype="float64")) * 100).astype("float32").reshape(4, 6, 6)
    f64 = np.cos(np.arange(3 * 8, dtype="float64") * 0.7).reshape(3, 8) * 1e3
    sp = np.array([1.5, -2.0, 4.25, 8.0], dtype="float32")
    return {
        # Signal1D (6, 4|5)
        "u8": make(u8, 1, "counts", [("y", 0.5, 1.0, "nm"), ("x", 2.0, -1.0, "nm"),
                                     ("E", 0.1, 0.25, "eV")]),
        # Signal2D (3, 2|6, 4)
        "u16": make(u16, 2, "frames", [("y", 1.0, 0.0, "um"), ("x", 1.5, 3.0, "um"),
                                       ("ky", 0.02, -0.04, "1/nm"), ("kx", 0.02, -0.06, "1/nm")]),
        # Signal1D (6|4)
        "i64": make(i64, 1, "ints", [("x", 3.0, 10.0, "s"), ("E", 1.0, 0.0, "eV")]),
        # Signal2D (4|6, 6)
        "f32": make(f32, 2, "images", [("t", 0.25, 0.0, "ms"), ("ky", 0.5, -1.5, "nm"),
                                       ("kx", 0.5, -1.5, "nm")]),
        # Signal1D (3|8), a negative scale
        "f64": make(f64, 1, "spectra", [("x", 1.0, 0.0, ""), ("E", -0.5, 100.0, "eV")]),
        # Signal1D (|4)
        "sp": make(sp, 1, "single", [("E", 0.1, 0.25, "eV")]),
        # stacking partners
        "a": make(np.arange(2 * 3 * 4, dtype="float32").reshape(2, 3, 4), 1, "A",
                  [("y", 0.5, 1.0, "nm"), ("x", 2.0, -1.0, "nm"), ("E", 0.1, 0.25, "eV")]),
        "b": make((np.arange(2 * 3 * 4) * 3).astype("uint16").reshape(2, 3, 4), 1, "B",
                  [("y", 0.7, 1.0, "nm"), ("x", 2.0, -1.0, "nm"), ("E", 0.1, 0.25, "eV")]),
        "c": make((np.arange(2 * 5 * 4) - 7).astype("int16").reshape(2, 5, 4), 1, "C",
                  [("y", 0.5, 1.0, "nm"), ("x", 3.0, 7.0, "um"), ("E", 0.1, 0.25, "eV")]),
        "d": make(np.arange(3 * 3 * 4, dtype="float32").reshape(3, 3, 4), 1, "D",
                  [("y", 0.5, 1.0, "nm"), ("x", 2.0, -1.0, "nm"), ("E", 0.1, 0.25, "eV")]),
        "e": make(np.arange(2 * 3 * 6, dtype="float32").reshape(2, 3, 6), 1, "E",
                  [("y", 0.5, 1.0, "nm"), ("x", 2.0, -1.0, "nm"), ("E", 0.1, 0.25, "eV")]),
        "n": make(np.arange(4 * 2, dtype="float64").reshape(4, 2), 0, "nav",
                  [("stack_element", 1.0, 0.0, ""), ("q", 1.0, 0.0, "")]),
    }


REBINS = [
    # uint8 Signal1D (6, 4|5): numpy's sum dtype, "same" (wraps), explicit dtypes
    ("u8", "scale", "2,2,5", ""), ("u8", "scale", "3,2,1", ""), ("u8", "scale", "1,1,5", ""),
    ("u8", "scale", "2,2,5", "same"), ("u8", "scale", "3,1,5", "uint16"),
    ("u8", "scale", "2,4,1", "float32"), ("u8", "scale", "1,1,1", ""),
    ("u8", "scale", "1,1,1", "same"), ("u8", "shape", "3,2,1", ""), ("u8", "shape", "2,1,5", "same"),
    # crop: factors that do not divide the size (HyperSpy: eager linear binning, float64)
    ("u8", "scale", "4,3,2", ""), ("u8", "scale", "4,3,2", "same"), ("u8", "scale", "5,1,1", ""),
    # bad input
    ("u8", "scale", "2,2", ""), ("u8", "scale", "7,1,1", ""), ("u8", "scale", "0,1,1", ""),
    ("u8", "shape", "4,4,5", ""), ("u8", "shape", "12,4,5", ""),
    # uint16 Signal2D (3, 2|6, 4): signal, navigation and both
    ("u16", "scale", "1,1,2,2", ""), ("u16", "scale", "3,2,1,1", ""), ("u16", "scale", "3,2,3,2", ""),
    ("u16", "scale", "1,1,6,4", "same"), ("u16", "shape", "1,1,3,2", ""),
    ("u16", "scale", "1,2,4,3", ""),
    # int64 Signal1D (6|4) with negative values
    ("i64", "scale", "2,2", ""), ("i64", "scale", "3,4", "same"), ("i64", "scale", "6,1", "int8"),
    ("i64", "scale", "4,3", ""),
    # float32 Signal2D (4|6, 6)
    ("f32", "scale", "2,3,2", ""), ("f32", "scale", "1,2,2", "same"), ("f32", "scale", "4,1,1", "float64"),
    ("f32", "scale", "3,4,4", ""), ("f32", "shape", "2,2,3", ""),
    # float64 Signal1D (3|8), negative scale
    ("f64", "scale", "1,2", ""), ("f64", "scale", "3,4", ""), ("f64", "scale", "3,8", "float32"),
    ("f64", "scale", "2,3", ""),
    # Signal1D (|4)
    ("sp", "scale", "2", ""), ("sp", "shape", "1", "same"),
]

STACKS = [
    ("two", "a,b", ""), ("three", "a,a,a", ""), ("single", "sp,sp,sp", ""), ("nav", "n,n", ""),
    ("x", "a,b", "x"), ("nat0", "a,c", "0"), ("nat1", "a,d", "1"), ("sigE", "a,e", "E"),
    ("nat2", "a,b", "2"), ("neg", "a,e", "-1"), ("one", "a", ""),
    ("bad", "a,d", ""), ("badsig", "a,e", ""), ("badaxis", "a,c", "y"), ("baddim", "a,sp", ""),
]


def dtype_arg(t):
    if t == "":
        return None
    if t == "same":
        return "same"
    return np.dtype(t)


def run_rebin(s, kind, args, dt):
    a = tuple(int(x) for x in args.split(","))
    if kind == "scale":
        return s.rebin(scale=a, dtype=dtype_arg(dt))
    return s.rebin(new_shape=a, dtype=dtype_arg(dt))


def main():
    sigs = signals()
    lines = [header(__file__)]
    for id_, s in sigs.items():
        lines.append(sig_record(id_, s, axes_spec(s), units(s)))
    for id_, kind, args, dt in REBINS:
        mode = "lazy"
        try:
            try:
                r = run_rebin(sigs[id_].as_lazy(), kind, args, dt)
            except NotImplementedError:
                mode = "eager"
                r = run_rebin(sigs[id_], kind, args, dt)
            computed = np.asarray(r.data.compute() if mode == "lazy" else r.data)
            fields = [mode, repr(r), str(computed.dtype), axes_spec(r), values(computed)]
        except Exception as e:  # noqa: BLE001
            fields = [mode] + failed(e, 3)
        lines.append("\t".join(["rebin", id_, kind, args, dt] + fields))
    for case, ids, axis in STACKS:
        try:
            r = hs.stack([sigs[i].as_lazy() for i in ids.split(",")],
                         axis=None if axis == "" else token(axis))
            computed = np.asarray(r.data.compute())
            md = r.metadata
            hist_axis = md.get_item("_HyperSpy.Stacking_history.axis", "")
            steps = md.get_item("_HyperSpy.Stacking_history.step_sizes", "")
            steps = ",".join(map(str, steps)) if isinstance(steps, list) else str(steps)
            fields = [repr(r), str(computed.dtype), axes_spec(r), units(r), values(computed),
                      md.General.title, str(hist_axis), steps,
                      ",".join(r.original_metadata.as_dictionary().keys())]
        except Exception as e:  # noqa: BLE001
            fields = failed(e, 8)
        lines.append("\t".join(["stack", case, ids, axis] + fields))
    write_golden("rebin_golden.txt", lines)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Regenerate signal_ops_golden.txt, the golden reductions, arithmetic and change_dtype results
checked by SignalOpsTest.

Run with Debian's interpreter, which carries HyperSpy 1.7.3:

    /usr/bin/python3 make_signal_ops_golden.py

One record a line, fields separated by TAB; floats are Python reprs (nan, inf); integers are
written as integers; an error is written as "!" + the exception class name. Every signal is made
lazy with as_lazy() before the operation and computed afterwards.

  sig  ID  DTYPE  ARRAYSHAPE  NSIG  TITLE  AXIS;AXIS;...  VALUES
       an input signal: data in C order (space separated), axes in array order, each
       "NAME,SIZE,SCALE,OFFSET,NAVIGATE" (NAVIGATE 1 or 0); the last NSIG axes are signal axes
  red  ID  FUNC  SELECTOR  REPR  DTYPE  AXES  VALUES
       getattr(s, FUNC)(axis) with SELECTOR "nav" (s.axes_manager.navigation_axes), "sig"
       (s.axes_manager.signal_axes), "name:A,B" (axis names) or "int:I,J" (HyperSpy's integer
       axes: index_in_axes_manager, the natural order, navigation x first); the result's repr,
       dtype, axes (array order, "sig" format) and values
  bin  ID  EXPR  REPR  DTYPE  AXES  VALUES
       eval(EXPR) with the signals bound to their IDs; same result fields
  cd   ID  DTYPE  REPR  DTYPE  AXES  VALUES
       a copy of ID after change_dtype(DTYPE)
"""
import numpy as np

from golden_common import axes_spec, failed, header, lazy_result_fields, make, sig_record
from golden_common import write_golden


FUNCS = ["sum", "mean", "min", "max", "std", "var",
         "nansum", "nanmean", "nanmin", "nanmax", "nanstd", "nanvar"]


def signals():
    im = np.arange(3 * 4 * 5 * 6).reshape(3, 4, 5, 6).astype("uint16")
    # different values, some below im so that uint16 subtraction wraps
    im2 = ((np.arange(3 * 4 * 5 * 6) * 7) % 50).reshape(3, 4, 5, 6).astype("uint16")
    sp = np.arange(3 * 4 * 7, dtype="float32").reshape(3, 4, 7) * np.float32(0.75)
    sp[0, 1, 2] = np.nan
    sp[2, 3, :] = np.nan
    sp[1, 2, 5] = np.nan
    im_axes = [("y", 0.5, 1.0), ("x", 2.0, -1.0), ("ky", 0.1, 0.25), ("kx", -0.5, 2.0)]
    out = {
        # Signal2D (4, 3|6, 5), uint16
        "im": make(im, 2, "scan", im_axes),
        "im2": make(im2, 2, "other", im_axes),
        # Signal1D (4, 3|7), float32 with NaN
        "sp": make(sp, 1, "spectra", [("y", 1.5, 0.0), ("x", 1.0, 3.0), ("E", 0.25, 100.0)]),
        # Signal1D (4, 3|6) float64, broadcast against a nav-less Signal2D (|6, 5)
        "line": make(np.arange(3 * 4 * 6, dtype="float64").reshape(3, 4, 6) - 20.0, 1, "line",
                     [("y", 0.5, 1.0), ("x", 2.0, -1.0), ("kx", -0.5, 2.0)]),
        # Signal1D (|6) int8 and a mismatched Signal1D (|5)
        "row": make(np.array([-3, 1, 4, -1, 5, 9], dtype="int8"), 1, "row",
                    [("kx", -0.5, 2.0)]),
        # fractional values: change_dtype to an integer truncates toward zero
        "frac": make(np.array([-2.7, -0.5, 0.5, 1.99, 3.2, -300.4]), 1, "frac",
                     [("k", 1.0, 0.0)]),
        "bad": make(np.arange(5, dtype="float64"), 1, "bad", [("k", 1.0, 0.0)]),
    }
    out["pat"] = out["im"].inav[1, 2]  # nav-less Signal2D (|6, 5)
    out["pat"].metadata.General.title = "pattern"
    return out


REDUCE_SELECTORS = {
    "im": ["nav", "sig", "name:kx", "name:y,kx", "name:x", "int:0", "int:1,3"],
    "sp": ["nav", "sig", "name:x", "int:1"],
}

EXPRS = [
    "im + 1", "im - 1", "im * 2", "im * 2.5", "im / 2", "im / 2.5", "im + 70000",
    "im - im2", "im + im2", "im * im2", "im / im2", "im - pat", "pat - im", "pat * 0.5",
    "sp + 1", "sp * 2.5", "sp / 3", "sp - sp", "line - pat", "pat + line",
    "line * row", "row - line", "row + 200", "row * 2", "im - bad", "line + im",
]

# NaN to an integer dtype is left out: numpy calls it undefined (x86-64 gives INT_MIN)
DTYPES = [("im", "float32"), ("im", "int8"), ("im", "float64"), ("line", "int16"),
          ("line", "int32"), ("sp", "float64"), ("row", "uint8"), ("line", "float32"),
          ("frac", "int16"), ("frac", "int64"), ("frac", "float32")]


def main():
    sigs = signals()
    lines = [header(__file__)]
    for id_, s in sigs.items():
        lines.append(sig_record(id_, s, axes_spec(s)))
    lazy = {k: v.as_lazy() for k, v in sigs.items()}
    for id_, selectors in REDUCE_SELECTORS.items():
        s = lazy[id_]
        for func in FUNCS:
            for sel in selectors:
                if sel == "nav":
                    axis = s.axes_manager.navigation_axes
                elif sel == "sig":
                    axis = s.axes_manager.signal_axes
                else:
                    kind, rest = sel.split(":")
                    items = rest.split(",")
                    axis = tuple(int(i) if kind == "int" else i for i in items)
                    if len(axis) == 1:
                        axis = axis[0]
                try:
                    fields = lazy_result_fields(getattr(s, func)(axis))
                except Exception as e:  # noqa: BLE001
                    fields = failed(e, 3)
                lines.append("\t".join(["red", id_, func, sel] + fields))
    for expr in EXPRS:
        try:
            fields = lazy_result_fields(eval(expr, {}, dict(lazy)))
        except Exception as e:  # noqa: BLE001
            fields = failed(e, 3)
        lines.append("\t".join(["bin", expr.split()[0], expr] + fields))
    for id_, dtype in DTYPES:
        c = lazy[id_].deepcopy()
        c.change_dtype(dtype)
        lines.append("\t".join(["cd", id_, dtype] + lazy_result_fields(c)))
    write_golden("signal_ops_golden.txt", lines)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Regenerate argmax_golden.txt, the golden indexmax/indexmin/valuemax/valuemin results checked by
SignalArgReductionsTest.

Run with Debian's interpreter, which carries HyperSpy 1.7.3:

    /usr/bin/python3 make_argmax_golden.py

One record a line, fields separated by TAB; floats are Python reprs (nan, inf); integers are
written as integers; an error is written as "!" + the exception class name. Every operation runs
on the signal made lazy with as_lazy() (the recorded repr is the lazy one) and on the signal in
memory; the script checks that both give the same values, dtype and axes.

  sig  ID  DTYPE  ARRAYSHAPE  NSIG  TITLE  AXIS;AXIS;...  VALUES
       an input signal: data in C order (space separated), axes in array order, each
       "NAME,SIZE,NAVIGATE,CAL" with NAVIGATE 1 or 0 and CAL either "u:SCALE:OFFSET" (a uniform
       axis) or "v:V0:V1:..." (a non-uniform axis and its values); the last NSIG axes are signal
       axes
  arg  ID  FUNC  SELECTOR  REPR  DTYPE  TITLE  AXES  VALUES
       getattr(s, FUNC)(axis) with SELECTOR "int:I" (HyperSpy's integer axis: the natural order,
       navigation x first, negative from the end) or "name:A"; the result's repr, dtype, title,
       axes (array order, "sig" format) and values
"""
import numpy as np

from golden_common import axes_spec, failed, fmt_float, header, hs, sig_record, signal_class
from golden_common import values, write_golden

FUNCS = ["indexmax", "indexmin", "valuemax", "valuemin"]


def axis_spec(a):
    if a.is_uniform:
        cal = "u:%s:%s" % (fmt_float(a.scale), fmt_float(a.offset))
    else:
        cal = "v:" + ":".join(fmt_float(v) for v in a.axis)
    return "%s,%d,%d,%s" % (a.name, a.size, int(a.navigate), cal)


def make(data, nsig, title, axes):
    """axes: per array axis, (name, scale, offset) or (name, values) for a non-uniform axis."""
    dicts = []
    for i, ax in enumerate(axes):
        d = {"name": ax[0], "navigate": i < data.ndim - nsig}
        if len(ax) == 2:
            d["axis"] = np.asarray(ax[1], dtype="float64")
        else:
            d.update(size=data.shape[i], scale=ax[1], offset=ax[2])
        dicts.append(d)
    s = signal_class(nsig)(data, axes=dicts)
    s.metadata.General.title = title
    return s


def signals():
    # Signal1D (4, 3|7) float32: many ties (values 0..4), NaN in some lines, one all-NaN line
    sp = ((np.arange(3 * 4 * 7) * 7) % 5).astype("float32").reshape(3, 4, 7)
    sp[0, 1, 4] = np.nan
    sp[0, 1, 6] = np.nan
    sp[2, 3, :] = np.nan
    sp[1, :, 2] = np.nan
    sp[2, 0, 0] = -np.inf
    sp[2, 1, 5] = np.inf
    # Signal2D (4, 3|6, 5) int8 with ties and the extremes
    im = (((np.arange(3 * 4 * 5 * 6) * 13) % 11) - 5).astype("int8").reshape(3, 4, 5, 6)
    im[0, 0, 1, 1] = 127
    im[0, 0, 3, 2] = 127
    im[1, 2, 0, 0] = -128
    im[2, 3, 4, 5] = -128
    # Signal1D (3|5) uint64 around 2^63 (unsigned comparison)
    big = (np.arange(15, dtype="uint64") * 7 % 5).reshape(3, 5) + np.uint64(2 ** 63 - 2)
    big[1, 3] = np.uint64(2 ** 64 - 1)
    big[2, 0] = np.uint64(0)
    # Signal1D (4|6) bool
    flags = (np.arange(24).reshape(4, 6) % 5 == 3)
    flags[3, :] = True
    # Signal1D (3, 4|6) float64 with a non-uniform navigation axis x and signal axis E
    nu = ((np.arange(4 * 3 * 6) * 5) % 7).astype("float64").reshape(4, 3, 6) - 2.5
    nu[1, 1, 3] = np.nan
    nu[3, 0, :] = 1.0
    # Signal1D (|5): the only axis is removed
    line = np.array([1.5, -2.0, 7.25, 7.25, 0.0])
    return {
        "sp": make(sp, 1, "spectra", [("y", 1.5, 0.0), ("x", 1.0, 3.0), ("E", 0.25, 100.0)]),
        "im": make(im, 2, "scan", [("y", 0.5, 1.0), ("x", 2.0, -1.0), ("ky", 0.1, 0.25),
                                   ("kx", -0.5, 2.0)]),
        "big": make(big, 1, "counts", [("x", 1.0, 0.0), ("t", 0.1, -0.3)]),
        "flags": make(flags, 1, "flags", [("x", 2.0, 1.0), ("k", 1.0, 5.0)]),
        "nu": make(nu, 1, "non-uniform", [("y", 0.5, -1.0), ("x", [0.5, 1.25, 3.0]),
                                          ("E", [-2.0, -1.5, 0.0, 0.1, 2.5, 10.0])]),
        "line": make(line, 1, "line", [("E", 0.3, 0.1)]),
    }


SELECTORS = {
    "sp": ["int:-1", "int:0", "int:1", "int:2", "name:E", "name:x", "name:y", "int:3", "int:-4",
           "name:nope"],
    "im": ["int:0", "int:1", "int:2", "int:3", "name:kx", "name:y"],
    "big": ["int:0", "int:1"],
    "flags": ["int:0", "int:1"],
    "nu": ["int:0", "int:1", "int:2", "name:E", "name:x"],
    "line": ["int:0"],
}


def result_fields(r):
    return [repr(r), str(r.data.dtype), r.metadata.General.title, axes_spec(r, axis_spec),
            values(np.asarray(r.data))]


def apply(s, func, sel):
    kind, item = sel.split(":")
    return getattr(s, func)(int(item) if kind == "int" else item)


def main():
    sigs = signals()
    lines = [header(__file__)]
    for id_, s in sigs.items():
        lines.append(sig_record(id_, s, axes_spec(s, axis_spec)))
    for id_, selectors in SELECTORS.items():
        for func in FUNCS:
            for sel in selectors:
                try:
                    lazy = apply(sigs[id_].as_lazy(), func, sel)
                    eager = apply(sigs[id_], func, sel)
                    fields = result_fields(lazy)
                    assert fields[1:] == result_fields(eager)[1:], (id_, func, sel)
                except AssertionError:
                    raise
                except Exception as e:  # noqa: BLE001
                    fields = failed(e, 4)
                lines.append("\t".join(["arg", id_, func, sel] + fields))
    write_golden("argmax_golden.txt", lines)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Regenerate signal_golden.txt, the golden signal reprs and inav/isig results checked by
SignalTest.

Run with Debian's interpreter, which carries HyperSpy 1.7.3:

    /usr/bin/python3 make_signal_golden.py

One record a line, fields separated by TAB; floats are Python reprs; an error is written as
"!" + the exception class name.

  repr  ARRAYSHAPE  NSIG  LAZY  TITLE  REPR
        a signal of zeros with data shape ARRAYSHAPE (C order) whose last NSIG axes are signal
        axes, made lazy when LAZY is 1, titled TITLE: repr(s)
  sig   ID  ARRAYSHAPE  NSIG  AXIS;AXIS;...
        a float64 signal holding arange(prod(ARRAYSHAPE)) with the given axes in array order, each
        "u,SIZE,SCALE,OFFSET" (uniform) or "n,V0 V1 ..." (non-uniform)
  sel   ID  inav|isig  SELECTOR  REPR|!ERR  AXES  VALUES
        s.inav[SELECTOR] / s.isig[SELECTOR] (Python syntax): the repr of the result, its axes in
        array order in the "sig" format (uniform axes: "u,SIZE,SCALE,OFFSET"), and its data values
        (C order, space separated)
"""
import numpy as np

from golden_common import axes_spec, failed, fmt_float, header, hs, signal_class, values
from golden_common import write_golden
from hyperspy.axes import UniformDataAxis

REPRS = [
    ((1024,), 1, False, ""),
    ((1024,), 1, True, ""),
    ((128, 128, 256, 256), 2, True, "scan"),
    ((128, 128, 256, 256), 2, False, "scan"),
    ((3, 4, 16), 1, True, "EELS map"),
    ((3, 4, 16), 1, False, "with, comma"),
    ((2, 3, 4), 3, False, "cube"),
    ((2, 3, 4), 3, True, "cube"),
    ((2, 3, 4), 0, False, ""),
    ((2, 3, 4), 0, True, "nav only"),
    ((5, 6), 2, True, ""),
    ((7, 5, 6), 2, False, "t"),
]

SIGNALS = {
    # nav y, nav x, sig E
    "sp": ((2, 3, 10), 1, ["u,2,0.5,1.0", "u,3,2.0,-1.0", "u,10,0.1,0.25"]),
    # nav, sig y, sig x (negative scale)
    "im": ((4, 5, 6), 2, ["u,4,1.5,0.5", "u,5,0.2,-0.3", "u,6,-0.5,2.0"]),
    # uniform nav, non-uniform sig
    "nu": ((3, 7), 1, ["u,3,1.0,0.0", "n,0.0 0.5 1.5 3.0 5.0 7.5 10.0"]),
    # a single axis
    "one": ((10,), 1, ["u,10,0.5,1.0"]),
}

SELECTIONS = {
    "sp": [
        ("inav", "1"), ("inav", "-1"), ("inav", "3"), ("inav", "-4"), ("inav", "1, 0"),
        ("inav", "1.0"), ("inav", "0.0"), ("inav", "2.0, 1.5"), ("inav", "4.0"), ("inav", "-2.5"),
        ("inav", "6.0"), ("inav", "1:3"), ("inav", ":, 1:"), ("inav", "::2"), ("inav", "::-1"),
        ("inav", "-1.0:3.0"), ("inav", "::3.0"), ("inav", "::5.0"), ("inav", "0, ::-1"),
        ("inav", "1, 0, 0"),
        ("isig", "3"), ("isig", "0.55"), ("isig", "0.3"), ("isig", "0.2"), ("isig", "1.2"),
        ("isig", "1.25"), ("isig", "0.3:0.8"), ("isig", "0.3:0.8:2"), ("isig", "2:8:3"),
        ("isig", "-3:"), ("isig", ":-2"), ("isig", "8:2:-2"), ("isig", "0.0:5.0"),
        ("isig", "5.0:"), ("isig", ":0.0"), ("isig", "::0.2"), ("isig", "0.5:0.3"),
        ("isig", "2:0.9"), ("isig", "10"),
    ],
    "im": [
        ("isig", "1"), ("isig", "1, 2"), ("isig", "1.5, 0.1"), ("isig", "0.0:1.5"),
        ("isig", "1.5:0.0"), ("isig", ":, 0.0:0.5"), ("isig", "::2, ::-2"), ("isig", "3.0"),
        ("inav", "2.0"), ("inav", "1:3"), ("inav", "1.9:5.0"), ("inav", "2"),
    ],
    "nu": [
        ("isig", "1.5"), ("isig", "2.0"), ("isig", "2.25"), ("isig", "1.0:6.0"),
        ("isig", "::2"), ("isig", "2:6"), ("isig", "11.0"), ("isig", "-1.0"), ("isig", "-1.0:4.0"),
        ("isig", "::2.0"), ("inav", "1"),
    ],
    "one": [
        ("isig", "3"), ("isig", "-1"), ("isig", "2.5"), ("isig", "10"), ("isig", "1.0:3.0"),
        ("isig", "::3"), ("isig", "6.0"),
    ],
}


def make_axis(spec, navigate):
    kind, rest = spec.split(",", 1)
    if kind == "u":
        size, scale, offset = rest.split(",")
        return {"size": int(size), "scale": float(scale), "offset": float(offset),
                "navigate": navigate}
    return {"axis": np.array([float(v) for v in rest.split(" ")]), "navigate": navigate}


def make_signal(shape, nsig, specs):
    data = np.arange(int(np.prod(shape)), dtype=float).reshape(shape)
    axes = [make_axis(spec, i < len(shape) - nsig) for i, spec in enumerate(specs)]
    return signal_class(nsig)(data, axes=axes)


def axis_spec(axis):
    if isinstance(axis, UniformDataAxis):
        return "u,%d,%s,%s" % (axis.size, fmt_float(axis.scale), fmt_float(axis.offset))
    return "n," + " ".join(fmt_float(v) for v in axis.axis)


def main():
    lines = [header(__file__)]
    for shape, nsig, lazy, title in REPRS:
        s = hs.signals.BaseSignal(np.zeros(shape)).transpose(signal_axes=nsig)
        if lazy:
            s = s.as_lazy()
        s.metadata.General.title = title
        lines.append("\t".join(["repr", ",".join(map(str, shape)), str(nsig), str(int(lazy)),
                                title, repr(s)]))
    for id_, (shape, nsig, specs) in SIGNALS.items():
        lines.append("\t".join(["sig", id_, ",".join(map(str, shape)), str(nsig),
                                ";".join(specs)]))
        s = make_signal(shape, nsig, specs)
        for which, sel in SELECTIONS[id_]:
            try:
                r = eval("s.%s[%s]" % (which, sel))
                fields = [repr(r), axes_spec(r, axis_spec), values(r.data)]
            except Exception as e:  # noqa: BLE001
                fields = failed(e, 2)
            lines.append("\t".join(["sel", id_, which, sel] + fields))
    write_golden("signal_golden.txt", lines)


if __name__ == "__main__":
    main()

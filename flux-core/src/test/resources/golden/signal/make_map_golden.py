#!/usr/bin/python3
"""Regenerate map_golden.txt, the golden results of BaseSignal.map checked by SignalMapTest.

Run with Debian's interpreter, which carries HyperSpy 1.7.3:

    /usr/bin/python3 make_map_golden.py

One record a line, fields separated by TAB; floats are Python reprs (nan, inf); integers are
written as integers. Every signal is made lazy with as_lazy() and mapped with
map(FUNCTION, inplace=False), so that HyperSpy guesses the output signal shape and dtype from the
first signal (the path SignalMapper takes); the result is computed afterwards.

  sig  ID  DTYPE  ARRAYSHAPE  NSIG  TITLE  AXES  VALUES
       an input signal: numpy dtype, array shape (comma separated), number of signal axes,
       title, axes in array order (each "NAME,UNITS,SIZE,SCALE,OFFSET,NAVIGATE", ";"
       separated; "<undefined>" for an unset name or units), values in C order
  map  ID  FUNCTION  OUTSHAPE  REPR  DTYPE  AXES  VALUES
       ID.map(FUNCTION): OUTSHAPE is the output signal shape HyperSpy guessed (array order,
       comma separated, empty for a scalar), then the repr, dtype, axes and values of the result.
       FUNCTION is one of FUNCTIONS below (the Java test implements each the same way).
"""
import numpy as np

from golden_common import axes_spec, fmt_float, header, make, sig_record, values, write_golden

FUNCTIONS = {
    # a scalar per signal, numpy's sum dtype (uint16 -> uint64)
    "sum": lambda d: np.sum(d),
    # the same shape and dtype (numpy's value-based casting keeps uint16)
    "double": lambda d: d * 2,
    # the same shape, another dtype
    "tofloat32": lambda d: d.astype(np.float32),
    # the sum over the first array axis: a profile from a frame, a scalar from a spectrum
    "colsum": lambda d: d.sum(axis=0),
    # the first three values as float32: 1D of another length
    "head3": lambda d: d.ravel()[:3].astype(np.float32),
    # a 2x3 float64 image from the first values: 2D from anything
    "outer": lambda d: np.outer(d.ravel()[:2], d.ravel()[:3]).astype(np.float64),
    # a 2x3x4 float64 volume filled with the first value
    "cube": lambda d: np.ones((2, 3, 4)) * d.ravel()[0],
}


def axis_spec(a):
    return "%s,%s,%d,%s,%s,%d" % (a.name, a.units, a.size, fmt_float(a.scale),
                                  fmt_float(a.offset), int(a.navigate))


def signals():
    im = ((np.arange(3 * 4 * 5 * 6) * 7) % 50).reshape(3, 4, 5, 6).astype("uint16")
    sp = (np.sin(np.arange(3 * 4 * 7, dtype="float64")) * 10).astype("float32").reshape(3, 4, 7)
    return {
        # Signal2D (4, 3|6, 5)
        "im": make(im, 2, "scan", [("y", 0.5, 1.0, "nm"), ("x", 2.0, -1.0, "nm"),
                                   ("ky", 0.1, 0.25, "1/nm"), ("kx", -0.5, 2.0, "1/nm")]),
        # Signal1D (4, 3|7)
        "sp": make(sp, 1, "spectra", [("y", 1.5, 0.0, "nm"), ("x", 1.0, 3.0, "nm"),
                                      ("E", 0.25, 100.0, "eV")]),
        # Signal1D (|6): no navigation axes, the function runs once
        "one": make(np.array([1.0, 4.0, -2.0, 8.5, 3.0, 0.25], dtype="float32"), 1, "single",
                    [("E", 0.5, -1.0, "eV")]),
    }


def main():
    sigs = signals()
    lines = [header(__file__)]
    for id_, s in sigs.items():
        lines.append(sig_record(id_, s, axes_spec(s, axis_spec)))
    for id_, s in sigs.items():
        first = np.asarray(s.data[(0,) * s.axes_manager.navigation_dimension])
        for name, f in FUNCTIONS.items():
            r = s.as_lazy().map(f, inplace=False, show_progressbar=False)
            out_shape = np.asarray(f(first)).shape
            computed = np.asarray(r.data.compute())
            lines.append("\t".join(["map", id_, name, ",".join(map(str, out_shape)), repr(r),
                                    str(r.data.dtype), axes_spec(r, axis_spec), values(computed)]))
    write_golden("map_golden.txt", lines)


if __name__ == "__main__":
    main()

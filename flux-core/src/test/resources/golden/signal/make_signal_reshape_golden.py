#!/usr/bin/python3
"""Regenerate signal_reshape_golden.txt, the golden transpose / T / as_signal1D / as_signal2D,
diff and integrate1D results checked by SignalReshapeTest.

Run with Debian's interpreter, which carries HyperSpy 1.7.3:

    /usr/bin/python3 make_signal_reshape_golden.py

One record a line, fields separated by TAB; floats are Python reprs (nan, inf); integers are
written as integers; an error is written as "!" + the exception class name. Every signal is made
lazy with as_lazy() before the operation and computed afterwards.

  sig  ID  DTYPE  ARRAYSHAPE  NSIG  TITLE  AXIS;AXIS;...  VALUES
       an input signal, as in signal_ops_golden.txt (axes in array order, each
       "NAME,SIZE,SCALE,OFFSET,NAVIGATE")
  op   ID  KIND  ARG1  ARG2  REPR  DTYPE  AXES  VALUES  COMPUTED_DTYPE
       KIND and its arguments (an axis token is a natural index when it is an integer, else a
       name; a list is comma separated; an empty ARG2 is None):
         T                 s.T
         tsig  N           s.transpose(signal_axes=N)
         tnav  N           s.transpose(navigation_axes=N)
         tlist SIG  NAV    s.transpose(signal_axes=[SIG...], navigation_axes=[NAV...] or None)
         tnavlist NAV      s.transpose(navigation_axes=[NAV...])
         s1    AX          s.as_signal1D(AX)
         s2    AX,AX       s.as_signal2D((AX, AX))
         diff  AX  ORDER   s.diff(AX, order=ORDER)
         int   AX          s.integrate1D(AX)
       REPR, DTYPE (the lazy result's declared dtype), AXES (array order) and VALUES of the
       result, and COMPUTED_DTYPE, the dtype of the computed data (HyperSpy's lazy
       integrate_simpson declares the input dtype but computes float64).
"""
import numpy as np

from golden_common import axes_spec, failed, header, make, sig_record, token, values
from golden_common import write_golden


def signals():
    # uint16 values that go up and down, so that diff wraps around
    im = ((np.arange(3 * 4 * 5 * 6) * 7) % 50).reshape(3, 4, 5, 6).astype("uint16")
    sp = (np.sin(np.arange(3 * 4 * 7, dtype="float64")) * 10).astype("float32").reshape(3, 4, 7)
    return {
        # Signal2D (4, 3|6, 5)
        "im": make(im, 2, "scan", [("y", 0.5, 1.0), ("x", 2.0, -1.0), ("ky", 0.1, 0.25),
                                   ("kx", -0.5, 2.0)]),
        # Signal1D (4, 3|7)
        "sp": make(sp, 1, "spectra", [("y", 1.5, 0.0), ("x", 1.0, 3.0), ("E", 0.25, 100.0)]),
        # Signal1D (|6): an even number of points for Simpson's rule
        "ev": make(np.array([1.0, 4.0, -2.0, 8.5, 3.0, 0.25], dtype="float32"), 1, "even",
                   [("E", 0.5, -1.0)]),
        # Signal1D (|2)
        "two": make(np.array([3, 9], dtype="uint16"), 1, "two", [("E", 2.0, 1.0)]),
    }


OPS = [
    ("im", "T", "", ""), ("sp", "T", "", ""),
    ("im", "tsig", "0", ""), ("im", "tsig", "1", ""), ("im", "tsig", "3", ""),
    ("im", "tsig", "4", ""), ("im", "tsig", "5", ""),
    ("sp", "tsig", "2", ""),
    ("im", "tnav", "0", ""), ("im", "tnav", "1", ""), ("im", "tnav", "3", ""),
    ("im", "tlist", "0,2", ""), ("im", "tlist", "3,1", ""), ("im", "tlist", "kx,y", ""),
    ("im", "tlist", "1,3", "2,0"), ("im", "tlist", "x", "ky,kx,y"), ("im", "tlist", "-1", ""),
    ("im", "tlist", "1,1", ""), ("im", "tlist", "0,1", "1,2"), ("im", "tlist", "0", "1"),
    ("im", "tlist", "nope", ""), ("im", "tlist", "4", ""),
    ("im", "tnavlist", "2,0", ""), ("sp", "tnavlist", "E", ""),
    ("im", "s1", "0", ""), ("im", "s1", "ky", ""), ("im", "s1", "-1", ""), ("sp", "s1", "1", ""),
    ("sp", "s1", "E", ""),
    ("im", "s2", "0,1", ""), ("im", "s2", "1,0", ""), ("im", "s2", "kx,x", ""),
    ("sp", "s2", "0,2", ""), ("sp", "s2", "E,y", ""), ("two", "s2", "0,0", ""),
    ("im", "diff", "kx", "1"), ("im", "diff", "0", "1"), ("im", "diff", "ky", "2"),
    ("im", "diff", "y", "1"), ("im", "diff", "2", "3"), ("im", "diff", "kx", "0"),
    ("sp", "diff", "E", "1"), ("sp", "diff", "E", "3"), ("sp", "diff", "x", "2"),
    ("ev", "diff", "0", "1"), ("two", "diff", "E", "1"), ("im", "diff", "nope", "1"),
    ("sp", "int", "E", ""), ("sp", "int", "x", ""), ("sp", "int", "0", ""),
    ("im", "int", "kx", ""), ("im", "int", "ky", ""), ("im", "int", "y", ""),
    ("ev", "int", "E", ""), ("two", "int", "0", ""), ("im", "int", "nope", ""),
]


def tokens(text):
    return [token(t) for t in text.split(",")]


def run(s, kind, a1, a2):
    if kind == "T":
        return s.T
    if kind == "tsig":
        return s.transpose(signal_axes=int(a1))
    if kind == "tnav":
        return s.transpose(navigation_axes=int(a1))
    if kind == "tlist":
        return s.transpose(signal_axes=tokens(a1),
                           navigation_axes=tokens(a2) if a2 else None)
    if kind == "tnavlist":
        return s.transpose(navigation_axes=tokens(a1))
    if kind == "s1":
        return s.as_signal1D(token(a1))
    if kind == "s2":
        return s.as_signal2D(tuple(tokens(a1)))
    if kind == "diff":
        return s.diff(token(a1), order=int(a2))
    if kind == "int":
        return s.integrate1D(token(a1))
    raise ValueError(kind)


def main():
    sigs = signals()
    lines = [header(__file__)]
    for id_, s in sigs.items():
        lines.append(sig_record(id_, s, axes_spec(s)))
    for id_, kind, a1, a2 in OPS:
        s = sigs[id_].as_lazy()
        try:
            r = run(s, kind, a1, a2)
            computed = np.asarray(r.data.compute())
            fields = [repr(r), str(r.data.dtype), axes_spec(r), values(computed),
                      str(computed.dtype)]
        except Exception as e:  # noqa: BLE001
            fields = failed(e, 4)
        lines.append("\t".join(["op", id_, kind, a1, a2] + fields))
    write_golden("signal_reshape_golden.txt", lines)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Regenerate roi_golden.txt, the golden RectangularROI and CircleROI results checked by RoiTest.

Run with Debian's interpreter, which carries HyperSpy 1.7.3:

    /usr/bin/python3 make_roi_golden.py

One record a line, fields separated by TAB; floats are Python reprs (nan, inf); integers are
written as integers; an error is written as "!" + the exception class name. Every signal is made
lazy with as_lazy() before the ROI is applied and the result is computed afterwards.

  sig  ID  DTYPE  ARRAYSHAPE  NSIG  TITLE  AXIS;AXIS;...  VALUES
       an input signal: data in C order (space separated), axes in array order, each
       "NAME,SIZE,SCALE,OFFSET,NAVIGATE" (NAVIGATE 1 or 0); the last NSIG axes are signal axes
  roi  ID  KIND  PARAMS  AXES  REPR  DTYPE  AXES  VALUES
       KIND "rect" (PARAMS left,top,right,bottom) or "circle" (PARAMS cx,cy,r,r_inner), applied
       as roi(s) for AXES "default" or roi(s, axes=(A, B)) for AXES "A,B" (axis names); the
       result's repr, dtype, axes (array order, "sig" format) and values

Cases where HyperSpy 1.7.3's CircleROI builds its mask in the wrong axis order (a ROI on the
navigation axes of a signal with two non-square signal axes, or on the signal axes of a signal
with two non-square navigation axes, or a mixed navigation/signal pair that is not square) fail
there with a broadcasting error and are left out.
"""
import numpy as np

from golden_common import axes_spec, failed, fmt_float, header, hs, lazy_result_fields, make
from golden_common import sig_record, write_golden


def signals():
    nav2 = (np.arange(3 * 4 * 7, dtype="float32") * np.float32(0.5)).reshape(3, 4, 7)
    nav2[1, 2, 3] = np.nan
    return {
        # Signal2D (|6, 5) uint16; kx values -1.0 .. 1.5, ky values 2.0 .. 3.0
        "img": make((np.arange(30) * 3 + 1).reshape(5, 6).astype("uint16"), 2, "image",
                    [("ky", 0.25, 2.0), ("kx", 0.5, -1.0)]),
        # Signal1D (4, 3|7) float32 with a NaN; x values 3 .. 6, y values 0 .. 3
        "nav2": make(nav2, 1, "spectra", [("y", 1.5, 0.0), ("x", 1.0, 3.0), ("E", 0.25, 100.0)]),
        # Signal2D (4|6, 5) uint16
        "sc": make((np.arange(4 * 30) % 97).reshape(4, 5, 6).astype("uint16"), 2, "stack",
                   [("n", 2.0, 0.0), ("ky", 0.25, 2.0), ("kx", 0.5, -1.0)]),
        # Signal1D (5|5) float32: the default axes are (signal, navigation)
        "mix": make(np.arange(25, dtype="float32").reshape(5, 5) - 7, 1, "mixed",
                    [("t", 1.0, 0.0), ("E", 0.5, 10.0)]),
        # Signal2D (4, 3|6, 5) uint16
        "im4": make((np.arange(3 * 4 * 30) % 251).reshape(3, 4, 5, 6).astype("uint16"), 2, "scan",
                    [("y", 0.5, 1.0), ("x", 2.0, -1.0), ("ky", 0.25, 2.0), ("kx", 0.5, -1.0)]),
        # Signal1D (|8) float64: no valid default axes for a 2D ROI
        "line": make(np.arange(8, dtype="float64"), 1, "line", [("E", 1.0, 0.0)]),
    }


CASES = [
    ("img", "rect", (-0.7, 2.1, 1.2, 2.9), "default"),
    ("img", "rect", (-5.0, 0.0, 100.0, 100.0), "default"),
    ("img", "rect", (0.25, 2.125, 0.75, 2.625), "default"),
    ("img", "rect", (-0.75, 2.375, 1.25, 2.875), "default"),
    ("img", "rect", (0.0, 2.0, 0.5, 2.25), "kx,ky"),
    ("img", "rect", (2.0, 2.0, 3.0, 2.5), "default"),
    ("img", "rect", (-1.0, 0.0, 1.0, 1.0), "default"),
    ("nav2", "rect", (3.4, 0.7, 5.6, 3.1), "default"),
    ("nav2", "rect", (3.5, 0.75, 5.5, 2.25), "x,y"),
    ("sc", "rect", (-0.3, 2.2, 0.8, 2.7), "default"),
    ("mix", "rect", (10.3, 1.2, 11.6, 3.9), "default"),
    ("im4", "rect", (0.4, 1.2, 4.1, 2.1), "default"),
    ("im4", "rect", (-0.7, 2.1, 1.2, 2.9), "kx,ky"),
    ("line", "rect", (0.0, 0.0, 1.0, 1.0), "default"),
    ("img", "circle", (0.3, 2.6, 0.8, 0.0), "default"),
    ("img", "circle", (0.3, 2.6, 1.0, 0.4), "default"),
    ("img", "circle", (0.0, 2.5, 10.0, 0.0), "default"),
    ("img", "circle", (0.25, 2.375, 0.5, 0.0), "kx,ky"),
    ("img", "circle", (1.5, 3.0, 0.3, 0.0), "default"),
    ("img", "circle", (-0.2, 2.4, 0.75, 0.26), "default"),
    ("nav2", "circle", (4.5, 1.5, 1.6, 0.0), "default"),
    ("nav2", "circle", (4.5, 1.5, 1.6, 0.9), "default"),
    ("sc", "circle", (0.5, 2.5, 0.6, 0.0), "default"),
    ("sc", "circle", (0.5, 2.5, 0.6, 0.3), "kx,ky"),
    ("im4", "circle", (1.0, 1.5, 2.5, 0.0), "default"),
    ("img", "circle", (20.0, 2.0, 1.0, 0.0), "default"),
]


def main():
    sigs = signals()
    lines = [header(__file__)]
    for id_, s in sigs.items():
        lines.append(sig_record(id_, s, axes_spec(s)))
    for id_, kind, params, axes in CASES:
        s = sigs[id_].as_lazy()
        if kind == "rect":
            roi = hs.roi.RectangularROI(*params)
        else:
            roi = hs.roi.CircleROI(*params)
        try:
            if axes == "default":
                r = roi(s)
            else:
                r = roi(s, axes=tuple(axes.split(",")))
            fields = lazy_result_fields(r)
        except Exception as e:  # noqa: BLE001
            fields = failed(e, 3)
        lines.append("\t".join(["roi", id_, kind, ",".join(fmt_float(p) for p in params),
                                axes] + fields))
    write_golden("roi_golden.txt", lines)


if __name__ == "__main__":
    main()

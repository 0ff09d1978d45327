#!/usr/bin/python3
"""Regenerate axes_golden.txt, the golden axis conventions checked by AxesGoldenTest.

Run with Debian's interpreter, which carries HyperSpy 1.7.3:

    /usr/bin/python3 make_axes_golden.py

One record a line, fields separated by TAB; floats are Python reprs (nan, inf, -inf);
"None" is Python's None; an error is written as "!" + the exception class name.

  axis    ID  uniform  SIZE  SCALE  OFFSET      an axis used by the records below
  axis    ID  values   V0,V1,...                a non-uniform axis (DataAxis)
  v2i     ID  VALUE  INDEX|!ERR                 axis.value2index(VALUE)
  isig    ID  VALUE  INDEX|!ERR                 Signal1D(arange(size)).isig[VALUE].data[0]
  inav    ID  VALUE  INDEX|!ERR                 the axis as navigation axis: s.inav[VALUE].data[0]
  slice   ID  START  STOP  SIZE|!ERR  FIRST  OFFSET
                                                s.isig[START:STOP]: resulting axis size, the first
                                                source index kept ("-" when empty) and the new
                                                axis offset (uniform) or first value ("-")
  dims    ARRAYSHAPE  NSIG  DIMSTR  REPR        a signal whose data has ARRAYSHAPE (C order) and
                                                NSIG signal axes (the last ones): the dimensions
                                                string and the repr of its axes manager's header
  axrepr  ARRAYSHAPE  NSIG  NAMES  ARRAYINDEX  REPR
                                                repr(s.axes_manager[complex(ARRAYINDEX, 3)]),
                                                the axis at array index ARRAYINDEX; NAMES
                                                lists names in array order ("~" = undefined)
"""
import numpy as np

from golden_common import error, fmt_float, header, hs, write_golden

UNIFORM = {
    "u_unit": (10, 1.0, 0.0),
    "u_tenth": (7, 0.1, -3.3),
    "u_negative": (12, -0.5, 2.0),
    "u_fraction": (5, 0.3, 0.05),
    "u_single": (1, 2.0, 1.0),
    "u_milli": (9, 1e-3, 1000.0),
    "u_neg_offset": (6, 2.5, -7.0),
}
NON_UNIFORM = {
    "n_increasing": [0.0, 0.5, 1.5, 3.0, 5.0, 7.5],
    "n_decreasing": [10.0, 8.0, 7.0, 3.5, 1.0, -2.0],
    "n_straddle": [-5.0, -4.0, -2.5, -2.0, 0.0, 1.0],
    "n_tenths": [0.1, 0.2, 0.3, 0.7, 1.1],
}


def fmt(x):
    return "None" if x is None else fmt_float(x)


def axis_dict(id_, navigate=False):
    if id_ in UNIFORM:
        size, scale, offset = UNIFORM[id_]
        return {"size": size, "scale": scale, "offset": offset, "navigate": navigate}
    return {"axis": np.array(NON_UNIFORM[id_]), "navigate": navigate}


def signal1d(id_):
    d = axis_dict(id_)
    size = d.get("size", len(d.get("axis", [])))
    return hs.signals.Signal1D(np.arange(size, dtype=float), axes=[d])


def nav_signal(id_):
    d = axis_dict(id_, navigate=True)
    size = d.get("size", len(d.get("axis", [])))
    sig = {"size": 1, "scale": 1.0, "offset": 0.0, "navigate": False}
    return hs.signals.Signal1D(np.arange(size, dtype=float).reshape(size, 1), axes=[d, sig])


def sample_values(ax):
    vals = list(map(float, ax.axis))
    lo, hi = float(ax.low_value), float(ax.high_value)
    out = set(vals)
    for a, b in zip(vals, vals[1:]):
        out.add((a + b) / 2)              # exactly halfway (as rounded by float arithmetic)
        out.add(a + (b - a) * 0.25)
        out.add(a + (b - a) * 0.75)
        out.add(float(np.nextafter((a + b) / 2, a)))
        out.add(float(np.nextafter((a + b) / 2, b)))
    step = (vals[1] - vals[0]) if len(vals) > 1 else 1.0
    for e in (lo, hi):
        for k in (-0.75, -0.5, -0.25, -1e-9, 1e-9, 0.25, 0.5, 0.75):
            out.add(e + k * abs(step))
        out.add(float(np.nextafter(e, -np.inf)))
        out.add(float(np.nextafter(e, np.inf)))
    if ax.is_uniform:
        for i in range(-2, ax.size + 2):
            out.add(ax.offset + ax.scale * (i + 0.5))
            out.add(ax.offset + ax.scale * (i - 0.5))
    out.update([0.0, -0.0, 1e300, -1e300, 0.5, -0.5, 2.5, -2.5])
    ordered = sorted(v for v in out if not (v == 0 and np.signbit(v)))
    return ordered + [-0.0, float("nan"), float("inf"), float("-inf")]


def slice_values(ax):
    vals = list(map(float, ax.axis))
    lo, hi = float(ax.low_value), float(ax.high_value)
    step = (vals[1] - vals[0]) if len(vals) > 1 else 1.0
    cand = [None, lo - 2 * abs(step), lo, hi, hi + 2 * abs(step), float("nan"), float("inf")]
    if len(vals) > 2:
        cand += [(vals[1] + vals[2]) / 2, vals[-2], (vals[0] + vals[1]) / 2 + 1e-9]
    if len(vals) > 1:
        cand += [(vals[-2] + vals[-1]) / 2]
    return cand


def main():
    lines = [header(__file__)]
    for id_ in list(UNIFORM) + list(NON_UNIFORM):
        if id_ in UNIFORM:
            size, scale, offset = UNIFORM[id_]
            lines.append("\t".join(["axis", id_, "uniform", str(size), fmt(scale), fmt(offset)]))
        else:
            lines.append("\t".join(["axis", id_, "values",
                                    ",".join(fmt(v) for v in NON_UNIFORM[id_])]))
        s = signal1d(id_)
        ax = s.axes_manager[0]
        values = sample_values(ax)
        for v in values:
            try:
                r = str(int(ax.value2index(v)))
            except Exception as e:  # noqa: BLE001 - the class name is the fixture
                r = error(e)
            lines.append("\t".join(["v2i", id_, fmt(v), r]))
        # isig/inav agree with value2index where it succeeds; record a thinner subset
        for v in values[::3] + values[-4:]:
            try:
                r = str(int(signal1d(id_).isig[v].data[0]))
            except Exception as e:  # noqa: BLE001
                r = error(e)
            lines.append("\t".join(["isig", id_, fmt(v), r]))
            try:
                r = str(int(nav_signal(id_).inav[v].data[0]))
            except Exception as e:  # noqa: BLE001
                r = error(e)
            lines.append("\t".join(["inav", id_, fmt(v), r]))
        cand = slice_values(ax)
        for a in cand:
            for b in cand:
                try:
                    res = signal1d(id_).isig[a:b]
                    rax = res.axes_manager[0]
                    size = rax.size
                    first = str(int(res.data[0])) if size else "-"
                    if rax.is_uniform:
                        off = fmt(rax.offset)
                    else:
                        off = fmt(rax.axis[0]) if size else "-"
                    lines.append("\t".join(["slice", id_, fmt(a), fmt(b), str(size), first, off]))
                except Exception as e:  # noqa: BLE001
                    lines.append("\t".join(["slice", id_, fmt(a), fmt(b), error(e), "-", "-"]))

    def dims(s):
        am = s.axes_manager
        shape = s.data.shape
        nsig = len(am.signal_axes)
        lines.append("\t".join(["dims", ",".join(map(str, shape)), str(nsig),
                                am._get_dimension_str(), repr(am).split("\n")[0]]))
        names = ",".join(a.name if isinstance(a.name, str) else "~" for a in am._axes)
        for i in range(len(am._axes)):
            lines.append("\t".join(["axrepr", ",".join(map(str, shape)), str(nsig), names,
                                    str(i), repr(am[complex(i, 3)])]))

    dims(hs.signals.Signal1D(np.zeros(1024)))
    dims(hs.signals.Signal1D(np.zeros((3, 16))))
    dims(hs.signals.Signal1D(np.zeros((2, 3, 16))))
    dims(hs.signals.Signal2D(np.zeros((8, 6))))
    dims(hs.signals.Signal2D(np.zeros((5, 8, 6))))
    dims(hs.signals.Signal2D(np.zeros((4, 5, 8, 6))))
    dims(hs.signals.Signal2D(np.zeros((2, 3, 4, 5, 6))))
    dims(hs.signals.BaseSignal(np.zeros((4, 5))).T)
    dims(hs.signals.BaseSignal(np.zeros(7)).T)
    dims(hs.signals.BaseSignal(np.zeros((2, 3, 4))))
    dims(hs.signals.Signal1D(np.zeros((2, 3, 16))).T)
    dims(hs.signals.Signal2D(np.zeros((2, 3, 4, 5))).transpose(signal_axes=1))
    dims(hs.signals.Signal2D(np.zeros((1, 1, 4))))
    named = hs.signals.Signal2D(np.zeros((3, 2, 8, 6)))
    named.axes_manager[0].name = "scan_x"
    named.axes_manager[2].name = "kx"
    named.axes_manager[3].name = "a_name_longer_than_sixteen"
    dims(named)
    write_golden("axes_golden.txt", lines)


if __name__ == "__main__":
    main()

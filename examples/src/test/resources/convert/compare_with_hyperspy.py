#!/usr/bin/python3
"""Loads pairs of files with HyperSpy (1.7.3 on Debian) and says whether each pair holds the
same signal, for the examples' convert round-trip test (a .hspy converted to .zspy by
'hyperflux convert' must load in HyperSpy equal to the original).

usage: /usr/bin/python3 compare_with_hyperspy.py ORIGINAL CONVERTED [ORIGINAL CONVERTED ...]

One JSON object per line and pair: original, converted, class of each (HyperSpy's signal class),
original_error and converted_error (why HyperSpy could not load the file, or null) and
differences, a list of 'where: original != converted' strings, empty when equal.

Compared: signal class, dtype, shape, data (NaN equal to NaN), axes (name, units, navigate,
size, scale and offset or the values), metadata, original_metadata and the navigator (its data,
axes and metadata). Values compare as HyperSpy gives them with these normalisations: numpy
arrays and tuples are lists, numpy scalars Python numbers, and two numbers are equal when they
are equal as floats (hyperflux keeps uint64 values above 2**63 - 1 as floats); the
General.FileIO entries HyperSpy adds when loading are left out. learning_results are not
compared: a converted signal keeps its data, axes, metadata and navigator.
"""
import json
import math
import sys

import numpy as np
import hyperspy.api as hs
from hyperspy.misc.utils import DictionaryTreeBrowser
from hyperspy.signal import BaseSignal


def plain(v):
    if isinstance(v, np.ndarray):
        return [plain(e) for e in v.tolist()]
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, (list, tuple)):
        return [plain(e) for e in v]
    if isinstance(v, dict):
        return {k: plain(e) for k, e in v.items()}
    if isinstance(v, DictionaryTreeBrowser):
        return metadata(v)
    if isinstance(v, BaseSignal):
        return {"__signal__": describe(v)}
    return v


def metadata(dtb):
    out = {}
    for slug, item in dtb.__dict__.items():
        if slug in ("_db_index", "_double_lines", "_lazy_attributes") or not isinstance(item, dict):
            continue
        out[item["key"]] = plain(item["_dtb_value_"])
    fileio = out.get("General", {}).get("FileIO") if isinstance(out.get("General"), dict) else None
    if isinstance(fileio, dict):
        for k in [k for k, v in fileio.items() if isinstance(v, dict) and v.get("operation") == "load"]:
            del fileio[k]
        if not fileio:
            del out["General"]["FileIO"]
    return out


def axes(signal):
    out = []
    for a in signal.axes_manager._axes:
        d = {"name": a.name if isinstance(a.name, str) else None,
             "units": a.units if isinstance(a.units, str) else None,
             "navigate": bool(a.navigate), "size": int(a.size)}
        if a.is_uniform:
            d.update(scale=float(a.scale), offset=float(a.offset))
        else:
            d.update(values=[float(x) for x in a.axis])
        out.append(d)
    return out


def describe(signal):
    data = np.asarray(signal.data)
    return {"class": type(signal).__name__, "dtype": data.dtype.name, "shape": list(data.shape),
            "data": data.ravel().tolist(), "axes": axes(signal)}


def differences(a, b, where, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                out.append("%s.%s: %r != %r" % (where, k, a.get(k, "(absent)"), b.get(k, "(absent)")))
            else:
                differences(a[k], b[k], "%s.%s" % (where, k), out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append("%s: %d elements != %d" % (where, len(a), len(b)))
        else:
            for i, (x, y) in enumerate(zip(a, b)):
                differences(x, y, "%s[%d]" % (where, i), out)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) \
            and not isinstance(a, bool) and not isinstance(b, bool):
        fa, fb = float(a), float(b)
        if not (fa == fb or (math.isnan(fa) and math.isnan(fb))):
            out.append("%s: %r != %r" % (where, a, b))
    elif type(a) != type(b) or a != b:
        out.append("%s: %r != %r" % (where, a, b))


def full(signal):
    d = describe(signal)
    d["metadata"] = metadata(signal.metadata)
    d["metadata"].get("_HyperSpy", {}).pop("navigator", None)
    d["original_metadata"] = metadata(signal.original_metadata)
    nav = signal.metadata.get_item("_HyperSpy.navigator")
    if nav is not None:
        n = describe(nav)
        n["metadata"] = metadata(nav.metadata)
        d["navigator"] = n
    else:
        d["navigator"] = None
    return d


def load(path):
    try:
        return hs.load(path), None
    except Exception as e:  # reported, not raised: the test decides what may fail
        return None, "%s: %s" % (type(e).__name__, e)


args = sys.argv[1:]
for original, converted in zip(args[0::2], args[1::2]):
    a, a_error = load(original)
    b, b_error = load(converted)
    diffs = []
    if a is not None and b is not None:
        differences(full(a), full(b), "signal", diffs)
    print(json.dumps({"original": original, "converted": converted,
                      "class": type(a).__name__ if a is not None else None,
                      "converted_class": type(b).__name__ if b is not None else None,
                      "original_error": a_error, "converted_error": b_error,
                      "differences": diffs}, allow_nan=True))

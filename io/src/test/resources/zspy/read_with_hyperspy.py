#!/usr/bin/python3
"""Loads .zspy files with HyperSpy (1.7.3 on Debian) and prints what it sees, for
ZspyHyperSpyRoundTripTest (files written by hyperflux must load in HyperSpy with equal data,
axes and metadata).

usage: /usr/bin/python3 read_with_hyperspy.py FILE...

One JSON object per line and file: path, class (HyperSpy's signal class), dtype, shape, data
(C order), axes (array order: name, units, navigate, size, uniform, scale/offset or values),
metadata and original_metadata (the General.FileIO entries HyperSpy adds when loading removed),
navigator (the same description, or null). Tuples print as lists, numpy values as Python values,
a signal inside the metadata as {"__signal__": {dtype, shape, data, axes}}.
"""
import json
import sys

import numpy as np
import hyperspy.api as hs
from hyperspy.misc.utils import DictionaryTreeBrowser
from hyperspy.signal import BaseSignal


def plain(v):
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, (list, tuple)):
        return [plain(e) for e in v]
    if isinstance(v, dict):
        return {k: plain(e) for k, e in v.items()}
    if isinstance(v, DictionaryTreeBrowser):
        return tree(v)
    if isinstance(v, BaseSignal):
        return {"__signal__": describe(v, with_metadata=False)}
    return v


def tree(dtb):
    out = {}
    for slug, item in dtb.__dict__.items():
        if slug in ("_db_index", "_double_lines", "_lazy_attributes") or not isinstance(item, dict):
            continue
        out[item["key"]] = plain(item["_dtb_value_"])
    return out


def axes(signal):
    out = []
    for a in signal.axes_manager._axes:
        d = {"name": a.name if isinstance(a.name, str) else None,
             "units": a.units if isinstance(a.units, str) else None,
             "navigate": bool(a.navigate), "size": int(a.size)}
        if a.is_uniform:
            d.update(uniform=True, scale=float(a.scale), offset=float(a.offset))
        else:
            d.update(uniform=False, values=[float(x) for x in a.axis])
        out.append(d)
    return out


def describe(signal, with_metadata=True):
    data = np.asarray(signal.data)
    d = {"class": type(signal).__name__, "dtype": data.dtype.name, "shape": list(data.shape),
         "data": data.ravel().tolist(), "axes": axes(signal)}
    if with_metadata:
        md = tree(signal.metadata)
        md.get("_HyperSpy", {}).pop("navigator", None)
        fileio = md.get("General", {}).get("FileIO", {})
        for k in [k for k, v in fileio.items() if v.get("operation") == "load"]:
            del fileio[k]
        if "FileIO" in md.get("General", {}) and not fileio:
            del md["General"]["FileIO"]
        d["metadata"] = md
        d["original_metadata"] = tree(signal.original_metadata)
    return d


for path in sys.argv[1:]:
    s = hs.load(path)
    d = describe(s)
    nav = s.metadata.get_item("_HyperSpy.navigator")
    d["navigator"] = describe(nav) if nav is not None else None
    d["path"] = path
    print(json.dumps(d, allow_nan=True))

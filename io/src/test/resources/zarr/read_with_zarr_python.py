#!/usr/bin/python3
"""Reads every zarr array and group under ROOT with zarr-python and prints what it sees, for
ZarrPythonRoundTripTest (arrays written by hyperflux must load in zarr-python).

usage: /usr/bin/python3 read_with_zarr_python.py ROOT

One tab-separated line per member, sorted by path:
  array  PATH  DTYPE  SHAPE  CHUNKS  FILL_VALUE(json)  VALUES (C order, space-separated)
  group  PATH  ATTRIBUTES(json, keys sorted)
"""
import json
import sys

import numpy as np
import zarr


def fmt(v, dtype):
    if dtype.kind == "b":
        return "1" if v else "0"
    if dtype.kind in "iu":
        return str(int(v))
    return repr(float(v))


def fill(v):
    if v is None:
        return "null"
    if isinstance(v, (float, np.floating)):
        return json.dumps(float(v))
    if isinstance(v, (bool, np.bool_)):
        return json.dumps(bool(v))
    return json.dumps(int(v))


root = zarr.open(zarr.DirectoryStore(sys.argv[1]), mode="r")
lines = []


def visit(name, obj):
    if isinstance(obj, zarr.Array):
        data = obj[...]
        values = " ".join(fmt(v, data.dtype) for v in np.asarray(data).reshape(-1))
        lines.append("\t".join(["array", name, obj.dtype.str, ",".join(map(str, obj.shape)),
                                ",".join(map(str, obj.chunks)), fill(obj.fill_value), values]))
    else:
        lines.append("\t".join(["group", name, json.dumps(obj.attrs.asdict(), sort_keys=True)]))


visit("", root)
root.visititems(visit)
print("\n".join(sorted(lines)))

#!/usr/bin/python3
"""Opens HDF5 files with h5py (Debian's, libhdf5 1.10) and prints what it sees, for
Hdf5WriterPythonTest (files written by hyperflux's HDF5 writer must open cleanly in h5py with
equal groups, attributes and datasets).

usage: /usr/bin/python3 describe_with_h5py.py FILE...

One JSON object per line and file: {"file": path, "objects": {path: description}} with every
object h5py visits and the root "/". A description: kind ("group" or "dataset"), attrs ({name:
[type, value]}: type "str", "bool", a numpy dtype name, or those with "[]" for 1-D arrays; floats
as the int64 bit pattern of their float64 value, so NaN, infinities and -0.0 compare exactly);
for datasets dtype (numpy name, "str" for variable-length strings), shape, and either sha256 (of
the little-endian C-order bytes; booleans as bytes 0 and 1) or strings. Every dataset is read
whole and every attribute read.
"""
import hashlib
import json
import struct
import sys

import h5py
import numpy as np


def bits(x):
    return struct.unpack("<q", struct.pack("<d", float(x)))[0]


def text(x):
    return x.decode("utf-8") if isinstance(x, bytes) else str(x)


def attr(v):
    if isinstance(v, str):
        return ["str", v]
    if isinstance(v, np.ndarray):
        if v.dtype.kind == "O":
            return ["str[]", [text(x) for x in v.tolist()]]
        if v.dtype.kind == "b":
            return ["bool[]", [bool(x) for x in v.tolist()]]
        if v.dtype.kind == "f":
            return [v.dtype.name + "[]", [bits(x) for x in v.tolist()]]
        return [v.dtype.name + "[]", [int(x) for x in v.tolist()]]
    if isinstance(v, (bool, np.bool_)):
        return ["bool", bool(v)]
    if isinstance(v, np.floating):
        return [v.dtype.name, bits(v)]
    if isinstance(v, np.integer):
        return [v.dtype.name, int(v)]
    raise TypeError("unexpected attribute value %r (%s)" % (v, type(v)))


def describe(obj):
    d = {"attrs": {k: attr(obj.attrs[k]) for k in obj.attrs.keys()}}
    if isinstance(obj, h5py.Group):
        d["kind"] = "group"
        return d
    d["kind"] = "dataset"
    d["shape"] = list(obj.shape)
    if h5py.check_string_dtype(obj.dtype) is not None:
        d["dtype"] = "str"
        d["strings"] = [text(x) for x in obj[()].tolist()]
        return d
    data = obj[()]
    d["dtype"] = data.dtype.name
    little = np.ascontiguousarray(data).astype(data.dtype.newbyteorder("<"), copy=False)
    d["sha256"] = hashlib.sha256(little.tobytes()).hexdigest()
    return d


for path in sys.argv[1:]:
    with h5py.File(path, "r") as f:
        objects = {"/": describe(f)}
        f.visititems(lambda name, obj: objects.__setitem__("/" + name, describe(obj)))
    print(json.dumps({"file": path, "objects": objects}, ensure_ascii=True))

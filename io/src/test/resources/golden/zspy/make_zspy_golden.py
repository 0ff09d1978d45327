#!/usr/bin/python3
"""Writes the .zspy golden fixtures of io's HyperSpy layout tests with HyperSpy 1.7.3 (Debian's
python3-hyperspy, numpy 1.24, zarr 2.13) and what each must load as.

usage: /usr/bin/python3 make_zspy_golden.py   (from any directory; writes next to this script)

Outputs, next to this script:
  <name>.zspy/        one .zspy directory store per fixture, written by HyperSpy
  zspy_golden.json    per fixture: dtype, shape, chunks, chunk-key separator, data (C order),
                      axes (array order), metadata, original_metadata, navigator and
                      learning_results as hyperflux must read them

The expected metadata is the signal's metadata after the save (HyperSpy adds General.FileIO),
without the navigator (listed apart), with HyperSpy's own encoding applied as numpy applies it
when saving: tuples become lists, a 1-D list numpy turns into strings becomes strings
([1, 'a', 2.5] -> ['1', 'a', '2.5']), a 1-D numeric list is promoted ([1, 2.5] -> [1.0, 2.5]).
Lists of dicts keep their order: hyperflux orders the children of _list_N_ groups numerically,
where HyperSpy 1.7.3 reads the 12-element list back as [0, 1, 10, 11, 2, ...]. A signal inside
the metadata is {"__signal__": {...}} with its dtype, shape, data and axes.

Fixtures: a Signal1D (float32, chunks not dividing the shape, "/" keys, rich metadata, a signal
in the metadata), a Signal2D (uint16, "." keys, a stored navigator), a BaseSignal (int64,
untitled), non-uniform axes with decomposition results, one Signal1D per dtype, and a file in
the current (rsciio 3.3) style: "_None_" names, an attributes group, a vlen-utf8 string list.
"""
import json
import math
import os
import shutil

import numpy as np
import zarr
import hyperspy.api as hs
from hyperspy.io_plugins import zspy
from hyperspy.misc.utils import DictionaryTreeBrowser
from hyperspy.signal import BaseSignal

HERE = os.path.dirname(os.path.abspath(__file__))


def numpy_like(v):
    """A metadata value as HyperSpy's writer and reader turn it (see the module comment)."""
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, (list, tuple)):
        if len(v) == 0:
            return []
        if not any(isinstance(e, (BaseSignal, dict, DictionaryTreeBrowser)) for e in v):
            try:
                a = np.array(v)
            except ValueError:
                a = None
            if a is not None and a.dtype != np.dtype("O") and a.ndim == 1:
                return a.tolist()
        return [numpy_like(e) for e in v]
    if isinstance(v, dict):
        return {k: numpy_like(e) for k, e in v.items()}
    if isinstance(v, DictionaryTreeBrowser):
        return tree(v)
    if isinstance(v, BaseSignal):
        return {"__signal__": describe(v, with_metadata=False)}
    return v


def tree(dtb):
    """A DictionaryTreeBrowser as a dict with its original (not slugified) keys, private ones too."""
    if dtb._lazy_attributes:
        dtb._load_dictionary(dtb._lazy_attributes) if hasattr(dtb, "_load_dictionary") else None
    out = {}
    for slug, item in dtb.__dict__.items():
        if slug in ("_db_index", "_double_lines", "_lazy_attributes") or not isinstance(item, dict):
            continue
        out[item["key"]] = numpy_like(item["_dtb_value_"])
    return out


def values(data):
    return np.asarray(data).ravel().tolist()


def axes(signal):
    out = []
    for a in signal.axes_manager._axes:
        name = a.name if isinstance(a.name, str) else None
        units = a.units if isinstance(a.units, str) else None
        d = {"name": name, "units": units, "navigate": bool(a.navigate), "size": int(a.size)}
        if a.is_uniform:
            d.update(uniform=True, scale=float(a.scale), offset=float(a.offset))
        else:
            d.update(uniform=False, values=[float(x) for x in a.axis])
        out.append(d)
    return out


def describe(signal, with_metadata=True):
    data = np.asarray(signal.data)
    d = {"dtype": data.dtype.name, "shape": list(data.shape), "data": values(data),
         "axes": axes(signal)}
    if with_metadata:
        md = tree(signal.metadata)
        md.get("_HyperSpy", {}).pop("navigator", None)
        md.get("Signal", {}).pop("record_by", None)
        d["metadata"] = md
        d["original_metadata"] = tree(signal.original_metadata)
    return d


def fixture(name, signal, separator):
    path = os.path.join(HERE, name + ".zspy")
    shutil.rmtree(path, ignore_errors=True)
    if separator == "/":
        signal.save(path)
    else:
        # HyperSpy's writer with a flat DirectoryStore: chunk keys i.j.k, no dimension_separator.
        zspy.file_writer(zarr.DirectoryStore(path), signal)
    zarray = json.load(open(os.path.join(path, "Experiments", group_name(signal), "data", ".zarray")))
    d = describe(signal)
    nav = signal.metadata.get_item("_HyperSpy.navigator")
    d["navigator"] = describe(nav) if nav is not None else None
    lr = {k: numpy_like(v) for k, v in signal.learning_results.__dict__.items()}
    d["learning_results"] = lr if any(v is not None for v in lr.values()) else {}
    d.update(name=name, file=name + ".zspy", chunks=zarray["chunks"], separator=separator)
    return d


def group_name(signal):
    title = signal.metadata.General.title
    return title.replace("/", "-") if title else "__unnamed__"


def spectrum():
    data = (np.arange(3 * 5 * 7, dtype="f4").reshape(3, 5, 7) - 50) / 4
    s = hs.signals.Signal1D(data).as_lazy()
    s.data = s.data.rechunk((2, 2, 4))
    s.metadata.General.title = "EELS/map 1"
    s.metadata.General.notes = "line one\nline two, \u00e9\u00e8 \u2192 \U0001F600"
    for ax, (n, u, sc, off) in zip(s.axes_manager._axes, [("y", "nm", 0.5, 1.0),
                                                       ("x", "nm", 0.25, -1.0),
                                                       ("Energy", "eV", 0.1, 100.0)]):
        ax.name, ax.units, ax.scale, ax.offset = n, u, sc, off
    md = s.metadata
    md.set_item("Acquisition_instrument.TEM.beam_energy", 200.0)
    md.set_item("Acquisition_instrument.TEM.Detector.EELS.collection_angle", 10)
    md.set_item("Custom.lst", [1, 2, 3])
    md.set_item("Custom.floats", [1, 2.5])
    md.set_item("Custom.tup", (1, 2.5))
    md.set_item("Custom.strs", ["a", "b\u00e9"])
    md.set_item("Custom.mixed", [1, "a", 2.5])
    md.set_item("Custom.nested", [[1, 2], [3, 4]])
    md.set_item("Custom.ragged_strs", [["a", "b"], ["c"]])
    md.set_item("Custom.dicts", [{"i": i, "name": "d%d" % i} for i in range(12)])
    md.set_item("Custom.none", None)
    md.set_item("Custom.yes", True)
    md.set_item("Custom.no", False)
    md.set_item("Custom.bools", [True, False, True])
    md.set_item("Custom.empty", [])
    md.set_item("Custom.empty_tuple", ())
    md.set_item("Custom.with_none", [1, None])
    md.set_item("Custom.arr", np.arange(5, dtype="i2"))
    md.set_item("Custom.arr2d", np.arange(6.0).reshape(2, 3))
    md.set_item("Custom.f32", np.float32(2.5))
    md.set_item("Custom.i16", np.int16(-3))
    md.set_item("Custom.u8", np.uint64(2**63 + 5))
    md.set_item("Custom.nan", float("nan"))
    md.set_item("Custom.inf", float("-inf"))
    md.set_item("Custom.big", 2**40)
    md.set_item("Custom.deep", {"a": {"b": {"c": "deep"}}})
    variance = hs.signals.Signal1D(np.full((3, 5, 7), 0.5, dtype="f4"))
    md.set_item("Signal.Noise_properties.variance", variance)
    s.original_metadata.add_dictionary({"Header": {"version": 3, "list": [1, 2], "name": "x"},
                                        "Empty": {}})
    return fixture("spectrum_f4_nested", s, "/")


def image_with_navigator():
    data = (np.arange(2 * 3 * 6 * 5) * 37 % 1000).astype("u2").reshape(2, 3, 6, 5)
    s = hs.signals.Signal2D(data).as_lazy()
    s.data = s.data.rechunk((1, 2, 4, 3))
    s.metadata.General.title = "navigated image"
    names = [("scan_y", "um"), ("scan_x", "um"), ("ky", "1/nm"), ("kx", "1/nm")]
    for ax, (n, u) in zip(s.axes_manager._axes, names):
        ax.name, ax.units = n, u
    s.axes_manager[2].scale = 0.02
    s.compute_navigator()
    return fixture("image_u2_flat_navigator", s, ".")


def base_signal():
    data = np.array([[-(2**62), -1, 0], [1, 2**40, 7], [3, 4, 5], [2**62, -5, 9]], dtype="i8")
    s = hs.signals.BaseSignal(data)
    return fixture("base_i8_untitled", s, "/")


def non_uniform():
    rng = np.random.RandomState(7)
    data = rng.rand(4, 6)
    s = hs.signals.Signal1D(data)
    s.axes_manager[0].convert_to_non_uniform_axis()
    s.axes_manager[0].axis = np.array([1.0, 2.0, 4.0, 8.0])
    s.axes_manager[0].name = "time"
    s.axes_manager[0].units = "s"
    s.axes_manager[1].convert_to_non_uniform_axis()
    s.axes_manager[1].axis = np.array([0.0, 0.5, 1.5, 3.0, 5.0, 8.0])
    s.axes_manager[1].name = "Energy"
    s.metadata.General.title = "non-uniform"
    s.decomposition(output_dimension=2, print_info=False)
    return fixture("nonuniform_f8_decomposition", s, "/")


def dtypes():
    out = []
    for name in ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64",
                 "uint64", "float32", "float64"]:
        dt = np.dtype(name)
        if dt.kind == "b":
            data = np.array([[True, False, True], [False, False, True]])
        elif dt.kind in "iu":
            info = np.iinfo(dt)
            data = np.array([[info.min, info.max, 0], [1, info.max // 3, 7]], dtype=dt)
        else:
            info = np.finfo(dt)
            data = np.array([[info.min, info.max, 0.0], [info.tiny, -1.5, np.nan]], dtype=dt)
        s = hs.signals.Signal1D(data)
        s.metadata.General.title = "dtype " + name
        out.append(fixture("dtype_" + name, s, "/"))
    return out


def current_style():
    """A 1.7.3 file rewritten as rsciio (HyperSpy 2.x) writes it."""
    s = hs.signals.Signal1D(np.arange(8, dtype="f4").reshape(2, 4))
    s.metadata.General.title = "current style"
    s.metadata.set_item("Sample.elements", ["Fe", "O"])
    d = fixture("current_style_3_3", s, "/")
    path = os.path.join(HERE, d["file"])
    root = zarr.open(zarr.NestedDirectoryStore(path), mode="a")
    root.attrs["file_format_version"] = "3.3"
    g = root["Experiments/current style"]
    for i in range(2):
        g["axis-%d" % i].attrs["name"] = "_None_"
        g["axis-%d" % i].attrs["units"] = "_None_"
    del g["metadata/Signal"].attrs["record_by"]
    a = g.require_group("attributes")
    a.attrs["_lazy"] = False
    a.attrs["ragged"] = False
    del g["metadata/Sample/_list_elements"]
    g["metadata/Sample"].create_dataset("_list_elements", data=np.array(["Fe", "O"]), dtype=str)
    return d


def main():
    fixtures = [spectrum(), image_with_navigator(), base_signal(), non_uniform()]
    fixtures += dtypes()
    fixtures.append(current_style())
    with open(os.path.join(HERE, "zspy_golden.json"), "w") as f:
        json.dump(fixtures, f, indent=1, sort_keys=True, allow_nan=True)
        f.write("\n")


if __name__ == "__main__":
    main()

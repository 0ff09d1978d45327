#!/usr/bin/python3
"""Writes the .hspy golden fixtures of io's HyperSpy layout tests with HyperSpy 1.7.3 (Debian's
python3-hyperspy, numpy 1.24, h5py 3.7, libhdf5 1.10.8) and what each must load as.

usage: /usr/bin/python3 make_hspy_golden.py   (from any directory; writes next to this script)

The signals are those of ../zspy/make_zspy_golden.py, built by its own functions and saved here
as .hspy (s.save(path), HyperSpy's defaults: gzip + shuffle, the signal's dask chunks or
get_signal_chunks with a 1e6-byte target), so both formats are checked against the same cases:
a Signal1D (float32, chunks not dividing the shape, rich metadata with every encoding, a signal
in the metadata), a Signal2D (uint16, a stored navigator), a BaseSignal (int64, untitled),
non-uniform axes with decomposition results, one Signal1D per dtype, and a file rewritten in the
current (rsciio 3.3) style. One more is .hspy only:

  legacy_bytes_float_version   a 1.7.3 file rewritten as older writers stored it: every string
                               attribute a fixed-length byte string (h5py np.bytes_, UTF-8
                               bytes; not package and package_version, on which HyperSpy 1.7.3
                               fails when they are bytes), file_format_version the float 3.0, and no navigate
                               attribute on the axes (metadata.Signal.record_by decides)

Outputs, next to this script:
  <name>.hspy           one file per fixture
  hspy_golden.json      per fixture, in the vocabulary of zspy_golden.json: dtype, shape, chunks,
                        data (C order), axes (array order), metadata, original_metadata, navigator
                        and learning_results as hyperflux must read them
  bytes_attribute.hspy  a Signal1D whose metadata holds bytes with a NUL (HyperSpy writes the
                        opaque attribute _bs_raw in metadata/Custom, which jHDF 0.13.0 cannot parse)
  corrupt_chunk.hspy    the float32 spectrum with one data chunk overwritten with garbage
  hspy_bad.json         for the last two: file, the group or dataset the error must name, the
                        chunk's grid index (or null) and a fragment of the expected message
"""
import json
import os
import sys

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ beside the zspy script
sys.path.insert(0, os.path.join(HERE, "..", "zspy"))
import make_zspy_golden as z  # noqa: E402  (the signal builders and describe())
import hyperspy.api as hs  # noqa: E402


def fixture(name, signal, separator=None):
    """Saves signal as <name>.hspy with HyperSpy's defaults; the record of what it must load as."""
    path = os.path.join(HERE, name + ".hspy")
    if os.path.exists(path):
        os.remove(path)
    signal.save(path)
    with h5py.File(path, "r") as f:
        chunks = list(f["Experiments/" + z.group_name(signal) + "/data"].chunks)
    d = z.describe(signal)
    nav = signal.metadata.get_item("_HyperSpy.navigator")
    d["navigator"] = z.describe(nav) if nav is not None else None
    lr = {k: z.numpy_like(v) for k, v in signal.learning_results.__dict__.items()}
    d["learning_results"] = lr if any(v is not None for v in lr.values()) else {}
    d.update(name=name, file=name + ".hspy", chunks=chunks)
    return d


# The zspy builders call their module's fixture(); here they save .hspy instead.
z.fixture = fixture


def current_style():
    """A 1.7.3 file rewritten as rsciio (HyperSpy 2.x) writes it."""
    s = hs.signals.Signal1D(np.arange(8, dtype="f4").reshape(2, 4))
    s.metadata.General.title = "current style"
    s.metadata.set_item("Sample.elements", ["Fe", "O"])
    d = fixture("current_style_3_3", s)
    with h5py.File(os.path.join(HERE, d["file"]), "a") as f:
        f.attrs["file_format_version"] = "3.3"
        g = f["Experiments/current style"]
        for i in range(2):
            g["axis-%d" % i].attrs["name"] = "_None_"
            g["axis-%d" % i].attrs["units"] = "_None_"
        del g["metadata/Signal"].attrs["record_by"]
        a = g.require_group("attributes")
        a.attrs["_lazy"] = False
        a.attrs["ragged"] = False
    return d


def as_bytes(obj):
    """Every string attribute below obj rewritten as a fixed-length byte string (UTF-8), but the
    experiment's package and package_version, which HyperSpy 1.7.3 needs as str to load the file."""
    for key, value in list(obj.attrs.items()):
        if isinstance(value, str) and key not in ("package", "package_version"):
            del obj.attrs[key]
            obj.attrs[key] = np.bytes_(value.encode("utf-8"))
    if isinstance(obj, h5py.Group):
        for child in obj.values():
            as_bytes(child)


def legacy():
    """The nested-metadata spectrum as older writers stored it (see the module comment)."""
    data = (np.arange(2 * 3 * 6, dtype="f8").reshape(2, 3, 6) - 7) / 8
    s = hs.signals.Signal1D(data)
    s.metadata.General.title = "legacy bytes"
    s.metadata.General.notes = "caf\u00e9 \u2192 bytes"
    for ax, (n, u) in zip(s.axes_manager._axes, [("y", "\u00b5m"), ("x", "\u00b5m"), ("E", "eV")]):
        ax.name, ax.units = n, u
    s.metadata.set_item("Custom.none", None)
    s.metadata.set_item("Custom.flag", True)
    s.metadata.set_item("Custom.names", ["a", "b"])
    s.original_metadata.set_item("Header.label", "det\u00e9ctor")
    d = fixture("legacy_bytes_float_version", s)
    with h5py.File(os.path.join(HERE, d["file"]), "a") as f:
        as_bytes(f)
        del f.attrs["file_format_version"]
        f.attrs["file_format_version"] = np.float64(3.0)
        for i in range(3):
            del f["Experiments/legacy bytes/axis-%d" % i].attrs["navigate"]
    return d


def bad():
    out = []
    s = hs.signals.Signal1D(np.arange(6, dtype="f4"))
    s.metadata.General.title = "bytes"
    s.metadata.set_item("Custom.raw", b"\x00\x01ab")
    path = os.path.join(HERE, "bytes_attribute.hspy")
    if os.path.exists(path):
        os.remove(path)
    s.save(path)
    with h5py.File(path, "r") as f:
        assert "_bs_raw" in f["Experiments/bytes/metadata/Custom"].attrs
    out.append({"file": "bytes_attribute.hspy", "path": "/Experiments/bytes/metadata/Custom",
                "chunk": None, "message": "_bs_"})

    data = (np.arange(4 * 5 * 6, dtype="f4").reshape(4, 5, 6) - 30) / 4
    s = hs.signals.Signal1D(data).as_lazy()
    s.data = s.data.rechunk((2, 2, 6))
    s.metadata.General.title = "corrupt"
    path = os.path.join(HERE, "corrupt_chunk.hspy")
    if os.path.exists(path):
        os.remove(path)
    s.save(path)
    with h5py.File(path, "r") as f:
        info = f["Experiments/corrupt/data"].id.get_chunk_info_by_coord((2, 2, 0))
    with open(path, "r+b") as raw:
        raw.seek(info.byte_offset + 2)
        raw.write(bytes((i * 37 + 11) % 256 for i in range(info.size - 4)))
    out.append({"file": "corrupt_chunk.hspy", "path": "/Experiments/corrupt/data",
                "chunk": [1, 1, 0], "message": "chunk"})
    return out


def main():
    fixtures = [z.spectrum(), z.image_with_navigator(), z.base_signal(), z.non_uniform()]
    fixtures += z.dtypes()
    fixtures.append(current_style())
    fixtures.append(legacy())
    with open(os.path.join(HERE, "hspy_golden.json"), "w") as f:
        json.dump(fixtures, f, indent=1, sort_keys=True, allow_nan=True)
        f.write("\n")
    with open(os.path.join(HERE, "hspy_bad.json"), "w") as f:
        json.dump(bad(), f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Writes the HDF5 golden fixtures read by the org.hyperflux.io.hdf5 tests, with Debian's h5py 3.7
(libhdf5 1.10.8) and HyperSpy 1.7.3.

Run from this directory:  /usr/bin/python3 make_hdf5_golden.py

Outputs (all small; committed):
  datasets.h5         every dataset case (libver 'earliest': v1 B-tree chunk index), nested groups
                      and attributes of every kind
  latest.h5           chunked datasets with libver 'latest' (v4 layouts: single chunk, fixed
                      array, extensible array, v2 B-tree and implicit chunk indexes)
  corrupt.h5          a gzip dataset with one chunk overwritten with garbage, a dataset whose
                      filter (scale-offset) hyperflux does not decode, and a group holding an
                      opaque attribute (HyperSpy's _bs_ bytes), which jHDF 0.13.0 cannot parse
  signal.hspy         a small signal saved by HyperSpy 1.7.3 (s.save)
  hdf5_golden.txt     tab-separated: file, dataset path, dtype (numpy str), shape, layout, chunks,
                      filters, filter masks of the stored chunks, values (C order, as Python prints them)
  hdf5_attrs.txt      tab-separated: file, object path, attribute name, what h5py stored, the value
                      as JSON (h5py's reading, strings decoded, numpy bool as true/false, arrays as
                      nested lists, an empty attribute as null)
  hdf5_bad.txt        tab-separated: file, dataset path, chunk offset (array indices) or '-', a
                      fragment the error message must contain
"""
import json
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240607)
records = []
attr_records = []
bad_records = []


def fmt(v, dtype):
    if dtype.kind == "b":
        return "1" if v else "0"
    if dtype.kind in "iu":
        return str(int(v))
    return repr(float(v))


def layout_of(d):
    lay = d.id.get_create_plist().get_layout()
    return {h5py.h5d.CONTIGUOUS: "contiguous", h5py.h5d.CHUNKED: "chunked",
            h5py.h5d.COMPACT: "compact"}[lay]


def filters_of(d):
    dcpl = d.id.get_create_plist()
    names = {1: "deflate", 2: "shuffle", 3: "fletcher32", 6: "scaleoffset", 32000: "lzf"}
    return ",".join(names.get(dcpl.get_filter(i)[0], str(dcpl.get_filter(i)[0]))
                    for i in range(dcpl.get_nfilters())) or "none"


def masks_of(d):
    if d.chunks is None:
        return "-"
    n = d.id.get_num_chunks()
    masks = sorted(set(d.id.get_chunk_info(i).filter_mask for i in range(n)))
    return ",".join(map(str, masks)) or "-"


def record(fname, d):
    back = d[()]
    arr = np.asarray(back)
    values = " ".join(fmt(v, arr.dtype) for v in arr.reshape(-1))
    records.append("\t".join([
        fname, d.name, d.dtype.str if d.dtype.kind != "b" else "|b1",
        ",".join(map(str, d.shape)), layout_of(d),
        ",".join(map(str, d.chunks)) if d.chunks else "-", filters_of(d), masks_of(d), values]))


def ramp(dtype, shape):
    """Values from the type's minimum to its maximum (integers) or a spread with negatives, NaN and infinities (floats)."""
    n = int(np.prod(shape))
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return (np.arange(n) % 3 == 1).reshape(shape)
    if dt.kind in "iu":
        lo, hi = int(np.iinfo(dt).min), int(np.iinfo(dt).max)
        v = [lo + (hi - lo) * k // max(1, n - 1) for k in range(n)]
        return np.array(v, dtype=dt).reshape(shape)
    v = (np.arange(n, dtype=np.float64) - n / 3) * 1.75e3
    v = v.astype(dt)
    if n > 4:
        v[1], v[2], v[3] = np.nan, np.inf, -np.inf
    return v.reshape(shape)


def put(fname, group, name, data, rec=True, **kw):
    d = group.create_dataset(name, data=data, **kw)
    if rec:
        record(fname, d)
    return d


def attr(fname, node, name, value, kind, expected=None):
    node.attrs[name] = value
    back = node.attrs[name]
    attr_records.append("\t".join([fname, node.name, name, kind, json.dumps(
        plain(back) if expected is None else expected)]))


def plain(v):
    if isinstance(v, h5py.Empty):
        return None
    if isinstance(v, (bytes, np.bytes_)):
        return v.decode()
    if isinstance(v, str):
        return v
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, np.ndarray):
        return [plain(x) for x in v]
    if isinstance(v, (np.integer, int)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        f = float(v)
        if np.isnan(f):
            return "nan"
        if np.isinf(f):
            return "inf" if f > 0 else "-inf"
        return f
    raise TypeError(type(v))


DTYPES = ["i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f4", "f8"]


def write_datasets():
    fname = "datasets.h5"
    path = os.path.join(HERE, fname)
    with h5py.File(path, "w", libver="earliest") as f:
        f.attrs["file_format"] = "golden"
        # Every dtype in both byte orders, contiguous and chunked (gzip + shuffle, chunks not dividing the shape).
        for order, label in (("<", "le"), (">", "be")):
            g = f.require_group("dtypes/" + label)
            for t in DTYPES:
                dt = np.dtype(order + t) if t not in ("i1", "u1") else np.dtype(t)
                put(fname, g, "contiguous_" + t, ramp(t, (4, 5)).astype(dt))
                put(fname, g, "chunked_" + t, ramp(t, (5, 7)).astype(dt), chunks=(2, 3),
                    compression="gzip", shuffle=True)
        g = f.require_group("dtypes/bool")
        put(fname, g, "contiguous", ramp("?", (4, 5)))
        put(fname, g, "chunked", ramp("?", (5, 7)), chunks=(2, 3), compression="gzip")

        c = f.require_group("chunked")
        put(fname, c, "gzip_shuffle", ramp("f4", (7, 5, 6)), chunks=(3, 2, 4), compression="gzip",
            shuffle=True)
        put(fname, c, "gzip_noshuffle", ramp("i2", (10, 7)), chunks=(4, 3), compression="gzip",
            compression_opts=9, shuffle=False)
        put(fname, c, "uncompressed", ramp("u8", (9, 4)), chunks=(4, 4))
        put(fname, c, "fletcher_shuffle_gzip", ramp(">f8", (6, 6)), chunks=(4, 4),
            compression="gzip", shuffle=True, fletcher32=True)
        put(fname, c, "four_d", ramp("<u2", (2, 3, 4, 5)), chunks=(1, 2, 3, 2), compression="gzip",
            shuffle=True)
        put(fname, c, "one_d", ramp("f8", (23,)), chunks=(5,), compression="gzip", shuffle=True)
        # Incompressible data with lzf: the optional filter is skipped for some chunks (filter mask 1).
        put(fname, c, "lzf_random", rng.standard_normal((8, 8)), chunks=(4, 4), compression="lzf")
        put(fname, c, "lzf_zeros", np.zeros((8, 8), dtype="i4"), chunks=(4, 4), compression="lzf")
        # Chunks never written read as the fill value.
        d = c.create_dataset("partial_fill", shape=(6, 8), dtype="f4", chunks=(4, 4),
                             compression="gzip", fillvalue=-7.5)
        d[0:4, 0:4] = ramp("f4", (4, 4))
        record(fname, d)
        d = c.create_dataset("partial_nofill", shape=(5, 5), dtype="i4", chunks=(2, 2))
        d[1:3, 1:3] = [[1, 2], [3, 4]]
        record(fname, d)
        d = c.create_dataset("never_written", shape=(3, 4), dtype="u2", chunks=(2, 2), fillvalue=9)
        record(fname, d)

        k = f.require_group("contiguous")
        put(fname, k, "cube", ramp("<f4", (10, 12, 8)))
        put(fname, k, "be_i4", ramp(">i4", (6, 7)))
        d = k.create_dataset("unwritten", shape=(3, 4), dtype="f8", fillvalue=3.25)
        record(fname, d)
        d = k.create_dataset("unwritten_nofill", shape=(2, 3), dtype="i2")
        record(fname, d)
        put(fname, k, "empty", np.zeros((0, 4), dtype="f4"))
        # 128 MiB never written (no storage in the file): more than values() reads.
        k.create_dataset("huge_unwritten", shape=(4096, 4096), dtype="f8", fillvalue=0.5)

        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_layout(h5py.h5d.COMPACT)
        put(fname, f.require_group("compact"), "small", ramp(">i8", (3, 4)), dcpl=dcpl)

        s = f.require_group("scalar")
        put(fname, s, "f8", np.float64(2.5))
        put(fname, s, "i4_be", np.array(-42, dtype=">i4"))
        put(fname, s, "u1", np.uint8(200))
        put(fname, s, "bool", np.bool_(True))
        s.create_dataset("empty", data=h5py.Empty("f8"))

        n = f.require_group("nested/a/b/c")
        put(fname, n, "data", ramp("<i2", (3, 3)))
        f.require_group("nested/a/sibling")
        f.require_group("nested/empty_group")
        links = f.require_group("links")
        links["to_data"] = h5py.SoftLink("/nested/a/b/c/data")
        links["to_group"] = h5py.SoftLink("/nested/a")
        links["broken"] = h5py.SoftLink("/no/such/thing")

        # String datasets (metadata lists), read as values, never as blocks.
        st = f.require_group("strings")
        st.create_dataset("vlen_list", data=["Fe", "O", "Ti"], dtype=h5py.string_dtype())
        st.create_dataset("vlen_unicode", data=["µm", "Å", ""], dtype=h5py.string_dtype())
        st.create_dataset("fixed_list", data=np.array([b"ab", b"cde", b""], dtype="S3"))
        st.create_dataset("vlen_scalar", data="hello", dtype=h5py.string_dtype())

        write_attributes(fname, f)


def write_attributes(fname, f):
    g = f.require_group("attrs")
    a = fname
    attr(a, g, "int", 42, "python int (int64)")
    attr(a, g, "negative", -7, "python int (int64)")
    attr(a, g, "float", 2.5, "python float (float64)")
    attr(a, g, "nan", float("nan"), "float64 NaN")
    attr(a, g, "inf", float("-inf"), "float64 -inf")
    attr(a, g, "true", True, "numpy bool (HDF5 enum int8)")
    attr(a, g, "false", np.bool_(False), "numpy bool (HDF5 enum int8)")
    attr(a, g, "str", "Hello µm", "vlen UTF-8 string")
    attr(a, g, "str_empty", "", "vlen UTF-8 string")
    attr(a, g, "none", "_None_", "vlen UTF-8 string")
    attr(a, g, "fixed_str", np.bytes_(b"fixed"), "fixed-length ASCII string")
    attr(a, g, "vlen_ascii", np.array(b"ascii", dtype=h5py.string_dtype("ascii")),
         "vlen ASCII string")
    for t in DTYPES:
        for order in ("<", ">"):
            dt = np.dtype(order + t) if t not in ("i1", "u1") else np.dtype(t)
            if order == ">" and t in ("i1", "u1"):
                continue
            v = ramp(t, (3,))[2]
            attr(a, g, "scalar_" + ("be_" if order == ">" else "") + t, np.array(v, dtype=dt),
                 "numpy scalar " + dt.str)
    attr(a, g, "u8_max", np.uint64(2**64 - 1), "numpy scalar <u8 (max)")
    attr(a, g, "list_int", np.array([1, 2, 3], dtype="i8"), "1-D int64 array")
    attr(a, g, "list_f4", np.array([0.5, -1.25], dtype="f4"), "1-D float32 array")
    attr(a, g, "list_u2_be", np.array([1, 65535], dtype=">u2"), "1-D big-endian uint16 array")
    attr(a, g, "list_bool", np.array([True, False, True]), "1-D bool (enum) array")
    attr(a, g, "matrix", np.arange(6, dtype="i4").reshape(2, 3), "2-D int32 array")
    attr(a, g, "list_fixed_str", np.array([b"a", b"bc"], dtype="S2"), "1-D fixed-length strings")
    attr(a, g, "list_vlen_str", ["Fe", "O", "Ti"], "1-D vlen UTF-8 strings")
    attr(a, g, "list_vlen_str_unicode", np.array(["µ", "Å"], dtype=h5py.string_dtype()),
         "1-D vlen UTF-8 strings")
    attr(a, g, "empty", h5py.Empty("f8"), "empty (null dataspace)")
    attr(a, g, "length_one", np.array([7], dtype="i8"), "1-D int64 array of one")
    attr(a, g, "empty_array", np.zeros(0, dtype="f8"), "1-D float64 array of none", [])
    d = f["chunked/gzip_shuffle"]
    attr(a, d, "units", "nm", "vlen UTF-8 string")
    attr(a, d, "scale", 0.5, "python float (float64)")
    attr(a, d, "dotted.key", 1, "python int (int64)")
    attr(a, f["nested/a"], "level", 1, "python int (int64)")


def write_latest():
    fname = "latest.h5"
    with h5py.File(os.path.join(HERE, fname), "w", libver="latest") as f:
        put(fname, f, "single_chunk", ramp("f4", (4, 6)), chunks=(4, 6), compression="gzip",
            shuffle=True)
        put(fname, f, "fixed_array", ramp("<i4", (9, 10)), chunks=(4, 3), compression="gzip",
            shuffle=True)
        put(fname, f, "extensible_array", ramp("f8", (7, 5)), chunks=(3, 2), maxshape=(None, 5),
            compression="gzip")
        put(fname, f, "btree_v2", ramp("u2", (7, 5)), chunks=(3, 2), maxshape=(None, None),
            compression="gzip", shuffle=True)
        # No filter and early allocation: the implicit chunk index.
        sid = h5py.h5s.create_simple((6, 5))
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_chunk((4, 2))
        dcpl.set_alloc_time(h5py.h5d.ALLOC_TIME_EARLY)
        dsid = h5py.h5d.create(f.id, b"implicit", h5py.h5t.NATIVE_INT16, sid, dcpl=dcpl)
        d = h5py.Dataset(dsid)
        d[...] = ramp("i2", (6, 5))
        record(fname, d)
        put(fname, f, "contiguous", ramp(">f4", (3, 5)))
        f.attrs["version"] = "latest"
        attr(fname, f, "list_vlen_str", ["a", "bb"], "1-D vlen UTF-8 strings (libver latest)")


def write_corrupt():
    fname = "corrupt.h5"
    path = os.path.join(HERE, fname)
    with h5py.File(path, "w", libver="earliest") as f:
        f.create_dataset("data", data=ramp("f4", (8, 8)), chunks=(4, 4), compression="gzip",
                         shuffle=True)
        f.create_dataset("scaleoffset", data=np.arange(16, dtype="i4").reshape(4, 4),
                         chunks=(2, 2), scaleoffset=0)
        # HyperSpy stores bytes holding NUL as an opaque attribute (_bs_<key>); jHDF 0.13.0 cannot
        # parse the object header that holds one.
        g = f.create_group("opaque")
        g.attrs["_bs_raw"] = np.void(b"\x00\x01ab")
        g.create_dataset("inside", data=np.arange(3))
        info = f["data"].id.get_chunk_info_by_coord((4, 0))
    with open(path, "r+b") as raw:
        raw.seek(info.byte_offset + 2)
        raw.write(bytes((i * 37 + 11) % 256 for i in range(info.size - 4)))
    bad_records.append("\t".join([fname, "/data", "4,0", "corrupt"]))
    bad_records.append("\t".join([fname, "/scaleoffset", "-", "scaleoffset"]))
    bad_records.append("\t".join([fname, "/opaque", "-", "attributes"]))


def write_hspy():
    import hyperspy.api as hs
    data = (np.arange(2 * 3 * 8, dtype="f4").reshape(2, 3, 8) - 5) * 0.25
    s = hs.signals.Signal1D(data)
    s.metadata.General.title = "golden"
    s.metadata.set_item("Sample.elements", ["Fe", "O", "Ti"])
    s.metadata.set_item("Signal.quantity", "Intensity (counts)")
    s.original_metadata.set_item("Acquisition.exposure", 0.5)
    s.original_metadata.set_item("Acquisition.detector", "CCD")
    s.axes_manager[-1].scale = 0.1
    s.axes_manager[-1].offset = 400.0
    s.axes_manager[-1].units = "eV"
    s.axes_manager[-1].name = "Energy"
    path = os.path.join(HERE, "signal.hspy")
    if os.path.exists(path):
        os.remove(path)
    s.save(path)
    with h5py.File(path, "r") as f:
        record("signal.hspy", f["Experiments/golden/data"])
        for name in ("file_format", "file_format_version"):
            attr_records.append("\t".join(["signal.hspy", "/", name, "hyperspy root attribute",
                                           json.dumps(plain(f.attrs[name]))]))
        ax = f["Experiments/golden/axis-2"]
        for name in sorted(ax.attrs):
            attr_records.append("\t".join(["signal.hspy", ax.name, name, "hyperspy axis attribute",
                                           json.dumps(plain(ax.attrs[name]))]))
        el = f["Experiments/golden/metadata/Sample/_list_elements"]
        records.append("\t".join(["signal.hspy", el.name, "vlen-str", ",".join(map(str, el.shape)),
                                  layout_of(el), ",".join(map(str, el.chunks)) if el.chunks else "-",
                                  filters_of(el), masks_of(el),
                                  " ".join(x.decode() for x in el[()])]))


write_datasets()
write_latest()
write_corrupt()
write_hspy()
with open(os.path.join(HERE, "hdf5_golden.txt"), "w") as out:
    out.write("# h5py %s, libhdf5 %s, numpy %s; written by make_hdf5_golden.py\n"
              % (h5py.__version__, h5py.version.hdf5_version, np.__version__))
    out.write("\n".join(records) + "\n")
with open(os.path.join(HERE, "hdf5_attrs.txt"), "w") as out:
    out.write("# h5py %s; written by make_hdf5_golden.py\n" % h5py.__version__)
    out.write("\n".join(attr_records) + "\n")
with open(os.path.join(HERE, "hdf5_bad.txt"), "w") as out:
    out.write("# written by make_hdf5_golden.py\n")
    out.write("\n".join(bad_records) + "\n")

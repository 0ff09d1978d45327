#!/usr/bin/python3
"""Writes the zarr v2 golden fixtures read by ZarrGoldenTest, with Debian's zarr 2.13 + numcodecs.

Run from this directory:  /usr/bin/python3 make_zarr_golden.py

Outputs (all small; committed):
  arrays/<name>/          one zarr v2 array per case (directory store)
  zarr_golden.txt         tab-separated: name, dtype, shape, chunks, separator, compressor,
                          fill_value, values (what zarr-python reads back, C order, space-separated)
  bad/<name>/             arrays hyperflux refuses (Fortran order, filters, unsupported dtype)
  zarr_bad.txt            tab-separated: name, a fragment the error message must contain
"""
import json
import os
import shutil

import numcodecs
import numpy as np
import zarr
from numcodecs import GZip, LZ4, Blosc, Delta, Zlib, Zstd

HERE = os.path.dirname(os.path.abspath(__file__))
ARRAYS = os.path.join(HERE, "arrays")
BAD = os.path.join(HERE, "bad")
rng = np.random.default_rng(20240601)
records = []


def fmt(v, dtype):
    if dtype.kind == "b":
        return "1" if v else "0"
    if dtype.kind in "iu":
        return str(int(v))
    return repr(float(v))


def create(name, data, chunks, compressor, fill_value=0, separator=".", write=None, root=ARRAYS):
    path = os.path.join(root, name)
    shutil.rmtree(path, ignore_errors=True)
    store = zarr.DirectoryStore(path, dimension_separator=separator)
    z = zarr.create(shape=data.shape, chunks=chunks, dtype=data.dtype, compressor=compressor,
                    fill_value=fill_value, store=store, overwrite=True)
    if write is None:
        z[...] = data
    else:
        z[write] = data[write]
    return z, path


def case(name, data, chunks, compressor, fill_value=0, separator=".", write=None):
    z, path = create(name, data, chunks, compressor, fill_value, separator, write)
    back = zarr.open_array(path, mode="r")[...]
    meta = json.load(open(os.path.join(path, ".zarray")))
    comp = meta["compressor"]["id"] if meta["compressor"] else "none"
    if comp == "blosc":
        c = meta["compressor"]
        comp = "blosc-%s-%d-%d-%d" % (c["cname"], c["clevel"], c["shuffle"], c["blocksize"])
    values = " ".join(fmt(v, back.dtype) for v in np.asarray(back).reshape(-1))
    records.append("\t".join([
        name, meta["dtype"], ",".join(map(str, meta["shape"])), ",".join(map(str, meta["chunks"])),
        meta.get("dimension_separator", "."), comp, json.dumps(meta["fill_value"]), values]))


def extremes(dtype, n):
    """n values of dtype from its minimum to its maximum, with the extremes included."""
    dt = np.dtype(dtype)
    if dt.kind == "b":
        return (np.arange(n) % 3 == 1)
    if dt.kind in "iu":
        info = np.iinfo(dt)
        vals = [int(info.min) + (int(info.max) - int(info.min)) * k // (n - 1) for k in range(n)]
        return np.array(vals, dtype=object).astype(dt)
    special = [np.nan, np.inf, -np.inf, -0.0, np.finfo(dt).max, np.finfo(dt).tiny, -1.5, 1e-3]
    body = np.linspace(-1000, 1000, n - len(special))
    return np.concatenate([np.array(special), body]).astype(dt)


def smooth(shape, dtype, noise):
    """A smooth ramp with a little seeded noise: compresses like detector data."""
    idx = np.indices(shape).sum(axis=0).astype(np.float64)
    v = 1000 + 30 * np.sin(idx / 7.0) * 10 + rng.normal(0, noise, size=shape)
    return v.astype(dtype)


def main():
    shutil.rmtree(ARRAYS, ignore_errors=True)
    shutil.rmtree(BAD, ignore_errors=True)
    os.makedirs(ARRAYS)
    os.makedirs(BAD)

    # Every dtype, both byte orders, chunks (3, 2) that do not divide the shape (7, 5).
    for t in ["|b1", "|i1", "|u1", "<i2", ">i2", "<u2", ">u2", "<i4", ">i4", "<u4", ">u4",
              "<i8", ">i8", "<u8", ">u8", "<f4", ">f4", "<f8", ">f8"]:
        name = "dtype_" + t.replace("<", "le_").replace(">", "be_").replace("|", "")
        data = extremes(t, 35).reshape(7, 5).astype(t)
        case(name, data, (3, 2), Blosc("lz4", 5, Blosc.SHUFFLE))

    # Every compressor on uint16 data of shape (40, 30) in chunks (16, 16).
    u16 = smooth((20, 30), "<u2", 3)
    for cname in ["zstd", "lz4", "lz4hc", "blosclz", "zlib"]:
        for shuffle in [Blosc.NOSHUFFLE, Blosc.SHUFFLE, Blosc.BITSHUFFLE]:
            case("blosc_%s_shuffle%d" % (cname, shuffle), u16, (16, 16), Blosc(cname, 5, shuffle))
    case("zlib", u16, (16, 16), Zlib(4))
    case("gzip", u16, (16, 16), GZip(5))
    case("zstd", u16, (16, 16), Zstd(3))
    case("lz4", u16, (16, 16), LZ4(1))
    case("none", u16, (16, 16), None)

    # Blosc frames with many blocks and a leftover block (blocksize 3000 bytes), each type size.
    case("blosc_zstd_blocks_u2", smooth((20, 70), "<u2", 2), (16, 64),
         Blosc("zstd", 1, Blosc.SHUFFLE, blocksize=300))
    case("blosc_zstd_blocks_f8", smooth((10, 40), "<f8", 2), (8, 32),
         Blosc("zstd", 1, Blosc.SHUFFLE, blocksize=400))
    case("blosc_zstd_blocks_i4_be", smooth((10, 40), ">i4", 2), (8, 32),
         Blosc("zstd", 3, Blosc.SHUFFLE, blocksize=200))
    case("blosc_zstd_blocks_u1", smooth((20, 70), "|u1", 2), (16, 64),
         Blosc("zstd", 1, Blosc.SHUFFLE, blocksize=300))
    case("blosc_lz4_blocks_split_u2", smooth((20, 70), "<u2", 2), (16, 64),
         Blosc("lz4", 5, Blosc.SHUFFLE, blocksize=512))
    # Stored uncompressed inside Blosc: clevel 0, and random bytes that do not compress.
    case("blosc_zstd_clevel0", u16, (16, 16), Blosc("zstd", 0, Blosc.SHUFFLE))
    case("blosc_zstd_incompressible",
         rng.integers(0, 2**32, size=(8, 64), dtype=np.uint32).astype("<u4"), (8, 64),
         Blosc("zstd", 1, Blosc.SHUFFLE))
    # HyperSpy's .zspy layout: Blosc(zstd, 1, shuffle), nested keys i/j/k.
    case("nested_zspy_f4", smooth((5, 6, 7), "<f4", 1), (2, 4, 3),
         Blosc("zstd", 1, Blosc.SHUFFLE), fill_value=0.0, separator="/")
    case("nested_zlib_i2", smooth((4, 5, 6), "<i2", 1), (3, 2, 4), Zlib(1), separator="/")

    # Chunks never written read as the fill value: NaN, an integer, a boolean.
    nanf = smooth((10, 10), "<f4", 1)
    case("missing_nan", nanf, (4, 4), Blosc("zstd", 1, Blosc.SHUFFLE), fill_value=np.nan,
         write=(slice(0, 4), slice(0, 8)))
    case("missing_int", smooth((9, 7), "<i2", 1), (4, 3), Zlib(1), fill_value=42,
         write=(slice(4, 9), slice(0, 7)))
    case("missing_inf_be", smooth((6, 6), ">f8", 1), (3, 3), None, fill_value=-np.inf,
         write=(slice(0, 3), slice(0, 3)))
    case("missing_bool", (np.arange(12).reshape(3, 4) % 2 == 0), (2, 2), Zstd(1), fill_value=True,
         write=(slice(0, 2), slice(0, 2)))

    # Geometry edge cases: a 0-d array, a zero-length axis, chunks larger than the shape.
    case("scalar_f8", np.array(3.25, dtype="<f8"), (), Blosc("lz4", 5, Blosc.SHUFFLE))
    case("zero_length_i4", np.zeros((0, 5), dtype="<i4"), (3, 5), Zlib(1))
    case("chunk_larger_than_shape_u1", np.arange(5, dtype="|u1") * 7, (10,), LZ4(1))

    with open(os.path.join(HERE, "zarr_golden.txt"), "w") as f:
        f.write("# zarr %s, numcodecs %s; written by make_zarr_golden.py\n"
                % (zarr.__version__, numcodecs.__version__))
        f.write("\n".join(records) + "\n")

    # Arrays hyperflux refuses, each with a fragment of the expected message.
    bad = []
    zarr.create(shape=(3, 4), chunks=(2, 2), dtype="<i4", order="F",
                store=zarr.DirectoryStore(os.path.join(BAD, "order_f")))[...] = \
        np.arange(12).reshape(3, 4)
    bad.append("order_f\tFortran")
    zarr.create(shape=(12,), chunks=(5,), dtype="<i4", filters=[Delta(dtype="<i4")],
                store=zarr.DirectoryStore(os.path.join(BAD, "filters_delta")))[...] = np.arange(12)
    bad.append("filters_delta\tdelta")
    zarr.create(shape=(3,), chunks=(2,), dtype="<c8",
                store=zarr.DirectoryStore(os.path.join(BAD, "dtype_complex")))[...] = [1j, 2, 3]
    bad.append("dtype_complex\t<c8")
    zarr.create(shape=(3,), chunks=(2,), dtype="<f2",
                store=zarr.DirectoryStore(os.path.join(BAD, "dtype_float16")))[...] = [1, 2, 3]
    bad.append("dtype_float16\t<f2")
    zarr.create(shape=(3,), chunks=(2,), dtype="<i4", compressor=numcodecs.BZ2(1),
                store=zarr.DirectoryStore(os.path.join(BAD, "codec_bz2")))[...] = [1, 2, 3]
    bad.append("codec_bz2\tbz2")
    with open(os.path.join(HERE, "zarr_bad.txt"), "w") as f:
        f.write("\n".join(bad) + "\n")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Regenerate stats_golden.txt, the golden summary statistics and bin-rule histograms checked by
SignalStatisticsTest.

Run with Debian's interpreter, which carries HyperSpy 1.7.3:

    /usr/bin/python3 make_stats_golden.py

One record a line, fields separated by TAB; floats are Python reprs (nan, inf); an error is
written as "!" + the exception class name. Printed text has its newlines written as "\\n" and its
tabs as "\\t".

  sig    ID  DTYPE  ARRAYSHAPE  NSIG  TITLE  VALUES
         an input signal with HyperSpy's default axes; data in C order, space separated
  stats  ID  MEAN  STD  MIN  Q1  MEDIAN  Q3  MAX  DTYPES  PRINTED
         s._calculate_summary_statistics() on the eager signal (NaN removed), the numpy dtype of
         each of the seven values (comma separated) and what s.print_summary_statistics() prints
  lazystats  ID  MEAN  STD  MIN  Q1  MEDIAN  Q3  MAX  CHUNKS
         the same on s.as_lazy() rechunked to CHUNKS (dask's approximate da.percentile per
         chunk), recorded to document where hyperflux's exact quartiles differ
  hist   ID  BINS  RANGE  MAXBINS  REPR  DTYPE  AXIS  COUNTS
         s.get_histogram(bins=BINS, range_bins=RANGE, max_num_bins=MAXBINS) on the eager signal;
         RANGE is "-" (None) or "LO,HI"; AXIS is "NAME,SIZE,SCALE,OFFSET,UNITS,IS_BINNED"
  keeprange  ID  BINS  RANGE  MAXBINS  AXIS  COUNTS
         where the eager path caps the number of bins and then drops range_bins (np.histogram(a,
         max_num_bins) over the data's range), np.histogram(a, max_num_bins, range) with the range
         kept: what hyperflux gives there
  lazyhist  ID  BINS  RANGE  MAXBINS  REPR  DTYPE  AXIS  COUNTS
         the same on s.as_lazy() (HyperSpy's lazy path: approximate quartiles, range ignored, NaN
         not dropped), recorded to document the differences
"""
import contextlib
import io
import logging

import numpy as np

from golden_common import as_chunked, failed, fmt, fmt_float, header, histogram_fields, make
from golden_common import range_text, sig_record, values, write_golden

logging.disable(logging.CRITICAL)


def escape(text):
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


SIGNALS = {}
lines = [header(__file__)]


def sig(ident, data, nsig, title):
    SIGNALS[ident] = make(data, nsig, title, ())
    lines.append(sig_record(ident, SIGNALS[ident]))


def stats(ident, lazy_chunks=None):
    s = SIGNALS[ident]
    try:
        vals = s._calculate_summary_statistics()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            s.print_summary_statistics()
        rec = [fmt(v) for v in vals] + [",".join(str(np.asarray(v).dtype) for v in vals),
                                         escape(out.getvalue())]
    except Exception as e:  # noqa: BLE001
        rec = failed(e, 8, "-")
    lines.append("\t".join(["stats", ident] + rec))
    if lazy_chunks is not None:
        lz = as_chunked(s, lazy_chunks)
        vals = lz._calculate_summary_statistics(rechunk=False)
        lines.append("\t".join(["lazystats", ident] + [fmt(np.asarray(v).ravel()[0]) for v in vals]
                               + [",".join(str(c) for c in lazy_chunks)]))


def hist(ident, bins, rng, max_bins=250, lazy=True):
    rng_text = range_text(rng)
    s = SIGNALS[ident]
    tags = [("hist", s)] + ([("lazyhist", s.as_lazy())] if lazy else [])
    for tag, t in tags:
        rec = histogram_fields(t, rng, bins=bins, max_num_bins=max_bins)
        lines.append("\t".join([tag, ident, bins, rng_text, str(max_bins)] + rec))
    a = s.data[~np.isnan(s.data)].flatten()
    if rng is not None and a.size:
        edges = np.histogram_bin_edges(a, bins=bins, range=rng)
        if len(edges) > max_bins:
            counts, e = np.histogram(a, bins=max_bins, range=rng)
            spec = "value,%d,%s,%s,<undefined>,1" % (len(counts), fmt_float(e[1] - e[0]),
                                                      fmt_float(e[0]))
            lines.append("\t".join(["keeprange", ident, bins, rng_text, str(max_bins), spec,
                                    values(counts)]))


rs = np.random.RandomState(7)
# float32, normal, with NaN
f = rs.normal(10.0, 3.0, size=(6, 7)).astype(np.float32)
f[1, 2] = np.nan
f[4, 5] = np.nan
sig("f32n", f, 2, "noisy")
# uint16 counts with many duplicates
u = rs.poisson(20, size=(4, 5, 6)).astype(np.uint16)
sig("u16", u, 1, "counts")
# int16 with negative values
i = rs.randint(-300, 300, size=(3, 40)).astype(np.int16)
sig("i16", i, 1, "signed")
# float64: a narrow peak and far outliers, so that fd asks for thousands of bins
h = np.concatenate([rs.normal(0.0, 0.01, 290),
                    [-50.0, 40.0, 100.0, 75.0, 60.0, -20.0, 33.0, 81.0, 99.0, 12.0]])
sig("peak", h.reshape(10, 30), 1, "peak")
# float64 with an even count: medians between two values, negative zero
g = np.array([-2.5, -0.0, 0.0, 1.25, 3.5, 3.5, 7.0, -1.0, 2.0, 0.5, 9.75, -4.0])
sig("f64", g.reshape(3, 4), 1, "even")
# constant uint8: zero IQR and std, one bin
sig("const", np.full((2, 3), 7, dtype=np.uint8), 1, "flat")
# int64 beyond 2**53
big = np.array([2**60, 2**60 + 1, -(2**58), 2**62, 3, -(2**61), 2**60 + 3, 17], dtype=np.int64)
sig("i64", big.reshape(2, 4), 1, "big")
# all NaN: HyperSpy's summary fails; the histogram has one bin over [0, 1]
sig("allnan", np.full((2, 2), np.nan, dtype=np.float32), 1, "void")

stats("f32n", (2, 3))
stats("u16", (2, 2, 3))
stats("i16", (2, 7))
stats("peak", (3, 7))
stats("f64")
stats("const")
stats("i64")
stats("allnan")

hist("f32n", "fd", None)
hist("f32n", "scott", None)
hist("f32n", "fd", (8.0, 12.0))
hist("f32n", "scott", (5.0, 15.5))
hist("f32n", "fd", None, max_bins=3)
hist("u16", "fd", None)
hist("u16", "scott", None)
hist("u16", "fd", (10.0, 30.0))
hist("i16", "fd", None)
hist("i16", "scott", None)
hist("peak", "fd", None)
hist("peak", "scott", None)
hist("peak", "fd", (-1.0, 1.0))
hist("peak", "fd", (-1.0, 1.0), max_bins=5)
hist("f64", "fd", None)
hist("f64", "scott", (-1.0, 4.0))
hist("const", "fd", None)
hist("const", "scott", None)
hist("i64", "fd", None, lazy=False)
hist("i64", "scott", None, lazy=False)
hist("allnan", "fd", None)
hist("allnan", "scott", None)

write_golden("stats_golden.txt", lines)

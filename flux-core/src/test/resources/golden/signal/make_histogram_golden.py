#!/usr/bin/python3
"""Regenerate histogram_golden.txt, the golden get_histogram results checked by SignalHistogramTest.

Run with Debian's interpreter, which carries HyperSpy 1.7.3:

    /usr/bin/python3 make_histogram_golden.py

One record a line, fields separated by TAB; floats are Python reprs (nan, inf); an error is
written as "!" + the exception class name.

  sig   ID  DTYPE  ARRAYSHAPE  NSIG  TITLE  VALUES
        an input signal with HyperSpy's default axes; data in C order, space separated
  hist  ID  BINS  RANGE  REPR  DTYPE  AXIS  COUNTS
        s.get_histogram(bins=BINS, range_bins=RANGE) on the eager signal. BINS is an integer or
        "e:" + comma-separated explicit edges; RANGE is "-" (None) or "LO,HI". AXIS is the result
        axis "NAME,SIZE,SCALE,OFFSET,UNITS,IS_BINNED"
  lazy  ID  BINS  RANGE  REPR  DTYPE  AXIS  COUNTS
        the same on s.as_lazy() (HyperSpy's lazy path ignores range_bins and does not drop NaN),
        computed; recorded to document where hyperflux deliberately follows the eager path
"""
import logging

import numpy as np

from golden_common import fmt_float, header, histogram_fields, make, range_text, sig_record
from golden_common import write_golden

logging.disable(logging.CRITICAL)

SIGNALS = {}
lines = [header(__file__)]


def sig(ident, data, nsig, title):
    SIGNALS[ident] = make(data, nsig, title, ())
    lines.append(sig_record(ident, SIGNALS[ident]))


def hist(ident, bins, rng):
    explicit = not isinstance(bins, int)
    bins_text = "e:" + ",".join(fmt_float(e) for e in bins) if explicit else str(bins)
    for tag, s in (("hist", SIGNALS[ident]), ("lazy", SIGNALS[ident].as_lazy())):
        rec = histogram_fields(s, rng, bins=np.asarray(bins) if explicit else bins)
        lines.append("\t".join([tag, ident, bins_text, range_text(rng)] + rec))


# uint16 spectra with values on edges and outside explicit edges
u = ((np.arange(3 * 4 * 6) * 7) % 50).astype(np.uint16).reshape(3, 4, 6)
sig("u16", u, 1, "scan")
# float32 image with NaN; values k/10 lie exactly on the float32 edges of linspace(0, 1, 11)
f = np.array([0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, np.nan,
              0.25, 0.7, 0.35, np.nan, 0.95, 0.05, 1.0, 0.0], dtype=np.float32).reshape(4, 5)
sig("f32", f, 2, "")
# float32 without NaN: the same values, NaN replaced
g = np.where(np.isnan(f), np.float32(0.55), f).astype(np.float32)
sig("f32b", g, 2, "clean")
# constant signal: numpy widens the range to (v - 0.5, v + 0.5)
sig("const", np.full((2, 3), 7, dtype=np.uint8), 1, "flat")
# float64 with negative values
d = (np.arange(24, dtype=np.float64) - 10.0) / 4.0
sig("f64", d.reshape(2, 12), 1, "line")

hist("u16", [0.0, 10.0, 20.0, 25.0, 49.0], None)
hist("u16", [5.0, 7.0, 14.0, 21.0], None)
hist("u16", 5, (0.0, 49.0))
hist("u16", 7, (5.0, 30.0))
hist("u16", 4, None)
hist("u16", 6, (14.0, 14.0))
hist("f32", 10, (0.0, 1.0))
hist("f32", 10, None)
hist("f32", 6, (0.1, 0.7))
hist("f32", [0.0, 0.3, 0.7, 1.0], None)
hist("f32b", 10, None)
hist("f32b", 3, (0.3, 0.7))
hist("const", 3, None)
hist("f64", 4, None)
hist("f64", 5, (-1.0, 2.0))
hist("f64", [-2.5, -0.25, 0.0, 0.5, 3.25], None)

write_golden("histogram_golden.txt", lines)

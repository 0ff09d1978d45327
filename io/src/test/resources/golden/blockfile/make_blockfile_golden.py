#!/usr/bin/python3
"""Writes the blockfile golden fixtures read by BlockfileGoldenTest, with Debian's HyperSpy 1.7.3.

Run from this directory:  /usr/bin/python3 make_blockfile_golden.py

Every .blo file here is written by HyperSpy's own blockfile writer (s.save("x.blo")) and read
back with hs.load(..., lazy=True); what HyperSpy reads is recorded in blockfile_golden.txt,
tab-separated, one record per line:

  <file>  shape     <array shape, comma-separated>
  <file>  dtype     <numpy dtype name>
  <file>  axis      <array index>  <name>  <size>  <scale>  <offset>  <units>  <navigate 0/1>
  <file>  sum       <sum of all values>
  <file>  wsum      <sum of flat index * value, an exact integer>
  <file>  values    <all values, C order>            (small files only)
  <file>  frame     <flat frame index>  <values of that frame>
  <file>  vbf       <the stored virtual bright-field bytes, scan order>  (read with numpy at
                    Data_offset_1: HyperSpy 1.7.3 does not load it)
  <file>  md        <path>  <type>  <value>          (metadata, dates in UTC; General.FileIO
                    left out)
  <file>  om        <path>  <type>  <value>          (original_metadata)
  -       serial    <serial date>  <TZ>  <date>  <time>  <time_zone>
                    (serial_date_to_ISO_format under that local time zone)

Types are str, int, float (repr, exact) and bool. Differences from HyperSpy that the Java test
expects are listed in BlockfileGoldenTest; HyperSpy's own reading is recorded here unchanged.
"""
import os
import time
import warnings

import numpy as np

warnings.simplefilter("ignore")
# Dates are shown in the local time zone: record them in UTC whatever the machine's zone.
os.environ["TZ"] = "UTC"
time.tzset()
import hyperspy.api as hs  # noqa: E402
from hyperspy.misc.date_time_tools import serial_date_to_ISO_format  # noqa: E402

hs.set_log_level("ERROR")
HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240917)
records = []


def rec(*fields):
    records.append("\t".join(str(f) for f in fields))


def typed(v):
    if isinstance(v, (bool, np.bool_)):
        return "bool", "1" if v else "0"
    if isinstance(v, (int, np.integer)):
        return "int", str(int(v))
    if isinstance(v, (float, np.floating)):
        return "float", repr(float(v))
    if isinstance(v, bytes):
        return "str", v.decode("latin1")
    if isinstance(v, str):
        return "str", v
    raise TypeError("%r: %r" % (type(v), v))


def flatten(d, prefix=""):
    for k in sorted(d.keys()):
        v = d[k]
        path = prefix + k
        if path == "General.FileIO" or path == "_HyperSpy":
            continue
        if isinstance(v, dict):
            yield from flatten(v, path + ".")
        else:
            yield path, v


def calibrate(s, nav_scales, nav_units, sig_scale, sig_units):
    am = s.axes_manager
    for ax, sc, u in zip(am.navigation_axes, nav_scales, nav_units):
        ax.scale, ax.units = sc, u
    for ax in am.signal_axes:
        ax.scale, ax.units = sig_scale, sig_units


def case(name, s, values=True, **save_kwargs):
    path = os.path.join(HERE, name)
    if os.path.exists(path):
        os.remove(path)
    s.save(path, **save_kwargs)
    t = hs.load(path, lazy=True)
    data = np.asarray(t.data.compute())
    rec(name, "shape", ",".join(map(str, data.shape)))
    rec(name, "dtype", data.dtype.name)
    for i, ax in enumerate(t.axes_manager._axes):
        rec(name, "axis", i, ax.name, ax.size, repr(float(ax.scale)), repr(float(ax.offset)),
            ax.units, 1 if ax.navigate else 0)
    flat = data.reshape(-1).astype(np.int64)
    rec(name, "sum", int(flat.sum()))
    rec(name, "wsum", int((np.arange(flat.size, dtype=np.int64) * flat).sum()))
    if values:
        rec(name, "values", " ".join(map(str, flat)))
    frames = data.reshape((-1,) + data.shape[-2:])
    for k in sorted({0, len(frames) // 2, len(frames) - 1}):
        rec(name, "frame", k, " ".join(map(str, frames[k].reshape(-1))))
    h = t.original_metadata.blockfile_header
    with open(path, "rb") as f:
        f.seek(int(h.Data_offset_1))
        vbf = np.frombuffer(f.read(int(h.NX) * int(h.NY)), dtype=np.uint8)
    rec(name, "vbf", " ".join(map(str, vbf)))
    for p, v in flatten(t.metadata.as_dictionary()):
        rec(name, "md", p, *typed(v))
    for p, v in flatten(t.original_metadata.as_dictionary()):
        rec(name, "om", p, *typed(v))
    return t


# 1. Calibrated scan (NY=5, NX=7, 8x8 frames), header fields and a note through
#    original_metadata, an explicit navigator stored as the virtual bright field.
data = rng.integers(0, 256, size=(5, 7, 8, 8), dtype=np.uint8)
s = hs.signals.Signal2D(data)
calibrate(s, [2.5, 3.5], ["nm", "nm"], 0.25, "cm")
s.original_metadata.add_dictionary({"blockfile_header": {
    "Beam_energy": 200000, "Camera_length": 1200, "Scan_rotation": 1234, "DP_rotation": 77,
    "Acquisition_time": 44197.5625, "Centering_N3": 1.5, "Distortion_N07": -2.25,
    "UNKNOWN1": 131141, "Note": "scan 7 \u2014 \u00b5m test"}})
nav = hs.signals.Signal2D((np.arange(35).reshape(5, 7) * 7 % 256).astype(np.uint8))
case("cal.blo", s, navigator_signal=nav)

# 2. Units converted by the writer (um -> nm, mm -> cm), the default navigator (the mean),
#    an acquisition time with microseconds.
data = (np.arange(4 * 3 * 6 * 6) * 13 % 256).astype(np.uint8).reshape(4, 3, 6, 6)
s = hs.signals.Signal2D(data)
calibrate(s, [0.01, 0.02], ["\u00b5m", "\u00b5m"], 2.0, "mm")
s.original_metadata.add_dictionary({"blockfile_header": {
    "Acquisition_time": 43831.123456789, "Beam_energy": 300000, "Note": ""}})
case("units.blo", s)

# 3. One scan row (NY=1): HyperSpy squeezes the y axis (and mislabels the rest).
data = rng.integers(0, 256, size=(6, 5, 5), dtype=np.uint8)
s = hs.signals.Signal2D(data)
calibrate(s, [1.5], ["nm"], 0.5, "cm")
case("row.blo", s)

# 4. Frame headers big-endian (HyperSpy still writes the file header little-endian).
data = rng.integers(0, 256, size=(3, 4, 7, 7), dtype=np.uint8)
s = hs.signals.Signal2D(data)
calibrate(s, [1.0, 2.0], ["nm", "nm"], 0.125, "cm")
case("bigendian.blo", s, endianess=">")

# 5. A single pattern (NX = NY = 1): both scan axes squeezed.
data = rng.integers(0, 256, size=(9, 9), dtype=np.uint8)
s = hs.signals.Signal2D(data)
calibrate(s, [], [], 0.2, "cm")
case("single.blo", s)

# 6. Written from a lazy signal in chunks, 16x16 frames, uncalibrated signal axes.
data = rng.integers(0, 256, size=(6, 9, 16, 16), dtype=np.uint8)
s = hs.signals.Signal2D(data).as_lazy()
s.data = s.data.rechunk((2, 4, 16, 16))
calibrate(s, [0.75, 0.75], ["nm", "nm"], 1.0, "cm")
case("lazy.blo", s, values=False, show_progressbar=False)

# Serial dates under several local time zones.
serials = [44197.5625, 43831.123456789, 25570.0, 0.0, -1.5, 44000.999999999, 45000.0000000001]
for zone in ["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Europe/London",
             "Australia/Sydney"]:
    os.environ["TZ"] = zone
    time.tzset()
    for serial in serials:
        date, tm, tzname = serial_date_to_ISO_format(serial)
        rec("-", "serial", repr(serial), zone, date, tm, tzname)

with open(os.path.join(HERE, "blockfile_golden.txt"), "w", encoding="utf-8") as f:
    f.write("# HyperSpy %s, numpy %s; written by make_blockfile_golden.py\n"
            % (hs.__version__, np.__version__))
    f.write("\n".join(records) + "\n")

#!/usr/bin/env python3
"""Writes the golden Merlin .mib files of MibGoldenTest with numpy, independently of hyperflux's
writer: headers laid out as the single-chip sample of LiberTEM-rs' base_types.rs tests, pixels
big-endian (U08/U16/U32) or raw R64 (R1, R6, R12) encoded from the bit rules of LiberTEM-rs'
decoder.rs, the quad in the [Q4|Q3|Q2|Q1] wire layout with Q3/Q4 flipped in x and y.

Pixel (y, x) of frame f holds value(kind, f, y, x) below; MibGoldenTest computes the same.
HyperSpy 1.7.3 has no .mib reader (RosettaSciIO's is newer), so these files stand in for it.

Run: /usr/bin/python3 make_mib_golden.py   (in this directory)
"""
import numpy as np


def value(kind, f, y, x):
    if kind == "U08":
        return (f * 37 + y * 11 + x * 3) & 0xFF
    if kind == "U16":
        return (f * 4099 + y * 257 + x * 3 + 60000) & 0xFFFF
    if kind == "U32":
        return (f * 2654435761 + y * 40503 + x * 7) & 0xFFFFFFFF
    if kind == "R12":
        return (f * 1000 + y * 64 + x * 9) & 0xFFF
    if kind == "R6":
        return (f * 5 + y * 7 + x) & 0x3F
    if kind == "R1":
        return (f + 3 * y + 5 * x + (x * y) % 7) % 2
    raise ValueError(kind)


def image(kind, f, h, w):
    y, x = np.mgrid[0:h, 0:w].astype(np.int64)
    return value(kind, f, y, x)


def header(seq, chips, w, h, ptype, layout, depth):
    size = 384 if chips == 1 else 768
    s = "MQ1,%06d,%05d,%02d,%04d,%04d,%s,%6s,%02X," % (seq, size, chips, w, h, ptype, layout,
                                                       (1 << chips) - 1)
    s += "2020-05-18 16:51:49.971626,0.000555,0,0,0,"
    s += "1.200000E+2,5.110000E+2," + "0.000000E+0," * 6
    for _ in range(chips):
        s += "3RX," + "175,511,000," * 9
    s += "MQ1A,2020-05-18T14:51:49.971626178Z,555000ns,%d," % depth
    assert len(s) <= size, len(s)
    return s.ljust(size).encode("latin-1")


def raw_bytes(pixels, depth):
    """Encodes a 1-D array of wire pixels as R64 words."""
    if depth == 1:
        bits = pixels.reshape(-1, 64).astype(np.uint64)
        words = (bits << np.arange(64, dtype=np.uint64)).sum(axis=1, dtype=np.uint64)
        return words.astype(">u8").tobytes()
    if depth == 6:
        return pixels.astype(np.uint8).reshape(-1, 8)[:, ::-1].tobytes()
    if depth == 12:
        return pixels.astype(">u2").reshape(-1, 4)[:, ::-1].tobytes()
    raise ValueError(depth)


def quad_wire(img):
    """The 256 x 1024 wire image of a decoded 2x2G (514 x 514) quad frame."""
    q1 = img[0:256, 0:256]
    q2 = img[0:256, 258:514]
    q3 = img[258:514, 0:256]
    q4 = img[258:514, 258:514]
    rows = []
    for r in range(256):
        rows.append(np.concatenate([q4[255 - r][::-1], q3[255 - r][::-1], q2[r], q1[r]]))
    return np.stack(rows)


def write_binary(name, kind, frames, h, w):
    dtype = {"U08": ">u1", "U16": ">u2", "U32": ">u4"}[kind]
    depth = {"U08": 6, "U16": 12, "U32": 24}[kind]
    with open(name, "wb") as out:
        for f in range(frames):
            out.write(header(f + 1, 1, w, h, kind, "1x1", depth))
            out.write(image(kind, f, h, w).astype(dtype).tobytes())


def write_raw_single(name, kind, frames, h, w):
    depth = int(kind[1:])
    with open(name, "wb") as out:
        for f in range(frames):
            out.write(header(f + 1, 1, w, h, "R64", "1x1", depth))
            out.write(raw_bytes(image(kind, f, h, w).ravel(), depth))


def write_raw_quad(name, frames):
    with open(name, "wb") as out:
        for f in range(frames):
            img = image("R1", f, 514, 514)
            img[256:258, :] = 0
            img[:, 256:258] = 0
            out.write(header(f + 1, 4, 1024, 256, "R64", "2x2G", 1))
            out.write(raw_bytes(quad_wire(img).ravel(), 1))


def write_hdr(name, scan_x, scan_y, depth):
    lines = [
        "HDR,\t",
        "Time and Date Stamp (day, mnth, yr, hr, min, s):\t18/05/2020 16:51:48",
        "Chip ID:\tW529_F5,-,-,-",
        "Chip Type (Medipix 3.0, Medipix 3.1, Medipix 3RX):\tMedipix 3RX",
        "Assembly Size (NX1, 2X2):\t   1x1",
        "Chip Mode  (SPM, CSM, CM, CSCM):\tSPM",
        "Counter Depth (number):\t%d" % depth,
        "Gain:\tSLGM",
        "Active Counters:\tAlternating",
        "Thresholds (keV):\t1.200000E+2,5.110000E+2,0.000000E+0,0.000000E+0,0.000000E+0,"
        "0.000000E+0,0.000000E+0,0.000000E+0",
        "Frames in Acquisition (Number):\t%d" % (scan_x * scan_y),
        "Frames per Trigger (Number):\t%d" % scan_x,
        "Trigger Start (Positive, Negative, Internal):\tRising Edge",
        "Temperature (C):\tBoard Temp 37.2 Deg C",
        "Humidity (%):\tBoard Humidity 1.7 ",
        "Software Version:\t1.6.1.217",
        "ScanX:\t%d" % scan_x,
        "ScanY:\t%d" % scan_y,
        "End\t",
    ]
    with open(name, "wb") as out:
        out.write("\r\n".join(lines).encode("latin-1") + b" " * 16)


write_binary("scan_u16.mib", "U16", 6, 6, 8)
write_hdr("scan_u16.hdr", 3, 2, 12)
write_binary("old_u08.mib", "U08", 5, 6, 8)
write_binary("frames_u32.mib", "U32", 4, 6, 8)
write_raw_single("raw_r12.mib", "R12", 3, 2, 64)
write_raw_single("raw_r6.mib", "R6", 3, 2, 64)
write_raw_quad("raw_quad_r1.mib", 2)

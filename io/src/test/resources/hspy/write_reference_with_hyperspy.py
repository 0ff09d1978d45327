#!/usr/bin/python3
"""Writes a small .hspy with HyperSpy (1.7.3 on Debian) for HspyLayoutTest, which re-saves it with
hyperflux and compares the two files' structure (h5dump -H: every group, attribute and dataset
with its datatype and dataspace).

usage: /usr/bin/python3 write_reference_with_hyperspy.py OUT.hspy

The signal: uint16 (2, 3 | 4, 5), a named and calibrated axis, metadata with a boolean, None,
int/float/str/bool lists, a nested list, an empty list, original metadata, and a stored navigator.
"""
import sys

import numpy as np
import hyperspy.api as hs

s = hs.signals.Signal2D(np.arange(2 * 3 * 4 * 5, dtype="uint16").reshape(2, 3, 4, 5))
s.metadata.General.title = "reference"
s.metadata.set_item("A.flag", True)
s.metadata.set_item("A.none", None)
s.metadata.set_item("A.ints", [1, 2, 3])
s.metadata.set_item("A.floats", [1.5, 2])
s.metadata.set_item("A.strs", ["a", "b\u00e9"])
s.metadata.set_item("A.bools", [True, False])
s.metadata.set_item("A.nested", [[1, 2], [3, 4]])
s.metadata.set_item("A.empty", [])
s.metadata.set_item("A.deep.er", 2.5)
s.original_metadata.set_item("Header.version", 3)
s.axes_manager[0].name = "x"
s.axes_manager[0].units = "nm"
s.axes_manager[0].scale = 0.5
s.axes_manager[0].offset = -1.0
s.navigator = s.sum(axis=(2, 3))
s.save(sys.argv[1], overwrite=True)

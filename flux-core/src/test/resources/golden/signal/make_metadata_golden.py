#!/usr/bin/python3
"""Regenerate metadata_repr_golden.txt, the tree renderings checked by MetadataTest.

Run with Debian's interpreter, which carries HyperSpy 1.7.3:

    /usr/bin/python3 make_metadata_golden.py

For each case the file holds a line "=== <name>" followed by repr(DictionaryTreeBrowser(tree))
exactly as HyperSpy prints it (it ends with a newline; HyperSpy 1.7.3 emits no ANSI colour codes,
which is checked below). MetadataTest builds the same trees in Java under the same names.
"""
import sys

from golden_common import golden_path
from hyperspy.misc.utils import DictionaryTreeBrowser

CASES = {
    # The common HyperSpy paths, inserted out of order to show the sorting.
    "signal_metadata": {
        "Signal": {
            "signal_type": "EELS",
            "quantity": "Intensity (counts)",
            "Noise_properties": {"variance": 0.25},
        },
        "General": {
            "title": "Core loss",
            "original_filename": "sample.hspy",
        },
    },
    # Python reprs of every value type, private and odd keys, an empty node.
    "value_types": {
        "zeta": None,
        "alpha": True,
        "Beta": False,
        "count": 42,
        "negative": -7,
        "small": 1e-05,
        "tenth": 0.0001,
        "big": 1e16,
        "nearly_big": 123456789012345.6,
        "third": 1 / 3,
        "minus_zero": -0.0,
        "not_a_number": float("nan"),
        "infinite": float("-inf"),
        "whole": 2.0,
        "items": [1, "it's", 2.5, None, True, ["a", 'q"uote'], []],
        "_private": "hidden",
        "with space": "spaced",
        "3d": "digit first",
        "empty": {},
        "Nested": {"Deeper": {"leaf": "x"}, "after": 1},
    },
    # A long string is shortened; a long list is expanded with double lines, sorted as strings.
    "long_values": {
        "description": "abcdefghij" * 20,
        "Detector": {
            "energies": [float(i) + 0.5 for i in range(30)],
            "name": "camera",
        },
        "zz": "last",
    },
}


def main():
    out = golden_path("metadata_repr_golden.txt")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for name, tree in CASES.items():
            text = repr(DictionaryTreeBrowser(tree))
            if "\x1b" in text:
                sys.exit("unexpected ANSI escape in the rendering of " + name)
            f.write("=== " + name + "\n")
            f.write(text)
    print("wrote", out)


if __name__ == "__main__":
    main()

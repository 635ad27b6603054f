"""Runs only the known WRONG/CRASH (case, path) pairs of expected.py, against whichever s2sgrad
PYTHONPATH names.

    PYTHONPATH=/other/checkout python tests/outsider10/recheck.py --json=OUT.jsonl

tests/ is a namespace package: where the other checkout has a tests/ folder without this round,
point PYTHONPATH at a folder holding only its s2sgrad (a symlink to /other/checkout/s2sgrad).
"""
import os
import sys
import warnings

sys.path.append(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
warnings.simplefilter("ignore")
from tests.outsider_driver import recheck  # noqa: E402
from tests.outsider10 import harness  # noqa: E402
from tests.outsider10.expected import KNOWN  # noqa: E402

if __name__ == "__main__":
    recheck(harness, KNOWN, sys.argv[1:])

"""Runs every outsider-10 case along every path; prints one line per result (and a summary).

    python tests/outsider10/run_all.py [THEME ...] [--inproc] [--json=OUT.jsonl]
"""
import os
import sys

# appended, not prepended: PYTHONPATH=/other/checkout runs these programs against that s2sgrad
sys.path.append(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
import warnings  # noqa: E402
warnings.simplefilter("ignore")
from tests import outsider_driver  # noqa: E402
from tests.outsider10 import harness  # noqa: E402


if __name__ == "__main__":
    outsider_driver.run_all(harness, sys.argv[1:])

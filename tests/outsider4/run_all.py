"""Runs every outsider-4 case along every path; prints one line per result (and a summary).

    python tests/outsider4/run_all.py [THEME ...] [--inproc]
"""
import os
import sys

# appended, not prepended: PYTHONPATH=/other/checkout runs these programs against that s2sgrad
sys.path.append(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
import warnings  # noqa: E402
warnings.simplefilter("ignore")
from tests import outsider_driver  # noqa: E402
from tests.outsider4 import harness  # noqa: E402


def main(argv):
    outsider_driver.run_all(harness, argv)


if __name__ == "__main__":
    main(sys.argv[1:])

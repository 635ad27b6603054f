"""Runs only the known WRONG/CRASH (case, path) pairs of expected.py, against whichever s2sgrad
PYTHONPATH names (e.g. PYTHONPATH=/work/main to see what the main branch has fixed).

    PYTHONPATH=/other/checkout python tests/outsider6/recheck.py --json=OUT.jsonl
"""
import json
import os
import sys
import warnings

sys.path.append(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
warnings.simplefilter("ignore")
from tests.outsider6 import harness  # noqa: E402
from tests.outsider6.expected import KNOWN  # noqa: E402


def main(argv):
    out = None
    for a in argv:
        if a.startswith("--json="):
            out = open(a.split("=", 1)[1], "w")
    cases = {c.id: c for c in harness.all_cases()}
    for (cid, path) in sorted(KNOWN):
        outcome, reason = harness.run(cases[cid], path, subprocess_cli=False)
        print("%-45s %-8s %-8s %s" % (cid, path, outcome, reason[:120]), flush=True)
        if out is not None:
            out.write(json.dumps([cid, path, outcome, reason]) + "\n")
    print("s2sgrad from", harness.s2sgrad.__file__)


if __name__ == "__main__":
    main(sys.argv[1:])

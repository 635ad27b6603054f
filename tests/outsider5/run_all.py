"""Runs every outsider-5 case along every path; prints one line per result (and a summary).

    python tests/outsider5/run_all.py [THEME ...] [--inproc]
"""
import os
import sys
import time

# appended, not prepended: PYTHONPATH=/other/checkout runs these programs against that s2sgrad
sys.path.append(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
import warnings  # noqa: E402
warnings.simplefilter("ignore")
from tests.outsider5 import harness  # noqa: E402


def main(argv):
    inproc = "--inproc" in argv
    out = None
    for a in argv:
        if a.startswith("--json="):
            out = open(a.split("=", 1)[1], "w")
    themes = [a for a in argv if not a.startswith("--")] or harness.THEMES
    import json
    counts = {}
    for theme in themes:
        for case in harness.load_cases(theme):
            for path in harness.PATHS:
                t = time.time()
                outcome, reason = harness.run(case, path, subprocess_cli=not inproc)
                counts[outcome] = counts.get(outcome, 0) + 1
                if out is not None:
                    out.write(json.dumps([case.id, path, outcome, reason]) + "\n")
                    out.flush()
                if outcome != "N/A":
                    print("%-40s %-8s %-8s %5.1fs %s" % (case.id, path, outcome, time.time() - t, reason),
                          flush=True)
    print(counts)
    print("s2sgrad from", harness.s2sgrad.__file__)


if __name__ == "__main__":
    main(sys.argv[1:])

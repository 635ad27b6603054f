"""Runs every outsider-4 case along every path; prints one line per result (and a summary).

    python tests/outsider4/run_all.py [THEME ...] [--inproc]
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
import warnings  # noqa: E402
warnings.simplefilter("ignore")
from tests.outsider4 import harness  # noqa: E402


def main(argv):
    inproc = "--inproc" in argv
    themes = [a for a in argv if not a.startswith("--")] or harness.THEMES
    counts = {}
    for theme in themes:
        for case in harness.load_cases(theme):
            for path in harness.PATHS:
                t = time.time()
                outcome, reason = harness.run(case, path, subprocess_cli=not inproc)
                counts[outcome] = counts.get(outcome, 0) + 1
                if outcome != "N/A":
                    print("%-40s %-8s %-8s %5.1fs %s" % (case.id, path, outcome, time.time() - t, reason),
                          flush=True)
    print(counts)


if __name__ == "__main__":
    main(sys.argv[1:])

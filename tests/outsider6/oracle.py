"""autograd as a second oracle: every scalar case with one `wrt` that autograd can run (np swapped
for autograd.numpy in the case's module), its gradient against the finite differences the paths
are judged by.  Prints one line per case and a summary; `--json=FILE` writes them.

    python tests/outsider6/oracle.py [--json=OUT.jsonl]
"""
import json
import os
import sys
import warnings

sys.path.append(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
warnings.simplefilter("ignore")
from tests.outsider6 import harness  # noqa: E402


def main(argv, round_harness=harness):
    out = None
    for a in argv:
        if a.startswith("--json="):
            out = open(a.split("=", 1)[1], "w")
    counts = {}
    for case in round_harness.all_cases():
        verdict, detail = round_harness.oracle(case)
        counts[verdict] = counts.get(verdict, 0) + 1
        print("%-45s %-8s %s" % (case.id, verdict, detail[:100]), flush=True)
        if out is not None:
            out.write(json.dumps([case.id, verdict, detail]) + "\n")
    print(counts)


if __name__ == "__main__":
    main(sys.argv[1:])

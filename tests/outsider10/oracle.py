"""autograd as a second oracle for round 10 (round 6's tests/outsider6/oracle.py, on this round):
every scalar case with one `wrt` that autograd can run, its gradient against the finite
differences the paths are judged by.

    python tests/outsider10/oracle.py [--json=OUT.jsonl]
"""
import os
import sys
import warnings

sys.path.append(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
warnings.simplefilter("ignore")
from tests.outsider6 import oracle  # noqa: E402
from tests.outsider10 import harness  # noqa: E402

if __name__ == "__main__":
    oracle.main(sys.argv[1:], harness)

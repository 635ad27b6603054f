"""Builds tests/OUTSIDER10.md and tests/outsider10/expected.py from run_all.py's JSON lines, with
round 6's report builder (tests/outsider6/make_report.py) pointed at this round.

    python tests/outsider10/make_report.py RESULTS.jsonl [MORE.jsonl ...] [--main=RECHECK.jsonl]
                                          [--oracle=ORACLE.jsonl]

Every WRONG or CRASH is attributed to a finding (K1, K2, ...) by FINDINGS below.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
from tests.outsider6 import make_report  # noqa: E402
from tests.outsider10 import harness  # noqa: E402

# (finding, regex on "case_id path", one line)
FINDINGS = [
    ("K1", r"^dtypes\.f32_einsum hvp",
     "hvp of a function linear in the operand of a one-operand `np.einsum` (`\"ij->j\"`, `\"ii->i\"`, "
     "`\"ij->ji\"`): ValueError in `einsum_put_back` (the adjoint's tangent is a scalar 0.0); fixed in this round"),
    ("K2", r"^pyhurry\.sorted_list cli_sa",
     "`emit --standalone`: the emitted module's own `UnsupportedValueError` (a located refusal) was read as a "
     "crash by the harness, which knew only its `SharedUpdateError`; the harness is fixed in this round"),
]

if __name__ == "__main__":
    make_report.main(sys.argv[1:], harness, HERE, "OUTSIDER10.md", FINDINGS)

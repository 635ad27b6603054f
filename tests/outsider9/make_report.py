"""Builds tests/OUTSIDER9.md and tests/outsider9/expected.py from run_all.py's JSON lines, with
round 6's report builder (tests/outsider6/make_report.py) pointed at this round.

    python tests/outsider9/make_report.py RESULTS.jsonl [MORE.jsonl ...] [--main=RECHECK.jsonl]
                                          [--oracle=ORACLE.jsonl]

Every WRONG or CRASH is attributed to a finding (K1, K2, ...) by FINDINGS below.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))
from tests.outsider6 import make_report  # noqa: E402
from tests.outsider9 import harness  # noqa: E402

# (finding, regex on "case_id path", one line)
FINDINGS = [
    ("K1", r"^tricky\.matmul_inplace (jvp|cli_fwd)",
     "forward mode: `h @= W` took h for its tangent in the product (t_h = h @ W + h @ t_W); fixed in this round"),
    ("K2", r"^hurried\.tolist_max ",
     "`xs = x.tolist()` read twice (`max(xs) - min(xs)`): a ValueError, the list's adjoints joined by +; "
     "fixed in this round"),
    ("K3", r"^combined\.transformer_adam_step ",
     "`for k in d` (a loop or a comprehension) over a dict whose body reads another dict's `g[k]` but not "
     "`d[k]`: KeyError: 0, the dict indexed as a list (the documented refusal never came); fixed in this round"),
]

if __name__ == "__main__":
    make_report.main(sys.argv[1:], harness, HERE, "OUTSIDER9.md", FINDINGS)

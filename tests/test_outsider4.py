"""Outsider round 4: ~250 short programs written as NumPy users write them, each checked along
every differentiation path (grad, another wrt, value_and_grad, vjp, jvp, hvp, jacobian by both
modes, the command line) against central finite differences.

PASS and REFUSED (a located error) are what we expect; the known WRONG/CRASH findings are
xfail(strict=True) with their reason (tests/outsider4/expected.py, tests/OUTSIDER4.md).
Every case runs with S2SGRAD_DEEP=1 (the command line then in a subprocess); otherwise a fixed
ninth of them, with the command line called in-process.
"""

import os
import warnings

import pytest

from tests.outsider4 import harness
from tests.outsider4.expected import KNOWN

DEEP = os.environ.get("S2SGRAD_DEEP") == "1"


def _applicable(case, path):
    if path in case.skip:
        return False
    if path in ("grad", "vag", "hvp", "cli"):
        return case.out == "scalar"
    if path == "grad_alt":
        return case.out == "scalar" and case.alt is not None
    if path in ("jac_rev", "jac_fwd"):
        return case.out == "vector"
    return True


def _params():
    params, k = [], 0
    for case in harness.all_cases():
        for path in harness.PATHS:
            if not _applicable(case, path):
                continue
            k += 1
            if not DEEP and k % 9 != 0 and (case.id, path) not in KNOWN:
                continue
            marks = []
            if (case.id, path) in KNOWN:
                outcome, reason = KNOWN[(case.id, path)]
                marks.append(pytest.mark.xfail(strict=True, reason="%s: %s" % (outcome, reason)))
            params.append(pytest.param(case, path, id="%s-%s" % (case.id, path), marks=marks))
    return params


@pytest.mark.parametrize("case,path", _params())
def test_outsider4(case, path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outcome, reason = harness.run(case, path, subprocess_cli=DEEP)
    assert outcome in ("PASS", "REFUSED", "N/A"), "%s %s: %s" % (case.id, path, reason)

"""Smoke test of the benchmark workloads: their gradients agree (no timing; see scripts/bench.py)."""

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import autograd_versions, suite  # noqa: E402

CASES = suite.cases()
IDS = [f"{c.workload}-{c.size.split(':')[0].replace(' ', '')}" for c in CASES]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_s2sgrad_matches_handwritten(case):
    suite.check_agreement(case, use_autograd=False)


@pytest.mark.skipif(not autograd_versions.AVAILABLE, reason="autograd is not installed (pip install -e .[bench])")
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_autograd_matches_handwritten(case):
    suite.check_agreement(case, use_autograd=True)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_s2sgrad_value_is_f(case):
    value, _ = case.s2sgrad()(*case.args)
    expected = case.fn(*case.args)
    assert np.allclose(value, expected, rtol=1e-10, atol=0.0), f"value {value!r}, f returns {expected!r}"

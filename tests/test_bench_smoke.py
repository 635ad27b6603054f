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


def test_transform_rows_report_time_per_100_lines_and_linearity():
    """The transform section's arithmetic (no timing): seconds per 100 lines of the slower mode's
    second transform, and the ratio of seconds per line at 1,000 and 100 lines."""
    import io

    from benchmarks import extra
    rows = [{"kind": "straight-line statements", "size": n, "reverse_s": 2 * t, "forward_s": t,
             "reverse_again_s": t, "forward_again_s": t / 2, "wall_s": {"reverse": 3 * t, "forward": 2 * t},
             "per_100_lines_s": 100 * t / n, "target": {"text": "<= 50 ms per 100 lines", "met": 100 * t / n <= 0.05}}
            for n, t in ((100, 0.04), (1000, 0.6))]
    linear = extra.linearity(rows)
    assert linear["ratio"] == pytest.approx(1.5) and linear["target"]["met"]
    emit = {"kind": "`s2sgrad emit` (command line)", "size": 1000, "reverse_s": 0.9, "forward_s": 1.1,
            "import_s": 0.25, "wall_s": {"reverse": 1.0, "forward": 1.2}, "target": {"text": "each under 1 s",
                                                                                   "met": False}}
    out = io.StringIO()
    extra.print_transform(rows + [emit], out)
    text = out.getvalue()
    assert "| 40 ms | 0.12 s / 0.08 s | met" in text and "| 60 ms | 1.80 s / 1.20 s | MISSED" in text
    assert "| 0.900 s | 1.100 s | import alone: 0.250 s |  |  | 1.00 s / 1.20 s | MISSED" in text
    assert "= 1.50 (met: <= 1.5)" in text
    assert extra.linearity(rows[:1]) is None


def test_api_rows_time_the_emitted_function_and_each_way_of_calling():
    """One `api` row, a few calls (its numbers are not checked: only that the emitted function it
    times beside the API is the one the API runs, and the row's arithmetic)."""
    import io

    from benchmarks import api_overhead, workloads
    row = api_overhead.api_row("float", workloads.scalar_fn, 0.7, calls=5)
    assert set(row["median_s"]) == {"emitted function", *row["overhead_s"]} and len(row["overhead_s"]) == 3
    for way, over in row["overhead_s"].items():
        assert over == pytest.approx(row["median_s"][way] - row["median_s"]["emitted function"])
    out = io.StringIO()
    api_overhead.print_api([row], out)
    assert out.getvalue().splitlines()[2].startswith("| float | ")

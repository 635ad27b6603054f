"""scripts/gpu_check.py's rule-table path, run without a GPU: the same code with NumPy arrays
(everything agrees) and with Dask arrays (a listed Dask limitation is reported by family), so
the CuPy run cannot rot between the times a GPU is at hand."""

import importlib.util
import io
import pathlib

import pytest

from rule_table import TABLE

SCRIPT = pathlib.Path(__file__).resolve().parent.parent / "scripts" / "gpu_check.py"


def _script():
    spec = importlib.util.spec_from_file_location("gpu_check", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _indices(*calls):
    return [next(i for i, e in enumerate(TABLE) if e.call == call) for call in calls]


SOME = ("np.sin(x)", "np.sum(x, axis=0)", "np.take(x, [1, 0, 1], axis=1)", "np.diagonal(x)", "np.concatenate([x, y])")


def test_rule_table_path_on_numpy():
    out = io.StringIO()
    assert _script().run_table("numpy", _indices(*SOME), out=out) == {}
    assert f"rule table on numpy: {len(SOME)} of {len(SOME)} entries agree with NumPy" in out.getvalue()


def test_rule_table_path_on_dask_reports_failures_by_family():
    pytest.importorskip("dask.array")
    out = io.StringIO()
    failures = _script().run_table("dask", _indices(*SOME, "np.sort(x)"), out=out)
    assert list(failures) == ["shape"] and failures["shape"][0][0].startswith("np.sort(x)")
    assert "shape:\n    np.sort(x)" in out.getvalue()

"""The PyTorch eager peers of scripts/bench.py --suite adbench agree with s2sgrad (tiny sizes;
skipped where torch is not installed, as in the project's own environment), and the suite's
acceptance lines."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

import s2sgrad
from benchmarks.adbench import generate, gmm, hand, lstm, suite

try:
    from benchmarks.adbench import peers_torch as pt
except ImportError:
    pt = None
needs_torch = pytest.mark.skipif(pt is None, reason="torch is not installed")


def _assert_leaves_close(got, want):
    got, want = suite._leaves(got), suite._leaves(want)
    assert len(got) == len(want)
    for a, b in zip(got, want):
        np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=1e-9, atol=1e-12)


@needs_torch
def test_gmm_and_lstm_value_and_grad():
    args = generate.gmm_instance(3, 4, 12)
    _assert_leaves_close(pt.gmm_value_and_grad(*args), s2sgrad.value_and_grad(gmm.gmm_objective, wrt=gmm.WRT)(*args))
    args = generate.lstm_instance(2, 4, 3)
    _assert_leaves_close(pt.lstm_value_and_grad(*args),
                         s2sgrad.value_and_grad(lstm.lstm_objective, wrt=lstm.WRT)(*args))


@needs_torch
def test_ba_and_ht_jacobians():
    args = generate.ba_instance(2, 3, 4)
    _assert_leaves_close(pt.ba_jacobian(*args), suite.ba_s2sgrad("rev")(*args))
    args = generate.hand_instance(4, n_vertices=30)
    _assert_leaves_close(pt.ht_jacobian(*args), s2sgrad.jacobian(hand.hand_objective, wrt=0, mode="fwd")(*args))


@needs_torch
def test_threads_follow_numpy(monkeypatch):
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.delenv(var, raising=False)
    assert pt.numpy_threads() == 1
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")
    assert pt.numpy_threads() == 2


def test_acceptance_lines():
    path = Path(__file__).resolve().parents[1] / "scripts" / "bench.py"
    spec = importlib.util.spec_from_file_location("adbench_bench_targets", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    results = [{"problem": "BA Jacobian, 5 observations", "ratio": {"s2sgrad": 2.0, "JAX jit": 1.0,
                                                                    "PyTorch eager": 1.0},
                "first_call_s": {"s2sgrad": 0.5, "JAX jit": 2.0}},
               {"problem": "LSTM l=1 c=3 b=2", "ratio": {"s2sgrad": 5.0}, "first_call_s": {"s2sgrad": 0.5}}]
    assert [met for _, met in bench.adbench_targets(results)] == [True, False, True, True, False]

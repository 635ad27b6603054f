"""`@s2sgrad.checkpoint` on a function: its callers' tapes keep only its arguments."""

import tracemalloc

import numpy as np

import s2sgrad
from s2sgrad.testing import check_grads
from tests.custom import checkpointed as C

X = np.linspace(-1.0, 1.0, 7)


def test_gradient_equals_the_uncheckpointed_gradient_and_finite_differences():
    got = s2sgrad.grad(C.run_checkpointed, (0, 1))(X, 0.7, 5)
    want = s2sgrad.grad(C.run_plain, (0, 1))(X, 0.7, 5)
    np.testing.assert_allclose(got[0], want[0], rtol=1e-13)
    assert got[1] == want[1]
    check_grads(C.run_checkpointed, [X, 0.7, 5], wrt=(0, 1))


def test_forward_sweep_pushes_only_the_arguments_and_the_adjoint_recomputes():
    text = s2sgrad.emit(C.run_checkpointed)
    fwd = text.split("def fwd_heavy_step(")[1].split("\ndef ")[0]
    assert fwd.count("stack.push(") == 2 and "return heavy_step(x, w)" in fwd
    bwd = text.split("def bwd_heavy_step(")[1].split("\ndef ")[0]
    assert "fwd_heavy_step_taped(tape, x, w)" in bwd and "return bwd_heavy_step_taped(tape, d_result)" in bwd


def _peak(fn, *args):
    tracemalloc.start()
    try:
        s2sgrad.grad(fn)(*args)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_checkpointing_lowers_peak_memory():
    x = np.linspace(-1.0, 1.0, 20_000)
    s2sgrad.grad(C.run_checkpointed)(x, 0.7, 2)      # transform outside the measurement
    s2sgrad.grad(C.run_plain)(x, 0.7, 2)
    checkpointed, plain = _peak(C.run_checkpointed, x, 0.7, 40), _peak(C.run_plain, x, 0.7, 40)
    # Per step the plain tape keeps tanh(x * w) and exp(h * 0.5) (sin(h) is recomputed from h; the
    # shapes of the rest), the checkpointed one x alone: about half, plus what both sweeps
    # allocate besides.
    assert checkpointed < 0.6 * plain, (checkpointed, plain)


def test_calling_a_checkpointed_function_runs_it_unchanged():
    np.testing.assert_allclose(C.heavy_step(X, 0.7), C.plain_step(X, 0.7))


def test_second_derivatives_through_a_checkpointed_function():
    v = np.linspace(0.4, -0.6, 7)
    got = s2sgrad.hvp(C.run_checkpointed, (X, 0.7, 5), (v, None, None))
    np.testing.assert_allclose(got, s2sgrad.hvp(C.run_plain, (X, 0.7, 5), (v, None, None)), rtol=1e-12)
    grad = s2sgrad.grad(C.run_plain)
    differences = (grad(X + 1e-6 * v, 0.7, 5) - grad(X - 1e-6 * v, 0.7, 5)) / 2e-6
    np.testing.assert_allclose(got, differences, rtol=1e-6, atol=1e-8)

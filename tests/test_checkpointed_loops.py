"""Binomial checkpointing of a loop through emitted code: `for t in s2sgrad.checkpointed(range(T), snapshots=k)`."""

from math import comb

import numpy as np
import pytest

import s2sgrad
from s2sgrad.testing import check_grads, check_jvp
from tests.custom import revolve as R

X = np.linspace(-1.0, 1.0, 6)


def optimal_forward_steps(T, s):
    """Griewank & Walther's minimum of forward steps to reverse T steps with s snapshots, plus the T
    steps that record a tape (each step is taped once, just before its adjoint)."""
    if T == 0:
        return 0
    r = 0
    while comb(s + r, s) < T:
        r += 1
    return r * T - comb(s + 1 + r - 1, r - 1) + T if r else T


@pytest.mark.parametrize("n,k", [(0, 2), (1, 1), (5, 1), (5, 2), (17, 3), (50, 8), (50, None), (50, 100)])
def test_gradient_equals_the_plain_loops(n, k):
    got = s2sgrad.grad(R.simulate, (0, 1))(X, 0.7, n, k)
    want = s2sgrad.grad(R.simulate_plain, (0, 1))(X, 0.7, n, k)
    np.testing.assert_allclose(got[0], want[0], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(got[1], want[1], rtol=1e-12, atol=1e-14)


def test_gradient_against_finite_differences():
    check_grads(R.simulate, [X, 0.7, 30, 3], wrt=(0, 1))


@pytest.mark.parametrize("n,k", [(1, 1), (10, 1), (10, 2), (20, 3), (100, 8), (100, 2), (1000, 32), (7, 10)])
def test_forward_steps_are_the_binomial_optimum(n, k):
    R.steps_run.clear()
    s2sgrad.grad(R.counted)(X, n, k)
    assert len(R.steps_run) == optimal_forward_steps(n, min(k, n) if k < n else k)


def test_keeping_every_state_runs_each_step_once():
    R.steps_run.clear()
    s2sgrad.grad(R.counted)(X, 40, None)
    assert R.steps_run == list(range(40))


def test_the_emitted_gradient_drives_a_checkpointed_loop():
    text = s2sgrad.emit(R.simulate)
    assert "def simulate_step(t, v, x, w):" in text
    assert "loop = CheckpointedLoop(steps, k, invariants, simulate_step, fwd_simulate_step, bwd_simulate_step)" in text
    assert "loop.reverse(" in text
    assert "from s2sgrad.checkpointing import CheckpointedLoop" in text


def test_forward_mode_runs_the_loop_plainly():
    check_jvp(R.simulate, [X, 0.7, 20, 2], wrt=(0, 1))
    assert "CheckpointedLoop" not in s2sgrad.api.compiled(R.simulate, 0, mode="forward").source


def test_a_checkpointed_loop_cannot_break():
    with pytest.raises(s2sgrad.UserCodeError, match="cannot `break`"):
        s2sgrad.grad(R.breaks)(X, 3)


def test_a_checkpointed_loop_runs_over_a_range():
    with pytest.raises(s2sgrad.UserCodeError, match="runs over a `range"):
        s2sgrad.grad(R.over_a_list)(X, [1.0, 2.0])


def test_run_as_plain_python_it_is_the_loop():
    assert R.simulate(X, 0.7, 10, 2) == R.simulate_plain(X, 0.7, 10, 2)
    with pytest.raises(s2sgrad.ArgumentError):
        s2sgrad.checkpointed(range(3), snapshots=0)


def test_a_loop_with_no_gradient_runs_plainly():
    text = s2sgrad.emit(R.constant_schedule)
    assert "run_steps(range(n), constant_schedule_step, (scale,), ())" in text and "CheckpointedLoop" not in text
    check_grads(R.constant_schedule, [X, 7], wrt=0)


def _gradient_differences(fn, args, v, eps=1e-6):
    """Central differences of fn's gradient (in its first argument) along v."""
    grad = s2sgrad.grad(fn)
    return (grad(args[0] + eps * v, *args[1:]) - grad(args[0] - eps * v, *args[1:])) / (2 * eps)


@pytest.mark.parametrize("k", [1, 3, None])
def test_second_derivatives_of_a_checkpointed_loop(k):
    # The gradient that is differentiated again runs the loop plainly: the same values.
    args, v = (X, 0.7, 9, k), np.linspace(0.5, -0.3, 6)
    got = s2sgrad.hvp(R.simulate, args, (v, None, None, None))
    np.testing.assert_allclose(got, s2sgrad.hvp(R.simulate_plain, args, (v, None, None, None)), rtol=1e-12)
    np.testing.assert_allclose(got, _gradient_differences(R.simulate, args, v), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(s2sgrad.hessian(R.simulate)(*args) @ v, got, rtol=1e-10, atol=1e-12)
    second = s2sgrad.grad(s2sgrad.grad(R.simulate, 1), 1)(*args)
    assert second == pytest.approx(s2sgrad.grad(s2sgrad.grad(R.simulate_plain, 1), 1)(*args), rel=1e-12)

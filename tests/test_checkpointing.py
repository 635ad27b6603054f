"""The checkpointed-loop driver: gradients equal the taped loop's and finite differences,
forward steps equal Griewank and Walther's binomial optimum, memory falls with snapshots."""

import os
import tracemalloc
from math import comb

import numpy as np
import pytest
from checkpoint_schedules import Forward
from checkpoint_schedules.multistage import optimal_steps_binomial

from s2sgrad.checkpointing import CheckpointedLoop, checkpointed, schedule
from s2sgrad.errors import InternalError
from s2sgrad.testing import finite_differences

STEPS = [0, 1, 2, 5, 17, 100]
SNAPSHOTS = [1, 2, 3, 8, None, "T", "T+3"]


# -- a loop body with state (x: array, y: float) and invariants (w: array, c: float, taken as inactive) --

def advance(t, x, y, w, c):
    x = np.sin(x * w + c * t) + y
    return x, y * 0.9 + np.mean(x) * 0.1


def record(stack, t, x, y, w, c):
    a = x * w + c * t
    stack.push((x, w, np.cos(a)))
    return advance(t, x, y, w, c)


def adjoint(stack, d_state):
    x, w, cos_a = stack.pop()
    d_x_new, d_y_new = d_state
    d_x_new = d_x_new + 0.1 * d_y_new / np.size(x)
    d_a = d_x_new * cos_a
    return d_a * w, 0.9 * d_y_new + np.sum(d_x_new), d_a * x, None


def plain_loop(steps, x, y, w):
    for t in steps:
        x, y = advance(t, x, y, w, 0.1)
    return x, y


def inputs(size=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(size)
    w = rng.uniform(0.2, 0.8, size)
    x.flags.writeable = w.flags.writeable = False       # the driver and bodies never write into state
    return x, 0.3, w


def loop_gradient(steps, snapshots, x, y, w, d_x, d_y):
    loop = CheckpointedLoop(steps, snapshots, (w, 0.1), advance, record, adjoint)
    final = loop.forward((x, y))
    (d_x0, d_y0), (d_w, d_c) = loop.reverse((d_x, d_y))
    assert d_c == 0.0                                   # no step gave c a gradient: zeros_like(c)
    return final, (d_x0, d_y0, d_w), loop


def resolve(k, n_steps):
    return {"T": max(n_steps, 1), "T+3": n_steps + 3}.get(k, k)


# -- the binomial optimum, closed form (Griewank & Walther 2000, Algorithm 799) --

def beta(s, r):
    """The most steps s snapshots can reverse with at most r forward repetitions of any step."""
    return comb(s + r, s) if r >= 0 else 0


def binomial_optimum(n_steps, s):
    """The minimal number of non-recording forward steps: r T - beta(s + 1, r - 1), beta(s, r - 1) < T <= beta(s, r)."""
    r = 0
    while beta(s, r) < n_steps:
        r += 1
    return r * n_steps - beta(s + 1, r - 1)


def library_count(n_steps, snapshots):
    return sum(len(action) for action in schedule(n_steps, snapshots) if isinstance(action, Forward))


# -- gradients --

@pytest.mark.parametrize("n_steps", STEPS)
def test_taped_loop_matches_finite_differences(n_steps):
    x, y, w = inputs()
    steps = range(3, 3 + 2 * n_steps, 2)
    d_x, d_y = np.array([0.5, -1.0, 2.0]), 2.0
    final, grads, _ = loop_gradient(steps, None, x, y, w, d_x, d_y)
    np.testing.assert_allclose(final[0], plain_loop(steps, x, y, w)[0], rtol=1e-12)

    def loss(v):
        x_end, y_end = plain_loop(steps, v[:3], v[3], v[4:])
        return np.sum(x_end * d_x) + y_end * d_y

    numeric = finite_differences(loss, np.concatenate([x, [y], w]))
    analytic = np.concatenate([grads[0] + 0.0 * x, [grads[1]], grads[2]])
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("n_steps", STEPS)
@pytest.mark.parametrize("k", SNAPSHOTS)
def test_checkpointed_gradient_equals_taped(n_steps, k):
    x, y, w = inputs()
    steps = range(-n_steps, 0)
    d_x, d_y = np.array([1.0, 0.5, -0.25]), -1.5
    snapshots = resolve(k, n_steps)
    final, grads, loop = loop_gradient(steps, snapshots, x, y, w, d_x, d_y)
    taped_final, taped, _ = loop_gradient(steps, None, x, y, w, d_x, d_y)
    for got, want in zip(final + grads, taped_final + taped):
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-15)
    assert loop.max_snapshots <= (snapshots or 0)


# -- forward-step counts --

@pytest.mark.parametrize("n_steps", STEPS)
@pytest.mark.parametrize("k", SNAPSHOTS)
def test_forward_steps_are_the_binomial_optimum(n_steps, k):
    """forward_steps counts recording steps too: T records plus the closed form's recomputations."""
    x, y, w = inputs()
    snapshots = resolve(k, n_steps)
    _, _, loop = loop_gradient(range(n_steps), snapshots, x, y, w, np.ones(3), 1.0)
    expected = n_steps if snapshots is None else n_steps + binomial_optimum(n_steps, snapshots)
    assert loop.forward_steps == expected == library_count(n_steps, snapshots)
    if snapshots is not None and n_steps > 0:       # the library's own dynamic programme agrees
        assert expected == optimal_steps_binomial(n_steps, min(snapshots, n_steps - 1))


def test_binomial_closed_form_by_hand():
    # one snapshot: step i is reached from the start, 0 + 1 + ... + (T - 1) recomputations
    assert [binomial_optimum(n, 1) for n in range(6)] == [0, 0, 1, 3, 6, 10]
    # T = beta(s, r) exactly: r T - beta(s + 1, r - 1), e.g. s = 2, r = 2, T = 6: 12 - 4
    assert binomial_optimum(6, 2) == 8
    assert binomial_optimum(5, 10) == 4


# -- memory --

def peak_memory(snapshots, n_steps=1000, size=10_000):
    x, y, w = inputs(size)
    tracemalloc.start()
    try:
        loop = CheckpointedLoop(range(n_steps), snapshots, (w, 0.1), advance, record, adjoint)
        loop.reverse((np.asarray(loop.forward((x, y))[0]), 1.0))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.skipif(os.environ.get("S2SGRAD_DEEP") != "1", reason="a memory measurement (10 s): S2SGRAD_DEEP=1 runs it")
def test_peak_memory_falls_with_snapshots():
    peaks = [peak_memory(k) for k in (None, 32, 8, 2)]
    assert all(a > b for a, b in zip(peaks, peaks[1:])), peaks


# -- errors and the user-facing marker --

@pytest.mark.parametrize("bad", [0, -3, 2.0, "8", True])
def test_bad_snapshots_are_refused(bad):
    with pytest.raises(ValueError, match="snapshots must be"):
        checkpointed(range(4), snapshots=bad)
    with pytest.raises(ValueError, match="snapshots must be"):
        CheckpointedLoop(range(4), bad, (), advance, record, adjoint)


def test_checkpointed_returns_the_iterable():
    steps = range(2, 9, 3)
    assert checkpointed(steps, snapshots=2) is steps
    assert checkpointed(steps) is steps
    assert checkpointed(steps, snapshots=np.int64(4)) is steps


def test_reverse_before_forward_is_refused():
    loop = CheckpointedLoop(range(4), 2, (np.ones(3), 0.1), advance, record, adjoint)
    with pytest.raises(RuntimeError, match="before forward"):
        loop.reverse((np.ones(3), 1.0))


def test_each_sweep_runs_once():
    x, y, w = inputs()
    loop = CheckpointedLoop(range(4), 2, (w, 0.1), advance, record, adjoint)
    loop.forward((x, y))
    with pytest.raises(RuntimeError, match="already ran"):
        loop.forward((x, y))
    loop.reverse((np.ones(3), 1.0))
    with pytest.raises(RuntimeError, match="already ran"):
        loop.reverse((np.ones(3), 1.0))


def test_adjoint_of_the_wrong_arity_is_an_internal_error():
    x, y, w = inputs()
    loop = CheckpointedLoop(range(3), 1, (w, 0.1), advance, record, lambda stack, d: adjoint(stack, d)[:3])
    loop.forward((x, y))
    with pytest.raises(InternalError, match="has 3 values, expected 4"):
        loop.reverse((np.ones(3), 1.0))

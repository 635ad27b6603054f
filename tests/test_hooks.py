"""Gradient hooks: `with s2sgrad.grad_of(h) as dh:` runs in the adjoint sweep, on h's gradient."""

import numpy as np
import pytest

import s2sgrad
from tests.custom import hooks

X = np.array([0.1, 0.5, -0.4])


def test_clipping_hook_changes_the_gradient_where_it_sits():
    # d/dx sum(h*h), h = 3x: the gradient reaching h is 2h, clipped to [-1, 1], times 3.
    np.testing.assert_allclose(s2sgrad.grad(hooks.clipped)(X), 3.0 * np.clip(2.0 * 3.0 * X, -1.0, 1.0))


def test_hook_is_emitted_in_the_adjoint_sweep_under_its_source_line():
    text = s2sgrad.emit(hooks.clipped)
    assert "    # with s2sgrad.grad_of(h) as dh:\n    dh = 2 * d_result * h\n    dh = np.clip(dh, -1.0, 1.0)\n" in text
    forward_sweep = text.split("def d_clipped")[1].split("\n\n    #")[0]
    assert "np.clip" not in forward_sweep


def test_hook_in_a_loop_fires_once_per_iteration_with_that_iterations_gradient():
    hooks.seen.clear()
    n = 3
    grad = s2sgrad.grad(hooks.logged)(X, n)
    assert len(hooks.seen) == n
    # Independent chain rule: ys[k] is y after iteration k; the hook sees dL/dys[k], last iteration first.
    ys = [X]
    for _ in range(n):
        ys.append(np.sin(ys[-1]) * 2.0)
    expected, g = [], np.ones_like(X)
    for k in range(n, 0, -1):
        expected.append(g.copy())
        g = g * 2.0 * np.cos(ys[k - 1])
    for got, want in zip(hooks.seen, expected):
        np.testing.assert_allclose(got, want)
    np.testing.assert_allclose(grad, g)


def test_hook_in_a_branch_fires_only_on_that_path():
    positive, negative = np.array([0.3, 0.4]), np.array([-0.3, -0.4])
    np.testing.assert_allclose(s2sgrad.grad(hooks.scaled_in_branch)(positive),
                               0.5 * np.cos(positive ** 2) * 2 * positive)
    np.testing.assert_allclose(s2sgrad.grad(hooks.scaled_in_branch)(negative),
                               np.cos(negative ** 2) * 2 * negative)


def test_hook_in_a_called_function():
    h = np.tanh(2.0 * X)
    dh = np.clip(X, -0.1, 0.1)
    np.testing.assert_allclose(s2sgrad.grad(hooks.hooked_callee)(X), h + dh * (1 - h * h) * 2.0)


def test_plain_call_runs_the_function_unchanged():
    assert hooks.clipped(X) == pytest.approx(np.sum((3.0 * X) ** 2))


def test_forward_mode_refuses_a_hook_with_its_location():
    with pytest.raises(s2sgrad.UserCodeError) as err:
        s2sgrad.jvp(hooks.clipped, (X,), (np.ones(3),))
    assert "hooks.py:12" in str(err.value) and "grad_of" in str(err.value) and "forward mode" in str(err.value)


def test_other_with_blocks_are_refused():
    with pytest.raises(s2sgrad.UserCodeError) as err:
        s2sgrad.grad(hooks.not_a_hook)(X)
    assert "gradient hook" in str(err.value) and "hooks.py:46" in str(err.value)

"""User functions that are a primitive written out (analyses/patterns.py): the logistic
function `1 / (1 + np.exp(-a))` gets expit's rule, which reads only its value; anything else
stays a callee differentiated from its source.  Every case is checked against central finite
differences, forward mode (the dot-product test), the kinds-specialised transform, second
order, and autograd."""

import math
import types

import numpy as np
import pytest

import s2sgrad
from s2sgrad.testing import check_grads, check_jvp


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def sigmoid_int_ones(z):
    """The docstring does not count."""
    return 1 / (np.exp(-z) + 1)


def sigmoid_math(z):
    return 1.0 / (1.0 + math.exp(-z))


def not_sigmoid_sign(a):
    return 1.0 / (1.0 + np.exp(a))


def not_sigmoid_scale(a):
    return 2.0 / (1.0 + np.exp(-a))


def not_sigmoid_two_statements(a):
    e = np.exp(-a)
    return 1.0 / (1.0 + e)


def not_sigmoid_default(a, k=1.0):
    return 1.0 / (1.0 + np.exp(-a))


def top_level(x):
    return np.sum(sigmoid(x * 2.0) * x)


def in_loop(x, n):
    h = x
    for i in range(n):
        h = sigmoid(h * x + 0.1) * h
    return np.sum(h * h)


def in_branch(x):
    if np.sum(x) > 0.0:
        y = sigmoid_int_ones(x) * x
    else:
        y = sigmoid(-x) + x
    return np.sum(y)


def _callee(h, x):
    return sigmoid(h) * x + sigmoid_int_ones(x * h)


def in_callee(x, n):
    h = x
    for i in range(n):
        h = _callee(h, x)
    return np.sum(h)


def on_floats(k, x):
    return sigmoid_math(k * x) + sigmoid(k) * x


def unrecognised(x):
    return np.sum(not_sigmoid_sign(x) + not_sigmoid_scale(x) * not_sigmoid_two_statements(x)
                  + not_sigmoid_default(x))


RNG = np.random.default_rng(5)
X = RNG.standard_normal(4)
CASES = [
    (top_level, (X,), 0),
    (in_loop, (X, 3), 0),
    (in_branch, (X,), 0),
    (in_branch, (-np.abs(X),), 0),
    (in_callee, (X, 2), 0),
    (on_floats, (0.7, 1.3), (0, 1)),
    (unrecognised, (X,), 0),
]
IDS = [f"{c[0].__name__}{i}" for i, c in enumerate(CASES)]


@pytest.mark.parametrize("fn, args, wrt", CASES, ids=IDS)
def test_gradients_are_exact(fn, args, wrt):
    reference = check_grads(fn, args, wrt)
    check_jvp(fn, args, wrt)
    _, grads = s2sgrad.value_and_grad(fn, wrt=wrt)(*args)       # specialised on the arguments' kinds
    for g, r in (zip(grads, reference) if isinstance(wrt, tuple) else [(grads, reference)]):
        np.testing.assert_allclose(g, r, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("fn, args, wrt", [c for c in CASES if not isinstance(c[2], tuple)],
                         ids=[i for i, c in zip(IDS, CASES) if not isinstance(c[2], tuple)])
def test_against_autograd_and_second_order(fn, args, wrt):
    autograd = pytest.importorskip("autograd")
    import autograd.numpy as anp
    namespace = dict(fn.__globals__, np=anp)
    for helper in ("sigmoid", "sigmoid_int_ones", "_callee", "not_sigmoid_sign", "not_sigmoid_scale",
                   "not_sigmoid_two_statements", "not_sigmoid_default"):
        original = globals()[helper]
        namespace[helper] = types.FunctionType(original.__code__, namespace, helper, original.__defaults__)
    ag_fn = types.FunctionType(fn.__code__, namespace)
    np.testing.assert_allclose(s2sgrad.grad(fn, wrt=wrt)(*args), autograd.grad(ag_fn, wrt)(*args), rtol=1e-12)
    v = RNG.standard_normal(np.shape(args[wrt]))
    expected = autograd.grad(lambda *a: anp.sum(autograd.grad(ag_fn, wrt)(*a) * v), wrt)(*args)
    np.testing.assert_allclose(s2sgrad.hvp(fn, args, [v] + [None] * (len(args) - 1)), expected, rtol=1e-9, atol=1e-12)


def test_the_pattern_gets_the_rule_and_nothing_else_does():
    text = s2sgrad.emit(in_callee, wrt=0)
    assert "fwd_sigmoid" not in text and "fwd_sigmoid_int_ones" not in text
    assert "fwd__callee" in text and "np.exp" not in text
    text = s2sgrad.emit(on_floats, wrt=(0, 1))
    assert "fwd_sigmoid" not in text and "exp" not in text
    text = s2sgrad.emit(unrecognised, wrt=0)
    for name in ("not_sigmoid_sign", "not_sigmoid_scale", "not_sigmoid_two_statements", "not_sigmoid_default"):
        assert "fwd_" + name in text, name


def test_the_forward_sweep_computes_the_users_own_value():
    value, _ = s2sgrad.value_and_grad(top_level)(X)
    assert value == top_level(X)            # the user's function runs: the same bits

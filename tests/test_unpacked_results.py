"""A user call's tuple result read item by item (`a, b = f(x)`): where every `return` of f is a
tuple display of n items and each item's adjoint is there, the callee's seed is the list of the
items' adjoints, not a zero of the result's structure filled slot by slot (and the result is not
taped for its structure).  Elsewhere the zero stays; both are checked against finite
differences and autograd."""

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

from s2sgrad.api import compiled
from s2sgrad.testing import check_grads

np_ = np


def pair(x, w):
    return np_.tanh(x * w), x * x + w


def both_read(x, w):
    a, b = pair(x, w)
    return np_.sum(a * b)


def one_read(x, w):
    a, _ = pair(x, w)
    return np_.sum(a * a)


def two_returns(x, w):
    if np_.sum(x) > 0:
        return x * w, np_.sin(x)
    return w, x * 3.0


def through_arms(x, w):
    p, q = two_returns(x, w)
    return np_.sum(p * q)


def tuple_or_list(x, w):
    if np_.sum(x) > 0:
        return (x * w, x)
    return [w, x]


def through_list(x, w):
    p, q = tuple_or_list(x, w)
    return np_.sum(p * q)


def carried(x, w):
    h, c = x, w
    for _ in range(3):
        h, c = pair(h + c, w)
    return np_.sum(h * c)


def reused(x, w):
    t = pair(x, w)
    return np_.sum(t[0] * t[1] + t[0])


def nested_pair(x, w):
    return x * w, (np_.cos(x), w * w)


def nested(x, w):
    a, (b, c) = nested_pair(x, w)
    return np_.sum(a * b + c)


def swapped(x, w):
    b, a = pair(x, w)
    return np_.sum(a * np_.exp(b))


CASES = [both_read, one_read, through_arms, through_list, carried, reused, nested, swapped]


def _args(seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(4) + 0.5, rng.standard_normal(4)


@pytest.mark.parametrize("fn", CASES, ids=lambda f: f.__name__)
def test_gradients_against_finite_differences(fn):
    for seed in (0, 1):
        x, w = _args(seed)
        check_grads(fn, (x, w), (0, 1))
        check_grads(fn, (-x, w), (0, 1))


@pytest.mark.parametrize("fn", [both_read, carried, nested, swapped], ids=lambda f: f.__name__)
def test_gradients_against_autograd(fn):
    global np_
    x, w = _args(2)
    _, grads = compiled(fn, (0, 1))((x, w), {})
    np_ = anp
    try:
        expected = autograd.grad(fn, (0, 1))(x, w)
    finally:
        np_ = np
    for got, want in zip(grads, expected):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


def _caller_text(fn):
    source = compiled(fn, (0, 1)).source
    return source.split("\n\n\ndef fwd_")[0]


@pytest.mark.parametrize("fn", [both_read, through_arms, carried, swapped], ids=lambda f: f.__name__)
def test_the_seed_is_the_list_of_the_items_adjoints(fn):
    text = _caller_text(fn)
    assert "zeros_like(values" not in text and "shape_only(values" not in text, text
    assert "d_values[" not in text, text


@pytest.mark.parametrize("fn", [one_read, through_list], ids=lambda f: f.__name__)
def test_the_zero_stays_where_an_item_has_no_adjoint_or_the_length_is_unknown(fn):
    assert "zeros_like(values" in _caller_text(fn)

"""The builtin sum of a ufunc's array (transforms/array_sums.py): `sum(a, start)` is `start +
a.sum(axis=0)`, one reduction, where the normal form would loop over the items; a list, a
shadowed `sum` and an operand of unknown kind keep the loop.  Source before and after, as
dedented strings; gradients checked against central finite differences and the dot-product
test, to second order on the ADBench LSTM objective."""

import textwrap

import numpy as np
import pytest

import s2sgrad
from benchmarks.adbench import generate, lstm
from s2sgrad.resolve import StaticResolver
from s2sgrad.testing import check_grads, check_jvp
from s2sgrad.transforms import codegen
from s2sgrad.transforms.array_sums import sum_arrays
from s2sgrad.transforms.parse import parse_source


def dedent(text):
    return textwrap.dedent(text).lstrip("\n")


def rewritten(text, rewrite=True):
    source = parse_source("import math\nimport numpy as np\n\n" + dedent(text), "m.py")
    resolver = StaticResolver(source)
    func = resolver.definition("f")
    func = sum_arrays(func, resolver) if rewrite else func
    printer = codegen.Printer(lambda line: "")
    printer.function(func)
    return printer.text()


def test_a_sum_of_a_ufuncs_array_is_one_reduction():
    assert rewritten("""
        def f(y, w):
            a = y - np.log(sum(np.exp(y), 2))
            b = sum(np.sin(y) * w)
            return sum(np.tanh(y), start=w) + sum(np.cos(y))
        """) == dedent("""
        def f(y, w):
            a = y - np.log(2 + np.exp(y).sum(axis=0))
            b = sum(np.sin(y) * w)
            return w + np.tanh(y).sum(axis=0) + np.cos(y).sum(axis=0)
        """)


@pytest.mark.parametrize("text", [
    """
    def f(xs):
        return sum([np.exp(x) for x in xs], 2)
    """,
    """
    def f(y):
        sum = np.sum
        return sum(np.exp(y), 2)
    """,
    """
    def f(y):
        return sum(math.exp(v) for v in y)
    """,
    """
    def f(y):
        return sum(np.exp(y), 2, 3)
    """,
])
def test_anything_else_is_left_as_it_is(text):
    assert rewritten(text) == rewritten(text, rewrite=False)


def log_sum_exp(x, c):
    return np.log(sum(np.exp(x), c)) + sum(np.sin(x) * x)


def rows(X):
    return np.sum(sum(np.tanh(X), start=X[0]) ** 2)


def test_gradients():
    x = np.random.default_rng(0).uniform(-1, 1, 5)
    check_grads(log_sum_exp, (x, 2.0), wrt=(0, 1))
    check_jvp(log_sum_exp, (x, 2.0), wrt=(0, 1))
    X = np.random.default_rng(1).uniform(-1, 1, (4, 3))
    check_grads(rows, (X,))
    check_jvp(rows, (X,))
    value, _ = s2sgrad.value_and_grad(rows)(X)
    assert value == pytest.approx(rows(X), rel=1e-12)


def test_lstm_gradient_has_no_loop_over_the_items():
    text = s2sgrad.emit(lstm.lstm_objective, wrt=lstm.WRT)
    assert "np.exp(ypred)" in text and ".sum(axis=0)" in text
    loops = [line.strip() for line in text.splitlines() if line.lstrip().startswith("for ")]
    assert loops == ["for t in range(len_sequence_minus):", "for t in reversed(range(len_sequence_minus)):",
                     "for i in range(0, len_s, 2):", "for i in reversed(range(0, len_s, 2)):"]


def _gradient_vector(args, flat):
    main, extra = flat[:args[0].size].reshape(args[0].shape), flat[args[0].size:].reshape(args[1].shape)
    grads = s2sgrad.grad(lstm.lstm_objective, wrt=lstm.WRT)(main, extra, *args[2:])
    return np.concatenate([g.ravel() for g in grads])


def test_lstm_gradient_and_hvp_against_central_differences():
    args = generate.lstm_instance(2, 5, 3, seed=3)
    check_grads(lstm.lstm_objective, args, wrt=(0, 1), rtol=1e-5)
    rng = np.random.default_rng(4)
    tangents = (rng.standard_normal(args[0].shape), rng.standard_normal(args[1].shape), None, None)
    hv = s2sgrad.hvp(lstm.lstm_objective, args, tangents)
    flat = np.concatenate([args[0].ravel(), args[1].ravel()])
    u = np.concatenate([tangents[0].ravel(), tangents[1].ravel()])
    eps = 1e-5
    numeric = (_gradient_vector(args, flat + eps * u) - _gradient_vector(args, flat - eps * u)) / (2 * eps)
    got = np.concatenate([np.ravel(hv[0]), np.ravel(hv[1])])
    np.testing.assert_allclose(got, numeric, rtol=1e-5, atol=1e-7)


def rows_weighted(X, w):
    return np.sum(sum(X * w) ** 2) + np.sum(sum([X[0] * w, w * w, 0.5]) ** 3)


def _hvp_against_differences(fn, args, position):
    v = np.random.default_rng(5).standard_normal(np.shape(args[position]))
    tangents = [None] * len(args)
    tangents[position] = v
    hv = s2sgrad.hvp(fn, args, tangents)
    grad = s2sgrad.grad(fn, wrt=position)

    def at(step):
        moved = list(args)
        moved[position] = args[position] + step * v
        return grad(*moved)
    np.testing.assert_allclose(hv, (at(1e-5) - at(-1e-5)) / 2e-5, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("position", [0, 1])
def test_the_sum_of_an_arrays_rows_to_second_order(position):
    """sum(xs) of an array gives each row the seed at once (runtime.items_cotangent), of a list
    each item its own; both to second order (its transpose, runtime.items_total)."""
    args = (np.random.default_rng(6).uniform(-1, 1, (4, 3)), np.random.default_rng(7).uniform(-1, 1, 3))
    check_grads(rows_weighted, args, wrt=(0, 1))
    check_jvp(rows_weighted, args, wrt=(0, 1))
    _hvp_against_differences(rows_weighted, args, position)


def scaled_rows(s, X):
    return np.sum(sum(np.tanh(X * s) * s) ** 2) + sum([s * s, X[0, 0] * s]) ** 2


def test_the_sum_of_an_arrays_rows_reverse_over_reverse():
    X = np.random.default_rng(9).uniform(-1, 1, (4, 3))
    got = s2sgrad.grad(s2sgrad.grad(scaled_rows))(0.7, X)
    first = s2sgrad.grad(scaled_rows)
    assert got == pytest.approx((first(0.7 + 1e-6, X) - first(0.7 - 1e-6, X)) / 2e-6, rel=1e-6)


@pytest.mark.parametrize("items, g", [
    (np.arange(12.0).reshape(4, 3), np.array([0.5, -1.0, 2.0])),
    (np.arange(4.0), 0.75),
    ([np.ones(3), 2.0, np.arange(3.0)], np.array([0.5, -1.0, 2.0])),
])
def test_items_cotangent_and_items_total_are_transposes(items, g):
    """<items_cotangent(g, items), d> = <g, items_total(d, g)>: the rules of each (the adjoint of
    one is the other) are the transposes the second derivatives rely on."""
    from s2sgrad.rules.helpers import items_cotangent_, items_total_
    from s2sgrad.runtime import items_cotangent, items_total
    rng = np.random.default_rng(10)
    cot = items_cotangent(g, items)
    d = [rng.standard_normal(np.shape(c)) for c in cot] if isinstance(cot, list) else rng.standard_normal(cot.shape)
    left = sum(np.sum(c * e) for c, e in zip(cot, d))
    assert left == pytest.approx(np.sum(np.asarray(g) * items_total(d, g)), rel=1e-12)
    assert np.allclose(items_cotangent_(cot, g, items, d_result=d)[0], items_total(d, g))
    assert all(np.allclose(a, b) for a, b in zip(items_total_(None, d, g, d_result=g)[0], items_cotangent(g, d)))

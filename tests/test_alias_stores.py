"""Stores through another name of a new array (`z = y; z[0] = ...`, `a = b = np.zeros(3)`,
transforms/fresh_aliases.py): every name of the group sees the store, as in NumPy.  Each program
is checked in grad, jvp and hvp against central differences, and through `s2sgrad emit`."""

import numpy as np
import pytest

import s2sgrad
from tests.helpers import gradient_by_differences, run_cli

def alias_store_return_other(x):
    y = x.copy()
    z = y
    z[0] = x[1] * x[2]
    return np.sum(y * y)


def alias_store_loop_reads_other(x):
    y = np.zeros(5)
    y[0] = x[0]
    z = y
    for i in range(1, 5):
        z[i] += y[i - 1] * x[i] + 0.3
    return np.sum(y ** 2)


def alias_store_branch(x):
    y = x * 2.0
    y = np.copy(y)
    z = y
    if x[0] > 0:
        z[1] = 3 * x[2]
    else:
        z[2] = -x[1]
    return np.sum(y * x)


def alias_three_names(x):
    a = np.zeros(3)
    b = a
    c = b
    c[0] = x[0]
    b[1] = x[1] * a[0]
    a[2] += c[1] * x[2]
    return np.sum(a * x[:3]) + np.sum(b) + c[2]


def alias_overlap_slice(x):
    y = np.ones(4)
    z = y
    z[1:] = y[:-1] * x[1:4]
    return np.sum(y ** 2)


def alias_rebound_away(x):
    y = x.copy()
    z = y
    z[0] = 1.0
    z = np.ones(6)
    z[1] = x[0] * 5
    return np.sum(y * x) + np.sum(z * x)


def alias_tuple(x):
    y = np.zeros(3)
    p, q = y, y
    p[0] = x[0] ** 2
    q[1] = p[0] * x[1]
    return np.sum(y) + np.sum(p * q)


def alias_in_loop_body(x):
    total = 0.0
    for k in range(3):
        buf = np.zeros(2)
        view = buf
        view[0] = x[k]
        view[1] = buf[0] * x[k + 1]
        total = total + np.sum(buf * buf)
    return total


def alias_then_whole_update(x):
    y = np.zeros(3)
    z = y
    z[0] = x[0]
    y *= x[1]
    z[1] = y[0] + x[2]
    return np.sum(z * y)


def alias_slice_store_2d(x):
    M = np.zeros((2, 3))
    N = M
    N[0, :] = x[:3]
    N[1] = M[0] * x[3:6]
    return np.sum(M ** 2)


def chained_assignment(x):
    a = b = np.zeros(3)
    a[0] = x[0] * 2
    b[1] = a[0] + x[1]
    a += x[2:5]
    return np.sum(a * x[:3]) + np.sum(b ** 2)


def chained_in_loop(x):
    total = 0.0
    for k in range(2):
        acc = buf = np.ones(2)
        buf[k] = x[k] * x[k + 2]
        acc *= x[4]
        total = total + np.sum(buf * acc)
    return total


PROGRAMS = [chained_assignment, chained_in_loop, alias_store_return_other, alias_store_loop_reads_other, alias_store_branch, alias_three_names,
            alias_overlap_slice, alias_rebound_away, alias_tuple, alias_in_loop_body, alias_then_whole_update,
            alias_slice_store_2d]
X = np.random.default_rng(5).normal(size=6) * 0.8


@pytest.mark.parametrize("fn", PROGRAMS, ids=[f.__name__ for f in PROGRAMS])
@pytest.mark.parametrize("x", [X, -X], ids=["x", "minus_x"])
def test_a_store_through_another_name_is_seen_by_every_name(fn, x):
    value, grad = s2sgrad.value_and_grad(fn)(x.copy())
    assert value == fn(x.copy())
    np.testing.assert_allclose(grad, gradient_by_differences(fn, x), atol=1e-6)
    v = np.linspace(1.0, -1.0, x.size)
    np.testing.assert_allclose(s2sgrad.jvp(fn, (x.copy(),), (v,))[1], grad @ v, atol=1e-10)
    hv = gradient_by_differences(lambda y: s2sgrad.grad(fn)(y) @ v, x)
    np.testing.assert_allclose(s2sgrad.hvp(fn, (x.copy(),), (v,)), hv, atol=1e-6)


def test_a_store_through_another_name_in_the_emitted_module():
    x = X.copy()
    done = run_cli("emit", __file__, "-f", "alias_store_loop_reads_other")
    assert done.returncode == 0, done.stderr
    namespace = {}
    exec(compile(done.stdout, "d_alias_store_loop_reads_other", "exec"), namespace)     # noqa: S102
    value, grad = namespace["d_alias_store_loop_reads_other"](x)
    assert value == alias_store_loop_reads_other(X.copy())
    np.testing.assert_allclose(grad, s2sgrad.grad(alias_store_loop_reads_other)(X.copy()), rtol=1e-12)
    assert "y = z" in done.stdout           # (y is bound to the stored array after each store)

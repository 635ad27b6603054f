"""Updates through a slice view (s2sgrad/transforms/view_updates.py): `mid = v[1:-1]; mid += e`
is `v[1:-1] += e; mid = v[1:-1]`.  Gradients against central differences; what is not a slice
view (a fancy index copies, an integer index may give a number) is left as written."""

import textwrap

import gast
import numpy as np
import pytest

import s2sgrad
from s2sgrad.errors import SharedUpdateError
from s2sgrad.transforms.view_updates import rewrite_view_updates
from tests.helpers import gradient_by_differences

PROGRAM = '''
import numpy as np


def smooth(u):
    v = u.copy()
    mid = v[1:-1]
    mid += 0.25 * (u[:-2] - 2 * u[1:-1] + u[2:])
    return np.sum(v ** 3)


def column(A, s):
    M = np.zeros_like(A) + A
    col = M[:, 1:2]
    col *= s
    col -= 0.5
    return np.sum(M * M) + np.sum(col)


def fancy(A):
    B = A * 1.0
    sub = B[[0, 2], 1:]
    sub *= 3.0
    return np.sum(B * B) + np.sum(sub)


def rebound_between(u):
    v = u.copy()
    mid = v[1:-1]
    v = u * 2.0
    mid += 1.0
    return np.sum(v * mid[0])
'''


@pytest.fixture(scope="module")
def module(tmp_path_factory):
    import importlib.util
    path = tmp_path_factory.mktemp("views") / "viewprog.py"
    path.write_text(PROGRAM)
    spec = importlib.util.spec_from_file_location("viewprog", path)
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


RNG = np.random.default_rng(7)
U, A = RNG.normal(size=6), RNG.normal(size=(3, 4))


@pytest.mark.parametrize("name, args, wrt", [("smooth", (U,), 0), ("column", (A, 1.7), 0), ("column", (A, 1.7), 1),
                                             ("rebound_between", (U,), 0)])
def test_updates_through_a_view(module, name, args, wrt):
    fn = getattr(module, name)
    before = [np.copy(a) for a in args]
    grad = s2sgrad.grad(fn, wrt)(*args)
    point = np.asarray(args[wrt], float)
    want = gradient_by_differences(lambda v: fn(*[v if k == wrt else a for k, a in enumerate(args)]), point)
    np.testing.assert_allclose(grad, want, rtol=1e-6, atol=1e-8)
    assert all(np.array_equal(a, b) for a, b in zip(args, before))
    direction = np.ones_like(point)
    primals = tuple(args)
    tangents = tuple(direction if k == wrt else np.zeros_like(np.asarray(a, float)) for k, a in enumerate(args))
    np.testing.assert_allclose(s2sgrad.jvp(fn, primals, tangents)[1], np.sum(want), rtol=1e-6)


def test_a_fancy_index_copies_and_is_left_as_written(module):
    with pytest.raises(SharedUpdateError, match="viewprog.py:23"):
        s2sgrad.grad(module.fancy)(A)


def _rewritten(source, index):
    node = gast.parse(textwrap.dedent(source)).body[index]
    return gast.unparse(rewrite_view_updates(node)) if hasattr(gast, "unparse") else \
        __import__("ast").unparse(gast.gast_to_ast(rewrite_view_updates(node)))


def test_the_rewrite():
    text = _rewritten(PROGRAM, 1)
    assert "v[1:-1] += 0.25" in text and "mid = v[1:-1]" in text and "mid +=" not in text
    assert "sub *=" in _rewritten(PROGRAM, 3)           # a copy: left alone
    assert "mid += 1.0" in _rewritten(PROGRAM, 4)       # v bound again in between: left alone


def view_store_in_loop(x):
    y = np.zeros(6)
    tail = y[2:]
    for i in range(4):
        tail[i] = x[i] * (i + 1.0)
        if i > 0:
            tail[i] += tail[i - 1]
    return np.sum(y * y)


def row_view_store_and_update(x):
    A = np.zeros((2, 3))
    row = A[0, :]
    row[1] = x[0]
    row += x[1:4]
    return np.sum(A * A) + row[2]


def view_store_branch(x):
    y = x.copy()
    head = y[:3]
    if x[0] > 0:
        head[1] = x[2] ** 2
    else:
        head[1] *= 0.5
    return np.sum(y * x)


def view_store_of_a_product(x):
    y = x * 2.0
    v = y[1:]
    v[0] = 1.0          # (refused until stores into a slice view were read as NumPy means them)
    return np.sum(y * y)


@pytest.mark.parametrize("fn", [view_store_in_loop, row_view_store_and_update, view_store_branch,
                                view_store_of_a_product])
def test_a_store_into_a_slice_view_changes_the_array_viewed(fn):
    for x in (np.linspace(-1.0, 1.5, 6), -np.linspace(-1.0, 1.5, 6)):
        value, grad = s2sgrad.value_and_grad(fn)(x)
        assert value == fn(x)
        np.testing.assert_allclose(grad, gradient_by_differences(fn, x), atol=1e-6)
        v = np.linspace(1.0, -1.0, 6)
        np.testing.assert_allclose(s2sgrad.jvp(fn, (x,), (v,))[1], grad @ v, atol=1e-10)
        hv = gradient_by_differences(lambda y: s2sgrad.grad(fn)(y) @ v, x)
        np.testing.assert_allclose(s2sgrad.hvp(fn, (x,), (v,)), hv, atol=1e-6)

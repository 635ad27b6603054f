"""Sparse directions (s2sgrad/directions/sparse.py): a product that spreads a small tangent, most
of whose k directions are zero, over a large plain operand computes only the nonzero rows.

Each operation on a `Few` is checked against the same operation on the `Directions` it stands
for (the meaning every fast form must keep), and every Jacobian whose sweep makes one against
central differences, column-by-column `jvp` and row-by-row `vjp`.
"""

import numpy as np
import pytest

import s2sgrad
from s2sgrad import jacobians
from s2sgrad.directions import Directions, Few, dense
from s2sgrad.directions import sparse
from benchmarks.adbench import generate, hand
from tests.test_jacobian_sweeps import _copies, _differences, _rows

K = 12
ROWS = np.array([2, 7, 9])


def _few(shape=(3, 4), seed=0):
    data = np.random.default_rng(seed).normal(size=(len(ROWS),) + shape)
    return Few(K, ROWS.copy(), data)


def _same(got, want):
    assert type(got) in (Few, Directions)
    np.testing.assert_array_equal(dense(got).data, dense(want).data)


PLAIN = np.random.default_rng(1).normal(size=(3, 4))
DENSE_OTHER = Directions(np.random.default_rng(2).normal(size=(K, 3, 4)))
OPERATIONS = {
    "negation": lambda t: -t,
    "times a plain array": lambda t: t * PLAIN,
    "a plain array times": lambda t: PLAIN * t,
    "times a number": lambda t: t * 2.5,
    "over a plain array": lambda t: t / (PLAIN + 10.0),
    "plus directions": lambda t: DENSE_OTHER + t,
    "directions minus": lambda t: DENSE_OTHER - t,
    "minus directions": lambda t: t - DENSE_OTHER,
    "plus itself": lambda t: t + t,
    "matmul right": lambda t: t @ PLAIN.T,
    "matmul left": lambda t: PLAIN.T @ t,
    "np.sin": lambda t: np.sin(t),
    "np.sum over an axis": lambda t: np.sum(t, axis=0),
    "transpose": lambda t: t.T,
    "np.concatenate": lambda t: np.concatenate([t, DENSE_OTHER]),
    "an item": lambda t: t[1],
    "times a column": lambda t: t * PLAIN[:, :1],
}


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_each_operation_means_what_it_means_on_the_dense_form(name):
    op = OPERATIONS[name]
    _same(op(_few()), op(_few().dense()))


@pytest.mark.parametrize("name", ["negation", "times a plain array", "times a number", "over a plain array",
                                  "matmul right", "matmul left"])
def test_what_keeps_zero_rows_zero_stays_sparse(name):
    assert type(OPERATIONS[name](_few())) is Few


def test_a_product_with_a_plain_operand_that_is_not_finite_is_dense():
    """0 * inf is nan in the zero directions too: the dense form says so, and so must this."""
    plain = PLAIN.copy()
    plain[0, 1] = np.inf
    with np.errstate(invalid="ignore"):
        got, want = _few() * plain, _few().dense() * plain
    assert type(got) is Directions
    _same(got, want)
    assert np.isnan(got.data[0, 0, 1])


def test_views_and_writes_share_one_buffer():
    """An item of a sparse tangent is a view of it, as NumPy's is: a write into either shows in both."""
    t = _few()
    row = t[0]
    t[0, 1] = 5.0
    assert row.data[0, 1] == 5.0 and dense(t).data[0, 0, 1] == 5.0
    row[2] = -1.0
    assert dense(t).data[0, 0, 2] == -1.0


def test_a_numpy_function_that_writes_into_a_sparse_tangent():
    """np.copyto(t, v) and out= write into the tangent itself, not into a dense copy of it."""
    t, v = _few(), Directions(np.ones((K, 3, 4)))
    np.copyto(t, v)
    np.testing.assert_array_equal(dense(t).data, v.data)
    t = _few()
    np.multiply(_few(seed=1), 2.0, out=t)
    np.testing.assert_array_equal(dense(t).data, dense(_few(seed=1)).data * 2.0)
    assert np.shape(_few()) == (3, 4) and type(_few()) is Few


def test_a_store_of_a_sparse_tangent_into_directions():
    target = Directions(np.zeros((K, 2, 3, 4)))
    target[1] = _few()
    np.testing.assert_array_equal(target.data[:, 1], _few().dense().data)


def test_the_product_is_sparse_only_where_most_directions_are_zero():
    big = np.random.default_rng(3).normal(size=(200, 4))
    t = np.zeros((K, 4, 4))
    t[ROWS] = 1.0
    product = big @ Directions(t)
    assert type(product) is Few and list(product.rows) == list(ROWS)
    _same(product, Directions(np.matmul(big, t)))
    t[:] = 1.0
    assert type(big @ Directions(t)) is Directions
    assert sparse.sparse_product(np.matmul, big[:2, :1], Directions(t[:, :1])) is None     # small: dense


# -- Jacobians whose forward sweep makes sparse tangents --------------------------------------
BASE = np.random.default_rng(4).normal(size=(400, 3))
WEIGHTS = np.random.default_rng(5).uniform(size=(400, 4))


def skinning(theta):
    """Like HT: each of 4 transforms is moved by 3 of the 12 parameters, and spread over 400 points."""
    positions = np.zeros((400, 3))
    for b in range(4):
        angles = theta[3 * b:3 * b + 3]
        m = np.eye(3)
        m[0, 1] = np.sin(angles[0]) * angles[1]
        m[1, 2] = np.cos(angles[2])
        m[2, 0] = angles[0] * angles[2]
        positions = positions + WEIGHTS[:, b:b + 1] * (BASE @ m.T)
    return positions[::37]


def skinning_with_a_write(theta):
    """A sparse product written into, then read."""
    m = np.diag(theta[:3]) * theta[3]
    spread = BASE @ m
    spread[0, 1] = theta[5] * 2.0
    spread[3] = spread[3] * theta[4]
    return np.concatenate([spread[0] * 3.0, np.sum(spread, axis=0), spread[-1] / (1.0 + theta[4] ** 2)])


def test_the_skinning_sweep_makes_sparse_tangents(monkeypatch):
    made = []
    product = sparse.sparse_product

    def counted(*args):
        made.append(product(*args))
        return made[-1]
    monkeypatch.setattr("s2sgrad.directions.forms.sparse_product", counted)
    s2sgrad.jacobian(skinning, mode="fwd")(np.linspace(0.1, 1.2, 12))
    assert sum(type(m) is Few for m in made) == 4


@pytest.mark.parametrize("fn,x", [(skinning, np.linspace(0.1, 1.2, 12)),
                                  (skinning_with_a_write, np.linspace(-0.6, 0.9, 12))])
def test_against_differences_columns_and_rows(fn, x):
    J = s2sgrad.jacobian(fn, mode="fwd")(x.copy())
    np.testing.assert_allclose(J, _differences(fn, (x,), 0), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(J, jacobians._forward_columns(fn, (x.copy(),), 0), rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(J, _rows(fn, (x,), 0), rtol=1e-12, atol=1e-13)


def test_hand_at_a_size_that_makes_sparse_tangents():
    args = generate.hand_instance(6, n_vertices=60)
    J = s2sgrad.jacobian(hand.hand_objective, mode="fwd")(*_copies(args))
    np.testing.assert_allclose(J, jacobians._forward_columns(hand.hand_objective, _copies(args), 0), rtol=1e-12,
                               atol=1e-13)
    np.testing.assert_allclose(J, _differences(hand.hand_objective, args, 0), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(J, s2sgrad.jacobian(hand.hand_objective, mode="rev")(*_copies(args)), rtol=1e-12,
                               atol=1e-13)

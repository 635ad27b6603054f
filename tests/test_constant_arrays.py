"""Arrays made by NumPy functions with no derivative (`np.eye(3)`, `np.zeros(...)`, `np.indices`,
`np.argsort`, `np.round` of a constant) and indexed: an item or a row of one is an array, not an
int, so its shape counts where it broadcasts with a differentiated value (`np.eye(k)[labels] *
np.log(p)`: the one-hot cross-entropy)."""

import numpy as np

import s2sgrad
from tests.helpers import gradient_by_differences, run_cli


def one_hot_cross_entropy(x):
    labels = np.array([1, 0, 2])
    onehot = np.eye(3)[labels]
    p = np.exp(x) / np.sum(np.exp(x))
    return -np.sum(onehot * np.log(p))


def row_of_zeros_times_x(x):
    table = np.zeros((2, 3)) + 1.5
    row = np.ones((4, 3))[1]
    return np.sum(table[0] * x[:, None] * row)


def indices_row(x):
    return np.sum(np.indices((2, 3, 3))[0][1] * x[:, None])


def argsort_row(x):
    order = np.argsort(np.array([[3.0, 1.0, 2.0], [1.0, 2.0, 3.0]]), axis=1)
    return np.sum(order[0] * x[:, None] ** 2)


def rounded_row(x):
    grid = np.round(np.linspace(0.0, 5.0, 9).reshape(3, 3))
    return np.sum(np.floor(grid)[1] * x[:, None] + np.sign(grid - 2.0)[2] * x[:, None] ** 2)


X = np.array([0.3, -1.2, 0.8])


def test_a_one_hot_row_of_an_identity_broadcasts_with_the_differentiated_value():
    for fn in (one_hot_cross_entropy, row_of_zeros_times_x, indices_row, argsort_row, rounded_row):
        g = s2sgrad.grad(fn)(X)
        assert g.shape == X.shape
        np.testing.assert_allclose(g, gradient_by_differences(fn, X), atol=1e-7)
        v = np.array([1.0, 0.5, -0.25])
        hv = gradient_by_differences(lambda y: s2sgrad.grad(fn)(y) @ v, X)
        np.testing.assert_allclose(s2sgrad.hvp(fn, (X,), (v,)), hv, atol=1e-6)


def test_the_emitted_one_hot_gradient_has_the_input_s_shape():
    done = run_cli("emit", __file__, "-f", "one_hot_cross_entropy")
    assert done.returncode == 0, done.stderr
    namespace = {}
    exec(compile(done.stdout, "d_one_hot_cross_entropy", "exec"), namespace)      # noqa: S102
    _, g = namespace["d_one_hot_cross_entropy"](X)
    assert g.shape == X.shape           # (it was (3, 3): the one-hot rows were taken for numbers)
    np.testing.assert_allclose(g, gradient_by_differences(one_hot_cross_entropy, X), atol=1e-7)

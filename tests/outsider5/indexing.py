"""Indexing and products as written in a hurry: positional axes on methods, 1-D @ 2-D,
batched matmul, einsum strings, fancy indexing on other axes, ix_, 2-D masks, negative steps,
stores through negative steps, loop bounds computed from data, nested break/continue."""

import numpy as np

rng = np.random.default_rng(12)


def positional_axes(X):
    return np.sum(X.sum(0) ** 2) + np.sum(X.mean(-1)) + np.sum(X.max(1)) + np.sum(np.sum(X, 0) * X.std(0))


def std_ddof(X):
    return np.sum(X.std(axis=0, ddof=1)) + np.sum(X.var(1, ddof=1))


def vec_at_mat(x, W):
    return np.sum((x @ W) ** 2) + x @ x + x.T @ x


def dot_shapes(A, x, s):
    return np.sum(np.dot(A, x)) + np.sum(np.dot(s, x)) + np.dot(x, x)


def batched_matmul(A, B):
    C = A @ B
    return np.sum(np.tanh(C))


def matmul_broadcast(a, B):
    return np.sum((a @ B) ** 2)


def einsum_batch(A, B):
    return np.sum(np.einsum("bij,bjk->bik", A, B) ** 2)


def einsum_rowdot(A, B):
    return np.sum(np.einsum("ij,ij->i", A, B) ** 2)


def einsum_ellipsis(A, B):
    return np.sum(np.einsum("...ij,...jk->...ik", A, B))


def tensordot_axes(A, B):
    return np.sum(np.tensordot(A, B, axes=([1], [0])) ** 2)


def fancy_axis1(X):
    return np.sum(X[:, [0, 2]] ** 2) + np.sum(X[[0, 1], [1, 2]])


def ix_block(X):
    i = np.array([0, 2])
    j = np.array([1, 2])
    return np.sum(X[np.ix_(i, j)] ** 2)


def fancy_then_slice(X):
    idx = np.array([2, 0])
    return np.sum(X[idx][:, idx] * np.array([[1.0, 2.0], [3.0, 4.0]]))


def mask_2d(X):
    return np.sum(X[X > 0] ** 2) + X[X > 0].sum()


def negative_steps(x):
    return np.sum(x[::-2] * np.arange(3)) + np.sum(x[..., ::-1][:2])


def store_negative_step(x):
    y = np.zeros(6)
    y[::-1] = x
    y[::-2] = y[::-2] * 3.0
    return np.sum(y * np.arange(6))


def take_axis(X):
    return np.sum(np.take(X, [2, 0, 2], axis=1) ** 2)


def take_along_sorted(X):
    idx = np.argsort(X, axis=1)
    S = np.take_along_axis(X, idx, axis=1)
    return np.sum(S * np.arange(3))


def roll_flip(x):
    return np.sum(np.roll(x, 2) * x) + np.sum(np.flip(x) * np.arange(len(x)))


def loop_bound_from_data(x):
    n = int(np.ceil(np.sum(np.abs(x))))
    y = x
    for _ in range(n):
        y = 0.9 * y + 0.1 * np.sin(y)
    return np.sum(y)


def nested_break_continue(x):
    total = 0.0
    for i in range(len(x)):
        if x[i] < -1.0:
            continue
        for j in range(len(x)):
            if j > i:
                break
            total = total + x[i] * x[j]
        if total > 5.0:
            break
    return total


def while_else(x):
    y = x
    k = 0
    while np.max(np.abs(y)) > 0.1:
        y = y * 0.5
        k += 1
        if k > 20:
            break
    else:
        y = y * 2.0
    return np.sum(y ** 2)


def continue_with_store(x):
    y = np.zeros_like(x)
    for i in range(len(x)):
        if x[i] < 0:
            continue
        y[i] = np.sqrt(x[i])
    return np.sum(y)


def cross_entropy_gather(logits, y):
    logp = logits - np.log(np.sum(np.exp(logits), axis=1, keepdims=True))
    return -np.mean(logp[np.arange(logits.shape[0]), y])


def scatter_counts(x, idx):
    out = np.zeros(4)
    np.add.at(out, idx, x)
    return np.sum(out ** 2)


def bincount_weights(x, idx):
    return np.sum(np.bincount(idx, weights=x, minlength=4) ** 2)


def diag_extract(X):
    return np.sum(np.diag(X) ** 2) + np.trace(X @ X) + np.sum(np.diag(np.diag(X)))


def tril_indices_sum(X):
    i, j = np.tril_indices(3)
    return np.sum(X[i, j] ** 2)


def triu_store(x):
    M = np.zeros((3, 3))
    M[np.triu_indices(3)] = x
    return np.sum((M + M.T) ** 2)


CASES = [
    dict(f=positional_axes, args=(rng.standard_normal((3, 4)),), wrt=0),
    dict(f=std_ddof, args=(rng.standard_normal((3, 4)),), wrt=0),
    dict(f=vec_at_mat, args=(rng.standard_normal(3), rng.standard_normal((3, 2))), wrt=0, alt=1),
    dict(f=dot_shapes, args=(rng.standard_normal((2, 3)), rng.standard_normal(3), 0.7), wrt=1, alt=(0, 2)),
    dict(f=batched_matmul, args=(rng.standard_normal((2, 3, 4)), rng.standard_normal((4, 2))), wrt=0, alt=1),
    dict(f=matmul_broadcast, args=(rng.standard_normal(3), rng.standard_normal((2, 3, 2))), wrt=0, alt=1),
    dict(f=einsum_batch, args=(rng.standard_normal((2, 2, 3)), rng.standard_normal((2, 3, 2))), wrt=0, alt=1),
    dict(f=einsum_rowdot, args=(rng.standard_normal((3, 2)), rng.standard_normal((3, 2))), wrt=0, alt=1),
    dict(f=einsum_ellipsis, args=(rng.standard_normal((2, 2, 3)), rng.standard_normal((3, 2))), wrt=0, alt=1),
    dict(f=tensordot_axes, args=(rng.standard_normal((2, 3)), rng.standard_normal((3, 2))), wrt=0, alt=1),
    dict(f=fancy_axis1, args=(rng.standard_normal((2, 3)),), wrt=0),
    dict(f=ix_block, args=(rng.standard_normal((3, 3)),), wrt=0),
    dict(f=fancy_then_slice, args=(rng.standard_normal((3, 3)),), wrt=0),
    dict(f=mask_2d, args=(rng.standard_normal((3, 3)),), wrt=0),
    dict(f=negative_steps, args=(rng.standard_normal(6),), wrt=0),
    dict(f=store_negative_step, args=(rng.standard_normal(6),), wrt=0),
    dict(f=take_axis, args=(rng.standard_normal((2, 3)),), wrt=0),
    dict(f=take_along_sorted, args=(rng.standard_normal((2, 3)),), wrt=0),
    dict(f=roll_flip, args=(rng.standard_normal(5),), wrt=0),
    dict(f=loop_bound_from_data, args=(np.array([0.3, -1.1, 0.7]),), wrt=0),
    dict(f=nested_break_continue, args=(np.array([0.3, -1.5, 1.1, 2.0]),), wrt=0),
    dict(f=while_else, args=(np.array([0.3, -1.5, 1.1]),), wrt=0),
    dict(f=continue_with_store, args=(np.array([0.3, -1.5, 1.1, 2.0]),), wrt=0),
    dict(f=cross_entropy_gather, args=(rng.standard_normal((4, 3)), np.array([0, 2, 2, 1])), wrt=0),
    dict(f=scatter_counts, args=(rng.standard_normal(5), np.array([0, 3, 3, 1, 0])), wrt=0),
    dict(f=bincount_weights, args=(rng.standard_normal(5), np.array([0, 3, 3, 1, 0])), wrt=0),
    dict(f=diag_extract, args=(rng.standard_normal((3, 3)),), wrt=0),
    dict(f=tril_indices_sum, args=(rng.standard_normal((3, 3)),), wrt=0),
    dict(f=triu_store, args=(rng.standard_normal(6),), wrt=0),
]

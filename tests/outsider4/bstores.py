"""Stores that broadcast an array over a larger region (bias rows, repeated columns)."""

import numpy as np

rng = np.random.default_rng(13)
WEIGHT = np.arange(12.0).reshape(3, 4)


def store_all_rows(b):
    A = np.zeros((3, 4))
    A[:] = b
    return np.sum(A * WEIGHT)


def store_two_rows(b, x):
    A = np.zeros((3, 4))
    A[0:2] = b
    A[2] = x
    return np.sum(A ** 2 * WEIGHT)


def store_column_bcast(c):
    A = np.ones((3, 4))
    A[:, 1:3] = c[:, None]
    return np.sum(A * WEIGHT)


def copyto_bcast(b):
    A = np.zeros((3, 4))
    np.copyto(A, b)
    return np.sum(A * WEIGHT)


def mask_store_array_elem(x, b):
    y = x.copy()
    y[y > 0] = b[0]
    return np.sum(y * np.arange(len(y)))


def store_len1(b1, x):
    y = x.copy()
    y[1:3] = b1
    return np.sum(y ** 2 * np.arange(len(y)))


def ellipsis_store_row(b):
    A = np.empty((2, 3))
    A[...] = b
    return np.sum(A * np.arange(6).reshape(2, 3))


def fancy_rows_store(b):
    A = np.zeros((4, 3))
    A[[0, 2, 3]] = b
    return np.sum(A * np.arange(12).reshape(4, 3))


def store_row_in_loop(b, n):
    A = np.zeros((n, len(b)))
    for i in range(n):
        A[i] = b * (i + 1)
    return np.sum(A ** 2)


def store_3d_bcast(b):
    T = np.zeros((2, 3, 4))
    T[:, 1] = b
    return np.sum(T * np.arange(24).reshape(2, 3, 4))


def multiply_out_bcast(b, c):
    y = np.empty((3, 4))
    np.multiply(b, c, out=y)
    return np.sum(y * WEIGHT)


def where_row_arm(x, b):
    return np.sum(np.where(x > 0, b, 0.0) * WEIGHT)


def where_col_row(c, r):
    return np.sum(np.where(WEIGHT > 5, c, r) * WEIGHT)


b4 = rng.standard_normal(4)
CASES = [
    dict(f=store_all_rows, args=(b4,), wrt=0),
    dict(f=store_two_rows, args=(b4, rng.standard_normal(4)), wrt=(0, 1)),
    dict(f=store_column_bcast, args=(rng.standard_normal(3),), wrt=0),
    dict(f=copyto_bcast, args=(b4,), wrt=0),
    dict(f=mask_store_array_elem, args=(b4, rng.standard_normal(2)), wrt=(0, 1)),
    dict(f=store_len1, args=(np.array([0.7]), b4), wrt=(0, 1)),
    dict(f=ellipsis_store_row, args=(rng.standard_normal(3),), wrt=0),
    dict(f=fancy_rows_store, args=(rng.standard_normal(3),), wrt=0),
    dict(f=store_row_in_loop, args=(b4, 3), wrt=0),
    dict(f=store_3d_bcast, args=(b4,), wrt=0),
    dict(f=multiply_out_bcast, args=(b4, rng.standard_normal((3, 1))), wrt=(0, 1)),
    dict(f=where_row_arm, args=(rng.standard_normal((3, 4)), b4), wrt=1, alt=(0, 1)),
    dict(f=where_col_row, args=(rng.standard_normal((3, 1)), b4), wrt=(0, 1)),
]

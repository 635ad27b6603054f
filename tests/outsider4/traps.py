"""Builtins with keywords, conversions to Python values, chained stores and NumPy conveniences."""

import functools
import math
import operator

import numpy as np

rng = np.random.default_rng(8)


def reversed_range_loop(x):
    acc = 0.0
    for i in reversed(range(len(x))):
        acc = acc * 0.5 + x[i] * (i + 1)
    return acc


def reversed_list_iter(xs):
    out = 0.0
    for v in reversed(xs):
        out = out * 0.9 + v
    return out


def sum_start_kw(xs):
    return sum((v * v for v in xs), start=1.0)


def max_default_kw(xs):
    return max((v for v in xs if v > 10.0), default=0.0) + max(xs)


def zip_strict(xs, ws):
    return sum(x * w for x, w in zip(xs, ws, strict=True))


def sorted_reverse(params):
    total = 0.0
    for i, k in enumerate(sorted(params, reverse=True)):
        total = total + (i + 1.0) * np.sum(params[k])
    return total


def tolist_math(x):
    vals = x.tolist()
    return sum(v * v for v in vals) + vals[0] * vals[-1]


def list_of_array(x):
    parts = list(x)
    return parts[0] * parts[1] + sum(parts)


def array_of_list(a, b):
    v = np.array([a, b * 2, a * b])
    return np.sum(v ** 2)


def hstack_scalar(x, c):
    v = np.hstack((x, c))
    return np.sum(v * np.arange(1, len(v) + 1))


def reduce_mul(xs):
    return functools.reduce(operator.mul, xs)


def reduce_lambda(x):
    return functools.reduce(lambda a, b: a * 0.5 + b, x, 0.0)


def math_fsum_prod(xs):
    return math.fsum(xs) + math.prod(xs)


def vectorize_fn(x):
    f = np.vectorize(lambda v: v * v + 1.0)
    return np.sum(f(x))


def scalar_f(v):
    return np.sin(v) * v


def apply_along(X):
    return np.sum(np.apply_along_axis(np.sum, 1, X ** 2))


def piecewise_fn(x):
    return np.sum(np.piecewise(x, [x < 0, x >= 0], [lambda v: -v, lambda v: v ** 2]))


def select_fn(x):
    return np.sum(np.select([x < -0.5, x > 0.5], [x ** 2, np.sin(x)], default=0.0))


def clip_none(x):
    return np.sum(np.clip(x, 0.0, None) ** 2) + np.sum(x.clip(-0.2) * x)


def tuple_index_var(X):
    idx = (0, 1)
    sl = slice(1, 3)
    return X[idx] * np.sum(X[sl]) + np.sum(X[:, sl] ** 2)


def list_bool_mask(x):
    return np.sum(x[[True, False, True]] ** 2)


def triu_indices_idx(A):
    iu = np.triu_indices(3)
    return np.sum(A[iu] ** 2) + np.sum(A[np.diag_indices(3)])


def chained_index_store(x):
    A = np.zeros((3, 3))
    for i in range(3):
        A[i][i] = x[i] * 2.0
        A[i][0] += x[i]
    return np.sum(A * np.arange(9).reshape(3, 3))


def row_view_store(x):
    A = np.zeros((2, 3))
    row = A[1]
    row[2] = x[0]
    return np.sum(A) * x[1]


def fill_diagonal(x):
    A = np.ones((3, 3))
    np.fill_diagonal(A, x)
    return np.sum(A @ x)


def flat_store(x):
    A = np.zeros((3, 3))
    A.flat[::4] = x
    return np.sum(A @ A)


def diag_store_fancy(x):
    A = np.eye(3)
    A[np.arange(3), np.arange(3)] = x ** 2
    A[0, 1:] = x[1:]
    return np.sum(A @ A.T)


def overlapping_stores(v, w):
    A = np.zeros((3, 3))
    A[:, 0] = v
    A[0, :] = w
    return np.sum(A ** 2 * np.arange(9).reshape(3, 3))


def zero_d_inplace(x):
    a = np.array(0.0)
    for v in x:
        a += v * v
    return a * 2.0


def sum_where_kw(x):
    m = x > 0
    return np.sum(x ** 2, where=m) + np.sum(x, keepdims=True)[0]


def max_initial(x):
    return np.max(x, initial=0.5) + np.prod(x, initial=2.0)


def mean_tuple_axis(X):
    return np.sum(np.mean(X ** 2, axis=(0, 2))) + np.sum(X.sum(axis=(1, 2), keepdims=True))


def einsum_ellipsis(A, B):
    return np.sum(np.einsum("...ij,...jk->...ik", A, B) ** 2) + np.einsum("ij->", A[0])


def einsum_diag(A):
    return np.einsum("ii->", A) + np.sum(np.einsum("ii->i", A) ** 2)


def heaviside_sign(x):
    return np.sum(np.sign(x) * np.abs(x) ** 1.5 + np.heaviside(x, 0.5) * x)


def isclose_branch(x):
    if np.isclose(np.sum(x), 0.0):
        return np.sum(x)
    return np.sum(x ** 2)


def flatten_index(X):
    return X.flatten()[3] * X.ravel()[::2].sum() + X.flat[1]


def positional_only(x, s, /):
    return np.sum(x * s) + s ** 2


def keyword_order(x, a, b):
    def g(p, q=1.0, r=2.0):
        return p * q - r
    return np.sum(g(x, r=b, q=a) ** 2)


def float32_cast_inside(x):
    y = np.float32(2.0) * x
    z = x.astype(np.float32)
    return float(np.sum(y * z))


def matrix_from_scalars(a, b, c):
    M = np.array([[a, b], [b, c]])
    return np.linalg.det(M) + np.trace(M @ M)


def dict_values_iter(d):
    return sum(np.sum(v ** 2) for v in d.values())


def int_index_from_float(x, t):
    i = int(np.floor(t))
    frac = t - i
    return x[i] * (1 - frac) + x[i + 1] * frac


def accumulate_itertools(x):
    import_free = np.cumsum(x)
    return np.sum(import_free[::-1] * x)


x4 = rng.standard_normal(4)
A3 = rng.standard_normal((3, 3))
CASES = [
    dict(f=reversed_range_loop, args=(x4,), wrt=0),
    dict(f=reversed_list_iter, args=([0.3, 1.2, -0.5],), wrt=0),
    dict(f=sum_start_kw, args=([0.3, 1.2, -0.5],), wrt=0),
    dict(f=max_default_kw, args=([0.3, 1.2, -0.5],), wrt=0),
    dict(f=zip_strict, args=([0.3, 1.2, -0.5], [1.0, 2.0, 3.0]), wrt=(0, 1)),
    dict(f=sorted_reverse, args=({"a": x4[:2], "b": x4[2:]},), wrt=0),
    dict(f=tolist_math, args=(x4,), wrt=0),
    dict(f=list_of_array, args=(x4,), wrt=0),
    dict(f=array_of_list, args=(0.4, 1.3), wrt=(0, 1)),
    dict(f=hstack_scalar, args=(x4, 0.7), wrt=(0, 1)),
    dict(f=reduce_mul, args=([0.3, 1.2, -0.5],), wrt=0),
    dict(f=reduce_lambda, args=(x4,), wrt=0),
    dict(f=math_fsum_prod, args=([0.3, 1.2, -0.5],), wrt=0),
    dict(f=vectorize_fn, args=(x4,), wrt=0),
    dict(f=apply_along, args=(A3,), wrt=0),
    dict(f=piecewise_fn, args=(x4,), wrt=0),
    dict(f=select_fn, args=(np.array([-1.0, -0.2, 0.3, 0.9]),), wrt=0),
    dict(f=clip_none, args=(x4,), wrt=0),
    dict(f=tuple_index_var, args=(A3,), wrt=0),
    dict(f=list_bool_mask, args=(x4[:3],), wrt=0),
    dict(f=triu_indices_idx, args=(A3,), wrt=0),
    dict(f=chained_index_store, args=(x4[:3],), wrt=0),
    dict(f=row_view_store, args=(x4[:2],), wrt=0),
    dict(f=fill_diagonal, args=(x4[:3],), wrt=0),
    dict(f=flat_store, args=(x4[:3],), wrt=0),
    dict(f=diag_store_fancy, args=(x4[:3],), wrt=0),
    dict(f=overlapping_stores, args=(x4[:3], x4[1:]), wrt=(0, 1)),
    dict(f=zero_d_inplace, args=(x4,), wrt=0),
    dict(f=sum_where_kw, args=(x4,), wrt=0),
    dict(f=max_initial, args=(x4,), wrt=0),
    dict(f=mean_tuple_axis, args=(rng.standard_normal((2, 3, 2)),), wrt=0),
    dict(f=einsum_ellipsis, args=(rng.standard_normal((2, 2, 3)), rng.standard_normal((2, 3, 2))), wrt=(0, 1)),
    dict(f=einsum_diag, args=(A3,), wrt=0),
    dict(f=heaviside_sign, args=(x4,), wrt=0),
    dict(f=isclose_branch, args=(x4,), wrt=0),
    dict(f=flatten_index, args=(A3,), wrt=0),
    dict(f=positional_only, args=(x4, 0.6), wrt=(0, 1)),
    dict(f=keyword_order, args=(x4, 0.6, 1.7), wrt=(0, 1, 2)),
    dict(f=float32_cast_inside, args=(x4,), wrt=0, tol=1e-3, h=1e-3, skip=("hvp",)),
    dict(f=matrix_from_scalars, args=(1.2, 0.3, 0.8), wrt=(0, 1, 2)),
    dict(f=dict_values_iter, args=({"a": x4[:2], "b": x4[2:]},), wrt=0),
    dict(f=int_index_from_float, args=(x4, 1.3), wrt=(0, 1)),
    dict(f=accumulate_itertools, args=(x4,), wrt=0),
]

"""What a `for` loop runs over in quick code: `np.ndindex`, `np.ndenumerate`, `np.nditer`, `X.flat`,
`filter`, `iter`, NumPy integer and float arrays (`np.arange`, `np.linspace`), sliced ranges,
index arrays computed from the data (`argsort`, `flatnonzero`), masked selections, columns via
`zip(*X)`, `itertools.product`."""

import itertools

import numpy as np


def ndindex_loop(X):
    s = 0.0
    for i, j in np.ndindex(X.shape):
        s += X[i, j] ** 2 * (i + 1)
    return s


def ndenumerate_loop(X):
    s = 0.0
    for idx, v in np.ndenumerate(X):
        s += v * v * idx[1]
    return s


def nditer_loop(X):
    s = 0.0
    for v in np.nditer(X):
        s += v ** 2
    return s


def flat_iter(X):
    s = 0.0
    for v in X.flat:
        s += np.sin(v)
    return s


def filter_positive(x):
    s = 0.0
    for v in filter(lambda v: v > 0, x):
        s += v ** 2
    return s


def iter_explicit(x):
    s = 0.0
    for v in iter(x):
        s = s * 0.5 + v
    return s


def arange_int_loop(x):
    s = 0.0
    for i in np.arange(x.size):
        s += x[i] * (i + 1)
    return s


def linspace_time_loop(y0, k):
    y = y0
    ts = np.linspace(0.0, 1.0, 11)
    for t0, t1 in zip(ts[:-1], ts[1:]):
        y = y + (t1 - t0) * (-k * y + np.sin(t0))
    return np.sum(y ** 2)


def linspace_direct_loop(a):
    s = 0.0
    for t in np.linspace(0.0, 1.0, 6):
        s += np.exp(-a * t) * t
    return s


def sliced_range_reverse(x):
    s = 0.0
    for i in range(len(x))[::-1]:
        s = s * 0.9 + x[i]
    return s


def sliced_range_tail(x):
    s = x[0]
    for i in range(x.size)[1:]:
        s = s * x[i]
    return s


def tuple_of_indices(x):
    s = 0.0
    for i in (0, 2, 3):
        s += x[i] ** 2
    return s


def argsort_index_loop(x):
    s = 0.0
    for k, i in enumerate(np.argsort(x)):
        s += x[i] * (k + 1)
    return s


def flatnonzero_loop(x):
    s = 0.0
    for i in np.flatnonzero(x > 0):
        s += x[i] ** 3
    return s


def masked_values_loop(x):
    s = 0.0
    for v in x[x > 0]:
        s += np.log(v)
    return s


def zip_star_columns(X):
    s = 0.0
    for col in zip(*X):
        s += col[0] * col[1]
    return s


def product_loop(X):
    s = 0.0
    for i, j in itertools.product(range(X.shape[0]), range(X.shape[1])):
        s += X[i, j] * (i - j)
    return s


def vsplit_rows(X):
    s = 0.0
    for part in np.vsplit(X, 2):
        s += np.sum(part) ** 2
    return s


def dict_keys_loop(x):
    weights = {"a": 1.0, "b": 2.0, "c": 0.5}
    s = 0.0
    for i, k in enumerate(weights.keys()):
        s += weights[k] * x[i] ** 2
    return s


def list_range_loop(x):
    s = 0.0
    for i in list(range(x.size)):
        s += x[i] * x[-1 - i]
    return s


X23 = np.array([[0.5, 1.2, -0.3], [0.7, -0.4, 0.9]])
X22 = np.array([[0.5, 1.2], [0.7, -0.4]])
x4 = np.array([0.3, -0.6, 0.8, 0.2])

CASES = [
    dict(f=ndindex_loop, args=(X23,)),
    dict(f=ndenumerate_loop, args=(X23,)),
    dict(f=nditer_loop, args=(X23,)),
    dict(f=flat_iter, args=(X23,)),
    dict(f=filter_positive, args=(x4,)),
    dict(f=iter_explicit, args=(x4,)),
    dict(f=arange_int_loop, args=(x4,)),
    dict(f=linspace_time_loop, args=(np.array([1.0, -0.5]), 0.7), wrt=0, alt="k"),
    dict(f=linspace_direct_loop, args=(0.8,)),
    dict(f=sliced_range_reverse, args=(x4,)),
    dict(f=sliced_range_tail, args=(x4,)),
    dict(f=tuple_of_indices, args=(x4,)),
    dict(f=argsort_index_loop, args=(x4,)),
    dict(f=flatnonzero_loop, args=(x4,)),
    dict(f=masked_values_loop, args=(x4,)),
    dict(f=zip_star_columns, args=(X23,)),
    dict(f=product_loop, args=(X23,)),
    dict(f=vsplit_rows, args=(np.vstack([X23, X23 * 0.5]),)),
    dict(f=dict_keys_loop, args=(x4,)),
    dict(f=list_range_loop, args=(x4,)),
]


def enumerate_dict_values(x):
    w = {"a": 1.0, "b": 2.0}
    s = 0.0
    for i, v in enumerate(w.values()):
        s += v * x[i] ** 2
    return s


def enumerate_dict_items(x):
    w = {"a": 1.0, "b": 2.0}
    s = 0.0
    for i, (k, v) in enumerate(w.items()):
        s += v * x[i] ** 2
    return s


CASES += [
    dict(f=enumerate_dict_values, args=(x4,)),
    dict(f=enumerate_dict_items, args=(x4,)),
]

"""Array methods and attributes, with their keyword arguments."""

import numpy as np


# -- attributes: .T .shape .ndim .size .dtype ------------------------------------------------
def attrs_top(X):
    n, m = X.shape
    Y = X.T @ X / X.size
    z = np.zeros(m, dtype=X.dtype) + X.ndim
    return np.sum(Y * Y) * n + np.sum(z * X[0])


def attrs_loop(X):
    total = 0.0
    for i in range(X.shape[0]):
        row = X[i]
        total = total + np.sum(row * row) / row.size + row.ndim * np.sum(X.T[:, i])
    return total


def attrs_branch(X):
    if X.ndim == 2 and X.shape[0] > X.shape[1]:
        return np.sum(X.T @ X)
    return np.sum(X @ X.T) / X.size


def _gram(X):
    return (X.T @ X).astype(X.dtype) / X.shape[0]


def attrs_call(X):
    return np.sum(_gram(X) * _gram(X.T).sum())


# -- reduction methods: .sum() .mean() .max() .min() .prod() -----------------------------------
def reductions_top(X):
    a = X.sum(axis=0)
    b = X.mean(axis=1, keepdims=True)
    c = X.max(axis=1) + X.min(axis=0).sum()
    return a.sum() * b.mean() + c.prod() + X.prod()


def reductions_loop(X):
    total = 0.0
    for row in X:
        total = total + row.max() - row.min() + row.prod() + row.mean() * row.sum()
    return total


def reductions_branch(X):
    if X.sum() > 0.0:
        return X.max(axis=0).sum() * X.mean()
    return X.min(axis=1, keepdims=True).sum() + X.prod(axis=0).sum()


def _range_of(x):
    return x.max() - x.min()


def reductions_call(X):
    return _range_of(X) * _range_of(X.sum(axis=1))


# -- shape methods: .reshape() .ravel() .flatten() .transpose() --------------------------------
def shape_top(X):
    a = X.reshape(3, 2)
    b = X.ravel()
    c = X.flatten()
    d = X.transpose()
    e = X.reshape((-1,))
    return np.sum(a.T @ d) + np.sum(b * c) + np.sum(e * np.arange(6.0))


def transpose_axes_top(X):
    return np.sum(X.transpose(1, 0)[0] * X[0, 0])


def reshape_order_top(X, W):
    return np.sum(X.reshape((3, 2), order="F") * W) + np.sum(X.ravel(order="F") * W.ravel())


def reduction_initial_top(x):
    return x.min(initial=10.0) * x.max(initial=-10.0)


def shape_loop(X):
    total = 0.0
    for k in range(2):
        total = total + np.sum(X.reshape(-1, 2 + k * 0).ravel() * X.flatten() * (k + 1))
    return total


def shape_branch(X):
    if X.shape[0] == 2:
        Y = X.reshape(3, 2)
    else:
        Y = X.transpose()
    return np.sum(Y.ravel() ** 2 * np.arange(6.0))


def _flat_dot(X, Y):
    return X.ravel() @ Y.flatten()


def shape_call(X):
    return _flat_dot(X, np.sin(X)) + _flat_dot(X.T, X.transpose())


# -- .copy() .astype() -----------------------------------------------------------------------
def copy_astype_top(x):
    y = x.copy()
    z = y.astype(np.float64) * 2.0
    return np.sum(z * y) + np.sum(x.astype(float, copy=True) ** 2)


def copy_astype_loop(x):
    y = x.copy()
    for k in range(3):
        y = np.tanh(y.copy() * 1.5).astype(x.dtype)
    return np.sum(y.astype(float) * x)


def copy_astype_branch(x):
    if x[0] > 0.0:
        y = x.copy() ** 2
    else:
        y = x.astype(np.float64).copy() * 2.0
    return np.sum(y * y)


def _owned(x):
    return x.copy().astype(np.float64)


def copy_astype_call(x):
    return np.sum(_owned(x) * _owned(x * 2.0))


# -- .clip() -----------------------------------------------------------------------------------
def clip_top(x):
    return np.sum(x.clip(-0.5, 0.5) * x) + np.sum(x.clip(min=-0.2) + x.clip(max=0.3))


def clip_loop(x):
    y = x * 1.0
    for k in range(3):
        y = (y * 1.5).clip(-0.8, 0.8)
    return np.sum(y * x)


def clip_branch(x):
    if x[0] > 0.0:
        y = x.clip(0.0, 0.5)
    else:
        y = x * 2.0
    return np.sum(y * y)


def _bounded(x, lo, hi):
    return x.clip(lo, hi)


def clip_call(x):
    return np.sum(_bounded(x, -0.3, 0.3) * _bounded(x * 2.0, -1.0, 0.5))


# -- .std() .var() .cumsum() -----------------------------------------------------------------
def std_var_cumsum_top(X):
    return X.std() + X.var(axis=0).sum() + np.sum(X.cumsum(axis=1) ** 2) + X.std(axis=1, ddof=1).sum()


def std_var_cumsum_loop(X):
    total = 0.0
    for row in X:
        total = total + row.var() * row.std() + np.sum(row.cumsum() * row)
    return total


def std_var_cumsum_branch(x):
    if x.var() > 0.1:
        return np.sum(x.cumsum())
    return x.std() * x.var(ddof=1)


def _zscore(x):
    return (x - x.mean()) / x.std()


def std_var_cumsum_call(x):
    return np.sum(_zscore(x).cumsum() * x)


# -- .dot() ----------------------------------------------------------------------------------
def dot_top(A, x):
    return A.dot(x).dot(A.dot(x)) + x.dot(x)


def dot_loop(A, x):
    h = x
    for k in range(3):
        h = np.tanh(A.dot(h))
    return h.dot(h)


def dot_branch(A, x):
    if x.dot(x) > 0.5:
        return A.T.dot(x).sum()
    return A.dot(A).dot(x).sum()


def _quad(A, x):
    return x.dot(A.dot(x))


def dot_call(A, x):
    return _quad(A, x) * _quad(A.T, np.sin(x))


from .case import Case, arr, vec  # noqa: E402

CASES = [
    Case(attrs_top, "attributes", "top", ((arr(3, 2, seed=300),),)),
    Case(attrs_loop, "attributes", "loop", ((arr(3, 3, seed=301),),)),
    Case(attrs_branch, "attributes", "branch", ((arr(3, 2, seed=302),), (arr(2, 3, seed=303),))),
    Case(attrs_call, "attributes", "call", ((arr(3, 2, seed=304),),)),
    Case(reductions_top, "reduction methods", "top", ((arr(2, 3, seed=305),),)),
    Case(reductions_loop, "reduction methods", "loop", ((arr(2, 3, seed=306),),)),
    Case(reductions_branch, "reduction methods", "branch", ((arr(2, 3, seed=307, lo=0.1),), (arr(2, 3, seed=307, hi=-0.1),))),
    Case(reductions_call, "reduction methods", "call", ((arr(2, 3, seed=308),),)),
    Case(shape_top, "shape methods", "top", ((arr(2, 3, seed=309),),)),
    Case(shape_loop, "shape methods", "loop", ((arr(2, 3, seed=310),),)),
    Case(shape_branch, "shape methods", "branch", ((arr(2, 3, seed=311),), (arr(3, 2, seed=312),))),
    Case(shape_call, "shape methods", "call", ((arr(2, 3, seed=313),),)),
    Case(reshape_order_top, "shape methods", "top", ((arr(2, 3, seed=328), arr(3, 2, seed=329)),)),
    Case(reduction_initial_top, "reduction methods", "top", ((vec(0.3, -0.4, 0.7),),)),
    Case(transpose_axes_top, "shape methods", "top", ((arr(2, 3, seed=324),),)),
    Case(copy_astype_top, "copy/astype", "top", ((arr(3, seed=325),),)),
    Case(copy_astype_loop, "copy/astype", "loop", ((arr(3, seed=326),),)),
    Case(copy_astype_branch, "copy/astype", "branch", ((vec(0.3, 0.7, -0.2),), (vec(-0.3, 0.7, -0.2),))),
    Case(copy_astype_call, "copy/astype", "call", ((arr(3, seed=327),),)),
    Case(clip_top, "clip method", "top", ((vec(0.1, -0.4, 0.6, -0.1, 0.45),),)),
    Case(clip_loop, "clip method", "loop", ((vec(0.1, -0.3, 0.4, 0.03),),)),
    Case(clip_branch, "clip method", "branch", ((vec(0.3, 0.7, -0.2),), (vec(-0.3, 0.7, -0.2),))),
    Case(clip_call, "clip method", "call", ((vec(0.1, -0.4, 0.6, -0.1),),)),
    Case(std_var_cumsum_top, "std/var/cumsum", "top", ((arr(2, 3, seed=314),),)),
    Case(std_var_cumsum_loop, "std/var/cumsum", "loop", ((arr(2, 3, seed=315),),)),
    Case(std_var_cumsum_branch, "std/var/cumsum", "branch", ((vec(1.0, -0.5, 0.2),), (vec(0.1, 0.2, 0.15),))),
    Case(std_var_cumsum_call, "std/var/cumsum", "call", ((arr(4, seed=316),),)),
    Case(dot_top, "dot", "top", ((arr(3, 3, seed=317), arr(3, seed=318)),), (0, 1)),
    Case(dot_loop, "dot", "loop", ((arr(3, 3, seed=319), arr(3, seed=320)),), (0, 1)),
    Case(dot_branch, "dot", "branch", ((arr(2, 2, seed=321), vec(0.6, 0.5)), (arr(2, 2, seed=321), vec(0.1, 0.2))), (0, 1)),
    Case(dot_call, "dot", "call", ((arr(3, 3, seed=322), arr(3, seed=323)),), (0, 1)),
]

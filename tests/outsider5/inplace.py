"""Aliasing and in-place updates: views written through, chained assignment, overlapping
slices, out= arguments, copies that are not copies, arguments updated in place."""

import numpy as np

rng = np.random.default_rng(3)


def view_strided_write(x):
    y = x * 1.0
    v = y[::2]
    v *= 3.0
    return np.sum(y ** 2)


def view_reshape_write(x):
    y = x.copy()
    z = y.reshape(2, 2)
    z[0, 1] = z[1, 0] * 5.0
    return np.sum(y * x)


def alias_then_store(x):
    a = np.zeros(3)
    b = a
    b[1] = x[0] * 2.0
    return np.sum(a * x)


def chained_assign(x):
    a = b = np.zeros(3)
    a[0] = x[1]
    b[2] = x[2] ** 2
    return np.sum(a) + np.sum(b * x)


def chained_index_fancy(x):
    y = x.copy()
    y[[0, 1]][0] = 100.0          # writes into a temporary copy: y does not change
    return np.sum(y ** 2)


def chained_index_slice(x):
    y = x.copy()
    y[1:3][0] = x[0] * 4.0        # a view: y[1] changes
    return np.sum(y ** 2)


def overlap_shift(x):
    y = x.copy()
    y[1:] = y[:-1]
    return np.sum(y * np.arange(1.0, len(x) + 1))


def overlap_inplace_add(x):
    y = x.copy()
    y[1:] += y[:-1]
    return np.sum(y ** 2)


def reverse_into_self(x):
    y = x * 2.0
    y[:] = y[::-1]
    return np.sum(y * np.arange(len(x)))


def out_same(x):
    y = x + 0.0
    np.multiply(y, y, out=y)
    np.add(y, x, out=y)
    return np.sum(y)


def out_other(x, w):
    buf = np.empty_like(x)
    np.tanh(x * w, out=buf)
    return np.sum(buf ** 2)


def asarray_alias(x):
    y = x * 2.0
    z = np.asarray(y)
    z[0] = 0.0
    return np.sum(y * x)


def ravel_view_write(X):
    Y = X + 0.0
    flat = Y.ravel()
    flat[:2] = 0.0
    return np.sum(Y * X)


def transpose_view_write(X):
    Y = X * 1.0
    Y.T[0] = X[:, 0] ** 2
    return np.sum(Y * X)


def copy_then_write(x):
    y = np.copy(x)
    y[0] = y[0] ** 2
    y[1] += y[0]
    return np.sum(y)


def arg_inplace(x, w):
    # updates its argument in place: NumPy's caller sees it
    x *= w
    return np.sum(x ** 2)


def arg_inplace_float(t, w):
    t *= w
    t += 1.0
    return t * t


def swap_rows(X):
    Y = X.copy()
    Y[[0, 1]] = Y[[1, 0]]
    return np.sum(Y * np.arange(X.size).reshape(X.shape))


def fancy_self_assign(x):
    y = x ** 2
    y[[2, 0]] = y[[0, 2]] * 2.0
    return np.sum(y * np.arange(len(x)))


def where_inplace_mask(x):
    y = x.copy()
    y[y < 0] *= 0.1
    return np.sum(y ** 2)


def double_mask_store(x):
    y = x.copy()
    m = y > 0
    y[m] = np.sqrt(y[m])
    y[~m] = -y[~m] ** 2
    return np.sum(y)


def list_of_views(x):
    y = x.copy()
    parts = [y[:2], y[2:]]
    parts[0] *= 2.0
    return np.sum(y ** 2)


def dict_values_alias(x):
    d = {"a": x * 1.0}
    e = d["a"]
    e += 1.0
    return np.sum(d["a"] * x)


def cumsum_out(x):
    y = np.empty_like(x)
    np.cumsum(x ** 2, out=y)
    return np.sum(y)


def slice_assign_broadcast(x, s):
    y = np.zeros((3, 4))
    y[:] = x
    y[1, :] = s
    return np.sum(y * np.arange(12.0).reshape(3, 4))


def ellipsis_store(X, v):
    Y = X.copy()
    Y[..., 0] = v
    return np.sum(Y ** 2)


def newaxis_expand(x, w):
    Z = x[:, None] * w[None, :]
    Z[0] = 0.0
    return np.sum(Z ** 2)


def store_row_then_col(X):
    Y = np.zeros_like(X)
    for i in range(X.shape[0]):
        Y[i] = X[i] * (i + 1)
    for j in range(X.shape[1]):
        Y[:, j] = Y[:, j] - np.mean(Y[:, j])
    return np.sum(Y ** 2)


def rebinding_loop_vars(u0, c):
    u = u0.copy()
    up = u0.copy()
    for _ in range(3):
        un = 2 * u - up
        un[1:-1] += c * (u[2:] - 2 * u[1:-1] + u[:-2])
        up = u
        u = un
    return np.sum(u ** 2)


def diag_view_write(X):
    Y = X.copy()
    d = np.diagonal(Y)
    return np.sum(d ** 2) + np.sum(Y)


def fill_diagonal_value(X, s):
    Y = X.copy()
    idx = np.arange(X.shape[0])
    Y[idx, idx] = s
    return np.sum(Y ** 2)


CASES = [
    dict(f=view_strided_write, args=(rng.standard_normal(5),), wrt=0),
    dict(f=view_reshape_write, args=(rng.standard_normal(4),), wrt=0),
    dict(f=alias_then_store, args=(rng.standard_normal(3),), wrt=0),
    dict(f=chained_assign, args=(rng.standard_normal(3),), wrt=0),
    dict(f=chained_index_fancy, args=(rng.standard_normal(3),), wrt=0),
    dict(f=chained_index_slice, args=(rng.standard_normal(4),), wrt=0),
    dict(f=overlap_shift, args=(rng.standard_normal(4),), wrt=0),
    dict(f=overlap_inplace_add, args=(rng.standard_normal(4),), wrt=0),
    dict(f=reverse_into_self, args=(rng.standard_normal(4),), wrt=0),
    dict(f=out_same, args=(rng.standard_normal(4),), wrt=0),
    dict(f=out_other, args=(rng.standard_normal(4), 0.7), wrt=0, alt=1),
    dict(f=asarray_alias, args=(rng.standard_normal(4),), wrt=0),
    dict(f=ravel_view_write, args=(rng.standard_normal((2, 3)),), wrt=0),
    dict(f=transpose_view_write, args=(rng.standard_normal((2, 3)),), wrt=0),
    dict(f=copy_then_write, args=(rng.standard_normal(3),), wrt=0),
    dict(f=arg_inplace, args=(rng.standard_normal(3), 0.7), wrt=1),
    dict(f=arg_inplace_float, args=(0.4, 0.7), wrt=0, alt=1),
    dict(f=swap_rows, args=(rng.standard_normal((3, 2)),), wrt=0),
    dict(f=fancy_self_assign, args=(rng.standard_normal(4),), wrt=0),
    dict(f=where_inplace_mask, args=(rng.standard_normal(5),), wrt=0),
    dict(f=double_mask_store, args=(rng.standard_normal(5),), wrt=0),
    dict(f=list_of_views, args=(rng.standard_normal(4),), wrt=0),
    dict(f=dict_values_alias, args=(rng.standard_normal(3),), wrt=0),
    dict(f=cumsum_out, args=(rng.standard_normal(4),), wrt=0),
    dict(f=slice_assign_broadcast, args=(rng.standard_normal(4), 0.3), wrt=0, alt=1),
    dict(f=ellipsis_store, args=(rng.standard_normal((2, 3)), rng.standard_normal(2)), wrt=0, alt=1),
    dict(f=newaxis_expand, args=(rng.standard_normal(3), rng.standard_normal(2)), wrt=0, alt=1),
    dict(f=store_row_then_col, args=(rng.standard_normal((3, 2)),), wrt=0),
    dict(f=rebinding_loop_vars, args=(rng.standard_normal(6), 0.2), wrt=0, alt=1),
    dict(f=diag_view_write, args=(rng.standard_normal((3, 3)),), wrt=0),
    dict(f=fill_diagonal_value, args=(rng.standard_normal((3, 3)), 0.5), wrt=1, alt=0),
]

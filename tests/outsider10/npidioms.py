"""NumPy as people write it: in-place ops on slices and views, copies then in-place edits, aliases,
`@` with 1-d arrays, `.T`, reshape(-1), broadcasting with None/np.newaxis, fancy and boolean
indexing, cumulative ops, sorting, stacking."""
import numpy as np


def column_scale_inplace(X0):
    X = X0.copy()
    X[:, 0] *= 2
    X[1, :] += X[0, :]
    return np.sum(X ** 2)


def np_copy_then_edit(x):
    y = np.copy(x)
    y[0] = y[1] * y[2]
    y[-1] += 1.0
    return np.sum(y ** 2)


def alias_rebind(x):
    y = x
    y = y + 1
    return np.sum(y * x)


def alias_then_inplace_on_copy(x):
    y = x.copy()
    z = y
    z *= 3
    return np.sum(y + x)


def view_of_copy(X0):
    X = X0.copy()
    row = X[1]
    row += 5.0
    col = X[:, 2]
    col *= col
    return np.sum(X)


def matmul_1d(x, A):
    return x @ A @ x + (A @ x) @ x + x @ x


def transpose_ops(A):
    return np.sum(A.T @ A) + np.trace(A @ A.T) + np.sum(A.T[0])


def reshape_minus_one(A):
    v = A.reshape(-1)
    w = A.ravel()
    f = A.flatten()
    return v @ w + np.sum(f[::2])


def broadcast_none(x, y):
    D = x[:, None] - y[None, :]
    return np.sum(D ** 2) + np.sum(x[np.newaxis, :] * y[:, np.newaxis])


def outer_via_broadcast(x):
    M = x[:, None] * x[None, :]
    return np.sum(np.triu(M))


def boolean_mask_assign(x):
    y = x.copy()
    y[y < 0] = 0.0
    y[y > 1] *= 0.5
    return np.sum(y ** 2)


def fancy_index_read(x):
    idx = np.array([0, 2, 2, 1])
    return np.sum(x[idx] ** 2) + np.sum(x[[0, 1]])


def fancy_assign_store(x):
    y = np.zeros(5)
    y[[0, 2, 4]] = x
    y[1:4] += 1.0
    return np.sum(np.cumsum(y) ** 2)


def cumsum_cumprod(x):
    return np.sum(np.cumsum(x) * np.cumprod(1 + 0.1 * x))


def sort_and_argsort(x):
    s = np.sort(x)
    order = np.argsort(x)
    return np.sum(s * np.arange(s.size)) + x[order[0]]


def stacking_variants(x):
    a = np.hstack([x, x ** 2])
    b = np.column_stack([x, 2 * x])
    c = np.concatenate([x[:1], x[1:] * 3])
    return a @ a + np.sum(b[:, 1]) + np.sum(c ** 2)


def split_and_join(x):
    a, b, c = np.split(x, 3)
    return np.sum(a * c) + np.sum(b ** 2)


def where_three_args(x):
    return np.sum(np.where(x > 0, x ** 2, np.exp(x)))


def clip_and_maximum(x):
    return np.sum(np.clip(x, -0.5, 0.8) ** 2 + np.maximum(x, 0.1) + np.minimum(x, 0.2))


def diag_and_eye(x):
    D = np.diag(x)
    M = D + np.eye(len(x)) * 0.5
    return np.sum(np.linalg.inv(M)) + np.sum(np.diag(M @ M))


def tile_repeat(x):
    t = np.tile(x, 2)
    r = np.repeat(x, 2)
    return t @ r


def swap_rows_fancy(X0):
    X = X0.copy()
    X[[0, 1]] = X[[1, 0]]
    return np.sum(X * np.arange(X.size).reshape(X.shape))


def negative_step_slice(x):
    return np.sum(x[::-1] * x) + np.sum(x[-2::-2] ** 2)


def ellipsis_index(T):
    return np.sum(T[..., 0] * T[..., 1]) + np.sum(T[0, ...] ** 2)


def keepdims_normalize(X):
    Y = X / X.sum(axis=0, keepdims=True)
    Z = X - X.mean(axis=1)[:, None]
    return np.sum(Y ** 2) + np.sum(Z ** 2)


def std_var_ddof(x):
    return np.std(x, ddof=1) + np.var(x) * 2


def norm_variants(X):
    return np.linalg.norm(X) + np.linalg.norm(X, axis=0).sum() + np.linalg.norm(X[0], ord=1)


def prod_and_mean_axis(X):
    return np.sum(np.prod(X, axis=1)) + np.mean(X, axis=0) @ np.ones(X.shape[1])


def inplace_on_transpose_view(X0):
    X = X0.copy()
    XT = X.T
    XT[0] += 1.0
    XT *= 2.0
    return np.sum(X ** 2)


def einsum_trace_and_outer(A, x):
    return np.einsum("ii", A) + np.einsum("i,j->", x, x) + np.einsum("ij,j->i", A, x).sum()


def linspace_param(a):
    t = np.linspace(0.0, a, 5)
    return np.sum(t ** 2)


def arange_times_param(a):
    return np.sum(np.arange(4) * a ** 2)


def full_like_and_zeros(x):
    y = np.full_like(x, 2.0)
    y[1] = x[0]
    z = np.zeros_like(x) + x
    return np.sum(y * z)


def maximum_accumulate(x):
    return np.sum(np.maximum.accumulate(x))


def take_and_put_along(X):
    idx = np.argmax(X, axis=1)[:, None]
    return np.sum(np.take_along_axis(X, idx, axis=1)) + np.sum(np.take(X, [0, 3]))


def roll_and_flip(x):
    return np.sum(np.roll(x, 2) * np.flip(x)) + np.sum(np.fliplr(x[None, :]))


def dot_and_vdot(x, y):
    return np.dot(x, y) + np.vdot(x, x) + np.inner(x, y) + np.outer(x, y).sum()


def meshgrid_param(a):
    u, v = np.meshgrid(np.array([0.0, 1.0, 2.0]), np.array([0.5, 1.5]))
    return np.sum(np.exp(-a * (u ** 2 + v ** 2)))


def triu_tril_masked(A):
    return np.sum(np.tril(A, -1) ** 2) - np.sum(np.triu(A)) + np.sum(A[np.triu_indices(3)])


def astype_float(x):
    return np.sum(x.astype(np.float64) ** 2)


def squeeze_expand(x):
    y = np.expand_dims(x, 0)
    z = y.squeeze(0)
    return np.sum(z[:, np.newaxis] @ z[np.newaxis, :])


def atleast_and_array_wrap(x):
    a = np.atleast_2d(x)
    b = np.asarray(x)
    c = np.array(x, copy=True)
    return np.sum(a) + b @ c


def moveaxis_swap(T):
    U = np.moveaxis(T, 0, -1)
    V = np.swapaxes(T, 1, 2)
    return np.sum(U[..., 0] ** 2) + np.sum(V[0] * T[0].T)


_A = np.array([[1.0, 0.2, -0.3], [0.4, 2.0, 0.1], [-0.2, 0.5, 1.5]])
_X = np.array([0.5, -0.3, 1.2])
_T = np.arange(24.0).reshape(2, 3, 4) / 10
CASES = [
    dict(f=column_scale_inplace, args=(_A,)),
    dict(f=np_copy_then_edit, args=(_X,)),
    dict(f=alias_rebind, args=(_X,)),
    dict(f=alias_then_inplace_on_copy, args=(_X,)),
    dict(f=view_of_copy, args=(_A,)),
    dict(f=matmul_1d, args=(_X, _A), wrt=0, alt=(0, 1)),
    dict(f=transpose_ops, args=(_A,)),
    dict(f=reshape_minus_one, args=(_A,)),
    dict(f=broadcast_none, args=(_X, np.array([1.0, 2.0])), wrt=0, alt=(0, 1)),
    dict(f=outer_via_broadcast, args=(_X,)),
    dict(f=boolean_mask_assign, args=(np.array([0.5, -0.3, 1.2, 2.0]),)),
    dict(f=fancy_index_read, args=(_X,)),
    dict(f=fancy_assign_store, args=(_X,)),
    dict(f=cumsum_cumprod, args=(_X,)),
    dict(f=sort_and_argsort, args=(_X,)),
    dict(f=stacking_variants, args=(_X,)),
    dict(f=split_and_join, args=(np.arange(1.0, 7.0),)),
    dict(f=where_three_args, args=(_X,)),
    dict(f=clip_and_maximum, args=(np.array([0.5, -0.7, 1.2, 0.0]),)),
    dict(f=diag_and_eye, args=(np.array([1.0, 2.0, 0.5]),)),
    dict(f=tile_repeat, args=(_X,)),
    dict(f=swap_rows_fancy, args=(_A,)),
    dict(f=negative_step_slice, args=(np.arange(1.0, 6.0),)),
    dict(f=ellipsis_index, args=(_T,)),
    dict(f=keepdims_normalize, args=(_A + 1.0,)),
    dict(f=std_var_ddof, args=(_X,)),
    dict(f=norm_variants, args=(_A,)),
    dict(f=prod_and_mean_axis, args=(_A,)),
    dict(f=inplace_on_transpose_view, args=(_A,)),
    dict(f=einsum_trace_and_outer, args=(_A, _X), wrt=0, alt=(0, 1)),
    dict(f=linspace_param, args=(2.0,)),
    dict(f=arange_times_param, args=(1.5,)),
    dict(f=full_like_and_zeros, args=(_X,)),
    dict(f=maximum_accumulate, args=(np.array([0.5, -0.3, 1.2, 0.8, 2.0]),)),
    dict(f=take_and_put_along, args=(_A,)),
    dict(f=roll_and_flip, args=(np.arange(1.0, 6.0),)),
    dict(f=dot_and_vdot, args=(_X, _X + 1), wrt=0, alt=(0, 1)),
    dict(f=meshgrid_param, args=(0.3,)),
    dict(f=triu_tril_masked, args=(_A,)),
    dict(f=astype_float, args=(_X,)),
    dict(f=squeeze_expand, args=(_X,)),
    dict(f=atleast_and_array_wrap, args=(_X,)),
    dict(f=moveaxis_swap, args=(_T,)),
]

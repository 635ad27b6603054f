"""Views and layout: reshape/ravel/transpose/swapaxes/None/newaxis/expand_dims/squeeze, views
written through, concatenate/stack/hstack/vstack/block/tile/repeat/pad/roll/flip, sort/argsort/
take_along_axis/partition/cumprod/diff/searchsorted/digitize, broadcasting traps, keepdims,
negative axes."""

import numpy as np

rng = np.random.default_rng(65)
A34 = rng.standard_normal((3, 4))
A234 = rng.standard_normal((2, 3, 4))
v6 = np.array([0.4, -1.2, 0.9, 2.1, -0.3, 0.7])


def reshape_chain(x):
    y = x.reshape(2, 3).T.reshape(-1)
    return np.sum(y * np.arange(6.0) ** 2)


def swapaxes_moveaxis(x):
    y = np.swapaxes(x, 0, 2)
    z = np.moveaxis(y, -1, 0)
    return np.sum(z[0] ** 2) + np.sum(z[:, 1, :] * 2)


def newaxis_outer(x):
    d = x[:, None] - x[None, :]
    return np.sum(np.exp(-d ** 2))


def expand_squeeze(x):
    y = np.expand_dims(x, axis=-1) * np.expand_dims(x, 0)
    z = np.squeeze(y[:, :1])
    return np.sum(z ** 3)


def broadcast_trap_col_row(y):
    # (n,1) - (n,) is (n,n): a classic mistake that is still a function
    pred = (A34[:, :1] * 2.0)
    r = pred - y
    return np.sum(r ** 2)


def keepdims_normalize(X):
    mu = X.mean(axis=-1, keepdims=True)
    sd = X.std(axis=-1, keepdims=True)
    Z = (X - mu) / sd
    return np.sum(Z[:, 0] ** 3)


def negative_axis_softmax(X):
    e = np.exp(X - X.max(axis=-1, keepdims=True))
    p = e / e.sum(axis=-1, keepdims=True)
    return np.sum(p[..., -1])


def concat_stack_mix(a, b):
    c = np.concatenate([a, b, a * b])
    s = np.stack([a, b], axis=1)
    h = np.hstack([a, b])
    v = np.vstack([a, b])
    return np.sum(c ** 2) + np.sum(s @ np.ones(2)) + np.sum(h) + np.sum(v[1] * v[0])


def block_matrix(a):
    M = np.block([[np.diag(a), np.ones((3, 1))], [np.ones((1, 3)), np.array([[2.0]])]])
    return np.linalg.slogdet(M @ M.T + np.eye(4))[1]


def tile_repeat(x):
    t = np.tile(x, 3)
    r = np.repeat(x, 2)
    return np.sum(t[:5] * r[1:6])


def pad_roll_flip(x):
    p = np.pad(x, (2, 1), mode="constant")
    r = np.roll(p, -1)
    f = np.flip(r)
    return np.sum(f * np.arange(len(f)))


def pad_reflect(x):
    p = np.pad(x, 2, mode="reflect")
    return np.sum(p ** 2 * np.arange(p.size))


def pad_edge_2d(X):
    p = np.pad(X, ((1, 1), (0, 2)), mode="edge")
    return np.sum(p ** 2 * np.arange(p.shape[1]))


def sort_and_weight(x):
    s = np.sort(x)
    w = np.linspace(0.1, 1.0, x.size)
    return np.sum(s * w)


def argsort_gather(x):
    order = np.argsort(x)
    return np.sum(x[order] * np.arange(x.size)) + x[order[-1]] ** 2


def take_along_axis_topk(X):
    idx = np.argsort(X, axis=1)[:, -2:]
    top = np.take_along_axis(X, idx, axis=1)
    return np.sum(top ** 2)


def partition_median(x):
    k = x.size // 2
    p = np.partition(x, k)
    return p[k] * 2.0 + np.sum(p[:k])


def cumprod_diff(x):
    c = np.cumprod(1.0 + 0.1 * x)
    d = np.diff(c)
    return np.sum(d ** 2) + c[-1]


def diff_second_order(x):
    return np.sum(np.diff(x, n=2) ** 2) + np.sum(np.diff(x, prepend=0.0))


def searchsorted_interp(y):
    grid = np.linspace(0.0, 1.0, 6)
    q = np.array([0.15, 0.5, 0.93])
    i = np.searchsorted(grid, q) - 1
    t = (q - grid[i]) / (grid[i + 1] - grid[i])
    return np.sum((1 - t) * y[i] + t * y[i + 1])


def digitize_bins(x):
    bins = np.array([-1.0, 0.0, 1.0])
    k = np.digitize(x, bins)
    scales = np.array([0.5, 1.0, 2.0, 4.0])
    return np.sum(scales[k] * x ** 2)


def view_write_reshape(x):
    y = x * 1.0
    v = y.reshape(2, 3)
    v[0] = 0.0
    return np.sum(y ** 2)


def view_slice_inplace(x):
    y = x.copy()
    head = y[:3]
    head *= 2.0
    return np.sum(y * x)


def transpose_matmul_batch(X):
    G = np.einsum("bij,bkj->bik", X, X)
    return np.sum(np.swapaxes(G, -1, -2) * G)


def interp_builtin(y):
    xs = np.linspace(0, 1, 6)
    return np.sum(np.interp([0.1, 0.55, 0.9], xs, y))


def ravel_order_f(X):
    r = X.ravel(order="F")
    return np.sum(r * np.arange(r.size))


def flatten_vs_ravel(X):
    a = X.flatten()
    a[0] = 5.0
    return np.sum(a * X.ravel())


def atleast_and_column_stack(x):
    c = np.column_stack([x, x ** 2])
    r = np.atleast_2d(x)
    return np.sum(c @ np.array([1.0, -1.0])) + np.sum(r.T * c)


def split_and_combine(x):
    a, b, c = np.split(x, 3)
    parts = np.array_split(x, 4)
    return np.sum(a * b * c) + sum(np.sum(p ** 2) for p in parts)


def triu_tril_mask(X):
    U = np.triu(X, k=1)
    L = np.tril(X)
    return np.sum(U @ L)


def where_broadcast_scalar(x):
    y = np.where(x > 0, x, 0.1 * x)
    return np.sum(y[::-1] * np.arange(x.size))


def sort_descending_slice(x):
    s = np.sort(x)[::-1]
    return np.sum(s[:3] ** 2)


def max_keepdims_negative_axis(X):
    m = np.max(X, axis=-2, keepdims=True)
    return np.sum((X - m) ** 2)


def meshgrid_eval(a):
    xx, yy = np.meshgrid(np.linspace(0, 1, 3), np.linspace(0, 2, 4))
    return np.sum(np.sin(a * xx) * yy)


def broadcast_to_sum(x):
    b = np.broadcast_to(x, (4, x.size))
    return np.sum(b * np.arange(4.0)[:, None])


def reshape_minus_one_keep(X):
    n = X.shape[0]
    Y = X.reshape(n, -1)
    return np.sum(np.linalg.norm(Y, axis=1))


def strided_every_other(x):
    return np.sum(x[::2] * x[1::2]) + np.sum(x[-1::-3])


CASES = [
    dict(f=reshape_chain, args=(v6.copy(),)),
    dict(f=swapaxes_moveaxis, args=(A234.copy(),)),
    dict(f=newaxis_outer, args=(v6.copy(),)),
    dict(f=expand_squeeze, args=(v6[:4].copy(),)),
    dict(f=broadcast_trap_col_row, args=(np.array([0.1, 0.2, 0.3]),)),
    dict(f=keepdims_normalize, args=(A34.copy(),)),
    dict(f=negative_axis_softmax, args=(A234.copy(),)),
    dict(f=concat_stack_mix, args=(v6[:3].copy(), v6[3:].copy()), alt="b"),
    dict(f=block_matrix, args=(np.array([1.5, -0.7, 2.0]),)),
    dict(f=tile_repeat, args=(v6[:3].copy(),)),
    dict(f=pad_roll_flip, args=(v6.copy(),)),
    dict(f=pad_reflect, args=(v6.copy(),)),
    dict(f=pad_edge_2d, args=(A34.copy(),)),
    dict(f=sort_and_weight, args=(v6.copy(),)),
    dict(f=argsort_gather, args=(v6.copy(),)),
    dict(f=take_along_axis_topk, args=(A34.copy(),)),
    dict(f=partition_median, args=(np.array([0.4, -1.2, 0.9, 2.1, -0.3]),)),
    dict(f=cumprod_diff, args=(v6.copy(),)),
    dict(f=diff_second_order, args=(v6.copy(),)),
    dict(f=searchsorted_interp, args=(v6.copy(),)),
    dict(f=digitize_bins, args=(np.array([-1.5, -0.4, 0.3, 1.7]),)),
    dict(f=view_write_reshape, args=(v6.copy(),)),
    dict(f=view_slice_inplace, args=(v6.copy(),)),
    dict(f=transpose_matmul_batch, args=(A234.copy(),)),
    dict(f=interp_builtin, args=(v6.copy(),)),
    dict(f=ravel_order_f, args=(A34.copy(),)),
    dict(f=flatten_vs_ravel, args=(A34.copy(),)),
    dict(f=atleast_and_column_stack, args=(v6[:3].copy(),)),
    dict(f=split_and_combine, args=(v6.copy(),)),
    dict(f=triu_tril_mask, args=(rng.standard_normal((3, 3)),)),
    dict(f=where_broadcast_scalar, args=(v6.copy(),)),
    dict(f=sort_descending_slice, args=(v6.copy(),)),
    dict(f=max_keepdims_negative_axis, args=(A34.copy(),)),
    dict(f=meshgrid_eval, args=(0.8,)),
    dict(f=broadcast_to_sum, args=(v6[:3].copy(),)),
    dict(f=reshape_minus_one_keep, args=(A234.copy(),)),
    dict(f=strided_every_other, args=(v6.copy(),)),
]


def ufunc_reduce_methods(x):
    return np.add.reduce(x ** 2) + np.multiply.reduce(x) + np.maximum.reduce(x)


def ufunc_accumulate_methods(x):
    return np.sum(np.multiply.accumulate(x)) + np.sum(np.add.accumulate(x ** 2))


def logaddexp_reduce(x):
    return np.logaddexp.reduce(x)


def ufunc_outer_method(x):
    return np.sum(np.multiply.outer(x, x) ** 2)


def int_exponent_array(x):
    return np.sum(x ** np.array([0, 1, 2]))


def tensordot_axes(A):
    return np.sum(np.tensordot(A, A, axes=([0], [0])) ** 2)


def einsum_ellipsis_batch(A):
    return np.sum(np.einsum("...ij,...jk->...ik", A, A))


def kron_cross(x):
    return np.sum(np.kron(x[:2], x[1:]) ** 2) + np.sum(np.cross(x[:3], x[1:]) ** 2)


def sum_with_where(x):
    return np.sum(x ** 2, where=x > 0)


def mean_axis_tuple(X):
    return np.sum(np.mean(X, axis=(0, 2)) ** 2)


def rfft_power(x):
    return np.sum(np.abs(np.fft.rfft(x)) ** 2)


def norm_orders(x):
    return np.linalg.norm(x, 1) + np.linalg.norm(x, np.inf) + np.linalg.norm(x, 3)


def reshape_vector_output(x):
    return (x.reshape(2, 3).T * np.array([1.0, 2.0])).ravel()


def sort_vector_output(x):
    return np.sort(x)[::-1] * np.arange(1.0, x.size + 1)


CASES += [
    dict(f=ufunc_reduce_methods, args=(np.array([0.3, 1.6, 2.2]),)),
    dict(f=ufunc_accumulate_methods, args=(np.array([0.3, 1.6, 2.2]),)),
    dict(f=logaddexp_reduce, args=(np.array([0.3, 1.6, 2.2]),)),
    dict(f=ufunc_outer_method, args=(np.array([0.3, 1.6, 2.2]),)),
    dict(f=int_exponent_array, args=(np.array([0.0, -1.6, 2.2]),)),
    dict(f=tensordot_axes, args=(np.array([[0.3, -1.6], [2.2, 0.4]]),)),
    dict(f=einsum_ellipsis_batch, args=(A234[:, :2, :2].copy(),)),
    dict(f=kron_cross, args=(np.array([0.3, -1.6, 2.2, 0.9]),)),
    dict(f=sum_with_where, args=(np.array([0.3, -1.6, 2.2]),)),
    dict(f=mean_axis_tuple, args=(A234.copy(),)),
    dict(f=rfft_power, args=(np.array([0.3, -1.6, 2.2, 0.4]),)),
    dict(f=norm_orders, args=(np.array([0.3, -1.6, 2.2]),)),
    dict(f=reshape_vector_output, args=(v6.copy(),), out="vector"),
    dict(f=sort_vector_output, args=(v6.copy(),), out="vector"),
]


def where_sqrt_negative(x):
    return np.sum(np.where(x > 0, np.sqrt(x), 0.0))


def where_xlogx(x):
    return np.sum(np.where(x > 0, x * np.log(x), 0.0))


def zero_float_exponent(x):
    return np.sum(x ** 0.0) + np.sum(np.power(x, 0)) + np.sum(x)


def zero_base_power(x):
    w = np.array([0.0, 2.0, 3.0])
    return np.sum(w ** x)


CASES += [
    dict(f=where_sqrt_negative, args=(np.array([-1.0, 4.0, 2.5]),)),
    dict(f=where_xlogx, args=(np.array([-1.0, 4.0, 0.5]),)),
    dict(f=zero_float_exponent, args=(np.array([0.0, 1.5, 2.0]),)),
    dict(f=zero_base_power, args=(np.array([1.0, 1.5, 2.0]),)),
]

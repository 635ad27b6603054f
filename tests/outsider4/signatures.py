"""NumPy calls written with positional options, new keyword names and rarer options."""

import numpy as np

rng = np.random.default_rng(16)
WT = np.arange(1.0, 13.0).reshape(3, 4)


def concat_positional_axis(A, B):
    return np.sum(np.concatenate([A, B], 1) * np.arange(8).reshape(2, 4)) + np.sum(np.stack([A, B], 1) ** 2)


def sort_positional_axis(A):
    return np.sum(np.sort(A, 0) * WT) + np.sum(np.flip(A, 1) * WT)


def roll_positional(A):
    return np.sum(np.roll(A, 1, 0) * WT) + np.sum(np.roll(A, -1, 1) ** 2 * WT)


def max_positional_axis(A):
    return np.sum(np.max(A, 1) * np.arange(3)) + np.sum(np.min(A, 0) * np.arange(4))


def var_positional(A):
    return np.sum(np.var(A, 0, ddof=1) * np.arange(4)) + np.sum(np.std(A, 1) * np.arange(3))


def squeeze_expand_positional(x):
    return np.sum(np.squeeze(np.expand_dims(x, 1), 1) * np.arange(len(x)))


def repeat_take_positional(A):
    return np.sum(np.repeat(A, 2, 0)[:3] * WT) + np.sum(np.take(A, [2, 0], 1) ** 2)


def transpose_axes(T):
    return np.sum(np.transpose(T, (1, 0, 2)) * np.arange(T.size).reshape(3, 2, 2)) + \
        np.sum(T.transpose(2, 0, 1) ** 2 * np.arange(T.size).reshape(2, 2, 3))


def reshape_order_f(x):
    a = np.reshape(x, (3, 4), order="F")
    b = x.reshape(4, 3, order="F")
    c = np.ravel(a, "F")
    return np.sum(a * WT) + np.sum(b * WT.T) + np.sum(c * np.arange(12))


def flatten_f(A):
    return np.sum(A.flatten("F") * np.arange(12))


def trace_diag_offset(A):
    return np.trace(A, 1) * 2 + np.sum(np.diagonal(A, -1) * np.array([1.0, 2.0])) + np.sum(np.triu(A, -1) * WT[:3, :3])


def einsum_implicit(A, B):
    return np.sum(np.einsum("ij,jk", A, B) ** 2) + np.einsum("i,i", A[0], B[:, 0])


def tensordot_int_axes(A, B):
    return np.sum(np.tensordot(A, B, 1) ** 2)


def cross_axis0(a, b):
    return np.sum(np.cross(a, b, axis=0) * np.arange(6).reshape(3, 2))


def pad_variants(x):
    return np.sum(np.pad(x, (1, 2)) * np.arange(len(x) + 3)) + \
        np.sum(np.pad(x.reshape(2, 2), ((1, 0), (0, 2)), "edge") * np.arange(12).reshape(3, 4))


def clip_new_keywords(x):
    return np.sum(np.clip(x, min=-0.5, max=0.8) ** 2 * np.arange(len(x))) + np.sum(np.clip(x, min=0.0) * x)


def round_decimals(x):
    return np.sum(np.round(x, decimals=2) * x)


def linspace_endpoint(a, b):
    t = np.linspace(a, b, num=5, endpoint=False)
    return np.sum(t ** 2 * np.arange(5))


def logspace_fn(a):
    return np.sum(np.logspace(0.0, a, 4))


def cumsum_axis(A):
    return np.sum(np.cumsum(A, 1) * WT) + np.sum(np.cumprod(A, axis=0) * WT)


def gradient_edge2(f):
    return np.sum(np.gradient(f, 0.5, edge_order=2) ** 2)


def gradient_coords(f):
    xs = np.array([0.0, 0.3, 0.7, 1.2, 2.0])
    return np.sum(np.gradient(f, xs) ** 2)


def gradient_2d(F):
    gx, gy = np.gradient(F)
    return np.sum(gx ** 2 + 2 * gy ** 2)


def diff_prepend(x):
    return np.sum(np.diff(x, prepend=0.0) ** 2) + np.sum(np.diff(x, append=x[:1]) * np.arange(len(x)))


def trapezoid_x(y):
    xs = np.array([0.0, 0.3, 0.7, 1.2, 2.0])
    return np.trapezoid(y ** 2, x=xs) + np.trapezoid(y, dx=0.5)


def interp_left_right(xq):
    xp = np.array([0.0, 1.0, 2.0])
    fp = np.array([1.0, 3.0, 2.0])
    return np.sum(np.interp(xq, xp, fp, left=0.0, right=5.0) * xq)


def interp_period(xq):
    xp = np.array([0.0, 1.0, 2.0, 3.0])
    fp = np.array([1.0, 3.0, 2.0, 0.5])
    return np.sum(np.interp(xq, xp, fp, period=4.0) * xq)


def convolve_same(x, w):
    return np.sum(np.convolve(x, w, mode="same") ** 2 * np.arange(len(x)))


def sort_axis_none(A):
    return np.sum(np.sort(A, axis=None) * np.arange(A.size))


def quantile_keepdims(A):
    return np.sum(np.quantile(A, 0.25, axis=1, keepdims=True) * np.arange(3)[:, None])


def average_weights(A):
    w = np.array([1.0, 2.0, 3.0])
    return np.sum(np.average(A, axis=0, weights=w) ** 2)


def norm_variants(A):
    return np.linalg.norm(A, ord="fro") + np.linalg.norm(A[0], -np.inf) + np.linalg.norm(A, 1) + \
        np.linalg.norm(A, np.inf) + np.sum(np.linalg.norm(A, 2, 0))


def log_where_out(x):
    y = np.zeros_like(x)
    np.log(x, where=x > 0, out=y)
    return np.sum(y)


def arange_float_step(a):
    return np.sum(np.arange(0.0, 3.0, 0.5) * a)


def mean_positional_dtype(A):
    return np.sum(np.mean(A, 0, np.float64) * np.arange(4)) + A.sum(1, keepdims=True)[1, 0]


def std_keepdims_ddof(A):
    return np.sum(A / A.std(axis=1, keepdims=True, ddof=1))


def amax_initial_where(x):
    return np.max(x, initial=-1.0, where=x < 1.0) + np.sum(x, where=x > 0)


def split_sections(x):
    a, b, c = np.split(x, [2, 5])
    return np.sum(a ** 2) + np.sum(b * 3) + np.sum(np.sin(c))


def array_split_uneven(x):
    parts = np.array_split(x, 3)
    return sum(np.sum(p ** (i + 1)) for i, p in enumerate(parts))


A34 = rng.standard_normal((3, 4))
x6 = rng.standard_normal(6)
CASES = [
    dict(f=concat_positional_axis, args=(rng.standard_normal((2, 2)), rng.standard_normal((2, 2))), wrt=(0, 1)),
    dict(f=sort_positional_axis, args=(A34,), wrt=0),
    dict(f=roll_positional, args=(A34,), wrt=0),
    dict(f=max_positional_axis, args=(A34,), wrt=0),
    dict(f=var_positional, args=(A34,), wrt=0),
    dict(f=squeeze_expand_positional, args=(x6,), wrt=0),
    dict(f=repeat_take_positional, args=(A34,), wrt=0),
    dict(f=transpose_axes, args=(rng.standard_normal((2, 3, 2)),), wrt=0),
    dict(f=reshape_order_f, args=(rng.standard_normal(12),), wrt=0),
    dict(f=flatten_f, args=(A34,), wrt=0),
    dict(f=trace_diag_offset, args=(rng.standard_normal((3, 3)),), wrt=0),
    dict(f=einsum_implicit, args=(rng.standard_normal((2, 3)), rng.standard_normal((3, 2))), wrt=(0, 1)),
    dict(f=tensordot_int_axes, args=(rng.standard_normal((2, 3)), rng.standard_normal((3, 2))), wrt=(0, 1)),
    dict(f=cross_axis0, args=(rng.standard_normal((3, 2)), rng.standard_normal((3, 2))), wrt=(0, 1)),
    dict(f=pad_variants, args=(x6[:4],), wrt=0),
    dict(f=clip_new_keywords, args=(np.array([-1.0, -0.2, 0.3, 0.9, 2.0]),), wrt=0),
    dict(f=round_decimals, args=(x6,), wrt=0),
    dict(f=linspace_endpoint, args=(0.3, 1.7), wrt=(0, 1)),
    dict(f=logspace_fn, args=(0.7,), wrt=0),
    dict(f=cumsum_axis, args=(A34,), wrt=0),
    dict(f=gradient_edge2, args=(x6,), wrt=0),
    dict(f=gradient_coords, args=(x6[:5],), wrt=0),
    dict(f=gradient_2d, args=(A34,), wrt=0),
    dict(f=diff_prepend, args=(x6,), wrt=0),
    dict(f=trapezoid_x, args=(x6[:5],), wrt=0),
    dict(f=interp_left_right, args=(np.array([-0.5, 0.3, 1.4, 2.5]),), wrt=0),
    dict(f=interp_period, args=(np.array([-0.5, 0.3, 1.4, 3.5, 5.2]),), wrt=0),
    dict(f=convolve_same, args=(x6, np.array([0.5, -1.0, 0.3])), wrt=(0, 1)),
    dict(f=sort_axis_none, args=(A34,), wrt=0),
    dict(f=quantile_keepdims, args=(A34,), wrt=0),
    dict(f=average_weights, args=(A34,), wrt=0),
    dict(f=norm_variants, args=(A34,), wrt=0),
    dict(f=log_where_out, args=(np.array([0.5, -1.0, 2.0, 0.3]),), wrt=0),
    dict(f=arange_float_step, args=(0.7,), wrt=0),
    dict(f=mean_positional_dtype, args=(A34,), wrt=0),
    dict(f=std_keepdims_ddof, args=(A34,), wrt=0),
    dict(f=amax_initial_where, args=(x6,), wrt=0),
    dict(f=split_sections, args=(x6,), wrt=0),
    dict(f=array_split_uneven, args=(rng.standard_normal(7),), wrt=0),
]

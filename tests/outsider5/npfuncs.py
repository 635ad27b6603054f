"""NumPy conveniences in a hurry: building arrays from scalars, lists repeated with *, group-by
with unique/bincount, searchsorted binning, convolutions, top-k, builtins on arrays."""

import math

import numpy as np

rng = np.random.default_rng(8)


def rotation_matrix(t, v):
    R = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    return np.sum((R @ v) * np.array([1.0, 2.0]))


def array_from_scalars(x):
    y = np.array([x[0] * x[1], 2.0 * x[2], 1.0])
    return np.sum(y ** 2)


def concat_with_float(x):
    y = np.concatenate((x, [0.5]))
    z = np.hstack([x, 1.0])
    return np.sum(y * z)


def list_times_n(x):
    rows = [np.zeros(2)] * 3            # three names for one array
    rows[0] = rows[0] + x               # rebinds slot 0 only
    return np.sum(rows[0] ** 2) + np.sum(rows[1])


def list_times_n_inplace(x):
    acc = [0.0] * 3
    for i in range(3):
        acc[i] += x[i] * (i + 1)
    return sum(a * a for a in acc)


def sum_list_of_arrays(x):
    parts = [x * k for k in range(1, 4)]
    return np.sum(sum(parts)) + np.sum(np.sum(parts, axis=0) ** 2)


def builtin_max_over_array(x):
    return max(x) * 2.0 + min(x)


def builtin_abs_round(x):
    return np.sum(abs(x)) + round(float(np.sum(x)), 2)


def where_one_arg(x):
    idx = np.where(x > 0)
    return np.sum(x[idx] ** 2)


def nonzero_gather(x):
    (i,) = np.nonzero(x > 0)
    return np.sum(x[i] * i)


def unique_groupby(x, labels):
    u, inv = np.unique(labels, return_inverse=True)
    sums = np.bincount(inv, weights=x)
    counts = np.bincount(inv)
    return np.sum((sums / counts) ** 2)


def searchsorted_bins(x, edges_vals):
    edges = np.array([-1.0, 0.0, 1.0])
    b = np.searchsorted(edges, x)
    return np.sum(edges_vals[b] * x)


def digitize_lookup(x, table):
    k = np.digitize(x, [-0.5, 0.5])
    return np.sum(table[k] * x ** 2)


def convolve_same(x, k):
    return np.sum(np.convolve(x, k, mode="same") ** 2)


def correlate_valid(x, k):
    return np.sum(np.correlate(x, k, mode="valid") ** 2)


def topk_sort(x, k=2):
    return np.sum(np.sort(x)[::-1][:k])


def topk_argsort(x, w, k=2):
    idx = np.argsort(-x)[:k]
    return np.sum(x[idx] * w[idx])


def partition_smallest(x):
    return np.sum(np.partition(x, 1)[:2])


def percentile_spread(x):
    return np.percentile(x, 75) - np.percentile(x, 25)


def norms_ords(x):
    return np.linalg.norm(x, 1) + np.linalg.norm(x, np.inf) + np.linalg.norm(x, 3)


def prod_with_zero(x):
    return np.prod(x) + np.sum(np.cumprod(x + 2.0))


def cross_inner_outer(a, b):
    return np.sum(np.cross(a, b) ** 2) + np.inner(a, b) + np.sum(np.outer(a, b))


def diff_n2(x):
    return np.sum(np.diff(x, n=2) ** 2)


def clip_array_bounds(x, lo):
    return np.sum(np.clip(x, lo, lo + 1.0) ** 2)


def clip_method_positional(x):
    return np.sum(x.clip(0) ** 2) + np.sum(x.clip(None, 0.2))


def expand_squeeze(x):
    y = np.expand_dims(x, 0) * np.ones((2, 1))
    return np.sum(np.squeeze(y[:1]) ** 2) + np.sum(y[..., None])


def tile_repeat(x):
    return np.sum(np.tile(x, 2) * np.arange(2 * len(x))) + np.sum(np.repeat(x, [1, 2, 0]) ** 2)


def split_unpack(x):
    a, b, c = np.split(x, 3)
    return np.sum(a * b) + np.sum(c)


def stack_last_axis(x, y):
    Z = np.stack([x, y, x * y], axis=-1)
    return np.sum(Z * np.arange(3))


def float32_scalar(x):
    return np.sum(np.float32(0.5) * x ** 2)


def asarray_f32(x):
    y = np.asarray(x, dtype=np.float32)
    return np.sum(y.astype(np.float64) ** 2)


def column_stack_design(x, w):
    X = np.column_stack([np.ones_like(x), x, x ** 2])
    return np.sum((X @ w) ** 2)


def meshgrid_field(a, b):
    gx, gy = np.meshgrid(np.linspace(0, 1, 3), np.linspace(0, 1, 4))
    return np.sum(np.exp(-(a * gx) ** 2 - (b * gy) ** 2))


def math_fsum_prod(x):
    return math.fsum([x[0], x[1] ** 2]) + math.prod([x[0], x[2]])


def allclose_branch(x):
    if np.allclose(x, 0.0):
        return 0.0
    return float(np.sum(x ** 2))


def max_of_two_arrays(x, y):
    return np.sum(np.fmax(x, y) + np.maximum(x, 2 * y))


def any_all_flags(x):
    y = x * 2.0 if np.any(x > 1) else x * 3.0
    return np.sum(y) if np.all(y > -10) else 0.0


def isclose_mask(x):
    m = ~np.isclose(x, 0.0)
    return np.sum(x[m] ** 2)


def ptp_range(x):
    return np.ptp(x) ** 2


CASES = [
    dict(f=rotation_matrix, args=(0.4, rng.standard_normal(2)), wrt=0, alt=(0, 1)),
    dict(f=array_from_scalars, args=(rng.standard_normal(3),), wrt=0),
    dict(f=concat_with_float, args=(rng.standard_normal(3),), wrt=0),
    dict(f=list_times_n, args=(rng.standard_normal(2),), wrt=0),
    dict(f=list_times_n_inplace, args=(rng.standard_normal(3),), wrt=0),
    dict(f=sum_list_of_arrays, args=(rng.standard_normal(3),), wrt=0),
    dict(f=builtin_max_over_array, args=(rng.standard_normal(4),), wrt=0),
    dict(f=builtin_abs_round, args=(rng.standard_normal(4),), wrt=0, h=1e-9),
    dict(f=where_one_arg, args=(rng.standard_normal(5),), wrt=0),
    dict(f=nonzero_gather, args=(rng.standard_normal(5),), wrt=0),
    dict(f=unique_groupby, args=(rng.standard_normal(6), np.array([3, 1, 3, 2, 1, 1])), wrt=0),
    dict(f=searchsorted_bins, args=(rng.standard_normal(5), rng.standard_normal(4)), wrt=0, alt=1),
    dict(f=digitize_lookup, args=(rng.standard_normal(5), rng.standard_normal(3)), wrt=0, alt=1),
    dict(f=convolve_same, args=(rng.standard_normal(6), rng.standard_normal(3)), wrt=0, alt=1),
    dict(f=correlate_valid, args=(rng.standard_normal(6), rng.standard_normal(3)), wrt=0, alt=1),
    dict(f=topk_sort, args=(rng.standard_normal(5),), wrt=0),
    dict(f=topk_argsort, args=(rng.standard_normal(5), rng.standard_normal(5)), wrt=0, alt=1),
    dict(f=partition_smallest, args=(rng.standard_normal(5),), wrt=0),
    dict(f=percentile_spread, args=(rng.standard_normal(7),), wrt=0),
    dict(f=norms_ords, args=(rng.standard_normal(4),), wrt=0),
    dict(f=prod_with_zero, args=(np.array([0.5, 0.0, -1.5, 2.0]),), wrt=0),
    dict(f=cross_inner_outer, args=(rng.standard_normal(3), rng.standard_normal(3)), wrt=0, alt=(0, 1)),
    dict(f=diff_n2, args=(rng.standard_normal(6),), wrt=0),
    dict(f=clip_array_bounds, args=(rng.standard_normal(5), np.array([-0.5, 0.0, 0.2, -1.0, 0.1])),
         wrt=0, alt=1),
    dict(f=clip_method_positional, args=(rng.standard_normal(5),), wrt=0),
    dict(f=expand_squeeze, args=(rng.standard_normal(3),), wrt=0),
    dict(f=tile_repeat, args=(rng.standard_normal(3),), wrt=0),
    dict(f=split_unpack, args=(rng.standard_normal(6),), wrt=0),
    dict(f=stack_last_axis, args=(rng.standard_normal(3), rng.standard_normal(3)), wrt=0, alt=(0, 1)),
    dict(f=float32_scalar, args=(rng.standard_normal(3),), wrt=0),
    dict(f=asarray_f32, args=(rng.standard_normal(3),), wrt=0, h=1e-2, tol=1e-4, skip=("hvp",)),
    dict(f=column_stack_design, args=(rng.standard_normal(4), rng.standard_normal(3)), wrt=0, alt=1),
    dict(f=meshgrid_field, args=(0.7, 1.3), wrt=0, alt=(0, 1)),
    dict(f=math_fsum_prod, args=(rng.standard_normal(3),), wrt=0),
    dict(f=allclose_branch, args=(rng.standard_normal(3),), wrt=0),
    dict(f=max_of_two_arrays, args=(rng.standard_normal(4), rng.standard_normal(4)), wrt=0, alt=(0, 1)),
    dict(f=any_all_flags, args=(rng.standard_normal(4),), wrt=0),
    dict(f=isclose_mask, args=(np.array([0.0, 1.0, -2.0, 0.5]),), wrt=0, skip=("hvp",)),
    dict(f=ptp_range, args=(rng.standard_normal(5),), wrt=0),
]

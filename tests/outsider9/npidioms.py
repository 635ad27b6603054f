"""NumPy as people write it: np.where with three arguments, boolean masks, take_along_axis,
np.put, out= arguments, np.errstate, argsort/argmax gathers, in-place ufuncs."""

import numpy as np

_r = np.random.default_rng(99)
X6 = np.array([0.5, -1.2, 0.8, 2.0, -0.3, 1.1])
M34 = _r.standard_normal((3, 4))
IDX = np.array([[2, 0], [1, 3], [0, 0]])


def where_three(x):
    return np.sum(np.where(x > 0, np.log1p(x), x ** 2))


def where_scalar_arm(x):
    return np.sum(np.where(x > 0.6, x, 0.6) ** 2)


def where_broadcast(M, v):
    return np.sum(np.where(M > 0, M * v, v[None, :] - M))


def where_nan_guard(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        y = np.where(x > 0, np.log(x), 0.0)
    return np.sum(y * x)


def errstate_divide(x):
    with np.errstate(all="ignore"):
        r = np.sin(x) / x
    return np.sum(r)


def mask_select(x):
    m = x > 0
    return np.sum(x[m] ** 2) + np.mean(x[~m])


def mask_assign(x):
    y = x.copy()
    y[y < 0] *= 0.1
    return np.sum(y ** 2)


def mask_assign_from_other(x):
    y = np.zeros_like(x)
    m = x > 0.3
    y[m] = np.sqrt(x[m])
    return np.sum(y)


def mask_2d_rows(M):
    keep = M.sum(axis=1) > -1.0
    return np.sum(M[keep] ** 2)


def mask_count_normalise(x):
    pos = x > 0
    return np.sum(x * pos) / np.count_nonzero(pos)


def take_along_topk(M):
    idx = np.argsort(M, axis=1)[:, -2:]
    return np.sum(np.take_along_axis(M, idx, axis=1) ** 2)


def take_along_given(M, idx):
    return np.sum(np.take_along_axis(M, idx, axis=1) * np.array([1.0, -2.0]))


def put_along_axis_store(M):
    Y = M.copy()
    np.put_along_axis(Y, np.array([[0], [2], [1]]), 0.0, axis=1)
    return np.sum(Y ** 2)


def np_put(x):
    y = x * 2.0
    np.put(y, [0, 3], [1.0, -1.0])
    return np.sum(y ** 2)


def np_put_values(x):
    y = np.zeros(6)
    np.put(y, [1, 4], x[:2] * 3.0)
    return np.sum(np.exp(y))


def np_place(x):
    y = x.copy()
    np.place(y, y > 1.0, 1.0)
    return np.sum(y * x)


def out_argument(x):
    y = np.empty_like(x)
    np.multiply(x, x, out=y)
    np.add(y, 1.0, out=y)
    return np.sum(np.log(y))


def out_inplace_same(x):
    y = x.copy()
    np.exp(y, out=y)
    return np.sum(y)


def out_sum_axis(M):
    out = np.zeros(4)
    np.sum(M ** 2, axis=0, out=out)
    return np.sum(np.sqrt(out))


def out_matmul(M):
    out = np.zeros((3, 3))
    np.matmul(M, M.T, out=out)
    return np.trace(out)


def clip_out(x):
    y = np.empty_like(x)
    np.clip(x, -1.0, 1.0, out=y)
    return np.sum(y ** 3)


def argmax_gather(M):
    j = np.argmax(M, axis=1)
    return np.sum(M[np.arange(3), j])


def argsort_rank_weight(x):
    order = np.argsort(x)
    w = np.linspace(0.1, 1.0, len(x))
    return np.sum(x[order] * w)


def sort_values(x):
    return np.sum(np.sort(x)[::-1][:3])


def fancy_repeat_add(x):
    y = np.zeros(4)
    np.add.at(y, [0, 0, 2, 3, 3, 3], x)
    return np.sum(y ** 2)


def fancy_repeat_plus_eq(x):
    y = np.zeros(4)
    y[[0, 0, 2]] += x[:3]
    return np.sum(y ** 2)


def bincount_weights(x):
    return np.sum(np.bincount(np.array([0, 1, 1, 2, 2, 2]), weights=x) ** 2)


def nonzero_gather(x):
    (idx,) = np.nonzero(x > 0)
    return np.sum(x[idx] * idx)


def argwhere_rows(M):
    rows = np.argwhere(M > 0.5)
    return np.sum(M[rows[:, 0], rows[:, 1]] ** 2)


def isclose_mask(x):
    ref = np.array([0.5, 0.0, 0.8, 0.0, 0.0, 1.1])
    m = np.isclose(x, ref)
    return np.sum(x[m]) + np.sum(x[~m] ** 2)


def nan_to_num_log(x):
    return np.sum(np.nan_to_num(np.log(np.abs(x)), neginf=0.0))


def nansum_masked(x):
    y = np.where(x > 0, x, np.nan)
    return np.nansum(y ** 2) + np.nanmean(y)


def select_piecewise(x):
    return np.sum(np.select([x < -1, x < 1], [-1 - 0.1 * x, x ** 3], default=1 + 0.5 * x))


def piecewise_np(x):
    return np.sum(np.piecewise(x, [x < 0, x >= 0], [lambda v: v ** 2, lambda v: np.sin(v)]))


def einsum_trace_mask(M):
    A = M[:, :3]
    return np.einsum("ii->", A * np.tril(np.ones((3, 3))))


def cumsum_reverse(x):
    return np.sum(np.cumsum(x[::-1])[::-1] ** 2)


def diff_pad_edge(x):
    return np.sum(np.diff(np.pad(x, 1, mode="edge")) ** 2)


def roll_shift(x):
    return np.sum(x * np.roll(x, 2))


def meshgrid_eval(a):
    xs, ys = np.meshgrid(np.linspace(-1, 1, 3), np.linspace(0, 1, 4))
    return np.sum(np.exp(-a * (xs ** 2 + ys ** 2)))


def outer_triu(x):
    return np.sum(np.triu(np.outer(x, x), k=1))


def searchsorted_interp(x):
    grid = np.array([-2.0, -0.5, 0.5, 2.5])
    vals = np.array([1.0, 0.0, 2.0, -1.0])
    i = np.searchsorted(grid, x) - 1
    t = (x - grid[i]) / (grid[i + 1] - grid[i])
    return np.sum((1 - t) * vals[i] + t * vals[i + 1])


def astype_float32(x):
    y = x.astype(np.float32)
    return float(np.sum(y.astype(np.float64) ** 2))


def vector_where(x):
    return np.where(x > 0, np.sqrt(np.abs(x)), -x)


CASES = [
    dict(f=where_three, args=(X6,)),
    dict(f=where_scalar_arm, args=(X6,)),
    dict(f=where_broadcast, args=(M34, X6[:4]), wrt=0, alt=1),
    dict(f=where_nan_guard, args=(X6,)),
    dict(f=errstate_divide, args=(X6,)),
    dict(f=mask_select, args=(X6,)),
    dict(f=mask_assign, args=(X6,)),
    dict(f=mask_assign_from_other, args=(X6,)),
    dict(f=mask_2d_rows, args=(M34,)),
    dict(f=mask_count_normalise, args=(X6,)),
    dict(f=take_along_topk, args=(M34,)),
    dict(f=take_along_given, args=(M34, IDX)),
    dict(f=put_along_axis_store, args=(M34,)),
    dict(f=np_put, args=(X6,)),
    dict(f=np_put_values, args=(X6,)),
    dict(f=np_place, args=(X6,)),
    dict(f=out_argument, args=(X6,)),
    dict(f=out_inplace_same, args=(X6,)),
    dict(f=out_sum_axis, args=(M34,)),
    dict(f=out_matmul, args=(M34,)),
    dict(f=clip_out, args=(X6,)),
    dict(f=argmax_gather, args=(M34,)),
    dict(f=argsort_rank_weight, args=(X6,)),
    dict(f=sort_values, args=(X6,)),
    dict(f=fancy_repeat_add, args=(X6,)),
    dict(f=fancy_repeat_plus_eq, args=(X6,)),
    dict(f=bincount_weights, args=(X6,)),
    dict(f=nonzero_gather, args=(X6,)),
    dict(f=argwhere_rows, args=(M34,)),
    dict(f=isclose_mask, args=(X6,), skip=("hvp",)),   # the hvp's step leaves isclose's band
    dict(f=nan_to_num_log, args=(X6,)),
    dict(f=nansum_masked, args=(X6,)),
    dict(f=select_piecewise, args=(X6 * 1.3,)),
    dict(f=piecewise_np, args=(X6,)),
    dict(f=einsum_trace_mask, args=(M34,)),
    dict(f=cumsum_reverse, args=(X6,)),
    dict(f=diff_pad_edge, args=(X6,)),
    dict(f=roll_shift, args=(X6,)),
    dict(f=meshgrid_eval, args=(0.7,)),
    dict(f=outer_triu, args=(X6,)),
    dict(f=searchsorted_interp, args=(X6 * 0.9,)),
    dict(f=astype_float32, args=(X6,), tol=1e-4, h=1e-3, skip=("hvp",)),
    dict(f=vector_where, args=(X6,), out="vector"),
]

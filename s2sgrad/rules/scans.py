"""Scan rules: cumulative sums, differences, np.gradient, ramps, interpolation, quantiles, convolutions.

Also cumulative products, the median and percentiles, and 1-D correlations.

These keep or change an axis's length without reducing it, so they are not reductions for
the shape analysis.  The ramps (`linspace`, `logspace`, `geomspace`) are differentiable in
their endpoints.
"""

import numpy as np

from . import VARIABLE, adjoint, check, defelementwise, deflinear, defmultilinear, never, nograd, only, tangent
from .. import runtime
from ..runtime import (along_axis_adjoint, axes_to_last, broadcast_like, foreign, gradient_adjoint, gradient_of,
                       quantile_weights, running_extremum_adjoint, running_extremum_tangent, unbroadcast, zeros_like)


@adjoint(np.cumsum, np.ndarray.cumsum)
def cumsum(result, a, axis=None, dtype=None, out=None, *, d_result):
    if axis is None:
        return np.reshape(np.flip(np.cumsum(np.flip(d_result))), np.shape(a))
    return np.flip(np.cumsum(np.flip(d_result, axis), axis), axis)


@adjoint(np.nancumsum)
def nancumsum(result, a, axis=None, dtype=None, out=None, *, d_result):
    # nan entries count as 0 and get no gradient.
    if axis is None:
        return np.where(np.isnan(a), 0, np.reshape(np.flip(np.cumsum(np.flip(d_result))), np.shape(a)))
    return np.where(np.isnan(a), 0, np.flip(np.cumsum(np.flip(d_result, axis), axis), axis))


@tangent(np.nancumsum)
def nancumsum_tangent(result, a, axis=None, dtype=None, out=None, *, t_a):
    return np.cumsum(np.where(np.isnan(a), 0, t_a), axis=axis)


@adjoint(np.cumulative_sum)
def cumulative_sum(result, x, *, axis=None, dtype=None, out=None, include_initial=False, d_result):
    # With include_initial, the leading 0 is a constant: its cotangent is dropped.
    g = d_result
    if include_initial:
        g = np.delete(d_result, 0, axis)
    if axis is None:
        return np.flip(np.cumsum(np.flip(g)))
    return np.flip(np.cumsum(np.flip(g, axis), axis), axis)


@adjoint(np.cumprod, np.ndarray.cumprod)
def cumprod(result, a, axis=None, dtype=None, out=None, *, d_result):
    # d_a[i] sums d[j] times the product of a[:j + 1] without a[i], over j >= i: result[j] / a[i]
    # where a[i] is not 0.  Exact at zeros: at a row's first zero, the products with that zero
    # read as 1 (`through`); at a later zero, 0.
    x, d, r, step = a, d_result, result, axis
    if axis is None:
        x, d, r, step = np.ravel(a), np.ravel(d_result), np.ravel(result), 0
    zero = x == 0
    first = zero & (np.cumsum(zero, axis=step) == 1)
    through = np.cumprod(np.where(first, 1, x), axis=step)
    tail = np.flip(np.cumsum(np.flip(d * r, step), step), step) / np.where(zero, 1, x)
    at_first = np.flip(np.cumsum(np.flip(d * through, step), step), step)
    return np.reshape(np.where(first, at_first, np.where(zero, 0, tail)), np.shape(a))


@tangent(np.cumprod, np.ndarray.cumprod)
def cumprod_tangent(result, a, axis=None, dtype=None, out=None, *, t_a):
    # Before a row's first zero: each prefix product times the prefix sum of t_a / a; from it
    # on, only the zero's own tangent counts, times the products with the zero read as 1.
    x, t, r, step = a, t_a, result, axis
    if axis is None:
        x, t, r, step = np.ravel(a), np.ravel(t_a), np.ravel(result), 0
    zero = x == 0
    seen = np.cumsum(zero, axis=step)
    first = zero & (seen == 1)
    through = np.cumprod(np.where(first, 1, x), axis=step)
    before = r * np.cumsum(np.where(zero, 0, t / np.where(zero, 1, x)), axis=step)
    at_first = np.sum(np.where(first, t, 0), axis=step, keepdims=True) * through
    return np.reshape(np.where(seen > 0, at_first, before), np.shape(result))


@adjoint(np.maximum.accumulate, np.minimum.accumulate)
def running_extremum(result, array, axis=0, dtype=None, out=None, *, d_result):
    # result[i] = maximum(result[i - 1], array[i]): each step's cotangent goes to the entry kept,
    # half each at a tie (np.maximum's convention), so a run of ties halves it back along the run.
    return running_extremum_adjoint(d_result, array, result, axis)


@tangent(np.maximum.accumulate, np.minimum.accumulate)
def running_extremum_tangent_(result, array, axis=0, dtype=None, out=None, *, t_array):
    return running_extremum_tangent(t_array, array, result, axis)


@adjoint(runtime.running_extremum_adjoint)
def running_extremum_adjoint_(result, g, x, extremum, axis=0, *, d_result):
    # Linear in g; x and the running extremum only choose the shares (piecewise constant).
    return running_extremum_tangent(d_result, x, extremum, axis), zeros_like(x), zeros_like(extremum)


@tangent(runtime.running_extremum_adjoint)
def running_extremum_adjoint_tangent(result, g, x, extremum, axis=0, *, t_g):
    return running_extremum_adjoint(broadcast_like(t_g, g), x, extremum, axis)


@adjoint(runtime.running_extremum_tangent)
def running_extremum_tangent_adjoint(result, t, x, extremum, axis=0, *, d_result):
    return running_extremum_adjoint(d_result, x, extremum, axis), zeros_like(x), zeros_like(extremum)


@tangent(runtime.running_extremum_tangent)
def running_extremum_tangent_tangent(result, t, x, extremum, axis=0, *, t_t):
    return running_extremum_tangent(broadcast_like(t_t, t), x, extremum, axis)


@adjoint(np.cumulative_prod)
def cumulative_prod(result, x, *, axis=None, dtype=None, out=None, include_initial=False, d_result):
    # Nonzero inputs, as cumprod; with include_initial, the leading 1 is a constant.
    weighted = d_result * result
    if include_initial:
        weighted = np.delete(weighted, 0, axis)
    if axis is None:
        return np.flip(np.cumsum(np.flip(weighted))) / x
    return np.flip(np.cumsum(np.flip(weighted, axis), axis), axis) / x


@tangent(np.cumulative_prod)
def cumulative_prod_tangent(result, x, *, axis=None, dtype=None, out=None, include_initial=False, t_x):
    return result * np.cumulative_sum(t_x / x, axis=axis, include_initial=include_initial)


@adjoint(np.diff)
def diff(result, a, n=1, axis=-1, prepend=None, append=None, *, d_result):
    # Each difference's adjoint is a negated difference of the zero-padded cotangent.  prepend=
    # and append= values are constants: their part of the cotangent is cut off.
    g = d_result
    for _ in range(n):
        k = axis % np.ndim(g)
        before = [(1, 0) if i == k else (0, 0) for i in range(np.ndim(g))]
        after = [(0, 1) if i == k else (0, 0) for i in range(np.ndim(g))]
        g = np.pad(g, before) - np.pad(g, after)
    start = 0
    if prepend is not None:
        start = 1
        if np.ndim(prepend) > 0:
            start = np.shape(prepend)[axis]
    elif append is None:
        return g
    return np.take(g, np.arange(start, start + np.shape(a)[axis]), axis=axis)


@tangent(np.diff)
def diff_tangent(result, a, n=1, axis=-1, prepend=None, append=None, *, t_a):
    # Linear in a; prepend= and append= are constants, so their tangents are zeros.  (One `if`
    # per option, so that each folds away on its own.)
    if prepend is None:
        if append is None:
            return np.diff(t_a, n, axis)
        return np.diff(t_a, n, axis, append=np.zeros_like(append, dtype=np.result_type(t_a)))
    if append is None:
        return np.diff(t_a, n, axis, prepend=np.zeros_like(prepend, dtype=np.result_type(t_a)))
    return np.diff(t_a, n, axis, prepend=np.zeros_like(prepend, dtype=np.result_type(t_a)),
                   append=np.zeros_like(append, dtype=np.result_type(t_a)))


@adjoint(np.gradient, returns="maybe tuple")
def gradient(result, f, *varargs, axis=None, edge_order=1, d_result):
    # Linear in f, for spacings given as numbers or as coordinates (the spacing itself is a constant:
    # a differentiated one is refused).  Several axes: d_result holds one cotangent per axis.
    return gradient_adjoint(d_result, f, varargs, axis, edge_order)


@adjoint(runtime.gradient_adjoint)
def gradient_adjoint_(result, g, f, varargs=(), axis=None, edge_order=1, *, d_result):
    # `f` only gives the shape.
    return gradient_of(d_result, varargs, axis, edge_order), zeros_like(f)


@tangent(runtime.gradient_adjoint)
def gradient_adjoint_tangent(result, g, f, varargs=(), axis=None, edge_order=1, *, t_g):
    return gradient_adjoint(t_g, f, varargs, axis, edge_order)


@adjoint(runtime.gradient_of)
def gradient_of_(result, d, varargs=(), axis=None, edge_order=1, *, d_result):
    return gradient_adjoint(d_result, d, varargs, axis, edge_order)


@adjoint(np.ediff1d)
def ediff1d(result, ary, to_end=None, to_begin=None, *, d_result):
    # The differences of the flattened input; to_end and to_begin are constants.
    start = 0
    if to_begin is not None:
        start = np.size(to_begin)
    g = d_result[start:start + np.size(ary) - 1]
    return np.reshape(np.pad(g, (1, 0)) - np.pad(g, (0, 1)), np.shape(ary))


@tangent(np.ediff1d)
def ediff1d_tangent(result, ary, to_end=None, to_begin=None, *, t_ary):
    # to_end and to_begin are constants: zeros in the tangent.
    t = np.ediff1d(t_ary)
    if to_begin is not None:
        t = np.pad(t, (np.size(to_begin), 0))
    if to_end is not None:
        t = np.pad(t, (0, np.size(to_end)))
    return t


@adjoint(np.interp, requires={"period": never("the slope of a periodic table is not derived")})
def interp(result, x, xp=None, fp=None, left=None, right=None, period=None, *, d_result):
    # With respect to x only (xp and fp are constants): the slope of the segment x falls in,
    # 0 outside [xp[0], xp[-1]]; at a breakpoint the slope of the segment to its right.
    i = np.clip(np.searchsorted(xp, x, side="right") - 1, 0, np.size(xp) - 2)
    slope = (np.take(fp, i + 1) - np.take(fp, i)) / (np.take(xp, i + 1) - np.take(xp, i))
    inside = (x >= np.take(xp, 0)) & (x <= np.take(xp, -1))
    return np.where(inside, d_result * slope, 0)


@adjoint(np.trapezoid)
def trapezoid(result, y, x=None, dx=1.0, axis=-1, *, d_result):
    # With respect to y (x and dx are constants): entry i weighs half the steps on its two sides;
    # a 1-D x is laid along `axis`, an n-D x broadcasts against y.
    g = np.broadcast_to(np.expand_dims(d_result, axis), np.shape(y))
    n = np.shape(y)[axis]
    k = axis % np.ndim(y)
    along = [-1 if i == k else 1 for i in range(np.ndim(y))]
    if x is None:
        ranks = np.arange(n, like=foreign(d_result))
        edge = np.reshape((ranks == 0) | (ranks == n - 1), along)
        return dx * np.where(edge, 0.5 * g, g)
    if np.ndim(x) == 1:
        steps = np.reshape(np.diff(x), along)
    else:
        steps = np.diff(x, axis=axis)
    before = [(1, 0) if i == k else (0, 0) for i in range(np.ndim(steps))]
    after = [(0, 1) if i == k else (0, 0) for i in range(np.ndim(steps))]
    return unbroadcast(g * (np.pad(steps, before) + np.pad(steps, after)) / 2, y)


@adjoint(np.median, requires={"overwrite_input": only(False, reason="True sorts `a` in place")})
def median(result, a, axis=None, out=None, overwrite_input=False, keepdims=False, *, d_result):
    # The middle entry gets the gradient; with an even count the two middle entries get half each.
    # The reduced axes (all, one or several) are moved last and flattened into one.
    axes, last = axes_to_last(a, axis)
    moved = np.moveaxis(a, axes, last)
    flat = np.reshape(moved, np.shape(moved)[:np.ndim(a) - len(axes)] + (-1,))
    n = np.shape(flat)[-1]
    ranks = np.arange(n, like=foreign(a))
    weight = ((ranks == (n - 1) // 2) * 0.5 + (ranks == n // 2) * 0.5).astype(np.result_type(a))
    g = np.expand_dims(np.reshape(d_result, np.shape(flat)[:-1]), -1) * weight
    back = along_axis_adjoint(g, flat, np.argsort(flat, axis=-1, kind="stable"), -1)
    return np.moveaxis(np.reshape(back, np.shape(moved)), last, axes)


@tangent(np.median)
def median_tangent(result, a, axis=None, out=None, overwrite_input=False, keepdims=False, *, t_a):
    # The mean of the middle entries' tangents, in the adjoint's (stable) order.
    axes, last = axes_to_last(a, axis)
    lead = np.shape(np.moveaxis(a, axes, last))[:np.ndim(a) - len(axes)] + (-1,)
    flat = np.reshape(np.moveaxis(a, axes, last), lead)
    ordered = np.take_along_axis(np.reshape(np.moveaxis(t_a, axes, last), lead),
                                 np.argsort(flat, axis=-1, kind="stable"), axis=-1)
    n = np.shape(flat)[-1]
    middle = (ordered[..., (n - 1) // 2] + ordered[..., n // 2]) / 2
    return np.reshape(middle, np.shape(result))


def _quantile_axis(value):
    if value is VARIABLE or value is None or isinstance(value, int) or \
            isinstance(value, tuple) and all(isinstance(v, int) for v in value):
        return None
    return f"`axis={value!r}`: an int, a tuple of ints or None"


_QUANTILE = {"overwrite_input": only(False, reason="True sorts `a` in place"),
             "method": only("linear", reason="the other methods are not differentiated"),
             "weights": never("weighted quantiles are not differentiated"),
             "axis": check(_quantile_axis, "an int, a tuple of ints or None")}


@adjoint(np.quantile, requires=_QUANTILE)
def quantile(result, a, q=None, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, *,
             weights=None, d_result):
    # Linear interpolation: q's cotangent goes to the two order statistics around q (n - 1), with
    # their weights; tied entries are ordered as a stable sort orders them.  q is a constant (a
    # differentiated q is refused).
    axes, last = axes_to_last(a, axis)
    moved = np.moveaxis(a, axes, last)
    flat = np.reshape(moved, np.shape(moved)[:np.ndim(a) - len(axes)] + (-1,))
    weight = quantile_weights(q, flat)
    g = np.moveaxis(np.reshape(d_result, (np.shape(weight)[0],) + np.shape(flat)[:-1]), 0, -1)
    back = along_axis_adjoint(np.matmul(g, weight), flat, np.argsort(flat, axis=-1, kind="stable"), -1)
    return np.moveaxis(np.reshape(back, np.shape(moved)), last, axes)


@tangent(np.quantile)
def quantile_tangent(result, a, q=None, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False,
                     *, weights=None, t_a):
    # The same weights on t_a, in the adjoint's (stable) order.
    axes, last = axes_to_last(a, axis)
    lead = np.shape(np.moveaxis(a, axes, last))[:np.ndim(a) - len(axes)] + (-1,)
    flat = np.reshape(np.moveaxis(a, axes, last), lead)
    ordered = np.take_along_axis(np.reshape(np.moveaxis(t_a, axes, last), lead),
                                 np.argsort(flat, axis=-1, kind="stable"), axis=-1)
    values = np.matmul(ordered, np.swapaxes(quantile_weights(q, flat), 0, 1))
    return np.reshape(np.moveaxis(values, -1, 0), np.shape(result))


@adjoint(np.percentile, requires=_QUANTILE)
def percentile(result, a, q=None, axis=None, out=None, overwrite_input=False, method="linear", keepdims=False, *,
               weights=None, d_result):
    # np.quantile at q / 100.
    axes, last = axes_to_last(a, axis)
    moved = np.moveaxis(a, axes, last)
    flat = np.reshape(moved, np.shape(moved)[:np.ndim(a) - len(axes)] + (-1,))
    weight = quantile_weights(q, flat, 100)
    g = np.moveaxis(np.reshape(d_result, (np.shape(weight)[0],) + np.shape(flat)[:-1]), 0, -1)
    back = along_axis_adjoint(np.matmul(g, weight), flat, np.argsort(flat, axis=-1, kind="stable"), -1)
    return np.moveaxis(np.reshape(back, np.shape(moved)), last, axes)


@tangent(np.percentile)
def percentile_tangent(result, a, q=None, axis=None, out=None, overwrite_input=False, method="linear",
                       keepdims=False, *, weights=None, t_a):
    axes, last = axes_to_last(a, axis)
    lead = np.shape(np.moveaxis(a, axes, last))[:np.ndim(a) - len(axes)] + (-1,)
    flat = np.reshape(np.moveaxis(a, axes, last), lead)
    ordered = np.take_along_axis(np.reshape(np.moveaxis(t_a, axes, last), lead),
                                 np.argsort(flat, axis=-1, kind="stable"), axis=-1)
    values = np.matmul(ordered, np.swapaxes(quantile_weights(q, flat, 100), 0, 1))
    return np.reshape(np.moveaxis(values, -1, 0), np.shape(result))


nograd(runtime.quantile_weights, result="float")


@adjoint(np.correlate, requires={"mode": only("valid", "same", "full", reason="spelled out in full")})
def correlate(result, a, v, mode="valid", *, d_result):
    # Real 1-D inputs of any lengths: correlate(a, v, "full") is convolve(a, v[::-1], "full"), of
    # which modes "valid" and "same" keep a middle part (the cut ends get zero cotangents).
    n, m = np.size(a), np.size(v)
    if mode == "full":
        return np.correlate(d_result, np.flip(v), "valid"), np.flip(np.correlate(d_result, a, "valid"))
    if mode == "same":
        start = (np.minimum(n, m) - 1 + (n < m)) // 2
    else:
        start = np.minimum(n, m) - 1
    full = np.pad(d_result, (start, n + m - 1 - start - np.size(d_result)))
    return np.correlate(full, np.flip(v), "valid"), np.flip(np.correlate(full, a, "valid"))


@adjoint(np.convolve, requires={"mode": only("full", "same", "valid", reason="spelled out in full")})
def convolve(result, a, v, mode="full", *, d_result):
    # Real 1-D inputs.  Modes "same" and "valid" keep a middle part of the full convolution: its
    # cotangent is d_result with the cut ends put back as zeros.
    if mode == "full":
        return np.correlate(d_result, v, "valid"), np.correlate(d_result, a, "valid")
    n, m = np.size(a), np.size(v)
    if mode == "same":
        start = (np.minimum(n, m) - 1) // 2
    else:
        start = np.minimum(n, m) - 1
    full = np.pad(d_result, (start, n + m - 1 - start - np.size(d_result)))
    return np.correlate(full, v, "valid"), np.correlate(full, a, "valid")


@adjoint(np.polyval)
def polyval(result, p, x, *, d_result):
    # p is 1-D; the cotangent of p sums g * x ** k over x's entries.
    n = np.size(p)
    dtype = np.result_type(p, x)
    on = foreign(p, x)
    powers = np.expand_dims(np.asarray(x, dtype=dtype, like=on), -1) ** np.arange(n - 1, -1, -1, dtype=dtype, like=on)
    d_p = np.reshape(np.expand_dims(d_result, -1) * powers, (-1, n))
    slope = np.polyval(np.polyder(p).astype(dtype), x)
    return np.sum(d_p, axis=0), unbroadcast(d_result * slope, x)


@tangent(np.polyval)
def polyval_tangent(result, p, x, *, t_p, t_x):
    # p is 1-D: the powers of x contract with t_p (an `@`, which a missing t_p folds away).
    dtype = np.result_type(p, x)
    on = foreign(p, x)
    powers = np.expand_dims(np.asarray(x, dtype=dtype, like=on), -1) ** \
        np.arange(np.size(p) - 1, -1, -1, dtype=dtype, like=on)
    return powers @ t_p + np.polyval(np.polyder(p).astype(dtype), x) * t_x


@adjoint(np.polyder)
def polyder(result, p, m=1, *, d_result):
    # Linear in p: the k-th derivative scales coefficient i by (n-1-i)! / (n-1-i-m)!.
    n = np.size(p)
    scale = np.ones_like(d_result)
    for j in range(m):
        scale = scale * np.arange(n - 1 - j, m - 1 - j, -1, dtype=np.result_type(d_result), like=foreign(d_result))
    return np.pad(d_result * scale, (0, m))


# -- ramps: differentiable in their endpoints ----------------------------------------------


@adjoint(np.linspace, requires={"retstep": only(False, reason="the step is returned as a second value")})
def linspace(result, start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *, device=None,
             d_result):
    # Sample k is start + (stop - start) * w_k for the ramp w from 0 to 1 (its samples run along
    # `axis` of the result): linear in the endpoints.
    w = np.linspace(np.zeros_like(result, shape=()), 1.0, num, endpoint=endpoint)
    g = np.moveaxis(d_result, axis, -1)
    return unbroadcast(np.matmul(g, 1 - w), start), unbroadcast(np.matmul(g, w), stop)


@tangent(np.linspace)
def linspace_tangent(result, start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *, device=None,
                     t_start, t_stop):
    # Linear in the endpoints; one without a tangent (a zero) keeps its endpoint's shape.
    return np.linspace(broadcast_like(t_start, start), broadcast_like(t_stop, stop), num, endpoint=endpoint,
                       dtype=dtype, axis=axis)


@adjoint(np.logspace)
def logspace(result, start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0, *, d_result):
    # base ** linspace(start, stop); `base` is a constant.  Its log, in the result's dtype, is laid
    # out as logspace lays out an array base: padded to the endpoints' rank, expanded along `axis`.
    w = np.linspace(np.zeros_like(result, shape=()), 1.0, num, endpoint=endpoint)
    log_base = np.log(base * np.ones_like(result, shape=()))
    lead = (1,) * (np.ndim(result) - 1 - np.ndim(base))
    log_base = np.expand_dims(np.reshape(log_base, lead + np.shape(base)), axis)
    g = np.moveaxis(d_result * result * log_base, axis, -1)
    return unbroadcast(np.matmul(g, 1 - w), start), unbroadcast(np.matmul(g, w), stop)


@tangent(np.logspace)
def logspace_tangent(result, start, stop, num=50, endpoint=True, base=10.0, dtype=None, axis=0, *, t_start,
                     t_stop):
    log_base = np.log(base * np.ones_like(result, shape=()))
    lead = (1,) * (np.ndim(result) - 1 - np.ndim(base))
    log_base = np.expand_dims(np.reshape(log_base, lead + np.shape(base)), axis)
    return result * log_base * np.linspace(broadcast_like(t_start, start), broadcast_like(t_stop, stop), num,
                                           endpoint=endpoint, axis=axis)


@adjoint(np.geomspace)
def geomspace(result, start, stop, num=50, endpoint=True, dtype=None, axis=0, *, d_result):
    # start * (stop / start) ** w for the ramp w from 0 to 1 (endpoints of one sign).
    w = np.linspace(np.zeros_like(result, shape=()), 1.0, num, endpoint=endpoint)
    g = np.moveaxis(d_result * result, axis, -1)
    return unbroadcast(np.matmul(g, 1 - w) / start, start), unbroadcast(np.matmul(g, w) / stop, stop)


@tangent(np.geomspace)
def geomspace_tangent(result, start, stop, num=50, endpoint=True, dtype=None, axis=0, *, t_start, t_stop):
    return result * np.linspace(t_start / start, t_stop / stop, num, endpoint=endpoint, axis=axis)


deflinear(np.cumsum, np.ndarray.cumsum, np.cumulative_sum, np.trapezoid, np.polyder, np.gradient,
          runtime.gradient_of)
defmultilinear(np.correlate, np.convolve)
# interp's Jacobian in x is diagonal (xp and fp are constants): its tangent is derived.
defelementwise(np.interp)

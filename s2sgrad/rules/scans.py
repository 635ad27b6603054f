"""Scan rules: cumulative sums and products, differences, and interpolation along an axis.

These keep or change an axis's length without reducing it, so they are not reductions for
the shape analysis.
"""

import numpy as np

from . import adjoint, defelementwise, deflinear, defmultilinear, tangent
from ..runtime import along_axis_adjoint, unbroadcast


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
    # include_initial=False.
    if axis is None:
        return np.flip(np.cumsum(np.flip(d_result)))
    return np.flip(np.cumsum(np.flip(d_result, axis), axis), axis)


@adjoint(np.cumprod, np.ndarray.cumprod)
def cumprod(result, a, axis=None, dtype=None, out=None, *, d_result):
    # Written as result / a: the inputs must be nonzero (at a zero the gradient is nan).
    if axis is None:
        flat = np.flip(np.cumsum(np.flip(np.ravel(d_result * result))))
        return np.reshape(flat, np.shape(a)) / a
    return np.flip(np.cumsum(np.flip(d_result * result, axis), axis), axis) / a


@tangent(np.cumprod, np.ndarray.cumprod)
def cumprod_tangent(result, a, axis=None, dtype=None, out=None, *, t_a):
    # Nonzero inputs, as the adjoint: each prefix product times the prefix sum of t_a / a.
    return result * np.cumsum(t_a / a, axis=axis)


@adjoint(np.cumulative_prod)
def cumulative_prod(result, x, *, axis=None, dtype=None, out=None, include_initial=False, d_result):
    # Nonzero inputs, as cumprod; include_initial=False.
    if axis is None:
        return np.flip(np.cumsum(np.flip(d_result * result))) / x
    return np.flip(np.cumsum(np.flip(d_result * result, axis), axis), axis) / x


@tangent(np.cumulative_prod)
def cumulative_prod_tangent(result, x, *, axis=None, dtype=None, out=None, include_initial=False, t_x):
    return result * np.cumsum(t_x / x, axis=axis)


@adjoint(np.diff)
def diff(result, a, n=1, axis=-1, *, d_result, **options):
    # Each difference's adjoint is a negated difference of the zero-padded cotangent.
    # prepend= and append= values are treated as constants.
    g = d_result
    for _ in range(n):
        k = axis % np.ndim(g)
        before = [(1, 0) if i == k else (0, 0) for i in range(np.ndim(g))]
        after = [(0, 1) if i == k else (0, 0) for i in range(np.ndim(g))]
        g = np.pad(g, before) - np.pad(g, after)
    return g


@tangent(np.diff)
def diff_tangent(result, a, n=1, axis=-1, prepend=None, append=None, *, t_a):
    # Linear in a; prepend= and append= are constants, so their tangents are zeros.
    if prepend is None and append is None:
        return np.diff(t_a, n, axis)
    if append is None:
        return np.diff(t_a, n, axis, prepend=np.zeros_like(prepend, dtype=np.result_type(t_a)))
    if prepend is None:
        return np.diff(t_a, n, axis, append=np.zeros_like(append, dtype=np.result_type(t_a)))
    return np.diff(t_a, n, axis, prepend=np.zeros_like(prepend, dtype=np.result_type(t_a)),
                   append=np.zeros_like(append, dtype=np.result_type(t_a)))


@adjoint(np.ediff1d)
def ediff1d(result, ary, to_end=None, to_begin=None, *, d_result):
    # The differences of the flattened input; to_end and to_begin are constants.
    start = 0 if to_begin is None else np.size(to_begin)
    g = d_result[start:start + np.size(ary) - 1]
    return np.reshape(np.pad(g, (1, 0)) - np.pad(g, (0, 1)), np.shape(ary))


@tangent(np.ediff1d)
def ediff1d_tangent(result, ary, to_end=None, to_begin=None, *, t_ary):
    # to_end and to_begin are constants: zeros in the tangent.
    t = np.ediff1d(t_ary)
    if to_begin is not None:
        t = np.concatenate([np.zeros(np.size(to_begin), dtype=np.result_type(t)), t])
    if to_end is not None:
        t = np.concatenate([t, np.zeros(np.size(to_end), dtype=np.result_type(t))])
    return t


@adjoint(np.interp)
def interp(result, x, xp=None, fp=None, left=None, right=None, period=None, *, d_result):
    # With respect to x only (xp and fp are constants): the slope of the segment x falls in,
    # 0 outside [xp[0], xp[-1]]; at a breakpoint the slope of the segment to its right.
    i = np.clip(np.searchsorted(xp, x, side="right") - 1, 0, np.size(xp) - 2)
    slope = (np.take(fp, i + 1) - np.take(fp, i)) / (np.take(xp, i + 1) - np.take(xp, i))
    inside = (x >= np.take(xp, 0)) & (x <= np.take(xp, -1))
    return np.where(inside, d_result * slope, 0)


@adjoint(np.trapezoid)
def trapezoid(result, y, x=None, dx=1.0, axis=-1, *, d_result):
    # With respect to y (x and dx are constants); x, when given, is 1-D.
    g = np.broadcast_to(np.expand_dims(d_result, axis), np.shape(y))
    n = np.shape(y)[axis]
    along = [-1 if i == axis % np.ndim(y) else 1 for i in range(np.ndim(y))]
    if x is None:
        edge = np.reshape((np.arange(n) == 0) | (np.arange(n) == n - 1), along)
        return dx * np.where(edge, 0.5 * g, g)
    steps = np.diff(x)
    return g * np.reshape((np.pad(steps, (1, 0)) + np.pad(steps, (0, 1))) / 2, along)


@adjoint(np.median)
def median(result, a, axis=None, out=None, overwrite_input=False, keepdims=False, *, d_result):
    # The middle entry gets the gradient; with an even count the two middle entries get half each.
    # axis is None or an int.
    if axis is None:
        flat, k = np.ravel(a), 0
    else:
        flat, k = a, axis
    n = np.shape(flat)[k]
    ranks = np.arange(n)
    weight = ((ranks == (n - 1) // 2) * 0.5 + (ranks == n // 2) * 0.5).astype(np.result_type(a))
    weight = np.reshape(weight, [-1 if i == k % np.ndim(flat) else 1 for i in range(np.ndim(flat))])
    g = np.expand_dims(np.reshape(d_result, np.shape(np.sum(flat, axis=k))), k) * weight
    return np.reshape(along_axis_adjoint(g, flat, np.argsort(flat, axis=k, kind="stable"), k), np.shape(a))


@tangent(np.median)
def median_tangent(result, a, axis=None, out=None, overwrite_input=False, keepdims=False, *, t_a):
    # The mean of the middle entries' tangents, in the adjoint's (stable) order.
    if axis is None:
        flat, t_flat, k = np.ravel(a), np.ravel(t_a), 0
    else:
        flat, t_flat, k = a, t_a, axis
    n = np.shape(flat)[k]
    ordered = np.take_along_axis(t_flat, np.argsort(flat, axis=k, kind="stable"), axis=k)
    middle = (np.take(ordered, (n - 1) // 2, axis=k) + np.take(ordered, n // 2, axis=k)) / 2
    return np.reshape(middle, np.shape(result))


@adjoint(np.correlate)
def correlate(result, a, v, mode="valid", *, d_result):
    # Real 1-D inputs, mode "valid" (the default) with len(a) >= len(v).
    return np.convolve(d_result, v), np.correlate(a, d_result, "valid")


@adjoint(np.polyval)
def polyval(result, p, x, *, d_result):
    # p is 1-D; the cotangent of p sums g * x ** k over x's entries.
    n = np.size(p)
    dtype = np.result_type(p, x)
    powers = np.expand_dims(np.asarray(x, dtype=dtype), -1) ** np.arange(n - 1, -1, -1, dtype=dtype)
    d_p = np.reshape(np.expand_dims(d_result, -1) * powers, (-1, n))
    slope = np.polyval(np.polyder(p).astype(dtype), x)
    return np.sum(d_p, axis=0), unbroadcast(d_result * slope, x)


@tangent(np.polyval)
def polyval_tangent(result, p, x, *, t_p, t_x):
    # p is 1-D: the powers of x contract with t_p (an `@`, which a missing t_p folds away).
    dtype = np.result_type(p, x)
    powers = np.expand_dims(np.asarray(x, dtype=dtype), -1) ** np.arange(np.size(p) - 1, -1, -1, dtype=dtype)
    return powers @ t_p + np.polyval(np.polyder(p).astype(dtype), x) * t_x


@adjoint(np.polyder)
def polyder(result, p, m=1, *, d_result):
    # Linear in p: the k-th derivative scales coefficient i by (n-1-i)! / (n-1-i-m)!.
    n = np.size(p)
    scale = np.ones_like(d_result)
    for j in range(m):
        scale = scale * np.arange(n - 1 - j, m - 1 - j, -1, dtype=np.result_type(d_result))
    return np.pad(d_result * scale, (0, m))


deflinear(np.cumsum, np.ndarray.cumsum, np.cumulative_sum, np.trapezoid, np.polyder)
defmultilinear(np.correlate)
# interp's Jacobian in x is diagonal (xp and fp are constants): its tangent is derived.
defelementwise(np.interp)

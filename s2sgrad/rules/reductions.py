"""Reduction rules: sum, mean, prod, extrema, var/std, the nan-ignoring forms, average, norms.

Every rule takes NumPy's `axis` (None, an int or a tuple) and `keepdims`.  `expand_reduced`
re-inserts the reduced axes into the cotangent so it broadcasts against the input; it
disappears from emitted code when `axis` is None or `keepdims` is true.  The shape analysis
treats a `reduction` called with one argument and no keywords as returning a scalar.
A tangent rule reduces the input's tangent with the weights the adjoint spreads `d_result` by,
so the conventions at ties and zeros are the same in both modes.
"""

import numpy as np

import functools

from . import adjoint, deflinear, never, nograd, only, tangent
from ..runtime import bin_cotangent, broadcast_like, expand_reduced

# Every rule of this family takes arrays and is read as a reduction: called with one operand and
# no keyword, it returns a scalar (the shape analysis reads it so).  Not so for np.cov, np.corrcoef,
# np.bincount, np.histogram, nor for np.add.reduce and np.multiply.reduce of an array of more
# than one dimension: declared as the family always was, so that emitted code does not change.
reduction = functools.partial(adjoint, reduction=True, arrays=True)


@reduction(np.sum, np.ndarray.sum)
def sum_(result, a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None, *, d_result):
    if where is not None:
        return np.where(where, np.broadcast_to(expand_reduced(d_result, a, axis, keepdims), np.shape(a)), 0)
    if axis is None and not keepdims:       # (a fill value of shape (1, 1): not every library's full_like takes it)
        return np.full_like(a, d_result)
    return np.broadcast_to(expand_reduced(d_result, a, axis, keepdims), np.shape(a))


@reduction(np.mean, np.ndarray.mean)
def mean(result, a, axis=None, dtype=None, out=None, keepdims=False, *, d_result):
    if axis is None and not keepdims:
        return np.full_like(a, d_result / np.size(a))
    return np.broadcast_to(expand_reduced(d_result * (np.size(result) / np.size(a)), a, axis, keepdims), np.shape(a))


@reduction(np.add.reduce)
def add_reduce(result, array, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=None, *, d_result):
    # np.sum, but along axis 0 unless told.
    if where is not None:
        return np.where(where, np.broadcast_to(expand_reduced(d_result, array, axis, keepdims), np.shape(array)), 0)
    return np.broadcast_to(expand_reduced(d_result, array, axis, keepdims), np.shape(array))


@tangent(np.add.reduce)
def add_reduce_tangent(result, array, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=None, *,
                       t_array):
    # Linear in the array; `initial` is a constant, so it is not added to the tangent.
    if where is None:
        return np.add.reduce(t_array, axis=axis, dtype=dtype, keepdims=keepdims)
    return np.add.reduce(t_array, axis=axis, dtype=dtype, keepdims=keepdims, where=where)


@reduction(np.prod, np.ndarray.prod)
def prod(result, a, axis=None, dtype=None, out=None, keepdims=False, initial=None, *, d_result):
    # Exact with zeros: the product of the other entries, not result / a; written so that its
    # derivative is exact too (for Hessians): `lost`, the sum of the zero entries, is 0 but
    # carries their tangents into the shares that one or two zeros make 0.
    zero = a == 0
    safe = np.where(zero, 1, a)
    others = np.prod(safe, axis=axis, keepdims=True)
    if initial is not None:
        others = others * initial
    zeros = np.sum(zero, axis=axis, keepdims=True)
    lost = np.sum(np.where(zero, a, 0), axis=axis, keepdims=True)
    share = np.where(zeros == 0, others / safe,
                     np.where(zeros == 1, np.where(zero, others, others / safe * lost),
                              np.where(zero & (zeros == 2), others * (lost - a), 0)))
    return expand_reduced(d_result, a, axis, keepdims) * share


@tangent(np.prod, np.ndarray.prod)
def prod_tangent(result, a, axis=None, dtype=None, out=None, keepdims=False, initial=None, *, t_a):
    # Exact with zeros, as the adjoint: each entry's weight is the product of the others.
    zero = a == 0
    safe = np.where(zero, 1, a)
    others = np.prod(safe, axis=axis, keepdims=True)
    if initial is not None:
        others = others * initial
    zeros = np.sum(zero, axis=axis, keepdims=True)
    lost = np.sum(np.where(zero, a, 0), axis=axis, keepdims=True)
    share = np.where(zeros == 0, others / safe,
                     np.where(zeros == 1, np.where(zero, others, others / safe * lost),
                              np.where(zero & (zeros == 2), others * (lost - a), 0)))
    return np.sum(share * t_a, axis=axis, keepdims=keepdims)


_MULTIPLY_WHERE = {"where": never("a masked product is not differentiated; multiply np.where(mask, x, 1) instead")}


@reduction(np.multiply.reduce, requires=_MULTIPLY_WHERE)
def multiply_reduce(result, array, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=None, *,
                    d_result):
    # np.prod, but along axis 0 unless told: exact with zeros, as prod's rule.
    zero = array == 0
    safe = np.where(zero, 1, array)
    others = np.prod(safe, axis=axis, keepdims=True)
    if initial is not None:
        others = others * initial
    zeros = np.sum(zero, axis=axis, keepdims=True)
    lost = np.sum(np.where(zero, array, 0), axis=axis, keepdims=True)
    share = np.where(zeros == 0, others / safe,
                     np.where(zeros == 1, np.where(zero, others, others / safe * lost),
                              np.where(zero & (zeros == 2), others * (lost - array), 0)))
    return expand_reduced(d_result, array, axis, keepdims) * share


@tangent(np.multiply.reduce)
def multiply_reduce_tangent(result, array, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=None,
                            *, t_array):
    zero = array == 0
    safe = np.where(zero, 1, array)
    others = np.prod(safe, axis=axis, keepdims=True)
    if initial is not None:
        others = others * initial
    zeros = np.sum(zero, axis=axis, keepdims=True)
    lost = np.sum(np.where(zero, array, 0), axis=axis, keepdims=True)
    share = np.where(zeros == 0, others / safe,
                     np.where(zeros == 1, np.where(zero, others, others / safe * lost),
                              np.where(zero & (zeros == 2), others * (lost - array), 0)))
    return np.sum(share * t_array, axis=axis, keepdims=keepdims)


@reduction(np.max, np.ndarray.max, np.amax, np.nanmax, np.min, np.ndarray.min, np.amin, np.nanmin)
def extremum(result, a, axis=None, out=None, keepdims=False, initial=None, where=None, *, d_result):
    # Convention at ties: the gradient is shared equally among the extreme entries (none of
    # them when `initial` is the extreme); nan entries never equal it, so they get none.
    mask = np.equal(a, expand_reduced(result, a, axis, keepdims))       # `a` may be a list of numbers
    if where is not None:
        mask = mask & where
    count = np.sum(mask, axis=axis, keepdims=True, dtype=np.result_type(result))
    return mask * (expand_reduced(d_result, a, axis, keepdims) / np.maximum(count, 1))


@tangent(np.max, np.ndarray.max, np.amax, np.nanmax, np.min, np.ndarray.min, np.amin, np.nanmin)
def extremum_tangent(result, a, axis=None, out=None, keepdims=False, initial=None, where=None, *, t_a):
    # The mean of the extreme entries' tangents (ties split as in the adjoint); the others' are
    # not read (a nan entry's tangent may be nan, and nan * 0 is nan).
    mask = np.equal(a, expand_reduced(result, a, axis, keepdims))
    if where is not None:
        mask = mask & where
    count = np.sum(mask, axis=axis, keepdims=keepdims, dtype=np.result_type(result))
    return np.sum(np.where(mask, t_a, 0), axis=axis, keepdims=keepdims) / np.maximum(count, 1)


@reduction(np.ptp, np.ndarray.ptp) if hasattr(np.ndarray, "ptp") else reduction(np.ptp)
def ptp(result, a, axis=None, out=None, keepdims=False, *, d_result):
    # max - min; ties share the gradient as in max and min.
    high = a == np.max(a, axis=axis, keepdims=True)
    low = a == np.min(a, axis=axis, keepdims=True)
    g = expand_reduced(d_result, a, axis, keepdims)
    dtype = np.result_type(a)
    return high * (g / np.sum(high, axis=axis, keepdims=True, dtype=dtype)) \
        - low * (g / np.sum(low, axis=axis, keepdims=True, dtype=dtype))


@tangent(np.ptp, np.ndarray.ptp) if hasattr(np.ndarray, "ptp") else tangent(np.ptp)
def ptp_tangent(result, a, axis=None, out=None, keepdims=False, *, t_a):
    high = a == np.max(a, axis=axis, keepdims=True)
    low = a == np.min(a, axis=axis, keepdims=True)
    dtype = np.result_type(a)
    return np.sum(high * t_a, axis=axis, keepdims=keepdims) / np.sum(high, axis=axis, keepdims=keepdims, dtype=dtype) \
        - np.sum(low * t_a, axis=axis, keepdims=keepdims) / np.sum(low, axis=axis, keepdims=keepdims, dtype=dtype)


@reduction(np.var, np.ndarray.var)
def var(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, d_result):
    centered = a - np.mean(a, axis=axis, keepdims=True)
    n = np.size(a) / np.size(result)
    return expand_reduced(d_result, a, axis, keepdims) * centered * (2 / (n - ddof))


@tangent(np.var, np.ndarray.var)
def var_tangent(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, t_a):
    centered = a - np.mean(a, axis=axis, keepdims=True)
    n = np.size(a) / np.size(result)
    return np.sum(centered * t_a, axis=axis, keepdims=keepdims) * (2 / (n - ddof))


@reduction(np.std, np.ndarray.std)
def std(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, d_result):
    # Convention where the spread is 0 (all entries equal): the gradient is 0, not nan.
    centered = a - np.mean(a, axis=axis, keepdims=True)
    n = np.size(a) / np.size(result)
    spread = expand_reduced(result, a, axis, keepdims)
    safe = np.where(spread == 0, 1, spread)
    return np.where(spread == 0, 0, expand_reduced(d_result, a, axis, keepdims) * centered / (safe * (n - ddof)))


@tangent(np.std, np.ndarray.std)
def std_tangent(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, t_a):
    # 0 where the spread is 0, as the adjoint.
    centered = a - np.mean(a, axis=axis, keepdims=True)
    n = np.size(a) / np.size(result)
    safe = np.where(result == 0, 1, result)
    return np.where(result == 0, 0, np.sum(centered * t_a, axis=axis, keepdims=keepdims) / (safe * (n - ddof)))


_WEIGHTS = "weighted covariances are not differentiated; scale the observations instead"
_Y = "a second set of variables is not differentiated; stack them first: np.cov(np.vstack([x, y]))"


@reduction(np.cov, requires={"y": never(_Y), "fweights": never(_WEIGHTS), "aweights": never(_WEIGHTS)})
def cov(result, m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, *, dtype=None,
        d_result):
    # C = Xc Xc^T / (n - ddof), Xc the centred variables (rows of m, or columns with rowvar=False);
    # (G + G^T) Xc is centred already: the mean's adjoint adds nothing.
    x = np.atleast_2d(m)
    if not rowvar and np.shape(x)[0] != 1:
        x = np.swapaxes(x, 0, 1)
    if ddof is None:
        fact = np.shape(x)[1] - 1 + bias
    else:
        fact = np.shape(x)[1] - ddof
    centred = x - np.mean(x, axis=1, keepdims=True)
    g = np.reshape(d_result, (np.shape(x)[0], np.shape(x)[0]))
    d_x = np.matmul(g + np.swapaxes(g, 0, 1), centred) / fact
    if not rowvar and np.shape(x)[0] != np.shape(np.atleast_2d(m))[0]:
        d_x = np.swapaxes(d_x, 0, 1)
    return np.reshape(d_x, np.shape(m))


@tangent(np.cov)
def cov_tangent(result, m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, *, dtype=None,
                t_m):
    x = np.atleast_2d(m)
    t_x = np.atleast_2d(t_m)
    if not rowvar and np.shape(x)[0] != 1:
        x = np.swapaxes(x, 0, 1)
        t_x = np.swapaxes(t_x, 0, 1)
    if ddof is None:
        fact = np.shape(x)[1] - 1 + bias
    else:
        fact = np.shape(x)[1] - ddof
    half = np.matmul(t_x - np.mean(t_x, axis=1, keepdims=True),
                     np.swapaxes(x - np.mean(x, axis=1, keepdims=True), 0, 1)) / fact
    return np.reshape(half + np.swapaxes(half, 0, 1), np.shape(result))


@reduction(np.corrcoef, requires={"y": never(_Y.replace("np.cov", "np.corrcoef"))})
def corrcoef(result, x, y=None, rowvar=True, *, dtype=None, d_result):
    # R = Z Z^T, Z the centred variables scaled to unit norm (NumPy's clip to [-1, 1] only trims
    # rounding).  A constant variable gives nan, as NumPy's value does.
    a = np.atleast_2d(x)
    if not rowvar and np.shape(a)[0] != 1:
        a = np.swapaxes(a, 0, 1)
    centred = a - np.mean(a, axis=1, keepdims=True)
    norms = np.sqrt(np.sum(centred * centred, axis=1, keepdims=True))
    z = centred / norms
    g = np.reshape(d_result, (np.shape(a)[0], np.shape(a)[0]))
    d_z = np.matmul(g + np.swapaxes(g, 0, 1), z)
    d_centred = (d_z - z * np.sum(d_z * z, axis=1, keepdims=True)) / norms
    d_a = d_centred - np.mean(d_centred, axis=1, keepdims=True)
    if not rowvar and np.shape(a)[0] != np.shape(np.atleast_2d(x))[0]:
        d_a = np.swapaxes(d_a, 0, 1)
    return np.reshape(d_a, np.shape(x))


@tangent(np.corrcoef)
def corrcoef_tangent(result, x, y=None, rowvar=True, *, dtype=None, t_x):
    a = np.atleast_2d(x)
    t_a = np.atleast_2d(t_x)
    if not rowvar and np.shape(a)[0] != 1:
        a = np.swapaxes(a, 0, 1)
        t_a = np.swapaxes(t_a, 0, 1)
    centred = a - np.mean(a, axis=1, keepdims=True)
    t_centred = t_a - np.mean(t_a, axis=1, keepdims=True)
    norms = np.sqrt(np.sum(centred * centred, axis=1, keepdims=True))
    z = centred / norms
    t_z = (t_centred - z * np.sum(t_centred * z, axis=1, keepdims=True)) / norms
    half = np.matmul(t_z, np.swapaxes(z, 0, 1))
    return np.reshape(half + np.swapaxes(half, 0, 1), np.shape(result))


@reduction(np.nansum)
def nansum(result, a, axis=None, dtype=None, out=None, keepdims=False, *, d_result):
    return np.where(np.isnan(a), 0, expand_reduced(d_result, a, axis, keepdims))


@tangent(np.nansum)
def nansum_tangent(result, a, axis=None, dtype=None, out=None, keepdims=False, *, t_a):
    return np.sum(np.where(np.isnan(a), 0, t_a), axis=axis, keepdims=keepdims)


@reduction(np.nanmean)
def nanmean(result, a, axis=None, dtype=None, out=None, keepdims=False, *, d_result):
    kept = ~np.isnan(a)
    count = np.sum(kept, axis=axis, keepdims=True, dtype=np.result_type(a))
    return np.where(kept, expand_reduced(d_result, a, axis, keepdims) / count, 0)


@tangent(np.nanmean)
def nanmean_tangent(result, a, axis=None, dtype=None, out=None, keepdims=False, *, t_a):
    kept = ~np.isnan(a)
    count = np.sum(kept, axis=axis, keepdims=keepdims, dtype=np.result_type(a))
    return np.sum(np.where(kept, t_a, 0), axis=axis, keepdims=keepdims) / count


@reduction(np.nanprod)
def nanprod(result, a, axis=None, dtype=None, out=None, keepdims=False, *, d_result):
    # nan entries count as 1 and get no gradient; exact with zeros, as prod.
    blank = np.isnan(a)
    zero = a == 0
    safe = np.where(zero | blank, 1, a)
    others = np.prod(safe, axis=axis, keepdims=True)
    zeros = np.sum(zero, axis=axis, keepdims=True)
    lost = np.sum(np.where(zero, a, 0), axis=axis, keepdims=True)
    share = np.where(zeros == 0, others / safe,
                     np.where(zeros == 1, np.where(zero, others, others / safe * lost),
                              np.where(zero & (zeros == 2), others * (lost - a), 0)))
    return np.where(blank, 0, expand_reduced(d_result, a, axis, keepdims) * share)


@tangent(np.nanprod)
def nanprod_tangent(result, a, axis=None, dtype=None, out=None, keepdims=False, *, t_a):
    blank = np.isnan(a)
    zero = a == 0
    safe = np.where(zero | blank, 1, a)
    others = np.prod(safe, axis=axis, keepdims=True)
    zeros = np.sum(zero, axis=axis, keepdims=True)
    lost = np.sum(np.where(zero, a, 0), axis=axis, keepdims=True)
    share = np.where(zeros == 0, others / safe,
                     np.where(zeros == 1, np.where(zero, others, others / safe * lost),
                              np.where(zero & (zeros == 2), others * (lost - a), 0)))
    return np.sum(np.where(blank, 0, share * t_a), axis=axis, keepdims=keepdims)


@reduction(np.nanvar)
def nanvar(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, d_result):
    kept = ~np.isnan(a)
    n = np.sum(kept, axis=axis, keepdims=True, dtype=np.result_type(a))
    centered = a - np.nanmean(a, axis=axis, keepdims=True)
    return np.where(kept, expand_reduced(d_result, a, axis, keepdims) * centered * (2 / (n - ddof)), 0)


@tangent(np.nanvar)
def nanvar_tangent(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, t_a):
    kept = ~np.isnan(a)
    n = np.sum(kept, axis=axis, keepdims=keepdims, dtype=np.result_type(a))
    centered = a - np.nanmean(a, axis=axis, keepdims=True)
    return np.sum(np.where(kept, centered * t_a, 0), axis=axis, keepdims=keepdims) * (2 / (n - ddof))


@reduction(np.nanstd)
def nanstd(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, d_result):
    # Convention where the spread is 0: the gradient is 0, as for std.
    kept = ~np.isnan(a)
    n = np.sum(kept, axis=axis, keepdims=True, dtype=np.result_type(a))
    centered = a - np.nanmean(a, axis=axis, keepdims=True)
    spread = expand_reduced(result, a, axis, keepdims)
    safe = np.where(spread == 0, 1, spread)
    g = expand_reduced(d_result, a, axis, keepdims) * centered / (safe * (n - ddof))
    return np.where(kept & (spread != 0), g, 0)


@tangent(np.nanstd)
def nanstd_tangent(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, t_a):
    # 0 where the spread is 0, as the adjoint.
    kept = ~np.isnan(a)
    n = np.sum(kept, axis=axis, keepdims=keepdims, dtype=np.result_type(a))
    centered = a - np.nanmean(a, axis=axis, keepdims=True)
    safe = np.where(result == 0, 1, result)
    spread = np.sum(np.where(kept, centered * t_a, 0), axis=axis, keepdims=keepdims) / (safe * (n - ddof))
    return np.where(result == 0, 0, spread)


@reduction(np.average, requires={"returned": only(False, reason="the sum of the weights is returned as a "
                                                                     "second value")})
def average(result, a, axis=None, weights=None, returned=False, keepdims=False, *, d_result):
    # With respect to `a` only: the weights are treated as constants.
    g = expand_reduced(d_result, a, axis, keepdims)
    if weights is None:
        return broadcast_like(g * (np.size(result) / np.size(a)), a)     # g may be a number: no NumPy array
    # 1-D weights along `axis` of an n-D input are laid along that axis.
    w = np.reshape(weights, [-1 if i == axis % np.ndim(a) else 1 for i in range(np.ndim(a))]) \
        if np.ndim(weights) == 1 and np.ndim(a) > 1 else weights
    return g * w / np.sum(w, axis=axis, keepdims=True)


@reduction(np.linalg.norm)
def norm(result, x, ord=None, axis=None, keepdims=False, *, d_result):
    # Convention at 0, where a norm has a cone's kink: the gradient is 0; entries tied for the
    # max or min share it.  Vector norms of any order; matrix norms (x 2-D with axis None, or a
    # pair of axes) of every order: 2, -2 and 'nuc' through the singular vectors.
    g = expand_reduced(d_result, x, axis, keepdims)
    r = expand_reduced(result, x, axis, keepdims)
    safe = np.where(r == 0, 1, r)
    if ord is None or ord == "fro":
        return g * x / safe
    if ord == 0:
        return np.zeros_like(x)
    if axis is None:
        pair = (0, 1)
    else:
        pair = axis
    if ord == "nuc":
        u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
        return g * np.moveaxis(np.matmul(u, vh), (-2, -1), pair)
    matrix = np.size(pair) == 2 and np.ndim(x) > 1
    if ord == 2:
        if matrix:
            u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
            return g * np.moveaxis(np.matmul(u[..., :1], vh[..., :1, :]), (-2, -1), pair)
        return g * x / safe
    if ord == 1:
        if matrix:
            mask = np.sum(np.abs(x), axis=pair[0], keepdims=True) == r
            return g * np.sign(x) * mask / np.sum(mask, axis=pair, keepdims=True, dtype=np.result_type(x))
        return g * np.sign(x)
    if matrix:
        if ord == -2:
            u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
            return g * np.moveaxis(np.matmul(u[..., -1:], vh[..., -1:, :]), (-2, -1), pair)
        if ord == -1:
            mask = np.sum(np.abs(x), axis=pair[0], keepdims=True) == r
        else:
            mask = np.sum(np.abs(x), axis=pair[1], keepdims=True) == r
        return g * np.sign(x) * mask / np.sum(mask, axis=pair, keepdims=True, dtype=np.result_type(x))
    if ord == np.inf or ord == -np.inf:
        mask = np.abs(x) == r
        return g * np.sign(x) * mask / np.sum(mask, axis=axis, keepdims=True, dtype=np.result_type(x))
    return g * np.sign(x) * np.abs(x) ** (ord - 1) / safe ** (ord - 1)


@tangent(np.linalg.norm)
def norm_tangent(result, x, ord=None, axis=None, keepdims=False, *, t_x):
    # The adjoint's weights, summed against t_x: 0 at 0, ties shared.
    safe = np.where(result == 0, 1, result)
    if ord is None or ord == "fro":
        return np.sum(x * t_x, axis=axis, keepdims=keepdims) / safe
    if ord == 0:
        return np.zeros_like(result)
    if axis is None:
        pair = (0, 1)
    else:
        pair = axis
    if ord == "nuc":
        u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
        return np.sum(np.moveaxis(np.matmul(u, vh), (-2, -1), pair) * t_x, axis=pair, keepdims=keepdims)
    matrix = np.size(pair) == 2 and np.ndim(x) > 1
    if ord == 2:
        if matrix:
            u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
            weights = np.moveaxis(np.matmul(u[..., :1], vh[..., :1, :]), (-2, -1), pair)
            return np.sum(weights * t_x, axis=pair, keepdims=keepdims)
        return np.sum(x * t_x, axis=axis, keepdims=keepdims) / safe
    r = expand_reduced(result, x, axis, keepdims)
    if ord == 1:
        if matrix:
            mask = np.sum(np.abs(x), axis=pair[0], keepdims=True) == r
            count = np.sum(mask, axis=pair, keepdims=keepdims, dtype=np.result_type(x))
            return np.sum(np.sign(x) * mask * t_x, axis=pair, keepdims=keepdims) / count
        return np.sum(np.sign(x) * t_x, axis=axis, keepdims=keepdims)
    if matrix:
        if ord == -2:
            u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
            weights = np.moveaxis(np.matmul(u[..., -1:], vh[..., -1:, :]), (-2, -1), pair)
            return np.sum(weights * t_x, axis=pair, keepdims=keepdims)
        if ord == -1:
            mask = np.sum(np.abs(x), axis=pair[0], keepdims=True) == r
        else:
            mask = np.sum(np.abs(x), axis=pair[1], keepdims=True) == r
        count = np.sum(mask, axis=pair, keepdims=keepdims, dtype=np.result_type(x))
        return np.sum(np.sign(x) * mask * t_x, axis=pair, keepdims=keepdims) / count
    if ord == np.inf or ord == -np.inf:
        mask = np.abs(x) == r
        count = np.sum(mask, axis=axis, keepdims=keepdims, dtype=np.result_type(x))
        return np.sum(np.sign(x) * mask * t_x, axis=axis, keepdims=keepdims) / count
    return np.sum(np.sign(x) * np.abs(x) ** (ord - 1) * t_x, axis=axis, keepdims=keepdims) / safe ** (ord - 1)


@reduction(np.linalg.vector_norm)
def vector_norm(result, x, axis=None, keepdims=False, ord=2, *, d_result):
    # Convention at 0: the gradient is 0; entries tied for the max or min share it.
    g = expand_reduced(d_result, x, axis, keepdims)
    r = expand_reduced(result, x, axis, keepdims)
    safe = np.where(r == 0, 1, r)
    if ord == 2:
        return g * x / safe
    if ord == 0:
        return np.zeros_like(x)
    if ord == np.inf or ord == -np.inf:
        mask = np.abs(x) == r
        return g * np.sign(x) * mask / np.sum(mask, axis=axis, keepdims=True, dtype=np.result_type(x))
    return g * np.sign(x) * np.abs(x) ** (ord - 1) / safe ** (ord - 1)


@tangent(np.linalg.vector_norm)
def vector_norm_tangent(result, x, axis=None, keepdims=False, ord=2, *, t_x):
    safe = np.where(result == 0, 1, result)
    if ord == 2:
        return np.sum(x * t_x, axis=axis, keepdims=keepdims) / safe
    if ord == 0:
        return np.zeros_like(result)
    if ord == np.inf or ord == -np.inf:
        mask = np.abs(x) == expand_reduced(result, x, axis, keepdims)
        count = np.sum(mask, axis=axis, keepdims=keepdims, dtype=np.result_type(x))
        return np.sum(np.sign(x) * mask * t_x, axis=axis, keepdims=keepdims) / count
    return np.sum(np.sign(x) * np.abs(x) ** (ord - 1) * t_x, axis=axis, keepdims=keepdims) / safe ** (ord - 1)


nograd(np.argmax, np.argmin, np.nanargmax, np.nanargmin, np.argsort, np.argpartition, np.count_nonzero,
       np.ndarray.argmax, np.ndarray.argmin, np.ndarray.argsort, np.flatnonzero,
       np.argwhere, np.searchsorted, np.digitize)
nograd(np.ndarray.nonzero, np.nonzero, returns="tuple")


@reduction(np.bincount, operands=("weights",))
def bincount(result, x, weights=None, minlength=0, *, d_result):
    # Linear in the weights: each weight's cotangent is that of its bin.
    return d_result[x]


@tangent(np.bincount)
def bincount_tangent(result, x, weights=None, minlength=0, *, t_weights):
    return np.bincount(x, weights=t_weights, minlength=minlength)


_DENSITY = only(None, False, reason="with density=True the counts are divided by the weights' sum; "
                                    "divide np.histogram(a, bins, weights=w)[0] by it yourself")


@reduction(np.histogram, operands=("weights",), requires={"density": _DENSITY}, returns="tuple")
def histogram(result, a, bins=10, range=None, density=None, weights=None, *, d_result):
    # (counts, edges): the counts are linear in the weights; the edges do not depend on them.
    return bin_cotangent(d_result[0], a, result[1])


@tangent(np.histogram)
def histogram_tangent(result, a, bins=10, range=None, density=None, weights=None, *, t_weights):
    return np.histogram(a, bins=result[1], weights=t_weights)[0], np.zeros_like(result[1])
# np.unique returns the values themselves: no rule, so a differentiated argument is refused.
nograd(np.any, np.all, np.ndarray.any, np.ndarray.all, result="bool")


@tangent(np.sum, np.ndarray.sum)
def sum_tangent(result, a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None, *, t_a):
    # Linear in `a`; `initial` is a constant, so it is not added to the tangent.
    if where is None:
        return np.sum(t_a, axis=axis, dtype=dtype, keepdims=keepdims)
    return np.sum(t_a, axis=axis, dtype=dtype, keepdims=keepdims, where=where)


# Linear in `a` (average's weights are constants, as in its adjoint).
deflinear(np.mean, np.ndarray.mean, np.average)

"""The nan-ignoring reductions: a nan entry gets no gradient."""

import numpy as np

from .. import complex_adjoint, complex_tangent, tangent
from ... import runtime
from ...runtime import expand_reduced
from .family import reduction


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


@reduction(np.nanvar, runtime.nanstd_squared)
def nanvar(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, d_result):
    kept = ~np.isnan(a)
    n = np.sum(kept, axis=axis, keepdims=True, dtype=np.result_type(a))
    centered = a - np.nanmean(a, axis=axis, keepdims=True)
    return np.where(kept, expand_reduced(d_result, a, axis, keepdims) * centered * (2 / (n - ddof)), 0)


@tangent(np.nanvar, runtime.nanstd_squared)
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


# Complex operands: the spread is of |a - mean|, not holomorphic; its cotangent is conj(a - mean),
# as np.var's and np.std's (rules/reductions/moments.py).
@complex_adjoint(np.nanvar, runtime.nanstd_squared)
def complex_nanvar(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, d_result):
    kept = ~np.isnan(a)
    n = np.real(np.sum(kept, axis=axis, keepdims=True, dtype=np.result_type(a)))
    centered = np.conj(a - np.nanmean(a, axis=axis, keepdims=True))
    return np.where(kept, expand_reduced(d_result, a, axis, keepdims) * centered * (2 / (n - ddof)), 0)


@complex_tangent(np.nanvar, runtime.nanstd_squared)
def complex_nanvar_tangent(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, t_a):
    kept = ~np.isnan(a)
    n = np.real(np.sum(kept, axis=axis, keepdims=keepdims, dtype=np.result_type(a)))
    spread = np.real(np.conj(a - np.nanmean(a, axis=axis, keepdims=True)) * t_a)
    return np.sum(np.where(kept, spread, 0), axis=axis, keepdims=keepdims) * (2 / (n - ddof))


@complex_adjoint(np.nanstd)
def complex_nanstd(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, d_result):
    kept = ~np.isnan(a)
    n = np.real(np.sum(kept, axis=axis, keepdims=True, dtype=np.result_type(a)))
    centered = np.conj(a - np.nanmean(a, axis=axis, keepdims=True))
    spread = expand_reduced(result, a, axis, keepdims)
    safe = np.where(spread == 0, 1, spread)
    g = expand_reduced(d_result, a, axis, keepdims) * centered / (safe * (n - ddof))
    return np.where(kept & (spread != 0), g, 0)


@complex_tangent(np.nanstd)
def complex_nanstd_tangent(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, t_a):
    kept = ~np.isnan(a)
    n = np.real(np.sum(kept, axis=axis, keepdims=keepdims, dtype=np.result_type(a)))
    centered = np.conj(a - np.nanmean(a, axis=axis, keepdims=True))
    safe = np.where(result == 0, 1, result)
    spread = np.sum(np.where(kept, np.real(centered * t_a), 0), axis=axis, keepdims=keepdims) / (safe * (n - ddof))
    return np.where(result == 0, 0, spread)

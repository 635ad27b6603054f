"""Sums, means, products, extrema and ptp, and their tangents."""

import numpy as np

from .. import never, tangent
from ...runtime import expand_reduced
from .family import reduction


@reduction(np.sum, np.ndarray.sum)
def sum_(result, a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None, *, d_result):
    if where is not None:
        return np.where(where, np.broadcast_to(expand_reduced(d_result, a, axis, keepdims), np.shape(a)), 0)
    if axis is None and not keepdims:       # (a fill value of shape (1, 1): not every library's full_like takes it)
        return np.full_like(a, d_result)
    return np.broadcast_to(expand_reduced(d_result, a, axis, keepdims), np.shape(a))


@reduction(np.mean, np.ndarray.mean)
def mean(result, a, axis=None, dtype=None, out=None, keepdims=False, where=None, *, d_result):
    if where is not None:
        # Each entry `where` selects shares the seed with the others its slice selects.
        mask = np.broadcast_to(where, np.shape(a))
        count = np.maximum(np.sum(mask, axis=axis, keepdims=True, dtype=np.result_type(result)), 1)
        return np.where(mask, expand_reduced(d_result, a, axis, keepdims) / count, 0)
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


@tangent(np.sum, np.ndarray.sum)
def sum_tangent(result, a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None, *, t_a):
    # Linear in `a`; `initial` is a constant, so it is not added to the tangent.
    if where is None:
        return np.sum(t_a, axis=axis, dtype=dtype, keepdims=keepdims)
    return np.sum(t_a, axis=axis, dtype=dtype, keepdims=keepdims, where=where)

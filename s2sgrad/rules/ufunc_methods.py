"""ufunc methods as users spell them: `np.maximum/minimum/logaddexp.reduce`, `np.add/multiply.accumulate`.

Each is an existing rule (np.max, np.min, logsumexp, np.cumsum, np.cumprod; also np.fmax, np.fmin
and the base-2 logaddexp2) along axis 0 unless told, its adjoint and tangent written as that
rule's.  `np.add.reduce`, `np.multiply.reduce` and the running extrema (`np.maximum.accumulate`)
are with the sums and scans.  `where=`, `initial=` and `dtype=` are refused; the other ufunc
methods (`reduceat`, `at`, the rest of `.reduce` and `.accumulate`) have no rule and are refused
where they are written.
"""

import numpy as np

from . import adjoint, deflinear, never, tangent
from ..runtime import expand_reduced

_MASKED = never("a masked ufunc reduction is not differentiated; reduce np.where(mask, x, fill) instead")
_NO_DTYPE = never("the result keeps the input's float type; cast the input instead")
_REDUCE = {"where": _MASKED, "initial": never("fold the initial value in with the ufunc itself"), "dtype": _NO_DTYPE}
_ACCUMULATE = {"dtype": _NO_DTYPE}


@adjoint(np.maximum.reduce, np.minimum.reduce, np.fmax.reduce, np.fmin.reduce, arrays=True, requires=_REDUCE)
def extremum_reduce(result, array, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=None, *,
                    d_result):
    # np.max and np.min along axis 0 unless told: ties share the cotangent equally (fmax and fmin
    # skip nan entries, which never equal the result: they get none).
    mask = np.equal(array, expand_reduced(result, array, axis, keepdims))
    count = np.sum(mask, axis=axis, keepdims=True, dtype=np.result_type(result))
    return mask * (expand_reduced(d_result, array, axis, keepdims) / np.maximum(count, 1))


@tangent(np.maximum.reduce, np.minimum.reduce, np.fmax.reduce, np.fmin.reduce)
def extremum_reduce_tangent(result, array, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=None,
                            *, t_array):
    # The mean of the extreme entries' tangents, as the adjoint shares the cotangent.
    mask = np.equal(array, expand_reduced(result, array, axis, keepdims))
    count = np.sum(mask, axis=axis, keepdims=keepdims, dtype=np.result_type(result))
    return np.sum(np.where(mask, t_array, 0), axis=axis, keepdims=keepdims) / np.maximum(count, 1)


@adjoint(np.logaddexp.reduce, arrays=True, requires=_REDUCE)
def logaddexp_reduce(result, array, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=None, *,
                     d_result):
    # logsumexp along axis 0 unless told: the softmax of the entries along the axis.
    return expand_reduced(d_result, array, axis, keepdims) * np.exp(array - expand_reduced(result, array, axis,
                                                                                            keepdims))


@tangent(np.logaddexp.reduce)
def logaddexp_reduce_tangent(result, array, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=None,
                             *, t_array):
    return np.sum(np.exp(array - expand_reduced(result, array, axis, keepdims)) * t_array, axis=axis,
                  keepdims=keepdims)


@adjoint(np.logaddexp2.reduce, arrays=True, requires=_REDUCE)
def logaddexp2_reduce(result, array, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=None, *,
                      d_result):
    # log2 of the sum of 2 ** entries: the entries' shares 2 ** (entry - result) along the axis.
    return expand_reduced(d_result, array, axis, keepdims) * np.exp2(array - expand_reduced(result, array, axis,
                                                                                             keepdims))


@tangent(np.logaddexp2.reduce)
def logaddexp2_reduce_tangent(result, array, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=None,
                              *, t_array):
    return np.sum(np.exp2(array - expand_reduced(result, array, axis, keepdims)) * t_array, axis=axis,
                  keepdims=keepdims)


@adjoint(np.add.accumulate, arrays=True, requires=_ACCUMULATE)
def add_accumulate(result, array, axis=0, dtype=None, out=None, *, d_result):
    # np.cumsum along axis 0 unless told: the reversed running sum of the cotangent.
    return np.flip(np.cumsum(np.flip(d_result, axis), axis), axis)


@adjoint(np.multiply.accumulate, arrays=True, requires=_ACCUMULATE)
def multiply_accumulate(result, array, axis=0, dtype=None, out=None, *, d_result):
    # np.cumprod along axis 0 unless told, exact at zeros as its rule: at a row's first zero the
    # products with that zero read as 1 (`through`); at a later zero, 0.
    zero = array == 0
    first = zero & (np.cumsum(zero, axis=axis) == 1)
    through = np.cumprod(np.where(first, 1, array), axis=axis)
    tail = np.flip(np.cumsum(np.flip(d_result * result, axis), axis), axis) / np.where(zero, 1, array)
    at_first = np.flip(np.cumsum(np.flip(d_result * through, axis), axis), axis)
    return np.where(first, at_first, np.where(zero, 0, tail))


@tangent(np.multiply.accumulate)
def multiply_accumulate_tangent(result, array, axis=0, dtype=None, out=None, *, t_array):
    # As cumprod's tangent: before a row's first zero, each prefix product times the prefix sum
    # of t / array; from it on, only the zero's own tangent, times the products with it read as 1.
    zero = array == 0
    seen = np.cumsum(zero, axis=axis)
    first = zero & (seen == 1)
    through = np.cumprod(np.where(first, 1, array), axis=axis)
    before = result * np.cumsum(np.where(zero, 0, t_array / np.where(zero, 1, array)), axis=axis)
    at_first = np.sum(np.where(first, t_array, 0), axis=axis, keepdims=True) * through
    return np.where(seen > 0, at_first, before)


deflinear(np.add.accumulate)

"""Reduction rules: sum, mean, max, min, with `axis` and `keepdims`."""

import numpy as np

from . import adjoint, nograd
from ..runtime import expand_reduced


@adjoint(np.sum, np.ndarray.sum)
def sum_(result, a, axis=None, dtype=None, out=None, keepdims=False, *, d_result):
    if axis is None:
        return np.full_like(a, d_result)
    if keepdims:
        return np.broadcast_to(d_result, np.shape(a))
    return np.broadcast_to(np.expand_dims(d_result, axis), np.shape(a))


@adjoint(np.mean, np.ndarray.mean)
def mean(result, a, axis=None, dtype=None, out=None, keepdims=False, *, d_result):
    if axis is None:
        return np.full_like(a, d_result / np.size(a))
    if keepdims:
        return np.broadcast_to(d_result * (np.size(result) / np.size(a)), np.shape(a))
    return np.broadcast_to(np.expand_dims(d_result * (np.size(result) / np.size(a)), axis), np.shape(a))


@adjoint(np.max, np.amax, np.ndarray.max)
def max_(result, a, axis=None, out=None, keepdims=False, *, d_result):
    # Convention at ties: the gradient is shared equally among the maximal entries.
    if axis is None:
        mask = a == result
        return mask * (d_result / np.count_nonzero(mask))
    mask = a == expand_reduced(result, a, axis, keepdims)
    share = expand_reduced(d_result, a, axis, keepdims) / np.sum(mask, axis=axis, keepdims=True, dtype=np.result_type(a))
    return mask * share


@adjoint(np.min, np.amin, np.ndarray.min)
def min_(result, a, axis=None, out=None, keepdims=False, *, d_result):
    # Convention at ties: the gradient is shared equally among the minimal entries.
    if axis is None:
        mask = a == result
        return mask * (d_result / np.count_nonzero(mask))
    mask = a == expand_reduced(result, a, axis, keepdims)
    share = expand_reduced(d_result, a, axis, keepdims) / np.sum(mask, axis=axis, keepdims=True, dtype=np.result_type(a))
    return mask * share


nograd(np.argmax, np.argmin, np.argsort, np.count_nonzero, np.ndarray.argmax, np.ndarray.argmin)
nograd(np.any, np.all, np.ndarray.any, np.ndarray.all, result="bool")

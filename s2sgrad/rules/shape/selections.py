"""Casts, resizes, deletions, `compress`, `extract` and `select`."""

import numpy as np

from .. import adjoint, tangent
from ...runtime import broadcast_like, take_adjoint, unbroadcast


@adjoint(np.asfortranarray)
def asfortranarray(result, a, dtype=None, *, d_result, **options):
    return np.reshape(d_result, np.shape(a))


@adjoint(np.astype)
def astype_function(result, x, dtype=None, *, d_result, **options):
    # Float to float: the cotangent goes back in the input's precision.
    return np.reshape(d_result, np.shape(x)).astype(np.result_type(x))


@adjoint(np.real_if_close)
def real_if_close(result, a, tol=100, *, d_result):
    # Real inputs only.
    return np.reshape(d_result, np.shape(a))


@adjoint(np.unwrap)
def unwrap(result, p, discont=None, axis=-1, *, d_result, **options):
    # The added multiples of the period are piecewise constant.
    return d_result


@adjoint(np.diagflat)
def diagflat(result, v, k=0, *, d_result):
    return np.reshape(np.diagonal(d_result, k), np.shape(v))


@adjoint(np.resize)
def resize(result, a, new_shape=None, *, d_result):
    # The result repeats the flattened input cyclically: sum the copies.
    flat = np.ravel(d_result)
    padded = np.pad(flat, (0, (-np.size(flat)) % np.size(a)))
    return np.reshape(np.sum(np.reshape(padded, (-1, np.size(a))), axis=0), np.shape(a))


@adjoint(np.delete)
def delete(result, arr, obj=None, axis=None, *, d_result):
    # Deleted entries get no gradient: scatter back to the kept positions.
    if axis is None:
        return take_adjoint(d_result, arr, np.delete(np.arange(np.size(arr)), obj))
    return take_adjoint(d_result, arr, np.delete(np.arange(np.shape(arr)[axis]), obj), axis)


@adjoint(np.insert)
def insert(result, arr, obj, values, axis=None, *, d_result):
    # Label the entries of arr and values, insert the labels as the call did: each entry gets
    # d_result where its label landed (a value inserted at several indices, the sum).
    n = np.size(arr)
    labels = np.ravel(np.insert(np.reshape(np.arange(n), np.shape(arr)), obj,
                                n + np.reshape(np.arange(np.size(values)), np.shape(values)), axis))
    flat = np.ravel(d_result)
    landed = np.flatnonzero(labels >= n)
    d_arr = np.reshape(np.take(flat, np.argsort(labels, kind="stable")[:n]), np.shape(arr))
    return d_arr, None, take_adjoint(np.take(flat, landed), values, labels[landed] - n)


@tangent(np.insert)
def insert_tangent(result, arr, obj, values, axis=None, *, t_arr, t_values):
    # Linear in arr and values; one without a tangent (a zero) keeps its operand's shape.
    return np.insert(broadcast_like(t_arr, arr), obj, broadcast_like(t_values, values), axis)


@adjoint(np.compress)
def compress(result, condition, a, axis=None, out=None, *, d_result):
    return None, take_adjoint(d_result, a, np.flatnonzero(condition), axis)


@tangent(np.compress)
def compress_tangent(result, condition, a, axis=None, out=None, *, t_a):
    return np.compress(condition, t_a, axis)


@adjoint(np.extract)
def extract(result, condition, arr, *, d_result):
    return None, take_adjoint(d_result, arr, np.flatnonzero(condition))


@tangent(np.extract)
def extract_tangent(result, condition, arr, *, t_arr):
    return np.extract(condition, t_arr)


@adjoint(np.select, operands=("condlist", "choicelist", "default"))
def select(result, condlist, choicelist, default=0, *, d_result):
    # The first true condition picks the choice; where none is true, `default`.
    grads = []
    taken = np.zeros_like(d_result, dtype=bool)
    for i in range(len(condlist)):
        grads = grads + [unbroadcast(np.where(condlist[i] & ~taken, d_result, 0), choicelist[i])]
        taken = taken | condlist[i]
    return None, grads, unbroadcast(np.where(taken, 0, d_result), default)


@tangent(np.select)
def select_tangent(result, condlist, choicelist, default=0, *, t_choicelist, t_default):
    return np.select(condlist, t_choicelist, t_default)

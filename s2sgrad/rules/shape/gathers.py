"""Padding and gathers (`take`, `take_along_axis`, `sort`, `partition`): gathers scatter their
cotangent with `np.add.at`, so repeated indices add up."""

import numpy as np

from .. import adjoint, only, tangent
from ... import runtime
from ...runtime import added_at, along_axis_adjoint, broadcast_like, take_adjoint, unbroadcast, zeros_like


PAD_MODES = ("constant", "empty", "edge", "wrap", "reflect", "symmetric")


@adjoint(np.pad, requires={"mode": only(*PAD_MODES, reason="the other modes compute statistics of the input"),
                           "reflect_type": only("even", reason="an odd reflection is not a copy")})
def pad(result, array, pad_width=None, mode="constant", *, d_result, **options):
    # A constant (or empty) padding gets no gradient: the input's cotangent is the middle of the
    # result's.  The other modes copy entries of the input: the same padding applied to the
    # entries' indices says where each copy came from, and the copies' cotangents add up.
    if mode == "constant" or mode == "empty":
        widths = np.broadcast_to(np.asarray(pad_width), (np.ndim(array), 2))
        middle = tuple(slice(int(w[0]), int(w[0]) + n) for w, n in zip(widths, np.shape(array)))
        return d_result[middle]
    source = np.pad(np.reshape(np.arange(np.size(array)), np.shape(array)), pad_width, mode)
    return take_adjoint(np.ravel(d_result), array, np.ravel(source))


@tangent(np.pad)
def pad_tangent(result, array, pad_width=None, mode="constant", *, t_array, **options):
    # A constant padding has a zero tangent: pad the tangent with zeros; the copying modes copy it.
    if mode == "constant" or mode == "empty":
        return np.pad(t_array, pad_width)
    return np.pad(t_array, pad_width, mode)


@adjoint(np.take, np.ndarray.take, requires={"mode": only("raise", "wrap", "clip", reason="spelled out in full")})
def take(result, a, indices=None, axis=None, out=None, mode="raise", *, d_result):
    # Repeated indices add up; with mode "wrap" or "clip" the indices are first brought in range.
    if mode == "raise":
        return take_adjoint(d_result, a, indices, axis)
    if axis is None:
        n = np.size(a)
    else:
        n = np.shape(a)[axis]
    if mode == "wrap":
        return take_adjoint(d_result, a, np.mod(indices, n), axis)
    return take_adjoint(d_result, a, np.clip(indices, 0, n - 1), axis)


@adjoint(take_adjoint)
def take_adjoint_(result, g, like, indices=None, axis=None, *, d_result):
    # `like` gives the shape only (a zero cotangent: see rules/helpers.py).
    return np.take(d_result, indices, axis), zeros_like(like)


@tangent(take_adjoint)
def take_adjoint_tangent(result, g, like, indices=None, axis=None, *, t_g):
    return take_adjoint(t_g, like, indices, axis)


@adjoint(np.take_along_axis)
def take_along_axis(result, arr, indices=None, axis=-1, *, d_result):
    # Repeated indices add up.
    return along_axis_adjoint(d_result, arr, indices, axis)


@adjoint(along_axis_adjoint)
def along_axis_adjoint_(result, g, like, indices=None, axis=-1, *, d_result):
    # `like` gives the shape only (a zero cotangent: see rules/helpers.py).
    if axis is None:
        return np.reshape(np.take_along_axis(np.ravel(d_result), np.ravel(indices), 0), np.shape(g)), zeros_like(like)
    return np.take_along_axis(d_result, indices, axis), zeros_like(like)


@tangent(along_axis_adjoint)
def along_axis_adjoint_tangent(result, g, like, indices=None, axis=-1, *, t_g):
    return along_axis_adjoint(t_g, like, indices, axis)


@adjoint(np.sort, np.msort) if hasattr(np, "msort") else adjoint(np.sort)
def sort(result, a, axis=-1, kind=None, order=None, *, stable=None, d_result):
    # The values; ties are broken as a stable argsort breaks them.
    if axis is None:
        return np.reshape(along_axis_adjoint(d_result, np.ravel(a), np.argsort(a, axis=None, kind="stable"), 0),
                          np.shape(a))
    return along_axis_adjoint(d_result, a, np.argsort(a, axis=axis, kind="stable"), axis)


@tangent(np.sort, np.msort) if hasattr(np, "msort") else tangent(np.sort)
def sort_tangent(result, a, axis=-1, kind=None, order=None, *, stable=None, t_a):
    # The tangents in the values' order; ties in the order a stable argsort gives, as the adjoint.
    if axis is None:
        return np.take(np.ravel(t_a), np.argsort(a, axis=None, kind="stable"))
    return np.take_along_axis(t_a, np.argsort(a, axis=axis, kind="stable"), axis=axis)


@adjoint(np.partition)
def partition(result, a, kth=None, axis=-1, kind="introselect", order=None, *, d_result):
    if axis is None:
        return np.reshape(along_axis_adjoint(d_result, np.ravel(a), np.argpartition(a, kth, axis=None), 0),
                          np.shape(a))
    return along_axis_adjoint(d_result, a, np.argpartition(a, kth, axis=axis), axis)


@tangent(np.partition)
def partition_tangent(result, a, kth=None, axis=-1, kind="introselect", order=None, *, t_a):
    if axis is None:
        return np.take(np.ravel(t_a), np.argpartition(a, kth, axis=None))
    return np.take_along_axis(t_a, np.argpartition(a, kth, axis=axis), axis=axis)


@adjoint(runtime.added_at)
def added_at_(result, a, index, values, *, d_result):
    # `np.add.at(a, index, values)`: each value reaches every position it was added at.
    return d_result, None, unbroadcast(d_result[index], values)


@tangent(runtime.added_at)
def added_at_tangent(result, a, index, values, *, t_a, t_values):
    # Linear in a and values; one without a tangent (a zero) keeps its operand's shape.
    return added_at(broadcast_like(t_a, a), index, broadcast_like(t_values, values))

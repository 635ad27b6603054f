"""Reshapes, transposes, copies, flips, rolls, tiles and repeats: each cotangent moved back to
the input's layout."""

import numpy as np

from .. import adjoint, attribute_key, only, tangent
from ...runtime import broadcast_like, inverse_permutation, take_adjoint, unbroadcast


@adjoint(np.transpose)
def transpose(result, a, axes=None, *, d_result):
    if axes is None:
        return np.transpose(d_result)
    return np.transpose(d_result, inverse_permutation(axes))


@adjoint(np.ndarray.transpose)
def transpose_method(result, a, *axes, d_result):
    # x.transpose(), x.transpose(1, 0) and x.transpose((1, 0)) all mean the same permutation.
    if not axes:
        return np.transpose(d_result)
    return np.transpose(d_result, inverse_permutation(np.ravel(axes)))


@adjoint(attribute_key("T"))
def T(result, a, *, d_result):
    return np.transpose(d_result)


@adjoint(attribute_key("mT"))
def mT(result, a, *, d_result):
    return np.swapaxes(d_result, -1, -2)


# The orders 'A' and 'K' follow the input's memory layout, which its cotangent does not share.
ORDER = only("C", "F", reason="'A' and 'K' follow the memory layout of the input")


@adjoint(np.reshape, requires={"order": ORDER})
def reshape(result, a, shape=None, order="C", *, d_result, **options):
    # Read back in the same order the values were laid out (the default order is not passed on:
    # not every array library's reshape takes `order`).
    if order == "C":
        return np.reshape(d_result, np.shape(a))
    return np.reshape(d_result, np.shape(a), order=order)


@adjoint(np.ndarray.reshape, requires={"order": ORDER})
def reshape_method(result, a, *shape, order="C", d_result, **options):
    if order == "C":
        return np.reshape(d_result, np.shape(a))
    return np.reshape(d_result, np.shape(a), order=order)


@adjoint(np.ravel, np.ndarray.ravel, np.ndarray.flatten, requires={"order": ORDER})
def ravel(result, a, order="C", *, d_result):
    if order == "C":
        return np.reshape(d_result, np.shape(a))
    return np.reshape(d_result, np.shape(a), order=order)


@adjoint(np.squeeze, np.ndarray.squeeze)
def squeeze(result, a, axis=None, *, d_result):
    return np.reshape(d_result, np.shape(a))


@adjoint(np.expand_dims)
def expand_dims(result, a, axis=None, *, d_result):
    return np.reshape(d_result, np.shape(a))


@adjoint(np.atleast_1d, returns="maybe tuple")
def atleast_1d(result, a, *, d_result):
    # One array; with several, atleast_1d returns a tuple (not supported).
    return np.reshape(d_result, np.shape(a))


@adjoint(np.atleast_2d, returns="maybe tuple")
def atleast_2d(result, a, *, d_result):
    return np.reshape(d_result, np.shape(a))


@adjoint(np.atleast_3d, returns="maybe tuple")
def atleast_3d(result, a, *, d_result):
    return np.reshape(d_result, np.shape(a))


@adjoint(np.swapaxes, np.ndarray.swapaxes)
def swapaxes(result, a, axis1=None, axis2=None, *, d_result):
    return np.swapaxes(d_result, axis1, axis2)


@adjoint(np.moveaxis)
def moveaxis(result, a, source=None, destination=None, *, d_result):
    return np.moveaxis(d_result, destination, source)


@adjoint(np.rollaxis)
def rollaxis(result, a, axis=None, start=0, *, d_result):
    # rollaxis is a moveaxis whose destination counts positions before the move.
    n = np.ndim(a)
    source = axis % n
    position = start + n + 1 if start < 0 else start
    return np.moveaxis(d_result, position if position <= source else position - 1, source)


@adjoint(np.broadcast_to)
def broadcast_to(result, array, shape=None, *, d_result, **options):
    return unbroadcast(d_result, array)


@adjoint(np.array, np.asarray, np.asanyarray, np.ascontiguousarray, np.copy)
def array(result, a, dtype=None, *, d_result, **options):
    # From one array or number; a list of differentiable values is a container (see docs).
    return np.reshape(d_result, np.shape(a))


@adjoint(np.ndarray.copy)
def copy(result, a, *, d_result, **options):
    # `value.copy()`: the same structure as the value, whatever it is (an array, or a dict's or
    # a list's shallow copy).
    return d_result


@adjoint(np.ndarray.item)
def item(result, a, *, d_result):
    # `a.item()` of a one-element array (`a.item(i)` is refused: write `a[i]`).
    return np.full_like(a, d_result)


@tangent(np.ndarray.item)
def item_tangent(result, a, *, t_a):
    return np.ravel(t_a)[0]


@adjoint(np.ndarray.tolist)
def tolist(result, a, *, d_result):
    # `a.tolist()`: a (nested) list of Python numbers, whose cotangent is a list of the same
    # structure; back in the array's shape and precision.
    return np.reshape(np.asarray(d_result, dtype=np.result_type(a)), np.shape(a))


@tangent(np.ndarray.tolist)
def tolist_tangent(result, a, *, t_a):
    # The tangent as a list too (a missing one has the array's shape first).
    return np.asarray(broadcast_like(t_a, a)).tolist()


@adjoint(np.ndarray.astype)
def astype(result, a, dtype=None, *, d_result, **options):
    # Float to float: the cotangent goes back in the input's precision.
    return np.reshape(d_result, np.shape(a)).astype(np.result_type(a))


@adjoint(np.flip)
def flip(result, m, axis=None, *, d_result):
    return np.flip(d_result, axis)


@adjoint(np.fliplr)
def fliplr(result, m, *, d_result):
    return np.fliplr(d_result)


@adjoint(np.flipud)
def flipud(result, m, *, d_result):
    return np.flipud(d_result)


@adjoint(np.rot90)
def rot90(result, m, k=1, axes=(0, 1), *, d_result):
    return np.rot90(d_result, -k, axes)


@adjoint(np.roll)
def roll(result, a, shift=None, axis=None, *, d_result):
    return np.roll(d_result, np.negative(shift), axis)


@adjoint(np.tile)
def tile(result, A, reps=None, *, d_result):
    # Sum the copies: view the cotangent as (reps_0, n_0, reps_1, n_1, ...) and sum the reps.
    copies = tuple(reps) if np.ndim(reps) else (reps,)
    rank = np.maximum(np.ndim(A), len(copies))
    shape = (1,) * (rank - np.ndim(A)) + np.shape(A)
    copies = (1,) * (rank - len(copies)) + copies
    blocks = np.reshape(d_result, np.ravel(np.column_stack([copies, shape])))
    return np.reshape(np.sum(blocks, axis=tuple(range(0, 2 * rank, 2))), np.shape(A))


@adjoint(np.repeat, np.ndarray.repeat)
def repeat(result, a, repeats=None, axis=None, *, d_result):
    # A count, or one count per entry (0 drops it): each entry gathers the cotangents of its copies.
    if axis is None:
        return take_adjoint(d_result, a, np.repeat(np.arange(np.size(a)), repeats))
    return take_adjoint(d_result, a, np.repeat(np.arange(np.shape(a)[axis]), repeats), axis)

"""Shape and indexing rules: reshapes, transposes, joins and splits, tiling, flips, padding,
gathers (`take`, `take_along_axis`, `sort`), copies; shape queries have no gradient.

Each adjoint moves the cotangent back to the input's layout; gathers scatter it with
`np.add.at`, so repeated indices add up.  Functions of a list of arrays (concatenate, stack,
...) return a list of cotangents, one per array.  Nearly every rule here is linear, so its
tangent is the same call on the tangents (`deflinear` at the end of the file).
"""

import numpy as np

from . import adjoint, attribute_key, check, defelementwise, deflinear, never, nograd, only, tangent
from .. import runtime
from ..runtime import (along_axis_adjoint, broadcast_like, foreign, inverse_permutation, split_at, take_adjoint,
                       unbroadcast, zeros_like)


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


# -- joins and splits: lists of arrays ---------------------------------------------------


@adjoint(np.concatenate)
def concatenate(result, arrays, axis=0, *, d_result, **options):
    if axis is None:
        sizes = [np.size(x) for x in arrays]
        parts = split_at(d_result, sizes)
        return [np.reshape(p, np.shape(x)) for p, x in zip(parts, arrays)]
    sizes = [np.shape(x)[axis] for x in arrays]
    return split_at(d_result, sizes, axis)


@adjoint(np.stack)
def stack(result, arrays, axis=0, *, d_result, **options):
    return [np.take(d_result, i, axis=axis) for i in range(len(arrays))]


@adjoint(np.hstack)
def hstack(result, tup, *, d_result, **options):
    axis = 0 if np.ndim(tup[0]) <= 1 else 1
    sizes = [np.shape(np.atleast_1d(x))[axis] for x in tup]
    parts = split_at(d_result, sizes, axis)
    return [np.reshape(p, np.shape(x)) for p, x in zip(parts, tup)]


@adjoint(np.vstack)
def vstack(result, tup, *, d_result, **options):
    sizes = [np.shape(np.atleast_2d(x))[0] for x in tup]
    parts = split_at(d_result, sizes, 0)
    return [np.reshape(p, np.shape(x)) for p, x in zip(parts, tup)]


@adjoint(np.dstack)
def dstack(result, tup, *, d_result):
    sizes = [np.shape(np.atleast_3d(x))[2] for x in tup]
    parts = split_at(d_result, sizes, 2)
    return [np.reshape(p, np.shape(x)) for p, x in zip(parts, tup)]


@adjoint(np.column_stack)
def column_stack(result, tup, *, d_result):
    sizes = [1 if np.ndim(x) < 2 else np.shape(x)[1] for x in tup]
    parts = split_at(d_result, sizes, 1)
    return [np.reshape(p, np.shape(x)) for p, x in zip(parts, tup)]


@adjoint(np.append)
def append(result, arr, values, axis=None, *, d_result):
    if axis is None:
        flat = np.ravel(d_result)
        return np.reshape(flat[:np.size(arr)], np.shape(arr)), np.reshape(flat[np.size(arr):], np.shape(values))
    first, second = split_at(d_result, [np.shape(arr)[axis], np.shape(values)[axis]], axis)
    return first, second


@tangent(np.append)
def append_tangent(result, arr, values, axis=None, *, t_arr, t_values):
    # Linear in both operands; one without a tangent (a zero) keeps its operand's shape.
    return np.append(broadcast_like(t_arr, arr), broadcast_like(t_values, values), axis)


@adjoint(np.split, returns="tuple")
def split(result, ary, indices_or_sections=None, axis=0, *, d_result):
    # d_result holds one cotangent per piece.
    return np.concatenate(d_result, axis=axis)


@adjoint(runtime.split_at)
def split_at_(result, g, sizes, axis=0, *, d_result):
    # The pieces' cotangents joined back (split_at is np.split made of slices).
    return np.concatenate(d_result, axis=axis)


@tangent(runtime.split_at)
def split_at_tangent(result, g, sizes, axis=0, *, t_g):
    return split_at(t_g, sizes, axis)


@adjoint(np.array_split, returns="tuple")
def array_split(result, ary, indices_or_sections=None, axis=0, *, d_result):
    return np.concatenate(d_result, axis=axis)


@adjoint(np.hsplit, returns="tuple")
def hsplit(result, ary, indices_or_sections=None, *, d_result):
    return np.concatenate(d_result, axis=0 if np.ndim(ary) == 1 else 1)


@adjoint(np.vsplit, returns="tuple")
def vsplit(result, ary, indices_or_sections=None, *, d_result):
    return np.concatenate(d_result, axis=0)


@adjoint(np.dsplit, returns="tuple")
def dsplit(result, ary, indices_or_sections=None, *, d_result):
    return np.concatenate(d_result, axis=2)


@adjoint(np.unstack, returns="tuple")
def unstack(result, x, *, axis=0, d_result):
    return np.stack(d_result, axis=axis)


# np.meshgrid(x1, ..., xn): output k is xk (flattened) laid along one axis of the grid: axis k
# with indexing="ij"; with "xy" the first two swap.  Its cotangent sums the grid's other axes.
# One rule per count of inputs (one to three); `copy=False` returns views a write would share.
_MESHGRID = {"copy": only(True, reason="copy=False returns views into the inputs"),
             "indexing": only("xy", "ij", reason="spelled out in full")}


def _meshgrid_count(value):
    count = len(value) if isinstance(value, tuple) else "more than three"
    return (f"np.meshgrid of {count} arrays: s2sgrad differentiates grids of one to three arrays; build a larger "
            "one from np.expand_dims and np.broadcast_to")


@adjoint(np.meshgrid, requires={"xi": check(_meshgrid_count, "one to three arrays")}, returns="tuple")
def meshgrid(result, *xi, copy=True, sparse=False, indexing="xy", d_result):
    # Calls of one to three arrays have the rules below; the others are refused where they are written
    # (forward mode too: it binds each call to the adjoint's requirements).
    return None


deflinear(np.meshgrid)


@adjoint(np.meshgrid, positional=1, requires=_MESHGRID, returns="tuple")
def meshgrid1(result, x1, *, copy=True, sparse=False, indexing="xy", d_result):
    # The one output is x1 flattened.
    return np.reshape(d_result[0], np.shape(x1))


@tangent(np.meshgrid, positional=1)
def meshgrid1_tangent(result, x1, *, copy=True, sparse=False, indexing="xy", t_x1):
    # Linear: the grid of the tangents, each of its operand's shape (a missing one is a zero).
    return np.meshgrid(broadcast_like(t_x1, x1), sparse=sparse, indexing=indexing)


@adjoint(np.meshgrid, positional=2, requires=_MESHGRID, returns="tuple")
def meshgrid2(result, x1, x2, *, copy=True, sparse=False, indexing="xy", d_result):
    # Output k holds xk along one axis ("xy": x1 along axis 1): its cotangent summed over the other.
    first = 1 if indexing == "xy" else 0
    d_x1 = np.sum(d_result[0], axis=1 - first)
    d_x2 = np.sum(d_result[1], axis=first)
    return np.reshape(d_x1, np.shape(x1)), np.reshape(d_x2, np.shape(x2))


@tangent(np.meshgrid, positional=2)
def meshgrid2_tangent(result, x1, x2, *, copy=True, sparse=False, indexing="xy", t_x1, t_x2):
    # Linear: the grid of the tangents, each of its operand's shape (a missing one is a zero).
    return np.meshgrid(broadcast_like(t_x1, x1), broadcast_like(t_x2, x2), sparse=sparse, indexing=indexing)


@adjoint(np.meshgrid, positional=3, requires=_MESHGRID, returns="tuple")
def meshgrid3(result, x1, x2, x3, *, copy=True, sparse=False, indexing="xy", d_result):
    # As for two, with x3 along axis 2.
    first = 1 if indexing == "xy" else 0
    d_x1 = np.sum(d_result[0], axis=(1 - first, 2))
    d_x2 = np.sum(d_result[1], axis=(first, 2))
    d_x3 = np.sum(d_result[2], axis=(0, 1))
    return np.reshape(d_x1, np.shape(x1)), np.reshape(d_x2, np.shape(x2)), np.reshape(d_x3, np.shape(x3))


@tangent(np.meshgrid, positional=3)
def meshgrid3_tangent(result, x1, x2, x3, *, copy=True, sparse=False, indexing="xy", t_x1, t_x2, t_x3):
    # Linear: the grid of the tangents, each of its operand's shape (a missing one is a zero).
    return np.meshgrid(broadcast_like(t_x1, x1), broadcast_like(t_x2, x2), broadcast_like(t_x3, x3),
                       sparse=sparse, indexing=indexing)


@adjoint(np.full)
def full(result, shape, fill_value, dtype=None, *, d_result, **options):
    return None, unbroadcast(d_result, fill_value)


@tangent(np.full)
def full_tangent(result, shape, fill_value, dtype=None, *, t_fill_value, **options):
    return np.full(shape, t_fill_value, dtype, like=foreign(t_fill_value))


@adjoint(np.full_like)
def full_like(result, a, fill_value, dtype=None, *, d_result, **options):
    # Only the fill value is differentiable; `a` gives the shape (a zero cotangent, for when it
    # is differentiated elsewhere).
    return zeros_like(a), unbroadcast(d_result, fill_value)


@tangent(np.full_like)
def full_like_tangent(result, a, fill_value, dtype=None, *, t_fill_value, **options):
    # `a` gives the shape only.
    return np.full_like(result, t_fill_value)


# The array-API spellings of the same functions.
if hasattr(np, "concat") and np.concat is not np.concatenate:
    adjoint(np.concat)(concatenate)

nograd(
    np.shape, np.ndim, np.size, np.zeros, np.ones, np.empty, np.eye, np.identity,
    np.zeros_like, np.ones_like, np.empty_like,
    np.result_type, np.tri, np.diag_indices, np.tril_indices, np.triu_indices,
    np.ravel_multi_index, np.broadcast_shapes,
    np.can_cast, np.promote_types, np.min_scalar_type, np.iinfo, np.finfo,
    attribute_key("shape"), attribute_key("ndim"), attribute_key("size"), attribute_key("dtype"),
)
nograd(np.unravel_index, returns="tuple")
nograd(np.indices, returns="maybe tuple")          # a tuple with `sparse=True`


_ARANGE_DTYPE = never("a dtype casts the values; write np.arange(start, stop, step).astype(dtype)")


@adjoint(np.arange, operands=("start", "stop", "step"), requires={"dtype": _ARANGE_DTYPE})
def arange(result, start, stop=None, step=None, dtype=None, *, d_result):
    # The values are start + i * step: linear in start and step; the stop sets the length,
    # piecewise constant.  (A single argument is the stop; the values start at 0.)
    d_step = 0.0
    if step is not None:
        d_step = np.sum(d_result * np.arange(np.size(result)))
    if stop is None:
        return 0.0, 0.0, d_step
    return np.sum(d_result), 0.0, d_step


@tangent(np.arange)
def arange_tangent(result, start, stop=None, step=None, dtype=None, *, t_start, t_stop, t_step):
    t_steps = np.zeros_like(result)
    if step is not None:
        t_steps = t_step * np.arange(np.size(result))
    if stop is None:
        return t_steps
    return broadcast_like(t_start, result) + t_steps


@adjoint(np.arange, operands=("start", "stop", "step"), requires={"dtype": _ARANGE_DTYPE}, positional=2)
def arange_from(result, start, stop, step=None, dtype=None, *, d_result):
    d_step = 0.0
    if step is not None:
        d_step = np.sum(d_result * np.arange(np.size(result)))
    return np.sum(d_result), 0.0, d_step


@tangent(np.arange, positional=2)
def arange_from_tangent(result, start, stop, step=None, dtype=None, *, t_start, t_stop, t_step):
    if step is None:
        return broadcast_like(t_start, result)
    return broadcast_like(t_start, result) + t_step * np.arange(np.size(result))


@adjoint(np.arange, operands=("start", "stop", "step"), requires={"dtype": _ARANGE_DTYPE}, positional=3)
def arange_by(result, start, stop, step, dtype=None, *, d_result):
    return np.sum(d_result), 0.0, np.sum(d_result * np.arange(np.size(result)))


@tangent(np.arange, positional=3)
def arange_by_tangent(result, start, stop, step, dtype=None, *, t_start, t_stop, t_step):
    return broadcast_like(t_start, result) + t_step * np.arange(np.size(result))


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


@adjoint(np.select)
def select(result, condlist, choicelist, default=0, *, d_result):
    # The first true condition picks the choice; `default` is a constant.
    grads = []
    taken = np.zeros_like(d_result, dtype=bool)
    for i in range(len(condlist)):
        grads = grads + [unbroadcast(np.where(condlist[i] & ~taken, d_result, 0), choicelist[i])]
        taken = taken | condlist[i]
    return None, grads


@tangent(np.select)
def select_tangent(result, condlist, choicelist, default=0, *, t_choicelist):
    # `default` is a constant: 0 in the tangent.
    return np.select(condlist, t_choicelist, 0.0)


# Linear in the differentiable operands: the tangent is the same call on the tangents.  `unwrap`
# adds piecewise-constant multiples of the period, so its Jacobian is the identity (derived).
deflinear(
    np.transpose, np.ndarray.transpose, attribute_key("T"), attribute_key("mT"), np.reshape, np.ndarray.reshape,
    np.ravel, np.ndarray.ravel, np.ndarray.flatten, np.squeeze, np.ndarray.squeeze, np.expand_dims,
    np.atleast_1d, np.atleast_2d, np.atleast_3d, np.swapaxes, np.ndarray.swapaxes, np.moveaxis, np.rollaxis,
    np.broadcast_to, np.array, np.asarray, np.asanyarray, np.ascontiguousarray, np.copy, np.ndarray.copy,
    np.ndarray.astype, np.flip, np.fliplr, np.flipud, np.rot90, np.roll, np.tile, np.repeat, np.ndarray.repeat,
    np.take, np.ndarray.take, np.take_along_axis, np.concatenate, np.stack,
    np.hstack, np.vstack, np.dstack, np.column_stack, np.split, np.array_split, np.hsplit, np.vsplit,
    np.dsplit, np.unstack, np.asfortranarray, np.astype, np.real_if_close, np.diagflat, np.resize, np.delete,
)
if hasattr(np, "concat") and np.concat is not np.concatenate:
    deflinear(np.concat)
defelementwise(np.unwrap)


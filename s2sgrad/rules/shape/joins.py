"""Joins and splits of lists of arrays: a list of cotangents, one per array."""

import numpy as np

from .. import adjoint, tangent
from ... import runtime
from ...runtime import block_parts, broadcast_like, split_at


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


@adjoint(np.block)
def block(result, arrays, *, d_result):
    # Each block's cotangent is d_result where its entries landed, nested as the blocks are.
    return block_parts(d_result, arrays)


@adjoint(runtime.block_parts)
def block_parts_(result, g, arrays, *, d_result):
    # Linear in g: the blocks' cotangents put back where they came from.
    return np.block(d_result)


@tangent(runtime.block_parts)
def block_parts_tangent(result, g, arrays, *, t_g):
    return block_parts(t_g, arrays)


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


# The array-API spellings of the same functions.
if hasattr(np, "concat") and np.concat is not np.concatenate:
    adjoint(np.concat)(concatenate)

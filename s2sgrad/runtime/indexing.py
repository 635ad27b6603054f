"""Adjoints of indexing: a cotangent scattered back to the positions an index, take, diagonal or histogram read."""

import numpy as np

from .arrays import foreign, scatter_add
from .declare import _pure


@_pure
def added_at(a, index, values):
    """`a` with `values` added at `index`, repeated indices adding up: `np.add.at(a, index, values)`
    as a value, which the normal form stores back, `a[...] = added_at(a, index, values)`."""
    out = a.copy()
    scatter_add(out, index, values)
    return out


@_pure
def last_writes(y, index):
    """Which positions of `y[index] = value` stay written: False where a later position of a
    repeated index overwrites the same element (NumPy applies such a store once per element)."""
    part = y[index]
    positions = np.reshape(np.cumsum(np.ones_like(part, dtype=np.intp)), np.shape(part)) - 1
    owner = np.full_like(y, -1, dtype=np.intp)
    owner[index] = positions
    return owner[index] == positions


@_pure
def add_at(g, x, index):
    """The adjoint of `x[index]`: zeros of `x`'s shape with `g` added at `index` (repeats add up)."""
    out = np.zeros_like(x)
    scatter_add(out, index, g)
    return out


@_pure
def take_adjoint(g, like, indices, axis=None):
    """The adjoint of `np.take(like, indices, axis)`: `g` scattered back, repeated indices adding up
    (for a real NumPy `g` of the indices' shape, by one bincount: np.add.at is several times slower)."""
    if axis is None and type(g) is np.ndarray and g.dtype.kind == "f" and g.shape == np.shape(indices):
        flat = np.bincount(np.mod(np.ravel(indices), np.size(like)), weights=np.ravel(g), minlength=np.size(like))
        return np.reshape(flat.astype(g.dtype, copy=False), np.shape(like))
    if axis is None:
        out = np.zeros_like(like, shape=(np.size(like),), dtype=np.result_type(g))
        scatter_add(out, indices, g)
        return np.reshape(out, np.shape(like))
    out = np.zeros_like(like, dtype=np.result_type(g))
    index = (slice(None),) * (axis % np.ndim(like)) + (indices,)
    scatter_add(out, index, g)
    return out


@_pure
def along_axis_adjoint(g, like, indices, axis):
    """The adjoint of `np.take_along_axis(like, indices, axis)`: `g` scattered back (repeats add up)."""
    if axis is None:
        return take_adjoint(np.ravel(g), like, np.ravel(indices))
    axis = axis % np.ndim(like)
    shape = np.shape(indices)
    on = foreign(indices, like)
    index = tuple(indices if k == axis else
                  np.reshape(np.arange(n, like=on), (1,) * k + (n,) + (1,) * (len(shape) - k - 1))
                  for k, n in enumerate(shape))
    out = np.zeros_like(like, dtype=np.result_type(g))
    scatter_add(out, index, g)
    return out


@_pure
def diagonal_adjoint(g, like, offset=0, axis1=0, axis2=1):
    """Zeros of `like`'s shape with `g` on the diagonal that `np.diagonal(like, offset, axis1, axis2)` reads."""
    # g laid along the rows it reaches, then spread over the columns by a mask of the diagonal:
    # no item assignment with two index arrays, which not every array library has.
    zeros = np.moveaxis(np.zeros_like(like, dtype=np.result_type(g)), (axis1, axis2), (-2, -1))
    if np.ndim(g) == 0:                 # a zero folded to a number
        return np.moveaxis(zeros, (-2, -1), (axis1, axis2))
    rows, cols = np.shape(zeros)[-2:]
    first = max(-offset, 0)
    along = np.pad(g, [(0, 0)] * (np.ndim(g) - 1) + [(first, rows - np.shape(g)[-1] - first)])
    on = foreign(g, like)
    mask = np.arange(cols, like=on) - np.expand_dims(np.arange(rows, like=on), -1) == offset
    return np.moveaxis(np.where(mask, np.expand_dims(along, -1), zeros), (-2, -1), (axis1, axis2))


@_pure
def bin_cotangent(d_counts, a, edges):
    """The adjoint of `np.histogram(a, edges, weights=w)[0]` in w: each value's bin's cotangent
    (NumPy's bins: half-open, the last one closed; zero for a value outside them)."""
    values = np.ravel(a)
    index = np.searchsorted(edges, values, side="right") - 1
    index[values == edges[-1]] = len(edges) - 2
    inside = (index >= 0) & (index < len(edges) - 1)
    picked = np.asarray(d_counts)[np.clip(index, 0, len(edges) - 2)]
    return np.reshape(np.where(inside, picked, 0.0), np.shape(a))

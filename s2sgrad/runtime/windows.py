"""Window views: the adjoint of sliding_window_view, and the flat indices an as_strided view reads."""

import numpy as np

from ..errors import UnsupportedValueError
from .declare import _pure


_FEW_OFFSETS = 8       # up to this many entries in a window, a slice per offset is the faster adjoint


def _window_axes(ndim, window_shape, axis):
    """sliding_window_view's (window sizes, the axis of x each slides along), as tuples."""
    sizes = tuple(np.atleast_1d(window_shape).tolist())
    axes = tuple(range(ndim)) if axis is None else tuple(np.atleast_1d(axis).tolist())
    return sizes, tuple(a % ndim for a in axes)


@_pure
def window_adjoint(g, like, window_shape, axis=None):
    """The adjoint of `sliding_window_view(like, window_shape, axis)`: each window's cotangent added
    back where it was read.  One slice of `g` per window offset for small windows; for larger ones
    (of a real NumPy cotangent) one bincount over the flat index each entry of the view reads, which
    reads `g` once instead of once per offset."""
    sizes, axes = _window_axes(np.ndim(like), window_shape, axis)
    if type(g) is np.ndarray and not np.iscomplexobj(g) and int(np.prod(sizes)) > _FEW_OFFSETS:
        index = np.lib.stride_tricks.sliding_window_view(np.reshape(np.arange(np.size(like)), np.shape(like)),
                                                         window_shape, axis)
        total = np.bincount(np.ravel(index), weights=np.ravel(g), minlength=np.size(like))
        return np.reshape(total.astype(g.dtype, copy=False), np.shape(like))
    lengths = np.shape(g)[:np.ndim(like)]
    out = np.zeros_like(like, dtype=np.result_type(g))
    for offsets in np.ndindex(*sizes):
        starts = [0] * np.ndim(like)
        for a, k in zip(axes, offsets):
            starts[a] += k
        where = tuple(slice(s, s + n) for s, n in zip(starts, lengths))
        out[where] += g[(Ellipsis,) + offsets]
    return out


def _span(shape, steps):
    """The lowest and highest offsets, in items, that an array of `shape` with these strides reaches."""
    low = sum(min(0, (n - 1) * s) for n, s in zip(shape, steps))
    high = sum(max(0, (n - 1) * s) for n, s in zip(shape, steps))
    return low, high


@_pure
def strided_indices(x, shape=None, strides=None):
    """The flat index into `x` of each entry of `as_strided(x, shape, strides)`: x's indices laid in
    memory as x is, viewed with those strides.  Refused (UnsupportedValueError) where the view reads
    memory that is not one of x's entries."""
    x = np.asarray(x)
    shape = x.shape if shape is None else tuple(shape)
    strides = x.strides if strides is None else tuple(strides)
    if any(s % x.itemsize for s in strides) or 0 in x.shape:
        raise UnsupportedValueError("as_strided of a differentiated array: the strides must be multiples of its item "
                                    "size; use sliding_window_view instead")
    own = [s // x.itemsize for s in x.strides]
    steps = [s // x.itemsize for s in strides]
    low, high = _span(x.shape, own)
    memory = np.full(high - low + 1, -1, dtype=np.intp)
    width = memory.itemsize
    np.lib.stride_tricks.as_strided(memory[-low:], x.shape, [s * width for s in own])[...] = \
        np.reshape(np.arange(x.size), x.shape)
    reach = _span(shape, steps) if 0 not in shape else (0, 0)
    index = np.full(shape, -1, dtype=np.intp)
    if reach[0] >= low and reach[1] <= high:
        index = np.lib.stride_tricks.as_strided(memory[-low:], shape, [s * width for s in steps]).copy()
    if np.any(index < 0):
        raise UnsupportedValueError("as_strided reads memory outside the differentiated array's entries: its "
                                    "derivative is not defined; use sliding_window_view instead")
    return index

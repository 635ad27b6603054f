"""Runtime: the few helpers emitted gradients call; no transformation machinery lives here.

Every helper is small, array-library agnostic (it only calls NumPy functions that dispatch
on their array arguments) and has a derivative rule, so emitted code can be differentiated
again.
"""

import numpy as np


class Stack(list):
    """The tape of the forward sweep: values the adjoint sweep needs, in LIFO order."""

    __slots__ = ()
    push = list.append


def unbroadcast(g, like):
    """Sum `g` over the axes that broadcasting added or stretched, to the shape of `like`."""
    shape = np.shape(like)
    if np.shape(g) == shape:
        return g
    g = np.asarray(g)
    extra = g.ndim - len(shape)
    if extra > 0:
        g = np.sum(g, axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    if stretched:
        g = np.sum(g, axis=stretched, keepdims=True)
    if not shape and not isinstance(like, np.ndarray):
        return g[()]
    return g


def zeros_like(x):
    """A zero of `x`'s shape and dtype; a Python float stays a Python float."""
    if isinstance(x, (float, int)):
        return 0.0
    return np.zeros_like(x)


def add_at(g, x, index):
    """The adjoint of `x[index]`: zeros of `x`'s shape with `g` added at `index` (repeats add up)."""
    out = np.zeros_like(x)
    np.add.at(out, index, g)
    return out


def expand_reduced(g, x, axis, keepdims):
    """Re-insert the axes a reduction over `axis` removed, so `g` broadcasts against `x`."""
    if axis is None or keepdims:
        return g
    axes = (axis,) if np.ndim(axis) == 0 else tuple(axis)
    ndim = np.ndim(x)
    return np.expand_dims(g, tuple(a % ndim for a in axes))


def matmul_adjoint_left(g, a, b):
    """The adjoint of `a @ b` with respect to `a`, for any operand ranks NumPy accepts."""
    if np.ndim(b) == 1:
        return unbroadcast(np.multiply.outer(g, b) if np.ndim(a) > 1 else g * b, a)
    if np.ndim(a) == 1:
        return unbroadcast(np.matmul(b, np.expand_dims(g, -1))[..., 0], a)
    return unbroadcast(np.matmul(g, np.swapaxes(b, -1, -2)), a)


def matmul_adjoint_right(g, a, b):
    """The adjoint of `a @ b` with respect to `b`, for any operand ranks NumPy accepts."""
    if np.ndim(a) == 1:
        return unbroadcast(np.expand_dims(g, -2) * np.expand_dims(a, -1) if np.ndim(b) > 1 else g * a, b)
    if np.ndim(b) == 1:
        return unbroadcast(np.matmul(np.swapaxes(a, -1, -2), np.expand_dims(g, -1))[..., 0], b)
    return unbroadcast(np.matmul(np.swapaxes(a, -1, -2), g), b)

"""The fast forms of NumPy functions on `Directions` (sums, products, reshapes, joins), each
equal to the function applied direction by direction; registered in `core.FAST`."""

import numbers

import numpy as np

from .core import BIG, FAST, Directions, _aligned
from .sparse import sparse_product


def _reshape(a, shape=None, order="C", newshape=None, copy=None):
    shape = shape if shape is not None else newshape
    if isinstance(a, Directions) and order == "C" and shape is not None and copy is None:
        return a.reshape(shape)
    return None


def _ravel(a, order="C"):
    return a.ravel(order) if isinstance(a, Directions) and order == "C" else None


def _transpose(a, axes=None):
    return a.transpose(axes) if isinstance(a, Directions) else None


def _sum(a, axis=None, dtype=None, keepdims=False, **kwargs):
    if not isinstance(a, Directions) or kwargs or dtype is not None:
        return None
    n = a.ndim
    if axis is None:
        axes = tuple(range(1, n + 1))
    else:
        items = axis if isinstance(axis, tuple) else (axis,)
        if not all(isinstance(i, numbers.Integral) and -n <= i < n for i in items):
            return None
        axes = tuple(i % n + 1 for i in items)
    return Directions(np.sum(a.data, axis=axes, keepdims=keepdims))


def _dot(a, b, **kwargs):
    if kwargs or not all(isinstance(x, (Directions, np.ndarray)) for x in (a, b)):
        return None
    if isinstance(a, Directions) and isinstance(b, Directions):
        return _both_dot(a, b)
    if isinstance(a, Directions) == isinstance(b, Directions):
        return None
    if isinstance(a, Directions):           # dot's result: a's leading axes, then b's
        return Directions(np.dot(a.data, b)) if a.ndim >= 1 and b.ndim >= 1 else None
    if a.ndim in (1, 2) and b.ndim in (1, 2):       # dot is matmul here
        return _matmul(a, b)
    return None


def _both_dot(a, b):
    """dot of two operands that both carry directions (a batch of examples): direction by direction."""
    if a.ndim == 1 and b.ndim == 1:
        return Directions(np.einsum("ki,ki->k", a.data, b.data))
    if a.ndim in (1, 2) and b.ndim in (1, 2):       # dot is matmul here
        return _matmul(a, b)
    return None


def _matmul(a, b, **kwargs):
    if kwargs or type(a) not in _MATRICES or type(b) not in _MATRICES or a.ndim < 1 or b.ndim < 1:
        return None
    if isinstance(a, Directions) and isinstance(b, Directions):
        return _both_matmul(a, b)
    if isinstance(a, Directions) == isinstance(b, Directions):
        return None
    few = sparse_product(_matmul, a, b)
    if few is not None:             # most directions zero: the product of the others
        return few
    if a.ndim == 2 and b.ndim == 2 and a.shape[0] * b.shape[1] >= BIG // 8:
        return _one_product(a, b)           # one matrix product over all directions, not k small ones
    return _left_matmul(a, b) if isinstance(a, Directions) else _right_matmul(a, b)


_MATRICES = (Directions, np.ndarray)


def _left_matmul(a, b):
    """a @ b with the directions on the left: the k axis one more batch axis, or a vector's
    directions the rows of a matrix; None where that does not apply."""
    if a.ndim >= 2:
        return Directions(np.matmul(_aligned(a, max(a.ndim, b.ndim)), b))
    return Directions(np.matmul(a.data, b)) if b.ndim <= 2 else None


def _right_matmul(a, b):
    """a @ b with the directions on the right: the k axis one more batch axis, or b's directions
    times a's transpose for a vector b; None where that does not apply."""
    if b.ndim >= 2:
        return Directions(np.matmul(a, _aligned(b, max(a.ndim, b.ndim))))
    return Directions(np.matmul(b.data, np.swapaxes(a, -1, -2) if a.ndim == 2 else a)) if a.ndim <= 2 else None


def _one_product(a, b):
    """a @ b of matrices, one of them carrying directions, as a single product: (k n, m) @ (m, p)
    on the left, (n, m) @ (m, k p) on the right."""
    if isinstance(a, Directions):
        k, n, m = a.data.shape
        return Directions((a.data.reshape(k * n, m) @ b).reshape(k, n, b.shape[-1]))
    k, m, p = b.data.shape
    product = a @ b.data.transpose(1, 0, 2).reshape(m, k * p)
    return Directions(product.reshape(a.shape[0], k, p).transpose(1, 0, 2))


def _both_matmul(a, b):
    """matmul of two operands that both carry directions: the k axis is one more batch axis of
    matmul's, once each operand has its vector axes made matrix axes."""
    if a.ndim == 1 and b.ndim == 1:
        return Directions(np.einsum("ki,ki->k", a.data, b.data))
    if a.ndim == 1:                          # (n,) @ (..., n, m) -> (..., m)
        rows = a.data.reshape((a.data.shape[0],) + (1,) * (b.ndim - 2) + (1,) + a.shape)
        return Directions(np.matmul(rows, b.data)[..., 0, :])
    if b.ndim == 1:                          # (..., m, n) @ (n,) -> (..., m)
        return Directions(np.matmul(a.data, b.data.reshape((b.data.shape[0],) + (1,) * (a.ndim - 2) + b.shape
                                                           + (1,)))[..., 0])
    ndim = max(a.ndim, b.ndim)
    return Directions(np.matmul(_aligned(a, ndim), _aligned(b, ndim)))


def _cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    axes = (axisa, axisb, axisc) if axis is None else (axis,) * 3
    if not all(isinstance(x, (Directions, np.ndarray)) for x in (a, b)) or min(a.ndim, b.ndim) < 1 \
            or not all(isinstance(i, numbers.Integral) and i < 0 for i in axes) \
            or a.shape[axes[0]] != 3 or b.shape[axes[1]] != 3:
        return None         # (negative axes count from the end, behind the k axis alike)
    ndim = max(a.ndim, b.ndim)
    parts = [_aligned(x, ndim) if isinstance(x, Directions) else x for x in (a, b)]
    return Directions(np.cross(*parts, axisa=axes[0], axisb=axes[1], axisc=axes[2]))


def _shape(a):
    return a.shape if isinstance(a, Directions) else None


def _ndim(a):
    return a.ndim if isinstance(a, Directions) else None


def _size(a, axis=None):
    return a.size if isinstance(a, Directions) and axis is None else None


def _zeros_like(a, dtype=None, order="K", subok=True, shape=None, **kwargs):
    if not isinstance(a, Directions) or shape is not None or kwargs:
        return None
    return Directions(np.zeros_like(a.data, dtype=dtype))


def _ones_like(a, dtype=None, order="K", subok=True, shape=None, **kwargs):
    if not isinstance(a, Directions) or shape is not None or kwargs:
        return None
    return Directions(np.ones_like(a.data, dtype=dtype))


def _axes(axis, n):
    """`axis` (an int or a tuple of them) over n dimensions, as a tuple behind the k axis, or None."""
    items = axis if isinstance(axis, tuple) else (axis,)
    if not all(isinstance(i, numbers.Integral) and -n <= i < n for i in items):
        return None
    return tuple(int(i) % n + 1 for i in items)


def _expand_dims(a, axis):
    if not isinstance(a, Directions):
        return None
    n = a.ndim + (len(axis) if isinstance(axis, tuple) else 1)
    axes = _axes(axis, n)
    return None if axes is None else Directions(np.expand_dims(a.data, axes))


def _swapaxes(a, axis1, axis2):
    if not isinstance(a, Directions) or _axes((axis1, axis2), a.ndim) is None:
        return None
    return Directions(np.swapaxes(a.data, *_axes((axis1, axis2), a.ndim)))


def _moveaxis(a, source, destination):
    if not isinstance(a, Directions) or type(source) is not type(destination):
        return None
    src, dst = _axes(source, a.ndim), _axes(destination, a.ndim)
    if src is None or dst is None or len(src) != len(dst):
        return None
    return Directions(np.moveaxis(a.data, src, dst))


def _broadcast_to(a, shape, subok=False):
    if not isinstance(a, Directions) or subok:
        return None
    shape = (shape,) if isinstance(shape, numbers.Integral) else tuple(shape)
    if len(shape) < a.ndim:
        return None
    return Directions(np.broadcast_to(_aligned(a, len(shape)), a.data.shape[:1] + shape))


def _leading(items):
    """The arrays of a sequence some of which carry the k axis, each given it (plain ones
    repeated by broadcasting), or None."""
    if not isinstance(items, (list, tuple)):
        return None
    ks = {x.data.shape[0] for x in items if isinstance(x, Directions)}
    if len(ks) != 1 or not all(isinstance(x, (Directions, np.ndarray, np.generic, numbers.Number)) for x in items):
        return None
    k = ks.pop()
    return [x.data if isinstance(x, Directions) else np.broadcast_to(x, (k,) + np.shape(x)) for x in items]


def _concatenate(arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    parts = _leading(arrays)
    if parts is None or out is not None or dtype is not None or not isinstance(axis, numbers.Integral):
        return None
    n = parts[0].ndim - 1
    if n == 0 or any(p.ndim - 1 != n for p in parts) or not -n <= axis < n:
        return None
    return Directions(np.concatenate(parts, axis=axis % n + 1))


def _stack(arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    parts = _leading(arrays)
    if parts is None or out is not None or dtype is not None or not isinstance(axis, numbers.Integral):
        return None
    n = parts[0].ndim          # the result's number of dimensions, per direction
    if any(p.shape[1:] != parts[0].shape[1:] for p in parts) or not -n <= axis < n:
        return None
    return Directions(np.stack(parts, axis=axis % n + 1))


def register():
    """Put the fast forms in `core.FAST` (the package does at import)."""
    FAST.update({np.reshape: _reshape, np.ravel: _ravel, np.transpose: _transpose, np.sum: _sum, np.dot: _dot,
                 np.matmul: _matmul, np.cross: _cross, np.shape: _shape, np.ndim: _ndim, np.size: _size,
                 np.zeros_like: _zeros_like, np.ones_like: _ones_like, np.expand_dims: _expand_dims,
                 np.swapaxes: _swapaxes, np.moveaxis: _moveaxis, np.broadcast_to: _broadcast_to,
                 np.concatenate: _concatenate, np.stack: _stack})

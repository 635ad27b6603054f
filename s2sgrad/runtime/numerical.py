"""np.gradient's adjoint (the transpose of its banded stencil), np.quantile's interpolation weights,
and the logistic function (the primitive of a user's own `1 / (1 + np.exp(-a))`)."""

import numpy as np

from .arrays import _host, foreign
from .declare import _pure


def _gradient_axes(ndim, axis):
    if axis is None:
        return tuple(range(ndim))
    return tuple(a % ndim for a in (axis if isinstance(axis, (tuple, list)) else (axis,)))


def _gradient_spacings(varargs, count):
    if len(varargs) == 0:
        return [1.0] * count
    if len(varargs) == 1 and np.ndim(varargs[0]) == 0:
        return [varargs[0]] * count
    return list(varargs)


@_pure
def gradient_of(d, varargs, axis=None, edge_order=1):
    """`np.gradient(d, *varargs, axis=axis, edge_order=edge_order)`: the adjoint of `gradient_adjoint`."""
    return np.gradient(d, *varargs, axis=axis, edge_order=edge_order)


@_pure
def gradient_adjoint(g, f, varargs, axis=None, edge_order=1):
    """The adjoint of `np.gradient(f, *varargs, axis=axis, edge_order=edge_order)`, linear in f.

    Along one axis np.gradient is a banded matrix L whose rows reach at most two columns away
    (the one-sided edges of edge_order 2): applying it to the indicator of the columns j = k
    (mod 5) reads every L[j + o, j], |o| <= 2, so five calls give all of L's entries, whatever
    the spacing (a number or coordinates), and d[j] = sum_o L[j + o, j] g[j + o].
    """
    shape = np.shape(f)
    axes = _gradient_axes(len(shape), axis)
    parts = [g] if len(axes) == 1 else list(g)
    out = np.zeros_like(f, shape=shape, dtype=np.result_type(f, *parts, 1.0))
    for ax, part, spacing in zip(axes, parts, _gradient_spacings(varargs, len(axes))):
        part = np.broadcast_to(part, shape)          # a zero folded to a scalar has f's shape too
        out += np.moveaxis(_banded_transpose(np.moveaxis(part, ax, -1), spacing, edge_order), -1, ax)
    return out


def _banded_transpose(g, spacing, edge_order):
    # The band is read on the host: it depends on the shape and the spacing alone.
    # Its entries are made in g's library; the positions stay host integers, which index any array.
    n = np.shape(g)[-1]
    index = np.arange(n)
    out = np.zeros_like(g, dtype=np.result_type(g, 1.0))
    spacing = _host(spacing)
    for k in range(min(5, n)):
        column = np.gradient((index % 5 == k).astype(out.dtype), spacing, edge_order=edge_order)
        for offset in range(-2, 3):
            rows = index + offset
            mine = (index % 5 == k) & (rows >= 0) & (rows < n)
            if not np.any(mine):
                continue
            out[..., index[mine]] += np.asarray(column[rows[mine]], like=foreign(g)) * g[..., rows[mine]]
    return out


@_pure
def quantile_weights(q, like, scale=1):
    """(len(q), n) weights of NumPy's linear quantiles (q / scale) over the n sorted values along
    `like`'s last axis, in like's float type: each row puts 1 - w on the order statistic below
    q (n - 1) and w on the one above."""
    n = np.shape(like)[-1]
    on = foreign(like)
    virtual = np.reshape(np.ravel(np.asarray(q, dtype=np.float64, like=on)) / scale * (n - 1), (-1, 1))
    below = np.clip(np.floor(virtual), 0, n - 1)
    ranks = np.arange(n, like=on)
    weights = (ranks == below) * (1 - (virtual - below)) + (ranks == np.minimum(below + 1, n - 1)) * (virtual - below)
    return weights.astype(np.result_type(like, 1.0))


@_pure
def logistic(x):
    """`1.0 / (1.0 + np.exp(-x))`: the primitive a user function written so stands for (its rule,
    rules/elementwise/, reads only the value); analyses/patterns.py recognises the pattern."""
    return 1.0 / (1.0 + np.exp(-x))


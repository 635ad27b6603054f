"""Traces, diagonals, triangles and matrix transposes: linear, their tangents derived."""

import numpy as np

from .. import tangent
from ...runtime import diagonal_adjoint, zeros_like
from .family import array_adjoint


@array_adjoint(np.trace, np.ndarray.trace)
def trace(result, a, offset=0, axis1=0, axis2=1, dtype=None, out=None, *, d_result):
    n = np.shape(np.diagonal(a, offset, axis1, axis2))[-1]
    g = np.broadcast_to(np.expand_dims(d_result, -1), np.shape(d_result) + (n,))
    return diagonal_adjoint(g, a, offset, axis1, axis2)


@array_adjoint(np.diagonal, np.ndarray.diagonal)
def diagonal(result, a, offset=0, axis1=0, axis2=1, *, d_result):
    return diagonal_adjoint(d_result, a, offset, axis1, axis2)


@array_adjoint(diagonal_adjoint)
def diagonal_adjoint_(result, g, like, offset=0, axis1=0, axis2=1, *, d_result):
    # `like` gives the shape only (a zero cotangent: see rules/helpers.py).
    return np.diagonal(d_result, offset, axis1, axis2), zeros_like(like)


@tangent(diagonal_adjoint)
def diagonal_adjoint_tangent(result, g, like, offset=0, axis1=0, axis2=1, *, t_g):
    return diagonal_adjoint(t_g, like, offset, axis1, axis2)


@array_adjoint(np.diag)
def diag(result, v, k=0, *, d_result):
    if np.ndim(v) == 1:
        return np.diagonal(d_result, k)
    return diagonal_adjoint(d_result, v, k, 0, 1)


@array_adjoint(np.triu)
def triu(result, m, k=0, *, d_result):
    return np.triu(d_result, k)


@array_adjoint(np.tril)
def tril(result, m, k=0, *, d_result):
    return np.tril(d_result, k)


@array_adjoint(np.matrix_transpose)
def matrix_transpose(result, x, *, d_result):
    return np.swapaxes(d_result, -1, -2)


@array_adjoint(np.linalg.trace)
def linalg_trace(result, x, *, offset=0, dtype=None, d_result):
    # The trace over the last two axes.
    n = np.shape(np.linalg.diagonal(x, offset=offset))[-1]
    g = np.broadcast_to(np.expand_dims(d_result, -1), np.shape(d_result) + (n,))
    return diagonal_adjoint(g, x, offset, -2, -1)


@array_adjoint(np.linalg.diagonal)
def linalg_diagonal(result, x, *, offset=0, d_result):
    return diagonal_adjoint(d_result, x, offset, -2, -1)


array_adjoint(np.linalg.matrix_transpose)(matrix_transpose)

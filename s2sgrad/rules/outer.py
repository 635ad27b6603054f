"""Outer forms of the arithmetic ufuncs: `np.add.outer(a, b)` and its kin.

`np.op.outer(a, b)` is `op(a[..., None, ..., None], b)`: a's axes first, then b's, each pair of
entries combined.  So each rule is its elementwise rule on that broadcast, followed by a sum over
the axes the other operand contributed: b's trailing axes for a's cotangent (`axes` below), a's
leading ones for b's (`unbroadcast`, which sums leading axes).  The result does not have the
broadcast shape of the operands, which is why these rules are not in the elementwise family.
"""

import numpy as np

from . import adjoint, defmultilinear, tangent
from ..runtime import broadcast_like, unbroadcast


@adjoint(np.add.outer)
def add_outer(result, a, b, *, d_result):
    # The result has a's axes, then b's: a's cotangent sums over b's, b's over a's.
    axes = tuple(range(-np.ndim(b), 0))
    return np.sum(d_result, axis=axes), unbroadcast(d_result, b)


@tangent(np.add.outer)
def add_outer_tangent(result, a, b, *, t_a, t_b):
    axes = tuple(range(-np.ndim(b), 0))
    return broadcast_like(np.expand_dims(t_a, axes), result) + broadcast_like(t_b, result)


@adjoint(np.subtract.outer)
def subtract_outer(result, a, b, *, d_result):
    axes = tuple(range(-np.ndim(b), 0))
    return np.sum(d_result, axis=axes), unbroadcast(-d_result, b)


@tangent(np.subtract.outer)
def subtract_outer_tangent(result, a, b, *, t_a, t_b):
    axes = tuple(range(-np.ndim(b), 0))
    return broadcast_like(np.expand_dims(t_a, axes), result) - broadcast_like(t_b, result)


@adjoint(np.multiply.outer)
def multiply_outer(result, a, b, *, d_result):
    axes = tuple(range(-np.ndim(b), 0))
    return np.sum(d_result * b, axis=axes), unbroadcast(d_result * np.expand_dims(a, axes), b)


@adjoint(np.divide.outer)
def divide_outer(result, a, b, *, d_result):
    axes = tuple(range(-np.ndim(b), 0))
    return np.sum(d_result / b, axis=axes), unbroadcast(-d_result * result / b, b)


@tangent(np.divide.outer)
def divide_outer_tangent(result, a, b, *, t_a, t_b):
    axes = tuple(range(-np.ndim(b), 0))
    return broadcast_like(np.expand_dims(t_a, axes) / b, result) - result * t_b / b


# A product, linear in each operand: its tangent is one outer product per operand with a tangent.
defmultilinear(np.multiply.outer)

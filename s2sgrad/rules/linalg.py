"""Linear-algebra rules: `@`, dot, matmul."""

import operator

import numpy as np

from . import adjoint
from ..runtime import matmul_adjoint_left, matmul_adjoint_right


@adjoint(np.matmul, operator.matmul)
def matmul(result, x1, x2, *, d_result):
    return matmul_adjoint_left(d_result, x1, x2), matmul_adjoint_right(d_result, x1, x2)


@adjoint(np.dot, np.ndarray.dot)
def dot(result, a, b, *, d_result):
    # np.dot agrees with matmul for operands of rank 1 and 2, the cases supported here.
    return matmul_adjoint_left(d_result, a, b), matmul_adjoint_right(d_result, a, b)

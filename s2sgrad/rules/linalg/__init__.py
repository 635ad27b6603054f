"""Linear-algebra rules: products, contractions, diagonals and triangles, `np.linalg` factorizations.

Batched operands (leading axes) are supported wherever NumPy's function supports them;
matrix adjoints are written with `np.matmul` and `np.swapaxes(..., -1, -2)` for that reason.
Factorizations follow the standard adjoints (Giles 2008; Murray 2016 for Cholesky), and their
tangents the matching forward rules; products and contractions are multilinear, diagonals and
triangles linear, so their tangents are derived.
"""

import operator

import numpy as np

from ... import runtime
from .. import deflinear, defmultilinear
from . import products, diagonals, solves, spectra, matrix_functions, least_squares  # noqa: F401  (in this order)

defmultilinear(np.matmul, operator.matmul, np.linalg.matmul, np.dot, np.ndarray.dot, np.vdot, np.inner, np.outer,
               np.linalg.outer, np.tensordot, np.linalg.tensordot, np.einsum, np.kron, np.vecdot, np.linalg.vecdot,
               np.matvec, np.vecmat, np.cross, np.linalg.cross)
deflinear(runtime.real_eigensystem)
deflinear(np.trace, np.ndarray.trace, np.linalg.trace, np.diagonal, np.ndarray.diagonal, np.linalg.diagonal, np.diag,
          np.triu, np.tril, np.matrix_transpose, np.linalg.matrix_transpose)

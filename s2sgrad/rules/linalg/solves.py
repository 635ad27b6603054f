"""`np.linalg` inverses, solves, determinants and the Cholesky factor."""

import numpy as np

from .. import tangent
from ... import runtime
from ...runtime import cofactors, cofactors_derivative, unbroadcast
from .family import array_adjoint


@array_adjoint(np.linalg.inv)
def inv(result, a, *, d_result):
    return -np.matmul(np.swapaxes(result, -1, -2), np.matmul(d_result, np.swapaxes(result, -1, -2)))


@tangent(np.linalg.inv)
def inv_tangent(result, a, *, t_a):
    return -np.matmul(result, np.matmul(t_a, result))


@array_adjoint(np.linalg.solve)
def solve(result, a, b, *, d_result):
    if np.ndim(b) == 1:
        g_b = np.squeeze(np.linalg.solve(np.swapaxes(a, -1, -2), np.expand_dims(d_result, -1)), -1)
        return unbroadcast(-np.expand_dims(g_b, -1) * np.expand_dims(result, -2), a), unbroadcast(g_b, b)
    g_b = np.linalg.solve(np.swapaxes(a, -1, -2), d_result)
    return unbroadcast(-np.matmul(g_b, np.swapaxes(result, -1, -2)), a), unbroadcast(g_b, b)


@tangent(np.linalg.solve)
def solve_tangent(result, a, b, *, t_a, t_b):
    # A^-1 (t_b - t_a x).  A vector b is made a column first (np.expand_dims of a folded zero
    # tangent is a harmless zero that broadcasts).
    if np.ndim(b) == 1:
        rhs = np.expand_dims(t_b, -1) - t_a @ np.expand_dims(result, -1)
        return np.squeeze(np.linalg.solve(a, rhs), -1)
    return np.linalg.solve(a, t_b - t_a @ result)


@array_adjoint(np.linalg.det)
def det(result, a, *, d_result):
    # The cofactor matrix, det(a) inv(a)^T where a is nonsingular; through the SVD where it is not.
    return np.expand_dims(d_result, (-1, -2)) * cofactors(a)


@tangent(np.linalg.det)
def det_tangent(result, a, *, t_a):
    # tr(adj(a) t_a), the cofactors' inner product with t_a.
    return np.sum(cofactors(a) * t_a, axis=(-2, -1))


@array_adjoint(runtime.cofactors)
def cofactors_(result, a, *, d_result):
    # Through the SVD, at singular matrices too (det(a) a^-T has no derivative there to write).
    return cofactors_derivative(a, d_result)


@tangent(runtime.cofactors)
def cofactors_tangent(result, a, *, t_a):
    return cofactors_derivative(a, t_a)


@array_adjoint(np.linalg.slogdet, returns="tuple")
def slogdet(result, a, *, d_result):
    # The sign is piecewise constant; only log|det| carries a gradient.
    return np.expand_dims(d_result[1], (-1, -2)) * np.swapaxes(np.linalg.inv(a), -1, -2)


@tangent(np.linalg.slogdet)
def slogdet_tangent(result, a, *, t_a):
    # (sign, log|det|): the sign's tangent is 0.
    return np.zeros_like(result[0]), np.trace(np.linalg.solve(a, t_a), axis1=-2, axis2=-1)


@array_adjoint(np.linalg.cholesky)
def cholesky(result, a, *, d_result):
    # Symmetric adjoint (Murray 2016): sym(L^-T phi(L^T G) L^-1), phi = lower triangle, half diagonal.
    m = np.matmul(np.swapaxes(result, -1, -2), d_result)
    phi = np.tril(m) - 0.5 * np.triu(np.tril(m))
    s = np.linalg.solve(np.swapaxes(result, -1, -2), phi)
    s = np.swapaxes(np.linalg.solve(np.swapaxes(result, -1, -2), np.swapaxes(s, -1, -2)), -1, -2)
    return 0.5 * (s + np.swapaxes(s, -1, -2))


@tangent(np.linalg.cholesky)
def cholesky_tangent(result, a, *, t_a):
    # L phi(L^-1 sym(t_a) L^-T), phi = lower triangle, half diagonal; symmetrized as the adjoint is.
    m = np.linalg.solve(result, 0.5 * (t_a + np.swapaxes(t_a, -1, -2)))
    m = np.swapaxes(np.linalg.solve(result, np.swapaxes(m, -1, -2)), -1, -2)
    return np.matmul(result, np.tril(m) - 0.5 * np.triu(np.tril(m)))

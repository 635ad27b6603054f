"""Rules for `scipy.linalg`: triangular solves, Cholesky and LU factors and solves, matrix functions, eigh.

Real matrices; batched operands (leading axes) wherever SciPy takes them, except the LU
rules (one matrix).  Adjoints call SciPy again through runtime helpers (`triangular_solve`,
`sylvester`, `matrix_function`), which have these rules too, so an emitted gradient can be
differentiated again.  A function that reads one triangle of its matrix (`solve_triangular`)
gives only that triangle a gradient; the symmetric ones (`cholesky`, `cho_factor`, `eigh`) give
the symmetric gradient, exact along symmetric perturbations, as `np.linalg.cholesky` does.
"""

import numpy as np
import scipy.linalg as sl

from . import TupleUnless, adjoint, never, nograd, only, tangent
from .. import runtime
from ..runtime import (broadcast_like, inverse_gaps, lu_permutation, matrix_function, sylvester, triangular_solve,
                       unbroadcast, zeros_like)

TRANS = only(0, 1, "N", "T", reason="the conjugate transpose (2, 'C') is for complex matrices")
GENERAL = only(None, "gen", "general", reason="a structured solve reads part of `a`: its gradient is not "
               "that of the general solve")
DISP = never("SciPy deprecates it")
OVERWRITE = only(False, reason="SciPy may overwrite the input, which the derivative reads")
A_IN = {"overwrite_a": OVERWRITE}
B_IN = {"overwrite_b": OVERWRITE}


# -- triangular solves ----------------------------------------------------------------------

@adjoint(sl.solve_triangular, runtime.triangular_solve, requires={"trans": TRANS, **B_IN})
def solve_triangular(result, a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False,
                     check_finite=True, *, d_result):
    # op(T) x = b with T the triangle of a that SciPy reads (its diagonal taken as ones with
    # unit_diagonal): only that triangle receives a gradient, -op(g_b x^T) projected onto it.
    transposed = trans == 1 or trans == "T"
    g_b = triangular_solve(a, d_result, 1 - transposed, lower, unit_diagonal)
    if np.ndim(b) == 1:
        outer = -np.expand_dims(g_b, -1) * np.expand_dims(result, -2)
    else:
        outer = -np.matmul(g_b, np.swapaxes(result, -1, -2))
    if transposed:
        outer = np.swapaxes(outer, -1, -2)
    if lower:
        return unbroadcast(np.tril(outer, -int(unit_diagonal)), a), unbroadcast(g_b, b)
    return unbroadcast(np.triu(outer, int(unit_diagonal)), a), unbroadcast(g_b, b)


@tangent(sl.solve_triangular, runtime.triangular_solve)
def solve_triangular_tangent(result, a, b, trans=0, lower=False, unit_diagonal=False, overwrite_b=False,
                             check_finite=True, *, t_a, t_b):
    # op(T)^-1 (t_b - op(t_T) x), t_T the tangent of the triangle SciPy reads.
    t_t = np.triu(broadcast_like(t_a, a), int(unit_diagonal))
    if lower:
        t_t = np.tril(broadcast_like(t_a, a), -int(unit_diagonal))
    if trans == 1 or trans == "T":
        t_t = np.swapaxes(t_t, -1, -2)
    if np.ndim(b) == 1:
        rhs = t_b - np.squeeze(np.matmul(t_t, np.expand_dims(result, -1)), -1)
    else:
        rhs = t_b - np.matmul(t_t, result)
    return triangular_solve(a, rhs, trans, lower, unit_diagonal)


# -- general solve, inverse, determinant ------------------------------------------------------

@adjoint(sl.solve, requires={"assume_a": GENERAL, **A_IN, **B_IN})
def solve(result, a, b, lower=False, overwrite_a=False, overwrite_b=False, check_finite=True, assume_a=None,
          transposed=False, *, d_result):
    # A general square a (assume_a None or "general"; SciPy's detection of structure does not
    # change the solution); transposed solves a^T x = b.
    m = np.swapaxes(a, -1, -2)
    if transposed:
        m = a
    g_b = np.linalg.solve(m, d_result)
    if np.ndim(b) == 1:
        outer = -np.expand_dims(g_b, -1) * np.expand_dims(result, -2)
    else:
        outer = -np.matmul(g_b, np.swapaxes(result, -1, -2))
    if transposed:
        outer = np.swapaxes(outer, -1, -2)
    return unbroadcast(outer, a), unbroadcast(g_b, b)


@tangent(sl.solve)
def solve_tangent(result, a, b, lower=False, overwrite_a=False, overwrite_b=False, check_finite=True,
                  assume_a=None, transposed=False, *, t_a, t_b):
    # op(a)^-1 (t_b - op(t_a) x).
    m, t_m = a, broadcast_like(t_a, a)
    if transposed:
        m, t_m = np.swapaxes(a, -1, -2), np.swapaxes(t_m, -1, -2)
    if np.ndim(b) == 1:
        return np.linalg.solve(m, t_b - np.squeeze(np.matmul(t_m, np.expand_dims(result, -1)), -1))
    return np.linalg.solve(m, t_b - np.matmul(t_m, result))


@adjoint(sl.inv, requires={"assume_a": GENERAL, **A_IN})
def inv(result, a, overwrite_a=False, check_finite=True, *, assume_a=None, lower=False, d_result):
    # A general square a: -A^-T G A^-T.
    rt = np.swapaxes(result, -1, -2)
    return -np.matmul(rt, np.matmul(d_result, rt))


@tangent(sl.inv)
def inv_tangent(result, a, overwrite_a=False, check_finite=True, *, assume_a=None, lower=False, t_a):
    return -np.matmul(result, np.matmul(t_a, result))


@adjoint(sl.det, requires=A_IN)
def det(result, a, overwrite_a=False, check_finite=True, *, d_result):
    # Nonsingular matrices only (the cofactor form is not used).
    scale = np.expand_dims(d_result * result, (-1, -2))
    return scale * np.swapaxes(np.linalg.inv(a), -1, -2)


@tangent(sl.det)
def det_tangent(result, a, overwrite_a=False, check_finite=True, *, t_a):
    # Nonsingular matrices: det(A) tr(A^-1 t_a).
    return result * np.trace(np.linalg.solve(a, t_a), axis1=-2, axis2=-1)


# -- Cholesky -------------------------------------------------------------------------------

@adjoint(sl.cholesky, requires=A_IN)
def cholesky(result, a, lower=False, overwrite_a=False, check_finite=True, *, d_result):
    # The upper factor U = L^T unless lower.  Symmetric adjoint (Murray 2016) of L:
    # sym(L^-T phi(L^T G) L^-1), phi = lower triangle, half diagonal.
    factor, g = result, d_result
    if not lower:
        factor, g = np.swapaxes(result, -1, -2), np.swapaxes(d_result, -1, -2)
    ft = np.swapaxes(factor, -1, -2)
    m = np.matmul(ft, g)
    phi = np.tril(m) - 0.5 * np.triu(np.tril(m))
    s = triangular_solve(ft, phi, 0, False)
    s = np.swapaxes(triangular_solve(ft, np.swapaxes(s, -1, -2), 0, False), -1, -2)
    return 0.5 * (s + np.swapaxes(s, -1, -2))


@tangent(sl.cholesky)
def cholesky_tangent(result, a, lower=False, overwrite_a=False, check_finite=True, *, t_a):
    # L phi(L^-1 sym(t_a) L^-T), phi = lower triangle, half diagonal; transposed for the upper factor.
    factor = result
    if not lower:
        factor = np.swapaxes(result, -1, -2)
    m = triangular_solve(factor, 0.5 * (t_a + np.swapaxes(t_a, -1, -2)), 0, True)
    m = np.swapaxes(triangular_solve(factor, np.swapaxes(m, -1, -2), 0, True), -1, -2)
    t_factor = np.matmul(factor, np.tril(m) - 0.5 * np.triu(np.tril(m)))
    if lower:
        return t_factor
    return np.swapaxes(t_factor, -1, -2)


@adjoint(sl.cho_factor, requires=A_IN, returns="tuple")
def cho_factor(result, a, lower=False, overwrite_a=False, check_finite=True, *, d_result):
    # d_result = (d_c, d_lower).  c holds the factor in one triangle, as `cholesky`; its other
    # triangle holds a's own entries (SciPy leaves them there), whose gradient passes through.
    c, d_c = result[0], d_result[0]
    factor, g = np.tril(c), np.tril(d_c)
    if not lower:
        factor, g = np.swapaxes(np.triu(c), -1, -2), np.swapaxes(np.triu(d_c), -1, -2)
    ft = np.swapaxes(factor, -1, -2)
    m = np.matmul(ft, g)
    phi = np.tril(m) - 0.5 * np.triu(np.tril(m))
    s = triangular_solve(ft, phi, 0, False)
    s = np.swapaxes(triangular_solve(ft, np.swapaxes(s, -1, -2), 0, False), -1, -2)
    if lower:
        return 0.5 * (s + np.swapaxes(s, -1, -2)) + np.triu(d_c, 1)
    return 0.5 * (s + np.swapaxes(s, -1, -2)) + np.tril(d_c, -1)


@tangent(sl.cho_factor)
def cho_factor_tangent(result, a, lower=False, overwrite_a=False, check_finite=True, *, t_a):
    # (t_c, None): the factor's tangent in its triangle, t_a's own entries in the other.
    c = result[0]
    factor = np.tril(c)
    if not lower:
        factor = np.swapaxes(np.triu(c), -1, -2)
    m = triangular_solve(factor, 0.5 * (t_a + np.swapaxes(t_a, -1, -2)), 0, True)
    m = np.swapaxes(triangular_solve(factor, np.swapaxes(m, -1, -2), 0, True), -1, -2)
    t_factor = np.matmul(factor, np.tril(m) - 0.5 * np.triu(np.tril(m)))
    if lower:
        return t_factor + np.triu(t_a, 1), None
    return np.swapaxes(t_factor, -1, -2) + np.tril(t_a, -1), None


@adjoint(sl.cho_solve, requires=B_IN)
def cho_solve(result, c_and_lower, b, overwrite_b=False, check_finite=True, *, d_result):
    # A x = b with A = L L^T (lower) or U^T U, L and U the triangle of c that SciPy reads; only
    # that triangle receives a gradient: dA = -sym(g_b x^T), then d_L = 2 dA L, d_U = 2 U dA.
    c, lower = c_and_lower[0], bool(c_and_lower[1])
    g_b = triangular_solve(c, triangular_solve(c, d_result, 1 - lower, lower), lower, lower)
    if np.ndim(b) == 1:
        outer = np.expand_dims(g_b, -1) * np.expand_dims(result, -2)
    else:
        outer = np.matmul(g_b, np.swapaxes(result, -1, -2))
    d_a = -(outer + np.swapaxes(outer, -1, -2))
    if lower:
        return (unbroadcast(np.tril(np.matmul(d_a, np.tril(c))), c), zeros_like(lower)), unbroadcast(g_b, b)
    return (unbroadcast(np.triu(np.matmul(np.triu(c), d_a)), c), zeros_like(lower)), unbroadcast(g_b, b)


@tangent(sl.cho_solve)
def cho_solve_tangent(result, c_and_lower, b, overwrite_b=False, check_finite=True, *, t_c_and_lower, t_b):
    # A^-1 (t_b - t_A x), t_A = t_L L^T + L t_L^T (or t_U^T U + U^T t_U).
    c, lower = c_and_lower[0], bool(c_and_lower[1])
    t_c = broadcast_like(t_c_and_lower[0], c)
    if lower:
        f, t_f = np.tril(c), np.tril(t_c)
    else:
        f, t_f = np.swapaxes(np.triu(c), -1, -2), np.swapaxes(np.triu(t_c), -1, -2)
    t_m = np.matmul(t_f, np.swapaxes(f, -1, -2))
    t_m = t_m + np.swapaxes(t_m, -1, -2)
    if np.ndim(b) == 1:
        rhs = t_b - np.squeeze(np.matmul(t_m, np.expand_dims(result, -1)), -1)
    else:
        rhs = t_b - np.matmul(t_m, result)
    return triangular_solve(c, triangular_solve(c, rhs, 1 - lower, lower), lower, lower)


# -- LU -------------------------------------------------------------------------------------
# One matrix (lu_permutation refuses a batch of pivots when the gradient runs), b of shape (n,) or (n, k).

@adjoint(sl.lu_factor, requires=A_IN, returns="tuple")
def lu_factor(result, a, overwrite_a=False, check_finite=True, *, d_result):
    # One matrix, nonsingular, pivots fixed.  A = P L U: with X = L^-1 P^T t_A U^-1 the tangent is
    # L tril(X, -1) + triu(X) U; its adjoint P L^-T (tril(L^T G, -1) + triu(G U^T)) U^-T.
    lu, piv = result
    g = d_result[0]
    unit = np.tril(lu, -1) + np.diag(np.ones_like(lu, shape=(np.shape(lu)[-1],)))
    upper = np.triu(lu)
    x = np.tril(np.matmul(np.swapaxes(unit, -1, -2), np.tril(g, -1)), -1) \
        + np.triu(np.matmul(np.triu(g), np.swapaxes(upper, -1, -2)))
    x = triangular_solve(unit, x, 1, True, True)
    x = np.swapaxes(triangular_solve(upper, np.swapaxes(x, -1, -2), 0, False), -1, -2)
    return np.take(x, np.argsort(lu_permutation(piv)), axis=-2)


@tangent(sl.lu_factor)
def lu_factor_tangent(result, a, overwrite_a=False, check_finite=True, *, t_a):
    # (t_lu, None): X = L^-1 P^T t_A U^-1, t_lu = L tril(X, -1) + triu(X) U.
    lu, piv = result
    unit = np.tril(lu, -1) + np.diag(np.ones_like(lu, shape=(np.shape(lu)[-1],)))
    upper = np.triu(lu)
    x = triangular_solve(unit, np.take(t_a, lu_permutation(piv), axis=-2), 0, True, True)
    x = np.swapaxes(triangular_solve(upper, np.swapaxes(x, -1, -2), 1, False), -1, -2)
    return np.matmul(unit, np.tril(x, -1)) + np.matmul(np.triu(x), upper), None


@adjoint(sl.lu_solve, requires={"trans": only(0, 1, reason="SciPy's lu_solve takes 0, 1 or 2; 2, the conjugate "
                                                           "transpose, is for complex matrices"), **B_IN})
def lu_solve(result, lu_and_piv, b, trans=0, overwrite_b=False, check_finite=True, *, d_result):
    # op(A) x = b, A = P L U: d_A = -op(g_b x^T); d_L = tril(P^T d_A U^T, -1), d_U = triu(L^T P^T d_A).
    lu, piv = lu_and_piv
    transposed = trans == 1
    perm = lu_permutation(piv)
    unit = np.tril(lu, -1) + np.diag(np.ones_like(lu, shape=(np.shape(lu)[-1],)))
    upper = np.triu(lu)
    if transposed:
        z = triangular_solve(upper, triangular_solve(unit, np.take(d_result, perm, axis=0), 0, True, True), 0, False)
    else:
        z = triangular_solve(unit, triangular_solve(upper, d_result, 1, False), 1, True, True)
        z = np.take(z, np.argsort(perm), axis=0)
    if np.ndim(b) == 1:
        outer = -np.expand_dims(z, -1) * np.expand_dims(result, -2)
    else:
        outer = -np.matmul(z, np.swapaxes(result, -1, -2))
    if transposed:
        outer = np.swapaxes(outer, -1, -2)
    pt_d = np.take(outer, perm, axis=0)
    d_lu = np.tril(np.matmul(pt_d, np.swapaxes(upper, -1, -2)), -1) \
        + np.triu(np.matmul(np.swapaxes(unit, -1, -2), pt_d))
    return (d_lu, zeros_like(piv)), unbroadcast(z, b)


@tangent(sl.lu_solve)
def lu_solve_tangent(result, lu_and_piv, b, trans=0, overwrite_b=False, check_finite=True, *, t_lu_and_piv, t_b):
    # op(A)^-1 (t_b - op(t_A) x), t_A = P (t_L U + L t_U).
    lu, piv = lu_and_piv
    t_lu = broadcast_like(t_lu_and_piv[0], lu)
    unit = np.tril(lu, -1) + np.diag(np.ones_like(lu, shape=(np.shape(lu)[-1],)))
    upper = np.triu(lu)
    t_m = np.take(np.matmul(np.tril(t_lu, -1), upper) + np.matmul(unit, np.triu(t_lu)),
                  np.argsort(lu_permutation(piv)), axis=0)
    if trans == 1:
        t_m = np.swapaxes(t_m, -1, -2)
    perm = lu_permutation(piv)
    if np.ndim(b) == 1:
        rhs = t_b - np.squeeze(np.matmul(t_m, np.expand_dims(result, -1)), -1)
    else:
        rhs = t_b - np.matmul(t_m, result)
    if trans == 1:
        z = triangular_solve(unit, triangular_solve(upper, rhs, 1, False), 1, True, True)
        return np.take(z, np.argsort(perm), axis=0)
    return triangular_solve(upper, triangular_solve(unit, np.take(rhs, perm, axis=0), 0, True, True), 0, False)


nograd(runtime.lu_permutation)


# -- matrix functions -----------------------------------------------------------------------

@adjoint(sl.expm)
def expm(result, A, *, d_result):
    # The Frechet derivative of a matrix function is the corner of f([[A^T, G], [0, A^T]]).
    n = np.shape(A)[-1]
    at = np.swapaxes(A, -1, -2)
    block = np.concatenate([np.concatenate([at, d_result], -1), np.concatenate([np.zeros_like(at), at], -1)], -2)
    return matrix_function("expm", block)[..., :n, n:]


@tangent(sl.expm)
def expm_tangent(result, A, *, t_A):
    # The corner of f([[A, t_A], [0, A]]).
    n = np.shape(A)[-1]
    block = np.concatenate([np.concatenate([A, broadcast_like(t_A, A)], -1),
                            np.concatenate([np.zeros_like(A), A], -1)], -2)
    return matrix_function("expm", block)[..., :n, n:]


@adjoint(sl.logm, requires={"disp": DISP})
def logm(result, A, disp=None, *, d_result):
    # A with no eigenvalue on the closed negative real axis; the corner of f([[A^T, G], [0, A^T]]).
    n = np.shape(A)[-1]
    at = np.swapaxes(A, -1, -2)
    block = np.concatenate([np.concatenate([at, d_result], -1), np.concatenate([np.zeros_like(at), at], -1)], -2)
    return matrix_function("logm", block)[..., :n, n:]


@tangent(sl.logm)
def logm_tangent(result, A, disp=None, *, t_A):
    n = np.shape(A)[-1]
    block = np.concatenate([np.concatenate([A, broadcast_like(t_A, A)], -1),
                            np.concatenate([np.zeros_like(A), A], -1)], -2)
    return matrix_function("logm", block)[..., :n, n:]


@adjoint(runtime.matrix_function, operands=("a",))
def matrix_function_(result, kind, a, *, d_result):
    # `kind` is "expm" or "logm"; the same block form as theirs.
    n = np.shape(a)[-1]
    at = np.swapaxes(a, -1, -2)
    block = np.concatenate([np.concatenate([at, d_result], -1), np.concatenate([np.zeros_like(at), at], -1)], -2)
    return matrix_function(kind, block)[..., :n, n:]


@tangent(runtime.matrix_function)
def matrix_function_tangent(result, kind, a, *, t_a):
    n = np.shape(a)[-1]
    block = np.concatenate([np.concatenate([a, broadcast_like(t_a, a)], -1),
                            np.concatenate([np.zeros_like(a), a], -1)], -2)
    return matrix_function(kind, block)[..., :n, n:]


@adjoint(sl.sqrtm, requires={"disp": DISP, "blocksize": never("it only tunes the algorithm")})
def sqrtm(result, A, disp=None, blocksize=None, *, d_result):
    # A with a real principal square root X: X dX + dX X = dA, so the adjoint solves
    # X^T M + M X^T = G.
    xt = np.swapaxes(result, -1, -2)
    return sylvester(xt, xt, d_result)


@tangent(sl.sqrtm)
def sqrtm_tangent(result, A, disp=None, blocksize=None, *, t_A):
    return sylvester(result, result, t_A)


@adjoint(sl.solve_sylvester, runtime.sylvester)
def solve_sylvester(result, a, b, q, *, d_result):
    # a X + X b = q, with a and -b sharing no eigenvalue: Y solves a^T Y + Y b^T = G, then
    # (d_a, d_b, d_q) = (-Y X^T, -X^T Y, Y).
    y = sylvester(np.swapaxes(a, -1, -2), np.swapaxes(b, -1, -2), d_result)
    return -np.matmul(y, np.swapaxes(result, -1, -2)), -np.matmul(np.swapaxes(result, -1, -2), y), y


@tangent(sl.solve_sylvester, runtime.sylvester)
def solve_sylvester_tangent(result, a, b, q, *, t_a, t_b, t_q):
    return sylvester(a, b, t_q - np.matmul(t_a, result) - np.matmul(result, t_b))


# -- eigh -----------------------------------------------------------------------------------

EIGH = {"b": never("the generalized problem is not differentiated"),
        "type": only(1, reason="the generalized problem is not differentiated"),
        "subset_by_index": never("a subset of the eigenvalues is not differentiated"),
        "subset_by_value": never("a subset of the eigenvalues is not differentiated"), **A_IN, **B_IN}


@adjoint(sl.eigh, requires=EIGH, returns=TupleUnless("eigvals_only", True))
def eigh(result, a, b=None, *, lower=True, eigvals_only=False, overwrite_a=False, overwrite_b=False, type=1,
         check_finite=True, subset_by_index=None, subset_by_value=None, driver=None, d_result):
    # Symmetric a; d_result = (d_w, d_v), or d_w with eigvals_only.  V (diag(d_w) + F * (V^T d_v)) V^T,
    # symmetrized, F = 1 / (w_j - w_i) off the diagonal; as np.linalg.eigh's (rules/linalg/spectra.py),
    # nan between tied eigenvalues whose vectors a cotangent reaches.
    if eigvals_only:
        w, v = np.linalg.eigh(a, "L")
        if not lower:
            w, v = np.linalg.eigh(a, "U")
        return np.matmul(v * np.expand_dims(d_result, -2), np.swapaxes(v, -1, -2))
    w, v = result
    d_w, d_v = d_result
    used = np.any(np.broadcast_to(d_v, np.shape(v)) != 0, axis=-2)
    gap = np.expand_dims(w, -2) - np.expand_dims(w, -1)
    f = inverse_gaps(gap, w, np.expand_dims(used, -2) | np.expand_dims(used, -1))
    inner = np.expand_dims(d_w, -2) * np.eye(np.shape(w)[-1]) + f * np.matmul(np.swapaxes(v, -1, -2), d_v)
    s = np.matmul(v, np.matmul(inner, np.swapaxes(v, -1, -2)))
    return 0.5 * (s + np.swapaxes(s, -1, -2))


@tangent(sl.eigh)
def eigh_tangent(result, a, b=None, *, lower=True, eigvals_only=False, overwrite_a=False, overwrite_b=False, type=1,
                 check_finite=True, subset_by_index=None, subset_by_value=None, driver=None, t_a):
    # M = V^T sym(t_a) V: (t_w, t_v) = (diag M, V (F * M)); nan between tied eigenvalues M mixes.
    if eigvals_only:
        w, v = np.linalg.eigh(a, "L")
        if not lower:
            w, v = np.linalg.eigh(a, "U")
        return np.sum(v * np.matmul(0.5 * (t_a + np.swapaxes(t_a, -1, -2)), v), axis=-2)
    w, v = result
    m = np.matmul(np.swapaxes(v, -1, -2), np.matmul(0.5 * (t_a + np.swapaxes(t_a, -1, -2)), v))
    gap = np.expand_dims(w, -2) - np.expand_dims(w, -1)
    f = inverse_gaps(gap, w, np.abs(m) > 1e-12 * np.max(np.abs(m), axis=(-2, -1), keepdims=True))
    return np.diagonal(m, axis1=-2, axis2=-1), np.matmul(v, f * m)

"""`np.linalg` eigen-, QR and singular value decompositions (eig where the spectrum is real).

At a repeated eigen- or singular value the vectors have no derivative: the coupling of two tied
vectors (`inverse_gaps`) is 0 where no cotangent (no tangent) reaches them, and nan where one does,
so that a function of such vectors gives nan there, never a plausible wrong number.  The values
themselves keep the derivative of their symmetric functions (`trace`, `sum(log(w))`): diag(d_w)."""

import numpy as np

from ... import runtime
from .. import TupleUnless, only, tangent
from ...runtime import inverse_gaps, real_eigensystem
from .family import array_adjoint


@array_adjoint(np.linalg.eigh, returns=TupleUnless("eigvals_only", True))
def eigh(result, a, UPLO="L", *, d_result):
    # d_result = (d_w, d_v).  V (diag(d_w) + F * (V^T d_v)) V^T, symmetrized, F = 1 / (w_j - w_i).
    w, v = result
    d_w, d_v = d_result
    used = np.any(np.broadcast_to(d_v, np.shape(v)) != 0, axis=-2)
    gap = np.expand_dims(w, -2) - np.expand_dims(w, -1)
    f = inverse_gaps(gap, w, np.expand_dims(used, -2) | np.expand_dims(used, -1))
    inner = np.expand_dims(d_w, -2) * np.eye(np.shape(w)[-1]) + f * np.matmul(np.swapaxes(v, -1, -2), d_v)
    s = np.matmul(v, np.matmul(inner, np.swapaxes(v, -1, -2)))
    return 0.5 * (s + np.swapaxes(s, -1, -2))


@tangent(np.linalg.eigh)
def eigh_tangent(result, a, UPLO="L", *, t_a):
    # M = V^T sym(t_a) V: (t_w, t_v) = (diag M, V (F * M)), F = 1 / (w_j - w_i) off the diagonal;
    # nan between tied eigenvalues where M mixes their vectors.
    w, v = result
    m = np.matmul(np.swapaxes(v, -1, -2), np.matmul(0.5 * (t_a + np.swapaxes(t_a, -1, -2)), v))
    gap = np.expand_dims(w, -2) - np.expand_dims(w, -1)
    f = inverse_gaps(gap, w, np.abs(m) > 1e-12 * np.max(np.abs(m), axis=(-2, -1), keepdims=True))
    return np.diagonal(m, axis1=-2, axis2=-1), np.matmul(v, f * m)


@array_adjoint(np.linalg.eig, returns="tuple")
def eig(result, a, *, d_result):
    # Real matrices with real, distinct eigenvalues (symmetric ones, or any whose spectrum is real);
    # eigenvectors of unit norm, as NumPy returns them.  A complex spectrum raises when the gradient
    # runs.  With F_ij = 1 / (w_j - w_i): V^-T (diag(d_w) + F * (V^T d_v - V^T V diag(V^T d_v))) V^T.
    w, v = real_eigensystem(result)
    d_w, d_v = d_result
    eye = np.diag(np.ones_like(w, shape=(np.shape(w)[-1],)))
    used = np.any(np.broadcast_to(d_v, np.shape(v)) != 0, axis=-2)
    gap = np.expand_dims(w, -2) - np.expand_dims(w, -1)
    f = inverse_gaps(gap, w, np.expand_dims(used, -2) | np.expand_dims(used, -1))
    vt = np.swapaxes(v, -1, -2)
    vt_dv = np.matmul(vt, d_v)
    inner = np.expand_dims(d_w, -2) * eye + f * (vt_dv - np.matmul(np.matmul(vt, v), vt_dv * eye))
    return np.linalg.solve(vt, np.matmul(inner, vt))


@tangent(np.linalg.eig)
def eig_tangent(result, a, *, t_a):
    # M = V^-1 t_a V: t_w = diag M, t_v = V (F * M) less each column's part along itself (unit norm).
    w, v = real_eigensystem(result)
    m = np.linalg.solve(v, np.matmul(t_a, v))
    gap = np.expand_dims(w, -2) - np.expand_dims(w, -1)
    f = inverse_gaps(gap, w, np.abs(m) > 1e-12 * np.max(np.abs(m), axis=(-2, -1), keepdims=True))
    t_v = np.matmul(v, f * m)
    return np.diagonal(m, axis1=-2, axis2=-1), t_v - v * np.sum(v * t_v, axis=-2, keepdims=True)


@array_adjoint(np.linalg.eigvals)
def eigvals(result, a, *, d_result):
    # As eig's eigenvalues: real and distinct.  V^-T diag(d_result) V^T.
    w, v = real_eigensystem(np.linalg.eig(a))
    vt = np.swapaxes(v, -1, -2)
    return np.linalg.solve(vt, np.expand_dims(d_result, -1) * vt)


@tangent(np.linalg.eigvals)
def eigvals_tangent(result, a, *, t_a):
    w, v = real_eigensystem(np.linalg.eig(a))
    return np.diagonal(np.linalg.solve(v, np.matmul(t_a, v)), axis1=-2, axis2=-1)


@array_adjoint(runtime.real_eigensystem)
def real_eigensystem_(result, value, *, d_result):
    return d_result


@array_adjoint(np.linalg.eigvalsh)
def eigvalsh(result, a, UPLO="L", *, d_result):
    # The eigenvectors of the triangle UPLO names, which the eigenvalues are those of.
    w, v = np.linalg.eigh(a, UPLO)
    return np.matmul(v * np.expand_dims(d_result, -2), np.swapaxes(v, -1, -2))


@tangent(np.linalg.eigvalsh)
def eigvalsh_tangent(result, a, UPLO="L", *, t_a):
    # diag(V^T t_a V).
    w, v = np.linalg.eigh(a, UPLO)
    return np.sum(v * np.matmul(t_a, v), axis=-2)


@array_adjoint(np.linalg.qr, requires={"mode": only("reduced", reason="the other modes' factors are not unique or "
                                                      "not returned as (q, r)")}, returns=TupleUnless("mode", "r", 1))
def qr(result, a, mode="reduced", *, d_result):
    # Reduced QR with full rank; d_result = (d_q, d_r).  Tall or square: the square formula.  Wide
    # (m < n): A = Q [R1 R2] with A1 = Q R1 square and R2 = Q^T A2, so A2 gets Q d_r2 and d_q gains
    # A2 d_r2^T before the square formula gives A1's.
    q, r = result
    d_q, d_r = np.broadcast_to(d_result[0], np.shape(q)), np.broadcast_to(d_result[1], np.shape(r))
    m = np.shape(q)[-1]
    a2, d_r2 = a[..., :, m:], d_r[..., :, m:]
    r, d_r = r[..., :, :m], d_r[..., :, :m]
    d_q = d_q + np.matmul(a2, np.swapaxes(d_r2, -1, -2))
    c = np.matmul(r, np.swapaxes(d_r, -1, -2)) - np.matmul(np.swapaxes(d_q, -1, -2), q)
    copied = np.tril(c) + np.swapaxes(np.tril(c, -1), -1, -2)
    b = d_q + np.matmul(q, copied)
    d_a1 = np.swapaxes(np.linalg.solve(r, np.swapaxes(b, -1, -2)), -1, -2)
    return np.concatenate([d_a1, np.matmul(q, d_r2)], axis=-1)


@tangent(np.linalg.qr)
def qr_tangent(result, a, mode="reduced", *, t_a):
    # X = Q^T t_a1 R1^-1 = Omega + t_r1 R1^-1 with Omega skew and t_r1 R1^-1 upper triangular; a
    # wide matrix's R2 = Q^T A2 moves by t_q^T A2 + Q^T t_a2.
    q, r = result
    m = np.shape(q)[-1]
    t_full = np.broadcast_to(t_a, np.shape(a))
    t_a1, t_a2, r1 = t_full[..., :, :m], t_full[..., :, m:], r[..., :, :m]
    b = np.swapaxes(np.linalg.solve(np.swapaxes(r1, -1, -2), np.swapaxes(t_a1, -1, -2)), -1, -2)
    x = np.matmul(np.swapaxes(q, -1, -2), b)
    lower = np.tril(x, -1)
    upper = x - lower + np.swapaxes(lower, -1, -2)
    t_q = b - np.matmul(q, upper)
    t_r2 = np.matmul(np.swapaxes(t_q, -1, -2), a[..., :, m:]) + np.matmul(np.swapaxes(q, -1, -2), t_a2)
    return t_q, np.concatenate([np.matmul(upper, r1), t_r2], axis=-1)


@array_adjoint(np.linalg.svd, returns=TupleUnless("compute_uv", False, 2))
def svd(result, a, full_matrices=True, compute_uv=True, hermitian=False, *, d_result):
    # Nonzero singular values.  The values alone: U diag(d_s) V^T.  The factors (the extra columns
    # of a full U or V of a non-square matrix are not unique: nan): the adjoint of the tangent
    # rule, U (core + diag(d_s)) V^T plus what d_u and d_v have outside U and V.  With P, Q the skew
    # parts of U^T d_u and V^T d_v, core = (P + Q) / 2 (s_j - s_i) + (P - Q) / 2 (s_j + s_i): only
    # the first is undefined at tied singular values, the second is what U V^T needs there.
    if not compute_uv:
        u, s, vh = np.linalg.svd(a, full_matrices=False)
        return np.matmul(u * np.expand_dims(d_result, -2), vh)
    u, s, vh = result
    d_u, d_s, d_vh = np.broadcast_to(d_result[0], np.shape(u)), d_result[1], np.broadcast_to(d_result[2], np.shape(vh))
    k = np.shape(s)[-1]
    if np.shape(u)[-1] != k or np.shape(vh)[-2] != k:
        # The full factors of a non-square matrix: past the k-th, U's columns (V's rows) are any
        # orthonormal completion, with no derivative: nan where a cotangent reaches them.
        extra = np.any(d_u[..., k:] != 0) | np.any(d_vh[..., k:, :] != 0)
        u, vh, d_u, d_vh = u[..., :k], vh[..., :k, :], d_u[..., :k] + np.where(extra, np.nan, 0.0), d_vh[..., :k, :]
    row, column = np.expand_dims(s, -2), np.expand_dims(s, -1)
    used = np.any(d_u != 0, axis=-2) | np.any(d_vh != 0, axis=-1)
    apart = inverse_gaps(row - column, s, np.expand_dims(used, -2) | np.expand_dims(used, -1))
    ut_du = np.matmul(np.swapaxes(u, -1, -2), d_u)
    vt_dv = np.matmul(vh, np.swapaxes(d_vh, -1, -2))
    p, q = ut_du - np.swapaxes(ut_du, -1, -2), vt_dv - np.swapaxes(vt_dv, -1, -2)
    core = 0.5 * ((p + q) * apart + (p - q) * inverse_gaps(row + column, s, False))
    left = (d_u - np.matmul(u, ut_du)) / row
    right = (d_vh - np.matmul(np.swapaxes(vt_dv, -1, -2), vh)) / column
    return np.matmul(np.matmul(u, core) + u * np.expand_dims(d_s, -2) + left, vh) + np.matmul(u, right)


@tangent(np.linalg.svd)
def svd_tangent(result, a, full_matrices=True, compute_uv=True, hermitian=False, *, t_a):
    # Nonzero singular values; P = U^T t_a V, t_s = diag(P).  The factors (reduced or square):
    # t_u = U (F * (P S + S P^T)) + (t_a V - U P) S^-1, and t_v likewise with t_a^T, F = 1 / (s_j^2 - s_i^2)
    # off the diagonal, written (P + P^T) / 2 (s_j - s_i) +- (P - P^T) / 2 (s_j + s_i): nan between
    # tied singular values only where the symmetric part mixes their vectors.
    if not compute_uv:
        u, s, vh = np.linalg.svd(a, full_matrices=False)
        return np.sum(u * np.matmul(t_a, np.swapaxes(vh, -1, -2)), axis=-2)
    full_u, s, full_vh = result
    k = np.shape(s)[-1]
    u, vh = full_u[..., :k], full_vh[..., :k, :]
    v, t_at = np.swapaxes(vh, -1, -2), np.swapaxes(t_a, -1, -2)
    p = np.matmul(np.swapaxes(u, -1, -2), np.matmul(t_a, v))
    pt = np.swapaxes(p, -1, -2)
    row, column = np.expand_dims(s, -2), np.expand_dims(s, -1)
    both, skew = p + pt, p - pt
    apart = inverse_gaps(row - column, s, np.abs(both) > 1e-12 * np.max(np.abs(p), axis=(-2, -1), keepdims=True))
    together = inverse_gaps(row + column, s, False)
    t_u = np.matmul(u, 0.5 * (both * apart + skew * together)) + (np.matmul(t_a, v) - np.matmul(u, p)) / row
    t_v = np.matmul(v, 0.5 * (both * apart - skew * together)) + (np.matmul(t_at, u) - np.matmul(v, pt)) / row
    t_vh = np.swapaxes(t_v, -1, -2)
    if np.shape(full_u)[-1] != k:       # a full U of a tall matrix: its completion has no derivative
        t_u = np.concatenate([t_u, np.full_like(full_u[..., k:], np.nan)], axis=-1)
    if np.shape(full_vh)[-2] != k:      # a full V of a wide one
        t_vh = np.concatenate([t_vh, np.full_like(full_vh[..., k:, :], np.nan)], axis=-2)
    return t_u, np.diagonal(p, 0, -2, -1), t_vh


@array_adjoint(np.linalg.svdvals)
def svdvals(result, x, *, d_result):
    # Distinct singular values: U diag(d_s) V^T.
    u, s, vh = np.linalg.svd(x, full_matrices=False)
    return np.matmul(u * np.expand_dims(d_result, -2), vh)


@tangent(np.linalg.svdvals)
def svdvals_tangent(result, x, *, t_x):
    u, s, vh = np.linalg.svd(x, full_matrices=False)
    return np.sum(u * np.matmul(t_x, np.swapaxes(vh, -1, -2)), axis=-2)

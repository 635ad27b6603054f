"""`np.linalg.lstsq` and `np.polyfit`: least-squares solutions of full rank, through the pseudo-inverse.

With P = A+ the pseudo-inverse, x = P b, r = b - A x the residuals, and a rank that stays full
(Golub & Pereyra): dx = -P dA x + P P^T dA^T r + (I - P A) dA^T P^T x + P db.  For more rows than
columns P A = I and the third term vanishes; for fewer, r = 0 and the second does.  The sums of
squared residuals |b - A x|^2 are stationary in x, so their derivative is 2 r^T (db - dA x); the
singular values' is diag(U^T dA V).  A rank-deficient matrix (lstsq's own `rank` tells) is
refused when the derivative runs (`runtime.full_rank`): there the solution jumps.
"""

import numpy as np

from .. import adjoint, deflinear, nograd, only, tangent
from ... import runtime
from ...runtime import broadcast_like, full_rank
from .family import array_adjoint


@array_adjoint(np.linalg.lstsq, returns="tuple")
def lstsq(result, a, b, rcond=None, *, d_result):
    # A 1-D b is a column; P from lstsq's own singular values (one SVD serves P and their cotangent).
    u, s, vt = np.linalg.svd(full_rank(a, int(result[2])), full_matrices=False)
    p = np.matmul(vt.T / s, u.T)
    x, g, col = result[0], d_result[0], b
    if np.ndim(b) == 1:
        x, g, col = result[0][:, None], d_result[0][:, None], b[:, None]
    r = col - np.matmul(a, x)
    pg = np.matmul(p.T, g)
    d_b = pg
    d_a = np.matmul(r, np.matmul(g.T, np.matmul(p, p.T))) - np.matmul(pg, x.T) \
        + np.matmul(np.matmul(p.T, x), g.T - np.matmul(np.matmul(g.T, p), a)) + np.matmul(u * d_result[3], vt)
    if np.size(result[1]):
        d_b = d_b + 2 * r * d_result[1]
        d_a = d_a - np.matmul(2 * r * d_result[1], x.T)
    return d_a, np.reshape(d_b, np.shape(b))


@tangent(np.linalg.lstsq)
def lstsq_tangent(result, a, b, rcond=None, *, t_a, t_b):
    # t_a enters only as a factor of `@` products and is never transposed, so that a zero t_a folds
    # away: the dA^T terms are written transposed, then transposed back.
    u, s, vt = np.linalg.svd(full_rank(a, int(result[2])), full_matrices=False)
    p = np.matmul(vt.T / s, u.T)
    x, tb, col = result[0], t_b, b
    if np.ndim(b) == 1:
        x, tb, col = result[0][:, None], np.expand_dims(t_b, -1), b[:, None]
    r = col - np.matmul(a, x)
    moved = tb - t_a @ x
    turned = r.T @ t_a @ np.matmul(p, p.T) + x.T @ p @ t_a @ (np.eye(np.shape(a)[1]) - np.matmul(p, a)).T
    t_x = np.matmul(p, moved) + np.transpose(turned)
    t_res = np.zeros_like(result[1])
    if np.size(result[1]):
        t_res = 2 * np.sum(r * moved, axis=0)
    t_s = np.sum(broadcast_like(u * (t_a @ vt.T), u), axis=0)
    return np.reshape(t_x, np.shape(result[0])), t_res, np.zeros_like(result[2]), t_s


POLYFIT = {"w": only(None, reason="weighted fits are not differentiated"),
           "full": only(False, reason="the coefficients alone (not full's diagnostics)"),
           "cov": only(False, reason="the coefficients alone (not their covariance)")}


@adjoint(np.polyfit, requires=POLYFIT, operands=("x", "y"), arrays=True)
def polyfit(result, x, y, deg, rcond=None, full=False, w=None, cov=False, *, d_result):
    # c = V+ y with V = np.vander(x, deg + 1) of full column rank (distinct x): lstsq's adjoint with
    # P V = I; V's cotangent reaches x through dV_ij = (deg - j) x_i^(deg - j - 1) dx_i.
    v = np.vander(x, deg + 1)
    p = np.linalg.pinv(full_rank(v, np.linalg.matrix_rank(v)))
    c, g = result, d_result
    if np.ndim(y) == 1:
        c, g = result[:, None], d_result[:, None]
    pg = np.matmul(p.T, g)
    r = np.reshape(y, np.shape(pg)) - np.matmul(v, c)
    d_v = np.matmul(r, np.matmul(g.T, np.matmul(p, p.T))) - np.matmul(pg, c.T)
    powers = np.arange(deg, -1, -1)
    slopes = powers * np.expand_dims(x, -1) ** np.maximum(powers - 1, 0)
    return np.sum(d_v * slopes, axis=1), np.reshape(pg, np.shape(y))


@tangent(np.polyfit)
def polyfit_tangent(result, x, y, deg, rcond=None, full=False, w=None, cov=False, *, t_x, t_y):
    v = np.vander(x, deg + 1)
    p = np.linalg.pinv(full_rank(v, np.linalg.matrix_rank(v)))
    c, ty, col = result, t_y, y
    if np.ndim(y) == 1:
        c, ty, col = result[:, None], np.expand_dims(t_y, -1), y[:, None]
    r = col - np.matmul(v, c)
    powers = np.arange(deg, -1, -1)
    slopes = powers * np.expand_dims(x, -1) ** np.maximum(powers - 1, 0)
    t_v = slopes * np.expand_dims(t_x, -1)
    t_c = np.matmul(p, ty - t_v @ c) + np.matmul(np.matmul(p, p.T), np.matmul(np.transpose(t_v), r))
    return np.reshape(t_c, np.shape(result))


@adjoint(np.vander, operands=("x",), arrays=True)
def vander(result, x, N=None, increasing=False, *, d_result):
    # Column j is x ** k_j; its derivative k_j x ** (k_j - 1).
    powers = np.arange(np.shape(result)[1])
    if not increasing:
        powers = powers[::-1]
    return np.sum(d_result * powers * np.expand_dims(x, -1) ** np.maximum(powers - 1, 0), axis=1)


@tangent(np.vander)
def vander_tangent(result, x, N=None, increasing=False, *, t_x):
    powers = np.arange(np.shape(result)[1])
    if not increasing:
        powers = powers[::-1]
    return powers * np.expand_dims(x, -1) ** np.maximum(powers - 1, 0) * np.expand_dims(t_x, -1)


@adjoint(runtime.full_rank, operands=("a",))
def full_rank_(result, a, rank, *, d_result):
    return d_result


deflinear(runtime.full_rank)
nograd(np.linalg.matrix_rank)

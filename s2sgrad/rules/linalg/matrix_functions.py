"""`np.linalg` pseudo-inverses, matrix powers and matrix norms."""

import numpy as np

from .. import tangent
from .family import array_adjoint


@array_adjoint(np.linalg.pinv)
def pinv(result, a, rcond=None, hermitian=False, *, rtol=None, d_result):
    # Constant rank (Golub & Pereyra): -P^T G P^T + (I - A P) G^T P P^T + P^T P G^T (I - P A).
    p, pt, gt = result, np.swapaxes(result, -1, -2), np.swapaxes(d_result, -1, -2)
    first = -np.matmul(pt, np.matmul(d_result, pt))
    left = np.matmul(gt, np.matmul(p, pt))
    right = np.matmul(np.matmul(pt, p), gt)
    return first + left - np.matmul(a, np.matmul(p, left)) + right - np.matmul(np.matmul(right, p), a)


@tangent(np.linalg.pinv)
def pinv_tangent(result, a, rcond=None, hermitian=False, *, rtol=None, t_a):
    # Constant rank: -P t_a P + P P^T t_a^T (I - A P) + (I - P A) t_a^T P^T P.
    p, pt, t_at = result, np.swapaxes(result, -1, -2), np.swapaxes(t_a, -1, -2)
    left = np.matmul(np.matmul(p, pt), t_at)
    right = np.matmul(t_at, np.matmul(pt, p))
    return -np.matmul(p, np.matmul(t_a, p)) + left - np.matmul(left, np.matmul(a, p)) + right \
        - np.matmul(np.matmul(p, a), right)


@array_adjoint(np.linalg.matrix_power)
def matrix_power(result, a, n, *, d_result):
    # B^|n| with B = A, or A^-1 for n < 0: the sum over k of (B^T)^k G (B^T)^(|n|-1-k), then, for
    # n < 0, through the inverse.
    base = a
    if n < 0:
        base = np.linalg.inv(a)
    bt = np.swapaxes(base, -1, -2)
    grad = np.zeros_like(d_result)
    for k in range(abs(n)):
        grad = grad + np.matmul(np.linalg.matrix_power(bt, k),
                                np.matmul(d_result, np.linalg.matrix_power(bt, abs(n) - 1 - k)))
    if n < 0:
        return -np.matmul(bt, np.matmul(grad, bt)), None
    return grad, None


@tangent(np.linalg.matrix_power)
def matrix_power_tangent(result, a, n, *, t_a):
    # B^|n| with B = A, or A^-1 for n < 0 (whose tangent is -B t_a B): the sum over k of
    # B^k t_B B^(|n|-1-k).
    base, t_base = a, t_a
    if n < 0:
        base = np.linalg.inv(a)
        t_base = -np.matmul(base, np.matmul(t_a, base))
    total = np.zeros_like(result)
    for k in range(abs(n)):
        total = total + np.matmul(np.linalg.matrix_power(base, k),
                                  np.matmul(t_base, np.linalg.matrix_power(base, abs(n) - 1 - k)))
    return total


@array_adjoint(np.linalg.matrix_norm)
def matrix_norm(result, x, keepdims=False, ord="fro", *, d_result):
    # Every order, over the last two axes, as np.linalg.norm: 0 at 0, ties shared, 2, -2 and
    # 'nuc' through the singular vectors.
    g, r = d_result, result
    if not keepdims:
        g, r = np.expand_dims(d_result, (-1, -2)), np.expand_dims(result, (-1, -2))
    if ord == "fro":
        return g * x / np.where(r == 0, 1, r)
    if ord == "nuc":
        u, s, vh = np.linalg.svd(x, full_matrices=False)
        return g * np.matmul(u, vh)
    if ord == 2:
        u, s, vh = np.linalg.svd(x, full_matrices=False)
        return g * np.matmul(u[..., :1], vh[..., :1, :])
    if ord == -2:
        u, s, vh = np.linalg.svd(x, full_matrices=False)
        return g * np.matmul(u[..., -1:], vh[..., -1:, :])
    if ord == 1 or ord == -1:
        mask = np.sum(np.abs(x), axis=-2, keepdims=True) == r
    else:
        mask = np.sum(np.abs(x), axis=-1, keepdims=True) == r
    return g * np.sign(x) * mask / np.sum(mask, axis=(-2, -1), keepdims=True, dtype=np.result_type(x))


@tangent(np.linalg.matrix_norm)
def matrix_norm_tangent(result, x, keepdims=False, ord="fro", *, t_x):
    if ord == "fro":
        return np.sum(x * t_x, axis=(-2, -1), keepdims=keepdims) / np.where(result == 0, 1, result)
    if ord == "nuc":
        u, s, vh = np.linalg.svd(x, full_matrices=False)
        return np.sum(np.matmul(u, vh) * t_x, axis=(-2, -1), keepdims=keepdims)
    if ord == 2:
        u, s, vh = np.linalg.svd(x, full_matrices=False)
        return np.sum(np.matmul(u[..., :1], vh[..., :1, :]) * t_x, axis=(-2, -1), keepdims=keepdims)
    if ord == -2:
        u, s, vh = np.linalg.svd(x, full_matrices=False)
        return np.sum(np.matmul(u[..., -1:], vh[..., -1:, :]) * t_x, axis=(-2, -1), keepdims=keepdims)
    r = result
    if not keepdims:
        r = np.expand_dims(result, (-1, -2))
    if ord == 1 or ord == -1:
        mask = np.sum(np.abs(x), axis=-2, keepdims=True) == r
    else:
        mask = np.sum(np.abs(x), axis=-1, keepdims=True) == r
    count = np.sum(mask, axis=(-2, -1), keepdims=keepdims, dtype=np.result_type(x))
    return np.sum(np.sign(x) * mask * t_x, axis=(-2, -1), keepdims=keepdims) / count

"""float32 inputs through scientific code: the gradient must come back float32 and right; mixed
float32/float64 constants, integer arrays mixed in, Python ints, booleans as weights."""
import math

import numpy as np

_F = np.array([0.5, -0.3, 1.2, 0.8], dtype=np.float32)
_M = np.array([[1.0, 0.2], [0.3, 1.5], [-0.4, 0.6]], dtype=np.float32)


def f32_heat(u0):
    u = u0.copy()
    for _ in range(5):
        u[1:-1] += 0.2 * (u[2:] - 2 * u[1:-1] + u[:-2])
    return np.sum(u ** 2)


def f32_rk4(y0):
    y = y0
    h = np.float32(0.1)
    for _ in range(5):
        k1 = -y ** 3
        k2 = -(y + h / 2 * k1) ** 3
        k3 = -(y + h / 2 * k2) ** 3
        k4 = -(y + h * k3) ** 3
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return np.sum(y)


def f32_softmax_xent(z):
    z = z - z.max()
    p = np.exp(z) / np.exp(z).sum()
    return -np.log(p[2])


def f32_matmul_tanh(W):
    x = np.array([1.0, -1.0], dtype=np.float32)
    h = np.tanh(W @ x)
    return np.sum(h ** 2)


def f32_with_f64_constant(x):
    c = np.array([1.0, 2.0, 3.0, 4.0])
    return np.sum(x.astype(np.float64) * c)


def f32_python_float_mix(x):
    return np.sum(x * 0.5 + 1e-3 * x ** 2) + math.pi * x[0]


def f32_int_array_weights(x):
    w = np.array([1, 2, 3, 4])
    return np.sum(w * x ** 2)


def f32_bool_weights(x):
    mask = x > 0
    return np.sum(mask * x ** 2) + np.sum(x[mask])


def f32_huber(x):
    a = np.abs(x)
    return np.sum(np.where(a < 1.0, 0.5 * x * x, a - 0.5))


def f32_norm_normalize(M):
    n = np.linalg.norm(M, axis=1, keepdims=True)
    return np.sum((M / n) @ np.array([1.0, 2.0], dtype=np.float32))


def f32_inplace_column(M):
    A = M.copy()
    A[:, 0] *= 2
    A[0] += 1
    return np.sum(A ** 2)


def f32_lse(x):
    m = np.max(x)
    return m + np.log(np.sum(np.exp(x - m)))


def f32_cumsum_diff(x):
    return np.sum(np.cumsum(x) ** 2) + np.sum(np.diff(x) ** 2)


def f32_einsum(M):
    return np.einsum("ij,ij->", M, M) + np.einsum("ij->j", M) @ np.ones(2, dtype=np.float32)


def f32_solve(M):
    A = M.T @ M + np.eye(2, dtype=np.float32)
    return np.sum(np.linalg.solve(A, np.ones(2, dtype=np.float32)))


def f32_scalar_loop(x):
    s = 0.0
    for v in x:
        s += v * v
    return s


def f32_list_stack(x):
    rows = [x, x * 2, np.sin(x)]
    return np.sum(np.stack(rows) ** 2)


def f32_where_mask(x):
    return np.sum(np.where(x > 0.6, x ** 3, -x))


def f32_sqrt_eps(x):
    return np.sum(np.sqrt(x ** 2 + 1e-6))


def f32_mean_var(x):
    return np.var(x) + np.mean(x) ** 2


def f32_clip_grad_norm(x):
    g = 2 * x
    n = np.linalg.norm(g)
    g = g * min(1.0, 1.0 / n)
    return np.sum((x - 0.1 * g) ** 2)


def f32_leapfrog(q):
    p = np.zeros_like(q)
    for _ in range(4):
        p = p - 0.05 * q
        q = q + 0.1 * p
        p = p - 0.05 * q
    return np.sum(q ** 2 + p ** 2)


def f32_pairwise(M):
    d = M[:, None, :] - M[None, :, :]
    return np.sum(np.sqrt(np.sum(d ** 2, -1) + 1e-3))


def f32_dot_1d(x):
    y = np.arange(4, dtype=np.float32)
    return x @ y + x @ x


CASES = [dict(f=f, args=(a,), tol=1e-3) for f, a in [
    (f32_heat, _F), (f32_rk4, _F), (f32_softmax_xent, _F), (f32_matmul_tanh, _M), (f32_with_f64_constant, _F),
    (f32_python_float_mix, _F), (f32_int_array_weights, _F), (f32_bool_weights, _F), (f32_huber, _F * np.float32(2.1)),
    (f32_norm_normalize, _M), (f32_inplace_column, _M), (f32_lse, _F), (f32_cumsum_diff, _F), (f32_einsum, _M),
    (f32_solve, _M), (f32_scalar_loop, _F), (f32_list_stack, _F), (f32_where_mask, _F), (f32_sqrt_eps, _F),
    (f32_mean_var, _F), (f32_clip_grad_norm, _F), (f32_leapfrog, _F), (f32_pairwise, _M), (f32_dot_1d, _F),
]]

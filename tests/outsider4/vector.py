"""Vector outputs (Jacobians by both modes, vjp, jvp) through loops, stores and containers."""

import numpy as np

rng = np.random.default_rng(7)


def softmax_vec(z):
    e = np.exp(z - np.max(z))
    return e / np.sum(e)


def cumsum_store(x):
    out = np.zeros_like(x)
    out[0] = x[0]
    for i in range(1, len(x)):
        out[i] = out[i - 1] * 0.5 + x[i] ** 2
    return out


def heat_vec(u0, alpha):
    u = u0.copy()
    for _ in range(5):
        u[1:-1] += alpha * (u[2:] - 2 * u[1:-1] + u[:-2])
    return u


def matvec_tanh(W, x):
    return np.tanh(W @ x)


def rk4_state(y0, k):
    def f(y):
        return np.array([y[1], -k * y[0] - 0.1 * y[1]])
    y = y0
    h = 0.1
    for _ in range(10):
        a = f(y)
        b = f(y + h / 2 * a)
        c = f(y + h / 2 * b)
        d = f(y + h * c)
        y = y + h / 6 * (a + 2 * b + 2 * c + d)
    return y


def newton_vec(a):
    x = np.ones_like(a)
    for _ in range(25):
        x = x - (x * x - a) / (2 * x)
    return x


def sort_vec(x):
    return np.sort(x) * np.arange(1, len(x) + 1)


def where_vec(x):
    return np.where(x > 0, x ** 2, np.sin(x))


def stack_rows(x):
    rows = [x * k for k in range(3)]
    return np.stack(rows).ravel()


def mask_store_vec(x):
    y = x.copy()
    y[y < 0] = 0.0
    y[0] = y[1] * y[2]
    return y


def solve_vec(A, b):
    return np.linalg.solve(A @ A.T + np.eye(len(b)), b)


def outer_vec(a, b):
    return np.outer(a, b).ravel()


def matrix_out(X):
    return X @ X.T


def concat_vec(a, b):
    return np.concatenate([a * 2, np.sin(b), a[:1] * b[-1:]])


def while_vec(x):
    y = x.copy()
    n = 0
    while np.max(np.abs(y)) > 0.1 and n < 50:
        y = y * 0.7 + 0.01 * np.sin(y)
        n += 1
    return y


def reverse_vec(x):
    return x[::-1] * np.cumsum(x)


def clip_vec(x):
    return np.clip(x, -0.5, 0.5) * x


def dict_out_sum(p):
    return p["a"] * p["b"] + p["b"] ** 2


def reshape_transpose(x):
    return (x.reshape(2, 3).T * np.array([1.0, 2.0])).ravel()


def conv_vec(x, w):
    n = len(x) - len(w) + 1
    out = np.empty(n)
    for i in range(n):
        out[i] = x[i:i + len(w)] @ w
    return out


def gather_repeat(x):
    idx = np.array([0, 2, 2, 1])
    return x[idx] * x[idx[::-1]]


def float32_vec(x):
    return np.exp(x) * x


def zero_d_vec(a, x):
    return x * np.exp(a)


def logsumexp_rows(X):
    m = X.max(axis=1, keepdims=True)
    return (m + np.log(np.exp(X - m).sum(axis=1, keepdims=True))).ravel()


def norm_rows(X):
    return X / np.linalg.norm(X, axis=1, keepdims=True)


def recursion_vec(x, n=3):
    if n == 0:
        return x
    return recursion_vec(np.sin(x) * x, n - 1)


def scalar_in_vec_out(t):
    return np.array([np.cos(t), np.sin(t), t * t])


x5 = rng.standard_normal(5)
CASES = [dict(out="vector", **c) for c in [
    dict(f=softmax_vec, args=(x5,), wrt=0),
    dict(f=cumsum_store, args=(x5,), wrt=0),
    dict(f=heat_vec, args=(x5, 0.2), wrt=(0, 1)),
    dict(f=matvec_tanh, args=(rng.standard_normal((3, 5)), x5), wrt=(0, 1)),
    dict(f=rk4_state, args=(np.array([1.0, 0.0]), 2.0), wrt=(0, 1)),
    dict(f=newton_vec, args=(np.abs(x5) + 0.5,), wrt=0),
    dict(f=sort_vec, args=(x5,), wrt=0),
    dict(f=where_vec, args=(x5,), wrt=0),
    dict(f=stack_rows, args=(x5,), wrt=0),
    dict(f=mask_store_vec, args=(x5,), wrt=0),
    dict(f=solve_vec, args=(rng.standard_normal((3, 3)), x5[:3]), wrt=(0, 1)),
    dict(f=outer_vec, args=(x5[:3], x5[3:]), wrt=(0, 1)),
    dict(f=matrix_out, args=(rng.standard_normal((3, 2)),), wrt=0),
    dict(f=concat_vec, args=(x5[:2], x5[2:]), wrt=(0, 1)),
    dict(f=while_vec, args=(x5,), wrt=0),
    dict(f=reverse_vec, args=(x5,), wrt=0),
    dict(f=clip_vec, args=(x5,), wrt=0),
    dict(f=dict_out_sum, args=({"a": x5[:3], "b": x5[2:]},), wrt=0),
    dict(f=reshape_transpose, args=(rng.standard_normal(6),), wrt=0),
    dict(f=conv_vec, args=(x5, np.array([0.5, -0.3])), wrt=(0, 1)),
    dict(f=gather_repeat, args=(x5[:3],), wrt=0),
    dict(f=float32_vec, args=(x5.astype(np.float32),), wrt=0, tol=1e-3),
    dict(f=zero_d_vec, args=(np.array(0.3), x5), wrt=(0, 1)),
    dict(f=logsumexp_rows, args=(rng.standard_normal((3, 4)),), wrt=0),
    dict(f=norm_rows, args=(rng.standard_normal((3, 2)),), wrt=0),
    dict(f=recursion_vec, args=(x5,), wrt=0),
    dict(f=scalar_in_vec_out, args=(0.7,), wrt=0),
]]

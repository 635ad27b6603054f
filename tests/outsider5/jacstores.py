"""Vector outputs of programs that overwrite arrays in place (the reverse-mode Jacobian replays
its adjoint sweep once per output on a copy of the tape): stencils, prefix scans, sorting
networks, Gauss-Seidel sweeps, dict and list states, early exits."""

import numpy as np

rng = np.random.default_rng(15)


def gauss_seidel(A, b, sweeps=3):
    n = len(b)
    x = np.zeros(n)
    for _ in range(sweeps):
        for i in range(n):
            x[i] = (b[i] - A[i, :i] @ x[:i] - A[i, i + 1:] @ x[i + 1:]) / A[i, i]
    return x


def prefix_scan(x, a):
    y = x.copy()
    for i in range(1, len(y)):
        y[i] = a * y[i - 1] + y[i]
    return y


def bubble_pass(x):
    y = x * 1.0
    for i in range(len(y) - 1):
        lo = np.minimum(y[i], y[i + 1])
        hi = np.maximum(y[i], y[i + 1])
        y[i] = lo
        y[i + 1] = hi
    return y


def stencil_overwrite(u, c):
    u = u.copy()
    for _ in range(3):
        left = u[:-2].copy()
        u[1:-1] = u[1:-1] + c * (left - u[1:-1])
        u[0] = u[-1]
    return u


def dict_state(x):
    s = {"a": x[0], "b": x[1]}
    out = np.zeros(4)
    for t in range(4):
        s["a"], s["b"] = s["b"], s["a"] * 0.5 + s["b"] ** 2
        out[t] = s["a"]
    return out


def list_state_overwrite(x):
    buf = [x[0], x[1], x[2]]
    for t in range(3):
        buf[t % 3] = buf[(t + 1) % 3] * buf[(t + 2) % 3]
    return np.array(buf)


def masked_clip_updates(x):
    y = x * 2.0
    y[y > 1.0] = 1.0 + 0.1 * y[y > 1.0]
    y[y < -1.0] *= 0.5
    return y


def early_exit_fill(x):
    y = np.zeros(5)
    for i in range(5):
        y[i] = x[i] ** 2
        if np.sum(y) > 2.0:
            break
    return y


def matrix_rows_rewrite(M):
    A = M.copy()
    for i in range(A.shape[0]):
        A[i] = A[i] / np.linalg.norm(A[i])
        if i > 0:
            A[i] = A[i] - (A[i] @ A[i - 1]) * A[i - 1]
    return A.ravel()


def cumulative_max_loop(x):
    y = x.copy()
    for i in range(1, len(y)):
        if y[i] < y[i - 1]:
            y[i] = y[i - 1]
    return y * x


CASES = [
    dict(f=gauss_seidel, args=(rng.standard_normal((3, 3)) + 4 * np.eye(3), rng.standard_normal(3)),
         wrt=(0, 1), out="vector"),
    dict(f=prefix_scan, args=(rng.standard_normal(5), 0.7), wrt=(0, 1), out="vector"),
    dict(f=bubble_pass, args=(np.array([0.5, -0.3, 1.2, 0.1]),), wrt=0, out="vector"),
    dict(f=stencil_overwrite, args=(rng.standard_normal(6), 0.3), wrt=(0, 1), out="vector"),
    dict(f=dict_state, args=(np.array([0.4, 0.7]),), wrt=0, out="vector"),
    dict(f=list_state_overwrite, args=(np.array([0.4, 0.7, -1.1]),), wrt=0, out="vector"),
    dict(f=masked_clip_updates, args=(np.array([0.3, 0.8, -0.9, -0.2, 0.05]),), wrt=0, out="vector"),
    dict(f=early_exit_fill, args=(np.array([0.5, 0.9, 0.7, 1.1, 0.2]),), wrt=0, out="vector"),
    dict(f=matrix_rows_rewrite, args=(rng.standard_normal((3, 3)),), wrt=0, out="vector"),
    dict(f=cumulative_max_loop, args=(np.array([0.5, 0.2, 0.9, -0.4, 1.3]),), wrt=0, out="vector"),
]

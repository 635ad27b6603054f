"""Linear algebra as people use it: least squares by lstsq/pinv/qr/svd/normal equations,
polynomial fits, projections, matrix functions, Procrustes, PCA by hand."""

import numpy as np

rng = np.random.default_rng(7)


def lstsq_residual(A, b):
    x, res, rank, sv = np.linalg.lstsq(A, b, rcond=None)
    return np.sum((A @ x - b) ** 2) + np.sum(x ** 2)


def lstsq_solution(A, b):
    x = np.linalg.lstsq(A, b, rcond=None)[0]
    return np.sum(x ** 2)


def pinv_solution(A, b):
    x = np.linalg.pinv(A) @ b
    return np.sum(x ** 2)


def qr_solve(A, b):
    Q, R = np.linalg.qr(A)
    x = np.linalg.solve(R, Q.T @ b)
    return np.sum(x * np.arange(1.0, len(x) + 1))


def svd_truncated(A, k=2):
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    Ak = U[:, :k] @ np.diag(s[:k]) @ Vt[:k]
    return np.sum((A - Ak) ** 2)


def svd_nuclear(A):
    return np.sum(np.linalg.svd(A, compute_uv=False))


def normal_equations(A, b):
    x = np.linalg.solve(A.T @ A, A.T @ b)
    return np.sum(x ** 2)


def polyfit_coef(x, y):
    c = np.polyfit(x, y, 2)
    return np.sum(c ** 2)


def projection(A, v):
    P = A @ np.linalg.inv(A.T @ A) @ A.T
    return v @ P @ v


def procrustes(A, B):
    U, s, Vt = np.linalg.svd(A.T @ B)
    R = U @ Vt
    return np.sum((A @ R - B) ** 2)


def pca_by_hand(X):
    Xc = X - X.mean(axis=0)
    C = Xc.T @ Xc / (len(X) - 1)
    w, V = np.linalg.eigh(C)
    return w[-1] + np.sum(np.abs(Xc @ V[:, -1]))


def power_iteration(A, iters=50):
    v = np.ones(A.shape[0]) / np.sqrt(A.shape[0])
    for _ in range(iters):
        v = A @ v
        v = v / np.linalg.norm(v)
    return v @ A @ v


def matrix_exp_series(A, terms=12):
    E = np.eye(A.shape[0])
    T = np.eye(A.shape[0])
    for k in range(1, terms):
        T = T @ A / k
        E = E + T
    return np.trace(E)


def logdet_cholesky(A):
    S = A @ A.T + np.eye(A.shape[0])
    L = np.linalg.cholesky(S)
    return 2 * np.sum(np.log(np.diagonal(L)))


def det_inv_mix(A):
    return np.linalg.det(A) * np.sum(np.linalg.inv(A))


def triangular_solve(L, b):
    n = len(b)
    x = np.zeros(n)
    for i in range(n):
        x[i] = (b[i] - L[i, :i] @ x[:i]) / L[i, i]
    return np.sum(x ** 2)


def gram_schmidt(A):
    Q = np.zeros_like(A)
    for j in range(A.shape[1]):
        v = A[:, j]
        for i in range(j):
            v = v - (Q[:, i] @ A[:, j]) * Q[:, i]
        Q[:, j] = v / np.linalg.norm(v)
    return np.sum(Q * np.arange(Q.size).reshape(Q.shape))


def conj_gradient(A, b, iters=10):
    M = A @ A.T + np.eye(len(b))
    x = np.zeros_like(b)
    r = b - M @ x
    p = r.copy()
    for _ in range(iters):
        if np.sqrt(r @ r) < 1e-12:
            break
        Ap = M @ p
        alpha = (r @ r) / (p @ Ap)
        x = x + alpha * p
        r_new = r - alpha * Ap
        beta = (r_new @ r_new) / (r @ r)
        p = r_new + beta * p
        r = r_new
    return np.sum(x ** 2)


def matrix_power_loss(A):
    return np.sum(np.linalg.matrix_power(A, 3))


def kron_trace(A, B):
    return np.trace(np.kron(A, B) @ np.kron(B, A))


def einsum_bilinear(x, W, y):
    return np.einsum("i,ij,j->", x, W, y)


def batched_solve(A, b):
    x = np.linalg.solve(A, b[..., None])[..., 0]
    return np.sum(x ** 2)


def norm_fro_axis(A):
    return np.linalg.norm(A, "fro") + np.sum(np.linalg.norm(A, axis=0)) + np.linalg.norm(A, 2)


def cond_number(A):
    s = np.linalg.svd(A, compute_uv=False)
    return s[0] / s[-1]


def outer_update(A, u, v):
    B = A + np.outer(u, v)
    return np.linalg.slogdet(B)[1]


A43 = rng.standard_normal((4, 3))
b4 = rng.standard_normal(4)
SQ = rng.standard_normal((3, 3)) + 3 * np.eye(3)

CASES = [
    dict(f=lstsq_residual, args=(A43, b4), wrt=0, alt=1),
    dict(f=lstsq_solution, args=(A43, b4), wrt=0, alt=1),
    dict(f=pinv_solution, args=(A43, b4), wrt=0, alt=1),
    dict(f=qr_solve, args=(A43, b4), wrt=0, alt=1),
    dict(f=svd_truncated, args=(rng.standard_normal((4, 3)),), wrt=0),
    dict(f=svd_nuclear, args=(rng.standard_normal((4, 3)),), wrt=0),
    dict(f=normal_equations, args=(A43, b4), wrt=0, alt=1),
    dict(f=polyfit_coef, args=(np.linspace(0, 1, 5), rng.standard_normal(5)), wrt=1, alt=0),
    dict(f=projection, args=(A43, b4), wrt=0, alt=1),
    dict(f=procrustes, args=(rng.standard_normal((4, 3)), rng.standard_normal((4, 3))), wrt=1, alt=0),
    dict(f=pca_by_hand, args=(rng.standard_normal((6, 3)),), wrt=0),
    dict(f=power_iteration, args=(SQ @ SQ.T,), wrt=0, tol=1e-4),
    dict(f=matrix_exp_series, args=(rng.standard_normal((3, 3)) * 0.3,), wrt=0),
    dict(f=logdet_cholesky, args=(rng.standard_normal((3, 3)),), wrt=0),
    dict(f=det_inv_mix, args=(SQ,), wrt=0),
    dict(f=triangular_solve, args=(np.tril(SQ), rng.standard_normal(3)), wrt=0, alt=1),
    dict(f=gram_schmidt, args=(rng.standard_normal((3, 3)),), wrt=0),
    dict(f=conj_gradient, args=(rng.standard_normal((3, 3)), rng.standard_normal(3)), wrt=0, alt=1, tol=1e-4),
    dict(f=matrix_power_loss, args=(rng.standard_normal((3, 3)) * 0.5,), wrt=0),
    dict(f=kron_trace, args=(rng.standard_normal((2, 2)), rng.standard_normal((2, 2))), wrt=0, alt=(0, 1)),
    dict(f=einsum_bilinear, args=(rng.standard_normal(3), rng.standard_normal((3, 2)), rng.standard_normal(2)),
         wrt=1, alt=(0, 2)),
    dict(f=batched_solve, args=(rng.standard_normal((2, 3, 3)) + 3 * np.eye(3), rng.standard_normal((2, 3))),
         wrt=0, alt=1),
    dict(f=norm_fro_axis, args=(rng.standard_normal((3, 2)),), wrt=0),
    dict(f=cond_number, args=(rng.standard_normal((4, 3)),), wrt=0),
    dict(f=outer_update, args=(SQ, rng.standard_normal(3), rng.standard_normal(3)), wrt=(1, 2), alt=0),
]

"""Linear algebra as people write it: solves, factorizations, einsum, outer, kron."""

import numpy as np

rng = np.random.default_rng(4)


def spd(A):
    return A @ A.T + 3.0 * np.eye(A.shape[0])


def solve_quad(A, b):
    x = np.linalg.solve(spd(A), b)
    return np.dot(b, x)


def solve_matrix_rhs(A, B):
    X = np.linalg.solve(A, B)
    return np.sum(X ** 2)


def inv_trace(A):
    return np.trace(np.linalg.inv(spd(A)))


def det_loss(A):
    return np.linalg.det(A) ** 2


def slogdet_gauss(L, x):
    S = spd(L)
    sign, logdet = np.linalg.slogdet(S)
    return 0.5 * logdet + 0.5 * x @ np.linalg.solve(S, x)


def cholesky_logdet(A):
    L = np.linalg.cholesky(spd(A))
    return 2 * np.sum(np.log(np.diag(L)))


def cholesky_solve(A, b):
    L = np.linalg.cholesky(spd(A))
    z = np.linalg.solve(L, b)
    return np.sum(z ** 2)


def eigh_top(A):
    w, V = np.linalg.eigh(spd(A))
    return w[-1] + np.sum(V[:, -1] ** 4)


def eigvalsh_sum(A):
    return np.sum(np.linalg.eigvalsh(spd(A)) ** 2)


def einsum_bilinear(x, M, y):
    return np.einsum("i,ij,j->", x, M, y)


def einsum_trace(A, B):
    return np.einsum("ij,ji->", A, B)


def einsum_outer_sum(a, b):
    return np.sum(np.einsum("i,j->ij", a, b) ** 2)


def outer_loss(a, b):
    return np.sum(np.tanh(np.outer(a, b)))


def kron_loss(A, B):
    K = np.kron(A, B)
    return np.sum(K ** 2) + np.trace(K)


def gram_schmidt(A):
    n = A.shape[1]
    Q = np.zeros_like(A)
    for j in range(n):
        v = A[:, j].copy()
        for i in range(j):
            v = v - np.dot(Q[:, i], A[:, j]) * Q[:, i]
        Q[:, j] = v / np.linalg.norm(v)
    return np.sum(Q * np.arange(A.size).reshape(A.shape))


def power_iteration(A):
    S = spd(A)
    v = np.ones(S.shape[0]) / np.sqrt(S.shape[0])
    for _ in range(200):
        v = S @ v
        v = v / np.linalg.norm(v)
    return v @ S @ v


def lstsq_normal(X, y):
    w = np.linalg.solve(X.T @ X + 0.1 * np.eye(X.shape[1]), X.T @ y)
    return np.sum((X @ w - y) ** 2)


def qr_loss(A):
    Q, R = np.linalg.qr(A)
    return np.sum(np.abs(np.diag(R))) + np.sum(Q[:, 0] ** 3)


def svd_nuclear(A):
    s = np.linalg.svd(A, compute_uv=False)
    return np.sum(s)


def matrix_power_loss(A):
    return np.sum(np.linalg.matrix_power(A, 3))


def mahalanobis(x, mu, P):
    d = x - mu
    return d @ P @ d


def cross_product(a, b):
    return np.sum(np.cross(a, b) ** 2)


def triu_tril(A):
    return np.sum(np.triu(A, 1) ** 2) - np.sum(np.tril(A) * A.T)


def inv_vector_out(A):
    return np.linalg.inv(spd(A)).ravel()


def solve_vector_out(A, b):
    return np.linalg.solve(spd(A), b)


def multi_dot_loss(A, B, c):
    return np.sum(np.linalg.multi_dot([A, B, c]))


def pinv_loss(A):
    return np.sum(np.linalg.pinv(A) ** 2)


def norm_fro_2(A):
    return np.linalg.norm(A) + np.linalg.norm(A, 2)


def tensordot_loss(A, B):
    return np.sum(np.tensordot(A, B, axes=([1], [0])) ** 2)


def rotation_matrix(theta, v):
    R = np.eye(2)
    R[0, 0] = np.cos(theta)
    R[0, 1] = -np.sin(theta)
    R[1, 0] = np.sin(theta)
    R[1, 1] = np.cos(theta)
    return np.sum((R @ v) * np.array([1.0, 2.0]))


def diag_ops(A, d):
    return np.sum(np.diag(d) @ A) + np.sum(np.diag(A) ** 2) + np.trace(A @ A)


def cg_solve(A, b):
    S = spd(A)
    x = np.zeros_like(b)
    r = b - S @ x
    p = r.copy()
    rs = r @ r
    for _ in range(len(b)):
        Ap = S @ p
        alpha = rs / (p @ Ap)
        x = x + alpha * p
        r = r - alpha * Ap
        rs_new = r @ r
        p = r + (rs_new / rs) * p
        rs = rs_new
    return np.sum(x * np.arange(1, len(b) + 1))


A3 = rng.standard_normal((3, 3))
CASES = [
    dict(f=solve_quad, args=(A3, rng.standard_normal(3)), wrt=0, alt=1),
    dict(f=solve_matrix_rhs, args=(A3 + 3 * np.eye(3), rng.standard_normal((3, 2))), wrt=(0, 1)),
    dict(f=inv_trace, args=(A3,), wrt=0),
    dict(f=det_loss, args=(A3,), wrt=0),
    dict(f=slogdet_gauss, args=(A3, rng.standard_normal(3)), wrt=0, alt=1),
    dict(f=cholesky_logdet, args=(A3,), wrt=0),
    dict(f=cholesky_solve, args=(A3, rng.standard_normal(3)), wrt=0, alt=1),
    dict(f=eigh_top, args=(A3,), wrt=0, tol=1e-4),
    dict(f=eigvalsh_sum, args=(A3,), wrt=0),
    dict(f=einsum_bilinear, args=(rng.standard_normal(3), A3, rng.standard_normal(3)), wrt=(0, 1, 2)),
    dict(f=einsum_trace, args=(A3, rng.standard_normal((3, 3))), wrt=(0, 1)),
    dict(f=einsum_outer_sum, args=(rng.standard_normal(3), rng.standard_normal(2)), wrt=(0, 1)),
    dict(f=outer_loss, args=(rng.standard_normal(3), rng.standard_normal(2)), wrt=(0, 1)),
    dict(f=kron_loss, args=(rng.standard_normal((2, 2)), rng.standard_normal((2, 2))), wrt=(0, 1)),
    dict(f=gram_schmidt, args=(rng.standard_normal((4, 3)),), wrt=0),
    dict(f=power_iteration, args=(A3,), wrt=0, tol=1e-4),
    dict(f=lstsq_normal, args=(rng.standard_normal((6, 3)), rng.standard_normal(6)), wrt=(0, 1)),
    dict(f=qr_loss, args=(rng.standard_normal((4, 3)),), wrt=0),
    dict(f=svd_nuclear, args=(rng.standard_normal((3, 4)),), wrt=0),
    dict(f=matrix_power_loss, args=(A3,), wrt=0),
    dict(f=mahalanobis, args=(rng.standard_normal(3), rng.standard_normal(3), spd(A3)), wrt=(0, 1, 2)),
    dict(f=cross_product, args=(rng.standard_normal(3), rng.standard_normal(3)), wrt=(0, 1)),
    dict(f=triu_tril, args=(A3,), wrt=0),
    dict(f=inv_vector_out, args=(A3,), wrt=0, out="vector"),
    dict(f=solve_vector_out, args=(A3, rng.standard_normal(3)), wrt=(0, 1), out="vector"),
    dict(f=multi_dot_loss, args=(A3, rng.standard_normal((3, 2)), rng.standard_normal(2)), wrt=(0, 1, 2)),
    dict(f=pinv_loss, args=(rng.standard_normal((3, 2)),), wrt=0),
    dict(f=norm_fro_2, args=(A3,), wrt=0),
    dict(f=tensordot_loss, args=(rng.standard_normal((2, 3)), rng.standard_normal((3, 2))), wrt=(0, 1)),
    dict(f=rotation_matrix, args=(0.4, rng.standard_normal(2)), wrt=0, alt=(0, 1)),
    dict(f=diag_ops, args=(A3, rng.standard_normal(3)), wrt=(0, 1)),
    dict(f=cg_solve, args=(A3, rng.standard_normal(3)), wrt=(0, 1), tol=1e-4),
]


def batched_inv(A):
    S = A @ np.swapaxes(A, -1, -2) + np.eye(A.shape[-1])
    return np.sum(np.linalg.inv(S) ** 2)


def batched_det_slogdet(A):
    S = A @ np.swapaxes(A, -1, -2) + np.eye(A.shape[-1])
    s, l = np.linalg.slogdet(S)
    return np.sum(np.linalg.det(A) ** 2) + np.sum(l)


def batched_solve(A, B):
    S = A @ np.swapaxes(A, -1, -2) + np.eye(A.shape[-1])
    return np.sum(np.linalg.solve(S, B) ** 2)


def batched_cholesky(A):
    S = A @ np.swapaxes(A, -1, -2) + np.eye(A.shape[-1])
    L = np.linalg.cholesky(S)
    return np.sum(np.log(np.diagonal(L, axis1=-2, axis2=-1)))


def batched_eigh(A):
    S = A + np.swapaxes(A, -1, -2)
    w, V = np.linalg.eigh(S)
    return np.sum(w ** 3) + np.sum(V[..., 0] ** 4)


def batched_matmul_T(A, x):
    return np.sum(np.tanh(A @ x[..., None]))


def batched_norm(A):
    return np.sum(np.linalg.norm(A, axis=(-2, -1))) + np.sum(np.linalg.norm(A, ord="nuc", axis=(1, 2)))


def batched_trace(A):
    return np.sum(np.trace(A, axis1=1, axis2=2) ** 2)


def gp_marginal_likelihood(log_ls, log_sf, X, y):
    d2 = np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1)
    K = np.exp(2 * log_sf) * np.exp(-0.5 * d2 / np.exp(2 * log_ls)) + 0.1 * np.eye(len(y))
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(L.T, np.linalg.solve(L, y))
    return 0.5 * y @ alpha + np.sum(np.log(np.diag(L)))


def kalman_step(P, F, Q, H, R):
    Pp = F @ P @ F.T + Q
    S = H @ Pp @ H.T + R
    K = Pp @ H.T @ np.linalg.inv(S)
    Pn = (np.eye(len(P)) - K @ H) @ Pp
    return np.trace(Pn) + np.linalg.slogdet(S)[1]


B3 = rng.standard_normal((2, 3, 3))
CASES += [
    dict(f=batched_inv, args=(B3,), wrt=0),
    dict(f=batched_det_slogdet, args=(B3,), wrt=0),
    dict(f=batched_solve, args=(B3, rng.standard_normal((2, 3, 2))), wrt=(0, 1)),
    dict(f=batched_cholesky, args=(B3,), wrt=0),
    dict(f=batched_eigh, args=(B3,), wrt=0, tol=1e-4),
    dict(f=batched_matmul_T, args=(B3, rng.standard_normal((2, 3))), wrt=(0, 1)),
    dict(f=batched_norm, args=(B3,), wrt=0),
    dict(f=batched_trace, args=(B3,), wrt=0),
    dict(f=gp_marginal_likelihood, args=(0.2, -0.1, rng.standard_normal((5, 2)), rng.standard_normal(5)),
         wrt=(0, 1), alt=2),
    dict(f=kalman_step, args=(spd(A3), np.eye(3) + 0.1 * A3, 0.1 * np.eye(3), rng.standard_normal((2, 3)),
                              0.5 * np.eye(2)), wrt=(0, 1), alt=(2, 3, 4)),
]

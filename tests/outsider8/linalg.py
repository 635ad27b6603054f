"""Linear algebra as it is used: solves, inverses, determinants, factorisations, eigen- and
singular values, norms, least squares, matrix functions built by hand, views and in-place
updates of matrices."""

import numpy as np
import scipy.linalg as sla


def spd(A):
    return A @ A.T + 3.0 * np.eye(A.shape[0])


def solve_vector(A, b):
    return np.sum(np.linalg.solve(A, b) ** 2)


def solve_matrix_rhs(A):
    B = np.arange(6.0).reshape(3, 2)
    return np.sum(np.linalg.solve(A, B))


def inv_quadratic(A, x):
    return x @ np.linalg.inv(A) @ x


def det_and_logdet(A):
    sign, logdet = np.linalg.slogdet(spd(A))
    return np.linalg.det(A) + sign * logdet


def cholesky_solve_by_hand(A, b):
    L = np.linalg.cholesky(spd(A))
    z = sla.solve_triangular(L, b, lower=True)
    x = sla.solve_triangular(L.T, z, lower=False)
    return np.sum(x * b)


def cholesky_logdet(A):
    L = np.linalg.cholesky(spd(A))
    return 2.0 * np.sum(np.log(np.diag(L)))


def eigh_smallest(A):
    w, V = np.linalg.eigh(spd(A))
    return w[0] + np.sum(w ** 2)


def eigh_vector_sign_free(A):
    w, V = np.linalg.eigh(spd(A))
    v = V[:, -1]
    return (v @ np.array([1.0, 2.0, 3.0])) ** 2


def svd_singular_values(A):
    s = np.linalg.svd(A, compute_uv=False)
    return np.sum(s) + s[0] ** 2


def svd_full_reconstruct(A):
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    return np.sum((U * s) @ Vt * A)


def nuclear_and_spectral(A):
    return np.linalg.norm(A, "nuc") + np.linalg.norm(A, 2)


def lstsq_fit(X, y):
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    return np.sum((X @ beta - y) ** 2) + np.sum(beta ** 2)


def pinv_projection(X):
    P = X @ np.linalg.pinv(X)
    return np.trace(P @ np.diag([1.0, 2.0, 3.0, 4.0]))


def qr_r_diag(A):
    Q, R = np.linalg.qr(A)
    return np.sum(np.abs(np.diag(R)))


def matrix_power_loop(A):
    P = np.eye(3)
    for _ in range(4):
        P = P @ A
    return np.trace(P)


def matrix_power_call(A):
    return np.sum(np.linalg.matrix_power(A, 3))


def expm_taylor(A):
    E = np.eye(3)
    term = np.eye(3)
    for k in range(1, 12):
        term = term @ A / k
        E = E + term
    return np.sum(E)


def expm_scipy(A):
    return np.sum(sla.expm(0.5 * A))


def power_iteration(A):
    v = np.ones(3) / np.sqrt(3.0)
    B = spd(A)
    for _ in range(30):
        v = B @ v
        v = v / np.linalg.norm(v)
    return v @ B @ v


def gram_schmidt(A):
    Q = np.zeros_like(A)
    for j in range(A.shape[1]):
        v = A[:, j].copy()
        for i in range(j):
            v -= (Q[:, i] @ A[:, j]) * Q[:, i]
        Q[:, j] = v / np.linalg.norm(v)
    return np.sum(Q * np.arange(9.0).reshape(3, 3))


def conjugate_gradient(A, b):
    M = spd(A)
    x = np.zeros_like(b)
    r = b - M @ x
    p = r.copy()
    for _ in range(3):
        Ap = M @ p
        alpha = (r @ r) / (p @ Ap)
        x = x + alpha * p
        r_new = r - alpha * Ap
        beta = (r_new @ r_new) / (r @ r)
        p = r_new + beta * p
        r = r_new
    return np.sum(x ** 2)


def jacobi_iteration_inplace(A, b):
    M = spd(A)
    x = np.zeros(3)
    for _ in range(20):
        x_new = np.empty(3)
        for i in range(3):
            s = 0.0
            for j in range(3):
                if j != i:
                    s += M[i, j] * x[j]
            x_new[i] = (b[i] - s) / M[i, i]
        x = x_new
    return np.sum(x)


def gauss_seidel_inplace(A, b):
    M = spd(A)
    x = np.zeros(3)
    for _ in range(15):
        for i in range(3):
            x[i] = (b[i] - M[i, :i] @ x[:i] - M[i, i + 1:] @ x[i + 1:]) / M[i, i]
    return np.sum(x * x)


def lu_by_hand(A):
    n = A.shape[0]
    U = A.copy()
    L = np.eye(n)
    for k in range(n - 1):
        for i in range(k + 1, n):
            L[i, k] = U[i, k] / U[k, k]
            U[i, k:] -= L[i, k] * U[k, k:]
    return np.sum(np.log(np.abs(np.diag(U)))) + np.sum(L)


def thomas_tridiagonal(d):
    n = d.size
    a = np.full(n - 1, -1.0)
    c = np.full(n - 1, -1.0)
    b = np.full(n, 4.0)
    cp = np.zeros(n - 1)
    dp = np.zeros(n)
    cp[0] = c[0] / b[0]
    dp[0] = d[0] / b[0]
    for i in range(1, n):
        m = b[i] - a[i - 1] * cp[i - 1]
        if i < n - 1:
            cp[i] = c[i] / m
        dp[i] = (d[i] - a[i - 1] * dp[i - 1]) / m
    x = np.zeros(n)
    x[-1] = dp[-1]
    for i in range(n - 2, -1, -1):
        x[i] = dp[i] - cp[i] * x[i + 1]
    return np.sum(x ** 2)


def transpose_view_write(A):
    B = A.copy()
    Bt = B.T
    Bt[0, :] = 0.0
    return np.sum(B * A)


def diagonal_via_fill(A):
    B = A.copy()
    np.fill_diagonal(B, 1.0)
    return np.sum(B ** 2)


def symmetrise_inplace(A):
    S = A.copy()
    S += S.T
    return np.sum(S * A)


def row_normalise_inplace(A):
    B = A.copy()
    B /= np.linalg.norm(B, axis=1, keepdims=True)
    return np.sum(B * np.arange(9.0).reshape(3, 3))


def gram_matrix_kernel(X, ell):
    sq = np.sum(X ** 2, axis=1)
    D = sq[:, None] + sq[None, :] - 2 * X @ X.T
    K = np.exp(-D / (2 * ell ** 2)) + 1e-3 * np.eye(X.shape[0])
    alpha = np.linalg.solve(K, np.ones(X.shape[0]))
    return np.sum(alpha)


def mahalanobis_batch(X, mu):
    S = np.array([[2.0, 0.3], [0.3, 1.0]])
    d = X - mu
    return np.sum(np.einsum("ni,ij,nj->n", d, np.linalg.inv(S), d))


def trace_of_product(A, B):
    return np.trace(A @ B) + np.trace(A.T @ A)


def cho_solve_scipy(A, b):
    c = sla.cho_factor(spd(A))
    return np.sum(sla.cho_solve(c, b))


def lu_solve_scipy(A, b):
    lu = sla.lu_factor(A)
    return np.sum(sla.lu_solve(lu, b) ** 2)


def scipy_solve_assume(A, b):
    return np.sum(sla.solve(spd(A), b, assume_a="pos"))


def block_matrix(A, B):
    M = np.block([[A, B], [B.T, np.eye(2)]])
    return np.sum(M @ M)


def vector_rejection(a, b):
    proj = (a @ b) / (b @ b) * b
    return np.linalg.norm(a - proj)


def normal_equations_ridge(X, y, lam):
    p = X.shape[1]
    w = np.linalg.solve(X.T @ X + lam * np.eye(p), X.T @ y)
    return np.sum((X @ w - y) ** 2)


def rotate_points_batch(theta, P):
    c, s = np.cos(theta), np.sin(theta)
    R = np.array([[c, -s], [s, c]])
    return np.sum((P @ R.T) ** 3)


def solve_out_vector(A, b):
    x = np.linalg.solve(A, b)
    return x


def eigvalsh_vector(A):
    return np.linalg.eigvalsh(spd(A))


def det_2x2_manual(M):
    return M[0, 0] * M[1, 1] - M[0, 1] * M[1, 0]


rng = np.random.default_rng(11)
A3 = np.array([[2.0, 0.3, -0.4], [0.1, 1.9, 0.5], [-0.3, 0.2, 2.5]])
B3 = rng.standard_normal((3, 3))
b3 = np.array([0.5, -1.0, 2.0])
X42 = rng.standard_normal((4, 2))
X43 = rng.standard_normal((4, 3))
y4 = rng.standard_normal(4)

CASES = [
    dict(f=solve_vector, args=(A3, b3), wrt=0, alt="b"),
    dict(f=solve_matrix_rhs, args=(A3,)),
    dict(f=inv_quadratic, args=(A3, b3), wrt=0, alt="x"),
    dict(f=det_and_logdet, args=(B3,)),
    dict(f=cholesky_solve_by_hand, args=(B3, b3), wrt=0, alt="b"),
    dict(f=cholesky_logdet, args=(B3,)),
    dict(f=eigh_smallest, args=(B3,)),
    dict(f=eigh_vector_sign_free, args=(B3,)),
    dict(f=svd_singular_values, args=(B3,)),
    dict(f=svd_full_reconstruct, args=(X43,)),
    dict(f=nuclear_and_spectral, args=(B3,)),
    dict(f=lstsq_fit, args=(X42, y4), wrt=0, alt="y"),
    dict(f=pinv_projection, args=(X42,)),
    dict(f=qr_r_diag, args=(B3,)),
    dict(f=matrix_power_loop, args=(B3 * 0.5,)),
    dict(f=matrix_power_call, args=(B3 * 0.5,)),
    dict(f=expm_taylor, args=(B3 * 0.3,)),
    dict(f=expm_scipy, args=(B3 * 0.3,)),
    dict(f=power_iteration, args=(B3,), tol=1e-4),
    dict(f=gram_schmidt, args=(A3,)),
    dict(f=conjugate_gradient, args=(B3, b3), wrt=0, alt="b"),
    dict(f=jacobi_iteration_inplace, args=(B3, b3), wrt=0, alt="b"),
    dict(f=gauss_seidel_inplace, args=(B3, b3), wrt=0, alt="b"),
    dict(f=lu_by_hand, args=(A3,)),
    dict(f=thomas_tridiagonal, args=(np.array([1.0, 0.5, -0.3, 2.0, 0.7]),)),
    dict(f=transpose_view_write, args=(B3,)),
    dict(f=diagonal_via_fill, args=(B3,)),
    dict(f=symmetrise_inplace, args=(B3,)),
    dict(f=row_normalise_inplace, args=(B3,)),
    dict(f=gram_matrix_kernel, args=(X42, 0.8), wrt=0, alt="ell"),
    dict(f=mahalanobis_batch, args=(X42, np.array([0.1, -0.2])), wrt=0, alt="mu"),
    dict(f=trace_of_product, args=(A3, B3), wrt=0, alt="B"),
    dict(f=cho_solve_scipy, args=(B3, b3), wrt=0, alt="b"),
    dict(f=lu_solve_scipy, args=(A3, b3), wrt=0, alt="b"),
    dict(f=scipy_solve_assume, args=(B3, b3), wrt=0, alt="b"),
    dict(f=block_matrix, args=(np.array([[1.0, 0.2], [0.3, 0.8]]), np.array([[0.5, -0.1], [0.2, 0.4]])),
         wrt=0, alt="B"),
    dict(f=vector_rejection, args=(b3, np.array([1.0, 0.2, -0.3])), wrt=0, alt="b"),
    dict(f=normal_equations_ridge, args=(X42, y4, 0.3), wrt=0, alt="lam"),
    dict(f=rotate_points_batch, args=(0.4, X42), wrt=0, alt="P"),
    dict(f=solve_out_vector, args=(A3, b3), wrt=0, out="vector"),
    dict(f=eigvalsh_vector, args=(B3,), out="vector"),
    dict(f=det_2x2_manual, args=(np.array([[1.0, 0.2], [0.3, 0.8]]),)),
]

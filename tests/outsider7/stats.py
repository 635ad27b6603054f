"""Statistics and science: log-likelihoods, special functions, a Kalman filter, an HMM forward
pass, a Gaussian process, ridge, determinants and decompositions, interpolation, quadrature,
convolution, FFTs, integrators."""

import numpy as np
import scipy.linalg
import scipy.special
from scipy.linalg import cho_solve, cholesky, solve_triangular
from scipy.special import betaln, digamma, erf, expit, gammaln, log_ndtr, logsumexp

rng = np.random.default_rng(23)
data = rng.standard_normal(8) * 1.5 + 0.3
counts = np.array([0, 3, 1, 4, 2, 7])
Xd = rng.standard_normal((8, 3))
yd = Xd @ np.array([0.5, -1.0, 2.0]) + 0.1 * rng.standard_normal(8)
A33 = rng.standard_normal((3, 3))
SPD = A33 @ A33.T + 3 * np.eye(3)
ts = np.linspace(0.0, 1.0, 7)
obs_seq = np.array([0, 1, 1, 0, 2])


def gaussian_loglik(theta):
    mu, log_sigma = theta[0], theta[1]
    s = np.exp(log_sigma)
    return np.sum(-0.5 * ((data - mu) / s) ** 2 - log_sigma - 0.5 * np.log(2 * np.pi))


def poisson_loglik(log_rate):
    lam = np.exp(log_rate)
    return np.sum(counts * np.log(lam) - lam - gammaln(counts + 1))


def poisson_regression(w):
    eta = Xd[:6] @ w
    return np.sum(counts * eta - np.exp(eta))


def student_t_loglik(nu):
    x = data
    return np.sum(gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * np.log(nu * np.pi)
                  - (nu + 1) / 2 * np.log1p(x ** 2 / nu))


def mixture_loglik(mus):
    logw = np.log(np.array([0.3, 0.7]))
    lp = -0.5 * (data[:, None] - mus[None, :]) ** 2 - 0.5 * np.log(2 * np.pi) + logw
    return np.sum(logsumexp(lp, axis=1))


def mixture_scipy_special(mus):
    lp = -0.5 * (data[:, None] - mus) ** 2
    return scipy.special.logsumexp(lp, axis=1, b=np.array([0.3, 0.7])).sum()


def beta_loglik(ab):
    a, b = ab[0], ab[1]
    x = np.array([0.2, 0.5, 0.7, 0.9])
    return np.sum((a - 1) * np.log(x) + (b - 1) * np.log1p(-x) - betaln(a, b))


def digamma_moment(a):
    return np.sum(digamma(a) * a + gammaln(a))


def erf_probit(w):
    p = 0.5 * (1 + erf((Xd @ w) / np.sqrt(2)))
    t = (yd > 0).astype(float)
    return -np.sum(t * np.log(p) + (1 - t) * np.log(1 - p))


def logistic_expit(w):
    p = expit(Xd @ w)
    t = (yd > 0).astype(float)
    return -np.mean(t * np.log(p) + (1 - t) * np.log1p(-p))


def log_ndtr_probit(w):
    z = Xd @ w
    s = np.where(yd > 0, 1.0, -1.0)
    return -np.sum(log_ndtr(s * z))


def kalman_filter(q):
    x, P = 0.0, 1.0
    ll = 0.0
    for z in data:
        P = P + q
        S = P + 0.5
        K = P / S
        ll = ll - 0.5 * (np.log(2 * np.pi * S) + (z - x) ** 2 / S)
        x = x + K * (z - x)
        P = (1 - K) * P
    return ll


def kalman_2d(F):
    x = np.zeros(2)
    P = np.eye(2)
    H = np.array([[1.0, 0.0]])
    ll = 0.0
    for z in data[:5]:
        x = F @ x
        P = F @ P @ F.T + 0.1 * np.eye(2)
        S = H @ P @ H.T + 0.5
        Kg = P @ H.T / S
        r = z - H @ x
        ll = ll - 0.5 * (np.log(S[0, 0]) + r[0] ** 2 / S[0, 0])
        x = x + (Kg * r).ravel()
        P = (np.eye(2) - Kg @ H) @ P
    return ll


def hmm_forward_log(logA):
    logB = np.log(np.array([[0.5, 0.4, 0.1], [0.1, 0.3, 0.6]]))
    la = np.log(np.array([0.6, 0.4])) + logB[:, obs_seq[0]]
    for t in range(1, len(obs_seq)):
        la = logsumexp(la[:, None] + logA, axis=0) + logB[:, obs_seq[t]]
    return logsumexp(la)


def gp_cholesky(log_ell):
    ell = np.exp(log_ell)
    x = ts
    Kx = np.exp(-0.5 * (x[:, None] - x[None, :]) ** 2 / ell ** 2) + 0.1 * np.eye(len(x))
    L = np.linalg.cholesky(Kx)
    alpha = solve_triangular(L.T, solve_triangular(L, data[:7], lower=True), lower=False)
    return -0.5 * data[:7] @ alpha - np.sum(np.log(np.diag(L)))


def gp_cho_solve(y):
    Kx = np.exp(-0.5 * (ts[:, None] - ts[None, :]) ** 2 / 0.3 ** 2) + 0.1 * np.eye(7)
    c = scipy.linalg.cho_factor(Kx, lower=True)
    alpha = cho_solve(c, y)
    return -0.5 * y @ alpha


def gp_scipy_cholesky(noise):
    Kx = np.exp(-(ts[:, None] - ts[None, :]) ** 2) + noise * np.eye(7)
    L = cholesky(Kx, lower=True)
    v = solve_triangular(L, data[:7], lower=True)
    return -0.5 * v @ v - np.log(np.diag(L)).sum()


def ridge_solve(lam):
    A = Xd.T @ Xd + lam * np.eye(3)
    w = np.linalg.solve(A, Xd.T @ yd)
    return np.sum((Xd @ w - yd) ** 2)


def ridge_data(X):
    w = np.linalg.solve(X.T @ X + 0.5 * np.eye(3), X.T @ yd)
    return w @ w


def slogdet_objective(A):
    sign, ld = np.linalg.slogdet(A)
    return ld - np.trace(A)


def det_inv(A):
    return np.linalg.det(A) + np.sum(np.linalg.inv(A))


def pinv_objective(A):
    return np.sum(np.linalg.pinv(A[:, :2]) ** 2)


def eigh_top(A):
    S = A + A.T
    w, v = np.linalg.eigh(S)
    return w[-1] + np.sum(v[:, -1] ** 4)


def svd_nuclear(A):
    s = np.linalg.svd(A, compute_uv=False)
    return np.sum(s) + s[0] ** 2


def svd_full(A):
    U, s, Vt = np.linalg.svd(A)
    return np.sum(s * s) + np.abs(U[0, 0] * Vt[0, 0])


def lstsq_objective(X):
    w, *_ = np.linalg.lstsq(X, yd, rcond=None)
    return np.sum(w ** 2)


def interp_objective(x):
    xp = np.linspace(0, 1, 5)
    fp = xp ** 2
    return np.sum(np.interp(x, xp, fp) ** 2)


def polyval_objective(p):
    return np.sum((np.polyval(p, ts) - np.sin(ts)) ** 2)


def polyval_x(x):
    return np.sum(np.polyval(np.array([1.0, -2.0, 0.5]), x))


def trapezoid_objective(y):
    return np.trapezoid(y ** 2, ts)


def gradient_objective(y):
    g = np.gradient(y, ts)
    return np.sum(g ** 2)


def convolve_objective(k):
    return np.sum(np.convolve(data, k, mode="same") ** 2)


def correlate_objective(x):
    c = np.correlate(x, np.array([1.0, 0.5, -0.5]), mode="valid")
    return np.sum(c ** 2)


def rfft_power(x):
    F = np.fft.rfft(x)
    return np.sum(np.abs(F) ** 2)


def rfft_irfft_filter(x):
    F = np.fft.rfft(x)
    F = F * np.exp(-np.arange(F.size) / 2.0)
    return np.sum(np.fft.irfft(F, n=x.size) ** 2)


def fft_abs(x):
    F = np.fft.fft(x)
    return np.sum(np.abs(F[1:4]))


def cumsum_integrator(v):
    dt = 0.1
    pos = np.cumsum(v) * dt
    return np.sum(pos ** 2)


def cumprod_growth(r):
    g = np.cumprod(1 + r)
    return g[-1] + np.sum(np.log(g))


def diff_smoothness(x):
    return np.sum(np.diff(x) ** 2) + np.sum(np.diff(x, n=2) ** 2)


def euler_ode(k):
    y = 1.0
    ys = []
    for t in range(20):
        y = y + 0.05 * (-k * y + np.sin(t * 0.05))
        ys.append(y)
    return np.sum(np.array(ys) ** 2)


def rk4_ode(theta):
    def f(y):
        return np.array([y[1], -theta[0] * y[0] - theta[1] * y[1]])
    y = np.array([1.0, 0.0])
    h = 0.1
    for _ in range(10):
        k1 = f(y)
        k2 = f(y + h / 2 * k1)
        k3 = f(y + h / 2 * k2)
        k4 = f(y + h * k3)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return y[0] ** 2 + y[1]


def gaussian_vector_out(mu):
    return -0.5 * (data[:4] - mu) ** 2


def mvn_logpdf(mu):
    L = np.linalg.cholesky(SPD)
    r = np.linalg.solve(L, data[:3] - mu)
    return -0.5 * r @ r - np.sum(np.log(np.diag(L)))


def expm_objective(A):
    return np.sum(scipy.linalg.expm(0.3 * A))


CASES = [
    dict(f=gaussian_loglik, args=(np.array([0.2, 0.1]),)),
    dict(f=poisson_loglik, args=(np.log(np.array([0.5, 2.0, 1.5, 3.0, 2.2, 6.0])),)),
    dict(f=poisson_regression, args=(np.array([0.1, -0.2, 0.3]),)),
    dict(f=student_t_loglik, args=(3.5,)),
    dict(f=mixture_loglik, args=(np.array([-1.0, 1.0]),)),
    dict(f=mixture_scipy_special, args=(np.array([-1.0, 1.0]),)),
    dict(f=beta_loglik, args=(np.array([2.0, 3.0]),)),
    dict(f=digamma_moment, args=(np.array([0.7, 1.5, 4.0]),)),
    dict(f=erf_probit, args=(np.array([0.2, -0.3, 0.4]),)),
    dict(f=logistic_expit, args=(np.array([0.2, -0.3, 0.4]),)),
    dict(f=log_ndtr_probit, args=(np.array([0.2, -0.3, 0.4]),)),
    dict(f=kalman_filter, args=(0.3,)),
    dict(f=kalman_2d, args=(np.array([[1.0, 0.1], [0.0, 0.9]]),)),
    dict(f=hmm_forward_log, args=(np.log(np.array([[0.8, 0.2], [0.3, 0.7]])),)),
    dict(f=gp_cholesky, args=(np.log(0.4),)),
    dict(f=gp_cho_solve, args=(data[:7].copy(),)),
    dict(f=gp_scipy_cholesky, args=(0.2,)),
    dict(f=ridge_solve, args=(0.7,)),
    dict(f=ridge_data, args=(Xd.copy(),)),
    dict(f=slogdet_objective, args=(SPD.copy(),)),
    dict(f=det_inv, args=(SPD.copy(),)),
    dict(f=pinv_objective, args=(A33.copy(),)),
    dict(f=eigh_top, args=(A33.copy(),)),
    dict(f=svd_nuclear, args=(A33.copy(),)),
    dict(f=svd_full, args=(A33.copy(),)),
    dict(f=lstsq_objective, args=(Xd.copy(),)),
    dict(f=interp_objective, args=(np.array([0.1, 0.33, 0.6, 0.91]),)),
    dict(f=polyval_objective, args=(np.array([0.1, -0.5, 1.0, 0.0]),)),
    dict(f=polyval_x, args=(data[:4].copy(),)),
    dict(f=trapezoid_objective, args=(np.sin(ts * 3),)),
    dict(f=gradient_objective, args=(np.sin(ts * 3),)),
    dict(f=convolve_objective, args=(np.array([0.2, 0.5, -0.1]),)),
    dict(f=correlate_objective, args=(data.copy(),)),
    dict(f=rfft_power, args=(data.copy(),)),
    dict(f=rfft_irfft_filter, args=(data[:7].copy(),)),
    dict(f=fft_abs, args=(data.copy(),)),
    dict(f=cumsum_integrator, args=(data.copy(),)),
    dict(f=cumprod_growth, args=(data * 0.1,)),
    dict(f=diff_smoothness, args=(data.copy(),)),
    dict(f=euler_ode, args=(0.8,)),
    dict(f=rk4_ode, args=(np.array([2.0, 0.3]),)),
    dict(f=gaussian_vector_out, args=(np.array([0.1, 0.2, 0.3, 0.4]),), out="vector"),
    dict(f=mvn_logpdf, args=(np.array([0.1, -0.2, 0.3]),)),
    dict(f=expm_objective, args=(A33.copy(),)),
]


# ---- factorisations of constant matrices, used on differentiated vectors
def const_lu_solve(b):
    lu = scipy.linalg.lu_factor(SPD)
    x = scipy.linalg.lu_solve(lu, b)
    return np.sum(x * b)


def const_qr_project(b):
    Qm, R = np.linalg.qr(A33)
    return np.sum((Qm.T @ b) ** 2 * np.diag(R))


def const_eigh_basis(b):
    w, Vm = np.linalg.eigh(SPD)
    return np.sum((Vm.T @ b) ** 2 / w)


def const_svd_basis(b):
    U, s, Vt = np.linalg.svd(A33)
    return np.sum((U.T @ b) * s)


def const_slogdet_plus(b):
    sign, ld = np.linalg.slogdet(SPD)
    return sign * ld * np.sum(b ** 2)


def const_cho_factor_upper(b):
    c, low = scipy.linalg.cho_factor(SPD)
    return b @ cho_solve((c, low), b)


def const_cholesky_solve(b):
    L = np.linalg.cholesky(SPD)
    z = solve_triangular(L, b, lower=True)
    return z @ z


def cho_factor_of_param(A):
    c = scipy.linalg.cho_factor(A @ A.T + np.eye(3), lower=True)
    return np.sum(cho_solve(c, data[:3]))


def const_lstsq_free_pinv(b):
    P = np.linalg.pinv(A33)
    return np.sum((P @ b) ** 2)


def const_inv_quadratic(b):
    Si = np.linalg.inv(SPD)
    return b @ Si @ b


CASES += [
    dict(f=const_lu_solve, args=(data[:3].copy(),)),
    dict(f=const_qr_project, args=(data[:3].copy(),)),
    dict(f=const_eigh_basis, args=(data[:3].copy(),)),
    dict(f=const_svd_basis, args=(data[:3].copy(),)),
    dict(f=const_slogdet_plus, args=(data[:3].copy(),)),
    dict(f=const_cho_factor_upper, args=(data[:3].copy(),)),
    dict(f=const_cholesky_solve, args=(data[:3].copy(),)),
    dict(f=cho_factor_of_param, args=(A33.copy(),)),
    dict(f=const_lstsq_free_pinv, args=(data[:3].copy(),)),
    dict(f=const_inv_quadratic, args=(data[:3].copy(),)),
]


def lu_factor_of_param(A):
    lu = scipy.linalg.lu_factor(A + 3 * np.eye(3))
    return np.sum(scipy.linalg.lu_solve(lu, data[:3]))


def const_lu_factor_matrix_rhs(B):
    lu, piv = scipy.linalg.lu_factor(SPD)
    return np.sum(scipy.linalg.lu_solve((lu, piv), B) ** 2)


def const_frexp_modf(x):
    m, e = np.frexp(SPD[0])
    fr, whole = np.modf(SPD[1])
    return np.sum(x * m * e + x ** 2 * fr)


def const_scipy_qr(b):
    Qm, R = scipy.linalg.qr(A33)
    return np.sum((Qm @ b) ** 2) + np.sum(R[0] * b)


def const_scipy_eigh(b):
    w, Vm = scipy.linalg.eigh(SPD)
    return np.sum((Vm @ b) ** 2 * w)


CASES += [
    dict(f=lu_factor_of_param, args=(A33.copy(),)),
    dict(f=const_lu_factor_matrix_rhs, args=(Xd[:3].copy(),)),
    dict(f=const_frexp_modf, args=(data[:3].copy(),)),
    dict(f=const_scipy_qr, args=(data[:3].copy(),)),
    dict(f=const_scipy_eigh, args=(data[:3].copy(),)),
]


def cho_solve_literal_pair(b):
    return np.sum(cho_solve((np.linalg.cholesky(SPD), True), b) ** 2)


CASES += [
    dict(f=cho_solve_literal_pair, args=(data[:3].copy(),)),
]


# ---- numerics with options
def gradient_edge_order2(y):
    return np.sum(np.gradient(y, 0.1, edge_order=2) ** 2)


def trapezoid_dx_axis(Y):
    return np.sum(np.trapezoid(Y ** 2, dx=0.5, axis=0))


def interp_left_right(x):
    return np.sum(np.interp(x, np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 2.0]), left=0.0, right=5.0) * x)


def fft_padded_shift(x):
    F = np.fft.fftshift(np.fft.fft(x, n=16))
    return np.sum(np.abs(F) ** 2 * np.hanning(16))


def convolve_full_both(a):
    return np.sum(np.convolve(a, a[::-1], mode="full") ** 2)


def polyfit_coeffs(yv):
    p = np.polyfit(ts, yv, 2)
    return np.sum(p ** 2)


def cumulative_trapezoid_manual(y):
    dt = np.diff(ts)
    areas = 0.5 * (y[1:] + y[:-1]) * dt
    return np.sum(np.cumsum(areas) ** 2)


def logistic_growth_ode(r):
    P = 0.1
    out = []
    for _ in range(25):
        P = P + 0.2 * r * P * (1 - P)
        out.append(P)
    return np.trapezoid(np.array(out), dx=0.2)


CASES += [
    dict(f=gradient_edge_order2, args=(np.sin(ts * 3),)),
    dict(f=trapezoid_dx_axis, args=(Xd.copy(),)),
    dict(f=interp_left_right, args=(np.array([-0.5, 0.4, 1.3, 2.5]),)),
    dict(f=fft_padded_shift, args=(data.copy(),)),
    dict(f=convolve_full_both, args=(data[:5].copy(),)),
    dict(f=polyfit_coeffs, args=(np.cos(ts),)),
    dict(f=cumulative_trapezoid_manual, args=(np.sin(ts * 3),)),
    dict(f=logistic_growth_ode, args=(1.3,)),
]


# ---- more linear algebra spellings
def kalman_inv_gain(R):
    P = SPD.copy()
    H = np.eye(3)[:2]
    S = H @ P @ H.T + R @ R.T
    Kg = P @ H.T @ np.linalg.inv(S)
    return np.sum(Kg ** 2) + np.linalg.slogdet(S)[1]


def matrix_power_markov(T):
    P = np.abs(T) / np.abs(T).sum(axis=1, keepdims=True)
    P5 = np.linalg.matrix_power(P, 5)
    return P5[0] @ np.arange(3.0)


def scipy_solve_pos(lam):
    A = Xd.T @ Xd + lam * np.eye(3)
    w = scipy.linalg.solve(A, Xd.T @ yd, assume_a="pos")
    return np.sum(w ** 2)


def eigvalsh_spread(A):
    ev = np.linalg.eigvalsh(A @ A.T + np.eye(3))
    return ev[-1] / ev[0]


def cond_number(A):
    return np.linalg.cond(A + 3 * np.eye(3))


def matrix_sqrt_scipy(A):
    S = A @ A.T + np.eye(3)
    return np.trace(scipy.linalg.sqrtm(S).real)


def logm_trace(A):
    return np.trace(scipy.linalg.logm(SPD + 0.1 * (A + A.T)).real)


def multi_dot_chain(A):
    return np.sum(np.linalg.multi_dot([A, SPD, A.T]))


CASES += [
    dict(f=kalman_inv_gain, args=(np.array([[0.5, 0.1], [0.0, 0.7]]),)),
    dict(f=matrix_power_markov, args=(A33.copy(),)),
    dict(f=scipy_solve_pos, args=(0.7,)),
    dict(f=eigvalsh_spread, args=(A33.copy(),)),
    dict(f=cond_number, args=(A33.copy(),)),
    dict(f=matrix_sqrt_scipy, args=(A33.copy(),)),
    dict(f=logm_trace, args=(A33.copy(),)),
    dict(f=multi_dot_chain, args=(A33.copy(),)),
]

"""SciPy special functions and distributions with their parameters differentiated: shape
parameters of incomplete gamma/beta, weights of logsumexp, frozen distributions, covariance
matrices, degrees of freedom; matrix functions at defective and repeated-eigenvalue points."""

import numpy as np
import scipy.linalg as sla
import scipy.special as sps
from scipy import stats


def gammainc_wrt_x(x):
    return np.sum(sps.gammainc(2.5, x))


def gammainc_wrt_shape(a):
    return np.sum(sps.gammainc(a, np.array([0.5, 1.5, 3.0])))


def gammaincc_wrt_shape(a):
    return np.sum(sps.gammaincc(a, 1.2))


def betainc_wrt_params(p):
    return sps.betainc(p[0], p[1], 0.3)


def gamma_cdf_shape(a):
    return np.sum(stats.gamma.cdf(np.array([0.5, 2.0]), a))


def logsumexp_wrt_b(b):
    return sps.logsumexp(np.array([0.3, -0.5, 1.2]), b=b)


def logsumexp_return_sign(z):
    v, s = sps.logsumexp(z, b=np.array([1.0, -0.5, 0.2]), return_sign=True)
    return v * s


def logsumexp_keepdims(Z):
    return np.sum(Z - sps.logsumexp(Z, axis=1, keepdims=True))


def softmax_axis0(Z):
    return np.sum(sps.softmax(Z, axis=0) * np.arange(Z.size).reshape(Z.shape))


def frozen_normal(mu, sigma):
    d = stats.norm(loc=mu, scale=sigma)
    return np.sum(d.logpdf(np.array([0.1, 0.5, -0.3])))


def frozen_gamma_method_chain(a):
    return stats.gamma(a, scale=2.0).logpdf(1.3) + stats.gamma(a).mean()


def mvn_wrt_cov(L):
    cov = L @ L.T + 0.5 * np.eye(2)
    return stats.multivariate_normal.logpdf(np.array([0.3, -0.2]), mean=np.zeros(2), cov=cov)


def mvn_batch_points(mu):
    X = np.array([[0.3, -0.2], [1.0, 0.5], [-0.4, 0.1]])
    return np.sum(stats.multivariate_normal.logpdf(X, mean=mu, cov=np.eye(2) * 0.7))


def student_t_df(df):
    return np.sum(stats.t.logpdf(np.array([0.3, -1.2, 2.5]), df, loc=0.1, scale=1.3))


def dirichlet_alpha(alpha):
    return stats.dirichlet.logpdf(np.array([0.2, 0.3, 0.5]), alpha)


def binom_wrt_p(p):
    return np.sum(stats.binom.logpmf(np.array([0, 3, 5]), 6, p))


def lognorm_scale(s):
    return np.sum(stats.lognorm.logpdf(np.array([0.5, 1.5]), s, scale=np.exp(0.2)))


def norm_cdf_logcdf_sf(mu):
    x = np.array([-1.0, 0.3, 2.0])
    return np.sum(stats.norm.cdf(x, loc=mu)) + np.sum(stats.norm.logcdf(x, loc=mu)) + np.sum(stats.norm.logsf(x, mu))


def norm_ppf_ndtri(q):
    return np.sum(stats.norm.ppf(q)) + np.sum(sps.ndtri(q) ** 2)


def erfinv_erfcinv(y):
    return np.sum(sps.erfinv(y)) + np.sum(sps.erfcinv(1.0 + y * 0.5))


def log_ndtr_tail(x):
    return np.sum(sps.log_ndtr(x))


def entropy_kl(p):
    q = np.array([0.2, 0.3, 0.5])
    return stats.entropy(p) + stats.entropy(p, q) + np.sum(sps.rel_entr(p, q)) + np.sum(sps.entr(p))


def huber_pseudo(r):
    return np.sum(sps.huber(0.5, r)) + np.sum(sps.pseudo_huber(0.5, r))


def polygamma_multigammaln(a):
    return np.sum(sps.polygamma(1, a)) + sps.multigammaln(a[0] + 2.0, 2)


def bessel_iv_order(v):
    return np.sum(sps.iv(v, np.array([0.5, 1.5])))


def bessel_i0e_kv(x):
    return np.sum(sps.i0e(x)) + np.sum(sps.kv(1.5, x))


def boxcox_lambda(lmbda):
    return np.sum(sps.boxcox(np.array([0.5, 1.5, 2.5]), lmbda))


def binom_real_n(n):
    return sps.binom(n, 2.0) + sps.beta(n, 1.5) + sps.factorial(n, exact=False)


def gamma_negative_x(x):
    return np.sum(sps.gamma(x)) + np.sum(sps.gammaln(x))


def xlog1py_logit(p):
    return np.sum(sps.xlog1py(p, -p)) + np.sum(sps.logit(p)) + np.sum(sps.log_expit(p))


def expm_defective(t):
    N = np.array([[0.0, 1.0], [0.0, 0.0]])
    return np.sum(sla.expm(t * N + 0.3 * np.eye(2)))


def expm_repeated(A):
    return np.sum(sla.expm(A + A.T))


def logm_sqrtm(A):
    M = A @ A.T + np.eye(2)
    return np.trace(sla.logm(M)).real + np.sum(sla.sqrtm(M)).real


def generalized_eigh(A):
    B = np.array([[2.0, 0.3, 0.0], [0.3, 1.0, 0.1], [0.0, 0.1, 1.5]])
    w = sla.eigh(A @ A.T + np.eye(3), B, eigvals_only=True)
    return np.sum(w * np.array([1.0, 2.0, 3.0]))


def eigh_reconstruct_repeated(A):
    w, V = np.linalg.eigh(A + A.T)
    return np.sum((V * w) @ V.T * np.arange(9.0).reshape(3, 3))


def svd_reconstruct_repeated(A):
    U, s, Vt = np.linalg.svd(A)
    return np.sum((U * s) @ Vt * np.arange(9.0).reshape(3, 3))


def sqrtm_via_eigh(M):
    w, V = np.linalg.eigh(M @ M.T)
    return np.sum((V * np.sqrt(w)) @ V.T * np.array([[1.0, 2.0, 0.5], [2.0, -1.0, 3.0], [0.5, 3.0, 2.0]]))


def zca_whitening(X):
    C = X.T @ X / X.shape[0]
    w, V = np.linalg.eigh(C)
    W = (V / np.sqrt(w + 1e-3)) @ V.T
    return np.sum((X @ W) ** 3)


def qr_wide_matrix(A):
    Q, R = np.linalg.qr(A)
    return np.sum(R * np.arange(8.0).reshape(2, 4))


def svd_default_wide(A):
    U, s, Vt = np.linalg.svd(A)
    return np.sum(U @ Vt[:2] * np.arange(8.0).reshape(2, 4))


def procrustes_at_rotation(A):
    U, s, Vt = np.linalg.svd(A)
    return np.sum((U @ Vt - np.eye(3)) ** 2 * np.arange(1.0, 10.0).reshape(3, 3))


def svd_sqrt_singular_values_rotation(A):
    U, s, Vt = np.linalg.svd(A)
    return np.sum((U * np.sqrt(s)) @ Vt * np.array([[1.0, 2.0, 0.5], [-2.0, 1.0, 3.0], [0.5, 3.0, 2.0]]))


def nuclear_norm_rotation(A):
    return np.linalg.norm(A, "nuc") + np.sum(A ** 2)


def scipy_svd_values(A):
    return np.sum(sla.svdvals(A) ** 3)


def matrix_power_negative(A):
    return np.sum(np.linalg.matrix_power(A, -2))


def polar_factor_procrustes(A):
    U, s, Vt = np.linalg.svd(A)
    return np.sum(U @ Vt * np.arange(9.0).reshape(3, 3))


def slogdet_negative(A):
    s, l = np.linalg.slogdet(A)
    return s * l


def solve_triangular_trans(L, b):
    return np.sum(sla.solve_triangular(L, b, lower=True, trans="T") ** 2)


def lyapunov(A):
    X = sla.solve_continuous_lyapunov(A - 3.0 * np.eye(2), -np.eye(2))
    return np.trace(X)


x3 = np.array([0.3, -0.6, 0.8])
A3 = np.array([[2.0, 0.3, -0.4], [0.1, 1.9, 0.5], [-0.3, 0.2, 2.5]])
ROT = np.array([[np.cos(0.4), -np.sin(0.4), 0.0], [np.sin(0.4), np.cos(0.4), 0.0], [0.0, 0.0, 1.0]])

CASES = [
    dict(f=gammainc_wrt_x, args=(np.array([0.5, 1.5, 3.0]),)),
    dict(f=gammainc_wrt_shape, args=(2.5,)),
    dict(f=gammaincc_wrt_shape, args=(1.7,)),
    dict(f=betainc_wrt_params, args=(np.array([2.0, 3.5]),)),
    dict(f=gamma_cdf_shape, args=(2.2,)),
    dict(f=logsumexp_wrt_b, args=(np.array([1.0, 0.5, 2.0]),)),
    dict(f=logsumexp_return_sign, args=(x3,)),
    dict(f=logsumexp_keepdims, args=(A3,)),
    dict(f=softmax_axis0, args=(A3,)),
    dict(f=frozen_normal, args=(0.2, 1.3), wrt=0, alt="sigma"),
    dict(f=frozen_gamma_method_chain, args=(2.3,)),
    dict(f=mvn_wrt_cov, args=(np.array([[1.0, 0.0], [0.4, 0.8]]),)),
    dict(f=mvn_batch_points, args=(np.array([0.1, -0.2]),)),
    dict(f=student_t_df, args=(4.5,)),
    dict(f=dirichlet_alpha, args=(np.array([1.5, 2.0, 3.0]),)),
    dict(f=binom_wrt_p, args=(0.35,)),
    dict(f=lognorm_scale, args=(0.7,)),
    dict(f=norm_cdf_logcdf_sf, args=(0.25,)),
    dict(f=norm_ppf_ndtri, args=(np.array([0.1, 0.5, 0.8]),)),
    dict(f=erfinv_erfcinv, args=(np.array([0.1, -0.5, 0.8]),)),
    dict(f=log_ndtr_tail, args=(np.array([-10.0, -3.0, 0.5]),)),
    dict(f=entropy_kl, args=(np.array([0.3, 0.3, 0.4]),)),
    dict(f=huber_pseudo, args=(np.array([0.2, -1.3, 0.7]),)),
    dict(f=polygamma_multigammaln, args=(np.array([0.7, 1.5, 3.2]),)),
    dict(f=bessel_iv_order, args=(1.3,)),
    dict(f=bessel_i0e_kv, args=(np.array([0.5, 1.5, 3.0]),)),
    dict(f=boxcox_lambda, args=(0.4,)),
    dict(f=binom_real_n, args=(3.3,)),
    dict(f=gamma_negative_x, args=(np.array([-0.5, -1.5, 2.5]),)),
    dict(f=xlog1py_logit, args=(np.array([0.2, 0.5, 0.7]),)),
    dict(f=expm_defective, args=(0.8,)),
    dict(f=expm_repeated, args=(np.eye(3) * 0.5,)),
    dict(f=logm_sqrtm, args=(np.array([[1.0, 0.2], [0.3, 0.7]]),)),
    dict(f=generalized_eigh, args=(A3,)),
    dict(f=eigh_reconstruct_repeated, args=(np.eye(3) * 0.5,)),
    dict(f=svd_reconstruct_repeated, args=(np.eye(3),)),
    dict(f=sqrtm_via_eigh, args=(np.eye(3),)),
    dict(f=sqrtm_via_eigh, args=(A3,), name="sqrtm_via_eigh_distinct"),
    dict(f=zca_whitening, args=(np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]]) * np.sqrt(2.0),)),
    dict(f=qr_wide_matrix, args=(np.array([[1.0, 2.0, 0.5, -1.0], [0.3, -0.7, 1.2, 0.4]]),)),
    dict(f=svd_default_wide, args=(np.array([[1.0, 2.0, 0.5, -1.0], [0.3, -0.7, 1.2, 0.4]]),)),
    dict(f=procrustes_at_rotation, args=(ROT,)),
    dict(f=procrustes_at_rotation, args=(A3,), name="procrustes_generic"),
    dict(f=svd_sqrt_singular_values_rotation, args=(ROT,)),
    dict(f=nuclear_norm_rotation, args=(ROT,)),
    dict(f=scipy_svd_values, args=(A3,)),
    dict(f=matrix_power_negative, args=(A3,)),
    dict(f=polar_factor_procrustes, args=(np.eye(3),)),
    dict(f=polar_factor_procrustes, args=(A3,), name="polar_factor_distinct"),
    dict(f=slogdet_negative, args=(np.array([[0.5, 2.0], [1.5, 0.3]]),)),
    dict(f=solve_triangular_trans, args=(np.tril(A3), x3), wrt=0, alt="b"),
    dict(f=lyapunov, args=(np.array([[0.5, 0.2], [-0.1, 0.3]]),)),
]


def eigh_logdet_isotropic(A):
    w, V = np.linalg.eigh(A @ A.T)
    return np.sum(np.log(w))


def scipy_eigh_trace(A):
    w, V = sla.eigh(A + A.T)
    return np.sum(w) + np.sum(w ** 2)


CASES += [
    dict(f=eigh_logdet_isotropic, args=(np.eye(3) * 1.5,)),
    dict(f=eigh_logdet_isotropic, args=(A3,), name="eigh_logdet_distinct"),
    dict(f=scipy_eigh_trace, args=(np.diag([0.5, 0.5, 1.0]),)),
]

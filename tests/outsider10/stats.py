"""Statistics: weighted least squares, robust losses with branches, quantile losses, GLMs,
survival likelihoods with censoring masks, log-sum-exp tricks, Cholesky Gaussian likelihoods."""
import math

import numpy as np
from scipy.linalg import cho_factor, cho_solve
from scipy.special import betaln, gammaln, logsumexp, ndtr
from scipy.stats import norm

_X = np.array([[1.0, 0.5], [1.0, -0.3], [1.0, 1.2], [1.0, 0.1], [1.0, -1.0]])
_Y = np.array([1.2, 0.4, 2.1, 0.9, -0.2])


def weighted_least_squares(beta, w):
    r = _Y - _X @ beta
    return np.sum(w * r ** 2) / np.sum(w)


def wls_closed_form(w):
    W = np.diag(w)
    beta = np.linalg.solve(_X.T @ W @ _X, _X.T @ W @ _Y)
    return beta[1] ** 2 + beta[0]


def huber_branchy(r):
    total = 0.0
    delta = 0.5
    for ri in r:
        if abs(ri) <= delta:
            total += 0.5 * ri ** 2
        else:
            total += delta * (abs(ri) - 0.5 * delta)
    return total


def huber_where(beta):
    r = _Y - _X @ beta
    a = np.abs(r)
    return np.sum(np.where(a < 0.3, 0.5 * r ** 2, 0.3 * (a - 0.15)))


def tukey_biweight(r):
    c = 1.0
    out = np.where(np.abs(r) <= c, c ** 2 / 6 * (1 - (1 - (r / c) ** 2) ** 3), c ** 2 / 6)
    return out.sum()


def quantile_loss(beta):
    tau = 0.3
    r = _Y - _X @ beta
    return np.mean(np.maximum(tau * r, (tau - 1) * r))


def pinball_indicator(pred):
    tau = 0.7
    r = _Y - pred
    return np.sum(r * (tau - (r < 0)))


def logistic_glm(beta):
    y = np.array([1, 0, 1, 1, 0])
    eta = _X @ beta
    return -np.sum(y * eta - np.logaddexp(0, eta))


def poisson_glm(beta):
    counts = np.array([2, 0, 5, 1, 0])
    eta = _X @ beta
    return np.sum(np.exp(eta) - counts * eta + gammaln(counts + 1))


def probit_like(beta):
    y = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
    p = ndtr(_X @ beta)
    return -np.sum(y * np.log(p) + (1 - y) * np.log1p(-p))


def gamma_glm_log_link(beta, shape):
    eta = _X @ beta
    mu = np.exp(eta)
    y = np.abs(_Y) + 0.5
    return -np.sum(shape * np.log(shape / mu) + (shape - 1) * np.log(y) - shape * y / mu - gammaln(shape))


def exponential_survival_censored(log_rate):
    t = np.array([1.0, 2.5, 0.7, 3.0, 1.8])
    event = np.array([1, 0, 1, 0, 1], dtype=bool)
    lam = np.exp(log_rate)
    ll = np.sum(np.log(lam) * event) - lam * np.sum(t)
    return -ll


def weibull_survival(params):
    k, lam = np.exp(params)
    t = np.array([1.0, 2.5, 0.7, 3.0, 1.8])
    d = np.array([1.0, 0.0, 1.0, 0.0, 1.0])
    z = t / lam
    logf = np.log(k / lam) + (k - 1) * np.log(z) - z ** k
    logS = -z ** k
    return -np.sum(d * logf + (1 - d) * logS)


def cox_partial_likelihood(beta):
    t = np.array([1.0, 2.5, 0.7, 3.0, 1.8])
    d = np.array([1, 0, 1, 0, 1])
    eta = _X[:, 1] * beta
    order = np.argsort(t)
    eta, d = eta[order], d[order]
    ll = 0.0
    for i in range(len(t)):
        if d[i]:
            ll += eta[i] - logsumexp(eta[i:])
    return -ll


def censored_mask_indexing(mu):
    t = np.array([1.0, 2.5, 0.7, 3.0, 1.8])
    obs = np.array([True, False, True, False, True])
    return -(np.sum(norm.logpdf(t[obs], mu, 1.0)) + np.sum(norm.logsf(t[~obs], mu, 1.0)))


def lse_by_hand(x):
    m = np.max(x)
    return m + np.log(np.sum(np.exp(x - m)))


def lse_rows_keepdims(X):
    m = X.max(axis=1, keepdims=True)
    lse = m + np.log(np.exp(X - m).sum(axis=1, keepdims=True))
    return np.sum(X - lse)


def log_softmax_loop(x):
    out = []
    for row in x:
        out.append(row - logsumexp(row))
    return np.sum(np.stack(out)[:, 0])


def cholesky_gaussian_loglik(L_raw):
    L = np.tril(L_raw)
    Sigma = L @ L.T + 0.1 * np.eye(3)
    C = np.linalg.cholesky(Sigma)
    y = np.array([0.5, -0.2, 1.0])
    z = np.linalg.solve(C, y)
    return -0.5 * z @ z - np.sum(np.log(np.diag(C))) - 1.5 * np.log(2 * np.pi)


def gp_marginal_likelihood_cho(ell):
    x = np.array([0.0, 0.5, 1.0, 1.7])
    y = np.array([0.1, 0.6, 0.9, 0.3])
    K = np.exp(-0.5 * (x[:, None] - x[None, :]) ** 2 / ell ** 2) + 0.01 * np.eye(4)
    c, low = cho_factor(K)
    alpha = cho_solve((c, low), y)
    return 0.5 * y @ alpha + np.sum(np.log(np.diag(c)))


def slogdet_gaussian(A):
    S = A @ A.T + np.eye(3)
    sign, logdet = np.linalg.slogdet(S)
    y = np.ones(3)
    return 0.5 * logdet + 0.5 * y @ np.linalg.inv(S) @ y


def student_t_loglik(nu):
    r = _Y - 0.5
    return -np.sum(gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * math.log(math.pi) - 0.5 * np.log(nu)
                   - (nu + 1) / 2 * np.log1p(r ** 2 / nu))


def mixture_loglik(mus):
    x = np.array([-1.0, -0.8, 0.9, 1.1, 1.3])
    ll = 0.0
    for xi in x:
        comps = [math.log(0.5) - 0.5 * (xi - m) ** 2 for m in mus]
        ll += logsumexp(comps)
    return -ll


def ridge_via_lstsq_free(beta, lam):
    r = _Y - _X @ beta
    return r @ r + lam * beta @ beta


def trimmed_mean_loss(x):
    s = np.sort(x)
    return np.mean(s[1:-1] ** 2)


def median_abs_dev(x):
    med = np.median(x)
    return np.median(np.abs(x - med)) + np.mean(x)


def bootstrap_fixed_indices(x):
    rng = np.random.default_rng(1)
    idx = rng.integers(0, x.size, size=(4, x.size))
    means = x[idx].mean(axis=1)
    return np.var(means) + means.sum()


def weighted_var_ddof(x, w):
    m = np.average(x, weights=w)
    return np.sum(w * (x - m) ** 2) / (np.sum(w) - 1)


def corr_coef(x):
    y = np.array([1.0, 2.0, 0.5, 3.0, 2.2])
    return np.corrcoef(x, y)[0, 1]


def cov_matrix(X):
    C = np.cov(X, rowvar=False)
    return np.sum(C ** 2)


def beta_binomial_like(a):
    k = np.array([3, 5, 1])
    n = 6
    return -np.sum(betaln(k + a, n - k + 2.0) - betaln(a, 2.0))


_XX = np.array([[0.1, 0.5, 1.0], [0.4, -0.3, 0.2], [1.0, 0.2, -0.5], [0.3, 0.8, 0.1]])
CASES = [
    dict(f=weighted_least_squares, args=(np.array([0.5, 1.0]), np.array([1.0, 2.0, 0.5, 1.5, 1.0])), wrt=0, alt=(0, 1)),
    dict(f=wls_closed_form, args=(np.array([1.0, 2.0, 0.5, 1.5, 1.0]),)),
    dict(f=huber_branchy, args=(np.array([0.2, -0.9, 0.4, 1.5, -0.1]),)),
    dict(f=huber_where, args=(np.array([0.45, 1.0]),)),
    dict(f=tukey_biweight, args=(np.array([0.2, -0.9, 0.4, 1.5, -0.1]),)),
    dict(f=quantile_loss, args=(np.array([0.5, 1.0]),)),
    dict(f=pinball_indicator, args=(np.array([1.0, 0.3, 2.5, 0.7, 0.1]),)),
    dict(f=logistic_glm, args=(np.array([0.2, 0.8]),)),
    dict(f=poisson_glm, args=(np.array([0.2, 0.8]),)),
    dict(f=probit_like, args=(np.array([0.2, 0.8]),)),
    dict(f=gamma_glm_log_link, args=(np.array([0.2, 0.3]), 2.0), wrt=0, alt=(0, 1)),
    dict(f=exponential_survival_censored, args=(-0.5,)),
    dict(f=weibull_survival, args=(np.array([0.3, 0.5]),)),
    dict(f=cox_partial_likelihood, args=(0.7,)),
    dict(f=censored_mask_indexing, args=(1.2,)),
    dict(f=lse_by_hand, args=(np.array([1.0, 3.0, -2.0, 0.5]),)),
    dict(f=lse_rows_keepdims, args=(_XX,)),
    dict(f=log_softmax_loop, args=(_XX,)),
    dict(f=cholesky_gaussian_loglik, args=(np.array([[1.0, 0.0, 0.0], [0.3, 0.9, 0.0], [0.1, -0.2, 1.1]]),)),
    dict(f=gp_marginal_likelihood_cho, args=(0.8,)),
    dict(f=slogdet_gaussian, args=(_XX[:3],)),
    dict(f=student_t_loglik, args=(4.0,)),
    dict(f=mixture_loglik, args=(np.array([-0.5, 0.8]),)),
    dict(f=ridge_via_lstsq_free, args=(np.array([0.5, 1.0]), 0.3), wrt=0, alt=(0, 1)),
    dict(f=trimmed_mean_loss, args=(np.array([0.5, -1.2, 2.0, 0.1, 0.9]),)),
    dict(f=median_abs_dev, args=(np.array([0.5, -1.2, 2.0, 0.15, 0.9]),)),
    dict(f=bootstrap_fixed_indices, args=(np.array([0.5, -1.2, 2.0, 0.1, 0.9]),)),
    dict(f=weighted_var_ddof, args=(np.array([0.5, -1.2, 2.0, 0.1, 0.9]), np.array([1.0, 2.0, 1.5, 0.5, 1.0])), wrt=0, alt=(0, 1)),
    dict(f=corr_coef, args=(np.array([0.5, -1.2, 2.0, 0.1, 0.9]),)),
    dict(f=cov_matrix, args=(_XX,)),
    dict(f=beta_binomial_like, args=(1.5,)),
]

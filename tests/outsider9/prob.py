"""Probabilistic code: log-densities with scipy.stats, mixtures, Kalman filters, unrolled MCMC
chains with fixed seeds, ELBOs with the reparameterisation trick."""

import numpy as np
from scipy import stats
from scipy.stats import norm, multivariate_normal
from scipy.special import logsumexp, gammaln, digamma

_r = np.random.default_rng(94)
DATA = _r.standard_normal(6) * 1.3 + 0.4
OBS = np.cumsum(_r.standard_normal(6) * 0.5)
TH2 = np.array([0.3, -0.2])


def gauss_loglik(theta, x):
    mu, log_sigma = theta[0], theta[1]
    return np.sum(norm.logpdf(x, loc=mu, scale=np.exp(log_sigma)))


def gauss_loglik_stats(mu, sigma):
    return stats.norm.logpdf(DATA, mu, sigma).sum()


def gauss_by_hand(mu, log_s):
    s = np.exp(log_s)
    return np.sum(-0.5 * ((DATA - mu) / s) ** 2 - np.log(s) - 0.5 * np.log(2 * np.pi))


def student_t_loglik(mu, x):
    return np.sum(stats.t.logpdf(x, df=3.0, loc=mu, scale=1.5))


def laplace_logpdf(mu):
    return np.sum(stats.laplace.logpdf(DATA, loc=mu, scale=0.7))


def gamma_prior(a):
    return np.sum(stats.gamma.logpdf(np.array([0.5, 1.2, 2.0]), a))


def beta_logpdf(a, b):
    x = np.array([0.2, 0.5, 0.7])
    return np.sum((a - 1) * np.log(x) + (b - 1) * np.log1p(-x) - (gammaln(a) + gammaln(b) - gammaln(a + b)))


def mvn_logpdf(mu):
    cov = np.array([[1.0, 0.3], [0.3, 2.0]])
    return multivariate_normal.logpdf(np.array([0.5, -0.4]), mean=mu, cov=cov)


def mvn_by_cholesky(mu, L):
    x = np.array([0.5, -0.4])
    Sigma = L @ L.T + 0.1 * np.eye(2)
    diff = x - mu
    sign, logdet = np.linalg.slogdet(Sigma)
    return -0.5 * (diff @ np.linalg.solve(Sigma, diff) + logdet + 2 * np.log(2 * np.pi))


def gmm_loglik(means, x):
    w = np.array([0.3, 0.7])
    comp = np.log(w)[None, :] + norm.logpdf(x[:, None], means[None, :], 1.0)
    return np.sum(logsumexp(comp, axis=1))


def gmm_loop(means, log_w):
    logw = log_w - logsumexp(log_w)
    total = 0.0
    for x in DATA:
        total += logsumexp(logw - 0.5 * (x - means) ** 2)
    return total


def gmm_em_step(means):
    resp = np.exp(-0.5 * (DATA[:, None] - means) ** 2)
    resp = resp / resp.sum(axis=1, keepdims=True)
    new_means = (resp * DATA[:, None]).sum(0) / resp.sum(0)
    return np.sum(new_means ** 2)


def kalman_filter(q, r):
    m, P = 0.0, 1.0
    ll = 0.0
    for y in OBS:
        P = P + q
        S = P + r
        K = P / S
        ll += -0.5 * (np.log(2 * np.pi * S) + (y - m) ** 2 / S)
        m = m + K * (y - m)
        P = (1 - K) * P
    return ll


def kalman_matrix(F):
    H = np.array([[1.0, 0.0]])
    Q = 0.1 * np.eye(2)
    R = np.array([[0.5]])
    x = np.zeros(2)
    P = np.eye(2)
    ll = 0.0
    for y in OBS[:4]:
        x = F @ x
        P = F @ P @ F.T + Q
        S = H @ P @ H.T + R
        K = P @ H.T @ np.linalg.inv(S)
        v = y - H @ x
        ll = ll - 0.5 * (np.log(S[0, 0]) + v[0] ** 2 / S[0, 0])
        x = x + K @ v
        P = (np.eye(2) - K @ H) @ P
    return ll


def kalman_means(q):
    m, P, out = 0.0, 1.0, []
    for y in OBS:
        P += q
        K = P / (P + 0.3)
        m = m + K * (y - m)
        P = (1 - K) * P
        out.append(m)
    return np.array(out)


def random_walk_mh(step):
    rng = np.random.default_rng(1)
    x = 0.0
    total = 0.0
    for _ in range(10):
        prop = x + step * rng.standard_normal()
        log_a = -0.5 * prop ** 2 + 0.5 * x ** 2
        if np.log(rng.random()) < log_a:
            x = prop
        total += x
    return total


def langevin_chain(x0, eps):
    rng = np.random.default_rng(2)
    x = x0
    for _ in range(8):
        grad_logp = -x
        x = x + 0.5 * eps ** 2 * grad_logp + eps * rng.standard_normal(x.shape)
    return np.sum(x ** 2)


def hmc_leapfrog(q0, p0):
    q, p = q0, p0
    eps = 0.1
    p = p - 0.5 * eps * q
    for _ in range(5):
        q = q + eps * p
        p = p - eps * q
    p = p + 0.5 * eps * q
    return 0.5 * np.sum(p ** 2) + 0.5 * np.sum(q ** 2)


def elbo_reparam(mu, log_s):
    rng = np.random.default_rng(3)
    eps = rng.standard_normal((20, 2))
    z = mu + np.exp(log_s) * eps
    logp = -0.5 * np.sum(z ** 2, axis=1)
    entropy = np.sum(log_s)
    return np.mean(logp) + entropy


def elbo_data(mu, log_s):
    rng = np.random.default_rng(4)
    eps = rng.normal(size=10)
    z = mu + np.exp(log_s) * eps
    loglik = np.array([np.sum(norm.logpdf(DATA, zi, 1.0)) for zi in z])
    kl = 0.5 * (np.exp(2 * log_s) + mu ** 2 - 1) - log_s
    return loglik.mean() - kl


def vae_kl(mu, logvar):
    return -0.5 * np.sum(1 + logvar - mu ** 2 - np.exp(logvar))


def gumbel_softmax(logits):
    rng = np.random.default_rng(5)
    g = -np.log(-np.log(rng.uniform(size=logits.shape)))
    y = (logits + g) / 0.5
    y = np.exp(y - logsumexp(y))
    return np.sum(y * np.arange(4.0))


def iwae_bound(mu):
    rng = np.random.default_rng(6)
    z = mu + rng.standard_normal(8)
    logw = norm.logpdf(z, 0.0, 1.0) + norm.logpdf(1.0, z, 0.5) - norm.logpdf(z, mu, 1.0)
    return logsumexp(logw) - np.log(8)


def dirichlet_logpdf(alpha):
    x = np.array([0.2, 0.3, 0.5])
    return stats.dirichlet.logpdf(x, alpha)


def poisson_regression(beta):
    X = np.array([[1.0, 0.2], [1.0, -0.5], [1.0, 1.1]])
    k = np.array([2, 0, 5])
    return np.sum(stats.poisson.logpmf(k, np.exp(X @ beta)))


def negbin_by_hand(r):
    k = np.array([0.0, 3.0, 1.0])
    p = 0.4
    return np.sum(gammaln(k + r) - gammaln(r) - gammaln(k + 1) + r * np.log(p) + k * np.log1p(-p))


def hmm_forward(logA):
    A = np.exp(logA - logsumexp(logA, axis=1, keepdims=True))
    emis = np.exp(-0.5 * (OBS[:, None] - np.array([-1.0, 1.0])) ** 2)
    alpha = np.array([0.5, 0.5]) * emis[0]
    ll = 0.0
    for t in range(1, len(OBS)):
        alpha = (alpha @ A) * emis[t]
        c = alpha.sum()
        ll += np.log(c)
        alpha = alpha / c
    return ll


def digamma_expectation(a):
    return np.sum(digamma(a) - digamma(np.sum(a)))


def cdf_probit(w):
    X = np.array([[0.5, 1.0], [-1.0, 0.3], [0.2, -0.7]])
    y = np.array([1, 0, 1])
    p = norm.cdf(X @ w)
    return np.sum(np.where(y == 1, np.log(p), np.log(1 - p)))


def logsf_tail(x):
    return np.sum(norm.logsf(x)) + np.sum(stats.expon.logpdf(np.abs(x) + 0.1, scale=2.0))


def truncated_normal(mu):
    a, b = -1.0, 2.0
    x = np.array([0.1, 0.5, 1.5])
    Z = norm.cdf(b - mu) - norm.cdf(a - mu)
    return np.sum(norm.logpdf(x - mu) - np.log(Z))


CASES = [
    dict(f=gauss_loglik, args=(TH2, DATA), wrt=0, alt=1),
    dict(f=gauss_loglik_stats, args=(0.2, 1.3), wrt=(0, 1), alt=1),
    dict(f=gauss_by_hand, args=(0.2, 0.1), wrt=0, alt=(0, 1)),
    dict(f=student_t_loglik, args=(0.1, DATA), wrt=0, alt=1),
    dict(f=laplace_logpdf, args=(0.25,)),
    dict(f=gamma_prior, args=(2.5,)),
    dict(f=beta_logpdf, args=(2.0, 3.0), wrt=(0, 1), alt=0),
    dict(f=mvn_logpdf, args=(np.array([0.1, 0.2]),)),
    dict(f=mvn_by_cholesky, args=(np.array([0.1, 0.2]), np.array([[1.0, 0.0], [0.4, 0.8]])), wrt=0, alt=1),
    dict(f=gmm_loglik, args=(np.array([-1.0, 1.0]), DATA), wrt=0, alt=1),
    dict(f=gmm_loop, args=(np.array([-1.0, 1.0]), np.array([0.2, -0.1])), wrt=0, alt=1),
    dict(f=gmm_em_step, args=(np.array([-1.0, 1.0]),)),
    dict(f=kalman_filter, args=(0.2, 0.5), wrt=(0, 1), alt=0),
    dict(f=kalman_matrix, args=(np.array([[1.0, 0.1], [0.0, 0.9]]),)),
    dict(f=kalman_means, args=(0.2,), out="vector"),
    dict(f=random_walk_mh, args=(0.8,)),
    dict(f=langevin_chain, args=(np.array([1.0, -0.5]), 0.3), wrt=0, alt=1),
    dict(f=hmc_leapfrog, args=(np.array([1.0, -0.5]), np.array([0.2, 0.4])), wrt=(0, 1), alt=0),
    dict(f=elbo_reparam, args=(np.array([0.3, -0.2]), np.array([-0.5, 0.1])), wrt=0, alt=1),
    dict(f=elbo_data, args=(0.2, -0.3), wrt=0, alt=1),
    dict(f=vae_kl, args=(np.array([0.3, -0.2]), np.array([-0.5, 0.1])), wrt=(0, 1), alt=1),
    dict(f=gumbel_softmax, args=(np.array([0.1, 0.5, -0.3, 0.2]),)),
    dict(f=iwae_bound, args=(0.3,)),
    dict(f=dirichlet_logpdf, args=(np.array([1.5, 2.0, 3.0]),)),
    dict(f=poisson_regression, args=(np.array([0.2, 0.5]),)),
    dict(f=negbin_by_hand, args=(2.5,)),
    dict(f=hmm_forward, args=(np.array([[0.5, -0.5], [0.1, 0.3]]),)),
    dict(f=digamma_expectation, args=(np.array([1.5, 2.0, 3.0]),)),
    dict(f=cdf_probit, args=(np.array([0.4, -0.3]),)),
    dict(f=logsf_tail, args=(np.array([0.3, -1.2, 2.0]),)),
    dict(f=truncated_normal, args=(0.4,)),
]

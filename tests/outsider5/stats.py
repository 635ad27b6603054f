"""Statistics: GP marginal likelihood, GLMs, survival (Cox), mixtures, robust losses, kernels."""

import math

import numpy as np

rng = np.random.default_rng(6)


def rbf(X, ell, sf):
    d2 = np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1)
    return sf ** 2 * np.exp(-0.5 * d2 / ell ** 2)


def gp_nll(log_ell, log_sf, log_sn, X, y):
    K = rbf(X, np.exp(log_ell), np.exp(log_sf)) + np.exp(2 * log_sn) * np.eye(len(y))
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(L.T, np.linalg.solve(L, y))
    return 0.5 * y @ alpha + np.sum(np.log(np.diag(L))) + 0.5 * len(y) * np.log(2 * np.pi)


def gp_nll_slogdet(theta, X, y):
    K = rbf(X, theta[0], theta[1]) + 0.1 * np.eye(len(y))
    sign, logdet = np.linalg.slogdet(K)
    return 0.5 * y @ np.linalg.solve(K, y) + 0.5 * logdet


def gp_predict_mean(X, y, Xs, ell):
    K = rbf(X, ell, 1.0) + 1e-2 * np.eye(len(y))
    d2 = np.sum((Xs[:, None, :] - X[None, :, :]) ** 2, axis=-1)
    Ks = np.exp(-0.5 * d2 / ell ** 2)
    return np.sum(Ks @ np.linalg.solve(K, y))


def poisson_glm(beta, X, y):
    eta = X @ beta
    return np.sum(np.exp(eta) - y * eta)


def poisson_glm_offset(beta, X, y, exposure):
    mu = exposure * np.exp(X @ beta)
    return -np.sum(y * np.log(mu) - mu)


def logistic_l2(w, X, y, lam=0.1):
    z = X @ w
    return np.sum(np.logaddexp(0.0, -y * z)) + lam * w @ w


def cox_partial(beta, X, times, events):
    order = np.argsort(-times)
    eta = (X @ beta)[order]
    ev = events[order]
    log_risk = np.logaddexp.accumulate(eta)
    return -np.sum((eta - log_risk) * ev)


def cox_cumsum_reversed(beta, X, events):
    # rows sorted by time ascending: the risk set of i is i..n
    eta = X @ beta
    risk = np.cumsum(np.exp(eta)[::-1])[::-1]
    return -np.sum(events * (eta - np.log(risk)))


def cox_loop(beta, X, events):
    eta = X @ beta
    n = len(eta)
    ll = 0.0
    for i in range(n):
        if events[i]:
            ll += eta[i] - np.log(np.sum(np.exp(eta[i:])))
    return -ll


def gmm_loglik(means, log_sig, logits, x):
    w = np.exp(logits - np.max(logits))
    w = w / w.sum()
    sig = np.exp(log_sig)
    dens = w * np.exp(-0.5 * ((x[:, None] - means) / sig) ** 2) / (sig * np.sqrt(2 * np.pi))
    return np.sum(np.log(dens.sum(axis=1)))


def student_t_nll(mu, log_s, nu, x):
    s = np.exp(log_s)
    z = (x - mu) / s
    lg = math.lgamma((nu + 1) / 2) - math.lgamma(nu / 2)
    return -np.sum(lg - 0.5 * np.log(nu * np.pi) - log_s - (nu + 1) / 2 * np.log1p(z ** 2 / nu))


def huber(r, delta=1.0):
    a = np.abs(r)
    return np.sum(np.where(a <= delta, 0.5 * r ** 2, delta * (a - 0.5 * delta)))


def huber_regression(w, X, y):
    return huber(X @ w - y)


def quantile_loss(w, X, y, q=0.3):
    r = y - X @ w
    return np.sum(np.maximum(q * r, (q - 1) * r))


def weighted_mean_var(x, w):
    m = np.average(x, weights=w)
    return np.average((x - m) ** 2, weights=w)


def standardize(X):
    Z = (X - X.mean(axis=0)) / X.std(axis=0, ddof=1)
    return np.sum(Z[:, 0] * Z[:, 1])


def corr_loss(X):
    C = np.corrcoef(X, rowvar=False)
    return np.sum(np.triu(C, 1) ** 2)


def kde_loglik(bw, x, data):
    d = (x[:, None] - data[None, :]) / bw
    return np.sum(np.log(np.mean(np.exp(-0.5 * d ** 2), axis=1) / (bw * math.sqrt(2 * math.pi))))


def dirichlet_nll(alpha, P):
    from_gammaln = np.sum([math.lgamma(a) for a in alpha]) - math.lgamma(np.sum(alpha))
    return from_gammaln - np.sum((alpha - 1) * np.log(P))


def em_step_means(mu, x):
    r = np.exp(-0.5 * (x[:, None] - mu[None, :]) ** 2)
    r = r / r.sum(axis=1, keepdims=True)
    new_mu = (r * x[:, None]).sum(axis=0) / r.sum(axis=0)
    return np.sum(new_mu ** 2)


def ridge_closed_form(lam, X, y):
    A = X.T @ X + lam * np.eye(X.shape[1])
    w = np.linalg.solve(A, X.T @ y)
    return np.sum((X @ w - y) ** 2)


def median_abs_dev(x):
    m = np.median(x)
    return np.median(np.abs(x - m))


def softmax_regression_ce(W, X, y):
    Z = X @ W
    Z = Z - Z.max(axis=1, keepdims=True)
    logp = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
    return -logp[np.arange(len(y)), y].mean()


def bernoulli_entropy(logits):
    p = 1 / (1 + np.exp(-logits))
    return -np.sum(p * np.log(p) + (1 - p) * np.log1p(-p))


X52 = rng.standard_normal((5, 2))
Y5 = rng.standard_normal(5)
TIMES = np.array([3.0, 1.0, 4.0, 1.5, 9.0, 2.6])
EVENTS = np.array([1, 0, 1, 1, 0, 1])
X62 = rng.standard_normal((6, 2))

CASES = [
    dict(f=gp_nll, args=(0.1, 0.2, -1.0, X52, Y5), wrt=(0, 1, 2), alt="X"),
    dict(f=gp_nll_slogdet, args=(np.array([1.1, 0.9]), X52, Y5), wrt=0, alt=1),
    dict(f=gp_predict_mean, args=(X52, Y5, rng.standard_normal((3, 2)), 0.9), wrt="ell", alt=("X", "y")),
    dict(f=poisson_glm, args=(rng.standard_normal(2) * 0.3, X62, np.array([0, 1, 2, 0, 3, 1])), wrt=0),
    dict(f=poisson_glm_offset, args=(rng.standard_normal(2) * 0.3, X62, np.array([0, 1, 2, 0, 3, 1]),
                                     np.array([1.0, 2.0, 0.5, 1.0, 3.0, 1.0])), wrt=0),
    dict(f=logistic_l2, args=(rng.standard_normal(2), X62, np.array([1, -1, 1, 1, -1, -1]), 0.1), wrt=0,
         alt="lam"),
    dict(f=cox_partial, args=(rng.standard_normal(2), X62, TIMES, EVENTS), wrt=0),
    dict(f=cox_cumsum_reversed, args=(rng.standard_normal(2), X62, EVENTS), wrt=0, alt=1),
    dict(f=cox_loop, args=(rng.standard_normal(2), X62, EVENTS), wrt=0, alt=1),
    dict(f=gmm_loglik, args=(np.array([-1.0, 1.0]), np.array([0.1, -0.2]), np.array([0.3, -0.3]),
                             rng.standard_normal(6)), wrt=(0, 1, 2), alt=3),
    dict(f=student_t_nll, args=(0.1, -0.2, 4.0, rng.standard_normal(6)), wrt=(0, 1, 2)),
    dict(f=huber_regression, args=(rng.standard_normal(2), X62, rng.standard_normal(6) * 2), wrt=0, alt=1),
    dict(f=quantile_loss, args=(rng.standard_normal(2), X62, rng.standard_normal(6)), wrt=0),
    dict(f=weighted_mean_var, args=(rng.standard_normal(5), rng.random(5) + 0.1), wrt=0, alt=1),
    dict(f=standardize, args=(rng.standard_normal((6, 2)),), wrt=0),
    dict(f=corr_loss, args=(rng.standard_normal((6, 3)),), wrt=0),
    dict(f=kde_loglik, args=(0.5, rng.standard_normal(3), rng.standard_normal(7)), wrt=0, alt=(1, 2)),
    dict(f=dirichlet_nll, args=(np.array([1.5, 2.0, 0.7]), np.array([0.2, 0.5, 0.3])), wrt=0, alt=1),
    dict(f=em_step_means, args=(np.array([-0.5, 0.8]), rng.standard_normal(7)), wrt=0, alt=1),
    dict(f=ridge_closed_form, args=(0.3, X62, rng.standard_normal(6)), wrt=0, alt=(1, 2)),
    dict(f=median_abs_dev, args=(rng.standard_normal(6),), wrt=0),
    dict(f=softmax_regression_ce, args=(rng.standard_normal((2, 3)), X62, np.array([0, 1, 2, 2, 1, 0])),
         wrt=0, alt=1),
    dict(f=bernoulli_entropy, args=(rng.standard_normal(4),), wrt=0),
]

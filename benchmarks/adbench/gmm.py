"""ADBench GMM: the log-likelihood of a Gaussian mixture with a Wishart prior on the precisions.

Each component k has a mean, a log-weight alpha_k and an inverse-covariance factor given by
`icf[k]`: its first d entries are the logs of the diagonal of Q_k, the remaining d(d-1)/2 fill
the strictly lower triangle of L_k column by column, and the precision is (Q_k + L_k)^T (Q_k + L_k).
Plain NumPy in the style of the benchmark's reference code (a loop per component where it loops).
"""

import numpy as np
from scipy import special


def logsumexp(x):
    """log(sum(exp(x))) of a vector, shifted by its maximum."""
    mx = np.max(x)
    return np.log(np.sum(np.exp(x - mx))) + mx


def logsumexpvec(x):
    """logsumexp of each row of a matrix."""
    mx = np.max(x, 1)
    return np.log(np.sum(np.exp(x - mx[:, None]), 1)) + mx


def log_gamma_distrib(a, p):
    """log of the multivariate gamma function Gamma_p(a)."""
    return special.multigammaln(a, p)


def sqsum(x):
    return np.sum(x ** 2)


def log_wishart_prior(p, wishart_gamma, wishart_m, sum_qs, Qdiags, icf):
    n = p + wishart_m + 1
    k = icf.shape[0]
    out = 0.0
    for ik in range(k):
        frobenius = sqsum(Qdiags[ik, :]) + sqsum(icf[ik, p:])
        out = out + 0.5 * wishart_gamma * wishart_gamma * frobenius - wishart_m * sum_qs[ik]
    C = n * p * (np.log(wishart_gamma) - 0.5 * np.log(2.0)) - log_gamma_distrib(0.5 * n, p)
    return out - k * C


def constructL(d, icf):
    """The strictly lower-triangular L of one component, filled column by column from icf[d:]."""
    L = np.zeros((d, d))
    start = d
    for col in range(d):
        count = d - col - 1
        L[col + 1:, col] = icf[start:start + count]
        start = start + count
    return L


def Qtimesx(Qdiag, L, x):
    """(Q_k + L_k) x for every point and component: Qdiag (k, d), L (k, d, d), x (n, k, d)."""
    return Qdiag * x + np.einsum('kij,nkj->nki', L, x)


def gmm_objective(alphas, means, icf, x, wishart_gamma, wishart_m):
    """The log-likelihood of the points x (n, d) under the mixture, plus the log Wishart prior."""
    n = x.shape[0]
    d = x.shape[1]
    k = alphas.shape[0]
    Qdiags = np.exp(icf[:, :d])
    sum_qs = np.sum(icf[:, :d], 1)
    Ls = np.zeros((k, d, d))
    for ik in range(k):
        Ls[ik] = constructL(d, icf[ik])
    xcentered = x[:, None, :] - means[None, :, :]
    Lxcentered = Qtimesx(Qdiags, Ls, xcentered)
    sqsum_Lxcentered = np.sum(Lxcentered ** 2, 2)
    inner_term = alphas + sum_qs - 0.5 * sqsum_Lxcentered
    lse = logsumexpvec(inner_term)
    slse = np.sum(lse)
    CONSTANT = -n * d * 0.5 * np.log(2.0 * np.pi)
    return (CONSTANT + slse - n * logsumexp(alphas)
            + log_wishart_prior(d, wishart_gamma, wishart_m, sum_qs, Qdiags, icf))


WRT = ("alphas", "means", "icf")

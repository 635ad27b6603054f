"""A Gaussian fit written in a hurry: a frozen dataclass made in the function and returned by a
helper, its method called on both, robust losses from a module-level list of lambdas, a list of
functions given to a helper that enumerates it."""

import dataclasses
import numpy as np

LOSSES = [lambda r: r ** 2, np.abs, lambda r: np.log(np.cosh(r))]


@dataclasses.dataclass(frozen=True)
class Gaussian:
    mu: np.ndarray
    log_sigma: np.ndarray

    def logpdf(self, x):
        z = (x - self.mu) / np.exp(self.log_sigma)
        return -0.5 * z ** 2 - self.log_sigma - 0.5 * np.log(2 * np.pi)


def fit_gaussian(X):
    mu = np.mean(X, axis=0)
    return Gaussian(mu=mu, log_sigma=0.5 * np.log(np.var(X, axis=0) + 1e-3))


def pipeline(fs, x):
    total = 0.0
    for k, f in enumerate(fs):
        total = total + (k + 1.0) * np.sum(f(x))
    return total


def nll(theta, X):
    g = Gaussian(theta[:2], theta[2:])
    data = fit_gaussian(X * theta[0])
    r = X - g.mu
    robust = [np.mean(L(r)) for L in LOSSES]
    return -np.sum(g.logpdf(X)) + np.sum(data.logpdf(X)) + sum(robust) + pipeline([np.sin, np.cos], theta)

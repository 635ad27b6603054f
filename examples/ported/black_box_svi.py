"""Black-box stochastic variational inference on a banana-shaped 2-D density.

The variational family is a diagonal Gaussian, params = [mean, log_std]. Samples use the
reparametrisation trick with a fixed set of standard-normal draws, so the Monte Carlo
estimate of the ELBO is a smooth deterministic function of params.
"""

import numpy as np
from scipy.stats import norm


def log_density(x):
    """Unnormalised log-density of a curved (banana) distribution, one row per point."""
    a, b = x[:, 0], x[:, 1]
    return norm.logpdf(a, 0.0, 1.5) + norm.logpdf(b, 0.5 * a ** 2 - 1.0, 0.4)


def unpack_params(params):
    dim = len(params) // 2
    return params[:dim], params[dim:]


def gaussian_entropy(log_std):
    dim = len(log_std)
    return 0.5 * dim * (1.0 + np.log(2 * np.pi)) + np.sum(log_std)


def variational_objective(params, eps):
    """Negative ELBO estimated with the samples mean + exp(log_std) * eps."""
    mean, log_std = unpack_params(params)
    samples = eps * np.exp(log_std) + mean
    lower_bound = gaussian_entropy(log_std) + np.mean(log_density(samples))
    return -lower_bound


def loss(params, eps):
    return variational_objective(params, eps)


def main():
    rs = np.random.RandomState(0)
    dim, num_samples = 2, 200
    params = np.concatenate([0.1 * rs.randn(dim), -0.5 * np.ones(dim)])
    eps = rs.randn(num_samples, dim)
    print("loss", loss(params, eps))


if __name__ == "__main__":
    main()

"""Type-II maximum likelihood for a Gaussian process with a squared-exponential kernel.

The negative log marginal likelihood is computed from the Cholesky factor of the kernel
matrix: a triangular solve for the data fit, the log of the factor's diagonal for the
log-determinant.
"""

import math

import numpy as np
from scipy.linalg import solve_triangular


def unpack_kernel_params(params):
    mean = params[0]
    log_amplitude = params[1]
    log_lengthscales = params[2:-1]
    noise_var = np.exp(params[-1]) + 1e-6
    return mean, log_amplitude, log_lengthscales, noise_var


def rbf_covariance(log_amplitude, log_lengthscales, x, xp):
    x_scaled = x / np.exp(log_lengthscales)
    xp_scaled = xp / np.exp(log_lengthscales)
    sq_dists = np.sum((x_scaled[:, None, :] - xp_scaled[None, :, :]) ** 2, axis=-1)
    return np.exp(2 * log_amplitude) * np.exp(-0.5 * sq_dists)


def neg_log_marginal_likelihood(params, x, y):
    mean, log_amplitude, log_lengthscales, noise_var = unpack_kernel_params(params)
    n = len(y)
    K = rbf_covariance(log_amplitude, log_lengthscales, x, x) + noise_var * np.eye(n)
    L = np.linalg.cholesky(K)
    alpha = solve_triangular(L, y - mean, lower=True)
    return 0.5 * np.dot(alpha, alpha) + np.sum(np.log(np.diag(L))) + 0.5 * n * math.log(2 * math.pi)


def predict(params, x, y, x_star):
    """Posterior mean and covariance of the latent function at x_star."""
    mean, log_amplitude, log_lengthscales, noise_var = unpack_kernel_params(params)
    K = rbf_covariance(log_amplitude, log_lengthscales, x, x) + noise_var * np.eye(len(y))
    K_star = rbf_covariance(log_amplitude, log_lengthscales, x, x_star)
    K_ss = rbf_covariance(log_amplitude, log_lengthscales, x_star, x_star)
    pred_mean = mean + K_star.T @ np.linalg.solve(K, y - mean)
    pred_cov = K_ss - K_star.T @ np.linalg.solve(K, K_star)
    return pred_mean, pred_cov


def loss(params, data):
    x, y = data
    return neg_log_marginal_likelihood(params, x, y)


def build_toy_dataset(n_data=20, dim=1, noise_std=0.1, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    inputs = np.concatenate([np.linspace(0, 3, n_data // 2), np.linspace(6, 8, n_data - n_data // 2)])
    targets = np.cos(inputs) + noise_std * rs.randn(n_data)
    inputs = ((inputs - 4.0) / 2.0).reshape(n_data, 1) * np.ones((1, dim))
    return inputs, targets


def main():
    params = np.array([0.1, 0.0, 0.2, -2.0])
    data = build_toy_dataset()
    print("loss", loss(params, data))


if __name__ == "__main__":
    main()

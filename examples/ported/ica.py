"""Independent component analysis with heavy-tailed sources, as MAP estimation.

observed[n] = W @ sources[:, n] + Gaussian noise, with i.i.d. Student-t sources. Mixing
matrix, sources and log noise scale are packed into one flat parameter vector.
"""

import numpy as np
from scipy.stats import norm, t

SOURCE_DOF = 3.0


def unpack_params(params, observed_dim, num_sources, num_samples):
    num_weights = observed_dim * num_sources
    weights = np.reshape(params[:num_weights], (observed_dim, num_sources))
    sources = np.reshape(params[num_weights:-1], (num_sources, num_samples))
    noise_std = np.exp(params[-1])
    return weights, sources, noise_std


def log_joint(params, observed, num_sources):
    num_samples, observed_dim = observed.shape
    weights, sources, noise_std = unpack_params(params, observed_dim, num_sources, num_samples)
    predictions = np.dot(weights, sources).T
    log_lik = np.sum(norm.logpdf(observed, predictions, noise_std))
    log_prior = np.sum(t.logpdf(sources, SOURCE_DOF))
    return log_lik + log_prior


def loss(params, data):
    observed, num_sources = data
    return -log_joint(params, observed, num_sources) / observed.size


def sample_data(observed_dim, num_sources, num_samples, noise_std=0.3, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    true_weights = np.zeros((observed_dim, num_sources))
    for i in range(num_sources):
        true_weights[:, i] = np.sin(np.linspace(0, 3 + 2 * i, observed_dim))
    sources = rs.standard_t(SOURCE_DOF, size=(num_sources, num_samples))
    observed = np.dot(true_weights, sources).T + noise_std * rs.randn(num_samples, observed_dim)
    return observed


def main():
    rs = np.random.RandomState(0)
    observed_dim, num_sources, num_samples = 6, 2, 15
    observed = sample_data(observed_dim, num_sources, num_samples, rs=rs)
    params = 0.1 * rs.randn(observed_dim * num_sources + num_sources * num_samples + 1)
    print("loss", loss(params, (observed, num_sources)))


if __name__ == "__main__":
    main()

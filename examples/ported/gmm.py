"""Maximum likelihood for a mixture of full-covariance Gaussians, fit by gradients.

Each component's covariance is L L^T + jitter for an unconstrained square matrix L; the
mixing weights are a softmax of free log-proportions.
"""

import numpy as np
from scipy.special import logsumexp
from scipy.stats import multivariate_normal as mvn


def init_gmm_params(num_components, dim, scale=0.5, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    return {
        "log_proportions": scale * rs.randn(num_components),
        "means": scale * rs.randn(num_components, dim),
        "chol_factors": np.tile(np.eye(dim), (num_components, 1, 1)) + 0.1 * rs.randn(num_components, dim, dim),
    }


def unpack_gmm_params(params):
    log_weights = params["log_proportions"] - logsumexp(params["log_proportions"])
    return log_weights, params["means"], params["chol_factors"]


def gmm_log_likelihood(params, data):
    log_weights, means, chol_factors = unpack_gmm_params(params)
    dim = data.shape[1]
    component_lls = []
    for log_w, mean, L in zip(log_weights, means, chol_factors):
        cov = L @ L.T + 1e-3 * np.eye(dim)
        component_lls.append(log_w + mvn.logpdf(data, mean, cov))
    return np.sum(logsumexp(np.vstack(component_lls), axis=0))


def loss(params, data):
    return -gmm_log_likelihood(params, data) / len(data)


def make_pinwheel(num_per_arm, num_arms=3, radial_std=0.3, tangential_std=0.05, rate=0.25, rs=None):
    """Points spread along rotating arms: a standard toy data set for mixtures."""
    rs = rs if rs is not None else np.random.RandomState(0)
    angles = np.linspace(0, 2 * np.pi, num_arms, endpoint=False)
    features = rs.randn(num_arms * num_per_arm, 2) * np.array([radial_std, tangential_std])
    features[:, 0] += 1.0
    labels = np.repeat(np.arange(num_arms), num_per_arm)
    rotations = angles[labels] + rate * np.exp(features[:, 0])
    cos, sin = np.cos(rotations), np.sin(rotations)
    x = cos * features[:, 0] - sin * features[:, 1]
    y = sin * features[:, 0] + cos * features[:, 1]
    return np.stack([x, y], axis=1)


def main():
    params = init_gmm_params(num_components=4, dim=2)
    data = make_pinwheel(num_per_arm=30)
    print("loss", loss(params, data))


if __name__ == "__main__":
    main()

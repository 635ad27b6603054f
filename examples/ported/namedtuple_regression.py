"""Heteroscedastic linear regression: one linear head for the mean, one for the log-variance.

The parameters are a namedtuple, so the model reads `params.w_mean` instead of indexing.
"""

from collections import namedtuple

import numpy as np

Params = namedtuple("Params", ["w_mean", "b_mean", "w_logvar", "b_logvar"])


def init_params(num_features, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    return Params(w_mean=0.1 * rs.randn(num_features), b_mean=0.0,
                  w_logvar=0.1 * rs.randn(num_features), b_logvar=np.log(0.5))


def predict(params, x):
    mean = x @ params.w_mean + params.b_mean
    log_var = x @ params.w_logvar + params.b_logvar
    return mean, log_var


def gaussian_nll(y, mean, log_var):
    return 0.5 * (np.log(2 * np.pi) + log_var + (y - mean) ** 2 / np.exp(log_var))


def loss(params, data, l2=1e-2):
    x, y = data
    mean, log_var = predict(params, x)
    penalty = l2 * (np.sum(params.w_mean ** 2) + np.sum(params.w_logvar ** 2))
    return np.mean(gaussian_nll(y, mean, log_var)) + penalty


def make_data(num_points=30, num_features=3, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    x = rs.randn(num_points, num_features)
    noise_std = np.exp(0.5 * x[:, 0])
    y = x @ np.array([1.0, -2.0, 0.5])[:num_features] + 0.3 + noise_std * rs.randn(num_points)
    return x, y


def main():
    params = init_params(3)
    data = make_data()
    print("loss", loss(params, data))


if __name__ == "__main__":
    main()

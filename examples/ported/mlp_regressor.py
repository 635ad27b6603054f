"""A small regression network fit to a noisy sine, with a Gaussian likelihood.

ReLU hidden layers, a linear output layer; the parameters are a list of (W, b) tuples.
"""

import numpy as np


def init_params(layer_sizes, scale=0.3, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    params = []
    for m, n in zip(layer_sizes[:-1], layer_sizes[1:]):
        params.append((scale * rs.randn(m, n), np.zeros(n) + 0.1))
    return params


def relu(x):
    return np.maximum(0.0, x)


def predict(params, inputs):
    hidden = inputs
    for W, b in params[:-1]:
        hidden = relu(hidden @ W + b)
    W_out, b_out = params[-1]
    return hidden @ W_out + b_out


def log_likelihood(params, inputs, targets, noise_std=0.1):
    residuals = predict(params, inputs) - targets
    return -0.5 * np.sum(residuals ** 2) / noise_std ** 2 - targets.size * np.log(noise_std)


def loss(params, data, weight_decay=1e-2):
    inputs, targets = data
    penalty = 0.0
    for W, _ in params:
        penalty += np.sum(W * W)
    return -log_likelihood(params, inputs, targets) / len(inputs) + weight_decay * penalty


def build_toy_dataset(n_data=40, noise_std=0.1, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    inputs = np.linspace(-3, 3, n_data).reshape(-1, 1)
    targets = np.sin(inputs) + noise_std * rs.randn(n_data, 1)
    return inputs, targets


def main():
    params = init_params([1, 20, 20, 1])
    data = build_toy_dataset()
    print("loss", loss(params, data))


if __name__ == "__main__":
    main()

"""A multilayer perceptron that classifies points of a three-armed spiral.

The parameters are a list of (weights, biases) pairs, one per layer; the loss is the
softmax cross-entropy plus an L2 penalty, averaged over the data points.
"""

import numpy as np
from scipy.special import logsumexp


def init_random_params(scale, layer_sizes, rs=None):
    """One (W, b) pair per pair of consecutive layer sizes."""
    rs = rs if rs is not None else np.random.RandomState(0)
    return [(scale * rs.randn(n_in, n_out), scale * rs.randn(n_out))
            for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])]


def neural_net_predict(params, inputs):
    """Class log-probabilities, one row per input."""
    for W, b in params:
        outputs = np.dot(inputs, W) + b
        inputs = np.tanh(outputs)
    return outputs - logsumexp(outputs, axis=1, keepdims=True)


def l2_penalty(params):
    return sum(np.sum(W ** 2) + np.sum(b ** 2) for W, b in params)


def loss(params, data, l2_reg=1e-3):
    inputs, targets = data
    log_lik = np.sum(neural_net_predict(params, inputs) * targets)
    return -(log_lik - l2_reg * l2_penalty(params)) / inputs.shape[0]


def accuracy(params, inputs, targets):
    predicted = np.argmax(neural_net_predict(params, inputs), axis=1)
    return np.mean(predicted == np.argmax(targets, axis=1))


def make_spirals(num_per_class, num_classes=3, noise=0.2, rs=None):
    """Points on num_classes interleaved spiral arms, with one-hot labels."""
    rs = rs if rs is not None else np.random.RandomState(0)
    radius = np.linspace(0.1, 1.0, num_per_class)
    inputs, labels = [], []
    for k in range(num_classes):
        angle = np.linspace(0.0, 4.0, num_per_class) + 2 * np.pi * k / num_classes
        angle = angle + noise * rs.randn(num_per_class)
        inputs.append(np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1))
        labels.append(np.full(num_per_class, k))
    labels = np.concatenate(labels)
    return np.concatenate(inputs), np.eye(num_classes)[labels]


def main():
    params = init_random_params(0.5, layer_sizes=[2, 16, 16, 3])
    inputs, targets = make_spirals(40)
    print("loss", loss(params, (inputs, targets)))
    print("accuracy", accuracy(params, inputs, targets))


if __name__ == "__main__":
    main()

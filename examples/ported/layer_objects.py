"""A small network assembled from layer objects, in the style of deep-learning frameworks.

`Dense` holds a weight matrix and a bias and is called on a batch; the loss builds the
layers from the parameter list on each call, so the gradient flows through the objects.
"""

import numpy as np


class Dense:
    def __init__(self, W, b, activation=None):
        self.W = W
        self.b = b
        self.activation = activation

    def __call__(self, x):
        out = x @ self.W + self.b
        if self.activation == "tanh":
            out = np.tanh(out)
        return out


def build_network(params):
    layers = [Dense(W, b, activation="tanh") for W, b in params[:-1]]
    W_out, b_out = params[-1]
    layers.append(Dense(W_out, b_out))
    return layers


def loss(params, data):
    inputs, targets = data
    outputs = inputs
    for layer in build_network(params):
        outputs = layer(outputs)
    return np.mean((outputs - targets) ** 2)


def init_params(layer_sizes, scale=0.5, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    return [(scale * rs.randn(m, n), scale * rs.randn(n)) for m, n in zip(layer_sizes[:-1], layer_sizes[1:])]


def make_data(num_points=20, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    inputs = rs.uniform(-2, 2, size=(num_points, 2))
    targets = np.sin(inputs[:, :1]) * np.cos(inputs[:, 1:])
    return inputs, targets


def main():
    params = init_params([2, 8, 1])
    print("loss", loss(params, make_data()))


if __name__ == "__main__":
    main()

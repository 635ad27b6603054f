"""A two-layer net written in a hurry: the model keeps its layers and activations as lists and
zips them, a list of output heads is weighted by a comprehension over `zip`, the last head is
picked by index, options are a frozen dataclass changed by `dataclasses.replace`, and the data
is a dict holding integer row indices."""

import dataclasses

import numpy as np


def softplus(z):
    return np.log1p(np.exp(z))


@dataclasses.dataclass(frozen=True)
class Options:
    l2: float = 1e-3
    scale: float = 1.0


class Net:
    def __init__(self, W1, b1, W2, b2):
        self.layers = [(W1, b1), (W2, b2)]
        self.acts = [np.tanh, softplus]

    def predict(self, X):
        h = X
        for (W, b), act in zip(self.layers, self.acts):
            h = act(h @ W + b)
        return h


HEADS = [np.tanh, softplus, np.sin]
WEIGHTS = [0.5, 0.25]


def loss(W1, b1, W2, b2, X, y):
    opts = dataclasses.replace(Options(), scale=2.0)
    net = Net(W1, b1, W2, b2)
    data = {"X": X, "y": y, "rows": np.array([0, 2, 3])}
    pred = net.predict(data["X"][data["rows"]])
    out = sum(head(pred) * w for head, w in zip(HEADS, WEIGHTS)) + HEADS[-1](pred) * 0.1
    reg = opts.l2 * opts.scale * sum(np.sum(W ** 2) for W in [W1, W2])
    return np.mean((out - data["y"][data["rows"]]) ** 2) + reg

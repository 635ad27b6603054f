"""A user's helper module, imported by multimod.py (not a theme: it has no CASES)."""

import numpy as np

SCALE = 0.5
ACTS = {"tanh": np.tanh, "sin": np.sin}


def dense(x, W, b, act=np.tanh):
    return act(x @ W + b)


def mse(pred, y):
    return np.mean((pred - y) ** 2)


def l2(params, lam=1e-2):
    return lam * sum(np.sum(v ** 2) for v in params.values())


def scaled(x):
    return SCALE * x


class Dense:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def __call__(self, x):
        return np.tanh(x @ self.W + self.b)


def residual_block(x, W):
    return x + np.tanh(x @ W)


def stable_logsumexp(z):
    m = np.max(z)
    return m + np.log(np.sum(np.exp(z - m)))

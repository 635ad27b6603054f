"""Functions whose parameters declare their axes (analyses/shapes.py), for tests/test_tape.py."""

from typing import Annotated

import numpy as np


def mlp_loss(W1: Annotated[np.ndarray, "n_in n_hidden"], b1: Annotated[np.ndarray, "n_hidden"],
             W2: Annotated[np.ndarray, "n_hidden n_out"], b2: Annotated[np.ndarray, "n_out"],
             x: Annotated[np.ndarray, "batch n_in"], y: Annotated[np.ndarray, "batch n_out"]):
    h = np.tanh(x @ W1 + b1)
    out = h @ W2 + b2
    return np.sum((out - y) ** 2)


def rnn_loss(Wh: Annotated[np.ndarray, "n n"], Wx: Annotated[np.ndarray, "n_in n"], b: Annotated[np.ndarray, "n"],
             xs: Annotated[np.ndarray, "T batch n_in"], y: Annotated[np.ndarray, "batch n"]):
    h = np.tanh(xs[0] @ Wx + b)
    for t in range(1, xs.shape[0]):
        h = np.tanh(h @ Wh + xs[t] @ Wx + b)
    return np.sum((h - y) ** 2)


def outer_sums(a: Annotated[np.ndarray, "m 1"], b: Annotated[np.ndarray, "1 n"], c: Annotated[np.ndarray, "n"],
               s: float):
    p = a * b + c               # (m, n): a's adjoint sums axis 1, b's axis 0, c's axis 0
    q = np.sin(p) * s + a
    return np.sum(q * q)

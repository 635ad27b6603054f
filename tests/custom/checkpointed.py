"""A loop over a checkpointed step, and the same without checkpointing, for tests/test_checkpoint.py."""

import numpy as np

import s2sgrad


@s2sgrad.checkpoint
def heavy_step(x, w):
    h = np.tanh(x * w)
    g = np.sin(h) * np.exp(h * 0.5)
    return g + x * 0.5


def plain_step(x, w):
    h = np.tanh(x * w)
    g = np.sin(h) * np.exp(h * 0.5)
    return g + x * 0.5


def run_checkpointed(x, w, n):
    for i in range(n):
        x = heavy_step(x, w)
    return np.sum(x * x)


def run_plain(x, w, n):
    for i in range(n):
        x = plain_step(x, w)
    return np.sum(x * x)

"""Functions with gradient hooks (`with s2sgrad.grad_of(h) as dh:`), for tests/test_hooks.py."""

import numpy as np

import s2sgrad

seen = []


def clipped(x):
    h = 3.0 * x
    with s2sgrad.grad_of(h) as dh:
        dh = np.clip(dh, -1.0, 1.0)
    return np.sum(h * h)


def logged(x, n):
    y = x
    for i in range(n):
        y = np.sin(y) * 2.0
        with s2sgrad.grad_of(y) as dy:
            seen.append(np.copy(dy))
    return np.sum(y)


def scaled_in_branch(x):
    h = x * x
    if np.sum(x) > 0.0:
        with s2sgrad.grad_of(h) as dh:
            dh = dh * 0.5
    return np.sum(np.sin(h))


def _layer(w, x):
    h = np.tanh(w * x)
    with s2sgrad.grad_of(h) as dh:
        dh = np.clip(dh, -0.1, 0.1)
    return h


def hooked_callee(x):
    return np.sum(_layer(2.0, x) * x)


def not_a_hook(x):
    with open("data.txt") as fh:
        fh.read()
    return x

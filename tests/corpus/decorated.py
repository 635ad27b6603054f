"""Functions marked with @s2sgrad.differentiate, for the API and CLI tests."""

import numpy as np

import s2sgrad


@s2sgrad.differentiate
def loss(W, b, x):
    h = np.tanh(x @ W + b)
    return np.sum(h * h)


@s2sgrad.differentiate(wrt=("W", "b"))
def loss_wb(W, b, x):
    h = np.tanh(x @ W + b)
    return np.sum(h * h)


@s2sgrad.differentiate(wrt="x")
def countdown(x, n):
    # `countdown` is bound to the decorated object only after decoration.
    if n <= 0:
        r = x
    else:
        r = np.sin(countdown(x * 1.5, n - 1))
    return r


@s2sgrad.differentiate(wrt="x")
def logs(x):
    y = np.log(x)
    return np.sum(y * y)

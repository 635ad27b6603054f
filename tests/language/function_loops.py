"""Loops over a display of functions (`for f in [np.sin, square, lambda v: 3 * v]: x = f(x)`),
unrolled so that each call is of a function known by name."""

import numpy as np

from .case import Case, arr, vec


def _square(v):
    return v * v


def function_list_top(x):
    for f in [np.sin, _square, lambda v: v * 3.0]:
        x = f(x)
    return np.sum(x)


def function_list_loop(x, a):
    layers = [np.tanh, lambda v: a * v, np.cos]
    total = 0.0
    for sweep in range(2):
        for k, layer in enumerate(layers, 1):
            x = layer(x) * 0.9
            total = total + k * np.sum(x)
    return total


def function_list_branch(x):
    steps = (np.exp, _square)
    if np.sum(x) > 0.0:
        for step in steps:
            x = step(x * 0.5)
    else:
        for step in steps:
            x = step(-x)
    return np.sum(x)


def _compose(x):
    for f in (np.sin, lambda v: v + v * v):
        x = f(x)
    return x


def function_list_call(x):
    return np.sum(_compose(x) * x)


CASES = [
    Case(function_list_top, "loop over functions", "top", ((arr(3, seed=301),),)),
    Case(function_list_loop, "loop over functions", "loop", ((arr(3, seed=302), 0.8),), (0, 1)),
    Case(function_list_branch, "loop over functions", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.1),))),
    Case(function_list_call, "loop over functions", "call", ((arr(3, seed=303),),)),
]

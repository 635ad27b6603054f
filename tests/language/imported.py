"""Objects of plain classes defined in another file of the user's (userlib.py), imported by name
or through the module, made in the function and given, as lists, to helpers of either file."""

import numpy as np

from . import userlib
from .case import Case, arr, vec
from .userlib import Layer, Params, forward, total_penalty


def imported_top(w, x):
    p = Params(w, scale=2.0)
    layer = Layer(np.outer(w, x) * 0.3, x)
    return np.sum(layer(x) * p.w) * p.scale + layer.penalty() + np.sum(userlib.Params(x).w * w)


def imported_loop(w, x):
    layers = [Layer(np.outer(w, x) * (0.2 + 0.1 * k), w * k) for k in range(3)]
    y = x
    for layer in layers:
        y = layer(y)
    return np.sum(y * y) + 0.1 * total_penalty(layers)


def imported_branch(w, x):
    if np.sum(w) > 0.0:
        p = Params(w * 2.0)
    else:
        p = userlib.Params(np.sin(w), scale=0.5)
    return np.sum(p.w * x) * p.scale


def _apply(layers, v):
    for layer in layers:
        v = layer(v)
    return v


def imported_call(w, x):
    layers = [Layer(np.outer(w, x) * 0.4, x), Layer(np.eye(3) * 0.5, w)]
    return np.sum(forward(layers, x)) + np.sum(_apply(layers, w)) + userlib.weighted(Params(w), x)


CASES = [
    Case(imported_top, "objects of classes of another file", "top", ((arr(3, seed=720), arr(3, seed=721)),), (0, 1)),
    Case(imported_loop, "objects of classes of another file", "loop", ((arr(3, seed=722), arr(3, seed=723)),),
         (0, 1)),
    Case(imported_branch, "objects of classes of another file", "branch",
         ((vec(0.3, 0.2, 0.1), arr(3, seed=724)), (vec(-0.3, 0.2, -0.4), arr(3, seed=725))), (0, 1)),
    Case(imported_call, "objects of classes of another file", "call", ((arr(3, seed=726), arr(3, seed=727)),),
         (0, 1)),
]

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


_WEIGHTS = [0.5, 2.0]
_FUNCTIONS = [np.sin, _square]


def function_comprehension_two_fors(x):
    fs = [np.sin, _square]
    ks = [1.0, 2.0]
    return np.sum(np.stack([g(x) * k for g in fs for k in ks]))


def function_comprehension_zip(x):
    total = 0.0
    for sweep in range(2):
        total = total + np.sum(sum(g(x) * w for g, w in zip(_FUNCTIONS, _WEIGHTS)))
        x = x * 0.5
    return total


def function_items_by_index(x, a):
    fs = [np.tanh, lambda v: v * a, np.sin]
    total = np.sum(fs[0](x))
    for i in range(len(fs)):
        total = total + np.sum(fs[i](x)) * (i + 1)
    return total


def function_items_last(x):
    acts = (np.tanh, _square, np.cos)
    if np.sum(x) > 0.0:
        return np.sum(acts[-1](x * 2.0))
    return np.sum(acts[1](x))


def _layers(x, W1, b1, W2, b2):
    h = x
    for (W, b), act in zip([(W1, b1), (W2, b2)], [np.tanh, _square]):
        h = act(W @ h + b)
    return h


def function_zip_layers(x, W1, b1, W2, b2):
    return np.sum(_layers(x, W1, b1, W2, b2) ** 2)


class _Chain:
    def __init__(self, W, acts):
        self.W = W
        self.acts = acts

    def apply(self, u):
        for act in self.acts:
            u = act(self.W * u)
        return u


def function_list_given_to_object(x, a):
    chain = _Chain(x * 0.5, [np.tanh, lambda v: v * a])
    return np.sum(chain.apply(x))


def function_global_list_loop(x):
    for f in _FUNCTIONS:
        x = f(x) * 0.7
    return np.sum(x)


_THREE = [np.sin, _square, np.cos]


def function_zip_unknown_length(x, ws):
    total = 0.0
    for sweep in range(2):
        for f, w in zip(_THREE, ws):
            total = total + np.sum(f(x)) * w
        total = total + np.sum(sum(g(x) * w for g, w in zip([np.tanh, _square, np.sin], ws)))
        x = x * 0.5
    return total


def function_list_given_twice(x):
    first = _Chain(x * 0.5, [np.tanh, _square])
    second = _Chain(x * 0.2, [np.tanh, _square])
    return np.sum(first.apply(x) * second.apply(x))


CASES = [
    Case(function_list_top, "loop over functions", "top", ((arr(3, seed=301),),)),
    Case(function_list_loop, "loop over functions", "loop", ((arr(3, seed=302), 0.8),), (0, 1)),
    Case(function_list_branch, "loop over functions", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.1),))),
    Case(function_list_call, "loop over functions", "call", ((arr(3, seed=303),),)),
    Case(function_comprehension_two_fors, "loop over functions", "top", ((arr(3, seed=304),),)),
    Case(function_comprehension_zip, "loop over functions", "loop", ((arr(3, seed=305),),)),
    Case(function_items_by_index, "loop over functions", "loop", ((arr(3, seed=306), 0.7),), (0, 1)),
    Case(function_items_last, "loop over functions", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.1),))),
    Case(function_zip_layers, "loop over functions", "call",
         ((arr(3, seed=307), arr(3, 3, seed=308), arr(3, seed=309), arr(3, 3, seed=310), arr(3, seed=311)),),
         (0, 1, 2, 3, 4)),
    Case(function_global_list_loop, "loop over functions", "top", ((arr(3, seed=312),),)),
    Case(function_list_given_to_object, "loop over functions", "top", ((arr(3, seed=313), 0.6),), (0, 1)),
    Case(function_zip_unknown_length, "loop over functions", "loop",
         ((arr(3, seed=314), [0.5, 2.0]), (arr(3, seed=315), [0.5, 2.0, 1.5, 0.1]))),
    Case(function_list_given_twice, "loop over functions", "top", ((arr(3, seed=316),),)),
]

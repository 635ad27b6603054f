"""Leftovers made to work: a list grown by `+=` of a tuple, sorting pairs by keys that carry no derivative,
two buffers swapped in a time-stepping loop."""

import numpy as np

from .case import Case, arr, vec


# -- xs += (v,): a list grown by a tuple, as `xs.extend((v,))` -----------------------------------
def grow_by_tuple_top(x):
    xs = [x]
    xs += (x * x, np.sin(x))
    return np.sum(xs[0] * xs[1] + xs[2])


def grow_by_tuple_loop(x):
    xs = []
    for k in range(3):
        v = x * (k + 1.0)
        xs += (v, np.tanh(v))
    return np.sum(np.stack(xs) ** 2) + np.sum(xs[1] * xs[4])


def grow_by_tuple_branch(x):
    xs = [x]
    pair = (x * 2.0, np.cos(x))
    if np.sum(x) > 0.0:
        xs += pair
    else:
        xs += (x * x,)
    return np.sum(xs[-1] * xs[0])


def _grown(x):
    out = []
    out += (x, x * x)
    return out


def grow_by_tuple_call(x):
    a, b = _grown(x)
    return np.sum(a * b)


# -- sorted(zip(keys, values)), sorted(pairs, key=...): keys that carry no derivative ------------
def sorted_keys_top(x):
    pairs = sorted(zip([3, 1, 2], [x, x * x, np.sin(x)]))
    return np.sum(pairs[0][1] * pairs[1][1]) + 2.0 * np.sum(pairs[2][1])


def sorted_keys_loop(x, weights):
    total = 0.0
    for k in range(2):
        rows = [(w, x * (w + k)) for w in weights]
        for w, row in sorted(rows, key=lambda pair: pair[0], reverse=k > 0):
            total = total * 0.5 + np.sum(np.tanh(row))
    return total


def sorted_keys_branch(x):
    named = [("b", np.cos(x)), ("a", x * 3.0)]
    if np.sum(x) > 0.0:
        named = sorted(named, key=lambda item: item[0])
    return np.sum(named[0][1] * x)


def _ordered(values, keys):
    return [v for _, v in sorted(zip(keys, values))]


def sorted_keys_call(x):
    first, second = _ordered([x, np.exp(x)], [0.5, 0.25])
    return np.sum(first * 2.0 + second)


# -- two buffers swapped in a time-stepping loop: u, new = new, u -------------------------------
def buffer_swap_top(u0):
    u = u0 * 1.0
    new = np.zeros_like(u)
    for t in range(3):
        new[1:-1] = u[1:-1] + 0.1 * (u[2:] - 2.0 * u[1:-1] + u[:-2]) ** 2
        u, new = new, u
    return np.sum(u ** 2)


def buffer_swap_loop(u0, c):
    u = u0.copy()
    new = u0 * 0.0
    for sweep in range(2):
        for t in range(2):
            new[0] = u[0] * c
            new[1:] = np.tanh(u[:-1] * c) + u[1:]
            u, new = new, u
    return np.sum(u * new)


def buffer_swap_branch(u0):
    u = u0 * 1.0
    new = np.ones_like(u)
    for t in range(3):
        if t % 2 == 0:
            new[1:-1] = np.sin(u[1:-1]) * u[2:]
        else:
            new[1:-1] = u[:-2] * u[1:-1]
        u, new = new, u
    return np.sum(u * u) + np.sum(new)


def _diffuse(u0, steps):
    u = u0 * 1.0
    new = np.zeros_like(u)
    for t in range(steps):
        new[1:-1] = u[1:-1] + 0.25 * (u[2:] - 2.0 * u[1:-1] + u[:-2])
        new[0] = new[1]
        new[-1] = new[-2]
        u, new = new, u
    return u


def buffer_swap_call(u0):
    return np.sum(np.cos(_diffuse(u0, 3)) * u0)


CASES = [
    Case(grow_by_tuple_top, "list += tuple", "top", ((arr(3, seed=201),),)),
    Case(grow_by_tuple_loop, "list += tuple", "loop", ((arr(3, seed=202),),)),
    Case(grow_by_tuple_branch, "list += tuple", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.1),))),
    Case(grow_by_tuple_call, "list += tuple", "call", ((arr(3, seed=203),),)),
    Case(sorted_keys_top, "sorted by constant keys", "top", ((arr(3, seed=204),),)),
    Case(sorted_keys_loop, "sorted by constant keys", "loop", ((arr(3, seed=205), [2, 0, 1]),)),
    Case(sorted_keys_branch, "sorted by constant keys", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.1),))),
    Case(buffer_swap_top, "buffer swap", "top", ((arr(6, seed=207),),)),
    Case(buffer_swap_loop, "buffer swap", "loop", ((arr(5, seed=208), 0.7),), (0, 1)),
    Case(buffer_swap_branch, "buffer swap", "branch", ((arr(6, seed=209),),)),
    Case(buffer_swap_call, "buffer swap", "call", ((arr(6, seed=210),),)),
    Case(sorted_keys_call, "sorted by constant keys", "call", ((arr(3, seed=206),),)),
]

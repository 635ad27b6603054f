"""Leftovers made to work: a list grown by `+=` of a tuple, sorting pairs by keys that carry no derivative,
two buffers swapped in a time-stepping loop, `zip(..., strict=True)`, `functools.reduce`, the iterators of
itertools read as lists, generator functions read once, whole, a
function chosen from a dict by a string, a dataclass's method called on an item of a list of its objects."""

import functools
import itertools
from dataclasses import dataclass

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



# -- zip(a, b, strict=True): zip where the lengths are equal ------------------------------------
def strict_zip_top(x):
    rows = [x, x * 2.0, np.sin(x)]
    return sum(np.sum(a * b) for a, b in zip(rows, [x, x, x * x], strict=True))


def strict_zip_loop(x, n):
    total = 0.0
    for k in range(2):
        xs = [x * (i + k) for i in range(n)]
        for a, b in zip(xs, [np.cos(v) for v in xs], strict=True):
            total = total + np.sum(a * b)
    return total


def strict_zip_branch(x):
    pairs = [x, x * x]
    if np.sum(x) > 0.0:
        out = [a * b for a, b in zip(pairs, [np.tanh(x), x], strict=True)]
    else:
        out = list(zip(pairs, pairs, strict=False))[0]
    return np.sum(out[0] * out[1])


def _strict_dot(xs, ys):
    return sum(np.sum(a * b) for a, b in zip(xs, ys, strict=True))


def strict_zip_call(x):
    return _strict_dot([x, np.sin(x)], [x * 3.0, x])


# -- functools.reduce: the loop it amounts to ---------------------------------------------------
def reduce_top(x):
    mats = [np.outer(x, x), np.diag(np.sin(x)), np.eye(3) + 0.1]
    return np.sum(functools.reduce(np.matmul, mats))


def reduce_loop(x, coeffs):
    total = 0.0
    for k in range(2):
        total = total + np.sum(functools.reduce(lambda acc, c: acc * x + c * (k + 1), coeffs, 0.0))
    return total


def reduce_branch(x):
    if np.sum(x) > 0.0:
        y = functools.reduce(lambda a, b: a * b, [x, np.sin(x), x + 1.0])
    else:
        y = functools.reduce(np.add, [x * x, x], 1.0)
    return np.sum(y)


def _product_of(xs):
    return functools.reduce(lambda a, b: a * b, xs)


def reduce_call(x):
    return np.sum(_product_of([x, np.cos(x), x * 2.0]))


# -- itertools: accumulate, chain, pairwise, islice, starmap as lists ----------------------------
def itertools_top(x):
    xs = [x, x * x, np.sin(x)]
    sums = list(itertools.accumulate(xs))
    prods = list(itertools.accumulate(xs, np.multiply, initial=x))
    total = sum(np.sum(a * b) for a, b in itertools.pairwise(itertools.chain(sums, prods)))
    return total + np.sum(np.stack(list(itertools.islice(xs, 1, None))))


def itertools_loop(x):
    total = 0.0
    for k in range(2):
        pairs = [(x, x * k), (np.sin(x), x)]
        for v in itertools.starmap(lambda a, b: a * b + k, pairs):
            total = total + np.sum(v)
        total = total + np.sum(sum(itertools.chain.from_iterable([[x], [x * k, x]])))
    return total


def itertools_branch(x):
    xs = [x, np.tanh(x), x * 3.0]
    if np.sum(x) > 0.0:
        out = list(itertools.starmap(np.multiply, itertools.pairwise(xs)))
    else:
        out = list(itertools.accumulate(xs, lambda a, b: a * 0.5 + b))
    return np.sum(out[-1] * out[0])


def _running(xs):
    return list(itertools.accumulate(xs, initial=0.0))


def itertools_call(x):
    return np.sum(np.stack(_running([x, x * x, np.sin(x)])[1:]) ** 2)


# -- a generator function, read once, whole: the list of what it yields -------------------------
def _powers(x, n):
    for i in range(n):
        yield x ** (i + 1)


def _steps(x):
    v = x
    while np.sum(v * v) < 4.0:
        v = v * 1.5 + 0.1
        yield v
    yield from [np.sin(v), v * x]


def generator_top(x):
    total = sum(_powers(x, 3))
    rows = list(_steps(x))
    return np.sum(total) + np.sum(np.stack(rows) ** 2) + max(np.sum(r) for r in _powers(x, 2))


def generator_loop(x):
    total = 0.0
    for k in range(2):
        for v in _powers(x * (k + 1.0), 2):
            total = total + np.sum(np.tanh(v))
        total = total + sum(np.sum(w) for w in _steps(x + k))
    return total


def generator_branch(x):
    if any(np.sum(v) > 0.0 for v in _powers(x, 1)):
        out = tuple(_powers(np.sin(x), 3))
    else:
        out = tuple(v * 2.0 for v in _powers(x, 3))
    return np.sum(out[0] * out[2])


def _pairs_of(x):
    def scaled(c):
        for k in range(2):
            yield x * (c + k)
    return [v * w for v, w in zip(scaled(1.0), scaled(2.0))]


def generator_call(x):
    return np.sum(np.stack(_pairs_of(x)))


# -- a function chosen from a dict by a string parameter with a default -------------------------
def _softplus(z):
    return np.log1p(np.exp(z))


CHOICES = {"tanh": np.tanh, "softplus": _softplus, "sin": np.sin}


def choice_top(x, name="softplus"):
    act = CHOICES[name]
    return np.sum(act(x) * x)


def choice_loop(x, name="tanh"):
    h = x
    for k in range(3):
        h = CHOICES[name](h * 1.5) + x
    return np.sum(h)


def choice_branch(x, name="sin"):
    act = CHOICES[name]
    if np.sum(x) > 0.0:
        return np.sum(act(x))
    return np.sum(act(x * x))


def _activated(x, kind="tanh"):
    return CHOICES[kind](x) * 2.0


def choice_call(x):
    return np.sum(_activated(x) * x)


# -- a dataclass's method on an item of a list of its objects -----------------------------------
@dataclass
class Dense:
    W: np.ndarray
    b: float

    def __call__(self, h):
        return np.tanh(self.W @ h + self.b)

    def forward(self, h):
        return self.W @ h * self.b


def method_item_top(W, x):
    layers = [Dense(W, 0.1), Dense(W * 0.5, -0.2)]
    return np.sum(layers[0](x) + layers[1].forward(x))


def method_item_loop(W, x):
    layers = []
    for k in range(3):
        layers.append(Dense(W * (k + 1.0), 0.1 * k))
    h = x
    for layer in layers:
        h = layer(h) + 0.1 * layer.forward(h)
    return np.sum(h * h)


def method_item_branch(W, x):
    layers = [Dense(W, 0.3), Dense(W.T, 0.5)]
    h = x
    for layer in layers:
        if np.sum(h) > 0.0:
            h = layer(h)
        else:
            h = layer.forward(h)
    return np.sum(h)


def _stacked(W, x):
    layers = [Dense(W, 0.0), Dense(W * 2.0, 0.1)]
    for layer in layers:
        x = layer.forward(x) + x
    return x


def method_item_call(W, x):
    return np.sum(np.sin(_stacked(W, x)))

CASES = [
    Case(choice_top, "function chosen by a string", "top", ((arr(3, seed=223),),)),
    Case(choice_loop, "function chosen by a string", "loop", ((arr(3, seed=224),),)),
    Case(choice_branch, "function chosen by a string", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.1),))),
    Case(choice_call, "function chosen by a string", "call", ((arr(3, seed=225),),)),
    Case(method_item_top, "method on a list item", "top", ((arr(3, 3, seed=226), arr(3, seed=227)),)),
    Case(method_item_loop, "method on a list item", "loop", ((arr(3, 3, seed=228) * 0.5, arr(3, seed=229)),)),
    Case(method_item_branch, "method on a list item", "branch",
         ((np.eye(3) * 0.5 + 0.1, vec(0.3, 0.2, 0.1)), (np.eye(3) * 0.5 + 0.1, vec(-0.3, -0.2, 0.1)))),
    Case(method_item_call, "method on a list item", "call", ((arr(3, 3, seed=230), arr(3, seed=231)),)),
    Case(generator_top, "generator function", "top", ((arr(3, seed=220),),)),
    Case(generator_loop, "generator function", "loop", ((arr(3, seed=221),),)),
    Case(generator_branch, "generator function", "branch", ((vec(0.3, 0.2),), (vec(-0.3, -0.1),))),
    Case(generator_call, "generator function", "call", ((arr(3, seed=222),),)),
    Case(strict_zip_top, "zip(strict=True)", "top", ((arr(3, seed=211),),)),
    Case(strict_zip_loop, "zip(strict=True)", "loop", ((arr(3, seed=212), 3),)),
    Case(strict_zip_branch, "zip(strict=True)", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.1),))),
    Case(strict_zip_call, "zip(strict=True)", "call", ((arr(3, seed=213),),)),
    Case(reduce_top, "functools.reduce", "top", ((arr(3, seed=214),),)),
    Case(reduce_loop, "functools.reduce", "loop", ((arr(3, seed=215), [0.5, -1.0, 2.0]),)),
    Case(reduce_branch, "functools.reduce", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.1),))),
    Case(reduce_call, "functools.reduce", "call", ((arr(3, seed=216),),)),
    Case(itertools_top, "itertools as lists", "top", ((arr(3, seed=217),),)),
    Case(itertools_loop, "itertools as lists", "loop", ((arr(3, seed=218),),)),
    Case(itertools_branch, "itertools as lists", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.1),))),
    Case(itertools_call, "itertools as lists", "call", ((arr(3, seed=219),),)),
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

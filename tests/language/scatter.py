"""`np.add.at` into an array the function makes (repeated indices add up), and nested
functions that call nested functions reading the enclosing function's locals."""

import numpy as np

from .case import Case, arr, vec

TOKENS = np.array([0, 2, 0, 1, 2, 2])


def add_at_top(E):
    G = np.zeros((3, 2))
    np.add.at(G, TOKENS, E)
    return np.sum(G ** 2 * np.array([1.0, 2.0]))


def add_at_loop(k):
    K = np.zeros((4, 4))
    for e in range(3):
        idx = np.array([e, e + 1])
        np.add.at(K, (idx[:, None], idx[None, :]), k[e] * np.array([[1.0, -1.0], [-1.0, 1.0]]))
    K += np.eye(4)
    return np.sum(np.linalg.solve(K, np.ones(4)))


def add_at_branch(w):
    a = w * 0.5
    if np.sum(w) > 0.0:
        np.add.at(a, [0, 0, 2], w[1])
    else:
        np.add.at(a, [1, 1], np.sin(w[:2]))
    return np.sum(a * np.arange(1.0, 5.0) * a)


def _histogram_like(x, bins):
    counts = np.zeros(3)
    np.add.at(counts, bins, np.exp(x))
    return counts


def add_at_call(x):
    c = _histogram_like(x, np.array([2, 0, 2, 1]))
    return np.sum(c * c)


def closures_top(x):
    scale = 1.5

    def inner(v):
        return np.tanh(v * scale)

    def outer(v):
        return inner(v) * 2.0 + v
    return np.sum(outer(outer(x)) ** 2)


def closures_loop(x):
    k = 0.7

    def step(v):
        return v + k * np.sin(v)

    def run(v):
        for _ in range(3):
            v = step(v)
        return v
    return np.sum(run(x) * x)


def closures_branch(x):
    s = 2.0
    sq = lambda v: (v * s) ** 2      # noqa: E731
    both = lambda v: sq(v) + sq(-v)  # noqa: E731
    if np.sum(x) > 0.0:
        return np.sum(both(x))
    return np.sum(sq(x))


def _fit(x, alpha):
    def g(v):
        return np.exp(-alpha * v)

    def h(v):
        return g(v) * v
    return np.sum(h(x))


def closures_call(x):
    return _fit(x, 0.8) + _fit(x * 2.0, 0.3)


CASES = [
    Case(add_at_top, "np.add.at", "top", ((arr(6, 2, seed=321),),)),
    Case(add_at_loop, "np.add.at", "loop", ((vec(1.0, 2.0, 1.5),),)),
    Case(add_at_branch, "np.add.at", "branch", ((vec(0.3, 0.2, 0.5, 0.1),), (vec(-0.3, 0.1, -0.4, 0.2),))),
    Case(add_at_call, "np.add.at", "call", ((arr(4, seed=322),),)),
    Case(closures_top, "nested def calling a nested def", "top", ((arr(3, seed=323),),)),
    Case(closures_loop, "nested def calling a nested def", "loop", ((arr(3, seed=324),),)),
    Case(closures_branch, "nested def calling a nested def", "branch", ((vec(0.3, 0.2),), (vec(-0.3, -0.1),))),
    Case(closures_call, "nested def calling a nested def", "call", ((arr(3, seed=325),),)),
]

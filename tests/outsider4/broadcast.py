"""One function, called in turn with inputs of different shapes and kinds (the transform is cached
per kind of argument, so each later call reuses what the first one made)."""

import numpy as np

rng = np.random.default_rng(11)


def bmul(a, b):
    return np.sum(np.sin(a * b + a))


def badd_inplace(a, b):
    c = a + b
    c += a * b
    c *= b
    return np.sum(c ** 2)


def bpow(x, p):
    return np.sum(np.abs(x) ** p + x * p)


def bwhere(x, y):
    return np.sum(np.where(x > y, x - y, (x - y) ** 2))


def bmax(x, y):
    return np.sum(np.maximum(x, y) * y)


def bdiv_mean(x, y):
    return np.mean(x / (1.0 + y * y)) * np.mean(y)


def bstore(x, v):
    out = np.zeros((3, 4))
    out[1:] = x * v
    out[0] = v
    return np.sum(out * out)


def bmatmul(A, B):
    return np.sum(np.tanh(A @ B))


def bloop(x, w):
    h = x
    for _ in range(3):
        h = np.tanh(h * w + 0.1)
    return np.sum(h)


def bclip(x, lo):
    return np.sum(np.clip(x, lo, 1.0) * x)


CASES = []
for fn, combos in [
    (bmul, [((3,), (3,)), ((3, 1), (1, 4)), ((4,), ()), ((), (2, 3)), ((1,), (5,)), ("f", (3,)), ((3,), "f")]),
    (badd_inplace, [((3,), (3,)), ((2, 3), (3,)), ((2, 3), (2, 1)), ((3,), "f")]),
    (bpow, [((4,), "f"), ((4,), (4,)), ((4,), ()), ("f", "f")]),
    (bwhere, [((4,), (4,)), ((4,), "f"), ((2, 4), (4,)), ((4, 1), (1, 3))]),
    (bmax, [((4,), (4,)), ((4,), "f"), ((2, 4), (2, 1))]),
    (bdiv_mean, [((4,), (4,)), ((3, 4), (4,)), ((4,), "f"), ((3, 1), (1, 2))]),
    (bstore, [((2, 4), (4,)), ((2, 4), "f"), ((2, 1), (4,)), ((4,), ())]),
    (bmatmul, [((2, 3), (3, 2)), ((3,), (3, 2)), ((2, 3), (3,)), ((4, 2, 3), (3, 2))]),
    (bloop, [((3,), "f"), ((3,), (3,)), ((2, 3), (3,)), ("f", (3,))]),
    (bclip, [((4,), "f"), ((4,), (4,)), ((3, 4), (4,))]),
]:
    for k, (sa, sb) in enumerate(combos):
        def make(s):
            if s == "f":
                return float(rng.uniform(0.3, 1.2))
            if s == ():
                return np.array(rng.uniform(0.3, 1.2))
            return rng.uniform(0.3, 1.2, size=s) * rng.choice([-1.0, 1.0], size=s)
        a, b = make(sa), make(sb)
        if fn is bpow:
            b = np.abs(b) + 1.5 if isinstance(b, np.ndarray) else abs(b) + 1.5
        if fn is bclip:
            b = -abs(b) * 0.3 if not isinstance(b, np.ndarray) else -np.abs(b) * 0.3
        CASES.append(dict(f=fn, args=(a, b), wrt=(0, 1), name="%s_%d" % (fn.__name__, k)))

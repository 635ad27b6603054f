"""Python numbers mixed with arrays, integers without adjoints, builtins and `math` on numbers, and
assert/print/raise."""

import math

import numpy as np


# -- Python floats mixed with arrays ---------------------------------------------------------
def floats_top(x, a):
    dt = 0.1
    v = x * 0.0 + 1.0
    v = v + a * dt
    b = a * a + 2.0
    return np.sum(v * x) * b + float(np.sum(x)) * 0.0 + a / 3.0


def floats_loop(x, a):
    t = 0.0
    v = x
    for k in range(4):
        t = t + 0.25
        v = v + a * t * np.sin(v)
    return np.sum(v) + t * a


def floats_branch(a, b):
    if a * b > 0.1:
        c = a ** 2.0 / b
    else:
        c = 2.0 * a - b
    return c + 1.5


def _leapfrog(x, v, dt):
    v = v - 0.5 * dt * x
    x = x + dt * v
    return x, v - 0.5 * dt * x


def floats_call(x, v):
    for k in range(3):
        x, v = _leapfrog(x, v, 0.1)
    return np.sum(x * x + v * v)


# -- integers: loop counters, shapes, indices, int(), float(), max(n, 1) -------------------------
def ints_top(x):
    n = x.shape[0]
    m = max(n - 4, 1)
    k = int(np.floor(np.sum(np.abs(x)))) % n
    return x[k] * x[m] * float(n) + x[n - 1] / len(x)


def ints_loop(x):
    n = x.shape[0]
    s = 0.0
    i = 0
    while i < n:
        j = min(i + 1, n - 1)
        s = s + x[i] * x[j] * (i + 1)
        i += 2
    return s


def ints_branch(x, n):
    steps = max(n, 1)
    if steps > 2:
        idx = int(steps // 2)
    else:
        idx = 0
    return np.sum(x * x) * x[idx] + float(steps) * x[0]


def _at(x, i):
    return x[i % x.shape[0]] * (i + 1)


def ints_call(x):
    total = 0.0
    for i in range(5):
        total = total + _at(x, i)
    return total * int(2.7)


# -- builtins and the math module on numbers: pow, abs, max/min of values and of iterables, sum
# with a start, divmod, round, math.erf/lgamma/pow/log(x, base)/hypot/fsum/prod/dist -------------
def builtins_top(a, b):
    p = pow(a, 3) + math.pow(b, 2.0) + abs(a - b)
    m = max(a, b, 0.1) + min([a * b, b, 2.0]) + max(v * v for v in (a, b))
    q, r = divmod(a + 3.0, 0.7)
    s = sum([a, b], 1.0) + math.fsum([a, b * b]) + math.prod([a, b, 2.0])
    return p + m + r + s + round(a, 2) * 0.0 + math.erf(a) + math.lgamma(b + 2.0) + math.log(b + 2.0, 3.0) \
        + math.dist((a, b), (0.5, 1.5))


def builtins_loop(d):
    # A DTW-style recurrence: each cell adds the smallest of three neighbours.
    n, m = d.shape
    r = np.full((n + 1, m + 1), 1e10)
    r[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            r[i, j] = d[i - 1, j - 1] + min(r[i - 1, j], r[i, j - 1], r[i - 1, j - 1])
    return r[n, m] + max(d[0]) + sum((math.tanh(v) for v in d[1]), 0.5)


def builtins_branch(a, b):
    if max([a, b]) > 0.5:
        c = math.hypot(a, b) * math.gamma(a + 2.0)
    else:
        c = pow(math.exp(a), 2) - min(a, b) + math.erfc(b)
    return c


def _soft(a, b):
    return math.sqrt(pow(a, 2) + pow(b, 2) + 1.0) + math.atan2(a, b)


def builtins_call(xs):
    total = 0.0
    for k in range(len(xs) - 1):
        total = total + _soft(xs[k], xs[k + 1])
    return total + max(xs) - min(xs, default=0.0)


# -- assert, print, raise (forward sweep only) ----------------------------------------------------
def side_effects_top(x):
    assert np.all(np.isfinite(x)), "x must be finite"
    print("side_effects_top:", x.shape)
    if np.any(x > 100.0):
        raise ValueError("x too large")  # not reached
    return np.sum(np.tanh(x) * x)


def side_effects_loop(x):
    s = 0.0
    for i in range(x.shape[0]):
        assert x[i] < 50.0
        print("step", i)
        if x[i] > 60.0:
            raise ValueError("too large")  # not reached
        s = s + x[i] * x[i]
    return s


def side_effects_branch(x):
    if np.sum(x) > 0.0:
        print("positive", len(x))
        y = x * x
    else:
        assert x.shape[0] > 1, "need two values"
        y = -x
    if np.isnan(np.sum(y)):
        raise FloatingPointError("nan")  # not reached
    return np.sum(y)


def _checked_log(x):
    assert np.all(x > 0.0), "log of a non-positive value"
    print("log of", x.size, "values")
    if np.any(x > 1e6):
        raise OverflowError("too large")  # not reached
    return np.log(x)


def side_effects_call(x):
    return np.sum(_checked_log(x * x + 1.0))


from .case import Case, arr, vec  # noqa: E402

CASES = [
    Case(floats_top, "python floats", "top", ((arr(3, seed=500), 0.7),), (0, 1)),
    Case(floats_loop, "python floats", "loop", ((arr(3, seed=501), 0.7),), (0, 1)),
    Case(floats_branch, "python floats", "branch", ((0.7, 0.5), (0.2, -0.5)), (0, 1)),
    Case(floats_call, "python floats", "call", ((arr(3, seed=502), arr(3, seed=503)),), (0, 1)),
    Case(ints_top, "ints", "top", ((vec(0.3, -0.9, 0.5, 0.8, 0.2, 0.6),),)),
    Case(ints_loop, "ints", "loop", ((arr(5, seed=504),),)),
    Case(ints_branch, "ints", "branch", ((arr(4, seed=505), 3), (arr(4, seed=505), 0))),
    Case(ints_call, "ints", "call", ((arr(3, seed=506),),)),
    Case(builtins_top, "builtins and math on numbers", "top", ((0.7, 0.4),), (0, 1)),
    Case(builtins_loop, "builtins and math on numbers", "loop", ((arr(3, 4, seed=510, lo=0.0),),)),
    Case(builtins_branch, "builtins and math on numbers", "branch", ((0.7, 0.4), (0.2, -0.3)), (0, 1)),
    Case(builtins_call, "builtins and math on numbers", "call", ((vec(0.3, -0.2, 0.9, 0.4),),)),
    Case(side_effects_top, "assert/print/raise", "top", ((arr(3, seed=507),),)),
    Case(side_effects_loop, "assert/print/raise", "loop", ((arr(3, seed=508),),)),
    Case(side_effects_branch, "assert/print/raise", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.2),))),
    Case(side_effects_call, "assert/print/raise", "call", ((arr(3, seed=509),),)),
]

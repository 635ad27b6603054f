"""Assignment forms: tuple unpacking, swaps, augmented assignment, conditions, `a if c else b`."""

import numpy as np


# -- tuple unpacking -------------------------------------------------------------------------
def unpack_top(x, y):
    a, b = np.sin(x), y * x
    (c, d), e = (a * b, a + b), x - y
    return np.sum(c * d + e)


def unpack_loop(x):
    s, t = 0.0, 1.0
    for v in x:
        s, t = s + v * t, t * 0.9 + v
    return s * t


def unpack_branch(x):
    if np.sum(x) > 0.0:
        lo, hi = np.min(x), np.max(x)
    else:
        hi, lo = np.sum(x * x), np.mean(x)
    return lo * hi


def _split(x):
    first, second = x[0], x[1:]
    return first * np.sum(second)


def unpack_call(x):
    return _split(x) + _split(np.sin(x))


# -- swaps -----------------------------------------------------------------------------------
def swap_top(a, b):
    a, b = b, a
    return a * a * b


def swap_loop(a, b):
    for i in range(3):
        a, b = b, a * b + 0.5
    return a + b * b


def swap_branch(x, y):
    if np.sum(x) > np.sum(y):
        x, y = y, x
    return np.sum(x * 2.0 + y * y)


def _fib_like(a, b, n):
    for i in range(n):
        a, b = b, a + b * 0.5
    return a, b


def swap_call(a, b):
    p, q = _fib_like(a, b, 4)
    return p * q


# -- augmented assignment on names -------------------------------------------------------------
def augassign_name_top(x, a):
    y = x * 1.0
    y += a
    y -= x * x
    y *= 2.0
    y /= 1.5 + a * a
    y **= 2
    s = 0.5
    s *= a
    s += 1.0
    return np.sum(y) * s


def augassign_name_loop(x):
    s = 0.0
    p = 1.0
    for v in x:
        s += v * v
        p *= 1.0 + 0.1 * v
        s /= 1.1
        p -= 0.01 * s
    return s + p


def augassign_name_branch(x):
    y = np.sin(x)
    if np.sum(x) > 0.0:
        y += x
        y **= 2
    else:
        y -= 1.0
        y *= x
    return np.sum(y)


def _accumulate(x, k):
    y = x * 0.0
    for i in range(k):
        y += np.cos(x * i)
        y *= 0.8
    return y


def augassign_name_call(x):
    return np.sum(_accumulate(x, 3) * x)


# -- augmented assignment on items -------------------------------------------------------------
def augassign_item_top(x):
    y = np.zeros_like(x)
    y[0] += x[1] * x[2]
    y[1:] -= np.sin(x[1:])
    d = {"a": x * 1.0}
    d["a"] *= x
    lst = [x[0], x[1]]
    lst[1] /= 2.0
    return np.sum(y * y) + np.sum(d["a"]) + lst[0] * lst[1]


def augassign_item_loop(x):
    y = x * 1.0
    for i in range(x.shape[0]):
        y[i] *= y[i - 1]
        y[i] += 0.5
    return np.sum(y)


def augassign_item_branch(x):
    y = np.ones_like(x)
    if x[0] > 0.0:
        y[0] += x[0] * x[1]
    else:
        y[1:] *= x[1:]
    return np.sum(y * x)


def _bump(x):
    y = x * x
    y[1] -= x[0]
    y[::2] *= 3.0
    return y


def augassign_item_call(x):
    return np.sum(np.sin(_bump(x)))


# -- chained comparisons ---------------------------------------------------------------------
def chained_top(a, lo, hi):
    if lo < a < hi:
        return a * a
    return a * 2.0


def chained_loop(x):
    s = 0.0
    for v in x:
        if -0.5 < v <= 0.5:
            s = s + v * v
        elif 0.5 < v < 2.0 > v * 0.5:
            s = s + np.sin(v)
    return s


def chained_branch(x):
    y = np.tanh(x)
    if np.sum(x) > 0.0:
        if 0.0 < np.min(y) < np.max(y) < 0.5:
            y = y * 3.0
    return np.sum(y)


def _in_band(v):
    return -1.0 < v < 1.0


def chained_call(x):
    s = 0.0
    for v in x:
        if _in_band(v):
            s = s + v * v * v
    return s


# -- and / or / not -----------------------------------------------------------------------------
def boolops_top(a, b):
    if a > 0.0 and b > 0.0:
        c = a * b
    elif a > 0.0 or not b < -1.0:
        c = a + b * b
    else:
        c = -a * b
    return c


def boolops_loop(x):
    s = 0.0
    done = False
    for v in x:
        if not done and (v > 0.0 or v < -0.5):
            s = s + v * v
        if s > 1.0 and not done:
            done = True
    return s


def boolops_branch(x, flag):
    if flag:
        if x[0] > 0.0 and x[1] > 0.0 or x[2] > 0.5:
            return np.sum(x * x)
        return np.sum(x)
    return np.prod(x)


def _ok(v, limit):
    return v > -limit and not v > limit


def boolops_call(x):
    s = 0.0
    for v in x:
        if _ok(v, 0.6):
            s = s + np.exp(v)
    return s


# -- conditional expressions -------------------------------------------------------------------
def ifexp_top(a):
    b = a * a if a > 0.0 else -a * 3.0
    return b * np.sin(a)


def ifexp_loop(x):
    s = 0.0
    for v in x:
        s = s + (v * v if v > 0.0 else np.sin(v))
    return s


def ifexp_branch(x, y):
    if np.sum(x) > 0.0:
        z = x * y if np.sum(y) > 0.0 else x - y
    else:
        z = x * 2.0
    return np.sum(z * z)


def _soft(v):
    return v if v > 0.0 else 0.1 * v


def ifexp_call(x):
    return _soft(x[0]) * _soft(x[1]) + _soft(x[2] * x[0])


from .case import Case, arr, vec  # noqa: E402

CASES = [
    Case(unpack_top, "tuple unpacking", "top", ((arr(3, seed=10), arr(3, seed=11)),), (0, 1)),
    Case(unpack_loop, "tuple unpacking", "loop", ((vec(0.3, -0.4, 0.5),),)),
    Case(unpack_branch, "tuple unpacking", "branch", ((vec(0.3, -0.2, 0.5),), (vec(-0.3, -0.2, 0.1),))),
    Case(unpack_call, "tuple unpacking", "call", ((arr(4, seed=12),),)),
    Case(swap_top, "swap", "top", ((0.7, 1.3),), (0, 1)),
    Case(swap_loop, "swap", "loop", ((0.7, 0.4),), (0, 1)),
    Case(swap_branch, "swap", "branch", ((vec(0.5, 0.4), vec(0.1, 0.2)), (vec(0.1, 0.2), vec(0.5, 0.4))), (0, 1)),
    Case(swap_call, "swap", "call", ((0.7, 0.4),), (0, 1)),
    Case(augassign_name_top, "augassign name", "top", ((arr(3, seed=13), 0.7),), (0, 1)),
    Case(augassign_name_loop, "augassign name", "loop", ((vec(0.3, -0.4, 0.5),),)),
    Case(augassign_name_branch, "augassign name", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.1),))),
    Case(augassign_name_call, "augassign name", "call", ((arr(3, seed=14),),)),
    Case(augassign_item_top, "augassign item", "top", ((arr(4, seed=15),),)),
    Case(augassign_item_loop, "augassign item", "loop", ((vec(0.3, -0.4, 0.5),),)),
    Case(augassign_item_branch, "augassign item", "branch", ((vec(0.3, 0.2, 0.4),), (vec(-0.3, 0.2, 0.4),))),
    Case(augassign_item_call, "augassign item", "call", ((arr(5, seed=16),),)),
    Case(chained_top, "chained comparison", "top", ((0.5, 0.0, 1.0), (1.5, 0.0, 1.0))),
    Case(chained_loop, "chained comparison", "loop", ((vec(0.3, 1.2, -0.7, 2.5),),)),
    Case(chained_branch, "chained comparison", "branch", ((vec(0.1, 0.2),), (vec(0.1, 2.0),), (vec(-0.3, 0.1),))),
    Case(chained_call, "chained comparison", "call", ((vec(0.3, 1.5, -0.7),),)),
    Case(boolops_top, "and/or/not", "top", ((0.5, 0.4), (0.5, -0.4), (-0.5, -0.4), (-0.5, -1.5)), (0, 1)),
    Case(boolops_loop, "and/or/not", "loop", ((vec(0.8, -0.3, -0.7, 0.9, 0.5),),)),
    Case(boolops_branch, "and/or/not", "branch",
         ((vec(0.3, 0.2, 0.1), True), (vec(0.3, -0.2, 0.1), True), (vec(-0.3, 0.2, 0.1), False))),
    Case(boolops_call, "and/or/not", "call", ((vec(0.3, 0.9, -0.7, -0.2),),)),
    Case(ifexp_top, "conditional expression", "top", ((0.7,), (-0.4,))),
    Case(ifexp_loop, "conditional expression", "loop", ((vec(0.3, -0.4),),)),
    Case(ifexp_branch, "conditional expression", "branch",
         ((vec(0.3, 0.2), vec(0.1, 0.4)), (vec(0.3, 0.2), vec(-0.1, -0.4)), (vec(-0.3, 0.2), vec(0.1, 0.4))), (0, 1)),
    Case(ifexp_call, "conditional expression", "call", ((vec(0.3, -0.4, 0.5),),)),
]

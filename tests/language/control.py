"""Loop exits and returns: break, continue, while True, loop else, returns in loops, recursion.

Each construct appears at four nestings: at the top of the function body (`_top`), inside
a loop (`_loop`), inside a branch (`_branch`) and inside a called function of ours (`_call`).
"""

import numpy as np


# -- break ---------------------------------------------------------------------------------
def break_top(x, limit):
    s = 0.0
    for i in range(x.shape[0]):
        if x[i] > limit:
            break
        s = s + np.sin(x[i]) * x[i]
    return s * x[0]


def break_loop(X):
    total = 0.0
    for row in X:
        for v in row:
            if v < 0.0:
                break
            total = total + v * v
        total = total * 0.9
    return total


def break_branch(x):
    y = x
    if np.sum(x) > 0.0:
        for i in range(5):
            y = np.tanh(y) * 1.5
            if np.sum(y) > 1.2:
                break
    else:
        y = x * x
    return np.sum(y * x)


def _first_big(x):
    acc = x
    for i in range(4):
        acc = acc * 1.3 + 0.1
        if np.max(acc) > 1.0:
            break
    return acc


def break_call(x):
    return np.sum(np.sin(_first_big(x)))


# -- continue ------------------------------------------------------------------------------
def continue_top(x):
    s = 0.0
    for v in x:
        if v < 0.0:
            continue
        s = s + np.exp(v) * v
    return s


def continue_loop(X):
    total = 0.0
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            if (i + j) % 2 == 1:
                continue
            total = total + np.sin(X[i, j]) * X[i, j]
    return total


def continue_branch(x, flag):
    s = 0.0
    if flag > 0:
        for v in x:
            if v > 0.5:
                continue
            s = s + v * v
    else:
        s = np.sum(x) * 2.0
    return s


def _sum_positive(x):
    s = 0.0
    for v in x:
        if v <= 0.0:
            continue
        s = s + np.log1p(v * v)
    return s


def continue_call(x):
    return _sum_positive(x) * _sum_positive(-x)


# -- while True ... break ------------------------------------------------------------------
def while_true_top(x):
    y = x
    while True:
        y = y * 0.5 + np.sin(y) * 0.1
        if np.sum(np.abs(y)) < 0.5:
            break
    return np.sum(y * y)


def while_true_loop(x):
    out = 0.0
    for k in range(2):
        r = x * (k + 1.0)
        while True:
            r = r * 0.6
            if np.max(np.abs(r)) < 0.3:
                break
        out = out + np.sum(r)
    return out


def while_true_branch(a):
    if a > 0.0:
        b = a
        while True:
            b = b * 0.7 + 0.01 * b * b
            if b < 0.2:
                break
    else:
        b = a * a
    return b


def _shrink(x):
    while True:
        x = np.tanh(x) * 0.8
        if np.sum(x * x) < 0.1:
            break
    return x


def while_true_call(x):
    return np.sum(_shrink(x) * x)


# -- for ... else --------------------------------------------------------------------------
def for_else_top(x, limit):
    s = x[0] * 1.0
    for v in x:
        if v > limit:
            s = s * v
            break
        s = s + np.sin(v)
    else:
        s = s * 2.0
    return s


def for_else_loop(X):
    total = 0.0
    for row in X:
        acc = 0.0
        for v in row:
            if v < -0.5:
                break
            acc = acc + v * v
        else:
            acc = acc * 3.0
        total = total + acc
    return total


def for_else_branch(x):
    s = 0.0
    if x[0] > 0.0:
        for v in x:
            if v < 0.0:
                break
            s = s + v
        else:
            s = s * s
    else:
        s = np.sum(x * x)
    return s


def _scan_else(x):
    y = x * 1.0
    for i in range(3):
        y = np.sin(y) + x
        if np.sum(y) > 2.0:
            break
    else:
        y = y * y
    return y


def for_else_call(x):
    return np.sum(_scan_else(x))


# -- while ... else ------------------------------------------------------------------------
def while_else_top(x):
    y = x
    n = 0
    while np.sum(y * y) > 0.1:
        y = y * 0.5
        n = n + 1
        if n > 2:
            y = y + 0.01
            break
    else:
        y = y * 3.0
    return np.sum(np.sin(y) * x)


def while_else_loop(x):
    total = 0.0
    for k in range(3):
        t = x * (1.0 + k)
        while np.max(t) > 0.5:
            t = t * 0.5
            if np.min(t) < -1.0:
                break
        else:
            t = t + 1.0
        total = total + np.sum(t * t)
    return total


def while_else_branch(a, b):
    if b > 0.0:
        while a > 0.3:
            a = a * 0.5
            if a < b:
                break
        else:
            a = a * b
    else:
        a = a + b
    return a * b


def _halve_until(a):
    while a > 0.5:
        a = a * 0.5
        if a * a < 0.1:
            break
    else:
        a = a * 4.0
    return a


def while_else_call(a):
    return _halve_until(a) * a


# -- return inside loops and branches --------------------------------------------------------
def return_in_loop_top(x, limit):
    s = x[0] * 0.0
    for v in x:
        s = s + v * v
        if s > limit:
            return s * 2.0
    return s


def return_in_loop_loop(X):
    for row in X:
        for v in row:
            if v > 0.8:
                return v * np.sum(row)
    return np.sum(X * X)


def return_in_loop_branch(x):
    if np.sum(x) > 0.0:
        for i in range(x.shape[0]):
            if x[i] < 0.0:
                return x[i] * np.sum(x)
        return np.sum(np.sin(x))
    return np.sum(x * x * x)


def _find(x):
    for i in range(x.shape[0]):
        if x[i] > 0.5:
            return x[i] * x[i]
    return np.mean(x)


def return_in_loop_call(x):
    return _find(x) + _find(x * 0.5)


# -- several returns ---------------------------------------------------------------------------
def several_returns_top(a):
    if a > 1.0:
        return a * a
    if a > 0.0:
        return np.sin(a)
    return -a * 3.0


def several_returns_loop(x):
    for k in range(4):
        x = x * 1.5
        if np.sum(x) > 2.0:
            return np.sum(x * x)
        if np.sum(x) < -2.0:
            return np.sum(np.sin(x))
    return np.sum(x)


def several_returns_branch(x, mode):
    if mode == 0:
        if np.sum(x) > 0.0:
            return np.sum(x * x)
        return np.sum(x)
    elif mode == 1:
        return np.sum(np.exp(x))
    else:
        return np.prod(x)


def _piecewise(a):
    if a < -1.0:
        return -a
    elif a < 1.0:
        return a * a * 0.5 + 0.5
    return a


def several_returns_call(x):
    return _piecewise(x[0]) + _piecewise(x[1]) * _piecewise(x[2])


# -- recursion -------------------------------------------------------------------------------
def _power(x, n):
    if n == 0:
        return x * 0.0 + 1.0
    return x * _power(x, n - 1)


def recursion_top(x):
    return np.sum(_power(x, 3))


def recursion_loop(x):
    s = 0.0
    for n in range(3):
        s = s + np.sum(_power(np.sin(x), n))
    return s


def recursion_branch(x):
    if np.sum(x) > 0.0:
        y = _power(x, 2)
    else:
        y = _power(x, 3)
    return np.sum(y)


def _tree(x, depth):
    if depth == 0:
        return np.tanh(x)
    return _tree(x * 0.5, depth - 1) + _tree(x + 0.1, depth - 1)


def recursion_call(x):
    return np.sum(_tree(x, 2))


# -- mutual recursion ------------------------------------------------------------------------
def _even(x, n):
    if n == 0:
        return x
    return np.sin(_odd(x, n - 1))


def _odd(x, n):
    if n == 0:
        return x * x
    return _even(x * 1.1, n - 1)


def mutual_top(x, n):
    return np.sum(_even(x, n))


def mutual_loop(x):
    s = 0.0
    for n in range(3):
        s = s + np.sum(_odd(x, n))
    return s


def mutual_branch(x):
    if x[0] > 0.0:
        return np.sum(_even(x, 2))
    return np.sum(_odd(x, 2))


def _both(x):
    return _even(x, 3) * _odd(x, 3)


def mutual_call(x):
    return np.sum(_both(x))


from .case import Case, arr, vec  # noqa: E402

CASES = [
    Case(break_top, "break", "top", ((vec(0.1, 0.2, 0.9, 0.3), 0.5), (vec(0.1, 0.2, 0.3), 0.5))),
    Case(break_loop, "break", "loop", ((np.array([[0.3, -0.2, 0.5], [0.4, 0.6, 0.1]]),),)),
    Case(break_branch, "break", "branch", ((vec(0.5, 0.6),), (vec(0.01, 0.02),), (vec(-0.5, -0.3),))),
    Case(break_call, "break", "call", ((vec(0.9, 0.1),), (vec(-0.3, 0.1),))),
    Case(continue_top, "continue", "top", ((vec(0.3, -0.2, 0.5),),)),
    Case(continue_loop, "continue", "loop", ((arr(3, 3, seed=1),),)),
    Case(continue_branch, "continue", "branch", ((vec(0.3, 0.7, -0.2), 1), (vec(0.3, 0.7), 0))),
    Case(continue_call, "continue", "call", ((vec(0.3, -0.4, 0.5),),)),
    Case(while_true_top, "while True break", "top", ((vec(0.8, -0.6),),)),
    Case(while_true_loop, "while True break", "loop", ((vec(0.55, -0.4),),)),
    Case(while_true_branch, "while True break", "branch", ((1.0,), (-0.5,))),
    Case(while_true_call, "while True break", "call", ((vec(0.9, 0.7, -0.5),),)),
    Case(for_else_top, "for else", "top", ((vec(0.1, 0.9, 0.2), 0.5), (vec(0.1, 0.2), 0.5))),
    Case(for_else_loop, "for else", "loop", ((np.array([[0.3, -0.7, 0.2], [0.2, 0.4, 0.1]]),),)),
    Case(for_else_branch, "for else", "branch", ((vec(0.3, -0.2, 0.4),), (vec(0.3, 0.2),), (vec(-0.3, 0.2),))),
    Case(for_else_call, "for else", "call", ((vec(1.0, 1.0),), (vec(0.1, -0.2),))),
    Case(while_else_top, "while else", "top", ((vec(2.0, 1.0),), (vec(0.4, 0.3),))),
    Case(while_else_loop, "while else", "loop", ((vec(0.6, -1.5),),)),
    Case(while_else_branch, "while else", "branch", ((2.0, 0.4), (2.0, 0.1), (1.0, -0.5)), (0, 1)),
    Case(while_else_call, "while else", "call", ((0.9,), (1.2,))),
    Case(return_in_loop_top, "return in loop", "top", ((vec(0.5, 0.6, 0.7), 0.5), (vec(0.1, 0.2), 0.5))),
    Case(return_in_loop_loop, "return in loop", "loop",
         ((np.array([[0.1, 0.9], [0.2, 0.3]]),), (np.array([[0.1, 0.2]]),))),
    Case(return_in_loop_branch, "return in loop", "branch", ((vec(0.5, -0.1, 0.3),), (vec(0.5, 0.2),), (vec(-0.5, 0.1),))),
    Case(return_in_loop_call, "return in loop", "call", ((vec(0.2, 0.8),),)),
    Case(several_returns_top, "several returns", "top", ((1.5,), (0.5,), (-0.5,))),
    Case(several_returns_loop, "several returns", "loop", ((vec(0.5, 0.4),), (vec(-0.5, -0.4),), (vec(0.1, -0.1),))),
    Case(several_returns_branch, "several returns", "branch",
         ((vec(0.3, 0.2), 0), (vec(-0.3, 0.2), 0), (vec(0.3, 0.2), 1), (vec(0.3, 0.2), 2))),
    Case(several_returns_call, "several returns", "call", ((vec(-1.5, 0.3, 1.5),),)),
    Case(recursion_top, "recursion", "top", ((arr(3, seed=2),),)),
    Case(recursion_loop, "recursion", "loop", ((arr(3, seed=3),),)),
    Case(recursion_branch, "recursion", "branch", ((vec(0.3, 0.4),), (vec(-0.3, 0.1),))),
    Case(recursion_call, "recursion", "call", ((arr(3, seed=4),),)),
    Case(mutual_top, "mutual recursion", "top", ((arr(3, seed=5), 3), (arr(3, seed=6), 2))),
    Case(mutual_loop, "mutual recursion", "loop", ((arr(3, seed=7),),)),
    Case(mutual_branch, "mutual recursion", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.2),))),
    Case(mutual_call, "mutual recursion", "call", ((arr(3, seed=8),),)),
]

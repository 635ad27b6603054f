"""Calls to functions of ours: keywords, defaults, literals, lambdas, nested defs, tuple returns."""

import numpy as np


def _scale_shift(x, scale, shift):
    return x * scale + shift


def _with_defaults(x, scale=2.0, power=2):
    return (x * scale) ** power


# -- keyword arguments -----------------------------------------------------------------------
def kwargs_top(x):
    return np.sum(_scale_shift(x, shift=0.5, scale=3.0) ** 2)


def kwargs_loop(x):
    y = x
    for k in range(3):
        y = np.sin(_scale_shift(y, scale=0.9, shift=k * 0.1))
    return np.sum(y)


def kwargs_branch(x):
    if np.sum(x) > 0.0:
        y = _scale_shift(scale=2.0, x=x, shift=1.0)
    else:
        y = _scale_shift(x, 0.5, shift=-1.0)
    return np.sum(y * y)


def _twice_scaled(x):
    return _scale_shift(x, shift=0.0, scale=2.0) * _scale_shift(x=x, scale=0.5, shift=1.0)


def kwargs_call(x):
    return np.sum(_twice_scaled(x))


# -- defaults --------------------------------------------------------------------------------
def defaults_top(x):
    return np.sum(_with_defaults(x) + _with_defaults(x, 0.5))


def defaults_loop(x):
    s = 0.0
    for p in range(1, 4):
        s = s + np.sum(_with_defaults(x, power=p))
    return s


def defaults_branch(x):
    if x[0] > 0.0:
        return np.sum(_with_defaults(x))
    return np.sum(_with_defaults(x, scale=-1.0, power=3))


def _norm(x, eps=1e-3):
    return np.sqrt(np.sum(x * x) + eps)


def defaults_call(x):
    return _norm(x) * _norm(x * 2.0, eps=0.5)


# -- literal arguments -----------------------------------------------------------------------
def literal_args_top(x):
    return np.sum(_scale_shift(x, 3.0, 0.5) * _scale_shift(x, -1.0, 2))


def literal_args_loop(x):
    y = x
    for k in range(2):
        y = _scale_shift(np.tanh(y), 1.5, -0.25)
    return np.sum(y)


def literal_args_branch(x):
    if np.sum(x) > 0.0:
        y = _with_defaults(x, 0.5, 3)
    else:
        y = _with_defaults(x, 2.0, 1)
    return np.sum(y)


def _poly(x):
    return _scale_shift(x * x, 0.5, 1.0) + _scale_shift(x, 2.0, 0.0)


def literal_args_call(x):
    return np.sum(_poly(x))


# -- differentiable keyword arguments --------------------------------------------------------
def diff_kwargs_top(x, a, b):
    return np.sum(_scale_shift(x, shift=b, scale=a) ** 2)


def diff_kwargs_loop(x, a):
    y = x
    for k in range(3):
        y = np.tanh(_scale_shift(y, scale=a, shift=a * k))
    return np.sum(y)


def diff_kwargs_branch(x, a):
    if a > 0.0:
        y = _with_defaults(x, scale=a)
    else:
        y = _with_defaults(x, power=1, scale=a * a)
    return np.sum(y)


def _layer(x, w, bias=0.0):
    return np.tanh(x * w + bias)


def _two_layers(x, w, b):
    return _layer(_layer(x, w=w, bias=b), bias=b * 2.0, w=w)


def diff_kwargs_call(x, w, b):
    return np.sum(_two_layers(x, w, b))


# -- lambdas ---------------------------------------------------------------------------------
def lambda_top(x, w):
    sq = lambda v: v * v + w
    return np.sum(sq(x) * sq(np.sin(x)))


def lambda_loop(x):
    f = lambda v, k: np.sin(v * k) + v
    y = x
    for k in range(3):
        y = f(y, k + 1.0)
    return np.sum(y)


def lambda_branch(x):
    h = x * 0.5
    if np.sum(x) > 0.0:
        g = lambda v: v * h
    else:
        g = lambda v: v - h * h
    return np.sum(g(x) * x)


def _apply_twice(x, c):
    f = lambda v: np.tanh(v * c)
    return f(f(x))


def lambda_call(x, c):
    return np.sum(_apply_twice(x, c))


# -- nested defs closing over locals ---------------------------------------------------------
def closure_local_top(x):
    scale = np.sum(x * x)

    def shrink(v):
        return v / (1.0 + scale)
    return np.sum(shrink(x) * shrink(np.sin(x)))


def closure_local_loop(x):
    y = x
    for k in range(3):
        step = np.mean(y) * 0.5

        def move(v):
            return v - step * v
        y = move(y)
    return np.sum(y * y)


def closure_local_branch(x):
    h = np.tanh(x)
    if np.sum(x) > 0.0:
        def act(v):
            return v * h
    else:
        def act(v):
            return v + h * h
    return np.sum(act(x))


def _outer(x):
    base = np.sin(x)

    def inner(v):
        return v * base
    return inner(x) + inner(base)


def closure_local_call(x):
    return np.sum(_outer(x))


# -- nested defs closing over arguments ------------------------------------------------------
def closure_arg_top(x, w):
    def lin(v):
        return v * w + x
    return np.sum(lin(x) * lin(w))


def closure_arg_loop(x, w):
    def step(v):
        return np.tanh(v * w)
    y = x
    for k in range(3):
        y = step(y) + x
    return np.sum(y)


def closure_arg_branch(x, a):
    def pos(v):
        return v * a

    def neg(v):
        return v - a
    if a > 0.0:
        return np.sum(pos(x))
    return np.sum(neg(x) * x)


def _make_loss(x, target):
    def loss(v):
        return np.sum((v - target) ** 2)
    return loss(x) + loss(x * 2.0)


def closure_arg_call(x, target):
    return _make_loss(x, target)


# -- a function of ours returning a tuple ----------------------------------------------------
def _stats(x):
    m = np.mean(x)
    v = np.mean((x - m) ** 2)
    return m, v


def tuple_return_top(x):
    mean, var = _stats(x)
    return mean * var


def tuple_return_loop(X):
    total = 0.0
    for row in X:
        m, v = _stats(row)
        total = total + m * m + v
    return total


def tuple_return_branch(x):
    if x[0] > 0.0:
        m, v = _stats(x)
    else:
        v, m = _stats(x * x)
    return m + v * v


def _normalize(x):
    m, v = _stats(x)
    return (x - m) / np.sqrt(v + 1e-3), m


def tuple_return_call(x):
    z, m = _normalize(x)
    return np.sum(z * np.arange(1.0, 4.0)) + m


from .case import Case, arr, vec  # noqa: E402

CASES = [
    Case(kwargs_top, "keyword args", "top", ((arr(3, seed=200),),)),
    Case(kwargs_loop, "keyword args", "loop", ((arr(3, seed=201),),)),
    Case(kwargs_branch, "keyword args", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.2),))),
    Case(kwargs_call, "keyword args", "call", ((arr(3, seed=202),),)),
    Case(defaults_top, "defaults", "top", ((arr(3, seed=203),),)),
    Case(defaults_loop, "defaults", "loop", ((arr(3, seed=204),),)),
    Case(defaults_branch, "defaults", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.2),))),
    Case(defaults_call, "defaults", "call", ((arr(3, seed=205),),)),
    Case(literal_args_top, "literal args", "top", ((arr(3, seed=206),),)),
    Case(literal_args_loop, "literal args", "loop", ((arr(3, seed=207),),)),
    Case(literal_args_branch, "literal args", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.2),))),
    Case(literal_args_call, "literal args", "call", ((arr(3, seed=208),),)),
    Case(diff_kwargs_top, "differentiable kwargs", "top", ((arr(3, seed=209), 0.7, -0.3),), (0, 1, 2)),
    Case(diff_kwargs_loop, "differentiable kwargs", "loop", ((arr(3, seed=210), 0.7),), (0, 1)),
    Case(diff_kwargs_branch, "differentiable kwargs", "branch", ((arr(3, seed=211), 0.7), (arr(3, seed=211), -0.6)), (0, 1)),
    Case(diff_kwargs_call, "differentiable kwargs", "call", ((arr(3, seed=212), 0.8, 0.2),), (0, 1, 2)),
    Case(lambda_top, "lambda", "top", ((arr(3, seed=213), 0.4),), (0, 1)),
    Case(lambda_loop, "lambda", "loop", ((arr(3, seed=214),),)),
    Case(lambda_branch, "lambda", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.2),))),
    Case(lambda_call, "lambda", "call", ((arr(3, seed=215), 0.8),), (0, 1)),
    Case(closure_local_top, "nested def over locals", "top", ((arr(3, seed=216),),)),
    Case(closure_local_loop, "nested def over locals", "loop", ((arr(3, seed=217),),)),
    Case(closure_local_branch, "nested def over locals", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.2),))),
    Case(closure_local_call, "nested def over locals", "call", ((arr(3, seed=218),),)),
    Case(closure_arg_top, "nested def over args", "top", ((arr(3, seed=219), arr(3, seed=220)),), (0, 1)),
    Case(closure_arg_loop, "nested def over args", "loop", ((arr(3, seed=221), 0.9),), (0, 1)),
    Case(closure_arg_branch, "nested def over args", "branch", ((arr(3, seed=222), 0.7), (arr(3, seed=222), -0.6)), (0, 1)),
    Case(closure_arg_call, "nested def over args", "call", ((arr(3, seed=223), arr(3, seed=224)),), (0, 1)),
    Case(tuple_return_top, "tuple-returning callee", "top", ((arr(4, seed=225),),)),
    Case(tuple_return_loop, "tuple-returning callee", "loop", ((arr(2, 3, seed=226),),)),
    Case(tuple_return_branch, "tuple-returning callee", "branch", ((vec(0.3, 0.2, 0.5),), (vec(-0.3, 0.2, 0.5),))),
    Case(tuple_return_call, "tuple-returning callee", "call", ((arr(3, seed=227),),)),
]

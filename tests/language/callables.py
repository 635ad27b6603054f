"""Functions as values: a function passed as an argument, and functools.partial."""

import functools

import numpy as np


def _apply(act, x, W):
    return act(W @ x)


def _softplus(z):
    return np.log(1.0 + np.exp(z))


def _scaled(x, c=1.0, p=2.0):
    return c * np.sin(x) + x ** p


_scaled3 = functools.partial(_scaled, c=3.0)


# -- a function passed as an argument -----------------------------------------------------------
def function_arg_top(x, act=np.tanh):
    W = np.reshape(np.arange(1.0, 10.0), (3, 3)) * 0.1
    return np.sum(_apply(act, x, W) + _apply(_softplus, x, W) + _apply(lambda z: z * np.cos(z), x, W))


def function_arg_loop(x):
    W = np.eye(3) * 0.8
    for k in range(3):
        x = _apply(np.sin, x, W) + _apply(_softplus, x, W)
    return np.sum(x)


def function_arg_branch(x):
    W = np.eye(3) * 0.5
    if np.sum(x) > 0.0:
        y = _apply(np.tanh, x, W)
    else:
        y = _apply(lambda z: z * z, x, W)
    return np.sum(y * x)


def _two_layers(x, W, act, last):
    return last(W @ _apply(act, x, W))


def function_arg_call(x):
    W = np.reshape(np.arange(9.0), (3, 3)) * 0.1
    return np.sum(_two_layers(x, W, np.tanh, _softplus))


# -- functools.partial ----------------------------------------------------------------------------
def partial_top(x):
    h = functools.partial(_scaled, c=2.0)
    return np.sum(h(x) * _scaled3(x))


def partial_loop(x):
    h = functools.partial(_scaled, p=1.0)
    y = x
    for k in range(3):
        y = h(y, c=0.5 * k) + _scaled3(y) * 0.1
    return np.sum(y)


def partial_branch(x, y):
    h = functools.partial(_scaled, y)
    if np.sum(x) > 0.0:
        z = h(c=2.0) * x
    else:
        z = h(p=3.0) + x
    return np.sum(z)


def partial_call(x):
    W = np.eye(3) * 0.7
    return np.sum(_apply(functools.partial(_scaled, c=0.5), x, W) + _apply(_scaled3, x, W))


# -- a partial made where it is called or mapped: map(partial(g, params), xs) -----------------------
def _likelihood(params, row, scale=1.0):
    return scale * np.sum(np.tanh(params * row))


def inline_partial_top(x, rows):
    return sum(map(functools.partial(_likelihood, x), rows)) + functools.partial(_scaled, c=2.0)(x)[0]


def inline_partial_loop(x, rows):
    total = 0.0
    for k in range(3):
        scale = 0.5 * k
        total = total + sum(map(functools.partial(_likelihood, x, scale=scale), rows))
        x = np.sin(x)
    return total


def inline_partial_branch(x, rows):
    h = functools.partial(_likelihood, x)
    if np.sum(x) > 0.0:
        values = list(map(h, rows))
    else:
        values = list(map(functools.partial(_likelihood, x), rows, rows))
    return sum(values)


def _total_likelihood(params, rows):
    return sum(map(functools.partial(_likelihood, params), rows))


def inline_partial_call(x, rows):
    return _total_likelihood(x * x, rows) + _total_likelihood(x, [row * 2.0 for row in rows])


from .case import Case, arr, vec  # noqa: E402

_ROWS = [arr(3, seed=610), arr(3, seed=611)]

CASES = [
    Case(function_arg_top, "function argument", "top", ((arr(3, seed=600),),)),
    Case(function_arg_loop, "function argument", "loop", ((arr(3, seed=601),),)),
    Case(function_arg_branch, "function argument", "branch", ((vec(0.3, 0.2, 0.1),), (vec(-0.3, 0.2, -0.4),))),
    Case(function_arg_call, "function argument", "call", ((arr(3, seed=602),),)),
    Case(partial_top, "partial", "top", ((arr(3, seed=603),),)),
    Case(partial_loop, "partial", "loop", ((arr(3, seed=604),),)),
    Case(partial_branch, "partial", "branch", ((vec(0.3, 0.2, 0.1), vec(0.5, 0.4, 0.3)),
                                               (vec(-0.3, 0.2, -0.4), vec(0.5, -0.4, 0.3))), (0, 1)),
    Case(partial_call, "partial", "call", ((arr(3, seed=605),),)),
    Case(inline_partial_top, "partial made where it is used", "top", ((arr(3, seed=606), _ROWS),)),
    Case(inline_partial_loop, "partial made where it is used", "loop", ((arr(3, seed=607), _ROWS),)),
    Case(inline_partial_branch, "partial made where it is used", "branch",
         ((vec(0.3, 0.2, 0.1), _ROWS), (vec(-0.3, 0.2, -0.4), _ROWS))),
    Case(inline_partial_call, "partial made where it is used", "call", ((arr(3, seed=608), _ROWS),)),
]

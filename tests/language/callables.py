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


# -- a closure over differentiated values given to a function, and a factory's function --------
def _iterate(step, x, n=3):
    for _ in range(n):
        x = step(x)
    return x


def _make_damped(a):
    def damped(z):
        return np.tanh(z) * a + 0.1 * z
    return damped


def _make_shift(b):
    return lambda z: z + b * z * z


def closure_given_top(x):
    a = np.exp(x * 0.5)

    def step(z):
        return 0.5 * (z + a / z)
    shift = lambda z: np.sin(z) * a     # noqa: E731 -- the idiom under test
    return np.sum(_iterate(step, np.ones_like(x)) + _apply(shift, x, np.eye(3)))


def closure_given_loop(x):
    total = 0.0
    for k in range(2):
        a = x * (k + 1.0)
        damped = _make_damped(a)
        total = total + np.sum(_iterate(damped, x, 2))
    return total


def closure_given_branch(x):
    if np.sum(x) > 0.0:
        y = _iterate(_make_shift(x * 0.3), x)
    else:
        y = _iterate(_make_damped(np.cos(x)), x)
    return np.sum(y * y)


def _fit(x, scale):
    step = _make_damped(scale)
    y = _iterate(_make_shift(scale * 0.1), x, 2)
    return _iterate(step, x) + y


def closure_given_call(x):
    return np.sum(_fit(x, np.exp(-x * x)))


# -- an object of a class whose __init__ stores arrays and whose __call__ reads them -------------
class _Affine:
    def __init__(self, W, b, activation=None):
        self.W = W
        self.b = b
        self.activation = activation

    def __call__(self, v):
        out = self.W @ v + self.b
        if self.activation == "tanh":
            out = np.tanh(out)
        return out


def callable_object_top(x):
    layer = _Affine(np.outer(x, x) * 0.3, x, activation="tanh")
    y = _Affine(np.eye(3), x * x)(x)
    return np.sum(layer(x) + y)


def callable_object_loop(x):
    y = x
    for k in range(3):
        layer = _Affine(np.eye(3) * (0.5 + 0.1 * k), x * 0.2, "tanh")
        y = layer(y)
    return np.sum(y * y)


def callable_object_branch(x):
    layer = _Affine(np.diag(x), np.ones(3) * 0.1)
    if np.sum(x) > 0.0:
        y = layer(x)
    else:
        y = layer(np.sin(x))
    return np.sum(y)


def callable_object_call(x):
    layer = _Affine(np.outer(x, np.ones(3)) * 0.2, x, activation="tanh")
    return np.sum(_iterate(layer, x))


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
    Case(closure_given_top, "closure or factory function given to a function", "top", ((arr(3, seed=612, lo=0.5),),)),
    Case(closure_given_loop, "closure or factory function given to a function", "loop", ((arr(3, seed=613),),)),
    Case(closure_given_branch, "closure or factory function given to a function", "branch",
         ((vec(0.3, 0.2, 0.1),), (vec(-0.3, 0.2, -0.4),))),
    Case(closure_given_call, "closure or factory function given to a function", "call", ((arr(3, seed=614),),)),
    Case(callable_object_top, "object with __call__ over differentiated values", "top", ((arr(3, seed=615),),)),
    Case(callable_object_loop, "object with __call__ over differentiated values", "loop", ((arr(3, seed=616),),)),
    Case(callable_object_branch, "object with __call__ over differentiated values", "branch",
         ((vec(0.3, 0.2, 0.1),), (vec(-0.3, 0.2, -0.4),))),
    Case(callable_object_call, "object with __call__ over differentiated values", "call", ((arr(3, seed=617),),)),
]

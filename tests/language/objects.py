"""Objects of the user's plain classes made in the function (records), and module-level dicts
unpacked as keywords (`f(x, **CONFIG)`)."""

import numpy as np


# -- objects made from a list of parameters, called from a list, with methods ------------------
class _Layer:
    def __init__(self, W, b, activation="tanh"):
        self.W = W
        self.b = b * 1.0
        self.activation = activation

    def pre(self, v):
        return self.W @ v + self.b

    def __call__(self, v):
        out = self.pre(v)
        if self.activation == "tanh":
            out = np.tanh(out)
        return out

    def penalty(self):
        return np.sum(self.W ** 2) + 0.5 * np.sum(self.b ** 2)


class _Scaled:
    def __init__(self, s):
        self.s = s

    def __call__(self, v):
        return self.s * v


def _layers(x):
    layers = [_Layer(np.outer(x, x) * (0.2 + 0.1 * k), x * k) for k in range(2)]
    layers.append(_Layer(np.eye(3) * 0.5, np.sin(x), activation=None))
    return layers


def objects_top(x):
    first = _Layer(np.outer(x, x) * 0.3, x)
    return np.sum(first(x)) + first.penalty() + np.sum(_Scaled(np.cos(x))(x))


def objects_loop(x):
    y = x
    reg = 0.0
    for layer in _layers(x):
        y = layer(y)
        reg = reg + layer.penalty()
    return np.sum(y * y) + 0.1 * reg


def objects_branch(x):
    stages = [_Layer(np.eye(3), x), _Scaled(np.exp(x))]
    stage = stages[0] if np.sum(x) > 0.0 else stages[1]
    return np.sum(stage(x) ** 2)


def _network(x, v):
    out = v
    for layer in _layers(x):
        out = layer(out)
    first = _layers(x)[0]
    return out, first.penalty()


def objects_call(x):
    out, reg = _network(x, x * 0.5)
    return np.sum(out) + reg


# -- ** of a module-level dict: a constant with static keys ---------------------------------------
CONFIG = dict(alpha=0.3, beta=2.0)
BOUNDS = {"a_min": -0.4, "a_max": 0.6}


def _mix(v, alpha=1.0, beta=1.0):
    return alpha * v * v + beta * np.sin(v)


def global_kwargs_top(x):
    return np.sum(_mix(np.clip(x, **BOUNDS), **CONFIG))


def global_kwargs_loop(x):
    total = 0.0
    for k in range(3):
        total = total + np.sum(_mix(x * (k + 1.0), **CONFIG) * np.clip(x, **BOUNDS))
    return total


def global_kwargs_branch(x):
    if np.sum(x) > 0.0:
        return np.sum(_mix(x, **CONFIG))
    return np.sum(np.clip(x * 2.0, **BOUNDS) ** 2)


def _mixed_twice(v):
    return _mix(_mix(v, **CONFIG), **CONFIG)


def global_kwargs_call(x):
    return np.sum(_mixed_twice(x))


from .case import Case, arr, vec  # noqa: E402

CASES = [
    Case(objects_top, "objects of plain classes made in the function", "top", ((arr(3, seed=700),),)),
    Case(objects_loop, "objects of plain classes made in the function", "loop", ((arr(3, seed=701),),)),
    Case(objects_branch, "objects of plain classes made in the function", "branch",
         ((vec(0.3, 0.2, 0.1),), (vec(-0.3, 0.2, -0.4),))),
    Case(objects_call, "objects of plain classes made in the function", "call", ((arr(3, seed=702),),)),
    Case(global_kwargs_top, "** of a module-level dict", "top", ((arr(3, seed=703),),)),
    Case(global_kwargs_loop, "** of a module-level dict", "loop", ((arr(3, seed=704),),)),
    Case(global_kwargs_branch, "** of a module-level dict", "branch",
         ((vec(0.3, 0.2, 0.1),), (vec(-0.3, 0.2, -0.4),))),
    Case(global_kwargs_call, "** of a module-level dict", "call", ((arr(3, seed=705),),)),
]

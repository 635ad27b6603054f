"""Records and sequences: namedtuple and dataclass inputs, tuple/list concatenation, `*`/`**` in
calls, `*args`/`**kwargs` callees, dict(zip(...)), map, zip(*pairs), `for` over `zip(*rows)` and sorted keys."""

import dataclasses
from collections import namedtuple

import numpy as np

from .case import Case, arr, vec

Layer = namedtuple("Layer", "W b")


# -- namedtuple inputs -----------------------------------------------------------------------
def namedtuple_top(p, x):
    W, b = p
    return np.sum(np.tanh(p.W @ x + b) * W[0])


def namedtuple_loop(layers, x):
    h = x
    for layer in layers:
        h = np.tanh(layer.W @ h + layer.b)
    return np.sum(h * h)


def namedtuple_branch(p, x):
    if np.sum(x) > 0.0:
        q = Layer(W=p.W * 2.0, b=p.b)
    else:
        q = Layer(p.W, p.b * x)
    return np.sum(q.W @ x + q.b)


def _layer(p, x):
    return np.sin(p.W @ x) * p.b


def namedtuple_call(p, x):
    return np.sum(_layer(p, x) ** 2) + np.sum(_layer(Layer(p.W, p.b * p.b), x))


# -- tuple and list concatenation --------------------------------------------------------------
def concat_top(x, y):
    s = (x,)
    s = s + (y * 2.0,)
    xs = [x] * 2 + [y]
    return np.sum(s[0] * s[1]) + np.sum(xs[1] * xs[2])


def concat_loop(x, n):
    state = ()
    h = x
    for i in range(n):
        h = np.tanh(h * x)
        state = state + (h,)
    return np.sum(np.stack(state) ** 2)


def concat_branch(x):
    parts = [x]
    if np.sum(x) > 0.0:
        parts = parts + [np.sin(x)]
    else:
        parts = [x * x] + parts
    return np.sum(parts[0] * parts[-1])


def _joined(xs, y):
    return xs + (y,)


def concat_call(x):
    both = _joined((x, x * x), np.cos(x))
    return np.sum(both[0] * both[1] * both[2])


# -- `*` and `**` in calls ----------------------------------------------------------------------
def _scaled(a, b, scale=1.0):
    return a * b * scale


def star_top(x, y):
    pair = (x, y)
    options = {"scale": 0.5}
    return np.sum(np.multiply(*pair)) + np.sum(_scaled(*pair, **options))


def star_loop(x, n):
    total = 0.0
    for i in range(n):
        args = [x, np.sin(x) * i]
        total = total + np.sum(_scaled(*args, **{"scale": x}))
    return total


def star_branch(x):
    if np.sum(x) > 0.0:
        args = (x, x)
    else:
        args = (x, np.exp(x))
    return np.sum(np.multiply(*args))


def _spread(a, b):
    pair = (a * b, b)
    return _scaled(*pair, scale=a)


def star_call(x, y):
    return np.sum(_spread(x, y) * _spread(y, x))


class _Scaled(namedtuple("_Scaled", "W b")):
    __slots__ = ()

    @property
    def gain(self):
        return np.sum(self.b * self.b)


def namedtuple_property(p: _Scaled, x):
    return np.sum(np.tanh(p.W @ x)) * p.gain


# -- dataclass inputs ------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Affine:
    W: np.ndarray
    b: np.ndarray
    name: str = "affine"


def dataclass_top(p, x):
    return np.sum(np.tanh(p.W @ x + p.b) * p.b)


def dataclass_loop(p, X):
    total = 0.0
    for row in X:
        total = total + np.sum(np.sin(p.W @ row) * p.b)
    return total


def dataclass_branch(p, x):
    if np.sum(x) > 0.0:
        y = p.W @ x
    else:
        y = p.b * x
    return np.sum(y * y)


def _affine(p, x):
    return p.W @ x + p.b


def dataclass_call(p, x):
    return np.sum(np.cos(_affine(p, x)))


# -- dict(zip(...)), map, zip(*pairs), sorted keys ----------------------------------------------
def zipping_top(x, y):
    table = dict(zip(["u", "v"], [x, y * 2.0]))
    firsts, seconds = zip(*[(x, y), (y, x * 3.0)])
    return np.sum(table["u"] * table["v"]) + np.sum(firsts[1] * seconds[1])


def zipping_loop(x):
    total = 0.0
    table = dict(zip(["b", "a"], map(np.sin, [x, x * x])))
    for key in sorted(table):
        total = total + np.sum(table[key] * x)
    return total


def zipping_branch(x):
    if np.sum(x) > 0.0:
        parts = list(map(np.exp, [x, -x]))
    else:
        parts = list(map(np.tanh, [x, x * 2.0]))
    return np.sum(parts[0] * parts[1])


def _pairs_sum(a, b, c):
    pairs = [(a, b), (c, a)]        # `zip(*pairs)` of an argument would have no static length
    lefts, rights = zip(*pairs)
    return lefts[0] * rights[1] + rights[0]


def zipping_call(x, y):
    return np.sum(_pairs_sum(x, y, np.sin(y)))


# -- for a, b in zip(*rows), rows an argument: its count known only at run time --------------------
def zip_rows_top(x, pairs):
    total = 0.0
    for a, b in zip(*pairs):
        total = total + np.sum(a * b * x)
    return total


def zip_rows_loop(x, rows, n):
    total = 0.0
    for i in range(n):
        for a, b, c in zip(*rows):
            total = total + np.sum(np.sin(a * x) * b + c * i)
    return total


def zip_rows_branch(x, pairs):
    if np.sum(x) > 0.0:
        for a, b in zip(*pairs):
            x = x * a + b
    else:
        x = np.cos(x)
    return np.sum(x * x)


def _dot_rows(pairs):
    total = 0.0
    for a, b in zip(*pairs):
        total = total + np.sum(a * b)
    return total


def zip_rows_call(x, y):
    return _dot_rows([(x, np.sin(x), y), (y, x * y, np.cos(y))])


# -- *args and **kwargs parameters of called functions -------------------------------------------
def _product(*xs):
    total = 1.0
    for v in xs:
        total = total * v
    return total


def _weighted(x, *rest, **weights):
    return x * weights["w"] + rest[0]


def varargs_top(x, y):
    return np.sum(_product(x, y, np.sin(x))) + np.sum(_weighted(x, y, w=x))


def varargs_loop(x, n):
    total = 0.0
    for i in range(n):
        total = total + np.sum(_product(x, x * i))
    return total


def varargs_branch(x):
    if np.sum(x) > 0.0:
        y = _product(x, np.cos(x))
    else:
        y = _weighted(x, x * x, w=2.0)
    return np.sum(y)


def _through(*xs, **kw):
    return _product(*xs) * kw["scale"]


def varargs_call(x, y):
    return np.sum(_through(x, y, scale=y))


def _layers():
    return [Layer(arr(3, 3, seed=90), arr(3, seed=91)), Layer(arr(2, 3, seed=92), arr(2, seed=93))]


CASES = [
    Case(namedtuple_top, "namedtuple input", "top", ((Layer(arr(3, 3, seed=94), arr(3, seed=95)), arr(3, seed=96)),)),
    Case(namedtuple_loop, "namedtuple input", "loop", ((_layers(), arr(3, seed=97)),), (0, 1)),
    Case(namedtuple_branch, "namedtuple input", "branch",
         ((Layer(arr(2, 2, seed=98), arr(2, seed=99)), vec(0.3, 0.2)),
          (Layer(arr(2, 2, seed=98), arr(2, seed=99)), vec(-0.3, 0.2))), (0, 1)),
    Case(namedtuple_call, "namedtuple input", "call", ((Layer(arr(2, 2, seed=100), arr(2, seed=101)), arr(2, seed=102)),)),
    Case(concat_top, "sequence concatenation", "top", ((arr(3, seed=103), arr(3, seed=104)),), (0, 1)),
    Case(concat_loop, "sequence concatenation", "loop", ((arr(3, seed=105), 3),)),
    Case(concat_branch, "sequence concatenation", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.2),))),
    Case(concat_call, "sequence concatenation", "call", ((arr(3, seed=106),),)),
    Case(star_top, "* and ** in calls", "top", ((arr(3, seed=107), arr(3, seed=108)),), (0, 1)),
    Case(star_loop, "* and ** in calls", "loop", ((arr(3, seed=109), 3),)),
    Case(star_branch, "* and ** in calls", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.2),))),
    Case(star_call, "* and ** in calls", "call", ((arr(3, seed=110), arr(3, seed=111)),), (0, 1)),
    Case(namedtuple_property, "namedtuple input", "top", ((_Scaled(arr(3, 3, seed=123), arr(3, seed=124)),
                                                            arr(3, seed=125)),)),
    Case(dataclass_top, "dataclass input", "top", ((Affine(arr(3, 3, seed=112), arr(3, seed=113)), arr(3, seed=114)),)),
    Case(dataclass_loop, "dataclass input", "loop", ((Affine(arr(2, 3, seed=115), arr(2, seed=116)), arr(2, 3, seed=117)),)),
    Case(dataclass_branch, "dataclass input", "branch",
         ((Affine(arr(2, 2, seed=118), arr(2, seed=119)), vec(0.3, 0.2)),
          (Affine(arr(2, 2, seed=118), arr(2, seed=119)), vec(-0.3, 0.2)))),
    Case(dataclass_call, "dataclass input", "call", ((Affine(arr(2, 3, seed=120), arr(2, seed=121)), arr(3, seed=122)),)),
    Case(zipping_top, "dict(zip)/map/zip(*pairs)/sorted", "top", ((arr(3, seed=123), arr(3, seed=124)),), (0, 1)),
    Case(zipping_loop, "dict(zip)/map/zip(*pairs)/sorted", "loop", ((arr(3, seed=125),),)),
    Case(zipping_branch, "dict(zip)/map/zip(*pairs)/sorted", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.2),))),
    Case(zipping_call, "dict(zip)/map/zip(*pairs)/sorted", "call", ((arr(3, seed=126), arr(3, seed=127)),), (0, 1)),
    Case(zip_rows_top, "for in zip(*rows)", "top",
         ((arr(3, seed=140), [tuple(arr(3, seed=141 + k) for k in range(3)),
                              tuple(arr(3, seed=144 + k) for k in range(3))]),), (0, 1)),
    Case(zip_rows_loop, "for in zip(*rows)", "loop",
         ((arr(2, seed=147), [tuple(arr(2, seed=148 + 3 * j + k) for k in range(2)) for j in range(3)], 2),), (0, 1)),
    Case(zip_rows_branch, "for in zip(*rows)", "branch",
         ((vec(0.3, 0.2), [(vec(0.5, 0.4), vec(0.9, -0.2)), (vec(0.1, 0.3), vec(-0.2, 0.6))]),
          (vec(-0.3, 0.2), [(vec(0.5, 0.4), vec(0.9, -0.2)), (vec(0.1, 0.3), vec(-0.2, 0.6))])), (0, 1)),
    Case(zip_rows_call, "for in zip(*rows)", "call", ((arr(3, seed=157), arr(3, seed=158)),), (0, 1)),
    Case(varargs_top, "*args/**kwargs callees", "top", ((arr(3, seed=128), arr(3, seed=129)),), (0, 1)),
    Case(varargs_loop, "*args/**kwargs callees", "loop", ((arr(3, seed=130), 3),)),
    Case(varargs_branch, "*args/**kwargs callees", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.2),))),
    Case(varargs_call, "*args/**kwargs callees", "call", ((arr(3, seed=131), arr(3, seed=132)),), (0, 1)),
]

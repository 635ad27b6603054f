"""Python shapes of code: classes with __call__ and properties, inheritance, dataclasses and
namedtuples of parameters, comprehensions, generators in sum, while/break, closures over loop
variables, recursion, map/filter with lambdas, sorted with key=, early returns, ternaries."""

import dataclasses
import functools
import math
from collections import namedtuple

import numpy as np

rng = np.random.default_rng(4)

Params = namedtuple("Params", ["W", "b"])


@dataclasses.dataclass
class Layer:
    W: np.ndarray
    b: np.ndarray

    def __call__(self, x):
        return np.tanh(x @ self.W + self.b)


@dataclasses.dataclass(frozen=True)
class Frozen:
    scale: float
    shift: np.ndarray


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def __call__(self, x):
        return x @ self.W + self.b

    @property
    def norm(self):
        return np.sum(self.W ** 2)


class Base:
    def __init__(self, w):
        self.w = w

    def forward(self, x):
        return x * self.w


class Child(Base):
    def forward(self, x):
        return np.sin(super().forward(x))


class Model:
    def __init__(self, W):
        self.W = W

    def predict(self, x):
        return np.tanh(self.W @ x)

    def loss(self, x, y):
        return np.sum((self.predict(x) - y) ** 2)


def namedtuple_params(p, x):
    return np.sum(np.tanh(x @ p.W + p.b) ** 2)


def namedtuple_replace(p, x):
    q = p._replace(b=p.b * 2.0)
    return np.sum((x @ q.W + q.b) ** 2)


def dataclass_call(layer, x):
    return np.sum(layer(x) ** 2)


def dataclass_list(layers, x):
    h = x
    for layer in layers:
        h = layer(h)
    return np.sum(h)


def frozen_dc(p, x):
    return np.sum((x * p.scale + p.shift) ** 2)


def build_affine(W, b, x):
    layer = Affine(W, b)
    return np.sum(layer(x) ** 2) + 0.1 * layer.norm


def inherit_super(w, x):
    m = Child(w)
    return np.sum(m.forward(x))


def method_calls_method(W, x, y):
    m = Model(W)
    return m.loss(x, y)


def dict_comp_params(sizes, x, scale):
    params = {f"W{i}": np.ones((a, b)) * scale * (i + 1) for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]))}
    h = x
    for i in range(len(sizes) - 1):
        h = np.tanh(h @ params[f"W{i}"])
    return np.sum(h)


def list_comp_filter(x):
    return sum([v * v for v in x if v > 0])


def gen_in_sum(x, w):
    return sum(w[i] * x[i] ** 2 for i in range(len(x)))


def sum_with_start(xs):
    return sum((v ** 2 for v in xs), 0.5)


def while_break_converge(a):
    x = 1.0
    for _ in range(100):
        x_new = 0.5 * (x + a / x)
        if abs(x_new - x) < 1e-12:
            break
        x = x_new
    return x_new


def while_true_newton(a):
    x = a
    while True:
        fx = x ** 3 - a
        if abs(fx) < 1e-12:
            break
        x = x - fx / (3 * x ** 2)
    return x


def closure_loop_var(x):
    fs = []
    for k in range(3):
        def g(v, k=k):
            return v * (k + 1)
        fs.append(g)
    return sum(np.sum(fn(x)) for fn in fs)


def closure_late_binding(x):
    total = 0.0
    for k in range(1, 4):
        sq = lambda v: v ** k
        total = total + np.sum(sq(x))
    return total


def recursion_pow(x, n):
    if n == 0:
        return 1.0
    half = recursion_pow(x, n // 2)
    if n % 2 == 0:
        return half * half
    return half * half * x


def recursive_tree(x, depth):
    if depth == 0:
        return np.sum(x ** 2)
    mid = len(x) // 2
    return recursive_tree(x[:mid], depth - 1) + 2.0 * recursive_tree(x[mid:], depth - 1)


def reduce_product(xs):
    return functools.reduce(lambda a, b: a * b, xs)


def map_lambda(x):
    return sum(map(lambda v: v ** 3, x))


def filter_lambda(x):
    return sum(filter(lambda v: v > 0, x))


def sorted_key(x):
    vals = sorted(range(len(x)), key=lambda i: x[i])
    return x[vals[0]] * 2.0 + x[vals[-1]]


def min_key(pts, q):
    best = min(pts, key=lambda p: np.sum((p - q) ** 2))
    return np.sum(best * q)


def max_over_keys(d):
    k = max(d, key=lambda k: d[k])
    return d[k] ** 2


def early_return_loop(x, thresh):
    s = 0.0
    for i, v in enumerate(x):
        s = s + v * v
        if s > thresh:
            return s * i
    return -s


def ternary_chain(x):
    return x * x if x > 1 else (math.sin(x) if x > 0 else x ** 3)


def attr_augassign(x):
    m = Model(np.eye(2))
    acc = Affine(x, 0.0)
    acc.b += np.sum(x)
    return acc.b * 2.0 + np.sum(m.W @ x)


def star_args_callee(x):
    def combine(*terms):
        return sum(t * t for t in terms)
    return combine(x[0], x[1], x[2])


def kwargs_callee(x):
    def scaled(v, **opts):
        return v * opts["scale"] + opts.get("shift", 0.0)
    return np.sum(scaled(x, scale=2.0) ** 2)


def nested_dicts(p, x):
    h = x
    for name in ["l1", "l2"]:
        h = np.tanh(p[name]["W"] @ h + p[name]["b"])
    return np.sum(h)


def zip_dict_items(p, x):
    out = 0.0
    for (k, W), s in zip(sorted(p.items()), [1.0, 2.0]):
        out = out + s * np.sum(W @ x)
    return out


def enumerate_list_of_arrays(ws, x):
    total = 0.0
    for i, w in enumerate(ws):
        total += (i + 1) * np.dot(w, x)
    return total


def int_float_conv(x, n):
    m = int(n * 2)
    return float(m) * x + float(x) ** 2


def divmod_time(t, period):
    q, r = divmod(t, period)
    return r ** 2 + q


def global_counter(x):
    global CALLS
    CALLS += 1
    return x * x


CALLS = 0
L1 = Layer(rng.standard_normal((3, 2)), rng.standard_normal(2))
L2 = Layer(rng.standard_normal((2, 2)), rng.standard_normal(2))
X3 = rng.standard_normal(3)

CASES = [
    dict(f=namedtuple_params, args=(Params(rng.standard_normal((3, 2)), rng.standard_normal(2)), X3),
         wrt=0, alt=1),
    dict(f=namedtuple_replace, args=(Params(rng.standard_normal((3, 2)), rng.standard_normal(2)), X3),
         wrt=0, alt=1),
    dict(f=dataclass_call, args=(L1, X3), wrt=0, alt=1),
    dict(f=dataclass_list, args=([L1, L2], X3), wrt=0, alt=1),
    dict(f=frozen_dc, args=(Frozen(0.7, rng.standard_normal(3)), X3), wrt=0, alt=1),
    dict(f=build_affine, args=(rng.standard_normal((3, 2)), rng.standard_normal(2), X3), wrt=(0, 1), alt=2),
    dict(f=inherit_super, args=(0.7, X3), wrt=0, alt=1),
    dict(f=method_calls_method, args=(rng.standard_normal((2, 3)), X3, rng.standard_normal(2)), wrt=0, alt=1),
    dict(f=dict_comp_params, args=([3, 4, 2], X3, 0.3), wrt=2, alt=1),
    dict(f=list_comp_filter, args=(rng.standard_normal(5),), wrt=0),
    dict(f=gen_in_sum, args=(rng.standard_normal(4), rng.standard_normal(4)), wrt=0, alt=1),
    dict(f=sum_with_start, args=([0.3, -1.2, 0.5],), wrt=0),
    dict(f=while_break_converge, args=(2.0,), wrt=0),
    dict(f=while_true_newton, args=(3.0,), wrt=0, tol=1e-4),
    dict(f=closure_loop_var, args=(X3,), wrt=0),
    dict(f=closure_late_binding, args=(np.abs(X3) + 0.2,), wrt=0),
    dict(f=recursion_pow, args=(1.1, 5), wrt=0),
    dict(f=recursive_tree, args=(rng.standard_normal(8), 2), wrt=0),
    dict(f=reduce_product, args=([0.3, -1.2, 0.5],), wrt=0),
    dict(f=map_lambda, args=(rng.standard_normal(4),), wrt=0),
    dict(f=filter_lambda, args=(rng.standard_normal(5),), wrt=0),
    dict(f=sorted_key, args=(rng.standard_normal(5),), wrt=0),
    dict(f=min_key, args=([rng.standard_normal(2) for _ in range(3)], rng.standard_normal(2)), wrt=1, alt=0),
    dict(f=max_over_keys, args=({"a": 0.3, "b": 1.4, "c": -0.2},), wrt=0),
    dict(f=early_return_loop, args=(rng.standard_normal(5), 1.0), wrt=0),
    dict(f=early_return_loop, args=(rng.standard_normal(5) * 0.1, 100.0), wrt=0, name="early_return_none"),
    dict(f=ternary_chain, args=(1.5,), wrt=0),
    dict(f=ternary_chain, args=(0.5,), wrt=0, name="ternary_mid"),
    dict(f=ternary_chain, args=(-0.5,), wrt=0, name="ternary_neg"),
    dict(f=attr_augassign, args=(rng.standard_normal(2),), wrt=0),
    dict(f=star_args_callee, args=(X3,), wrt=0),
    dict(f=kwargs_callee, args=(X3,), wrt=0),
    dict(f=nested_dicts, args=({"l1": {"W": rng.standard_normal((2, 3)), "b": rng.standard_normal(2)},
                                "l2": {"W": rng.standard_normal((2, 2)), "b": rng.standard_normal(2)}}, X3),
         wrt=0, alt=1),
    dict(f=zip_dict_items, args=({"b": rng.standard_normal((2, 3)), "a": rng.standard_normal((2, 3))}, X3),
         wrt=0, alt=1),
    dict(f=enumerate_list_of_arrays, args=([rng.standard_normal(3) for _ in range(3)], X3), wrt=0, alt=1),
    dict(f=int_float_conv, args=(0.7, 1.6), wrt=0),
    dict(f=divmod_time, args=(7.3, 2.0), wrt=0, alt=(0, 1)),
    dict(f=global_counter, args=(0.7,), wrt=0),
]

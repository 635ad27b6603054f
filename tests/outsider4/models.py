"""Closures, late binding, defaults, classes and records, as small models hold their state."""

from collections import namedtuple
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

rng = np.random.default_rng(6)
State = namedtuple("State", "pos vel")


def late_binding(x, a):
    scale = a
    f = lambda v: v * scale
    scale = a * a
    return np.sum(f(x))


def late_binding_def(x, a):
    def g(v):
        return v + c
    c = a * 2.0
    y = g(x)
    c = a * 3.0
    return np.sum(y * g(x))


def default_captured(x, a):
    def g(v, c=a):
        return v * c
    a = a * 10.0
    return np.sum(g(x)) + a


def closure_in_loop(x, a):
    fs = []
    total = 0.0
    for k in range(3):
        g = lambda v: v * k * a
        total = total + np.sum(g(x))
    return total


def nested_closure_two_levels(x, a):
    def outer(v):
        def inner(w):
            return w * a + v
        return inner(v * 2)
    return np.sum(outer(x) ** 2)


def compose(f, g):
    return lambda v: f(g(v))


def composed(x):
    h = compose(np.sin, np.exp)
    return np.sum(h(x))


def make_affine(W, b):
    def affine(v):
        return W @ v + b
    return affine


def factory_call(W, b, x):
    layer = make_affine(W, b)
    return np.sum(np.tanh(layer(x)))


def apply_twice(f, x):
    return f(f(x))


def partial_twice(x, c):
    g = partial(np.multiply, c)
    return np.sum(apply_twice(g, x))


class Dense:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def __call__(self, x):
        return np.tanh(self.W @ x + self.b)

    def penalty(self):
        return np.sum(self.W ** 2)


def object_layers(W1, b1, W2, b2, x):
    layers = [Dense(W1, b1), Dense(W2, b2)]
    h = x
    pen = 0.0
    for layer in layers:
        h = layer(h)
        pen = pen + layer.penalty()
    return np.sum(h) + 0.1 * pen


def object_wrt(layer, x):
    return np.sum(layer(x) ** 2) + layer.penalty()


@dataclass
class Config:
    lr: float
    decay: float


@dataclass
class Net:
    W: np.ndarray
    b: np.ndarray


def dataclass_replace(net, x):
    net2 = replace(net, W=net.W * 2.0)
    return np.sum(net2.W @ x + net.b)


def namedtuple_replace(s, k):
    s2 = s._replace(vel=s.vel - k * s.pos)
    s3 = State(pos=s2.pos + 0.1 * s2.vel, vel=s2.vel)
    return np.sum(s3.pos ** 2 + s3.vel ** 2)


def namedtuple_steps(s, k):
    for _ in range(10):
        vel = s.vel - 0.1 * k * s.pos
        s = State(s.pos + 0.1 * vel, vel)
    return np.sum(s.pos * s.vel)


def nested_dict_params(params, x):
    h = np.tanh(params["enc"]["W"] @ x + params["enc"]["b"])
    return np.sum(params["dec"][0] @ h) + params["dec"][1]


def returns_tuple_helper(x):
    def stats(v):
        return np.mean(v), np.var(v)
    m, v = stats(x)
    return m * v + v ** 2


def has_aux_like(x, w):
    loss = np.sum((x * w) ** 2)
    return loss


def list_of_arrays_arg(xs, w):
    return sum(np.dot(x, w) ** 2 for x in xs)


def while_converge_adam(w0, target):
    w = w0.copy()
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, 21):
        g = 2 * (w - target)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        mh = m / (1 - 0.9 ** t)
        vh = v / (1 - 0.999 ** t)
        w = w - 0.05 * mh / (np.sqrt(vh) + 1e-8)
    return np.sum(w ** 2)


def unrolled_sgd(w, X, y, lr):
    for _ in range(5):
        r = X @ w - y
        w = w - lr * X.T @ r / len(y)
    return np.sum((X @ w - y) ** 2)


def loop_dict_update(params, x):
    p = dict(params)
    for k in p:
        p[k] = p[k] * 0.9
    return np.sum(p["a"] * x) + np.sum(p["b"] ** 2)


def kwargs_forward(x, **kw):
    return np.sum(x * kw["s"])


def call_fwd_kwargs(x, s):
    d = {"s": s}
    return kwargs_forward(x, **d)


def mutual_a(x, n):
    if n <= 0:
        return x
    return mutual_b(np.sin(x), n - 1)


def mutual_b(x, n):
    if n <= 0:
        return x
    return mutual_a(x * 1.5, n - 1)


def mutual_entry(x):
    return np.sum(mutual_a(x, 5))


def method_via_bound(x, w):
    d = Dense(w, np.zeros(2))
    f = d.penalty
    return f() + np.sum(d(x))


def shadow_builtin(x):
    sum = 0.0
    for v in x:
        sum = sum + v * v
    return sum


def global_func_ref(x):
    fn = np.tanh
    if np.sum(x) > 0:
        fn = np.sin
    return np.sum(fn(x))


W2 = rng.standard_normal((2, 3))
b2 = rng.standard_normal(2)
W22 = rng.standard_normal((2, 2))
x3 = rng.standard_normal(3)
CASES = [
    dict(f=late_binding, args=(x3, 0.7), wrt=0, alt=1),
    dict(f=late_binding_def, args=(x3, 0.7), wrt=0, alt=1),
    dict(f=default_captured, args=(x3, 0.7), wrt=0, alt=1),
    dict(f=closure_in_loop, args=(x3, 0.7), wrt=0, alt=1),
    dict(f=nested_closure_two_levels, args=(x3, 0.7), wrt=0, alt=1),
    dict(f=composed, args=(x3,), wrt=0),
    dict(f=factory_call, args=(W2, b2, x3), wrt=(0, 1), alt=2),
    dict(f=partial_twice, args=(x3, 0.7), wrt=0, alt=1),
    dict(f=object_layers, args=(W2, b2, W22, rng.standard_normal(2), x3), wrt=(0, 1, 2, 3), alt=4),
    dict(f=object_wrt, args=(Dense(W2, b2), x3), wrt=0, alt=1),
    dict(f=dataclass_replace, args=(Net(W2, b2), x3), wrt=0, alt=1),
    dict(f=namedtuple_replace, args=(State(x3, x3[::-1].copy()), 0.3), wrt=0, alt=1),
    dict(f=namedtuple_steps, args=(State(x3, x3[::-1].copy()), 0.3), wrt=0, alt=1),
    dict(f=nested_dict_params, args=({"enc": {"W": W2, "b": b2}, "dec": [rng.standard_normal(2), 0.4]}, x3),
         wrt=0, alt=1),
    dict(f=returns_tuple_helper, args=(x3,), wrt=0),
    dict(f=list_of_arrays_arg, args=([x3, x3 * 2], x3), wrt=(0, 1)),
    dict(f=while_converge_adam, args=(x3, rng.standard_normal(3)), wrt=(0, 1)),
    dict(f=unrolled_sgd, args=(x3, rng.standard_normal((5, 3)), rng.standard_normal(5), 0.1), wrt=(0, 3), alt=1),
    dict(f=loop_dict_update, args=({"a": x3, "b": x3 * 2}, x3), wrt=0, alt=1),
    dict(f=call_fwd_kwargs, args=(x3, 0.7), wrt=0, alt=1),
    dict(f=mutual_entry, args=(x3,), wrt=0),
    dict(f=method_via_bound, args=(x3, W2), wrt=0, alt=1),
    dict(f=shadow_builtin, args=(x3,), wrt=0),
    dict(f=global_func_ref, args=(x3,), wrt=0),
    dict(f=global_func_ref, args=(-x3 - 2,), wrt=0, name="global_func_ref_neg"),
]

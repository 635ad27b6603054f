"""Records of parameters: nested and frozen dataclasses, defaults, lists of records, plain classes."""

from collections import namedtuple
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

rng = np.random.default_rng(18)


@dataclass(frozen=True)
class Layer:
    W: np.ndarray
    b: np.ndarray
    scale: float = 1.0


@dataclass
class Model:
    layers: list
    head: np.ndarray
    name: str = "m"


class Gauss(NamedTuple):
    mu: np.ndarray
    log_sigma: np.ndarray
    weight: float = 1.0


Pair = namedtuple("Pair", "a b", defaults=(0.5,))


def frozen_layer_loss(layer, x):
    return np.sum(np.tanh(layer.W @ x + layer.b) * layer.scale)


def nested_model(m, x):
    h = x
    for layer in m.layers:
        h = np.tanh(layer.W @ h + layer.b) * layer.scale
    return np.sum(m.head * h)


def typed_namedtuple(g, x):
    z = (x - g.mu) / np.exp(g.log_sigma)
    return g.weight * np.sum(-0.5 * z ** 2 - g.log_sigma)


def namedtuple_defaults(p, x):
    return np.sum(p.a * x) + p.b ** 2


def list_of_records(gs, x):
    total = 0.0
    for g in gs:
        total = total + typed_namedtuple(g, x)
    return total


def build_record_inside(W, b, x):
    layer = Layer(W=W, b=b, scale=2.0)
    return frozen_layer_loss(layer, x)


def unpack_record(g, x):
    mu, ls, w = g
    return w * np.sum((x - mu) ** 2 * np.exp(-ls))


def dict_of_records(d, x):
    return np.sum(d["enc"].W @ x) + np.sum(d["dec"].b ** 2)


class Affine:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def __call__(self, x):
        return self.W @ x + self.b

    def energy(self, x):
        return np.sum(self(x) ** 2) + 0.1 * np.sum(self.W ** 2)


def plain_object_method(W, b, x):
    f = Affine(W, b)
    return f.energy(x)


def plain_object_wrt(f, x):
    return f.energy(x)


W23 = rng.standard_normal((2, 3))
W22 = rng.standard_normal((2, 2))
x3 = rng.standard_normal(3)
g1 = Gauss(rng.standard_normal(3), 0.2 * rng.standard_normal(3), 0.7)
CASES = [
    dict(f=frozen_layer_loss, args=(Layer(W23, rng.standard_normal(2), 1.5), x3), wrt=0, alt=1),
    dict(f=nested_model, args=(Model([Layer(W23, rng.standard_normal(2)), Layer(W22, rng.standard_normal(2), 0.5)],
                                     rng.standard_normal(2)), x3), wrt=0, alt=1),
    dict(f=typed_namedtuple, args=(g1, x3), wrt=0, alt=1),
    dict(f=namedtuple_defaults, args=(Pair(x3 * 2), x3), wrt=0, alt=1),
    dict(f=list_of_records, args=([g1, Gauss(x3, x3 * 0.1)], x3), wrt=0, alt=1),
    dict(f=build_record_inside, args=(W23, rng.standard_normal(2), x3), wrt=(0, 1), alt=2),
    dict(f=unpack_record, args=(g1, x3), wrt=0, alt=1),
    dict(f=dict_of_records, args=({"enc": Layer(W23, np.zeros(2)), "dec": Layer(W22, rng.standard_normal(2))}, x3),
         wrt=0, alt=1),
    dict(f=plain_object_method, args=(W23, rng.standard_normal(2), x3), wrt=(0, 1), alt=2),
    dict(f=plain_object_wrt, args=(Affine(W23, rng.standard_normal(2)), x3), wrt=0, alt=1),
]


class Quadratic:
    def __init__(self, A, c):
        self.A = A
        self.c = c

    def value(self, x):
        return 0.5 * x @ self.A @ x + self.c @ x

    def total(self, x):
        return self.value(x) + self.value(2 * x)


def method_calls_method_wrt(q, x):
    return q.total(x)


def method_calls_method_inside(A, c, x):
    q = Quadratic(A, c)
    return q.total(x)


CASES += [
    dict(f=method_calls_method_wrt, args=(Quadratic(W22 @ W22.T, x3[:2]), x3[:2]), wrt=0, alt=1),
    dict(f=method_calls_method_inside, args=(W22 @ W22.T, x3[:2], x3[:2]), wrt=(0, 1), alt=2),
]

"""Programs spread over two of the user's modules: functions, globals, a class and a dict of
functions imported from layers.py in the ways people import them."""

import numpy as np

from . import layers
from .layers import SCALE, Dense, dense, l2, mse, residual_block
from .layers import stable_logsumexp as lse
from tests.outsider5 import layers as L

rng = np.random.default_rng(13)


def two_layer(params, X, y):
    h = dense(X, params["W1"], params["b1"])
    pred = dense(h, params["W2"], params["b2"], act=lambda z: z)
    return mse(pred, y) + l2(params)


def via_module_alias(W, x):
    return np.sum(L.dense(x, W, 0.0) ** 2) + L.SCALE * np.sum(W)


def via_relative_module(W, x):
    return np.sum(layers.scaled(layers.dense(x, W, 0.1, act=np.sin)))


def global_from_other(x):
    return np.sum((SCALE * x) ** 2)


def class_from_other(W, b, x):
    layer = Dense(W, b)
    return np.sum(layer(x) ** 2)


def dict_of_acts(x):
    return np.sum(layers.ACTS["tanh"](x) * layers.ACTS["sin"](x))


def resnet_stack(Ws, x):
    h = x
    for W in Ws:
        h = residual_block(h, W)
    return lse(h)


CASES = [
    dict(f=two_layer, args=({"W1": rng.standard_normal((3, 4)) * 0.5, "b1": np.zeros(4),
                             "W2": rng.standard_normal((4, 1)) * 0.5, "b2": np.zeros(1)},
                            rng.standard_normal((5, 3)), rng.standard_normal((5, 1))), wrt=0),
    dict(f=via_module_alias, args=(rng.standard_normal((3, 2)), rng.standard_normal(3)), wrt=0, alt=1),
    dict(f=via_relative_module, args=(rng.standard_normal((3, 2)), rng.standard_normal(3)), wrt=0, alt=1),
    dict(f=global_from_other, args=(rng.standard_normal(3),), wrt=0),
    dict(f=class_from_other, args=(rng.standard_normal((3, 2)), rng.standard_normal(2), rng.standard_normal(3)),
         wrt=(0, 1), alt=2),
    dict(f=dict_of_acts, args=(rng.standard_normal(3),), wrt=0),
    dict(f=resnet_stack, args=([rng.standard_normal((3, 3)) * 0.3 for _ in range(3)], rng.standard_normal(3)),
         wrt=0, alt=1),
]

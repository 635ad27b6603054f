"""Functions with custom gradients, read by tests/test_custom.py (and by `s2sgrad emit`)."""

import numpy as np

import s2sgrad


@s2sgrad.custom_gradient
def st_floor(x):
    return np.floor(x)


@st_floor.adjoint
def _(result, x, d_result):
    return d_result                 # straight-through: as if floor were the identity


@st_floor.tangent
def _(result, x, *, t_x):
    return t_x                      # and in forward mode


@s2sgrad.custom_gradient
def soft_clip(x, limit):
    return np.clip(x, -limit, limit)


@soft_clip.adjoint
def _(result, x, limit, d_result):
    return d_result * (1 - np.tanh(x / limit) ** 2), None


@s2sgrad.differentiate(wrt="w")
def quantized_loss(w, x, y):
    q = st_floor(w * 4.0) / 4.0
    return np.sum((x @ q - y) ** 2)


def frozen(x, w):
    scale = s2sgrad.stop_gradient(np.sum(x * x))
    return np.sum(x * w) * scale


def clipped(x):
    return np.sum(soft_clip(x * 3.0, 1.0))

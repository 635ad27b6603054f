"""A differentiated operand broadcast against a constant array, through each binary operation."""

import numpy as np
import scipy.special

W = np.linspace(0.2, 2.5, 12).reshape(3, 4)
S = np.where(np.arange(12).reshape(3, 4) % 3 == 0, -1.0, 1.0)


def c_add(b):
    return np.sum((b + W) ** 2)


def c_maximum(b):
    return np.sum(np.maximum(b, W) * W)


def c_minimum(b):
    return np.sum(np.minimum(W, b) * W)


def c_clip_a(b):
    return np.sum(np.clip(b, W - 1.0, W) * W)


def c_clip_bound(b):
    return np.sum(np.clip(W, b, 2.0) * W)


def c_hypot(b):
    return np.sum(np.hypot(b, W))


def c_arctan2(b):
    return np.sum(np.arctan2(b, W) * W)


def c_power_base(b):
    return np.sum(np.power(np.abs(b) + 0.5, W))


def c_power_exp(b):
    return np.sum(np.power(W, b))


def c_logaddexp(b):
    return np.sum(np.logaddexp(b, W))


def c_copysign(b):
    return np.sum(np.copysign(b, S) * W)


def c_fmod(b):
    return np.sum(np.fmod(W * 3.0, np.abs(b) + 1.0))


def c_where_other_const_array(b):
    return np.sum(np.where(W > 1.0, b, W) ** 2)


def c_select(b):
    return np.sum(np.select([W < 0.8, W > 2.0], [b, b * b], default=0.0) * W)


def c_fmax_fmin(b):
    return np.sum(np.fmax(b, W) + np.fmin(W, b) * W)


def c_xlogy(b):
    return np.sum(scipy.special.xlogy(W, np.abs(b) + 1.0))


def c_float_power(b):
    return np.sum(np.float_power(np.abs(b) + 0.5, W))


def c_divide_rev(b):
    return np.sum(W / (b * b + 1.0))


def c_remainder(b):
    return np.sum(np.remainder(W * 3.0, np.abs(b) + 1.0))


def c_logaddexp2(b):
    return np.sum(np.logaddexp2(W, b))


def c_nextafter_ldexp(b):
    return np.sum(np.ldexp(b, np.array([1, 2, 3, 0])) * W)


b4 = np.array([0.9, -1.3, 1.7, 0.35])
CASES = []
for kind, b in [("vec", b4), ("f", 0.9)]:
    for fn in [c_add, c_maximum, c_minimum, c_clip_a, c_clip_bound, c_hypot, c_arctan2, c_power_base,
               c_power_exp, c_logaddexp, c_copysign, c_fmod, c_where_other_const_array, c_select,
               c_fmax_fmin, c_xlogy, c_float_power, c_divide_rev, c_remainder, c_logaddexp2,
               c_nextafter_ldexp]:
        CASES.append(dict(f=fn, args=(b,), wrt=0, name="%s_%s" % (fn.__name__, kind)))

"""Rules for `scipy.special`'s axis-wise functions: logsumexp, softmax, log_softmax.

All are written in the numerically stable form: the weights exp(a - logsumexp(a)) never
overflow.
"""

import numpy as np
import scipy.special as sc

from . import adjoint, only, tangent
from ..runtime import expand_reduced


@adjoint(sc.logsumexp, requires={"return_sign": only(False, reason="the sign is returned as a second value")})
def logsumexp(result, a, axis=None, b=None, keepdims=False, return_sign=False, *, d_result):
    # With respect to `a`; the scale factors b are constants.
    g = expand_reduced(d_result, a, axis, keepdims)
    weights = np.exp(a - expand_reduced(result, a, axis, keepdims))
    if b is None:
        return g * weights
    return g * weights * b


@tangent(sc.logsumexp)
def logsumexp_tangent(result, a, axis=None, b=None, keepdims=False, return_sign=False, *, t_a):
    weights = np.exp(a - expand_reduced(result, a, axis, keepdims))
    if b is None:
        return np.sum(weights * t_a, axis=axis, keepdims=keepdims)
    return np.sum(weights * b * t_a, axis=axis, keepdims=keepdims)


@adjoint(sc.softmax)
def softmax(result, x, axis=None, *, d_result):
    return result * (d_result - np.sum(d_result * result, axis=axis, keepdims=True))


@tangent(sc.softmax)
def softmax_tangent(result, x, axis=None, *, t_x):
    return result * (t_x - np.sum(result * t_x, axis=axis, keepdims=True))


@adjoint(sc.log_softmax)
def log_softmax(result, x, axis=None, *, d_result):
    return d_result - np.exp(result) * np.sum(d_result, axis=axis, keepdims=True)


@tangent(sc.log_softmax)
def log_softmax_tangent(result, x, axis=None, *, t_x):
    return t_x - np.sum(np.exp(result) * t_x, axis=axis, keepdims=True)

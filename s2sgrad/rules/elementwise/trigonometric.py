"""Trigonometric and hyperbolic functions, the logistic function, angles and sinc."""

import math

import numpy as np

from ... import runtime
from .. import BROADCASTING
from ...runtime import unbroadcast


# -- trigonometric and hyperbolic -------------------------------------------------------


@BROADCASTING.adjoint(np.sin, math.sin)
def sin(result, x, *, d_result):
    return d_result * np.cos(x)


@BROADCASTING.adjoint(np.cos, math.cos)
def cos(result, x, *, d_result):
    return -d_result * np.sin(x)


@BROADCASTING.adjoint(np.tan, math.tan)
def tan(result, x, *, d_result):
    return d_result * (1 + result * result)


@BROADCASTING.adjoint(np.arcsin, math.asin)
def arcsin(result, x, *, d_result):
    return d_result / np.sqrt(1 - x * x)


@BROADCASTING.adjoint(np.arccos, math.acos)
def arccos(result, x, *, d_result):
    return -d_result / np.sqrt(1 - x * x)


@BROADCASTING.adjoint(np.arctan, math.atan)
def arctan(result, x, *, d_result):
    return d_result / (1 + x * x)


@BROADCASTING.adjoint(np.sinh, math.sinh)
def sinh(result, x, *, d_result):
    return d_result * np.cosh(x)


@BROADCASTING.adjoint(np.cosh, math.cosh)
def cosh(result, x, *, d_result):
    return d_result * np.sinh(x)


@BROADCASTING.adjoint(np.tanh, math.tanh)
def tanh(result, x, *, d_result):
    return d_result * (1 - result * result)


@BROADCASTING.adjoint(runtime.logistic)
def logistic(result, x, *, d_result):
    # A user's own `1 / (1 + np.exp(-x))` (analyses/patterns.py): the value is all it needs.
    return d_result * result * (1 - result)


@BROADCASTING.adjoint(np.arcsinh, math.asinh)
def arcsinh(result, x, *, d_result):
    return d_result / np.sqrt(x * x + 1)


@BROADCASTING.adjoint(np.arccosh, math.acosh)
def arccosh(result, x, *, d_result):
    # Factored so that x close to 1 does not lose digits in x * x - 1.
    return d_result / (np.sqrt(x - 1) * np.sqrt(x + 1))


@BROADCASTING.adjoint(np.arctanh, math.atanh)
def arctanh(result, x, *, d_result):
    return d_result / (1 - x * x)


@BROADCASTING.adjoint(np.arctan2, math.atan2)
def arctan2(result, x1, x2, *, d_result):
    # At the origin the angle is undefined: the double `where` gives 0 there, not nan.
    r2 = x1 * x1 + x2 * x2
    safe = np.where(r2 == 0, 1, r2)
    return (unbroadcast(np.where(r2 == 0, 0, d_result * x2 / safe), x1),
            unbroadcast(np.where(r2 == 0, 0, -d_result * x1 / safe), x2))


@BROADCASTING.adjoint(np.hypot, math.hypot)
def hypot(result, x1, x2, *, d_result):
    # Convention at the origin, where hypot has a cone's kink: the gradient is 0.
    safe = np.where(result == 0, 1, result)
    return unbroadcast(d_result * x1 / safe, x1), unbroadcast(d_result * x2 / safe, x2)


@BROADCASTING.adjoint(np.deg2rad, np.radians, math.radians)
def deg2rad(result, x, *, d_result):
    return d_result * 0.017453292519943295            # pi / 180


@BROADCASTING.adjoint(np.rad2deg, np.degrees, math.degrees)
def rad2deg(result, x, *, d_result):
    return d_result * 57.29577951308232               # 180 / pi


@BROADCASTING.adjoint(np.sinc)
def sinc(result, x, *, d_result):
    # sinc'(x) = (cos(pi x) - sinc(x)) / x.  Near 0, where that loses digits and its own
    # derivative (hvp, hessian) would be 0/0, the Taylor polynomial of sinc' in t = pi x, exact to
    # double precision for |t| < 0.1 and differentiable again: sinc''(0) = -pi**2 / 3.
    t = np.pi * x
    near = np.abs(t) < 0.1
    safe = np.where(near, 1, x)
    t2 = t * t
    series = np.pi * t * (-1 / 3 + t2 * (1 / 30 + t2 * (-1 / 840 + t2 / 45360)))
    return d_result * np.where(near, series, (np.cos(np.pi * safe) - np.sinc(safe)) / safe)

"""Squares that are smooth where their root has a kink or an infinite slope (`np.abs(r) ** 2`,
`np.hypot(a, b) ** 2`, `np.sqrt(s) ** 2`, read as primitives by transforms/squared_norms.py),
and the slopes of exprel(x) and log1p(v) / v, whose derivatives are 1/3 and 2/3 at 0."""

import numpy as np

from .. import BROADCASTING, complex_tangent
from ... import runtime
from ...runtime import unbroadcast


@BROADCASTING.adjoint(runtime.abs_squared, runtime.builtin_abs_squared)
def abs_squared(result, x, *, d_result):
    # x * x: 2 x, smooth at 0 where |x| has its kink (second derivative 2, not 0).
    return 2 * d_result * x


@BROADCASTING.complex_adjoint(runtime.abs_squared, runtime.builtin_abs_squared)
def complex_abs_squared(result, x, *, d_result):
    # a**2 + b**2 for z = a + ib: its cotangent is 2 (a - ib) = 2 conj(z).
    return 2 * d_result * np.conj(x)


@complex_tangent(runtime.abs_squared, runtime.builtin_abs_squared)
def complex_abs_squared_tangent(result, x, *, t_x):
    return 2 * np.real(np.conj(x) * t_x)


@BROADCASTING.adjoint(runtime.hypot_squared, runtime.math_hypot_squared)
def hypot_squared(result, x1, x2, *, d_result):
    # x1**2 + x2**2: smooth at the origin, where hypot has a cone's kink.
    return unbroadcast(2 * d_result * x1, x1), unbroadcast(2 * d_result * x2, x2)


@BROADCASTING.adjoint(runtime.sqrt_squared, runtime.math_sqrt_squared)
def sqrt_squared(result, x, *, d_result):
    # x itself where x >= 0 (slope 1 at 0, where sqrt's is infinite); nan where the value is.
    return np.where(x < 0, np.nan, d_result)


@BROADCASTING.complex_adjoint(runtime.sqrt_squared)
def complex_sqrt_squared(result, x, *, d_result):
    return d_result         # z itself: holomorphic, slope 1


@complex_tangent(runtime.sqrt_squared)
def complex_sqrt_squared_tangent(result, x, *, t_x):
    return t_x


@BROADCASTING.adjoint(runtime.exprel_slope)
def exprel_second(result, x, *, d_result):
    # exprel''(x) = (exp(x) - 2 exprel'(x)) / x, and near 0 its Taylor polynomial (1/3 at 0).
    near = np.abs(x) < 0.1
    safe = np.where(near, 1, x)
    series = 1 / 3 + x * (1 / 4 + x * (1 / 10 + x * (1 / 36 + x * (1 / 168 + x * (1 / 960 + x * (
        1 / 6480 + x * (1 / 50400 + x * (1 / 443520 + x / 4354560))))))))
    return d_result * np.where(near, series, (np.exp(safe) - 2 * result) / safe)


@BROADCASTING.adjoint(runtime.log1prel_slope)
def log1prel_second(result, v, *, d_result):
    # The derivative of h(v) = (v / (1 + v) - log1p(v)) / v**2 is -(1 / (1 + v)**2 + 2 h(v)) / v,
    # and near 0 its Taylor polynomial (2/3 at 0).
    near = np.abs(v) < 0.02
    safe = np.where(near, 1, v)
    series = 2 / 3 + v * (-3 / 2 + v * (12 / 5 + v * (-10 / 3 + v * (30 / 7 + v * (-21 / 4 + v * (
        56 / 9 + v * (-36 / 5 + v * (90 / 11 - v * 55 / 6))))))))
    return d_result * np.where(near, series, -(1 / ((1 + safe) * (1 + safe)) + 2 * result) / safe)

"""Elementwise rules: arithmetic operators, ufuncs and `where`."""

import math
import operator

import numpy as np

from . import adjoint, nograd
from ..runtime import unbroadcast


@adjoint(np.add, operator.add)
def add(result, x, y, *, d_result):
    return unbroadcast(d_result, x), unbroadcast(d_result, y)


@adjoint(np.subtract, operator.sub)
def subtract(result, x, y, *, d_result):
    return unbroadcast(d_result, x), unbroadcast(-d_result, y)


@adjoint(np.multiply, operator.mul)
def multiply(result, x, y, *, d_result):
    return unbroadcast(d_result * y, x), unbroadcast(d_result * x, y)


@adjoint(np.divide, np.true_divide, operator.truediv)
def divide(result, x, y, *, d_result):
    return unbroadcast(d_result / y, x), unbroadcast(-d_result * result / y, y)


@adjoint(np.power, operator.pow)
def power(result, x, y, *, d_result):
    d_x = d_result * y * x ** (y - 1)
    d_y = d_result * result * np.log(np.where(x == 0, 1.0, x))
    return unbroadcast(d_x, x), unbroadcast(d_y, y)


@adjoint(np.negative, operator.neg)
def negative(result, x, *, d_result):
    return -d_result


@adjoint(np.positive, operator.pos)
def positive(result, x, *, d_result):
    return d_result


@adjoint(np.square)
def square(result, x, *, d_result):
    return d_result * 2 * x


@adjoint(np.exp, math.exp)
def exp(result, x, *, d_result):
    return d_result * result


@adjoint(np.expm1, math.expm1)
def expm1(result, x, *, d_result):
    return d_result * (result + 1)


@adjoint(np.log, math.log)
def log(result, x, *, d_result):
    return d_result / x


@adjoint(np.log1p, math.log1p)
def log1p(result, x, *, d_result):
    return d_result / (1 + x)


@adjoint(np.sqrt, math.sqrt)
def sqrt(result, x, *, d_result):
    # At x == 0 the derivative is infinite: the gradient is inf (nan where d_result is 0).
    return d_result / (2 * result)


@adjoint(np.sin, math.sin)
def sin(result, x, *, d_result):
    return d_result * np.cos(x)


@adjoint(np.cos, math.cos)
def cos(result, x, *, d_result):
    return -d_result * np.sin(x)


@adjoint(np.tan, math.tan)
def tan(result, x, *, d_result):
    return d_result * (1 + result * result)


@adjoint(np.tanh, math.tanh)
def tanh(result, x, *, d_result):
    return d_result * (1 - result * result)


@adjoint(np.abs, np.absolute, abs, operator.abs)
def absolute(result, x, *, d_result):
    # Convention at the kink: the gradient of |x| at 0 is 0 (the sign).
    return d_result * np.sign(x)


@adjoint(np.maximum)
def maximum(result, x, y, *, d_result):
    # Convention at ties: each argument gets half.
    d_x = np.where(x > y, d_result, np.where(x == y, d_result / 2, 0))
    d_y = np.where(x < y, d_result, np.where(x == y, d_result / 2, 0))
    return unbroadcast(d_x, x), unbroadcast(d_y, y)


@adjoint(np.minimum)
def minimum(result, x, y, *, d_result):
    # Convention at ties: each argument gets half.
    d_x = np.where(x < y, d_result, np.where(x == y, d_result / 2, 0))
    d_y = np.where(x > y, d_result, np.where(x == y, d_result / 2, 0))
    return unbroadcast(d_x, x), unbroadcast(d_y, y)


@adjoint(np.clip)
def clip(result, a, a_min, a_max, *, d_result):
    # Convention at the bounds: x == a_min or x == a_max passes the gradient to x.
    d_a = np.where(result == a, d_result, 0)
    d_min = np.where(a < a_min, d_result, 0)
    d_max = np.where(a > a_max, d_result, 0)
    return unbroadcast(d_a, a), unbroadcast(d_min, a_min), unbroadcast(d_max, a_max)


@adjoint(np.mod, np.remainder, operator.mod)
def mod(result, x, y, *, d_result):
    return unbroadcast(d_result, x), unbroadcast(-d_result * np.floor_divide(x, y), y)


@adjoint(np.where)
def where(result, condition, x, y, *, d_result):
    return None, unbroadcast(np.where(condition, d_result, 0), x), unbroadcast(np.where(condition, 0, d_result), y)


nograd(
    np.floor, np.ceil, np.round, np.rint, np.trunc, np.sign, np.floor_divide, operator.floordiv,
    math.floor, math.ceil, round,
    result="float",
)
nograd(
    np.equal, np.not_equal, np.less, np.less_equal, np.greater, np.greater_equal,
    np.isnan, np.isinf, np.isfinite, np.logical_and, np.logical_or, np.logical_not,
    np.logical_xor, operator.eq, operator.ne, operator.lt, operator.le, operator.gt,
    operator.ge, operator.not_, operator.is_, operator.is_not, operator.contains,
    operator.and_, operator.or_, operator.xor, operator.invert,
    operator.lshift, operator.rshift,
    result="bool",
)

"""Arithmetic operators and ufuncs, powers and roots, exponentials and logarithms."""

import math
import operator

import numpy as np

from .. import BROADCASTING, never, tangent
from ...runtime import unbroadcast


def _math(*names):
    """The functions of the math module among `names` that this Python has (cbrt, exp2: 3.11)."""
    return [getattr(math, name) for name in names if hasattr(math, name)]


# -- arithmetic -------------------------------------------------------------------------


@BROADCASTING.adjoint(np.add, operator.add)
def add(result, x, y, *, d_result):
    return unbroadcast(d_result, x), unbroadcast(d_result, y)


@BROADCASTING.adjoint(np.subtract, operator.sub)
def subtract(result, x, y, *, d_result):
    return unbroadcast(d_result, x), unbroadcast(-d_result, y)


@BROADCASTING.adjoint(np.multiply, operator.mul)
def multiply(result, x, y, *, d_result):
    return unbroadcast(d_result * y, x), unbroadcast(d_result * x, y)


@BROADCASTING.adjoint(np.divide, operator.truediv)
def divide(result, x, y, *, d_result):
    return unbroadcast(d_result / y, x), unbroadcast(-d_result * result / y, y)


@BROADCASTING.adjoint(np.power, operator.pow, math.pow)
def power(result, x, y, *, d_result):
    # d/dx = y x ** (y - 1).  At y == 0 that is 0, written y x ** (y - 1 + (x == 0)) there so that
    # its derivative along y (hvp's mixed term) is 1 / x, with no 0 ** -1 at x == 0.  Elsewhere
    # x ** (y - (y != 0)) keeps y's dtype (np.where would make a Python number a float64 array);
    # with a constant y the `where` folds away.  The exponent's gradient x ** y log x is taken as
    # 0 where x <= 0 (0 ** y, and x ** y for x < 0, real only at integer y); so is log x in the
    # second derivatives at x == 0, where they are infinite or undefined (JAX gives nan there):
    # the mixed term at x == 0 is x ** (y - 1), without y x ** (y - 1) log x.
    d_x = np.where(y == 0, d_result * y * x ** (y - 1 + (x == 0)), d_result * y * x ** (y - (y != 0)))
    d_y = d_result * result * np.log(np.where(x > 0, x, 1))
    return unbroadcast(d_x, x), unbroadcast(d_y, y)


@BROADCASTING.adjoint(pow, requires={"mod": never("pow(x, y, mod) is modular integer arithmetic, with no derivative")})
def pow_builtin(result, base, exp, mod=None, *, d_result):
    # Python's pow(base, exp): as x ** y.
    d_base = np.where(exp == 0, d_result * exp * base ** (exp - 1 + (base == 0)),
                      d_result * exp * base ** (exp - (exp != 0)))
    d_exp = d_result * result * np.log(np.where(base > 0, base, 1))
    return unbroadcast(d_base, base), unbroadcast(d_exp, exp)


@BROADCASTING.adjoint(np.float_power)
def float_power(result, x, y, *, d_result):
    # As x ** y.
    d_x = np.where(y == 0, d_result * y * np.float_power(x, y - 1 + (x == 0)),
                   d_result * y * np.float_power(x, y - (y != 0)))
    d_y = d_result * result * np.log(np.where(x > 0, x, 1))
    return unbroadcast(d_x, x), unbroadcast(d_y, y)


@BROADCASTING.adjoint(np.negative, operator.neg)
def negative(result, x, *, d_result):
    return -d_result


@BROADCASTING.adjoint(np.positive, operator.pos)
def positive(result, x, *, d_result):
    return d_result


@BROADCASTING.adjoint(np.square)
def square(result, x, *, d_result):
    return d_result * 2 * x


@BROADCASTING.adjoint(np.sqrt)
def sqrt(result, x, *, d_result):
    # At x == 0 the derivative is infinite: the gradient is inf (nan where d_result is 0).
    return d_result / (2 * result)


@BROADCASTING.adjoint(math.sqrt)
def math_sqrt(result, x, *, d_result):
    # As np.sqrt's, divided as NumPy divides: inf at x == 0 (a Python float's `/` raises there).
    return np.divide(d_result, 2 * result)


@BROADCASTING.adjoint(np.cbrt)
def cbrt(result, x, *, d_result):
    # At x == 0 the derivative is infinite: the gradient is inf, as for sqrt.
    return d_result / (3 * result * result)


@BROADCASTING.adjoint(*_math("cbrt"))
def math_cbrt(result, x, *, d_result):
    # As np.cbrt's, divided as NumPy divides: inf at x == 0.
    return np.divide(d_result, 3 * result * result)


@BROADCASTING.adjoint(np.reciprocal)
def reciprocal(result, x, *, d_result):
    return -d_result * result * result


@BROADCASTING.adjoint(np.ldexp, math.ldexp)
def ldexp(result, x1, x2, *, d_result):
    # x2 is an integer exponent: no gradient.
    return unbroadcast(np.ldexp(d_result, x2), x1), None


# -- exponentials and logarithms --------------------------------------------------------


@BROADCASTING.adjoint(np.exp, math.exp)
def exp(result, x, *, d_result):
    return d_result * result


@BROADCASTING.adjoint(np.exp2, *_math("exp2"))
def exp2(result, x, *, d_result):
    return d_result * result * 0.6931471805599453        # log(2)


@BROADCASTING.adjoint(np.expm1, math.expm1)
def expm1(result, x, *, d_result):
    return d_result * (result + 1)


@BROADCASTING.adjoint(np.log)
def log(result, x, *, d_result):
    return d_result / x


@BROADCASTING.adjoint(math.log)
def log_math(result, x, base=None, *, d_result):
    # math.log(x, base) = log(x) / log(base); the base is a constant (a differentiated one is refused).
    if base is None:
        return d_result / x
    return d_result / (x * np.log(base))


@tangent(math.log)
def log_math_tangent(result, x, base=None, *, t_x):
    if base is None:
        return t_x / x
    return t_x / (x * np.log(base))


@BROADCASTING.adjoint(np.log2, math.log2)
def log2(result, x, *, d_result):
    return d_result / (x * 0.6931471805599453)


@BROADCASTING.adjoint(np.log10, math.log10)
def log10(result, x, *, d_result):
    return d_result / (x * 2.302585092994046)


@BROADCASTING.adjoint(np.log1p, math.log1p)
def log1p(result, x, *, d_result):
    return d_result / (1 + x)


@BROADCASTING.adjoint(np.logaddexp)
def logaddexp(result, x1, x2, *, d_result):
    # exp(x - result) never overflows: result >= x.
    return unbroadcast(d_result * np.exp(x1 - result), x1), unbroadcast(d_result * np.exp(x2 - result), x2)


@BROADCASTING.adjoint(np.logaddexp2)
def logaddexp2(result, x1, x2, *, d_result):
    return unbroadcast(d_result * np.exp2(x1 - result), x1), unbroadcast(d_result * np.exp2(x2 - result), x2)


@BROADCASTING.adjoint(math.erf)
def erf_math(result, x, *, d_result):
    # math.erf; scipy.special.erf has the same rule in the special family.
    return d_result * 1.1283791670955126 * np.exp(-x * x)          # 2 / sqrt(pi)


@BROADCASTING.adjoint(math.erfc)
def erfc_math(result, x, *, d_result):
    return d_result * -1.1283791670955126 * np.exp(-x * x)

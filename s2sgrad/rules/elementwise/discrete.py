"""Elementwise functions without a gradient (rounding, comparisons, bitwise and integer
arithmetic); the tuple-valued ones (divmod, modf, frexp) with tuple tangents; fma and i0."""

import importlib.util
import math
import operator

import numpy as np

from .. import BROADCASTING, nograd, tangent
from ...runtime import bessel, unbroadcast, zeros_like


nograd(
    np.floor, np.ceil, np.round, np.around, np.rint, np.trunc, np.fix, np.sign, np.floor_divide,
    np.heaviside, np.spacing,
    operator.floordiv, math.floor, math.ceil, math.trunc, math.ulp, round,
    result="float",
)
nograd(
    np.equal, np.not_equal, np.less, np.less_equal, np.greater, np.greater_equal,
    np.isnan, np.isinf, np.isfinite, np.isneginf, np.isposinf, np.signbit, np.isclose,
    np.allclose, np.array_equal, np.logical_and, np.logical_or, np.logical_not, np.logical_xor,
    np.isreal, np.iscomplex, np.isscalar, np.iscomplexobj, np.isrealobj,
    math.isnan, math.isinf, math.isfinite, math.isclose,
    operator.eq, operator.ne, operator.lt, operator.le, operator.gt,
    operator.ge, operator.not_, operator.is_, operator.is_not, operator.contains,
    operator.and_, operator.or_, operator.xor, operator.invert,
    operator.lshift, operator.rshift,
    result="bool",
)
nograd(np.bitwise_and, np.bitwise_or, np.bitwise_xor, np.invert, np.left_shift, np.right_shift,
       np.gcd, np.lcm, math.gcd, math.lcm, math.isqrt, math.comb, math.perm, math.factorial)
# np.modf, np.frexp, np.divmod, math.modf, math.frexp and divmod return tuples: their rules, with
# tuple tangents, follow the family's derived ones below.


if hasattr(math, "fma"):             # Python 3.13
    @BROADCASTING.adjoint(math.fma)
    def fma(result, x, y, z, *, d_result):
        # x * y + z, rounded once.
        return d_result * y, d_result * x, d_result


@BROADCASTING.adjoint(divmod, np.divmod)
def divmod_(result, x1, x2, *, d_result):
    # (x // y, x % y): the quotient is piecewise constant, and away from its jumps the remainder
    # is x - q y, as for mod.
    q, r = result
    d_q, d_r = d_result
    return unbroadcast(d_r, x1), unbroadcast(-d_r * q, x2)


@tangent(divmod, np.divmod)
def divmod_tangent(result, x1, x2, *, t_x1, t_x2):
    q, r = result
    return zeros_like(q), t_x1 - q * t_x2


@BROADCASTING.adjoint(np.modf, math.modf)
def modf(result, x, *, d_result):
    # (fractional part, integral part): the integral part is piecewise constant.
    d_fraction, d_integral = d_result
    return d_fraction


@tangent(np.modf, math.modf)
def modf_tangent(result, x, *, t_x):
    fraction, integral = result
    return t_x, zeros_like(integral)


@BROADCASTING.adjoint(np.frexp, math.frexp)
def frexp(result, x, *, d_result):
    # (m, e) with x = m 2**e: the integer exponent is piecewise constant, m = x 2**-e.
    m, e = result
    d_m, d_e = d_result
    return np.ldexp(d_m, -e)


@tangent(np.frexp, math.frexp)
def frexp_tangent(result, x, *, t_x):
    m, e = result
    return np.ldexp(t_x, -e), zeros_like(m)


if importlib.util.find_spec("scipy") is not None:         # a rule only where SciPy is installed
    @BROADCASTING.adjoint(np.i0)
    def numpy_i0(result, x, *, d_result):
        # Its derivative i1 comes from SciPy, imported when the gradient runs.
        return d_result * bessel(x, "i1")

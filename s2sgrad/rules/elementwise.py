"""Elementwise rules: arithmetic operators, ufuncs, `where` and `clip`.

The shape analysis treats every rule of this family as broadcasting: the result has the
broadcast shape of the operands.  Binary rules therefore write `unbroadcast(g, x)` with `g`
of the result's shape; the inliner drops it where `x` provably has that shape already.
Conventions where the derivative is infinite or undefined are written next to the rule.
"""

import importlib.util
import math
import operator

import numpy as np

from . import adjoint, attribute_key, complex_adjoint, complex_tangent, derive_elementwise, never, nograd, only, tangent
from .. import runtime
from ..runtime import bessel, unbroadcast, zeros_like


def _math(*names):
    """The functions of the math module among `names` that this Python has (cbrt, exp2: 3.11)."""
    return [getattr(math, name) for name in names if hasattr(math, name)]


# -- arithmetic -------------------------------------------------------------------------


@adjoint(np.add, operator.add)
def add(result, x, y, *, d_result):
    return unbroadcast(d_result, x), unbroadcast(d_result, y)


@adjoint(np.subtract, operator.sub)
def subtract(result, x, y, *, d_result):
    return unbroadcast(d_result, x), unbroadcast(-d_result, y)


@adjoint(np.multiply, operator.mul)
def multiply(result, x, y, *, d_result):
    return unbroadcast(d_result * y, x), unbroadcast(d_result * x, y)


@adjoint(np.divide, operator.truediv)
def divide(result, x, y, *, d_result):
    return unbroadcast(d_result / y, x), unbroadcast(-d_result * result / y, y)


@adjoint(np.power, operator.pow, math.pow)
def power(result, x, y, *, d_result):
    # The exponent's gradient is taken as 0 where x <= 0 (0 ** y, and x ** y for x < 0,
    # which is real only at integer y); the double `where` keeps log's nan out.  At y == 0,
    # x ** y is the constant 1: x ** (y - 1) would be inf (or raise) at x == 0; x ** (y - (y != 0))
    # keeps y's dtype (np.where would make a Python number a float64 array).
    d_x = d_result * y * x ** (y - (y != 0))
    d_y = d_result * result * np.log(np.where(x > 0, x, 1))
    return unbroadcast(d_x, x), unbroadcast(d_y, y)


@adjoint(pow, requires={"mod": never("pow(x, y, mod) is modular integer arithmetic, with no derivative")})
def pow_builtin(result, base, exp, mod=None, *, d_result):
    # Python's pow(base, exp): as x ** y.
    d_base = d_result * exp * base ** (exp - (exp != 0))
    d_exp = d_result * result * np.log(np.where(base > 0, base, 1))
    return unbroadcast(d_base, base), unbroadcast(d_exp, exp)


@adjoint(np.float_power)
def float_power(result, x, y, *, d_result):
    d_x = d_result * y * np.float_power(x, y - (y != 0))
    d_y = d_result * result * np.log(np.where(x > 0, x, 1))
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


@adjoint(np.sqrt, math.sqrt)
def sqrt(result, x, *, d_result):
    # At x == 0 the derivative is infinite: the gradient is inf (nan where d_result is 0).
    return d_result / (2 * result)


@adjoint(np.cbrt, *_math("cbrt"))
def cbrt(result, x, *, d_result):
    # At x == 0 the derivative is infinite: the gradient is inf, as for sqrt.
    return d_result / (3 * result * result)


@adjoint(np.reciprocal)
def reciprocal(result, x, *, d_result):
    return -d_result * result * result


@adjoint(np.ldexp, math.ldexp)
def ldexp(result, x1, x2, *, d_result):
    # x2 is an integer exponent: no gradient.
    return unbroadcast(np.ldexp(d_result, x2), x1), None


# -- exponentials and logarithms --------------------------------------------------------


@adjoint(np.exp, math.exp)
def exp(result, x, *, d_result):
    return d_result * result


@adjoint(np.exp2, *_math("exp2"))
def exp2(result, x, *, d_result):
    return d_result * result * 0.6931471805599453        # log(2)


@adjoint(np.expm1, math.expm1)
def expm1(result, x, *, d_result):
    return d_result * (result + 1)


@adjoint(np.log)
def log(result, x, *, d_result):
    return d_result / x


@adjoint(math.log)
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


@adjoint(np.log2, math.log2)
def log2(result, x, *, d_result):
    return d_result / (x * 0.6931471805599453)


@adjoint(np.log10, math.log10)
def log10(result, x, *, d_result):
    return d_result / (x * 2.302585092994046)


@adjoint(np.log1p, math.log1p)
def log1p(result, x, *, d_result):
    return d_result / (1 + x)


@adjoint(np.logaddexp)
def logaddexp(result, x1, x2, *, d_result):
    # exp(x - result) never overflows: result >= x.
    return unbroadcast(d_result * np.exp(x1 - result), x1), unbroadcast(d_result * np.exp(x2 - result), x2)


@adjoint(np.logaddexp2)
def logaddexp2(result, x1, x2, *, d_result):
    return unbroadcast(d_result * np.exp2(x1 - result), x1), unbroadcast(d_result * np.exp2(x2 - result), x2)


@adjoint(math.erf)
def erf_math(result, x, *, d_result):
    # math.erf; scipy.special.erf has the same rule in the special family.
    return d_result * 1.1283791670955126 * np.exp(-x * x)          # 2 / sqrt(pi)


@adjoint(math.erfc)
def erfc_math(result, x, *, d_result):
    return d_result * -1.1283791670955126 * np.exp(-x * x)


# -- trigonometric and hyperbolic -------------------------------------------------------


@adjoint(np.sin, math.sin)
def sin(result, x, *, d_result):
    return d_result * np.cos(x)


@adjoint(np.cos, math.cos)
def cos(result, x, *, d_result):
    return -d_result * np.sin(x)


@adjoint(np.tan, math.tan)
def tan(result, x, *, d_result):
    return d_result * (1 + result * result)


@adjoint(np.arcsin, math.asin)
def arcsin(result, x, *, d_result):
    return d_result / np.sqrt(1 - x * x)


@adjoint(np.arccos, math.acos)
def arccos(result, x, *, d_result):
    return -d_result / np.sqrt(1 - x * x)


@adjoint(np.arctan, math.atan)
def arctan(result, x, *, d_result):
    return d_result / (1 + x * x)


@adjoint(np.sinh, math.sinh)
def sinh(result, x, *, d_result):
    return d_result * np.cosh(x)


@adjoint(np.cosh, math.cosh)
def cosh(result, x, *, d_result):
    return d_result * np.sinh(x)


@adjoint(np.tanh, math.tanh)
def tanh(result, x, *, d_result):
    return d_result * (1 - result * result)


@adjoint(runtime.logistic)
def logistic(result, x, *, d_result):
    # A user's own `1 / (1 + np.exp(-x))` (analyses/patterns.py): the value is all it needs.
    return d_result * result * (1 - result)


@adjoint(np.arcsinh, math.asinh)
def arcsinh(result, x, *, d_result):
    return d_result / np.sqrt(x * x + 1)


@adjoint(np.arccosh, math.acosh)
def arccosh(result, x, *, d_result):
    # Factored so that x close to 1 does not lose digits in x * x - 1.
    return d_result / (np.sqrt(x - 1) * np.sqrt(x + 1))


@adjoint(np.arctanh, math.atanh)
def arctanh(result, x, *, d_result):
    return d_result / (1 - x * x)


@adjoint(np.arctan2, math.atan2)
def arctan2(result, x1, x2, *, d_result):
    # At the origin the angle is undefined: the double `where` gives 0 there, not nan.
    r2 = x1 * x1 + x2 * x2
    safe = np.where(r2 == 0, 1, r2)
    return (unbroadcast(np.where(r2 == 0, 0, d_result * x2 / safe), x1),
            unbroadcast(np.where(r2 == 0, 0, -d_result * x1 / safe), x2))


@adjoint(np.hypot, math.hypot)
def hypot(result, x1, x2, *, d_result):
    # Convention at the origin, where hypot has a cone's kink: the gradient is 0.
    safe = np.where(result == 0, 1, result)
    return unbroadcast(d_result * x1 / safe, x1), unbroadcast(d_result * x2 / safe, x2)


@adjoint(np.deg2rad, np.radians, math.radians)
def deg2rad(result, x, *, d_result):
    return d_result * 0.017453292519943295            # pi / 180


@adjoint(np.rad2deg, np.degrees, math.degrees)
def rad2deg(result, x, *, d_result):
    return d_result * 57.29577951308232               # 180 / pi


@adjoint(np.sinc)
def sinc(result, x, *, d_result):
    # sinc'(x) = (cos(pi x) - sinc(x)) / x, and 0 at x == 0 (the double `where` avoids 0/0).
    safe = np.where(x == 0, 1, x)
    return np.where(x == 0, 0, d_result * (np.cos(np.pi * safe) - np.sinc(safe)) / safe)


# -- absolute value, extrema, remainders: piecewise-linear --------------------------------


@adjoint(np.abs, abs, operator.abs)
def absolute(result, x, *, d_result):
    # Convention at the kink: the gradient of |x| at 0 is 0 (the sign).  A complex operand: conj(z) / |z|.
    return d_result * np.sign(x)


# Complex operands.  The cotangent of z = a + ib is dL/da - i dL/db (autograd's and JAX's
# convention: a holomorphic f's adjoint is d_result * f'(z)); a real variable's cotangent is
# the real part of what flows into it.  |z|, Re, Im, conj and angle are not holomorphic.

@complex_adjoint(np.abs, abs, operator.abs)
def complex_absolute(result, x, *, d_result):
    # conj(z) / |z|, and 0 at z == 0 as for real x.
    return d_result * np.conj(x) / np.where(result == 0, 1, result)


@complex_tangent(np.abs, abs, operator.abs)
def complex_absolute_tangent(result, x, *, t_x):
    return np.real(np.conj(x) * t_x) / np.where(result == 0, 1, result)


@adjoint(np.imag, attribute_key("imag"))
def imag(result, val, *, d_result):
    # The imaginary part of a real number is 0, whatever it is.  A complex operand: -1j * d_result.
    return None


@complex_adjoint(np.imag, attribute_key("imag"))
def complex_imag(result, val, *, d_result):
    return -1j * d_result


@complex_tangent(np.imag, attribute_key("imag"))
def complex_imag_tangent(result, val, *, t_val):
    return np.imag(t_val)


@adjoint(np.angle)
def angle(result, z, deg=False, *, d_result):
    # The angle of a real number is 0 or pi: piecewise constant.  A complex z: -1j conj(z) / |z|^2.
    return None


@complex_adjoint(np.angle)
def complex_angle(result, z, deg=False, *, d_result):
    # -i conj(z) / |z|^2; 0 at z == 0.
    square = np.real(z * np.conj(z))
    d_z = -1j * d_result * np.conj(z) / np.where(square == 0, 1, square)
    if deg:
        d_z = d_z * (180 / np.pi)
    return d_z


@complex_tangent(np.angle)
def complex_angle_tangent(result, z, deg=False, *, t_z):
    square = np.real(z * np.conj(z))
    t_angle = np.imag(np.conj(z) * t_z) / np.where(square == 0, 1, square)
    if deg:
        t_angle = t_angle * (180 / np.pi)
    return t_angle


@adjoint(np.fabs, math.fabs)
def fabs(result, x, *, d_result):
    # Convention at the kink: the gradient at 0 is 0, as for abs.
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


# Builtin max and min of two values; of more, or of one iterable, they are loops of these in the
# normal form.  `key=` would compare other values than those returned: refused.
_KEY = {"key": never("the extremum under `key=` is not differentiated; compute the keys and "
                     "select with an index, or use np.argmax")}
adjoint(max, requires=_KEY)(maximum)
adjoint(min, requires=_KEY)(minimum)


@adjoint(np.fmax)
def fmax(result, x1, x2, *, d_result):
    # Like maximum (half each at ties), except that a nan loses to a number.
    first = (x1 > x2) | np.isnan(x2)
    second = (x2 > x1) | np.isnan(x1)
    d_x1 = np.where(first, d_result, np.where(x1 == x2, d_result / 2, 0))
    d_x2 = np.where(second, d_result, np.where(x1 == x2, d_result / 2, 0))
    return unbroadcast(d_x1, x1), unbroadcast(d_x2, x2)


@adjoint(np.fmin)
def fmin(result, x1, x2, *, d_result):
    # Like minimum (half each at ties), except that a nan loses to a number.
    first = (x1 < x2) | np.isnan(x2)
    second = (x2 < x1) | np.isnan(x1)
    d_x1 = np.where(first, d_result, np.where(x1 == x2, d_result / 2, 0))
    d_x2 = np.where(second, d_result, np.where(x1 == x2, d_result / 2, 0))
    return unbroadcast(d_x1, x1), unbroadcast(d_x2, x2)


@adjoint(np.clip, spelled={"min": "a_min", "max": "a_max"}, operands=("a", "a_min", "a_max"))
def clip(result, a, a_min=None, a_max=None, *, d_result):
    # Convention at the bounds: x == a_min or x == a_max passes the gradient to x.
    # NumPy 2.1 spells the bounds min= and max=, and either may be left out: a None bound is no bound.
    d_a = np.where(result == a, d_result, 0)
    if a_min is None:
        d_min = None
    else:
        d_min = unbroadcast(np.where(a < a_min, d_result, 0), a_min)
    if a_max is None:
        d_max = None
    else:
        d_max = unbroadcast(np.where(a > a_max, d_result, 0), a_max)
    return unbroadcast(d_a, a), d_min, d_max


# x.clip(lo, hi), x.clip(min=lo, max=hi): np.clip's rule, the bounds differentiated too.
adjoint(np.ndarray.clip, spelled={"min": "a_min", "max": "a_max"}, operands=("a", "a_min", "a_max"))(clip)


@adjoint(np.mod, operator.mod)
def mod(result, x, y, *, d_result):
    # Away from the jumps (x a multiple of y), x mod y = x - floor(x / y) * y.
    return unbroadcast(d_result, x), unbroadcast(-d_result * np.floor_divide(x, y), y)


@adjoint(np.fmod, math.fmod)
def fmod(result, x1, x2, *, d_result):
    # Away from the jumps, fmod(x, y) = x - trunc(x / y) * y.
    return unbroadcast(d_result, x1), unbroadcast(-d_result * np.trunc(x1 / x2), x2)


@adjoint(math.remainder)
def remainder_math(result, x, y, *, d_result):
    # IEEE remainder: x - n * y with n the integer nearest x / y (the one that gave `result`).
    return d_result, -d_result * np.round((x - result) / y)


@adjoint(np.nextafter, math.nextafter)
def nextafter(result, x1, x2, *, d_result):
    # x1's neighbour towards x2 moves with x1 (slope 1); x2 only gives the direction.
    return unbroadcast(d_result, x1), zeros_like(x2)


@adjoint(np.copysign, math.copysign)
def copysign(result, x1, x2, *, d_result):
    # |x1| with x2's sign: the sign is piecewise constant, so x2 gets a zero gradient;
    # at x1 == 0 the gradient is 0, as for abs.
    return unbroadcast(d_result * np.sign(x1) * np.copysign(1, result), x1), zeros_like(x2)


@adjoint(np.where)
def where(result, condition, x, y, *, d_result):
    # where(x > 0, log(x), 0) differentiates log at every x: the unused branch's own adjoint
    # (d / x at x == 0) is inf, and 0 * inf = nan.  A branch of elementwise operations reads x
    # through only_where(x > 0, x) (transforms/where_gates.py), whose adjoint zeroes it there.
    return None, unbroadcast(np.where(condition, d_result, 0), x), unbroadcast(np.where(condition, 0, d_result), y)


@adjoint(np.real, attribute_key("real"))
def real(result, val, *, d_result):
    # d_result is real: it is the cotangent of val's real part (see complex operands above).
    return d_result


@tangent(np.real, attribute_key("real"))
def real_tangent(result, val, *, t_val):
    return np.real(t_val)


@adjoint(np.conjugate, np.ndarray.conjugate, np.ndarray.conj)
def conjugate(result, x, *, d_result):
    # np.conj is np.conjugate; the identity on a real x.
    return np.conj(d_result)


@adjoint(np.nan_to_num, requires={"copy": only(True, reason="copy=False writes into x")})
def nan_to_num(result, x, copy=True, nan=0.0, posinf=None, neginf=None, *, d_result):
    # Replaced entries are constants: no gradient flows to them.
    return np.where(np.isfinite(x), d_result, 0)


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
    @adjoint(math.fma)
    def fma(result, x, y, z, *, d_result):
        # x * y + z, rounded once.
        return d_result * y, d_result * x, d_result


@adjoint(divmod, np.divmod)
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


@adjoint(np.modf, math.modf)
def modf(result, x, *, d_result):
    # (fractional part, integral part): the integral part is piecewise constant.
    d_fraction, d_integral = d_result
    return d_fraction


@tangent(np.modf, math.modf)
def modf_tangent(result, x, *, t_x):
    fraction, integral = result
    return t_x, zeros_like(integral)


@adjoint(np.frexp, math.frexp)
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
    @adjoint(np.i0)
    def numpy_i0(result, x, *, d_result):
        # Its derivative i1 comes from SciPy, imported when the gradient runs.
        return d_result * bessel(x, "i1")


# Every rule of this family has a diagonal Jacobian: its tangent is derived from the adjoint; its
# operands are arrays (or numbers) that broadcast together into the result.
derive_elementwise(__name__, elementwise=True, arrays=True)

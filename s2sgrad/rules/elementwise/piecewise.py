"""Piecewise-linear rules: absolute value, complex parts and angle, extrema, clip, remainders,
`where`, `nan_to_num`, with their conventions at the kinks."""

import math
import operator

import numpy as np

from .. import BROADCASTING, attribute_key, complex_tangent, never, only, tangent
from ...runtime import unbroadcast, zeros_like


# -- absolute value, extrema, remainders: piecewise-linear --------------------------------


@BROADCASTING.adjoint(np.abs, abs, operator.abs)
def absolute(result, x, *, d_result):
    # Convention at the kink: the gradient of |x| at 0 is 0 (the sign).  A complex operand: conj(z) / |z|.
    return d_result * np.sign(x)


# Complex operands.  The cotangent of z = a + ib is dL/da - i dL/db (autograd's and JAX's
# convention: a holomorphic f's adjoint is d_result * f'(z)); a real variable's cotangent is
# the real part of what flows into it.  |z|, Re, Im, conj and angle are not holomorphic.

@BROADCASTING.complex_adjoint(np.abs, abs, operator.abs)
def complex_absolute(result, x, *, d_result):
    # conj(z) / |z|, and 0 at z == 0 as for real x.
    return d_result * np.conj(x) / np.where(result == 0, 1, result)


@complex_tangent(np.abs, abs, operator.abs)
def complex_absolute_tangent(result, x, *, t_x):
    return np.real(np.conj(x) * t_x) / np.where(result == 0, 1, result)


@BROADCASTING.adjoint(np.imag, attribute_key("imag"))
def imag(result, val, *, d_result):
    # The imaginary part of a real number is 0, whatever it is.  A complex operand: -1j * d_result.
    return None


@BROADCASTING.complex_adjoint(np.imag, attribute_key("imag"))
def complex_imag(result, val, *, d_result):
    return -1j * d_result


@complex_tangent(np.imag, attribute_key("imag"))
def complex_imag_tangent(result, val, *, t_val):
    return np.imag(t_val)


@BROADCASTING.adjoint(np.angle)
def angle(result, z, deg=False, *, d_result):
    # The angle of a real number is 0 or pi: piecewise constant.  A complex z: -1j conj(z) / |z|^2.
    return None


@BROADCASTING.complex_adjoint(np.angle)
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


@BROADCASTING.adjoint(np.fabs, math.fabs)
def fabs(result, x, *, d_result):
    # Convention at the kink: the gradient at 0 is 0, as for abs.
    return d_result * np.sign(x)


@BROADCASTING.adjoint(np.maximum)
def maximum(result, x, y, *, d_result):
    # Convention at ties: each argument gets half.
    d_x = np.where(x > y, d_result, np.where(x == y, d_result / 2, 0))
    d_y = np.where(x < y, d_result, np.where(x == y, d_result / 2, 0))
    return unbroadcast(d_x, x), unbroadcast(d_y, y)


@BROADCASTING.adjoint(np.minimum)
def minimum(result, x, y, *, d_result):
    # Convention at ties: each argument gets half.
    d_x = np.where(x < y, d_result, np.where(x == y, d_result / 2, 0))
    d_y = np.where(x > y, d_result, np.where(x == y, d_result / 2, 0))
    return unbroadcast(d_x, x), unbroadcast(d_y, y)


# Builtin max and min of two values; of more, or of one iterable, they are loops of these in the
# normal form.  `key=` would compare other values than those returned: refused.
_KEY = {"key": never("the extremum under `key=` is not differentiated; compute the keys and "
                     "select with an index, or use np.argmax")}
BROADCASTING.adjoint(max, requires=_KEY)(maximum)
BROADCASTING.adjoint(min, requires=_KEY)(minimum)


@BROADCASTING.adjoint(np.fmax)
def fmax(result, x1, x2, *, d_result):
    # Like maximum (half each at ties), except that a nan loses to a number.
    first = (x1 > x2) | np.isnan(x2)
    second = (x2 > x1) | np.isnan(x1)
    d_x1 = np.where(first, d_result, np.where(x1 == x2, d_result / 2, 0))
    d_x2 = np.where(second, d_result, np.where(x1 == x2, d_result / 2, 0))
    return unbroadcast(d_x1, x1), unbroadcast(d_x2, x2)


@BROADCASTING.adjoint(np.fmin)
def fmin(result, x1, x2, *, d_result):
    # Like minimum (half each at ties), except that a nan loses to a number.
    first = (x1 < x2) | np.isnan(x2)
    second = (x2 < x1) | np.isnan(x1)
    d_x1 = np.where(first, d_result, np.where(x1 == x2, d_result / 2, 0))
    d_x2 = np.where(second, d_result, np.where(x1 == x2, d_result / 2, 0))
    return unbroadcast(d_x1, x1), unbroadcast(d_x2, x2)


@BROADCASTING.adjoint(np.clip, spelled={"min": "a_min", "max": "a_max"}, operands=("a", "a_min", "a_max"))
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
BROADCASTING.adjoint(np.ndarray.clip, spelled={"min": "a_min", "max": "a_max"}, operands=("a", "a_min", "a_max"))(clip)


@BROADCASTING.adjoint(np.mod, operator.mod)
def mod(result, x, y, *, d_result):
    # Away from the jumps (x a multiple of y), x mod y = x - floor(x / y) * y.
    return unbroadcast(d_result, x), unbroadcast(-d_result * np.floor_divide(x, y), y)


@BROADCASTING.adjoint(np.fmod, math.fmod)
def fmod(result, x1, x2, *, d_result):
    # Away from the jumps, fmod(x, y) = x - trunc(x / y) * y.
    return unbroadcast(d_result, x1), unbroadcast(-d_result * np.trunc(x1 / x2), x2)


@BROADCASTING.adjoint(math.remainder)
def remainder_math(result, x, y, *, d_result):
    # IEEE remainder: x - n * y with n the integer nearest x / y (the one that gave `result`).
    return d_result, -d_result * np.round((x - result) / y)


@BROADCASTING.adjoint(np.nextafter, math.nextafter)
def nextafter(result, x1, x2, *, d_result):
    # x1's neighbour towards x2 moves with x1 (slope 1); x2 only gives the direction.
    return unbroadcast(d_result, x1), zeros_like(x2)


@BROADCASTING.adjoint(np.copysign, math.copysign)
def copysign(result, x1, x2, *, d_result):
    # |x1| with x2's sign: the sign is piecewise constant, so x2 gets a zero gradient;
    # at x1 == 0 the gradient is 0, as for abs.
    return unbroadcast(d_result * np.sign(x1) * np.copysign(1, result), x1), zeros_like(x2)


@BROADCASTING.adjoint(np.where)
def where(result, condition, x, y, *, d_result):
    # where(x > 0, log(x), 0) differentiates log at every x: the unused branch's own adjoint
    # (d / x at x == 0) is inf, and 0 * inf = nan.  A branch of elementwise operations reads x
    # through only_where(x > 0, x) (transforms/where_gates.py), whose adjoint zeroes it there.
    return None, unbroadcast(np.where(condition, d_result, 0), x), unbroadcast(np.where(condition, 0, d_result), y)


@BROADCASTING.adjoint(np.real, attribute_key("real"))
def real(result, val, *, d_result):
    # d_result is real: it is the cotangent of val's real part (see complex operands above).
    return d_result


@tangent(np.real, attribute_key("real"))
def real_tangent(result, val, *, t_val):
    return np.real(t_val)


@BROADCASTING.adjoint(np.conjugate, np.ndarray.conjugate, np.ndarray.conj)
def conjugate(result, x, *, d_result):
    # np.conj is np.conjugate; the identity on a real x.
    return np.conj(d_result)


@BROADCASTING.adjoint(np.nan_to_num, requires={"copy": only(True, reason="copy=False writes into x")})
def nan_to_num(result, x, copy=True, nan=0.0, posinf=None, neginf=None, *, d_result):
    # Replaced entries are constants: no gradient flows to them.
    return np.where(np.isfinite(x), d_result, 0)

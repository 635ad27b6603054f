"""Squares of functions whose square is smooth where they are not (`np.linalg.norm(x) ** 2`,
`np.abs(r) ** 2`, ...), as primitives of the same value: transforms/squared_norms.py writes the
squares so, and their rules (rules/elementwise/squares.py, rules/reductions/) are the smooth
square's, so that a second derivative at the kink is right.  And the slopes of exprel(x) and
log1p(v) / v, difference quotients at 0, where they are smooth (Box-Cox's derivatives in lmbda)."""

import math

import numpy as np

from .declare import _pure


@_pure
def norm_squared(x, ord=None, axis=None, keepdims=False):
    """`np.linalg.norm(x, ord, axis, keepdims) ** 2`, the same value: the sum of squares for a
    vector 2-norm or a Frobenius norm; the largest singular value squared for a matrix 2-norm."""
    return np.linalg.norm(x, ord, axis, keepdims) ** 2


@_pure
def abs_squared(x):
    """`np.abs(x) ** 2`, the same value: x * x, or a**2 + b**2 for a complex x = a + ib."""
    return np.abs(x) ** 2


@_pure
def hypot_squared(x1, x2):
    """`np.hypot(x1, x2) ** 2`, the same value: x1**2 + x2**2."""
    return np.hypot(x1, x2) ** 2


@_pure
def sqrt_squared(x):
    """`np.sqrt(x) ** 2`, the same value: x where x >= 0 (nan below 0 for a real x)."""
    return np.sqrt(x) ** 2


@_pure
def std_squared(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    """`np.std(a, ...) ** 2`, the same value: the variance, smooth where every entry is equal."""
    return np.std(a, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims) ** 2


@_pure
def builtin_abs_squared(x):
    """`abs(x) ** 2`, the same value (Python's abs: a number's square is a number)."""
    return abs(x) ** 2


@_pure
def math_hypot_squared(x1, x2):
    """`math.hypot(x1, x2) ** 2`, the same value: x1**2 + x2**2."""
    return math.hypot(x1, x2) ** 2


@_pure
def math_sqrt_squared(x):
    """`math.sqrt(x) ** 2`, the same value: x where x >= 0 (a ValueError below 0, as math.sqrt's)."""
    return math.sqrt(x) ** 2


@_pure
def vector_norm_squared(x, axis=None, keepdims=False, ord=2):
    """`np.linalg.vector_norm(x, axis=..., keepdims=..., ord=2) ** 2`, the same value: the sum of
    squares over `axis` (all of x's entries when it is None)."""
    return np.linalg.vector_norm(x, axis=axis, keepdims=keepdims, ord=ord) ** 2


@_pure
def nanstd_squared(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False):
    """`np.nanstd(a, ...) ** 2`, the same value: the variance of the entries that are not nan."""
    return np.nanstd(a, axis=axis, dtype=dtype, out=out, ddof=ddof, keepdims=keepdims) ** 2


@_pure
def exprel_slope(x):
    """The derivative of exprel(x) = (exp(x) - 1) / x: (exp(x) - exprel(x)) / x, and near 0,
    where that loses digits, its Taylor polynomial (1/2 at 0), exact to double precision."""
    near = np.abs(x) < 0.1
    safe = np.where(near, 1, x)
    series = 1 / 2 + x * (1 / 3 + x * (1 / 8 + x * (1 / 30 + x * (1 / 144 + x * (1 / 840 + x * (
        1 / 5760 + x * (1 / 45360 + x * (1 / 403200 + x / 3991680))))))))
    return np.where(near, series, (np.exp(safe) - np.expm1(safe) / safe) / safe)


@_pure
def log1prel_slope(v):
    """The derivative of log1p(v) / v: (v / (1 + v) - log1p(v)) / v**2, and near 0, where that
    loses digits, its Taylor polynomial (-1/2 at 0), exact to double precision."""
    near = np.abs(v) < 0.02
    safe = np.where(near, 1, v)
    series = -1 / 2 + v * (2 / 3 + v * (-3 / 4 + v * (4 / 5 + v * (-5 / 6 + v * (6 / 7 + v * (
        -7 / 8 + v * (8 / 9 + v * (-9 / 10 + v * 10 / 11))))))))
    return np.where(near, series, (safe / (1 + safe) - np.log1p(safe)) / (safe * safe))

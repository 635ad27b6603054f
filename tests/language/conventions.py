"""Functions evaluated at non-differentiable points, for the conventions in docs/python-subset.md.

Not in `CASES`: finite differences are meaningless at a kink, so tests/test_language.py
checks the documented subgradient directly.
"""

import numpy as np


def builtin_abs(a):
    return abs(a)


def np_abs(x):
    return np.sum(np.abs(x))


def maximum(x, y):
    return np.sum(np.maximum(x, y))


def minimum(x, y):
    return np.sum(np.minimum(x, y))


def max_ties(x):
    return np.max(x)


def min_ties(x):
    return np.min(x)


def max_method_ties(x):
    return x.max()


def max_axis_ties(X):
    return np.sum(np.max(X, axis=1))


def clip_at_bounds(x):
    return np.sum(np.clip(x, -1.0, 1.0))


def sqrt_at_zero(x):
    return np.sum(np.sqrt(x))


def branch_boundary(a):
    if a > 0.0:
        return a * a + a * 3.0
    return a * 2.0


def branch_boundary_ge(a):
    if a >= 0.0:
        return a * 5.0
    return -a


def piecewise_constant(x):
    return np.sum(np.floor(x) + np.round(x) + np.sign(x) * 2.0 + (x > 0.0) * 3.0) + np.sum(x * 0.0)

"""SciPy functions as runtime helpers (imported when they run), whose rules live in the SciPy families."""

import numpy as np

from .declare import _calls_scipy, _pure


@_pure
@_calls_scipy
def polygamma(n, x):
    """SciPy's polygamma(n, x), for rules of `scipy.special` (digamma is n == 0)."""
    import scipy.special
    return scipy.special.polygamma(n, x).astype(np.result_type(x, 1.0), copy=False)


@_pure
@_calls_scipy
def bessel(x, kind):
    """SciPy's Bessel function `kind` ("i0", "i1", "i0e", "i1e", "j0", "j1", "y0", "y1", "k0", "k1",
    "k0e", "k1e") at x."""
    import scipy.special
    return getattr(scipy.special, kind)(x)


@_pure
@_calls_scipy
def bessel_of_order(kind, v, x):
    """SciPy's Bessel function `kind` ("iv", "ive", "jv", "yn") of order v at x."""
    import scipy.special
    return getattr(scipy.special, kind)(v, x)


@_pure
@_calls_scipy
def log_gamma(x):
    """SciPy's gammaln(x), for rules of `scipy.special` (a Python float for a Python number, which
    then does not promote a float32 array)."""
    import scipy.special
    value = scipy.special.gammaln(x)
    return float(value) if isinstance(x, (int, float)) else value


@_pure
@_calls_scipy
def triangular_solve(a, b, trans=0, lower=False, unit_diagonal=False):
    """SciPy's solve_triangular(a, b, trans, lower, unit_diagonal), for rules of `scipy.linalg`."""
    import scipy.linalg
    return scipy.linalg.solve_triangular(a, b, trans=trans, lower=lower, unit_diagonal=unit_diagonal)


@_pure
@_calls_scipy
def sylvester(a, b, q):
    """SciPy's solve_sylvester(a, b, q): the X with a X + X b = q."""
    import scipy.linalg
    return scipy.linalg.solve_sylvester(a, b, q)


@_pure
@_calls_scipy
def matrix_function(kind, a):
    """SciPy's matrix function `kind` ("expm", "logm") of a, for rules of `scipy.linalg`."""
    import scipy.linalg
    return getattr(scipy.linalg, kind)(a)


@_pure
@_calls_scipy
def convolve_nd(in1, in2, mode="full"):
    """SciPy's signal.convolve(in1, in2, mode), for rules of `scipy.signal`."""
    import scipy.signal
    return scipy.signal.convolve(in1, in2, mode=mode)

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


@_pure
@_calls_scipy
def simpson_weights(y, x, dx, axis):
    """The weights w, laid along `axis` of y, with `scipy.integrate.simpson(y, x=x, dx=dx, axis=axis)`
    equal to `np.sum(w * y, axis)`: Simpson's rule is linear in y.  Row i of the identity
    integrated gives y's entry i its weight (per row of an x as large as y); y's dtype."""
    import scipy.integrate
    n = np.shape(y)[axis]
    if x is None or np.ndim(x) == 1:
        weights = scipy.integrate.simpson(np.eye(n), x=x, dx=dx, axis=-1)
        along = [-1 if i == axis % np.ndim(y) else 1 for i in range(np.ndim(y))]
        return np.reshape(weights, along).astype(np.result_type(y, 1.0))
    rows = np.moveaxis(np.broadcast_to(x, np.shape(y)), axis, -1)
    flat = np.reshape(rows, (-1, n))
    weights = np.stack([scipy.integrate.simpson(np.eye(n), x=row, axis=-1) for row in flat])
    return np.moveaxis(np.reshape(weights, np.shape(rows)), -1, axis).astype(np.result_type(y, 1.0))

"""Linear filters: scipy.signal.lfilter as a helper, and the lagged sums its coefficients' adjoints read."""

import numpy as np

from .declare import _calls_scipy, _pure


@_pure
@_calls_scipy
def linear_filter(b, a, x, axis=-1):
    """SciPy's lfilter(b, a, x, axis): the IIR filter with zero initial conditions."""
    import scipy.signal
    return scipy.signal.lfilter(b, a, x, axis)


@_pure
@_calls_scipy
def lagged_sums(w, v, count, axis=-1):
    """`out[k] = sum(w[n] * v[n - k])` along `axis` for k < count, summed over the other axes too:
    the adjoint of a filter's k-th coefficient, where w is the filtered cotangent and v the signal."""
    w, v = np.moveaxis(w, axis, -1), np.moveaxis(v, axis, -1)
    n = np.shape(w)[-1]
    dtype = np.result_type(w, v)
    return np.array([np.sum(w[..., k:] * v[..., :n - k]) if k < n else 0.0 for k in range(count)], dtype=dtype)

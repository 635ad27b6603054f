"""Rules for `scipy.signal`'s convolutions: convolve, correlate, fftconvolve (real arrays).

Each is bilinear in its two inputs, so its tangent is derived (one term per input).  The
adjoint pads the output's cotangent to the full convolution's extent (where "same" and
"valid" sit in it) and correlates it with the other input, in "valid" mode, through the
runtime helper `convolve_nd`, which has the convolve rule too.  The method (direct or FFT)
does not change the derivative.
"""

import numpy as np
import scipy.signal as ss

from . import adjoint, defmultilinear, never, only
from .. import runtime
from ..runtime import convolve_nd

MODE = only("full", "same", "valid", reason="SciPy's modes")


@adjoint(ss.convolve, runtime.convolve_nd, requires={"mode": MODE})
def convolve(result, in1, in2, mode="full", method="auto", *, d_result):
    # Inputs of the same rank; "same" is centred as SciPy centres it.
    n, m = np.array(np.shape(in1)), np.array(np.shape(in2))
    start = np.zeros_like(n)
    if mode == "same":
        start = (m - 1) // 2
    if mode == "valid":
        start = np.minimum(n, m) - 1
    g = np.pad(d_result, np.stack([start, n + m - 1 - start - np.array(np.shape(d_result))], -1))
    return convolve_nd(g, np.flip(in2), "valid"), convolve_nd(g, np.flip(in1), "valid")


@adjoint(ss.fftconvolve, requires={"mode": MODE, "axes": never("the convolution runs over every axis")})
def fftconvolve(result, in1, in2, mode="full", axes=None, *, d_result):
    # As convolve: inputs of the same rank, "same" centred as SciPy centres it.
    n, m = np.array(np.shape(in1)), np.array(np.shape(in2))
    start = np.zeros_like(n)
    if mode == "same":
        start = (m - 1) // 2
    if mode == "valid":
        start = np.minimum(n, m) - 1
    g = np.pad(d_result, np.stack([start, n + m - 1 - start - np.array(np.shape(d_result))], -1))
    return convolve_nd(g, np.flip(in2), "valid"), convolve_nd(g, np.flip(in1), "valid")


@adjoint(ss.correlate, requires={"mode": MODE})
def correlate(result, in1, in2, mode="full", method="auto", *, d_result):
    # For real inputs, correlate(in1, in2) is convolve(in1, flip(in2)) in every mode.
    n, m = np.array(np.shape(in1)), np.array(np.shape(in2))
    start = np.zeros_like(n)
    if mode == "same":
        start = (m - 1) // 2
    if mode == "valid":
        start = np.minimum(n, m) - 1
    g = np.pad(d_result, np.stack([start, n + m - 1 - start - np.array(np.shape(d_result))], -1))
    return convolve_nd(g, in2, "valid"), np.flip(convolve_nd(g, np.flip(in1), "valid"))


defmultilinear(ss.convolve, runtime.convolve_nd, ss.fftconvolve, ss.correlate)

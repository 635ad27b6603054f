"""Rules for `scipy.signal`'s convolutions: convolve, correlate, fftconvolve, convolve2d, correlate2d
(real arrays).

Each is bilinear in its two inputs, so its tangent is derived (one term per input).  The
adjoint pads the output's cotangent to the full convolution's extent (where "same" and
"valid" sit in it) and correlates it with the other input, in "valid" mode, through the
runtime helper `convolve_nd`, which has the convolve rule too.  The method (direct or FFT)
does not change the derivative.  convolve2d and correlate2d with `boundary="fill"` and a zero
fill value are convolve and correlate of 2-D arrays (correlate2d centres "same" at m // 2, not
(m - 1) // 2); the other boundaries (wrap, symm) and a nonzero fill are refused.
"""

import numpy as np
import scipy.signal as ss

from . import VARIABLE, adjoint, check, defmultilinear, never, only
from .. import runtime
from ..runtime import convolve_nd, full_widths

MODE = only("full", "same", "valid", reason="SciPy's modes")


def _zero_fill_boundary(value):
    if value == "fill" and type(value) is str:
        return None
    given = "a value known only when it runs" if value is VARIABLE else repr(value)
    return (f"`boundary=` {given} is not supported: only boundary='fill' (with fillvalue=0) is differentiated; "
            "pad the input with np.pad(..., mode='wrap' or 'symmetric') and use boundary='fill'")


def _zero_fill_value(value):
    if value is not VARIABLE and type(value) in (int, float) and value == 0:
        return None
    given = "a value known only when it runs" if value is VARIABLE else repr(value)
    return (f"`fillvalue=` {given} is not supported: only a zero fill (the constant 0) is differentiated; "
            "pad the input with np.pad(..., constant_values=c) instead")


BOUNDARY = check(_zero_fill_boundary, reason="must be 'fill' (the default)")
FILLVALUE = check(_zero_fill_value, reason="must be the constant 0 (the default)")


@adjoint(ss.convolve, runtime.convolve_nd, requires={"mode": MODE})
def convolve(result, in1, in2, mode="full", method="auto", *, d_result):
    # Inputs of the same rank; "same" is centred as SciPy centres it.
    g = np.pad(d_result, full_widths(in1, in2, d_result, mode))
    return convolve_nd(g, np.flip(in2), "valid"), convolve_nd(g, np.flip(in1), "valid")


@adjoint(ss.fftconvolve, requires={"mode": MODE, "axes": never("the convolution runs over every axis")})
def fftconvolve(result, in1, in2, mode="full", axes=None, *, d_result):
    # As convolve: inputs of the same rank, "same" centred as SciPy centres it.
    g = np.pad(d_result, full_widths(in1, in2, d_result, mode))
    return convolve_nd(g, np.flip(in2), "valid"), convolve_nd(g, np.flip(in1), "valid")


@adjoint(ss.correlate, requires={"mode": MODE})
def correlate(result, in1, in2, mode="full", method="auto", *, d_result):
    # For real inputs, correlate(in1, in2) is convolve(in1, flip(in2)) in every mode.
    g = np.pad(d_result, full_widths(in1, in2, d_result, mode))
    return convolve_nd(g, in2, "valid"), np.flip(convolve_nd(g, np.flip(in1), "valid"))


@adjoint(ss.convolve2d, requires={"mode": MODE, "boundary": BOUNDARY, "fillvalue": FILLVALUE})
def convolve2d(result, in1, in2, mode="full", boundary="fill", fillvalue=0, *, d_result):
    # With a zero fill, convolve of two 2-D arrays: the same cotangents.
    g = np.pad(d_result, full_widths(in1, in2, d_result, mode))
    return convolve_nd(g, np.flip(in2), "valid"), convolve_nd(g, np.flip(in1), "valid")


@adjoint(ss.correlate2d, requires={"mode": MODE, "boundary": BOUNDARY, "fillvalue": FILLVALUE})
def correlate2d(result, in1, in2, mode="full", boundary="fill", fillvalue=0, *, d_result):
    # correlate of two 2-D arrays, but "same" is centred at m // 2 (convolve2d of the flipped in2).
    g = np.pad(d_result, full_widths(in1, in2, d_result, mode, same_at_half=True))
    return convolve_nd(g, in2, "valid"), np.flip(convolve_nd(g, np.flip(in1), "valid"))


defmultilinear(ss.convolve, runtime.convolve_nd, ss.fftconvolve, ss.correlate, ss.convolve2d, ss.correlate2d)

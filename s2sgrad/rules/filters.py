"""Rules for `scipy.signal.lfilter`: the IIR filter, in the signal and in both coefficient vectors.

With L_c the causal convolution by c, `y = lfilter(b, a, x)` solves L_a y = L_b x (zero initial
conditions).  So y is linear in x, and its transpose runs the filter backwards in time: the
signal's cotangent is lfilter(b, a, ·) of the reversed cotangent, reversed.  With w = L_a^-T g
(the cotangent filtered backwards by 1 / a), b's k-th cotangent is sum w[n] x[n - k] and a's is
-sum w[n] y[n - k] (`lagged_sums`, summed over the other axes too); the tangent is
lfilter(b, a, t_x) + lfilter(t_b, a, x) - lfilter(t_a, a, y).  `zi=` (initial conditions, and a
tuple result) is refused.
"""

import numpy as np
import scipy.signal as ss

from . import adjoint, defmultilinear, never, tangent
from .. import runtime
from ..runtime import lagged_sums, linear_filter

_ZI = never("initial conditions are not differentiated; prepend the past samples to x instead")


@adjoint(ss.lfilter, runtime.linear_filter, arrays=True, requires={"zi": _ZI})
def lfilter(result, b, a, x, axis=-1, zi=None, *, d_result):
    # w: the cotangent filtered backwards in time by 1 / a, which both coefficients read.
    w = np.flip(linear_filter(np.ones(1), a, np.flip(d_result, axis), axis), axis)
    d_x = np.flip(linear_filter(b, a, np.flip(d_result, axis), axis), axis)
    return lagged_sums(w, x, np.size(b), axis), -lagged_sums(w, result, np.size(a), axis), d_x


@tangent(ss.lfilter, runtime.linear_filter)
def lfilter_tangent(result, b, a, x, axis=-1, zi=None, *, t_b, t_a, t_x):
    # From L_a y = L_b x: L_a t_y = L_b t_x + L_{t_b} x - L_{t_a} y.
    return linear_filter(b, a, t_x, axis) + linear_filter(t_b, a, x, axis) - linear_filter(t_a, a, result, axis)


@adjoint(runtime.lagged_sums, operands=("w", "v"))
def lagged_sums_(result, w, v, count, axis=-1, *, d_result):
    # out[k] = sum w[n] v[n - k]: w's cotangent is v filtered by d_result (a FIR filter), v's the
    # same backwards in time over w.
    return (linear_filter(d_result, np.ones(1), v, axis),
            np.flip(linear_filter(d_result, np.ones(1), np.flip(w, axis), axis), axis))


defmultilinear(runtime.lagged_sums)

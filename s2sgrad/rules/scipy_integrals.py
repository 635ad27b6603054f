"""Rules for `scipy.integrate`'s quadratures of samples: trapezoid (NumPy's rule) and simpson, both linear in y.

`scipy.integrate.trapezoid(y, x, dx, axis)` computes what `np.trapezoid` computes and is given its
rule (`same.same_as`).  `simpson(y, x, dx=, axis=)` is linear in y for fixed sample points: each
entry of y has a weight (`runtime.simpson_weights`, SciPy's rule applied to the rows of the
identity, so that an even number of samples gets SciPy's own end correction), and the cotangent
is the seed times those weights.  The sample points `x` and the spacing `dx` are constants: a call
whose x depends on the inputs is refused where it is written.
"""

import numpy as np
import scipy.integrate as si

from . import adjoint, deflinear, nograd
from .same import same_as
from .. import runtime
from ..runtime import simpson_weights

POINTS = "the sample points are not differentiated: compute `x` from constants"

same_as(si.trapezoid, np.trapezoid)


@adjoint(si.simpson, operands=("y",), hints={"x": POINTS, "dx": POINTS})
def simpson(result, y, x=None, *, dx=1.0, axis=-1, d_result):
    return np.expand_dims(d_result, axis) * simpson_weights(y, x, dx, axis)


deflinear(si.simpson)
# The weights read y's shape and dtype only.
nograd(runtime.simpson_weights, result="float")

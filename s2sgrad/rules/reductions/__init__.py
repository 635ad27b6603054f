"""Reduction rules: sum, mean, prod, extrema, var/std, the nan-ignoring forms, average, norms.

Every rule takes NumPy's `axis` (None, an int or a tuple) and `keepdims`.  `expand_reduced`
re-inserts the reduced axes into the cotangent so it broadcasts against the input; it
disappears from emitted code when `axis` is None or `keepdims` is true.  The shape analysis
treats a `reduction` called with one argument and no keywords as returning a scalar.
A tangent rule reduces the input's tangent with the weights the adjoint spreads `d_result` by,
so the conventions at ties and zeros are the same in both modes.
"""

import numpy as np

from .. import deflinear
from . import sums, moments, nan_forms, norms, counts  # noqa: F401  (the rules, registered in this order)

# Linear in `a` (average's weights are constants, as in its adjoint).
deflinear(np.mean, np.ndarray.mean, np.average)

"""What every rule of the reductions family declares: it takes arrays, and is read as a reduction."""

import functools

from .. import adjoint

# Every rule of this family takes arrays and is read as a reduction: called with one operand and
# no keyword, it returns a scalar (the shape analysis reads it so).  Not so for np.cov, np.corrcoef,
# np.bincount, np.histogram, nor for np.add.reduce and np.multiply.reduce of an array of more
# than one dimension: declared as the family always was, so that emitted code does not change.
reduction = functools.partial(adjoint, reduction=True, arrays=True)

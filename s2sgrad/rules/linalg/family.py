"""What every rule of the linalg family declares: it takes arrays."""

import functools

from .. import adjoint

# Every rule of this family takes arrays (the activity analysis reads its operands as arrays).
array_adjoint = functools.partial(adjoint, arrays=True)

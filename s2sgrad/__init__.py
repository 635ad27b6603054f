"""s2sgrad: source-to-source automatic differentiation of Python/NumPy code.

Reads a function's source and writes its derivative (reverse or forward mode) as readable Python.
"""

from .version import __version__  # noqa: E402,F401

from .api import differentiate, emit, grad, value_and_grad, vjp  # noqa: E402
from .custom import checkpoint, custom_gradient, grad_of, stop_gradient  # noqa: E402
from .modes import hessian, hvp, jvp  # noqa: E402
from .jacobians import jacobian  # noqa: E402
from .checkpointing import checkpointed  # noqa: E402
from .containers import register_container  # noqa: E402
from . import extend, testing  # noqa: E402,F401
from .errors import (ArgumentError, InternalError, NoRuleError, S2SError, SharedUpdateError,  # noqa: E402
                     UnsupportedValueError, UserCodeError)

__all__ = [
    "differentiate", "emit", "grad", "value_and_grad", "vjp", "jvp", "hvp", "hessian", "jacobian",
    "custom_gradient", "grad_of", "stop_gradient", "checkpoint", "checkpointed", "register_container",
    "ArgumentError", "InternalError", "NoRuleError", "S2SError", "SharedUpdateError", "UnsupportedValueError",
    "UserCodeError",
]

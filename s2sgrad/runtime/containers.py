"""`rebuild` and `register_object_class` (s2sgrad.containers), as helpers here import them where they run.

Those imports are part of the helpers' source, which `s2sgrad emit --standalone` writes out
as it is; this module keeps them valid inside the package.
"""

from ..containers import rebuild, register_object_class

__all__ = ["rebuild", "register_object_class"]

"""Reverse: a normal-form function -> its forward sweep (with pushes) and adjoint sweep.

Each normal-form statement becomes a `Step` (build.py).  Adjoints are generated backwards,
tracking which adjoints hold a value (`defined`: the first contribution assigns, later ones
add) and which own their array outright (`owned`: only those are updated in place, so an
accumulation never writes into an array another name refers to) (adjoints.py).  Simple
steps are reversed by the kind of their right-hand side (calls.py), stores and appends by
stores.py; loops iterate that state to a fixed point, and adjoints that must exist on every
path are zero-initialised where paths merge (control.py).  `analyses.recording` then
decides what to push; layout.py lays out both sweeps, a `for` over `range` replayed as
`reversed(range(...))` and a `while` by its count.  driver.py holds `Reverse.run`.
"""

from ..normalize import is_atom
from .driver import Reverse
from .nodes import _is_append, _locate, bind_rule, record_arguments
from .problems import (active_index_problem, append_problem, bitwise_problem, call_write_problem, item_copy_check, item_update_check, rebinding_check,
                       requirement_problem, shared_store_problem, shared_update_problem, starred_problem)

__all__ = ["Reverse", "is_atom", "_is_append", "_locate", "active_index_problem", "append_problem", "bind_rule", "bitwise_problem",
           "call_write_problem", "item_copy_check", "item_update_check", "rebinding_check", "record_arguments", "requirement_problem",
           "shared_store_problem", "shared_update_problem", "starred_problem"]

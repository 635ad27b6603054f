"""The language corpus (issue 3): every supported construct x nesting, as plain functions.

Each module holds module-level functions (s2sgrad reads their source) and, at its end, a
`CASES` table of `Case(function, construct, nesting, input sets, wrt)`; `CASES` here is
their concatenation, which tests/test_language.py parametrizes over.
"""

from . import (assign, callables, comprehensions, containers, control, flow, function_loops, functions, idioms,
               imported, inplace, leftovers, methods, numbers, objects, records, scatter, spellings, view_updates)
from .case import NESTINGS, Case

MODULES = (control, flow, assign, containers, inplace, functions, callables, methods, comprehensions, numbers,
           records, objects, idioms, spellings, imported, leftovers, function_loops, view_updates, scatter)
CASES = [case for module in MODULES for case in module.CASES]

__all__ = ["CASES", "Case", "MODULES", "NESTINGS"]

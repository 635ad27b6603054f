"""Effects: which calls the optimizer may move, fold or drop, as declared; default impure.

A call is pure when what it calls is declared so: a primitive with a derivative rule (or
one declared to have none) that is not declared impure, a builtin the rules know, or a
runtime helper marked `@_pure`.  Anything else (a user function, a method, `np.random`,
I/O, an unknown library function) may have effects, and so may any call that writes into
an argument (`out=`, `np.add.at`, `np.copyto`).
"""

import builtins
import functools
import sys

import numpy as np

from . import rules, runtime

IMPURE = set()
PURE = set()


def impure(*primitives):
    """Declare primitives that have effects, though they may have derivative rules (`print`)."""
    IMPURE.update(primitives)


def pure(*functions):
    """Declare functions free of effects that have no derivative rule (builtins the emitted code calls)."""
    PURE.update(functions)


pure(min, max, reversed, slice, sorted, list, tuple, dict, len, range, zip, enumerate, abs, float, int, bool,
     isinstance, getattr, hasattr)

# `np.random` is left alone (NumPy imports it on first use, and `import s2sgrad` should not):
# its functions are impure by their module, or as methods of a RandomState (see _is_pure_object).
impure(print, input, open, exec, eval, np.copyto, np.put, np.place, np.putmask,
       np.put_along_axis, np.fill_diagonal, np.save, np.savetxt, np.load, np.loadtxt)


def is_pure_call(func_parts, keywords=()):
    """Is a call to the dotted name `func_parts` (["np", "linalg", "norm"]) free of effects?

    `np` is NumPy (the name emitted code gives it); a single name is a builtin or a runtime
    helper.  A call with an `out=` keyword writes into it.
    """
    if "out" in keywords:
        return False
    return _pure_target(tuple(func_parts))


@functools.lru_cache(maxsize=None)
def _pure_target(parts):
    if len(parts) == 1:
        helper = getattr(runtime, parts[0], None)
        if getattr(helper, "__s2sgrad_pure__", False):
            return True
        return _is_pure_object(getattr(builtins, parts[0], None))
    if parts[0] != "np":
        return False
    obj = np
    for part in parts[1:]:
        obj = getattr(obj, part, None)
        if obj is None:
            return False
    return _is_pure_object(obj)


def _is_pure_object(obj):
    if obj is None or _declared(obj, IMPURE) or _random_state_method(obj):
        return False
    if _declared(obj, PURE):
        return True
    module = getattr(obj, "__module__", "") or ""
    if module.startswith("numpy.random"):
        return False
    return rules.lookup(obj) is not None or rules.is_nograd(obj) or rules.lookup_tangent(obj) is not None


def _random_state_method(obj):
    """`np.random.seed`, `np.random.normal`: methods of NumPy's global RandomState (which exists
    only once numpy.random is imported)."""
    random = sys.modules.get("numpy.random")
    return random is not None and isinstance(getattr(obj, "__self__", None), random.RandomState)


def _declared(obj, table):
    try:
        return obj in table
    except TypeError:
        return False

"""Jacobians in few sweeps: a copy of a forward sweep's tape that one adjoint sweep may consume.

`jacobian(f, mode="rev")` runs f's forward sweep once and its adjoint sweep once per row.  An
adjoint sweep pops the tape and puts back, in place, what the forward sweep overwrote (`y[i] =
stack.pop()` writes into the very array `y` that the tape holds), so each replay but the last
runs on a copy of the tape taken before any adjoint sweep ran: `copy_tape` copies arrays
together with the views between them (a view of `y` on the tape sees the copy of `y` being put
back), and lists, tuples and dicts with the identities among them.  What it cannot copy
faithfully (an object of a user class, an object array, another library's array) raises
`Unreplayable`, and `jacobian` runs a whole sweep per row instead.
"""

import types

import numpy as np

from .runtime import MISSING

_IMMUTABLE = (type(None), bool, int, float, complex, str, bytes, np.generic, range, slice, type(Ellipsis),
              types.FunctionType, types.BuiltinFunctionType, np.ufunc, type, np.dtype, types.ModuleType)


class Unreplayable(Exception):
    """The tape holds something `copy_tape` cannot copy with the sharing it has."""


def copy_tape(stack):
    """A copy of `stack` (a Stack) that an adjoint sweep may pop and write into; see the module."""
    return _copy(stack, {})


def _copy(value, memo):
    if isinstance(value, _IMMUTABLE) or value is MISSING:
        return value
    known = memo.get(id(value))
    if known is not None:
        return known[1]
    if type(value) is np.ndarray:
        copied = _copy_array(value, memo)
    elif isinstance(value, list):          # a Stack too: its own type
        copied = type(value)()
        memo[id(value)] = (value, copied)
        copied.extend(_copy(item, memo) for item in value)
    elif isinstance(value, dict) and type(value) is dict:
        copied = {}
        memo[id(value)] = (value, copied)
        copied.update((key, _copy(item, memo)) for key, item in value.items())
    elif type(value) is tuple:
        copied = tuple(_copy(item, memo) for item in value)
    elif isinstance(value, tuple) and hasattr(value, "_fields"):
        copied = type(value)(*(_copy(item, memo) for item in value))
    else:
        raise Unreplayable(f"the tape holds a {type(value).__name__}")
    memo[id(value)] = (value, copied)
    return copied


def _copy_array(a, memo):
    """A copy of array `a`; views of one array copy to views of one copy, at the same offsets."""
    if a.dtype.hasobject:
        raise Unreplayable("the tape holds an object array")
    root = a
    while isinstance(root.base, np.ndarray):
        root = root.base
    known = memo.get(("root", id(root)))
    if known is None:
        if any(s < 0 for s in root.strides) or not (root.flags.c_contiguous or root.flags.f_contiguous):
            raise Unreplayable("the tape holds a view of memory that is not an array's own")
        memory = np.empty(max(root.nbytes, 1), np.uint8)
        copied_root = np.ndarray(root.shape, root.dtype, buffer=memory, strides=root.strides)
        copied_root[...] = root
        copied_root.flags.writeable = root.flags.writeable
        known = memo[("root", id(root))] = (root, (memory, copied_root))
    memory, copied_root = known[1]
    if a is root:
        return copied_root
    offset = a.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    try:
        view = np.ndarray(a.shape, a.dtype, buffer=memory, offset=offset, strides=a.strides)
    except (ValueError, TypeError) as error:
        raise Unreplayable(str(error)) from None
    view.flags.writeable = a.flags.writeable
    return view

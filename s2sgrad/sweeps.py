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


def copy_tape(stack, written=None):
    """A copy of `stack` (a Stack) that an adjoint sweep may pop and write into; see the module.

    With `written` (one flag per entry, see `written_entries`), only the flagged entries are
    copied; the others are shared with `stack`."""
    if written is None:
        return _copy(stack, {})
    memo = {}
    return type(stack)(_copy(entry, memo) if flag else entry for entry, flag in zip(stack, written))


def written_entries(original, consumed):
    """For each entry of the tape `original` (a list of its entries), whether an adjoint sweep may
    write into it: `consumed` holds the entries of a copy of the tape after one sweep ran on it.
    An entry whose copy changed is written, and so is every entry that reaches the same array
    memory (a view of it) or the same list or dict.  The writes of an adjoint sweep are the same
    whatever its cotangent (see `unchanged`), so the other entries may be shared by later sweeps."""
    reached = [_reached(entry, set()) for entry in original]
    dirty = set()
    for a, b, ids in zip(original, consumed, reached):
        if not unchanged(a, b):
            dirty |= ids
    return [bool(ids & dirty) for ids in reached]


def _reached(value, out):
    """The ids of the array memory (the root arrays) and the lists and dicts `value` holds."""
    if type(value) is np.ndarray:
        root = value
        while type(root.base) is np.ndarray:
            root = root.base
        out.add(id(root))
    elif isinstance(value, (list, dict)):
        if id(value) not in out:
            out.add(id(value))
            for item in value.values() if isinstance(value, dict) else value:
                _reached(item, out)
    elif isinstance(value, tuple):
        for item in value:
            _reached(item, out)
    return out


def unchanged(original, copied):
    """Whether `copied` (a copy_tape of `original`, since consumed by an adjoint sweep) holds
    what `original` holds: what the sweep wrote into it, it wrote back as it was.  The values an
    adjoint sweep writes into the tape are values of the forward sweep (the restores), the same
    whatever the cotangent, so after one such sweep further sweeps may share `original`."""
    if isinstance(original, _IMMUTABLE) or original is MISSING:
        return True
    if type(original) is np.ndarray:
        return type(copied) is np.ndarray and original.shape == copied.shape and original.dtype == copied.dtype \
            and original.tobytes() == copied.tobytes()
    if isinstance(original, (list, tuple)):
        return type(copied) is type(original) and len(copied) == len(original) and \
            all(unchanged(a, b) for a, b in zip(original, copied))
    if type(original) is dict:
        return type(copied) is dict and copied.keys() == original.keys() and \
            all(unchanged(original[key], copied[key]) for key in original)
    return False


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
    if a.base is None and a.flags.c_contiguous and not a.dtype.hasobject:     # the common case: its own memory
        known = memo.get(("root", id(a)))
        if known is None:
            copied = a.copy()
            if not a.flags.writeable:
                copied.flags.writeable = False
            known = memo[("root", id(a))] = (a, copied)
        return known[1]
    root = a
    while type(root.base) is np.ndarray:
        root = root.base
    known = memo.get(("root", id(root)))
    if known is None:
        if root.dtype.hasobject:
            raise Unreplayable("the tape holds an object array")
        copied_root = root.copy(order="K")
        if copied_root.strides != root.strides or not (root.flags.c_contiguous or root.flags.f_contiguous):
            raise Unreplayable("the tape holds a view of memory that is not an array's own")
        copied_root.flags.writeable = root.flags.writeable
        known = memo[("root", id(root))] = (root, copied_root)
    copied_root = known[1]
    if a is root:
        return copied_root
    offset = a.__array_interface__["data"][0] - root.__array_interface__["data"][0]
    try:        # the copy's memory in order, as one buffer (a view: the copy is contiguous)
        view = np.ndarray(a.shape, a.dtype, buffer=copied_root.ravel(order="K"), offset=offset, strides=a.strides)
    except (ValueError, TypeError) as error:
        raise Unreplayable(str(error)) from None
    if not a.flags.writeable:
        view.flags.writeable = False
    return view

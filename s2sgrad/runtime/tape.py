"""What the forward sweep keeps besides the stack: items a store overwrites, the checks where it runs (`a += b`, an item read before its array is written, a dict read by position), plain loops."""

import numpy as np

from ..errors import SharedUpdateError, UnsupportedValueError
from .declare import _pure


class _Missing:
    """What `saved_item` returns for a dict key that was not there."""

    def __repr__(self):
        return "MISSING"


MISSING = _Missing()


@_pure
def saved_item(container, key):
    """The item a store into `container[key]` is about to overwrite (or MISSING), copied."""
    if isinstance(container, dict) and key not in container:
        return MISSING
    item = container[key]
    if type(item) is np.ndarray:        # the common case, first (np.copy dispatches)
        return item.copy(order="K")
    return np.copy(item) if isinstance(item, np.ndarray) else item


def restore_item(container, key, item):
    """Undo a store into `container[key]`: put `item` back, or remove a key that was new."""
    if item is MISSING:
        del container[key]
    else:
        container[key] = item


def check_rebinding(value, name, where):
    """`name op= ...` on a name that may share its value: a number rebinds (fine); an array
    would be updated for every name sharing it, which s2sgrad cannot differentiate."""
    if isinstance(value, (int, float, complex, np.generic)):
        return
    raise SharedUpdateError(f"{where}: in-place update of `{name}`, which holds an array that may be shared "
                     f"with another name; write `{name} = {name} + ...` to make a new array that no other name "
                     "sees, or, to change the array it views, update that array by index (`a[1:] += ...`)")


def check_item_copy(item, what, where):
    """`t = y[i]` read while `y` is written in place later and `t` read after that: an item of a
    one-axis array is a number, a copy (fine); a row of a larger array is a view of it, which
    NumPy would show the write through, and which s2sgrad cannot differentiate."""
    if isinstance(item, (int, float, complex, np.generic)):
        return
    read = what.partition(" = ")[2] or what
    raise SharedUpdateError(f"{where}: `{what}` reads a row, a view of an array of more than one axis, which is "
                            "written in place afterwards while the row is still read: NumPy would show the write "
                            f"through the row, which s2sgrad cannot differentiate; read a copy (`{read}.copy()`) to "
                            "keep the values as they were")


def check_sequence(seq, what, where):
    """`for k in reversed(d)` whose body does not read `d[k]`, read as a sequence by position: a
    dict is refused (its keys are no positions)."""
    if isinstance(seq, dict):
        raise UnsupportedValueError(f"{where}: `{what}` of a dict, whose body does not read the dict by the key: "
                                    f"s2sgrad reads the loop by position here; write `for k in reversed(list(d))` "
                                    "or read the value as `d[k]` in the body")


def check_item_update(container, item, what, where, shared):
    """`lst[k] op= ...` on an item that another name (`shared`) or another slot of the container
    may see: a number, or an item of an array, rebinds the slot (fine); an array in a list or a
    dict would be updated in place for every name and slot that sees it, which s2sgrad cannot
    differentiate."""
    if isinstance(container, np.ndarray) or not isinstance(item, np.ndarray):
        return
    slots = container.values() if isinstance(container, dict) else container
    if not shared and sum(other is item for other in slots) < 2:
        return
    raise SharedUpdateError(f"{where}: in-place update of `{what}`, an array that another name or another slot "
                            f"may also see (a view or the same array); write `{what} = {what} + ...` to put a new array "
                            "in its place, or update the array it views by index")


def run_steps(steps, step, state, invariants):
    """A checkpointed loop whose state needs no gradient: `state = step(t, *state, *invariants)`."""
    for t in steps:
        state = step(t, *state, *invariants)
    return state

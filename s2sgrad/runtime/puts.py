"""Stores by flat index: np.put and np.fill_diagonal as values, and the cotangent of the values they write."""

import numpy as np

from .declare import _pure


@_pure
def put_into(a, ind, v, mode="raise"):
    """`a` with `np.put(a, ind, v, mode)` applied, as a new array (the normal form stores it back:
    `a[...] = put_into(a, ind, v)`): v's entries, flattened and repeated as needed, at the flat
    indices `ind`; a repeated index keeps the last value written."""
    out = np.array(a, copy=True)        # a keeps its dtype, as np.put casts the values to it
    np.put(out, ind, v, mode)
    return out


def _flat_positions(size, ind, mode):
    """The flat index each entry of `ind` writes, brought in range as np.put's `mode` does."""
    ind = np.ravel(ind).astype(np.intp)
    if mode == "clip":
        return np.clip(ind, 0, size - 1)
    return np.mod(ind, size)            # "wrap", and "raise" (where np.put took a negative index from the end)


@_pure
def put_values_adjoint(g, ind, v, mode="raise"):
    """The cotangent of v in `put_into(a, ind, v, mode)`: the cotangent at each position v's entry
    was written to, where no later index overwrote it, summed over v's repetitions; v's shape."""
    positions = _flat_positions(np.size(g), ind, mode)
    if np.size(positions) == 0:
        return np.zeros_like(v, dtype=np.result_type(g))
    owner = np.full(np.size(g), -1, dtype=np.intp)
    owner[positions] = np.arange(np.size(positions))
    kept = owner[positions] == np.arange(np.size(positions))
    read = np.where(kept, np.ravel(g)[positions], 0)
    slots = np.arange(np.size(positions)) % max(np.size(v), 1)
    total = np.bincount(slots, weights=read, minlength=np.size(v)).astype(np.result_type(g), copy=False)
    return np.reshape(total[:np.size(v)], np.shape(v))


@_pure
def diagonal_flat_index(a, wrap=False):
    """The flat indices np.fill_diagonal(a, v, wrap) writes (NumPy's own rule: every `step`-th entry)."""
    shape = np.shape(a)
    end = None
    if len(shape) == 2:
        step = shape[1] + 1
        if not wrap:
            end = shape[1] * shape[1]
    elif len(set(shape)) > 1 or len(shape) < 2:
        raise ValueError("fill_diagonal: all dimensions of the input must be of equal length")
    else:
        step = 1 + int(np.sum(np.cumprod(shape[:-1])))
    return np.arange(int(np.prod(shape)))[:end:step]

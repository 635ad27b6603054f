"""Portability across array libraries (NumPy, CuPy, Dask): whose array a value is; a scatter-add for each."""

import math

import numpy as np


def foreign(*values):
    """The first of `values` that is another library's array (CuPy, Dask: it dispatches NumPy's
    functions through `__array_function__`), or None: what an array-creation call passes as
    `like=`, so that a new array is made by the library of the arrays it will meet."""
    for value in values:
        if hasattr(value, "__array_function__") and not isinstance(value, (np.ndarray, np.generic)):
            return value
    return None


def scatter_add(target, index, values):
    """`target[index] += values` in place, where repeated indices add up (np.add.at)."""
    if isinstance(target, np.ndarray):
        np.add.at(target, index, values)
    elif type(target).__module__.startswith("cupy"):
        import cupyx
        cupyx.scatter_add(target, index, values)
    elif not _fancy(index):                 # slices and integers: no position is written twice
        target[index] = target[index] + values
    else:
        try:
            np.add.at(target, index, values)
        except TypeError:                   # a library without ufunc.at (Dask)
            _scatter_add_in_rounds(target, index, values)


def _fancy(index):
    """Whether an index holds an array or a list (which may repeat a position)."""
    items = index if isinstance(index, tuple) else (index,)
    return any(not (item is None or item is Ellipsis or isinstance(item, (int, slice, np.integer)))
               for item in items)


def _scatter_add_in_rounds(target, index, values):
    """`target[index] += values` with item assignment alone: the flat positions the index reads are
    found on the host from the shape (they are metadata, not data), and added in rounds of
    distinct positions (the k-th occurrence of every position in round k), so repeats add up."""
    shape = np.shape(target)
    picked = np.reshape(np.arange(math.prod(shape)), shape)[index]
    positions = np.ravel(picked)
    flat_values = np.reshape(np.broadcast_to(values, np.shape(picked)), (-1,))
    order = np.argsort(positions, kind="stable")
    ranked = positions[order]
    first = np.searchsorted(ranked, ranked, side="left")        # where each position's run starts
    occurrence = np.empty_like(order)
    occurrence[order] = np.arange(np.size(order)) - first
    flat = np.reshape(target, (-1,))
    for k in range(int(np.max(occurrence, initial=-1)) + 1):
        chosen = np.flatnonzero(occurrence == k)
        flat[positions[chosen]] = flat[positions[chosen]] + flat_values[chosen]
    target[...] = np.reshape(flat, shape)


def _host(value):
    """A spacing or coordinates as host NumPy (a number as it is)."""
    if not hasattr(value, "shape"):
        return value
    return np.asarray(value.get() if type(value).__module__.startswith("cupy") else value)

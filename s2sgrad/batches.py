"""Per-example Jacobians of a function mapped over a batch: `jacobian(f, wrt, batch=...)`.

f is written for one example.  `batch` names the arguments that carry a leading batch axis of
length B (the others are shared by every example); example b is f called on the b-th slice of
each of them, and the result is its Jacobian, stacked: (B,) + F.shape + x.shape per argument in
`wrt` (x: one example's slice of a batched argument, or the whole of a shared one, such as
weights that every example reads).  So `jacobian(f, wrt, batch=True)(*args)[b]` is
`jacobian(f, wrt)(*(a[b] for a in args))`.

f's emitted code (made for one example) runs over the whole batch at once: each batched argument
is handed to it as a `Directions` (directions/) whose leading axis holds the examples, and an
operation on it means that operation on each example alone, which NumPy broadcasting gives for
elementwise operations, indexing, reshapes, sums, dot, matmul and cross.  mode="fwd": one
forward sweep per element of the example's inputs, seeding that element in every example;
mode="rev": one forward and one adjoint sweep per element of the example's output, seeding it in
every example.  Either way the number of sweeps is that of one example's Jacobian, and each
sweep is NumPy calls on arrays of B examples: no Python loop over the examples.

A branch that the examples take differently, or anything else with no example-by-example form
(directions/), falls back to one Jacobian per example, with the same numbers.
"""

import numbers
import types

import numpy as np

from .directions import Directions, Unvectorized, dense, vector_variant
from .directions.core import _aligned
from .errors import ArgumentError
from .runtime import Stack


def batched_positions(fn, batch, params):
    """The positions `batch` names (True: every parameter), or None for no batch."""
    if batch is None or batch is False:
        return None
    if batch is True:
        return tuple(range(len(params)))
    items = batch if isinstance(batch, (tuple, list)) else (batch,)
    out = []
    for item in items:
        if isinstance(item, str) and item in params:
            out.append(params.index(item))
        elif isinstance(item, numbers.Integral) and not isinstance(item, bool) and -len(params) <= item < len(params):
            out.append(int(item) % len(params))
        else:
            raise ArgumentError(f"jacobian: batch={batch!r}; give True or the parameters (names or indices) of "
                                f"{getattr(fn, '__name__', 'f')}({', '.join(params)}) that carry the batch axis")
    if not out or len(set(out)) != len(out):
        raise ArgumentError(f"jacobian: batch={batch!r}; give each parameter once")
    return tuple(out)


def batch_size(fn, args, batched, positions):
    """B, the leading length shared by the batched arguments (checked)."""
    sizes = {}
    for i in batched:
        if i >= len(args):
            continue
        a = args[i]
        if not isinstance(a, np.ndarray) or a.ndim == 0:
            raise ArgumentError(f"jacobian: argument {i} of {getattr(fn, '__name__', 'f')} is in batch=, so it needs "
                                f"a leading batch axis, but it is a {type(a).__name__} of shape {np.shape(a)}")
        sizes[i] = a.shape[0]
    if len(set(sizes.values())) > 1:
        raise ArgumentError("jacobian: the batched arguments have different leading lengths: "
                            + ", ".join(f"argument {i}: {n}" for i, n in sizes.items()))
    if not sizes:
        raise ArgumentError("jacobian: batch= names no argument of this call")
    return next(iter(sizes.values()))


def example(args, batched, b):
    """The arguments of example b."""
    return tuple(a[b] if i in batched else a for i, a in enumerate(args))


def _float_array(x):
    return type(x) is np.ndarray and x.dtype.kind == "f"


def _differentiable(x, batched):
    """Whether the sweeps over the batch take `x` as a differentiated argument: a float array, or
    for a shared one a float too."""
    return _float_array(x) or not batched and type(x) in (float, np.float64)


def _example_shape(x, batched):
    return np.shape(x)[1:] if batched else np.shape(x)


def _data(value, B, shape):
    """(B, *shape) from a result of the batched sweep: a `Directions`, or a plain value (the same
    in every example)."""
    value = dense(value)
    if isinstance(value, Directions):
        data = value.data
    elif isinstance(value, (float, np.floating, np.ndarray)):
        data = np.broadcast_to(np.asarray(value, dtype=float), (B,) + np.shape(value))
    else:
        return None
    if data.shape != (B,) + shape:
        return None
    return data


ROWS = 1 << 16     # examples times directions per sweep, at most (unless one direction is more)


def _groups(count, B):
    """Consecutive ranges of `count` directions (or cotangents), as many per sweep as fit in ROWS."""
    step = max(1, ROWS // B)
    return [range(first, min(count, first + step)) for first in range(0, count, step)]


def _tiled(args, batched, n):
    """The arguments with each batched one repeated n times along its batch axis: n copies of the
    batch, one per direction a sweep carries (a fresh array, which the sweep may write into)."""
    return tuple(Directions(np.concatenate([a] * n)) if i in batched else a for i, a in enumerate(args))


def _unit_rows(group, B, size, offset=0):
    """(len(group) * B, size): row j * B + b is the unit vector `group[j] - offset` (zeros where
    that falls outside 0..size-1)."""
    data = np.zeros((len(group), B, size))
    for j, d in enumerate(group):
        if 0 <= d - offset < size:
            data[j, :, d - offset] = 1.0
    return data.reshape(len(group) * B, size)


def forward_columns(entry, args, positions, batched, B):
    """Per-example Jacobians by forward mode over the batch: each sweep carries a group of input
    directions, each seeded in every example (the batch repeated once per direction); None where
    that does not apply."""
    if not all(_differentiable(args[p], p in batched) for p in positions):
        return None
    shapes = [_example_shape(args[p], p in batched) for p in positions]
    sizes = [int(np.prod(s)) for s in shapes]
    starts = [sum(sizes[:i]) for i in range(len(sizes))]
    total = sum(sizes)
    variants = entry.__dict__.setdefault("batch_variants", {})
    columns, out_shape = [], None
    for group in _groups(total, B):
        rows = len(group) * B
        if rows not in variants:           # a zero tangent made inside f carries every row
            variants[rows] = vector_variant(entry.gradient, rows, numpy=_Creating(rows))
        named = {name: Directions(_unit_rows(group, B, size, start).reshape((rows,) + shape))
                 for name, shape, size, start in zip(entry.tangent_params, shapes, sizes, starts)}
        value, tangent = variants[rows](*_tiled(args, batched, len(group)), **named)
        value = dense(value)
        if out_shape is None:
            if not isinstance(value, Directions) or value.dtype.kind != "f":
                return None
            out_shape = value.shape
        block = _data(tangent, rows, out_shape)
        if block is None:
            return None
        columns.append(block.reshape(len(group), B, -1))
    stacked = np.concatenate(columns).transpose(1, 2, 0)        # (B, output size, total input size)
    return tuple(stacked[:, :, start:start + size].reshape((B,) + out_shape + shape)
                 for shape, size, start in zip(shapes, sizes, starts))


def reverse_rows(entry, args, positions, batched, B):
    """Per-example Jacobians by reverse mode over the batch: per group of output elements, one
    forward sweep and one adjoint sweep carrying a cotangent per element, each seeded in every
    example (the batch repeated once per element); None where that does not apply."""
    if not all(_differentiable(args[p], p in batched) for p in positions):
        return None
    variants = entry.__dict__.setdefault("batch_variants", {})
    x_shapes = [_example_shape(args[p], p in batched) for p in positions]
    value = entry.gradient[0](Stack(), *example(args, batched, 0))          # F's shape, from one example
    if not (isinstance(value, (float, np.floating)) or _float_array(value)):
        return None
    out_shape, size = np.shape(value), int(np.size(value))
    blocks = [[] for _ in positions]
    for group in _groups(size, B):
        rows = len(group) * B
        if rows not in variants:
            variants[rows] = vector_variant(entry.gradient[0], rows, [f.__name__ for f in entry.gradient],
                                            numpy=_Creating(rows))
        forward, adjoint = variants[rows]
        stack = Stack()
        swept = forward(stack, *_tiled(args, batched, len(group)))
        if _data(swept, rows, out_shape) is None:       # every example's value has the first one's shape
            return None
        grads = adjoint(stack, Directions(_unit_rows(group, B, size).reshape((rows,) + out_shape)))
        grads = (grads,) if len(positions) == 1 else grads
        for k, (g, shape) in enumerate(zip(grads, x_shapes)):
            data = _data(g, rows, shape)
            if data is None:
                return None
            blocks[k].append(data.reshape((len(group), B) + shape))
    return tuple(np.moveaxis(np.concatenate(parts), 0, 1).reshape((B,) + out_shape + shape)
                 for parts, shape in zip(blocks, x_shapes))


class _Creating(types.ModuleType):
    """NumPy, but the float arrays it creates carry k copies along a leading axis: in the
    sweeps over a batch, an example's value stored into an array f makes (`np.zeros`, `np.eye`)
    then stays a `Directions`, and `np.array` of a list holding some stacks them."""

    def __init__(self, k):
        super().__init__("numpy")
        self._k = k

    def __getattr__(self, name):
        return getattr(np, name)

    def _copies(self, made):
        if made.dtype.kind != "f":
            return made
        return Directions(np.broadcast_to(made, (self._k,) + made.shape).copy())

    def zeros(self, *args, **kwargs):
        return self._copies(np.zeros(*args, **kwargs))

    def ones(self, *args, **kwargs):
        return self._copies(np.ones(*args, **kwargs))

    def empty(self, *args, **kwargs):
        return self._copies(np.zeros(*args, **kwargs))

    def full(self, shape, fill_value, *args, **kwargs):
        if isinstance(fill_value, Directions):
            if args or kwargs:
                raise Unvectorized("np.full with options of a value of several examples")
            full = np.shape(np.empty(shape))
            return Directions(np.broadcast_to(_aligned(fill_value, len(full)), (self._k,) + full).copy())
        return self._copies(np.full(shape, fill_value, *args, **kwargs))

    def eye(self, *args, **kwargs):
        return self._copies(np.eye(*args, **kwargs))

    def identity(self, *args, **kwargs):
        return self._copies(np.identity(*args, **kwargs))

    def array(self, obj, *args, **kwargs):
        if not _holds(obj):
            return np.array(obj, *args, **kwargs)
        if args or set(kwargs) - {"dtype"}:
            raise Unvectorized("np.array with options of a list holding values of several examples")
        made = _stacked(obj, self._k, kwargs.get("dtype"))
        return Directions(made.copy() if isinstance(obj, Directions) else made)

    asarray = array


def _holds(obj):
    if isinstance(obj, Directions):
        return True
    return isinstance(obj, (list, tuple)) and any(_holds(item) for item in obj)


def _stacked(obj, k, dtype):
    """np.array(obj) for each of the k leading-axis cases at once: (k, *shape)."""
    if isinstance(obj, (list, tuple)):
        parts = [_stacked(item, k, dtype) for item in obj]
        return np.stack(parts, axis=1)
    data = obj.data if isinstance(obj, Directions) else np.broadcast_to(np.asarray(obj), (k,) + np.shape(obj))
    return data.astype(dtype) if dtype is not None else data

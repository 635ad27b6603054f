"""Jacobians: `jacobian(f, wrt, mode, batch)`, by rows (one forward sweep, then one adjoint sweep
per output element on copies of its tape) or by columns (one forward sweep carrying many input
directions at once along a leading axis), and per example over a batch axis (batches.py); one
vjp per row or one jvp per column where those do not apply.
"""

import functools
import inspect
from typing import Any, Callable, Literal

import numpy as np

from .api import _compiled_for, _entry_key, _match, compiled, kinds_of, variadic_keywords, vjp
from .callables import callables_of, unwrap
from .containers import is_container, leaves, with_leaves
from . import batches
from .directions import Directions, dense, vector_variant
from .errors import ArgumentError
from .modes import _basis, _position, _unwrap, jvp
from .replay import each_sweep_from, rewind
from .resolve import changed
from .runtime import Stack, snapshot
from .sweeps import Unreplayable, copy_tape, written_entries
from .tracebacks import at_user_lines


def jacobian(fn: Callable[..., Any], wrt: int | str | tuple[int | str, ...] = 0,
             mode: Literal["rev", "fwd"] = "rev",
             batch: bool | int | str | tuple[int | str, ...] | None = None) -> Callable[..., Any]:
    """`jacobian(f, wrt, mode)(*args)`: dF/dx with shape F.shape + x.shape; a tuple of them, one
    per argument, when wrt is a tuple.

    batch=True (or the parameters that carry it): f is written for one example and mapped over
    a leading batch axis of those arguments (the others are shared); the result is the
    per-example Jacobian, shape (B,) + F.shape + x.shape with x one example's slice (or a shared
    argument), computed by sweeps over the whole batch at once (batches.py).

    mode="rev": f's forward sweep runs once, then its adjoint sweep once per output element (on a
    copy of the tape, see sweeps.py), giving every argument's row at once.  mode="fwd": one
    forward sweep carrying every input direction at once along a leading axis (in chunks of
    `CHUNK` directions; see directions/).  Pick the mode on the smaller side.
    """
    fn = _unwrap(fn)
    several = isinstance(wrt, (tuple, list))
    positions = tuple(_position(fn, w) for w in wrt) if several else (_position(fn, wrt),)
    if several and (not positions or len(set(positions)) != len(positions)):
        raise ArgumentError(f"jacobian: wrt={wrt!r}; give each parameter once")
    if mode not in ("rev", "fwd"):
        raise ArgumentError(f"jacobian: mode={mode!r}; give mode='rev' or mode='fwd'")
    batched = batches.batched_positions(fn, batch, list(inspect.signature(fn).parameters))

    entries = {}

    @functools.wraps(fn)
    def run(*args):
        with each_sweep_from(args):
            if batched is not None:
                out = _batched_jacobian(fn, args, positions, mode, batched, entries)
            elif mode == "fwd":
                out = _forward_jacobian(fn, args, positions, entries)
            else:
                out = _reverse_jacobian(fn, args, positions, several, entries)
        return out if several else out[0]
    return run


def _batched_jacobian(fn, args, positions, mode, batched, entries):
    """Per-example Jacobians over the batch axis of the arguments in `batched` (batches.py): sweeps
    over the whole batch, or one Jacobian per example where those do not apply."""
    if unwrap(fn).bound:
        raise ArgumentError("jacobian: batch= takes a plain function (not a bound method or a partial)")
    B = batches.batch_size(fn, args, batched, positions)
    if B == 0:
        raise ArgumentError("jacobian: batch= with an empty batch (leading length 0)")
    sample = batches.example(args, batched, 0)
    entry = _entry(entries, fn, positions, sample, "forward" if mode == "fwd" else "split")
    sweep = batches.forward_columns if mode == "fwd" else batches.reverse_rows
    try:
        out = sweep(entry, args, positions, batched, B)
    except Exception:       # no example-by-example form here (directions/), or f's own error
        out = None
    if out is not None:
        return out
    one = _forward_jacobian if mode == "fwd" else functools.partial(_reverse_jacobian, several=True)
    parts = [one(fn, batches.example(args, batched, b), positions, entries=entries) for b in range(B)]
    return tuple(_stacked_examples([part[k] for part in parts]) for k in range(len(positions)))


def _stacked_examples(parts):
    """The examples' Jacobians with respect to one argument, stacked along a first axis, leaf by
    leaf where the argument is a dict, a list or a tuple of arrays (per-example gradients)."""
    first = parts[0]
    if isinstance(first, dict):
        return {key: _stacked_examples([part[key] for part in parts]) for key in first}
    if isinstance(first, (list, tuple)):
        return type(first)(_stacked_examples([part[i] for part in parts]) for i in range(len(first)))
    return np.stack([np.asarray(part, dtype=float) for part in parts])


def _entry(entries, fn, positions, args, mode):
    """The transform of `fn` for `args` in `mode` ("split" or "forward"), kept in `entries` (one
    jacobian's own) by the arguments' types, as value_and_grad keeps its own."""
    key = (mode, _entry_key(fn, args, {}))
    entry = entries.get(key)
    if entry is None or changed(entry.checks):
        if mode == "split":
            entry = _compiled_for(fn, positions, args, {}, mode="split")
        else:
            entry = compiled(fn, positions, kinds=kinds_of(args), mode="forward", callables=callables_of(fn, args, {}),
                             keywords=variadic_keywords(fn, args, {}))
        entries[key] = entry
    return entry


def _reverse_jacobian(fn, args, positions, several, entries=None):
    """dF/d args[p] for each position p, by rows."""
    swept = _replayed_rows(fn, args, positions, entries)
    if swept is None:       # one whole reverse sweep per row
        rewind()
        value = _array_value(fn(*args), fn)
        back = vjp(fn, positions if several else positions[0])
        rows = [(rewind(), back(*args, d_result=v))[1] for v in _basis(value)]
        rows = [r if several else (r,) for r in rows]
    else:
        value, rows = swept
    return tuple(_stacked([r[k] for r in rows], value, args[p], axis=0) for k, p in enumerate(positions))


def _stacked(parts, value, x, axis):
    """One argument's Jacobian, F.shape + x.shape, from its rows (axis=0) or columns (axis=-1),
    each the shape of x or of F; for a list, tuple, dict or record x, one such per leaf, in x's form."""
    if is_container(x):
        per_leaf = list(zip(*(leaves(part) for part in parts))) or [()] * len(leaves(x))
        return with_leaves(x, iter([_stacked(list(p), value, leaf, axis) for p, leaf in zip(per_leaf, leaves(x))]))
    if not parts:
        return np.zeros(np.shape(value) + np.shape(x))
    stacked = np.stack([np.asarray(part) for part in parts], axis=axis)
    return np.reshape(stacked, np.shape(value) + np.shape(x))


def _array_value(value, fn):
    """`value` when it is a number or an array: a Jacobian of a container value is refused."""
    if is_container(value):
        raise ArgumentError(f"jacobian: {getattr(fn, '__name__', 'the function')} returns a {type(value).__name__}; "
                            "jacobian takes a function whose value is a number or an array (return np.concatenate "
                            "of the parts, or take the jacobian of each part)")
    return value


def _replayed_rows(fn, args, positions, entries=None):
    """(value, rows) from one forward sweep and one adjoint sweep per output element, each on a
    copy of the tape but the last; None where that does not apply (see sweeps.py)."""
    if unwrap(fn).bound:
        return None
    entry = _entry({} if entries is None else entries, fn, positions, args, "split")
    forward, adjoint = entry.gradient
    stack = Stack()
    value = _run(forward, stack, *args)
    if not (type(value) in (float, np.float64) or type(value) is np.ndarray and value.dtype.kind == "f"):
        return None
    value = snapshot(value)             # what the adjoint sweeps put back cannot change it
    seeds = list(_basis(value))
    try:
        first = copy_tape(stack) if len(seeds) > 1 else None
    except Unreplayable:
        return None
    rows, written = [], None
    for k, seed in enumerate(seeds):
        if k == len(seeds) - 1:
            tape = stack
        elif k == 0:
            tape, consumed = first, list(first)
        else:       # what the first sweep wrote into is copied, the rest shared
            tape = copy_tape(stack, written)
        grads = _run(adjoint, tape, seed)
        if k == 0 and len(seeds) > 2:
            written = written_entries(list(stack), consumed)
        grads = (grads,) if len(positions) == 1 else grads
        rows.append(tuple(_match(args[p], g, entry.params[p]) for p, g in zip(positions, grads)))
    return value, rows


def _run(function, *args, **kwargs):
    """`function(*args)`, an emitted function: an exception it raises shows the user's lines too.
    (A sweep of a Jacobian starts from the random states the first one found: replay.py.)"""
    rewind()
    try:
        return function(*args, **kwargs)
    except Exception as error:
        at_user_lines(error)
        raise


CHUNK = 64     # directions per forward sweep: memory grows with it, the sweeps' count shrinks


def _forward_jacobian(fn, args, positions, entries=None):
    """dF/d args[p] for each position p: one forward sweep per CHUNK input directions; one jvp per
    input element where a tangent carrying several directions is not understood (directions/)."""
    try:
        out = _vector_columns(fn, args, positions, entries)
    except Exception:           # an operation with no direction-by-direction form here, or f's own error
        out = None
    if out is None:
        return tuple(_forward_columns(fn, args, p) for p in positions)
    return out


def _vector_columns(fn, args, positions, entries=None):
    """The forward Jacobians by vector forward mode, or None where it does not apply."""
    if unwrap(fn).bound or not all(_real_float(args[p]) for p in positions):
        return None
    sizes = [int(np.size(args[p])) for p in positions]
    total = sum(sizes)
    if total == 0:
        return None
    entry = _entry({} if entries is None else entries, fn, positions, args, "forward")
    starts = [sum(sizes[:i]) for i in range(len(sizes))]
    columns, variants = [], entry.__dict__.setdefault("vector_variants", {})
    for first in range(0, total, CHUNK):
        k = min(CHUNK, total - first)
        if k not in variants:
            variants[k] = vector_variant(entry.gradient, k)
        named = {tangent_name: _unit_directions(args[p], first, k, start, size)
                 for tangent_name, p, start, size in zip(entry.tangent_params, positions, starts, sizes)}
        value, tangent = _run(variants[k], *args, **named)
        block = _direction_block(value, dense(tangent), k)
        if block is None:
            return None
        columns.append(block.reshape(k, -1))
    stacked = np.concatenate(columns, axis=0).T       # (output size, total input size)
    return tuple(np.reshape(stacked[:, start:start + size], np.shape(value) + np.shape(args[p]))
                 for p, start, size in zip(positions, starts, sizes))


def _real_float(x):
    return type(x) in (float, np.float64) or type(x) is np.ndarray and x.dtype.kind == "f"


def _unit_directions(x, first, k, start, size):
    """The `k` directions from `first` on (of all the arguments' entries, this one's from
    `start`), as unit vectors in the shape of `x`."""
    data = np.zeros((k, size), dtype=np.result_type(x, 1.0))
    inside = np.arange(max(first, start), min(first + k, start + size))
    data[inside - first, inside - start] = 1.0
    return Directions(data.reshape((k,) + np.shape(x)))


def _direction_block(value, tangent, k):
    """The `k` directional derivatives of a real float `value` as one array, or None."""
    if not _real_float(value):
        return None
    if isinstance(tangent, Directions):
        block = tangent.data
    elif isinstance(tangent, (float, np.floating, np.ndarray)):    # the same in every direction
        block = np.broadcast_to(np.asarray(tangent), (k,) + np.shape(tangent))
    else:
        return None
    return block if block.shape == (k,) + np.shape(value) else None


def _forward_columns(fn, args, position):
    """dF/d args[position] by one jvp per element of the argument."""
    x = args[position]
    rewind()
    value = _array_value(fn(*args), fn)
    if not is_container(x):
        return _stacked([_column(fn, args, position, e) for e in _basis(x)], value, x, axis=-1)
    parts = leaves(x)
    zeros = [np.zeros_like(leaf, dtype=np.float64) if np.ndim(leaf) else 0.0 for leaf in parts]
    blocks = []
    for j, leaf in enumerate(parts):
        tangents = (with_leaves(x, iter(zeros[:j] + [e] + zeros[j + 1:])) for e in _basis(leaf))
        blocks.append(_stacked([_column(fn, args, position, t) for t in tangents], value, leaf, axis=-1))
    return with_leaves(x, iter(blocks))


def _column(fn, args, position, tangent):
    tangents = [None] * len(args)
    tangents[position] = tangent
    return np.asarray(jvp(fn, args, tangents)[1])

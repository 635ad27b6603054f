"""Swapped buffers: in a loop that swaps two arrays no other name sees (`u, new = new, u`) and
writes into one of them, that one is copied at the top of the loop body.

    u = u0 * 1.0                          u = u0 * 1.0
    new = np.zeros_like(u)                new = np.zeros_like(u)
    for t in range(n):            ->      for t in range(n):
        new[1:-1] = f(u)                      new = new.copy()
        u, new = new, u                       new[1:-1] = f(u)
                                              u, new = new, u

The copy holds the same values, and no other name can tell it from the buffer it replaces:
each of the two names is bound once before the loop to a new array, then only by the swap,
and read only in ways that keep no reference to the array (an item, an operand, the argument
of a NumPy function that makes a new array).  With the copy, the write goes into an array
that the other name never held, which `analyses.aliases` sees, and the adjoint gets the values
the write overwrote from the copy it made.  Any other use leaves the function as written.
"""

import gast
import numpy as np

from ...trees import children, statements, walk
from .nodes import locate, name

# NumPy functions that make a new array from their arguments (never a view of one).
_MAKERS = {"zeros_like", "ones_like", "empty_like", "full_like", "zeros", "ones", "empty", "full", "copy", "array",
           "sum", "mean", "prod", "max", "min", "dot", "matmul", "std", "var", "diff", "roll", "concatenate",
           "stack", "hstack", "vstack", "clip", "where", "abs"}


def copy_swapped_buffers(func):
    """`func` with `b = b.copy()` at the top of each loop that swaps `a, b = b, a` and writes
    into `b`, where that is exact (see the module docstring); `func` itself where nothing is."""
    if not any(_swap_pair(stmt) is not None for stmt in statements(func)):
        return func             # (a swap is a statement: found without walking the expressions)
    parents = _parents(func)
    swaps = [(stmt, loop) for stmt in walk(func) if _swap_pair(stmt) is not None
             for loop in [_enclosing_loop(stmt, parents)] if loop is not None]
    for stmt, loop in swaps:
        pair = _swap_pair(stmt)
        if not all(_private_buffer(func, n, pair, stmt, loop, parents) for n in pair):
            continue
        body = gast.Module(body=loop.body, type_ignores=[])
        written = [n for n in pair if any(_stores_into(node, n) for node in walk(body))]
        loop.body[:0] = [locate(gast.Assign(targets=[name(n, True)], value=_copy_of(n), type_comment=None), loop.body[0])
                         for n in written]
    return func


def _swap_pair(stmt):
    """(a, b) for `a, b = b, a` of two names, else None."""
    if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Tuple)
            and isinstance(stmt.value, gast.Tuple) and len(stmt.targets[0].elts) == 2 == len(stmt.value.elts)):
        return None
    targets, values = stmt.targets[0].elts, stmt.value.elts
    if not all(isinstance(n, gast.Name) for n in targets + values):
        return None
    a, b = targets[0].id, targets[1].id
    return (a, b) if a != b and values[0].id == b and values[1].id == a else None


def _copy_of(n):
    return gast.Call(func=gast.Attribute(value=name(n), attr="copy", ctx=gast.Load()), args=[], keywords=[])


def _parents(func):
    parents = {}
    for node in walk(func):
        for child in children(node):
            parents[id(child)] = node
    return parents


def _ancestors(node, parents):
    while id(node) in parents:
        node = parents[id(node)]
        yield node


def _enclosing_loop(stmt, parents):
    """The innermost `for` or `while` whose body holds `stmt` directly, else None."""
    parent = parents.get(id(stmt))
    return parent if isinstance(parent, (gast.For, gast.While)) and stmt in parent.body else None


def _stores_into(node, n):
    return isinstance(node, gast.Subscript) and isinstance(node.ctx, gast.Store) \
        and isinstance(node.value, gast.Name) and node.value.id == n


def _private_buffer(func, n, pair, swap, loop, parents):
    """Whether `n` is bound once, before `loop` and outside any loop, to a new array, then only by
    `swap`; written only by item inside `loop`; and read only in ways that keep no reference."""
    first = _first_binding(func, n, swap)
    if first is None or _in_loop_or_def(first, func, parents):
        return False
    assign = parents.get(id(first))
    if not (isinstance(assign, gast.Assign) and assign.targets == [first] and _new_array(assign.value)
            and assign.lineno < loop.lineno):
        return False
    return _used_privately(func, n, pair, swap, loop, parents)


def _first_binding(func, n, swap):
    """The one binding of `n` in `func` other than by `swap`, or None."""
    swapped = {id(t) for t in swap.targets[0].elts}
    first = [node for node in walk(func) if isinstance(node, gast.Name) and node.id == n
             and not isinstance(node.ctx, gast.Load) and id(node) not in swapped]
    return first[0] if len(first) == 1 else None


def _in_loop_or_def(node, func, parents):
    return any(isinstance(a, (gast.For, gast.While, gast.FunctionDef, gast.Lambda)) and a is not func
               for a in _ancestors(node, parents))


def _used_privately(func, n, pair, swap, loop, parents):
    """Whether `n` is written only by item inside `loop` and read (but by `swap`) only in ways that
    keep no reference."""
    inside = {id(node) for node in walk(loop)}
    for node in walk(func):
        if isinstance(node, gast.Name) and node.id == n and isinstance(node.ctx, gast.Load) \
                and id(node) not in {id(v) for v in swap.value.elts} and not _keeps_no_reference(node, pair, parents):
            return False
        if _stores_into(node, n) and id(node) not in inside:
            return False
    return True


def _new_array(value):
    """`x * 1.0` and other operations, `np.zeros_like(x)` and other makers, `x.copy()`."""
    if isinstance(value, (gast.BinOp, gast.UnaryOp)):
        return True
    if isinstance(value, gast.Call) and isinstance(value.func, gast.Attribute):
        func = value.func
        return func.attr == "copy" and not value.args or _numpy_maker(func)
    return False


def _numpy_maker(func):
    """`np.f` for a NumPy function that returns a new array (a ufunc, or one of `_MAKERS`)."""
    return isinstance(func, gast.Attribute) and isinstance(func.value, gast.Name) and func.value.id == "np" \
        and (func.attr in _MAKERS or isinstance(getattr(np, func.attr, None), np.ufunc))


def _keeps_no_reference(node, pair, parents):
    """A read of a buffer's name that leaves no reference to the buffer behind: an item or a
    slice used at once (an operand, stored into an item, given to a NumPy maker), the name as an
    operand, or given to a NumPy maker, or `.copy()` / `.shape` of it."""
    parent = parents.get(id(node))
    if any(isinstance(a, (gast.FunctionDef, gast.Lambda)) for a in list(_ancestors(node, parents))[:-1]):
        return False            # a nested function reads the name where it runs
    if isinstance(parent, gast.Attribute):
        return parent.attr in ("shape", "ndim", "size", "dtype") or parent.attr == "copy" \
            and isinstance(parents.get(id(parent)), gast.Call)
    if isinstance(parent, gast.Subscript) and parent.value is node:
        if isinstance(parent.ctx, gast.Store):
            return True         # the write into an item itself
        node, parent = parent, parents.get(id(parent))
    return _used_at_once(node, parent, pair)


def _used_at_once(node, parent, pair):
    """Whether `node` (the name, or an item of it) is an operand, given to a NumPy maker, copied
    into the other buffer's items, or returned."""
    if isinstance(parent, (gast.BinOp, gast.UnaryOp, gast.Compare)):
        return True
    if isinstance(parent, gast.Call) and node in parent.args:
        return _numpy_maker(parent.func) and not parent.keywords or isinstance(parent.func, gast.Name) and parent.func.id in ("len", "float")
    if isinstance(parent, gast.Assign) and parent.value is node:
        return all(isinstance(t, gast.Subscript) and isinstance(t.value, gast.Name) and t.value.id in pair
                   for t in parent.targets)     # copied into the other buffer
    return isinstance(parent, gast.Return)

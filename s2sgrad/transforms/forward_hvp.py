"""Forward over an emitted gradient (`outputs="hvp"`): the returned pair's items, and what only the dropped item read left out.

The emitted gradient returns `(value, grads)`; its forward form returns `(value, tangent of
grads)`.  `returned_item` reads an item of the pair where it was built, so that the rest of the
pair is dead; `without_unread_tuples` and `without_unread_sums` drop the tuples and the `d_w += g`
updates that nothing reads any more.
"""

import gast

from ..trees import clone, walk
from .normalize import loaded_names


_FRESH_CALLS = {"zeros_like", "np.zeros_like", "np.zeros"}


def without_unread_sums(body, returned):
    """`body` without the updates of names whose values reach nothing but their own updates and
    shapes (the gradient itself, when only its tangent is returned): `d_w += g`, `d_w[i] = new`
    after `old = d_w[i]; new = old + g`, `scatter_add(d_w, i, g)`; a name updated in place is
    only ever given new values (`zeros_like`, arithmetic), so that no other name sees the updates.
    What only the dropped updates read is left dead, for the optimizer."""
    unread = _unread(body, returned)
    return _drop_updates(body, unread) if unread else body


def _unread(body, returned):
    """The greatest set of names no statement outside the set's own definitions and updates reads."""
    unread = _candidates(body)
    while True:
        read = _reads_outside(body, returned, unread)
        if not read & unread:
            return unread
        unread -= read


def _candidates(body):
    """The names the body assigns, but for loop targets and the names updated in place that are
    given a value that may be shared (a view, another name's array)."""
    given, updated, fixed = {}, set(), set()
    for node in (n for stmt in body for n in walk(stmt)):
        if isinstance(node, gast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], gast.Name):
            given.setdefault(node.targets[0].id, []).append(node.value)
        elif isinstance(node, gast.For):
            fixed |= {n.id for n in walk(node.target) if isinstance(n, gast.Name)}
        updated.add(_updated_name(node))
    shared = {n for n in updated if not all(map(_fresh_value, given.get(n, [None])))}
    return set(given) - fixed - shared


def _reads_outside(body, returned, unread):
    """The names read other than for a shape, by the definitions and updates of names in `unread`."""
    loads, skip = set(), set()
    for stmt in body:
        for node in walk(stmt):
            owner = _defined_name(node)
            if owner in unread:
                skip.update(id(n) for n in walk(node))
            if isinstance(node, gast.Call) and codegen_name(node.func) in _FRESH_CALLS and len(node.args) == 1:
                skip.add(id(node.args[0]))        # `zeros_like(d_w)` reads a shape, which the updates keep
            elif isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load) and id(node) not in skip:
                loads.add(node.id)
    return loads | {n.id for r in returned for n in walk(r) if isinstance(n, gast.Name)}


def _defined_name(node):
    """The name a simple statement without other effects defines or updates, else None."""
    if isinstance(node, gast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], gast.Name) \
            and not _has_effect(node):
        return node.targets[0].id
    return _updated_name(node)


def _has_effect(stmt):
    """Whether a statement calls a tape's or a list's `pop`, `push` or `append`."""
    return any(isinstance(c, gast.Call) and isinstance(c.func, gast.Attribute) and c.func.attr in ("pop", "push", "append")
               for c in walk(stmt))


_IN_PLACE = {"scatter_add", "accumulate_item"}


def _updated_name(stmt):
    """`d_w` for an update of it that has no other effect (`d_w += g`, `d_w[i] = d_w[i] + g`,
    `scatter_add(d_w, i, g)`), else None."""
    if isinstance(stmt, gast.AugAssign) and isinstance(stmt.target, gast.Name):
        target = stmt.target.id
    elif isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Subscript) \
            and isinstance(stmt.targets[0].value, gast.Name):
        target = stmt.targets[0].value.id
    elif isinstance(stmt, gast.Expr) and isinstance(stmt.value, gast.Call) and codegen_name(stmt.value.func) in _IN_PLACE \
            and stmt.value.args and isinstance(stmt.value.args[0], gast.Name):
        target = stmt.value.args[0].id
    else:
        return None
    return None if _has_effect(stmt) else target          # a tape's pop must stay where it is


def without_unread_tuples(body, returned):
    """`body` without the top-level tuples nothing reads (the pair the gradient returned, where
    the function returns items of it), to a fixed point."""
    while True:
        loads = {n.id for node in body + list(returned) for n in walk(node)
                 if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load)}
        kept = [stmt for stmt in body if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
                                              and isinstance(stmt.targets[0], gast.Name)
                                              and stmt.targets[0].id not in loads
                                              and isinstance(stmt.value, gast.Tuple)
                                              and all(isinstance(e, gast.Name) for e in stmt.value.elts))]
        if len(kept) == len(body):
            return body
        body = kept


def _fresh_value(expr):
    if isinstance(expr, (gast.BinOp, gast.UnaryOp)):
        return True
    return isinstance(expr, gast.Call) and codegen_name(expr.func) in _FRESH_CALLS


def codegen_name(func):
    """`np.zeros_like` for the node of `np.zeros_like`; None for anything but a (dotted) name."""
    if isinstance(func, gast.Name):
        return func.id
    if isinstance(func, gast.Attribute) and isinstance(func.value, gast.Name):
        return func.value.id + "." + func.attr
    return None


def _drop_updates(body, unread):
    out = []
    for stmt in body:
        if _updated_name(stmt) in unread:
            continue
        for field in ("body", "orelse"):
            if isinstance(getattr(stmt, field, None), list) and getattr(stmt, field):
                setattr(stmt, field, _drop_updates(getattr(stmt, field), unread) or [gast.Pass()])
        out.append(stmt)
    return out


def returned_item(body, atom, k):
    """Item `k` of the pair `atom` returned after `body`: the atom it was built from where the
    pair is a tuple assigned at the top level and nothing after rebinds what it reads there
    (so that what builds the rest of the pair is left dead), else `atom[k]`."""
    if isinstance(atom, gast.Tuple) and len(atom.elts) == 2:
        return clone(atom.elts[k])
    if isinstance(atom, gast.Name):
        later = set()
        for stmt in reversed(body):
            written = {n.id for n in walk(stmt) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)}
            if atom.id in written:
                value = stmt.value if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 \
                    and isinstance(stmt.targets[0], gast.Name) else None
                if isinstance(value, gast.Tuple) and len(value.elts) == 2 \
                        and not loaded_names(value.elts[k]) & later:
                    return clone(value.elts[k])
                break
            later |= written
    return gast.Subscript(value=clone(atom), slice=gast.Constant(value=k, kind=None), ctx=gast.Load())

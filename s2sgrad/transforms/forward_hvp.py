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
    """`body` without the updates `d_w += g` of a name nothing reads but for its shape (the
    gradient itself, when only its tangent is returned), where every value the name is given is a new one (`zeros_like`,
    arithmetic), so that no other name sees the updates either."""
    loads, given = _reads_and_values([n for stmt in body for n in walk(stmt)] + [n for r in returned for n in walk(r)])
    unread = {n for n, values in given.items() if n not in loads and all(map(_fresh_value, values))}
    return _drop_updates(body, unread) if unread else body


def _reads_and_values(nodes):
    """(the names read other than for a shape, {name: the values it is given})."""
    loads, given, shapes = set(), {}, set()
    for node in nodes:
        if isinstance(node, gast.Call) and codegen_name(node.func) in _FRESH_CALLS and len(node.args) == 1:
            shapes.add(id(node.args[0]))        # `zeros_like(d_w)` reads a shape, which `+=` keeps
        elif isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load) and id(node) not in shapes:
            loads.add(node.id)
        elif isinstance(node, gast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], gast.Name):
            given.setdefault(node.targets[0].id, []).append(node.value)
        elif isinstance(node, gast.For) and isinstance(node.target, gast.Name):
            given.setdefault(node.target.id, []).append(node.target)
    return loads, given


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
        if isinstance(stmt, gast.AugAssign) and isinstance(stmt.target, gast.Name) and stmt.target.id in unread:
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

"""Updates through a slice view, written as updates of the array viewed: `mid = v[1:-1]` then
`mid += e` is `v[1:-1] += e` then `mid = v[1:-1]`, NumPy's meaning spelled so that the
derivative sees which array changes.

Only a view made by slicing (at least one `a:b` in the subscript: always a view, never a copy
nor a number) of an array the function makes, bound once, and updated where neither the array,
the view nor a name of the subscript has been bound again since, is rewritten; anything else is
left as written (and refused where it runs, as before).
"""

import gast

from ..trees import clone, walk


def rewrite_view_updates(node):
    """`node` with each update through a slice view rewritten (a copy), or `node` itself."""
    nodes = list(walk(node))
    views = _views(node, nodes)
    if not views or not any(_update_of(stmt, views, node) for stmt in nodes):
        return node
    node = clone(node)
    views = _views(node)
    updates = {id(s): bind for s in walk(node) for bind in [_update_of(s, views, node)] if bind is not None}
    _Rewriter(updates).visit(node)
    return node


def _stores(nodes):
    counts = {}
    for n in nodes:
        if isinstance(n, gast.Name) and isinstance(n.ctx, (gast.Store, gast.Del)):
            counts[n.id] = counts.get(n.id, 0) + 1
    return counts


def _views(func, nodes=None):
    """{view name: its binding `m = v[a:b]`} for the names bound once to a slice of a local array
    (`nodes`: the walk of `func`, when the caller has it)."""
    nodes = list(walk(func)) if nodes is None else nodes
    params = {a.id for a in func.args.args}
    stores = _stores(nodes)
    counters = _range_counters(nodes, stores)
    binds = [s for s in nodes if isinstance(s, gast.Assign) and len(s.targets) == 1
             and isinstance(s.targets[0], gast.Name) and _is_slice_view(s.value, counters)]
    updates = {}
    for s in nodes:
        if isinstance(s, gast.AugAssign) and isinstance(s.target, gast.Name):
            updates[s.target.id] = updates.get(s.target.id, 0) + 1
    out = {}
    for bind in binds:
        view, base = bind.targets[0].id, bind.value.value.id
        if stores.get(view, 0) - updates.get(view, 0) == 1 and base not in params and base != view:
            out[view] = bind
    return out


def _range_counters(nodes, stores):
    """The names bound only as the target of `for i in range(...)`: integers (`nodes`: a
    function's walk, `stores`: its `_stores`)."""
    loops = [s for s in nodes if isinstance(s, gast.For) and isinstance(s.target, gast.Name)
             and isinstance(s.iter, gast.Call) and isinstance(s.iter.func, gast.Name) and s.iter.func.id == "range"]
    return {loop.target.id for loop in loops
            if stores.get(loop.target.id) == sum(other.target.id == loop.target.id for other in loops)}


def _is_slice_view(value, counters):
    """`v[a:b]`, `v[i, :]`, `v[..., 1:]`: basic indexing with a slice, a view whatever v's shape."""
    if not (isinstance(value, gast.Subscript) and isinstance(value.value, gast.Name)):
        return False
    parts = value.slice.elts if isinstance(value.slice, gast.Tuple) else [value.slice]
    return any(isinstance(p, gast.Slice) for p in parts) and all(_basic(p, counters) for p in parts)


def _basic(part, counters):
    if isinstance(part, gast.Slice):
        return all(b is None or _simple(b) for b in (part.lower, part.upper, part.step))
    if isinstance(part, gast.Name):
        return part.id in counters          # an integer index; an array there would copy
    return isinstance(part, gast.Constant) and (part.value is None or part.value is Ellipsis
                                                or type(part.value) is int)


def _simple(bound):
    """A slice bound of constants and names (`i + 1`, `-n`), which can be computed again."""
    return all(isinstance(n, (gast.Name, gast.Constant, gast.BinOp, gast.UnaryOp, gast.operator, gast.unaryop,
                              gast.expr_context)) for n in walk(bound))


def _update_of(stmt, views, func):
    """The binding of the view `stmt` (`m op= e`) updates, where it can be rewritten; else None."""
    if not (isinstance(stmt, gast.AugAssign) and isinstance(stmt.target, gast.Name) and stmt.target.id in views):
        return None
    bind = views[stmt.target.id]
    watched = {bind.targets[0].id, bind.value.value.id} | \
        {n.id for n in walk(bind.value.slice) if isinstance(n, gast.Name)}
    between = _between(func.body, bind, stmt)
    if between is None:
        return None
    for node in between:
        for n in walk(node):
            if isinstance(n, gast.Name) and n.id in watched and isinstance(n.ctx, (gast.Store, gast.Del)) \
                    and not _is_update_target(n, func):
                return None
    return bind


def _between(body, bind, stmt):
    """The statements that may run after `bind` and before `stmt` (a loop around `stmt` whole,
    for its other iterations), where `bind` is a statement of the block that holds `stmt`, or
    of a block around it; else None."""
    for i, outer in enumerate(body):
        if outer is bind:
            for j in range(i + 1, len(body)):
                if body[j] is stmt:
                    return body[i + 1:j]
                if any(n is stmt for n in walk(body[j])):
                    return body[i + 1:j + 1]
            return None
        for field in ("body", "orelse"):
            inner = getattr(outer, field, None)
            if isinstance(inner, list) and any(n is bind for s in inner for n in walk(s)):
                return _between(inner, bind, stmt)
    return None


def _is_update_target(name_node, func):
    return any(isinstance(s, gast.AugAssign) and s.target is name_node for s in walk(func))


class _Rewriter(gast.NodeTransformer):
    def __init__(self, updates):
        self.updates = updates

    def visit_AugAssign(self, node):
        bind = self.updates.get(id(node))
        if bind is None:
            return node
        store = gast.Subscript(value=clone(bind.value.value), slice=clone(bind.value.slice), ctx=gast.Store())
        store.value.ctx = gast.Load()
        update = gast.copy_location(gast.AugAssign(target=store, op=node.op, value=node.value), node)
        again = gast.copy_location(gast.Assign(targets=[clone(bind.targets[0])], value=clone(bind.value),
                                               type_comment=None), node)
        return [update, again]

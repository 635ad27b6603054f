"""Updates through a slice view, written as updates of the array viewed: `mid = v[1:-1]` then
`mid += e` is `v[1:-1] += e` then `mid = v[1:-1]`, NumPy's meaning spelled so that the
derivative sees which array changes.  A store into the view (`mid[k] = e`, `mid[k] op= e`) is
made in a copy of it, which is then stored into the array viewed:

    mid = v[1:-1]                           mid = v[1:-1]
    mid[0] = e                     --->     mid_stored = mid.copy()
                                            mid_stored[0] = e
                                            v[1:-1] = mid_stored
                                            mid = v[1:-1]

Only a view made by slicing (at least one `a:b` in the subscript: always a view, never a copy
nor a number) of an array the function makes, bound once, and updated where neither the array,
the view nor a name of the subscript has been bound again since, is rewritten; anything else is
left as written (and refused where it runs, as before).
"""

import gast

from ..naming import unused_name
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
    _Rewriter(updates, {n.id for n in walk(node) if isinstance(n, gast.Name)}).visit(node)
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
    """The binding of the view `stmt` (`m op= e`, `m[k] = e`, `m[k] op= e`) updates, where it can
    be rewritten; else None."""
    view = _updated_view(stmt)
    if view is None or view not in views:
        return None
    bind = views[view]
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


def _updated_view(stmt):
    """The name `stmt` updates whole (`m op= e`) or stores into (`m[k] = e`, `m[k] op= e`), or None."""
    target = stmt.target if isinstance(stmt, gast.AugAssign) else \
        stmt.targets[0] if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 else None
    if isinstance(target, gast.Name) and isinstance(stmt, gast.AugAssign):
        return target.id
    if isinstance(target, gast.Subscript) and isinstance(target.value, gast.Name):
        return target.value.id
    return None


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
    def __init__(self, updates, taken):
        self.updates, self.taken = updates, taken

    def visit_AugAssign(self, node):
        bind = self.updates.get(id(node))
        if bind is None:
            return node
        if not isinstance(node.target, gast.Name):
            return self._store(node, bind)
        update = gast.copy_location(gast.AugAssign(target=_viewed(bind), op=node.op, value=node.value), node)
        return [update, _again(bind, node)]

    def visit_Assign(self, node):
        bind = self.updates.get(id(node))
        return node if bind is None else self._store(node, bind)

    def _store(self, node, bind):
        """`m[k] = e` (or op=) on a view: made in a copy of the view, stored into the array viewed."""
        view = bind.targets[0].id
        copy = unused_name(f"{view}_stored", self.taken)
        copied = gast.Call(func=gast.Attribute(value=_name(view), attr="copy", ctx=gast.Load()), args=[], keywords=[])
        target = node.target if isinstance(node, gast.AugAssign) else node.targets[0]
        target.value = _name(copy)
        stored = gast.Assign(targets=[_viewed(bind)], value=_name(copy), type_comment=None)
        made = gast.Assign(targets=[_name(copy, gast.Store())], value=copied, type_comment=None)
        return [gast.copy_location(made, node), node, gast.copy_location(stored, node), _again(bind, node)]


def _viewed(bind):
    """`v[a:b]` of the view's binding `m = v[a:b]`, as a store target."""
    store = gast.Subscript(value=clone(bind.value.value), slice=clone(bind.value.slice), ctx=gast.Store())
    store.value.ctx = gast.Load()
    return store


def _again(bind, where):
    """`m = v[a:b]` again, after the array viewed changed."""
    return gast.copy_location(gast.Assign(targets=[clone(bind.targets[0])], value=clone(bind.value),
                                          type_comment=None), where)


def _name(id_, ctx=None):
    return gast.Name(id=id_, ctx=ctx or gast.Load(), annotation=None, type_comment=None)

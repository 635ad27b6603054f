"""Fresh aliases: `w = v; w op= e`, where `v` holds an array the function just made and no other
name, view or container can see it, -> `w = w op e; v = w`: NumPy's update, which both names see.

    v = np.zeros(3)                    v = np.zeros(3)
    v[0] = x[0]                        v[0] = x[0]
    w = v                    --->      w = v
    w *= 2.0                           w = w * 2.0
                                       v = w

Proved from the syntax alone, in the function's own top-level statements: `v` is bound to a new
array (`np.zeros(...)`, `np.ones`, `np.empty`, `np.full`, their `_like` forms, `np.array(...)`
without `copy=`, `a.copy()`), then only stored into by index (`v[i] = ...`) until `w = v`; neither
name is read, rebound or captured by a nested function between that and the update.  Anything
else keeps the update as written, which emitted code refuses where it runs when another name may
see the array (`SharedUpdateError`).
"""

import gast
import numpy as np

from ..analyses.ops import dotted
from ..resolve import resolve_dotted
from ..trees import clone, walk

_FRESH = {np.zeros, np.ones, np.empty, np.full, np.zeros_like, np.ones_like, np.empty_like, np.full_like, np.array}


def rebind_fresh_aliases(node, resolver):
    """`node` with each provable `w op= e` on an alias of a fresh array written as above; `node`
    itself when it has none."""
    found = _updates(node.body, resolver)
    if not found:
        return node
    node = clone(node)
    body = node.body
    for position in sorted(found, reverse=True):
        stmt, fresh = body[position], found[position]
        update = gast.Assign(targets=[_name(stmt.target.id, gast.Store())], type_comment=None,
                             value=gast.BinOp(left=_name(stmt.target.id, gast.Load()), op=stmt.op, right=stmt.value))
        share = gast.Assign(targets=[_name(fresh, gast.Store())], value=_name(stmt.target.id, gast.Load()),
                            type_comment=None)
        body[position:position + 1] = [gast.copy_location(update, stmt), gast.copy_location(share, stmt)]
    return node


def _updates(body, resolver):
    """{position of `w op= e` in `body`: the fresh array's name `v`} for the provable updates."""
    captured = {n.id for s in body for d in walk(s) if isinstance(d, (gast.FunctionDef, gast.Lambda))
                for n in walk(d) if isinstance(n, gast.Name)}
    found, fresh, aliases = {}, {}, {}        # fresh: name -> True while only stored into; aliases: w -> v
    for k, stmt in enumerate(body):
        if isinstance(stmt, gast.AugAssign) and isinstance(stmt.target, gast.Name) \
                and aliases.get(stmt.target.id) in fresh and not _reads(stmt.value, set(aliases) | set(fresh)) \
                and not captured & {stmt.target.id, aliases[stmt.target.id]}:
            found[k] = aliases[stmt.target.id]
            fresh.pop(found[k])         # `v = w` after it: two names of one array from then on
        _track(stmt, fresh, aliases, resolver)
    return found


def _track(stmt, fresh, aliases, resolver):
    """Update what is known after `stmt`: a new fresh array, an alias of one, or names that lost it."""
    bound, alias = _bound_fresh(stmt, resolver), _alias(stmt)
    _forget(stmt, bound, alias, fresh, aliases)
    if bound is not None:
        fresh[bound] = True
    if alias is not None and alias[1] in fresh:
        if alias[1] in aliases.values():        # a second alias: the update would leave one behind
            del fresh[alias[1]]
        else:
            aliases[alias[0]] = alias[1]


def _forget(stmt, bound, alias, fresh, aliases):
    """Drop the fresh arrays and aliases `stmt` reads or rebinds other than as the forms followed."""
    touched = {n.id for n in walk(stmt) if isinstance(n, gast.Name)}
    kept = _stores_into(stmt) | {bound} | ({alias[1]} if alias else set())
    for v in [v for v in fresh if v in touched and v not in kept]:
        del fresh[v]
    for w in [w for w, v in aliases.items() if w in touched and not (alias and alias[0] == w) or v == bound]:
        del aliases[w]          # (`v = np.ones(3)` after `w = v`: `w` holds the old array, no alias of the new)


def _bound_fresh(stmt, resolver):
    """`v` where `stmt` is `v = <a new array>`, else None."""
    if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name)):
        return None
    value = stmt.value
    if not isinstance(value, gast.Call) or any(k.arg == "copy" for k in value.keywords):
        return None
    if isinstance(value.func, gast.Attribute) and value.func.attr == "copy" and not value.args \
            and isinstance(value.func.value, gast.Name):
        return stmt.targets[0].id
    parts = dotted(value.func)
    try:
        obj = resolve_dotted(resolver, parts) if parts else None
    except Exception:       # noqa: BLE001 (a name the resolver cannot see is not a constructor)
        return None
    return stmt.targets[0].id if any(obj is f for f in _FRESH) else None


def _alias(stmt):
    """(w, v) where `stmt` is `w = v`, names both, else None."""
    if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name) \
            and isinstance(stmt.value, gast.Name):
        return stmt.targets[0].id, stmt.value.id
    return None


def _stores_into(stmt):
    """{v} where `stmt` is `v[...] = e` or `v[...] op= e` with `v` read nowhere else in it."""
    target = stmt.targets[0] if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 else \
        stmt.target if isinstance(stmt, gast.AugAssign) else None
    if not (isinstance(target, gast.Subscript) and isinstance(target.value, gast.Name)):
        return set()
    v = target.value.id
    others = [n for n in walk(stmt) if isinstance(n, gast.Name) and n.id == v]
    return {v} if len(others) == 1 else set()


def _reads(expr, names):
    return any(isinstance(n, gast.Name) and n.id in names for n in walk(expr))


def _name(ident, ctx):
    return gast.Name(id=ident, ctx=ctx, annotation=None, type_comment=None)

"""Lambdas: a lambda passed to a call becomes a named one, defined just before its statement.

    y = layer(x, W, lambda z: z * z)    ->    lambda_z = lambda z: z * z
                                              y = layer(x, W, lambda_z)

A named lambda is a nested function like any other (see normalize.py), and the call passes a
known callable (see callables.py).  Creating a function has no effect of its own and its body
reads its free names when it is called, so defining it one statement earlier changes nothing.
A lambda inside a comprehension or another lambda keeps its scope there, and is not moved.
"""

import gast

from ..trees import push_children, replace_node

_SCOPES = (gast.ListComp, gast.DictComp, gast.SetComp, gast.GeneratorExp, gast.Lambda, gast.FunctionDef)
_COMPOUND = {gast.If: ("test",), gast.While: ("test",), gast.For: ("target", "iter")}


def lambda_arguments(node):
    """The lambdas passed as arguments of calls in `node`, outside comprehensions and lambdas
    (and, for a compound statement, in its header only)."""
    found, stack = [], [node]
    while stack:
        item = stack.pop()
        if isinstance(item, gast.Call):
            found += [a for a in list(item.args) + [k.value for k in item.keywords] if _movable(a)]
        if isinstance(item, _SCOPES) and item is not node:
            continue
        fields = _COMPOUND.get(type(item)) if item is node else None
        children = [getattr(item, f) for f in fields] if fields else _children(item)
        stack.extend(reversed(children))
    return found


def _children(node):
    children = []
    push_children(node, children.append)
    return children


def _movable(arg):
    """A lambda without defaults (which would be evaluated where it is written)."""
    return isinstance(arg, gast.Lambda) and not arg.args.defaults and not any(arg.args.kw_defaults or ())


def hoist_lambda_arguments(func, namer):
    """Name each lambda passed to a call in `func`'s body (in place); the names given."""
    given = []
    _hoist_block(func.body, namer, given)
    return given


def _hoist_block(body, namer, given):
    out = []
    for stmt in body:
        for lam in lambda_arguments(stmt):
            hint = "lambda_" + "_".join(a.id for a in lam.args.args) if lam.args.args else "lambda_"
            fresh = namer.fresh(hint)
            given.append(fresh)
            out.append(_definition(fresh, lam, stmt))
            replace_node(stmt, lam, gast.copy_location(gast.Name(id=fresh, ctx=gast.Load(), annotation=None,
                                                                 type_comment=None), lam))
        for field in ("body", "orelse"):
            if isinstance(stmt, (gast.If, gast.For, gast.While)):
                _hoist_block(getattr(stmt, field), namer, given)
        out.append(stmt)
    body[:] = out


def _definition(fresh, lam, stmt):
    target = gast.Name(id=fresh, ctx=gast.Store(), annotation=None, type_comment=None)
    assign = gast.Assign(targets=[target], value=lam, type_comment=None)
    for node in (assign, target):
        gast.copy_location(node, lam)
    return assign

"""Releases: forward over a gradient deletes each temporary after its last read at the top of the
function, so that the arrays of both sweeps do not all live until it returns.

A Hessian-vector product reads the primal's values, their tangents, the adjoints and theirs:
kept to the end, they raise the peak memory of a call several times over the gradient's (and a
fresh peak is paid for in page faults on every call).  A name is deleted after the top-level
statement that reads it last, where a top-level assignment before has bound it for sure:

    t_prod = t_a * (1 - h * h)              t_prod = t_a * (1 - h * h)
    t_d_x = t_prod + t_b          ->        t_d_x = t_prod + t_b
    t_d_w = x.T @ t_d_x                     del t_b, t_prod
                                            t_d_w = x.T @ t_d_x
"""

import gast

from ..trees import walk

# Calls whose values are numbers, shapes or tapes, not arrays worth releasing.
_SMALL = {"len", "range", "int", "float", "bool", "shape_only", "Stack", "np.shape", "np.ndim", "np.size",
          "np.result_type"}


def release_dead(func):
    """`func` (in place) with `del` statements after the last reads of its array temporaries."""
    if any(isinstance(n, _SCOPES) for stmt in func.body for n in walk(stmt)):
        return func                 # a closure or a declared scope reads names of its own
    released = _releasable(func)
    later, body, following = set(), [], None
    for stmt, bound in reversed(list(zip(func.body, _bound_after(func.body)))):
        names = {n.id for n in walk(stmt) if isinstance(n, gast.Name)}
        dead = sorted((names - later) & released & bound)
        later |= names
        if dead and not isinstance(stmt, gast.Return) and not isinstance(following, gast.Return):
            # (returning releases them too)
            body.append(_delete(dead, stmt))
        body.append(stmt)
        following = stmt
    func.body = body[::-1]
    return func


_SCOPES = (gast.FunctionDef, gast.Lambda, gast.Global, gast.Nonlocal)


def _bound_after(body):
    """For each top-level statement, the names a top-level assignment has bound for sure after it."""
    bound, out = set(), []
    for stmt in body:
        if isinstance(stmt, gast.Assign) and all(isinstance(t, gast.Name) for t in stmt.targets):
            bound = bound | {t.id for t in stmt.targets}
        out.append(bound)
    return out


def _releasable(func):
    """The local names every assignment of which makes a value that may be a new array."""
    params = {a.id for a in func.args.args + func.args.kwonlyargs + func.args.posonlyargs}
    params |= {a.id for a in (func.args.vararg, func.args.kwarg) if a is not None}
    made, other, simple = set(), set(params), set()
    nodes = [node for stmt in func.body for node in walk(stmt)]
    for node in nodes:
        if isinstance(node, gast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], gast.Name):
            (made if _array_value(node.value) else other).add(node.targets[0].id)
            simple.add(id(node.targets[0]))
    for node in nodes:                      # loop targets, unpacking, `+=`, `del`
        if isinstance(node, gast.Name) and not isinstance(node.ctx, gast.Load) and id(node) not in simple:
            other.add(node.id)
    return made - other


def _array_value(value):
    if isinstance(value, (gast.BinOp, gast.UnaryOp)):
        return True
    return isinstance(value, gast.Call) and _dotted(value.func) not in _SMALL


def _dotted(func):
    if isinstance(func, gast.Name):
        return func.id
    if isinstance(func, gast.Attribute) and isinstance(func.value, gast.Name):
        return func.value.id + "." + func.attr
    return None


def _delete(names, origin):
    stmt = gast.Delete(targets=[gast.Name(id=n, ctx=gast.Del(), annotation=None, type_comment=None) for n in names])
    stmt.lineno = getattr(origin, "lineno", None)
    stmt.col_offset = getattr(origin, "col_offset", 0)
    return stmt

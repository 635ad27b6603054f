"""Updates: in a callee, `p op= v` on a parameter -> `p = p op v`, for the parameters
`analyses.aliases.rebound_params` proves no name of the callee sees updated, where each
caller passes an array it made and never reads again (`Aliases.consumed_arguments`).

    def project(vx, p):            def project(vx, p):
        vx -= p            ->          vx = vx - p
        return vx                      return vx

A caller that reads its array after the call, or passes it twice, is refused where the
callee writes (transforms/reverse/); the emitted callee never writes into its caller's array.
"""

import gast

from ..trees import clone


def rebind_updates(node, params):
    """`node` with each `p op= v` on a parameter in `params` written `p = p op v` (outside nested
    functions): what `rebound_params` proves cannot be told apart in a callee."""
    if not params:
        return node
    node = clone(node)
    pending = list(node.body)
    while pending:
        stmt = pending.pop()
        for block in _blocks(stmt):
            _rebind_in(block, params)
            pending += [b for b in block if isinstance(b, gast.stmt)]
        pending.extend(getattr(stmt, "handlers", ()) or ())
    _rebind_in(node.body, params)
    return node


def _blocks(stmt):
    """The statement lists directly in `stmt` (body, orelse, finalbody); none of a nested
    function's or class's."""
    if isinstance(stmt, (gast.FunctionDef, gast.ClassDef)):
        return []
    return [b for b in (getattr(stmt, f, None) for f in ("body", "orelse", "finalbody")) if isinstance(b, list)]


def _rebind_in(block, params):
    """Write, in place, each `p op= v` of `block` on a parameter in `params` as `p = p op v`."""
    for i, stmt in enumerate(block):
        if isinstance(stmt, gast.AugAssign) and isinstance(stmt.target, gast.Name) and stmt.target.id in params:
            block[i] = _rebound(stmt)


def _rebound(stmt):
    target = stmt.target.id
    value = gast.BinOp(left=gast.Name(id=target, ctx=gast.Load(), annotation=None, type_comment=None),
                       op=stmt.op, right=stmt.value)
    assign = gast.Assign(targets=[gast.Name(id=target, ctx=gast.Store(), annotation=None, type_comment=None)],
                         value=value, type_comment=None)
    for item in (assign, value, value.left, assign.targets[0]):
        gast.copy_location(item, stmt)
    return assign

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
        for field in ("body", "orelse", "finalbody"):
            block = getattr(stmt, field, None)
            if isinstance(block, list) and not isinstance(stmt, (gast.FunctionDef, gast.ClassDef)):
                for i, inner in enumerate(block):
                    if isinstance(inner, gast.AugAssign) and isinstance(inner.target, gast.Name) \
                            and inner.target.id in params:
                        block[i] = _rebound(inner)
                pending += [b for b in block if isinstance(b, gast.stmt)]
        for handler in getattr(stmt, "handlers", ()) or ():
            pending.append(handler)
    node.body = [_rebound(b) if isinstance(b, gast.AugAssign) and isinstance(b.target, gast.Name)
                 and b.target.id in params else b for b in node.body]
    return node


def _rebound(stmt):
    target = stmt.target.id
    value = gast.BinOp(left=gast.Name(id=target, ctx=gast.Load(), annotation=None, type_comment=None),
                       op=stmt.op, right=stmt.value)
    assign = gast.Assign(targets=[gast.Name(id=target, ctx=gast.Store(), annotation=None, type_comment=None)],
                         value=value, type_comment=None)
    for item in (assign, value, value.left, assign.targets[0]):
        gast.copy_location(item, stmt)
    return assign

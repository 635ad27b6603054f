"""Reused factors: a derivative factor the tangent sweep computes inside an expression, that the
gradient's own statement computes again further on in the same block, computed once, there.

Forward over a gradient (hvp) gives `t_h = t_a * (1 - h * h)` beside the primal `h =
np.tanh(a)`, and the adjoint sweep, further down, `v1_minus_h_times_h = 1 - h * h`.  Where nothing
between them rebinds a name the factor reads nor writes into an array, the later statement moves
up to before the first use and that use reads its name:

    t_h = t_a * (1 - h * h)                 v1_minus_h_times_h = 1 - h * h
    ...                               ->    t_h = t_a * v1_minus_h_times_h
    v1_minus_h_times_h = 1 - h * h          ...

The same expression of the same values gives the same bits, so the result is unchanged.
"""

import gast

from ..trees import clone, walk

_SEARCH = 64        # the statements before a factor's own that a search for its first use visits
_PURE = {"unbroadcast", "broadcast_like", "shape_only", "matmul_adjoint_left", "matmul_adjoint_right",
         "dtype_like", "zeros_like"}       # runtime helpers that never write into their arguments


def with_reused_factors(body):
    """`body` (a new list) with each factor computed once per block, blocks nested in loops and
    branches too; the statements given are not changed."""
    assigned = _assignment_counts(body)
    return _block(body, assigned)


def _block(body, assigned):
    out = [_with_inner_blocks(stmt, assigned) for stmt in body]
    i = 0
    while i < len(out):
        j = _first_use(out, i, assigned)
        if j is None:
            i += 1
            continue
        stmt = out.pop(i)
        used = gast.Name(id=stmt.targets[0].id, ctx=gast.Load(), annotation=None, type_comment=None)
        key = gast.dump(stmt.value)
        out[j:i] = [_replaced(s, key, used) for s in out[j:i]]
        out.insert(j, stmt)
        i += 1
    return out


def _with_inner_blocks(stmt, assigned):
    if not any(isinstance(getattr(stmt, f, None), list) and getattr(stmt, f) for f in ("body", "orelse")):
        return stmt
    stmt = clone(stmt)
    for field in ("body", "orelse"):
        inner = getattr(stmt, field, None)
        if isinstance(inner, list) and inner and isinstance(inner[0], gast.stmt):
            setattr(stmt, field, _block(inner, assigned))
    return stmt


def _first_use(out, i, assigned):
    """The index of the first statement before `out[i]` that computes `out[i]`'s value as a part of
    its own, with nothing in between that changes what that value reads; None where there is none."""
    stmt = out[i]
    factor = _factor(stmt, assigned)
    if factor is None:
        return None
    target = stmt.targets[0].id
    reads = {n.id for n in walk(factor) if isinstance(n, gast.Name)}
    key, first = gast.dump(factor), None
    for j in range(i - 1, max(i - 1 - _SEARCH, -1), -1):
        before = out[j]
        if not _plain(before, reads | {target}, target):
            break
        if any(type(n) is type(factor) and gast.dump(n) == key for n in walk(before.value)):
            first = j
    return first


def _factor(stmt, assigned):
    """The value of `name = <arithmetic on names and numbers>`, the function's only assignment to
    `name`, where the arithmetic has an operation; else None."""
    if not isinstance(stmt, gast.Assign) or len(stmt.targets) != 1 or not isinstance(stmt.targets[0], gast.Name) \
            or assigned.get(stmt.targets[0].id) != 1 or not isinstance(stmt.value, (gast.BinOp, gast.UnaryOp)):
        return None
    for node in walk(stmt.value):
        if not isinstance(node, (gast.BinOp, gast.UnaryOp, gast.Name, gast.Constant, gast.operator, gast.unaryop,
                                 gast.expr_context)):
            return None
    return stmt.value


def _plain(stmt, kept, target):
    """`stmt` binds plain names, none of `kept`, reads no `target`, and calls nothing that may
    write into an array (NumPy functions without `out=`, the runtime's pure helpers)."""
    if not isinstance(stmt, gast.Assign):
        return False
    for node in (n for t in stmt.targets for n in walk(t)):
        if not isinstance(node, (gast.Name, gast.Tuple, gast.expr_context)) \
                or isinstance(node, gast.Name) and node.id in kept:
            return False
    for node in walk(stmt.value):
        if isinstance(node, gast.Name) and node.id == target or isinstance(node, gast.Call) and not _pure_call(node):
            return False
        if isinstance(node, _SCOPES):       # (a name read there may be another variable)
            return False
    return True


_SCOPES = (gast.NamedExpr, gast.Lambda, gast.ListComp, gast.SetComp, gast.DictComp, gast.GeneratorExp, gast.Yield,
           gast.YieldFrom, gast.Await)


def _pure_call(call):
    func = call.func
    if any(k.arg == "out" or k.arg is None for k in call.keywords):
        return False
    if isinstance(func, gast.Name):
        return func.id in _PURE
    return isinstance(func, gast.Attribute) and isinstance(func.value, gast.Name) and func.value.id == "np"


def _replaced(stmt, key, used):
    """A copy of `stmt` reading `used` wherever its value computes the expression dumped as `key`."""
    stmt = clone(stmt)

    class Replace(gast.NodeTransformer):
        def generic_visit(self, node):
            if isinstance(node, gast.expr) and not isinstance(node, gast.Name) and gast.dump(node) == key:
                return gast.copy_location(clone(used), node)
            return super().generic_visit(node)

    stmt.value = Replace().visit(stmt.value)
    return stmt


def _assignment_counts(body):
    """How many statements bind each name (anywhere in `body`, nested blocks too)."""
    counts = {}
    for stmt in body:
        for node in walk(stmt):
            targets = []
            if isinstance(node, gast.Assign):
                targets = node.targets
            elif isinstance(node, (gast.AugAssign, gast.AnnAssign, gast.For)):
                targets = [node.target]
            for target in targets:
                for n in walk(target):
                    if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store):
                        counts[n.id] = counts.get(n.id, 0) + 1
    return counts

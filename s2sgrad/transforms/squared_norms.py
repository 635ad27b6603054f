"""Squared norms: `np.linalg.norm(w) ** 2` -> `norm_squared(w)`, the same value as one primitive.

    penalty = lam * np.linalg.norm(w) ** 2   --->   penalty = lam * norm_squared(w)

The norm has a cone's kink at w = 0, where its derivative is taken as 0; the square of it is the
smooth sum of squares, whose Hessian there is 2 I.  Differentiated as a norm then a square, the
second derivative at 0 passes through the norm's kink and comes out 0; `norm_squared`'s rule
(rules/reductions/norms.py) is the sum of squares' (2 conj(w) for a complex w).  Only the norm of
one operand, with no `ord`, `axis` or `keepdims` (the 2-norm of a vector, the Frobenius norm of
a matrix), squared by a literal 2, is rewritten.
"""

import gast
import numpy as np

from ..analyses.ops import dotted
from ..resolve import resolve_dotted
from ..trees import Transformer, clone, walk


def square_norms(node, resolver):
    """`node` with each `np.linalg.norm(w) ** 2` written as `norm_squared(w)`; `node` itself
    when it has none."""
    local = {a.id for a in node.args.args} | \
        {n.id for n in walk(node) if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load)}
    rewrite = _SquaredNorms(local, resolver)
    if not any(rewrite.operand(n) is not None for n in walk(node) if isinstance(n, gast.BinOp)):
        return node
    return rewrite.visit(clone(node))       # (the parsed function is shared: rewritten as a copy)


class _SquaredNorms(Transformer):
    def __init__(self, local, resolver):
        self.local = local
        self.resolver = resolver

    def _is_norm(self, func):
        parts = dotted(func)
        if not parts or parts[0] in self.local:
            return False
        try:
            return resolve_dotted(self.resolver, parts) is np.linalg.norm
        except Exception:       # noqa: BLE001 (a name the resolver cannot see is not the norm)
            return False

    def operand(self, node):
        """`w` where `node` is `norm(w) ** 2`, norm NumPy's, with one operand; else None."""
        if not (isinstance(node.op, gast.Pow) and isinstance(node.right, gast.Constant)
                and type(node.right.value) in (int, float) and node.right.value == 2):
            return None
        call = node.left
        if not (isinstance(call, gast.Call) and len(call.args) == 1 and not call.keywords
                and not isinstance(call.args[0], gast.Starred) and self._is_norm(call.func)):
            return None
        return call.args[0]

    def visit_BinOp(self, node):
        self.generic_visit(node)
        operand = self.operand(node)
        if operand is None:
            return node
        call = gast.Call(func=gast.Name(id="norm_squared", ctx=gast.Load(), annotation=None, type_comment=None),
                         args=[operand], keywords=[])
        return gast.copy_location(call, node)

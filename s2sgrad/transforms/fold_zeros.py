"""Fold zeros: arithmetic on tangents with a zero operand simplified (`0 * e` -> 0, `e + 0` -> e).

A tangent template instantiated with a zero for an inactive operand's tangent reads
`t_x * 0.0 + t_y * x`; folding leaves `t_y * x`.  A product with a zero factor of some shape
(`broadcast_like(0, g)`, `matmul(0, b)`) is a zero too.
"""

import gast

from ..trees import Transformer


class FoldZeros(Transformer):
    """Arithmetic with a zero tangent: `0 * e` -> 0, `e + 0` -> e, `0 - e` -> -e, `0 / e` -> 0;
    and `broadcast_like(t_g, g)` -> `t_g` where t_g is g's own tangent (`own`: tangent -> primal),
    which has g's shape already (the template gives only a folded zero a shape)."""

    def __init__(self, own=None):
        self.own = own or {}

    def visit_Call(self, node):
        self.generic_visit(node)
        if isinstance(node.func, gast.Name) and node.func.id == "broadcast_like" and len(node.args) == 2 \
                and all(isinstance(arg, gast.Name) for arg in node.args) \
                and self.own.get(node.args[0].id) == node.args[1].id:
            return node.args[0]
        return node

    def visit_BinOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, (gast.Add, gast.Sub)):       # a term that is a product with a zero factor
            node.left, node.right = (_ZERO if zero_call(side) else side for side in (node.left, node.right))
            return _fold_sum(node)
        return _fold_product(node)

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, gast.USub) and is_zero(node.operand):
            return gast.Constant(value=0.0, kind=None)
        return node

    def visit_Subscript(self, node):         # an item of a zero tangent (`t_c_and_lower[0]`)
        self.generic_visit(node)
        return gast.Constant(value=0.0, kind=None) if is_zero(node.value) else node


# Functions that are zero when the argument at one of these positions is zero.
_ZERO_IN = {"broadcast_like": (0,), "unbroadcast": (0,), "matmul_adjoint_left": (0, 2),
            "matmul_adjoint_right": (0, 1), "matmul": (0, 1), "dot": (0, 1), "full_like": (1,), "linear_filter": (0, 2)}


_ZERO = gast.Constant(value=0.0, kind=None)


def zero_call(node):
    """`broadcast_like(0, g)`, `matmul_adjoint_left(g, a, broadcast_like(0, b))`: a product with a
    zero factor (a zero of some shape is a zero factor too)."""
    if not isinstance(node, gast.Call):
        return False
    func = node.func.id if isinstance(node.func, gast.Name) else \
        node.func.attr if isinstance(node.func, gast.Attribute) else None
    return any((is_zero(arg) or zero_call(arg)) and k in _ZERO_IN.get(func, ()) for k, arg in enumerate(node.args))


def is_zero(node):
    return isinstance(node, gast.Constant) and type(node.value) in (int, float) and node.value == 0


def _fold_sum(node):
    """`e + 0` -> e, `0 + e` -> e, `e - 0` -> e, `0 - e` -> -e."""
    if is_zero(node.right):
        return node.left
    if not is_zero(node.left):
        return node
    if isinstance(node.op, gast.Add):
        return node.right
    return gast.UnaryOp(op=gast.USub(), operand=node.right)


def _fold_product(node):
    """`0 * e`, `e * 0`, `0 / e`, `0 @ e`, `e @ 0` -> 0."""
    left, right = is_zero(node.left), is_zero(node.right)
    op = node.op
    if isinstance(op, gast.Mult) and (left or right) or isinstance(op, gast.MatMult) and right \
            or isinstance(op, (gast.Div, gast.MatMult)) and left:
        return gast.Constant(value=0.0, kind=None)
    return node

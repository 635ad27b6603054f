"""Needless broadcasts: `broadcast_like(t, y) * e` -> `t * e` where e's shape covers y's, so that
the arithmetic broadcasts t to y's shape anyway.

Forward mode gives the tangent of `y = a + b` (b held fixed) y's shape: `t_y =
broadcast_like(t_a, y)`.  Where the only use is elementwise arithmetic with a value made from y
(`h = np.tanh(y)`, `t_h = t_y * (1 - h * h)`), the new array is not needed, and neither is y, which
the tangent kept alive.  What covers what is known within one block, from the statements before:
`y = a + b` covers a and b, `h = np.tanh(y)` covers y, `t = broadcast_like(u, y)` has y's shape.

    t_y = broadcast_like(t_a, y)           t_y = broadcast_like(t_a, y)     (dead: removed later)
    h = np.tanh(y)                   ->    h = np.tanh(y)
    t_h = t_y * (1 - h * h)                t_h = t_a * (1 - h * h)
"""

import gast

from .. import rules
from ..trees import walk

_ARITHMETIC = (gast.Add, gast.Sub, gast.Mult, gast.Div)
_SEARCH = 64            # the values a search for a covered shape visits at most
_TAPE_METHODS = ("push", "pop", "append")


def without_needless_broadcasts(body, info):
    """`body` with the needless broadcasts of its tangents dropped, block by block (in place)."""
    _Block(info).run(body)
    for stmt in body:
        for field in ("body", "orelse"):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list) and inner and isinstance(inner[0], gast.stmt):
                without_needless_broadcasts(inner, info)
    return body


class _Block:
    """The facts of one straight-line block: each name's current value (a node: name and version),
    the nodes each value's shape covers, and the broadcasts `t = broadcast_like(u, y)` made."""

    def __init__(self, info):
        self.info = info
        self.versions = {}
        self.canon = {}         # node -> the node of the value it has the shape of
        self.edges = {}         # node -> the canonical nodes its shape covers directly
        self.broadcasts = {}    # node of t -> (u, node of u, node of y)

    def raw(self, name_):
        return name_, self.versions.get(name_, 0)

    def node(self, name_):
        key = self.raw(name_)
        return self.canon.get(key, key)

    def run(self, body):
        for stmt in body:
            if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name):
                stmt.value = self.rewrite(stmt.value)
                self.define(stmt.targets[0].id, stmt)
                continue
            for name_ in _written(stmt):
                self.versions[name_] = self.versions.get(name_, 0) + 1

    def define(self, target, stmt):
        value = stmt.value
        same = self._same_shape(value, stmt)
        covered = self._covered_operands(value, stmt)
        self.versions[target] = self.versions.get(target, 0) + 1
        key = (target, self.versions[target])
        if same is not None:
            self.canon[key] = same
        node = self.node(target)
        self.edges[node] = self.edges.get(node, set()) | covered
        if _is_broadcast(value) and isinstance(value.args[0], gast.Name):
            u = value.args[0].id
            self.broadcasts[key] = (u, self.raw(u), self.node(value.args[1].id))
        elif isinstance(value, gast.Name) and self.raw(value.id) in self.broadcasts:
            self.broadcasts[key] = self.broadcasts[self.raw(value.id)]

    def _same_shape(self, value, stmt):
        """The node whose shape `value` has for sure, or None."""
        if isinstance(value, gast.Name):
            return self.node(value.id)
        if _is_broadcast(value) or _is_call(value, "shape_only"):
            return self.node(value.args[-1].id)
        op = self.info.ops.get(id(stmt))
        if op is not None and op.kind == "rule" and len(op.args) == 1 and not op.keywords \
                and isinstance(op.args[0], gast.Name) and rules.declared(op.key, "elementwise"):
            return self.node(op.args[0].id)
        return None

    def _covered_operands(self, value, stmt):
        """The nodes whose shapes the value assigned by `stmt` covers: its operands, where it is
        elementwise arithmetic or a call of an elementwise rule."""
        if isinstance(value, (gast.BinOp, gast.UnaryOp, gast.Name)) or _is_broadcast(value):
            return self.operands(value)
        op = self.info.ops.get(id(stmt))
        if op is not None and op.kind == "rule" and not op.keywords and rules.declared(op.key, "elementwise"):
            return {self.node(a.id) for a in op.args if isinstance(a, gast.Name)}
        return set()

    def operands(self, expr):
        """The nodes of the names whose shapes the value of `expr` covers as an operand of
        elementwise arithmetic (or of a broadcast)."""
        if isinstance(expr, gast.Name):
            return {self.node(expr.id)}
        if isinstance(expr, gast.BinOp) and isinstance(expr.op, _ARITHMETIC):
            return self.operands(expr.left) | self.operands(expr.right)
        if isinstance(expr, gast.UnaryOp):
            return self.operands(expr.operand)
        if _is_broadcast(expr) and isinstance(expr.args[0], gast.Name):
            return {self.node(expr.args[0].id), self.node(expr.args[1].id)}
        return set()

    def covers(self, expr, like):
        """Whether the shape of `expr` covers that of the value `like` (a node), for sure."""
        seen, todo = set(), list(self.operands(expr))
        while todo and len(seen) < _SEARCH:
            node = todo.pop()
            if node == like:
                return True
            if node not in seen:
                seen.add(node)
                todo.extend(self.edges.get(node, ()))
        return False

    def rewrite(self, expr):
        """`expr` with each operand of elementwise arithmetic that is a needless broadcast replaced."""
        if isinstance(expr, gast.BinOp):
            expr.left, expr.right = self.rewrite(expr.left), self.rewrite(expr.right)
            if isinstance(expr.op, _ARITHMETIC):
                expr.left = self._unbroadcast(expr.left, expr.right)
                expr.right = self._unbroadcast(expr.right, expr.left)
        elif isinstance(expr, gast.UnaryOp):
            expr.operand = self.rewrite(expr.operand)
        return expr

    def _unbroadcast(self, side, other):
        """`side` without its broadcast where `other` covers what it broadcasts to (repeatedly)."""
        while True:
            if _is_broadcast(side) and all(isinstance(a, gast.Name) for a in side.args):
                u, like = side.args[0], self.node(side.args[1].id)
            elif isinstance(side, gast.Name) and self.raw(side.id) in self.broadcasts:
                u_name, u_node, like = self.broadcasts[self.raw(side.id)]
                if self.raw(u_name) != u_node:
                    return side
                u = gast.Name(id=u_name, ctx=gast.Load(), annotation=None, type_comment=None)
            else:
                return side
            if like[0] in self.info.complex or self.info.maybe_container(like[0]) \
                    or not self.covers(other, like):
                return side
            side = u


def _is_call(value, func):
    return isinstance(value, gast.Call) and isinstance(value.func, gast.Name) and value.func.id == func


def _is_broadcast(value):
    return _is_call(value, "broadcast_like") and len(value.args) == 2 and not value.keywords \
        and isinstance(value.args[1], gast.Name)


def _written(stmt):
    """The names a statement other than `name = value` may rebind or write into: the receiver of a
    tape's `push` or `pop`, else every name it reads or stores."""
    if isinstance(stmt, gast.Expr) and isinstance(stmt.value, gast.Call) and isinstance(stmt.value.func, gast.Attribute) \
            and stmt.value.func.attr in _TAPE_METHODS and isinstance(stmt.value.func.value, gast.Name):
        return {stmt.value.func.value.id}
    return {n.id for n in walk(stmt) if isinstance(n, gast.Name)}

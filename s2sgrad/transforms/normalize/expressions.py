"""Expression steps of `Normalize`: an expression becomes one primitive operation over atoms, its
parts evaluated into temporaries named after what they hold."""

import gast
import numpy as np

from ...naming import atom_hint, binop_name, call_name
from ..lists import index_trick_call
from .nodes import assign, is_atom, is_call_to, is_numpy, locate, name


class ExpressionSteps:
    """Normalizes expressions other than calls and comprehensions into atoms."""

    # -- expressions ----------------------------------------------------------------
    def atom(self, node, hint=None, fresh=False):
        """Evaluate `node` into an atom, emitting statements for its parts (`fresh`: a name of
        its own, the test of an `if` or a `while`, even for a name or a constant)."""
        if isinstance(node, gast.UnaryOp) and isinstance(node.operand, gast.Constant) and not fresh:
            folded = self.expr_UnaryOp(node, hint)
            if isinstance(folded, gast.Constant):
                return folded
        if is_atom(node) and not fresh:
            return node
        value = self.expr(node, hint)
        if is_atom(value) and not fresh:
            return value
        tmp = self.namer.fresh(hint or self.hint(value))
        self.emit(assign(tmp, value, self.origin))
        return name(tmp)

    def expr(self, node, hint=None):
        """Normalize `node` into one primitive expression over atoms."""
        method = getattr(self, "expr_" + type(node).__name__, None)
        if method is None:
            return node
        return method(node, hint)

    def expr_Name(self, node, hint):
        return node

    def expr_Lambda(self, node, hint):
        return node

    def expr_Constant(self, node, hint):
        return node

    def expr_NamedExpr(self, node, hint):
        """`(n := e)`: `n = e` where the expression is, then `n`."""
        target = node.target.id
        self.emit(assign(target, self.expr(node.value, hint=target), self.origin))
        return name(target)

    def expr_BinOp(self, node, hint):
        return gast.BinOp(left=self.atom(node.left), op=node.op, right=self.atom(node.right))

    def expr_UnaryOp(self, node, hint):
        operand = node.operand
        if isinstance(node.op, (gast.USub, gast.UAdd)) and isinstance(operand, gast.Constant) \
                and type(operand.value) in (int, float):
            value = -operand.value if isinstance(node.op, gast.USub) else operand.value
            return gast.Constant(value=value, kind=None)
        return gast.UnaryOp(op=node.op, operand=self.atom(operand))

    def expr_Compare(self, node, hint):
        if len(node.ops) == 1:
            return gast.Compare(left=self.atom(node.left), ops=node.ops, comparators=[self.atom(node.comparators[0])])
        parts, left = [], node.left
        for op, right in zip(node.ops, node.comparators):
            parts.append(gast.Compare(left=left, ops=[op], comparators=[right]))
            left = right
        return self.expr(gast.BoolOp(op=gast.And(), values=parts), hint)

    def expr_BoolOp(self, node, hint):
        result = self.namer.fresh(hint or ("both" if isinstance(node.op, gast.And) else "either"))
        self.emit(assign(result, self.expr(node.values[0]), self.origin))
        self._short_circuit(result, node.op, node.values[1:])
        return name(result)

    def _short_circuit(self, result, op, rest):
        if not rest:
            return
        saved, self.out = self.out, []
        self.emit(assign(result, self.expr(rest[0]), self.origin))
        self._short_circuit(result, op, rest[1:])
        inner, self.out = self.out, saved
        test = self.atom(name(result), hint="took_if", fresh=True)      # `result` changes in the arm
        if isinstance(op, gast.And):
            self.emit(gast.If(test=test, body=inner, orelse=[]))
        else:
            self.emit(gast.If(test=test, body=[locate(gast.Pass(), self.origin)], orelse=inner))

    def expr_IfExp(self, node, hint):
        test = self.atom(node.test, hint="took_if", fresh=True)
        result = self.namer.fresh(hint or "chosen")
        body = self._branch(result, node.body)
        orelse = self._branch(result, node.orelse)
        self.emit(gast.If(test=test, body=body, orelse=orelse))
        return name(result)

    def _branch(self, result, value):
        saved, self.out = self.out, []
        self.emit(assign(result, self.expr(value), self.origin))
        out, self.out = self.out, saved
        return out

    def expr_Attribute(self, node, hint):
        if self._global_dotted(node):
            return node
        if callable(getattr(np.ndarray, node.attr, len)):     # not `.T`, `.shape`: a record's field
            # (namedtuple, dataclass; see containers.py), also `s.mean`: an array's method is only called
            field = gast.Constant(value=node.attr, kind=None)
            return gast.Call(func=name("field_of"), args=[self.atom(node.value), field], keywords=[])
        return gast.Attribute(value=self.atom(node.value), attr=node.attr, ctx=gast.Load())

    def expr_Subscript(self, node, hint):
        if is_numpy(node.value, self.locals) and node.value.attr in ("r_", "c_"):
            joined = index_trick_call(node)
            if joined is not None:
                return self.expr(joined, hint)
        return gast.Subscript(value=self.atom(node.value), slice=self.index(node.slice), ctx=gast.Load())

    def index(self, node):
        if isinstance(node, gast.Slice):
            return gast.Slice(*(None if part is None else self.atom(part)
                                for part in (node.lower, node.upper, node.step)))
        if isinstance(node, gast.Tuple):
            return gast.Tuple(elts=[self.index(e) for e in node.elts], ctx=gast.Load())
        return self.atom(node, hint="index")

    def expr_Tuple(self, node, hint):
        return gast.Tuple(elts=[self.atom(e) for e in node.elts], ctx=gast.Load())

    def expr_List(self, node, hint):
        return gast.List(elts=[self.atom(e) for e in node.elts], ctx=gast.Load())

    def expr_Dict(self, node, hint):
        return gast.Dict(keys=[None if k is None else self.atom(k) for k in node.keys],
                         values=[self.atom(v) for v in node.values])

    # -- names ----------------------------------------------------------------------
    def hint(self, value):
        """The name of a temporary holding `value`: after what it computes (`tanh_y`, `y_times_x`)."""
        if isinstance(value, gast.Call):
            return _field_hint(value) if is_call_to(value, "field_of") and len(value.args) == 2 \
                else self._call_hint(value)
        form = _HINTS.get(type(value))
        return form(value) if form is not None else "value"

    def _call_hint(self, value):
        """`np.tanh(y)` -> tanh_y; `y.sum()` -> sum_y; a call of the partial `h` after `h`."""
        func = value.func
        fname = func.attr if isinstance(func, gast.Attribute) else getattr(func, "id", "value")
        first = atom_hint(value.args[0]) if value.args else None
        if isinstance(func, gast.Attribute) and not self._global_dotted(func):
            first = atom_hint(func.value)
        if getattr(value, "s2s_partial", None):         # `h.func(...)`, a call of the partial `h`
            fname, first = value.s2s_partial, atom_hint(value.args[-1]) if value.args else None
        return call_name(fname, first)


def _binop_hint(value):
    constant = next((side.value for side in (value.left, value.right) if isinstance(side, gast.Constant)), None)
    return binop_name(value.op, atom_hint(value.left), atom_hint(value.right), constant)


def _unary_hint(value):
    operand = atom_hint(value.operand)
    return f"neg_{operand}" if isinstance(value.op, gast.USub) and operand else "value"


def _field_hint(value):
    """`field_of(p, "W")` (`p.W`) -> p_W."""
    base = atom_hint(value.args[0])
    return f"{base}_{value.args[1].value}" if base else value.args[1].value


def _attribute_hint(value):
    base = atom_hint(value.value)
    return f"{base}_{value.attr}" if base else value.attr


def _subscript_hint(value):
    base = atom_hint(value.value)
    return f"{base}_item" if base else "item"


# a temporary's name after what it computes, by the kind of expression (calls: ExpressionSteps._call_hint)
_HINTS = {gast.BinOp: _binop_hint, gast.UnaryOp: _unary_hint, gast.Attribute: _attribute_hint,
          gast.Subscript: _subscript_hint, gast.Compare: lambda value: "is_" + type(value.ops[0]).__name__.lower()}

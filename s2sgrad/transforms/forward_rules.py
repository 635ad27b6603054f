"""Rule tangents: the tangent of a call that has a derivative rule, from the rule's kind.

A linear rule's tangent is the call on the operands' tangents; a multilinear one's the sum of
the call with one operand's tangent at a time; an elementwise one inlines the adjoint template
with the tangent as the seed; a template kind instantiates the tangent template of the rule.
`RuleTangents` is a part of `Forward` (forward.py), whose tangent names and checks it uses.
"""

import gast

from .. import rules
from ..errors import Diagnostic, RuleMismatch
from ..trees import clone, dumped
from .fold_zeros import FoldZeros, is_zero, zero_call
from .inline import _fold, _returns_to_assignments, _slice, inline, instantiate
from .normalize import assign, loaded_names, name
from .reverse import _locate, bind_rule

_RESULT = object()
_RESULT_PARAM = "<tangent>"
_COPYING_KINDS = ("elementwise", "template", "multilinear")


class RuleTangents:
    """The tangents of calls with a rule (`tangent_rule`), for `Forward`."""

    def tangent_rule(self, stmt, op, target):
        if isinstance(stmt.value, gast.BinOp) and isinstance(stmt.value.op, (gast.Add, gast.Mult)) \
                and any(self.info.types.get(n) == "seq" for n in op.operands()):
            return self.tangent_sequence_op(stmt, op, target)
        complex_operand = self.info.maybe_complex(op)
        rule = rules.lookup_tangent(op.key, complex_operand, len(op.args))
        if rule is None:
            return self.tangent_unknown(stmt, op, target)
        adjoint = rules.lookup(op.key, complex_operand, len(op.args))
        if not self._fits_rule(stmt, op, adjoint):
            return [stmt]
        bound = bind_rule(adjoint, op)
        rule, adjoint = rules.chosen(rule, bound, tangent=True), rules.chosen(adjoint, bound)
        if self._varying_constant(stmt, op, adjoint, bound):
            return [stmt]
        diff = [p for p in adjoint.cotangent_params if isinstance(bound.get(p), gast.Name)]
        active = [p for p in diff if self.info.is_active(bound[p].id)]
        out = [stmt]
        expr = getattr(self, "_" + rule.kind)(stmt, op, rule, adjoint, bound, diff, active, target, out)
        return self._with_tangent(stmt, rule, expr, out, target)

    def _with_tangent(self, stmt, rule, expr, out, target):
        """`out` and `t_target = expr` (a copy where it may be written into); the statement alone
        where the tangent is a zero the target can go without."""
        if _zero_tangent(expr, out, target) and self.without_tangent(target):
            return [stmt]
        if self._needs_copy(rule.kind, expr, out, target):
            expr = gast.Call(func=name("copy_adjoint"), args=[expr], keywords=[])
        for s in out[1:]:
            _locate(s, stmt)
        out.append(assign(self.tangent(target), expr, stmt))
        return out

    def _needs_copy(self, kind, expr, out, target):
        """A new value's tangent never shares an array written into in place (`z = w * 1.0` has
        the tangent t_w, which `w[1] = ...` updates); arithmetic makes a new one already."""
        return kind in _COPYING_KINDS and not _made_by_arithmetic(expr, out) \
            and (target in self.mutated or self._shares_written_tangent(expr, out))

    def _fits_rule(self, stmt, op, adjoint):
        """Whether the user's call fits the rule's signature, its declared options included
        (refused where it does not)."""
        try:
            if self.tape is None:
                adjoint.signature.bind(_RESULT, *op.args, **op.keywords, d_result=_RESULT)
        except TypeError as err:
            self.problems.append(Diagnostic(self.unit.location(stmt), f"call to `{op.name}` does not match its "
                                            f"rule: {err}"))
            return False
        return True

    def _varying_constant(self, stmt, op, adjoint, bound):
        """Whether an argument the rule has no derivative for depends on the inputs (refused)."""
        constants = [p for p, atom in bound.items() if p not in adjoint.cotangent_params
                     and isinstance(atom, gast.Name) and self.info.is_active(atom.id) and atom.id not in self.forced]
        if not constants:
            return False
        self.problems.append(Diagnostic(self.unit.location(stmt), f"`{op.name}` has no derivative with respect "
                                        f"to its argument `{constants[0]}`, which depends on the differentiated "
                                        "inputs here", adjoint.hints.get(constants[0], "wrap it in "
                                        "s2sgrad.stop_gradient(...) if it is a constant")))
        return True

    def tangent_sequence_op(self, stmt, op, target):
        """`s = a + b` and `s = a * n` on lists or tuples: the tangents concatenated or repeated."""
        left, right = stmt.value.left, stmt.value.right
        if isinstance(stmt.value.op, gast.Add):
            value = _call("concat", self._t_or_zero(left), self._t_or_zero(right))
        else:
            seq, n = (left, right) if isinstance(left, gast.Name) and self.info.types.get(left.id) == "seq" \
                else (right, left)
            value = _call("repeat", self._t_or_zero(seq), clone(n))
        return [stmt, assign(self.tangent(target), value, stmt)]

    def _shares_written_tangent(self, expr, out):
        """Is `expr` (through the copies in `out`) the tangent of a name written into in place?"""
        copies = {s.targets[0].id: s.value for s in out[1:] if isinstance(s, gast.Assign)
                  and isinstance(s.targets[0], gast.Name) and isinstance(s.value, gast.Name)}
        while isinstance(expr, gast.Name) and expr.id in copies:
            expr = copies[expr.id]
        written = {self.tangent(n) for n in self.mutated if self.info.is_active(n)}
        return isinstance(expr, gast.Name) and expr.id in written

    def _linear(self, stmt, op, rule, adjoint, bound, diff, active, target, out):
        # every operand becomes its tangent, a literal one too (`np.append(x, 2.0)` -> zero)
        replace = {id(bound[p]): self._t_or_zero(bound[p]) for p in adjoint.cotangent_params
                   if isinstance(bound.get(p), (gast.Name, gast.Constant))}
        return _clone(stmt.value, replace)

    def _multilinear(self, stmt, op, rule, adjoint, bound, diff, active, target, out):
        terms = [_clone(stmt.value, {id(bound[p]): self._t(bound[p])}) for p in active]
        return _sum(terms)

    def _elementwise(self, stmt, op, rule, adjoint, bound, diff, active, target, out):
        result = name(target)
        terms = self._elementwise_terms(stmt, op, adjoint, bound, active, result, out)
        if terms is None:
            return gast.Constant(value=0.0, kind=None)
        if not terms:               # only operands without a derivative are active
            return _call("zeros_like", result)
        expr = _sum(terms)
        if not self._has_result_shape(op, bound, active, result, out):
            expr = gast.Call(func=name("broadcast_like"), args=[expr, result], keywords=[])
        return expr

    def _elementwise_terms(self, stmt, op, adjoint, bound, active, result, out):
        """One term for each active operand with a derivative, its statements added to `out`
        (`y * y`: one term, twice); None where the call does not fit the rule (refused)."""
        terms, seen = [], {}
        for p in active:
            try:
                body, outputs = inline(adjoint, result, op.args, op.keywords, self._t(bound[p]), {p},
                                       self.namer, lambda atom: True, prefix="t_")
            except RuleMismatch as err:
                self.problems.append(Diagnostic(self.unit.location(stmt), f"call to `{op.name}` does not match "
                                                f"its rule: {err}"))
                return None
            if len(body) == 1 and isinstance(body[0].value, gast.Constant) and body[0].value.value is None:
                continue            # the operand has no derivative (where's condition)
            key = dumped(body[0].value) if len(body) == 1 else None
            if key is not None and key in seen:
                terms[seen[key]] = gast.BinOp(left=gast.Constant(value=2, kind=None), op=gast.Mult(),
                                              right=terms[seen[key]])
                continue
            if key is not None:
                seen[key] = len(terms)
            out.extend(body)
            terms.append(name(outputs[p]))
        return terms

    def _has_result_shape(self, op, bound, active, result, out):
        """Whether the tangent has the result's shape: it reads every operand (the result
        broadcasts them all), or an active operand has that shape."""
        read = {n for s in out[1:] for n in loaded_names(s)}
        operands = [a.id for a in list(op.args) + list(op.keywords.values()) if isinstance(a, gast.Name)]
        covered = all(a in read or (self.info.is_active(a) and self.tangent(a) in read) for a in operands)
        return covered or any(self.unit.shapes.same(bound[p], result) for p in active)

    def _bind_tangent_rule(self, stmt, op, rule, tangents, result):
        """{the tangent rule's parameter: the node it takes} (defaults applied, `result` for the
        result), or None with a diagnostic where the call does not fit the rule."""
        try:
            signature_bound = rule.signature.bind(_RESULT, *op.args, **op.keywords, **tangents)
        except TypeError as err:
            self.problems.append(Diagnostic(self.unit.location(stmt), f"call to `{op.name}` does not match its "
                                            f"tangent rule: {err}"))
            return None
        signature_bound.apply_defaults()
        return {p: (result if v is _RESULT else v if isinstance(v, gast.AST) else _constant(v))
                for p, v in signature_bound.arguments.items()}

    def _template(self, stmt, op, rule, adjoint, bound, diff, active, target, out):
        result = name(target)
        if not active:          # only operands without a derivative vary (`np.sum(mask, dtype=...)`)
            return _call("zeros_like", result)
        tangents = {"t_" + p: (self._t(bound[p]) if p in active else gast.Constant(value=0.0, kind=None))
                    for p in rule.tangent_params}
        mapping = self._bind_tangent_rule(stmt, op, rule, tangents, result)
        if mapping is None:
            return gast.Constant(value=0.0, kind=None)
        body = instantiate(rule, mapping, self.namer)
        output = self.namer.fresh("t_" + target + "_value")
        body = _returns_to_assignments(_fold(body), [_RESULT_PARAM], {_RESULT_PARAM: output})
        own = {self.tangent(bound[p].id): bound[p].id for p in active if isinstance(bound[p], gast.Name)}
        body = _slice([FoldZeros(own).visit(s) for s in body], {output})
        out.extend(_shaped_zeros(body, output, target))
        return name(output)


def _zero_tangent(expr, out, target):
    """Whether the tangent `expr` of `target` (through the temporaries `out` assigns) is a zero:
    `0.0`, `zeros_like(target)`, a product with a zero factor."""
    temporaries = {s.targets[0].id: s.value for s in out[1:] if isinstance(s, gast.Assign)
                   and len(s.targets) == 1 and isinstance(s.targets[0], gast.Name)}
    while isinstance(expr, gast.Name) and expr.id in temporaries:
        expr = temporaries.pop(expr.id)
    return is_zero(expr) or zero_call(expr) or isinstance(expr, gast.Call) and isinstance(expr.func, gast.Name) \
        and expr.func.id == "zeros_like" and len(expr.args) == 1 and isinstance(expr.args[0], gast.Name) \
        and expr.args[0].id == target


def _made_by_arithmetic(expr, out):
    """Whether `expr` (through the temporaries `out` assigns) is arithmetic, a value no other name
    holds: `t_a * dt` needs no copy to be written into."""
    temporaries = {s.targets[0].id: s.value for s in out[1:] if isinstance(s, gast.Assign)
                   and len(s.targets) == 1 and isinstance(s.targets[0], gast.Name)}
    seen = set()
    while isinstance(expr, gast.Name) and expr.id in temporaries and expr.id not in seen:
        seen.add(expr.id)
        expr = temporaries[expr.id]
    return isinstance(expr, (gast.BinOp, gast.UnaryOp))


def _constant(value):
    return gast.Constant(value=value, kind=None) if value is None or isinstance(value, (bool, int, float, str)) \
        else gast.Constant(value=None, kind=None)


def _call(func, *args):
    return gast.Call(func=name(func), args=list(args), keywords=[])


def _clone(expr, replace):
    """A copy of `expr` with the nodes whose id() is in `replace` swapped for their replacement."""
    return _Replace(replace).visit_copy(expr)


class _Replace:
    def __init__(self, replace):
        self.replace = replace

    def visit_copy(self, node):
        if id(node) in self.replace:
            return clone(self.replace[id(node)])
        if isinstance(node, list):
            return [self.visit_copy(n) for n in node]
        if not isinstance(node, gast.AST):
            return node
        fields = {f: self.visit_copy(getattr(node, f)) for f in node._fields}
        new = type(node)(**fields)
        for attr in ("lineno", "col_offset", "end_lineno", "end_col_offset"):
            if hasattr(node, attr):
                setattr(new, attr, getattr(node, attr))
        return new


def _sum(terms):
    total = terms[0]
    for term in terms[1:]:
        total = gast.BinOp(left=total, op=gast.Add(), right=term)
    return total


def _shaped_zeros(body, output, target):
    """`body` with a tangent `output` that folds to zero given the result's shape."""
    for s in body:
        if isinstance(s, gast.Assign) and getattr(s.targets[0], "id", None) == output \
                and (is_zero(s.value) or zero_call(s.value)):
            s.value = _call("zeros_like", name(target))
    return body

"""Adjoints of `y = ...` statements: atoms, rule calls, sequence operations, containers, user and checkpointed calls."""

import gast
import numpy as np

from ... import rules
from ...errors import RuleMismatch
from ...naming import TAPE
from ...callables import holds_function
from ...object_calls import unknown_call_problem
from ...trees import Transformer, clone
from ..inline import inline
from ..normalize import assign, name
from .nodes import _constant, _fresh, _is_none, _locate, _makes_sequence, _np_call, bind_rule, record_arguments
from .problems import requirement_problem


class CallAdjoints:
    """The part of `Reverse` that reverses simple steps, by the kind of their right-hand side."""

    def gen_simple(self, step, state, keep):
        step.adjoint, step.reads = [], set()
        stmt = step.stmt
        if not (isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Name)):
            return state
        target = stmt.targets[0].id
        calls_forward = step.forward and step.forward[0] is not stmt     # a callee's forward function
        if not self.info.is_active(target) or (target not in state.defined and not calls_forward):
            state.defined.discard(target)
            state.owned.discard(target)
            return state
        op = self.info.ops[id(stmt)]
        out = []
        for var in [target] + op.operands():
            if var in state.deferred and not (var == target and op.kind == "rule" and self._elementwise(op)):
                self.materialize(var, state, out, stmt)
        self.settle(target, state, out, stmt)
        handler = getattr(self, "adjoint_" + op.kind, self.adjoint_unknown)
        handler(stmt, op, target, state, out)
        state.defined.discard(target)
        state.owned.discard(target)
        if target in keep:          # the value this statement overwrote: its adjoint starts at zero
            d_target = self.namer.adjoint(target)
            self.release(d_target, state, out, stmt)
            self.zero(target, state, out, stmt, bound=False)
        return self._finish(step, out, state)

    def adjoint_atom(self, stmt, op, target, state, out):
        source = op.args[0]
        if isinstance(source, gast.Name) and self.info.is_active(source.id):
            self.accumulate(source.id, name(self.namer.adjoint(target)), state, out, stmt)

    def adjoint_rule(self, stmt, op, target, state, out):
        """`y = f(...)`, f a primitive with a rule: its template inlined, each active argument's
        cotangent accumulated (or deferred: a scalar broadcast that need not be made yet)."""
        if isinstance(stmt.value, gast.BinOp) and isinstance(stmt.value.op, (gast.Add, gast.Mult)) \
                and any(self.info.types.get(n) == "seq" for n in op.operands()):
            return self.adjoint_sequence_op(stmt, op, target, state, out)
        rule = rules.lookup(op.key, self.info.maybe_complex(op), len(op.args))
        bound = bind_rule(rule, op)
        rule = rules.chosen(rule, bound)        # the rule of the call's constant option, if one is registered
        wanted = self._wanted_cotangents(stmt, op, rule, bound)
        if not wanted:
            return
        inlined = self._inline_rule(stmt, op, rule, target, wanted, state, out)
        if inlined is None:
            return
        body, outputs = inlined
        for s in body:
            _locate(s, stmt)
        out.extend(body)
        values = _assigned_values(body)
        contributions = _contributions(rule.cotangent_params, outputs, bound, values)
        self._accumulate_contributions(stmt, op, contributions, values, state, out)

    def _wanted_cotangents(self, stmt, op, rule, bound):
        """The rule's cotangent parameters bound to active names; none, after a refusal, where an
        active argument is bound to a parameter that has no cotangent."""
        names = rule.cotangent_params
        constants = [p for p, atom in bound.items() if p not in names and isinstance(atom, gast.Name)
                     and self.info.is_active(atom.id)]
        if constants:
            self.refuse(stmt, requirement_problem(rule, op) or f"`{op.name}` has no derivative with respect to its "
                        f"argument `{constants[0]}`, which depends on the differentiated inputs here",
                        rule.hints.get(constants[0], "wrap it in s2sgrad.stop_gradient(...) if it is a constant, "
                                       "or register a rule with s2sgrad.extend.adjoint"))
            return set()
        return {p for p in names if isinstance(bound.get(p), gast.Name) and self.info.is_active(bound[p].id)}

    def _inline_rule(self, stmt, op, rule, target, wanted, state, out):
        """(body, outputs): the rule's template inlined on target's adjoint, or on the scalar its
        adjoint broadcasts where every cotangent keeps target's full shape; None after a refusal."""
        shapes = self.unit.shapes
        result = name(target)
        seed = name(self.namer.adjoint(target))

        def instantiate(d_result):
            body, outputs = inline(rule, result, op.args, op.keywords, d_result, wanted, self.namer,
                                   lambda atom: shapes.same(atom, result))
            if self._elementwise(op):
                body = [_SumDeclared(shapes, result).visit(s) for s in body]
            return body, outputs

        if target in state.deferred:
            inlined = self._inline_deferred(stmt, target, instantiate, state, out)
            if inlined is not None:
                return inlined
        try:
            return instantiate(seed)
        except RuleMismatch as err:
            self.refuse(stmt, f"call to `{op.name}` does not match its rule: {err}")
            return None

    def _inline_deferred(self, stmt, target, instantiate, state, out):
        """The rule inlined on the scalar target's adjoint broadcasts, kept where every cotangent
        still has target's full shape; else None, and target's adjoint made (materialized)."""
        scalar = state.deferred[target]
        snapshot = self.namer.snapshot()
        try:
            body, outputs = instantiate(clone(scalar))
        except RuleMismatch:
            body, outputs = None, None
        if body is not None and self._all_full(body, outputs, target, scalar):
            del state.deferred[target]
            return body, outputs
        self.namer.restore(snapshot)
        self.materialize(target, state, out, stmt)
        return None

    def _accumulate_contributions(self, stmt, op, contributions, values, state, out):
        """Add each variable's cotangent to its adjoint, or defer it where it is a scalar broadcast."""
        complex_operand = self.info.maybe_complex(op)
        for var, (expr, fresh) in contributions.items():
            expr, fresh = self._cotangent_form(var, expr, fresh, values, complex_operand)
            broadcast = self._scalar_broadcast(expr, values, var)
            if broadcast is not None and var not in state.defined and var not in state.deferred:
                out[:] = [s for s in out if not (isinstance(s, gast.Assign) and isinstance(s.targets[0], gast.Name)
                                                 and s.targets[0].id == expr.id)]
                state.deferred[var] = broadcast
                state.defined.add(var)
                continue
            self.accumulate(var, expr, state, out, stmt, fresh=fresh)

    def _cotangent_form(self, var, expr, fresh, values, complex_operand):
        """(expr, fresh) as var's cotangent: the real part for a real variable of a complex
        operation, item by item for a list NumPy read as one array."""
        if complex_operand and var not in self.info.complex:
            expr = _np_call("real", expr)       # a real variable's cotangent: the real part
            fresh = False                       # (np.real of a complex array is a view)
        if self.info.maybe_container(var) and not _makes_sequence(values.get(getattr(expr, "id", None))):
            expr = gast.Call(func=name("unstack_like"), args=[expr, name(var)], keywords=[])
            fresh = False           # a list NumPy read as one array: its cotangent, item by item
        return expr, fresh

    def adjoint_sequence_op(self, stmt, op, target, state, out):
        """`s = a + b` and `s = a * n` (or `n * a`) on lists or tuples: concatenation and repetition."""
        d_target = name(self.namer.adjoint(target))
        left, right = stmt.value.left, stmt.value.right
        if isinstance(stmt.value.op, gast.Add):
            parts = ((left, "head_of"), (right, "tail_of"))
        else:
            seq = left if isinstance(left, gast.Name) and self.info.types.get(left.id) == "seq" else right
            parts = ((seq, "fold_repeats"),)
        for atom, helper in parts:
            if isinstance(atom, gast.Name) and self.info.is_active(atom.id):
                like = left if helper != "fold_repeats" else atom
                part = gast.Call(func=name(helper), args=[clone(d_target), clone(like)], keywords=[])
                self.accumulate(atom.id, part, state, out, stmt, fresh=True)

    def _elementwise(self, op):
        return rules.declared(op.key, "elementwise", self.info.maybe_complex(op), len(op.args)) and not op.keywords

    def _scalar_broadcast(self, expr, values, var):
        """S when `expr` names a rule output `np.full_like(var, S)`, S a stable scalar; else None."""
        if not isinstance(expr, gast.Name) or expr.id not in values:
            return None
        scalar = _full_like_scalar(values[expr.id], var)
        if scalar is None:
            return None
        if self.unit.shapes.classes.get(var) is None or var not in self.unit.shapes.single:
            return None
        if isinstance(scalar, gast.Constant) or isinstance(scalar, gast.Name) and scalar.id == "d_result":
            return scalar
        adjoint_of = {d: v for v, d in self.namer._adjoints.items()}
        if isinstance(scalar, gast.Name) and self.unit.shapes.classes.get(adjoint_of.get(scalar.id)) == "()":
            return scalar       # the adjoint of a scalar; any later write to it releases the deferral first
        return None

    def _all_full(self, body, outputs, target, scalar):
        """Every cotangent, computed from a scalar seed, still has the full shape of `target`."""
        values = {s.targets[0].id: s.value for s in body
                  if isinstance(s, gast.Assign) and isinstance(s.targets[0], gast.Name)}
        cls = self.unit.shapes.classes.get(target)
        if cls is None or any(not isinstance(s, gast.Assign) for s in body):
            return False
        shapes = self.unit.shapes

        def scalar_like(e):
            if isinstance(e, gast.Constant):
                return type(e.value) in (int, float)
            if isinstance(e, gast.Name):
                return gast.dump(e) == gast.dump(scalar) or shapes.of_atom(e) == "()"
            if isinstance(e, gast.BinOp):
                return scalar_like(e.left) and scalar_like(e.right)
            if isinstance(e, gast.UnaryOp):
                return scalar_like(e.operand)
            return False

        def full(e):
            if isinstance(e, gast.Name):
                return e.id in values and full(values[e.id]) or (shapes.of_atom(e) == cls and e.id != "d_result")
            if isinstance(e, gast.BinOp):
                return (full(e.left) and (full(e.right) or scalar_like(e.right))) or \
                    (full(e.right) and scalar_like(e.left))
            if isinstance(e, gast.UnaryOp):
                return full(e.operand)
            if isinstance(e, gast.Call) and isinstance(e.func, gast.Attribute) and \
                    getattr(e.func.value, "id", None) == "np" and isinstance(getattr(np, e.func.attr, None), np.ufunc):
                return any(full(a) for a in e.args) and all(full(a) or scalar_like(a) for a in e.args)
            return False

        return all(full(values[outputs[p]]) for p in outputs if outputs[p] in values)

    def adjoint_container(self, stmt, op, target, state, out):
        """`t = (a, b)`, `[a, b]`, `{"k": a}`: each element gets its slot of d_t."""
        d_target = name(self.namer.adjoint(target))
        if op.key is not None:          # a record built by its class: each argument gets its field
            for field, atom in record_arguments(op):
                if isinstance(atom, gast.Name) and self.info.is_active(atom.id):
                    part = gast.Call(func=name("field_item"), args=[clone(d_target), name(target),
                                                                    _constant(field)], keywords=[])
                    self.accumulate(atom.id, part, state, out, stmt, fresh=False)
            return
        value = stmt.value
        keys = value.keys if isinstance(value, gast.Dict) else \
            [gast.Constant(value=k, kind=None) for k in range(len(value.elts))]
        elements = value.values if isinstance(value, gast.Dict) else value.elts
        for key, element in zip(keys, elements):
            if isinstance(element, gast.Name) and self.info.is_active(element.id):
                slot = gast.Subscript(value=clone(d_target), slice=clone(key), ctx=gast.Load())
                self.accumulate(element.id, slot, state, out, stmt, fresh=False)

    def adjoint_user(self, stmt, op, target, state, out):
        params = self._active_params(op)
        if not params:
            return
        _, bwd = self.calls(op, params, self.callee_facts(op))
        d_target = name(self.namer.adjoint(target))
        if target not in state.defined:     # nothing flows back, but its adjoint must pop what it pushed
            d_target = gast.Call(func=name("zeros_like"), args=[name(target)], keywords=[])
        results = [self.namer.fresh("d_" + p + "_part") for p in params]
        call = gast.Call(func=name(bwd), args=[name(TAPE), d_target], keywords=[])
        if len(results) == 1:
            out.append(assign(results[0], call, stmt))
        else:
            targets = gast.Tuple(elts=[name(r, True) for r in results], ctx=gast.Store())
            out.append(assign(targets, call, stmt))
        bound = self._bind_user(op)
        for param, result in zip(params, results):
            self.accumulate(bound[param].id, name(result), state, out, stmt)

    def _bind_user(self, op):
        params = [a.id for a in op.callee.node.args.args]
        bound = dict(zip(params, op.args))
        bound.update(op.keywords)
        return bound

    def callee_facts(self, op):
        """What this caller proves about the arguments of the user call `op`, for the callee's
        specialisation: ((parameter, "int", "float" or "array") for those bound to numbers or to active
        arrays, (q, p) pairs of parameters bound to values of one shape).  The callee then needs no
        `unbroadcast` between them, and adds into an array's adjoint in place."""
        bound = self._bind_user(op)
        params = [a.id for a in op.callee.node.args.args if not holds_function(op.callee, a.id)]
        names = [(p, bound[p].id) for p in params if isinstance(bound.get(p), gast.Name)]
        types, shapes = self.info.types, self.unit.shapes
        numbers = tuple((p, kind) for p, kind in ((p, _number_kind(bound.get(p), types)) for p in params) if kind)
        arrays = tuple((p, "array") for p, v in names if types.get(v) == "array" and self.info.is_active(v))
        return numbers + arrays, _same_shapes([pair for pair in names if pair[0] not in dict(numbers)], shapes)

    def _active_params(self, op):
        if op.kind != "user":
            return []
        bound = self._bind_user(op)
        return [p for p in (a.id for a in op.callee.node.args.args)
                if isinstance(bound.get(p), gast.Name) and self.info.is_active(bound[p].id)
                and not holds_function(op.callee, p)]

    def _active_operands(self, op):
        return [n for n in op.operands() if self.info.is_active(n)]

    def adjoint_unknown(self, stmt, op, target, state, out):
        if not self._active_operands(op):
            return
        problem = unknown_call_problem(self.unit, self.info.is_active, op, stmt, "reverse")
        if problem not in self.problems:        # a function-valued parameter: once, where first called
            self.problems.append(problem)

    def adjoint_nograd(self, stmt, op, target, state, out):
        """Zero derivative (floor, comparisons, zeros_like...): nothing flows back."""

    adjoint_compare = adjoint_nograd

    def adjoint_checkpointed(self, stmt, op, target, state, out):
        state0, invariants = op.args
        wanted = [a for a in (state0, invariants) if self.info.is_active(a.id)]
        if not wanted:
            return
        parts = [self.namer.fresh("d_" + a.id + "_part") for a in (state0, invariants)]
        back = gast.Call(func=gast.Attribute(value=name(op.loop), attr="reverse", ctx=gast.Load()),
                         args=[name(self.namer.adjoint(target))], keywords=[])
        out.append(assign(gast.Tuple(elts=[name(p, True) for p in parts], ctx=gast.Store()), back, stmt))
        for atom, part in zip((state0, invariants), parts):
            if self.info.is_active(atom.id):
                self.accumulate(atom.id, name(part), state, out, stmt)


def _assigned_values(body):
    """{name: value} of the `name = value` statements of an inlined template."""
    return {s.targets[0].id: s.value for s in body
            if isinstance(s, gast.Assign) and isinstance(s.targets[0], gast.Name)}


def _contributions(names, outputs, bound, values):
    """{variable: (its cotangent, fresh)} from a rule's outputs; `y * y` adds both terms before
    accumulating once."""
    contributions = {}
    for param in names:
        if param not in outputs or _is_none(values.get(outputs[param])):     # None: no derivative
            continue
        var = bound[param].id
        term = name(outputs[param])
        if var in contributions:
            contributions[var] = (_sum_terms(contributions[var][0], term, values, outputs[param]), True)
        else:
            contributions[var] = (term, _fresh(values.get(outputs[param])))
    return contributions


def _sum_terms(first, term, values, output):
    """`first + term`, as `2 * first` where both are the same expression."""
    same = isinstance(first, gast.Name) and first.id in values and output in values \
        and gast.dump(values[first.id]) == gast.dump(values[output])
    if same:
        return gast.BinOp(left=gast.Constant(value=2, kind=None), op=gast.Mult(), right=first)
    return gast.BinOp(left=first, op=gast.Add(), right=term)


def _full_like_scalar(value, var):
    """S where `value` is `np.full_like(var, S)`, else None."""
    if isinstance(value, gast.Call) and isinstance(value.func, gast.Attribute) and value.func.attr == "full_like" \
            and len(value.args) == 2 and isinstance(value.args[0], gast.Name) and value.args[0].id == var:
        return value.args[1]
    return None


class _SumDeclared(Transformer):
    """`unbroadcast(g, x)` in an elementwise rule, where x's and the result's shapes are declared:
    the sums it would do, written out (`np.sum(g, axis=0)`); g has the result's shape there."""

    def __init__(self, shapes, result):
        self.shapes, self.result = shapes, result

    def visit_Call(self, node):
        self.generic_visit(node)
        if getattr(node.func, "id", None) != "unbroadcast" or len(node.args) != 2 or node.keywords:
            return node
        axes = self.shapes.sum_axes(node.args[1], self.result)
        if axes is None:
            return node
        lead, kept = axes
        out = node.args[0]
        if lead:
            out = _np_call("sum", out)
            out.keywords = [gast.keyword(arg="axis", value=_axis(lead))]
        if kept:
            out = _np_call("sum", out)
            out.keywords = [gast.keyword(arg="axis", value=_axis(kept)),
                            gast.keyword(arg="keepdims", value=_constant(True))]
        return out


def _axis(axes):
    if len(axes) == 1:
        return _constant(axes[0])
    return gast.Tuple(elts=[_constant(a) for a in axes], ctx=gast.Load())


def _same_shapes(names, shapes):
    """(q, p) for each parameter q bound to a value of the shape of the value bound to an earlier p."""
    same, firsts = [], []
    for p, v in names:
        first = next((q for q, w in firsts if shapes.same(name(v), name(w))), None)
        if first is None:
            firsts.append((p, v))
        else:
            same.append((p, first))
    return tuple(same)


def _number_kind(node, types):
    """"int" or "float" where `node` is a Python number (a constant, or a name of that kind), else None."""
    if isinstance(node, gast.Constant):
        return {int: "int", float: "float"}.get(type(node.value))
    kind = types.get(node.id) if isinstance(node, gast.Name) else None
    return kind if kind in ("int", "float") else None


def specialisation_suffix(params, facts, others, key):
    """A readable name suffix for another pair of one callee: by its parameters where they differ
    from the first pair's, else by the facts it is specialised on (`_s_float`, `_y_as_x`)."""
    if all(k[2] != key[2] for k in others):
        return "_wrt_" + "_".join(params)
    numbers, same = facts
    words = [f"{p}_{kind}" for p, kind in numbers] + [f"{q}_as_{p}" for q, p in same]
    return "_" + "_".join(words) if words else "_generic"

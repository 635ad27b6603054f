"""Forward: a normal-form function -> the same function with each active value's tangent computed next to it.

Tangents follow the primal statement by statement: `y = np.sin(x)` is followed by
`t_y = t_x * np.cos(x)`, branches and loops keep their shape, a store `y[i] = v` is mirrored
by `t_y[i] = t_v`, and a call to a user function becomes a call to its `jvp_` function.  A
tangent is aliased exactly when its primal is, so in-place updates stay correct.  Inside
emitted gradient code (forward over reverse) the tape `stack` has a tangent tape `t_stack`
(`tapes.py`).
"""


import gast

from .. import rules
from ..naming import TANGENT_TAPE
from ..callables import holds_function, unknown_call_problem
from ..errors import Diagnostic, NoRuleError, UserCodeError
from ..trees import Transformer, clone, walk
from .inline import _fold, _returns_to_assignments, _slice, inline, instantiate
from .normalize import assign, loaded_names, name
from .reverse import (_is_append, _locate, active_index_problem, append_problem, bind_rule, bitwise_problem,
                      call_write_problem, item_update_check, rebinding_check, record_arguments, shared_store_problem, shared_update_problem,
                      starred_problem)
from .tapes import TapeTangents, in_place_helper, is_call_to, is_pop

_RESULT = object()
_COPYING_KINDS = ("elementwise", "template", "multilinear")


class Forward(TapeTangents):
    """Adds tangents to one normal-form function; `calls(op, params)` names a callee's jvp function.

    With `outputs="hvp"` (forward over an emitted gradient that returns `(value, grads)`), the
    function returns `(value, tangent of grads)` only: the value's tangent and the gradients
    themselves are then dead code, which the optimizer removes."""

    def __init__(self, unit, calls, tape=None, outputs=None):
        self.unit = unit
        self.outputs = outputs
        self.info = unit.activity
        self.namer = unit.namer
        self.calls = calls
        self.tape = tape            # the name of the gradient tape, when differentiating emitted code
        self.problems = []
        self.mutated = _mutated(unit.func.body) | _sharing_written(unit.aliases)
        self.forced = set()         # in gradient code: popped names, which get a tangent whatever their kind
        self.restores = set()       # and the copies a store pushes to undo itself
        if tape is not None:
            self.prepare_tapes()
        for var in sorted(self.info.active | set(unit.wrt)):
            self.tangent(var)

    def tangent(self, var):
        return TANGENT_TAPE if var == self.tape else self.namer.tangent(var)

    # -- statements -------------------------------------------------------------------
    def block(self, body):
        out = []
        for stmt in body:
            out.extend(self.statement(stmt))
        return out

    def statement(self, stmt):
        if isinstance(stmt, gast.If):
            return [_locate(gast.If(test=stmt.test, body=self.block(stmt.body) or [gast.Pass()],
                                    orelse=self.block(stmt.orelse)), stmt)]
        if isinstance(stmt, gast.For):
            return [_locate(gast.For(target=stmt.target, iter=stmt.iter, body=self.block(stmt.body) or [gast.Pass()],
                                     orelse=[], type_comment=None), stmt)]
        if isinstance(stmt, gast.While):
            return [_locate(gast.While(test=stmt.test, body=self.block(stmt.body) or [gast.Pass()], orelse=[]), stmt)]
        if getattr(stmt, "s2s_hook", False):
            self.problems.append(Diagnostic(self.unit.location(stmt), "a `grad_of` hook changes the reverse-mode "
                                            "gradient; forward mode has no such gradient to change",
                                            "use reverse mode (s2sgrad.grad), or remove the hook"))
            return []
        for check in (call_write_problem, active_index_problem, starred_problem, append_problem, bitwise_problem) \
                if self.tape is None else ():
            problem = check(self.unit, stmt)
            if problem is not None:
                self.problems.append(problem)
        if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Name):
            return self.assignment(stmt)
        if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Subscript):
            return self.store(stmt)
        if isinstance(stmt, gast.AugAssign):
            return self.augassign(stmt)
        if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Attribute):
            self.attribute_store(stmt)
        if isinstance(stmt, gast.Expr) and self._is_tape(stmt.value, "push"):
            return self.push(stmt)
        if isinstance(stmt, gast.Expr) and _is_append(stmt.value) and self.info.is_active(stmt.value.func.value.id):
            return self.append(stmt)
        if isinstance(stmt, gast.Expr) and (self._is_tape(stmt.value, "pop") or is_pop(stmt.value)
                                            and self.info.is_active(stmt.value.func.value.id)):
            call = gast.Call(func=gast.Attribute(value=name(self.tangent(stmt.value.func.value.id)), attr="pop",
                                                 ctx=gast.Load()), args=[], keywords=[])
            return [stmt, _locate(gast.Expr(value=call), stmt)]     # a dropped pop drops its tangent too
        if isinstance(stmt, gast.Expr) and in_place_helper(stmt.value) and isinstance(stmt.value.args[0], gast.Name) \
                and self.info.is_active(stmt.value.args[0].id):
            return self.in_place_helper(stmt)
        return [stmt]

    def attribute_store(self, stmt):
        """`obj.a = v`: refused where it carries a derivative (its tangent would be lost where
        `obj.a` is read back), as in reverse mode."""
        base = stmt.targets[0].value
        value = stmt.value
        if isinstance(base, gast.Name) and (self.info.is_active(base.id) or isinstance(value, gast.Name)
                                            and self.info.is_active(value.id)):
            self.problems.append(Diagnostic(self.unit.location(stmt), f"assigning the attribute `{base.id}."
                                            f"{stmt.targets[0].attr}` is not differentiable",
                                            "compute the value in a variable instead"))

    def assignment(self, stmt):
        target = stmt.targets[0].id
        if self._is_tape(stmt.value, "pop"):
            return self.pop(stmt, target)
        if target == self.tape:             # the tape of the gradient code gets a tape of tangents
            return [stmt, assign(self.tangent(target), clone(stmt.value), stmt)]
        if is_pop(stmt.value) and self.info.is_active(target) and self.info.is_active(stmt.value.func.value.id):
            call = gast.Call(func=gast.Attribute(value=name(self.tangent(stmt.value.func.value.id)), attr="pop",
                                                 ctx=gast.Load()), args=[], keywords=[])
            return [stmt, assign(self.tangent(target), call, stmt)]
        if is_call_to(stmt.value, "saved_item") and self.info.is_active(target):
            call = clone(stmt.value)
            call.args[0] = self._t_or_zero(stmt.value.args[0])
            return [stmt, assign(self.tangent(target), call, stmt)]
        if not self.info.is_active(target):
            return [stmt]
        op = self.info.ops[id(stmt)]
        if not any(self.info.is_active(n) for n in op.operands()):
            return [stmt, self._zero(target, stmt)]
        if op.kind == "rule" and target in op.operands():     # `y = y * x`: the tangent reads the old y
            return self._through_temporary(stmt, op, target)
        handler = getattr(self, "tangent_" + op.kind, self.tangent_unknown)
        return handler(stmt, op, target)

    def _through_temporary(self, stmt, op, target):
        tmp = self.namer.fresh("new_" + target)
        self.info.active.add(tmp)
        if self.info.maybe_container(target):
            self.info.containers.add(tmp)
        self.unit.shapes.add(tmp, op)
        first = assign(tmp, stmt.value, stmt)
        self.info.ops[id(first)] = op
        second = assign(target, name(tmp), stmt)
        self.info.ops[id(second)] = type(op)("atom", args=[name(tmp)])
        computed = self.assignment(first)
        tangent = computed[1:]
        if not tangent or tmp in {n for s in tangent for n in loaded_names(s)}:
            return computed + self.assignment(second)
        # The tangent does not read the new value: compute it first, from the old one.
        tangent[-1].targets = [name(self.tangent(target), True)]
        return tangent + [stmt]

    def _zero(self, target, origin):
        return assign(self.tangent(target), _call("zeros_like", name(target)), origin)

    def _t(self, atom):
        """The tangent of an operand: its tangent name, or None when it has none."""
        if isinstance(atom, gast.Name) and self.info.is_active(atom.id):
            return name(self.tangent(atom.id))
        return None

    def _t_or_zero(self, atom):
        return self._t(atom) or _call("zeros_like", clone(atom))

    # -- operations --------------------------------------------------------------------
    def tangent_atom(self, stmt, op, target):
        return [stmt, assign(self.tangent(target), self._t(op.args[0]), stmt)]

    def tangent_subscript(self, stmt, op, target):
        value = gast.Subscript(value=self._t(op.args[0]), slice=clone(stmt.value.slice), ctx=gast.Load())
        return [stmt, assign(self.tangent(target), value, stmt)]

    def tangent_container(self, stmt, op, target):
        if op.key is not None:          # a record built by its class: its fields' tangents, the rest zero
            parts = [_call("with_field", self._t(atom), name(target), gast.Constant(value=field, kind=None))
                     for field, atom in record_arguments(op) if self._t(atom) is not None]
            value = parts[0] if len(parts) == 1 else _call("tree_add", *parts[:2])
            for part in parts[2:]:
                value = _call("tree_add", value, part)
            return [stmt, assign(self.tangent(target), value, stmt)]
        value = clone(stmt.value)
        if isinstance(value, gast.Dict):
            value.values = [self._t_or_zero(v) for v in stmt.value.values]
        else:
            value.elts = [self._t_or_zero(e) for e in stmt.value.elts]
        return [stmt, assign(self.tangent(target), value, stmt)]

    def tangent_nograd(self, stmt, op, target):
        return [stmt, self._zero(target, stmt)]

    tangent_compare = tangent_nograd

    def tangent_user(self, stmt, op, target):
        params = self._active_params(op)
        jvp = self.calls(op, params)
        bound = _bind_user(op)
        keywords = [gast.keyword(arg=k, value=clone(v)) for k, v in op.keywords.items()]
        keywords += [gast.keyword(arg="t_" + p, value=self._t(bound[p])) for p in params]
        args = [clone(a) for a in op.args]
        if op.callee.tape_param:
            keywords.append(gast.keyword(arg="t_" + op.callee.tape_param, value=name(self.tangent(self.tape))))
        call = gast.Call(func=name(jvp), args=args, keywords=keywords)
        targets = gast.Tuple(elts=[name(target, True), name(self.tangent(target), True)], ctx=gast.Store())
        return [assign(targets, call, stmt)]

    def _active_params(self, op):
        bound = _bind_user(op)
        return [p for p in (a.id for a in op.callee.node.args.args)
                if isinstance(bound.get(p), gast.Name) and self.info.is_active(bound[p].id)
                and p != op.callee.tape_param and not holds_function(op.callee, p)]

    def tangent_unknown(self, stmt, op, target):
        problem = unknown_call_problem(self.unit, self.info.is_active, op, stmt, "forward")
        if problem not in self.problems:        # a function-valued parameter: once, where first called
            self.problems.append(problem)
        return [stmt]

    def tangent_rule(self, stmt, op, target):
        if isinstance(stmt.value, gast.BinOp) and isinstance(stmt.value.op, (gast.Add, gast.Mult)) \
                and any(self.info.types.get(n) == "seq" for n in op.operands()):
            return self.tangent_sequence_op(stmt, op, target)
        complex_operand = self.info.maybe_complex(op)
        rule = rules.lookup_tangent(op.key, complex_operand, len(op.args))
        if rule is None:
            return self.tangent_unknown(stmt, op, target)
        adjoint = rules.lookup(op.key, complex_operand, len(op.args))
        try:            # the user's call must fit the rule's signature, its declared options included
            if self.tape is None:
                adjoint.signature.bind(_RESULT, *op.args, **op.keywords, d_result=_RESULT)
        except TypeError as err:
            self.problems.append(Diagnostic(self.unit.location(stmt), f"call to `{op.name}` does not match its "
                                            f"rule: {err}"))
            return [stmt]
        bound = bind_rule(adjoint, op)
        diff = [p for p in adjoint.cotangent_params if isinstance(bound.get(p), gast.Name)]
        active = [p for p in diff if self.info.is_active(bound[p].id)]
        constants = [p for p, atom in bound.items() if p not in adjoint.cotangent_params
                     and isinstance(atom, gast.Name) and self.info.is_active(atom.id) and atom.id not in self.forced]
        if constants:
            self.problems.append(Diagnostic(self.unit.location(stmt), f"`{op.name}` has no derivative with respect "
                                            f"to its argument `{constants[0]}`, which depends on the differentiated "
                                            "inputs here", adjoint.hints.get(constants[0], "wrap it in "
                                            "s2sgrad.stop_gradient(...) if it is a constant")))
            return [stmt]
        out = [stmt]
        expr = getattr(self, "_" + rule.kind)(stmt, op, rule, adjoint, bound, diff, active, target, out)
        if rule.kind in _COPYING_KINDS and not _made_by_arithmetic(expr, out) \
                and (target in self.mutated or self._shares_written_tangent(expr, out)):
            # a new value's tangent never shares an array written into in place (`z = w * 1.0`
            # has the tangent t_w, which `w[1] = ...` updates); arithmetic makes a new one already
            expr = gast.Call(func=name("copy_adjoint"), args=[expr], keywords=[])
        for s in out[1:]:
            _locate(s, stmt)
        out.append(assign(self.tangent(target), expr, stmt))
        return out

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
        terms, seen = [], {}
        for p in active:
            try:
                body, outputs = inline(adjoint, result, op.args, op.keywords, self._t(bound[p]), {p},
                                       self.namer, lambda atom: True, prefix="t_")
            except TypeError as err:
                self.problems.append(Diagnostic(self.unit.location(stmt), f"call to `{op.name}` does not match "
                                                f"its rule: {err}"))
                return gast.Constant(value=0.0, kind=None)
            if len(body) == 1 and isinstance(body[0].value, gast.Constant) and body[0].value.value is None:
                continue            # the operand has no derivative (where's condition)
            key = gast.dump(body[0].value) if len(body) == 1 else None
            if key is not None and key in seen:        # `y * y`: one term, twice
                terms[seen[key]] = gast.BinOp(left=gast.Constant(value=2, kind=None), op=gast.Mult(),
                                              right=terms[seen[key]])
                continue
            if key is not None:
                seen[key] = len(terms)
            out.extend(body)
            terms.append(name(outputs[p]))
        if not terms:               # only operands without a derivative are active
            return _call("zeros_like", result)
        expr = _sum(terms)
        # The tangent has the result's shape when it reads every operand (the result broadcasts them all).
        read = {n for s in out[1:] for n in loaded_names(s)}
        operands = [a.id for a in list(op.args) + list(op.keywords.values()) if isinstance(a, gast.Name)]
        covered = all(a in read or (self.info.is_active(a) and self.tangent(a) in read) for a in operands)
        if not covered and not any(self.unit.shapes.same(bound[p], result) for p in active):
            expr = gast.Call(func=name("broadcast_like"), args=[expr, result], keywords=[])
        return expr

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
        body = _slice([_FoldZeros(own).visit(s) for s in body], {output})
        out.extend(_shaped_zeros(body, output, target))
        return name(output)

    # -- stores, appends, in-place updates and the tape ---------------------------------
    def store(self, stmt):
        problem = shared_store_problem(self.unit, stmt) if self.tape is None else None   # gradient code owns its arrays
        if problem is not None:
            self.problems.append(problem)
            return [stmt]
        check = item_update_check(self.unit, stmt) if self.tape is None else None
        if check is not None:
            return [check] + self.store_unchecked(stmt)
        return self.store_unchecked(stmt)

    def store_unchecked(self, stmt):
        """`t_y[index] = t_value` after the store (y active)."""
        base = stmt.targets[0].value
        if not (isinstance(base, gast.Name) and self.info.is_active(base.id)):
            return [stmt]
        slot = gast.Subscript(value=name(self.tangent(base.id)), slice=clone(stmt.targets[0].slice),
                              ctx=gast.Store())
        value = self._t(stmt.value) or _call("zeros_like", clone(stmt.value))
        return [stmt, _locate(gast.Assign(targets=[slot], value=value, type_comment=None), stmt)]

    def append(self, stmt):
        base = stmt.value.func.value.id
        item = self._t_or_zero(stmt.value.args[0])
        call = gast.Call(func=gast.Attribute(value=name(self.tangent(base)), attr="append", ctx=gast.Load()),
                         args=[item], keywords=[])
        return [stmt, _locate(gast.Expr(value=call), stmt)]

    def augassign(self, stmt):
        target = stmt.target.id
        shared = self.tape is None and self.info.types.get(target) not in ("int", "float") \
            and not self.unit.aliases.private(stmt)
        prefix = [rebinding_check(self.unit, stmt)] if shared else []
        problem = shared_update_problem(self.unit, stmt) if shared else None     # an array: refused where written
        self.problems.extend([problem] if problem is not None else [])
        if not self.info.is_active(target):
            return prefix + [stmt]
        # Gradient code updates in place only arrays it owns: mirror the update on the tangent.
        if self.tape is not None and self.info.types.get(target) not in ("int", "float") \
                and isinstance(stmt.op, (gast.Add, gast.Sub)):
            t_value = self._t(stmt.value)
            if t_value is None:
                return [stmt]
            update = gast.AugAssign(target=name(self.tangent(target), True), op=clone(stmt.op), value=t_value)
            return [stmt, _locate(update, stmt)]
        rebind = assign(target, gast.BinOp(left=name(target), op=stmt.op, right=stmt.value), stmt)
        self.info.ops[id(rebind)] = self.info.ops[id(stmt)]
        return prefix + self.assignment(rebind)

    # -- driver -------------------------------------------------------------------------
    def _fixed_parameters(self, func):
        """A zero tangent for each parameter held fixed that the function makes vary later
        (`u = u * x` in a loop reads u's tangent on the first iteration)."""
        fixed = [a.id for a in func.args.args if self.info.is_active(a.id) and a.id not in self.unit.wrt
                 and a.id != self.tape]
        return [_locate(assign(self.tangent(p), _call("zeros_like", name(p)), func), func) for p in fixed]

    def run(self):
        """(statements, result atom, result tangent atom)."""
        func = self.unit.func
        ret = func.body[-1] if func.body and isinstance(func.body[-1], gast.Return) else None
        body = func.body[:-1] if ret is not None else func.body
        out = self._fixed_parameters(func) + self.block(body)
        result = ret.value if ret is not None else gast.Constant(value=None, kind=None)
        if self.problems:
            raise (NoRuleError if all("no derivative rule" in p.message for p in self.problems)
                   else UserCodeError)(self.problems)
        tangent = self._t(result)
        if tangent is None:
            tangent = _call("zeros_like", clone(result))
        if self.outputs == "hvp":
            value, t_grads = _item(out, result, 0), _item(out, tangent, 1)
            out = _without_unread_tuples(out, (value, t_grads))
            return _without_unread_sums(out, (value, t_grads)), value, t_grads
        return out, result, tangent


_RESULT_PARAM = "<tangent>"


_FRESH_CALLS = {"zeros_like", "np.zeros_like", "np.zeros"}


def _without_unread_sums(body, returned):
    """`body` without the updates `d_w += g` of a name nothing reads but for its shape (the
    gradient itself, when only its tangent is returned), where every value the name is given is a new one (`zeros_like`,
    arithmetic), so that no other name sees the updates either."""
    loads, given, shapes = set(), {}, set()
    for node in [n for stmt in body for n in walk(stmt)] + [n for r in returned for n in walk(r)]:
        if isinstance(node, gast.Call) and codegen_name(node.func) in _FRESH_CALLS and len(node.args) == 1:
            shapes.add(id(node.args[0]))        # `zeros_like(d_w)` reads a shape, which `+=` keeps
        elif isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load) and id(node) not in shapes:
            loads.add(node.id)
        elif isinstance(node, gast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], gast.Name):
            given.setdefault(node.targets[0].id, []).append(node.value)
        elif isinstance(node, gast.For) and isinstance(node.target, gast.Name):
            given.setdefault(node.target.id, []).append(node.target)
    unread = {n for n, values in given.items() if n not in loads and all(map(_fresh_value, values))}
    return _drop_updates(body, unread) if unread else body


def _without_unread_tuples(body, returned):
    """`body` without the top-level tuples nothing reads (the pair the gradient returned, where
    the function returns items of it), to a fixed point."""
    while True:
        loads = {n.id for node in body + list(returned) for n in walk(node)
                 if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load)}
        kept = [stmt for stmt in body if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
                                              and isinstance(stmt.targets[0], gast.Name)
                                              and stmt.targets[0].id not in loads
                                              and isinstance(stmt.value, gast.Tuple)
                                              and all(isinstance(e, gast.Name) for e in stmt.value.elts))]
        if len(kept) == len(body):
            return body
        body = kept


def _fresh_value(expr):
    if isinstance(expr, (gast.BinOp, gast.UnaryOp)):
        return True
    return isinstance(expr, gast.Call) and codegen_name(expr.func) in _FRESH_CALLS


def codegen_name(func):
    """`np.zeros_like` for the node of `np.zeros_like`; None for anything but a (dotted) name."""
    if isinstance(func, gast.Name):
        return func.id
    if isinstance(func, gast.Attribute) and isinstance(func.value, gast.Name):
        return func.value.id + "." + func.attr
    return None


def _drop_updates(body, unread):
    out = []
    for stmt in body:
        if isinstance(stmt, gast.AugAssign) and isinstance(stmt.target, gast.Name) and stmt.target.id in unread:
            continue
        for field in ("body", "orelse"):
            if isinstance(getattr(stmt, field, None), list) and getattr(stmt, field):
                setattr(stmt, field, _drop_updates(getattr(stmt, field), unread) or [gast.Pass()])
        out.append(stmt)
    return out


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


def _item(body, atom, k):
    """Item `k` of the pair `atom` returned after `body`: the atom it was built from where the
    pair is a tuple assigned at the top level and nothing after rebinds what it reads there
    (so that what builds the rest of the pair is left dead), else `atom[k]`."""
    if isinstance(atom, gast.Tuple) and len(atom.elts) == 2:
        return clone(atom.elts[k])
    if isinstance(atom, gast.Name):
        later = set()
        for stmt in reversed(body):
            written = {n.id for n in walk(stmt) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)}
            if atom.id in written:
                value = stmt.value if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 \
                    and isinstance(stmt.targets[0], gast.Name) else None
                if isinstance(value, gast.Tuple) and len(value.elts) == 2 \
                        and not loaded_names(value.elts[k]) & later:
                    return clone(value.elts[k])
                break
            later |= written
    return gast.Subscript(value=clone(atom), slice=gast.Constant(value=k, kind=None), ctx=gast.Load())


def _constant(value):
    return gast.Constant(value=value, kind=None) if value is None or isinstance(value, (bool, int, float, str)) \
        else gast.Constant(value=None, kind=None)


def _call(func, *args):
    return gast.Call(func=name(func), args=list(args), keywords=[])


def _bind_user(op):
    params = [a.id for a in op.callee.node.args.args]
    bound = dict(zip(params, op.args))
    bound.update(op.keywords)
    return bound


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
                and (_is_zero(s.value) or _zero_call(s.value)):
            s.value = _call("zeros_like", name(target))
    return body


class _FoldZeros(Transformer):
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
            node.left, node.right = (_ZERO if _zero_call(side) else side for side in (node.left, node.right))
        left, right = _is_zero(node.left), _is_zero(node.right)
        if isinstance(node.op, gast.Mult) and (left or right):
            return gast.Constant(value=0.0, kind=None)
        if isinstance(node.op, (gast.Div, gast.MatMult)) and left:
            return gast.Constant(value=0.0, kind=None)
        if isinstance(node.op, gast.MatMult) and right:
            return gast.Constant(value=0.0, kind=None)
        if isinstance(node.op, (gast.Add, gast.Sub)) and right:
            return node.left
        if isinstance(node.op, gast.Add) and left:
            return node.right
        if isinstance(node.op, gast.Sub) and left:
            return gast.UnaryOp(op=gast.USub(), operand=node.right)
        return node

    def visit_UnaryOp(self, node):
        self.generic_visit(node)
        if isinstance(node.op, gast.USub) and _is_zero(node.operand):
            return gast.Constant(value=0.0, kind=None)
        return node

    def visit_Subscript(self, node):         # an item of a zero tangent (`t_c_and_lower[0]`)
        self.generic_visit(node)
        return gast.Constant(value=0.0, kind=None) if _is_zero(node.value) else node


# Functions that are zero when the argument at one of these positions is zero.
_ZERO_IN = {"broadcast_like": (0,), "unbroadcast": (0,), "matmul_adjoint_left": (0, 2),
            "matmul_adjoint_right": (0, 1), "matmul": (0, 1), "dot": (0, 1)}


_ZERO = gast.Constant(value=0.0, kind=None)


def _zero_call(node):
    """`broadcast_like(0, g)`, `matmul_adjoint_left(g, a, broadcast_like(0, b))`: a product with a
    zero factor (a zero of some shape is a zero factor too)."""
    if not isinstance(node, gast.Call):
        return False
    func = node.func.id if isinstance(node.func, gast.Name) else \
        node.func.attr if isinstance(node.func, gast.Attribute) else None
    return any((_is_zero(arg) or _zero_call(arg)) and k in _ZERO_IN.get(func, ()) for k, arg in enumerate(node.args))


def _is_zero(node):
    return isinstance(node, gast.Constant) and type(node.value) in (int, float) and node.value == 0


def _sharing_written(aliases):
    """Names that may refer to an object written in place: `y = x * 1.0; v = y.ravel(); v[0] = ...`
    writes into y, whose tangent (t_x, taken as it is) must then be a copy."""
    if aliases is None:
        return set()
    return {n for write in aliases.writes.values() for n in aliases.names_sharing(write)}


def _mutated(body):
    """Names written into in place: store bases, appended lists, `+=` on shared names."""
    out = set()
    for stmt in body:
        for node in walk(stmt):
            if isinstance(node, gast.Subscript) and isinstance(node.ctx, gast.Store) and isinstance(node.value, gast.Name):
                out.add(node.value.id)
            elif isinstance(node, gast.AugAssign) and isinstance(node.target, gast.Name):
                out.add(node.target.id)
            elif isinstance(node, gast.Call) and isinstance(node.func, gast.Attribute) \
                    and node.func.attr in ("append", "pop") and isinstance(node.func.value, gast.Name):
                out.add(node.func.value.id)
    return out

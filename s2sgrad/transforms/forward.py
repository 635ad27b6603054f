"""Forward: a normal-form function -> the same function with each active value's tangent computed next to it.

Tangents follow the primal statement by statement: `y = np.sin(x)` is followed by
`t_y = t_x * np.cos(x)`, branches and loops keep their shape, a store `y[i] = v` is mirrored
by `t_y[i] = t_v`, and a call to a user function becomes a call to its `jvp_` function.  A
tangent is aliased exactly when its primal is, so in-place updates stay correct.  Inside
emitted gradient code (forward over reverse) the tape `stack` has a tangent tape `t_stack`
(`tapes.py`).
"""


import gast

from ..naming import TANGENT_TAPE
from ..callables import holds_function
from ..object_calls import unknown_call_problem
from ..errors import Diagnostic, NoRuleError, UserCodeError
from ..trees import clone, walk
from .forward_hvp import returned_item, without_unread_sums, without_unread_tuples
from .forward_rules import RuleTangents, _call
from .needless_broadcasts import without_needless_broadcasts
from .reused_factors import with_reused_factors
from .normalize import assign, loaded_names, name
from .reverse import (_is_append, _locate, active_index_problem, append_problem, bitwise_problem,
                      call_write_problem, item_copy_check, item_update_check, rebinding_check, record_arguments, shared_store_problem, shared_update_problem,
                      starred_problem)
from .reverse.stores import whole_index
from .tapes import TapeTangents, in_place_helper, is_call_to, is_pop

_CHECKS = (call_write_problem, active_index_problem, starred_problem, append_problem, bitwise_problem)


class Forward(RuleTangents, TapeTangents):
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
        self.mutated = _mutated(unit.func.body) | _sharing_written(unit.aliases, tape)
        self.forced = set()         # in gradient code: popped names, which get a tangent whatever their kind
        self.restores = set()       # and the copies a store pushes to undo itself
        self.loops = 0              # how many loops the statement being transformed is in
        self._defined = None        # name -> how many statements define it (`without_tangent`)
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
        compound = self._compound(stmt)
        if compound is not None:
            return [_locate(compound, stmt)]
        if getattr(stmt, "s2s_hook", False):
            self.problems.append(Diagnostic(self.unit.location(stmt), "a `grad_of` hook changes the reverse-mode "
                                            "gradient; forward mode has no such gradient to change",
                                            "use reverse mode (s2sgrad.grad), or remove the hook"))
            return []
        for check in _CHECKS if self.tape is None else ():
            problem = check(self.unit, stmt)
            if problem is not None:
                self.problems.append(problem)
        if isinstance(stmt, gast.Assign):
            check = item_copy_check(self.unit, stmt) if self.tape is None else None
            return self._assign_statement(stmt) + ([check] if check is not None else [])
        if isinstance(stmt, gast.AugAssign):
            return self.augassign(stmt)
        if isinstance(stmt, gast.Expr):
            return self._expression_statement(stmt)
        return [stmt]

    def _compound(self, stmt):
        """An if or a loop with its body's tangents (None for any other statement)."""
        if isinstance(stmt, gast.If):
            return gast.If(test=stmt.test, body=self.block(stmt.body) or [gast.Pass()], orelse=self.block(stmt.orelse))
        if isinstance(stmt, (gast.For, gast.While)):
            self.loops += 1
            body = self.block(stmt.body) or [gast.Pass()]
            self.loops -= 1
            if isinstance(stmt, gast.For):
                return gast.For(target=stmt.target, iter=stmt.iter, body=body, orelse=[], type_comment=None)
            return gast.While(test=stmt.test, body=body, orelse=[])
        return None

    def _assign_statement(self, stmt):
        target = stmt.targets[0]
        if isinstance(target, gast.Name):
            return self.assignment(stmt)
        if isinstance(target, gast.Subscript):
            return self.store(stmt)
        if isinstance(target, gast.Attribute):
            self.attribute_store(stmt)
        return [stmt]

    def _expression_statement(self, stmt):
        value = stmt.value
        if self._is_tape(value, "push"):
            return self.push(stmt)
        if _is_append(value) and self.info.is_active(value.func.value.id):
            return self.append(stmt)
        if self._is_tape(value, "pop") or is_pop(value) and self.info.is_active(value.func.value.id):
            return [stmt, _locate(gast.Expr(value=self._tangent_pop(value)), stmt)]    # a dropped pop drops its tangent too
        if in_place_helper(value) and isinstance(value.args[0], gast.Name) and self.info.is_active(value.args[0].id):
            return self.in_place_helper(stmt)
        return [stmt]

    def _tangent_pop(self, pop):
        """`t_s.pop()` for `s.pop()`."""
        return gast.Call(func=gast.Attribute(value=name(self.tangent(pop.func.value.id)), attr="pop",
                                             ctx=gast.Load()), args=[], keywords=[])

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
            return [stmt, assign(self.tangent(target), self._tangent_pop(stmt.value), stmt)]
        if is_call_to(stmt.value, "saved_item") and self.info.is_active(target):
            call = clone(stmt.value)
            call.args[0] = self._t_or_zero(stmt.value.args[0])
            return [stmt, assign(self.tangent(target), call, stmt)]
        if not self.info.is_active(target):
            return [stmt]
        op = self.info.ops[id(stmt)]
        if not any(self.info.is_active(n) for n in op.operands()):
            return [stmt] if self.without_tangent(target) else [stmt, self._zero(target, stmt)]
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

    def without_tangent(self, target):
        """Whether `target`, whose tangent here is zero, can go without one (made inactive): the
        value of its only definition, outside any loop (so nothing read its tangent before), in
        gradient code (forward over reverse), where no parameter, pop or restore gives it one."""
        if self.tape is None or self.loops or target in self.forced or target in self.restores \
                or target in self.unit.wrt or target in self.unit.params:
            return False
        if self._defined is None:           # a loop's target counts as a second definition
            self._defined = {n.id: 1 for node in walk(self.unit.func) if isinstance(node, gast.For)
                             for n in walk(node.target) if isinstance(n, gast.Name)}
            for name_, _op, _stmt in self.info.defs:
                self._defined[name_] = self._defined.get(name_, 0) + 1
        if self._defined.get(target, 0) != 1:
            return False
        self.info.active.discard(target)
        return True

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
        base = op.args[0]
        known_container = isinstance(base, gast.Name) and self.info.types.get(base.id) == "seq"
        if whole_index(stmt.value.slice) and not known_container:     # `x[()]`: all of x, a NumPy scalar too
            return self.tangent_atom(stmt, op, target)
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
        op = self.info.ops[id(stmt)]
        # the left operand the Op holds (activity.py made it): tangent rules find operands by identity
        left = op.args[0] if op.args and isinstance(op.args[0], gast.Name) and op.args[0].id == target \
            else name(target)
        rebind = assign(target, gast.BinOp(left=left, op=stmt.op, right=stmt.value), stmt)
        self.info.ops[id(rebind)] = op
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
        out = without_needless_broadcasts(self._fixed_parameters(func) + self.block(body), self.info)
        result = ret.value if ret is not None else gast.Constant(value=None, kind=None)
        if self.problems:
            raise (NoRuleError if all("no derivative rule" in p.message for p in self.problems)
                   else UserCodeError)(self.problems)
        tangent = self._t(result)
        if tangent is None:
            tangent = _call("zeros_like", clone(result))
        if self.outputs == "hvp":
            value, t_grads = returned_item(out, result, 0), returned_item(out, tangent, 1)
            out = without_unread_tuples(out, (value, t_grads))
            return with_reused_factors(without_unread_sums(out, (value, t_grads))), value, t_grads
        return out, result, tangent


def _bind_user(op):
    params = [a.id for a in op.callee.node.args.args]
    bound = dict(zip(params, op.args))
    bound.update(op.keywords)
    return bound


def _sharing_written(aliases, tape=None):
    """Names that may refer to an object written in place: `y = x * 1.0; v = y.ravel(); v[0] = ...`
    writes into y, whose tangent (t_x, taken as it is) must then be a copy.  The tape's pushes
    and pops write into the tape, never into the values it holds."""
    if aliases is None:
        return set()
    return {n for write in aliases.writes.values() if tape is None or write.name != tape
            for n in aliases.names_sharing(write)}


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

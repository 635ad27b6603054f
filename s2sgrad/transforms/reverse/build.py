"""Forward steps: each normal-form statement becomes `Step`s, by kind (simple, store, append, hook, if, for, while)."""

import gast
import numpy as np

from ...trees import clone, name_ids
from ...naming import TAPE
from ..normalize import assign, name
from .nodes import _is_append
from .problems import (active_index_problem, append_problem, bitwise_problem, call_write_problem, item_copy_check, item_update_check, rebinding_check,
                       shared_store_problem, shared_update_problem, starred_problem)
from .steps import Region, Step, _breaks


# Elementwise functions of one array that the adjoint may recompute from an operand that holds its
# value rather than keep their result (analyses/recording.py): the LSTM's tanh(c).
_CHEAP_UFUNCS = (np.tanh, np.exp, np.sin, np.cos, np.sinh, np.cosh, np.arctan, np.square, np.negative)


class BuildSteps:
    """The part of `Reverse` that turns a function body into `Region`s of `Step`s."""

    def build(self, body):
        steps = []
        for stmt in body:
            steps.extend(self.step(stmt))
        return Region(steps)

    def step(self, stmt):
        """The steps of one normal-form statement: a compound one's, or a simple statement's."""
        maker = {gast.If: self.if_steps, gast.For: self.for_steps, gast.While: self.while_steps,
                 gast.Return: lambda stmt: []}.get(type(stmt))
        if maker is not None:
            return maker(stmt)
        if getattr(stmt, "s2s_hook", False):
            return [Step("hook", stmt)]
        for problem in (call_write_problem(self.unit, stmt), active_index_problem(self.unit, stmt),
                        starred_problem(self.unit, stmt), append_problem(self.unit, stmt),
                        bitwise_problem(self.unit, stmt)):
            if problem is not None:
                self.problems.append(problem)
        check = item_copy_check(self.unit, stmt)
        return self.simple_steps(stmt) + ([Step("simple", check, forward=[check])] if check is not None else [])

    def simple_steps(self, stmt):
        """The steps of a simple statement, by its kind: an assignment to a name, an augmented
        assignment, a store into an item, an append, or (untouched by differentiation) any other."""
        if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Name):
            return self.assign_steps(stmt)
        if isinstance(stmt, gast.AugAssign):
            return self.augassign_steps(stmt)
        if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Subscript):
            return self.store_steps(stmt)
        if isinstance(stmt, gast.Expr) and _is_append(stmt.value) and self.info.is_active(stmt.value.func.value.id):
            return [Step("append", stmt, forward=[stmt])]
        if isinstance(stmt, gast.Assign):
            base = stmt.targets[0].value
            if isinstance(base, gast.Name) and self.info.is_active(base.id):
                self.refuse(stmt, f"assigning the attribute `{base.id}.{stmt.targets[0].attr}` is not "
                            "differentiable", "compute the value in a variable instead")
        defs = name_ids(stmt, gast.Store)
        return [Step("simple", stmt, forward=[stmt], defs=defs)]

    def if_steps(self, stmt):
        s = Step("if", stmt, children=[self.build(stmt.body), self.build(stmt.orelse)])
        s.defs = s.children[0].defs() | s.children[1].defs()
        return [s]

    def for_steps(self, stmt):
        """A `for`; one that may break counts its iterations, which the adjoint replays."""
        body = self.build(stmt.body)
        s = Step("for", stmt, children=[body], loop_targets={stmt.target.id})
        s.defs = body.defs() | {stmt.target.id}
        if not _breaks(stmt.body):
            return [s]
        init, bump, s.counter = self._counter(stmt, "n_iterations")
        body.steps.insert(0, Step("simple", bump, forward=[bump], defs={s.counter}))
        s.defs.add(s.counter)
        return [Step("simple", init, forward=[init], defs={s.counter}), s]

    def assign_steps(self, stmt):
        target = stmt.targets[0].id
        op = self.info.ops[id(stmt)]
        if self.info.is_active(target) and target in op.operands():
            tmp = self.namer.fresh("new_" + target)
            self.primal.add(tmp)
            self.info.active.add(tmp)
            if self.info.maybe_container(target):
                self.info.containers.add(tmp)
            self.namer.adjoint(tmp)
            self.unit.shapes.add(tmp, op)
            first = assign(tmp, stmt.value, stmt)
            self.info.ops[id(first)] = op
            second = assign(target, name(tmp), stmt)
            self.info.ops[id(second)] = type(op)("atom", args=[name(tmp)])
            return self.assign_steps(first) + self.assign_steps(second)
        forward = stmt
        if op.kind == "checkpointed":
            return self.checkpointed_steps(stmt, op, target)
        if op.kind == "user" and self.info.is_active(target) and self._active_operands(op):
            forward = self.user_call_forward(stmt, op)
        cheap = op.kind == "rule" and op.key in _CHEAP_UFUNCS and len(op.args) == 1 and not op.keywords \
            and isinstance(op.args[0], gast.Name) and isinstance(stmt.value, gast.Call)
        return [Step("simple", stmt, forward=[forward], defs={target}, cheap_call=cheap)]

    def store_steps(self, stmt):
        """`y[index] = value`: y keeps its binding; the store saves what it overwrites."""
        base = stmt.targets[0].value
        problem = shared_store_problem(self.unit, stmt)
        if problem is not None:
            self.problems.append(problem)
            return [Step("simple", stmt, forward=[stmt])]
        check = item_update_check(self.unit, stmt)
        steps = [Step("simple", check, forward=[check])] if check is not None else []
        if not isinstance(base, gast.Name) or not self.info.is_active(base.id):
            return steps + [Step("simple", stmt, forward=[stmt])]
        return steps + [Step("store", stmt, forward=[stmt])]

    def augassign_steps(self, stmt):
        """`a += b`: for a number, or an array no other name sees, exactly `a = a + b`.

        An array another name may see would be updated for that name too, which cannot be
        differentiated: there the emitted code checks at run time that `a` holds a number
        (a NumPy scalar is one), and raises otherwise.
        """
        target = stmt.target.id
        steps = []
        if self.info.types.get(target) not in ("int", "float") and not self.unit.aliases.private(stmt):
            problem = shared_update_problem(self.unit, stmt)        # an array: refused where written
            check = rebinding_check(self.unit, stmt)
            steps.append(Step("simple", check, forward=[check]))
            self.problems.extend([problem] if problem is not None else [])
        if not self.info.is_active(target):
            return steps + [Step("simple", stmt, forward=[stmt], defs={target})]
        rebind = assign(target, gast.BinOp(left=name(target), op=stmt.op, right=stmt.value), stmt)
        self.info.ops[id(rebind)] = self.info.ops[id(stmt)]
        return steps + self.assign_steps(rebind)

    def _counter(self, stmt, hint):
        """A trip counter: its `= 0` before the loop, its `+ 1` in the body, and its name."""
        counter = self.namer.fresh(hint)
        self.primal.add(counter)
        self.info.types[counter] = "int"
        init = assign(counter, gast.Constant(value=0, kind=None), stmt)
        bump = assign(counter, gast.BinOp(left=name(counter), op=gast.Add(), right=gast.Constant(value=1, kind=None)), stmt)
        return init, bump, counter

    def while_steps(self, stmt):
        init, bump, counter = self._counter(stmt, "n_iterations")
        body = self.build(stmt.body)
        body.steps.insert(0, Step("simple", bump, forward=[bump], defs={counter}))
        loop = Step("while", stmt, children=[body], counter=counter)
        loop.defs = body.defs() | {counter}
        return [Step("simple", init, forward=[init], defs={counter}), loop]

    def checkpointed_steps(self, stmt, op, target):
        """The driver of a checkpointed loop: a CheckpointedLoop that runs the step function forward,
        keeping at most `snapshots` loop states, and replays the binomial schedule backwards."""
        state0, invariants = op.args
        self.primal_function(op.callee)
        if not self.info.is_active(target):         # nothing to differentiate: the plain loop
            plain = gast.Call(func=name("run_steps"), args=[op.keywords["steps"], name(op.callee.name), state0,
                                                            invariants], keywords=[])
            return [Step("simple", stmt, forward=[assign(target, plain, stmt)], defs={target})]
        loop = op.loop = self.namer.fresh("loop")
        self.primal.add(loop)
        self.info.types[loop] = "other"
        params = [a.id for a in op.callee.node.args.args][1:]
        fwd, bwd = self.calls(op, params)
        make = gast.Call(func=name("CheckpointedLoop"),
                         args=[op.keywords["steps"], op.keywords["snapshots"], invariants, name(op.callee.name),
                               name(fwd), name(bwd)], keywords=[])
        run = gast.Call(func=gast.Attribute(value=name(loop), attr="forward", ctx=gast.Load()), args=[state0],
                        keywords=[])
        forward = [assign(loop, make, stmt), assign(target, run, stmt)]
        return [Step("simple", stmt, forward=forward, defs={target, loop})]

    def user_call_forward(self, stmt, op):
        self.uses_stack = True
        fwd, _ = self.calls(op, self._active_params(op), self.callee_facts(op))
        new = gast.Call(func=name(fwd), args=[name(TAPE)] + [clone(a) for a in op.args],
                        keywords=[gast.keyword(arg=k, value=clone(v)) for k, v in op.keywords.items()])
        return assign(stmt.targets[0].id, new, stmt)

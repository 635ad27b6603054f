"""Reverse: a normal-form function -> its forward sweep (with pushes) and adjoint sweep.

Each normal-form statement becomes a `Step`.  Adjoints are generated backwards, tracking
which adjoints hold a value (`defined`: the first contribution assigns, later ones add)
and which own their array outright (`owned`: only those are updated in place, so an
accumulation never writes into an array another name refers to).  Loops iterate that
state to a fixed point; adjoints that must exist on every path are zero-initialised where
paths merge.  `analyses.recording` then decides what to push; `assemble` lays out both
sweeps, a `for` over `range` replayed as `reversed(range(...))` and a `while` by its count.
"""

import dataclasses

import gast
import numpy as np

from .. import rules
from ..analyses.ops import dotted
from ..analyses.recording import ALL, Context, record
from ..callables import holds_function, unknown_call_problem
from ..errors import Diagnostic, NoRuleError, UserCodeError
from .inline import inline
from .normalize import assign, is_atom, loaded_names, name
from ..trees import clone, name_ids, walk

_FRESH_CALLS = {"zeros_like", "full_like", "where", "outer", "matmul", "dot", "add_at"}


@dataclasses.dataclass
class State:
    """Adjoint state at one point of the adjoint sweep."""

    defined: set
    owned: set
    deferred: dict = dataclasses.field(default_factory=dict)   # var -> scalar its adjoint broadcasts
    lazy: set = dataclasses.field(default_factory=set)         # adjoints that may still be the zero `0.0`

    def copy(self):
        return State(set(self.defined), set(self.owned), dict(self.deferred), set(self.lazy))


@dataclasses.dataclass(eq=False)
class Region:
    """A statement list of the forward sweep and what its reversal needs."""

    steps: list
    end_adjoint: list = dataclasses.field(default_factory=list)
    start_reads: set = dataclasses.field(default_factory=set)
    pushes: dict = dataclasses.field(default_factory=dict)
    remats: dict = dataclasses.field(default_factory=dict)

    def defs(self):
        return set().union(*(s.defs for s in self.steps)) if self.steps else set()


@dataclasses.dataclass(eq=False)
class Step:
    """One forward statement (or compound statement) and its adjoint."""

    kind: str                   # "simple", "if", "for", "while"
    stmt: object
    forward: list = dataclasses.field(default_factory=list)
    adjoint: list = dataclasses.field(default_factory=list)
    reads: set = dataclasses.field(default_factory=set)
    defs: set = dataclasses.field(default_factory=set)
    children: list = dataclasses.field(default_factory=list)
    loop_targets: set = dataclasses.field(default_factory=set)
    counter: str = ""
    restore: bool = False       # a store that saves and restores what it overwrites
    bound: frozenset = frozenset()      # names certainly bound when the step starts


class Reverse:
    """Reverses one normal-form function; `calls` turns callee requests into fwd/bwd names."""

    def __init__(self, unit, calls, split, primal=None):
        self.unit = unit
        self.primal_function = primal        # emits a callee as written (a checkpointed loop's step)
        self.info = unit.activity
        self.namer = unit.namer
        self.calls = calls
        self.split = split
        self.problems = []
        self.primal = set(unit.primal_names)
        self.uses_stack = False
        self._preludes = {}
        self._loops = {}            # id(loop step) -> its last adjoint: (inputs, namer before, namer after, state)
        # Every primal name's adjoint name is taken up front, so no temporary can wear it.
        for var in sorted(self.info.active | set(unit.wrt) | set(unit.primal_names)):
            self.namer.adjoint(var)

    # -- forward steps --------------------------------------------------------------
    def build(self, body):
        steps = []
        for stmt in body:
            steps.extend(self.step(stmt))
        return Region(steps)

    def step(self, stmt):
        if isinstance(stmt, gast.If):
            s = Step("if", stmt, children=[self.build(stmt.body), self.build(stmt.orelse)])
            s.defs = s.children[0].defs() | s.children[1].defs()
            return [s]
        if isinstance(stmt, gast.For):
            body = self.build(stmt.body)
            s = Step("for", stmt, children=[body], loop_targets={stmt.target.id})
            s.defs = body.defs() | {stmt.target.id}
            if not _breaks(stmt.body):
                return [s]
            init, bump, s.counter = self._counter(stmt, "n_iterations")
            body.steps.insert(0, Step("simple", bump, forward=[bump], defs={s.counter}))
            s.defs.add(s.counter)
            return [Step("simple", init, forward=[init], defs={s.counter}), s]
        if isinstance(stmt, gast.While):
            return self.while_steps(stmt)
        if isinstance(stmt, gast.Return):
            return []
        if getattr(stmt, "s2s_hook", False):
            return [Step("hook", stmt)]
        for problem in (call_write_problem(self.unit, stmt), active_index_problem(self.unit, stmt),
                        starred_problem(self.unit, stmt)):
            if problem is not None:
                self.problems.append(problem)
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
        return [Step("simple", stmt, forward=[forward], defs={target})]

    def store_steps(self, stmt):
        """`y[index] = value`: y keeps its binding; the store saves what it overwrites."""
        base = stmt.targets[0].value
        problem = shared_store_problem(self.unit, stmt)
        if problem is not None:
            self.problems.append(problem)
            return [Step("simple", stmt, forward=[stmt])]
        if not isinstance(base, gast.Name) or not self.info.is_active(base.id):
            return [Step("simple", stmt, forward=[stmt])]
        return [Step("store", stmt, forward=[stmt])]

    def augassign_steps(self, stmt):
        """`a += b`: for a number, or an array no other name sees, exactly `a = a + b`.

        An array another name may see would be updated for that name too, which cannot be
        differentiated: there the emitted code checks at run time that `a` holds a number
        (a NumPy scalar is one), and raises otherwise.
        """
        target = stmt.target.id
        steps = []
        if self.info.types.get(target) not in ("int", "float") and not self.unit.aliases.private(stmt):
            check = rebinding_check(self.unit, stmt)
            steps.append(Step("simple", check, forward=[check]))
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

    def user_call_forward(self, stmt, op):
        self.uses_stack = True
        fwd, _ = self.calls(op, self._active_params(op))
        new = gast.Call(func=name(fwd), args=[name("stack")] + [clone(a) for a in op.args],
                        keywords=[gast.keyword(arg=k, value=clone(v)) for k, v in op.keywords.items()])
        return assign(stmt.targets[0].id, new, stmt)

    # -- adjoint generation (backwards) ---------------------------------------------
    def gen_region(self, region, state, keep):
        region.end_adjoint, region.start_reads = [], set()
        for step in reversed(region.steps):
            prelude = []
            if step.kind != "simple":       # no broadcast stays deferred across a compound step or store
                for var in sorted(state.deferred):
                    self.materialize(var, state, prelude, step.stmt)
            self._preludes[id(step)] = prelude
            state = getattr(self, "gen_" + step.kind)(step, state, keep)
            step.reads |= {n for s in prelude for n in loaded_names(s)} & self.primal
        if state.deferred:
            pending = []
            for var in sorted(state.deferred):
                self.materialize(var, state, pending, None)
                region.start_reads.add(var)
            region.end_adjoint = pending + region.end_adjoint
        return state

    def materialize(self, var, state, out, origin):
        """Give a deferred scalar broadcast (the adjoint of `np.sum`) its array: np.full_like."""
        scalar = state.deferred.pop(var)
        stmt = assign(self.namer.adjoint(var), _np_call("full_like", name(var), clone(scalar)), origin)
        out.append(stmt)
        state.owned.add(var)

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

    def zero(self, var, state, out, origin, bound):
        """Start var's adjoint at zero.  Where var is bound (`bound`: a zero of the value var
        holds here), the zero has its shape.  Elsewhere (a loop-carried name may change shape
        between iterations, or not be bound yet) it is the number `0.0`, which takes its shape
        from the first contribution added to it (`settle` gives it var's shape where it is
        read before any)."""
        d_var = self.namer.adjoint(var)
        if bound:
            out.append(assign(d_var, self.zeros(var), origin))
        else:           # a list's length may change too: its zero is the number until it is read
            out.append(assign(d_var, gast.Constant(value=0.0, kind=None), origin))
            state.lazy.add(var)
        state.defined.add(var)
        state.owned.add(var)

    def settle(self, var, state, out, origin):
        """Before var's adjoint is read as a whole: give a `0.0` zero var's shape (here var is bound)."""
        if var not in state.lazy:
            return
        state.lazy.discard(var)
        d_var = self.namer.adjoint(var)
        out.append(assign(d_var, gast.Call(func=name("broadcast_like"), args=[name(d_var), name(var)],
                                           keywords=[]), origin))

    def _finish(self, step, out, state):
        """Label a step's adjoint with its source line and note which primal names it reads."""
        for s in out:
            s.s2s_line = step.stmt.lineno
        step.adjoint = out
        step.reads = {n for s in out for n in loaded_names(s)} & self.primal
        return state

    def own(self, var, state, out, origin):
        """Before writing into var's adjoint: copy it unless no other name refers to it."""
        self.settle(var, state, out, origin)
        if var in state.owned:
            return
        d_var = self.namer.adjoint(var)
        copied = gast.Call(func=name("copy_adjoint"), args=[name(d_var)], keywords=[]) \
            if self.info.maybe_container(var) else _np_call("copy", name(d_var))
        out.append(assign(d_var, copied, origin))
        state.owned.add(var)

    def gen_store(self, step, state, keep):
        """Adjoint of `y[index] = value`: move d_y[index] to the value, then zero it."""
        step.adjoint, step.reads = [], set()
        stmt = step.stmt
        base = stmt.targets[0].value.id
        index = stmt.targets[0].slice
        value = stmt.value
        out = []
        self.settle(base, state, out, stmt)
        if base in state.defined and self.info.maybe_container(base):
            d_base = self.namer.adjoint(base)
            self.own(base, state, out, stmt)
            slot = gast.Subscript(value=name(d_base), slice=clone(index), ctx=gast.Load())
            if isinstance(value, gast.Name) and self.info.is_active(value.id):
                taken = gast.Call(func=name("snapshot"), args=[clone(slot)], keywords=[])
                self.accumulate(value.id, taken, state, out, stmt, fresh=False)
            zero = gast.Call(func=name("zeros_like"), args=[clone(slot)], keywords=[])
            store = gast.Subscript(value=name(d_base), slice=clone(index), ctx=gast.Store())
            out.append(_locate(gast.Assign(targets=[store], value=zero, type_comment=None), stmt))
        elif base in state.defined:
            d_base = self.namer.adjoint(base)
            part = None
            if isinstance(value, gast.Name) and self.info.is_active(value.id):
                slot = gast.Subscript(value=name(d_base), slice=clone(index), ctx=gast.Load())
                scalar = self.unit.shapes.of_atom(value) == "()"
                part = (_np_call("sum", slot) if scalar else _np_call("copy", slot)) if self._basic_index(index) \
                    else _np_call("where", gast.Call(func=name("last_writes"), args=[name(d_base), _index_value(index)],
                                                     keywords=[]), clone(slot), gast.Constant(value=0, kind=None))
                if scalar and not self._basic_index(index):
                    part = _np_call("sum", part)    # a number stored into every entry the index selects
                elif not scalar:
                    part = gast.Call(func=name("unbroadcast"), args=[part, clone(value)], keywords=[])
                if value.id == base:        # `y[i] = y`: the slot's cotangent is taken before it is zeroed
                    taken = self.namer.fresh(f"{d_base}_stored")
                    out.append(assign(taken, part, stmt))
                    part = name(taken)
                else:
                    self.accumulate(value.id, part, state, out, stmt)
            self.own(base, state, out, stmt)
            slot = gast.Subscript(value=name(d_base), slice=clone(index), ctx=gast.Store())
            out.append(_locate(gast.Assign(targets=[slot], value=gast.Constant(value=0, kind=None), type_comment=None), stmt))
            if isinstance(value, gast.Name) and value.id == base and part is not None:
                self.accumulate(base, part, state, out, stmt)
        return self._finish(step, out, state)

    def gen_hook(self, step, state, keep):
        """`with grad_of(h) as dh: body`: the body runs on h's adjoint, here in the adjoint sweep."""
        step.adjoint, step.reads = [], set()
        stmt = step.stmt
        var = stmt.items[0].context_expr.args[0].id
        alias = stmt.items[0].optional_vars.id
        if not self.info.is_active(var):
            return state
        out = []
        if var in state.deferred:
            self.materialize(var, state, out, stmt)
        self.settle(var, state, out, stmt)
        d_var = self.namer.adjoint(var)
        if var not in state.defined:
            out.append(assign(d_var, self.zeros(var), stmt))
            state.defined.add(var)
        out.append(assign(alias, name(d_var), stmt))
        out.extend(clone(stmt.body))
        out.append(assign(d_var, name(alias), stmt))
        state.owned.discard(var)            # the hook may have kept a reference to it
        self._finish(step, out, state)
        step.reads -= {alias}
        return state

    def gen_append(self, step, state, keep):
        """Adjoint of `items.append(value)`: the last slot of d_items goes to the value."""
        step.adjoint, step.reads = [], set()
        stmt = step.stmt
        base = stmt.value.func.value.id
        value = stmt.value.args[0]
        out = []
        self.settle(base, state, out, stmt)
        if base in state.defined:
            d_base = self.namer.adjoint(base)
            self.own(base, state, out, stmt)
            pop = gast.Call(func=gast.Attribute(value=name(d_base), attr="pop", ctx=gast.Load()), args=[], keywords=[])
            if isinstance(value, gast.Name) and self.info.is_active(value.id):
                self.accumulate(value.id, pop, state, out, stmt, fresh=False)
            else:
                out.append(_locate(gast.Expr(value=pop), stmt))
        return self._finish(step, out, state)

    def adjoint_atom(self, stmt, op, target, state, out):
        source = op.args[0]
        if isinstance(source, gast.Name) and self.info.is_active(source.id):
            self.accumulate(source.id, name(self.namer.adjoint(target)), state, out, stmt)

    def adjoint_rule(self, stmt, op, target, state, out):
        if isinstance(stmt.value, gast.BinOp) and any(self.info.types.get(n) == "seq" for n in op.operands()):
            return self.adjoint_sequence_op(stmt, op, target, state, out)
        rule = rules.lookup(op.key, self.info.maybe_complex(op), len(op.args))
        names = rule.cotangent_params
        bound = bind_rule(rule, op)
        constants = [p for p, atom in bound.items() if p not in names and isinstance(atom, gast.Name)
                     and self.info.is_active(atom.id)]
        if constants:
            self.refuse(stmt, requirement_problem(rule, op) or f"`{op.name}` has no derivative with respect to its "
                        f"argument `{constants[0]}`, which depends on the differentiated inputs here",
                        rule.hints.get(constants[0], "wrap it in s2sgrad.stop_gradient(...) if it is a constant, "
                                       "or register a rule with s2sgrad.extend.adjoint"))
            return
        wanted = {p for p in names if isinstance(bound.get(p), gast.Name) and self.info.is_active(bound[p].id)}
        if not wanted:
            return
        shapes = self.unit.shapes
        result = name(target)
        seed = name(self.namer.adjoint(target))
        if target in state.deferred:
            scalar = state.deferred[target]
            snapshot = self.namer.snapshot()
            try:
                body, outputs = inline(rule, result, op.args, op.keywords, clone(scalar),
                                       wanted, self.namer, lambda atom: shapes.same(atom, result))
            except TypeError:
                body, outputs = None, None
            if body is not None and self._all_full(body, outputs, target, scalar):
                del state.deferred[target]
            else:
                self.namer.restore(snapshot)
                self.materialize(target, state, out, stmt)
                body = None
        else:
            body = None
        if body is None:
            try:
                body, outputs = inline(rule, result, op.args, op.keywords, seed,
                                       wanted, self.namer, lambda atom: shapes.same(atom, result))
            except TypeError as err:
                self.refuse(stmt, f"call to `{op.name}` does not match its rule: {err}")
                return
        for s in body:
            _locate(s, stmt)
        out.extend(body)
        values = {s.targets[0].id: s.value for s in body
                  if isinstance(s, gast.Assign) and isinstance(s.targets[0], gast.Name)}
        contributions = {}
        for param in names:          # `y * y`: add both terms before accumulating once
            if param in outputs and not _is_none(values.get(outputs[param])):    # None: no derivative
                var = bound[param].id
                term = name(outputs[param])
                if var in contributions:
                    first = contributions[var][0]
                    same = isinstance(first, gast.Name) and first.id in values and outputs[param] in values \
                        and gast.dump(values[first.id]) == gast.dump(values[outputs[param]])
                    total = gast.BinOp(left=gast.Constant(value=2, kind=None), op=gast.Mult(), right=first) \
                        if same else gast.BinOp(left=first, op=gast.Add(), right=term)
                    contributions[var] = (total, True)
                else:
                    contributions[var] = (term, _fresh(values.get(outputs[param])))
        complex_operand = self.info.maybe_complex(op)
        for var, (expr, fresh) in contributions.items():
            if complex_operand and var not in self.info.complex:
                expr = _np_call("real", expr)       # a real variable's cotangent: the real part
                fresh = False                       # (np.real of a complex array is a view)
            if self.info.maybe_container(var) and not _makes_sequence(values.get(getattr(expr, "id", None))):
                expr = gast.Call(func=name("unstack_like"), args=[expr, name(var)], keywords=[])
                fresh = False           # a list NumPy read as one array: its cotangent, item by item
            broadcast = self._scalar_broadcast(expr, values, var)
            if broadcast is not None and var not in state.defined and var not in state.deferred:
                out[:] = [s for s in out if not (isinstance(s, gast.Assign) and isinstance(s.targets[0], gast.Name)
                                                 and s.targets[0].id == expr.id)]
                state.deferred[var] = broadcast
                state.defined.add(var)
                continue
            self.accumulate(var, expr, state, out, stmt, fresh=fresh)

    def adjoint_sequence_op(self, stmt, op, target, state, out):
        """`s = a + b` and `s = a * n` (or `n * a`) on lists or tuples: concatenation and repetition."""
        d_target = name(self.namer.adjoint(target))
        left, right = stmt.value.left, stmt.value.right
        if isinstance(stmt.value.op, gast.Add):
            parts = ((left, "head_of"), (right, "tail_of"))
        elif isinstance(stmt.value.op, gast.Mult):
            seq = left if isinstance(left, gast.Name) and self.info.types.get(left.id) == "seq" else right
            parts = ((seq, "fold_repeats"),)
        else:
            self.refuse(stmt, f"`{op.name}` on lists or tuples of differentiable values is not differentiable",
                        "compute the items one by one")
            return
        for atom, helper in parts:
            if isinstance(atom, gast.Name) and self.info.is_active(atom.id):
                like = left if helper != "fold_repeats" else atom
                part = gast.Call(func=name(helper), args=[clone(d_target), clone(like)], keywords=[])
                self.accumulate(atom.id, part, state, out, stmt, fresh=True)

    def _elementwise(self, op):
        rule = rules.lookup(op.key, self.info.maybe_complex(op), len(op.args))
        return rule is not None and not op.keywords and \
            rule.template.__module__.rsplit(".", 1)[-1] in ("elementwise", "special")

    def _scalar_broadcast(self, expr, values, var):
        """S when `expr` names a rule output `np.full_like(var, S)`, S a stable scalar; else None."""
        if not isinstance(expr, gast.Name) or expr.id not in values:
            return None
        value = values[expr.id]
        if not (isinstance(value, gast.Call) and isinstance(value.func, gast.Attribute)
                and value.func.attr == "full_like" and len(value.args) == 2
                and isinstance(value.args[0], gast.Name) and value.args[0].id == var):
            return None
        scalar = value.args[1]
        if self.unit.shapes.classes.get(var) is None or var not in self.unit.shapes.single:
            return None
        if isinstance(scalar, gast.Constant) or isinstance(scalar, gast.Name) and scalar.id == "d_result":
            return scalar
        adjoint_of = {d: v for v, d in self.namer._adjoints.items()}
        if isinstance(scalar, gast.Name) and self.unit.shapes.classes.get(adjoint_of.get(scalar.id)) == "()":
            return scalar       # the adjoint of a scalar; any later write to it releases the deferral first
        return None

    def release(self, d_name, state, out, origin):
        """Materialize every deferred broadcast of `d_name` before `d_name` changes."""
        for var in sorted(v for v, sc in state.deferred.items() if isinstance(sc, gast.Name) and sc.id == d_name):
            self.materialize(var, state, out, origin)

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

    def adjoint_subscript(self, stmt, op, target, state, out):
        base = op.args[0]
        if not (isinstance(base, gast.Name) and self.info.is_active(base.id)):
            return
        index = stmt.value.slice
        d_base = self.namer.adjoint(base.id)
        d_target = name(self.namer.adjoint(target))
        if self.info.maybe_container(base.id) and self._basic_index(index):
            self.accumulate_item(base.id, index, d_target, target, state, out, stmt)
            return
        if self.info.maybe_container(base.id):      # a list, dict or array: decided at run time
            if base.id not in state.defined:
                out.append(assign(d_base, self.zeros(base.id), stmt))
                state.defined.add(base.id)
                state.owned.add(base.id)
            else:
                self.own(base.id, state, out, stmt)
            call = gast.Call(func=name("accumulate_item"), args=[name(d_base), _index_value(index), d_target],
                             keywords=[])
            out.append(_locate(gast.Expr(value=call), stmt))
            return
        if base.id not in state.defined:
            out.append(assign(d_base, _np_call("zeros_like", name(base.id)), stmt))
            state.defined.add(base.id)
            state.owned.add(base.id)
        self.settle(base.id, state, out, stmt)
        if base.id in state.owned:
            if self._basic_index(index):
                slot = gast.Subscript(value=name(d_base), slice=clone(index), ctx=gast.Store())
                out.append(_locate(gast.AugAssign(target=slot, op=gast.Add(), value=d_target), stmt))
            else:
                call = gast.Call(func=name("scatter_add"), args=[name(d_base), _index_value(index), d_target],
                                 keywords=[])
                out.append(_locate(gast.Expr(value=call), stmt))
        else:
            scatter = gast.Call(func=name("add_at"), args=[d_target, name(base.id), _index_value(index)], keywords=[])
            self.accumulate(base.id, scatter, state, out, stmt)

    def accumulate_item(self, base, index, d_value, value, state, out, origin):
        """`d_base[index] = d_base[index] + d_value`, for a base that may be a list, tuple or dict."""
        d_base = self.namer.adjoint(base)
        if base not in state.defined:
            out.append(assign(d_base, self.zeros(base), origin))
            state.defined.add(base)
            state.owned.add(base)
        else:
            self.own(base, state, out, origin)
        slot = gast.Subscript(value=name(d_base), slice=clone(index), ctx=gast.Load())
        if self.info.maybe_container(value):
            total = gast.Call(func=name("tree_add"), args=[slot, d_value], keywords=[])
        else:
            total = gast.BinOp(left=slot, op=gast.Add(), right=d_value)
        store = gast.Subscript(value=name(d_base), slice=clone(index), ctx=gast.Store())
        out.append(_locate(gast.Assign(targets=[store], value=total, type_comment=None), origin))

    def zeros(self, var):
        """A zero adjoint for `var`: np.zeros_like for an array; else the runtime helper, which
        gives a Python 0.0 for a number (cheap to add to, and mixes with any array library)
        and a list or dict for a container."""
        if self.info.certainly_array(var) and not self.info.maybe_container(var):
            return _np_call("zeros_like", name(var))
        return gast.Call(func=name("zeros_like"), args=[name(var)], keywords=[])

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

    def _basic_index(self, index):
        parts = index.elts if isinstance(index, gast.Tuple) else [index]
        for part in parts:
            if isinstance(part, gast.Slice):
                continue
            if isinstance(part, gast.Constant) and (part.value is None or part.value is Ellipsis
                                                    or type(part.value) in (int, str)):
                continue
            if isinstance(part, gast.Name) and self.info.types.get(part.id) == "int":
                continue
            return False
        return True

    def adjoint_user(self, stmt, op, target, state, out):
        params = self._active_params(op)
        if not params:
            return
        _, bwd = self.calls(op, params)
        d_target = name(self.namer.adjoint(target))
        if target not in state.defined:     # nothing flows back, but its adjoint must pop what it pushed
            d_target = gast.Call(func=name("zeros_like"), args=[name(target)], keywords=[])
        results = [self.namer.fresh("d_" + p + "_part") for p in params]
        call = gast.Call(func=name(bwd), args=[name("stack"), d_target], keywords=[])
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

    def accumulate(self, var, expr, state, out, origin, fresh=None):
        """Add `expr` to var's adjoint: assign, add, or add in place when the array is owned."""
        d_var = self.namer.adjoint(var)
        if var in state.deferred:
            self.materialize(var, state, out, origin)
        self.release(d_var, state, out, origin)
        if var in state.defined and self.info.maybe_container(var):
            total = gast.Call(func=name("tree_add"), args=[name(d_var), expr], keywords=[])
            out.append(assign(d_var, total, origin))
            state.owned.discard(var)
            state.lazy.discard(var)
            return
        if var in state.defined:
            state.lazy.discard(var)         # a `0.0` zero takes the contribution's shape
            if var in state.owned:
                out.append(_locate(gast.AugAssign(target=name(d_var, True), op=gast.Add(), value=expr), origin))
            else:
                out.append(assign(d_var, gast.BinOp(left=name(d_var), op=gast.Add(), right=expr), origin))
                state.owned.add(var)
            return
        out.append(assign(d_var, expr, origin))
        state.defined.add(var)
        if _fresh(expr) if fresh is None else fresh:
            state.owned.add(var)
        else:
            state.owned.discard(var)
            if isinstance(expr, gast.Name):
                for other in list(state.owned):
                    if self.namer.adjoint(other) == expr.id:
                        state.owned.discard(other)

    def gen_if(self, step, state, keep):
        then, orelse = step.children
        snapshot = self.namer.snapshot()
        extra = set()
        while True:
            s_then = self.gen_region(then, state.copy(), keep | extra)
            s_else = self.gen_region(orelse, state.copy(), keep | extra)
            union = s_then.defined | s_else.defined
            lost = (union - s_then.defined - s_else.defined) | ((union - (s_then.defined & s_else.defined)) & state.defined)
            if lost <= extra:
                break
            extra |= lost
            self.namer.restore(snapshot)
        for region, arm in ((then, s_then), (orelse, s_else)):
            self._zero_missing(region, arm, union - arm.defined, step)
        step.reads = {step.stmt.test.id} if _has_adjoint(then) or _has_adjoint(orelse) else set()
        return State(union, s_then.owned & s_else.owned, lazy=s_then.lazy | s_else.lazy)

    def _zero_missing(self, region, arm, missing, step):
        for var in sorted(missing):
            bound = var in step.bound
            self.zero(var, arm, region.end_adjoint, step.stmt, bound=bound)
            if bound:
                region.start_reads.add(var)

    def gen_loop(self, step, state, keep):
        """A loop's adjoint: iterated to the state at its head (`_loop_fixpoint`).  Met again in the
        same state (an enclosing loop iterating), the last one is still right: not made again, so
        time is not exponential in nesting."""
        inputs = (frozenset(state.defined), frozenset(state.owned), frozenset(state.lazy), tuple(sorted(state.deferred)),
                  frozenset(keep))
        snapshot = self.namer.snapshot()
        last = self._loops.get(id(step))
        if last is not None and last[0] == inputs and last[1] == snapshot:
            self.namer.restore(last[2])
            return last[3].copy()
        entry = self._gen_loop(step, state, keep, snapshot)
        self._loops[id(step)] = (inputs, snapshot, self.namer.snapshot(), entry.copy())
        return entry

    def _gen_loop(self, step, state, keep, snapshot):
        body = step.children[0]
        entry, exit_, inner_keep = self._loop_fixpoint(step, state.copy(), set(keep), snapshot)
        copies = sorted((exit_.owned - entry.owned) & entry.defined & state.defined)
        if copies:          # own loop-carried adjoints once, before the loop, not per iteration
            entry = State(entry.defined, entry.owned | set(copies), lazy=entry.lazy - set(copies))
            entry, exit_, inner_keep = self._loop_fixpoint(step, entry, inner_keep, snapshot)
        step.adjoint = []
        before = State(set(), set(), lazy=set(state.lazy))
        for var in copies:
            self.own(var, before, step.adjoint, step.stmt)
        for var in sorted(entry.defined - state.defined):        # bound before the loop: bound after it
            self.zero(var, before, step.adjoint, step.stmt, bound=var in step.bound)
        if _has_adjoint(body):
            step.reads = {n for s in step.adjoint for n in loaded_names(s)} & self.primal
            if step.kind == "for":
                step.reads |= {n for a in step.stmt.iter.args for n in loaded_names(a)}
            if step.counter:
                step.reads.add(step.counter)
        else:
            step.adjoint, step.reads = [], set()
        return entry

    def _loop_fixpoint(self, step, entry, inner_keep, snapshot):
        """The adjoint state at the head of a loop body, iterated until the body's adjoint agrees
        with it on every iteration: (entry state, exit state, names the body must keep defined)."""
        body = step.children[0]
        while True:
            self.namer.restore(snapshot)
            exit_ = self.gen_region(body, entry.copy(), inner_keep)
            new_defined = entry.defined | exit_.defined
            new_owned = entry.owned & exit_.owned
            new_lazy = entry.lazy | (exit_.lazy & new_defined)
            lost = entry.defined - exit_.defined
            if new_defined == entry.defined and new_owned == entry.owned and new_lazy == entry.lazy \
                    and lost <= inner_keep:
                return entry, exit_, inner_keep
            added = new_defined - entry.defined
            entry = State(new_defined, new_owned | added, lazy=new_lazy | {v for v in added if v not in step.bound})
            inner_keep |= lost

    gen_for = gen_while = gen_loop

    # -- layout -----------------------------------------------------------------------
    def forward(self, region):
        out = self._pushes(region, -1)
        for position, step in enumerate(region.steps):
            out.extend(self.forward_step(step))
            out.extend(self._pushes(region, position))
        return out

    def forward_step(self, step):
        stmt = step.stmt
        if step.kind == "simple":
            return list(step.forward)
        if step.kind == "append":
            return list(step.forward)
        if step.kind == "hook":
            return []
        if step.kind == "store":
            if not step.restore:
                return list(step.forward)
            self.uses_stack = True
            target = stmt.targets[0]
            if self.info.maybe_container(target.value.id):
                old = gast.Call(func=name("saved_item"), args=[name(target.value.id), _index_value(target.slice)],
                                keywords=[])
            else:
                old = _np_call("copy", gast.Subscript(value=name(target.value.id), slice=clone(target.slice),
                                                      ctx=gast.Load()))
            push = gast.Expr(value=gast.Call(func=gast.Attribute(value=name("stack"), attr="push", ctx=gast.Load()),
                                             args=[old], keywords=[]))
            return [push] + list(step.forward)
        if step.kind == "if":
            then, orelse = (self.forward(c) for c in step.children)
            return [_locate(gast.If(test=stmt.test, body=then or [gast.Pass()], orelse=orelse), stmt)]
        body = self.forward(step.children[0])
        if step.kind == "for":
            return [_locate(gast.For(target=stmt.target, iter=stmt.iter, body=body, orelse=[], type_comment=None), stmt)]
        return [_locate(gast.While(test=stmt.test, body=body, orelse=[]), stmt)]

    def adjoint(self, region):
        out = []
        for position in range(len(region.steps) - 1, -1, -1):
            step = region.steps[position]
            out.extend(self._pops(region, position, step))
            out.extend(self.adjoint_step(step))
        out.extend(self._pops(region, -1, None))
        out.extend(region.end_adjoint)
        return out

    def adjoint_step(self, step):
        return list(self._preludes.get(id(step), [])) + self._adjoint_step(step)

    def _adjoint_step(self, step):
        stmt = step.stmt
        if step.kind in ("simple", "hook"):
            return list(step.adjoint)
        if step.kind == "append":
            out = list(step.adjoint)
            if step.restore:        # take the appended item off again
                base = stmt.value.func.value.id
                pop = gast.Call(func=gast.Attribute(value=name(base), attr="pop", ctx=gast.Load()), args=[], keywords=[])
                undo = gast.Expr(value=pop)
                undo.s2s_line = stmt.lineno
                out.append(undo)
            return out
        if step.kind == "store":
            out = list(step.adjoint)
            if step.restore and self.info.maybe_container(stmt.targets[0].value.id):
                target = stmt.targets[0]
                pop = gast.Call(func=gast.Attribute(value=name("stack"), attr="pop", ctx=gast.Load()), args=[], keywords=[])
                undo = gast.Expr(value=gast.Call(func=name("restore_item"),
                                                 args=[name(target.value.id), _index_value(target.slice), pop],
                                                 keywords=[]))
                undo.s2s_line = stmt.lineno
                out.append(undo)
            elif step.restore:        # put back what the store overwrote
                target = stmt.targets[0]
                slot = gast.Subscript(value=name(target.value.id), slice=clone(target.slice), ctx=gast.Store())
                pop = gast.Call(func=gast.Attribute(value=name("stack"), attr="pop", ctx=gast.Load()), args=[], keywords=[])
                restore = gast.Assign(targets=[slot], value=pop, type_comment=None)
                restore.s2s_line = stmt.lineno
                out.append(restore)
            return out
        if step.kind == "if":
            then, orelse = (self.adjoint(c) for c in step.children)
            if not then and not orelse:
                return []
            return [_locate(gast.If(test=name(stmt.test.id), body=then or [gast.Pass()], orelse=orelse), stmt)]
        body = self.adjoint(step.children[0])
        if not body:
            return []
        if step.kind == "for":
            rng = clone(stmt.iter)
            if step.counter:        # the loop may break: replay the iterations it ran
                rng = gast.Subscript(value=rng, slice=gast.Slice(None, name(step.counter), None), ctx=gast.Load())
            loop_iter = gast.Call(func=name("reversed"), args=[rng], keywords=[])
            target = stmt.target
        else:
            loop_iter = gast.Call(func=name("range"), args=[name(step.counter)], keywords=[])
            target = name(self.namer.fresh("_"), True)
        node = gast.For(target=clone(target), iter=loop_iter, body=body, orelse=[], type_comment=None)
        return list(step.adjoint) + [_locate(node, stmt)]

    def _pushes(self, region, position):
        names = region.pushes.get(position, [])
        if names:
            self.uses_stack = True
        where = _step_statement(region, position)      # a line for the line map (no comment: no s2s_line)
        return [_locate(gast.Expr(value=gast.Call(func=gast.Attribute(value=name("stack"), attr="push",
                                                                      ctx=gast.Load()), args=[name(n)], keywords=[])),
                        where) for n in names]

    def _pops(self, region, position, step):
        names = region.pushes.get(position, [])
        line = step.stmt.lineno if step is not None and step.kind == "simple" else None
        out = []
        for n, expr in region.remats.get(position, []):     # recomputed, not popped
            stmt = assign(n, clone(expr), None)
            if line is not None:
                stmt.s2s_line = line
            out.append(stmt)
        for n in reversed(names):
            pop = gast.Call(func=gast.Attribute(value=name("stack"), attr="pop", ctx=gast.Load()), args=[], keywords=[])
            stmt = _locate(assign(n, pop, None), _step_statement(region, position))
            if line is not None:
                stmt.s2s_line = line
            out.append(stmt)
        return out

    def _stable_names(self, region):
        """Names whose value never changes once set: unassigned parameters and globals' users
        aside, names defined exactly once outside every loop and never updated in place."""
        counts, in_loop, mutated = {}, set(), set()

        def visit(reg, looping):
            for step in reg.steps:
                for var in step.defs:
                    counts[var] = counts.get(var, 0) + 1
                    if looping:
                        in_loop.add(var)
                if step.kind == "store":
                    mutated.add(step.stmt.targets[0].value.id)
                elif step.kind == "append":
                    mutated.add(step.stmt.value.func.value.id)
                for child in step.children:
                    visit(child, looping or step.kind in ("for", "while"))
        visit(region, False)
        params = {p for p in self.unit.params if p not in counts}
        once = {v for v, n in counts.items() if n == 1 and v not in in_loop}
        return (params | once) - mutated

    def _seeing(self, stmt, base):
        """`base` and every name that may see a write into it at `stmt`."""
        write = self.unit.aliases.write(stmt)
        return {base} | (self.unit.aliases.names_sharing(write) if write is not None else set())

    def refuse(self, stmt, message, suggestion=""):
        self.problems.append(Diagnostic(self.unit.location(stmt), message, suggestion))

    # -- driver -----------------------------------------------------------------------
    def run(self):
        """(forward statements, adjoint statements, result atom, gradient names)."""
        func = self.unit.func
        ret = func.body[-1] if func.body and isinstance(func.body[-1], gast.Return) else None
        result = ret.value if ret is not None else gast.Constant(value=None, kind=None)
        region = self.build(func.body)
        _mark_bound(region, frozenset(self.unit.params))
        state = State(set(), set())
        seed = []
        if isinstance(result, gast.Name) and self.info.is_active(result.id):
            state.defined.add(result.id)
            seed.append(assign(self.namer.adjoint(result.id), name("d_result"), ret))
            seed[0].s2s_line = ret.lineno
        state = self.gen_region(region, state, set())
        for var in self.unit.wrt:
            if var not in state.defined:
                stmt = assign(self.namer.adjoint(var), self.zeros(var), func)
                stmt.s2s_line = None
                region.end_adjoint.append(stmt)
                region.start_reads.add(var)
            elif var in state.lazy:
                self.settle(var, state, region.end_adjoint, None)
                region.start_reads.add(var)
        read_anywhere = _all_reads(region)
        for step in _all_steps(region):         # y[1:3] may be a view: reading it reads y
            stmt = step.stmt
            if step.kind == "simple" and isinstance(stmt, gast.Assign) and isinstance(stmt.value, gast.Subscript) \
                    and isinstance(stmt.targets[0], gast.Name) and stmt.targets[0].id in read_anywhere \
                    and isinstance(stmt.value.value, gast.Name):
                read_anywhere.add(stmt.value.value.id)
        for step in _all_steps(region):
            if step.kind == "store":
                base = step.stmt.targets[0].value.id
                step.restore = bool(self._seeing(step.stmt, base) & read_anywhere)
                if step.restore or step.adjoint:
                    step.reads |= {base} | (loaded_names(step.stmt.targets[0].slice) & self.primal)
            elif step.kind == "append":
                base = step.stmt.value.func.value.id
                step.restore = base in read_anywhere
                if step.restore:
                    step.reads.add(base)
        if self.problems:
            raise (NoRuleError if all("no derivative rule" in p.message for p in self.problems)
                   else UserCodeError)(self.problems)
        # A callee's adjoint function sees only what was pushed: nothing is stable there.
        mutated = set().union(*(self._seeing(base_stmt, base) for base_stmt, base in _mutations(region)))
        context = Context(set() if self.split else self._stable_names(region), mutated)
        record(region, ALL if self.split else set(), extra=self.unit.params if self.split else (),
               context=context)
        forward = self.forward(region)
        adjoint = seed + self.adjoint(region)
        if not self.split and isinstance(result, gast.Name):
            result, keep = self._keep_result(result, adjoint, forward)
            forward += keep
        return forward, adjoint, result, [self.namer.adjoint(v) for v in self.unit.wrt]

    def _keep_result(self, result, adjoint, forward=()):
        """The function's value, saved before the adjoint sweep restores what it overwrote (in it, or
        in a list or an array the value holds: `return loss, history`)."""
        held = {result.id} | _held_by(result.id, forward)
        rebound = mutated = False
        for stmt in adjoint:
            for node in walk(stmt):
                kind = type(node)       # (one test per node: the adjoint is as long as the function)
                if kind is gast.Name:
                    rebound |= node.id == result.id and isinstance(node.ctx, gast.Store)
                elif kind is gast.Subscript:
                    mutated |= isinstance(node.ctx, gast.Store) and isinstance(node.value, gast.Name) \
                        and node.value.id in held
                elif kind is gast.Call:
                    mutated |= bool(node.args[:1]) and isinstance(node.args[0], gast.Name) \
                        and node.args[0].id in held and getattr(node.func, "id", "") == "restore_item"
                elif kind is gast.Attribute:
                    mutated |= node.attr == "pop" and isinstance(node.value, gast.Name) and node.value.id in held
        if not (rebound or mutated):
            return result, []
        value = self.namer.fresh("value")
        saved = gast.Call(func=name("snapshot"), args=[name(result.id)], keywords=[]) if mutated else name(result.id)
        return name(value), [assign(value, saved, None)]


def _held_by(var, forward):
    """Names whose values a tuple, list or dict display assigned to `var` holds, at any depth
    (through names such displays hold in turn)."""
    displays = {}           # name -> the displays assigned to it
    for stmt in forward:
        for node in walk(stmt):
            if isinstance(node, gast.Assign) and isinstance(node.value, (gast.Tuple, gast.List, gast.Dict)):
                for target in node.targets:
                    if isinstance(target, gast.Name):
                        displays.setdefault(target.id, []).append(node.value)
    held, work = set(), list(displays.get(var, ()))
    while work:
        display = work.pop()
        if isinstance(display, (gast.Tuple, gast.List, gast.Dict)):
            work += display.values if isinstance(display, gast.Dict) else display.elts
        elif isinstance(display, gast.Name) and display.id not in held:
            held.add(display.id)
            work += displays.get(display.id, ())
    return held


def bind_rule(rule, op):
    """{template parameter: the call's atom}: positional arguments fill positional parameters
    only (a surplus is the signature's to report, never bound to `d_result`), keywords by name.
    Arguments a `*name` parameter collects are bound as `name[0]`, `name[1]`, ...: they have no
    cotangent, so a differentiated one is refused, never silently given none."""
    params = list(rule.signature.parameters.values())[1:]
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    bound = dict(zip(positional, op.args))
    rest = next((p.name for p in params if p.kind == p.VAR_POSITIONAL), None)
    if rest is not None:
        bound.update((f"{rest}[{k}]", atom) for k, atom in enumerate(op.args[len(positional):]))
    bound.update(op.keywords)
    return bound


def requirement_problem(rule, op):
    """The message of the rule's requirement (or signature) that the call breaks, or None."""
    try:
        rule.signature.bind(None, *op.args, **op.keywords, d_result=None)
    except TypeError as err:
        return f"call to `{op.name}` does not match its rule: {err}"
    return None


def shared_store_problem(unit, stmt):
    """The diagnostic for `y[i] = v` where another name may see the write, or None."""
    base = stmt.targets[0].value
    info = unit.activity
    write = unit.aliases.write(stmt)
    if not (isinstance(base, gast.Name) and write is not None and not write.private
            and info.types.get(base.id) != "int" and (info.active or unit.wrt)):
        return None
    suggestion = (f"write into a copy (`{base.id}_new = {base.id}.copy()` for an array), or build a new "
                  "dict or a new list for a container") if info.maybe_container(base.id) \
        else f"update a private copy: `{base.id}_new = {base.id}.copy()`, then write into it"
    return Diagnostic(unit.location(stmt), f"in-place update of `{base.id}`, {_sharing(write)}, "
                      "is not differentiable", suggestion)


def active_index_problem(unit, stmt):
    """The diagnostic for an object that does not depend on the differentiated inputs indexed by
    values that do (`np.r_[x, y]`, `np.c_[x, y]`): no derivative flows through an index, so it
    must not be given a silent zero."""
    if not isinstance(stmt, gast.Assign):
        return None
    varied = unit.activity.varied
    indexed = [n for n in [stmt.value] + list(stmt.targets) if isinstance(n, gast.Subscript)
               and not (isinstance(n.value, gast.Name) and n.value.id in varied)]
    active = sorted({name for n in indexed for name in loaded_names(n.slice)} & varied)
    if not active:
        return None
    base = unit.activity.source_of(indexed[0].value)
    what = ".".join(dotted(base) or []) or "an array"
    return Diagnostic(unit.location(stmt), f"`{active[0]}`, which depends on the differentiated inputs, is used as "
                      f"an index of {what}: an index has no derivative",
                      "build the array with np.concatenate / np.stack (for np.r_ / np.c_), or index with "
                      "integers or a mask")


def call_write_problem(unit, stmt):
    """The diagnostic for a call that writes into an argument that is differentiated here, or None."""
    write = unit.aliases.write(stmt)
    info = unit.activity
    if write is None or write.kind != "call":
        return None
    call = stmt.value
    operands = {n.id for n in walk(call) if isinstance(n, gast.Name)}
    touched = ({write.name} | unit.aliases.names_sharing(write)) & info.active
    if not touched and not operands & info.varied or unit.aliases.consumed_arguments(stmt, call):
        return None
    what = ".".join(dotted(call.func) or []) or getattr(call.func, "attr", "the call")
    inside = _written_in_callee(unit, stmt, call)
    if inside is not None:
        return inside
    return Diagnostic(unit.location(stmt), f"`{what}` writes into `{write.name}` in place, which is not "
                      "differentiable", f"compute a new value instead: `{write.name}_new = ...`")


def _written_in_callee(unit, stmt, call):
    """The diagnostic at the first statement of a user function (or of one it calls) that writes
    into an array the call passes it; None when the call is not of one."""
    from ..analyses.aliases import _bound
    from ..resolve import UserFunction
    callee, _ = unit.aliases._callee(call)
    if not isinstance(callee, UserFunction):
        return None
    found = []
    for param, atom in sorted(_bound(callee, call).items()):
        site = unit.aliases.written_at(callee, param) if isinstance(atom, gast.Name) else None
        if site is not None:
            found.append((site[0].source.location(site[1]).line, atom.id, site))
    if not found:
        return None
    _, name, (function, written) = min(found, key=lambda f: f[0])
    return Diagnostic(function.source.location(written),
                      f"`{function.name}` writes into `{name}` of `{unit.node.name}` in place, here (the call is at "
                      f"line {unit.location(stmt).line}), which is not differentiable",
                      f"compute a new value in `{function.name}` (`x = x - ...` rather than `x -= ...`, or write "
                      "into a copy) and use what it returns")


def starred_problem(unit, stmt):
    """The diagnostic for `f(*xs)` whose length is known only at run time where the call is
    differentiated (an operand varies with the inputs and the call has or needs a derivative)."""
    call = getattr(stmt, "value", None)
    if not isinstance(call, gast.Call) or not any(isinstance(a, gast.Starred) for a in call.args):
        return None
    info = unit.activity
    op = info.ops.get(id(stmt))
    if op is None or op.kind == "nograd" or not set(op.operands()) & info.varied:
        return None
    return Diagnostic(unit.location(stmt), "`*` unpacking into a differentiated call needs a length known when the "
                      "function is read: a tuple or list display, or a name bound once to one",
                      "pass the items one by one, or build the sequence as a display in the function")


def _sharing(write):
    if write.external:
        return "which may hold an argument's or a global's array (the caller would see the write)"
    return f"which `{write.seen_by[0]}` may also refer to (a copy, a view or a container) and reads afterwards"


def rebinding_check(unit, stmt):
    """`check_rebinding(a, "a", "file:line")` before `a += b`: raises if `a` holds an array."""
    target = stmt.target.id
    loc = unit.location(stmt)
    where = gast.Constant(value=f"{loc.filename}:{loc.line}", kind=None)
    return _locate(gast.Expr(value=gast.Call(
        func=name("check_rebinding"), args=[name(target), gast.Constant(value=target, kind=None), where],
        keywords=[])), stmt)


def _is_append(call):
    return (isinstance(call, gast.Call) and isinstance(call.func, gast.Attribute) and call.func.attr == "append"
            and isinstance(call.func.value, gast.Name) and len(call.args) == 1 and not call.keywords)


def _mutations(region):
    """(statement, name) for every store or append, which updates `name` in place."""
    for step in _all_steps(region):
        if step.kind == "store":
            yield step.stmt, step.stmt.targets[0].value.id
        elif step.kind == "append":
            yield step.stmt, step.stmt.value.func.value.id


def _mark_bound(region, bound):
    """Set each step's `bound` (names certainly bound when it starts); return those after the region."""
    since = {}          # name -> the position of the first simple step after `bound` that defines it
    for position, step in enumerate(region.steps):
        step.bound = _Bound(bound, since, position)
        if step.kind == "if":
            before = bound | since.keys()
            arms = [_mark_bound(child, before) for child in step.children]
            bound, since = arms[0] & arms[1], {}
        elif step.children:             # a loop may run no iteration
            _mark_bound(step.children[0], bound | since.keys() | step.loop_targets)
        else:
            for var in step.defs:
                since.setdefault(var, position)
    return bound | since.keys()


class _Bound:
    """The names bound when a step starts: those bound before its run of simple steps, and those
    an earlier step of the run defines (shared by the run, so a long function costs its length)."""

    __slots__ = ("before", "since", "position")

    def __init__(self, before, since, position):
        self.before, self.since, self.position = before, since, position

    def __contains__(self, name):
        return name in self.before or self.since.get(name, self.position) < self.position


def _all_steps(region):
    for step in region.steps:
        yield step
        for child in step.children:
            yield from _all_steps(child)


def _all_reads(region):
    reads = set(region.start_reads)
    for step in _all_steps(region):
        reads |= step.reads
        for child in step.children:
            reads |= child.start_reads
    return reads


def _breaks(body):
    """Does a loop body (not counting nested loops) contain a `break`?"""
    for stmt in body:
        if isinstance(stmt, gast.Break):
            return True
        if isinstance(stmt, gast.If) and (_breaks(stmt.body) or _breaks(stmt.orelse)):
            return True
    return False


def _np_call(func, *args):
    return gast.Call(func=gast.Attribute(value=name("np"), attr=func, ctx=gast.Load()), args=list(args), keywords=[])


def _index_value(index):
    if isinstance(index, gast.Slice):
        return gast.Call(func=name("slice"), args=[p if p is not None else gast.Constant(value=None, kind=None)
                                                   for p in (index.lower, index.upper, index.step)], keywords=[])
    if isinstance(index, gast.Tuple):
        return gast.Tuple(elts=[_index_value(e) for e in index.elts], ctx=gast.Load())
    return clone(index)


def _is_none(expr):
    return isinstance(expr, gast.Constant) and expr.value is None


def _fresh(expr):
    """True when `expr` certainly makes a new array (so its owner may update it in place)."""
    if expr is None:
        return False
    if isinstance(expr, (gast.BinOp, gast.UnaryOp, gast.ListComp)):
        return True
    if isinstance(expr, gast.Call):
        func = expr.func
        fname = func.attr if isinstance(func, gast.Attribute) else getattr(func, "id", "")
        if isinstance(func, gast.Attribute) and getattr(func.value, "id", None) == "np":
            return fname in _FRESH_CALLS or isinstance(getattr(np, fname, None), np.ufunc)
        return fname == "add_at"
    return False


def record_arguments(op):
    """(field name, atom) for each argument of `P(...)`, a record class's call (`op.key` the class)."""
    from ..containers import init_fields
    fields = op.key._fields if hasattr(op.key, "_fields") else init_fields(op.key)
    return list(zip(fields, op.args)) + list(op.keywords.items())


def _constant(value):
    return gast.Constant(value=value, kind=None)


def _makes_sequence(expr):
    """Does a rule's output expression build a list (`[... for ...]`, `np.split(...)`)?"""
    if isinstance(expr, (gast.List, gast.ListComp, gast.Tuple)):
        return True
    parts = dotted(expr.func) if isinstance(expr, gast.Call) else None
    return parts is not None and parts[-1] in ("list", "tuple", "split", "array_split", "with_field", "concat",
                                               "head_of", "tail_of", "fold_repeats", "repeat")


def _has_adjoint(region):
    return any(s.adjoint or s.kind in ("store", "append") or s.children and any(_has_adjoint(c) for c in s.children)
               for s in region.steps) \
        or bool(region.end_adjoint)


def _step_statement(region, position):
    """The statement of the step at `position` (-1: the region's start, its first step's), or None."""
    steps = region.steps
    return steps[position].stmt if 0 <= position < len(steps) else steps[0].stmt if steps else None


def _locate(node, origin):
    node.lineno = getattr(origin, "lineno", None)
    node.col_offset = getattr(origin, "col_offset", 0)
    return node


def _op_symbol(op):
    return {"Add": "+", "Sub": "-", "Mult": "*", "Div": "/", "Pow": "**"}.get(type(op).__name__, "op")


__all__ = ["Reverse", "is_atom"]

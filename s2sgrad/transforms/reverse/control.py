"""Adjoints of `if`, `for` and `while`: arms merged, loop bodies iterated to a fixed point of the adjoint state."""

import gast

from ...trees import clone
from ..normalize import loaded_names, name
from .nodes import _locate
from .steps import State, _has_adjoint


class ControlAdjoints:
    """The part of `Reverse` that reverses compound steps."""

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

    # -- layout -------------------------------------------------------------------------
    def forward_if(self, step):
        then, orelse = (self.forward(c) for c in step.children)
        return [_locate(gast.If(test=step.stmt.test, body=then or [gast.Pass()], orelse=orelse), step.stmt)]

    def forward_for(self, step):
        stmt = step.stmt
        body = self.forward(step.children[0])
        return [_locate(gast.For(target=stmt.target, iter=stmt.iter, body=body, orelse=[], type_comment=None), stmt)]

    def forward_while(self, step):
        body = self.forward(step.children[0])
        return [_locate(gast.While(test=step.stmt.test, body=body, orelse=[]), step.stmt)]

    def backward_if(self, step):
        """The arms' adjoints under the branch the forward sweep took (nothing where both are empty)."""
        then, orelse = (self.adjoint(c) for c in step.children)
        if not then and not orelse:
            return []
        return [_locate(gast.If(test=name(step.stmt.test.id), body=then or [gast.Pass()], orelse=orelse), step.stmt)]

    def backward_loop(self, step):
        """The body's adjoint in a loop over the iterations in reverse: `reversed(range(...))` for a
        `for` (cut at its trip count where it may break), `range(count)` for a `while`."""
        stmt = step.stmt
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

    backward_for = backward_while = backward_loop

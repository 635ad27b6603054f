"""Adjoint variables along the adjoint sweep: assigned, added to, owned, zeroed and deferred (`State`)."""

import gast

from ...trees import clone
from ..normalize import assign, loaded_names, name
from .nodes import _fresh, _locate, _np_call


class AdjointState:
    """The part of `Reverse` that writes adjoint variables and keeps their `State` up to date."""

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

    def release(self, d_name, state, out, origin):
        """Materialize every deferred broadcast of `d_name` before `d_name` changes."""
        for var in sorted(v for v, sc in state.deferred.items() if isinstance(sc, gast.Name) and sc.id == d_name):
            self.materialize(var, state, out, origin)

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

    def zeros(self, var):
        """A zero adjoint for `var`: np.zeros_like for an array; else the runtime helper, which
        gives a Python 0.0 for a number (cheap to add to, and mixes with any array library)
        and a list or dict for a container."""
        if self.info.certainly_array(var) and not self.info.maybe_container(var):
            return _np_call("zeros_like", name(var))
        return gast.Call(func=name("zeros_like"), args=[name(var)], keywords=[])

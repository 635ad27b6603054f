"""Callee writes: what a call of a user function writes into and may return, from the callee's
own `Aliases` summary (the interprocedural part of `Aliases`, a mixin of it)."""

import gast

from ..resolve import UserFunction
from ..trees import walk

EXTERNAL = ("param:", "global:")       # the objects made outside a function


class CalleeWrites:
    """Queries on calls of user functions; `Aliases` gives `_param_writes` and `rebound_params`
    (its module functions), `_callee`, `summaries`, `writes`, `live`, `local`."""

    def written_at(self, callee, param, seen=()):
        """(the user function, its normal-form statement) where a call of `callee` writes into its
        parameter `param`, following the calls that pass it on; None when not found."""
        key = (callee.source.filename, callee.key or callee.name)
        if param not in self._param_writes(callee) or key in seen:
            return None
        found = self.summaries.get(("aliases",) + key)
        writes = sorted(found.writes.values(), key=lambda w: (getattr(w.stmt, "lineno", 0) or 0))
        for write in writes:
            if "param:" + param not in write.objects:
                continue
            call = getattr(write.stmt, "value", None)
            inner, _ = found._callee(call) if write.kind == "call" and isinstance(call, gast.Call) else (None, "")
            if isinstance(inner, UserFunction):
                for name, atom in sorted(bound_arguments(inner, call).items()):
                    if isinstance(atom, gast.Name) and atom.id == write.name:
                        deeper = found.written_at(inner, name, seen + (key,))
                        if deeper is not None:
                            return deeper
            return callee, write.stmt
        return None

    def consumed_arguments(self, stmt, call):
        """Whether a call of a user function writes only into arrays that the callee updates by
        `p op= v` on its parameter (`rebound_params`) and that the caller made itself, passes once
        and never reads again: NumPy's in-place semantics are then those of a new value."""
        callee, _ = self._callee(call)
        write = self.writes.get(id(stmt))
        if not _plain_call(callee, call) or write is None or write.external:
            return False
        consumed = self._consumed_names(callee, call)
        if consumed is None:
            return False
        live = self.live.get(id(stmt), set()) - _bound_by(stmt)
        if consumed & live or set(write.seen_by) - consumed - _bound_by(stmt):
            return False
        atoms = [a for a in list(call.args) + [k.value for k in call.keywords] if isinstance(a, gast.Name)]
        return all(self._passed_alone(name, atoms, write.reaches or {}, callee) for name in consumed)

    def _consumed_names(self, callee, call):
        """The caller's names bound to the parameters the callee rebinds by `p op= v`, or None
        where it writes otherwise, or into a default, a global or a constant."""
        written = self._param_writes(callee)
        if not written or not written <= self.rebound_params(callee):
            return None
        bound = bound_arguments(callee, call)
        if any(p not in bound or not isinstance(bound[p], gast.Name) or bound[p].id not in self.local
               for p in written):
            return None                 # a default (kept from call to call), a global or a constant
        return {bound[p].id for p in written}

    def _passed_alone(self, name, atoms, reaches, callee):
        """Whether the array `name` holds was made here, is passed once, and no other argument
        may be (or hold) the same array."""
        mine = reaches.get(name, frozenset())
        if not mine or any(o.startswith(EXTERNAL) for o in mine) or sum(a.id == name for a in atoms) != 1:
            return False
        others = [a.id for a in atoms if a.id != name and a.id in self.local]
        return not (callee.captured or any(o not in reaches or reaches[o] & mine for o in others))

    def _param_returns(self, callee):
        """The parameters ("param:p") and globals ("global:g") a user function's return may hold,
        or None when that is not known (a recursive call being summarized)."""
        self._param_writes(callee)
        return self.summaries.get(("returns", callee.source.filename, callee.key or callee.name))

    def _returned_arguments(self, obj, call, state):
        """The caller's objects a call of a user function may return (its arguments' that the
        callee returns, globals it returns), or None when not known: then any argument may be."""
        if not _plain_call(obj, call) or obj.node.args.vararg is not None or obj.node.args.kwarg is not None:
            return None
        returns = self._param_returns(obj)
        if returns is None:
            return None
        bound = bound_arguments(obj, call)
        given = frozenset()
        for o in returns:
            kind, _, name = o.partition(":")
            if name in obj.captured:        # a nested function's free local: the caller's own name
                given |= state.reach(self._atom(gast.Name(id=name, ctx=gast.Load(), annotation=None,
                                                          type_comment=None), state))
            elif kind == "param" and name in bound:
                given |= state.reach(self._atom(bound[name], state))
            else:                   # a global, or a parameter's default: made outside the function
                given |= self._outside(name)
        return given


def _plain_call(callee, call):
    """A call of a user function by name with no `*args` or `**kwargs`."""
    return isinstance(callee, UserFunction) and not isinstance(call.func, gast.Attribute) \
        and not any(isinstance(a, gast.Starred) for a in call.args) and not any(k.arg is None for k in call.keywords)


def _bound_by(stmt):
    """The names an assignment binds."""
    if isinstance(stmt, gast.Assign):
        return {n.id for t in stmt.targets for n in walk(t)
                if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)}
    return set()


def bound_arguments(callee, call):
    """{parameter: the atom a call passes to it}; a nested function's captured names are its own."""
    params = [a.id for a in callee.node.args.args]
    bound = dict(zip(params, list(call.args)))
    bound.update({c: gast.Name(id=c, ctx=gast.Load(), annotation=None, type_comment=None) for c in callee.captured})
    bound.update({k.arg: k.value for k in call.keywords})
    return bound

"""Adjoints of item stores and reads (`y[i] = v`, `v = y[i]`), appends and grad hooks; their saves and restores."""

import gast

from ...trees import clone
from ..normalize import assign, name
from .nodes import _index_value, _locate, _np_call, _stack_call


class StoreAdjoints:
    """The part of `Reverse` that reverses stores, reads of an item, appends and hooks."""

    def gen_store(self, step, state, keep):
        """Adjoint of `y[index] = value`: move d_y[index] to the value, then zero it."""
        step.adjoint, step.reads = [], set()
        stmt = step.stmt
        base = stmt.targets[0].value.id
        out = []
        self.settle(base, state, out, stmt)
        if base in state.defined and self.info.maybe_container(base):
            self._store_into_container(stmt, base, state, out)
        elif base in state.defined:
            self._store_into_array(stmt, base, state, out)
        return self._finish(step, out, state)

    def _store_into_container(self, stmt, base, state, out):
        """`y[index] = value`, y a list, dict or array (decided at run time): the slot's adjoint, a
        copy (`snapshot`), goes to the value, and the slot is zeroed."""
        index, value = stmt.targets[0].slice, stmt.value
        d_base = self.namer.adjoint(base)
        self.own(base, state, out, stmt)
        slot = gast.Subscript(value=name(d_base), slice=clone(index), ctx=gast.Load())
        if isinstance(value, gast.Name) and self.info.is_active(value.id):
            taken = gast.Call(func=name("snapshot"), args=[clone(slot)], keywords=[])
            self.accumulate(value.id, taken, state, out, stmt, fresh=False)
        zero = gast.Call(func=name("zeros_like"), args=[clone(slot)], keywords=[])
        store = gast.Subscript(value=name(d_base), slice=clone(index), ctx=gast.Store())
        out.append(_locate(gast.Assign(targets=[store], value=zero, type_comment=None), stmt))

    def _store_into_array(self, stmt, base, state, out):
        """`y[index] = value`, y an array: the slot's adjoint (where a repeated index wrote last)
        goes to the value, unbroadcast to its shape, and the slot is zeroed."""
        index, value = stmt.targets[0].slice, stmt.value
        d_base = self.namer.adjoint(base)
        if whole_index(index) or _all_of(index):
            return self._store_whole(stmt, base, state, out)
        part = None
        if isinstance(value, gast.Name) and self.info.is_active(value.id):
            part = self._stored_part(d_base, index, value)
            if value.id == base:        # `y[i] = y`: the slot's cotangent is taken before it is zeroed
                taken = self.namer.fresh(f"{d_base}_stored")
                out.append(assign(taken, part, stmt))
                part = name(taken)
            else:
                self.accumulate(value.id, part, state, out, stmt)
        self.own(base, state, out, stmt)
        slot = gast.Subscript(value=name(d_base), slice=clone(index), ctx=gast.Store())
        out.append(_locate(gast.Assign(targets=[slot], value=gast.Constant(value=0, kind=None), type_comment=None), stmt))
        if part is not None and value.id == base:
            self.accumulate(base, part, state, out, stmt)

    def _store_whole(self, stmt, base, state, out):
        """`y[()] = value` or `y[...] = value`: every entry of y written, y of any rank (0-d too, whose
        adjoint may be a number, which has no slots): all of d_y goes to the value, then d_y is a
        new zero."""
        value, d_base = stmt.value, self.namer.adjoint(base)
        if isinstance(value, gast.Name) and self.info.is_active(value.id):
            scalar = self.unit.shapes.of_atom(value) == "()"
            part = _np_call("sum", name(d_base)) if scalar else \
                gast.Call(func=name("unbroadcast"), args=[_np_call("copy", name(d_base)), clone(value)], keywords=[])
            taken = self.namer.fresh(f"{d_base}_stored") if value.id == base else None
            if taken is not None:       # `y[...] = y`: the cotangent is taken before it is zeroed
                out.append(assign(taken, part, stmt))
            else:
                self.accumulate(value.id, part, state, out, stmt)
        out.append(assign(d_base, _np_call("zeros_like", name(d_base)), stmt))
        state.owned.add(base)
        if isinstance(value, gast.Name) and value.id == base and self.info.is_active(value.id):
            self.accumulate(base, name(taken), state, out, stmt)

    def _stored_part(self, d_base, index, value):
        """The cotangent of the value stored by `y[index] = value`, read from d_y's slot."""
        slot = gast.Subscript(value=name(d_base), slice=clone(index), ctx=gast.Load())
        scalar = self.unit.shapes.of_atom(value) == "()"
        if self._basic_index(index) and scalar:
            return _np_call("sum", slot)        # a number stored into every entry the slot holds
        summed = "unbroadcast_items" if self.info.types.get(value.id) == "seq" else "unbroadcast"   # `[a, b]`
        if self._basic_index(index):
            return gast.Call(func=name(summed), args=[_np_call("copy", slot), clone(value)], keywords=[])
        part = _np_call("where", gast.Call(func=name("last_writes"), args=[name(d_base), _index_value(index)],
                                           keywords=[]), clone(slot), gast.Constant(value=0, kind=None))
        if scalar:
            return _np_call("sum", part)        # a number stored into every entry the index selects
        return gast.Call(func=name(summed), args=[part, clone(value)], keywords=[])

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

    def adjoint_subscript(self, stmt, op, target, state, out):
        base = op.args[0]
        if not (isinstance(base, gast.Name) and self.info.is_active(base.id)):
            return
        index = stmt.value.slice
        d_base = self.namer.adjoint(base.id)
        d_target = name(self.namer.adjoint(target))
        if whole_index(index) and self.info.types.get(base.id) != "seq":
            # `x[()]` reads all of x (a NumPy scalar has no item to write into; a dict may have a key ())
            self.accumulate(base.id, d_target, state, out, stmt, fresh=False)
            return
        if self.info.maybe_container(base.id) and self._basic_index(index):
            self.accumulate_item(base.id, index, d_target, target, state, out, stmt)
            return
        if self.info.maybe_container(base.id):      # a list, dict or array: decided at run time
            self._item_at_run_time(base.id, index, d_target, state, out, stmt)
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

    def _item_at_run_time(self, base, index, d_target, state, out, stmt):
        """`accumulate_item(d_base, index, d_target)`: the runtime adds into a list, dict or array."""
        d_base = self.namer.adjoint(base)
        if base not in state.defined:
            out.append(assign(d_base, self.zeros(base), stmt))
            state.defined.add(base)
            state.owned.add(base)
        else:
            self.own(base, state, out, stmt)
        call = gast.Call(func=name("accumulate_item"), args=[name(d_base), _index_value(index), d_target],
                         keywords=[])
        out.append(_locate(gast.Expr(value=call), stmt))

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

    # -- layout -------------------------------------------------------------------------
    def forward_store(self, step):
        """`y[index] = value`, after pushing what it overwrites where the store is undone."""
        if not step.restore:
            return list(step.forward)
        self.uses_stack = True
        target = step.stmt.targets[0]
        if self.info.maybe_container(target.value.id):
            old = gast.Call(func=name("saved_item"), args=[name(target.value.id), _index_value(target.slice)],
                            keywords=[])
        else:
            old = _np_call("copy", gast.Subscript(value=name(target.value.id), slice=clone(target.slice),
                                                  ctx=gast.Load()))
        return [gast.Expr(value=_stack_call("push", old))] + list(step.forward)

    def backward_store(self, step):
        """The store's adjoint, then what the store overwrote put back (popped) where it is undone."""
        out = list(step.adjoint)
        if not step.restore:
            return out
        target = step.stmt.targets[0]
        if self.info.maybe_container(target.value.id):
            undo = gast.Expr(value=gast.Call(func=name("restore_item"),
                                             args=[name(target.value.id), _index_value(target.slice),
                                                   _stack_call("pop")], keywords=[]))
        else:
            slot = gast.Subscript(value=name(target.value.id), slice=clone(target.slice), ctx=gast.Store())
            undo = gast.Assign(targets=[slot], value=_stack_call("pop"), type_comment=None)
        undo.s2s_line = step.stmt.lineno
        out.append(undo)
        return out

    def backward_append(self, step):
        """The append's adjoint, then the appended item taken off again where it is undone."""
        out = list(step.adjoint)
        if step.restore:
            base = step.stmt.value.func.value.id
            pop = gast.Call(func=gast.Attribute(value=name(base), attr="pop", ctx=gast.Load()), args=[], keywords=[])
            undo = gast.Expr(value=pop)
            undo.s2s_line = step.stmt.lineno
            out.append(undo)
        return out


def _all_of(index):
    """Whether a subscript's index is `...` alone, which writes every entry."""
    parts = index.elts if isinstance(index, gast.Tuple) else [index]
    return len(parts) == 1 and isinstance(parts[0], gast.Constant) and parts[0].value is Ellipsis


def whole_index(index):
    """Whether a subscript's index is `()`, which reads the whole value (of its shape)."""
    return isinstance(index, gast.Tuple) and not index.elts

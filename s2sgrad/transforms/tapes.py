"""Tapes: forward mode over emitted gradient code, where the tape gets a tape of tangents.

A gradient's forward sweep pushes values its adjoint sweep pops, possibly in another
function (`fwd_g` pushes, `bwd_g` pops).  Forward mode over that code pushes a tangent with
every value and pops one with every pop, so the two tapes pair up by position: `t_stack`
mirrors `stack`.  A popped name therefore always has a tangent (a flag or an integer gets a
0.0 slot), and what a store saved to undo itself travels with its tangent.
"""


import gast
import numpy as np

from .normalize import assign, name
from .reverse import _locate
from ..trees import clone


class TapeTangents:
    """The part of `Forward` that handles the tape (`self.tape`) of gradient code."""

    def prepare_tapes(self):
        """Make active what the tape's tangents reach: popped names, restores, their users."""
        tape = self.tape
        self._shape_kept = None         # names only `shape_only(...)` defines (`_kept_shape`)
        self.forced.add(tape)           # a call that takes the tape takes its tangents too
        self._activate_restores()
        info = self.info                # what depends on a popped value has a tangent too
        info.wrt |= self.forced
        info.varied = info._varied()
        info.active = (info.varied & info.useful) | self.forced | (info.active & self.restores)
        # An integer or a flag has a zero tangent: its tape slot holds 0.0, which nothing reads.
        info.active -= {n for n in self.forced if info.types.get(n) == "int" and n != tape}

    def _activate_restores(self):
        """In gradient code, a store's overwritten value goes on the tape and comes back to undo
        the store; when the stored-into name has a tangent, so do both ends of that trip."""
        defs = {target: (op, stmt) for target, op, stmt in self.info.defs}
        for stmt in walk_statements(self.unit.func.body):
            # What a pop returns may have been pushed by another function: its tangent is on the tape.
            if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Name) \
                    and self._is_tape(stmt.value, "pop"):
                self.forced.add(stmt.targets[0].id)
            if isinstance(stmt, gast.Expr) and self._is_tape(stmt.value, "push") \
                    and isinstance(stmt.value.args[0], gast.Name):
                chain = restore_chain(stmt.value.args[0].id, defs)
                if chain and self.info.is_active(chain[-1]):
                    self.restores.update(chain[:-1])
                    self.info.active.update(chain[:-1])
            restored = restored_value(stmt)
            if restored is not None and self.info.is_active(restored[0]) and restored[1] in defs \
                    and self._is_tape(defs[restored[1]][1].value, "pop"):
                self.info.active.add(restored[1])

    def _is_tape(self, value, method):
        return self.tape is not None and isinstance(value, gast.Call) and isinstance(value.func, gast.Attribute) \
            and value.func.attr == method and isinstance(value.func.value, gast.Name) \
            and value.func.value.id == self.tape

    def push(self, stmt):
        """`stack.push(v)`: the tangent tape takes v's tangent (a zero when v has none), so pops pair up.
        What `shape_only` kept is its own zero tangent (`shape_only_tangent`): no new array per push."""
        (item,) = stmt.value.args
        tangent = self._t(item) or (gast.Constant(value=0.0, kind=None)
                                    if isinstance(item, gast.Name) and self.info.types.get(item.id) == "int"
                                    else gast.Call(func=name("shape_only_tangent" if self._kept_shape(item)
                                                             else "zeros_like"), args=[clone(item)], keywords=[]))
        call = gast.Call(func=gast.Attribute(value=name(self.tangent(self.tape)), attr="push", ctx=gast.Load()),
                         args=[tangent], keywords=[])
        return [stmt, _locate(gast.Expr(value=call), stmt)]

    def _kept_shape(self, item):
        """Whether the pushed `item` is what `shape_only(...)` returned (every definition of its name)."""
        if is_call_to(item, "shape_only"):
            return True
        if not isinstance(item, gast.Name):
            return False
        if self._shape_kept is None:
            made = {}
            for target, op, stmt in self.info.defs:
                made.setdefault(target, []).append(isinstance(stmt, gast.Assign) and is_call_to(stmt.value, "shape_only"))
            self._shape_kept = {target for target, kinds in made.items() if all(kinds)}
        return item.id in self._shape_kept

    def pop(self, stmt, target):
        """`v = stack.pop()`: v's tangent comes off the tangent tape (dropped for a flag or an integer)."""
        call = gast.Call(func=gast.Attribute(value=name(self.tangent(self.tape)), attr="pop", ctx=gast.Load()),
                         args=[], keywords=[])
        if not self.info.is_active(target):
            return [stmt, _locate(gast.Expr(value=call), stmt)]
        return [stmt, assign(self.tangent(target), call, stmt)]

    def in_place_helper(self, stmt):
        """`scatter_add(d_x, index, g)` and the like: the same update of the tangents."""
        call = clone(stmt.value)
        call.args[0] = self._t(stmt.value.args[0])
        call.args[2] = self._t_or_zero(stmt.value.args[2])
        return [stmt, _locate(gast.Expr(value=call), stmt)]


_IN_PLACE_HELPERS = ("scatter_add", "accumulate_item", "restore_item")


def is_call_to(value, func):
    return isinstance(value, gast.Call) and isinstance(value.func, gast.Name) and value.func.id == func


def in_place_helper(value):
    return isinstance(value, gast.Call) and isinstance(value.func, gast.Name) and value.func.id in _IN_PLACE_HELPERS \
        and len(value.args) == 3


def is_pop(value):
    return isinstance(value, gast.Call) and isinstance(value.func, gast.Attribute) and value.func.attr == "pop" \
        and not value.args and isinstance(value.func.value, gast.Name)


def walk_statements(body):
    for stmt in body:
        yield stmt
        for field in ("body", "orelse"):
            yield from walk_statements(getattr(stmt, field, []) or [])


def restore_chain(var, defs):
    """For a pushed `np.copy(x[i])` or `saved_item(x, k)`: [the temporaries..., x]; else None."""
    chain = [var]
    op = defs.get(var, (None, None))[0]
    if op is not None and op.kind == "rule" and op.key is np.copy and isinstance(op.args[0], gast.Name):
        inner = op.args[0].id
        chain.append(inner)
        op = defs.get(inner, (None, None))[0]
        if op is not None and op.kind == "subscript" and isinstance(op.args[0], gast.Name):
            return chain + [op.args[0].id]
        return None
    stmt = defs.get(var, (None, None))[1]
    if stmt is not None and is_call_to(stmt.value, "saved_item") and isinstance(stmt.value.args[0], gast.Name):
        return chain + [stmt.value.args[0].id]
    return None


def restored_value(stmt):
    """(x, v) for `x[i] = v` or `restore_item(x, k, v)`, the two ways gradient code undoes a store."""
    if isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Subscript) \
            and isinstance(stmt.targets[0].value, gast.Name) and isinstance(stmt.value, gast.Name):
        return stmt.targets[0].value.id, stmt.value.id
    if isinstance(stmt, gast.Expr) and is_call_to(stmt.value, "restore_item") \
            and isinstance(stmt.value.args[0], gast.Name) and isinstance(stmt.value.args[2], gast.Name):
        return stmt.value.args[0].id, stmt.value.args[2].id
    return None

"""A user call's tuple result read item by item: its adjoint is the list of the items' adjoints.

`a, b = f(x)` is `values = f(x); a = values[0]; b = values[1]` in normal form, and reversing the
reads one by one fills a zero of `values`' structure slot by slot:

    d_values = zeros_like(values)               # values kept on the tape for its structure
    d_values[1] = tree_add(d_values[1], d_b)
    d_values[0] = d_values[0] + d_a
    d_x = bwd_f(stack, d_values)

Where every `return` of `f` is a tuple display of n items and the reads give every slot 0..n-1
exactly once, nothing else touching `d_values` in between, the slots are the items' adjoints:

    d_values = [d_a, d_b]
    d_x = bwd_f(stack, d_values)

(no zero made, no addition, and `values` no longer taped).  The items' adjoints are not copied:
the callee's adjoint never writes into its seed, and each item's adjoint is dead once its read is
reversed (a later contribution to that name assigns it anew).
"""

import gast

from ...trees import walk
from ..generators import own_nodes
from ..normalize import assign, loaded_names, name


class UnpackedResults:
    """The part of `Reverse` that lists the adjoints of a user call's unpacked tuple result."""

    def list_unpacked_adjoints(self, region):
        """Rewrite, in region and every region it holds, each zero of a user call's tuple result
        filled slot by slot into the list of the slots' adjoints."""
        for position, step in enumerate(region.steps):
            if step.kind == "simple" and step.adjoint:
                self._list_from(region, position)
            for child in step.children:
                self.list_unpacked_adjoints(child)

    def _list_from(self, region, position):
        step = region.steps[position]
        for index, stmt in enumerate(step.adjoint):
            base = _zero_of(stmt)
            length = base and self._tuple_length(region, position, base)
            if length:
                found = self._slots(region, position, index, self.namer.adjoint(base), length)
                if found is not None:
                    self._rewrite(region, found, (position, index), self.namer.adjoint(base), length)
                    return

    def _tuple_length(self, region, position, base):
        """n where `base` was last set, before step `position` of region, by a call of a user
        function whose every `return` is a tuple display of n items; else None."""
        for step in reversed(region.steps[:position]):
            if step.kind not in ("simple", "store", "append"):
                return None
            if base not in step.defs:
                continue
            op = self.info.ops.get(id(step.stmt))
            return _returned_length(op.callee.node) if op is not None and op.kind == "user" else None
        return None

    def _slots(self, region, position, index, d_base, length):
        """{slot: (step position, statement index, the slot's adjoint name)} once every slot is
        given, scanning the adjoint sweep from the zero on; None where anything else reads or
        writes `d_base`, or a slot's adjoint is written before the list would be made."""
        slots = {}
        for at, stmt_index, stmt in _adjoint_from(region, position, index + 1, self._preludes):
            if stmt is None:                # a compound step or the region's start
                return None
            if d_base not in _names(stmt):
                if any(part in _names(stmt) for _, _, part in slots.values()):
                    return None
                continue
            slot = _slot_update(stmt, d_base)
            if slot is None or stmt_index is None or slot[0] in slots or not 0 <= slot[0] < length \
                    or region.steps[at].kind != "simple" or any(part == slot[1] for _, _, part in slots.values()):
                return None
            slots[slot[0]] = (at, stmt_index, slot[1])
            if len(slots) == length:
                return slots
        return None

    def _rewrite(self, region, slots, zero, d_base, length):
        """Drop the zero and the slot updates; the last update becomes the list."""
        last = min(slots.values(), key=lambda slot: (slot[0], -slot[1]))     # the last along the adjoint sweep
        listed = gast.List(elts=[name(slots[k][2]) for k in range(length)], ctx=gast.Load())
        made = assign(d_base, listed, None)
        made.s2s_line = getattr(region.steps[last[0]].adjoint[last[1]], "s2s_line", None)
        drop = {zero} | {(at, i) for at, i, _ in slots.values()}
        for at in sorted({at for at, _ in drop}):
            step = region.steps[at]
            step.adjoint = [made if (at, i) == last[:2] else s for i, s in enumerate(step.adjoint)
                            if (at, i) not in drop or (at, i) == last[:2]]
            prelude = self._preludes.get(id(step), [])
            step.reads = {n for s in prelude + step.adjoint for n in loaded_names(s)} & self.primal


def _adjoint_from(region, position, index, preludes):
    """(step position, statement index, statement) along the adjoint sweep from statement `index`
    of step `position`'s adjoint (a prelude's statements with the index None); a None statement
    where the straight run ends (a compound step, the region's start)."""
    steps = region.steps
    for i, stmt in enumerate(steps[position].adjoint[index:], index):
        yield position, i, stmt
    for at in range(position - 1, -1, -1):
        if steps[at].kind not in ("simple", "store", "append"):
            yield at, 0, None
            return
        for stmt in preludes.get(id(steps[at]), []):
            yield at, None, stmt
        for i, stmt in enumerate(steps[at].adjoint):
            yield at, i, stmt
    yield -1, 0, None


def _zero_of(stmt):
    """v where stmt is `d_v = zeros_like(v)`, else None (the adjoint name is checked by the caller)."""
    value = getattr(stmt, "value", None)
    if not (isinstance(stmt, gast.Assign) and isinstance(stmt.targets[0], gast.Name) and isinstance(value, gast.Call)
            and isinstance(value.func, gast.Name) and value.func.id == "zeros_like" and len(value.args) == 1
            and isinstance(value.args[0], gast.Name) and not value.keywords):
        return None
    return value.args[0].id


def _slot_update(stmt, d_base):
    """(k, e) where stmt is `d_base[k] = tree_add(d_base[k], e)` or `d_base[k] = d_base[k] + e`,
    k an integer constant and e a name other than d_base; else None."""
    if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1):
        return None
    target, value = stmt.targets[0], stmt.value
    k = _constant_slot(target, d_base)
    if k is None:
        return None
    if isinstance(value, gast.Call) and isinstance(value.func, gast.Name) and value.func.id == "tree_add" \
            and len(value.args) == 2 and not value.keywords:
        old, part = value.args
    elif isinstance(value, gast.BinOp) and isinstance(value.op, gast.Add):
        old, part = value.left, value.right
    else:
        return None
    if _constant_slot(old, d_base) != k or not isinstance(part, gast.Name) or part.id == d_base:
        return None
    return k, part.id


def _constant_slot(node, d_base):
    if isinstance(node, gast.Subscript) and isinstance(node.value, gast.Name) and node.value.id == d_base \
            and isinstance(node.slice, gast.Constant) and type(node.slice.value) is int:
        return node.slice.value
    return None


def _returned_length(func):
    """n where every `return` of func (not of the functions it defines) is a tuple display of n
    items, none starred; else None."""
    lengths = set()
    for node in own_nodes(func):
        if isinstance(node, gast.Return):
            value = node.value
            if not isinstance(value, gast.Tuple) or any(isinstance(e, gast.Starred) for e in value.elts):
                return None
            lengths.add(len(value.elts))
    return lengths.pop() if len(lengths) == 1 else None


def _names(stmt):
    return {n.id for n in walk(stmt) if isinstance(n, gast.Name)}

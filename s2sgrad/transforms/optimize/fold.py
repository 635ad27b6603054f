"""Fold temporaries: `t = expr` (t generated, read once, expr pure and off the tape) is put in
place of the one later statement's read of `t`, where nothing in between writes what `expr`
reads, touches the tape or has an effect, and the folded line stays short."""

import gast

from ...analyses.liveness import loads, stores
from ...trees import name_nodes, node_fields
from ..codegen import length_bound, unparse
from .census import TAPES, Census, blocks, is_push, is_stack_op

_AST = gast.AST
_MAX_LINE = 80


def fold_temporaries(func, generated, census=None):
    """Fold `t = expr` into the single later statement that reads `t`."""
    census = census or Census(generated)
    counts_load, counts_store = _name_counts(func)
    changed = False
    for block in blocks(func.body):
        i = 0
        while i < len(block):
            stmt = block[i]
            if _foldable(stmt, generated, counts_load, counts_store, census) and _fold_into(block, i, census):
                changed = True
                continue
            i += 1
    return changed


def _name_counts(func):
    """({id: loads}, {id: other uses}) of the `Name` nodes in `func`."""
    counts_load, counts_store = {}, {}
    load = gast.Load
    for n in name_nodes(func):
        table = counts_load if type(n.ctx) is load else counts_store
        table[n.id] = table.get(n.id, 0) + 1
    return counts_load, counts_store


def _foldable(stmt, generated, counts_load, counts_store, census):
    if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name)):
        return False
    t = stmt.targets[0].id
    return (t in generated and counts_load.get(t) == 1 and counts_store.get(t) == 1
            and census.pure_value(stmt) and not census.value_stack_op(stmt))


def _fold_into(block, i, census):
    stmt = block[i]
    t = stmt.targets[0].id
    reads = census.loads(stmt)
    for j in range(i + 1, len(block)):
        other = block[j]
        other_loads, other_stores = census.loads(other), census.stores(other)
        if t in other_loads or t in other_stores:
            if isinstance(other, (gast.For, gast.While)) or is_push(other) or t in other_stores:
                return False
            if type(other) in _FOLDED_IN_PLACE and t not in TAPES:
                if not _fold_assignment(other, t, stmt, census):
                    return False
            elif not _fold_here(other, t, stmt.value, reads):
                return False
            else:
                census.forget(other)
            census.forget(stmt)
            del block[i]
            return True
        if census.writes_in_place(other) and reads:       # a view read by `expr` may be what it writes
            return False
        if census.barrier(other) or other_stores & reads:
            return False
    return False


# Statements a fold updates the facts of rather than forgetting them (see `Census.folded`).
_FOLDED_IN_PLACE = (gast.Assign, gast.AugAssign)


def _fold_assignment(stmt, t, source, census):
    """`_fold_here` for an assignment: the length bound and the facts of the folded statement
    follow from its own and `source`'s, without walking it again."""
    census.bound(stmt)              # worked out before the fold, updated by it
    before = census.table[id(stmt)]
    undo = _put(stmt, t, source.value)
    if undo is None:
        return False
    census.folded(stmt, source, t)
    bound = census.bound(stmt)
    if (bound is None or bound > _MAX_LINE) and len(unparse(stmt)) > _MAX_LINE:
        undo()                  # the folded line would be too long
        census.table[id(stmt)] = before
        return False
    return True


def _fold_here(stmt, t, expr, reads):
    """Replace the one load of `t` in `stmt` (descending into `if` arms, not loops)."""
    if isinstance(stmt, gast.If):
        if t in loads(stmt.test):
            return _replace_expr(stmt.test, t, expr, stmt, "test")
        for body in (stmt.body, stmt.orelse):
            for k, inner in enumerate(body):
                if t in loads(inner):
                    blockers = body[:k]
                    if any(stores(b) & reads or is_stack_op(b) for b in blockers):
                        return False
                    if isinstance(inner, (gast.For, gast.While)) or is_push(inner):
                        return False
                    return _fold_here(inner, t, expr, reads)
        return False
    if isinstance(stmt, gast.Return):
        return False
    undo = _put(stmt, t, expr)
    if undo is not None and _too_long(stmt):
        undo()                  # the folded line would be too long
        return False
    return undo is not None


def _too_long(stmt):
    bound = length_bound(stmt)
    return (bound is None or bound > _MAX_LINE) and len(unparse(stmt)) > _MAX_LINE


def _put(stmt, t, expr):
    """Put `expr` in place of the one load of `t` in `stmt`; a function that takes it back, or None."""
    todo = [stmt]
    name, load = gast.Name, gast.Load
    while todo:
        node = todo.pop()
        for field in node_fields(type(node)):
            value = getattr(node, field, None)
            if type(value) is list:
                for k, item in enumerate(value):
                    if type(item) is name and item.id == t and type(item.ctx) is load:
                        value[k] = expr
                        return lambda: value.__setitem__(k, item)
                    if isinstance(item, _AST):
                        todo.append(item)
            elif type(value) is name and value.id == t and type(value.ctx) is load:
                setattr(node, field, expr)
                return lambda: setattr(node, field, value)
            elif isinstance(value, _AST):
                todo.append(value)
    return None


def _replace_expr(node, t, expr, parent, field):
    class Replace(gast.NodeTransformer):
        done = False

        def visit_Name(self, n):
            if isinstance(n.ctx, gast.Load) and n.id == t and not self.done:
                self.done = True
                return expr
            return n

    replacer = Replace()
    new = replacer.visit(node)
    if parent is not None:
        setattr(parent, field, new)
    return replacer.done

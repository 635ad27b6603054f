"""Propagate copies: after `a = b` (a generated), `b` is read where `a` was, until either is
rebound (dead-code elimination then drops the copy)."""

import gast

from ...trees import walk
from .census import Census, blocks, is_compound


def propagate_copies(body, generated, census=None):
    """After `a = b` (a generated), read `b` where `a` is read, until either is rebound."""
    census = census or Census(generated)
    changed = False
    for block in blocks(body):
        for i, stmt in enumerate(block):
            if (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1
                    and isinstance(stmt.targets[0], gast.Name) and isinstance(stmt.value, gast.Name)
                    and stmt.targets[0].id in generated and stmt.targets[0].id != stmt.value.id):
                changed |= _substitute_forward(block[i + 1:], stmt.targets[0].id, stmt.value.id, census)
    return changed


def _substitute_forward(rest, old, new, census):
    changed = False
    for stmt in rest:
        if isinstance(stmt, gast.Return):
            return changed          # gradients keep their input's name in the final return
        written = census.stores(stmt)
        if is_compound(stmt) and written & {old, new}:
            return changed
        if _replace_loads(stmt, old, new):
            census.forget(stmt)
            changed = True
        if written & {old, new}:
            return changed
    return changed


def _replace_loads(stmt, old, new):
    changed = False
    for n in walk(stmt):
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load) and n.id == old:
            n.id = new
            changed = True
    if isinstance(stmt, gast.AugAssign) and isinstance(stmt.target, gast.Name) and stmt.target.id == old:
        pass   # an augmented target is a write; the caller stops there
    return changed

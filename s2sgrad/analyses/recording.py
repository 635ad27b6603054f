"""Recording (to-be-recorded): which values the forward sweep must push for the adjoint sweep.

A region is a statement list (a function body, a loop body, an `if` arm).  Each step's
adjoint reads some primal names as they are right after that step.  A value is pushed only
if the adjoint reads it and the forward overwrites it before the adjoint gets there: by a
later definition in the region, by a later iteration of an enclosing loop, by a later
statement of an enclosing region, or (in a callee's forward function) by returning.  The
push goes right after the last step that reads the value, the pop right before that step's
adjoint, so forward pushes and adjoint pops mirror each other.

A value that is a cheap pure expression (an index, an attribute, arithmetic) of names that
cannot have changed by then (parameters never reassigned, names defined once outside any
loop, the variable of an enclosing `for` loop, which the adjoint replays) is recomputed
instead of pushed.
"""

import gast

ALL = object()   # "everything is clobbered after this region" (a callee's body)


class Context:
    """What `record` knows about the whole function: names whose value never changes once set,
    and names updated in place (a store or an append), which are never recomputed."""

    def __init__(self, stable, mutated=()):
        self.stable = set(stable)
        self.mutated = set(mutated)


def record(region, clobbered_after, extra=(), context=None, loop_targets=frozenset()):
    """Fill `region.pushes` and `region.remats` recursively; return the region's free reads."""
    context = context or Context(())
    steps = region.steps
    for index, step in enumerate(steps):
        later = set().union(*(s.defs for s in steps[index + 1:])) if index + 1 < len(steps) else set()
        for child in step.children:
            clobbered = ALL if clobbered_after is ALL else clobbered_after | later
            if step.kind in ("for", "while") and clobbered is not ALL:
                clobbered = clobbered | child.defs()
            targets = loop_targets | step.loop_targets if step.kind == "for" else loop_targets
            free = record(child, clobbered, (), context, targets)
            step.reads |= free - step.loop_targets
    region.pushes, region.remats = {}, {}
    defined_here = region.defs() | set(extra)
    stable = context.stable | set(loop_targets)
    for name in sorted(defined_here):
        _segments(region, name, clobbered_after, stable, context.mutated)
    reads = set(region.start_reads)
    for step in steps:
        reads |= step.reads
    return reads - region.defs()


def _segments(region, name, clobbered_after, stable, mutated=frozenset()):
    last_reader, start = None, None
    if name in region.start_reads:
        last_reader = -1
    for position, step in enumerate(region.steps):
        if name in step.defs:
            if last_reader is not None:
                _save(region, name, last_reader, None if name in mutated else start, stable)
            last_reader, start = None, position
        if name in step.reads:
            last_reader = position
    if last_reader is not None and (clobbered_after is ALL or name in clobbered_after):
        _save(region, name, last_reader, None if name in mutated else start, stable)


def _save(region, name, position, start, stable):
    expr = _recomputable(region.steps[start], name, stable) if start is not None else None
    if expr is not None:
        region.remats.setdefault(position, []).append((name, expr))
    else:
        region.pushes.setdefault(position, []).append(name)


def _recomputable(step, name, stable):
    """The defining expression of `name` at `step` if it is cheap and its operands are stable."""
    stmt = step.stmt
    if step.kind != "simple" or not isinstance(stmt, gast.Assign) or step.forward != [stmt]:
        return None
    if not (isinstance(stmt.targets[0], gast.Name) and stmt.targets[0].id == name):
        return None
    value = stmt.value
    for node in gast.walk(value):
        if isinstance(node, (gast.Call, gast.Lambda, gast.ListComp, gast.Dict, gast.List, gast.Tuple)):
            if node is value or not isinstance(node, gast.Tuple):
                return None
        if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load) and node.id not in stable:
            return None
    if not isinstance(value, (gast.Subscript, gast.Attribute, gast.BinOp, gast.UnaryOp, gast.Name)):
        return None
    return value

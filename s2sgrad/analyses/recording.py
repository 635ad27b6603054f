"""Recording (to-be-recorded): which values the forward sweep must push for the adjoint sweep.

A region is a statement list (a function body, a loop body, an `if` arm).  Each step's
adjoint reads some primal names as they are right after that step.  A value is pushed only
if the adjoint reads it and the forward overwrites it before the adjoint gets there: by a
later definition in the region, by a later iteration of an enclosing loop, by a later
statement of an enclosing region, or (in a callee's forward function) by returning.  The
push goes right after the last step that reads the value, the pop right before that step's
adjoint, so forward pushes and adjoint pops mirror each other.  Where that step is an `if`
that only reads the value in its arms, the push goes into the arms that read it: the other
arm may run where the name is not bound yet (`if i > 0: ... prev ...` before `prev = ...`).

A value that is a cheap pure expression (an index, an attribute, arithmetic) of names that
cannot have changed by then (parameters never reassigned, names defined once outside any
loop, the variable of an enclosing `for` loop, which the adjoint replays) is recomputed
instead of pushed.
"""

import gast

from ..trees import walk

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
    later_defs = _later_defs(steps)
    for index, step in enumerate(steps):
        later = later_defs.get(index, set())
        step.own_reads = set(step.reads)        # what the step's own adjoint reads, not its arms'
        for child in step.children:
            clobbered = ALL if clobbered_after is ALL else clobbered_after | later
            if step.kind in ("for", "while") and clobbered is not ALL:
                clobbered = clobbered | child.defs()
            targets = loop_targets | step.loop_targets if step.kind == "for" else loop_targets
            free = record(child, clobbered, (), context, targets)
            child.free_reads = free
            step.reads |= free - step.loop_targets
    region.pushes, region.remats = {}, {}
    defined_here = region.defs() | set(extra)
    stable = context.stable | set(loop_targets)
    events = _events(region, defined_here)
    for name in sorted(defined_here):
        _segments(region, name, events.get(name, ()), clobbered_after, stable, context.mutated)
    reads = set(region.start_reads)
    for step in steps:
        reads |= step.reads
    return reads - region.defs()


def _later_defs(steps):
    """{index of a step with children: the names the steps after it define}, in one backward pass."""
    out, later = {}, set()
    for index in range(len(steps) - 1, -1, -1):
        if steps[index].children:
            out[index] = set(later)
        later |= steps[index].defs
    return out


def _events(region, names):
    """{name: [(position, defines, reads)]} over the region's steps, in order: each step is read once,
    so a long region costs its length, not its length times its names."""
    events = {}
    for position, step in enumerate(region.steps):
        for name in (step.defs | step.reads) & names:
            events.setdefault(name, []).append((position, name in step.defs, name in step.reads))
    return events


def _segments(region, name, events, clobbered_after, stable, mutated=frozenset()):
    readers, start = [], None
    if name in region.start_reads:
        readers = [-1]
    for position, defines, reads in events:
        if defines:
            if readers:
                _save(region, name, readers, None if name in mutated else start, stable)
            readers, start = [], position
        if reads:
            readers.append(position)
    if readers and (clobbered_after is ALL or name in clobbered_after):
        _save(region, name, readers, None if name in mutated else start, stable)


def _save(region, name, readers, start, stable):
    """Save `name` for the adjoints of the steps at `readers` (positions in `region`)."""
    expr = _recomputable(region.steps[start], name, stable) if start is not None else None
    if expr is not None:
        region.remats.setdefault(readers[-1], []).append((name, expr))
    else:
        _push(region, name, readers)


def _push(region, name, readers):
    """Push `name` after the last reader, or inside the arms of an `if` that is the only reader
    and that some arm does not read it in."""
    step = region.steps[readers[-1]] if readers[-1] >= 0 else None
    if len(readers) > 1 or step is None or step.kind != "if" or name in step.defs or name in step.own_reads \
            or all(name in arm.free_reads for arm in step.children):
        region.pushes.setdefault(readers[-1], []).append(name)
        return
    for arm in step.children:
        if name in arm.free_reads:
            _push(arm, name, _readers(arm, name))


def _readers(region, name):
    """Positions of the steps of a region that read `name` (-1: read at the region's start)."""
    return ([-1] if name in region.start_reads else []) + \
        [position for position, step in enumerate(region.steps) if name in step.reads]


def _recomputable(step, name, stable):
    """The defining expression of `name` at `step` if it is cheap and its operands are stable."""
    stmt = step.stmt
    if step.kind != "simple" or not isinstance(stmt, gast.Assign) or step.forward != [stmt]:
        return None
    if not (isinstance(stmt.targets[0], gast.Name) and stmt.targets[0].id == name):
        return None
    value = stmt.value
    for node in walk(value):
        if isinstance(node, (gast.Call, gast.Lambda, gast.ListComp, gast.Dict, gast.List, gast.Tuple)):
            if node is value or not isinstance(node, gast.Tuple):
                return None
        if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load) and node.id not in stable:
            return None
    if not isinstance(value, (gast.Subscript, gast.Attribute, gast.BinOp, gast.UnaryOp, gast.Name)):
        return None
    return value

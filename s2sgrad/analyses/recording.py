"""Recording (to-be-recorded): which values the forward sweep must push for the adjoint sweep.

A region is a statement list (a function body, a loop body, an `if` arm).  Each step's
adjoint reads some primal names as they are right after that step.  A value is pushed only
if the adjoint reads it and the forward overwrites it before the adjoint gets there: by a
later definition in the region, by a later iteration of an enclosing loop, by a later
statement of an enclosing region, or (in a callee's forward function) by returning.  The
push goes right after the last step that reads the value, the pop right before that step's
adjoint, so forward pushes and adjoint pops mirror each other.
"""

ALL = object()   # "everything is clobbered after this region" (a callee's body)


def record(region, clobbered_after, extra=()):
    """Fill `region.pushes` (position -> names) recursively; return the region's free reads."""
    steps = region.steps
    for index, step in enumerate(steps):
        later = set().union(*(s.defs for s in steps[index + 1:])) if index + 1 < len(steps) else set()
        for child in step.children:
            clobbered = ALL if clobbered_after is ALL else clobbered_after | later
            if step.kind in ("for", "while") and clobbered is not ALL:
                clobbered = clobbered | child.defs()
            free = record(child, clobbered)
            step.reads |= free - step.loop_targets
    region.pushes = {}
    defined_here = region.defs() | set(extra)
    for name in sorted(defined_here):
        _segments(region, name, clobbered_after)
    reads = set(region.start_reads)
    for step in steps:
        reads |= step.reads
    return reads - region.defs()


def _segments(region, name, clobbered_after):
    last_reader = None
    if name in region.start_reads:
        last_reader = -1
    for position, step in enumerate(region.steps):
        if name in step.defs:
            if last_reader is not None:
                region.pushes.setdefault(last_reader, []).append(name)
            last_reader = None
        if name in step.reads:
            last_reader = position
    if last_reader is not None and (clobbered_after is ALL or name in clobbered_after):
        region.pushes.setdefault(last_reader, []).append(name)

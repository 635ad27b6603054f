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
instead of pushed.  Where the reader's adjoint runs, a name also holds the value the
expression read if it is popped there or later in the adjoint sweep from the same value (or
can be, by pushing that value after the reader instead), if it is recomputed there from the
same value, or if it is carried (below) and the loop body defines it for the last time before
the expression: `err = x - target` is recomputed from `x`, not pushed.

A loop body's carried names hold, when an iteration's adjoint starts, the value the body left
them with: the adjoint of the iteration after it ended by popping the value the name had when
that iteration started, and the loop's own adjoint starts from the value the loop left (the
loop step reads it, so it is pushed after the loop where it is overwritten later).  Such a
name's last value in the body is never pushed: an RNN's state `h = np.tanh(...)` is pushed once
per iteration (the value the next step reads), not twice.  A name is carried where the body
pops its value from the start of the iteration at its top level, defines it for the last time
in a simple statement, no adjoint writes it, and the body runs to its end every iteration (no
`break`, `continue` or `return` in it).

A value whose readers' adjoints read only its shape (`unbroadcast(g, v)`, `np.zeros_like(v)`,
`v.shape`, ...) and that is not recomputed is pushed as `shape_only(v)`: the tape keeps its
shape and dtype, not its data.  Preference: carried (nothing), recomputed from stable names,
shape only, recomputed from names that hold their values, pushed.  Recomputed from names that
hold their values may also be one elementwise function of one name (`np.tanh(c)`, steps.py's
`cheap_call`): the LSTM recomputes `tanh(c)` from its carried `c`, as a hand-written adjoint does.

A function's own body (not a callee's forward function, whose locals all go) keeps its values
as locals, never pushed; one that no statement overwrites and whose readers' adjoints read only
its shape is rebound to `shape_only(v)` after its last use in the forward sweep (`shrink`): the
MLP's `x @ W1`, read for `unbroadcast` alone, keeps its shape, not its batch-by-hidden data.
"""

import gast

from ..trees import name_ids, walk

ALL = object()   # "everything is clobbered after this region" (a callee's body)


class Context:
    """What `record` knows about the whole function: names whose value never changes once set,
    and names updated in place (a store or an append), which are never recomputed."""

    def __init__(self, stable, mutated=(), params=()):
        self.stable = set(stable)
        self.mutated = set(mutated)
        self.params = set(params)       # alive for the whole call whatever the tape keeps


def record(region, clobbered_after, extra=(), context=None, loop_targets=frozenset(), loop=None):
    """Fill `region.pushes` and `region.remats` recursively; return the region's free reads.
    `loop`: the loop step whose body `region` is."""
    context = context or Context(())
    steps = region.steps
    later_defs = _later_defs(steps)
    for index, step in enumerate(steps):
        later = later_defs.get(index, set())
        step.own_reads = set(step.reads)        # what the step's own adjoint reads, not its arms'
        for child in step.children:
            clobbered = ALL if clobbered_after is ALL else clobbered_after | later
            is_loop = step.kind in ("for", "while")
            if is_loop and clobbered is not ALL:
                clobbered = clobbered | child.defs()
            targets = loop_targets | step.loop_targets if step.kind == "for" else loop_targets
            free = record(child, clobbered, (), context, targets, step if is_loop else None)
            child.free_reads = free
            step.reads |= free - step.loop_targets
            step.reads |= child.carried         # the loop's adjoint starts from the values it left
    region.pushes, region.remats = {}, {}
    defined_here = region.defs() | set(extra)
    stable = context.stable | set(loop_targets)
    events = _events(region, defined_here)
    segments = {name: _segment_list(region, name, events.get(name, ()), clobbered_after, context.mutated)
                for name in sorted(defined_here)}
    region.carried = _carried(region, segments, context.mutated | set(loop_targets)) if loop is not None \
        and _runs_to_end(loop.stmt.body) else set()
    _decide(region, segments, stable, context.stable - context.params)
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


class _Segment:
    """A value of one name in a region: defined at `start` (None: it comes from before the region),
    read by the adjoints of the steps at `readers`, and defined again at `end` (or never: the
    region's length); `saved` where the adjoint needs it back (it is overwritten before)."""

    __slots__ = ("name", "start", "readers", "end", "saved", "how", "fixed")

    def __init__(self, name, start, readers, end, saved, fixed):
        self.name, self.start, self.readers, self.end, self.saved = name, start, readers, end, saved
        self.fixed = fixed      # updated in place: never recomputed
        self.how = None         # "push", "remat" (recomputed at the last reader), "carried" (neither)

    @property
    def first(self):
        return -1 if self.start is None else self.start


def _segment_list(region, name, events, clobbered_after, mutated=frozenset()):
    """The name's segments in the region, in order."""
    out, readers, start = [], [], None
    if name in region.start_reads:
        readers = [-1]
    fixed = name in mutated
    for position, defines, reads in events:
        if defines:
            out.append(_Segment(name, start, readers, position, bool(readers), fixed))
            readers, start = [], position
        if reads:
            readers.append(position)
    saved = bool(readers) and (clobbered_after is ALL or name in clobbered_after)
    out.append(_Segment(name, start, readers, len(region.steps), saved, fixed))
    return out


def _carried(region, segments, excluded):
    """The loop body's names whose last value need not be pushed (see the module docstring)."""
    written = _adjoint_writes(region)
    carried = set()
    for name, segs in segments.items():
        if name in excluded or name in written or len(segs) < 2:
            continue
        first, last = segs[0], segs[-1]
        if not first.readers or last.start is None:
            continue
        if region.steps[last.start].kind != "simple" or not _at_top_level(region, name, first.readers):
            continue
        carried.add(name)
    return carried


def _decide(region, segments, stable, locals_=frozenset()):
    """Drop (carried), recompute from stable names, keep only the shape of, recompute from names
    that hold their values (see the module docstring) or push each saved segment, in that order
    of preference."""
    saved = [seg for name in sorted(segments) for seg in segments[name] if seg.saved]
    used = set()
    region.shaped = set()
    for seg in saved:
        _decide_cheaply(region, segments, seg, stable, used)
    last_def = {name: segs[-1].start for name, segs in segments.items()}
    for seg in sorted((seg for seg in saved if seg.how is None), key=lambda seg: (seg.first, seg.name)):
        _decide_from_held(region, seg, segments, last_def, stable, used, locals_)
    region.carried = used
    for name in sorted(segments):
        for seg in segments[name]:
            if seg.how in ("push", "shape"):
                _push(region, name, seg.readers)


def _decide_cheaply(region, segments, seg, stable, used):
    """Mark `seg` carried, recomputed from stable names or kept as its shape where it can be;
    leave it undecided otherwise.  `used`: the carried names actually relied on."""
    candidate = seg.name in region.carried
    if candidate and seg is segments[seg.name][-1]:
        seg.how = "carried"
        used.add(seg.name)
        return
    expr = None if seg.start is None or seg.fixed else _recomputable(region.steps[seg.start], seg.name, stable)
    if expr is not None:
        seg.how = "remat"
        region.remats.setdefault(seg.readers[-1], []).append((seg.name, expr, False))
    elif not seg.fixed and not candidate and _shape_only(region, seg):
        seg.how = "shape"
        region.shaped.add((seg.readers[-1], seg.name))


def _decide_from_held(region, seg, segments, last_def, stable, used, locals_):
    """Recompute `seg` from names that hold their values at its last reader, else push it."""
    expr, extend = None, []
    if seg.start is not None and not seg.fixed:
        expr, extend = _recomputable_here(region, seg, segments, last_def, stable, used, locals_)
    if expr is None:
        seg.how = "push"
        return
    for other in extend:        # pushed after this reader instead, so it is popped before it
        other.readers.append(seg.readers[-1])
    seg.how = "remat"
    region.remats.setdefault(seg.readers[-1], []).append((seg.name, expr, True))


def shrink(region, context, returned=(), scalars=()):
    """Fill `region.shrunk` ({position: names rebound to their shape after that step}) for a
    function's top-level region (see the module docstring); `returned`: names the function's
    value reads; `scalars`: names known to hold numbers (nothing to gain).  Run after `record`,
    whose recomputations and pushes it leaves alone."""
    region.shrunk = {}
    counts, kept = _definitions_and_kept(region)
    excluded = kept | set(returned) | context.mutated | region.start_reads | set(scalars)
    mentions = _mentions(region.steps)
    for position, step in enumerate(region.steps):
        if step.kind != "simple":
            continue
        for var in sorted(step.defs):
            if counts.get(var) != 1 or var in excluded:
                continue
            after = _shrink_point(region, position, var, mentions.get(var, ()))
            if after is not None:
                region.shrunk.setdefault(after, []).append(var)


def _definitions_and_kept(region):
    """({name: how many steps define it}, at any depth; the names a recomputation reads, a push
    keeps or the end of the adjoint reads), for `shrink`."""
    counts, kept = {}, set()
    for reg in _regions(region):
        for step in reg.steps:
            for var in step.defs:
                counts[var] = counts.get(var, 0) + 1
        for remats in reg.remats.values():
            for _, expr, _ in remats:
                kept |= _names_in(expr)
        for names in reg.pushes.values():
            kept |= set(names)
    for stmt in region.end_adjoint:
        kept |= _names_in(stmt)
    return counts, kept


def _names_in(tree):
    """The names `tree` mentions (loaded or stored)."""
    return name_ids(tree)


def _mentions(steps):
    """{name: positions of the steps that read it or name it in their forward statements}, in
    order: one walk of the region, not one per shrunk name."""
    mentions = {}
    for position, step in enumerate(steps):
        named = set().union(*[name_ids(stmt) for stmt in [step.stmt] + list(step.forward)])
        for var in named | set(step.reads):
            mentions.setdefault(var, []).append(position)
    return mentions


def _shrink_point(region, start, var, mentioned):
    """The position of the last step (after `start`, which defines `var`) that uses `var` in its
    forward statements or reads it in its adjoint, if every adjoint that reads it reads only its
    shape and some does; else None.  `mentioned`: the positions of the steps that read or name
    `var` (see `_mentions`)."""
    last, readers = start, 0
    for position in mentioned:
        if position <= start:
            continue
        step = region.steps[position]
        if var in step.reads:
            if step.kind != "simple" or not only_shape_read(step.adjoint, var):
                return None
            readers += 1
        last = position
    if var in region.steps[start].reads:
        return None         # its own adjoint reads it (`y = np.exp(x)`): the value itself
    if not readers:
        return None
    if last + 1 < len(region.steps) and region.steps[last + 1].kind == "simple":
        return last + 1     # one statement on: a temporary made at `last` still folds into its use
    return last


def _regions(region):
    yield region
    for step in region.steps:
        for child in step.children:
            yield from _regions(child)


def _shape_only(region, seg):
    """Whether every adjoint that reads the segment's value reads only its shape (`unbroadcast(g, v)`,
    `np.zeros_like(v)`, ...): then the tape keeps `shape_only(v)`.  (Decided after every
    recomputation, so none reads it.)"""
    if not seg.readers or seg.readers[0] < 0:
        return False
    for position in seg.readers:
        step = region.steps[position]
        if step.kind != "simple" or not only_shape_read(step.adjoint, seg.name):
            return False
    return True


_SHAPE_ARGS = {"unbroadcast": 1, "broadcast_like": 1, "expand_reduced": 1, "zeros_like": 0,
               "np.zeros_like": 0, "np.ones_like": 0, "np.full_like": 0, "np.empty_like": 0, "np.shape": 0,
               "np.ndim": 0}


def only_shape_read(stmts, name):
    """`name` is loaded in `stmts`, and only as the argument of a call that reads its shape."""
    shaped, loads = set(), []
    for stmt in stmts:
        for node in walk(stmt):
            read = _shape_read_operand(node)
            if read is not None:
                shaped.add(id(read))
            elif isinstance(node, gast.Name) and node.id == name and isinstance(node.ctx, gast.Load):
                loads.append(node)
    return bool(loads) and all(id(node) in shaped for node in loads)


def _shape_read_operand(node):
    """The operand of `node` whose shape alone `node` reads (`unbroadcast(g, v)`: v; `v.shape`: v),
    or None."""
    if isinstance(node, gast.Attribute):
        return node.value if node.attr in ("shape", "ndim", "dtype") else None
    if not isinstance(node, gast.Call):
        return None
    index = _SHAPE_ARGS.get(_callee_name(node.func))
    if index is not None and len(node.args) > index and not node.keywords:
        return node.args[index]
    return None


def _callee_name(func):
    """`f` for a call of a plain name, `np.f` for one of NumPy's, else None."""
    if isinstance(func, gast.Name):
        return func.id
    if isinstance(func, gast.Attribute) and getattr(func.value, "id", "") == "np":
        return f"np.{func.attr}"
    return None


def _recomputable_here(region, seg, segments, last_def, stable, used, locals_=frozenset()):
    """(expression, segments to push later) where `seg`'s value is recomputable from names that
    hold their values where its last reader's adjoint runs; else (None, [])."""
    reader = seg.readers[-1]
    extend = []

    def holds(name):
        if name in stable:
            return True
        if name in region.carried and last_def[name] < seg.start:
            used.add(name)
            return True
        for other in segments.get(name, ()):
            if other.fixed:
                return False
            if not other.first < seg.start < other.end:
                continue
            if other.how == "remat":
                return other.readers[-1] >= reader
            if other.how == "push" and other.readers[-1] >= reader and _at_top_level(region, name, other.readers):
                return True
            if other.how == "push" and other.end > reader and other.start is not None \
                    and region.steps[other.start].kind == "simple":
                if other not in extend:
                    extend.append(other)
                return True
            return False
        return False

    expr = _recomputable(region.steps[seg.start], seg.name, None, holds, locals_)
    if expr is None or any(isinstance(node, gast.MatMult) for node in walk(expr)):
        return None, []         # (a product of matrices costs more to recompute than to keep)
    return expr, extend


def _at_top_level(region, name, readers):
    """Whether `_push` puts the push of `name` for `readers` at the region's top level."""
    step = region.steps[readers[-1]] if readers[-1] >= 0 else None
    return len(readers) > 1 or step is None or step.kind != "if" or name in step.defs or name in step.own_reads \
        or all(name in arm.free_reads for arm in step.children)


def _adjoint_writes(region):
    """Names the region's adjoint statements (its steps' and their regions', at any depth) assign."""
    out = set()
    for stmt in region.end_adjoint:
        out |= _stores(stmt)
    for step in region.steps:
        for stmt in step.adjoint:
            out |= _stores(stmt)
        for child in step.children:
            out |= _adjoint_writes(child)
    return out


def _stores(stmt):
    return set(name_ids(stmt, gast.Store))


def _runs_to_end(body):
    """No `break`, `continue` or `return` cuts an iteration of this loop body short."""
    for stmt in body:
        if isinstance(stmt, (gast.Break, gast.Continue, gast.Return)):
            return False
        if isinstance(stmt, gast.If) and not (_runs_to_end(stmt.body) and _runs_to_end(stmt.orelse)):
            return False
        if isinstance(stmt, (gast.For, gast.While)) and any(isinstance(n, gast.Return) for n in walk(stmt)):
            return False
    return True


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


def _recomputable(step, name, stable, holds=None, locals_=frozenset()):
    """The defining expression of `name` at `step` if it is cheap and its operands are stable
    (or, given `holds`, hold their values).  A cheap call's operand must be kept anyway: not one
    of the stable `locals_`, which would stay alive for it alone (a parameter is alive anyway)."""
    value = _defining_value(step, name)
    if value is None:
        return None
    if holds is not None and getattr(step, "cheap_call", False):      # `np.tanh(c)`, c holding its value
        arg = value.args[0]
        return value if arg.id not in locals_ and holds(arg.id) else None
    kept = (lambda n: n in stable) if holds is None else holds
    if not _cheap_of(value, kept) or not isinstance(value, _CHEAP_VALUES):
        return None
    return value


_CHEAP_VALUES = (gast.Subscript, gast.Attribute, gast.BinOp, gast.UnaryOp, gast.Name)
_COSTLY = (gast.Call, gast.Lambda, gast.ListComp, gast.Dict, gast.List, gast.Tuple)


def _defining_value(step, name):
    """The value of `name = value`, where that is the whole of the simple step `step`; else None."""
    stmt = step.stmt
    if step.kind != "simple" or not isinstance(stmt, gast.Assign) or step.forward != [stmt]:
        return None
    target = stmt.targets[0]
    return stmt.value if isinstance(target, gast.Name) and target.id == name else None


def _cheap_of(value, kept):
    """No call, lambda, comprehension or container in `value` (a tuple inside it, as an index, is
    fine), and every name it loads satisfies `kept`."""
    for node in walk(value):
        if isinstance(node, _COSTLY) and (node is value or not isinstance(node, gast.Tuple)):
            return False
        if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load) and not kept(node.id):
            return False
    return True

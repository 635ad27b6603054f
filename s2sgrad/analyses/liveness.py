"""Liveness: what a statement reads and writes, and which names are live after it, in one
pass per loop (at a loop's head live is what is live after it, plus what its header reads and
its body reads before defining it), so time is linear in nesting depth."""

import gast

from ..trees import NAMELESS, name_ids, names_by_context, push_children


def stores(node, census=None):
    """Names a statement binds or writes into (a store's base, `np.add.at`'s array); `census`:
    the statement's `names_by_context`, when the caller has it."""
    if isinstance(node, gast.FunctionDef):
        return {node.name}
    out = set((census if census is not None else names_by_context(node)).get(gast.Store, ()))
    if isinstance(node, gast.Expr) and is_add_at(node.value):
        first = node.value.args[0]
        if isinstance(first, gast.Name):
            out.add(first.id)
    if isinstance(node, (gast.AugAssign, gast.Assign)):
        for target in ([node.target] if isinstance(node, gast.AugAssign) else node.targets):
            if isinstance(target, gast.Subscript) and isinstance(target.value, gast.Name):
                out.add(target.value.id)
    return out


def loads(node, census=None):
    """Names a statement reads (an augmented target too; a nested def's free names); `census`:
    the statement's `names_by_context`, when the caller has it."""
    if isinstance(node, gast.FunctionDef):
        # a closure reads its free names when called; keeping them alive from the def on is safe.
        # Its own names are those bound in its own scope: a name a nested function binds for
        # itself may still be read here from the enclosing function.
        own = {a.id for a in node.args.args} | bound_in_scope(node.body)
        return name_ids(node, gast.Load) - own
    out = set((census if census is not None else names_by_context(node)).get(gast.Load, ()))
    if isinstance(node, gast.AugAssign) and isinstance(node.target, gast.Name):
        out.add(node.target.id)
    return out


def bound_in_scope(body):
    """Names a function body binds in its own scope: a nested def's name, not what the nested
    function binds for itself (comprehension variables count, which only errs toward bound)."""
    found, work = set(), list(body)
    pop, push = work.pop, work.append
    while work:
        node = pop()
        cls = type(node)
        if cls is gast.FunctionDef:
            found.add(node.name)
            continue
        if cls is gast.Lambda or cls in NAMELESS:
            continue
        if cls is gast.Name and not isinstance(node.ctx, gast.Load):
            found.add(node.id)
        push_children(node, push)
    return found


def is_add_at(call):
    """`np.add.at(d, ...)` or `scatter_add(d, ...)`: an in-place write into the first argument."""
    if not isinstance(call, gast.Call):
        return False
    func = call.func
    return (isinstance(func, gast.Attribute) and func.attr == "at") or \
        (isinstance(func, gast.Name) and func.id in ("scatter_add", "accumulate_item"))


def killed(stmt):
    """Names a simple statement certainly rebinds."""
    targets = {t.id for t in getattr(stmt, "targets", []) if isinstance(t, gast.Name)}
    return targets if isinstance(stmt, gast.Assign) and len(targets) == len(stmt.targets) else set()


def exposed_uses(body, exposed, loads_of=loads):
    """(names `body` may read before it defines them, names it certainly defines); fills
    exposed[id(loop)] with what a loop's header and body read before the body defines it.
    `loads_of(stmt)`: what a simple statement reads (`loads`, or a cache of it)."""
    reads, defined = set(), set()
    for stmt in reversed(body):
        if isinstance(stmt, gast.If):
            r1, d1 = exposed_uses(stmt.body, exposed, loads_of)
            r2, d2 = exposed_uses(stmt.orelse, exposed, loads_of)
            uses, kills = loads(stmt.test) | r1 | r2, d1 & d2
        elif isinstance(stmt, (gast.For, gast.While)):
            inner, _ = exposed_uses(stmt.body, exposed, loads_of)
            if isinstance(stmt, gast.For):
                inner = inner - stores(stmt.target)
            exposed[id(stmt)] = uses = header_loads(stmt) | inner
            kills = set()               # the loop may not run
        else:
            uses, kills = loads_of(stmt), killed(stmt)
        reads -= kills              # in place: a straight-line body is linear, not quadratic
        reads |= uses
        defined |= kills
    return reads, defined


def header_loads(stmt):
    """Names a loop's header reads: its iterable, or its test."""
    if isinstance(stmt, gast.For):
        return loads(stmt.iter)
    return loads(stmt.test)


def live_after(body):
    """{id(statement): names live right after it}, for every statement of a function body, as
    frozensets that statements share where liveness does not change between them (read them,
    never change them)."""
    exposed, out, read = {}, {}, {}

    def loads_of(stmt):         # (both sweeps ask: each statement is walked once)
        found = read.get(id(stmt))
        if found is None:
            found = read[id(stmt)] = loads(stmt)
        return found
    exposed_uses(body, exposed, loads_of)
    _backward(body, frozenset(), exposed, out, loads_of)
    return out


def _backward(body, live, exposed, out, loads_of):
    """What is live before `body`, given `live` after it (a frozenset, never changed in place: a
    statement that kills nothing live and reads nothing new shares its successor's set, so a
    long straight-line body makes no copy per statement)."""
    for stmt in reversed(body):
        out[id(stmt)] = live
        if isinstance(stmt, gast.If):
            live = _backward(stmt.body, live, exposed, out, loads_of) \
                | _backward(stmt.orelse, live, exposed, out, loads_of) | loads(stmt.test)
        elif isinstance(stmt, (gast.For, gast.While)):
            live = live | exposed[id(stmt)]
            _backward(stmt.body, live, exposed, out, loads_of)
        else:
            live = _step(live, killed(stmt), loads_of(stmt))
    return live


def _step(live, kills, reads):
    """`(live - kills) | reads`, `live` itself where that is the same set."""
    kills = kills & live if kills else kills
    if kills:
        live = live - kills
    if reads and not reads <= live:
        live = live | reads
    return live

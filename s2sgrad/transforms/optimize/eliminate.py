"""Eliminate dead code: statements with no effect that nothing needed reads are removed
(`eliminate_dead_code`, by marking), and so are pure assignments to generated names that no
later statement reads (`eliminate_dead_stores`, by liveness), and a push whose pop gives a value
nothing reads, with that pop (`eliminate_dead_pairs`)."""

import gast

from ...analyses.liveness import exposed_uses, header_loads, killed, loads, stores
from ...naming import TAPE
from ...trees import walk
from .census import Census, is_compound, is_stack_op


def eliminate_dead_code(func, generated=(), census=None):
    """Mark statements with effects and what they read, transitively; sweep the rest."""
    census = census or Census(generated)
    statements = []
    _flatten(func.body, statements, [])
    needed_names, needed = set(), set()
    for stmt, parents in statements:
        if census.effect(stmt):
            needed.add(id(stmt))
            needed_names |= census.loads(stmt)
    own_stores = {}
    changed = True
    while changed:          # backwards, so a chain of reads is marked in one pass
        changed = False
        for stmt, parents in reversed(statements):
            if id(stmt) in needed:
                for parent in parents:
                    if id(parent) not in needed:
                        needed.add(id(parent))
                        needed_names |= header_loads(parent)
                        changed = True
                continue
            if id(stmt) not in own_stores:
                own_stores[id(stmt)] = stores(stmt.target) if isinstance(stmt, gast.For) else census.stores(stmt)
            if own_stores[id(stmt)] & needed_names:
                needed.add(id(stmt))
                needed_names |= header_loads(stmt) if isinstance(stmt, gast.For) else census.loads(stmt)
                changed = True
    return _sweep(func.body, needed)


def eliminate_dead_stores(func, generated, census=None):
    """Remove pure assignments to generated names that no later statement reads (liveness)."""
    census = census or Census(generated)
    exposed = {}
    exposed_uses(func.body, exposed, census.loads)
    changed, _ = _dse_block(func.body, set(), generated, exposed, census)     # nothing is read after the return
    return changed


def _dse_block(body, live, generated, exposed, census):
    """Backward over `body` with `live` after it; returns (changed, live before).

    At a loop's head live is what is live after it, what its header reads and what its body
    reads before defining it (`exposed`): one pass per loop, so time is linear in nesting.
    """
    changed = False
    keep = []
    for stmt in reversed(body):
        if isinstance(stmt, gast.If):
            c1, live_then = _dse_block(stmt.body, set(live), generated, exposed, census)
            c2, live_else = _dse_block(stmt.orelse, set(live), generated, exposed, census)
            changed |= c1 or c2
            if not stmt.body:
                stmt.body.append(gast.Pass())
            live = live_then | live_else | loads(stmt.test)
        elif isinstance(stmt, (gast.For, gast.While)):
            live = live | exposed[id(stmt)]
            c, _ = _dse_block(stmt.body, set(live), generated, exposed, census)
            changed |= c
            if not stmt.body:
                stmt.body.append(gast.Pass())
        elif _dead_store(stmt, live, generated, census):
            changed = True
            continue
        elif _dead_pop(stmt, live):
            stmt = _bare(stmt)
            changed = True
        else:
            live -= killed(stmt)        # `live` is this call's own set: updated in place
            live |= census.loads(stmt)
        keep.append(stmt)
    body[:] = keep[::-1]
    return changed, live


def _dead_pop(stmt, live):
    """`v = stack.pop()` where nothing reads v: the pop must stay, the name need not."""
    return (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name)
            and stmt.targets[0].id not in live and is_stack_op(stmt.value)
            and isinstance(stmt.value, gast.Call) and getattr(stmt.value.func, "attr", "") == "pop")


def _bare(stmt):
    bare = gast.Expr(value=stmt.value)
    for attr in ("s2s_line", "s2s_adjoint", "s2s_pair", "lineno", "col_offset"):
        if hasattr(stmt, attr):
            setattr(bare, attr, getattr(stmt, attr))
    return bare


def eliminate_dead_pairs(func):
    """Remove each push laid out with one pop (`s2s_pair`, reverse/layout.py) whose pop is bare:
    the tape stays balanced, as the pair pushed and popped the same number of times."""
    blocks = list(_blocks(func.body))
    dead = _dead_pairs(s for b in blocks for s in b if getattr(s, "s2s_pair", None) is not None)
    if not dead:
        return False
    for block in blocks:
        block[:] = [s for s in block if id(s) not in dead] or [gast.Pass()]
    if sum(isinstance(n, gast.Name) and n.id == TAPE for n in walk(func)) == 1:
        func.body[:] = [s for s in func.body if not _makes_tape(s)]     # (no push or pop is left)
    return True


def _dead_pairs(paired):
    """The ids of the statements of the pairs among `paired` pushed once and popped once, bare."""
    pushes, pops = {}, {}
    for stmt in paired:
        is_push = isinstance(stmt, gast.Expr) and getattr(stmt.value.func, "attr", "") == "push"
        (pushes if is_push else pops).setdefault(stmt.s2s_pair, []).append(stmt)
    return {id(s) for pair, found in pops.items() if len(found) == 1 and len(pushes.get(pair, ())) == 1
            and isinstance(found[0], gast.Expr) for s in found + pushes[pair]}


def _makes_tape(stmt):
    return isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name) \
        and stmt.targets[0].id == TAPE and isinstance(stmt.value, gast.Call) \
        and isinstance(stmt.value.func, gast.Name) and stmt.value.func.id == "Stack"


def _blocks(body):
    yield body
    for stmt in body:
        for field in ("body", "orelse", "finalbody"):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list) and inner and isinstance(inner[0], gast.stmt):
                yield from _blocks(inner)


def _dead_store(stmt, live, generated, census):
    if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name)):
        return False
    target = stmt.targets[0].id
    if isinstance(stmt.value, gast.Name) and stmt.value.id == target:
        return True             # `a = a`
    return target in generated and target not in live and census.pure_value(stmt)


def _flatten(body, out, parents):
    for stmt in body:
        if is_compound(stmt):
            _flatten(stmt.body, out, parents + [stmt])
            _flatten(stmt.orelse, out, parents + [stmt])
            if isinstance(stmt, gast.For):
                out.append((stmt, parents))   # binds its target
        else:
            out.append((stmt, parents))


def _sweep(body, needed):
    changed = False
    out = []
    for stmt in body:
        if is_compound(stmt):
            if id(stmt) not in needed:
                changed = True
                continue
            before = (len(stmt.body), len(stmt.orelse))
            changed |= _sweep(stmt.body, needed)
            changed |= _sweep(stmt.orelse, needed)
            if not stmt.body:
                stmt.body.append(gast.Pass())
            changed |= before != (len(stmt.body), len(stmt.orelse))
            out.append(stmt)
        elif id(stmt) in needed or isinstance(stmt, gast.Pass) and len(body) == 1:
            out.append(stmt)
        else:
            _keep_comment(stmt, body, out)
            changed = True
    body[:] = out
    return changed


def _keep_comment(removed, body, out):
    """Nothing to do: comments are printed from each statement's own source line."""

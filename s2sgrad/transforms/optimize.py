"""Optimize: to a fixed point, hoist pushes, propagate copies, remove dead code, fold temporaries.

Only names the transformation made up (`generated`) are propagated or folded, so the
user's own statements keep their shape.  Folding never crosses a push, a pop, a call with
effects, or a write to anything the folded expression reads, and never moves code into a
loop.
"""

import gast

from ..analyses.liveness import exposed_uses, header_loads, is_add_at, killed, loads, stores
from ..analyses.ops import dotted
from ..effects import is_pure_call
from ..errors import InternalError
from ..naming import TANGENT_TAPE, TAPE
from ..trees import Transformer, clone, name_ids, name_nodes, names_by_context, push_children, walk
from .codegen import length_bound, unparse

_MAX_LINE = 80


def optimize(func, generated):
    """Rewrite `func` (a FunctionDef) in place until no pass changes it."""
    if not unshare(func):
        check_contexts(func)        # raises, naming the first such name in walk order
    census = _Census(generated)
    for _ in range(20):
        changed = hoist_pushes(func.body, census)
        changed |= fold_temporaries(func, generated, census)
        changed |= propagate_copies(func.body, generated, census)
        changed |= eliminate_dead_code(func, generated, census)
        changed |= eliminate_dead_stores(func, generated, census)
        if not changed:
            break
    names, untidy = _final_census(func)
    compact_names(func, generated, names)
    _tidy(func, untidy)
    return func


def _final_census(func):
    """One walk for the last two steps: the function's `Name` nodes, and which of its parts
    `_Tidy` would rewrite (the statements of its body by index; None: a part outside them)."""
    found, untidy = [], set()
    rest = []
    for field in func._fields:
        value = getattr(func, field, None)
        if field != "body":
            rest += value if type(value) is list else [value]
    for part, nodes in [(k, [stmt]) for k, stmt in enumerate(func.body)] + [(None, rest)]:
        todo = [n for n in nodes if isinstance(n, gast.AST)]
        pop, push = todo.pop, todo.append
        while todo:
            node = pop()
            cls = type(node)
            if cls is gast.Name:
                found.append(node)
            elif cls is gast.BinOp or cls is gast.AugAssign:
                if part not in untidy and _untidy(node):
                    untidy.add(part)
            if cls is not gast.Constant:
                push_children(node, push)
    return found, untidy


def _untidy(node):
    """Whether `_Tidy` rewrites `node` (a BinOp or an AugAssign): its rewrites make no new
    candidates, so what it changes is known before it runs."""
    if isinstance(node, gast.AugAssign):
        return isinstance(node.op, gast.Add) and isinstance(node.value, gast.UnaryOp) \
            and isinstance(node.value.op, gast.USub)
    right = node.right
    if isinstance(node.op, gast.Mult):
        return isinstance(node.left, gast.Constant) and node.left.value == 2 \
            and isinstance(right, gast.BinOp) and isinstance(right.op, gast.Mult)
    return isinstance(node.op, gast.Add) and isinstance(right, gast.UnaryOp) and isinstance(right.op, gast.USub)


def _tidy(func, untidy):
    """`_Tidy` on the parts of `func` it rewrites (all of it when a part outside the body is one)."""
    if None in untidy:
        _Tidy().visit(func)
        return
    for k in sorted(untidy):
        func.body[k] = _Tidy().visit(func.body[k])


class _Tidy(Transformer):
    """Exact rewrites for reading: `2 * (a * b)` -> `2 * a * b`; `a + -b` -> `a - b`."""

    def visit_BinOp(self, node):
        self.generic_visit(node)
        right = node.right
        if isinstance(node.op, gast.Mult) and isinstance(node.left, gast.Constant) and node.left.value == 2 \
                and isinstance(right, gast.BinOp) and isinstance(right.op, gast.Mult):
            return gast.BinOp(left=gast.BinOp(left=node.left, op=gast.Mult(), right=right.left),
                              op=gast.Mult(), right=right.right)
        if isinstance(node.op, gast.Add) and isinstance(right, gast.UnaryOp) and isinstance(right.op, gast.USub):
            return gast.BinOp(left=node.left, op=gast.Sub(), right=right.operand)
        return node

    def visit_AugAssign(self, node):
        self.generic_visit(node)
        value = node.value
        if isinstance(node.op, gast.Add) and isinstance(value, gast.UnaryOp) and isinstance(value.op, gast.USub):
            node.op, node.value = gast.Sub(), value.operand      # `d += -g` -> `d -= g`
        return node


def compact_names(func, generated, names=None):
    """`y_times_y_2` -> `y_times_y` where the shorter name is free in the function (`names`:
    its `Name` nodes, when the caller has them)."""
    import re
    if names is None:
        names = [n for n in walk(func) if isinstance(n, gast.Name)]
    taken = {n.id for n in names}
    local = {a.id for a in func.args.args} | {n.id for n in names if type(n.ctx) is gast.Store}
    renames = {}
    for old in sorted(local & set(generated)):
        match = re.fullmatch(r"(.+)_(\d+)", old)
        if match and not old.startswith("d_") and match.group(1) not in taken:
            renames[old] = match.group(1)
            taken.add(match.group(1))
            if "d_" + old in local and "d_" + match.group(1) not in taken:     # its adjoint follows
                renames["d_" + old] = "d_" + match.group(1)
                taken.add("d_" + match.group(1))
    if renames:
        for n in names:
            if n.id in renames:
                n.id = renames[n.id]


def unshare(node):
    """Give every place in the tree a node of its own: the passes rewrite nodes in place (a
    copy propagated into one statement must not reach another that shares the name node).
    Returns whether every name indexed or written into is loaded (see `check_contexts`).

    A tree seldom shares a node: one walk finds whether it does (and the answer), and only a
    tree that does is walked again to copy them (`_copy_shared`)."""
    seen, count, ok = set(), 0, True
    todo = [node]
    root, pop, push, add = node, todo.pop, todo.append, seen.add
    subscript, attribute, name, load = gast.Subscript, gast.Attribute, gast.Name, gast.Load
    while todo:
        node = pop()
        add(id(node))
        count += 1
        cls = type(node)
        if (cls is subscript or cls is attribute) and type(node.value) is name \
                and type(node.value.ctx) is not load:
            ok = False
        push_children(node, push)
    if len(seen) == count:
        return ok
    return _copy_shared(root)


def _copy_shared(node):
    """`unshare`, copying: depth first, each place in field order, as a recursion goes, the
    first place a shared node is met at keeps it, the later ones get copies.  A copy is not
    walked: its nodes are new, and the node it copies was walked where it was met first."""
    seen = set()
    ok = True
    todo = [(node, None, None)]     # (node, the list or node that holds it, its index or field), next on top
    pop = todo.pop
    subscript, attribute, name, load = gast.Subscript, gast.Attribute, gast.Name, gast.Load
    while todo:
        node, holder, key = pop()
        if id(node) in seen:
            if type(holder) is list:
                holder[key] = clone(node)
            else:
                setattr(holder, key, clone(node))
            continue
        seen.add(id(node))
        cls = type(node)
        if (cls is subscript or cls is attribute) and type(node.value) is name \
                and type(node.value.ctx) is not load:
            ok = False
        places = []
        for field in _fields(node):
            value = getattr(node, field, None)
            if type(value) is list:
                places += [(item, value, k) for k, item in enumerate(value) if isinstance(item, _AST)]
            elif isinstance(value, _AST):
                places.append((value, node, field))
        todo += reversed(places)
    return ok


_AST = gast.AST
_FIELD_CACHE = {}


def _fields(node):
    cls = type(node)
    fields = _FIELD_CACHE.get(cls)
    if fields is None:
        fields = _FIELD_CACHE[cls] = cls._fields
    return fields


def check_contexts(func):
    """Every pass reads what a statement loads and stores from the names' contexts: a name
    indexed or written into (`d[i] = 0`, `d.x = 0`) is loaded, never stored."""
    for node in walk(func):
        if isinstance(node, (gast.Subscript, gast.Attribute)) and isinstance(node.value, gast.Name) \
                and not isinstance(node.value.ctx, gast.Load):
            raise InternalError(f"`{node.value.id}` is indexed with a store context in {func.name}")


# -- helpers ----------------------------------------------------------------------------
TAPES = {TAPE, TANGENT_TAPE}       # the tape, and in forward-over-reverse code its tape of tangents


def is_stack_op(node):
    """Pushes, pops, and calls that take a tape (a callee's forward or adjoint)."""
    return not TAPES.isdisjoint(name_ids(node))


def is_pure_expr(expr):
    """Does evaluating `expr` have no effect but its value (see `effects`)?  Making a lambda
    evaluates only its defaults: its body runs when it is called."""
    pending = [expr]
    while pending:
        n = pending.pop()
        if isinstance(n, gast.Lambda):
            pending += list(n.args.defaults) + [d for d in n.args.kw_defaults or () if d is not None]
            continue
        if isinstance(n, gast.Call):
            parts = dotted(n.func)
            if parts is None or not is_pure_call(parts, [k.arg for k in n.keywords]):
                return False
        push_children(n, pending.append)
    return True


def _is_compound(stmt):
    return isinstance(stmt, (gast.If, gast.For, gast.While))


def _blocks(body):
    yield body
    for stmt in body:
        if _is_compound(stmt):
            yield from _blocks(stmt.body)
            yield from _blocks(stmt.orelse)


def _is_push(stmt):
    return (isinstance(stmt, gast.Expr) and isinstance(stmt.value, gast.Call)
            and isinstance(stmt.value.func, gast.Attribute) and stmt.value.func.attr == "push")


class _Census:
    """What the passes ask of a statement that is not compound (the names it loads and stores,
    whether it touches the tape, whether it has an effect), worked out once per `optimize` run
    and kept across its rounds: a pass that rewrites a statement in place forgets it.  (A
    compound statement changes with what is nested in it: its facts are worked out each time.)"""

    def __init__(self, generated=()):
        self.generated = generated
        self.table = {}

    def _facts(self, stmt):
        """The facts of `stmt` worked out so far; what it loads and stores and whether it names
        the tape come from one walk."""
        entry = self.table.get(id(stmt))
        if entry is not None and entry[0] is stmt:
            return entry[1]
        census = names_by_context(stmt)
        facts = {"loads": frozenset(loads(stmt, census)), "stores": frozenset(stores(stmt, census)),
                 "stack": any(not TAPES.isdisjoint(ids) for ids in census.values())}
        if not _is_compound(stmt):
            self.table[id(stmt)] = (stmt, facts)
        return facts

    def _fact(self, stmt, kind, compute):
        facts = self._facts(stmt)
        if kind not in facts:
            facts[kind] = compute(stmt)
        return facts[kind]

    def loads(self, stmt):
        """`liveness.loads(stmt)`, as a frozenset."""
        return self._facts(stmt)["loads"]

    def stores(self, stmt):
        """`liveness.stores(stmt)`, as a frozenset."""
        return self._facts(stmt)["stores"]

    def stack_op(self, stmt):
        """`is_stack_op(stmt)`."""
        return self._facts(stmt)["stack"]

    def effect(self, stmt):
        """Whether dead-code elimination must keep `stmt` for its effect."""
        return self._fact(stmt, "effect", lambda s: _has_effect(s, self.generated, self.pure_value))

    def pure_value(self, stmt):
        """Whether evaluating the value of `stmt` (an assignment, an expression) has no effect."""
        return self._fact(stmt, "pure", lambda s: is_pure_expr(s.value))

    def value_stack_op(self, stmt):
        """Whether the value of `stmt` (an assignment to one name) touches the tape: whether the
        statement does, unless the name it assigns is the tape's own."""
        if stmt.targets[0].id in TAPES:
            return is_stack_op(stmt.value)
        return self.stack_op(stmt)

    def writes_in_place(self, stmt):
        return self._fact(stmt, "in place", lambda s: _writes_in_place(s, self.generated))

    def barrier(self, stmt):
        """Whether a fold must not move an expression across `stmt`."""
        return self._fact(stmt, "barrier", lambda s: self.stack_op(s) or (
            isinstance(s, (gast.Expr, gast.Assign)) and not self.pure_value(s)))

    def bound(self, stmt):
        """`codegen.length_bound(stmt)`."""
        return self._fact(stmt, "bound", length_bound)

    def folded(self, stmt, source, t):
        """`source` (`t = expr`, pure and off the tape) was folded into `stmt` (an assignment, not
        compound), where `t` was read once: its facts follow without a walk.  It reads what it read
        but `t`, and what `expr` reads; it binds what `expr` binds too (a comprehension's variable);
        whether it touches the tape, has an effect, has a pure value, writes in place or is a
        barrier is as before, `expr` being pure and off the tape; its length bound grows by
        `expr`'s less `t`'s (the bound is a sum over the nodes)."""
        entry = self.table.get(id(stmt))
        if entry is None or entry[0] is not stmt:
            return
        facts, moved = dict(entry[1]), self._facts(source)
        facts["loads"] = (facts["loads"] - {t}) | moved["loads"]
        facts["stores"] = facts["stores"] | (moved["stores"] - {t})
        if "bound" in facts:
            bound, part = facts["bound"], length_bound(source.value)
            facts["bound"] = None if bound is None or part is None else bound - len(t) + part
        self.table[id(stmt)] = (stmt, facts)

    def forget(self, stmt):
        """`stmt` was rewritten in place (or dropped): forget it and the statements nested in it."""
        todo = [stmt]
        while todo:
            stmt = todo.pop()
            self.table.pop(id(stmt), None)
            if _is_compound(stmt):
                todo += stmt.body + stmt.orelse


# -- passes -----------------------------------------------------------------------------
def hoist_pushes(body, census=None):
    """Move each `stack.push(v)` up past statements that neither write `v` nor touch the stack."""
    census = census or _Census()
    changed = False
    for block in _blocks(body):
        i = 0
        while i < len(block):
            stmt = block[i]
            if _is_push(stmt) and i > 0:
                pushed = census.loads(stmt)
                prev = block[i - 1]
                if not _is_compound(prev) and not census.stack_op(prev) and not (census.stores(prev) & pushed):
                    block[i - 1], block[i] = stmt, prev
                    changed = True
                    i -= 1
                    continue
            i += 1
    return changed


def propagate_copies(body, generated, census=None):
    """After `a = b` (a generated), read `b` where `a` is read, until either is rebound."""
    census = census or _Census(generated)
    changed = False
    for block in _blocks(body):
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
        if _is_compound(stmt) and written & {old, new}:
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


def eliminate_dead_code(func, generated=(), census=None):
    """Mark statements with effects and what they read, transitively; sweep the rest."""
    census = census or _Census(generated)
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
    census = census or _Census(generated)
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
    for attr in ("s2s_line", "s2s_adjoint", "lineno", "col_offset"):
        if hasattr(stmt, attr):
            setattr(bare, attr, getattr(stmt, attr))
    return bare


def _dead_store(stmt, live, generated, census):
    if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name)):
        return False
    target = stmt.targets[0].id
    if isinstance(stmt.value, gast.Name) and stmt.value.id == target:
        return True             # `a = a`
    return target in generated and target not in live and census.pure_value(stmt)


def _flatten(body, out, parents):
    for stmt in body:
        if _is_compound(stmt):
            _flatten(stmt.body, out, parents + [stmt])
            _flatten(stmt.orelse, out, parents + [stmt])
            if isinstance(stmt, gast.For):
                out.append((stmt, parents))   # binds its target
        else:
            out.append((stmt, parents))


def _has_effect(stmt, generated=(), pure_value=None):
    """Whether dead-code elimination must keep `stmt` (`pure_value(stmt)`: whether evaluating its
    value has no effect, when the caller keeps that fact)."""
    if pure_value is None:
        pure_value = _pure_value
    if isinstance(stmt, (gast.Return, gast.Assert, gast.Raise)):
        return True
    if isinstance(stmt, gast.FunctionDef):
        return False
    if isinstance(stmt, gast.For):
        return False
    if isinstance(stmt, gast.Expr):
        return not pure_value(stmt) and not is_add_at(stmt.value)
    if isinstance(stmt, gast.Assign):
        if any(isinstance(t, (gast.Attribute, gast.Subscript)) for t in stmt.targets):
            return True         # a write into an object another name may see
        return not pure_value(stmt)
    if isinstance(stmt, gast.AugAssign):       # the user's `a += b` may update an array another name sees
        return not isinstance(stmt.target, gast.Name) or stmt.target.id not in generated \
            or not pure_value(stmt)
    return not isinstance(stmt, gast.Pass)


def _pure_value(stmt):
    return is_pure_expr(stmt.value)


def _sweep(body, needed):
    changed = False
    out = []
    for stmt in body:
        if _is_compound(stmt):
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


def fold_temporaries(func, generated, census=None):
    """Fold `t = expr` into the single later statement that reads `t`."""
    census = census or _Census(generated)
    counts_load, counts_store = _name_counts(func)
    changed = False
    for block in _blocks(func.body):
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
            if isinstance(other, (gast.For, gast.While)) or _is_push(other) or t in other_stores:
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


# Statements a fold updates the facts of rather than forgetting them (see `_Census.folded`).
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


def _writes_in_place(stmt, generated=()):
    if isinstance(stmt, gast.AugAssign) and (not isinstance(stmt.target, gast.Name)
                                             or stmt.target.id not in generated):
        return True         # the user's `a += b` updates an array in place, which other names may see
    if isinstance(stmt, gast.Assign) and any(isinstance(t, gast.Subscript) for t in stmt.targets):
        return True
    return isinstance(stmt, gast.Expr) and is_add_at(stmt.value)


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
                    if isinstance(inner, (gast.For, gast.While)) or _is_push(inner):
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
        for field in _fields(node):
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


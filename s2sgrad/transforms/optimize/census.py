"""Census: what the optimizer's passes ask of a statement (the names it loads and stores,
whether it touches the tape, has an effect, has a pure value, writes in place, how long it
prints), worked out once per `optimize` run and kept across its rounds."""

import gast

from ...analyses.liveness import is_add_at, loads, stores
from ...analyses.ops import dotted
from ...effects import is_pure_call
from ...naming import TANGENT_TAPE, TAPE
from ...trees import NAMELESS, name_ids, names_and_calls, node_fields
from ..codegen import length_bound

_AST = gast.AST
_UNKNOWN = object()
TAPES = {TAPE, TANGENT_TAPE}       # the tape, and in forward-over-reverse code its tape of tangents


def is_stack_op(node):
    """Pushes, pops, and calls that take a tape (a callee's forward or adjoint)."""
    return not TAPES.isdisjoint(name_ids(node))


def is_pure_expr(expr):
    """Does evaluating `expr` have no effect but its value (see `effects`)?  Making a lambda
    evaluates only its defaults: its body runs when it is called."""
    pending = [expr]
    pop, push, ast_node, lam, call = pending.pop, pending.append, _AST, gast.Lambda, gast.Call
    while pending:
        n = pop()
        cls = type(n)
        if cls is lam:
            pending += _lambda_defaults(n)
            continue
        if cls is call:
            parts = dotted(n.func)
            if parts is None or not is_pure_call(parts, [k.arg for k in n.keywords]):
                return False
        if cls in NAMELESS:
            continue
        for field in node_fields(cls):          # push_children, inlined
            value = getattr(n, field, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast_node):
                        push(item)
            elif isinstance(value, ast_node):
                push(value)
    return True


def _lambda_defaults(lam):
    """The default values of a lambda's parameters: all that making it evaluates."""
    return list(lam.args.defaults) + [d for d in lam.args.kw_defaults or () if d is not None]


def is_compound(stmt):
    return isinstance(stmt, (gast.If, gast.For, gast.While))


def blocks(body):
    yield body
    for stmt in body:
        if is_compound(stmt):
            yield from blocks(stmt.body)
            yield from blocks(stmt.orelse)


def is_push(stmt):
    return (isinstance(stmt, gast.Expr) and isinstance(stmt.value, gast.Call)
            and isinstance(stmt.value.func, gast.Attribute) and stmt.value.func.attr == "push")


class Census:
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
        census, calls = names_and_calls(stmt)
        facts = {"loads": frozenset(loads(stmt, census)), "stores": frozenset(stores(stmt, census)),
                 "stack": any(not TAPES.isdisjoint(ids) for ids in census.values()), "calls": calls}
        if not is_compound(stmt):
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
        return self._fact(stmt, "effect", lambda s: has_effect(s, self.generated, self.pure_value))

    def pure_value(self, stmt):
        """Whether evaluating the value of `stmt` (an assignment, an expression) has no effect:
        only a call may have one."""
        facts = self._facts(stmt)
        if "pure" not in facts:
            facts["pure"] = is_pure_expr(stmt.value) if facts["calls"] else True
        return facts["pure"]

    def value_stack_op(self, stmt):
        """Whether the value of `stmt` (an assignment to one name) touches the tape: whether the
        statement does, unless the name it assigns is the tape's own."""
        if stmt.targets[0].id in TAPES:
            return is_stack_op(stmt.value)
        return self.stack_op(stmt)

    def writes_in_place(self, stmt):
        return self._fact(stmt, "in place", lambda s: writes_in_place(s, self.generated))

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
        facts["calls"] = facts["calls"] or moved["calls"]
        if "bound" in facts:
            bound, part = facts["bound"], self._value_bound(source, moved)
            facts["bound"] = None if bound is None or part is None else bound - len(t) + part
        self.table[id(stmt)] = (stmt, facts)

    def _value_bound(self, source, facts):
        """`length_bound(source.value)` for `source`, an assignment to one name: from the
        statement's own bound when that is known (the name and `=` are 9 characters besides it)."""
        target = source.targets[0]
        bound = facts.get("bound", _UNKNOWN)
        if bound is _UNKNOWN or target.annotation is not None:
            return length_bound(source.value)
        return None if bound is None else bound - 9 - len(target.id)

    def forget(self, stmt):
        """`stmt` was rewritten in place (or dropped): forget it and the statements nested in it."""
        todo = [stmt]
        while todo:
            stmt = todo.pop()
            self.table.pop(id(stmt), None)
            if is_compound(stmt):
                todo += stmt.body + stmt.orelse


def has_effect(stmt, generated=(), pure_value=None):
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


def writes_in_place(stmt, generated=()):
    if isinstance(stmt, gast.AugAssign) and (not isinstance(stmt.target, gast.Name)
                                             or stmt.target.id not in generated):
        return True         # the user's `a += b` updates an array in place, which other names may see
    if isinstance(stmt, gast.Assign) and any(isinstance(t, gast.Subscript) for t in stmt.targets):
        return True
    return isinstance(stmt, gast.Expr) and is_add_at(stmt.value)

"""Fresh aliases: `w op= e` or a store `w[i] = e`, where `w` holds an array the function made
and that exactly the names of one group hold (`w = v` and `w = v = ...` join v's group; no
view, container, callee or closure can see the array), -> `w = w op e` (the store kept) and
each other name of the group bound to the result: NumPy's update, which every name sees.

    v = np.zeros(3)                    v = np.zeros(3)
    v += x                             v += x
    w = v                    --->      w = v
    w *= 2.0                           w = w * 2.0
                                       v = w
    w[0] = x[1]                        w[0] = x[1]
                                       v = w

Proved from the syntax alone, in the function's own statements and in its `if`, `for` and
`while` blocks: a group starts at a new array (`np.zeros(...)`, `np.ones`, `np.empty`,
`np.full`, their `_like` forms, `np.array(...)` and `np.copy(...)` without `copy=`,
`a.copy()` of a parameter or of a group's array: a NumPy scalar's copy is a scalar, which
`+=` rebinds); its arrays may then be stored into by index, updated whole (`v += e`), read
where what is read cannot be kept (an operand of arithmetic or of a NumPy function, a test,
what is stored into an array of the group), and bound to other names.  Anything else that
may keep a reference to the array (a view, a container, a call of the user's, a closure)
ends the group, and the update is kept as written, which emitted code refuses where it runs
when another name may see the array (`SharedUpdateError`).  A loop keeps a group that each
iteration leaves to the same names (and to names the body binds before it reads them and
nothing after the loop reads); an `if` one that both arms leave alike.  An update of an array
no other name holds is rewritten too where its name was ever shared (`a, b = b, a`), which the
alias analysis, not flow-sensitive through a loop's iterations, would take for shared.
"""

import builtins

import gast
import numpy as np

from ..analyses.alias_values import _VIEW_FUNCTIONS
from ..analyses.ops import dotted
from ..resolve import resolve_dotted
from ..trees import clone, walk

_FRESH = {np.zeros, np.ones, np.empty, np.full, np.zeros_like, np.ones_like, np.empty_like, np.full_like, np.array,
          np.copy}
_MAKERS = {f.__name__ for f in _FRESH} | {"copy"}
# What a value's metadata reads: nothing that keeps the array.
_SCALAR_ATTRIBUTES = {"shape", "ndim", "size", "dtype"}
# Builtins that keep no reference to what they are given (min and max give one back: read, not kept),
# and those of them that give a new value (enumerate and zip give back items, rows of an array).
_KEEPING_NOTHING = {len, range, float, int, bool, abs, round, min, max, sum, print, isinstance, enumerate, zip}
_NEW_BUILTINS = {len, range, float, int, bool, abs, round, sum, isinstance}
# Methods of an array that give a new value (or a number) and keep no reference to it.
_NEW_METHODS = {"sum", "mean", "dot", "copy", "max", "min", "prod", "std", "var", "item", "astype", "flatten",
                "cumsum", "cumprod", "all", "any", "argmax", "argmin", "trace", "tolist"}
# NumPy functions that return one of their arguments or a view of one.
_NOT_NEW = {np.asarray, np.asanyarray, np.reshape, np.ravel, np.transpose, np.squeeze, np.expand_dims,
            np.swapaxes, np.moveaxis, np.broadcast_to, np.atleast_1d, np.atleast_2d, np.atleast_3d, np.diagonal,
            np.real, np.imag, np.flip, np.fliplr, np.flipud, np.rot90, np.split, np.array_split, np.hsplit,
            np.vsplit, np.dsplit, np.broadcast_arrays, np.ascontiguousarray, np.asfortranarray, np.require,
            np.copyto, np.einsum, np.diag, np.rollaxis, np.frombuffer, np.trim_zeros,
            np.lib.stride_tricks.as_strided, np.lib.stride_tricks.sliding_window_view}


def rebind_fresh_aliases(node, resolver):
    """`node` with each provable `w op= e` on an array of a group of names as above; `node` itself
    when it has none."""
    nodes = list(walk(node))
    if not any(isinstance(n, gast.Attribute) and n.attr in _MAKERS or isinstance(n, gast.Name) and n.id in _MAKERS
               for n in nodes):
        return node         # no new array made: nothing to follow
    found = {}          # id(`w op= e`) -> the other names of w's group
    _Groups(_Function(node, nodes, resolver, _captured(node, nodes)), found).block(node.body, {})
    if not found:
        return node
    copied = clone(node)
    twins = {id(a): b for a, b in zip(walk(node), walk(copied)) if id(a) in found}
    _rewrite(copied, {id(twins[k]): others for k, others in found.items()})
    return copied


def _captured(node, nodes):
    """The names a nested function or lambda reads, and those declared global or nonlocal."""
    return {n.id for d in nodes if isinstance(d, (gast.FunctionDef, gast.Lambda)) and d is not node
            for n in walk(d) if isinstance(n, gast.Name)} \
        | {n for d in nodes if isinstance(d, (gast.Global, gast.Nonlocal)) for n in d.names}


def _rewrite(node, found):
    """Replace each found `w op= e` in every statement list of `node` by `w = w op e; v = w; ...`."""
    for parent in list(walk(node)):
        for field in ("body", "orelse", "finalbody"):
            stmts = getattr(parent, field, None)
            if isinstance(stmts, list) and any(id(s) in found for s in stmts):
                setattr(parent, field, [new for s in stmts for new in _rebound(s, found.get(id(s)))])


def _rebound(stmt, others):
    if others is None:
        return [stmt]
    if not isinstance(getattr(stmt, "target", None), gast.Name):       # a store into the array: kept
        target = (stmt.targets[0] if isinstance(stmt, gast.Assign) else stmt.target).value.id
        shares = [gast.Assign(targets=[_name(v, gast.Store())], value=_name(target, gast.Load()), type_comment=None)
                  for v in others]
        return [stmt] + [gast.copy_location(s, stmt) for s in shares]
    target = stmt.target.id
    update = gast.Assign(targets=[_name(target, gast.Store())], type_comment=None,
                         value=gast.BinOp(left=_name(target, gast.Load()), op=stmt.op, right=stmt.value))
    shares = [gast.Assign(targets=[_name(v, gast.Store())], value=_name(target, gast.Load()), type_comment=None)
              for v in others]
    return [gast.copy_location(s, stmt) for s in [update] + shares]


class _Function:
    """What the walk reads of the function as a whole, each found once."""

    def __init__(self, node, nodes, resolver, captured):
        self.node, self.resolver, self.captured = node, resolver, captured
        self.uses = {}              # name -> how often the function names it
        self.assigned = set()       # the parameters and the names it binds: not a module's
        for n in nodes:
            if isinstance(n, gast.Name):
                self.uses[n.id] = self.uses.get(n.id, 0) + 1
                if not isinstance(n.ctx, gast.Load):
                    self.assigned.add(n.id)
        self.params = {a.id for a in node.args.args}
        self.facts = {}             # id(loop) -> [how often its body names each name, whether it jumps]
        self.loops = {}             # id(loop) -> (its body's locals, the names its body names, whether it jumps)
        self.walked = {}            # (id(loop), its state at entry) -> (its state after, found)
        self.callees = {}           # id(func node) -> what it resolves to
        self.shared = set()         # names ever bound to a group's array by `w = v` or `a, b = b, a`

    def loop(self, stmt):
        if id(stmt) not in self.loops:
            if id(stmt) not in self.facts:      # (an outer loop's walk finds its inner loops' too)
                self.facts.update(_loop_facts(stmt))
            inside, jumps = self.facts[id(stmt)]
            self.loops[id(stmt)] = (_body_locals(stmt, self.uses, inside, self.facts), set(inside), jumps)
        return self.loops[id(stmt)]


class _Groups:
    """The walk: `state` maps each name known to hold a fresh array to its group (a frozenset of
    the names that hold that array, and nothing else does)."""

    def __init__(self, function, found):
        self.function, self.found = function, found
        self.captured, self.assigned, self.params = function.captured, function.assigned, function.params

    def block(self, body, state):
        for stmt in body:
            state = self.stmt(stmt, state)
        return state

    def stmt(self, stmt, state):
        handler = getattr(self, "stmt_" + type(stmt).__name__, None)
        if handler is None:
            _kill(state, _names(stmt))
            return state
        return handler(stmt, state)

    def stmt_Pass(self, stmt, state):
        return state

    stmt_Break = stmt_Continue = stmt_Pass

    def stmt_Return(self, stmt, state):
        if stmt.value is not None:
            self.consume(stmt.value, state)
        return state

    def stmt_Assign(self, stmt, state):
        if len(stmt.targets) != 1:
            return self.chained(stmt, state)
        target = stmt.targets[0]
        if isinstance(target, gast.Name):
            self.bind([target.id], [stmt.value], state)
        elif isinstance(target, gast.Tuple) and isinstance(stmt.value, gast.Tuple) \
                and len(target.elts) == len(stmt.value.elts) and all(isinstance(t, gast.Name) for t in target.elts):
            self.bind([t.id for t in target.elts], stmt.value.elts, state)
        elif isinstance(target, gast.Subscript) and isinstance(target.value, gast.Name):
            self.store(stmt, state)
        else:
            _kill(state, _names(stmt))
        return state

    def chained(self, stmt, state):
        """`a = b = v`: `a = v`, then `b = a` (Python binds the targets left to right)."""
        if not all(isinstance(t, gast.Name) for t in stmt.targets):
            _kill(state, _names(stmt))
            return state
        first = stmt.targets[0].id
        self.bind([first], [stmt.value], state)
        for target in stmt.targets[1:]:
            self.bind([target.id], [gast.Name(id=first, ctx=gast.Load(), annotation=None, type_comment=None)], state)
        return state

    def stmt_AugAssign(self, stmt, state):
        target = stmt.target
        if isinstance(target, gast.Subscript) and isinstance(target.value, gast.Name):
            self.store(stmt, state)
        elif not isinstance(target, gast.Name):
            _kill(state, _names(stmt))
        elif target.id not in state:        # a number, or an array this walk does not follow
            self.keep(stmt.value, state)
        elif self.consume(stmt.value, state) and target.id in state and target.id in self.function.shared:
            self.found[id(stmt)] = sorted(state[target.id] - {target.id})     # (alone, `w = w op e`)
        return state

    def stmt_Expr(self, stmt, state):
        self.keep(stmt.value, state)        # a call may keep what it is given (`xs.append(v)`)
        return state

    def stmt_If(self, stmt, state):
        self.consume(stmt.test, state)
        return _merge(self.block(stmt.body, dict(state)), self.block(stmt.orelse, dict(state)))

    def stmt_For(self, stmt, state):
        self.keep(stmt.iter, state)
        _kill(state, _names(stmt.target))       # were the loop not to run, the name would keep the array
        return self.loop(stmt, state)

    def stmt_While(self, stmt, state):
        self.consume(stmt.test, state)
        return self.loop(stmt, state)

    # -- what a statement does to the groups -------------------------------------------------
    def bind(self, targets, values, state):
        """`t = v` (and `a, b = b, a`): each target joins the group of the name it is given, starts
        a group with a new array, or leaves its group; the values are read first."""
        sources = self.sources(values, state)
        for t in targets:
            _unbind(state, t)
        joined = {}
        for t, source in zip(targets, sources):
            if source is not None:
                key = source or t
                joined[key] = joined.get(key, source - set(targets)) | {t}
        for group in joined.values():
            if group & self.captured:       # a closure reads the name where it runs
                _kill(state, group)
                continue
            if len(group) > 1 or len(targets) > 1:
                self.function.shared.update(group)
            for n in group:
                state[n] = frozenset(group)

    def sources(self, values, state):
        """For each value the group it joins a name to: an empty one for a new array, None where
        it is no array of a group (what it reads is kept)."""
        made = [not isinstance(v, gast.Name) and self.fresh_array(v, state) for v in values]
        for value, new in zip(values, made):
            if not new and not isinstance(value, gast.Name):
                self.keep(value, state)
        return [frozenset() if new else state.get(v.id) if isinstance(v, gast.Name) else None
                for v, new in zip(values, made)]

    def store(self, stmt, state):
        """`v[i] = e`, `v[i] op= e`: an array of a group copies e (and the group's other names are
        bound to the stored array after it, where v was ever shared); anything else may keep it."""
        target = stmt.targets[0] if isinstance(stmt, gast.Assign) else stmt.target
        name = target.value.id
        kept = self.consume(stmt.value, state) if name in state else self.keep(stmt.value, state)
        if self.consume(target.slice, state) and kept and name in state and name in self.function.shared:
            others = sorted(state[name] - {name})
            if others:
                self.found[id(stmt)] = others

    def consume(self, expr, state):
        """`expr` read where its value is used up (an operand, a test, a value copied into an
        array): the groups it reads end where a call in it may keep an array of theirs.  Whether
        they are all kept."""
        read = _reads(expr, state)
        if read and not self.calls_keep_nothing(expr, state):
            _kill(state, read)
            return False
        return True

    def keep(self, expr, state):
        """`expr` whose value is kept (bound, stored into a container, iterated): the groups it
        reads end unless it is a new value that holds none of their arrays."""
        read = _reads(expr, state)
        if read and not (self.new_value(expr, state) and self.calls_keep_nothing(expr, state)):
            _kill(state, read)

    # -- loops ----------------------------------------------------------------------------------
    def loop(self, stmt, state):
        """The groups the body leaves to the names it was given them in, each iteration (and
        names it binds before reading them, dead after the loop); the others end before it."""
        local, named, jumps = self.function.loop(stmt)
        if jumps:
            _kill(state, named)
        key = (id(stmt), frozenset(state.items()))
        if key not in self.function.walked:     # (an inner loop is walked again with each walk of the outer)
            self.function.walked[key] = self.walk_loop(stmt, dict(state), local)
        after, found = self.function.walked[key]
        state.clear()
        state.update(after)
        self.found.update(found)
        return self.block(stmt.orelse, state)

    def walk_loop(self, stmt, state, local):
        while True:
            found = {}
            end = _Groups(self.function, found).block(stmt.body, dict(state))
            lost = {n for n in state if not (state[n] <= end.get(n, frozenset())
                                             and end[n] - state[n] <= local)}
            if not lost:
                return state, found
            _kill(state, lost)

    # -- expressions ------------------------------------------------------------------------
    def fresh_array(self, value, state):
        """Whether `value` makes a new array (its operands read where nothing keeps them)."""
        if not isinstance(value, gast.Call) or any(k.arg == "copy" for k in value.keywords):
            return False
        func = value.func
        if isinstance(func, gast.Attribute) and func.attr == "copy" and not value.args \
                and isinstance(func.value, gast.Name):      # (a NumPy scalar's copy is a scalar, which rebinds)
            made = func.value.id in state or func.value.id in self.params
        else:
            made = any(self.resolved(func) is f for f in _FRESH)
        return made and self.consume(value, state)

    def new_value(self, expr, state):
        """Whether `expr` is a new value that holds no array of a group (arithmetic, a NumPy
        function that copies, a method that computes, a builtin that counts)."""
        if isinstance(expr, (gast.BinOp, gast.UnaryOp, gast.Compare)):
            return not any(isinstance(n, (gast.List, gast.Tuple, gast.Set, gast.Dict, gast.ListComp,
                                          gast.SetComp, gast.DictComp, gast.GeneratorExp)) and _reads(n, state)
                           for n in walk(expr))
        if not isinstance(expr, gast.Call) or any(k.arg in ("out", "copy") for k in expr.keywords):
            return not _reads(expr, state)
        func = expr.func
        if isinstance(func, gast.Attribute) and not self.resolvable(func):
            return func.attr in _NEW_METHODS
        obj = self.resolved(func)
        return obj is not None and (_numpy(obj) and not _is(obj, _NOT_NEW) and getattr(obj, "__name__", "")
                                    not in _VIEW_FUNCTIONS or _is(obj, _NEW_BUILTINS))

    def calls_keep_nothing(self, expr, state):
        """Whether no call in `expr` that is given an array of a group may keep it."""
        for node in walk(expr):
            if isinstance(node, (gast.Lambda, gast.NamedExpr)):
                return False
            if isinstance(node, gast.Call) and _reads(node, state) and not self.keeps_nothing(node, state):
                return False
        return True

    def keeps_nothing(self, call, state):
        """Whether `call` keeps nothing it is given: a NumPy or math function, a builtin above, a
        method that computes, called on an array of a group where it is given one."""
        func = call.func
        if isinstance(func, gast.Attribute) and not self.resolvable(func):
            given = _reads(gast.Tuple(elts=call.args + [k.value for k in call.keywords], ctx=gast.Load()), state)
            return func.attr in _NEW_METHODS and (not given or bool(_reads(func.value, state)))
        obj = self.resolved(func)
        return obj is not None and (_numpy(obj) or _is(obj, _KEEPING_NOTHING)
                                    or getattr(obj, "__module__", "") == "math")

    def resolvable(self, func):
        """Whether `func` names something of a module or the builtins (not a method of a local)."""
        return self.resolved(func) is not None

    def resolved(self, func):
        callees = self.function.callees
        if id(func) not in callees:
            callees[id(func)] = _resolved(func, self.assigned, self.function.resolver)
        return callees[id(func)]


def _resolved(func, assigned, resolver):
    parts = dotted(func)
    if not parts or parts[0] in assigned:
        return None
    try:
        return resolve_dotted(resolver, parts)
    except Exception:       # noqa: BLE001 (a name the resolver cannot see keeps what it is given)
        return getattr(builtins, parts[0], None) if len(parts) == 1 else None


def _numpy(obj):
    return isinstance(obj, np.ufunc) or (getattr(obj, "__module__", None) or "").startswith("numpy")


def _is(obj, table):
    try:
        return obj in table
    except TypeError:
        return False


def _reads(expr, state):
    """The names of groups `expr` reads as arrays (not for their shape, size or length)."""
    if not state or not any(isinstance(n, gast.Name) and n.id in state for n in walk(expr)):
        return set()
    skip = {id(n) for node in walk(expr) for n in walk(_metadata_of(node))}
    return {n.id for n in walk(expr) if isinstance(n, gast.Name) and n.id in state and id(n) not in skip}


def _metadata_of(node):
    """What `x.shape` (and ndim, size, dtype) or `len(x)` reads only the metadata of: x; else nothing."""
    if isinstance(node, gast.Attribute) and node.attr in _SCALAR_ATTRIBUTES:
        return node.value
    if isinstance(node, gast.Call) and isinstance(node.func, gast.Name) and node.func.id == "len":
        return node
    return gast.Pass()


def _names(node):
    return {n.id for n in walk(node) if isinstance(n, gast.Name)}


def _kill(state, names):
    """End the groups of `names`: none of their names is followed any longer."""
    for n in [n for n in names if n in state]:
        for member in state.get(n, ()):
            state.pop(member, None)


def _unbind(state, name):
    group = state.pop(name, None)
    if group is not None:
        rest = group - {name}
        for member in rest:
            state[member] = rest


def _merge(left, right):
    """The groups both arms of an `if` leave alike."""
    return {n: group for n, group in left.items() if right.get(n) == group}


def _body_locals(loop, uses, inside, facts):
    """Names a loop's body binds before anything reads them (a plain `n = ...` at its top level,
    the first statement naming n) and that nothing outside the body names (`uses`: how often the
    function names each, `inside`: the body)."""
    outside = {n for n, count in inside.items() if uses.get(n, 0) > count}
    local, seen = set(), set()
    for stmt in loop.body:
        if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name):
            n = stmt.targets[0].id
            if n not in seen and n not in _names(stmt.value):
                local.add(n)
        seen |= _statement_names(stmt, facts)
    return local - outside - _names(getattr(loop, "target", gast.Tuple(elts=[], ctx=gast.Load())))


def _statement_names(stmt, facts):
    """The names a statement names (a loop's body from its facts, not walked again)."""
    if isinstance(stmt, (gast.For, gast.While)):
        head = [stmt.target, stmt.iter] if isinstance(stmt, gast.For) else [stmt.test]
        return set(facts[id(stmt)][0]) | {n for h in head + stmt.orelse for n in _names(h)}
    return _names(stmt)


def _loop_facts(loop):
    """{id(loop): [{name: how often its body names it}, whether its body breaks or continues]} for
    `loop` and the loops in it, in one walk."""
    facts, todo = {}, [(loop, ())]
    while todo:
        node, loops = todo.pop()
        if isinstance(node, gast.Name):
            for loop in loops:
                facts[loop][0][node.id] = facts[loop][0].get(node.id, 0) + 1
        elif isinstance(node, (gast.Break, gast.Continue)):
            for loop in loops:
                facts[loop][1] = True
        if isinstance(node, (gast.For, gast.While)):
            facts[id(node)] = [{}, False]
            todo.extend((s, loops + (id(node),)) for s in node.body)
            head = [node.target, node.iter] if isinstance(node, gast.For) else [node.test]
            todo.extend((child, loops) for child in head + node.orelse)
        else:
            todo.extend((child, loops) for child in gast.iter_child_nodes(node))
    return facts


def _name(ident, ctx):
    return gast.Name(id=ident, ctx=ctx, annotation=None, type_comment=None)

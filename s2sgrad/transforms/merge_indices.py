"""Merge indices: a temporary the normal form made for an integer expression already computed
earlier in the same block (or a block around it) becomes that first name.

The LSTM's `gates[:, n:2 * n]` and `gates[:, 2 * n:3 * n]` normalize to two temporaries for
`2 * n`; each is computed in the forward sweep and recomputed in the adjoint sweep.  After this
pass there is one, `double_n`, read by both slices.

Merged: `t = a op b` or `t = op a`, where t is a temporary (a name the user's function does not
bind) bound once in the whole function, and every operand is an integer constant or a name the
analysis types as an integer (or that integer arithmetic on such names makes) and that is bound at most once, outside every loop (or is a
parameter never rebound): so its value cannot change between the two computations.  Integers
are immutable: two names sharing one value cannot see each other's writes.

    before                          after
    double_n = 2 * n                double_n = 2 * n
    f = sigmoid(gates[:, n:double_n])   f = sigmoid(gates[:, n:double_n])
    double_n_2 = 2 * n              o = sigmoid(gates[:, double_n:triple_n])
    o = sigmoid(gates[:, double_n_2:triple_n])
"""

import functools

import gast

from ..trees import NAMELESS, children, walk

_LOOPS = (gast.For, gast.While, gast.AsyncFor)
_INT_OPS = (gast.Add, gast.Sub, gast.Mult, gast.FloorDiv, gast.Mod)


def merge_equal_indices(func, types, user_names):
    """Merge in place (see the module docstring); return whether anything was merged.  `types`:
    the analysis's kinds of names ("int", ...); `user_names`: names the user's function binds."""
    counts, in_loop = _bindings(func)
    params = {a.id for a in func.args.args}
    ints = {n for n, kind in types.items() if kind == "int"}
    stable_int = functools.partial(_stable_int, ints, in_loop, counts, params)
    for stmt in func.body:      # `n = x.shape[0] // 3`: integer arithmetic on integers is an integer
        if _single_target(stmt) and isinstance(stmt.value, gast.BinOp) and isinstance(stmt.value.op, _INT_OPS) \
                and stable_int(stmt.value.left) and stable_int(stmt.value.right):
            ints.add(stmt.targets[0].id)
    renames = {}
    key = functools.partial(_merge_key, user_names, params, counts, stable_int)
    _merge_block(func.body, {}, key, renames)
    if not renames:
        return False
    for node in walk(func):
        if isinstance(node, gast.Name) and node.id in renames:
            node.id = renames[node.id]
    return True


def _single_target(stmt):
    return isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name)


def _stable_int(ints, in_loop, counts, params, atom):
    """Whether `atom` is an integer constant, or an integer name bound once outside every loop
    (or a parameter never rebound)."""
    if isinstance(atom, gast.Constant):
        return type(atom.value) is int
    if not isinstance(atom, gast.Name) or atom.id not in ints or atom.id in in_loop:
        return False
    return counts.get(atom.id, 0) + (atom.id in params) == 1


def _merge_key(user_names, params, counts, stable_int, stmt):
    """The text of the integer expression a temporary bound once is given, or None."""
    if not _single_target(stmt):
        return None
    target, value = stmt.targets[0].id, stmt.value
    if target in user_names or target in params or counts.get(target) != 1:
        return None
    if isinstance(value, gast.BinOp) and not isinstance(value.op, (gast.MatMult, gast.Div, gast.Pow)):
        operands = (value.left, value.right)
    elif isinstance(value, gast.UnaryOp) and isinstance(value.op, (gast.USub, gast.UAdd, gast.Invert)):
        operands = (value.operand,)
    else:
        return None
    return gast.dump(value) if all(stable_int(a) for a in operands) else None


def _merge_block(body, seen, key, renames):
    """Drop each `t = E` of `body` whose E an earlier statement (here or around) computed."""
    seen = dict(seen)
    kept = []
    for stmt in body:
        found = key(stmt)
        if found is not None and found in seen:
            renames[stmt.targets[0].id] = seen[found]
            continue
        if found is not None:
            seen[found] = stmt.targets[0].id
        for field in ("body", "orelse", "finalbody"):
            block = getattr(stmt, field, None)
            if isinstance(block, list) and block and isinstance(block[0], gast.stmt):
                _merge_block(block, seen, key, renames)
        for handler in getattr(stmt, "handlers", ()):
            _merge_block(handler.body, seen, key, renames)
        kept.append(stmt)
    body[:] = kept


def _bindings(func):
    """({name: how many times the function binds it}, names bound inside a loop), in one walk
    of its body that does not enter the nodes with no name in them."""
    counts, in_loop = {}, set()
    todo = [(stmt, False) for stmt in func.body]
    pop, push = todo.pop, todo.append
    while todo:
        node, looping = pop()
        cls = type(node)
        if cls in _SCOPES:
            for n in walk(node):       # what a nested scope binds: never merged
                if isinstance(n, gast.Name):
                    counts[n.id] = counts.get(n.id, 0) + 2
            continue
        if cls is gast.Name and isinstance(node.ctx, (gast.Store, gast.Del)):
            counts[node.id] = counts.get(node.id, 0) + 1
            if looping:
                in_loop.add(node.id)
        elif cls is gast.Global or cls is gast.Nonlocal:
            for n in node.names:
                counts[n] = counts.get(n, 0) + 2
        looping = looping or cls in _LOOPS
        for child in children(node):
            if type(child) not in NAMELESS:
                push((child, looping))
    return counts, in_loop


_SCOPES = (gast.FunctionDef, gast.AsyncFunctionDef, gast.Lambda, gast.ClassDef)

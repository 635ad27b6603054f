"""The normal-form grammar, checked: `check_normal_form` lists what does not conform."""

import gast

from .nodes import assigned_names, is_atom


def check_normal_form(func):
    """Problems with `func` against the normal-form grammar; an empty list when it conforms."""
    problems = []
    _check_block(func.body, problems, top=True, loop=None)
    return problems


def _check_block(body, problems, top, loop):
    """`top`: the function's own body; `loop`: the loop whose body this is (None for other blocks),
    which may end with `if Name: break` (in a `while`, before the statements recomputing its test)."""
    for i, stmt in enumerate(body):
        where = f"line {getattr(stmt, 'lineno', '?')}: "
        last = i == len(body) - 1
        check = _STATEMENTS.get(type(stmt))
        if _is_stop(stmt):
            if not _ends_loop_body(body[i + 1:], loop):
                problems.append(where + "`if Name: break` is not the last statement of a loop body")
        elif check is not None:
            problems.extend(where + p for p in check(stmt, top and last))
            for block in _BLOCKS.get(type(stmt), ()):
                _check_block(getattr(stmt, block), problems, False,
                             stmt if isinstance(stmt, (gast.For, gast.While)) else None)
        elif isinstance(stmt, gast.Break):
            problems.append(where + "`break` is not `if Name: break` at the end of a loop body")
        elif not isinstance(stmt, _KEPT):
            problems.append(where + f"{type(stmt).__name__} is not in the normal form")


def _ends_loop_body(rest, loop):
    """Whether a stop followed by `rest` ends `loop`'s body: nothing follows it in a `for`; in a
    `while`, only the assignments that recompute its test."""
    if isinstance(loop, gast.For) or loop is None:
        return loop is not None and not rest
    return all(isinstance(s, gast.Assign) and isinstance(s.targets[0], gast.Name) for s in rest) \
        and (not rest or rest[-1].targets[0].id == loop.test.id)


def _is_stop(stmt):
    """`if Name: break`, the one jump of the normal form."""
    return isinstance(stmt, gast.If) and isinstance(stmt.test, gast.Name) and not stmt.orelse \
        and len(stmt.body) == 1 and isinstance(stmt.body[0], gast.Break)


# Each checker takes (stmt, whether it is the function's last statement) and returns the problems
# of the statement itself; `_check_block` then checks the blocks it holds (`_BLOCKS`).

def _assign(stmt, last):
    found = ["several targets"] if len(stmt.targets) != 1 else []
    target = stmt.targets[0]
    if isinstance(target, gast.Name):
        if not is_expr(stmt.value):
            found.append("right-hand side is not one primitive operation")
    elif isinstance(target, (gast.Subscript, gast.Attribute)):
        if not is_atom(target.value) or not is_atom(stmt.value) \
                or isinstance(target, gast.Subscript) and not is_index(target.slice):
            found.append("store is not `atom[index] = atom`")
    else:
        found.append("target is not a name or a store")
    return found


def _aug_assign(stmt, last):
    if isinstance(stmt.target, gast.Name) and is_atom(stmt.value):
        return []
    return ["augmented assignment is not `name op= atom`"]


def _if(stmt, last):
    found = []
    if not isinstance(stmt.test, gast.Name):
        found.append("`if` test is not a name")
    elif stmt.test.id in assigned_names(stmt.body + stmt.orelse):
        found.append("`if` test is assigned in its arms")
    return found


def _for(stmt, last):
    it = stmt.iter
    over_range = isinstance(stmt.target, gast.Name) and isinstance(it, gast.Call) \
        and getattr(it.func, "id", None) == "range" and all(is_atom(a) for a in it.args)
    return [] if over_range else ["`for` is not over range(atoms)"]


def _while(stmt, last):
    return [] if isinstance(stmt.test, gast.Name) else ["`while` test is not a name"]


def _return(stmt, last):
    return [] if last and is_atom(stmt.value) else ["`return` is not `return atom` at the end"]


def _with(stmt, last):
    return [] if getattr(stmt, "s2s_hook", False) else ["`with` is not a gradient hook"]


_STATEMENTS = {gast.Assign: _assign, gast.AugAssign: _aug_assign, gast.If: _if, gast.For: _for, gast.While: _while,
               gast.Return: _return, gast.With: _with}
_BLOCKS = {gast.If: ("body", "orelse"), gast.For: ("body",), gast.While: ("body",)}
_KEPT = (gast.Expr, gast.Assert, gast.Raise, gast.Pass, gast.FunctionDef)


def is_expr(value):
    """Whether `value` is one primitive operation over atoms (the grammar's `expr`)."""
    if is_atom(value) or isinstance(value, gast.Lambda):
        return True
    check = _EXPRESSIONS.get(type(value))
    return check is not None and check(value)


def is_index(index):
    """The grammar's `index`: atom | slice(atom?, atom?, atom?) | (index*)."""
    if isinstance(index, gast.Slice):
        return all(part is None or is_atom(part) for part in (index.lower, index.upper, index.step))
    if isinstance(index, gast.Tuple):
        return all(is_index(e) for e in index.elts)
    return is_atom(index)


def _is_func(func):
    """The grammar's `func`: a dotted name (np.exp, range, g) or atom.method."""
    while isinstance(func, gast.Attribute):
        func = func.value
    return isinstance(func, gast.Name)


def _call_is_expr(value):
    return _is_func(value.func) and all(is_atom(a.value if isinstance(a, gast.Starred) else a) for a in value.args) \
        and all(is_atom(k.value) for k in value.keywords)


def _dict_is_expr(value):
    return all(k is not None and is_atom(k) for k in value.keys) and all(is_atom(v) for v in value.values)


def _display_is_expr(value):
    return all(is_atom(e) for e in value.elts)


_EXPRESSIONS = {
    gast.BinOp: lambda value: is_atom(value.left) and is_atom(value.right),
    gast.UnaryOp: lambda value: is_atom(value.operand),
    gast.Compare: lambda value: is_atom(value.left) and len(value.comparators) == 1
    and is_atom(value.comparators[0]),
    gast.Call: _call_is_expr,
    gast.Subscript: lambda value: is_atom(value.value) and is_index(value.slice),
    gast.Attribute: lambda value: is_atom(value.value),
    gast.Tuple: _display_is_expr,
    gast.List: _display_is_expr,
    gast.Dict: _dict_is_expr,
}

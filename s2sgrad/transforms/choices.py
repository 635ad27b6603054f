"""Choices: a function chosen from a module-level dict by a string parameter -> the function itself.

    ACTS = {"relu": relu, "tanh": np.tanh}

    def f(x, name="tanh"):                  --->   def f(x, name="tanh"):
        act = ACTS[name]                               if name != "tanh":
        return np.sum(act(x))                              raise ValueError(...)
                                                       act = np.tanh
                                                       return np.sum(act(x))

The string is the one the API was called with (it specialises on it, as on a function passed as
an argument: `arguments.mark_strings`), else the parameter's default (the CLI).  The emitted code
checks it was given that string: a gradient made for "tanh" never computes another function's.
A choice by a parameter whose string is not known is refused where it is written.

`bind_tables` runs first: a table read by a constant key (`ACTS["tanh"](x)`) is the function it
names, and a table read whole (`ACTS.items()`, `.values()`, `.keys()`, `len(ACTS)`, `for k in
ACTS`) is read through a local copy of its display, which transforms/function_containers.py then
reads as it reads a local dict of functions; `for k in ("tanh", "relu"): ... ACTS[k](h)` iterates
the keys zipped with their functions, which that module unrolls.
"""

import gast

from ..errors import Diagnostic, UserCodeError
from ..naming import unused_name
from ..trees import clone, walk
from .normalize.displays import changed_in_place, constant_keys, module_bindings
from .normalize.nodes import assign, located


def resolve_choices(func, source):
    """`func` with each `TABLE[param]` of a module-level dict of functions the function it names;
    `func` itself when it has none."""
    tables = _function_tables(source)
    if not tables:
        return func
    params = {a.id: a for a in func.args.args}
    choices = _choices(func, tables, params)
    if not choices:
        return func
    strings = {p: _string_of(func, params[p]) for p in {c.slice.id for c in choices}}
    problems = _problems(source, choices, tables, strings)
    if problems:
        raise UserCodeError(problems)
    func = clone(func)
    _replace_choices(func, tables, strings)
    func.body = [_guard(p, s, func.body[0]) for p, s in sorted(strings.items())] + func.body
    return func


def bind_tables(func, source):
    """`func` with each module table it reads by a constant key or whole read as the module
    docstring says (a copy), or `func` itself where there is none."""
    tables = _visible_tables(func, source)
    loops = _keyed_loops(func, tables)
    if not tables or not loops and not any(_table_read(n, tables) for n in walk(func)):
        return func
    problems = [_missing(source, n, n.slice.value) for n in walk(func)
                if _table_read(n, tables) == "key" and n.slice.value not in tables[n.value.id]]
    if problems:
        raise UserCodeError(problems)
    func = clone(func)
    _zip_keyed_loops(func, tables)
    return _bound_tables(func, tables)


def _keyed_loops(func, tables):
    """{id of a loop: its table} for each `for k in ("a", "b", ...)` over keys of one table that
    its body reads as `T[k]`, `k` not bound in the body."""
    found = {}
    for loop in (n for n in walk(func) if _over_keys(n)):
        key = loop.target.id
        inside = [n for stmt in loop.body for n in walk(stmt)]
        if any(isinstance(n, gast.Name) and n.id == key and not isinstance(n.ctx, gast.Load) for n in inside):
            continue
        read = {n.value.id for n in inside if _keyed_read(n, tables, key)}
        if len(read) == 1 and all(k.value in tables[min(read)] for k in loop.iter.elts):
            found[id(loop)] = min(read)
    return found


def _over_keys(loop):
    """`loop` is `for k in ("a", "b", ...)` (a display of strings), without `else`."""
    return isinstance(loop, gast.For) and isinstance(loop.target, gast.Name) and not loop.orelse \
        and isinstance(loop.iter, (gast.List, gast.Tuple)) and bool(loop.iter.elts) \
        and all(isinstance(k, gast.Constant) and isinstance(k.value, str) for k in loop.iter.elts)


def _keyed_read(node, tables, key):
    return isinstance(node, gast.Subscript) and isinstance(node.ctx, gast.Load) and _is_table(node.value, tables) \
        and isinstance(node.slice, gast.Name) and node.slice.id == key


def _zip_keyed_loops(func, tables):
    """Each keyed loop (`_keyed_loops`) as `for k, t_fn in zip(keys, [its functions])`, reading
    `t_fn` where it read `T[k]` (in place)."""
    loops = _keyed_loops(func, tables)
    taken = {n.id for n in walk(func) if isinstance(n, gast.Name)} | {func.name}
    for loop in [n for n in walk(func) if id(n) in loops]:
        table, key = tables[loops[id(loop)]], loop.target.id
        item = unused_name(f"{loops[id(loop)].lower()}_item", taken)
        functions = gast.List(elts=[_item(table[k.value], loop) for k in loop.iter.elts], ctx=gast.Load())
        loop.iter = gast.copy_location(gast.Call(func=_load("zip"), args=[loop.iter, functions], keywords=[]), loop.iter)
        loop.target = gast.copy_location(gast.Tuple(elts=[loop.target, _load(item, gast.Store())], ctx=gast.Store()),
                                         loop.target)
        for stmt in loop.body:
            _replace(stmt, lambda n: gast.copy_location(_load(item), n) if _keyed_read(n, tables, key) else n)


def _load(name_, ctx=None):
    return gast.Name(id=name_, ctx=ctx or gast.Load(), annotation=None, type_comment=None)


def _bound_tables(func, tables):
    """`func` (a copy) with its reads of `tables` rewritten, the tables it reads by view copied first."""
    iters = {id(n.iter) for n in walk(func) if isinstance(n, (gast.For, gast.comprehension))}
    views = {id(n.func.value): n.func.value.id for n in walk(func) if _table_read(n, tables) == "view"}
    taken = {n.id for n in walk(func) if isinstance(n, gast.Name)} | {func.name}
    copies = {name: unused_name(name.lower(), taken) for name in sorted(set(views.values()))}
    _replace(func, lambda n: _bound(n, tables, iters, {k: copies[t] for k, t in views.items()}))
    func.body[:] = [located(assign(copies[name], _display(tables[name], func), None), func)
                    for name in sorted(copies)] + func.body
    return func


def _table_read(node, tables):
    """How `node` reads a table: "key" (`T["k"]`), "len" (`len(T)`), "keys" (`T.keys()`), "view"
    (`T.items()`, `T.values()`); None for anything else."""
    if isinstance(node, gast.Subscript):
        return "key" if isinstance(node.ctx, gast.Load) and _is_table(node.value, tables) \
            and isinstance(node.slice, gast.Constant) and isinstance(node.slice.value, str) else None
    if not isinstance(node, gast.Call) or node.keywords:
        return None
    if isinstance(node.func, gast.Name) and node.func.id == "len" and len(node.args) == 1:
        return "len" if _is_table(node.args[0], tables) else None
    if not node.args and isinstance(node.func, gast.Attribute) and _is_table(node.func.value, tables):
        return {"keys": "keys", "items": "view", "values": "view"}.get(node.func.attr)
    return None


def _bound(node, tables, iters, views):
    """`node` as `bind_tables` reads it (`views`: {id of a table's Name: its local copy's name})."""
    kind = _table_read(node, tables)
    if kind == "key":
        return _item(tables[node.value.id][node.slice.value], node)
    if kind == "len":
        return gast.copy_location(gast.Constant(value=len(tables[node.args[0].id]), kind=None), node)
    if kind == "keys" or id(node) in iters and _is_table(node, tables):
        table = tables[node.func.value.id if kind else node.id]
        return gast.copy_location(gast.List(elts=[gast.Constant(value=k, kind=None) for k in table],
                                            ctx=gast.Load()), node)
    if id(node) in views:
        return gast.copy_location(gast.Name(id=views[id(node)], ctx=gast.Load(), annotation=None,
                                            type_comment=None), node)
    return node


def _is_table(node, tables):
    return isinstance(node, gast.Name) and node.id in tables and isinstance(node.ctx, gast.Load)


def _visible_tables(func, source):
    """The module tables (`_function_tables`) `func` may read as their displays: neither the table
    nor a name its display reads bound in `func`, the table never changed in place in the file."""
    tables = _function_tables(source)
    if not tables:
        return {}
    bound = {a.id for a in func.args.args} | {n.id for n in walk(func) if isinstance(n, gast.Name)
                                              and not isinstance(n.ctx, gast.Load)}
    changed = changed_in_place(source)
    return {name: table for name, table in tables.items() if name not in bound and name not in changed
            and not any(isinstance(n, gast.Name) and n.id in bound for v in table.values() for n in walk(v))}


def _display(table, where):
    display = gast.Dict(keys=[gast.Constant(value=k, kind=None) for k in table],
                        values=[_item(v, where) for v in table.values()])
    return gast.copy_location(display, where)


def _item(value, where):
    item = clone(value)
    for n in walk(item):
        gast.copy_location(n, where)
    return item


def _replace(func, new_of):
    """Each child node `n` of `func` replaced by `new_of(n)` (in place)."""
    for node in walk(func):
        for field, value in gast.iter_fields(node):
            items = value if isinstance(value, list) else [value]
            new = [new_of(v) if isinstance(v, gast.AST) else v for v in items]
            if any(a is not b for a, b in zip(items, new)):
                if isinstance(value, list):
                    value[:] = new
                else:
                    setattr(node, field, new[0])


def _choices(func, tables, params):
    """The `TABLE[param]` of `func` (neither name rebound in it)."""
    stored = {n.id for n in walk(func) if isinstance(n, gast.Name) and isinstance(n.ctx, (gast.Store, gast.Del))}
    return [n for n in walk(func) if isinstance(n, gast.Subscript) and isinstance(n.ctx, gast.Load)
            and isinstance(n.value, gast.Name) and n.value.id in tables and n.value.id not in stored
            and isinstance(n.slice, gast.Name) and n.slice.id in params and n.slice.id not in stored]


def _problems(source, choices, tables, strings):
    unknown = [_unknown(source, c, tables) for c in choices if strings[c.slice.id] is None]
    return unknown + [_missing(source, c, strings[c.slice.id]) for c in choices
                      if strings[c.slice.id] is not None and strings[c.slice.id] not in tables[c.value.id]]


def _function_tables(source):
    """{name: {key: value node}} for each module-level dict display of string keys to functions named
    at module level (`relu`, `np.tanh`), bound once and never changed in place."""
    tree = getattr(source, "tree", None)
    if tree is None:
        return {}
    found = {}
    for stmt in tree.body:
        if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name) \
                and isinstance(stmt.value, gast.Dict) and constant_keys(stmt.value) is not None \
                and stmt.value.values and all(_dotted(v) for v in stmt.value.values):
            found[stmt.targets[0].id] = dict(zip(constant_keys(stmt.value), stmt.value.values))
    if not found:
        return {}
    bound, changed = module_bindings(source), changed_in_place(source)
    return {k: v for k, v in found.items() if bound.get(k) == 1 and k not in changed}


def _string_of(func, param):
    """The string `param` holds: the API's argument, else a default written as a string."""
    given = getattr(param, "s2s_string", None)
    if given is not None:
        return given
    args = [a for a in func.args.args if not getattr(a, "s2s_kwonly", False)]
    defaults = dict(zip([a.id for a in args[len(args) - len(func.args.defaults):]], func.args.defaults))
    default = getattr(param, "s2s_default", None) if getattr(param, "s2s_kwonly", False) else defaults.get(param.id)
    return default.value if isinstance(default, gast.Constant) and isinstance(default.value, str) else None


def _replace_choices(func, tables, strings):
    _replace(func, lambda n: _chosen(n, tables, strings))


def _chosen(node, tables, strings):
    if isinstance(node, gast.Subscript) and isinstance(node.ctx, gast.Load) and isinstance(node.value, gast.Name) \
            and node.value.id in tables and isinstance(node.slice, gast.Name) and node.slice.id in strings:
        return _item(tables[node.value.id][strings[node.slice.id]], node)
    return node


def _guard(param, string, where):
    message = f"made for {param}={string!r} (it chooses the function; a function you call is made for its " \
              "default): differentiate again, or give each choice a function of its own"
    text = f"if {param} != {string!r}:\n    raise ValueError({message!r})"
    stmt = gast.parse(text).body[0]
    for n in walk(stmt):
        if isinstance(n, (gast.stmt, gast.expr)):
            gast.copy_location(n, where)
    return stmt


def _dotted(node):
    return isinstance(node, gast.Name) or isinstance(node, gast.Attribute) and _dotted(node.value)


def _unknown(source, choice, tables):
    table, param = choice.value.id, choice.slice.id
    return Diagnostic(source.location(choice), f"`{table}[{param}]` chooses a function by `{param}`, whose string "
                      "is not known when the function is transformed",
                      f"give `{param}` a default string (the CLI transforms the function for it), or pass it to "
                      f"s2sgrad.grad (the API transforms the function for the string given): one of "
                      f"{', '.join(repr(k) for k in tables[table])}")


def _missing(source, choice, string):
    return Diagnostic(source.location(choice), f"`{choice.value.id}[{choice.slice.id}]` has no key {string!r} "
                      f"(the string `{choice.slice.id}` holds): Python raises KeyError here",
                      f"use one of the keys of `{choice.value.id}`")

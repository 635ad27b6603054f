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
"""

import gast

from ..errors import Diagnostic, UserCodeError
from ..trees import clone, walk
from .normalize.displays import constant_keys, module_bindings


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
    at module level (`relu`, `np.tanh`), bound once and never changed."""
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
    bound = module_bindings(source)
    return {k: v for k, v in found.items() if bound.get(k) == 1}


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
    for node in walk(func):
        for field, value in gast.iter_fields(node):
            items = value if isinstance(value, list) else [value]
            new = [_chosen(v, tables, strings) for v in items]
            if any(a is not b for a, b in zip(items, new)):
                if isinstance(value, list):
                    value[:] = new
                else:
                    setattr(node, field, new[0])


def _chosen(node, tables, strings):
    if isinstance(node, gast.Subscript) and isinstance(node.ctx, gast.Load) and isinstance(node.value, gast.Name) \
            and node.value.id in tables and isinstance(node.slice, gast.Name) and node.slice.id in strings:
        chosen = clone(tables[node.value.id][strings[node.slice.id]])
        for n in walk(chosen):
            gast.copy_location(n, node)
        return chosen
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

"""Static displays: the tuples, lists and dicts whose length and keys are known when a function is
transformed, so that `f(*xs)` and `f(**kw)` can be expanded."""

import gast

from ...trees import file_fact, walk
from .nodes import name

_MUTATORS = {"append", "extend", "insert", "pop", "remove", "clear", "update", "setdefault", "popitem", "sort",
             "reverse", "__setitem__", "__delitem__"}


def static_displays(func):
    """{name: a tuple, list or dict display it holds} for each local name bound only to displays
    of one type and length (or keys), never changed in place: where `f(*name)` and `f(**name)`
    have a length and keys known when the function is transformed."""
    bound, displays, shapes, changed = {}, {}, {}, set()
    params = {a.id for a in func.args.args}
    for node in walk(func):
        cls = type(node)        # (each check holds of one node class alone)
        if cls is gast.Name:
            if isinstance(node.ctx, (gast.Store, gast.Del)):
                bound[node.id] = bound.get(node.id, 0) + 1
        elif cls is gast.Assign:
            _note_display(node, displays, shapes)
        elif cls in _IN_PLACE and changes_in_place(node):
            changed.add(node.value.id if isinstance(node, (gast.Subscript, gast.Attribute)) else node.target.id)
    return {k: v for k, v in displays.items() if len(set(shapes[k])) == 1 and bound.get(k) == len(shapes[k])
            and k not in params and k not in changed and _expandable(v)}


def _note_display(node, displays, shapes):
    """Note the display an assignment `node` binds a name to, if it is one."""
    if _display_assignment(node):
        target, value = node.targets[0].id, node.value
        displays[target] = value
        shapes.setdefault(target, []).append(_display_shape(value))


_IN_PLACE = (gast.Subscript, gast.Attribute, gast.AugAssign)     # what `changes_in_place` may hold of


def _display_shape(value):
    """(type, length) of a tuple or list display, (type, keys) of a dict display."""
    if hasattr(value, "elts"):
        return type(value), len(value.elts)
    return type(value), tuple(getattr(k, "value", None) for k in value.keys)


def _display_assignment(node):
    """`name = (a, b)`, `name = [a, b]` or `name = {"k": v}`."""
    return isinstance(node, gast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], gast.Name) \
        and isinstance(node.value, (gast.Tuple, gast.List, gast.Dict))


def _expandable(display):
    """A display with no `*item` and only string keys."""
    return not any(isinstance(e, gast.Starred) for e in getattr(display, "elts", ())) \
        and all(isinstance(key, gast.Constant) and isinstance(key.value, str) for key in getattr(display, "keys", ()))


def changes_in_place(node):
    """`name[i] = ...`, `name.attr = ...`, `name.append(...)`-style reads, `name += ...`."""
    if isinstance(node, (gast.Subscript, gast.Attribute)):
        return isinstance(node.value, gast.Name) and (isinstance(node.ctx, (gast.Store, gast.Del))
                                                      or getattr(node, "attr", None) in _MUTATORS)
    return isinstance(node, gast.AugAssign) and isinstance(node.target, gast.Name)


def module_displays(source, local=()):
    """{name: dict display} for the module-level constants of `source`'s file bound once to a dict
    of string keys (`CONFIG = {"alpha": 0.1}` or `CONFIG = dict(alpha=0.1)`), never changed in
    place anywhere in the file and not hidden by a local (`local`): `f(**CONFIG)` passes those
    keys, each value read from the dict where the call runs."""
    tree = getattr(source, "tree", None)
    if tree is None:
        return {}
    found = _module_dicts(tree)
    if not found:
        return {}           # no candidate: the file need not be walked
    bound = module_bindings(source)
    changed = changed_in_place(source)
    return {k: v for k, v in found.items() if bound.get(k) == 1 and k not in changed and k not in local}


def changed_in_place(source):
    """The names `source`'s file changes in place anywhere (`changes_in_place`), walked once per file."""
    return file_fact(source, _changed_in_place)


def module_bindings(source):
    """{name: how often `source`'s file binds it}, walked once per parsed file (see file_fact)."""
    return file_fact(source, _module_bindings)


def _changed_in_place(tree):
    """The names the file changes in place (`changes_in_place`)."""
    return frozenset(n.target.id if isinstance(n, gast.AugAssign) else n.value.id
                     for n in walk(tree) if changes_in_place(n))


def _module_dicts(tree):
    """{name: dict display of its keys} for each module-level `name = {...}` of string keys."""
    found = {}
    for stmt in tree.body:
        if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name):
            keys = constant_keys(stmt.value)
            if keys is not None:
                found[stmt.targets[0].id] = gast.Dict(keys=[gast.Constant(value=k, kind=None) for k in keys],
                                                      values=[gast.Constant(value=None, kind=None) for _ in keys])
    return found


def _module_bindings(tree):
    """{name: how often the file binds it} (a `global` or `nonlocal` counts twice: never constant)."""
    bound = {}
    for node in walk(tree):
        if isinstance(node, gast.Name) and isinstance(node.ctx, (gast.Store, gast.Del)):
            bound[node.id] = bound.get(node.id, 0) + 1
        if isinstance(node, (gast.Global, gast.Nonlocal)):
            for n in node.names:
                bound[n] = bound.get(n, 0) + 2
    return bound


def constant_keys(value):
    """The string keys of a dict display or a `dict(k=v, ...)` call, else None."""
    if isinstance(value, gast.Dict) and all(isinstance(k, gast.Constant) and isinstance(k.value, str)
                                            for k in value.keys):
        return [k.value for k in value.keys]
    if isinstance(value, gast.Call) and isinstance(value.func, gast.Name) and value.func.id == "dict" \
            and not value.args and all(k.arg is not None for k in value.keywords):
        return [k.arg for k in value.keywords]
    return None


def static_unpacking(node, displays):
    """The items `*node` unpacks (tuple/list display, or a name in `displays`), else None."""
    if isinstance(node, (gast.Tuple, gast.List)) and not any(isinstance(e, gast.Starred) for e in node.elts):
        return list(node.elts)
    if isinstance(node, gast.Name) and isinstance(displays.get(node.id), (gast.Tuple, gast.List)):
        return [gast.Subscript(value=name(node.id), slice=gast.Constant(value=k, kind=None), ctx=gast.Load())
                for k in range(len(displays[node.id].elts))]
    return None


def static_keywords(node, displays):
    """[(key, value)] that `**node` passes (dict display with string keys, or a name in `displays`), else None."""
    if isinstance(node, gast.Dict) and all(isinstance(k, gast.Constant) and isinstance(k.value, str) for k in node.keys):
        return [(k.value, v) for k, v in zip(node.keys, node.values)]
    if isinstance(node, gast.Name) and isinstance(displays.get(node.id), gast.Dict):
        return [(k.value, gast.Subscript(value=name(node.id), slice=gast.Constant(value=k.value, kind=None),
                                         ctx=gast.Load())) for k in displays[node.id].keys]
    return None

"""Static records: a stand-in for a dataclass that a file defines, for the command line, which
reads the file without running it (the API sees the class itself).

    @dataclasses.dataclass                      dataclasses.make_dataclass("Stats",
    class Stats:                          ->        [("mean", object), ("var", object),
        mean: np.ndarray                             ("n", object, field(default=1))])
        var: np.ndarray
        n: int = 1

The stand-in has the class's fields, in order, with their defaults, so that a call `Stats(m, v)`
reads as the record it makes (`containers.is_record_class`); the emitted module imports the
file's own class by its name.  Only a plain dataclass has one: no base, no other decorator, no
`__post_init__` or `__init__` of its own, fields whose defaults are literals; else None.
"""

import dataclasses

import gast

_MADE = {}          # id of a ClassDef -> (the node, its stand-in or None)
_OPTIONS = {"frozen", "eq", "repr", "order", "unsafe_hash", "slots", "kw_only", "match_args"}


def static_dataclass(node):
    """The stand-in record class of the dataclass `node` (a ClassDef), or None (see above)."""
    held = _MADE.get(id(node))
    if held is None or held[0] is not node:
        held = _MADE[id(node)] = (node, _made(node))
    return held[1]


def _made(node):
    options = _dataclass_options(node)
    fields = _fields(node) if options is not None and not node.bases and not node.keywords else None
    if fields is None:
        return None
    try:
        return dataclasses.make_dataclass(node.name, fields, **options)
    except (TypeError, ValueError):     # a field without a default after one with a default
        return None


def _dataclass_options(node):
    """The keywords of a lone `@dataclass` / `@dataclasses.dataclass(...)` decorator, or None."""
    if len(node.decorator_list) != 1:
        return None
    decorator = node.decorator_list[0]
    target = decorator.func if isinstance(decorator, gast.Call) else decorator
    if getattr(target, "id", getattr(target, "attr", None)) != "dataclass":
        return None
    if not isinstance(decorator, gast.Call):
        return {}
    if decorator.args or any(k.arg not in _OPTIONS or not isinstance(k.value, gast.Constant)
                             for k in decorator.keywords):
        return None
    return {k.arg: k.value.value for k in decorator.keywords}


def _fields(node):
    """[(name, object) or (name, object, field(default=...))] of the class body, or None where
    it holds more than a docstring, annotated fields with literal defaults and methods."""
    fields = []
    for stmt in node.body:
        if isinstance(stmt, gast.FunctionDef):
            if stmt.name in ("__init__", "__post_init__", "__new__", "__getattr__", "__getattribute__"):
                return None
        elif isinstance(stmt, gast.AnnAssign) and isinstance(stmt.target, gast.Name):
            field = _field(stmt)
            if field is None:
                return None
            fields.append(field)
        elif not (isinstance(stmt, gast.Expr) and isinstance(stmt.value, gast.Constant)):
            return None
    return fields


def _field(stmt):
    """One field of the stand-in, or None (a ClassVar or InitVar, a default that is no literal)."""
    if any(isinstance(n, (gast.Name, gast.Attribute)) and getattr(n, "id", getattr(n, "attr", None))
           in ("ClassVar", "InitVar") for n in gast.walk(stmt.annotation)):
        return None
    name = stmt.target.id
    if stmt.value is None:
        return (name, object)
    try:
        default = gast.literal_eval(stmt.value)
    except ValueError:
        return None
    if isinstance(default, (list, dict, set)):
        return None
    return (name, object, dataclasses.field(default=default))

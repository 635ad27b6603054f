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
`__post_init__` or `__init__` of its own, fields whose defaults are literals; and a subclass of
a namedtuple written there (`class P(namedtuple("P", "w b"))`) that adds methods; else None.
"""

import collections
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
    if len(node.bases) == 1 and not node.decorator_list and _methods_only(node):
        return _namedtuple_subclass(node)
    options = _dataclass_options(node)
    fields = _fields(node) if options is not None and not node.bases and not node.keywords else None
    if fields is None:
        return None
    try:
        return dataclasses.make_dataclass(node.name, fields, **options)
    except (TypeError, ValueError):     # a field without a default after one with a default
        return None


def _namedtuple_subclass(node):
    """The stand-in of `class P(namedtuple("P", "w b")): ...` (fields written as literals), or None."""
    base = node.bases[0]
    if not (isinstance(base, gast.Call) and getattr(base.func, "id", getattr(base.func, "attr", None)) == "namedtuple"
            and len(base.args) == 2 and not base.keywords):
        return None
    try:
        name, fields = gast.literal_eval(base.args[0]), gast.literal_eval(base.args[1])
        return type(node.name, (collections.namedtuple(name, fields),), {"__slots__": ()})
    except (ValueError, TypeError):
        return None


def _methods_only(node):
    """Whether the class body holds only methods of no special name, a docstring and `__slots__ = ()`."""
    return all(isinstance(s, gast.FunctionDef) and not s.name.startswith("__")
               or isinstance(s, gast.Expr) and isinstance(s.value, gast.Constant)
               or isinstance(s, gast.Assign) and [getattr(t, "id", None) for t in s.targets] == ["__slots__"]
               for s in node.body)


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


def is_getter(node):
    """Whether `node` is a method `@property def name(self)` (a getter alone)."""
    return isinstance(node, gast.FunctionDef) and len(node.decorator_list) == 1 \
        and isinstance(node.decorator_list[0], gast.Name) and node.decorator_list[0].id == "property"


def getter_function(node):
    """The getter of `@property def name(self)` as the plain function it decorates (made once)."""
    made = getattr(node, "s2s_getter", None)
    if made is None:
        made = node.s2s_getter = gast.FunctionDef(name=node.name, args=node.args, body=node.body, decorator_list=[],
                                                  returns=node.returns, type_comment=None, type_params=[])
        gast.copy_location(made, node)
    return made

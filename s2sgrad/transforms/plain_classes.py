"""Plain classes: which classes of a file are plain (see objects.py), and the registration of an
argument's plain class as a record of the attributes its `__init__` stores.

A plain class is a module-level class, bound once, with no base (but `object`), decorator or
class attribute; its `__init__` stores attributes (`self.a = expr`, as statements of its body)
and otherwise only reads them, and its other methods only read attributes and call methods.
"""

import dataclasses
import inspect

import gast

from ..trees import walk
from ..containers import _REGISTERED, register_object_class
from .parse import parse_file


@dataclasses.dataclass
class _Plain:
    """A plain class of the file: its node, its methods by name, the attributes __init__ stores."""

    name: str
    node: object
    methods: dict
    fields: tuple
    origin: str = None      # the module of another file that defines it (imported_classes.py), else None


def register_plain_argument(value):
    """Register the class of an argument that is an object of a plain class as a record of the
    attributes its `__init__` stores, so that a gradient with respect to it is one (an object of
    its class); its methods read those attributes as fields.  False where it is not one."""
    cls = type(value)
    if cls in _REGISTERED:
        return True
    try:
        path = inspect.getsourcefile(cls)
    except TypeError:       # a built-in class
        return False
    try:
        source = parse_file(path)
    except Exception:       # noqa: BLE001 (a file s2sgrad cannot parse holds no plain class)
        return False
    plain = plain_classes(source).get(cls.__name__)
    if plain is None or plain.node.lineno != getattr(cls, "__firstlineno__", plain.node.lineno) \
            or any(not hasattr(value, f) for f in plain.fields):
        return False
    register_object_class(cls, plain.fields)
    return True


_PLAIN = {}         # id of a module tree -> (the tree, its plain classes): read once per file


def plain_classes(source):
    """{name: _Plain} for the plain classes of `source`'s module (see the module docstring)."""
    tree = getattr(source, "tree", None)
    if tree is None:
        return {}
    held = _PLAIN.get(id(tree))
    if held is not None and held[0] is tree:
        return held[1]
    found = _plain_classes(tree)
    if len(_PLAIN) > 256:
        _PLAIN.clear()
    _PLAIN[id(tree)] = (tree, found)
    return found


def _plain_classes(tree):
    counts = {}
    for stmt in tree.body:
        for name in bound_names(stmt):
            counts[name] = counts.get(name, 0) + 1
    found = {}
    for stmt in tree.body:
        if isinstance(stmt, gast.ClassDef) and counts.get(stmt.name) == 1:
            plain = _plain(stmt)
            if plain is not None:
                found[stmt.name] = plain
    return found


def _plain(node):
    """The `_Plain` of a class definition, or None when the class is not plain."""
    return _plain_or_why(node)[0]


def why_not_plain(node):
    """Why the class `node` is not a plain class, in a few words, or None where it is one."""
    return _plain_or_why(node)[1]


def _plain_or_why(node):
    """(_Plain, None) for a plain class, else (None, why not)."""
    if not _bare(node):
        return None, "it has a base class, a metaclass or a decorator"
    methods = _methods(node)
    if methods is None:
        return None, "its body holds more than methods that take `self` (a class attribute, a decorated method)"
    operators = [m for m in methods if m.startswith("__") and m.endswith("__") and m not in _PLAIN_DUNDERS]
    if operators:           # `u + w`, `u[i]`, `len(u)` would run the class's own operators
        return None, f"it defines `{operators[0]}`, which Python's operators and builtins call on its objects"
    init = methods.get("__init__")
    fields = _stored(init) if init is not None else None
    if fields is None:
        return None, "its `__init__` does more than store attributes" if init is not None else "it has no `__init__`"
    for name, method in methods.items():
        if name != "__init__" and not _reads_only(method, fields, methods):
            return None, f"its method `{name}` does more than read attributes and call methods"
    return _Plain(node.name, node, methods, fields), None


# The special methods a plain class may define: any other (`__add__`, `__getitem__`, `__len__`, ...)
# makes Python's operators and builtins run the class's code on its objects.
_PLAIN_DUNDERS = {"__init__", "__call__", "__repr__", "__str__"}


def _bare(node):
    """Whether a class has no decorator, no keyword and no base but `object`."""
    return not node.decorator_list and not node.keywords and \
        all(isinstance(b, gast.Name) and b.id == "object" for b in node.bases)


def _methods(node):
    """{name: method} of a class whose body (its docstring aside) is methods only, each defined once,
    undecorated, with a `self` and no positional-only parameters; else None."""
    methods = {}
    for stmt in body_of(node):
        if not isinstance(stmt, gast.FunctionDef) or stmt.decorator_list or not stmt.args.args \
                or stmt.args.posonlyargs or stmt.name in methods:
            return None
        methods[stmt.name] = stmt
    return methods


def _stored(init):
    """The attributes `__init__` stores, in order, where it only stores them as statements of its
    body and otherwise only reads them; else None."""
    me = init.args.args[0].id
    fields, stores = _stores(init, me)
    for n in walk(init):
        if _bare_self(init, n, me):
            return None
        if self_attr(n, me) and id(n) not in stores and (not isinstance(n.ctx, gast.Load) or n.attr not in fields):
            return None
    return tuple(fields) if fields else None


def _stores(init, me):
    """(the attributes the statements `self.a = ...` and `self.a, self.b = ...` of `__init__`'s
    body store, in order; the ids of their targets)."""
    fields, stores = [], set()
    for stmt in body_of(init):
        if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1:
            for target in _self_targets(stmt.targets[0], me):
                stores.add(id(target))
                if target.attr not in fields:
                    fields.append(target.attr)
    return fields, stores


def _self_targets(target, me):
    """The `self.a` targets of an assignment target that is one, or a tuple or list of them only."""
    if self_attr(target, me):
        return [target]
    if isinstance(target, (gast.Tuple, gast.List)) and target.elts and all(self_attr(e, me) for e in target.elts):
        return list(target.elts)
    return []


def _bare_self(init, n, me):
    """Whether `n` is `self` in `init` used otherwise than as `self.a` (the parameter aside)."""
    return isinstance(n, gast.Name) and n.id == me and n is not init.args.args[0] and \
        not any(self_attr(a, me) and a.value is n for a in _parents_of(init, n))


def _reads_only(method, fields, methods):
    """Whether a method uses its `self` only to read stored attributes and call methods (or
    itself, `self(x)`, where the class defines `__call__`)."""
    me = method.args.args[0].id
    calls = {id(c.func) for c in walk(method) if isinstance(c, gast.Call)}
    for n in walk(method):
        if not isinstance(n, gast.Name) or n.id != me or n is method.args.args[0]:
            continue
        if id(n) in calls and "__call__" in methods:
            continue        # `self(x)`: a call of its own __call__
        if not _reads_or_calls(method, n, me, fields, methods, calls):
            return False
    return True


def _reads_or_calls(method, n, me, fields, methods, calls):
    """Whether `self` at `n` reads a stored attribute (`self.a`) or calls a method (`self.m(...)`)."""
    attr = next((a for a in _parents_of(method, n) if self_attr(a, me) and a.value is n), None)
    if attr is None or not isinstance(attr.ctx, gast.Load):
        return False
    return attr.attr in fields or id(attr) in calls and attr.attr in methods and attr.attr != "__init__"


def _parents_of(root, child):
    return [n for n in walk(root) if any(c is child for c in gast.iter_child_nodes(n))]


def self_attr(node, me):
    """Whether `node` is `me.attribute`."""
    return isinstance(node, gast.Attribute) and isinstance(node.value, gast.Name) and node.value.id == me


def body_of(node):
    """The statements of a definition's body, its docstring aside."""
    return [s for i, s in enumerate(node.body) if not (i == 0 and is_docstring(s))]


def is_docstring(stmt):
    """Whether a statement is a string constant (a docstring where it comes first)."""
    return isinstance(stmt, gast.Expr) and isinstance(stmt.value, gast.Constant) and isinstance(stmt.value.value, str)


def bound_names(stmt):
    """The names a module-level statement binds."""
    if isinstance(stmt, (gast.FunctionDef, gast.ClassDef)):
        return {stmt.name}
    if isinstance(stmt, (gast.Import, gast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in stmt.names}
    return {n.id for n in walk(stmt) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)}

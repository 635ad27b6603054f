"""Properties read on a value that holds an object of the user's: a call of their getter.

    def f(p, x):                                    def f(p, x):
        return np.sum(p.W @ x) + p.norm_W    ->         return np.sum(p.W @ x) + Params.norm_W.fget(p)

`p` holds an object of a class of the user's whose `norm_W` is a `property` with a Python getter,
and the file binds the class's name to that class: the read is the getter called with the object,
which the transform reads like any method.  What `p` holds is known from the argument
(callables.Instance: a dataclass, a namedtuple subclass, a plain object), from the parameter's
annotation where there is no argument (`def f(p: Params, x)`, for the command line too: its
stand-in of a dataclass of the file has the getter, static_records.py), or from the one
assignment `p = Params(...)` of a local.  Any other attribute read is left as written; the command line refuses,
at its line, a read on a parameter of a name that a class of the file defines only as a property.
"""

import inspect
import types

import gast

from ..callables import Instance
from ..resolve import StaticResolver
from ..errors import Diagnostic, UserCodeError
from ..static_records import is_getter, static_dataclass
from ..trees import clone, walk


def read_properties(node, resolver, known=None):
    """`node` with each property read on a value holding an object called (a copy), or `node`
    itself where there is none (see the module docstring)."""
    reads = _property_reads(node, resolver, known or {})
    if reads:
        node = clone(node)
        for parent, field, index, read, cls in _property_reads(node, resolver, known or {}):
            getter = gast.Attribute(value=gast.Attribute(value=gast.Name(id=cls, ctx=gast.Load(), annotation=None,
                                                                         type_comment=None),
                                                         attr=read.attr, ctx=gast.Load()), attr="fget", ctx=gast.Load())
            call = gast.Call(func=getter, args=[clone(read.value)], keywords=[])
            for n in walk(call):
                gast.copy_location(n, read)
            if index is None:
                setattr(parent, field, call)
            else:
                getattr(parent, field)[index] = call
    _refuse_static(node, resolver)
    return node


def _property_reads(func, resolver, known):
    """(parent, field, index or None, the read `p.attr`, the class's name) for each property read."""
    holders = _holders(func, resolver, known)
    found = []
    for parent, field, index, item in _children(func):
        cls = holders.get(item.value.id) if _attribute_of_name(item) else None
        if cls is not None and _is_property(resolver, cls, item.attr):
            found.append((parent, field, index, item, cls))
    return found


def _holders(func, resolver, known):
    """{name: the name of the class of the object it holds} for the parameters never rebound and
    the locals assigned once `name = Class(...)` (see the module docstring)."""
    stores = {}
    for n in walk(func):
        if isinstance(n, gast.Name) and isinstance(n.ctx, (gast.Store, gast.Del)):
            stores[n.id] = stores.get(n.id, 0) + 1
    holders = {a.id: _parameter_class(a, known.get(a.id), resolver) for a in func.args.args if a.id not in stores}
    for stmt in walk(func):
        if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name) \
                and stores.get(stmt.targets[0].id) == 1 and isinstance(stmt.value, gast.Call) \
                and isinstance(stmt.value.func, gast.Name):
            holders[stmt.targets[0].id] = stmt.value.func.id
    return {name: cls for name, cls in holders.items() if cls is not None}


def _parameter_class(param, held, resolver):
    """The name of the class of the object a parameter holds: of the argument's (the API), or of
    its annotation `p: Params` where there is no argument (the command line, `s2sgrad.emit`) or
    it is no object of the user's; or None."""
    if isinstance(held, Instance):
        return held.cls.__name__ if _bound_to(resolver, held.cls) else None
    annotation = getattr(param, "annotation", None)
    return annotation.id if held is None and isinstance(annotation, gast.Name) else None


def _is_property(resolver, name, attr):
    """Whether the class the file binds to `name` has a property `attr` whose getter the transform
    reads: a Python function (the API), a method of a dataclass of the file (the command line)."""
    if isinstance(resolver, StaticResolver):
        node = resolver.scope.classes.get(name)
        return node is not None and static_dataclass(node) is not None \
            and any(is_getter(stmt) and stmt.name == attr for stmt in node.body)
    try:
        cls = resolver.lookup(name) if resolver is not None else None
    except Exception:       # noqa: BLE001 (a name the resolver cannot see is no class of the user's)
        return False
    return isinstance(cls, type) and _python_property(cls, attr)


def _children(func):
    """(parent, field, index or None, child) for every node of `func` but itself."""
    for parent in walk(func):
        for field, value in gast.iter_fields(parent):
            for index, item in (enumerate(value) if isinstance(value, list) else [(None, value)]):
                yield parent, field, index, item


def _attribute_of_name(node):
    """A read `name.attr`."""
    return isinstance(node, gast.Attribute) and isinstance(node.ctx, gast.Load) and isinstance(node.value, gast.Name)


def _refuse_static(func, resolver):
    """The command line, which does not know what class a parameter holds: a read `p.attr` of a
    parameter where a class of the file defines `attr` only as a property is refused at its line."""
    if not isinstance(resolver, StaticResolver):
        return
    properties = _file_properties(resolver.scope.classes.values())
    params = {a.id for a in func.args.args}
    problems = [Diagnostic(resolver.source.location(item),
                           f"`{item.value.id}.{item.attr}` reads `{item.attr}`, a property of {properties[item.attr]}: "
                           f"`s2sgrad emit` does not know which class `{item.value.id}` holds, and reads it as a field",
                           f"annotate the parameter with its class "
                           f"(`{item.value.id}: {properties[item.attr].split()[0]}`), "
                           f"or differentiate with the API (s2sgrad.grad), which calls the property's getter")
                for _, _, _, item in _children(func)
                if _attribute_of_name(item) and item.value.id in params and item.attr in properties]
    if problems:
        raise UserCodeError(problems)


def _file_properties(classes):
    """{attribute: class name} for the `@property` methods of the file's classes that are no field."""
    found, fields = {}, set()
    for cls in classes:
        for stmt in cls.body:
            if is_getter(stmt):
                found[stmt.name] = f"{found[stmt.name]} or {cls.name}" if stmt.name in found else cls.name
            elif isinstance(stmt, gast.AnnAssign) and isinstance(stmt.target, gast.Name):
                fields.add(stmt.target.id)
    return {attr: cls for attr, cls in found.items() if attr not in fields}


def _python_property(cls, attr):
    prop = inspect.getattr_static(cls, attr, None)
    return isinstance(prop, property) and isinstance(prop.fget, types.FunctionType) and prop.fset is None


def _bound_to(resolver, cls):
    """Whether the file binds the class's name to the class."""
    try:
        return resolver is not None and resolver.lookup(cls.__name__) is cls
    except Exception:       # noqa: BLE001
        return False

"""Properties read on a parameter that holds an object of the user's: a call of their getter.

    def f(p, x):                                    def f(p, x):
        return np.sum(p.W @ x) + p.norm_W    ->         return np.sum(p.W @ x) + Params.norm_W.fget(p)

`p` holds an object of a class of the user's (known from the argument, callables.Instance) whose
`norm_W` is a `property` with a Python getter, and the file binds the class's name to that class:
the read is the getter called with the object, which the transform reads like any method.  Any
other attribute read is left as written.
"""

import inspect
import types

import gast

from ..callables import Instance
from ..resolve import StaticResolver
from ..errors import Diagnostic, UserCodeError
from ..trees import clone, walk


def read_properties(node, resolver, known=None):
    """`node` with each property read on a parameter holding an object called (a copy), or `node`
    itself where there is none (see the module docstring)."""
    reads = _property_reads(node, resolver, known or {})
    if not reads:
        _refuse_static(node, resolver)
        return node
    node = clone(node)
    reads = _property_reads(node, resolver, known)
    for parent, field, index, read, cls in reads:
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
    return node


def _property_reads(func, resolver, known):
    """(parent, field, index or None, the read `p.attr`, the class's name) for each property read;
    none, without walking `func`, where no parameter is known to hold an object."""
    if not any(isinstance(k, Instance) for k in known.values()):
        return []
    params = {a.id for a in func.args.args}
    params -= {n.id for n in walk(func) if isinstance(n, gast.Name) and isinstance(n.ctx, (gast.Store, gast.Del))}
    classes = {p: k.cls for p, k in known.items() if p in params and isinstance(k, Instance)}
    found = []
    for parent, field, index, item in _children(func):
        cls = classes.get(item.value.id) if _attribute_of_name(item) else None
        if cls is not None and _python_property(cls, item.attr) and _bound_to(resolver, cls):
            found.append((parent, field, index, item, cls.__name__))
    return found


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
                           f"differentiate with the API (s2sgrad.grad), which calls the property's getter, or "
                           f"call a method of {properties[item.attr]} instead")
                for _, _, _, item in _children(func)
                if _attribute_of_name(item) and item.value.id in params and item.attr in properties]
    if problems:
        raise UserCodeError(problems)


def _file_properties(classes):
    """{attribute: class name} for the `@property` methods of the file's classes that are no field."""
    found, fields = {}, set()
    for cls in classes:
        for stmt in cls.body:
            if isinstance(stmt, gast.FunctionDef) and any(isinstance(d, gast.Name) and d.id == "property"
                                                          for d in stmt.decorator_list):
                found[stmt.name] = cls.name
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

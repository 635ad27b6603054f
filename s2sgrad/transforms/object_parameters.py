"""Object parameters: which parameters of a function hold objects of plain classes (objects.py).

A call of an item of a parameter (`for layer in layers: v = layer(v)`) is dispatched on the item's
class only where the file shows the parameter holds objects: an item's attribute is read or its
method called, or a function passes it objects, in this file or in a caller of another file
(`_OBJECT_ARGUMENTS`, filled as each caller is transformed, before its callees).  A list of
functions given to a helper shows neither: its calls are left as written, and refused at the
transform where they need a derivative.
"""

import os

import gast

from ..trees import file_fact, walk
from .imported_classes import module_functions


def constructed(call, classes, local):
    """The class `call` makes an object of (`C(...)`, `module.C(...)`), or None."""
    written = dotted_name(call.func)
    if written is None or written not in classes or written.partition(".")[0] in local:
        return None
    return written


def dotted_name(func):
    """`C` or `module.C` as written (a Name or a chain of attributes), else None."""
    parts = []
    while isinstance(func, gast.Attribute):
        parts.append(func.attr)
        func = func.value
    return ".".join([func.id] + parts[::-1]) if isinstance(func, gast.Name) else None


def local_names(node):
    """The names a function binds: its parameters and assignment targets."""
    return {a.id for a in node.args.args} | {n.id for n in walk(node) if isinstance(n, gast.Name)
                                             and isinstance(n.ctx, gast.Store)} \
        | {a.arg if hasattr(a, "arg") else a.id for a in [node.args.vararg, node.args.kwarg] if a is not None}


def object_parameters(node, classes, source, may_hold):
    """The parameters of `node` whose items are objects of plain classes, by evidence in the file:
    an item's attribute is read or its method called (`for layer in layers: layer.W`), or a function
    of the file passes it objects (`forward([Layer(W)], x)`).  A list of functions given to a helper
    (`for f in fs: x = f(x)`) shows neither: its calls are left as written."""
    params = [a.id for a in node.args.args]
    found = _items_read_as_objects(node, params)
    filename = getattr(source, "filename", None)
    recorded = _OBJECT_ARGUMENTS.get((os.path.abspath(filename) if filename else None, node.name), ())
    found |= {params[k] if isinstance(k, int) else k for k in recorded if not isinstance(k, int) or k < len(params)}
    callers = file_fact(source, _calls_by_name).get(node.name, ()) if getattr(source, "tree", None) else ()
    for caller, calls in callers:
        found |= _given_objects(caller, calls, params, classes, source, may_hold)
    return found


def _items_read_as_objects(node, params):
    """The parameters an item of which has an attribute read: `for layer in layers: layer.W`,
    `layers[0].W`."""
    items = {}              # a name iterating over a parameter -> the parameter
    for n in walk(node):
        if isinstance(n, (gast.For, gast.comprehension)) and isinstance(n.iter, gast.Name) \
                and n.iter.id in params and isinstance(n.target, gast.Name):
            items[n.target.id] = n.iter.id
    found = set()
    for n in walk(node):
        if isinstance(n, gast.Attribute) and isinstance(n.value, gast.Name) and n.value.id in items:
            found.add(items[n.value.id])
        if isinstance(n, gast.Attribute) and isinstance(n.value, gast.Subscript) \
                and isinstance(n.value.value, gast.Name) and n.value.value.id in params:
            found.add(n.value.value.id)
    return found


def _calls_by_name(tree):
    """{name: [(module-level function, its calls `name(...)`)]}, in the file's order: one walk of the file."""
    found = {}
    for caller in tree.body:
        if not isinstance(caller, gast.FunctionDef):
            continue
        calls = {}
        for c in walk(caller):
            if isinstance(c, gast.Call) and isinstance(c.func, gast.Name):
                calls.setdefault(c.func.id, []).append(c)
        for name, those in calls.items():
            found.setdefault(name, []).append((caller, those))
    return found


def _given_objects(caller, calls, params, classes, source, may_hold):
    """The parameters `calls` (in `caller`) give a name that holds objects, or a list that makes them."""
    objects = may_hold(caller, classes, local_names(caller), source, evidence=False)
    found = set()
    for call in calls:
        for param, arg in zip(params, call.args):
            if isinstance(arg, gast.Name) and arg.id in objects \
                    or isinstance(arg, (gast.List, gast.ListComp, gast.Tuple)) and _makes_objects(arg, classes):
                found.add(param)
    return found


# (file, function) -> the parameters (positions, keywords) a caller gave objects of plain classes:
# a function of another file learns here that its parameter holds objects (filled before the callee
# is transformed, as its callers are transformed first).
_OBJECT_ARGUMENTS = {}


def record_object_arguments(node, classes, local, static, source):
    """Note the calls of the user's functions that pass objects of plain classes (see above)."""
    bindings = module_functions(source)
    for call in walk(node):
        if not isinstance(call, gast.Call):
            continue
        written = dotted_name(call.func)
        if written is None or written.partition(".")[0] in local or written not in bindings:
            continue
        given = [k for k, arg in enumerate(call.args) if _holds(arg, classes, static)]
        given += [kw.arg for kw in call.keywords if kw.arg is not None and _holds(kw.value, classes, static)]
        if given:
            if len(_OBJECT_ARGUMENTS) > 4096:
                _OBJECT_ARGUMENTS.clear()
            _OBJECT_ARGUMENTS.setdefault(bindings[written], set()).update(given)


def _holds(arg, classes, static):
    return isinstance(arg, gast.Name) and arg.id in static.get("objects", ()) \
        or isinstance(arg, (gast.List, gast.ListComp, gast.Tuple)) and _makes_objects(arg, classes)


def _makes_objects(expr, classes):
    return any(isinstance(c, gast.Call) and constructed(c, classes, ()) for c in walk(expr))

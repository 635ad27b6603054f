"""Objects: the objects of the user's plain classes, made and used in a function -> records.

    class Dense:                              def Dense_init(W, b):
        def __init__(self, W, b):                 self_W = W
            self.W = W                            self_b = b
            self.b = b                            return new_object((self_W, self_b), Dense, "W b")
        def __call__(self, x):           ->   def Dense_call(self, x):
            return x @ self.W + self.b            return x @ self.W + self.b

    layer = Dense(W, b)                       layer = Dense_init(W, b)
    y = layer(x)                              y = Dense_call(layer, x)
    for layer in layers: y = layer(y)         y = Dense_call(layer, y) if is_object_of(layer, Dense) else
                                                  not_an_object(layer, "...where, which classes...")

An object is then a record (containers.py) whose fields are the attributes its `__init__`
stores, made by `new_object`: its attributes are read as fields (`self.W` is `field_of(self,
"W")`), its cotangent is the list of its fields' cotangents, and its methods are nested
functions of the function that uses them, differentiated like any other.  A call whose object
is not made by a `C(...)` assigned once, but may come from one (an item of a list of them, a
loop over one, the result of a function of the file that makes them), is dispatched on the
object's type among the plain classes of the file that define the method; any other object
there is refused where the call runs (never called without its derivative).  A call of a
parameter, or of its items, is left as written: what the callers pass is not known here.

A plain class is a module-level class of the function's own file, or of another file of the
user's that it imports (imported_classes.py), with no base, decorator or class attribute: its
`__init__` stores attributes (`self.a = expr`, as statements of its body, not nested) and reads
them back, and its other methods (if any: a parameter holder has none) only read attributes
(`self.a`) and call methods (`self.m(...)`).  A class whose methods assign attributes is not
plain: its objects are refused as before (assigning an attribute is not differentiated).  The
items of a parameter are dispatched where the file shows they are objects (object_parameters.py).
"""

import gast
import numpy as np

from ..errors import Diagnostic, UserCodeError
from ..naming import unused_name
from .normalize.nodes import located
from ..trees import clone, replace_node, walk
from .imported_classes import check_free_names, imported_plain_classes, unbound_names
from .object_function_lists import name_given_lambdas, read_displays, stored_displays
from .object_holders import calls_of_interest, candidates, method_name, static_classes
from .object_parameters import constructed as _constructed
from .object_parameters import local_names as _local_names
from .object_parameters import record_object_arguments
from .plain_classes import bound_names, is_docstring, plain_classes, self_attr


def inline_objects(node, source, known=()):
    """`node` with its plain objects made and called as records (see the module docstring);
    `node` itself when it makes or calls none."""
    classes = {**imported_plain_classes(source, plain_classes), **plain_classes(source)}
    _refuse_array_methods_of_objects(node, set(_class_names(source)) - set(classes), source)
    if not classes:
        return node
    local = _local_names(node)
    classes = _without_unread(node, classes, local, source)
    if not classes:
        return node
    static = static_classes(node, classes, local, _class_names(source), source)
    record_object_arguments(node, classes, local, static, source)
    if not any(calls_of_interest(node, classes, local, known, static)):
        return node
    return _rewritten(clone(node), classes, local, known, source)


_ARRAY_ATTRIBUTES = frozenset(dir(np.ndarray))     # `v.sum()`: a method an array has too


def _refuse_array_methods_of_objects(node, others, source):
    """Raise a located UserCodeError at `v.m(...)` where `v = C(...)` makes an object of a class of
    the file that is not plain and `m` is also an array method (`dot`, `sum`): the array's rule
    must not stand in for the class's method."""
    if not others:
        return
    made = {stmt.targets[0].id: stmt.value.func.id for stmt in walk(node)
            if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name)
            and isinstance(stmt.value, gast.Call) and isinstance(stmt.value.func, gast.Name)
            and stmt.value.func.id in others}
    for call in walk(node) if made else ():
        holder, method = method_name(call) if isinstance(call, gast.Call) else (None, None)
        if holder in made and method in _ARRAY_ATTRIBUTES:
            raise UserCodeError([Diagnostic(
                source.location(call),
                f"`{holder}` holds an object of `{made[holder]}`, whose methods s2sgrad does not read (a class "
                "whose methods assign attributes, or that has a base, a decorator or class attributes): "
                f"`{holder}.{method}` is not differentiated",
                f"compute it in a function of its own, or keep `{made[holder]}`'s attributes as set by `__init__`")])


def _without_unread(node, classes, local, source):
    """`classes` but the imported ones whose methods read names this file binds otherwise: one is
    refused where `node` makes its object, never dispatched to (an object of it meets `not_an_object`)."""
    unread = {name for name, plain in classes.items() if plain.origin is not None and unbound_names(plain, source)}
    for call in walk(node):
        if isinstance(call, gast.Call) and _constructed(call, classes, local) in unread:
            check_free_names(classes[_constructed(call, classes, local)], source, call)
    return {name: plain for name, plain in classes.items() if name not in unread}


def _rewritten(node, classes, local, known, source):
    """`node` (a copy) with its objects made and called as records, and the nested functions of
    the methods it calls first in its body."""
    static = static_classes(node, classes, local, _class_names(source), source)
    taken = {n.id for n in walk(node) if isinstance(n, gast.Name)} | set(_top_names(source))
    names = {}          # (class, method) -> the nested function's name
    given = name_given_lambdas(node, classes, taken)        # {class: {attribute: display of functions}}
    _rewrite(node, classes, local, known, names, taken, source, static)
    defs, done = [], set()
    while set(names) - done:         # a method's body may call more methods, make more objects
        key = sorted(set(names) - done)[0]
        done.add(key)
        defs.append(_method_function(classes[key[0]], key[1], classes, known, names, taken, source, given))
    start = 1 if node.body and is_docstring(node.body[0]) else 0
    for d in defs:
        located(d, node.body[start] if len(node.body) > start else node)
    node.body[start:start] = defs
    return node


# -- the rewrite of a function ---------------------------------------------------------------------
def _rewrite(root, classes, local, known, names, taken, source, static, self_class=None):
    """Rewrite in place the constructions and method calls of plain objects in `root`."""
    me = root.args.args[0].id if self_class is not None else None
    made = {}           # id of a rewritten `C(...)` -> C: `C(a)(x)`, `C(a).m(x)` call its method directly
    for call in reversed([c for c in walk(root) if isinstance(c, gast.Call)]):     # inner calls first
        func = call.func.value if isinstance(call.func, gast.Attribute) else call.func
        if id(func) in made:
            _call_made(call, func, made[id(func)], classes, names, taken)
            continue
        holder, method = method_name(call)
        if self_class is not None and holder == me and method in classes[self_class].methods:
            _direct(call, self_class, method, names, taken)
            continue
        cls = _constructed(call, classes, local)
        if cls is not None:
            call.func = gast.copy_location(_load(_function_name(cls, "__init__", names, taken)), call.func)
            made[id(call)] = cls
            continue
        found = candidates(call, classes, local, known, static)
        if found and holder in static["classes"]:
            _direct(call, found[0], method, names, taken)
        elif found:
            _dispatch(root, call, holder, method, found, names, taken, source)


def _call_made(call, func, cls, classes, names, taken):
    """`C(a)(x)` or `C(a).m(x)`, `C(a)` made by `func`: its method called directly, in place."""
    method = call.func.attr if func is not call.func else "__call__"
    if method in classes[cls].methods and method != "__init__":
        call.func = gast.copy_location(_load(_function_name(cls, method, names, taken)), func)
        call.args = [func] + list(call.args)


def _direct(call, cls, method, names, taken):
    """`v.m(a)` (or `v(a)`) -> `C_m(v, a)`, in place."""
    holder = call.func.value if isinstance(call.func, gast.Attribute) else call.func
    call.func = gast.copy_location(_load(_function_name(cls, method, names, taken)), call.func)
    call.args = [gast.copy_location(_load(holder.id), holder)] + list(call.args)


def _dispatch(root, call, holder, method, candidates, names, taken, source):
    """`v.m(a)` -> `C_m(v, a) if is_object_of(v, C) else ... else not_an_object(v, why)`, in place
    (a conditional expression, so that nothing is evaluated in another order)."""
    where = source.location(call)
    written = f"{holder}(...)" if method == "__call__" else f"{holder}.{method}(...)"
    why = (f"{where.filename}:{where.line}:{where.col + 1}: `{written}` calls an object of a class s2sgrad "
           f"does not read here (it reads {', '.join(candidates)}: plain classes of this file whose __init__ "
           "stores attributes and whose other methods read them)")
    original = gast.Call(func=call.func, args=call.args, keywords=call.keywords)
    orelse = gast.Call(func=_load("not_an_object"), args=[_load(holder), gast.Constant(value=why, kind=None)],
                       keywords=[])
    for cls in reversed(candidates):
        branch = gast.Call(func=clone(original.func), args=[clone(a) for a in original.args],
                           keywords=[clone(k) for k in original.keywords])
        _direct(branch, cls, method, names, taken)
        test = gast.Call(func=_load("is_object_of"), args=[_load(holder), _reference(cls)], keywords=[])
        orelse = gast.IfExp(test=test, body=branch, orelse=orelse)
    located(orelse, call)
    replace_node(root, call, orelse)


def _function_name(cls, method, names, taken):
    key = (cls, method)
    if key not in names:
        short = {"__init__": "init", "__call__": "call"}.get(method, method.strip("_") or "method")
        names[key] = unused_name(f"{cls.replace('.', '_')}_{short}", taken)
    return names[key]


def _method_function(plain, method, classes, known, names, taken, source, given):
    """The nested function for one method of `plain` (its `__init__`: the maker of its objects)."""
    made = clone(plain.methods[method])
    if plain.origin is not None:        # another file's lines: located where the function is instead
        for n in walk(made):
            for attr in ("lineno", "col_offset", "end_lineno", "end_col_offset"):
                if attr in getattr(n, "_attributes", ()):
                    setattr(n, attr, None)
    made.name = names[(plain.name, method)]
    if method == "__init__":
        _as_maker(made, plain)
    else:       # `self.acts`: the display of functions it holds, where known
        read_displays(made, {**stored_displays(plain.methods["__init__"]), **given.get(plain.name, {})})
    local = _local_names(made)
    static = static_classes(made, classes, local, _class_names(source), source)
    _rewrite(made, classes, local, known, names, taken, source, static,
             self_class=None if method == "__init__" else plain.name)
    return made


def _as_maker(made, plain):
    """`__init__` -> a function of its other parameters that returns the object, in place."""
    me = made.args.args[0].id
    made.args.args = made.args.args[1:]
    own = {n.id for n in walk(made) if isinstance(n, gast.Name)}
    held = {f: unused_name(f"{me}_{f}", own) for f in plain.fields}
    _fields_as_names(made, me, held)
    values = gast.Tuple(elts=[_load(held[f]) for f in plain.fields], ctx=gast.Load())
    made_object = gast.Call(func=_load("new_object"), args=[values, _reference(plain.name),
                                                            gast.Constant(value=" ".join(plain.fields), kind=None)],
                            keywords=[])
    body = [s for s in made.body if not is_docstring(s)]
    last = body[-1] if body else made
    ret = gast.Return(value=made_object)
    for n in walk(ret):
        if "lineno" in getattr(n, "_attributes", ()):
            gast.copy_location(n, last)
    made.body = body + [ret]


def _fields_as_names(made, me, held):
    """Each `self.f` in `made` -> the name `held[f]`, in place."""
    def named(value):
        return gast.copy_location(gast.Name(id=held[value.attr], ctx=value.ctx, annotation=None, type_comment=None),
                                  value)
    for n in walk(made):
        for field, value in gast.iter_fields(n):
            if self_attr(value, me):
                setattr(n, field, named(value))
            elif isinstance(value, list):
                value[:] = [named(v) if self_attr(v, me) else v for v in value]


# -- small helpers -----------------------------------------------------------------------------
def _load(name):
    return gast.Name(id=name, ctx=gast.Load(), annotation=None, type_comment=None)


def _reference(dotted):
    """`C` or `module.C` as an expression."""
    root, *attrs = dotted.split(".")
    node = _load(root)
    for attr in attrs:
        node = gast.Attribute(value=node, attr=attr, ctx=gast.Load())
    return node


def _class_names(source):
    tree = getattr(source, "tree", None)
    return {s.name for s in tree.body if isinstance(s, gast.ClassDef)} if tree is not None else set()


def _top_names(source):
    tree = getattr(source, "tree", None)
    return set().union(*[bound_names(s) for s in tree.body]) if tree is not None and tree.body else set()

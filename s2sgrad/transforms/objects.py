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

import dataclasses

import gast
import numpy as np

from ..naming import unused_name
from ..trees import clone, replace_node, walk
from .imported_classes import check_free_names, imported_plain_classes, unbound_names
from .object_parameters import constructed as _constructed
from .object_parameters import local_names as _local_names
from .object_parameters import object_parameters, record_object_arguments


@dataclasses.dataclass
class _Plain:
    """A plain class of the file: its node, its methods by name, the attributes __init__ stores."""

    name: str
    node: object
    methods: dict
    fields: tuple
    origin: str = None      # the module of another file that defines it (imported_classes.py), else None


def inline_objects(node, source, known=()):
    """`node` with its plain objects made and called as records (see the module docstring);
    `node` itself when it makes or calls none."""
    classes = {**imported_plain_classes(source, plain_classes), **plain_classes(source)}
    if not classes:
        return node
    local = _local_names(node)
    # an imported class whose methods read names this file binds otherwise: refused where it is made,
    # never dispatched to (an object of it meets `not_an_object`)
    unread = {name for name, plain in classes.items() if plain.origin is not None and unbound_names(plain, source)}
    for call in walk(node):
        if isinstance(call, gast.Call) and _constructed(call, classes, local) in unread:
            check_free_names(classes[_constructed(call, classes, local)], source, call)
    classes = {name: plain for name, plain in classes.items() if name not in unread}
    if not classes:
        return node
    static = _static_classes(node, classes, local, _class_names(source), source)
    record_object_arguments(node, classes, local, static, source)
    if not any(_calls_of_interest(node, classes, local, known, static)):
        return node
    node = clone(node)
    static = _static_classes(node, classes, local, _class_names(source), source)
    taken = {n.id for n in walk(node) if isinstance(n, gast.Name)} | set(_top_names(source))
    names = {}          # (class, method) -> the nested function's name
    _rewrite(node, classes, local, known, names, taken, source, static)
    defs, done = [], set()
    while set(names) - done:         # a method's body may call more methods, make more objects
        key = sorted(set(names) - done)[0]
        done.add(key)
        defs.append(_method_function(classes[key[0]], key[1], classes, known, names, taken, source))
    start = 1 if node.body and _is_docstring(node.body[0]) else 0
    for d in defs:
        _located(d, node.body[start] if len(node.body) > start else node)
    node.body[start:start] = defs
    return node


def register_plain_argument(value):
    """Register the class of an argument that is an object of a plain class as a record of the
    attributes its `__init__` stores, so that a gradient with respect to it is one (an object of
    its class); its methods read those attributes as fields.  False where it is not one."""
    import inspect

    from ..containers import _REGISTERED, register_object_class
    from .parse import parse_file
    cls = type(value)
    if cls in _REGISTERED:
        return True
    try:
        source = parse_file(inspect.getsourcefile(cls))
    except (TypeError, OSError, SyntaxError, ValueError):
        return False
    except Exception:       # noqa: BLE001 (a file s2sgrad cannot parse holds no plain class)
        return False
    plain = plain_classes(source).get(cls.__name__)
    if plain is None or plain.node.lineno != getattr(cls, "__firstlineno__", plain.node.lineno) \
            or any(not hasattr(value, f) for f in plain.fields):
        return False
    register_object_class(cls, plain.fields)
    return True


# -- which classes are plain ---------------------------------------------------------------------
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
        for name in _bound(stmt):
            counts[name] = counts.get(name, 0) + 1
    found = {}
    for stmt in tree.body:
        if isinstance(stmt, gast.ClassDef) and counts.get(stmt.name) == 1:
            plain = _plain(stmt)
            if plain is not None:
                found[stmt.name] = plain
    return found


def _plain(node):
    plain, _why = _plain_or_why(node)
    return plain


def why_not_plain(node):
    """Why the class `node` is not a plain class (see the module docstring), or None where it is one."""
    return _plain_or_why(node)[1]


def _plain_or_why(node):
    """(_Plain, None) for a plain class, else (None, the reason in a few words)."""
    if node.decorator_list or node.keywords or any(not (isinstance(b, gast.Name) and b.id == "object")
                                                   for b in node.bases):
        return None, "it has a base class, a metaclass or a decorator"
    methods = {}
    for stmt in _body(node):
        if not isinstance(stmt, gast.FunctionDef) or stmt.decorator_list or not stmt.args.args \
                or stmt.args.posonlyargs or stmt.name in methods:
            return None, "its body holds more than methods that take `self` (a class attribute, a decorated method)"
        methods[stmt.name] = stmt
    operators = [m for m in methods if _is_dunder(m) and m not in _PLAIN_DUNDERS]
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


def _is_dunder(name):
    return name.startswith("__") and name.endswith("__")


def _stored(init):
    """The attributes `__init__` stores, in order, where it only stores them as statements of its
    body and otherwise only reads them; else None."""
    me = init.args.args[0].id
    fields, stores = [], set()
    for stmt in _body(init):
        if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and _self_attr(stmt.targets[0], me):
            stores.add(id(stmt.targets[0]))
            if stmt.targets[0].attr not in fields:
                fields.append(stmt.targets[0].attr)
    for n in walk(init):
        if isinstance(n, gast.Name) and n.id == me and n is not init.args.args[0]:
            if not any(_self_attr(a, me) and a.value is n for a in _parents_of(init, n)):
                return None
        if _self_attr(n, me) and id(n) not in stores and (not isinstance(n.ctx, gast.Load) or n.attr not in fields):
            return None
    return tuple(fields) if fields else None


def _reads_only(method, fields, methods):
    """Whether a method uses its `self` only to read stored attributes and call methods (or
    itself, `self(x)`, where the class defines `__call__`)."""
    me = method.args.args[0].id
    calls = {id(c.func) for c in walk(method) if isinstance(c, gast.Call)}
    for n in walk(method):
        if isinstance(n, gast.Name) and n.id == me and id(n) in calls and "__call__" in methods:
            continue        # `self(x)`: a call of its own __call__
        if isinstance(n, gast.Name) and n.id == me and n is not method.args.args[0]:
            attr = next((a for a in _parents_of(method, n) if _self_attr(a, me) and a.value is n), None)
            if attr is None or not isinstance(attr.ctx, gast.Load):
                return False
            if attr.attr not in fields and not (id(attr) in calls and attr.attr in methods
                                                and attr.attr != "__init__"):
                return False
    return True


def _parents_of(root, child):
    return [n for n in walk(root) if any(c is child for c in gast.iter_child_nodes(n))]


def _self_attr(node, me):
    return isinstance(node, gast.Attribute) and isinstance(node.value, gast.Name) and node.value.id == me


# -- the rewrite of a function ---------------------------------------------------------------------
def _calls_of_interest(node, classes, local, known, static):
    for call in walk(node):
        if isinstance(call, gast.Call) and (_constructed(call, classes, local)
                                            or _candidates(call, classes, local, known, static)):
            yield call


def _method_name(call):
    """(the local name called or whose method is called, the method's name) or (None, None)."""
    func = call.func
    if isinstance(func, gast.Name):
        return func.id, "__call__"
    if isinstance(func, gast.Attribute) and isinstance(func.value, gast.Name) and not hasattr(np.ndarray, func.attr):
        return func.value.id, func.attr
    return None, None


def _candidates(call, classes, local, known, static=None):
    """The plain classes whose method a call of a local value may call, in the file's order."""
    holder, method = _method_name(call)
    if holder is None or holder not in local or holder in known or holder in (static or {}).get("functions", ()):
        return []
    if static and holder in static.get("classes", {}):
        return [static["classes"][holder]]
    if static and holder not in static.get("objects", ()):
        return []
    return [c for c, plain in classes.items() if method in plain.methods and method != "__init__"]


def _static_classes(node, classes, local, others=(), source=None):
    """{"classes": {name: class} for the names assigned once, `name = C(...)`; "functions": the
    names that hold a function (a nested def, a lambda) or an object of a class of the file that is
    not plain (`others`), whose calls are left as they are}."""
    counts = {}
    for n in walk(node):
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store):
            counts[n.id] = counts.get(n.id, 0) + 1
    found, functions = {}, set()
    for stmt in walk(node):
        if isinstance(stmt, gast.FunctionDef) and stmt is not node:
            functions.add(stmt.name)
        if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name):
            target = stmt.targets[0].id
            if isinstance(stmt.value, gast.Lambda) or isinstance(stmt.value, gast.Call) and _is_partial(stmt.value):
                functions.add(target)
            elif isinstance(stmt.value, gast.Call) and counts.get(target) == 1:
                cls = _constructed(stmt.value, classes, local)
                if cls is not None:
                    found[target] = cls
                elif isinstance(stmt.value.func, gast.Name) and stmt.value.func.id in others:
                    functions.add(target)       # an object of another class of the file: not dispatched
    return {"classes": found, "functions": functions, "objects": _may_hold_objects(node, classes, local, source)}


def _may_hold_objects(node, classes, local, source, evidence=True):
    """The local names that may hold an object of a plain class (or a list of them), by where their
    values come from: `C(...)`; a call of a function of the file that makes such objects; an item
    of, or a name iterating over, one of those or a parameter (a list of objects given to a helper:
    a call of an item that is not one is refused where it runs).  Not a parameter itself: a
    function-valued argument specialises the function instead (callables.py).  A name
    that holds a function (from a list of functions, a factory, a library) is not one: a call of
    it is left as written (and refused where it needs a derivative)."""
    makers = _makers(source, classes)
    params = {a.id for a in node.args.args}
    holding = object_parameters(node, classes, source, _may_hold_objects) if evidence else set()
    sources = {}            # name -> [the expressions it takes values from]
    for n in walk(node):
        if isinstance(n, gast.Assign):
            for target in n.targets:
                for t in _target_names(target):
                    sources.setdefault(t, []).append(n.value if isinstance(target, gast.Name) else
                                                     gast.Subscript(value=n.value, slice=None, ctx=gast.Load()))
        elif isinstance(n, (gast.For, gast.comprehension)):
            for t in _target_names(n.target):
                sources.setdefault(t, []).append(gast.Subscript(value=n.iter, slice=None, ctx=gast.Load()))
        elif isinstance(n, gast.Call) and isinstance(n.func, gast.Attribute) and n.func.attr in ("append", "extend",
                                                                                                  "insert") \
                and isinstance(n.func.value, gast.Name):
            sources.setdefault(n.func.value.id, []).extend(n.args)
    found = set()

    def holds(expr, seen, item):
        if isinstance(expr, gast.Name):
            if expr.id in params:       # a parameter is left as written; its items are objects where the
                return item and expr.id in holding          # file shows it (see _object_parameters)
            return expr.id in local and expr.id not in seen and any(holds(v, seen | {expr.id}, item)
                                                                    for v in sources.get(expr.id, ()))
        if isinstance(expr, gast.Subscript):
            return holds(expr.value, seen, True)
        if isinstance(expr, (gast.List, gast.Tuple)):
            return any(holds(e, seen, item) for e in expr.elts)
        if isinstance(expr, (gast.ListComp, gast.GeneratorExp)):
            return holds(expr.elt, seen, item)
        if isinstance(expr, gast.IfExp):
            return holds(expr.body, seen, item) or holds(expr.orelse, seen, item)
        if isinstance(expr, gast.BinOp) and isinstance(expr.op, gast.Add):
            return holds(expr.left, seen, item) or holds(expr.right, seen, item)
        if isinstance(expr, gast.Call) and _constructed(expr, classes, local):
            return True
        if isinstance(expr, gast.Call) and isinstance(expr.func, gast.Name) and expr.func.id not in local:
            return expr.func.id in classes or expr.func.id in makers or \
                expr.func.id in ("list", "tuple", "reversed", "sorted") and any(holds(a, seen, item) for a in expr.args)
        return False

    for name in set(sources) | params:
        if holds(gast.Name(id=name, ctx=gast.Load(), annotation=None, type_comment=None), frozenset(), False):
            found.add(name)
    return found


def _target_names(target):
    if isinstance(target, gast.Name):
        return [target.id]
    if isinstance(target, (gast.Tuple, gast.List)):
        return [n for e in target.elts for n in _target_names(e)]
    return []


def _makers(source, classes):
    """The module-level functions of the file that make objects of its plain classes."""
    tree = getattr(source, "tree", None)
    if tree is None or not classes:
        return set()
    return {s.name for s in tree.body if isinstance(s, gast.FunctionDef)
            and any(isinstance(c, gast.Call) and isinstance(c.func, gast.Name) and c.func.id in classes
                    for c in walk(s))}


def _is_partial(call):
    func = call.func
    return isinstance(func, gast.Attribute) and func.attr == "partial" or isinstance(func, gast.Name) \
        and func.id == "partial"


def _rewrite(root, classes, local, known, names, taken, source, static, self_class=None):
    """Rewrite in place the constructions and method calls of plain objects in `root`."""
    me = root.args.args[0].id if self_class is not None else None
    made = {}           # id of a rewritten `C(...)` -> C: `C(a)(x)`, `C(a).m(x)` call its method directly
    for call in reversed([c for c in walk(root) if isinstance(c, gast.Call)]):     # inner calls first
        func = call.func.value if isinstance(call.func, gast.Attribute) else call.func
        if id(func) in made:
            method = call.func.attr if func is not call.func else "__call__"
            if method in classes[made[id(func)]].methods and method != "__init__":
                call.func = gast.copy_location(_load(_function_name(made[id(func)], method, names, taken)), func)
                call.args = [func] + list(call.args)
            continue
        holder, method = _method_name(call)
        if self_class is not None and holder == me and method in classes[self_class].methods:
            _direct(call, self_class, method, names, taken)
            continue
        cls = _constructed(call, classes, local)
        if cls is not None:
            call.func = gast.copy_location(_load(_function_name(cls, "__init__", names, taken)), call.func)
            made[id(call)] = cls
            continue
        candidates = _candidates(call, classes, local, known, static)
        if not candidates:
            continue
        if holder in static["classes"]:
            _direct(call, candidates[0], method, names, taken)
        else:
            _dispatch(root, call, holder, method, candidates, names, taken, source)


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
    _located(orelse, call)
    replace_node(root, call, orelse)


def _function_name(cls, method, names, taken):
    key = (cls, method)
    if key not in names:
        short = {"__init__": "init", "__call__": "call"}.get(method, method.strip("_") or "method")
        names[key] = unused_name(f"{cls.replace('.', '_')}_{short}", taken)
    return names[key]


def _method_function(plain, method, classes, known, names, taken, source):
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
    local = _local_names(made)
    static = _static_classes(made, classes, local, _class_names(source), source)
    _rewrite(made, classes, local, known, names, taken, source, static,
             self_class=None if method == "__init__" else plain.name)
    return made


def _as_maker(made, plain):
    """`__init__` -> a function of its other parameters that returns the object, in place."""
    me = made.args.args[0].id
    made.args.args = made.args.args[1:]
    own = {n.id for n in walk(made) if isinstance(n, gast.Name)}
    held = {f: unused_name(f"{me}_{f}", own) for f in plain.fields}
    for n in walk(made):
        for field, value in gast.iter_fields(n):
            if _self_attr(value, me):
                setattr(n, field, gast.copy_location(gast.Name(id=held[value.attr], ctx=value.ctx, annotation=None,
                                                               type_comment=None), value))
            elif isinstance(value, list):
                value[:] = [gast.copy_location(gast.Name(id=held[v.attr], ctx=v.ctx, annotation=None,
                                                         type_comment=None), v) if _self_attr(v, me) else v
                            for v in value]
    values = gast.Tuple(elts=[_load(held[f]) for f in plain.fields], ctx=gast.Load())
    made_object = gast.Call(func=_load("new_object"), args=[values, _reference(plain.name),
                                                            gast.Constant(value=" ".join(plain.fields), kind=None)],
                            keywords=[])
    body = [s for s in made.body if not _is_docstring(s)]
    last = body[-1] if body else made
    ret = gast.Return(value=made_object)
    for n in walk(ret):
        if "lineno" in getattr(n, "_attributes", ()):
            gast.copy_location(n, last)
    made.body = body + [ret]


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


def _body(node):
    return [s for i, s in enumerate(node.body) if not (i == 0 and _is_docstring(s))]


def _is_docstring(stmt):
    return isinstance(stmt, gast.Expr) and isinstance(stmt.value, gast.Constant) and isinstance(stmt.value.value, str)


def _bound(stmt):
    if isinstance(stmt, (gast.FunctionDef, gast.ClassDef)):
        return {stmt.name}
    if isinstance(stmt, (gast.Import, gast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in stmt.names}
    return {n.id for n in walk(stmt) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)}


def _class_names(source):
    tree = getattr(source, "tree", None)
    return {s.name for s in tree.body if isinstance(s, gast.ClassDef)} if tree is not None else set()


def _top_names(source):
    tree = getattr(source, "tree", None)
    return set().union(*[_bound(s) for s in tree.body]) if tree is not None and tree.body else set()


def _located(node, origin):
    for item in walk(node):
        if getattr(item, "lineno", None) is None and "lineno" in getattr(item, "_attributes", ()):
            gast.copy_location(item, origin)
    return node

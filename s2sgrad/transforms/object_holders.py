"""Object holders: which local names of a function may hold objects of plain classes (made there,
made by a function of the file, an item of or a loop over a list of them), which hold a class's
object for sure (`v = C(...)`, assigned once), and which classes' methods a call may reach."""

import gast

from ..trees import file_fact, walk
from .object_parameters import constructed as _constructed
from .object_parameters import object_parameters


def calls_of_interest(node, classes, local, known, static):
    """The calls in `node` that make an object of a plain class or may call one of its methods."""
    for call in walk(node):
        if isinstance(call, gast.Call) and (_constructed(call, classes, local)
                                            or candidates(call, classes, local, known, static)):
            yield call


def method_name(call):
    """(the local name called or whose method is called, the method's name) or (None, None)."""
    func = call.func
    if isinstance(func, gast.Name):
        return func.id, "__call__"
    if isinstance(func, gast.Attribute) and isinstance(func.value, gast.Name):
        return func.value.id, func.attr
    return None, None


def candidates(call, classes, local, known, static=None):
    """The plain classes whose method a call of a local value may call, in the file's order."""
    holder, method = method_name(call)
    if holder is None or holder not in local or holder in known or holder in (static or {}).get("functions", ()):
        return []
    if static and holder in static.get("classes", {}):
        return [static["classes"][holder]]
    if static and holder not in static.get("objects", ()):
        return []
    return [c for c, plain in classes.items() if method in plain.methods and method != "__init__"]


def static_classes(node, classes, local, others=(), source=None):
    """{"classes": {name: class} for the names assigned once, `name = C(...)`; "functions": the
    names that hold a function (a nested def, a lambda) or an object of a class of the file that is
    not plain (`others`), whose calls are left as they are; "objects": `may_hold_objects`}."""
    counts = {}
    for n in walk(node):
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store):
            counts[n.id] = counts.get(n.id, 0) + 1
    found, functions = {}, set()
    for stmt in walk(node):
        if isinstance(stmt, gast.FunctionDef) and stmt is not node:
            functions.add(stmt.name)
        if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name):
            _read_assignment(stmt, counts, classes, local, others, found, functions)
    return {"classes": found, "functions": functions, "objects": may_hold_objects(node, classes, local, source)}


def _read_assignment(stmt, counts, classes, local, others, found, functions):
    """`static_classes` for one `name = value`: the class of its object into `found`, or the name
    into `functions`."""
    target = stmt.targets[0].id
    if isinstance(stmt.value, gast.Lambda) or isinstance(stmt.value, gast.Call) and _is_partial(stmt.value):
        functions.add(target)
    elif isinstance(stmt.value, gast.Call) and counts.get(target) == 1:
        cls = _constructed(stmt.value, classes, local)
        if cls is not None:
            found[target] = cls
        elif isinstance(stmt.value.func, gast.Name) and stmt.value.func.id in others:
            functions.add(target)       # an object of another class of the file: not dispatched


def may_hold_objects(node, classes, local, source, evidence=True):
    """The local names that may hold an object of a plain class (or a list of them), by where their
    values come from: `C(...)`; a call of a function of the file that makes such objects; an item
    of, or a name iterating over, one of those or a parameter (a list of objects given to a helper:
    a call of an item that is not one is refused where it runs).  Not a parameter itself: a
    function-valued argument specialises the function instead (callables.py).  A name
    that holds a function (from a list of functions, a factory, a library) is not one: a call of
    it is left as written (and refused where it needs a derivative)."""
    makers = _makers(source, classes)
    params = {a.id for a in node.args.args}
    holding = object_parameters(node, classes, source, may_hold_objects) if evidence else set()
    sources = _value_sources(node)
    holders = _Holders(classes, local, makers, params, holding, sources)
    return {name for name in set(sources) | params
            if holders.holds(gast.Name(id=name, ctx=gast.Load(), annotation=None, type_comment=None),
                             frozenset(), False)}


def _value_sources(node):
    """{name: [the expressions it takes values from]}: what is assigned to it, the items of what it
    iterates over or is unpacked from, what is appended to it."""
    sources = {}
    for n in walk(node):
        if isinstance(n, gast.Assign):
            for target in n.targets:
                for t in _target_names(target):
                    sources.setdefault(t, []).append(n.value if isinstance(target, gast.Name) else _item_of(n.value))
        elif isinstance(n, (gast.For, gast.comprehension)):
            for t in _target_names(n.target):
                sources.setdefault(t, []).append(_item_of(n.iter))
        elif _is_append(n):
            sources.setdefault(n.func.value.id, []).extend(n.args)
    return sources


def _item_of(expr):
    return gast.Subscript(value=expr, slice=None, ctx=gast.Load())


def _is_append(n):
    """`name.append(v)`, `name.extend(v)` or `name.insert(i, v)`."""
    return isinstance(n, gast.Call) and isinstance(n.func, gast.Attribute) \
        and n.func.attr in ("append", "extend", "insert") and isinstance(n.func.value, gast.Name)


class _Holders:
    """Whether an expression may hold an object of a plain class (see `may_hold_objects`); `item`:
    whether it is read as an item of what it names."""

    def __init__(self, classes, local, makers, params, holding, sources):
        self.classes, self.local, self.makers = classes, local, makers
        self.params, self.holding, self.sources = params, holding, sources

    def holds(self, expr, seen, item):
        if isinstance(expr, gast.Name):
            return self._name(expr.id, seen, item)
        if isinstance(expr, gast.Subscript):
            return self.holds(expr.value, seen, True)
        if isinstance(expr, (gast.List, gast.Tuple)):
            return any(self.holds(e, seen, item) for e in expr.elts)
        if isinstance(expr, (gast.ListComp, gast.GeneratorExp)):
            return self.holds(expr.elt, seen, item)
        if isinstance(expr, gast.IfExp):
            return self.holds(expr.body, seen, item) or self.holds(expr.orelse, seen, item)
        if isinstance(expr, gast.BinOp) and isinstance(expr.op, gast.Add):
            return self.holds(expr.left, seen, item) or self.holds(expr.right, seen, item)
        if isinstance(expr, gast.Call):
            return self._call(expr, seen, item)
        return False

    def _name(self, name, seen, item):
        if name in self.params:         # a parameter is left as written; its items are objects where the
            return item and name in self.holding        # file shows it (see object_parameters.py)
        return name in self.local and name not in seen and any(self.holds(v, seen | {name}, item)
                                                               for v in self.sources.get(name, ()))

    def _call(self, expr, seen, item):
        if _constructed(expr, self.classes, self.local):
            return True
        if isinstance(expr.func, gast.Name) and expr.func.id not in self.local:
            called = expr.func.id
            return called in self.classes or called in self.makers or \
                called in ("list", "tuple", "reversed", "sorted") and any(self.holds(a, seen, item) for a in expr.args)
        return False


def _target_names(target):
    if isinstance(target, gast.Name):
        return [target.id]
    if isinstance(target, (gast.Tuple, gast.List)):
        return [n for e in target.elts for n in _target_names(e)]
    return []


def _makers(source, classes):
    """The module-level functions of the file that make objects of its plain classes."""
    if getattr(source, "tree", None) is None or not classes:
        return set()
    return {name for name, called in file_fact(source, _names_called).items() if called & set(classes)}


def _names_called(tree):
    """{module-level function: the names it calls, `name(...)`}: one walk of the file."""
    return {s.name: frozenset(c.func.id for c in walk(s) if isinstance(c, gast.Call) and isinstance(c.func, gast.Name))
            for s in tree.body if isinstance(s, gast.FunctionDef)}


def _is_partial(call):
    func = call.func
    return isinstance(func, gast.Attribute) and func.attr == "partial" or isinstance(func, gast.Name) \
        and func.id == "partial"

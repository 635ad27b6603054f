"""Method calls on items: `layer(h)` and `layer.forward(h)`, where `layer` is an item of a list of
objects of one class of the file made in the function -> the call through the class.

    layers = [Layer(W), Layer(W * 0.5)]             layers = [Layer(W), Layer(W * 0.5)]
    for layer in layers:                   --->     for layer in layers:
        h = layer(h)                                    h = Layer.__call__(layer, h)

Python calls `type(layer).__call__(layer, h)`; every item of `layers` is a `Layer` (the list is
made of `Layer(...)` calls here, grown only by `append(Layer(...))`, read only by `for`, an index
and `len`), so that is `Layer.__call__`.  A class whose objects could hold an attribute of the
method's name (a field, or one `__init__` sets) is left as it is.
"""

import gast

from ..trees import children, clone, walk
from .normalize.displays import module_bindings

_CLASS_SCOPES = (gast.FunctionDef, gast.Lambda, gast.ListComp, gast.GeneratorExp, gast.DictComp, gast.SetComp)


def call_through_classes(func, source):
    """`func` with each method call on an item of such a list through its class (a copy; `func`
    itself where there is none)."""
    stored = _stores(func)
    classes = {k: c for k, c in _module_classes(source).items() if k not in stored}
    lists = _lists_of_objects(func, classes) if classes else {}
    records = _dataclasses(classes)
    makers = {k: c for k, c in _record_makers(source, records).items() if k not in stored}
    holders = _item_holders(func, lists, records, makers) if classes else {}
    if not lists and not holders:
        return func
    func = clone(func)
    for node in walk(func):
        if isinstance(node, gast.Call):
            _through_class(node, holders, lists, classes)
    return func


def _module_classes(source):
    """{name: ClassDef} of the module-level classes of the file, bound once."""
    tree = getattr(source, "tree", None)
    found = {c.name: c for c in getattr(tree, "body", ()) if isinstance(c, gast.ClassDef)}
    if not found:
        return {}
    bound = module_bindings(source)
    return {k: c for k, c in found.items() if bound.get(k, 0) == 0}


def _constructed(value, classes):
    """The class `value` (a call `C(...)`) makes an object of, or None."""
    if isinstance(value, gast.Call) and isinstance(value.func, gast.Name) and value.func.id in classes:
        return value.func.id
    return None


def _lists_of_objects(func, classes):
    """{list name: class} for each local bound once to a display of objects of one class."""
    found = {}
    stores = _stores(func)
    for node in walk(func):
        if isinstance(node, gast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], gast.Name) \
                and isinstance(node.value, (gast.List, gast.Tuple)):
            name = node.targets[0].id
            made = {_constructed(e, classes) for e in node.value.elts} or _appended(func, name, classes)
            if len(made) == 1 and None not in made and stores.get(name) == 1:
                found[name] = made.pop()
    return {n: c for n, c in found.items() if _read_as_items(func, n, c, classes)}


def _appended(func, name, classes):
    """{the class of each object `name.append(...)` adds}."""
    return {_constructed(n.args[0], classes) for n in walk(func) if isinstance(n, gast.Call) and len(n.args) == 1
            and isinstance(n.func, gast.Attribute) and n.func.attr == "append" and isinstance(n.func.value, gast.Name)
            and n.func.value.id == name}


def _read_as_items(func, name, cls, classes):
    """Whether the list `name` is only iterated, indexed, measured, or appended objects of `cls`."""
    parents = {id(child): node for node in walk(func) for child in children(node)}
    return all(_read_as_item(node, parents, cls, classes) for node in walk(func)
               if isinstance(node, gast.Name) and node.id == name and isinstance(node.ctx, gast.Load))


def _read_as_item(node, parents, cls, classes):
    parent = parents.get(id(node))
    if isinstance(parent, gast.For) and parent.iter is node:
        return True
    if isinstance(parent, gast.Subscript) and parent.value is node:
        return isinstance(parent.ctx, gast.Load) and not isinstance(parent.slice, gast.Slice)
    if isinstance(parent, gast.Call) and isinstance(parent.func, gast.Name) and parent.func.id == "len":
        return True
    grown = parents.get(id(parent))
    return isinstance(parent, gast.Attribute) and parent.attr == "append" and isinstance(grown, gast.Call) \
        and len(grown.args) == 1 and _constructed(grown.args[0], classes) == cls


def _dataclasses(classes):
    """Those of `classes` that are dataclasses (records; the plain others are objects.py's)."""
    return {k: c for k, c in classes.items() if c.decorator_list and all(_dataclass(d) for d in c.decorator_list)}


def _record_makers(source, records):
    """{name: class} for the module-level functions of the file, bound once, whose every return
    makes an object of one of the dataclasses `records` (`return Stats(m, v)`)."""
    tree = getattr(source, "tree", None)
    if not records or tree is None:
        return {}
    bound = module_bindings(source)
    found = {}
    for stmt in tree.body:
        if isinstance(stmt, gast.FunctionDef) and bound.get(stmt.name, 0) == 0 and not stmt.decorator_list:
            made = {_constructed(r.value, records) for r in _returns(stmt)}
            if len(made) == 1 and None not in made:
                found[stmt.name] = made.pop()
    return found


def _returns(func):
    """The `return` statements of a function, not of the functions it defines."""
    stack, found = list(func.body), []
    while stack:
        node = stack.pop()
        if isinstance(node, gast.Return):
            found.append(node)
        elif not isinstance(node, _CLASS_SCOPES):
            stack.extend(children(node))
    return found


def _item_holders(func, lists, records, makers):
    """{name: class} for each local bound only to items of those lists (`for v in xs`, `v = xs[i]`),
    to objects of one of the dataclasses `records` (`s = Stats(m, v)`) or to what a function of the
    file that makes one returns (`makers`: `s = stats(x)`)."""
    bindings = {}
    for node in walk(func):
        if isinstance(node, gast.For) and isinstance(node.target, gast.Name):
            bindings.setdefault(node.target.id, []).append(_items_of(node.iter, lists))
        elif isinstance(node, gast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], gast.Name):
            bindings.setdefault(node.targets[0].id, []).append(_holds(node.value, lists, records, makers))
    stores = _stores(func)
    params = {a.id for a in func.args.args}
    return {n: found[0] for n, found in bindings.items() if len(set(found)) == 1 and found[0] is not None
            and stores.get(n) == len(found) and n not in params}


def _holds(value, lists, records, makers):
    """The class of the object an assigned value is: an item of such a list, `C(...)`, or `make(...)`."""
    if isinstance(value, gast.Subscript) and not isinstance(value.slice, gast.Slice):
        return _items_of(value.value, lists)
    return _constructed(value, records) or _constructed(value, makers) and makers[value.func.id]


def _items_of(node, lists):
    return lists.get(node.id) if isinstance(node, gast.Name) else None


def _stores(func):
    counts = {}
    for node in walk(func):
        if isinstance(node, gast.Name) and isinstance(node.ctx, (gast.Store, gast.Del)):
            counts[node.id] = counts.get(node.id, 0) + 1
    return counts


def _held(node, holders, lists):
    """The class of the object `node` holds (an item holder, or `xs[i]` of such a list), or None."""
    if isinstance(node, gast.Name):
        return holders.get(node.id)
    if isinstance(node, gast.Subscript) and not isinstance(node.slice, gast.Slice):
        return _items_of(node.value, lists)
    return None


def _through_class(call, holders, lists, classes):
    func = call.func
    if _held(func, holders, lists):
        holder, method = func, "__call__"
    elif isinstance(func, gast.Attribute) and _held(func.value, holders, lists):
        holder, method = func.value, func.attr
    else:
        return
    cls = classes[_held(holder, holders, lists)]
    if not _defines(cls, method) or _may_shadow(cls, method):
        return
    through = gast.Attribute(value=gast.Name(id=cls.name, ctx=gast.Load(), annotation=None, type_comment=None),
                             attr=method, ctx=gast.Load())
    for node in (through, through.value):
        gast.copy_location(node, func)
    call.func = through
    call.args = [holder] + list(call.args)


def _defines(cls, method):
    return any(isinstance(m, gast.FunctionDef) and m.name == method and not m.decorator_list for m in cls.body)


def _may_shadow(cls, method):
    """A field, class attribute or `self.<method> = ...` of that name: the object's own value."""
    if cls.bases or cls.keywords or any(not _dataclass(d) for d in cls.decorator_list) \
            or any(isinstance(m, gast.FunctionDef) and m.name in ("__getattr__", "__getattribute__", "__new__")
                   for m in cls.body):
        return True         # (another class's method may run, or the object may not be of this class)
    return any(_sets(node, method) for node in walk(cls))


def _sets(node, attr):
    """`attr: T` (a field), `attr = ...` (a class attribute) or `self.attr = ...`."""
    if isinstance(node, gast.AnnAssign):
        return isinstance(node.target, gast.Name) and node.target.id == attr
    if isinstance(node, gast.Attribute):
        return node.attr == attr and not isinstance(node.ctx, gast.Load)
    return isinstance(node, gast.Assign) and any(isinstance(t, gast.Name) and t.id == attr for t in node.targets)


def _dataclass(decorator):
    """`@dataclass`, `@dataclasses.dataclass`, with or without arguments."""
    target = decorator.func if isinstance(decorator, gast.Call) else decorator
    return getattr(target, "id", getattr(target, "attr", None)) == "dataclass"

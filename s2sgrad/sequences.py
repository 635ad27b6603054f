"""Lists of functions a function reads but does not make: what each item is, where it is known.

A global list or tuple of functions (`ACTIVATIONS`, `mylib.ACTIVATIONS`) is known by its value in
the API (the list is then watched: changed in place, the transform is stale) and, in the command
line, by its display in the file that binds it (`ACTIVATIONS = [np.tanh, relu]`, each item
resolved where it is written).  A list of functions held by an object of the user's given to the
API (`self.acts`, a bound method's `self`) is known from the object (callables.Instance).  Each
is the tuple of its items' known callables; anything else is not known (None).
"""

import gast

from . import runtime
from .analyses.ops import dotted
from .callables import Instance, Primitive, as_known, function_list, known_items
from .resolve import StaticValue, resolve_dotted
from .trees import walk


def known_sequence(node, resolver, known=None, local=()):
    """The tuple of known callables of the list of functions the expression `node` names (a
    global, dotted or not, or `self.attr` of an object in `known`), or None."""
    parts = dotted(node) or _field_read(node, resolver)
    if not parts or resolver is None:
        return None
    held = (known or {}).get(parts[0])
    if isinstance(held, Instance):
        items = dict(held.functions).get(parts[1]) if len(parts) == 2 else None
        return items if isinstance(items, tuple) else None
    if parts[0] in local:
        return None
    try:
        value = resolve_dotted(resolver, parts)
    except Exception:       # noqa: BLE001 (a name the resolver cannot see holds no known list)
        return None
    if isinstance(value, StaticValue):
        return _static_items(value)
    if not function_list(value):
        return None
    items = known_items(value, resolver)
    log = getattr(resolver, "log", None)
    if items is not None and log is not None and isinstance(value, list):
        log.record_items(value)
    return items


def _field_read(node, resolver):
    """[name, attr] for `field_of(name, "attr")`, an object's attribute in emitted code (read again
    when the gradient is differentiated), or None."""
    if not (isinstance(node, gast.Call) and isinstance(node.func, gast.Name) and len(node.args) == 2
            and isinstance(node.args[0], gast.Name) and isinstance(node.args[1], gast.Constant)
            and isinstance(node.args[1].value, str)):
        return None
    try:
        return [node.args[0].id, node.args[1].value] if resolver.lookup(node.func.id) is runtime.field_of else None
    except Exception:       # noqa: BLE001
        return None


def _static_items(value):
    """The known callables of a module-level display of functions the command line reads."""
    display = value.written
    if not isinstance(display, (gast.List, gast.Tuple)) or not display.elts or value.resolver is None:
        return None
    items = []
    for element in display.elts:
        parts = dotted(element)
        try:
            item = as_known(resolve_dotted(value.resolver, parts), value.resolver) if parts else None
        except Exception:       # noqa: BLE001
            item = None
        if item is None:
            return None
        items.append(item)
    return tuple(items)


def sequence_items(node, resolver, known=None):
    """{name: known callable} for the locals a function binds once to an item of a known list of
    functions by a constant index (`acts_0 = self.acts[0]`, written by transforms/function_items.py)."""
    stores = {}
    for n in walk(node):
        if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load):
            stores[n.id] = stores.get(n.id, 0) + 1
    found = {}
    for stmt in node.body:
        index = _item_index(stmt)
        if index is None or stores.get(stmt.targets[0].id) != 1:
            continue
        items = known_sequence(stmt.value.value, resolver, known, set(stores))
        if items is not None and -len(items) <= index < len(items):
            found[stmt.targets[0].id] = items[index]
    return found


def _item_index(stmt):
    """The constant index `k` of `name = seq[k]`, or None."""
    if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name)
            and isinstance(stmt.value, gast.Subscript) and isinstance(stmt.value.slice, gast.Constant)):
        return None
    index = stmt.value.slice.value
    return index if type(index) is int else None


def item_name(known, resolver, roots):
    """The dotted name (`["np", "tanh"]`) under which the function's scope reads the library
    function `known` (a Primitive): an attribute of one of `roots`, the names the function reads
    that it does not bind, or its own name; None for anything else (a function of the user's is
    called by its own name already, a lambda has none)."""
    obj = known.obj if isinstance(known, Primitive) else None
    name = getattr(obj, "__name__", None)
    if not isinstance(name, str) or not name.isidentifier():
        return None
    path = (getattr(obj, "__module__", None) or "").split(".")[1:]
    candidates = [[r, *path, name] for r in sorted(roots)] + [[r, name] for r in sorted(roots)] + [[name]]
    for parts in candidates:
        try:
            if resolve_dotted(resolver, parts) is obj:
                return parts
        except Exception:       # noqa: BLE001 (a name the resolver cannot see names nothing)
            continue
    return None

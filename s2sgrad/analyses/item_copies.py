"""Item copies: which locals hold only an item of an array read by integers (`t = y[i]`), or a copy
of such a local: a number where the index reads every axis of y, a view of y otherwise."""

import gast

from ..trees import walk


def integer_items(func, type_of, may_contain):
    """{name: the names it is copied from} for the locals bound only to an item of an array read by
    integers (`t = y[i]`, `t = y[0, j]`) or to another such local (`y2 = y1`): a number (a copy)
    where y has as many axes as the index has integers, a view otherwise."""
    defs, others = {}, {a.id for a in func.args.args}
    for node in walk(func):
        if isinstance(node, gast.Assign):
            source = _item_or_copy(node, type_of, may_contain)
            if source is not False:
                defs.setdefault(node.targets[0].id, set()).add(source)
            else:
                others.update(stored_names(node.targets))
        elif isinstance(node, (gast.For, gast.comprehension, gast.AugAssign)):
            others.update(stored_names([node.target]))
    items = {n: sources - {None} for n, sources in defs.items() if n not in others}
    while True:
        wrong = {n for n, sources in items.items() if not sources <= set(items)}
        if not wrong:
            return items
        items = {n: sources for n, sources in items.items() if n not in wrong}


def _item_or_copy(node, type_of, may_contain):
    """For `t = y[i]` (integers, y an array: a list's item is what the list holds) None, for `t = s`
    the name s, for any other assignment False."""
    if not (len(node.targets) == 1 and isinstance(node.targets[0], gast.Name)):
        return False
    if isinstance(node.value, gast.Name):
        return node.value.id
    if item_read(node.value) and isinstance(node.value.value, gast.Name) and not may_contain(node.value.value.id) \
            and all(_integer(i, type_of) for i in _index_parts(node.value.slice)):
        return None
    return False


def copied_from(names, items):
    """`names` and the locals they are copied from, transitively."""
    found, todo = set(names), list(names)
    while todo:
        for source in items[todo.pop()] - found:
            found.add(source)
            todo.append(source)
    return found


def _index_parts(index):
    return index.elts if isinstance(index, gast.Tuple) else [index]


def _integer(atom, type_of):
    """An index that may be an integer: a constant one, or a name not known to hold an array or a
    sequence (`for a, b in pairs: ... v[a]`); were it anything else, the item read would be an
    array, refused where it runs."""
    if isinstance(atom, gast.UnaryOp) and isinstance(atom.op, gast.USub):
        atom = atom.operand
    if isinstance(atom, gast.Constant):
        return type(atom.value) is int
    return isinstance(atom, gast.Name) and type_of(atom.id) not in ("array", "ints", "seq", "float")


def stored_names(targets):
    return {n.id for t in targets for n in walk(t) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)}


def item_read(value):
    """`x[i]` or `x[i, j]` with no slice, no `None` and no `...` in its index."""
    if not isinstance(value, gast.Subscript):
        return False
    index = value.slice.elts if isinstance(value.slice, gast.Tuple) else [value.slice]
    return not any(isinstance(i, gast.Slice) or isinstance(i, gast.Constant) and i.value in (None, Ellipsis)
                   for i in index)

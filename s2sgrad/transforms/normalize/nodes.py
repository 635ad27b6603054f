"""The node builders and predicates the normal form is written with (`name`, `assign`, `is_atom`)."""

import gast

from ...trees import name_ids, names_by_context, push_children, walk


def assigned_names(body):
    """Every name a list of statements binds (targets, loop variables)."""
    names = set()
    for stmt in body:
        names.update(names_by_context(stmt).get(gast.Store, ()))
    return names


def loaded_names(node):
    return name_ids(node, gast.Load)


def is_atom(node):
    return isinstance(node, (gast.Name, gast.Constant))


def name(id_, store=False):
    return gast.Name(id=id_, ctx=gast.Store() if store else gast.Load(), annotation=None, type_comment=None)


def assign(target, value, origin):
    node = gast.Assign(targets=[target if not isinstance(target, str) else name(target, True)],
                       value=value, type_comment=None)
    return locate(node, origin)


def locate(node, origin):
    """`node` at `origin`'s line and column (`origin` None: left as it is)."""
    if origin is not None:
        node.lineno = getattr(origin, "lineno", None)
        node.col_offset = getattr(origin, "col_offset", 0)
    return node


def located(node, origin):
    """`node`, each node in it that has no location given `origin`'s (those that have one keep it)."""
    for item in walk(node):
        if getattr(item, "lineno", None) is None and "lineno" in getattr(item, "_attributes", ()):
            gast.copy_location(item, origin)
    return node


def generator(targets, iterable):
    """`for t in iterable` (one target) or `for t1, t2 in iterable` in a comprehension."""
    stored = [name(t.id, True) for t in targets]
    target = stored[0] if len(stored) == 1 else gast.Tuple(elts=stored, ctx=gast.Store())
    return gast.comprehension(target=target, iter=iterable, ifs=[], is_async=0)


def is_numpy(func, locals_):
    """`np.f` for the module name `np` (not a local)."""
    return isinstance(func, gast.Attribute) and isinstance(func.value, gast.Name) and func.value.id == "np" \
        and "np" not in locals_



def names_outside_comprehensions(body):
    """Names the function binds or reads outside its comprehensions."""
    found, todo = set(), list(body)
    while todo:
        node = todo.pop()
        if isinstance(node, gast.Name):
            found.add(node.id)
        if not isinstance(node, (gast.ListComp, gast.SetComp, gast.DictComp, gast.GeneratorExp)):
            push_children(node, todo.append)
    return found


def inside(node, tree):
    return any(n is node for n in walk(tree))


def is_call_to(node, fname):
    return isinstance(node, gast.Call) and isinstance(node.func, gast.Name) and node.func.id == fname



def dict_method(iterable):
    """"items", "keys" or "values" for `d.items()` and friends on a name, else None."""
    if isinstance(iterable, gast.Call) and isinstance(iterable.func, gast.Attribute) and not iterable.args \
            and iterable.func.attr in ("items", "keys", "values") and isinstance(iterable.func.value, gast.Name):
        return iterable.func.attr
    return None


def nested_statements(body):
    """Statements of a body, recursively, but not inside nested function definitions."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, (gast.If, gast.For, gast.While)):
            yield from nested_statements(stmt.body)
            yield from nested_statements(stmt.orelse)


def is_comprehension(value):
    if isinstance(value, (gast.ListComp, gast.DictComp)):
        return True
    return (isinstance(value, gast.Call) and isinstance(value.func, gast.Name)
            and value.func.id in ("sum", "list", "tuple") and len(value.args) == 1 and not value.keywords
            and isinstance(value.args[0], (gast.GeneratorExp, gast.ListComp)))

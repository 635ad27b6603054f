"""Unshare: every place in a syntax tree gets a node of its own, since the optimizer's passes
rewrite nodes in place (a copy propagated into one statement must not reach another that shares
the name node); and every name indexed or written into is loaded (`check_contexts`)."""

import gast

from ...errors import InternalError
from ...trees import clone, node_fields, walk

_AST = gast.AST


def unshare(node):
    """Give every place in the tree a node of its own: the passes rewrite nodes in place (a
    copy propagated into one statement must not reach another that shares the name node).
    Returns whether every name indexed or written into is loaded (see `check_contexts`).

    A tree seldom shares a node: one walk finds whether it does (and the answer), and only a
    tree that does is walked again to copy them (`_copy_shared`)."""
    seen, count, ok = set(), 0, True
    todo = [node]
    root, pop, push, add = node, todo.pop, todo.append, seen.add
    subscript, attribute, name, load = gast.Subscript, gast.Attribute, gast.Name, gast.Load
    fields_of, ast_node = {}, _AST
    while todo:
        node = pop()
        add(id(node))
        count += 1
        cls = type(node)
        if (cls is subscript or cls is attribute) and type(node.value) is name \
                and type(node.value.ctx) is not load:
            ok = False
        fields = fields_of.get(cls)
        if fields is None:
            fields = fields_of[cls] = node_fields(cls)
        for field in fields:            # push_children, inlined: this walk visits every node once
            value = getattr(node, field, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast_node):
                        push(item)
            elif isinstance(value, ast_node):
                push(value)
    if len(seen) == count:
        return ok
    return _copy_shared(root)


def _copy_shared(node):
    """`unshare`, copying: depth first, each place in field order, as a recursion goes, the
    first place a shared node is met at keeps it, the later ones get copies.  A copy is not
    walked: its nodes are new, and the node it copies was walked where it was met first."""
    seen = set()
    ok = True
    todo = [(node, None, None)]     # (node, the list or node that holds it, its index or field), next on top
    pop = todo.pop
    subscript, attribute, name, load = gast.Subscript, gast.Attribute, gast.Name, gast.Load
    while todo:
        node, holder, key = pop()
        if id(node) in seen:
            if type(holder) is list:
                holder[key] = clone(node)
            else:
                setattr(holder, key, clone(node))
            continue
        seen.add(id(node))
        cls = type(node)
        if (cls is subscript or cls is attribute) and type(node.value) is name \
                and type(node.value.ctx) is not load:
            ok = False
        places = []
        for field in node_fields(type(node)):
            value = getattr(node, field, None)
            if type(value) is list:
                places += [(item, value, k) for k, item in enumerate(value) if isinstance(item, _AST)]
            elif isinstance(value, _AST):
                places.append((value, node, field))
        todo += reversed(places)
    return ok


def check_contexts(func):
    """Every pass reads what a statement loads and stores from the names' contexts: a name
    indexed or written into (`d[i] = 0`, `d.x = 0`) is loaded, never stored."""
    for node in walk(func):
        if isinstance(node, (gast.Subscript, gast.Attribute)) and isinstance(node.value, gast.Name) \
                and not isinstance(node.value.ctx, gast.Load):
            raise InternalError(f"`{node.value.id}` is indexed with a store context in {func.name}")

"""Syntax trees: the copies, walks and name collections the passes make over and over, several
times faster than `copy.deepcopy` and `ast.walk`; and a transform run without collector pauses.

(Trees of values — lists, dicts, namedtuples, dataclasses, registered classes — are walked by
the runtime helpers with `containers.py`, which says why no tree library such as optree.)"""

import ast
import copy
import functools
import gc
from collections import deque

import gast

_AST = ast.AST
_Name, _Constant = gast.Name, gast.Constant
_ATOMS = (str, int, float, complex, bool, bytes, type(None), type(Ellipsis))


def clone(node):
    """A deep copy of a gast tree, a list of them, or anything else `copy.deepcopy` copies."""
    if isinstance(node, list):
        return [clone(item) for item in node]
    if isinstance(node, gast.AST):
        new = type(node).__new__(type(node))
        new.__dict__.update({key: clone(value) for key, value in node.__dict__.items()})
        return new
    if isinstance(node, _ATOMS):
        return node
    return copy.deepcopy(node)


_FIELDS = {}


def _push_children(node, push):
    """push(child) for each child node of `node`, in field order."""
    cls = type(node)
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = _FIELDS[cls] = cls._fields
    for field in fields:
        value = getattr(node, field, None)
        if value is None:
            continue
        if type(value) is list:
            for item in value:
                if isinstance(item, _AST):
                    push(item)
        elif isinstance(value, _AST):
            push(value)


def walk(node):
    """Every node of a tree, breadth first, as `ast.walk` yields them (the same nodes in the
    same order), several times faster: the passes walk statements many times."""
    todo = deque((node,))
    pop, push = todo.popleft, todo.append
    while todo:
        node = pop()
        yield node
        _push_children(node, push)


def name_ids(node, ctx=None):
    """The ids of the `Name` nodes in a tree whose context is a `ctx` (any context when None):
    what liveness asks of every statement, collected without visiting the names' own fields."""
    found = set()
    todo = [node]
    pop, push = todo.pop, todo.append
    while todo:
        node = pop()
        cls = type(node)
        if cls is _Name:
            if ctx is None or type(node.ctx) is ctx:
                found.add(node.id)
            if node.annotation is not None:      # a parameter's annotation (gast's arguments are names)
                push(node.annotation)
        elif cls is not _Constant:
            _push_children(node, push)
    return found


def without_collector_pauses(transform):
    """`transform` with Python's cyclic garbage collector paused while it runs: a transform
    makes millions of tree nodes that stay alive, and each full collection walks them all,
    which made a long function's transform time grow faster than its length."""
    @functools.wraps(transform)
    def run(*args, **kwargs):
        if not gc.isenabled():
            return transform(*args, **kwargs)
        gc.disable()
        try:
            return transform(*args, **kwargs)
        finally:
            gc.enable()
    return run

"""Read once: an iterator that s2sgrad makes a list (of itertools, or a generator function's
result) must be read whole, once, where it is made, for the list to yield what the iterator would.

A list can be read again, an iterator only once: `it = chain(a, b); sum(it); sum(it)` gives 0 the
second time in Python.  So the call must be iterated where it is written (`for`, a
comprehension, `list`, `sum`, ... of it), or bound to a name read once, by such a consumer, in
the same loop as the binding.  Anything else is refused where the iterator is made.
"""

import gast

from ..errors import Diagnostic
from ..trees import walk

CONSUMERS = {"list", "tuple", "sum", "sorted", "min", "max", "any", "all", "enumerate", "zip", "dict", "set"}
_LOOPS = (gast.For, gast.While, gast.ListComp, gast.GeneratorExp, gast.DictComp, gast.SetComp)


def read_once_problems(func, source, iterators, what):
    """A Diagnostic for each call in `iterators` (a set of ids of calls) whose iterator may be read
    other than once, whole; `what(call)` names it."""
    if not iterators:
        return []
    parents = {id(child): node for node in walk(func) for child in _children(node)}
    problems = []
    for node in walk(func):
        if id(node) in iterators and not _read_once(node, func, parents, iterators):
            problems.append(Diagnostic(source.location(node), f"{what(node)} is an iterator, read once: s2sgrad "
                                       "makes it a list, which is exact only where it is iterated once, whole, "
                                       "where it is made",
                                       "iterate it where it is made (`for v in ...`, `list(...)`, `sum(...)`), "
                                       "or write `list(...)` of it and read that list"))
    return problems


def _children(node):
    for _, value in gast.iter_fields(node):
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, gast.AST):
                yield child


def _consumed(node, parents, iterators):
    parent = parents.get(id(node))
    if isinstance(parent, (gast.For, gast.comprehension)) and parent.iter is node:
        return True
    if isinstance(parent, gast.Starred):
        return isinstance(parents.get(id(parent)), gast.Call)
    if isinstance(parent, gast.Call) and any(a is node for a in parent.args):
        func = parent.func
        return id(parent) in iterators or isinstance(func, gast.Name) and func.id in CONSUMERS \
            or isinstance(func, gast.Attribute) and func.attr in ("stack", "array", "asarray", "concatenate")
    return False


def _read_once(call, func, parents, iterators):
    if _consumed(call, parents, iterators):
        return True
    assign = parents.get(id(call))
    if not _assigned_to_a_name(assign):
        return False
    named = [n for n in walk(func) if isinstance(n, gast.Name) and n.id == assign.targets[0].id]
    loads = [n for n in named if isinstance(n.ctx, gast.Load)]
    stores = [n for n in named if not isinstance(n.ctx, gast.Load)]
    if not (len(loads) == 1 and len(stores) == 1 and _consumed(loads[0], parents, iterators)):
        return False
    reader = _reader(loads[0], parents)
    return reader is not None and _loops(reader, parents) == _loops(assign, parents)


def _assigned_to_a_name(assign):
    return isinstance(assign, gast.Assign) and len(assign.targets) == 1 and isinstance(assign.targets[0], gast.Name)


def _reader(load, parents):
    """The node whose loops read `load` again: a `for` (or a comprehension) reads its iterable once,
    before it loops; None where a comprehension's inner loop reads it for each outer item."""
    reader = parents[id(load)]
    if isinstance(reader, gast.For):
        return reader
    if isinstance(reader, gast.comprehension):
        comp = parents[id(reader)]
        return comp if comp.generators[0] is reader else None
    return load


def _loops(node, parents):
    """The loops around `node` (ids), innermost first."""
    found = []
    while id(node) in parents:
        node = parents[id(node)]
        if isinstance(node, _LOOPS):
            found.append(id(node))
    return found

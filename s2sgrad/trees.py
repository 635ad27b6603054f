"""Syntax trees: the copies, walks and name collections the passes make over and over, several
times faster than `copy.deepcopy` and `ast.walk`; and a transform run without collector pauses.

(Trees of values — lists, dicts, namedtuples, dataclasses, registered classes — are walked by
the runtime helpers with `containers.py`, which says why no tree library such as optree.)"""

import ast
import contextlib
import copy
import functools
import gc
from collections import deque

import gast

_AST = ast.AST
_Name, _Constant, _Call = gast.Name, gast.Constant, gast.Call
_ATOMS = (str, int, float, complex, bool, bytes, type(None), type(Ellipsis))
ATOM_TYPES = frozenset(_ATOMS)     # the exact types clone returns as they are


def clone(node):
    """A deep copy of a gast tree, a list of them, or anything else `copy.deepcopy` copies."""
    cls = type(node)
    if cls in ATOM_TYPES:
        return node
    if cls is list:
        return [clone(item) for item in node]
    if isinstance(node, gast.AST):
        new = cls.__new__(cls)
        fields = node.__dict__
        if fields:
            new.__dict__.update({key: value if type(value) in ATOM_TYPES else clone(value)
                                 for key, value in fields.items()})
        return new
    if isinstance(node, list):
        return [clone(item) for item in node]
    if isinstance(node, _ATOMS):
        return node
    return copy.deepcopy(node)


_FIELDS = {}
# Fields that hold a name, a number or a flag, never a node: not looked at by the walks.
_LEAF_FIELDS = {gast.Name: ("id", "type_comment"), gast.Constant: ("value", "kind"), gast.Attribute: ("attr",),
                gast.keyword: ("arg",), gast.FunctionDef: ("name", "type_comment"),
                gast.AsyncFunctionDef: ("name", "type_comment"), gast.ClassDef: ("name",),
                gast.Assign: ("type_comment",), gast.For: ("type_comment",), gast.AsyncFor: ("type_comment",),
                gast.With: ("type_comment",), gast.AsyncWith: ("type_comment",), gast.alias: ("name", "asname"),
                gast.Global: ("names",), gast.Nonlocal: ("names",), gast.ImportFrom: ("module", "level"),
                gast.comprehension: ("is_async",), gast.FormattedValue: ("conversion",),
                gast.AnnAssign: ("simple",), gast.ExceptHandler: ("name",)}


def _node_fields(cls):
    fields = _FIELDS[cls] = tuple(f for f in cls._fields if f not in _LEAF_FIELDS.get(cls, ()))
    return fields


def node_fields(cls):
    """The fields of node class `cls` that may hold a node (what the walks look at), cached."""
    fields = _FIELDS.get(cls)
    return _node_fields(cls) if fields is None else fields


def push_children(node, push):
    """push(child) for each child node of `node`, in field order."""
    cls = type(node)
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = _node_fields(cls)
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


def children(node):
    """The child nodes of `node` in field order, as a list: what `ast.iter_child_nodes` yields,
    several times faster (it reads every field, names and numbers too)."""
    found = []
    push_children(node, found.append)
    return found


def file_fact(source, compute):
    """`compute(source.tree)` for a parsed file `source`, computed once and kept on it: the facts
    of a whole file that each function of a long file asks for again (a parsed file's tree is
    shared by every transform and never changed: passes change copies)."""
    facts = getattr(source, "_file_facts", None)
    if facts is None:
        try:
            source._file_facts = facts = {}
        except AttributeError:      # no place to keep it
            return compute(source.tree)
    if compute not in facts:
        facts[compute] = compute(source.tree)
    return facts[compute]


def walk(node):
    """Every node of a tree, breadth first, as `ast.walk` yields them (the same nodes in the
    same order), several times faster: the passes walk statements many times.  The walk of a
    tree held by `walks_kept` is made once and read again."""
    if _KEPT:
        kept = _KEPT.get(id(node))
        if kept is not None and kept[0] is node:
            if kept[1] is None:
                kept[1] = list(_walk(node))
            return iter(kept[1])
    return _walk(node)


_KEPT = {}          # id(root) -> [root, its walk or None]: see walks_kept
CHECK_KEPT = False  # tests: check at the end of each `walks_kept` block that the tree kept its shape


@contextlib.contextmanager
def walks_kept(root):
    """Within the block, `walk(root)` is made once and read again: for a sequence of passes each
    of which gives back `root` itself or a rewritten copy, never changing `root`'s shape in place
    (which children it holds; a name's id may change: the walk holds the same nodes)."""
    if id(root) in _KEPT:
        yield
        return
    kept = _KEPT[id(root)] = [root, None]
    try:
        yield
    finally:
        del _KEPT[id(root)]
    if CHECK_KEPT and kept[1] is not None and list(map(id, _walk(root))) != list(map(id, kept[1])):
        raise AssertionError(f"a pass changed the shape of {type(root).__name__} within walks_kept")


def _walk(node):
    todo = deque((node,))
    pop, push = todo.popleft, todo.append
    fields_of = _FIELDS
    while todo:
        node = pop()
        yield node
        fields = fields_of.get(type(node))
        for field in fields if fields is not None else _node_fields(type(node)):      # push_children, inlined
            value = getattr(node, field, None)
            if value is None:
                continue
            if type(value) is list:
                for item in value:
                    if isinstance(item, _AST):
                        push(item)
            elif isinstance(value, _AST):
                push(value)


def dumped(node):
    """A hashable value equal for two trees exactly where `gast.dump` prints them alike (class
    names, the fields it prints, values by `repr`), made without building the text: a field
    missing, None where its class's default is None, or an empty list is left out, as there."""
    if isinstance(node, _AST):
        cls = type(node)
        key = [cls.__name__]
        for field in cls._fields:
            value = getattr(node, field, _MISSING)
            if value is _MISSING or (value is None and getattr(cls, field, 42) is None) \
                    or (type(value) is list and not value):
                continue
            key.append((field, dumped(value)))
        return tuple(key)
    if type(node) is list:
        return ("[", *[dumped(item) for item in node])
    return repr(node)


_MISSING = object()


def replace_node(root, old, new):
    """Put `new` where the node `old` is in the tree `root` (as a field or a list item)."""
    for node in walk(root):
        for field, value in gast.iter_fields(node):
            if value is old:
                setattr(node, field, new)
            elif isinstance(value, list):
                value[:] = [new if item is old else item for item in value]


def name_ids(node, ctx=None):
    """The ids of the `Name` nodes in a tree whose context is a `ctx` (any context when None):
    what liveness asks of every statement, collected without visiting the names' own fields."""
    if ctx is None:
        return set().union(*names_by_context(node).values())
    return names_by_context(node).get(ctx, set())


def names_by_context(node):
    """{context class: ids of the `Name` nodes in a tree with that context}, in one walk: what
    `name_ids` gives for each context (and, in the union, for any), collected together."""
    return names_and_calls(node)[0]


def names_and_calls(node):
    """(`names_by_context(node)`, whether the tree holds a call), from one walk."""
    found, calls = {}, False
    todo = [node]
    pop, push = todo.pop, todo.append
    fields_of = _FIELDS
    while todo:
        node = pop()
        cls = type(node)
        if cls is _Call:
            calls = True
        elif cls is _Name:
            ctx = type(node.ctx)
            ids = found.get(ctx)
            if ids is None:
                ids = found[ctx] = set()
            ids.add(node.id)
            if node.annotation is not None:
                push(node.annotation)
            continue
        fields = fields_of.get(cls)
        for field in fields if fields is not None else _node_fields(cls):      # push_children, inlined
            value = getattr(node, field, None)
            if value is None:
                continue
            if type(value) is list:
                for item in value:
                    if isinstance(item, _AST) and type(item) not in _NAMELESS:
                        push(item)
            elif isinstance(value, _AST) and type(value) not in _NAMELESS:
                push(value)
    return found, calls


def name_nodes(node):
    """Every `Name` node of a tree (in annotations too), in no promised order: one walk that
    does not enter the nodes with no name in them."""
    found = []
    todo = [node]
    pop, push = todo.pop, todo.append
    fields_of = _FIELDS
    while todo:
        node = pop()
        cls = type(node)
        if cls is _Name:
            found.append(node)
            if node.annotation is not None:
                push(node.annotation)
            continue
        fields = fields_of.get(cls)
        for field in fields if fields is not None else _node_fields(cls):      # push_children, inlined
            value = getattr(node, field, None)
            if value is None:
                continue
            if type(value) is list:
                for item in value:
                    if isinstance(item, _AST) and type(item) not in _NAMELESS:
                        push(item)
            elif isinstance(value, _AST) and type(value) not in _NAMELESS:
                push(value)
    return found


def statements(node):
    """Every statement of a tree (`node` itself when it is one), in no promised order: a walk
    that enters statement lists only (bodies, `else`s, handlers, match cases), never an
    expression, so it finds every `Return` or `Assign` of a function without visiting its
    expressions (no statement is nested in an expression)."""
    found = []
    todo = [node]
    pop, push = todo.pop, todo.append
    while todo:
        node = pop()
        if isinstance(node, gast.stmt):
            found.append(node)
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            value = getattr(node, field, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, _BLOCK_PARTS):
                        push(item)
    return found


_BLOCK_PARTS = (gast.stmt, gast.excepthandler, gast.match_case)


# Node classes with no Name in them: contexts, operators, constants.
_NAMELESS = frozenset([_Constant] + [cls for base in (gast.expr_context, gast.operator, gast.unaryop, gast.cmpop,
                                                       gast.boolop) for cls in base.__subclasses__()])
NAMELESS = _NAMELESS           # for the walks of other modules: nodes with no Name, and no Call, in them


class Visitor(gast.NodeVisitor):
    """`gast.NodeVisitor`, visiting the same nodes in the same order, with its method for each
    node class looked up once per visitor class, not by building a name per node."""

    _methods = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._methods = {}       # node class -> the method that visits it

    def visit(self, node):
        method = self._methods.get(type(node))
        if method is None:
            cls = type(self)
            method = cls._methods[type(node)] = getattr(cls, "visit_" + type(node).__name__, cls.generic_visit)
        return method(self, node)

    def generic_visit(self, node):
        fields = _FIELDS.get(type(node))
        for field in fields if fields is not None else _node_fields(type(node)):
            value = getattr(node, field, None)
            if type(value) is list:
                for item in value:
                    if isinstance(item, _AST):
                        self.visit(item)
            elif isinstance(value, _AST):
                self.visit(value)


class Transformer(Visitor, gast.NodeTransformer):
    """`gast.NodeTransformer` (a visit's result replaces the node: None removes it, a list
    splices it in), with `Visitor`'s dispatch."""

    def generic_visit(self, node):
        fields = _FIELDS.get(type(node))
        for field in fields if fields is not None else _node_fields(type(node)):
            old = getattr(node, field, None)
            if type(old) is list:
                new = []
                for item in old:
                    if isinstance(item, _AST):
                        item = self.visit(item)
                        if item is None:
                            continue
                        if not isinstance(item, _AST):
                            new.extend(item)
                            continue
                    new.append(item)
                old[:] = new
            elif isinstance(old, _AST):
                replacement = self.visit(old)
                if replacement is None:
                    delattr(node, field)
                else:
                    setattr(node, field, replacement)
        return node


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

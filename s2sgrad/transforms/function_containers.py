"""Containers of functions: a function -> the same function in which every call of an item of a
list, tuple or dict of functions names the function it calls (a copy; the function itself where
there is none).

A call `act(x)` whose `act` comes out of a container (`for act in ACTS`, `fs[i](x)`,
`ops["relu"](x)`, `[g(x) for g in (np.sin, sq)]`, a list given to a callee) is a call the
derivative cannot resolve; once each call is `np.tanh(x)`, `relu(x)` or `fs_1(x)` (a lambda
named where its display is), it can.  This module is the one entry and the order of its steps;
each step reads containers as `function_displays.py` defines them (what is function-like, how a
display's lambdas are named, how a copy reads a loop's variables), and leaves anything it cannot
read as written, refused later where a call needs its function:

1. `dicts_as_lists` (here): a local dict display of functions with constant keys, read only by
   constant keys, `.values()`, `.items()`, `.keys()` or `len`, becomes the list of its values
   (`ops["b"]` -> `ops[1]`, `ops.items()` -> `zip(["a", "b"], ops)`), so that every container is
   a list or tuple to the steps below;
2. `function_items.bind_sequences`: a list a function reads but does not make (a global,
   `self.acts`) bound to a display of its known items (`np.tanh` by name, `ACTS_1 = ACTS[1]`);
3. `function_lists.specialise_function_lists`: a display given to a callee of the file that
   iterates it, or iterated by a comprehension;
4. `function_items.call_items`: `fs[k](x)` with a constant `k`, and `for i in range(len(fs))`;
5. `function_loops.unroll_loops`: `for f in fs`, `enumerate(fs)`, `zip(fs, ws)`.

Lists of functions an object of a plain class holds are read by objects.py with
object_function_lists.py.  `named_lambdas` tells the fence which lambdas of displays these steps
name (a lambda elsewhere in a display is refused).
"""

import gast

from ..trees import clone, walk
from .function_displays import blocks, function_like, stores
from .function_items import bind_sequences, call_items, indexed_lambdas
from .function_lists import listed_lambdas, specialise_function_lists
from .function_loops import loop_lambdas, unroll_loops
from .object_function_lists import given_lambdas


def name_item_calls(node, resolver=None, known=None):
    """`node` with each call of an item of a container of functions naming its function (see the
    module docstring); `known` ({name: known callable}) holds the objects given to the API."""
    node = dicts_as_lists(node)
    node = specialise_function_lists(bind_sequences(node, resolver, known), resolver)
    return unroll_loops(call_items(node))


def named_lambdas(func, resolver=None, source=None):
    """The ids of the lambdas in displays of functions that `name_item_calls` names (the fence
    lets them through), and (with the file's `source`) those given to a constructor that stores them."""
    func = dicts_as_lists(func)         # (the list of a dict's values holds the dict's own lambdas)
    return loop_lambdas(func) | listed_lambdas(func, resolver) | indexed_lambdas(func) \
        | (given_lambdas(func, source) if source else set())


_VIEWS = ("values", "items", "keys")


def dicts_as_lists(node):
    """`node` with its local dict displays of functions read as lists (step 1 of the module
    docstring; a copy whose list displays hold the dict's own value nodes), or `node` itself."""
    found = _dicts(node)
    if not found:
        return node
    values = {id(s): s.value.values for s in walk(node) if id(s) in found}
    node = clone(node)
    originals = iter([values[k] for k in values])
    for stmt in [s for s in walk(node) if isinstance(s, gast.Assign) and _dict_binding(s) in
                 {name for name, _ in found.values()}]:
        stmt.value = gast.copy_location(gast.List(elts=list(next(originals)), ctx=gast.Load()), stmt.value)
    _DictReads({name: keys for name, keys in found.values()}).visit(node)
    return node


def _dicts(node):
    """{id of statement: (name, keys)} for the dicts of functions `dicts_as_lists` reads as lists."""
    found = {}
    for stmt in (s for block in blocks(node.body) for s in block):
        name = _dict_binding(stmt)
        if name is not None and stores(node, name) == 1 and all(function_like(v, node) for v in stmt.value.values):
            keys = [k.value for k in stmt.value.keys]
            if _only_read_by_key(node, name, keys):
                found[id(stmt)] = (name, keys)
    return found


def _dict_binding(stmt):
    """The name an assignment binds to a dict display with distinct constant keys, or None."""
    if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name)
            and isinstance(stmt.value, gast.Dict) and stmt.value.keys):
        return None
    keys = stmt.value.keys
    if not all(isinstance(k, gast.Constant) and type(k.value) in (str, int) for k in keys) \
            or len({k.value for k in keys}) != len(keys):
        return None
    return stmt.targets[0].id


def _only_read_by_key(func, name, keys):
    """Whether every read of `name` is `name[key]` with one of `keys`, `name.values()`,
    `name.items()`, `name.keys()` or `len(name)`."""
    allowed = {id(read) for n in walk(func) for read in [_keyed_read(n, name, keys)] if read is not None}
    loads = [n for n in walk(func) if _is(n, name)]
    return bool(loads) and all(id(n) in allowed for n in loads)


def _keyed_read(n, name, keys):
    """The read of `name` that `n` is made of, where `n` is `name[key]`, a view or `len(name)`."""
    if isinstance(n, gast.Subscript):
        return n.value if _is(n.value, name) and _constant_in(n.slice, keys) and isinstance(n.ctx, gast.Load) else None
    if not isinstance(n, gast.Call) or n.keywords:
        return None
    if not n.args and isinstance(n.func, gast.Attribute) and n.func.attr in _VIEWS and _is(n.func.value, name):
        return n.func.value
    if isinstance(n.func, gast.Name) and n.func.id == "len" and len(n.args) == 1 and _is(n.args[0], name):
        return n.args[0]
    return None


def _constant_in(node, keys):
    return isinstance(node, gast.Constant) and node.value in keys


def _is(node, name):
    return isinstance(node, gast.Name) and node.id == name and isinstance(node.ctx, gast.Load)


class _DictReads(gast.NodeTransformer):
    """`d[key]` -> `d[k]`, `d.values()` -> `d`, `d.keys()` -> the keys' display, `d.items()` ->
    `zip(keys, d)`, for the dicts read as lists ({name: keys})."""

    def __init__(self, dicts):
        self.dicts = dicts

    def visit_Subscript(self, node):
        self.generic_visit(node)
        if isinstance(node.value, gast.Name) and node.value.id in self.dicts:
            index = self.dicts[node.value.id].index(node.slice.value)
            node.slice = gast.copy_location(gast.Constant(value=index, kind=None), node.slice)
        return node

    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func
        if not (isinstance(func, gast.Attribute) and isinstance(func.value, gast.Name)
                and func.value.id in self.dicts and func.attr in _VIEWS and not node.args):
            return node
        keys = gast.List(elts=[gast.Constant(value=k, kind=None) for k in self.dicts[func.value.id]], ctx=gast.Load())
        if func.attr == "values":
            return gast.copy_location(func.value, node)
        if func.attr == "keys":
            return gast.copy_location(keys, node)
        return gast.copy_location(gast.Call(func=gast.Name(id="zip", ctx=gast.Load(), annotation=None,
                                                           type_comment=None), args=[keys, func.value], keywords=[]),
                                  node)

"""Items of a display of functions called by index: each call names the function it calls.

    fs = [np.tanh, lambda v: v * 2.0]               fs_1 = lambda v: v * 2.0
    y = fs[0](x) + fs[-1](x)                        fs = [np.tanh, fs_1]
    for i in range(len(fs)):                 ->     y = np.tanh(x) + fs_1(x)
        y = y + fs[i](x) * w[i]                     y = y + np.tanh(x) * w[0]
                                                    y = y + fs_1(x) * w[1]

A local bound once, in the function's body, to a display of functions (names, dotted names,
lambdas) and read only where it is iterated, measured (`len(fs)`) or called by index is a
candidate.  A `for i in range(len(fs))` whose body calls `fs[i]` is unrolled first (its body
has no `break`, `continue` or `return`, does not bind `i`, and nothing reads `i` after the loop):
each copy reads `i` as its constant.  Then a call of `fs[k]`, `k` a constant in range, calls the
display's `k`-th function.  Anything else is left as written (and refused where it is called).
"""

import gast

from ..sequences import item_name, known_sequence
from ..analyses.ops import dotted
from ..naming import unused_name
from ..trees import clone, replace_node, walk
from .function_displays import blocks, function_like, item, jumps, name_lambdas, read_outside, stores, substituted
from .normalize.nodes import assign as _assign, located, name as _name


def call_items(node):
    """`node` with the calls of items of its displays of functions naming their functions (a copy),
    or `node` itself where there is none (see the module docstring)."""
    displays = _displays(node)
    if not displays:
        return node
    node = clone(node)
    displays = _displays(node)
    taken = {n.id for n in walk(node) if isinstance(n, gast.Name)} | {node.name}
    _unroll_ranges(node, node.body, displays)
    named = _name_lambdas(node, displays, taken)
    _Calls(displays).visit(node)
    _insert_before(node.body, named)
    return node


def _insert_before(body, named):
    """The statements of `named` ({id of a statement: statements}) put before theirs, in every block."""
    for block in list(blocks(body)):
        block[:] = [new for stmt in block for new in named.get(id(stmt), []) + [stmt]]


def bind_sequences(node, resolver, known=None):
    """`node` with each list of functions it reads but does not make (a global, `self.acts`: see
    sequences.py) read through locals where it is iterated, measured or called by index: `acts_0 =
    self.acts[0]`, ..., `acts_items = [acts_0, acts_1]` first in its body (a copy); `node` itself
    where there is none."""
    local = {a.id for a in node.args.args} | {n.id for n in walk(node) if isinstance(n, gast.Name)
                                              and not isinstance(n.ctx, gast.Load)}
    reads = _sequence_reads(node, local)
    found = {text: known_sequence(nodes[0], resolver, known, local) for text, nodes in reads.items()}
    found = {text: items for text, items in found.items() if items}
    if not found:
        return node
    node = clone(node)
    reads = _sequence_reads(node, local)
    taken = {n.id for n in walk(node) if isinstance(n, gast.Name)} | {node.name}
    roots = _roots(node, resolver) - local
    first = []
    for text, items in found.items():
        named = [item_name(k, resolver, roots) for k in items]
        first += _bound_items(node, text.rpartition(".")[2], named, reads[text], taken)
    node.body[:] = first + node.body
    return node


def _bound_items(node, base, named, reads, taken):
    """`base_k = seq[k]` for each item not `named` (a library function's dotted name, read as
    written), then `base_items = [np.tanh, base_1, ...]`, which `reads` then read."""
    names = [None if parts else unused_name(f"{base}_{k}", taken) for k, parts in enumerate(named)]
    taken |= set(names)
    display = unused_name(f"{base}_items", taken)
    taken.add(display)
    out = [located(_assign(n, item(reads[0], k), None), node) for k, n in enumerate(names) if n]
    elts = [_name(n) if n else _dotted(parts) for n, parts in zip(names, named)]
    out.append(located(_assign(display, gast.List(elts=elts, ctx=gast.Load()), None), node))
    for read in reads:
        replace_node(node, read, gast.copy_location(_name(display), read))
    return out


def _roots(node, resolver):
    """The names a library function of a list may be read under: those `node` reads, and the
    names its module imports."""
    imported = set(getattr(getattr(resolver, "scope", None), "imports", ()))
    return {n.id for n in walk(node) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load)} | imported


def _dotted(parts):
    node = _name(parts[0])
    for attr in parts[1:]:
        node = gast.Attribute(value=node, attr=attr, ctx=gast.Load())
    return node


def _sequence_reads(func, local):
    """{dotted text: [its reads]} for the names and attributes, not of locals (or of a parameter
    holding an object), that a loop or comprehension iterates, `len` measures or a call's
    function indexes."""
    reads = {}
    for n in walk(func):
        for c in _sequence_positions(n):
            parts = dotted(c)
            if parts and (parts[0] not in local or len(parts) == 2):        # (`self.acts`: if self holds an object)
                reads.setdefault(".".join(parts), []).append(c)
    return reads


def _sequence_positions(n):
    """The expressions node `n` iterates (a loop's or comprehension's, zip's and enumerate's
    arguments), measures (`len(xs)`) or indexes to call (`xs[k](...)`)."""
    if isinstance(n, (gast.For, gast.comprehension)):
        return [n.iter] + (list(n.iter.args) if _iterates_arguments(n.iter) else [])
    if _is_len(n):
        return [n.args[0]]
    if isinstance(n, gast.Call) and isinstance(n.func, gast.Subscript):
        return [n.func.value]
    return []


def _iterates_arguments(call):
    return isinstance(call, gast.Call) and isinstance(call.func, gast.Name) and call.func.id in ("zip", "enumerate") \
        and not call.keywords


def indexed_lambdas(func):
    """The ids of the lambdas of the displays `call_items` rewrites (the fence lets them through:
    they end up named)."""
    return {id(e) for display in _displays(func).values() for e in display.elts if isinstance(e, gast.Lambda)}


def _displays(func):
    """{name: display} of the locals that are candidates (see the module docstring)."""
    found = {}
    for stmt in (s for block in blocks(func.body) for s in block):
        name = _display_binding(stmt)
        if name is not None and stores(func, name) == 1 and all(function_like(e, func) for e in stmt.value.elts):
            found[name] = stmt.value
    return {name: d for name, d in found.items() if _only_indexed(func, name, len(d.elts)) and _indexed(func, name)}


def _display_binding(stmt):
    """The name of `name = [f, g]` (a list or tuple display, not empty, with no starred item), or None."""
    if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name)
            and isinstance(stmt.value, (gast.List, gast.Tuple)) and stmt.value.elts):
        return None
    return None if any(isinstance(e, gast.Starred) for e in stmt.value.elts) else stmt.targets[0].id


def _only_indexed(func, name, length):
    """Whether every read of `name` is iterated, measured, or an item called by a constant index in
    range or by the variable of a loop over `range(len(name))`."""
    allowed = set()
    for n in walk(func):
        if isinstance(n, gast.For):
            allowed.add(id(n.iter))
            allowed |= {id(a) for a in getattr(n.iter, "args", [])}
        elif isinstance(n, gast.comprehension):
            allowed.add(id(n.iter))
        elif _is_len(n):
            allowed.add(id(n.args[0]))
        elif isinstance(n, gast.Call) and isinstance(n.func, gast.Subscript) \
                and _index(n.func, length, _range_variables(func, name)) is not None:
            allowed.add(id(n.func.value))
    return all(id(n) in allowed for n in walk(func) if isinstance(n, gast.Name) and n.id == name
               and isinstance(n.ctx, gast.Load))


def _indexed(func, name):
    """Whether some call calls an item of `name`."""
    return any(isinstance(n, gast.Call) and isinstance(n.func, gast.Subscript) and isinstance(n.func.value, gast.Name)
               and n.func.value.id == name for n in walk(func))


def _is_len(node):
    return isinstance(node, gast.Call) and isinstance(node.func, gast.Name) and node.func.id == "len" \
        and len(node.args) == 1 and not node.keywords


def _index(item, length, variables=()):
    """The constant index of `fs[k]` (`k` in range, negative counted from the end), the name of a
    variable of `variables` for `fs[i]`, or None."""
    index = item.slice
    if isinstance(index, gast.Name) and index.id in variables:
        return index.id
    if isinstance(index, gast.UnaryOp) and isinstance(index.op, gast.USub) and isinstance(index.operand, gast.Constant):
        index = gast.Constant(value=-index.operand.value, kind=None)
    if not isinstance(index, gast.Constant) or type(index.value) is not int or not -length <= index.value < length:
        return None
    return index.value % length


def _range_variables(func, name):
    """The variables of the loops `for i in range(len(name))` that can be unrolled."""
    return {loop.target.id for loop in walk(func) if _range_loop(loop, func, name)}


def _range_loop(loop, func, name=None):
    """A `for i in range(len(fs))` (of `name`, where given) whose body can be copied with `i` constant."""
    measured = _range_of_len(loop)
    if measured is None or name is not None and measured != name:
        return False
    i = loop.target.id
    return not jumps(loop.body) and not any(isinstance(n, gast.Name) and n.id == i and not isinstance(n.ctx, gast.Load)
                                            for stmt in loop.body for n in walk(stmt)) \
        and not read_outside(func, loop, {i})


def _range_of_len(loop):
    """The name `fs` of a `for i in range(len(fs))` with no `else`, or None."""
    if not (isinstance(loop, gast.For) and isinstance(loop.target, gast.Name) and not loop.orelse):
        return None
    call = loop.iter
    if not (isinstance(call, gast.Call) and isinstance(call.func, gast.Name) and call.func.id == "range"
            and len(call.args) == 1 and _is_len(call.args[0])):
        return None
    measured = call.args[0].args[0]
    return measured.id if isinstance(measured, gast.Name) else None


def _unroll_ranges(func, body, displays):
    """The loops over `range(len(fs))` of a display's name, in `body` and the blocks it holds, unrolled."""
    out = []
    for stmt in body:
        for field in ("body", "orelse"):
            if isinstance(stmt, (gast.For, gast.While, gast.If, gast.With, gast.Try)):
                _unroll_ranges(func, getattr(stmt, field, []), displays)
        if _range_loop(stmt, func) and stmt.iter.args[0].args[0].id in displays:
            length = len(displays[stmt.iter.args[0].args[0].id].elts)
            out += [substituted(clone(s), {stmt.target.id: gast.Constant(value=k, kind=None)})
                    for k in range(length) for s in stmt.body]
        else:
            out.append(stmt)
    body[:] = out


def _name_lambdas(func, displays, taken):
    """{id of a display's binding: `fs_k = lambda ...` for its lambdas}, the display reading the names."""
    bindings = {id(s.value): s for block in blocks(func.body) for s in block if isinstance(s, gast.Assign)}
    return {id(bindings[id(d)]): name_lambdas(d, name, taken) for name, d in displays.items()}


class _Calls(gast.NodeTransformer):
    """`fs[k](...)` -> the display's `k`-th function called."""

    def __init__(self, displays):
        self.displays = displays

    def visit_Call(self, node):
        self.generic_visit(node)
        called = node.func
        if isinstance(called, gast.Subscript) and isinstance(called.value, gast.Name) \
                and called.value.id in self.displays:
            display = self.displays[called.value.id]
            k = _index(called, len(display.elts))
            if isinstance(k, int):
                node.func = gast.copy_location(clone(display.elts[k]), called)
        return node

"""Lists: `xs.extend(ys)` -> appends, and `x = xs.pop()` -> `x = xs[-1]; xs = xs[:-1]` where exact;
`np.r_[...]` and `np.c_[...]` of arrays and numbers -> the `np.concatenate` they amount to.

`extend` is a loop of `append`s whatever the list: the same writes into the same object, which
the differentiated `append` already follows.  `pop` removes an item in place; differentiating it
as a new list bound to the same name is exact only where no other name can see the list, so
`private_lists` admits a name that the function itself binds, only ever to new lists (a display,
a comprehension, `list(...)`), and that it reads only in ways that keep no reference to the list
(an item, its length, its items by iteration, a NumPy call that copies it, a test, a `+`, the
return).  A list of a parameter, one put into a container, passed to a function of ours, bound
to a second name, or read in a nested function keeps its `pop`, which is refused where written.

    def f(x):                      def f(x):
        xs = [x, 2 * x]                xs = [x, 2 * x]
        xs.extend([x * x])             xs.append(x * x)
        a = xs.pop()       ->          a = xs[-1]
        return a + xs[0]               xs = xs[:-1]
                                       return a + xs[0]
"""

import gast

from ..trees import children, statements, walk

_NEW_LIST_CALLS = ("list", "sorted")
_READING_METHODS = ("append", "extend", "pop", "index", "count", "copy")
_READING_BUILTINS = ("len", "sum", "max", "min", "sorted", "tuple", "list", "any", "all")
_ITERATING_BUILTINS = ("enumerate", "zip", "reversed")      # as what a `for` iterates only


def local_lists(func):
    """(names bound only to new lists, those of them that are private): see the module docstring.
    A list that a `for` over it (or over a call of it) pops from is not private: the loop reads the
    list it iterates as it shrinks."""
    parents = _parents(func)
    made, other, shared = set(), _parameters(func), set()
    for node in walk(func):
        if isinstance(node, (gast.Global, gast.Nonlocal)):
            other.update(node.names)
        elif isinstance(node, gast.Name) and isinstance(node.ctx, (gast.Store, gast.Del)):
            (made if _binds_new_list(node, parents) else other).add(node.id)
        elif isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load) and not _keeps_no_reference(node, parents):
            shared.add(node.id)
        elif isinstance(node, gast.For):
            shared |= _popped_while_iterated(node)
    made -= other
    return made, made - shared


def _parameters(func):
    """The names of a function's parameters, `*args` among them (not `**kwargs`)."""
    params = {a.id for a in func.args.args} | {a.id for a in func.args.kwonlyargs}
    if func.args.vararg is not None:
        params.add(func.args.vararg.id)
    return params


def _binds_new_list(name, parents):
    """Whether `name` (stored) is the one target of an assignment of a new list (`_new_list`)."""
    parent = parents.get(id(name))
    return isinstance(parent, gast.Assign) and parent.targets == [name] and _new_list(parent.value, name.id)


def _popped_while_iterated(loop):
    """The names of the lists that a `for` over them (or over a call of them) pops from in its body."""
    iterated = {n.id for n in walk(loop.iter) if isinstance(n, gast.Name)}
    return {n.func.value.id for n in walk(gast.Module(body=loop.body, type_ignores=[]))
            if isinstance(n, gast.Call) and isinstance(n.func, gast.Attribute) and n.func.attr == "pop"
            and isinstance(n.func.value, gast.Name) and n.func.value.id in iterated}


def grown_lists(func):
    """Names the function binds only to new lists (see `_new_list`) and grows only by `name += ...`:
    there `name += ys` is `name.extend(ys)`, whatever iterable `ys` is (`lst += (v,)`)."""
    params = {a.id for a in func.args.args} | {a.id for a in func.args.kwonlyargs}
    parents = _parents(func)
    made, other = set(), set(params)
    for node in walk(func):
        if isinstance(node, (gast.Global, gast.Nonlocal)):
            other.update(node.names)
        elif isinstance(node, gast.Name) and isinstance(node.ctx, (gast.Store, gast.Del)):
            parent = parents.get(id(node))
            if isinstance(parent, gast.Assign) and parent.targets == [node] and _new_list(parent.value, node.id):
                made.add(node.id)
            elif not (isinstance(parent, gast.AugAssign) and isinstance(parent.op, gast.Add)):
                other.add(node.id)
    return made - other


def pop_parts(call, private):
    """(list name, the popped position as a constant) for `xs.pop()` or `xs.pop(k)` of a constant int
    k on a private list, else None."""
    func = getattr(call, "func", None)
    if not (isinstance(call, gast.Call) and isinstance(func, gast.Attribute) and func.attr == "pop"
            and isinstance(func.value, gast.Name) and func.value.id in private and not call.keywords):
        return None
    if not call.args:
        return func.value.id, -1
    arg = call.args[0] if len(call.args) == 1 else None
    if isinstance(arg, gast.UnaryOp) and isinstance(arg.op, gast.USub) and isinstance(arg.operand, gast.Constant) \
            and type(arg.operand.value) is int:
        return func.value.id, -arg.operand.value
    if isinstance(arg, gast.Constant) and type(arg.value) is int:
        return func.value.id, arg.value
    return None


def extend_parts(call, made):
    """(list name, the iterable) for `xs.extend(ys)` on a list the function makes, else None."""
    func = getattr(call, "func", None)
    if isinstance(call, gast.Call) and isinstance(func, gast.Attribute) and func.attr == "extend" and isinstance(func.value, gast.Name) \
            and func.value.id in made and len(call.args) == 1 and not call.keywords \
            and not isinstance(call.args[0], gast.Starred):
        return func.value.id, call.args[0]
    return None


def without_item(base, position, index):
    """The list `base` without the item at the constant `position`: `base[:-1]`, `base[1:]`, or
    `[base[index] for index in range(len(base)) if index != k]` (`index` a fresh name)."""
    if position in (-1, 0):
        bound = gast.Constant(value=-1 if position == -1 else 1, kind=None)
        part = gast.Slice(None, bound, None) if position == -1 else gast.Slice(bound, None, None)
        return gast.Subscript(value=_load(base), slice=part, ctx=gast.Load())
    kept = position if position >= 0 else f"len({base}) - {-position}"
    text = f"[{base}[{index}] for {index} in range(len({base})) if {index} != {kept}]"
    return gast.parse(text).body[0].value


def item_at(base, position):
    return gast.Subscript(value=_load(base), slice=gast.Constant(value=position, kind=None), ctx=gast.Load())


def appends(base, items):
    """`base.append(item)` statements, one per item."""
    return [gast.Expr(value=gast.Call(func=gast.Attribute(value=_load(base), attr="append", ctx=gast.Load()),
                                      args=[item], keywords=[])) for item in items]


def append_loop(base, iterable, item):
    """`for item in iterable: base.append(item)`."""
    target = gast.Name(id=item, ctx=gast.Store(), annotation=None, type_comment=None)
    return gast.For(target=target, iter=iterable, body=appends(base, [_load(item)]), orelse=[], type_comment=None)


def _load(id_):
    return gast.Name(id=id_, ctx=gast.Load(), annotation=None, type_comment=None)


def _parents(func):
    parents = {}
    for node in walk(func):
        for child in children(node):
            parents[id(child)] = node
    return parents


def _new_list(value, target):
    """A display, a comprehension, `list(...)`, or a slice of the name itself (a list if it is one)."""
    if isinstance(value, (gast.List, gast.ListComp)):
        return True
    if isinstance(value, gast.Subscript) and isinstance(value.slice, gast.Slice) and isinstance(value.value, gast.Name) \
            and value.value.id == target:
        return True
    return isinstance(value, gast.Call) and isinstance(value.func, gast.Name) and value.func.id in _NEW_LIST_CALLS


def _keeps_no_reference(node, parents):
    """Whether this read of a name keeps no reference to the list it may hold."""
    parent = parents.get(id(node))
    if any(isinstance(p, (gast.FunctionDef, gast.Lambda)) for p in _ancestors(node, parents)[1:-1]):
        return False            # a nested function reads the name where it runs
    if isinstance(parent, gast.Subscript) and parent.value is node:
        return True
    if isinstance(parent, gast.Attribute) and parent.value is node:
        return parent.attr in _READING_METHODS and isinstance(parents.get(id(parent)), gast.Call)
    if isinstance(parent, gast.Call) and node in parent.args:
        return _argument_keeps_no_reference(parent, parents)
    field = _WHOLE_READS.get(type(parent))
    if field is not None and getattr(parent, field) is node:
        return True
    return isinstance(parent, (gast.BinOp, gast.UnaryOp, gast.Compare, gast.Return))


# where a read is of the value as a whole: what a loop iterates, what a branch tests
_WHOLE_READS = {gast.For: "iter", gast.comprehension: "iter", gast.If: "test", gast.While: "test",
                gast.IfExp: "test", gast.Assert: "test"}


def _argument_keeps_no_reference(call, parents):
    """Whether `call`, given a list as an argument, keeps no reference to it: a builtin that reads
    it, NumPy (which copies it), or `enumerate`, `zip`, `reversed` as what a loop iterates."""
    func = call.func
    if isinstance(func, gast.Name) and func.id in _ITERATING_BUILTINS:
        loop = parents.get(id(call))
        return isinstance(loop, (gast.For, gast.comprehension)) and loop.iter is call
    return isinstance(func, gast.Name) and func.id in _READING_BUILTINS or _is_numpy(func)


def _ancestors(node, parents):
    out = [node]
    while id(out[-1]) in parents:
        out.append(parents[id(out[-1])])
    return out


def _is_numpy(func):
    while isinstance(func, gast.Attribute):
        func = func.value
    return isinstance(func, gast.Name) and func.id == "np"


def index_trick_call(node):
    """`np.r_[a, b, 0.0]` -> `np.concatenate([np.atleast_1d(a), ...])`; `np.c_[a, b]` ->
    `np.concatenate([np.column_stack([a]), ...], axis=-1)` (each item at least 2-D, a 1-D one as a
    column, joined along the last axis: what np.c_ does); a slice of constants in np.r_ is its
    `np.arange`.  None for the other forms (a directive string, a complex step), which stay as written."""
    kind = node.value.attr
    items = node.slice.elts if isinstance(node.slice, gast.Tuple) else [node.slice]
    if any(isinstance(i, gast.Constant) and isinstance(i.value, str) for i in items):
        return None
    parts = [_index_part(item, kind) for item in items]
    if any(part is None for part in parts):
        return None
    axis = [gast.keyword(arg="axis", value=gast.Constant(value=-1, kind=None))] if kind == "c_" else []
    return gast.Call(func=_np_attr("concatenate"), args=[gast.List(elts=parts, ctx=gast.Load())], keywords=axis)


def _index_part(item, kind):
    """What `np.concatenate` joins for one item of `np.r_[...]` (kind "r_": `np.atleast_1d(item)`,
    a slice its `np.arange`) or of `np.c_[...]` (`np.column_stack([item])`); None for a slice
    that is not of real constants, or in np.c_."""
    if isinstance(item, gast.Slice):
        return _arange(item) if kind == "r_" else None
    if kind == "r_":
        return _np("atleast_1d", [item])
    return _np("column_stack", [gast.List(elts=[item], ctx=gast.Load())])


def _arange(item):
    """`np.arange(lower, upper, step)` for a slice of real constants with an upper bound, else None."""
    if item.upper is None or not all(_real_constant(b) for b in (item.lower, item.upper, item.step) if b is not None):
        return None
    bounds = [item.lower or gast.Constant(value=0, kind=None), item.upper,
              item.step or gast.Constant(value=1, kind=None)]
    return _np("arange", bounds)


def _real_constant(node):
    if isinstance(node, gast.UnaryOp) and isinstance(node.op, gast.USub):
        node = node.operand
    return isinstance(node, gast.Constant) and type(node.value) in (int, float)


def _np_attr(attr):
    return gast.Attribute(value=_load("np"), attr=attr, ctx=gast.Load())


def _np(attr, args):
    return gast.Call(func=_np_attr(attr), args=args, keywords=[])


def binds_new_list(func):
    """Whether some statement of `func` is `name = <a new list>` (see `_new_list`): where none is,
    `local_lists` and `grown_lists` find no name, and a function is spared their walks."""
    return any(isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name)
               and _new_list(stmt.value, stmt.targets[0].id) for stmt in statements(func))

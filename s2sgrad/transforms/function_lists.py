"""Function lists: a display of functions given to a callee, or iterated by a comprehension, as
code whose calls name their functions (function_loops.py then unrolls the callee's loops).

    def compose(fs, x):                             def f(x):
        for g in fs:                                    def compose_fs(x):
            x = g(x)                                        fs = [np.tanh, lambda v: v * 2.0]
        return x                                            for g in fs:
                                               ->               x = g(x)
    def f(x):                                               return x
        return compose([np.tanh, lambda v: v * 2.0], x)    return compose_fs(x)

    ys = [g(x) for g in [np.tanh, np.sin]]     ->   ys = [np.tanh(x), np.sin(x)]

A function of the same file given a display of functions for a parameter that it only iterates
(`for g in fs`, `enumerate(fs)`, a comprehension) is specialised on it, as callees are on what
their callers know: copied into the caller as a nested function whose body first binds that
parameter to the display.  The copy reads the globals the callee reads (no local of the caller
hides one, and no name of the display is one of the callee's own).  A list or generator
comprehension whose first `for` has no `if` and iterates a display of functions (written there,
or bound once to a local only iterated or called by index: a global list is one once
`function_items.bind_sequences` has bound its items), alone or zipped with other sequences,
becomes the list of its element for each function, its lambdas named before the statement; the
zipped items are read by index, as many copies as the shortest known length, each run while the
sequences of unknown length have an item (`function_displays.while_zipped`); further `for`s
make loops that append, before the statement, in the comprehension's order (`[g(x) * k for g in
[np.sin, sq] for k in ks]`: `g_items = []`, then `for k_1 in ks: g_items.append(np.sin(x) *
k_1)` and the same for `sq`).  Anything else is left as written, and refused where a call needs
its function.
"""

import gast

from ..naming import unused_name
from .normalize.nodes import assign as _assign, located, name as _name
from ..trees import children, clone, replace_node, walk
from .function_displays import is_enumerate, is_zip, item as _item, name_lambdas, root, stores, substituted, \
    while_zipped
from .normalize.displays import changes_in_place, module_bindings
from ..analyses.ops import dotted
from ..callables import as_known
from ..resolve import StaticValue, UserFunction, resolve_dotted
from ..sequences import known_sequence

_SCOPES = (gast.FunctionDef, gast.Lambda, gast.ListComp, gast.GeneratorExp, gast.DictComp, gast.SetComp)
_COMPOUND = {gast.If: ("test",), gast.While: ("test",), gast.For: ("iter",)}


def specialise_function_lists(node, resolver):
    """`node` with its calls given displays of functions specialised and its comprehensions over
    them unrolled (a copy), or `node` itself where there is none (see the module docstring)."""
    if resolver is None or not any(True for _ in _candidates(node, resolver)):
        return node
    node = clone(node)
    taken = {n.id for n in walk(node) if isinstance(n, gast.Name)} | {node.name}
    _Rewriter(node, resolver, taken).block(node.body)
    return node


def listed_lambdas(func, resolver):
    """The ids of the lambdas of the displays `specialise_function_lists` rewrites (the fence lets
    them through: they end up named, or in a display the callee's copy iterates)."""
    found = set()
    if resolver is None:
        return found
    for _, _, display in _candidates(func, resolver):
        found |= {id(e) for e in display.elts if isinstance(e, gast.Lambda)}
    return found


def _candidates(func, resolver):
    """(statement, call or comprehension, display) for each rewrite `node` holds."""
    context = _Context(func, resolver)
    for stmt in _statements(func.body):
        for item in _expressions(stmt):
            if isinstance(item, gast.Call):
                found = context.specialisable(item)
                display = found[-1] if found is not None else None
            else:
                display = (context.unrollable(item, stmt) or (None,))[0]
            if display is not None:
                yield stmt, item, display


class _Context:
    """What the checks read of the function: its locals, its resolver, its file."""

    def __init__(self, func, resolver):
        self.func, self.resolver = func, resolver
        self.local = _bound(func)
        self.source = getattr(getattr(resolver, "scope", None), "source", None)

    def specialisable(self, call):
        """(callee, parameter, argument, display) for a call of a function of the file given a
        display of functions for a parameter it only iterates, or None."""
        if not any(self._given_display(a) for a in list(call.args) + [k.value for k in call.keywords]):
            return None             # (read first: resolving every call would cost)
        callee = self._callee(call)
        if callee is None:
            return None
        node = callee.node
        params = [a.id for a in node.args.args]
        given = dict(zip(params, call.args)) | {k.arg: k.value for k in call.keywords}
        mine = _bound(node)
        if _free(node, mine) & self.local:
            return None             # the copy would read the caller's local instead of a global
        for param in params:
            display = self._inlined(self._given_display(given.get(param)))
            if display is not None and display.elts and _only_iterated(node, param) \
                    and all(self._function_like(e, mine | (set() if isinstance(e, gast.Lambda) else self.local))
                            for e in display.elts):
                return callee, param, given[param], display
        return None

    def _inlined(self, display):
        """`display` with each local bound once, in the function's body, to a lambda or a global
        function (`sq = lambda v: v * a`, `act = np.sin`) read as what it is bound to: the copy
        of the callee makes the same function where it runs."""
        if display is None or not any(isinstance(e, gast.Name) and e.id in self.local for e in display.elts):
            return display
        elts = []
        for e in display.elts:
            binding = _binding(self.func, e.id, (gast.Lambda, gast.Name, gast.Attribute)) \
                if isinstance(e, gast.Name) and e.id in self.local else None
            elts.append(clone(binding.value) if binding is not None else e)
        return gast.copy_location(type(display)(elts=elts, ctx=gast.Load()), display)

    def _given_display(self, arg):
        """The display an argument is: written there, or a module-level list of the file that
        still holds the functions written in it."""
        if isinstance(arg, (gast.List, gast.Tuple)):
            return arg if any(isinstance(e, gast.Lambda) or root(e) is not None for e in arg.elts) else None
        if isinstance(arg, gast.Name) and arg.id not in self.local:
            display = module_list(self.source, arg.id)
            return display if display is not None and self._as_written(arg.id, display) else None
        return None

    def _as_written(self, name, display):
        """Whether the global list `name` holds the functions its display names (the API reads
        its value, watched: changed in place, the transform is made again and sees it changed)."""
        try:
            value = resolve_dotted(self.resolver, [name])
            held = [resolve_dotted(self.resolver, dotted(e)) if dotted(e) else None for e in display.elts]
        except Exception:       # noqa: BLE001 (a name the resolver cannot see: not as written)
            return False
        if isinstance(value, StaticValue):
            return True         # (the command line reads the file as written)
        known_sequence(gast.Name(id=name, ctx=gast.Load(), annotation=None, type_comment=None), self.resolver)
        return isinstance(value, (list, tuple)) and len(value) == len(held) \
            and all(v is h for v, h in zip(value, held))

    def _callee(self, call):
        if not _plain_call(call) or call.func.id in self.local or self.source is None:
            return None
        try:
            callee = as_known(resolve_dotted(self.resolver, [call.func.id]), self.resolver)
        except Exception:       # noqa: BLE001 (a name the resolver cannot see is no callee of the file)
            return None
        if not isinstance(callee, UserFunction) or callee.key or callee.captured or callee.node.decorator_list:
            return None
        same_file = getattr(callee.source, "filename", None) == self.source.filename
        return callee if same_file and _plain_parameters(callee.node.args) else None

    def _function_like(self, element, hidden):
        """A lambda, a name or a dotted name (`np.tanh`) whose names read the same where it ends
        up: none of `hidden` (for a lambda: none it reads freely)."""
        if isinstance(element, gast.Lambda):
            return not _free(element, set()) & hidden
        return root(element) is not None and root(element) not in hidden

    def unrollable(self, comp, stmt=None):
        """(display, plan) for a comprehension whose first `for` (no `if`) iterates a display of
        functions, alone or zipped with other sequences, and whose element calls its variable; or
        None (also where it needs loops before `stmt`, a `while` whose test it is)."""
        plan = _first_for(comp)
        if plan is None or isinstance(stmt, gast.While) and (comp.generators[1:] or not all(
                isinstance(t, gast.Name) for t, _ in plan[2])):
            return None
        name, iterable, others = plan
        display = self._display(iterable)
        if display is None or not display.elts or not all(self._function_like(e, set()) for e in display.elts):
            return None
        length, unsized = self._zipped_length(display, others)
        if unsized and isinstance(stmt, gast.While):
            return None         # (the copies zip would stop at are statements before the test)
        return display, (name, others, length, unsized)

    def _zipped_length(self, display, others):
        """(how many copies: the shortest known length, [the zipped sequences of unknown length])."""
        sized = [self._sized(i) for _, i in others]
        lengths = [len(display.elts)] + [len(d.elts) for d in sized if d is not None]
        return min(lengths), [i for (_, i), d in zip(others, sized) if d is None]

    def _sized(self, iterable):
        """The display an iterable zipped with the functions is, where known (it bounds the copies):
        a local's only where nothing but loops reads it (`ws.append(v)` changes its length)."""
        if isinstance(iterable, (gast.List, gast.Tuple)):
            return iterable
        if isinstance(iterable, gast.Name) and iterable.id in self.local:
            binding = _binding(self.func, iterable.id)
            return binding.value if binding is not None and _only_iterated(self.func, iterable.id) else None
        return module_list(self.source, iterable.id) if isinstance(iterable, gast.Name) else None

    def _display(self, iterable):
        """The display a comprehension iterates: written there, or a local bound once to one and
        only iterated (a global list is one: `bind_sequences` binds its items to locals first,
        the list watched by its value)."""
        if isinstance(iterable, (gast.List, gast.Tuple)):
            return iterable
        if not isinstance(iterable, gast.Name) or iterable.id not in self.local:
            return None
        binding = _binding(self.func, iterable.id)
        return binding.value if binding is not None and _only_iterated(self.func, iterable.id) else None


def _first_for(comp):
    """(the variable, the iterable of functions, [(target, iterable)] zipped with it) of a list or
    generator comprehension whose first `for` has no `if` and binds a name its element calls
    (`for g in fs`, `for g, w in zip(fs, ws)`), or None."""
    if not isinstance(comp, (gast.ListComp, gast.GeneratorExp)) or not comp.generators:
        return None
    gen = comp.generators[0]
    if gen.ifs or gen.is_async:
        return None
    pairs = _zipped(gen.target, gen.iter)
    called = [(t, i) for t, i in pairs if isinstance(t, gast.Name) and _calls_variable(comp, t.id)]
    if len(called) != 1:
        return None
    others = [(t, i) for t, i in pairs if t is not called[0][0]]
    if not all(isinstance(i, (gast.Name, gast.Attribute, gast.List, gast.Tuple)) for _, i in others):
        return None
    return called[0][0].id, called[0][1], others


def _zipped(target, iterable):
    """[(target, iterable)] of `for t in xs`, each pair of `for a, b in zip(xs, ys)`."""
    if is_zip(iterable) and isinstance(target, gast.Tuple) and len(target.elts) == len(iterable.args):
        return list(zip(target.elts, iterable.args))
    return [(target, iterable)]


def _calls_variable(comp, name):
    """Whether the comprehension's element calls `name`, and nothing after its first `for` binds it."""
    inner = [comp.elt] + comp.generators[1:]
    names = [n for part in inner for n in walk(part) if isinstance(n, gast.Name) and n.id == name]
    called = {id(n.func) for n in walk(comp.elt) if isinstance(n, gast.Call)}
    return all(isinstance(n.ctx, gast.Load) for n in names) and any(id(n) in called for n in names)


def _plain_call(call):
    """A call of a name, with no `*` or `**` argument."""
    return isinstance(call.func, gast.Name) and not any(isinstance(a, gast.Starred) for a in call.args) \
        and not any(k.arg is None for k in call.keywords)


def _plain_parameters(args):
    """Positional-or-keyword parameters only."""
    return args.vararg is None and args.kwarg is None and not args.kwonlyargs and not args.posonlyargs


def _binding(func, name, kinds=(gast.List, gast.Tuple)):
    """The statement of `func`'s body that binds `name`, where it is its only binding, to one of
    `kinds` (a display)."""
    binds = [s for s in func.body if isinstance(s, gast.Assign) and len(s.targets) == 1
             and isinstance(s.targets[0], gast.Name) and s.targets[0].id == name]
    if len(binds) != 1 or stores(func, name) != 1 or not isinstance(binds[0].value, kinds):
        return None
    return binds[0]


def module_list(source, name):
    """The display of a module-level `name = [f, g]` bound once in the file and never changed."""
    tree = getattr(source, "tree", None)
    if tree is None:
        return None
    binds = [s for s in tree.body if isinstance(s, gast.Assign) and len(s.targets) == 1
             and isinstance(s.targets[0], gast.Name) and s.targets[0].id == name]
    if len(binds) != 1 or not isinstance(binds[0].value, (gast.List, gast.Tuple)) \
            or module_bindings(source).get(name) != 1:
        return None
    return None if any(_changes(n, name) for n in walk(tree)) else binds[0].value


def _changes(node, name):
    """Whether `node` changes the list `name` in place (`name[i] = ...`, `name.append(...)`, `name += ...`)."""
    if not changes_in_place(node):
        return False
    changed = node.target if isinstance(node, gast.AugAssign) else node.value
    return changed.id == name


def _only_iterated(func, name):
    """Whether every read of `name` in `func` is what a `for` or a comprehension iterates (or
    enumerates, or zips), or an item called by a constant index (function_items.py calls the
    function written there), and nothing binds it but its parameter or one assignment."""
    loads = [n for n in walk(func) if isinstance(n, gast.Name) and n.id == name and isinstance(n.ctx, gast.Load)]
    iterated = _iterated(func) if loads else set()
    return bool(loads) and all(id(n) in iterated for n in loads)


def _iterated(func):
    """The ids of what `func`'s loops and comprehensions iterate (zip's and enumerate's arguments
    too), and of the sequences whose items it calls by a constant index."""
    iterated = {id(n.iter) for n in walk(func) if isinstance(n, (gast.For, gast.comprehension))}
    iterated |= {id(a) for c in walk(func) if id(c) in iterated and _unpacks(c) for a in c.args[:_unpacks(c)]}
    return iterated | {id(c.func.value) for c in walk(func) if isinstance(c, gast.Call) and _constant_item(c.func)}


def _constant_item(node):
    """`xs[k]` or `xs[-k]`, `k` an int constant."""
    if not isinstance(node, gast.Subscript):
        return False
    index = node.slice.operand if isinstance(node.slice, gast.UnaryOp) and isinstance(node.slice.op, gast.USub) \
        else node.slice
    return isinstance(index, gast.Constant) and type(index.value) is int


def _unpacks(node):
    """How many of a call's first arguments it iterates: 1 for `enumerate(xs)`, all for `zip(...)`."""
    return 1 if is_enumerate(node) else len(node.args) if is_zip(node) else 0


def _bound(func):
    """The names a function binds: its parameters and every name it stores."""
    return {a.id for a in func.args.args} | {n.id for n in walk(func) if isinstance(n, gast.Name)
                                             and not isinstance(n.ctx, gast.Load)}


def _free(node, bound):
    """The names `node` reads that it does not bind (a lambda's: those its parameters are not)."""
    own = bound | ({a.id for a in node.args.args} if isinstance(node, gast.Lambda) else set())
    own |= {n.id for n in walk(node) if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load)}
    return {n.id for n in walk(node) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load)} - own


def _statements(body):
    """Every statement of a block and of the blocks it holds, nested functions aside."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, (gast.If, gast.For, gast.While, gast.With)):
            yield from _statements(stmt.body)
            yield from _statements(getattr(stmt, "orelse", []))


def _expressions(stmt):
    """The calls and comprehensions of a statement (of a compound one, its header), outside
    nested scopes; a comprehension itself but not what it holds."""
    fields = _COMPOUND.get(type(stmt))
    if isinstance(stmt, (gast.FunctionDef, gast.With)):
        return
    stack = [getattr(stmt, f) for f in fields] if fields else children(stmt)
    while stack:
        item = stack.pop()
        if isinstance(item, (gast.Call, gast.ListComp, gast.GeneratorExp)):
            yield item
        if not isinstance(item, _SCOPES):
            stack.extend(children(item))


class _Rewriter:
    """Rewrites the candidates of a (copied) function, block by block."""

    def __init__(self, func, resolver, taken):
        self.func, self.context, self.taken = func, _Context(func, resolver), taken

    def fresh(self, hint):
        name = unused_name(hint, self.taken)
        self.taken.add(name)
        return name

    def block(self, body):
        out = []
        self.pending = getattr(self, "pending", {})       # id of a statement -> what goes before it
        for stmt in body:
            before = []
            for item in list(_expressions(stmt)):
                if isinstance(item, gast.Call):
                    found = self.context.specialisable(item)
                    before += self._specialise(item, *found) if found is not None else []
                elif self.context.unrollable(item, stmt) is not None:
                    before += self._unroll(stmt, item, self.context.unrollable(item, stmt)[0])
            for field in ("body", "orelse"):
                if isinstance(stmt, (gast.If, gast.For, gast.While, gast.With)) and getattr(stmt, field, None):
                    self.block(getattr(stmt, field))
            out += before + [stmt]
        body[:] = [new for stmt in out for new in self.pending.pop(id(stmt), []) + [stmt]]

    def _specialise(self, call, callee, param, arg, display):
        """`def h_fs(...)` (the callee with `fs = <display>` first) before the statement; the call
        calls it without that argument."""
        nested = clone(callee.node)
        nested.name = self.fresh(f"{callee.node.name}_{param}")
        position = [a.id for a in nested.args.args].index(param)
        first_default = len(nested.args.args) - len(nested.args.defaults)
        if position >= first_default:
            del nested.args.defaults[position - first_default]
        del nested.args.args[position]
        nested.body = [gast.copy_location(located(_assign(param, clone(display), None), arg), arg)] + nested.body
        call.func = gast.copy_location(_name(nested.name), call.func)
        call.args = [a for a in call.args if a is not arg]
        call.keywords = [k for k in call.keywords if k.value is not arg]
        return [nested]

    def _unroll(self, stmt, comp, display):
        """The element of `comp` for each function of `display`, in place; its lambdas named before
        the statement (or before a local display's binding, which then reads the names)."""
        target, others, length, unsized = self.context.unrollable(comp)[1]
        binding = next((s for s in self.func.body if isinstance(s, gast.Assign) and s.value is display), None)
        shown = display if binding is not None else clone(display)
        named = name_lambdas(shown, target, self.taken)
        if binding is not None:         # the local display reads the names too
            self._before(binding, named)
            named = []
        pieces = [_instance(comp, {target: f}, others, k) for k, f in enumerate(shown.elts[:length])]
        if not unsized and not any(isinstance(p, list) for p in pieces):
            replace_node(stmt, comp, located(gast.List(elts=pieces, ctx=gast.Load()), comp))
            return named
        items = self.fresh(f"{target}_items")         # the items of each function, appended in order
        loops = [located(_assign(items, gast.List(elts=[], ctx=gast.Load()), None), comp)]
        for k, piece in enumerate(pieces):
            generators, elt = piece if isinstance(piece, list) else ([], piece)
            loops += while_zipped([located(self._loop(items, generators, elt), comp)], unsized, k, comp)
        replace_node(stmt, comp, located(_name(items), comp))
        return named + loops

    def _loop(self, items, generators, elt):
        """`for ... in ...: [if ...:] items.append(elt)`, the comprehension's variables renamed."""
        fresh = {n.id: self.fresh(n.id) for g in generators for n in walk(g.target) if isinstance(n, gast.Name)}
        body = [gast.Expr(value=gast.Call(func=gast.Attribute(value=_name(items), attr="append", ctx=gast.Load()),
                                          args=[_renamed(elt, fresh)], keywords=[]))]
        for g in reversed(generators):
            for test in reversed(g.ifs):
                body = [gast.If(test=_renamed(test, fresh), body=body, orelse=[])]
            body = [gast.For(target=_renamed(g.target, fresh), iter=_renamed(g.iter, fresh), body=body, orelse=[],
                             type_comment=None)]
        return body[0]

    def _before(self, binding, statements):
        self.pending.setdefault(id(binding), []).extend(statements)


def _instance(comp, values, others, k):
    """`comp`'s element for the `k`-th function (`values`: {variable: function}), the items zipped
    with it read by index (`ws[k]`) or bound by a `for` over one item where they unpack; with the
    comprehension's further `for`s, the list (generators, element)."""
    values, generators = dict(values), []
    for target, iterable in others:
        item = clone(iterable.elts[k]) if isinstance(iterable, (gast.List, gast.Tuple)) else _item(iterable, k)
        if isinstance(target, gast.Name):
            values[target.id] = item
        else:
            generators.append(gast.comprehension(target=clone(target), iter=gast.List(elts=[item], ctx=gast.Load()),
                                                 ifs=[], is_async=0))
    generators += [substituted(clone(g), values) for g in comp.generators[1:]]
    elt = substituted(clone(comp.elt), values)
    return [generators, elt] if generators else elt


def _renamed(node, fresh):
    """A copy of `node` with its names (read or bound) of `fresh` renamed."""
    node = clone(node)
    for n in walk(node):
        if isinstance(n, gast.Name) and n.id in fresh:
            n.id = fresh[n.id]
    return node

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
comprehension with one `for` and no `if` over a display of functions (written there, bound once
to a local only iterated, or a module-level list the file never changes) becomes the list of its
element for each function, its lambdas named before the statement.  Anything else is left as
written, and refused where a call needs its function.
"""

import gast

from ..naming import unused_name
from ..trees import clone, replace_node, walk
from .normalize.displays import changes_in_place, module_bindings

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
            found = context.specialisable(item) if isinstance(item, gast.Call) else context.unrollable(item)
            if found is not None:
                yield stmt, item, found[-1]


class _Context:
    """What the checks read of the function: its locals, its resolver, its file."""

    def __init__(self, func, resolver):
        self.func, self.resolver = func, resolver
        self.local = {a.id for a in func.args.args} | {n.id for n in walk(func) if isinstance(n, gast.Name)
                                                      and not isinstance(n.ctx, gast.Load)}
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
        """The display an argument is: written there, or a module-level list of the file."""
        if isinstance(arg, (gast.List, gast.Tuple)):
            return arg if any(isinstance(e, gast.Lambda) or _dotted_name(e) for e in arg.elts) else None
        if isinstance(arg, gast.Name) and arg.id not in self.local:
            return _module_list(self.source, arg.id)
        return None

    def _callee(self, call):
        from ..callables import as_known
        from ..resolve import UserFunction, resolve_dotted
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
        root = element
        while isinstance(root, gast.Attribute):
            root = root.value
        return isinstance(root, gast.Name) and root.id not in hidden

    def unrollable(self, comp):
        """(display,) for a comprehension with one `for` and no `if` over a display of functions
        whose element calls its variable, or None."""
        if not _one_plain_for(comp):
            return None
        gen = comp.generators[0]
        display = self._display(gen.iter)
        hidden = self.local if isinstance(gen.iter, gast.Name) and gen.iter.id not in self.local else set()
        if display is None or not display.elts or not all(self._function_like(e, hidden) for e in display.elts):
            return None         # (a module-level list's names are the file's: no local may hide one)
        return (display,)

    def _display(self, iterable):
        """The display a comprehension iterates: written there, a local bound once to one and only
        iterated, or a module-level list the file binds once and never changes."""
        if isinstance(iterable, (gast.List, gast.Tuple)):
            return iterable
        if not isinstance(iterable, gast.Name):
            return None
        if iterable.id in self.local:
            binding = _binding(self.func, iterable.id)
            return binding.value if binding is not None and _only_iterated(self.func, iterable.id) else None
        return _module_list(self.source, iterable.id)


def _dotted_name(node):
    """`name` or `a.b.c`."""
    while isinstance(node, gast.Attribute):
        node = node.value
    return isinstance(node, gast.Name)


def _one_plain_for(comp):
    """A list or generator comprehension with one `for name in ...`, no `if`, whose element calls
    `name` and does not bind it."""
    if not isinstance(comp, (gast.ListComp, gast.GeneratorExp)) or len(comp.generators) != 1:
        return False
    gen = comp.generators[0]
    if gen.ifs or gen.is_async or not isinstance(gen.target, gast.Name):
        return False
    names = [n for n in walk(comp.elt) if isinstance(n, gast.Name) and n.id == gen.target.id]
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
    stores = sum(isinstance(n, gast.Name) and n.id == name and not isinstance(n.ctx, gast.Load) for n in walk(func))
    if len(binds) != 1 or stores != 1 or not isinstance(binds[0].value, kinds):
        return None
    return binds[0]


def _module_list(source, name):
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
    enumerates), and nothing binds it but its parameter or one assignment."""
    iterated = {id(n.iter) for n in walk(func) if isinstance(n, (gast.For, gast.comprehension))}
    iterated |= {id(c.args[0]) for c in walk(func) if id(c) in iterated and _enumerates(c)}
    loads = [n for n in walk(func) if isinstance(n, gast.Name) and n.id == name and isinstance(n.ctx, gast.Load)]
    return bool(loads) and all(id(n) in iterated for n in loads)


def _enumerates(node):
    """`enumerate(xs)`."""
    return isinstance(node, gast.Call) and isinstance(node.func, gast.Name) and node.func.id == "enumerate" \
        and len(node.args) == 1 and not node.keywords


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
    stack = [getattr(stmt, f) for f in fields] if fields else list(gast.iter_child_nodes(stmt))
    while stack:
        item = stack.pop()
        if isinstance(item, (gast.Call, gast.ListComp, gast.GeneratorExp)):
            yield item
        if not isinstance(item, _SCOPES):
            stack.extend(gast.iter_child_nodes(item))


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
                elif self.context.unrollable(item) is not None:
                    before += self._unroll(stmt, item, self.context.unrollable(item)[0])
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
        nested.body = [_located(_assign(param, clone(display)), arg)] + nested.body
        call.func = gast.copy_location(_name(nested.name), call.func)
        call.args = [a for a in call.args if a is not arg]
        call.keywords = [k for k in call.keywords if k.value is not arg]
        return [nested]

    def _unroll(self, stmt, comp, display):
        """The element of `comp` for each function of `display`, in place; its lambdas named before
        the statement (or before a local display's binding, which then reads the names)."""
        target = comp.generators[0].target.id
        named = self._named_lambdas(display, target)
        binding = next((s for s in self.func.body if isinstance(s, gast.Assign) and s.value is display), None)
        if binding is not None:         # the local display reads the names too
            self._before(binding, named)
            display.elts[:] = [_name(n.targets[0].id) if isinstance(e, gast.Lambda) else e
                               for e, n in zip(display.elts, _aligned(display.elts, named))]
            named = []
        elts = [_substituted(clone(comp.elt), target, _name(n.targets[0].id) if n is not None else e)
                for e, n in zip(display.elts, _aligned(display.elts, named))]
        replace_node(stmt, comp, gast.copy_location(gast.List(elts=elts, ctx=gast.Load()), comp))
        return named

    def _named_lambdas(self, display, base):
        return [_located(_assign(self.fresh(f"{base}_{k}"), clone(e)), e)
                for k, e in enumerate(display.elts) if isinstance(e, gast.Lambda)]

    def _before(self, binding, statements):
        self.pending.setdefault(id(binding), []).extend(statements)


def _aligned(elts, named):
    """The naming assignment of each lambda among `elts` (None for the others)."""
    names = iter(named)
    return [next(names, None) if isinstance(e, gast.Lambda) else None for e in elts]


def _substituted(node, target, value):
    class Substitute(gast.NodeTransformer):
        def visit_Name(self, name):
            if isinstance(name.ctx, gast.Load) and name.id == target:
                return gast.copy_location(clone(value), name)
            return name
    return Substitute().visit(node)


def _name(identifier):
    return gast.Name(id=identifier, ctx=gast.Load(), annotation=None, type_comment=None)


def _assign(target, value):
    return gast.Assign(targets=[gast.Name(id=target, ctx=gast.Store(), annotation=None, type_comment=None)],
                       value=value, type_comment=None)


def _located(stmt, origin):
    for n in walk(stmt):
        if "lineno" in getattr(n, "_attributes", ()) and getattr(n, "lineno", None) is None:
            gast.copy_location(n, origin)
    return gast.copy_location(stmt, origin)

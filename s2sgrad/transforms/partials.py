"""Partials: each call of a `functools.partial` -> a call of its function, bound arguments first.

    h = functools.partial(g, c=2.0)               q(x)   (q a partial given as an argument)
    y = h(x)                  ->  y = g(x, c=2.0)  ->  q.func(x, c=q.keywords["c"])

A bound argument is written where the partial is made when it is a constant or a name that is
never rebound (then the partial itself is no longer needed and goes); otherwise it is read from
the partial at run time.  A partial is a parameter known to hold one (see callables.py), a
global bound to one, or a local assigned `functools.partial(g, ...)` once.
"""

import functools

import gast

from ..callables import Partial, as_known, call_target, is_partial_constructor, known_argument
from ..naming import unused_name
from ..resolve import StaticValue, resolve_dotted
from ..trees import clone, walk
from ..analyses.ops import dotted


def expand_partials(node, known, resolver):
    """`node` with each call of a partial `h(a, k=v)` written `h.func(h.args[0], a, k=v,
    c=h.keywords["c"])`, and the known callables with `h.func` added; `node` itself when it
    calls no partial.  A partial is a parameter given one, a global bound to one, or a local
    assigned `functools.partial(g, ...)` once; one made where it is called or mapped is
    written out first (`made_partials`)."""
    census = _Census(node)
    partials = {n: k for n, k in known.items() if isinstance(k, Partial)}
    partials.update(_local_partials(node, known, resolver, census))
    unbound = {a.id for a in node.args.args} | census.assigned_once()     # never a global's partial
    made = made_partials(node, _held(partials, census, unbound, resolver), resolver, census)
    calls = census.calls if made is node else [c for c in walk(made) if isinstance(c, gast.Call)]
    names = [c.func.id for c in calls if isinstance(c.func, gast.Name)]
    _add_global_partials(partials, names, unbound, resolver)
    used = {n for n in names if n in partials}
    known = {**known, **partials}           # a partial passed to a callee is known there too
    if not used:
        return made, known
    node = _calls_rewritten(made, partials, used)
    _drop_unread(node, [n for n in used if n in census.assigned_once()])
    return node, {**known, **{f"{n}.func": partials[n].target for n in used}}


def _held(partials, census, unbound, resolver):
    """The names that hold a partial where `map` maps them: a known one, or a global bound to one."""
    return set(partials) | {n for n in census.mapped_names() if n not in unbound
                            and _global_partial(n, resolver) is not None}


def _add_global_partials(partials, names, unbound, resolver):
    """Add to `partials` each of `names` (called names) that is a global bound to a partial."""
    for name in names:
        if name not in partials and name not in unbound:
            entry = _global_partial(name, resolver)
            if entry is not None:
                partials[name] = entry


def _calls_rewritten(node, partials, used):
    """A copy of `node` with each call of a partial named in `used` written as a call of its function."""
    node = clone(node)
    for call in walk(node):
        if isinstance(call, gast.Call) and isinstance(call.func, gast.Name) and call.func.id in used:
            _rewrite(call, partials[call.func.id])
    return node


class _Census:
    """What expanding partials asks of a function, from one walk: how many times each name is
    assigned (`stores`), and its calls and its assignments (`calls`, `assigns`), in walk order."""

    def __init__(self, node):
        self.stores, self.calls, self.assigns = {}, [], []
        name, call, assign, store = gast.Name, gast.Call, gast.Assign, gast.Store
        for n in walk(node):
            cls = type(n)
            if cls is name:
                if type(n.ctx) is store:
                    self.stores[n.id] = self.stores.get(n.id, 0) + 1
            elif cls is call:
                self.calls.append(n)
            elif cls is assign:
                self.assigns.append(n)

    def assigned_once(self):
        """The names assigned once."""
        return {n for n, c in self.stores.items() if c == 1}

    def assigned(self):
        """Every name assigned (`_assigned_more`)."""
        return set(self.stores)

    def mapped_names(self):
        """The names `map(h, ...)` maps."""
        return {c.args[0].id for c in self.calls if isinstance(c.func, gast.Name) and c.func.id == "map"
                and c.args and isinstance(c.args[0], gast.Name)}


def made_partials(node, held, resolver, census=None):
    """`node` with the partials made where they are used written as plain calls:

        functools.partial(g, a, k=c)(x)   ->  g(a, x, k=c)
        map(functools.partial(g, a), xs)  ->  map(lambda item: g(a, item), xs)
        map(h, xs)                        ->  map(lambda item: h(item), xs)     (h in `held`, a partial)

    Exact where the bound arguments are constants or names (dotted or not): `map` is consumed
    where it is written (normalize.py makes it a list), so the lambda reads them as the partial
    did; a bound expression (which the lambda would evaluate once per item) is left as written,
    and a call through it refused.  `node` itself when there is nothing to rewrite."""
    calls = census.calls if census is not None else [c for c in walk(node) if isinstance(c, gast.Call)]
    found = [c for c in calls if _mapped_partial(c, held, resolver) or _made_partial(c.func, resolver)]
    if not found or "map" in _assigned_more(node) | {a.id for a in node.args.args}:
        return node
    node = clone(node)
    _map_lambdas(node, held, resolver)
    for call in walk(node):
        if isinstance(call, gast.Call) and _made_partial(call.func, resolver):
            _call_function(call)
    return node


def _map_lambdas(node, held, resolver):
    """Replace, in place, the partial each `map(p, xs, ...)` of `node` maps by a lambda calling it."""
    taken = {n.id for n in walk(node) if isinstance(n, gast.Name)}
    for call in [c for c in walk(node) if isinstance(c, gast.Call) and _mapped_partial(c, held, resolver)]:
        items = [unused_name("item", taken) for _ in call.args[1:]]
        body = gast.Call(func=call.args[0], args=[_load(i) for i in items], keywords=[])
        arguments = gast.arguments(args=[gast.Name(id=i, ctx=gast.Param(), annotation=None, type_comment=None)
                                         for i in items], posonlyargs=[], vararg=None, kwonlyargs=[],
                                   kw_defaults=[], kwarg=None, defaults=[])
        made = gast.Lambda(args=arguments, body=body)
        for item in walk(made):
            gast.copy_location(item, call.args[0])
        call.args[0] = made


def _call_function(call):
    """Make, in place, `functools.partial(g, a, k=c)(x)` the call `g(a, x, k=c)`."""
    made = call.func
    given = {k.arg for k in call.keywords}
    call.func = made.args[0]
    call.args = list(made.args[1:]) + list(call.args)
    call.keywords = [k for k in made.keywords if k.arg not in given] + list(call.keywords)


def _made_partial(func, resolver):
    """Whether `func` is `functools.partial(g, ...)` with g a name and the bound arguments
    constants or names (see made_partials)."""
    return isinstance(func, gast.Call) and bool(func.args) and is_partial_constructor(func.func, resolver) \
        and all(_plain(a) for a in func.args) and all(k.arg is not None and _plain(k.value) for k in func.keywords) \
        and not isinstance(func.args[0], gast.Constant)


def _plain(value):
    return isinstance(value, gast.Constant) or bool(dotted(value))


def _mapped_partial(call, held, resolver):
    """Whether `call` is the builtin `map(p, xs, ...)` of a partial p made there, or held by a name."""
    if not (isinstance(call.func, gast.Name) and call.func.id == "map" and len(call.args) >= 2 and not call.keywords
            and not any(isinstance(a, gast.Starred) for a in call.args)):
        return False
    try:
        if resolve_dotted(resolver, ["map"]) is not map:
            return False
    except Exception:       # noqa: BLE001
        return False
    first = call.args[0]
    return _made_partial(first, resolver) or isinstance(first, gast.Name) and first.id in held


def _load(name):
    return gast.Name(id=name, ctx=gast.Load(), annotation=None, type_comment=None)


def _stable(value, changing):
    """A name, or a dotted one (`np.sin`), that holds one value all along the function."""
    parts = dotted(value)
    return bool(parts) and parts[0] not in changing


def _all_written(partial):
    written = {key for key, _ in partial.written} - {"func"}
    return len(written) == partial.positional + len(partial.keywords)


def _drop_unread(node, names):
    """Remove `h = functools.partial(...)` where nothing reads `h` any more (each call of it now
    calls its function with the arguments as written)."""
    read = {n.id for n in walk(node) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load)}
    gone = set(names) - read
    for block in _blocks(node):
        block[:] = [s for s in block if not (isinstance(s, gast.Assign) and len(s.targets) == 1
                                             and isinstance(s.targets[0], gast.Name) and s.targets[0].id in gone)] \
            or [gast.copy_location(gast.Pass(), node)]


def _blocks(node):
    for item in walk(node):
        for field in ("body", "orelse"):
            block = getattr(item, field, None)
            if isinstance(block, list) and block and isinstance(block[0], gast.stmt):
                yield block


def _rewrite(call, partial):
    holder = call.func.id
    written = dict(partial.written)
    bound = [clone(written[i]) if i in written else _read(holder, "args", gast.Constant(value=i, kind=None))
             for i in range(partial.positional)]
    given = {k.arg for k in call.keywords}
    keywords = [gast.keyword(arg=k, value=clone(written[k]) if k in written else
                             _read(holder, "keywords", gast.Constant(value=k, kind=None)))
                for k in partial.keywords if k not in given]       # a keyword at the call overrides it
    plain = "func" in written and _all_written(partial)         # `g(2.0, x)`: nothing read from the partial
    func = clone(written["func"]) if plain else _attribute(holder, "func")
    call.func = gast.copy_location(func, call.func)
    call.s2s_partial = holder           # named after the partial (normalize.py)
    call.args = bound + list(call.args)
    call.keywords = list(call.keywords) + keywords
    for node in walk(call):
        if not hasattr(node, "lineno") or node.lineno is None:
            gast.copy_location(node, call)


def _attribute(holder, attr):
    return gast.Attribute(value=gast.Name(id=holder, ctx=gast.Load(), annotation=None, type_comment=None),
                          attr=attr, ctx=gast.Load())


def _read(holder, attr, index):
    return gast.Subscript(value=_attribute(holder, attr), slice=index, ctx=gast.Load())


def _local_partials(node, known, resolver, census):
    """{name: Partial} for the locals assigned `functools.partial(g, ...)` once."""
    found = {}
    assigned = census.assigned_once()
    local_names = {a.id for a in node.args.args} | census.assigned()
    for stmt in census.assigns:
        call = _partial_made(stmt, assigned, resolver)
        if call is None:
            continue
        target = call_target(call.args[0], known)[0] or known_argument(call.args[0], {}, {}, resolver, local_names)
        if target is not None and not isinstance(target, Partial):
            found[stmt.targets[0].id] = _partial_of(call, target, census.assigned())
    return found


def _partial_made(stmt, assigned, resolver):
    """The call `functools.partial(g, ...)` (no starred argument, no `**`) that `stmt` assigns to one
    of the names `assigned` once; None when it assigns none."""
    if not (len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name)
            and stmt.targets[0].id in assigned and isinstance(stmt.value, gast.Call)):
        return None
    call = stmt.value
    if not is_partial_constructor(call.func, resolver) or not call.args \
            or any(isinstance(a, gast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    return call


def _partial_of(call, target, changing):
    """The Partial `functools.partial(g, ...)` makes; its arguments as written where they are
    constants or names that are never rebound (`changing`: the names that may be)."""
    bound = [("func", call.args[0])] + list(enumerate(call.args[1:])) + [(k.arg, k.value) for k in call.keywords]
    written = tuple((key, value) for key, value in bound if isinstance(value, gast.Constant) and key != "func"
                    or _stable(value, changing))
    return Partial(target, len(call.args) - 1, tuple(sorted(k.arg for k in call.keywords)), written)


def _assigned_more(node):
    """Every name `node` assigns: what may hold another value at a call than where a partial was made."""
    return {n.id for n in walk(node) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)}


def _global_partial(name, resolver):
    """The Partial a global holds: a live one, or `name = functools.partial(g, ...)` in the file the
    CLI reads (its bound arguments are read from it at run time)."""
    try:
        obj = resolver.lookup(name)
    except Exception:       # noqa: BLE001
        return None
    if isinstance(obj, functools.partial):
        return as_known(obj, resolver)
    if not isinstance(obj, StaticValue):
        return None
    written, resolver = obj.written, obj.resolver or resolver      # read in the file that binds it
    if not (isinstance(written, gast.Call) and written.args and is_partial_constructor(written.func, resolver)):
        return None
    target = known_argument(written.args[0], {}, {}, resolver)
    if target is None or isinstance(target, Partial):
        return None
    return Partial(target, len(written.args) - 1, tuple(sorted(k.arg for k in written.keywords if k.arg)))

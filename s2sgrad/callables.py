"""Callables: specialise a transform on the functions it is given.

A function-valued argument (`layer(x, W, np.tanh)`, `grad(f)(w, act)`) is known by its
identity where the call is made; the transform is specialised on it, as it is on the kinds
of the other arguments.  Inside a function, a name that holds a known callable maps to a
`Primitive` (a NumPy function with a rule) or a `UserFunction` (read from source and
transformed like any callee) in the function's `local_functions`.  A `functools.partial` is
its function with the bound arguments first: as the differentiated function its bound
arguments are constants passed at the call (`unwrap`); as a value inside a function its calls
are rewritten to read them from the partial at run time (`expand_partials`).
"""

import copy
import dataclasses
import functools
import inspect
import types

import gast
import numpy as np

from .errors import ArgumentError, Diagnostic
from .resolve import StaticValue, UserFunction, missing, resolve_dotted


@dataclasses.dataclass(frozen=True)
class Primitive:
    """A callable with a derivative rule (or none), known where a name holding it is called."""

    obj: object

    @property
    def label(self):
        return getattr(self.obj, "__name__", type(self.obj).__name__)


@dataclasses.dataclass(frozen=True)
class Partial:
    """A `functools.partial` held by a name: its function (a Primitive or UserFunction), and
    how many positional and which keyword arguments it binds (read from it at run time)."""

    target: object
    positional: int
    keywords: tuple
    written: tuple = ()     # a local partial's bound arguments as written, where they cannot change

    @property
    def label(self):
        return f"partial({label(self.target)})"


@dataclasses.dataclass(frozen=True)
class Instance:
    """An object of one of the user's classes held by a parameter (a method's `self`): a call of
    its method `self.m(...)` is a call of the class's function `m` with the object first."""

    cls: type

    @property
    def label(self):
        return self.cls.__name__


@dataclasses.dataclass(frozen=True)
class Captured:
    """A nested function that reads its maker's locals, passed to another function: refused
    where it is called (its locals are not there)."""

    function: object

    @property
    def label(self):
        return self.function.name


def label(known):
    """A short readable name of a known callable (for keys and messages)."""
    return known.name if isinstance(known, UserFunction) else known.label


# -- the differentiated callable ---------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Target:
    """What a callable given to the API runs: `function(*args, ..., **keywords, ...)`."""

    function: object
    args: tuple = ()
    keywords: dict = dataclasses.field(default_factory=dict)
    given: object = None        # the callable as the user gave it (its signature names `wrt`)

    @property
    def bound(self):
        return bool(self.args or self.keywords)

    def call(self, args, kwargs):
        """The function's (positional, keyword) arguments for the call `given(*args, **kwargs)`:
        every positional-or-keyword parameter passed by position, so that the transform
        specialises on it and a tangent is found by its position."""
        try:
            bound = inspect.signature(self.function).bind(*self.args, *args, **{**self.keywords, **kwargs})
        except TypeError as error:
            raise ArgumentError(f"{_name(self.given)}: {error}") from None
        bound.apply_defaults()
        return bound.args, bound.kwargs

    def wrt(self, wrt):
        """The user's `wrt` (indices and names of the given callable's parameters) as names of the
        function's parameters; a parameter a partial binds is refused (it is a constant)."""
        if not self.bound:
            return wrt
        items = wrt if isinstance(wrt, (tuple, list)) else (wrt,)
        params = list(inspect.signature(self.given).parameters)
        names = []
        for item in items:
            if isinstance(item, int) and not isinstance(item, bool) and -len(params) <= item < len(params):
                item = params[item]
            if isinstance(item, str) and item in self.keywords:
                raise ArgumentError(f"wrt={item!r} names an argument that functools.partial binds in "
                                    f"{_name(self.given)}: bound arguments are constants; differentiate "
                                    "with respect to an argument passed at the call")
            if isinstance(item, str) and item.startswith("self."):
                raise ArgumentError(self_attribute_problem(item, self.function))
            if not (isinstance(item, str) and item in params):
                raise ArgumentError(f"wrt={item!r} names no parameter of {_name(self.given)}"
                                    f"({', '.join(params)})")
            names.append(item)
        return tuple(names) if isinstance(wrt, (tuple, list)) else names[0]


def self_attribute_problem(item, fn):
    """Why `wrt='self.W'` is refused, and what to write instead."""
    attr = item.partition(".")[2]
    return (f"wrt={item!r} names an attribute of the object: s2sgrad differentiates with respect to "
            f"arguments, and `self` is a constant of {getattr(fn, '__name__', 'the method')}; pass `{attr}` "
            f"as an argument (def {getattr(fn, '__name__', 'loss')}(self, {attr}, ...), using `{attr}` in "
            f"place of `self.{attr}`) and differentiate with wrt={attr!r}")


def unwrap(fn):
    """The Target of a callable: a bound method is its function with the object first; a
    `functools.partial` its function with the bound arguments; a marked function its original."""
    given, args, keywords = fn, (), {}
    while True:
        fn = getattr(fn, "__wrapped__", fn) if isinstance(fn, types.FunctionType) else fn
        if isinstance(fn, functools.partial):
            args, keywords = tuple(fn.args) + args, {**fn.keywords, **keywords}
            fn = fn.func
        elif inspect.ismethod(fn) and inspect.isfunction(fn.__func__):
            args, fn = (fn.__self__,) + args, fn.__func__
        else:
            break
    return Target(fn, args, keywords, given)


def _name(fn):
    if isinstance(fn, functools.partial):
        return f"functools.partial({getattr(fn.func, '__name__', fn.func)!r}, ...)"
    return getattr(fn, "__name__", repr(fn))


# -- specialisation keys -----------------------------------------------------------------------
def is_function_value(value):
    """Whether an argument is a function the transform specialises on (not a class or an array)."""
    return callable(value) and not isinstance(value, (type, np.ndarray, np.generic))


def is_user_instance(value):
    """Whether an argument is an object of a class of the user's (its methods are read from source)."""
    module = (getattr(type(value), "__module__", "") or "").partition(".")[0]
    return not isinstance(value, (type, np.ndarray, np.generic, functools.partial)) and not callable(value) \
        and module not in _LIBRARIES and hasattr(value, "__dict__")


_LIBRARIES = {"builtins", "numpy", "scipy", "s2sgrad", "autograd", "jax", "torch", "functools", "types"}


def callable_key(value):
    """What identifies a function-valued argument for the cache: a Python function by its code,
    globals and closure (a lambda made anew at each call shares its transform), a partial by its
    function and the shape of what it binds (the bound values are read at run time), anything
    else by identity."""
    if isinstance(value, functools.partial):
        return ("partial", callable_key(value.func), len(value.args), tuple(sorted(value.keywords)))
    if isinstance(value, types.FunctionType):
        if value.__closure__ is None and not value.__defaults__ and not value.__kwdefaults__:
            return ("code", value.__code__, id(value.__globals__))
    if is_user_instance(value):
        return ("instance", type(value))
    return value


def callables_of(fn, args, kwargs):
    """{parameter: function} for the function-valued arguments of the call `fn(*args, **kwargs)`,
    and the defaults of the parameters not given; () when there are none."""
    try:
        signature = inspect.signature(fn)
        bound = signature.bind_partial(*args, **kwargs)
    except (TypeError, ValueError):
        return ()
    bound.apply_defaults()
    return tuple((p, v) for p, v in bound.arguments.items() if is_function_value(v) or is_user_instance(v))


def key_of(callables):
    """The part of a cache key that tells function-valued arguments apart."""
    return tuple((p, callable_key(v)) for p, v in callables)


# -- known callables inside a function ---------------------------------------------------------
def as_known(obj, resolver):
    """The known callable for an object (a Primitive, a UserFunction or a Partial), or None."""
    obj = getattr(obj, "__s2sgrad_original__", obj)
    if isinstance(obj, (UserFunction, Primitive, Partial, Instance)):
        return obj
    if is_user_instance(obj):
        return Instance(type(obj))
    if isinstance(obj, functools.partial):
        target = as_known(obj.func, resolver)
        if target is None or isinstance(target, Partial):
            return None
        return Partial(target, len(obj.args), tuple(sorted(obj.keywords)))
    from .analyses.ops import is_user_function
    if is_user_function(obj):
        return resolver.function(obj)
    if is_function_value(obj) and not missing(obj) and not isinstance(obj, StaticValue):
        return Primitive(obj)
    return None


def known_parameters(callables, resolver):
    """{parameter: known callable} for the function-valued arguments given to the transform."""
    known = {}
    for param, value in callables:
        entry = as_known(value, resolver)
        if entry is not None:
            known[param] = entry
    return known


def static_defaults(node, resolver):
    """{parameter: known callable} from the defaults of a function read from its file (the CLI):
    `def f(x, act=np.tanh)`."""
    params = [a for a in node.args.args if not getattr(a, "s2s_kwonly", False)]
    pairs = list(zip(params[len(params) - len(node.args.defaults):], node.args.defaults))
    pairs += [(a, a.s2s_default) for a in node.args.args if getattr(a, "s2s_kwonly", False)]
    known = {}
    for param, default in pairs:
        from .analyses.ops import dotted
        parts = dotted(default) if default is not None else None
        if parts:
            entry = as_known(resolve_dotted(resolver, parts), resolver)
            if entry is not None:
                known[param.id] = entry
    return known


def specialised(callee, known):
    """`callee` (a UserFunction) specialised on {parameter: known callable}: its own key."""
    if not known:
        return callee
    known = {p: dataclasses.replace(k, written=()) if isinstance(k, Partial) else k for p, k in known.items()}
    text = ",".join(f"{p}={label(k)}@{id(_identity(k)):x}" for p, k in sorted(known.items()))
    return dataclasses.replace(callee, local_functions={**(callee.local_functions or {}), **known},
                               key=f"{callee.key or callee.name}[{text}]")


def _identity(known):
    if isinstance(known, Primitive):
        return known.obj
    if isinstance(known, Partial):
        return _identity(known.target)
    if isinstance(known, Instance):
        return known.cls
    if isinstance(known, Captured):
        return known.function.node
    return known.node


def known_argument(atom, local_functions, copies, resolver, local_names=(), made=None):
    """The known callable an argument atom holds: a name of `local_functions`, a copy of a global
    (`np_tanh = np.tanh`), a global function, or a partial made once (`made`: {name: the call
    assigned to it}); None for anything else."""
    from .analyses.ops import dotted
    seen = set()
    while isinstance(atom, gast.Name) and atom.id in copies and atom.id not in seen:
        seen.add(atom.id)
        atom = copies[atom.id]
    call = (made or {}).get(atom.id) if isinstance(atom, gast.Name) else None
    if call is not None and call.args and _is_partial_constructor(call.func, resolver):
        target = known_argument(call.args[0], local_functions, copies, resolver, local_names)
        if target is None or isinstance(target, Partial):
            return None
        return Partial(target, len(call.args) - 1, tuple(sorted(k.arg for k in call.keywords if k.arg)))
    if isinstance(atom, gast.Name) and atom.id in (local_functions or {}):
        entry = local_functions[atom.id]
        return Captured(entry) if isinstance(entry, UserFunction) and entry.captured else entry
    parts = dotted(atom)
    if not parts or parts[0] in copies or parts[0] in local_names:
        return None
    try:
        obj = resolve_dotted(resolver, parts)
    except Exception:       # noqa: BLE001 (a name the resolver cannot see holds no known callable)
        return None
    return as_known(obj, resolver) if is_function_value(obj) or isinstance(obj, UserFunction) else None


def call_target(func, local_functions, resolver=None):
    """The known callable a call's function names (`act`, `h.func`, `self.predict`), and the atom
    passed first to it (the object of a method) or None; (None, None) when it is not known."""
    from .analyses.ops import dotted
    parts = dotted(func)
    known = local_functions or {}
    if not parts:
        return None, None
    if len(parts) == 2 and isinstance(known.get(parts[0]), Instance) and resolver is not None:
        method = inspect.getattr_static(known[parts[0]].cls, parts[1], None)
        if isinstance(method, types.FunctionType):
            return as_known(method, resolver), gast.Name(id=parts[0], ctx=gast.Load(), annotation=None,
                                                         type_comment=None)
        return None, None
    return known.get(".".join(parts)), None


# -- partials inside a function ----------------------------------------------------------------
def expand_partials(node, known, resolver):
    """`node` with each call of a partial `h(a, k=v)` written `h.func(h.args[0], a, k=v,
    c=h.keywords["c"])`, and the known callables with `h.func` added; `node` itself when it
    calls no partial.  A partial is a parameter given one, a global bound to one, or a local
    assigned `functools.partial(g, ...)` once."""
    partials = {n: k for n, k in known.items() if isinstance(k, Partial)}
    partials.update(_local_partials(node, known, resolver))
    calls = [c for c in gast.walk(node) if isinstance(c, gast.Call) and isinstance(c.func, gast.Name)]
    params = {a.id for a in node.args.args}
    assigned = _assigned_once(node)
    for call in calls:
        name = call.func.id
        if name not in partials and name not in params and name not in assigned:
            entry = _global_partial(name, resolver)
            if entry is not None:
                partials[name] = entry
    used = {c.func.id for c in calls if c.func.id in partials}
    known = {**known, **partials}           # a partial passed to a callee is known there too
    if not used:
        return node, known
    node = copy.deepcopy(node)
    for call in gast.walk(node):
        if isinstance(call, gast.Call) and isinstance(call.func, gast.Name) and call.func.id in used:
            _rewrite(call, partials[call.func.id])
    _drop_unread(node, [n for n in used if n in assigned])
    return node, {**known, **{f"{n}.func": partials[n].target for n in used}}


def _stable(value, changing):
    """A name, or a dotted one (`np.sin`), that holds one value all along the function."""
    from .analyses.ops import dotted
    parts = dotted(value)
    return bool(parts) and parts[0] not in changing


def _all_written(partial):
    written = {key for key, _ in partial.written} - {"func"}
    return len(written) == partial.positional + len(partial.keywords)


def _drop_unread(node, names):
    """Remove `h = functools.partial(...)` where nothing reads `h` any more (each call of it now
    calls its function with the arguments as written)."""
    read = {n.id for n in gast.walk(node) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Load)}
    gone = set(names) - read
    for block in _blocks(node):
        block[:] = [s for s in block if not (isinstance(s, gast.Assign) and len(s.targets) == 1
                                             and isinstance(s.targets[0], gast.Name) and s.targets[0].id in gone)] \
            or [gast.copy_location(gast.Pass(), node)]


def _blocks(node):
    for item in gast.walk(node):
        for field in ("body", "orelse"):
            block = getattr(item, field, None)
            if isinstance(block, list) and block and isinstance(block[0], gast.stmt):
                yield block


def _rewrite(call, partial):
    holder = call.func.id
    written = dict(partial.written)
    bound = [copy.deepcopy(written[i]) if i in written else _read(holder, "args", gast.Constant(value=i, kind=None))
             for i in range(partial.positional)]
    given = {k.arg for k in call.keywords}
    keywords = [gast.keyword(arg=k, value=copy.deepcopy(written[k]) if k in written else
                             _read(holder, "keywords", gast.Constant(value=k, kind=None)))
                for k in partial.keywords if k not in given]       # a keyword at the call overrides it
    plain = "func" in written and _all_written(partial)         # `g(2.0, x)`: nothing read from the partial
    func = copy.deepcopy(written["func"]) if plain else _attribute(holder, "func")
    call.func = gast.copy_location(func, call.func)
    call.s2s_partial = holder           # named after the partial (normalize.py)
    call.args = bound + list(call.args)
    call.keywords = list(call.keywords) + keywords
    for node in gast.walk(call):
        if not hasattr(node, "lineno") or node.lineno is None:
            gast.copy_location(node, call)


def _attribute(holder, attr):
    return gast.Attribute(value=gast.Name(id=holder, ctx=gast.Load(), annotation=None, type_comment=None),
                          attr=attr, ctx=gast.Load())


def _read(holder, attr, index):
    return gast.Subscript(value=_attribute(holder, attr), slice=index, ctx=gast.Load())


def _local_partials(node, known, resolver):
    """{name: Partial} for the locals assigned `functools.partial(g, ...)` once."""
    found = {}
    assigned = _assigned_once(node)
    local_names = {a.id for a in node.args.args} | {n.id for n in gast.walk(node) if isinstance(n, gast.Name)
                                                     and isinstance(n.ctx, gast.Store)}
    for stmt in gast.walk(node):
        if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name)
                and stmt.targets[0].id in assigned and isinstance(stmt.value, gast.Call)):
            continue
        call = stmt.value
        if not _is_partial_constructor(call.func, resolver) or not call.args \
                or any(isinstance(a, gast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            continue
        target = call_target(call.args[0], known)[0] or known_argument(call.args[0], {}, {}, resolver, local_names)
        if target is not None and not isinstance(target, Partial):
            found[stmt.targets[0].id] = _partial_of(call, target, _assigned_more(node))
    return found


def _partial_of(call, target, changing):
    """The Partial `functools.partial(g, ...)` makes; its arguments as written where they are
    constants or names that are never rebound (`changing`: the names that may be)."""
    bound = [("func", call.args[0])] + list(enumerate(call.args[1:])) + [(k.arg, k.value) for k in call.keywords]
    written = tuple((key, value) for key, value in bound if isinstance(value, gast.Constant) and key != "func"
                    or _stable(value, changing))
    return Partial(target, len(call.args) - 1, tuple(sorted(k.arg for k in call.keywords)), written)


def _assigned_more(node):
    """Every name `node` assigns: what may hold another value at a call than where a partial was made."""
    return {n.id for n in gast.walk(node) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)}


def _is_partial_constructor(func, resolver):
    from .analyses.ops import dotted
    parts = dotted(func)
    if not parts:
        return False
    try:
        return resolve_dotted(resolver, parts) is functools.partial
    except Exception:       # noqa: BLE001
        return False


def _global_partial(name, resolver):
    """The Partial a global holds: a live one, or `name = functools.partial(g, ...)` in the file the
    CLI reads (its bound arguments are read from it at run time)."""
    try:
        obj = resolver.lookup(name)
    except Exception:       # noqa: BLE001
        return None
    if isinstance(obj, functools.partial):
        return as_known(obj, resolver)
    written = getattr(getattr(resolver, "scope", None), "constants", {}).get(name)
    if not (isinstance(obj, StaticValue) and isinstance(written, gast.Call) and written.args
            and _is_partial_constructor(written.func, resolver)):
        return None
    target = known_argument(written.args[0], {}, {}, resolver)
    if target is None or isinstance(target, Partial):
        return None
    return Partial(target, len(written.args) - 1, tuple(sorted(k.arg for k in written.keywords if k.arg)))


def _assigned_once(node):
    counts = {}
    for n in gast.walk(node):
        if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store):
            counts[n.id] = counts.get(n.id, 0) + 1
    return {n for n, c in counts.items() if c == 1}


# -- a function-valued parameter nothing tells --------------------------------------------------
def function_parameter_problem(unit, op, mode):
    """The diagnostic for a call of a parameter whose function is not known, or None."""
    func = getattr(op, "node", None)
    if not (isinstance(func, gast.Name) and func.id in unit.params):
        return None
    fname = unit.node.name
    given = unit.activity.local_functions.get(func.id)
    if isinstance(given, Captured):
        reads = ", ".join(f"`{c}`" for c in given.function.captured)
        return Diagnostic(unit.location(func), f"`{func.id}` is given `{given.label}`, a nested function that reads "
                          f"{reads} of the function that defines it, and {fname} cannot see those",
                          f"pass {reads} to `{given.label}` as arguments, or define it at module level")
    return Diagnostic(unit.location(func), f"`{func.id}` is a function-valued parameter of {fname}: "
                      f"s2sgrad specialises the {mode}-mode code on the function it is given, and none is "
                      "known here",
                      f"give it a default (def {fname}(..., {func.id}=np.tanh)), or call the API with the "
                      f"function (s2sgrad.grad({fname})(..., np.tanh)), which specialises on it")

"""Callables: specialise a transform on the functions it is given.

A function-valued argument (`layer(x, W, np.tanh)`, `grad(f)(w, act)`) is known by its
identity where the call is made; the transform is specialised on it, as it is on the kinds
of the other arguments.  Inside a function, a name that holds a known callable maps to a
`Primitive` (a NumPy function with a rule) or a `UserFunction` (read from source and
transformed like any callee) in the function's `local_functions`.  A `functools.partial` is
its function with the bound arguments first: as the differentiated function its bound
arguments are constants passed at the call (`unwrap`); as a value inside a function its calls
are calls of its function with the bound arguments first (transforms/partials.py).
"""

import dataclasses
import functools
import inspect
import types

import gast
import numpy as np

from .analyses.ops import dotted, is_user_function
from .decorators import follow, made_by_s2sgrad, marked_original, undecorated
from .errors import ArgumentError
from .naming import unused_name
from .resolve import StaticValue, UserFunction, missing, resolve_dotted
from .trees import clone, walk


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
    its method `self.m(...)` is a call of the class's function `m` with the object first; a call
    of a function it holds (`self.act = np.tanh`, then `self.act(h)`) is a call of that function;
    a list of functions it holds (`self.acts = [np.tanh, relu]`) is the tuple of their known callables."""

    cls: type
    functions: tuple = ()       # (attribute, known callable or tuple of them) for each function the object holds

    @property
    def label(self):
        held = ",".join(f"{a}={label(k)}" + ("" if isinstance(k, tuple) else f"@{id(_identity(k)):x}")
                        for a, k in self.functions)
        return f"{self.cls.__name__}({held})" if held else self.cls.__name__


@dataclasses.dataclass(frozen=True)
class Captured:
    """A nested function that reads its maker's locals, passed to another function: refused
    where it is called (its locals are not there)."""

    function: object

    @property
    def label(self):
        return self.function.name


def label(known):
    """A short readable name of a known callable, or of a tuple of them (for keys and messages)."""
    if isinstance(known, tuple):
        return "[" + ",".join(f"{label(k)}@{id(_identity(k)):x}" for k in known) + "]"
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
        if not self.keywords and not kwargs:
            return self.args + tuple(args), {}          # a bound method, a positional partial: as given
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
        fn = undecorated(fn) if isinstance(fn, types.FunctionType) else fn     # see decorators.py
        if isinstance(fn, functools.partial):
            args, keywords = tuple(fn.args) + args, {**fn.keywords, **keywords}
            fn = fn.func
        elif inspect.ismethod(fn) and inspect.isfunction(fn.__func__):
            args, fn = (fn.__self__,) + args, fn.__func__
        elif hasattr(getattr(fn, "__func__", None), "__s2sgrad_original__") and hasattr(fn, "__self__"):
            args, fn = (fn.__self__,) + args, fn.__func__.__s2sgrad_original__    # obj.method, marked
        elif not isinstance(fn, types.FunctionType) and marked_original(fn) is not None:
            fn = fn.__s2sgrad_original__        # a method marked @differentiate, from its class
        elif is_user_instance(fn) and inspect.isfunction(getattr(type(fn), "__call__", None)):
            fn = fn.__call__                    # an object of yours that is called: its __call__, bound
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
    return callable(value) and not isinstance(value, (type, np.ndarray, np.generic)) and not is_user_instance(value)


def is_user_instance(value):
    """Whether an argument is an object of a class of the user's (its methods are read from source);
    not another library's array (CuPy, Dask: it takes NumPy's functions, its methods are NumPy's)."""
    module = (getattr(type(value), "__module__", "") or "").partition(".")[0]
    if _record_with_properties(value):
        return module not in _LIBRARIES
    return not isinstance(value, _NOT_OBJECTS) and module not in _LIBRARIES and hasattr(value, "__dict__") \
        and not hasattr(type(value), "__array_function__")


def _record_with_properties(value):
    """A namedtuple of a subclass that adds a `@property` (`class P(namedtuple("P", "w b"))`)."""
    cls = type(value)
    return isinstance(value, tuple) and hasattr(cls, "_fields") and cls.__bases__ != (tuple,) \
        and any(isinstance(v, property) for k in cls.__mro__[:-1] if k is not tuple for v in vars(k).values())


_NOT_OBJECTS = (type, dict, list, tuple, np.ndarray, np.generic, functools.partial, types.FunctionType, types.MethodType,
                types.BuiltinFunctionType, np.ufunc)


_LIBRARIES = {"builtins", "numpy", "scipy", "s2sgrad", "autograd", "jax", "torch", "functools", "types"}


def callable_key(value):
    """What identifies a function-valued argument for the cache: a Python function by its code,
    globals and closure (a lambda made anew at each call shares its transform), a partial by its
    function and the shape of what it binds (the bound values are read at run time), anything
    else by identity."""
    if isinstance(value, functools.partial):
        return ("partial", callable_key(value.func), len(value.args), tuple(sorted(value.keywords)))
    if function_list(value):
        return ("functions",) + tuple(callable_key(f) for f in value)
    if isinstance(value, types.FunctionType):
        if value.__closure__ is None and not value.__defaults__ and not value.__kwdefaults__:
            return ("code", value.__code__, id(value.__globals__))
    if is_user_instance(value):
        return ("instance", type(value), tuple((a, callable_key(f)) for a, f in function_attributes(value)))
    try:
        hash(value)
    except TypeError:       # kept alive by the transform's entry (Compiled.callables): its id stays its own
        return ("object", id(value))
    return value


def function_attributes(obj):
    """(attribute, function) for each function an object of the user's holds in its own
    attributes (`self.act = np.tanh`), which its methods may call: what its transform reads."""
    return tuple((a, v) for a, v in sorted(getattr(obj, "__dict__", {}).items())
                 if is_function_value(v) or function_list(v))


def function_list(value):
    """Whether `value` is a non-empty list or tuple of functions."""
    return isinstance(value, (list, tuple)) and bool(value) and all(map(is_function_value, value))


def known_items(items, resolver):
    """The tuple of the known callables of a list of functions, or None where one is not known."""
    known = tuple(as_known(f, resolver) for f in items)
    return known if all(isinstance(k, (Primitive, UserFunction)) for k in known) else None


def argument_key(value):
    """The callable_key of a function or an object of the user's, a string itself (it may choose a
    function, transforms/choices.py), else None."""
    return callable_key(value) if is_function_value(value) or is_user_instance(value) or isinstance(value, str) \
        else None


def callables_of(fn, args, kwargs):
    """{parameter: function} for the function-valued arguments of the call `fn(*args, **kwargs)`,
    and the defaults of the parameters not given; () when there are none.  A string argument is
    one too: `TABLE[name]` chooses a function by it (transforms/choices.py)."""
    try:
        signature = inspect.signature(fn)
        bound = signature.bind_partial(*args, **kwargs)
    except (TypeError, ValueError):
        return ()
    bound.apply_defaults()
    return tuple((p, v) for p, v in bound.arguments.items()
                 if is_function_value(v) or is_user_instance(v) or isinstance(v, str))


def key_of(callables):
    """The part of a cache key that tells function-valued arguments apart."""
    return tuple((p, callable_key(v)) for p, v in callables)


# -- known callables inside a function ---------------------------------------------------------
def as_known(obj, resolver):
    """The known callable for an object (a Primitive, a UserFunction or a Partial), or None."""
    obj = follow(obj)       # a mark, a known decorator or a wrapper that passes through: its function
    if isinstance(obj, types.FunctionType) and made_by_s2sgrad(obj):
        return None         # a derivative s2sgrad made (copied onto an object by functools.update_wrapper)
    if isinstance(obj, (UserFunction, Primitive, Partial, Instance)):
        return obj
    if is_user_instance(obj):
        return _instance(obj, resolver)
    if isinstance(obj, functools.partial):
        target = as_known(obj.func, resolver)
        if target is None or isinstance(target, Partial):
            return None
        return Partial(target, len(obj.args), tuple(sorted(obj.keywords)))
    if is_user_function(obj):
        return resolver.function(obj)
    if is_function_value(obj) and not missing(obj) and not isinstance(obj, StaticValue):
        return Primitive(obj)
    return None


def _instance(obj, resolver):
    """The Instance of an object of the user's, with the functions and lists of them it holds."""
    held = ((a, known_items(f, resolver) if function_list(f) else as_known(f, resolver))
            for a, f in function_attributes(obj))
    return Instance(type(obj), tuple((a, k) for a, k in held if isinstance(k, (Primitive, UserFunction, tuple))))


def known_parameters(callables, resolver):
    """{parameter: known callable} for the function-valued arguments given to the transform."""
    known = {}
    for param, value in callables:
        entry = as_known(value, resolver)
        if entry is not None:
            known[param] = entry
    return known


def static_defaults(node, resolver, local_names=()):
    """{parameter: known callable} from the defaults of a function as written: `def f(x,
    act=np.tanh)` (a default naming one of `local_names`, a caller's locals, is left out)."""
    params = [a for a in node.args.args if not getattr(a, "s2s_kwonly", False)]
    pairs = list(zip(params[len(params) - len(node.args.defaults):], node.args.defaults))
    pairs += [(a, a.s2s_default) for a in node.args.args if getattr(a, "s2s_kwonly", False)]
    known = {}
    for param, default in pairs:
        parts = dotted(default) if default is not None else None
        if parts and parts[0] not in local_names:
            entry = as_known(resolve_dotted(resolver, parts), resolver)
            if entry is not None:
                known[param.id] = entry
    return known


def known_locals(node, resolver):
    """{name: known callable} for the locals assigned once a function by its global name
    (`act = np.sin`): before that assignment Python has no value for them."""
    params = {a.id for a in node.args.args}
    counts, assignments = {}, []           # one walk: how often each name is bound, and the assignments
    for n in walk(node):
        if isinstance(n, gast.Name):
            if isinstance(n.ctx, gast.Store):
                counts[n.id] = counts.get(n.id, 0) + 1
        elif isinstance(n, gast.Assign):
            assignments.append(n)
    known = {}
    for stmt in assignments:
        if len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name):
            target, parts = stmt.targets[0].id, dotted(stmt.value)
            if parts and target not in params and counts[target] == 1 and parts[0] not in counts:
                entry = as_known(resolve_dotted(resolver, parts), resolver)
                if isinstance(entry, (Primitive, UserFunction)):
                    known[target] = entry
    return known


def specialised(callee, known):
    """`callee` (a UserFunction) specialised on {parameter: known callable}: its own key."""
    if not known:
        return callee
    known = {p: dataclasses.replace(k, written=()) if isinstance(k, Partial) else k for p, k in known.items()}
    text = ",".join(f"{p}={label(k)}@{id(_identity(k)):x}" for p, k in sorted(known.items()))
    return dataclasses.replace(callee, local_functions={**(callee.local_functions or {}), **known},
                               key=f"{callee.key or callee.name}[{text}]")


def holds_function(callee, param):
    """Whether a callee's parameter holds a function of the user's (a closure given to it reads
    what it captures through parameters of its own, see `pass_captured`): no data flows
    through it.  An object (`Instance`) or a partial may hold differentiated values."""
    return isinstance((callee.local_functions or {}).get(param), UserFunction)


def pass_captured(callee, known):
    """A nested function that reads its maker's locals (`Captured`), given to a user function:
    (the function with a keyword parameter per local read, `step_a=None`, the known callables
    with the nested function reading those parameters instead, {parameter: the local}).  The
    caller passes each local by its parameter, and the function's calls of the nested function
    pass them on: the values it would read, since the maker's locals cannot change while the
    function runs.  Unchanged where nothing given is Captured, or the function's parameters
    end in `*args`, keyword-only ones or `**kwargs`."""
    given = {p: k for p, k in known.items() if isinstance(k, Captured)}
    if not given or not _plain_parameters(callee.node.args):
        return callee, known, {}
    taken = {n.id for n in walk(callee.node) if isinstance(n, gast.Name)}
    passed = {}
    known = dict(known)
    for param, entry in sorted(given.items()):
        fresh = [unused_name(f"{param}_{local}", taken) for local in entry.function.captured]
        passed.update(zip(fresh, entry.function.captured))
        known[param] = dataclasses.replace(entry.function, captured=tuple(fresh))
    node = clone(callee.node)
    node.args.args = list(node.args.args) + [gast.Name(id=n, ctx=gast.Param(), annotation=None, type_comment=None)
                                             for n in passed]
    node.args.defaults = list(node.args.defaults) + [gast.Constant(value=None, kind=None) for _ in passed]
    return dataclasses.replace(callee, node=node), known, passed


def _plain_parameters(args):
    """Whether a function's parameters end in a plain one (no `*args`, keyword-only or `**kwargs`)."""
    return args.vararg is None and args.kwarg is None and not args.kwonlyargs \
        and not any(getattr(a, "s2s_kwonly", False) for a in args.args)


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
    atom = _through_copies(atom, copies)
    call = (made or {}).get(atom.id) if isinstance(atom, gast.Name) else None
    if call is not None and call.args and is_partial_constructor(call.func, resolver):
        target = known_argument(call.args[0], local_functions, copies, resolver, local_names)
        if target is None or isinstance(target, Partial):
            return None
        return Partial(target, len(call.args) - 1, tuple(sorted(k.arg for k in call.keywords if k.arg)))
    if isinstance(atom, gast.Name) and atom.id in (local_functions or {}):
        entry = local_functions[atom.id]
        return Captured(entry) if isinstance(entry, UserFunction) and entry.captured else entry
    return _global_callable(atom, copies, resolver, local_names)


def _through_copies(atom, copies):
    """What the name `atom` is a copy of, through copies of copies (`copies`: {name: the atom
    assigned to it}); `atom` itself when it is no copy."""
    seen = set()
    while isinstance(atom, gast.Name) and atom.id in copies and atom.id not in seen:
        seen.add(atom.id)
        atom = copies[atom.id]
    return atom


def _global_callable(atom, copies, resolver, local_names):
    """The known callable of a global, dotted or not, that `atom` names; None for a local's name."""
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
    parts = dotted(func)
    known = local_functions or {}
    if not parts:
        return None, None
    if len(parts) <= 2 and isinstance(known.get(parts[0]), Instance) and resolver is not None:
        held = dict(known[parts[0]].functions).get(parts[1]) if len(parts) == 2 else None
        if isinstance(held, tuple):
            return None, None       # a list of functions is no function
        if held is not None:
            return held, None       # the object's own attribute comes before its class's method
        method = inspect.getattr_static(known[parts[0]].cls, parts[1] if len(parts) == 2 else "__call__", None)
        if isinstance(method, types.FunctionType):
            return as_known(method, resolver), gast.Name(id=parts[0], ctx=gast.Load(), annotation=None,
                                                         type_comment=None)
        return None, None
    if len(parts) == 2 and parts[1] == "func" and isinstance(known.get(parts[0]), Partial):
        return known[parts[0]].target, None     # `fn.func(*bound, x)`: a partial's call, lowered
    return known.get(".".join(parts)), None


def is_partial_constructor(func, resolver):
    """Whether `func` (a call's function) is functools.partial."""
    parts = dotted(func)
    if not parts:
        return False
    try:
        return resolve_dotted(resolver, parts) is functools.partial
    except Exception:       # noqa: BLE001
        return False

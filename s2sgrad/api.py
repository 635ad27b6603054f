"""The user API: grad, value_and_grad, vjp, emit, and the @differentiate decorator."""

import functools
import inspect
import threading
from types import FunctionType
from typing import Any, Callable

import numpy as np

from .decorators import follow, undecorated
from .callables import argument_key, callables_of, key_of, known_parameters, label, unwrap
from .containers import children, is_record, rebuild, record_fields, shadowed_fields
from .errors import ArgumentError, Diagnostic, InternalError, UserCodeError
from .hints import P, Wrt
from .pipeline import GradientModule, resolve_wrt
from .resolve import LiveResolver, Resolutions, changed, missing, rename_reserved, tape_of
from .runtime import foreign
from .transforms import codegen
from .transforms.fence import fence
from .transforms.parse import GENERATED_FROM, pack_variadic, parse_function
from .transforms.rename import as_written
from .tracebacks import ORIGINS, at_user_lines, chained
from .trees import without_collector_pauses

_NOT_GIVEN = object()

_LOCK = threading.RLock()
_CACHE_ATTRIBUTE = "__s2sgrad_cache__"


class _Cache(dict):
    """The transforms of one function, kept in the function's own `__dict__`.

    A transform refers back to its function (the names it resolved, the emitted module's
    imports), so a table keyed by the function, weak or not, would keep every function alive;
    a cycle through the function's own attribute is collected with it."""

    def __init__(self, owner):
        super().__init__()
        self.owner = owner


def per_function(fn):
    """The cache of transforms of `fn` (a dict), created on first use; a throwaway one for a
    callable that has no attributes of its own."""
    space = getattr(fn, "__dict__", None)
    if not isinstance(space, dict) or inspect.ismethod(fn):
        return {}
    cache = space.get(_CACHE_ATTRIBUTE)
    if cache is None or cache.owner is not fn:      # copied along by functools.wraps: not ours
        cache = space[_CACHE_ATTRIBUTE] = _Cache(fn)
    return cache


class Compiled:
    """A gradient module for one function and wrt: its text, the compiled gradient, and the
    names it resolved (`stale()` tells when one of them has been rebound since)."""

    @without_collector_pauses
    def __init__(self, fn, wrt, debug=False, kinds=(), mode="reverse", has_aux=False, callables=(), keywords=None,
                 checkpoints=True):
        source, node = parse_function(fn)
        self.packed = {}            # f(**kw): a keyword of the call -> the parameter it is read as
        if keywords is None and kinds and node.args.vararg is not None and node.args.kwarg is None:
            keywords = ()
        if keywords is not None:    # f(*xs, **kw): read for this call's arity and keywords
            named = sum(1 for a in node.args.args if not getattr(a, "s2s_kwonly", False))
            node, self.packed = pack_variadic(node, max(len(kinds) - named, 0), keywords)
            _check_packed_wrt(fn, wrt, self.packed)
        log = Resolutions()
        resolver = LiveResolver(fn, source, log)
        fence(source, node, resolver)       # before `wrt` is read: a refused signature is the real problem
        names = self._signature(fn, node, resolver, wrt)
        module = GradientModule(debug=debug, checkpoints=checkpoints)
        if not getattr(node, "s2s_renames", None):      # renamed since: fenced again as renamed
            module.fenced.append(node)
        # (an int passed for a wrt parameter is refused at the call, with the API's own message)
        kinds = {p.id: k for p, k in zip(node.args.args, kinds)
                 if k is not None and not (k in ("int", "ints") and p.id in names)}
        self.callables = callables          # what the code is specialised on (see callables.callable_key)
        renamed = getattr(node, "s2s_renames", {})
        known = {renamed.get(p, p): k for p, k in known_parameters(callables, resolver).items()}
        try:
            if mode in ("forward", "hvp"):      # hvp: over a gradient, (value, tangent of the gradients)
                self.name, self.tangent_params = module.add_forward(source, node, resolver, names, kinds=kinds,
                                                                    tape=tape_of(fn), known=known,
                                                                    outputs="hvp" if mode == "hvp" else None)
            elif mode == "split":       # fwd_f and bwd_f apart (see GradientModule.add_split)
                self.name = module.add_split(source, node, resolver, names, kinds=kinds, known=known)
            else:
                self.name = module.add(source, node, resolver, names, kinds=kinds, has_aux=has_aux, known=known)
        except UserCodeError as error:
            raise as_written(error, resolver.scope.aliases) from None
        command = _regenerate_command(source, node, names) if mode != "split" else None
        if has_aux:         # the command line has no has_aux: the Python call that writes the text
            wrt_text = repr(names[0]) if self.single else repr(tuple(names))
            command = f"s2sgrad.emit({node.name}, wrt={wrt_text}, has_aux=True)"
        if command and mode in ("forward", "hvp"):
            command += " --mode forward"
        self.source, self.line_map = module.text(command)
        kinds.update({p: label(k) for p, k in known.items()})
        specialised = "" if not kinds else " for " + ", ".join(f"{p}: {k}" for p, k in kinds.items())
        what = "tangents along" if mode == "forward" else "gradient's tangents along" if mode == "hvp" else \
            "with aux, wrt" if has_aux else "split, wrt" if mode == "split" else "wrt"
        filename = f"<s2sgrad {source.filename}:{node.name} {what} {','.join(names)}{specialised}>"
        self.gradient = _execute(module, source, self.name, codegen.register(self.source, filename),
                                 f"s2sgrad.generated.{node.name}", chained(module.origins, fn))
        self.checks = log.checks()

    def _signature(self, fn, node, resolver, wrt):
        """Rename the user's names that emitted code uses; set the parameters and `wrt` as the caller
        names them; return the `wrt` names as the emitted code names them."""
        renames = rename_reserved(node, resolver) if tape_of(fn) is None else {}
        names = resolve_wrt(node, wrt)
        user = {new: old for old, new in renames.items()}
        self.params = [user.get(a.id, a.id) for a in node.args.args]
        self.wrt = [user.get(n, n) for n in names]
        self.keywords = {old: new for old, new in renames.items() if old in self.params}
        self.single = not isinstance(wrt, (tuple, list))
        self.positions = [self.params.index(n) for n in self.wrt]
        self.last = max(self.positions)
        self.only = self.positions[0] if len(self.positions) == 1 else None
        if len(self.wrt) > 1 and self.single:
            raise InternalError("several wrt names for a single gradient")
        return names

    def stale(self):
        """True when a name the transform resolved (a global, a closure cell) was rebound since."""
        return changed(self.checks)

    def __call__(self, args, kwargs, d_result=1.0):
        if not kwargs and len(args) > self.last:
            if self.only is not None:
                x = args[self.only]
                kind = type(x)
                if kind is float or kind is np.float64 or kind is np.ndarray and x.dtype.kind == "f":
                    return self._one(x, args, d_result)
            inputs = [args[i] for i in self.positions]
            scalars = False
            for x in inputs:
                kind = type(x)
                if kind is float or kind is np.float64:
                    scalars = True
                elif kind is not np.ndarray or x.dtype.kind != "f":
                    break
            else:               # the common case: floats and float arrays passed by position
                value, grads = self.run(*args, d_result=d_result)
                if scalars:
                    return value, _match_numbers(self, inputs, grads)
                if len(inputs) == 1:
                    if _fresh_like(grads, inputs[0]):
                        return value, (grads if self.single else (grads,))
                elif _all_fresh(grads, inputs):
                    return value, grads
                return value, _match_inputs(self, inputs, grads)
        values = _bound(self, args, kwargs)
        inputs = [values.get(n) for n in self.wrt]
        _check_inputs(self, inputs)
        if self.keywords or self.packed:
            kwargs = self.keyword_arguments(kwargs)
        value, grads = self.run(*args, **kwargs, d_result=d_result)
        return value, _match_inputs(self, inputs, grads)

    def keyword_arguments(self, kwargs):
        """The call's keyword arguments as the emitted function names them."""
        return {self.packed.get(k) or self.keywords.get(k, k): v for k, v in kwargs.items()}

    def _one(self, x, args, d_result):
        """The fast path of `__call__`: one float or float array to differentiate, by position."""
        try:
            value, g = self.gradient(*args, d_result=d_result)
        except Exception as error:
            at_user_lines(error)
            raise
        if type(x) is np.ndarray:
            if not _fresh_like(g, x):
                return value, _match_inputs(self, [x], g)
        elif type(g) is not float:
            if getattr(g, "shape", ()) != ():
                return value, _match_inputs(self, [x], g)
            g = float(g)
        return value, (g if self.single else (g,))

    def run(self, *args, **kwargs):
        """The emitted function's result; an exception it raises shows the user's lines too."""
        try:
            return self.gradient(*args, **kwargs)
        except Exception as error:
            at_user_lines(error)
            raise


def _check_packed_wrt(fn, wrt, packed):
    """Refuse `wrt` naming a keyword that f receives through its `**kwargs`."""
    for item in wrt if isinstance(wrt, (tuple, list)) else (wrt,):
        if item in packed:
            raise ArgumentError(f"wrt={item!r}: {fn.__name__} receives `{item}` through its `**` parameter, and "
                                "s2sgrad differentiates named parameters only; name it in the signature")


def _regenerate_command(source, node, wrt):
    """The `s2sgrad emit` command that writes the same text, or None when the CLI cannot reach `node`."""
    if source.function(node.name) is None:
        return None         # not a top-level definition of its file (a closure, an inline lambda)
    default = [node.args.args[0].id] if node.args.args else []
    command = f"s2sgrad emit {codegen.shell_word(source.filename)} -f {node.name}"
    if list(wrt) != default:
        command += f" --wrt {','.join(wrt)}"
    return command


def _execute(module, source, fname, code, module_name, origins):
    """Run the emitted module's code; its function `fname` (a tuple of them for a tuple of
    names).  `origins` (see `tracebacks`) stay in its globals."""
    table = _importing_builtins(module, source)
    namespace = {"__name__": module_name, GENERATED_FROM: source.module_name, "__builtins__": table,
                 ORIGINS: origins}
    try:
        exec(code, namespace)
    finally:        # the imports have run: let go of the transform the hook refers to
        table["__import__"] = __import__
    if isinstance(fname, tuple):
        return tuple(namespace[f] for f in fname)
    return namespace[fname]


def _importing_builtins(module, source):
    """Builtins whose `__import__` serves the user's own modules from the objects the transform
    resolved (never importing, so never running, a script or a module again)."""
    import builtins

    readers = _readers(module)
    owns = {unit.source.module_name for unit in readers[None]} | {source.module_name}
    real_import = builtins.__import__

    def _import(name, globals=None, locals=None, fromlist=(), level=0):
        if name in owns and fromlist:
            values = {}
            for item in fromlist:
                units = [u for u in readers.get(item) or readers[None] if u.source.module_name == name]
                # code read again (forward over a gradient) imports a renamed global under its alias,
                # and may bind the first name to something else (`unbroadcast`, the helper)
                obj = _imported_as(readers[None], name, item)
                if obj is _NOT_GIVEN:
                    obj = _resolved(units or readers[None], item)
                if obj is _NOT_GIVEN:       # the function reads no such global (see rename.check_defined)
                    raise InternalError(f"the emitted code reads `{item}` as a global, and nothing of "
                                        f"that name is bound where {source.filename} defines its functions")
                values[item] = obj
            return _Namespace(values)
        try:
            return real_import(name, globals, locals, fromlist, level)
        except ImportError:
            # code read again (forward over a gradient) names the module of a global as the file's
            # folders do (`app.layers`), which may not be how it was imported (`src.app.layers`)
            values = {item: _resolved(readers[None], item) for item in fromlist or ()}
            if not values or any(v is _NOT_GIVEN for v in values.values()):
                raise
            return _Namespace(values)

    table = dict(vars(builtins))
    table["__import__"] = _import
    return table


def _readers(module):
    """{global name: the units whose emitted functions read it}; None: every unit."""
    readers = {None: []}
    for func, _, unit in module.functions:
        readers[None].append(unit)
        scope = unit.resolver.scope
        for free in codegen.free_names([func]):
            # imported as `from m import ord as ord_2`, or as itself for a closure value
            item = free if free in scope.cell_aliases else scope.aliases.get(free, free)
            readers.setdefault(item, []).append(unit)
    return readers


def _resolved(units, name):
    """The object `name` is to the units that read it; a located error when they disagree."""
    found = {}
    for unit in units:
        obj = unit.resolver.lookup(name)
        if not missing(obj):
            found.setdefault(id(obj), (obj, []))[1].append(unit)
    if len(found) > 1:
        raise UserCodeError([Diagnostic(unit.source.location(unit.node), f"`{name}` here is not the `{name}` "
                                        "of another function differentiated with it, and their gradient code "
                                        "shares one module", f"give one of the two `{name}` another name")
                             for _, readers in found.values() for unit in readers[:1]])
    return next(iter(found.values()))[0] if found else _NOT_GIVEN


def _imported_as(units, module, item):
    """What a unit's source binds by `from module import item as other`: a global of the user's
    that the gradient code renamed, read again by forward mode over that code."""
    for unit in units:
        for bound, entry in unit.resolver.scope.imports.items():
            if entry[:2] == (module, item):
                obj = unit.resolver.lookup(bound)
                if not missing(obj):
                    return obj
    return _NOT_GIVEN


class _Namespace:
    def __init__(self, values):
        self.__dict__.update(values)


def compiled(fn, wrt, debug=False, kinds=(), mode="reverse", has_aux=False, callables=None, keywords=None,
             checkpoints=True):
    """The cached transform of `fn` for `wrt` (built on first use).

    `kinds` names the kind of each positional argument ("float", "int", "array" or None);
    the generic transform (no kinds) is what `emit` and `f.source` show.  With `has_aux`,
    `fn` returns a pair (output, aux) and only the output is differentiated.  `callables`
    ((parameter, function) pairs, see callables.py) specialises it on function-valued arguments;
    by default, on the functions that are parameters' defaults.  `keywords` (for a function with
    `*args` or `**kwargs`) names the keywords its `**kwargs` receives: it is read for a call with
    `len(kinds)` positional arguments and those keywords.  Without `checkpoints`, checkpointed
    loops and callees are differentiated as plain code (for a gradient that is differentiated again).
    """
    if callables is None:
        callables = callables_of(fn, (), {})
    items = wrt if isinstance(wrt, (tuple, list)) else (wrt,)
    if any(isinstance(item, bool) or not isinstance(item, (int, str)) for item in items):
        raise ArgumentError(f"wrt={wrt!r}: give a parameter's index or name, or a tuple of them")
    key = (type(wrt).__name__, wrt if isinstance(wrt, (int, str)) else tuple(wrt), tuple(kinds), mode) \
        + (("has_aux",) if has_aux else ()) + (() if checkpoints else ("no checkpoints",)) + key_of(callables) \
        + (() if keywords is None else (keywords,))
    with _LOCK:
        per_fn = per_function(fn)
        entry = per_fn.get(key)
        if entry is None or debug or changed(entry.checks):
            entry = per_fn[key] = Compiled(fn, wrt, debug=debug, kinds=kinds, mode=mode, has_aux=has_aux,
                                           callables=callables, keywords=keywords, checkpoints=checkpoints)
        return entry


def _compiled_for(fn, wrt, args, kwargs, has_aux=False, mode="reverse"):
    """`compiled(fn, wrt)` specialised on `args`; when the transform fails and an argument in `wrt`
    cannot be differentiated (an integer array), that is the error the caller gets."""
    unregistered = _register_plain_objects(fn, wrt, args, kwargs)
    try:
        entry = compiled(fn, wrt, kinds=kinds_of(args), has_aux=has_aux, callables=callables_of(fn, args, kwargs),
                         keywords=variadic_keywords(fn, args, kwargs), mode=mode)
    except UserCodeError:
        problem = _wrt_input_problem(fn, wrt, args, kwargs)
        if problem:
            raise ArgumentError(problem) from None
        raise
    if unregistered:
        item, cls = unregistered[0]
        raise ArgumentError(f"wrt={item!r} is an object of {cls}, which is not a plain class: s2sgrad "
                            f"differentiates with respect to an object of a class of the function's file whose "
                            f"__init__ stores its attributes and whose other methods only read them "
                            f"(docs/python-subset.md); pass the arrays it holds as arguments instead")
    return entry


def _register_plain_objects(fn, wrt, args, kwargs):
    """An argument in `wrt` that is an object of a plain class (transforms/objects.py) becomes a
    record of its attributes: its gradient is an object of its class.  [(wrt item, class name)]
    for those that are objects of another class."""
    from .callables import is_user_instance
    from .transforms.objects import register_plain_argument
    unregistered = []
    try:
        signature = inspect.signature(fn)
        bound = signature.bind_partial(*args, **kwargs).arguments
    except (TypeError, ValueError):
        return unregistered
    names = list(signature.parameters)
    for item in wrt if isinstance(wrt, (tuple, list)) else (wrt,):
        if isinstance(item, int) and not isinstance(item, bool) and -len(names) <= item < len(names):
            item = names[item]
        if item in bound and is_user_instance(bound[item]) and not is_record(bound[item]) \
                and not register_plain_argument(bound[item]):
            unregistered.append((item, type(bound[item]).__name__))
    return unregistered


def _wrt_input_problem(fn, wrt, args, kwargs):
    """Why an argument in `wrt` cannot be differentiated, or None (read without the transform)."""
    try:
        signature = inspect.signature(fn)
        bound = signature.bind_partial(*args, **kwargs).arguments
    except (TypeError, ValueError):
        return None
    names = list(signature.parameters)
    for item in wrt if isinstance(wrt, (tuple, list)) else (wrt,):
        if isinstance(item, int) and not isinstance(item, bool) and -len(names) <= item < len(names):
            item = names[item]
        problem = input_problem(bound[item], item) if item in bound else None
        if problem:
            return problem
    return None


def variadic_keywords(fn, args, kwargs):
    """For f(*args) or f(**kwargs), the keywords of this call that its `**kwargs` receives (a
    sorted tuple; the transform is read for them); None for a function with neither."""
    code = getattr(fn, "__code__", None)
    if code is None or not code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS):
        return None
    if not code.co_flags & inspect.CO_VARKEYWORDS:
        return ()
    named = code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]
    return tuple(sorted(k for k in kwargs if k not in named))


def kinds_of(args):
    """The kinds the transform specialises on: Python floats and ints, NumPy arrays ("ints" for
    an array of integers or bools: what is stored into an array made like it is truncated)."""
    return tuple("float" if type(a) is float else "int" if type(a) is int else
                 ("ints" if a.dtype.kind in "iub" else "array") if type(a) is np.ndarray else None for a in args)


def int_arrays(args):
    """The positions of the arrays of integers or bools among `args`: with the arguments' types,
    what tells one specialisation of a transform from another (see `kinds_of`)."""
    return tuple([i for i, a in enumerate(args) if type(a) is np.ndarray and a.dtype.kind in "iub"])


def _bound(entry, args, kwargs):
    values = dict(zip(entry.params, args))
    values.update(kwargs)
    return values


def _check_inputs(entry, inputs):
    for name, value in zip(entry.wrt, inputs):
        if value is None:
            raise ArgumentError(f"missing argument `{name}`")
        problem = input_problem(value, name)
        if problem:
            raise ArgumentError(problem)


def input_problem(value, where, integers=True):
    """Why `value` cannot be differentiated with respect to (an integer, unless not `integers`, or a
    complex number, also inside a list, tuple or dict), or None."""
    if type(value) is float or type(value) is np.ndarray and value.dtype.kind == "f":
        return None             # the common cases, checked cheaply
    if is_record(value) and not isinstance(value, (list, dict)):
        shadowed = shadowed_fields(value)
        if shadowed:
            return (f"`{where}` is a {type(value).__name__} with a field named `{shadowed[0]}`, which s2sgrad reads "
                    f"as the array attribute `.{shadowed[0]}`: rename the field")
        names = record_fields(value) or range(len(children(value)))
        items = ((f"{where}.{n}", v) for n, v in zip(names, children(value))     # a name, a function: not inputs
                 if not (v is None or isinstance(v, (str, bytes)) or callable(v)))
    elif isinstance(value, (list, tuple)):
        items = ((f"{where}[{i}]", v) for i, v in enumerate(value))
    elif isinstance(value, dict):
        items = ((f"{where}[{k!r}]", v) for k, v in value.items())
    else:
        return _leaf_problem(value, where, integers)
    return next((p for p in (input_problem(v, w, integers) for w, v in items) if p), None)


def _leaf_problem(value, where, integers):
    dtype = _dtype(value)

    def kind():             # formatted only for a message: a dtype's text is slow to make
        return type(value).__name__ + ("" if dtype is None else f", dtype {dtype}")
    if integers and (isinstance(value, (bool, int)) or (dtype is not None and dtype.kind in "biu")):
        return (f"`{where}` is an integer ({kind()}): integer inputs have no gradient. Pass a float (e.g. 2.0 or "
                "x.astype(float)).")
    if isinstance(value, complex) or (dtype is not None and dtype.kind == "c"):
        return (f"`{where}` is complex ({kind()}): s2sgrad differentiates real functions of real inputs. Pass "
                "the real and imaginary parts as float arguments.")
    return None


def _match_inputs(entry, inputs, grads):
    items = [grads] if len(entry.wrt) == 1 else list(grads)
    out, seen = [], set()
    for name, x, g in zip(entry.wrt, inputs, items):
        if id(g) in seen and hasattr(g, "copy"):
            g = g.copy()            # two gradients that are one array: give each its own
        seen.add(id(g))
        out.append(_match(x, g, name))
    return out[0] if entry.single else tuple(out)


def _match_numbers(entry, inputs, grads):
    """`_match_inputs` where some inputs are Python or NumPy floats: a float's gradient is a float."""
    out = []
    for x, g in zip(inputs, (grads,) if len(inputs) == 1 else grads):
        if type(x) is np.ndarray or (type(g) is not float and getattr(g, "shape", ()) != ()):
            return _match_inputs(entry, inputs, grads)
        out.append(float(g))
    return out[0] if entry.single else tuple(out)


def _all_fresh(grads, inputs):
    for k, (g, x) in enumerate(zip(grads, inputs)):
        if type(g) is not np.ndarray or g.base is not None or g.shape != x.shape \
                or (g.dtype is not x.dtype and g.dtype != x.dtype):
            return False
        for other in grads[:k]:
            if g is other:
                return False
    return True


def _fresh_like(g, x):
    """True when `g` is already a gradient the caller may own: a fresh array shaped like `x`."""
    return type(g) is np.ndarray and g.base is None and g.shape == x.shape and \
        (g.dtype is x.dtype or g.dtype == x.dtype)


def _dtype(value):
    """The dtype of an array of any library, of a NumPy scalar, or None."""
    if isinstance(value, (list, tuple, dict)):
        return None
    dtype = getattr(value, "dtype", None)
    if dtype is not None:
        return np.dtype(dtype)
    try:
        return np.result_type(value)
    except TypeError:
        return None


def _match(x, g, name):
    """The gradient `g` given the structure, shape and dtype of its input `x`."""
    if type(g) is np.ndarray and type(x) is np.ndarray and g.shape == x.shape and g.dtype == x.dtype \
            and g.base is None:
        return g                    # the common case: a fresh array of the input's kind
    if is_record(x) and not isinstance(x, (list, dict)):
        items = g if isinstance(g, list) else children(g)
        return rebuild(x, [xi if gi is None else _match(xi, gi, f"{name}[{i}]")     # a name, a flag: kept
                           for i, (xi, gi) in enumerate(zip(children(x), items))])
    if isinstance(x, (list, tuple)):
        return type(x)(_match(xi, gi, f"{name}[{i}]") for i, (xi, gi) in enumerate(zip(x, g)))
    if isinstance(x, dict):
        return {key: _match(x[key], g[key], f"{name}[{key!r}]") for key in x}
    if isinstance(x, float) and not hasattr(g, "shape") or isinstance(x, float) and g.shape == ():
        return float(g)
    if hasattr(x, "shape") and x.shape != () or isinstance(x, np.ndarray) or foreign(x) is not None:
        if not hasattr(g, "shape") or foreign(x) is not None and isinstance(g, (np.generic, np.ndarray)) \
                and g.shape == ():
            g = np.asarray(g, like=foreign(x))      # a number (the seed 1.0) as the input's library's array
        if tuple(g.shape) != tuple(x.shape):
            raise InternalError(f"the gradient for `{name}` has shape {tuple(g.shape)}, its input {tuple(x.shape)}")
        if g.dtype != x.dtype:
            g = g.astype(x.dtype)
        elif isinstance(g, np.ndarray) and (not g.flags.writeable or g.base is not None and not g.flags.owndata):
            g = g.copy()        # a broadcast view of the seed: give the caller its own array
    return g


_USE_VJP = "s2sgrad.vjp(f, wrt)(*args, d_result=...)"


def _check_scalar(value, fname, what="grad", instead=_USE_VJP):
    problem = scalar_problem(value, fname, what, instead)
    if problem:
        raise ArgumentError(problem)


def scalar_problem(value, fname, what="grad", instead=_USE_VJP):
    """Why `value`, f's output, cannot be differentiated by `what` (not a scalar), or None."""
    try:
        ndim, shape = np.ndim(value), np.shape(value)
    except (TypeError, ValueError):         # a ragged tuple, a dict: no shape at all
        ndim, shape = None, None
    if ndim == 0:
        return None
    got = f"returned shape {shape}" if shape is not None else f"returned a {type(value).__name__}"
    return f"{what} needs a function with a scalar output, but {fname} {got}; use {instead} instead"


def _check_pair(value, fname):
    """With has_aux, f's value must be a pair (output, aux)."""
    if not isinstance(value, tuple) or len(value) != 2:
        raise ArgumentError(pair_problem(value, fname))


def pair_problem(value, fname):
    """Why `value`, f's value, is not the pair (output, aux) has_aux=True asks for, or None."""
    if isinstance(value, tuple) and len(value) == 2:
        return None
    got = f"a tuple of {len(value)} items" if isinstance(value, tuple) else f"a {type(value).__name__}"
    return f"{fname} returned {got}: with has_aux=True it must return a pair (output, aux)"


def explain_failure(fn, args, kwargs, has_aux=False, what="grad", instead=_USE_VJP):
    """The ArgumentError that explains why a gradient of `fn` failed when f's own value does (f
    returns no pair with has_aux, or no scalar: the seed then does not fit), or None; runs f."""
    try:
        value = fn(*args, **kwargs)
    except Exception:
        return None
    problem = pair_problem(value, fn.__name__) if has_aux else None
    if problem is None:
        problem = scalar_problem(value[0] if has_aux else value, fn.__name__, what, instead)
    return ArgumentError(problem) if problem else None


def _of_gradient(fn, wrt):
    """The gradient of a function returned by `grad`, or None when `fn` is not one."""
    if not hasattr(fn, "__s2sgrad_derivative__"):
        return None
    if fn.__s2sgrad_derivative__ == "has_aux":
        raise ArgumentError("a gradient taken with has_aux=True returns (gradient, aux): s2sgrad does not "
                            "differentiate it again; differentiate the function without its aux instead")
    if fn.__s2sgrad_derivative__ is None:
        raise ArgumentError("s2sgrad differentiates a gradient once (second order); a third derivative "
                            "is not supported")
    from .modes import grad_of_gradient
    return grad_of_gradient(fn, wrt)


def after_self(wrt):
    """A method's `wrt` as positions of its function, `self` first: indices move up by one."""
    if isinstance(wrt, (tuple, list)):
        return tuple(after_self(w) for w in wrt)
    return wrt + 1 if isinstance(wrt, int) and not isinstance(wrt, bool) and wrt >= 0 else wrt


def _of_bound(transform, fn, wrt):
    """`transform(g, wrt)` for a bound method or a `functools.partial` g: the transform of its
    function, with the bound arguments (constants) passed first and `wrt` naming the parameters
    left, as Python counts g's parameters; None for a plain function."""
    target = unwrap(fn)
    if not target.bound:
        return None
    inner = transform(target.function, target.wrt(wrt))
    seed = {"d_result"} - set(inspect.signature(target.function).parameters)      # vjp's, not the function's

    @functools.wraps(target.function)
    def run(*args, **kwargs):
        extra = {k: kwargs.pop(k) for k in seed & kwargs.keys()}
        args, kwargs = target.call(args, kwargs)
        return inner(*args, **kwargs, **extra)
    return run


_PLAIN_TYPES = frozenset({np.ndarray, float, int, bool, complex, np.float64, np.float32, list, tuple, dict,
                          type(None), str})


def _entry_key(fn, args, kwargs):
    """The key `value_and_grad` caches its transforms by: the arguments' types (alone where no
    array holds integers), and the identity of the functions among them (see callables.py), read
    only where one may be."""
    types = tuple(map(type, args))
    ints = int_arrays(args)
    if not kwargs and not ints and _PLAIN_TYPES.issuperset(types):
        return types
    return types, ints, tuple(map(argument_key, args)), tuple((k, argument_key(v)) for k, v in kwargs.items())


def value_and_grad(fn: Callable[P, Any], wrt: Wrt = 0, has_aux: bool = False) -> Callable[P, tuple[Any, Any]]:
    """`value_and_grad(f, wrt)(*args) -> (f(*args), gradient)`; wrt: index, name, or tuple.

    With `has_aux=True`, f returns a pair (output, aux): only the output is differentiated, and
    `value_and_grad(f, wrt, has_aux=True)(*args) -> ((output, aux), gradient)`, aux as f
    returned it (one run of the emitted code computes all three).
    """
    if type(fn) is FunctionType and (type(wrt) is int or type(wrt) is str):       # `_made`, written out
        cache = fn.__dict__.get(_CACHE_ATTRIBUTE)
        if cache is not None and cache.owner is fn:
            made = cache.get(("value_and_grad", wrt, has_aux))
            if made is not None:
                return made
    made = _made(fn, "value_and_grad", wrt, has_aux)
    return made if made is not None else _keep(fn, "value_and_grad", wrt, has_aux, _value_and_grad(fn, wrt, has_aux))


def _made(fn, kind, wrt, has_aux):
    """The function `kind(fn, wrt, has_aux)` made before, kept in fn's cache, or None (see `_keep`)."""
    if type(fn) is FunctionType and (type(wrt) is int or type(wrt) is str or type(wrt) is tuple and _plain(wrt)):
        cache = fn.__dict__.get(_CACHE_ATTRIBUTE)
        if cache is not None and cache.owner is fn:
            return cache.get((kind, wrt, has_aux))
    return None


def _plain(wrt):
    return all(type(w) is int or type(w) is str for w in wrt)      # (True == 1: a bool is no key)


def _keep(fn, kind, wrt, has_aux, made):
    """Keep `made` in the cache of a plain function, so that `value_and_grad(f)(x)` written at each
    call transforms, checks and wraps once; return it.  Only where the key tells every spelling
    of `wrt` and `has_aux` apart (0 from False, which `wrt` refuses, an int from a tuple)."""
    plain = type(wrt) is int or type(wrt) is str or type(wrt) is tuple and _plain(wrt)
    if plain and type(has_aux) is bool and type(fn) is FunctionType and "__wrapped__" not in fn.__dict__ \
            and not hasattr(fn, "__s2sgrad_derivative__"):
        per_function(fn)[(kind, wrt, has_aux)] = made
    return made


def _value_and_grad(fn, wrt, has_aux):
    bound = _of_bound(functools.partial(value_and_grad, has_aux=has_aux), fn, wrt)
    if bound is not None:
        return bound
    second = _of_gradient(fn, wrt)
    if second is not None:
        if has_aux:
            raise ArgumentError("has_aux=True with a gradient function: the gradient returns no aux")
        return lambda *args: (fn(*args), second(*args))
    fn = undecorated(fn)

    entries = {}
    direct = {}         # types of the arguments -> entry, where `_direct` applies (see there)

    @functools.wraps(fn)
    def run(*args, **kwargs):
        if not kwargs:
            # the common case, with nothing between the caller and the emitted function that it does
            # not need: one float or float array to differentiate, by position, no aux, every name the
            # transform resolved still bound as it was (`changed`, written out)
            plan = direct.get(type(args[0]) if len(args) == 1 else tuple(map(type, args)))
            if plan is not None:
                entry, spaces, cells, position, gradient, array, single, others = plan
                for space, name, obj in spaces:
                    if space.get(name, _UNBOUND) is not obj:
                        break
                else:
                    for i in others:        # another array of integers: another specialisation
                        if args[i].dtype.kind in "iub":
                            break
                    else:
                        x = args[position]
                        if (not cells or not changed(entry.checks)) and (not array or x.dtype.kind == "f"):
                            try:
                                value, g = gradient(*args)
                            except Exception as error:
                                _failed(error, fn, args)
                                raise
                            kind = type(value)
                            if kind is not float and kind is not _float64 and getattr(value, "ndim", None) != 0:
                                problem = scalar_problem(value, fn.__name__)
                                if problem:
                                    raise ArgumentError(problem) from None
                            kind = type(g)
                            if array:
                                if kind is _ndarray and g.base is None and g.shape == x.shape \
                                        and (g.dtype is x.dtype or g.dtype == x.dtype):
                                    return value, (g if single else (g,))
                            elif kind is float or kind is _float64:
                                return value, (float(g) if single else (float(g),))
                            return value, _match_inputs(entry, [x], g)
        # plain arguments by position are keyed by their types alone (see _entry_key); another
        # key is never such a tuple of types, so a miss here is not a wrong entry
        types = tuple(map(type, args))
        entry = None if kwargs or np.ndarray in types and int_arrays(args) else entries.get(types)
        if entry is None or changed(entry.checks):      # a global it resolved was rebound: transform again
            key = _entry_key(fn, args, kwargs)
            entry = entries.get(key)
            if entry is None or changed(entry.checks):
                entry = entries[key] = _compiled_for(fn, wrt, args, kwargs, has_aux)
            if not kwargs and not has_aux and key == tuple(map(type, args)) and entry.only is not None \
                    and len(args) > entry.only and key[entry.only] in (float, np.float64, np.ndarray):
                others = tuple([i for i, t in enumerate(key) if t is np.ndarray and i != entry.only])
                direct[key[0] if len(key) == 1 else key] = (entry, *entry.checks, entry.only, entry.gradient,
                                                            key[entry.only] is np.ndarray, entry.single, others)
        try:
            value, grads = entry(args, kwargs)
        except ArgumentError:
            raise
        except Exception:       # a non-scalar output (the seed 1.0 does not fit it) or no pair is the likely cause
            _explain(fn, args, kwargs, has_aux)
            raise
        output = value
        if has_aux:
            if type(value) is not tuple or len(value) != 2:
                _check_pair(value, fn.__name__)
            output = value[0]
        if type(output) is not float and getattr(output, "ndim", None) != 0:
            _check_scalar(output, fn.__name__)
        return value, grads
    return run


_UNBOUND = object()
_ndarray, _float64 = np.ndarray, np.float64


def _failed(error, fn, args):
    """The emitted function raised `error` on value_and_grad's common path: show the user's lines,
    and raise the ArgumentError that explains it where there is one (see Compiled._one)."""
    at_user_lines(error)
    if not isinstance(error, ArgumentError):
        _explain(fn, args, {}, False)


def _explain(fn, args, kwargs, has_aux):
    """Raise the ArgumentError that explains a failed gradient (f's output is no scalar, or no
    pair with has_aux), if there is one; return otherwise (the caller re-raises)."""
    error = explain_failure(fn, args, kwargs, has_aux)
    if error is not None:
        raise error from None


def grad(fn: Callable[P, Any], wrt: Wrt = 0, has_aux: bool = False) -> Callable[P, Any]:
    """`grad(f, wrt)(*args)`: the gradient of a scalar function; a tuple when wrt is a tuple.

    With `has_aux=True`, f returns a pair (output, aux): `grad(f, wrt, has_aux=True)(*args) ->
    (gradient of the output, aux)`, aux as f returned it, from the same single run.
    `grad(grad(f))` differentiates the emitted gradient again (for a scalar argument).
    """
    made = _made(fn, "grad", wrt, has_aux)
    return made if made is not None else _keep(fn, "grad", wrt, has_aux, _grad(fn, wrt, has_aux))


def _grad(fn, wrt, has_aux, both=None):
    second = _of_gradient(fn, wrt)
    if second is not None:
        if has_aux:
            raise ArgumentError("has_aux=True with a gradient function: the gradient returns no aux")
        return second
    both = both or value_and_grad(fn, wrt, has_aux)

    if has_aux:
        @functools.wraps(follow(fn))
        def run(*args, **kwargs):
            (_, aux), grads = both(*args, **kwargs)
            return grads, aux
        run.__s2sgrad_derivative__ = "has_aux"
        return run

    @functools.wraps(follow(fn))
    def run(*args, **kwargs):
        return both(*args, **kwargs)[1]
    run.__s2sgrad_derivative__ = (follow(fn), wrt)
    return run


def vjp(fn: Callable[..., Any], wrt: Wrt = 0, has_aux: bool = False) -> Callable[..., Any]:
    """`vjp(f, wrt)(*args, d_result=v)`: the vector-Jacobian product vᵀ·J for any output.

    With `has_aux=True`, f returns a pair (output, aux): `d_result` is the cotangent of the output
    alone, and `vjp(f, wrt, has_aux=True)(*args, d_result=v) -> (vᵀ·J, aux)`, aux as f returned it.
    """
    bound = _of_bound(functools.partial(vjp, has_aux=has_aux), fn, wrt)
    if bound is not None:
        return bound
    fn = undecorated(fn)

    @functools.wraps(fn)
    def run(*args, d_result, **kwargs):
        problem = _seed_problem(_NOT_GIVEN, d_result, "d_result")       # what needs no output to tell
        if problem:
            raise ArgumentError(f"vjp of {fn.__name__}: {problem}")
        entry = _compiled_for(fn, wrt, args, kwargs, has_aux)
        try:
            value, grads = entry(args, kwargs, d_result=d_result)
        except Exception:
            _check_seed(fn, args, kwargs, d_result, has_aux=has_aux)     # a seed that does not fit is the likely cause
            raise
        if not has_aux:
            _check_seed(fn, args, kwargs, d_result, value)
            return grads
        _check_pair(value, fn.__name__)
        _check_seed(fn, args, kwargs, d_result, value[0])
        return grads, value[1]
    return run


def _check_seed(fn, args, kwargs, seed, value=_NOT_GIVEN, has_aux=False):
    """Raise an ArgumentError when `seed` cannot be the cotangent of f's output (run f if not given;
    with `has_aux`, f's output is the first of the pair it returns)."""
    if value is _NOT_GIVEN:
        try:
            value = fn(*args, **kwargs)
        except Exception:
            return
        if has_aux:
            problem = pair_problem(value, fn.__name__)
            if problem:
                raise ArgumentError(f"vjp of {problem}") from None
            value = value[0]
    problem = _seed_problem(value, seed, "d_result")
    if problem:
        raise ArgumentError(f"vjp of {fn.__name__}: {problem}; give d_result the structure and shape of "
                            f"{fn.__name__}'s output") from None


def _seed_problem(value, seed, where):
    """Why `seed` cannot be the cotangent of `value` (_NOT_GIVEN: of any output), or None."""
    if seed is None or isinstance(seed, (str, bytes)):
        return f"{where} is {'None' if seed is None else 'a ' + type(seed).__name__}: give the cotangent of the output"
    if isinstance(value, (tuple, list, dict)):
        alike = isinstance(seed, dict) if isinstance(value, dict) else isinstance(seed, (tuple, list))
        if not alike or len(seed) != len(value) or isinstance(value, dict) and set(seed) != set(value):
            return f"{where} is not a {type(value).__name__} like the output ({len(value)} items)"
        keys = value.keys() if isinstance(value, dict) else range(len(value))
        problems = (_seed_problem(value[k], seed[k], f"{where}[{k!r}]") for k in keys)
        return next((p for p in problems if p), None)
    if value is _NOT_GIVEN:
        return None if isinstance(seed, (tuple, list, dict)) else _number_problem(seed, where)
    if isinstance(seed, (tuple, list, dict)):
        return f"{where} is a {type(seed).__name__}, but the output is an array of shape {np.shape(value)}"
    problem = _number_problem(seed, where)
    if problem:
        return problem
    if np.shape(seed) != np.shape(value):
        return f"{where} has shape {np.shape(seed)}, but the output has shape {np.shape(value)}"
    return None


def _number_problem(seed, where):
    dtype = _dtype(seed)
    if dtype is None or dtype.kind not in "biuf":
        return f"{where} is {'complex' if dtype is not None and dtype.kind == 'c' else 'not a number'} " \
               f"({type(seed).__name__}{'' if dtype is None else ', dtype ' + str(dtype)}): give a real cotangent"
    return None


def emit(fn: Callable[..., Any], wrt: Wrt = 0, debug: bool = False, has_aux: bool = False) -> str:
    """The text of `fn`'s gradient module (what `s2sgrad emit` writes for it; with `has_aux`, the
    module `grad(f, wrt, has_aux=True)` runs).  A function-valued parameter is specialised on its
    default (`def f(x, act=np.tanh)`); for a bound method or a partial, the text of its function."""
    target = unwrap(fn)
    callables = callables_of(target.function, target.args, target.keywords)     # a method: its object's class
    return compiled(target.function, target.wrt(wrt), debug=debug, has_aux=has_aux, callables=callables).source


from .decorator import Differentiable, differentiate  # noqa: E402,F401  (the decorator, re-exported)

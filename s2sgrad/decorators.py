"""Decorators: what calling a decorated function runs, and when its undecorated source is the same.

A decorator that returns a wrapper runs the wrapper: `functools.wraps` sets
`wrapper.__wrapped__ = fn`, but the wrapper may double, negate or clip what `fn` returns, or
change its arguments.  The API differentiates what calling the function runs (the wrapper, a
closure over `fn` read from its source) and follows `__wrapped__` only where that is provably
the same function:

  - the wrapper passes through: its last statement returns exactly `fn(<its own parameters>)`
    (`fn(*args, **kwargs)`, or `out = fn(...)` then `return out`), with no defaults of its own,
    and the statements around the call never name its parameters or the result (they may log
    or time);
  - or the decorator is one s2sgrad knows: functools.lru_cache and cache, a function marked
    @s2sgrad.differentiate, staticmethod, a numba dispatcher (`py_func`).

The CLI reads the file without running it: a def decorated with one of the decorators of
`KNOWN`, or with a decorator of the same file whose wrapper passes through (or that returns
its function), is read as the undecorated def; any other decorator is refused at its line.
A function that s2sgrad itself made (`grad(f)`, `jacobian(f)`) is not the function it wraps.
"""

import ast
import functools
import inspect
import os
import types

import gast

from .errors import ArgumentError, Diagnostic, UserCodeError
from .trees import walk
from .custom import CustomGradient
from .decorator import Differentiable
from .transforms.parse import _cached_file, _find_def

_PACKAGE = os.path.dirname(os.path.abspath(__file__))

# Decorators that leave what calling the function computes unchanged (as qualified names).
KNOWN = frozenset({
    "functools.lru_cache", "functools.cache", "functools.wraps", "staticmethod", "classmethod",
    "typing.overload", "typing_extensions.overload", "numba.jit", "numba.njit",
    "s2sgrad.differentiate", "s2sgrad.checkpoint", "s2sgrad.custom_gradient", "s2sgrad.extend.adjoint",
    "s2sgrad.extend.tangent",
})

_KNOWN_TEXT = "functools.lru_cache, functools.cache, staticmethod, classmethod, typing.overload, numba.jit/njit"


# -- the API: live functions --------------------------------------------------------------------
def follow(fn):
    """What calling `fn` runs, as s2sgrad reads it: `fn` itself, or the function a provably
    transparent wrapper or a known decorator wraps (repeated)."""
    for _ in range(64):
        inner = _inside(fn)
        if inner is None:
            return fn
        fn = inner
    return fn


def undecorated(fn):
    """`follow(fn)` for a callable given to the API, refusing what s2sgrad cannot read as a
    function of the user's: a function s2sgrad made (its derivative), or another library's
    wrapper object around a function."""
    if type(fn) is types.FunctionType and not _marks(fn.__dict__):
        return fn       # the common case: a plain function
    fn = follow(fn)
    if isinstance(fn, _custom_gradient()):
        return fn.__wrapped__       # as before: the function itself (its rule applies where it is called)
    if isinstance(fn, types.FunctionType) and made_by_s2sgrad(fn):
        raise ArgumentError(f"the function given is one that s2sgrad made from {fn.__name__} (a derivative, or a "
                            f"function that runs one), not {fn.__name__} itself: differentiate {fn.__name__}; for "
                            "second derivatives use s2sgrad.hessian, s2sgrad.hvp, or grad(grad(f)) of a scalar")
    wrapped = _wrapped(fn)
    if wrapped is not None and not isinstance(fn, types.FunctionType) and not _callable_object(fn):
        name = getattr(wrapped, "__name__", "the function")
        raise ArgumentError(f"{getattr(fn, '__name__', type(fn).__name__)} is a {type(fn).__qualname__} that wraps "
                            f"{name}: s2sgrad cannot read what the wrapper does, and differentiating {name} alone "
                            f"could give another function's gradient; differentiate {name} itself and apply the "
                            "wrapper's arithmetic outside it, or register a custom gradient")
    return fn


@functools.lru_cache(maxsize=None)
def _custom_gradient():
    return CustomGradient


def marked_original(obj):
    """The function a mark of @s2sgrad.differentiate copies, or None; not the attribute that
    `functools.wraps` copies onto another decorator's wrapper of a marked function."""
    space = getattr(obj, "__dict__", None)
    original = space.get("__s2sgrad_original__") if isinstance(space, dict) else None
    if original is None:
        return None
    if isinstance(obj, types.FunctionType):
        return original if getattr(original, "__code__", None) is obj.__code__ else None
    return original if isinstance(obj, Differentiable) else None      # not a class-based wrapper's copy


def made_by_s2sgrad(fn):
    """Whether a Python function's code is s2sgrad's own (a derivative or transform it returned)."""
    code = getattr(fn, "__code__", None)
    return code is not None and _in_package(code.co_filename)


@functools.lru_cache(maxsize=256)
def _in_package(filename):
    return bool(filename) and os.path.abspath(filename).startswith(_PACKAGE + os.sep)


def _wrapped(fn):
    try:
        wrapped = getattr(fn, "__wrapped__", None)
    except Exception:       # noqa: BLE001 (an object whose attributes cannot be read wraps nothing we know)
        return None
    return wrapped if callable(wrapped) else None


def _callable_object(fn):
    from .callables import is_user_instance
    return is_user_instance(fn)     # an object of the user's: its __call__ is read (callables.unwrap)


def _marks(space):
    return "__wrapped__" in space or "__s2sgrad_original__" in space


def _inside(fn):
    """The function `fn` provably runs unchanged, or None."""
    if type(fn) is types.FunctionType and not _marks(fn.__dict__):
        return None
    original = marked_original(fn)
    if original is not None:
        return original
    if isinstance(fn, staticmethod):
        return fn.__func__
    if _is_library_wrapper(fn):
        return fn.__wrapped__ if _wrapped(fn) is not None else getattr(fn, "py_func", None)
    return _passed_through(fn)


def _passed_through(fn):
    """The `__wrapped__` of a wrapper `fn` of the user's that passes its arguments through to it
    (the name it calls is bound to that very function), or None."""
    wrapped = _wrapped(fn)
    if wrapped is None or not isinstance(fn, types.FunctionType) or made_by_s2sgrad(fn):
        return None
    called = _passed_to(fn.__code__)
    if called is None:
        return None
    return wrapped if _bound_value(fn, called) is wrapped else None


def _bound_value(fn, name):
    """What `name` is bound to where `fn` reads it (its closure, else its globals), or _NOTHING."""
    free = dict(zip(fn.__code__.co_freevars, fn.__closure__ or ()))
    if name not in free:
        return fn.__globals__.get(name, _NOTHING)
    try:
        return free[name].cell_contents
    except ValueError:      # an empty cell
        return _NOTHING


_NOTHING = object()


@functools.lru_cache(maxsize=1024)
def _passed_to(code):
    """The name of the function a wrapper (by its code) passes its arguments through to, else None."""
    path = inspect.getsourcefile(code) if code.co_filename else None
    node = _live_def(path, code) if path else None
    if node is None:
        return None
    call = pass_through_call(node, lambda func: isinstance(func, gast.Name) and func.id not in code.co_varnames)
    return call.func.id if call is not None else None


def _is_library_wrapper(fn):
    """functools.lru_cache / cache, or a numba dispatcher.  (Not a CustomGradient: where it is
    called, its rule is found by the object itself.)"""
    if type(fn).__name__ == "_lru_cache_wrapper" and type(fn).__module__ == "functools":
        return True
    module = (type(fn).__module__ or "").partition(".")[0]       # jit/njit: not vectorize (a ufunc)
    return module == "numba" and type(fn).__name__.endswith("Dispatcher") and callable(getattr(fn, "py_func", None))


def _live_def(path, code):
    """The FunctionDef (as written, decorators and all) of a live function's code, or None."""
    try:
        if not os.path.exists(path):
            return None
        source = _cached_file(path)
    except Exception:       # noqa: BLE001 (no source: the wrapper is read, or refused, as any function)
        return None
    return _find_def(source.tree, code.co_firstlineno, code.co_name)


# -- the rule: a wrapper that passes through -------------------------------------------------------
def passes_through(node, is_wrapped):
    """Whether the wrapper `node` (a FunctionDef as written) returns exactly `fn(<its parameters>)`,
    `fn` a name for which `is_wrapped(name node)` holds, and does nothing else to its arguments
    or the result.  Statements before the call (and between `out = fn(...)` and `return out`)
    may run, but never name the parameters or the result, nor rebind `fn`."""
    return pass_through_call(node, is_wrapped) is not None


def pass_through_call(node, is_wrapped):
    """The call `fn(<its parameters>)` of a wrapper that passes through (see `passes_through`), or None."""
    args = node.args
    if args.defaults or any(d is not None for d in args.kw_defaults) or args.posonlyargs:
        return None
    found = _returned_call(_without_docstring(node.body))
    if found is None:
        return None
    call, before, after, out = found
    if not is_wrapped(call.func) or not _forwards(call, args):
        return None
    params = _parameter_names(args)
    fname = call.func.id
    if not all(_leaves_alone(stmt, params, out, fname, False) for stmt in before):
        return None
    if not all(_leaves_alone(stmt, params, out, fname, True) for stmt in after):
        return None
    return call


def _parameter_names(args):
    names = {a.id for a in args.args + args.kwonlyargs}
    return names | {a.id for a in (args.vararg, args.kwarg) if a is not None}


def _returned_call(body):
    """`(call, before, after, out)` for a body that ends `return fn(...)` (out None) or
    `out = fn(...)`, ..., `return out`; None for any other body."""
    if not body or not isinstance(body[-1], gast.Return) or body[-1].value is None:
        return None
    result = body[-1].value
    if isinstance(result, gast.Call):
        return result, body[:-1], [], None
    if not isinstance(result, gast.Name):
        return None
    at = [i for i, s in enumerate(body[:-1]) if _assigns_name(s, result.id)]
    if len(at) != 1 or not isinstance(body[at[0]].value, gast.Call):
        return None
    return body[at[0]].value, body[:at[0]], body[at[0] + 1:-1], result.id


def _assigns_name(stmt, name):
    return isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and _is_name(stmt.targets[0], name)


_LEAVES = (gast.Return, gast.Yield, gast.YieldFrom, gast.Await, gast.Global, gast.Nonlocal)


def _leaves_alone(stmt, params, out, fname, after):
    """Whether a statement around the call never names the parameters or the result, never leaves
    the wrapper, never rebinds `fname` and, after the call, never names it."""
    names = {n.id for n in walk(stmt) if isinstance(n, gast.Name)}
    if names & params or out in names or (after and fname in names):
        return False
    if any(isinstance(n, _LEAVES) for n in walk(stmt)):
        return False
    return fname not in _stored(stmt)


def _forwards(call, args):
    """Whether `call` passes the wrapper's parameters on exactly: positional ones in order, then
    `*args`; keyword-only ones by their names, then `**kwargs`."""
    return _forwards_positional(list(call.args), args) and _forwards_keywords(call.keywords, args)


def _forwards_positional(given, args):
    expected = [a.id for a in args.args]
    if args.vararg is not None:
        if not given or not (isinstance(given[-1], gast.Starred) and _is_name(given[-1].value, args.vararg.id)):
            return False
        given = given[:-1]
    return len(given) == len(expected) and all(_is_name(g, e) for g, e in zip(given, expected))


def _forwards_keywords(given, args):
    keywords = {k.arg: k.value for k in given if k.arg is not None}
    spread = [k.value for k in given if k.arg is None]
    if set(keywords) != {a.id for a in args.kwonlyargs} or not all(_is_name(v, k) for k, v in keywords.items()):
        return False
    if args.kwarg is None:
        return not spread
    return len(spread) == 1 and _is_name(spread[0], args.kwarg.id)


def _is_name(node, name):
    return isinstance(node, gast.Name) and node.id == name


def _stored(stmt):
    return {n.id for n in walk(stmt) if isinstance(n, gast.Name) and isinstance(n.ctx, (gast.Store, gast.Del))}


def _without_docstring(body):
    body = list(body)
    if body and isinstance(body[0], gast.Expr) and isinstance(body[0].value, gast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    return body


# -- the CLI: decorators read from source ---------------------------------------------------------
def check_static(node, resolver):
    """Refuse (a UserCodeError at the decorator's line) a top-level def whose decorators s2sgrad
    emit cannot read as leaving the function unchanged; see the module docstring."""
    for dec in node.decorator_list:
        if not _static_transparent(dec, resolver):
            raise UserCodeError([_refusal(node, dec, resolver)])


def _static_transparent(dec, resolver):
    target = dec.func if isinstance(dec, gast.Call) else dec
    if _known_decorator(target, resolver):
        return True
    maker = _local_decorator(_parts(target), resolver.scope)
    if maker is not None and isinstance(dec, gast.Call):
        maker = _returned_def(maker)    # `@clipped(-0.5, 0.5)`: the decorator is what the factory returns
    return maker is not None and _decorator_transparent(maker, resolver)


def _known_decorator(target, resolver):
    """One of KNOWN, or a custom gradient's `@clip.adjoint` (it registers the template and
    returns it unchanged)."""
    qualified = _qualified(target, resolver)
    if qualified in KNOWN:
        return True
    head, _, last = (qualified or "").rpartition(".")
    if qualified is not None and head in KNOWN and last in ("adjoint", "tangent"):
        return True
    parts = _parts(target)
    return bool(parts) and len(parts) == 2 and parts[1] in ("adjoint", "tangent") and parts[0] in resolver.scope.custom


def _local_decorator(parts, scope):
    """The undecorated def of this file that a decorator of one name names, or None."""
    if not (parts and len(parts) == 1 and parts[0] in scope.defs and parts[0] not in scope.custom):
        return None
    maker = scope.defs[parts[0]]
    return None if maker.decorator_list else maker


def _returned_def(factory):
    """The def a decorator factory's body defines and returns, or None."""
    body = _without_docstring(factory.body)
    if len(body) == 2 and isinstance(body[0], gast.FunctionDef) and not body[0].decorator_list \
            and isinstance(body[1], gast.Return) and _is_name(body[1].value, body[0].name):
        return body[0]
    return None


def _decorator_transparent(deco, resolver):
    """Whether a decorator's def returns its function unchanged, or a wrapper that passes through."""
    args = deco.args
    if len(args.args) != 1 or args.vararg or args.kwarg or args.kwonlyargs or args.defaults:
        return False
    fn = args.args[0].id
    body = _without_docstring(deco.body)
    if not body or not isinstance(body[-1], gast.Return) or not isinstance(body[-1].value, gast.Name):
        return False
    returned = body[-1].value.id
    if returned == fn:
        return not any(fn in _stored(s) or _sets_dunder(s, fn) for s in body[:-1])
    return _wrapper_transparent(body[:-1], fn, returned, resolver)


def _wrapper_transparent(body, fn, returned, resolver):
    """Whether the def `returned` among a decorator's statements `body` wraps `fn` (bare or with
    `functools.wraps(fn)`) and passes through, no other statement rebinding `fn` or it."""
    defs = [s for s in body if isinstance(s, gast.FunctionDef) and s.name == returned]
    if len(defs) != 1:
        return False
    wrapper = defs[0]
    if any(not _wraps_call(d, fn, resolver) for d in wrapper.decorator_list):
        return False
    others = [s for s in body if s is not wrapper]
    if any({fn, returned} & _stored(s) or _sets_dunder(s, returned) for s in others):
        return False
    if fn in _stored(wrapper) or fn in {a.id for a in wrapper.args.args + wrapper.args.kwonlyargs}:
        return False
    return passes_through(wrapper, lambda func: _is_name(func, fn))


def _wraps_call(dec, fn, resolver):
    """`@functools.wraps(fn)` (or `@wraps(fn)`, imported from functools) on the wrapper."""
    return isinstance(dec, gast.Call) and _qualified(dec.func, resolver) == "functools.wraps" \
        and len(dec.args) == 1 and _is_name(dec.args[0], fn) and not dec.keywords


def _sets_dunder(stmt, name):
    return any(isinstance(n, gast.Attribute) and isinstance(n.ctx, gast.Store) and _is_name(n.value, name)
               and n.attr.startswith("__") for n in walk(stmt))


def _parts(node):
    parts = []
    while isinstance(node, gast.Attribute):
        parts.insert(0, node.attr)
        node = node.value
    if not isinstance(node, gast.Name):
        return None
    return [node.id] + parts


def _qualified(target, resolver):
    """`functools.lru_cache` for `@lru_cache` (from functools import lru_cache), `@ft.lru_cache`,
    `@functools.lru_cache`; a builtin by its name; None for anything else."""
    parts = _parts(target)
    if not parts:
        return None
    scope = resolver.scope
    root = scope.aliases.get(parts[0], parts[0])
    imported = scope.imports.get(root)
    if imported is not None:
        module, attr, _ = imported
        base = f"{module}.{attr}" if attr else module
        return ".".join([base] + parts[1:])
    if root in scope.bound:
        return None
    return ".".join([root] + parts[1:])


def _refusal(node, dec, resolver):
    source = resolver.scope.source
    location = source.location(dec)
    text = location.text or ""
    shift = -1 if 0 < location.col <= len(text) and text[location.col - 1] == "@" else 0
    written = _written(dec)
    name = node.name
    return Diagnostic(source.location(dec, col_shift=shift),
                      f"`@{written}` wraps `{name}`, and calling `{name}` runs the wrapper: s2sgrad emit reads the "
                      "file without running it, and reads a decorated function only where the decorator leaves it "
                      f"unchanged (a wrapper that returns `fn(*args, **kwargs)` as is, or {_KNOWN_TEXT})",
                      f"define `{name}` without the decorator and write what the wrapper does where it is called "
                      "(or in a def of its own), or use the Python API (s2sgrad.grad), which runs the decorator "
                      "and differentiates the wrapper")


def _written(dec):
    return ast.unparse(gast.gast_to_ast(dec))

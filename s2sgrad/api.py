"""The user API: grad, value_and_grad, vjp, emit, and the @differentiate decorator.

The transforms they run are cached per function (`cache.py`: `compiled`), built and called by
`transformed.Compiled`; what they refuse about arguments, outputs and seeds is `arguments.py`,
and the gradients they return are matched to their inputs by `gradients.py`.
"""

import functools
import inspect
from types import FunctionType
from typing import Any, Callable

import numpy as np

from .arguments import NOT_GIVEN, check_pair, check_scalar, check_seed, explain_failure, seed_problem
from .cache import _CACHE_ATTRIBUTE, _compiled_for, _entry_key, compiled, int_arrays, per_function
from .callables import callables_of, unwrap
from .decorators import follow, undecorated
from .direct import path as direct_path
from .errors import ArgumentError
from .hints import P, Wrt
from .resolve import changed

# Re-exported where modes.py, the tests and the benchmarks import them from here.
from .arguments import input_problem, scalar_problem  # noqa: E402,F401
from .cache import _PLAIN_TYPES, kinds_of, variadic_keywords  # noqa: E402,F401
from .gradients import _match  # noqa: E402,F401
from .transformed import Compiled  # noqa: E402,F401


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
    return _gradient_runner(undecorated(fn), wrt, has_aux)


def _gradient_runner(fn, wrt, has_aux):
    """The function `value_and_grad(fn, wrt, has_aux)` returns, for a plain function `fn`."""
    entries = {}
    direct = {}         # types of the arguments -> their direct path (direct.py), where one applies

    def full(args, kwargs):
        entry = _entry(entries, fn, wrt, args, kwargs, has_aux, direct, full)
        return _checked_call(entry, fn, args, kwargs, has_aux)

    @functools.wraps(fn)
    def run(*args, **kwargs):
        if not kwargs:          # the common case, keyed by the arguments' types alone (see direct.py)
            known = direct.get(type(args[0]) if len(args) == 1 else tuple(map(type, args)))
            if known is not None:
                return known(args)
        return full(args, kwargs)
    run.__s2sgrad_direct__ = run, direct        # for `grad` (a copy by functools.wraps names another owner)
    return run


def _entry(entries, fn, wrt, args, kwargs, has_aux, direct, full):
    """The transform for this call, from `entries` or built and kept there; its direct path (see
    direct.py), where one applies, is kept in `direct`, `full` its way back here."""
    # plain arguments by position are keyed by their types alone (see _entry_key); another
    # key is never such a tuple of types, so a miss here is not a wrong entry
    types = tuple(map(type, args))
    entry = None if kwargs or np.ndarray in types and int_arrays(args) else entries.get(types)
    if entry is not None and not changed(entry.checks):
        return entry
    key = _entry_key(fn, args, kwargs)      # (a global it resolved was rebound: transform again)
    entry = entries.get(key)
    if entry is None or changed(entry.checks):
        entry = entries[key] = _compiled_for(fn, wrt, args, kwargs, has_aux)
    if not kwargs and not has_aux and key == types:
        known = direct_path(entry, types, fn, full)
        if known is not None:
            direct[types[0] if len(types) == 1 else types] = known
    return entry


def _checked_call(entry, fn, args, kwargs, has_aux):
    """Call `entry`; check f's output (a scalar, in a pair with `has_aux`), and explain a failure."""
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
            check_pair(value, fn.__name__)
        output = value[0]
    if type(output) is not float and getattr(output, "ndim", None) != 0:
        check_scalar(output, fn.__name__)
    return value, grads


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

    owner, direct = getattr(both, "__s2sgrad_direct__", (None, {}))
    direct = direct if owner is both else {}

    @functools.wraps(follow(fn))
    def run(*args, **kwargs):
        if not kwargs:          # value_and_grad's direct path, where it has one for these types
            known = direct.get(type(args[0]) if len(args) == 1 else tuple(map(type, args)))
            if known is not None:
                return known(args)[1]
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
        problem = seed_problem(NOT_GIVEN, d_result, "d_result")       # what needs no output to tell
        if problem:
            raise ArgumentError(f"vjp of {fn.__name__}: {problem}")
        entry = _compiled_for(fn, wrt, args, kwargs, has_aux)
        try:
            value, grads = entry(args, kwargs, d_result=d_result)
        except Exception:
            check_seed(fn, args, kwargs, d_result, has_aux=has_aux)     # a seed that does not fit is the likely cause
            raise
        if not has_aux:
            check_seed(fn, args, kwargs, d_result, value)
            return grads
        check_pair(value, fn.__name__)
        check_seed(fn, args, kwargs, d_result, value[0])
        return grads, value[1]
    return run


def emit(fn: Callable[..., Any], wrt: Wrt = 0, debug: bool = False, has_aux: bool = False) -> str:
    """The text of `fn`'s gradient module (what `s2sgrad emit` writes for it; with `has_aux`, the
    module `grad(f, wrt, has_aux=True)` runs).  A function-valued parameter is specialised on its
    default (`def f(x, act=np.tanh)`); for a bound method or a partial, the text of its function."""
    target = unwrap(fn)
    callables = callables_of(target.function, target.args, target.keywords)     # a method: its object's class
    return compiled(target.function, target.wrt(wrt), debug=debug, has_aux=has_aux, callables=callables).source


from .decorator import Differentiable, differentiate  # noqa: E402,F401  (the decorator, re-exported)

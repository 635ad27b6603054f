"""Forward mode and higher order: jvp, hvp, hessian, and the gradient of a gradient.

All of them run emitted code: `jvp` the forward-mode transform of the function, `hvp` the
forward-mode transform of its emitted gradient (forward over reverse).  Jacobians are in
jacobians.py.
"""

import functools
import inspect
from types import FunctionType
from typing import Any, Callable, Sequence

import numpy as np

from .arguments import binding_error, index_tangent_problem
from .api import (_CACHE_ATTRIBUTE, _PLAIN_TYPES, _match, compiled, explain_failure,
                  input_problem, int_arrays, kinds_of, per_function, scalar_problem, variadic_keywords)
from .callables import callables_of, key_of, unwrap
from .decorators import undecorated
from .containers import is_container, is_record, leaves, tangent_like, with_leaves
from .errors import ArgumentError
from .gradients import fresh_like
from .resolve import changed
from .replay import each_sweep_from, rewind

_DERIVATIVE = "__s2sgrad_derivative__"


def _unwrap(fn):
    return undecorated(fn)


def _unbind(fn, primals, tangents):
    """The function a callable runs, its primals and tangents, and its keyword arguments: a bound
    method's `self` and a partial's bound arguments come first, with no tangent."""
    target = unwrap(fn)
    if not target.bound:
        return target.function, tuple(primals), tuple(tangents), {}
    args, keywords = target.call(tuple(primals), {})
    if len(primals) != len(tangents):
        _wrt_of(primals, tangents, "jvp")       # the message for that
    before = len(target.args)
    tangents = (None,) * before + tuple(tangents) + (None,) * (len(args) - before - len(tangents))
    return target.function, tuple(args), tangents, keywords


def _wrt_of(primals, tangents, what):
    """The positions that have a tangent, after checking tangents against primals."""
    if len(primals) != len(tangents):
        raise ArgumentError(f"{what}: {len(primals)} primals but {len(tangents)} tangents; give one tangent "
                            "(or None) per argument")
    wrt = []
    for i, (p, t) in enumerate(zip(primals, tangents)):
        if t is None:
            continue
        if isinstance(p, (bool, int, np.integer)):
            raise ArgumentError(f"{what}: argument {i} is an integer, which has no tangent; pass None for it")
        problem = input_problem(p, f"argument {i}") \
            or input_problem(t, f"the tangent of argument {i}", integers=False) \
            or index_tangent_problem(p, t, f"argument {i}")
        if problem:
            raise ArgumentError(f"{what}: {problem}")
        if isinstance(p, (np.ndarray, float, np.floating)) and np.shape(p) != np.shape(t):
            raise ArgumentError(f"{what}: the tangent of argument {i} has shape {np.shape(t)}, "
                                f"but the argument has shape {np.shape(p)}")
        wrt.append(i)
    if not wrt:
        raise ArgumentError(f"{what}: every tangent is None; give a tangent for at least one argument")
    return tuple(wrt)


def _forward(fn, primals, tangents, what, keywords=None):
    rewind()
    wrt = _wrt_of(primals, tangents, what)
    keywords = keywords or {}
    entry = compiled(fn, wrt, kinds=kinds_of(primals), mode="forward", callables=callables_of(fn, primals, keywords),
                     keywords=variadic_keywords(fn, primals, keywords))
    named = dict(zip(entry.tangent_params, (tangent_like(tangents[i], primals[i]) for i in wrt)))
    try:
        value, tangent = entry.run(*primals, **entry.keyword_arguments(keywords), **named)
    except TypeError:
        error = binding_error(fn, primals, keywords)
        if error is None:
            raise
        raise error from None
    if _holds_record(value):            # a namedtuple's or dataclass's tangent: of its type
        tangent = _match(value, tangent, what, inputs=False)
    return value, tangent


def jvp(fn: Callable[..., Any], primals: Sequence[Any], tangents: Sequence[Any]) -> tuple[Any, Any]:
    """`jvp(f, primals, tangents) -> (f(*primals), J·tangents)`, by forward mode.

    `primals` and `tangents` are tuples matching f's positional arguments; a tangent of
    None holds that argument fixed (an integer argument always takes None).
    """
    if hasattr(fn, _DERIVATIVE):
        raise ArgumentError("jvp of a function returned by s2sgrad.grad: use s2sgrad.hvp(f, primals, tangents)")
    fn, primals, tangents, keywords = _unbind(fn, primals, tangents)
    return _forward(fn, primals, tangents, "jvp", keywords)


def hvp(fn: Callable[..., Any], primals: Sequence[Any], tangents: Sequence[Any]) -> Any:
    """`hvp(f, primals, tangents) -> H·tangents`, H the Hessian of scalar f at primals.

    Forward mode applied to f's emitted gradient: one sweep, whatever the size of H.
    The tangents select the arguments H is taken over (None holds one fixed).
    """
    return _hvp(fn, primals, tangents, "hvp", structured=True)


def _hvp(fn, primals, tangents, what, structured=False):
    rewind()
    hv = _known_hvp(fn, primals, tangents, what)
    if hv is not _MISS:
        return _structured(primals, tangents, hv) if structured else hv
    fn, primals, tangents, keywords = _unbind(fn, primals, tangents)
    wrt = _wrt_of(primals, tangents, what)
    _, hv = _gradient_jvp(fn, wrt, primals, {i: tangent_like(tangents[i], primals[i]) for i in wrt}, what, keywords)
    return _structured(primals, tangents, hv) if structured else hv


def _structured(primals, tangents, hv):
    """Each product in the structure of its argument (a tuple of parameters stays a tuple, a
    namedtuple or a dataclass its type)."""
    wrt = [i for i, t in enumerate(tangents) if t is not None]
    if len(wrt) == 1 and type(primals[wrt[0]]) is np.ndarray and fresh_like(hv, primals[wrt[0]]):
        return hv                   # the common case: one array's product, fresh, of its shape and dtype
    items = [hv] if len(wrt) == 1 else list(hv)
    matched = [_match(primals[i], h, f"argument {i}") for i, h in zip(wrt, items)]
    return matched[0] if len(wrt) == 1 else tuple(matched)


_MISS = object()
_KNOWN = "hvp of floats"        # the key prefix of `_known_hvp`'s entries in a function's cache


def _known_hvp(fn, primals, tangents, what):
    """H·v for a call seen before, found by a look-up on the arguments' types: a plain function,
    floats and float arrays by position, tangents of their shapes; _MISS for anything else, and
    for a transform that is stale, which the general path checks, transforms and explains."""
    if type(fn) is not FunctionType or type(primals) not in _SEQUENCES or type(tangents) not in _SEQUENCES \
            or len(primals) != len(tangents):
        return _MISS
    space = fn.__dict__
    cache = space.get(_CACHE_ATTRIBUTE)
    if cache is None or cache.owner is not fn or "__wrapped__" in space:
        return _MISS
    wrt = tuple([i for i, t in enumerate(tangents) if t is not None])
    entry = cache.get((_KNOWN, tuple(map(type, primals)), int_arrays(primals), wrt))
    if entry is None or changed(entry[0].checks) or changed(entry[1].checks):
        return _MISS
    _, forward, names = entry
    named = {}
    for name, i in zip(names, wrt):
        if not _tangent_fits(primals[i], tangents[i]):
            return _MISS
        named[name] = tangents[i]
    return _checked_run(forward, fn, primals, {}, named, what)[1]


def _tangent_fits(p, t):
    """A float array's tangent is a float array of its shape; a float's (`p`, by the key), a float."""
    if type(p) is np.ndarray:
        return type(t) is np.ndarray and p.dtype.kind == "f" and t.dtype.kind == "f" and t.shape == p.shape
    return type(t) is float or type(t) is np.float64


_SEQUENCES = (tuple, list)


def _remember(fn, wrt, primals, tangents, keywords, reverse, forward, names):
    """Keep the transforms of this call for `_known_hvp` where it applies (see there): the
    tangents are along the arguments the gradient is taken over (as in hvp, not grad of grad)."""
    if keywords or type(fn) is not FunctionType or tuple(sorted(tangents)) != tuple(wrt) \
            or not _PLAIN_TYPES.issuperset(map(type, primals)):
        return
    for i in tangents:
        if not (type(primals[i]) in (float, np.float64) or type(primals[i]) is np.ndarray):
            return
    per_function(fn)[(_KNOWN, tuple(map(type, primals)), int_arrays(primals), tuple(sorted(tangents)))] = \
        reverse, forward, names


def _holds_record(x):
    """Whether `x` is a record (namedtuple, dataclass, registered) or a list, tuple or dict holding one."""
    if is_record(x):
        return True
    items = x.values() if isinstance(x, dict) else x if isinstance(x, (list, tuple)) else ()
    return any(_holds_record(item) for item in items)


def _gradient_jvp(fn, wrt, primals, tangents, what, keywords=None):
    """Forward mode over f's emitted gradient: (value, t_grads), the tangent of the gradients
    alone (see Forward's outputs="hvp"); an ArgumentError naming `what` when f's output is not a
    scalar."""
    order = tuple(sorted(tangents))
    kinds = kinds_of(primals)
    keywords = keywords or {}
    callables = callables_of(fn, primals, keywords)
    per_fn = per_function(fn)
    # (checkpoints are a memory schedule of the first derivative: the one differentiated again is plain)
    reverse = compiled(fn, wrt if len(wrt) > 1 else wrt[0], kinds=kinds, callables=callables,
                       checkpoints=False)  # again if stale
    key = ("over reverse", wrt, order, kinds) + key_of(callables)
    made_from, forward = per_fn.get(key, (None, None))
    if made_from is not reverse:
        forward = compiled(reverse.gradient, order, kinds=kinds, mode="hvp",
                           callables=callables_of(reverse.gradient, primals, keywords))
        per_fn[key] = reverse, forward
    named = dict(zip(forward.tangent_params, (tangents[i] for i in order)))
    out = _checked_run(forward, fn, primals, keywords, named, what)
    _remember(fn, wrt, primals, tangents, keywords, reverse, forward, forward.tangent_params)
    return out


def _checked_run(forward, fn, primals, keywords, named, what):
    """(value, t_grads) from the emitted forward-over-reverse function; an ArgumentError naming
    `what` when f's output is not a scalar."""
    try:
        out = forward.run(*primals, **keywords, **named)
    except Exception:       # a non-scalar output (the seed 1.0 does not fit it) is the likely cause
        error = explain_failure(fn, primals, keywords, what=what, instead="s2sgrad.jacobian")
        if error is not None:
            raise error from None
        raise
    value = out[0]
    if type(value) is not float and type(value) is not np.float64 and np.ndim(value) != 0:
        raise ArgumentError(scalar_problem(value, fn.__name__, what, "s2sgrad.jacobian"))
    return out


def _basis(x):
    """The unit tangents of `x` (a float or an array), one per element."""
    if np.ndim(x) == 0 and not isinstance(x, np.ndarray):
        yield 1.0
        return
    flat = np.zeros(np.size(x), dtype=np.result_type(x, 1.0))
    for k in range(flat.size):
        flat[k] = 1.0
        yield flat.reshape(np.shape(x)).copy()
        flat[k] = 0.0


def _position(fn, wrt):
    params = list(inspect.signature(fn).parameters)
    if isinstance(wrt, str):
        if wrt not in params:
            raise ArgumentError(f"wrt={wrt!r} names no parameter of {fn.__name__}({', '.join(params)})")
        return params.index(wrt)
    if isinstance(wrt, bool) or not isinstance(wrt, int) or not -len(params) <= wrt < len(params):
        raise ArgumentError(f"wrt={wrt!r}: give one parameter's index or name")
    return wrt % len(params)


def hessian(fn: Callable[..., Any], wrt: int | str = 0) -> Callable[..., Any]:
    """`hessian(f, wrt)(*args)`: the Hessian of scalar f over argument `wrt`, shape x.shape * 2.

    One Hessian-vector product (forward over reverse) per element of the argument.  For a
    container argument (a dict, list, tuple or record of arrays), the blocks in that structure
    twice: `H[i][j]` of shape leaf_i.shape + leaf_j.shape, as JAX's hessian gives them.
    """
    fn = _unwrap(fn)
    position = _position(fn, wrt)

    @functools.wraps(fn)
    def run(*args):
        x = args[position]
        with each_sweep_from(args):
            if is_container(x):
                return _container_hessian(fn, args, position)
            rows = [_hvp(fn, args, _along(args, position, e), "hessian") for e in _basis(x)]
        return np.reshape(np.asarray(rows), np.shape(x) + np.shape(x))
    return run


def _along(args, position, tangent):
    tangents = [None] * len(args)
    tangents[position] = tangent
    return tangents


def _container_hessian(fn, args, position):
    """The Hessian blocks of f over a container argument, in its structure twice (see hessian)."""
    x = args[position]
    parts = leaves(x)
    zeros = [np.zeros_like(p) if isinstance(p, np.ndarray) else 0.0 for p in parts]
    blocks = []
    for i, part in enumerate(parts):
        rows = []
        for e in _basis(part):
            direction = with_leaves(x, iter(zeros[:i] + [e] + zeros[i + 1:]))
            rows.append(leaves(_hvp(fn, args, _along(args, position, direction), "hessian", structured=True)))
        blocks.append(with_leaves(x, iter([_block([row[j] for row in rows], part, other)
                                           for j, other in enumerate(parts)])))
    return with_leaves(x, iter(blocks))


def _block(rows, part, other):
    """One block of a container's Hessian: a float between two numbers, else an array."""
    if not isinstance(part, np.ndarray) and not isinstance(other, np.ndarray):
        return float(rows[0])
    return np.reshape(np.asarray(rows), np.shape(part) + np.shape(other))


def grad_of_gradient(inner, wrt):
    """The gradient of a function returned by s2sgrad.grad: forward mode over its emitted code.

    The inner gradient must return a scalar, so its differentiated argument is a scalar;
    then d/dy of df/dx is a directional derivative of the gradient, which one forward
    sweep over the emitted gradient computes exactly (one sweep per element of y).
    """
    fn, inner_wrt = getattr(inner, _DERIVATIVE)
    if isinstance(inner_wrt, (tuple, list)):
        raise ArgumentError("grad of a gradient with respect to several arguments: the inner gradient "
                            "returns a tuple, not a scalar; differentiate one argument at a time")
    target = unwrap(fn)
    if target.bound:        # a partial or a bound method: its function, with the bound arguments first
        outer = _grad_of_gradient(target.function, target.wrt(inner_wrt), target.wrt(wrt))

        @functools.wraps(target.function)
        def run(*args, **kwargs):
            return outer(*target.call(args, kwargs))
    else:
        outer = _grad_of_gradient(fn, inner_wrt, wrt)

        @functools.wraps(fn)
        def run(*args):
            return outer(args, {})
    setattr(run, _DERIVATIVE, None)         # no third order
    return run


def _grad_of_gradient(fn, inner_wrt, wrt):
    inner_position = _position(fn, inner_wrt)
    position = _position(fn, wrt)

    def run(args, keywords):
        if np.ndim(args[inner_position]) != 0:
            raise ArgumentError(f"grad needs a function with a scalar output, but the gradient of {fn.__name__} "
                                f"has the shape of its argument, {np.shape(args[inner_position])}; use "
                                "s2sgrad.hvp or s2sgrad.hessian instead")
        y = args[position]
        out = []
        for e in _basis(y):
            _, t_grad = _gradient_jvp(fn, (inner_position,), args, {position: e}, "grad", keywords)
            out.append(t_grad)
        if np.ndim(y) == 0 and not isinstance(y, np.ndarray):
            return out[0]
        return np.reshape(np.asarray(out, dtype=np.result_type(y, np.float64)), np.shape(y))
    return run


def __getattr__(name):
    """The Jacobians' names, read where they lived before jacobians.py (patch them there)."""
    from . import jacobians
    try:
        return getattr(jacobians, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None

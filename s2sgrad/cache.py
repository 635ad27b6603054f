"""The compiled-function cache: one `Compiled` per function, wrt and specialisation (the kinds of
the arguments, the functions among them), kept in the function's own `__dict__` and built again
when a name it resolved has been rebound."""

import inspect
import threading

import numpy as np

from .arguments import wrt_arguments, wrt_input_problem
from .callables import argument_key, callables_of, is_user_instance, key_of
from .containers import is_record
from .errors import ArgumentError, UserCodeError
from .resolve import changed
from .transformed import Compiled
from .transforms.plain_classes import register_plain_argument

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
    key = _transform_key(wrt, kinds, mode, has_aux, checkpoints, callables, keywords)
    with _LOCK:
        per_fn = per_function(fn)
        entry = per_fn.get(key)
        if entry is None or debug or changed(entry.checks):
            entry = per_fn[key] = Compiled(fn, wrt, debug=debug, kinds=kinds, mode=mode, has_aux=has_aux,
                                           callables=callables, keywords=keywords, checkpoints=checkpoints)
        return entry


def _transform_key(wrt, kinds, mode, has_aux, checkpoints, callables, keywords):
    """What tells one transform of a function from another in its cache."""
    return (type(wrt).__name__, wrt if isinstance(wrt, (int, str)) else tuple(wrt), tuple(kinds), mode) \
        + (("has_aux",) if has_aux else ()) + (() if checkpoints else ("no checkpoints",)) + key_of(callables) \
        + (() if keywords is None else (keywords,))


def _compiled_for(fn, wrt, args, kwargs, has_aux=False, mode="reverse"):
    """`compiled(fn, wrt)` specialised on `args`; when the transform fails and an argument in `wrt`
    cannot be differentiated (an integer array), that is the error the caller gets."""
    unregistered = _register_plain_objects(fn, wrt, args, kwargs)
    try:
        entry = compiled(fn, wrt, kinds=kinds_of(args), has_aux=has_aux, callables=callables_of(fn, args, kwargs),
                         keywords=variadic_keywords(fn, args, kwargs), mode=mode)
    except UserCodeError:
        problem = wrt_input_problem(fn, wrt, args, kwargs)
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
    return [(item, type(value).__name__) for item, value in wrt_arguments(fn, wrt, args, kwargs)
            if is_user_instance(value) and not is_record(value) and not register_plain_argument(value)]


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
    an array of integers or bools: what is stored into an array made like it is truncated),
    lists and tuples ("seq": `xs + ys` joins them, `xs * 2` repeats)."""
    return tuple("float" if type(a) is float else "int" if type(a) is int else
                 ("ints" if a.dtype.kind in "iub" else "array") if type(a) is np.ndarray else
                 "seq" if type(a) is list or type(a) is tuple else None for a in args)


def int_arrays(args):
    """The positions of the arrays of integers or bools among `args`: with the arguments' types,
    what tells one specialisation of a transform from another (see `kinds_of`)."""
    return tuple([i for i, a in enumerate(args) if type(a) is np.ndarray and a.dtype.kind in "iub"])


_PLAIN_TYPES = frozenset({np.ndarray, float, int, bool, complex, np.float64, np.float32, list, tuple, dict,
                          type(None)})      # (a string is keyed by its value: it may choose a function)


def _entry_key(fn, args, kwargs):
    """The key `value_and_grad` caches its transforms by: the arguments' types (alone where no
    array holds integers), and the identity of the functions among them (see callables.py), read
    only where one may be."""
    types = tuple(map(type, args))
    ints = int_arrays(args)
    if not kwargs and not ints and _PLAIN_TYPES.issuperset(types):
        return types
    return types, ints, tuple(map(argument_key, args)), tuple((k, argument_key(v)) for k, v in kwargs.items())

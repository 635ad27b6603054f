"""value_and_grad's common case: the emitted function called with nothing between it and the
caller that the call does not need, behind guards its arguments' types settle once.

A call by position, without aux, whose arguments are all of plain types, is keyed by the tuple of
their types (`cache._entry_key`).  `path` makes, for one such key, the function that runs the
transform on it; what the key does not settle it checks on every call, and a guard that fails
sends the call to the full path (`api._gradient_runner`'s `full`), which transforms again,
refuses or explains exactly as it does for any call:

- a name the transform resolved (a global, a closure cell) rebound since: transformed again;
- another argument that is an array of integers or bools: another specialisation (`kinds_of`);
- the input differentiated not a float array (integers, complex), or a dict, list or tuple
  holding anything but float arrays and floats: refused, or matched leaf by leaf;
- f's output not a scalar: refused (checked here, after the call, as the full path does);
- the gradient handed over as the emitted code returns it only where it already is what the
  full path makes of it (a fresh array of the input's shape and dtype, a float for a float, a
  container of those with the input's keys in its order); matched otherwise (`match_inputs`).
"""

from operator import eq as _same

import numpy as np

from .arguments import explain_failure, scalar_problem
from .errors import ArgumentError
from .gradients import match_inputs
from .resolve import changed
from .tracebacks import at_user_lines

_UNBOUND = object()
_ndarray, _float64 = np.ndarray, np.float64
_CONTAINERS = (dict, list, tuple)


def path(entry, types, fn, full):
    """The function `run(args)` that runs `entry`, the transform for arguments of `types`, or None
    where no direct path applies (more than one input differentiated, or one of another type)."""
    position = entry.only
    if position is None or len(types) <= position:
        return None
    kind = types[position]
    if kind is float or kind is _float64:
        finish = _number
    elif kind is _ndarray:
        finish = _array
    elif kind in _CONTAINERS:
        finish = _container
    else:
        return None
    spaces = entry.checks[0]
    others = tuple([i for i, t in enumerate(types) if t is _ndarray and i != position])
    also = _also(entry.checks, others, kind)
    gradient, single, array = entry.gradient, entry.single, kind is _ndarray

    def run(args):
        for space, name, obj in spaces:
            if space.get(name, _UNBOUND) is not obj:
                return full(args, {})
        if also is not None and not also(args, position) or array and args[position].dtype.kind != "f":
            return full(args, {})
        try:
            value, g = gradient(*args)
        except Exception as error:
            _failed(error, fn, args)
            raise
        if type(value) is not _float64 and type(value) is not float and getattr(value, "ndim", None) != 0:
            _check_output(value, fn)
        x = args[position]
        owned = finish(x, g)
        if owned is None:
            return value, match_inputs(entry, [x], g)
        return value, (owned if single else (owned,))
    return run


def _also(checks, others, kind):
    """What a call checks besides the names in globals and an input array's dtype: the closure
    cells, the other arrays' dtypes (integers: another specialisation), a container's leaves;
    None where there is nothing."""
    cells = checks[1] or checks[2]         # (a list of functions unrolled: its items checked as cells are)
    container = kind in _CONTAINERS
    if not cells and not others:
        return _float_leaves if container else None

    def holds(args, position):
        if cells and changed(checks):
            return False
        for i in others:
            if args[i].dtype.kind in "iub":
                return False
        return not container or _float_leaves(args, position)
    return holds


def _float_leaves(args, position):
    """The dict, list or tuple `args[position]` holds only float arrays and floats (what it holds
    is then never refused)."""
    x = args[position]
    for leaf in x.values() if type(x) is dict else x:
        kind = type(leaf)
        if kind is _ndarray:
            if leaf.dtype.kind != "f":
                return False
        elif kind is not float and kind is not _float64:
            return False
    return True


def _number(x, g):
    """A float's gradient as a float; None for the full match."""
    return float(g) if type(g) is float or type(g) is _float64 else None


def _array(x, g):
    """An array's gradient where the emitted code made it fresh, of its shape and dtype (a 0-d
    array's: the NumPy float the emitted code returns, as `match_inputs` leaves it); else None."""
    if type(g) is _ndarray:
        return g if g.base is None and g.shape == x.shape and (g.dtype is x.dtype or g.dtype == x.dtype) else None
    return g if type(g) is _float64 and x.shape == () and (x.dtype is _FLOAT64 or x.dtype == _FLOAT64) else None


_FLOAT64 = np.dtype(np.float64)


def _container(x, g):
    """A dict's, list's or tuple's gradient where it is already one of its type holding what
    `match_inputs` would make of each leaf, with the input's keys in its order; else None."""
    if type(g) is not type(x) or len(g) != len(x):
        return None
    if type(x) is dict:
        if not all(map(_same, x, g)):      # (equal lengths: zip's pairs are all of them)
            return None
        x, g_leaves = x.values(), g.values()
    else:
        g_leaves = g
    for leaf, g_leaf in zip(x, g_leaves):
        if type(leaf) is _ndarray:
            if type(g_leaf) is not _ndarray or g_leaf.base is not None or g_leaf.shape != leaf.shape \
                    or g_leaf.dtype is not leaf.dtype and g_leaf.dtype != leaf.dtype:
                return None
        elif type(g_leaf) is not float:
            return None
    return g


def _check_output(value, fn):
    """Raise the ArgumentError for an output of `fn` that is not a scalar."""
    problem = scalar_problem(value, fn.__name__)
    if problem:
        raise ArgumentError(problem) from None


def _failed(error, fn, args):
    """The emitted function raised `error`: show the user's lines, and raise the ArgumentError that
    explains it where there is one (f's output is no scalar: the seed does not fit it)."""
    at_user_lines(error)
    if not isinstance(error, ArgumentError):
        explained = explain_failure(fn, args, {}, False)
        if explained is not None:
            raise explained from None

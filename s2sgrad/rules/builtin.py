"""Rules for Python builtins: `float`, `sum`, `list`, `tuple`, `dict`, `len`, `range`, `int` (`max` and
`min` of two values are with np.maximum and np.minimum)."""

from . import adjoint, deflinear, nograd
from ..runtime import unbroadcast


@adjoint(float)
def float_(result, x, *, d_result):
    return d_result


@adjoint(sum)
def sum_builtin(result, iterable, *, d_result):
    # sum(xs) over a list or tuple of numbers or arrays: each item gets the (unbroadcast) seed.
    return [unbroadcast(d_result, item) for item in iterable]


@adjoint(tuple, list)
def sequence(result, iterable, *, d_result):
    # tuple(xs), list(xs): the items pass through; a list holds the adjoint of either.
    return list(d_result)


@adjoint(dict)
def dict_(result, mapping, *, d_result):
    # dict(d), a copy of a dict: each value's cotangent passes through.
    return dict(d_result)


# All linear: the tangent is the same call on the tangents.
deflinear(float, sum, tuple, list, dict)

nograd(len, range, int, bool, isinstance, print, str, type, id, slice)
# sorted(d) sorts keys; where what is sorted varies with the inputs, the emitted code calls
# runtime.sorted_keys instead, which refuses numbers where it runs (pipeline.guard_sorted).
nograd(sorted, result="other")
# zip and enumerate carry the values they are given: `for ... in zip(xs, ys)` is a loop the
# normal form reads item by item; `list(zip(xs, ys))` of differentiated values is refused.

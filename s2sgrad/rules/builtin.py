"""Rules for Python builtins used on numbers: `float`, `len`, `range`, `int`."""

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


# All linear: the tangent is the same call on the tangents.
deflinear(float, sum, tuple, list)

nograd(len, range, int, bool, isinstance, print, str, type, id, enumerate, zip, slice)

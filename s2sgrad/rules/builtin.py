"""Rules for Python builtins: `float`, `sum`, `list`, `tuple`, `dict`, `len`, `range`, `int` (`max` and
`min` of two values are with np.maximum and np.minimum, `pow`, `abs`, `divmod` with the elementwise
family; `max(xs)`, `min(xs)` and `sum(xs, start)` are loops in the normal form).  Also `math.fsum`
and `math.prod`, `math.dist`, the `math` functions of sequences."""

import math

import numpy as np

from . import adjoint, deflinear, nograd, tangent
from ..runtime import dict_cotangent, dict_tangent, items_cotangent, restack_like


@adjoint(float)
def float_(result, x, *, d_result):
    return d_result


@adjoint(sum, math.fsum)
def sum_builtin(result, iterable, *, d_result):
    # sum(xs) over a list or tuple of numbers or arrays: each item gets the (unbroadcast) seed;
    # over an array (its rows are the items), the rows' cotangents are one array again.
    return items_cotangent(d_result, iterable)


@adjoint(tuple, list)
def sequence(result, iterable, *, d_result):
    # tuple(xs), list(xs): the items pass through; a list holds the adjoint of either, an
    # array that of an array's rows.
    return restack_like(list(d_result), iterable)


@adjoint(dict)
def dict_(result, mapping, *, d_result):
    # dict(d), a copy of a dict: each value's cotangent passes through; dict(pairs): to the pairs.
    return dict_cotangent(d_result, mapping)


@tangent(dict)
def dict_tangent_(result, mapping, *, t_mapping):
    return dict_tangent(t_mapping, mapping)


@adjoint(math.prod)
def prod_math(result, iterable, *, start=1, d_result):
    # math.prod(xs, start=s): each item gets the product of the others (exact with zeros).
    items = list(iterable)
    return restack_like([d_result * start * np.prod(np.array(items[:i])) * np.prod(np.array(items[i + 1:]))
                         for i in range(len(items))], iterable)


@tangent(math.prod)
def prod_math_tangent(result, iterable, *, start=1, t_iterable):
    items = list(iterable)
    return sum([t_iterable[i] * start * np.prod(np.array(items[:i])) * np.prod(np.array(items[i + 1:]))
                for i in range(len(items))])


@adjoint(math.dist)
def dist(result, p, q, *, d_result):
    # The Euclidean distance of two points (sequences of numbers); 0 at p == q, as for hypot.
    scale = d_result / np.where(result == 0, 1, result)
    return [scale * (a - b) for a, b in zip(p, q)], [scale * (b - a) for a, b in zip(p, q)]


@tangent(math.dist)
def dist_tangent(result, p, q, *, t_p, t_q):
    # t_p or t_q may be a folded zero (a constant point): np.subtract broadcasts it.
    return np.sum(np.subtract(p, q) * np.subtract(t_p, t_q)) / np.where(result == 0, 1, result)


if hasattr(math, "sumprod"):         # Python 3.12
    @adjoint(math.sumprod)
    def sumprod(result, p, q, *, d_result):
        return [d_result * b for b in q], [d_result * a for a in p]

    @tangent(math.sumprod)
    def sumprod_tangent(result, p, q, *, t_p, t_q):
        # t_p or t_q may be a folded zero (a constant sequence): np.multiply broadcasts it.
        return np.sum(np.multiply(t_p, q) + np.multiply(p, t_q))


# All linear: the tangent is the same call on the tangents.
deflinear(float, sum, math.fsum, tuple, list)

nograd(len, range, int, bool, isinstance, print, str, type, id, slice)
# sorted(d) sorts keys; where what is sorted varies with the inputs, the emitted code calls
# runtime.sorted_keys instead, which refuses numbers where it runs (transforms/sorting.py).
nograd(sorted, result="other")
# zip and enumerate carry the values they are given: `for ... in zip(xs, ys)` is a loop the
# normal form reads item by item; `list(zip(xs, ys))` of differentiated values is refused.

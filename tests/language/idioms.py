"""Idioms of real code: ufunc reduce/accumulate, meshgrid, np.r_/np.c_, tolist, list pop/extend,
dict items as a list, scipy.stats distribution functions."""

import numpy as np
from scipy import stats

from .case import Case, arr, vec


# -- ufunc reduce and accumulate ---------------------------------------------------------------
def ufunc_methods_top(x):
    return np.multiply.reduce(1.0 + 0.1 * x) + np.sum(np.maximum.accumulate(x) * np.arange(1.0, 5.0))


def ufunc_methods_loop(X):
    total = 0.0
    for row in X:
        total = total + np.sum(np.minimum.accumulate(row) ** 2) * np.multiply.reduce(row)
    return total


def ufunc_methods_branch(x):
    if np.sum(x) > 0.0:
        y = np.maximum.accumulate(x)
    else:
        y = np.minimum.accumulate(x)
    return np.sum(y * np.arange(1.0, 5.0))


def _running_peak(x):
    return np.maximum.accumulate(x, axis=1) - x


def ufunc_methods_call(X):
    return np.sum(_running_peak(X) ** 2) + np.multiply.reduce(X, axis=None)


# -- meshgrid --------------------------------------------------------------------------------
def meshgrid_top(x, y):
    gx, gy = np.meshgrid(x, y)
    return np.sum(np.sin(gx) * gy ** 2)


def meshgrid_loop(x, y):
    total = 0.0
    for k in range(2):
        gx, gy = np.meshgrid(x * (k + 1), y, indexing="ij")
        total = total + np.sum(gx * gy)
    return total


def meshgrid_branch(x, y):
    if np.sum(x) > 0.0:
        grid = np.meshgrid(x, y)
    else:
        grid = np.meshgrid(y, x, indexing="ij")
    return np.sum(grid[0] * np.exp(grid[1]))


def _surface(x, y):
    gx, gy = np.meshgrid(x, y, sparse=True)
    return gx * gy + gx ** 2


def meshgrid_call(x, y):
    return np.sum(_surface(x, y))


# -- np.r_ and np.c_ -------------------------------------------------------------------------
def index_tricks_top(x):
    return np.sum(np.r_[x, x[:2], 0.0] ** 2) + np.sum(np.c_[x, 2 * x] * np.c_[x, x])


def index_tricks_loop(x):
    y = x
    for k in range(2):
        y = np.r_[y[1:], y[:1] * 0.5]
    return np.sum(y * np.arange(1.0, 4.0))


def index_tricks_branch(x):
    if np.sum(x) > 0.0:
        z = np.c_[x, x * x]
    else:
        z = np.c_[np.sin(x), 1.0 + 0.0 * x]
    return np.sum(z ** 2 * np.array([1.0, 2.0]))


def _padded(x):
    return np.r_[0.0, x, 1.0]


def index_tricks_call(x):
    return np.sum(np.diff(_padded(x)) ** 2)


# -- tolist ------------------------------------------------------------------------------------
def tolist_top(x):
    values = x.tolist()
    return values[0] * values[2] + values[1] ** 2


def tolist_loop(x):
    total = 0.0
    for v in (x * x).tolist():
        total = total + v * v
    return total


def tolist_branch(x):
    values = x.tolist()
    if values[0] > 0.0:
        return values[0] * values[1]
    return sum(values)


def _as_floats(x):
    return np.tanh(x).tolist()


def tolist_call(x):
    values = _as_floats(x)
    return values[0] + 2.0 * values[-1]


# -- list pop and extend -------------------------------------------------------------------------
def pop_extend_top(x):
    xs = [x, 2 * x, np.sin(x)]
    last = xs.pop()
    xs.extend([x * x, xs[0] * last])
    return np.sum(np.stack(xs) * last)


def pop_extend_loop(x):
    xs = [x]
    for k in range(3):
        xs.extend([xs[-1] * x, np.sin(xs[-1])])
    total = 0.0
    while len(xs) > 2:
        total = total + np.sum(xs.pop() * xs.pop(0))
    return total + np.sum(np.stack(xs))


def pop_extend_branch(x, ys):
    xs = []
    xs.extend(ys)
    first = xs.pop(0)
    if np.sum(x) > 0.0:
        other = xs.pop()
    else:
        other = xs.pop(-2)
    return np.sum(first * other * x) + np.sum(np.stack(xs) * x)


def _take_last(x):
    xs = [x, x * x, np.cos(x)]
    xs.extend([x * 3.0])
    return xs.pop() * xs[1] + len(xs)


def pop_extend_call(x):
    return np.sum(_take_last(x) * x)


# -- list(d.items()) -------------------------------------------------------------------------
def dict_items_top(x):
    table = {"a": x, "b": 2 * x}
    items = list(table.items())
    return np.sum(items[0][1] * items[1][1]) + len(items[0][0])


def dict_items_loop(params, x):
    total = 0.0
    for name, w in list(params.items()):
        total = total + np.sum(w * x) * len(name)
    return total


def dict_items_branch(params, x):
    pairs = tuple(params.items())
    if np.sum(x) > 0.0:
        return np.sum(pairs[0][1] * x)
    return np.sum(pairs[1][1] * x * x)


def _weighted(params, x):
    return sum(np.sum(w * x) for _, w in list(params.items()))


def dict_items_call(params, x):
    return _weighted(params, x) ** 2


# -- scipy.stats distribution functions ----------------------------------------------------------
def stats_cdf_top(x, loc):
    return np.sum(stats.t.cdf(x, 3.0, loc, 1.5) + stats.gamma.logsf(np.abs(x) + 0.1, 2.0))


def stats_cdf_loop(x, mu):
    total = 0.0
    for k in range(3):
        total = total + np.sum(stats.poisson.cdf(k, mu) * stats.chi2.sf(x + k, 2.5))
    return total


def stats_cdf_branch(x):
    if np.sum(x) > 0.0:
        return np.sum(stats.beta.logcdf(x, 2.0, 3.0))
    return np.sum(stats.t.logsf(x, 4.0, scale=2.0))


def _likelihood(x, mean):
    return stats.multivariate_normal.pdf(x, mean, np.eye(2) * 0.5) * stats.dirichlet.pdf(np.array([0.2, 0.3, 0.5]),
                                                                                          1.0 + np.r_[mean, 1.0] ** 2)


def stats_cdf_call(x, mean):
    return np.sum(_likelihood(x, mean))


def _params():
    return {"w": arr(3, seed=90), "v": arr(3, seed=91)}


CASES = [
    Case(ufunc_methods_top, "ufunc reduce/accumulate", "top", ((arr(4, seed=92),),)),
    Case(ufunc_methods_loop, "ufunc reduce/accumulate", "loop", ((arr(2, 4, seed=93),),)),
    Case(ufunc_methods_branch, "ufunc reduce/accumulate", "branch",
         ((vec(0.3, -0.2, 0.5, 0.1),), (vec(-0.3, 0.2, -0.5, 0.1),))),
    Case(ufunc_methods_call, "ufunc reduce/accumulate", "call", ((arr(2, 3, seed=94),),)),
    Case(meshgrid_top, "meshgrid", "top", ((arr(3, seed=95), arr(2, seed=96)),), (0, 1)),
    Case(meshgrid_loop, "meshgrid", "loop", ((arr(3, seed=97), arr(2, seed=98)),), (0, 1)),
    Case(meshgrid_branch, "meshgrid", "branch", ((vec(0.3, 0.2, -0.1), arr(2, seed=99)),
                                                 (vec(-0.3, 0.2, -0.1), arr(2, seed=99))), (0, 1)),
    Case(meshgrid_call, "meshgrid", "call", ((arr(3, seed=100), arr(2, seed=101)),), (0, 1)),
    Case(index_tricks_top, "np.r_/np.c_", "top", ((arr(3, seed=102),),)),
    Case(index_tricks_loop, "np.r_/np.c_", "loop", ((arr(3, seed=103),),)),
    Case(index_tricks_branch, "np.r_/np.c_", "branch", ((vec(0.3, 0.2, -0.1),), (vec(-0.3, 0.2, -0.1),))),
    Case(index_tricks_call, "np.r_/np.c_", "call", ((arr(3, seed=104),),)),
    Case(tolist_top, "tolist", "top", ((arr(3, seed=105),),)),
    Case(tolist_loop, "tolist", "loop", ((arr(3, seed=106),),)),
    Case(tolist_branch, "tolist", "branch", ((vec(0.3, 0.2, -0.1),), (vec(-0.3, 0.2, -0.1),))),
    Case(tolist_call, "tolist", "call", ((arr(3, seed=107),),)),
    Case(pop_extend_top, "list pop/extend", "top", ((arr(3, seed=108),),)),
    Case(pop_extend_loop, "list pop/extend", "loop", ((arr(3, seed=109),),)),
    Case(pop_extend_branch, "list pop/extend", "branch",
         ((vec(0.3, 0.5), [vec(1.0, 2.0), vec(0.5, -1.0), vec(0.1, 0.2)]),
          (vec(-0.6, 0.1), [vec(1.0, 2.0), vec(0.5, -1.0), vec(0.1, 0.2)])), (0, 1)),
    Case(pop_extend_call, "list pop/extend", "call", ((arr(3, seed=110),),)),
    Case(dict_items_top, "list(d.items())", "top", ((arr(3, seed=111),),)),
    Case(dict_items_loop, "list(d.items())", "loop", ((_params(), arr(3, seed=112)),), (0, 1)),
    Case(dict_items_branch, "list(d.items())", "branch", ((_params(), vec(0.3, 0.2, 0.1)),
                                                          (_params(), vec(-0.3, 0.2, -0.1))), (0, 1)),
    Case(dict_items_call, "list(d.items())", "call", ((_params(), arr(3, seed=113)),), (0, 1)),
    Case(stats_cdf_top, "scipy.stats distribution functions", "top", ((arr(3, seed=114), 0.2),), (0, 1)),
    Case(stats_cdf_loop, "scipy.stats distribution functions", "loop",
         ((arr(3, seed=115, lo=0.5, hi=2.0), 1.5),), (0, 1)),
    Case(stats_cdf_branch, "scipy.stats distribution functions", "branch",
         ((vec(0.3, 0.2, 0.6),), (vec(-0.3, 0.2, -0.6),))),
    Case(stats_cdf_call, "scipy.stats distribution functions", "call", ((arr(2, 2, seed=116), arr(2, seed=117)),),
         (0, 1)),
]

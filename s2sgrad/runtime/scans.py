"""Running extrema: the adjoint and tangent of np.maximum.accumulate and np.minimum.accumulate."""

import numpy as np

from .declare import _pure


def _running_shares(x, result, axis):
    """(share of x[i], share of result[i - 1]) in result[i] along `axis` (moved first), as np.maximum's
    rule splits them: all to the one that is kept, half each at a tie, none through a nan."""
    x, r = np.moveaxis(x, axis, 0), np.moveaxis(result, axis, 0)
    dtype = np.result_type(r, 1.0)
    tie = x[1:] == r[:-1]
    own = np.where(tie, 0.5, r[1:] == x[1:]).astype(dtype)
    carried = np.where(tie, 0.5, r[1:] == r[:-1]).astype(dtype)
    return own, carried


def _next_start(starts):
    """For each position along axis 0, the next position after it where a run starts (the length at
    the end)."""
    n = np.shape(starts)[0]
    ranks = np.reshape(np.arange(n), (-1,) + (1,) * (np.ndim(starts) - 1))
    marks = np.where(starts, ranks, n)
    later = np.minimum.accumulate(marks[::-1], axis=0)[::-1]
    return np.concatenate([later[1:], np.full_like(later[:1], n)])


@_pure
def running_extremum_adjoint(g, x, extremum, axis=0):
    """The adjoint of `extremum = np.maximum.accumulate(x, axis)` (or minimum's): linear in g, a
    backward scan that gives extremum[i]'s cotangent to x[i] and extremum[i - 1] by their shares."""
    own, carried = _running_shares(x, extremum, axis)
    g = np.moveaxis(np.broadcast_to(g, np.shape(extremum)), axis, 0)
    if np.shape(g)[0] == 0:
        return np.zeros_like(x, dtype=np.result_type(g, own))
    if np.all(np.maximum(own, carried) == 1):     # no tie, no nan: each run of a kept entry sums its cotangents
        starts = np.concatenate([np.ones_like(own[:1]), own]) > 0
        after = np.concatenate([np.cumsum(g[::-1], axis=0)[::-1], np.zeros_like(g[:1])])
        return np.moveaxis(np.where(starts, after[:-1] - np.take_along_axis(after, _next_start(starts), 0), 0), 0,
                           axis)
    total = g[-1]
    out = []
    for i in range(np.shape(g)[0] - 1, 0, -1):
        out.append(total * own[i - 1])
        total = g[i - 1] + total * carried[i - 1]
    out.append(total)
    return np.moveaxis(np.stack(out[::-1]), 0, axis)


@_pure
def running_extremum_tangent(t, x, extremum, axis=0):
    """The tangent of `extremum = np.maximum.accumulate(x, axis)` (or minimum's): linear in t, the
    forward scan of the same shares (the transpose of `running_extremum_adjoint`)."""
    own, carried = _running_shares(x, extremum, axis)
    t = np.moveaxis(np.broadcast_to(t, np.shape(x)), axis, 0)
    if np.shape(t)[0] == 0:
        return np.zeros_like(x, dtype=np.result_type(t, own))
    if np.all(np.maximum(own, carried) == 1):     # no tie, no nan: each entry's tangent is that of the one kept
        starts = np.concatenate([np.ones_like(own[:1]), own]) > 0
        ranks = np.reshape(np.arange(np.shape(t)[0]), (-1,) + (1,) * (np.ndim(t) - 1))
        kept = np.maximum.accumulate(np.where(starts, ranks, 0), axis=0)
        return np.moveaxis(np.take_along_axis(t, kept, 0), 0, axis)
    total = t[0]
    out = [total]
    for i in range(1, np.shape(t)[0]):
        total = t[i] * own[i - 1] + total * carried[i - 1]
        out.append(total)
    return np.moveaxis(np.stack(out), 0, axis)

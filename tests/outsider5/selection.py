"""Selecting and ordering in pure Python: sorted pairs as an argsort, max/min over tuples,
sorted with key=, index of the max, heapq and statistics from the standard library."""

import heapq
import statistics

import numpy as np


def sorted_pairs_argsort(x):
    pairs = sorted(zip(x, range(len(x))))
    return pairs[0][0] * 2.0 + pairs[-1][0]


def sorted_const_keys(x):
    pairs = sorted(zip([3, 1, 2], x))
    return pairs[0][1] * 5.0 + pairs[2][1]


def sorted_float_keys(x):
    pairs = sorted(zip(np.array([3.0, 1.0, 2.0]), x))
    return pairs[0][1] * 5.0 + pairs[2][1]


def max_of_zip(x):
    best = max(zip(x, [10.0, 20.0, 30.0]))
    return best[0] * best[1]


def min_value_index(x):
    best = min((v, i) for i, v in enumerate(x))
    return best[0] ** 2


def sorted_index_key(x):
    order = sorted(range(len(x)), key=lambda i: x[i])
    return x[order[0]] * 2.0 + x[order[-1]]


def index_of_max(x):
    vals = [x[0], x[1], x[2]]
    i = vals.index(max(vals))
    return vals[i] * 2


def heapq_smallest(x):
    return sum(heapq.nsmallest(2, x))


def statistics_fmean(x):
    return statistics.fmean([x[0], x[1] * 2]) ** 2


def statistics_median(x):
    return statistics.median([x[0], x[1], x[2]])


def ranks_weights(x):
    ranks = np.argsort(np.argsort(x))
    return np.sum(x * ranks)


X3 = np.array([0.3, -0.7, 1.2])

CASES = [
    dict(f=sorted_pairs_argsort, args=(X3,), wrt=0),
    dict(f=sorted_const_keys, args=(X3,), wrt=0),
    dict(f=sorted_float_keys, args=(X3,), wrt=0),
    dict(f=max_of_zip, args=(X3,), wrt=0),
    dict(f=min_value_index, args=(X3,), wrt=0),
    dict(f=sorted_index_key, args=(X3,), wrt=0),
    dict(f=index_of_max, args=(X3,), wrt=0),
    dict(f=heapq_smallest, args=(X3,), wrt=0),
    dict(f=statistics_fmean, args=(X3,), wrt=0),
    dict(f=statistics_median, args=(X3,), wrt=0),
    dict(f=ranks_weights, args=(X3,), wrt=0),
]

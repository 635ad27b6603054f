"""Loops over dicts, dict views and sets inside `zip`/`enumerate`/`reversed`, over copies, and over
the other iterables quick code hands to `for`: the keys and values of a module dict, reversed
arrays, lists and tuples, `map`, `itertools.pairwise`, stepped ranges, `tolist()` rows."""

import itertools

import numpy as np

D = {"a": 1.0, "b": 2.0, "c": 3.0}


def zip_dict_and_values(x):
    s = 0.0
    for k, v in zip(D, D.values()):
        s += v * x[len(k)] ** 2
    return s


def zip_values_with_x(x):
    s = 0.0
    for v, xi in zip(D.values(), x):
        s += v * xi ** 2
    return s


def enumerate_zip_values(x):
    s = 0.0
    for i, (v, xi) in enumerate(zip(D.values(), x)):
        s += v * xi ** (i + 1)
    return s


def list_of_keys_index(x):
    keys = list(D.keys())
    return D[keys[0]] * x[0] + D[keys[-1]] * x[1] ** 2


def list_of_values_index(x):
    vals = list(D.values())
    s = 0.0
    for i in range(len(vals)):
        s += vals[i] * x[i] ** 2
    return s


def next_iter_values(x):
    first = next(iter(D.values()))
    return first * np.sum(x ** 2)


def min_of_values(x):
    d = {"a": np.sum(x), "b": np.sum(x ** 2)}
    return min(d.values()) + max(d.values())


def any_over_values(x):
    d = {"a": x[0], "b": x[1]}
    if any(v > 0.5 for v in d.values()):
        return np.sum(x ** 2)
    return np.sum(x ** 3)


def len_of_values(x):
    return np.sum(x) * len(D.values()) + len(D)


def loop_over_copy(x):
    d = {"a": x[0], "b": x[1]}
    s = 0.0
    for k in d.copy():
        s += d[k] ** 2
    return s


def reversed_items(x):
    s = 0.0
    for k, v in reversed(D.items()):
        s = s * x[0] + v
    return s


def enumerate_reversed_array(x):
    s = 0.0
    for i, v in enumerate(reversed(x)):
        s += (i + 1) * v ** 2
    return s


def enumerate_reversed_list(x):
    s = 0.0
    for i, v in enumerate(reversed([x[0], x[1] * 2, x[2]])):
        s += (i + 1) * v ** 2
    return s


def enumerate_map(x):
    s = 0.0
    for i, v in enumerate(map(np.sin, x)):
        s += i * v
    return s


def enumerate_pairwise(x):
    s = 0.0
    for i, (a, b) in enumerate(itertools.pairwise(x)):
        s += i * a * b
    return s


def enumerate_range_step(x):
    s = 0.0
    for k, i in enumerate(range(1, x.size, 2)):
        s += (k + 1) * x[i] ** 2
    return s


def zip_range_items(x):
    s = 0.0
    for i, (k, v) in zip(range(3), D.items()):
        s += v * x[i] ** 2
    return s


def enumerate_tolist_rows(X):
    s = 0.0
    for i, row in enumerate(X.tolist()):
        s += i * sum(v * v for v in row)
    return s


def sorted_dict_items_by_value(x):
    d = {"a": 3.0, "b": 1.0, "c": 2.0}
    s = 0.0
    for i, (k, v) in enumerate(sorted(d.items(), key=lambda kv: kv[1])):
        s += v * x[i] ** 2
    return s


def set_loop(x):
    s = 0.0
    for i in {0, 2}:
        s += x[i] ** 2
    return s


def reversed_tuple(x):
    s = 0.0
    for v in reversed((x[0], x[1] * 2, x[2])):
        s = s * 0.5 + v
    return s


def reversed_range_list(x):
    s = 0.0
    for i in reversed(list(range(x.size))):
        s = s * 0.5 + x[i]
    return s


x4 = np.array([0.3, -0.6, 0.8, 0.2])
X23 = np.array([[0.5, 1.2, -0.3], [0.7, -0.4, 0.9]])

CASES = [
    dict(f=zip_dict_and_values, args=(x4,)),
    dict(f=zip_values_with_x, args=(x4,)),
    dict(f=enumerate_zip_values, args=(x4,)),
    dict(f=loop_over_copy, args=(x4,)),
    dict(f=reversed_items, args=(x4,)),
    dict(f=set_loop, args=(x4,)),
    dict(f=zip_range_items, args=(x4,)),
    dict(f=list_of_keys_index, args=(x4,)),
    dict(f=list_of_values_index, args=(x4,)),
    dict(f=next_iter_values, args=(x4,)),
    dict(f=min_of_values, args=(x4,)),
    dict(f=enumerate_reversed_array, args=(x4,)),
    dict(f=enumerate_reversed_list, args=(x4,)),
    dict(f=enumerate_map, args=(x4,)),
    dict(f=enumerate_pairwise, args=(x4,)),
    dict(f=enumerate_range_step, args=(x4,)),
    dict(f=enumerate_tolist_rows, args=(X23,)),
    dict(f=sorted_dict_items_by_value, args=(x4,)),
    dict(f=reversed_tuple, args=(x4,)),
    dict(f=reversed_range_list, args=(x4,)),
    dict(f=len_of_values, args=(x4,)),
    dict(f=any_over_values, args=(x4,)),
]


def generator_over_zip_values(x):
    return sum(v * xi ** 2 for v, xi in zip(D.values(), x))


def chain_values(x):
    s = 0.0
    for v in itertools.chain(D.values(), [x[0]]):
        s += v * x[1]
    return s


CASES += [
    dict(f=generator_over_zip_values, args=(x4,)),
    dict(f=chain_values, args=(x4,)),
]

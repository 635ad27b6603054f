"""Dicts and lists as quick code uses them: parameter dicts with formatted keys (`params[f"W{l}"]`),
`sum(d.values())`, `max(d, key=d.get)`, `{**d, ...}`, `d.update`, `d.setdefault`, `d.pop`,
`reversed(d)`, list methods (`insert`, `reverse`, `sort`, `pop`, slice assignment, `+=`),
2-D lists of numbers filled by index, `np.array` of them."""

import numpy as np


def formatted_keys_mlp(params, x):
    h = x
    n_layers = len(params) // 2
    for l in range(n_layers):
        h = np.tanh(params[f"W{l}"] @ h + params[f"b{l}"])
    return np.sum(h ** 2)


def percent_keys(params, x):
    s = 0.0
    for i in range(2):
        s += np.sum(params["w_%d" % i] * x ** (i + 1))
    return s


def sum_of_values(x):
    d = {"a": x ** 2, "b": np.sin(x)}
    return np.sum(sum(d.values()))


def max_key_by_get(x):
    d = {"a": np.sum(x), "b": np.sum(x ** 2), "c": 0.1}
    k = max(d, key=d.get)
    return d[k] * 2.0


def dict_unpack_merge(x):
    base = {"a": x, "b": 2 * x}
    d = {**base, "c": x ** 2}
    return np.sum(d["a"] * d["c"]) + np.sum(d["b"])


def dict_update_setdefault_pop(x):
    d = {"a": x}
    d.update({"b": x ** 2})
    d.setdefault("c", np.sin(x))
    b = d.pop("b")
    return np.sum(b * d["c"]) + np.sum(d["a"])


def reversed_dict(x):
    d = {"a": 1.0, "b": 2.0, "c": 3.0}
    s = 0.0
    for k in reversed(d):
        s = s * x[0] + d[k]
    return s


def list_insert_reverse(x):
    lst = [x[0], x[1]]
    lst.insert(0, x[2] * 2)
    lst.reverse()
    return lst[0] * 3 + lst[-1] ** 2


def list_sort_method(x):
    lst = [x[2], x[0], x[1]]
    lst.sort(key=lambda v: -v)
    return lst[0] * 2 + lst[2]


def list_slice_assign(x):
    lst = [0.0, 0.0, 0.0, 0.0]
    lst[1:3] = [x[0] * 2, x[1] ** 2]
    return sum(lst) + lst[1] * lst[2]


def list_iadd_extend(x):
    lst = [x[0]]
    lst += [x[1], x[2] ** 2]
    lst = lst + [x[3]]
    return sum(v * v for v in lst)


def grid_2d_lists(x):
    n = x.size
    grid = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            grid[i][j] = x[i] * x[j] + (i == j)
    G = np.array(grid)
    return np.sum(np.linalg.solve(G, np.ones(n)))


def list_of_lists_sum(x):
    rows = [[x[0], x[1]], [x[2], x[3]]]
    return sum(sum(r) ** 2 for r in rows)


def del_list_item(x):
    lst = [x[0], x[1] * 2, x[2]]
    del lst[1]
    return lst[0] * lst[1]


def list_index_count(x):
    names = ["a", "b", "c"]
    i = names.index("b")
    return x[i] ** 2 * names.count("c")


def np_array_of_dict_values(x):
    d = {"a": x[0], "b": x[1] * x[2]}
    v = np.array(list(d.values()))
    return np.sum(v ** 2)


def nested_dict_params(p, x):
    return np.sum(np.tanh(p["enc"]["W"] @ x + p["enc"]["b"]) * p["dec"]["w"])


def zip_keys_with_array(x):
    keys = ["a", "b", "c"]
    d = dict(zip(keys, x))
    return d["a"] * d["c"] + d["b"] ** 2


rng = np.random.default_rng(9)
x3 = np.array([0.3, -0.6, 0.8])
x4 = np.array([0.3, -0.6, 0.8, 0.2])
P2 = {"W0": rng.standard_normal((2, 3)), "b0": np.zeros(2), "W1": rng.standard_normal((2, 2)), "b1": np.ones(2)}

CASES = [
    dict(f=formatted_keys_mlp, args=(P2, x3), wrt=0, alt="x"),
    dict(f=percent_keys, args=({"w_0": x3 * 2, "w_1": x3 + 1.0}, x3), wrt=0, alt="x"),
    dict(f=sum_of_values, args=(x3,)),
    dict(f=max_key_by_get, args=(x3,)),
    dict(f=dict_unpack_merge, args=(x3,)),
    dict(f=dict_update_setdefault_pop, args=(x3,)),
    dict(f=reversed_dict, args=(x3,)),
    dict(f=list_insert_reverse, args=(x3,)),
    dict(f=list_sort_method, args=(x3,)),
    dict(f=list_slice_assign, args=(x3,)),
    dict(f=list_iadd_extend, args=(x4,)),
    dict(f=grid_2d_lists, args=(x3,)),
    dict(f=list_of_lists_sum, args=(x4,)),
    dict(f=del_list_item, args=(x3,)),
    dict(f=list_index_count, args=(x3,)),
    dict(f=np_array_of_dict_values, args=(x3,)),
    dict(f=nested_dict_params, args=({"enc": {"W": rng.standard_normal((2, 3)), "b": np.zeros(2)},
                                      "dec": {"w": np.array([0.5, -1.0])}}, x3), wrt=0, alt="x"),
    dict(f=zip_keys_with_array, args=(x3,)),
]

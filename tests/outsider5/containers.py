"""Containers as Python users lean on them: shallow copies that share arrays, list repetition,
augmented assignment through a list or dict slot, sorted items, deques, itertools loops,
dict helpers (setdefault, pop, get), nested comprehensions."""

import collections
import itertools
import operator

import numpy as np

rng = np.random.default_rng(10)


def list_repeat_alias(x):
    rows = [np.zeros(3)] * 3            # one array, three slots
    rows[0] += x                        # every slot sees it
    return np.sum(rows[1] ** 2) + np.sum(rows[2])


def list_slot_view_update(x):
    y = x.copy()
    parts = [y[:2], y[2:]]
    parts[0] *= 2.0                     # writes through the view into y
    return np.sum(y ** 2)


def dict_shallow_copy_update(x):
    p = {"W": x * 1.0}
    d = dict(p)
    d["W"] += 1.0                       # p["W"] is the same array
    return np.sum(p["W"] * d["W"])


def dict_copy_method_update(x):
    p = {"W": x * 1.0}
    d = p.copy()
    d["W"] *= 3.0
    return np.sum(p["W"])


def list_copy_update(x):
    ys = [x * 1.0, x * 2.0]
    zs = list(ys)
    zs[0] += 1.0
    return np.sum(ys[0] ** 2)


def appended_then_slot_update(x):
    y = x * 1.0
    parts = []
    parts.append(y)
    parts[-1] += x
    return np.sum(y ** 2)


def dict_slot_update_fresh(x):
    d = {"a": x * 1.0, "b": x * 2.0}
    d["a"] += x                         # nobody else sees d["a"]: fine either way
    return np.sum(d["a"] * d["b"])


def sgd_inner_loop(p, x, y):
    q = dict(p)
    for _ in range(3):
        r = x @ q["w"] + q["b"] - y
        gw = x.T @ r / len(y)
        gb = np.mean(r)
        q["w"] = q["w"] - 0.1 * gw
        q["b"] = q["b"] - 0.1 * gb
    return np.sum((x @ q["w"] + q["b"] - y) ** 2)


def sorted_items(p, x):
    items = sorted(p.items())
    return np.sum(items[0][1] * x) + 2.0 * np.sum(items[1][1] * x)


def sorted_items_loop(p, x):
    out = 0.0
    for (k, W), s in zip(sorted(p.items()), [1.0, 2.0]):
        out = out + s * np.sum(W * x)
    return out


def dict_of_sorted_items(p, x):
    q = dict(sorted(p.items()))
    return np.sum(q["a"] * x) + 2.0 * np.sum(q["b"] * x)


def sorted_zip_pairs(ws, x):
    pairs = sorted(zip([2, 1], ws))
    return np.sum(pairs[0][1] * x) + 2.0 * np.sum(pairs[1][1] * x)


def sorted_keys_ok(p, x):
    return sum((i + 1.0) * np.sum(p[k] * x) for i, k in enumerate(sorted(p)))


def max_key_of_dict(d):
    k = max(d, key=lambda k: d[k])
    return d[k] ** 2


def max_of_keys(d):
    k = max(d)
    return d[k] ** 2


def min_key_get(d):
    k = min(d, key=d.get)
    return d[k] ** 2


def bound_append(x):
    hs = []
    push = hs.append
    push(x[0] * 3.0)
    push(x[1])
    return hs[0] * hs[1]


def comprehension_append(x):
    hs = []
    [hs.append(v * 2.0) for v in x]
    return sum(h * h for h in hs)


def map_append(x):
    hs = []
    list(map(hs.append, [x[0] * 2.0, x[1]]))
    return hs[0] * hs[1]


def dict_inplace_union(x):
    d = {"a": x[0]}
    d |= {"b": x[1] * 2.0}
    return d["a"] * d["b"]


def dict_union(x):
    d = {"a": x[0], "b": x[1]}
    d2 = d | {"a": x[2] * 2.0}
    return d2["a"] * d2["b"] + d["a"]


def operator_setitem(x):
    d = {"a": x[0]}
    operator.setitem(d, "b", x[1] * 2.0)
    return d["a"] * d["b"]


def list_iadd_tuple(x):
    lst = [x[0]]
    lst += (x[1] * 2.0,)
    return lst[0] * lst[1]


def deque_window(x):
    buf = collections.deque(maxlen=2)
    for v in x:
        buf.append(v)
    return sum(buf) * x[0]


def deque_plain(x):
    buf = collections.deque()
    for v in x:
        buf.append(v * 2.0)
    return buf[0] * buf[-1]


def product_grid(x):
    out = 0.0
    for i, j in itertools.product(range(3), range(3)):
        out = out + x[i] * x[j] * (i - j)
    return out


def combinations_pairs(x):
    out = 0.0
    for a, b in itertools.combinations(x, 2):
        out = out + (a - b) ** 2
    return out


def nested_comprehension_matrix(x):
    rows = [[x[i] * (j + 1) for j in range(2)] for i in range(3)]
    return np.sum(np.array(rows) ** 2)


def flatten_comprehension(X):
    flat = [v for row in X for v in row]
    return sum(v * v * k for k, v in enumerate(flat))


def zip_star_transpose(x):
    cols = list(zip(*[[x[0], x[1]], [x[2], x[0]]]))
    return cols[0][1] * cols[1][0] + cols[1][1]


def dict_get_default(p, x):
    b = p.get("b", np.zeros_like(x))
    return np.sum((p["w"] * x + b) ** 2)


def enumerate_reversed(x):
    return sum(i * v for i, v in enumerate(reversed(x)))


def map_ufunc_list(x):
    ys = list(map(np.tanh, [x, 2 * x]))
    return np.sum(ys[0] * ys[1])


def tuple_state_swap(x):
    a, b = x[0], x[1]
    for _ in range(4):
        a, b = b, a * b + 0.5
    return a + b


def list_of_lists_update(x):
    grid = [[0.0] * 2 for _ in range(2)]
    for i in range(2):
        for j in range(2):
            grid[i][j] = x[i] * x[j]
    return grid[0][1] + grid[1][1] * 2.0


def list_of_floats_augassign(x):
    acc = [0.0] * 3
    for i in range(3):
        acc[i] += x[i] * (i + 1)
    return sum(a * a for a in acc)


def list_display_same_array(x):
    a = x * 1.0
    pair = [a, a]
    pair[0] += 1.0
    return np.sum(pair[1] * x)


def comprehension_same_array(x):
    y = x * 1.0
    ys = [y for _ in range(2)]
    ys[0] += 1.0
    return np.sum(ys[1] * x)


def concat_same_array(x):
    y = x * 1.0
    ys = [y] + [y]
    ys[0] += 1.0
    return np.sum(ys[1] * x)


def dict_comprehension_same_array(x):
    y = x * 1.0
    d = {k: y for k in ["a", "b"]}
    d["a"] += 1.0
    return np.sum(d["b"] * x)


def list_of_tuple_same_array(x):
    y = x * 1.0
    lst = list((y, y))
    lst[0] += 1.0
    return np.sum(lst[1] * x)


def append_through_alias(x):
    lst = [x * 1.0]
    other = lst
    other.append(x * 2.0)
    return np.sum(lst[1] * x)


def history_in_state_dict(x):
    state = {"hs": []}
    hs = state["hs"]
    hs.append(x * 2.0)
    return np.sum(state["hs"][0] * x)


def append_via_dict_item(x):
    hs = [x * 1.0]
    d = {"hs": hs}
    d["hs"].append(x * 2.0)
    return np.sum(hs[-1] * x)


def append_in_loop_over_lists(x):
    lst = [x * 1.0]
    for lst_ in [lst]:
        lst_.append(x * 4.0)
    return np.sum(lst[-1] * x)


def append_into_dict_list(x):
    st = {"hs": []}
    for i in range(3):
        st["hs"].append(x[i] ** 2)
    return sum(st["hs"])


def append_into_nested_list(x):
    rows = [[x[0]], [x[1]]]
    rows[0].append(x[2] * 2.0)
    return rows[0][1] * x[0]


def activation_caches(x):
    caches = {"h": [], "c": []}
    h = x
    for _ in range(3):
        h = np.tanh(h * 1.5)
        caches["h"].append(h)
    return np.sum(np.stack(caches["h"]) ** 2)


def buckets(x):
    out = [[] for _ in range(2)]
    for i in range(3):
        out[i % 2].append(x[i] * (i + 1))
    return sum(out[0]) * 2.0 + sum(out[1])


def loss_history(x):
    hist = {"loss": []}
    w = x
    for _ in range(3):
        hist["loss"].append(np.sum(w ** 2))
        w = w - 0.1 * 2 * w
    return hist["loss"][-1] + 0.5 * hist["loss"][0]


X3 = np.array([0.3, -0.7, 1.2])
PD = {"b": np.array([1.0, 2.0]), "a": np.array([3.0, 4.0])}
X2 = np.array([1.0, 10.0])

CASES = [
    dict(f=list_repeat_alias, args=(X3,), wrt=0),
    dict(f=list_slot_view_update, args=(np.array([1.0, 2.0, 3.0, 4.0]),), wrt=0),
    dict(f=dict_shallow_copy_update, args=(X3,), wrt=0),
    dict(f=dict_copy_method_update, args=(X3,), wrt=0),
    dict(f=list_copy_update, args=(X3,), wrt=0),
    dict(f=list_display_same_array, args=(X3,), wrt=0),
    dict(f=comprehension_same_array, args=(X3,), wrt=0),
    dict(f=concat_same_array, args=(X3,), wrt=0),
    dict(f=dict_comprehension_same_array, args=(X3,), wrt=0),
    dict(f=list_of_tuple_same_array, args=(X3,), wrt=0),
    dict(f=append_through_alias, args=(X3,), wrt=0),
    dict(f=history_in_state_dict, args=(X3,), wrt=0),
    dict(f=append_via_dict_item, args=(X3,), wrt=0),
    dict(f=append_in_loop_over_lists, args=(X3,), wrt=0),
    dict(f=append_into_dict_list, args=(X3,), wrt=0),
    dict(f=append_into_nested_list, args=(X3,), wrt=0),
    dict(f=activation_caches, args=(X3,), wrt=0),
    dict(f=buckets, args=(X3,), wrt=0),
    dict(f=loss_history, args=(X3,), wrt=0),
    dict(f=appended_then_slot_update, args=(X3,), wrt=0),
    dict(f=dict_slot_update_fresh, args=(X3,), wrt=0),
    dict(f=sgd_inner_loop, args=({"w": rng.standard_normal(2), "b": 0.1}, rng.standard_normal((5, 2)),
                                 rng.standard_normal(5)), wrt=0, alt=1),
    dict(f=sorted_items, args=(PD, X2), wrt=0, alt=1),
    dict(f=sorted_items_loop, args=(PD, X2), wrt=0, alt=1),
    dict(f=dict_of_sorted_items, args=(PD, X2), wrt=0, alt=1),
    dict(f=sorted_zip_pairs, args=([np.array([1.0, 2.0]), np.array([3.0, 4.0])], X2), wrt=0, alt=1),
    dict(f=sorted_keys_ok, args=(PD, X2), wrt=0, alt=1),
    dict(f=max_key_of_dict, args=({"a": 0.3, "b": 1.4, "c": -0.2},), wrt=0),
    dict(f=max_of_keys, args=({"a": 0.3, "b": 1.4, "c": -0.2},), wrt=0),
    dict(f=min_key_get, args=({"a": 0.3, "b": 1.4, "c": -0.2},), wrt=0),
    dict(f=bound_append, args=(X3,), wrt=0),
    dict(f=comprehension_append, args=(X3,), wrt=0),
    dict(f=map_append, args=(X3,), wrt=0),
    dict(f=dict_inplace_union, args=(X3,), wrt=0),
    dict(f=dict_union, args=(X3,), wrt=0),
    dict(f=operator_setitem, args=(X3,), wrt=0),
    dict(f=list_iadd_tuple, args=(X3,), wrt=0),
    dict(f=deque_window, args=(X3,), wrt=0),
    dict(f=deque_plain, args=(X3,), wrt=0),
    dict(f=product_grid, args=(X3,), wrt=0),
    dict(f=combinations_pairs, args=(X3,), wrt=0),
    dict(f=nested_comprehension_matrix, args=(X3,), wrt=0),
    dict(f=flatten_comprehension, args=(np.arange(6.0).reshape(2, 3) * 0.1,), wrt=0),
    dict(f=zip_star_transpose, args=(X3,), wrt=0),
    dict(f=dict_get_default, args=({"w": X3 * 0.5}, X3), wrt=0, alt=1),
    dict(f=dict_get_default, args=({"w": X3 * 0.5, "b": X3 * 2}, X3), wrt=0, alt=1, name="dict_get_present"),
    dict(f=enumerate_reversed, args=(X3,), wrt=0),
    dict(f=map_ufunc_list, args=(X3,), wrt=0),
    dict(f=tuple_state_swap, args=(X3,), wrt=0),
    dict(f=list_of_lists_update, args=(X3,), wrt=0),
    dict(f=list_of_floats_augassign, args=(X3,), wrt=0),
]

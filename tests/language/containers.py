"""Containers: dict/list/tuple (nested) inputs with structured gradients, locals, append, zip."""

import numpy as np


# -- dict inputs -----------------------------------------------------------------------------
def dict_input_top(params, x):
    h = np.tanh(params["W"] @ x + params["b"])
    return np.sum(h * h)


def dict_input_loop(params, X):
    total = 0.0
    for row in X:
        total = total + np.sum(np.sin(params["w"] * row)) * params["s"]
    return total


def dict_input_branch(params, x):
    if np.sum(x) > 0.0:
        y = params["a"] * x
    else:
        y = params["b"] * x * x
    return np.sum(y)


def _affine(p, x):
    return p["W"] @ x + p["b"]


def dict_input_call(params, x):
    h = np.tanh(_affine(params["l1"], x))
    return np.sum(_affine(params["l2"], h))


# -- list inputs -----------------------------------------------------------------------------
def list_input_top(xs):
    return np.sum(xs[0] * xs[1]) + np.sum(np.sin(xs[2]))


def list_input_loop(ws, x):
    h = x
    for w in ws:
        h = np.tanh(w @ h)
    return np.sum(h)


def list_input_branch(xs):
    if np.sum(xs[0]) > 0.0:
        return np.sum(xs[0] * xs[1])
    return np.sum(xs[1] * xs[1])


def _dot_pairs(xs, ys):
    return sum(np.sum(a * b) for a, b in zip(xs, ys))


def list_input_call(xs, ys):
    return _dot_pairs(xs, ys) * _dot_pairs(xs, xs)


# -- tuple inputs ----------------------------------------------------------------------------
def tuple_input_top(pair, x):
    a, b = pair
    return np.sum(a * x + b)


def tuple_input_loop(pair, n):
    a, b = pair
    for i in range(n):
        a, b = np.sin(b), a * 0.5
    return np.sum(a * b)


def tuple_input_branch(pair):
    if np.sum(pair[0]) > np.sum(pair[1]):
        return np.sum(pair[0] ** 2)
    return np.sum(pair[0] * pair[1])


def _norm2(pair):
    return np.sum(pair[0] ** 2) + np.sum(pair[1] ** 2)


def tuple_input_call(pair):
    return _norm2(pair) * _norm2((pair[1], pair[0] * 2.0))


# -- nested inputs ---------------------------------------------------------------------------
def nested_input_top(params, x):
    h = np.tanh(params["layers"][0]["W"] @ x + params["layers"][0]["b"])
    return np.sum(params["layers"][1]["W"] @ h) * params["scale"][0]


def nested_input_loop(params, x):
    h = x
    for layer in params["layers"]:
        h = np.tanh(layer["W"] @ h + layer["b"])
    return np.sum(h * h)


def nested_input_branch(tree, x):
    if np.sum(x) > 0.0:
        y = tree["pos"][0] * x + tree["pos"][1]
    else:
        y = tree["neg"]["a"] * x
    return np.sum(y * y)


def _layer(p, h):
    return np.tanh(p["W"] @ h + p["b"])


def nested_input_call(params, x):
    h = x
    for p in params["layers"]:
        h = _layer(p, h)
    return np.sum(h)


# -- building containers as locals -----------------------------------------------------------
def locals_top(x, y):
    pair = (x * y, x + y)
    d = {"a": np.sin(x), "b": pair}
    lst = [d["a"], pair[0], d["b"][1]]
    return np.sum(lst[0] * lst[1]) + np.sum(lst[2])


def locals_loop(x):
    acc = {"s": 0.0, "p": 1.0}
    for v in x:
        acc = {"s": acc["s"] + v, "p": acc["p"] * (1.0 + v)}
    return acc["s"] * acc["p"]


def list_concat_loop(x):
    acc = []
    for k in range(3):
        acc = acc + [np.sin(x) * (k + 1.0)]
    return np.sum(np.stack(acc) * np.arange(3.0)[:, None])


def locals_branch(x):
    if np.sum(x) > 0.0:
        parts = [x, x * x]
    else:
        parts = [np.sin(x), -x]
    return np.sum(parts[0] * parts[1])


def _moments(x):
    return {"mean": np.mean(x), "sq": np.mean(x * x)}


def locals_call(x):
    m = _moments(x)
    return m["sq"] - m["mean"] ** 2


# -- dict item assignment ----------------------------------------------------------------------
def dict_store_top(x):
    d = {}
    d["a"] = x * 2.0
    d["b"] = np.sin(d["a"])
    d["a"] = d["b"] * x
    return np.sum(d["a"] + d["b"])


def dict_store_loop(x):
    d = {"s": x * 0.0}
    for i in range(3):
        d["s"] = d["s"] + np.cos(x * i)
        d[i] = d["s"] * x
    return np.sum(d[2] + d[0])


def dict_store_branch(x):
    d = {"v": x}
    if np.sum(x) > 0.0:
        d["v"] = x * x
    else:
        d["w"] = -x
        d["v"] = d["w"] * 3.0
    return np.sum(d["v"])


def _fill(x):
    out = {}
    out["lo"] = np.minimum(x, 0.0)
    out["hi"] = np.maximum(x, 0.0) * x
    return out


def dict_store_call(x):
    d = _fill(x)
    return np.sum(d["lo"] * d["hi"] + d["hi"])


# -- list.append in a loop, then np.stack (the RNN pattern) ------------------------------------
def rnn_top(W, U, xs):
    h = np.zeros(W.shape[0])
    hs = []
    for x in xs:
        h = np.tanh(W @ h + U @ x)
        hs.append(h)
    H = np.stack(hs)
    return np.sum(H * H)


def rnn_loop(W, xs):
    total = 0.0
    for k in range(2):
        h = np.ones(W.shape[0]) * 0.1 * (k + 1)
        hs = []
        for x in xs:
            h = np.tanh(W @ h + x)
            hs.append(h)
        total = total + np.sum(np.stack(hs))
    return total


def rnn_branch(W, xs, bidirectional):
    h = np.zeros(W.shape[0])
    hs = []
    for x in xs:
        h = np.tanh(W @ h + x)
        hs.append(h)
    if bidirectional:
        g = np.zeros(W.shape[0])
        for x in xs[::-1]:
            g = np.tanh(W.T @ g + x)
            hs.append(g)
    return np.sum(np.stack(hs, axis=1) ** 2)


def _run(W, xs):
    h = np.zeros(W.shape[0])
    hs = []
    for x in xs:
        h = np.tanh(W @ h + x)
        hs.append(h)
    return np.stack(hs)


def rnn_call(W, xs):
    H = _run(W, xs)
    return np.sum(H[-1] * H[0])


# -- len and iteration over a list of arrays -----------------------------------------------------
def len_iter_top(xs):
    total = 0.0
    for x in xs:
        total = total + np.sum(x * x)
    return total / len(xs)


def len_iter_loop(xss):
    total = 0.0
    for xs in xss:
        for i in range(len(xs)):
            total = total + np.sum(np.sin(xs[i])) * (i + 1)
    return total


def len_iter_branch(xs):
    if len(xs) > 2:
        return np.sum(xs[0] * xs[-1])
    s = 0.0
    for x in xs:
        s = s + np.sum(x)
    return s * s


def _mean_of(xs):
    s = xs[0] * 0.0
    for x in xs:
        s = s + x
    return s / len(xs)


def len_iter_call(xs):
    m = _mean_of(xs)
    return np.sum(m * m)


# -- enumerate ---------------------------------------------------------------------------------
def enumerate_top(xs):
    s = 0.0
    for i, x in enumerate(xs):
        s = s + np.sum(x) * (i + 1.0)
    return s * s


def enumerate_loop(X):
    s = 0.0
    for i, row in enumerate(X):
        for j, v in enumerate(row):
            s = s + v * (i - j)
    return s * np.sum(X)


def enumerate_branch(x):
    s = 0.0
    for i, v in enumerate(x):
        if i % 2 == 0:
            s = s + v * v
        else:
            s = s + np.sin(v)
    return s


def enumerate_zip_top(xs):
    s = 0.0
    for i, (a, b) in enumerate(zip(xs, xs[1:])):
        s = s + np.sum(a * b) * (i + 1)
    return s


def _weighted(xs):
    s = 0.0
    for i, x in enumerate(xs, 1):
        s = s + np.sum(x * x) / i
    return s


def enumerate_call(xs):
    return _weighted(xs) + _weighted(xs[::-1])


# -- zip ---------------------------------------------------------------------------------------
def zip_top(xs, ys):
    s = 0.0
    for a, b in zip(xs, ys):
        s = s + np.sum(a * b)
    return s


def zip_loop(x, y):
    s = 0.0
    for k in range(2):
        for a, b in zip(x, y):
            s = s + a * b * (k + 1.0)
    return s


def zip_branch(x, y):
    s = 0.0
    for a, b in zip(x, y):
        if a > b:
            s = s + a * a
        else:
            s = s + a * b
    return s


def _pairs(x, w):
    return [a * b for a, b in zip(x, w)]


def zip_call(x, w):
    return np.sum(np.stack(_pairs(x, w)) ** 2)


from .case import Case, arr, vec  # noqa: E402


def _params():
    return {"W": arr(2, 3, seed=20), "b": arr(2, seed=21)}


def _net():
    return {"layers": [{"W": arr(3, 3, seed=22), "b": arr(3, seed=23)},
                       {"W": arr(2, 3, seed=24), "b": arr(2, seed=25)}], "scale": [1.5]}


_SEQ = [arr(2, seed=26), arr(2, seed=27), arr(2, seed=28)]

CASES = [
    Case(dict_input_top, "dict input", "top", ((_params(), arr(3, seed=29)),)),
    Case(dict_input_loop, "dict input", "loop", (({"w": arr(3, seed=30), "s": 0.7}, arr(2, 3, seed=31)),)),
    Case(dict_input_branch, "dict input", "branch",
         (({"a": 0.5, "b": arr(2, seed=32)}, vec(0.3, 0.2)), ({"a": 0.5, "b": arr(2, seed=32)}, vec(-0.3, 0.2)))),
    Case(dict_input_call, "dict input", "call",
         (({"l1": _params(), "l2": {"W": arr(1, 2, seed=33), "b": arr(1, seed=34)}}, arr(3, seed=35)),)),
    Case(list_input_top, "list input", "top", (([arr(3, seed=36), arr(3, seed=37), arr(2, seed=38)],),)),
    Case(list_input_loop, "list input", "loop", (([arr(3, 3, seed=39), arr(2, 3, seed=40)], arr(3, seed=41)),), (0, 1)),
    Case(list_input_branch, "list input", "branch", (([vec(0.3, 0.2), vec(0.5, 0.1)],), ([vec(-0.3, 0.2), vec(0.5, 0.1)],))),
    Case(list_input_call, "list input", "call", (([arr(2, seed=42), arr(3, seed=43)], [arr(2, seed=44), arr(3, seed=45)]),),
         (0, 1)),
    Case(tuple_input_top, "tuple input", "top", (((arr(3, seed=46), 0.5), arr(3, seed=47)),)),
    Case(tuple_input_loop, "tuple input", "loop", (((arr(2, seed=48), arr(2, seed=49)), 3),)),
    Case(tuple_input_branch, "tuple input", "branch", (((vec(0.5, 0.2), vec(0.1, 0.1)),), ((vec(-0.5, 0.2), vec(0.1, 0.1)),))),
    Case(tuple_input_call, "tuple input", "call", (((arr(2, seed=50), arr(3, seed=51)),),)),
    Case(nested_input_top, "nested input", "top", ((_net(), arr(3, seed=52)),), (0, 1)),
    Case(nested_input_loop, "nested input", "loop",
         (({"layers": [{"W": arr(3, 3, seed=53), "b": arr(3, seed=54)}, {"W": arr(3, 3, seed=55), "b": arr(3, seed=56)}]},
           arr(3, seed=57)),)),
    Case(nested_input_branch, "nested input", "branch",
         (({"pos": (arr(2, seed=58), arr(2, seed=59)), "neg": {"a": 0.5}}, vec(0.3, 0.2)),
          ({"pos": (arr(2, seed=58), arr(2, seed=59)), "neg": {"a": 0.5}}, vec(-0.3, 0.2)))),
    Case(nested_input_call, "nested input", "call", ((_net(), arr(3, seed=60)),)),
    Case(locals_top, "container locals", "top", ((arr(3, seed=61), arr(3, seed=62)),), (0, 1)),
    Case(locals_loop, "container locals", "loop", ((vec(0.3, -0.4, 0.5),),)),
    Case(list_concat_loop, "container locals", "loop", ((arr(2, seed=82),),)),
    Case(locals_branch, "container locals", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.2),))),
    Case(locals_call, "container locals", "call", ((arr(4, seed=63),),)),
    Case(dict_store_top, "dict item assignment", "top", ((arr(3, seed=64),),)),
    Case(dict_store_loop, "dict item assignment", "loop", ((arr(3, seed=65),),)),
    Case(dict_store_branch, "dict item assignment", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.2),))),
    Case(dict_store_call, "dict item assignment", "call", ((vec(0.3, -0.2, 0.5),),)),
    Case(rnn_top, "append then stack", "top", ((arr(2, 2, seed=66), arr(2, 3, seed=67), [arr(3, seed=68), arr(3, seed=69)]),),
         (0, 1, 2)),
    Case(rnn_loop, "append then stack", "loop", ((arr(2, 2, seed=70), list(_SEQ)),), (0, 1)),
    Case(rnn_branch, "append then stack", "branch", ((arr(2, 2, seed=71), list(_SEQ), True), (arr(2, 2, seed=71), list(_SEQ), False)),
         (0, 1)),
    Case(rnn_call, "append then stack", "call", ((arr(2, 2, seed=72), list(_SEQ)),), (0, 1)),
    Case(len_iter_top, "len/iteration", "top", ((list(_SEQ),),)),
    Case(len_iter_loop, "len/iteration", "loop", (([list(_SEQ), [arr(3, seed=73)]],),)),
    Case(len_iter_branch, "len/iteration", "branch", ((list(_SEQ),), (list(_SEQ[:2]),))),
    Case(len_iter_call, "len/iteration", "call", ((list(_SEQ),),)),
    Case(enumerate_top, "enumerate", "top", ((list(_SEQ),),)),
    Case(enumerate_zip_top, "enumerate", "top", ((list(_SEQ),),)),
    Case(enumerate_loop, "enumerate", "loop", ((arr(2, 3, seed=74),),)),
    Case(enumerate_branch, "enumerate", "branch", ((arr(4, seed=75),),)),
    Case(enumerate_call, "enumerate", "call", ((list(_SEQ),),)),
    Case(zip_top, "zip", "top", ((list(_SEQ), [arr(2, seed=76), arr(2, seed=77)]),), (0, 1)),
    Case(zip_loop, "zip", "loop", ((arr(3, seed=78), arr(3, seed=79)),), (0, 1)),
    Case(zip_branch, "zip", "branch", ((vec(0.5, 0.1, -0.3), vec(0.1, 0.4, 0.2)),), (0, 1)),
    Case(zip_call, "zip", "call", ((arr(3, seed=80), arr(3, seed=81)),), (0, 1)),
]

"""Comprehensions: list comprehensions with filters, generators in sum, np.stack, dict comprehensions."""

import numpy as np


# -- list comprehensions with `if` filters -----------------------------------------------------
def listcomp_top(x):
    sq = [v * v for v in x if v > 0.0]
    total = 0.0
    for s in sq:
        total = total + s
    return total * len(sq) + sq[0] * sq[-1]


def sum_of_list_top(x):
    return sum([v * v for v in x if v > 0.0])


def sum_of_named_list_top(x):
    sq = [v * v for v in x if v > 0.0]
    return sum(sq)


def listcomp_loop(X):
    total = 0.0
    for row in X:
        kept = [v * 2.0 for v in row if v < 0.5]
        total = total + np.sum(np.stack(kept)) * row[0]
    return total


def listcomp_branch(x):
    if x[0] > 0.0:
        parts = [v * x[0] for v in x if v > -0.5]
    else:
        parts = [np.exp(v) for v in x]
    return np.sum(np.stack(parts) ** 2)


def _odd_terms(x, k):
    return [x[i] * k for i in range(x.shape[0]) if i % 2 == 1]


def listcomp_call(x):
    a = _odd_terms(x, 2.0)
    b = _odd_terms(np.sin(x), 0.5)
    return a[0] * b[1] + a[1] * b[0]


# -- generator expressions in sum(...) ----------------------------------------------------------
def genexpr_top(x, w):
    return sum(np.sin(v) * w for v in x)


def genexpr_loop(X):
    total = 0.0
    for row in X:
        total = total + sum(v * v for v in row if v > 0.0)
    return total


def genexpr_branch(xs):
    if len(xs) > 1:
        return sum(np.sum(a * a) for a in xs)
    return sum(np.sum(np.exp(a)) for a in xs)


def _energy(x):
    return sum(x[i] * x[i + 1] for i in range(x.shape[0] - 1))


def genexpr_call(x):
    return _energy(x) + _energy(np.tanh(x))


# -- np.stack([...]) -----------------------------------------------------------------------------
def stack_top(x):
    S = np.stack([np.sin(x * k) for k in range(3)])
    return np.sum(S * S)


def stack_loop(x):
    y = x
    for k in range(2):
        y = np.sum(np.stack([y, y * y, np.cos(y)]), axis=0)
    return np.sum(y)


def stack_branch(x, y):
    if np.sum(x) > 0.0:
        M = np.stack([x, y], axis=1)
    else:
        M = np.stack([y * x, x])
    return np.sum(M @ M.T)


def _features(x):
    return np.stack([x, x * x, np.sin(x)])


def stack_call(x, w):
    return np.sum(w @ _features(x))


# -- dict comprehensions ---------------------------------------------------------------------
def dictcomp_top(x):
    d = {k: x * k for k in range(3)}
    return np.sum(d[1] * d[2]) + np.sum(d[0])


def dictcomp_loop(x):
    total = 0.0
    for j in range(2):
        d = {k: np.sin(x * (k + j)) for k in range(1, 3)}
        total = total + np.sum(d[1] * d[2])
    return total


def dictcomp_branch(params):
    if np.sum(params["a"]) > 0.0:
        scaled = {k: params[k] * 2.0 for k in ["a", "b"]}
    else:
        scaled = {k: params[k] ** 2 for k in ("a", "b") if k != "c"}
    return np.sum(scaled["a"] * scaled["b"])


def _squares(params):
    return {name: params[name] ** 2 for name in params}


def dict_items_comp(params):
    sq = {name: value ** 2 for name, value in params.items()}
    return np.sum(sq["w"]) + np.sum(sq["b"])


def dictcomp_call(params):
    sq = _squares(params)
    return np.sum(sq["w"]) + np.sum(sq["b"]) * np.sum(params["w"])


from .case import Case, arr, vec  # noqa: E402

# -- the builtin sum of a ufunc's array: its items (rows) added to the start --------------------
def sum_of_array_top(x):
    return np.log(sum(np.exp(x), 2.0)) + sum(np.sin(x))


def sum_of_array_loop(X):
    total = 0.0
    for i in range(2):
        total = total + np.sum(sum(np.tanh(X * (i + 1)), start=X[0]) ** 2)
    return total


def sum_of_array_branch(x):
    if x[0] > 0.0:
        return sum(np.exp(x), 1.0) * x[1]
    return sum(np.cos(x))


def _log_partition(y):
    return np.log(sum(np.exp(y), 2))


def sum_of_array_call(x):
    return np.sum(x - _log_partition(x))


CASES = [
    Case(listcomp_top, "list comprehension", "top", ((vec(0.3, -0.4, 0.5),),)),
    Case(sum_of_list_top, "list comprehension", "top", ((vec(0.3, -0.4, 0.5),),)),
    Case(sum_of_named_list_top, "list comprehension", "top", ((vec(0.3, -0.4, 0.5),),)),
    Case(dict_items_comp, "dict comprehension", "top", (({"w": arr(3, seed=414), "b": arr(2, seed=415)},),)),
    Case(listcomp_loop, "list comprehension", "loop", ((np.array([[0.3, 0.7, -0.2], [0.6, 0.1, 0.9]]),),)),
    Case(listcomp_branch, "list comprehension", "branch", ((vec(0.3, -0.7, 0.5),), (vec(-0.3, 0.2),))),
    Case(listcomp_call, "list comprehension", "call", ((arr(4, seed=400),),)),
    Case(genexpr_top, "generator in sum", "top", ((arr(3, seed=401), 0.7),), (0, 1)),
    Case(genexpr_loop, "generator in sum", "loop", ((np.array([[0.3, -0.7], [0.6, 0.1]]),),)),
    Case(genexpr_branch, "generator in sum", "branch", (([arr(2, seed=402), arr(2, seed=403)],), ([arr(2, seed=404)],))),
    Case(genexpr_call, "generator in sum", "call", ((arr(4, seed=405),),)),
    Case(stack_top, "np.stack of list", "top", ((arr(3, seed=406),),)),
    Case(stack_loop, "np.stack of list", "loop", ((arr(3, seed=407),),)),
    Case(stack_branch, "np.stack of list", "branch", ((vec(0.3, 0.2), vec(0.1, 0.5)), (vec(-0.3, 0.2), vec(0.1, 0.5))), (0, 1)),
    Case(stack_call, "np.stack of list", "call", ((arr(3, seed=408), arr(3, seed=409)),), (0, 1)),
    Case(dictcomp_top, "dict comprehension", "top", ((arr(3, seed=410),),)),
    Case(dictcomp_loop, "dict comprehension", "loop", ((arr(3, seed=411),),)),
    Case(dictcomp_branch, "dict comprehension", "branch",
         (({"a": vec(0.3, 0.2), "b": vec(0.1, 0.5)},), ({"a": vec(-0.3, 0.2), "b": vec(0.1, 0.5)},))),
    Case(dictcomp_call, "dict comprehension", "call", (({"w": arr(3, seed=412), "b": arr(2, seed=413)},),)),
    Case(sum_of_array_top, "builtin sum of an array", "top", ((arr(4, seed=416),),)),
    Case(sum_of_array_loop, "builtin sum of an array", "loop", ((arr(3, 2, seed=417),),)),
    Case(sum_of_array_branch, "builtin sum of an array", "branch",
         ((vec(0.3, -0.7, 0.5),), (vec(-0.3, 0.2),))),
    Case(sum_of_array_call, "builtin sum of an array", "call", ((arr(4, seed=418),),)),
]

"""Plain control flow on data, list stores, decorated callees, generators in list/tuple."""

import functools

import numpy as np

import s2sgrad


# -- if / elif / else on data ------------------------------------------------------------------
def if_elif_top(x):
    s = np.sum(x)
    if s > 1.0:
        y = x * x
    elif s > -1.0:
        y = np.sin(x)
    else:
        y = -3.0 * x
    return np.sum(y)


def if_elif_loop(x):
    y = x
    for k in range(3):
        if np.sum(y) > 0.5:
            y = y * 0.5
        elif np.sum(y) > -0.5:
            y = np.tanh(y) + 0.3
        else:
            y = y * y
    return np.sum(y)


def if_elif_branch(a, b):
    if a > 0.0:
        if b > 0.0:
            c = a * b
        elif b > -1.0:
            c = a + b
        else:
            c = a * a
    else:
        c = b * b
    return c


def _sel(a):
    if a > 1.0:
        return a * 0.5
    elif a > 0.0:
        return a * a
    return -a


def if_elif_call(x):
    return _sel(x[0]) + _sel(x[1]) * _sel(x[2])


# -- for over range with bounds computed from data ----------------------------------------------
def range_data_top(x):
    y = x
    for i in range(int(np.ceil(np.sum(np.abs(x)))) + 1):
        y = y * 0.9 + np.sin(y)
    return np.sum(y)


def range_data_loop(x):
    s = 0.0
    for i in range(2):
        for j in range(i, int(np.sum(x > 0.0)) + 1, 1):
            s = s + np.sum(x) * (j + 1)
    return s


def range_data_branch(x):
    if x[0] > 0.0:
        n = int(x[0] * 10.0)
    else:
        n = 1
    y = x
    for i in range(1, n, 2):
        y = y * np.cos(y * i)
    return np.sum(y)


def _repeat(x, n):
    for i in range(n):
        x = np.tanh(x) * 1.2
    return x


def range_data_call(x):
    return np.sum(_repeat(x, int(np.max(np.abs(x)) * 4) + 1))


# -- for over array rows and tuples ---------------------------------------------------------------
def rows_top(X, w):
    total = 0.0
    for row in X:
        total = total + np.sum(np.tanh(row * w))
    return total


def rows_loop(X):
    total = 0.0
    for k in range(2):
        for row in X:
            total = total + np.sum(row * row) * (k + 1)
    return total


def rows_branch(X, w):
    total = 0.0
    for row in X:
        if row @ w > 0.0:
            total = total + row @ w
        else:
            total = total + 0.1 * np.sum(row)
    return total


def _over_tuple(a, b):
    s = 0.0
    for v in (a, b, a * b):
        s = s + np.sum(np.sin(v))
    return s


def rows_call(a, b):
    return _over_tuple(a, b) * _over_tuple(b, a * 2.0)


# -- while with a data-dependent condition ------------------------------------------------------
def while_data_top(x):
    r = x
    while np.max(np.abs(r)) > 0.1:
        r = r * 0.5
    return np.sum(r * x)


def while_data_loop(x):
    total = 0.0
    for k in range(2):
        r = x * (k + 1.0)
        while np.sum(r * r) > 0.2:
            r = np.sin(r) * 0.6
        total = total + np.sum(r)
    return total


def while_data_branch(a):
    if a > 0.0:
        while a > 0.3:
            a = a * 0.5 + 0.01
    else:
        a = -a * 2.0
    return a * a


def _newton_sqrt(a):
    r = a
    while abs(r * r - a) > 1e-3:
        r = 0.5 * (r + a / r)
    return r


def while_data_call(a):
    return _newton_sqrt(a) * a


# -- deep nesting: loops and branches three levels down ---------------------------------------
def deep_top(x):
    y = x
    k = 0
    while k < 2:
        for i in range(x.shape[0]):
            if y[i] > 0.0:
                y = y + x * 0.1
            else:
                y = y * 0.9
        k = k + 1
    return np.sum(y * y)


def deep_loop(X):
    total = 0.0
    for row in X:
        for v in row:
            for k in range(2):
                if v > 0.0:
                    total = total + v * k
                else:
                    total = total + np.sin(v)
    return total


def deep_branch(x, flag):
    total = 0.0
    if flag:
        for v in x:
            if v > 0.0:
                if v > 0.5:
                    total = total + v * v
                else:
                    total = total + v
    else:
        total = np.sum(x)
    return total


def _deep(x):
    y = x
    for i in range(2):
        j = 0
        while j < 2:
            if np.sum(y) > 0.0:
                y = y * 0.7
            else:
                y = y + 0.3
            j = j + 1
    return y


def deep_call(x):
    return np.sum(_deep(x) * x)


# -- item assignment into a local list -------------------------------------------------------------
def list_store_top(x):
    lst = [x, x * 2.0, x * x]
    lst[1] = np.sin(lst[0])
    lst[2] = lst[1] * lst[2]
    return np.sum(lst[1] + lst[2])


def list_store_loop(x):
    hs = [x * 0.0, x * 0.0, x * 0.0]
    for i in range(3):
        hs[i] = np.tanh(x * (i + 1.0)) + hs[i - 1]
    return np.sum(hs[2] * hs[0])


def list_store_branch(x):
    parts = [x, x]
    if np.sum(x) > 0.0:
        parts[0] = x * x
    else:
        parts[1] = np.exp(x)
    return np.sum(parts[0] * parts[1])


def _replace_last(xs, v):
    out = [a * 1.0 for a in xs]
    out[-1] = v * v
    return out


def list_store_call(x):
    out = _replace_last([x, np.sin(x)], x[0])
    return np.sum(out[0] * out[1])


# -- functions marked @s2sgrad.differentiate calling each other ----------------------------------
@s2sgrad.differentiate(wrt="x")
def _dec_power(x, n):
    if n <= 0:
        return x * 0.0 + 1.0
    return x * _dec_power(x, n - 1)


@s2sgrad.differentiate(wrt="x")
def _dec_ping(x, n):
    if n <= 0:
        return x
    return np.sin(_dec_pong(x, n - 1))


@s2sgrad.differentiate(wrt="x")
def _dec_pong(x, n):
    if n <= 0:
        return x * x
    return _dec_ping(x * 1.1, n - 1)


def decorated_top(x):
    return np.sum(_dec_power(x, 3))


def decorated_loop(x):
    s = 0.0
    for n in range(3):
        s = s + np.sum(_dec_ping(x, n))
    return s


def decorated_branch(x):
    if x[0] > 0.0:
        return np.sum(_dec_pong(x, 2) * _dec_ping(x, 2))
    return np.sum(_dec_power(x, 2))


def _dec_both(x):
    return _dec_ping(x, 3) * _dec_pong(x, 3)


def decorated_call(x):
    return np.sum(_dec_both(x))


# -- functions wrapped by a decorator that changes the result: the wrapper is what runs -----------
def _scaled_output(fn):
    @functools.wraps(fn)
    def wrapper(x):
        return 1.5 * fn(x)
    return wrapper


@_scaled_output
def _wrapped_sin(x):
    return np.sin(x) * x


@_scaled_output
def decorated_wrapper_top(x):
    return np.sum(_wrapped_sin(x) * x)


def decorated_wrapper_loop(x):
    s = 0.0
    for k in range(3):
        s = s + np.sum(_wrapped_sin(x * (k + 1.0)))
    return s


# -- generator expressions inside list(...) and tuple(...) ------------------------------------------
def gen_list_tuple_top(x):
    sq = list(v * v for v in x)
    tr = tuple(np.sin(v) for v in x if v > 0.0)
    return sq[0] * sq[-1] + tr[0]


def gen_list_tuple_loop(X):
    total = 0.0
    for row in X:
        parts = tuple(v * 2.0 for v in row)
        total = total + parts[0] * parts[1]
    return total


def gen_list_tuple_branch(x):
    if x[0] > 0.0:
        parts = list(v * x[0] for v in x)
    else:
        parts = list(np.exp(v) for v in x)
    return np.sum(np.stack(parts) ** 2)


def _squares(x):
    return tuple(x[i] * x[i] for i in range(x.shape[0]))


def gen_list_tuple_call(x):
    a = _squares(x)
    return a[0] * a[1] + a[2]


# -- match (lowered to if / elif) -----------------------------------------------------------
def match_top(x, kind):
    match kind:
        case "sin":
            y = np.sin(x)
        case "tanh" | "soft":
            y = np.tanh(x) * 2.0
        case _:
            y = x * x
    return np.sum(y)


def match_loop(x):
    total = 0.0
    for k in range(4):
        match k:
            case 0:
                total = total + np.sum(x)
            case j if j > 2:
                total = total + np.sum(np.cos(x * j))
            case j:
                total = total * 0.5 + np.sum(x ** 2) * j
    return total


def match_branch(x, shape):
    if np.sum(x) > 0.0:
        match shape:
            case (a, b) if a > b:
                y = x * a - b
            case [a, 1]:
                y = np.exp(x) * a
            case (a, b, _) as whole:
                y = x * len(whole)
            case None:
                y = -x
        return np.sum(y * y)
    return np.sum(x)


def _match_scale(x, n):
    match n + 1:
        case 1:
            return x * 3.0
        case 2 | 3:
            return np.sin(x)
    return x


def match_call(x):
    return np.sum(_match_scale(x, 0) * _match_scale(x, 2) + _match_scale(x, 7))


from .case import Case, arr, vec  # noqa: E402

CASES = [
    Case(if_elif_top, "if/elif/else", "top", ((vec(0.5, 0.6),), (vec(0.1, -0.2),), (vec(-0.6, -0.7),))),
    Case(if_elif_loop, "if/elif/else", "loop", ((vec(0.4, 0.3),), (vec(-0.9, -0.6),))),
    Case(if_elif_branch, "if/elif/else", "branch", ((0.5, 0.4), (0.5, -0.4), (0.5, -1.5), (-0.5, 0.4)), (0, 1)),
    Case(if_elif_call, "if/elif/else", "call", ((vec(1.5, 0.4, -0.3),),)),
    Case(range_data_top, "for range computed bounds", "top", ((vec(0.3, -0.5, 0.9),), (vec(0.1, 0.2, 0.3),))),
    Case(range_data_loop, "for range computed bounds", "loop", ((vec(0.3, -0.5, 0.9),),)),
    Case(range_data_branch, "for range computed bounds", "branch", ((vec(0.55, 0.2),), (vec(-0.3, 0.2),))),
    Case(range_data_call, "for range computed bounds", "call", ((vec(0.3, -0.6, 0.1),),)),
    Case(rows_top, "for rows/tuples", "top", ((arr(3, 2, seed=600), arr(2, seed=601)),), (0, 1)),
    Case(rows_loop, "for rows/tuples", "loop", ((arr(3, 2, seed=602),),)),
    Case(rows_branch, "for rows/tuples", "branch", ((np.array([[0.5, 0.3], [-0.4, -0.2]]), vec(0.6, 0.7)),), (0, 1)),
    Case(rows_call, "for rows/tuples", "call", ((arr(3, seed=603), arr(3, seed=604)),), (0, 1)),
    Case(while_data_top, "while on data", "top", ((vec(0.7, -0.5),),)),
    Case(while_data_loop, "while on data", "loop", ((vec(0.5, -0.4),),)),
    Case(while_data_branch, "while on data", "branch", ((1.3,), (-0.4,))),
    Case(while_data_call, "while on data", "call", ((2.0,),)),
    Case(deep_top, "deep nesting", "top", ((vec(0.3, -0.4, 0.5),),)),
    Case(deep_loop, "deep nesting", "loop", ((arr(2, 2, seed=605),),)),
    Case(deep_branch, "deep nesting", "branch", ((vec(0.3, 0.7, -0.2), True), (vec(0.3, 0.7), False))),
    Case(deep_call, "deep nesting", "call", ((vec(0.3, 0.2),), (vec(-0.5, -0.6),))),
    Case(list_store_top, "list item assignment", "top", ((arr(3, seed=606),),)),
    Case(list_store_loop, "list item assignment", "loop", ((arr(3, seed=607),),)),
    Case(list_store_branch, "list item assignment", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.2),))),
    Case(list_store_call, "list item assignment", "call", ((arr(3, seed=608),),)),
    Case(decorated_top, "decorated callees", "top", ((arr(3, seed=609),),)),
    Case(decorated_loop, "decorated callees", "loop", ((arr(3, seed=610),),)),
    Case(decorated_branch, "decorated callees", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.2),))),
    Case(decorated_call, "decorated callees", "call", ((arr(3, seed=611),),)),
    Case(decorated_wrapper_top, "decorated callees", "top", ((arr(3, seed=640),),)),
    Case(decorated_wrapper_loop, "decorated callees", "loop", ((arr(3, seed=641),),)),
    Case(gen_list_tuple_top, "generator in list/tuple", "top", ((vec(0.3, -0.4, 0.5),),)),
    Case(gen_list_tuple_loop, "generator in list/tuple", "loop", ((arr(2, 2, seed=612),),)),
    Case(gen_list_tuple_branch, "generator in list/tuple", "branch", ((vec(0.3, 0.2),), (vec(-0.3, 0.2),))),
    Case(gen_list_tuple_call, "generator in list/tuple", "call", ((arr(3, seed=613),),)),
    Case(match_top, "match", "top", ((vec(0.3, -0.4), "sin"), (vec(0.3, -0.4), "soft"), (vec(0.3, -0.4), "tanh"),
                                     (vec(0.3, -0.4), "none"))),
    Case(match_loop, "match", "loop", ((vec(0.3, -0.4, 0.8),),)),
    Case(match_branch, "match", "branch", ((vec(0.3, 0.4), (3, 1)), (vec(0.3, 0.4), [1, 1]), (vec(0.3, 0.4), (1, 2, 5)),
                                           (vec(0.3, 0.4), None), (vec(-0.3, 0.1), (3, 1)))),
    Case(match_call, "match", "call", ((vec(0.3, -0.4, 0.8),),)),
]

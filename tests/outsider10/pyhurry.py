"""Python as people write it in a hurry: closures over loop variables, default arguments,
*args/**kwargs forwarding, dicts of parameters updated in a loop, lists built with append then
stacked, while loops with a tolerance, for-else, zip/enumerate/reversed/sorted, swaps, builtins on
arrays and scalars, chained comparisons, conditional expressions."""
import math

import numpy as np


def closures_late_binding(x):
    fs = []
    for k in range(3):
        fs.append(lambda z, k=k: z * (k + 1))
    return sum(np.sum(f(x) ** 2) for f in fs)


def closure_captures_loop_var(x):
    total = 0.0
    for w in [0.5, 1.0, 2.0]:
        def scaled(z):
            return w * z
        total = total + np.sum(scaled(x) ** 2)
    return total


def nested_closure_counter(x):
    def make_poly(coefs):
        def p(t):
            out = 0.0
            for c in coefs:
                out = out * t + c
            return out
        return p
    p = make_poly([1.0, -2.0, 0.5])
    return np.sum(p(x))


def default_arg_scale(x, scale=2.0, shift=0.5):
    return np.sum((scale * x + shift) ** 2)


def default_arg_call(x):
    def loss(z, w=np.array([1.0, 2.0, 3.0])):
        return np.sum(w * z ** 2)
    return loss(x) + loss(x, w=np.ones(3))


def args_forwarding(x):
    def inner(a, b, c=1.0):
        return a * b + c
    def outer(*args, **kwargs):
        return inner(*args, **kwargs)
    return np.sum(outer(x, x, c=3.0))


def kwargs_dict_forwarding(x):
    def f(x, alpha=1.0, beta=0.0):
        return np.sum(alpha * x ** 2 + beta * x)
    opts = {"alpha": 0.5, "beta": 2.0}
    return f(x, **opts)


def star_args_sum(x):
    def total(*parts):
        s = 0.0
        for p in parts:
            s = s + np.sum(p)
        return s
    return total(x, x ** 2, np.sin(x))


def dict_params_loop(x):
    params = {"w": x[0], "b": x[1]}
    for step in range(3):
        for name in ["w", "b"]:
            params[name] = params[name] * 0.9 + 0.1
    return params["w"] * params["b"]


def dict_items_loop(theta):
    p = {"a": theta[:2], "b": theta[2:]}
    total = 0.0
    for name, val in p.items():
        total = total + np.sum(val ** 2) * (2.0 if name == "a" else 1.0)
    return total


def append_then_stack(x):
    rows = []
    for i in range(3):
        rows.append(x * (i + 1))
    M = np.stack(rows)
    return np.sum(M @ x)


def append_then_concat_scalars(x):
    parts = []
    for v in x:
        parts.append(v ** 2)
    return np.sum(np.array(parts) * np.arange(len(parts)))


def list_of_arrays_vstack(x):
    out = []
    for k in range(2):
        out += [np.sin(x + k)]
    return np.vstack(out).sum()


def while_tol_maxcount(a):
    x, err, n = 1.0, 1.0, 0
    while err > 1e-10 and n < 100:
        x_new = 0.5 * (x + a / x)
        err = abs(x_new - x)
        x = x_new
        n += 1
    return x


def for_else_no_break(x):
    s = 0.0
    for v in x:
        if v > 100:
            break
        s += v * v
    else:
        s *= 2
    return s


def zip_enumerate(x, y):
    total = 0.0
    for i, (a, b) in enumerate(zip(x, y)):
        total += (i + 1) * a * b
    return total


def reversed_loop(x):
    acc = 0.0
    for v in reversed(x):
        acc = acc * 0.5 + v
    return acc


def sorted_list(x):
    vals = sorted(list(x))
    return vals[0] * 2 + vals[-1]


def sorted_key(x):
    pairs = [(abs(v), v) for v in x]
    pairs = sorted(pairs, key=lambda p: p[0])
    return pairs[-1][1] ** 2 + pairs[0][1]


def tuple_swap(x):
    a, b = x[0], x[1]
    for _ in range(3):
        a, b = b, a + b
    return a * b


def tuple_swap_arrays(x, y):
    for _ in range(2):
        x, y = y * 0.5, x + y
    return np.sum(x * y)


def builtins_mix(x):
    return max(abs(x[0]), x[1]) + min(x) + sum(x) + abs(x[2] - 1)


def builtin_sum_of_array(X):
    return sum(X) @ sum(X)


def builtin_max_array_generator(x):
    return max(v * v for v in x) + min([v for v in x])


def chained_comparison(x):
    total = 0.0
    for v in x:
        if -1.0 < v < 1.0:
            total += v ** 2
        elif 1.0 <= v < 3.0:
            total += 2 * v
        else:
            total += 0.0 * v
    return total


def conditional_expr(x):
    return sum(v ** 2 if v > 0 else -v for v in x)


def math_and_np(x):
    return math.exp(x[0]) * np.sin(x[1]) + math.sqrt(x[2]) * math.log(x[2]) + math.hypot(x[0], x[1])


def int_bool_float_mix(x):
    n = len(x)
    flag = x[0] > 0
    return np.sum(x) * n + flag * x[1] + (n // 2) * x[2] + True * x[0]


def aug_assign_scalar_chain(x):
    s = x[0]
    s += x[1]
    s *= x[2]
    s -= x[0] ** 2
    s /= 2.0
    s **= 2
    return s


def list_comp_filter(x):
    good = [v for v in x if v > 0.2]
    return sum(g ** 3 for g in good)


def nested_comp_matrix(x):
    M = np.array([[x[i] * x[j] for j in range(len(x))] for i in range(len(x))])
    return np.trace(M) + M[0, 1]


def early_return(x):
    if np.sum(x) > 10:
        return 0.0
    for v in x:
        if v < -5:
            return v
    return np.sum(x ** 2)


def recursion_depth(x):
    def fact_poly(v, n):
        if n == 0:
            return 1.0
        return v * fact_poly(v, n - 1) + 1.0
    return np.sum(fact_poly(x, 4))


def map_lambda(x):
    return sum(map(lambda v: v ** 2 + 1.0, x))


def any_all_guard(x):
    if all(x > -10) and not any(x > 10):
        return np.sum(x ** 3)
    return 0.0


def star_unpack(x):
    first, *rest = x
    return first * sum(rest)


def namedtuple_params(x):
    from collections import namedtuple
    P = namedtuple("P", ["a", "b"])
    p = P(x[0], x[1])
    p = p._replace(a=p.a * 2)
    return p.a * p.b + p.a ** 2


def enumerate_start(x):
    return sum(i * v for i, v in enumerate(x, start=1))


def zip_strict_pairs(x):
    return sum(a * b for a, b in zip(x[:-1], x[1:]))


def global_constant_table(x):
    table = {0: 1.0, 1: 0.5, 2: 0.25}
    return sum(table[i] * v for i, v in enumerate(x))


_V = np.array([0.5, -0.3, 1.2])
CASES = [
    dict(f=closures_late_binding, args=(_V,)),
    dict(f=closure_captures_loop_var, args=(_V,)),
    dict(f=nested_closure_counter, args=(_V,)),
    dict(f=default_arg_scale, args=(_V,)),
    dict(f=default_arg_call, args=(_V,)),
    dict(f=args_forwarding, args=(_V,)),
    dict(f=kwargs_dict_forwarding, args=(_V,)),
    dict(f=star_args_sum, args=(_V,)),
    dict(f=dict_params_loop, args=(np.array([0.5, 2.0]),)),
    dict(f=dict_items_loop, args=(np.array([0.5, 2.0, -1.0, 0.3]),)),
    dict(f=append_then_stack, args=(_V,)),
    dict(f=append_then_concat_scalars, args=(_V,)),
    dict(f=list_of_arrays_vstack, args=(_V,)),
    dict(f=while_tol_maxcount, args=(2.0,)),
    dict(f=for_else_no_break, args=(_V,)),
    dict(f=zip_enumerate, args=(_V, _V[::-1] + 1), wrt=0, alt=(0, 1)),
    dict(f=reversed_loop, args=(_V,)),
    dict(f=sorted_list, args=(_V,)),
    dict(f=sorted_key, args=(_V,)),
    dict(f=tuple_swap, args=(np.array([0.5, 0.7]),)),
    dict(f=tuple_swap_arrays, args=(_V, _V ** 2), wrt=0, alt=(0, 1)),
    dict(f=builtins_mix, args=(_V,)),
    dict(f=builtin_sum_of_array, args=(np.arange(6.0).reshape(2, 3) / 5,)),
    dict(f=builtin_max_array_generator, args=(_V,)),
    dict(f=chained_comparison, args=(np.array([0.5, 1.5, -2.0, 0.1]),)),
    dict(f=conditional_expr, args=(_V,)),
    dict(f=math_and_np, args=(np.array([0.5, 0.3, 1.5]),)),
    dict(f=int_bool_float_mix, args=(_V,)),
    dict(f=aug_assign_scalar_chain, args=(_V,)),
    dict(f=list_comp_filter, args=(_V,)),
    dict(f=nested_comp_matrix, args=(_V,)),
    dict(f=early_return, args=(_V,)),
    dict(f=recursion_depth, args=(_V,)),
    dict(f=map_lambda, args=(_V,)),
    dict(f=any_all_guard, args=(_V,)),
    dict(f=star_unpack, args=(_V,)),
    dict(f=namedtuple_params, args=(np.array([0.5, 2.0]),)),
    dict(f=enumerate_start, args=(_V,)),
    dict(f=zip_strict_pairs, args=(_V,)),
    dict(f=global_constant_table, args=(_V,)),
]

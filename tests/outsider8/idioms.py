"""Python idioms as people write them: loops with steps, for-else, early returns, walrus, match,
closures, recursion, defaults, *args, comprehensions, sorted with a key, globals, aliases, views."""

import math
import numpy as np

SCALE = 1.5
WEIGHTS = np.array([1.0, -2.0, 0.5, 3.0])
OFFSETS = {"a": 0.3, "b": -0.1}


def enumerate_zip(x, y):
    total = 0.0
    for i, (a, b) in enumerate(zip(x, y)):
        total += (i + 1) * a * b
    return total


def range_negative_step(x):
    s = 0.0
    for i in range(x.size - 1, -1, -2):
        s = s * 0.5 + x[i] ** 2
    return s


def range_step_three(x):
    acc = 1.0
    for i in range(1, x.size, 3):
        acc = acc * (1.0 + x[i])
    return acc


def reversed_enumerate(x):
    out = 0.0
    for i, v in reversed(list(enumerate(x))):
        out = out * v + i
    return out


def for_else_search(x):
    for v in x:
        if v > 10.0:
            s = v * 2
            break
    else:
        s = np.sum(x ** 2)
    return s


def while_else_counter(x):
    y = x
    k = 0
    while k < 4:
        y = np.sin(y) + x
        k += 1
    else:
        y = y * 2.0
    return np.sum(y)


def nested_break_continue(A):
    total = 0.0
    for i in range(A.shape[0]):
        for j in range(A.shape[1]):
            if j == i:
                continue
            if A[i, j] > 1.5:
                break
            total += A[i, j] * A[j, i]
    return total


def early_return_in_loop(x):
    acc = 0.0
    for i in range(x.size):
        acc = acc + x[i] ** 2
        if acc > 2.0:
            return acc * x[i]
    return -acc


def walrus_in_condition(x):
    out = 0.0
    for v in x:
        if (sq := v * v) > 0.1:
            out += sq
        else:
            out -= v
    return out


def walrus_in_while(x):
    y = x.copy()
    n = 0
    while (m := np.max(np.abs(y))) > 0.3 and n < 10:
        y = y * 0.7
        n += 1
    return np.sum(y) * m


def match_statement(x, kind):
    match kind:
        case "l2":
            return np.sum(x ** 2)
        case "l1":
            return np.sum(np.abs(x))
        case _:
            return np.max(x)


def match_on_int(x, n):
    match n:
        case 0:
            y = x
        case 1 | 2:
            y = x * x
        case _:
            y = np.exp(x)
    return np.sum(y)


def conditional_expression_scalar(a, b):
    c = a * b if a > b else a + b
    return c * c if c > 0 else -c


def chained_comparison(x):
    out = 0.0
    for v in x:
        out += v ** 3 if -0.5 < v < 0.5 else v
    return out


def augassign_subscript_slice(x):
    y = np.zeros(6)
    y[:3] += x
    y[3:] -= 2 * x
    y[1::2] *= x
    y[::-1] += np.arange(6.0)
    return np.sum(y * y)


def reverse_slice_and_none(x):
    r = x[::-1]
    M = x[:, None] * r[None, :]
    return np.sum(M[..., None] * x)


def ellipsis_index(X):
    return np.sum(X[..., 0] * X[..., -1]) + np.sum(X[0, ...] ** 2)


def outer_helper(x):
    return x * SCALE + WEIGHTS[:x.size]


def module_helpers_calling(x):
    y = outer_helper(x)
    return helper_two(y)


def helper_two(y):
    return np.sum(np.tanh(y)) + outer_helper(y)[0]


def closure_reads_outer(x, c):
    def inner(v):
        return np.sum(v * c) + c ** 2
    z = inner(x)
    return z * inner(x * 2)


def closure_nested_twice(x):
    a = np.sum(x)

    def level1(v):
        def level2(w):
            return w * a
        return level2(v) + a
    return np.sum(level1(x) ** 2)


def lambda_map_list(x):
    sq = lambda v: v * v  # noqa: E731
    return sum(map(sq, x))


def fact_like(x, n):
    if n == 0:
        return 1.0
    return x * fact_like(x, n - 1) + n


def recursive_tree(x, depth):
    if depth == 0:
        return np.sum(x)
    left = recursive_tree(x[: x.size // 2] * 1.1, depth - 1)
    right = recursive_tree(np.sin(x[x.size // 2:]), depth - 1)
    return left * right


def default_args(x, power=3, shift=0.5):
    return np.sum((x + shift) ** power)


def calls_with_defaults(x):
    return default_args(x) + default_args(x, 2) + default_args(x, shift=x[0])


def keyword_only(x, *, scale=2.0, bias=0.0):
    return np.sum(np.exp(scale * x) + bias)


def calls_keyword_only(x, b):
    return keyword_only(x, bias=b) + keyword_only(x, scale=b, bias=1.0)


def star_args_sum(*xs):
    total = 0.0
    for v in xs:
        total = total + np.sum(v * v)
    return total


def calls_star_args(x, y):
    return star_args_sum(x, y, x * y)


def tuple_return_unpack(x):
    def stats(v):
        return np.mean(v), np.std(v)
    m, s = stats(x)
    (a, b), c = (m * 2, s), m + s
    return a * b + c


def star_unpack(x):
    first, *middle, last = x
    return first * last + sum(middle)


def list_comprehension_filter(x):
    pos = [v * v for v in x if v > 0]
    neg = [np.exp(v) for v in x if v <= 0]
    return sum(pos) + sum(neg)


def dict_comprehension(x):
    d = {k: x * (k + 1) for k in range(3)}
    return sum(np.sum(v ** 2) for v in d.values())


def set_of_indices(x):
    idx = {0, 2, 2, 3}
    return sum(x[i] ** 2 for i in sorted(idx))


def generator_max_min(x):
    hi = max(v * v for v in x)
    lo = min(abs(v - 0.1) for v in x)
    return hi + lo


def sorted_with_key(x):
    pairs = [(x[i], i) for i in range(x.size)]
    pairs = sorted(pairs, key=lambda p: p[1], reverse=True)
    out = 0.0
    for k, (v, i) in enumerate(pairs):
        out += v * (k + 1)
    return out


def sorted_by_value(x):
    vals = sorted(x.tolist())
    return vals[0] * 2 + vals[-1] * vals[1]


def isinstance_check(x, y):
    def norm(v):
        if isinstance(v, float):
            return v * v
        return np.sum(v * v)
    return norm(x) + norm(y)


def assert_shapes(x):
    assert x.ndim == 1, "expects a vector"
    assert x.size > 1
    return np.sum(x[1:] * x[:-1])


def module_dict_global(x):
    return np.sum(x * OFFSETS["a"]) + OFFSETS["b"] * np.sum(x ** 2)


def copy_then_inplace(x):
    y = x.copy()
    y[0] = 10.0
    y *= 2.0
    y[1:] += x[:-1]
    return np.sum(y * x)


def alias_of_fresh_array(x):
    z = x * 1.0
    y = z
    y += 1.0
    return np.sum(z * x)


def view_then_write(x):
    buf = x * 2.0
    v = buf[2:]
    v *= 3.0
    return np.sum(buf * x)


def view_then_write_rows(X):
    B = X.copy()
    row = B[1]
    row += 5.0
    return np.sum(B * X)


def copyto_and_out(x):
    y = np.empty_like(x)
    np.copyto(y, x * x)
    z = np.empty_like(x)
    np.multiply(y, x, out=z)
    np.add(z, 1.0, out=z)
    return np.sum(z)


def float32_input(x):
    return np.sum(x * x) + np.float32(0.5) * np.sum(x)


def zero_d_array(a, x):
    return np.sum(a * x) + a ** 2


def int_mixed_float(x, n):
    y = x * n + n // 2
    return np.sum(y ** 2) / n


def math_module_scalar(t):
    return math.sin(t) * math.exp(-t) + math.sqrt(t) + math.log1p(t)


def while_true_break(x):
    y = x
    i = 0
    while True:
        y = y * 0.9 + 0.1 * np.cos(y)
        i += 1
        if i >= 6:
            break
    return np.sum(y)


def nested_function_defaults(x):
    def g(v, k=2.0):
        return v ** k
    return np.sum(g(x)) + np.sum(g(x, 3.0))


def global_list_of_arrays(x):
    total = 0.0
    for w in [WEIGHTS, WEIGHTS * 2]:
        total += np.dot(w[:x.size], x) ** 2
    return total


def tuple_swap_loop(x):
    a, b = x[0], x[1]
    for _ in range(5):
        a, b = b, a * b + 0.1
    return a + b


def any_all_branch(x):
    if np.all(x > -5) and any(v > 0.5 for v in x):
        return np.sum(x ** 2)
    return np.sum(x)


def str_format_in_body(x):
    name = "loss_%d" % x.size
    label = f"{name}-{x.shape[0]}"
    if label.startswith("loss"):
        return np.sum(x ** 3)
    return 0.0


def accumulate_in_list_then_sum(x):
    parts = []
    for i in range(3):
        parts.append(np.sum(x ** (i + 1)))
    return sum(parts) / len(parts)


def dict_accumulate_then_items(x):
    acc = {}
    for i, v in enumerate(x):
        key = "even" if i % 2 == 0 else "odd"
        acc[key] = acc.get(key, 0.0) + v * v
    return acc["even"] * acc["odd"]


x4 = np.array([0.3, -0.6, 0.8, 0.2])
A3 = np.array([[0.2, 0.8, 1.7], [0.4, 0.3, 0.1], [2.0, 0.6, 0.5]])

CASES = [
    dict(f=enumerate_zip, args=(x4, x4 * 2 + 0.1), wrt=0, alt="y"),
    dict(f=range_negative_step, args=(np.array([0.3, -0.6, 0.8, 0.2, 0.5]),)),
    dict(f=range_step_three, args=(np.array([0.3, -0.6, 0.8, 0.2, 0.5, 0.1, 0.4]),)),
    dict(f=reversed_enumerate, args=(x4,)),
    dict(f=for_else_search, args=(x4,)),
    dict(f=while_else_counter, args=(x4,)),
    dict(f=nested_break_continue, args=(A3,)),
    dict(f=early_return_in_loop, args=(np.array([0.9, -1.2, 0.8, 0.2]),)),
    dict(f=walrus_in_condition, args=(x4,)),
    dict(f=walrus_in_while, args=(np.array([0.9, -1.2, 0.8]),)),
    dict(f=match_statement, args=(x4, "l1")),
    dict(f=match_statement, args=(x4, "max"), name="match_statement_default"),
    dict(f=match_on_int, args=(x4, 2)),
    dict(f=conditional_expression_scalar, args=(0.7, 0.4), wrt=0, alt=1),
    dict(f=chained_comparison, args=(x4,)),
    dict(f=augassign_subscript_slice, args=(np.array([0.3, -0.6, 0.8]),)),
    dict(f=reverse_slice_and_none, args=(np.array([0.3, -0.6, 0.8]),)),
    dict(f=ellipsis_index, args=(np.arange(12.0).reshape(2, 3, 2) * 0.1,)),
    dict(f=module_helpers_calling, args=(x4,)),
    dict(f=closure_reads_outer, args=(x4, 0.7), wrt=0, alt="c"),
    dict(f=closure_nested_twice, args=(x4,)),
    dict(f=lambda_map_list, args=(x4,)),
    dict(f=fact_like, args=(0.8, 4)),
    dict(f=recursive_tree, args=(np.array([0.3, -0.6, 0.8, 0.2, 0.5, 0.1, 0.4, 0.9]), 2)),
    dict(f=calls_with_defaults, args=(x4,)),
    dict(f=calls_keyword_only, args=(x4, 0.5), wrt=0, alt="b"),
    dict(f=calls_star_args, args=(x4, x4[::-1].copy()), wrt=0, alt="y"),
    dict(f=tuple_return_unpack, args=(x4,)),
    dict(f=star_unpack, args=(x4,)),
    dict(f=list_comprehension_filter, args=(x4,)),
    dict(f=dict_comprehension, args=(x4,)),
    dict(f=set_of_indices, args=(x4,)),
    dict(f=generator_max_min, args=(x4,)),
    dict(f=sorted_with_key, args=(x4,)),
    dict(f=sorted_by_value, args=(x4,)),
    dict(f=isinstance_check, args=(0.7, x4), wrt=0, alt="y"),
    dict(f=assert_shapes, args=(x4,)),
    dict(f=module_dict_global, args=(x4,)),
    dict(f=copy_then_inplace, args=(x4,)),
    dict(f=alias_of_fresh_array, args=(x4,)),
    dict(f=view_then_write, args=(x4,)),
    dict(f=view_then_write_rows, args=(A3,)),
    dict(f=copyto_and_out, args=(x4,)),
    dict(f=float32_input, args=(x4.astype(np.float32),), tol=1e-3),
    dict(f=zero_d_array, args=(np.array(0.7), x4), wrt=0, alt="x"),
    dict(f=int_mixed_float, args=(x4, 3)),
    dict(f=math_module_scalar, args=(0.8,)),
    dict(f=while_true_break, args=(x4,)),
    dict(f=nested_function_defaults, args=(x4,)),
    dict(f=global_list_of_arrays, args=(x4,)),
    dict(f=tuple_swap_loop, args=(np.array([0.9, 0.7]),)),
    dict(f=any_all_branch, args=(x4,)),
    dict(f=str_format_in_body, args=(x4,)),
    dict(f=accumulate_in_list_then_sum, args=(x4,)),
    dict(f=dict_accumulate_then_items, args=(x4,)),
]

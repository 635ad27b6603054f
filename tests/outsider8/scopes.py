"""Names and when they are read: closures over names rebound after the `def`, defaults evaluated
at the `def`, globals changed by the function, class attributes, functions redefined in a loop,
exceptions as control flow, outputs that are tuples, dicts and lists, inputs that are NumPy
scalars and Python lists."""

import numpy as np

COUNT = 0
FACTOR = 2.0


def closure_rebound_after_def(x):
    a = x * 2.0
    g = lambda v: v * a  # noqa: E731
    a = x * 3.0
    return np.sum(g(x))


def nested_def_rebound_after(x):
    c = 1.0

    def g(v):
        return v * c
    c = np.sum(x)
    return np.sum(g(x))


def default_captures_value(x):
    a = x * 2.0

    def g(v, a=a):
        return v * a
    a = x * 5.0
    return np.sum(g(x)) + np.sum(a)


def closure_in_loop_rebinds(x):
    total = 0.0
    for k in range(1, 4):
        def g(v):
            return v ** k
        total += np.sum(g(x))
    return total


def closures_collected_then_called(x):
    fs = []
    for k in range(1, 4):
        fs.append(lambda v: v * k)
    return sum(np.sum(f(x)) for f in fs)


def global_statement_counter(x):
    global COUNT
    COUNT += 1
    return np.sum(x ** 2) * (COUNT > 0)


def global_factor_changed(x):
    global FACTOR
    y = np.sum(x * FACTOR)
    FACTOR = 2.0
    return y


def try_except_zero_division(x, d):
    try:
        r = 1.0 / d
    except ZeroDivisionError:
        r = 0.0
    return np.sum(x * r)


def try_finally_sum(x):
    total = 0.0
    try:
        total = np.sum(np.sqrt(np.abs(x) + 1.0))
    finally:
        total = total * 2.0
    return total


def raise_on_bad_input(x):
    if np.any(np.isnan(x)):
        raise ValueError("nan in input")
    return np.sum(np.cos(x))


def tuple_output(x):
    return np.sum(x ** 2), np.prod(x)


def dict_output(x):
    return {"mean": np.mean(x), "sq": x ** 2}


def list_output(x):
    return [x[0] * x[1], np.sin(x)]


def numpy_scalar_input(a, x):
    return a * np.sum(x) + a ** 3


def list_input_gradient(xs, w):
    return sum(w * v * v for v in xs)


def tuple_input_nested(p):
    (a, b), c = p
    return np.sum(a * b) + c ** 2


def int_loop_count_from_data(x):
    n = int(np.ceil(np.sum(np.abs(x))))
    y = x
    for _ in range(n):
        y = 0.9 * y + 0.1
    return np.sum(y ** 2)


def dynamic_index_same_position(x):
    y = x * 1.0
    i = int(np.argmax(x))
    j = int(np.argmax(x))
    y[i] += y[j]
    return np.sum(y ** 2)


def fancy_overlap_read_write(x):
    y = x * 1.0
    y[[0, 1, 2]] = y[[1, 2, 0]]
    return np.sum(y * np.arange(1.0, y.size + 1))


def mask_from_mean(x):
    return np.sum(x[x > x.mean()] ** 2)


def truthiness_of_size_one(x):
    if x[:1] > 0:
        return np.sum(x ** 2)
    return np.sum(x)


def recursion_with_memo(x, n, memo=None):
    if memo is None:
        memo = {}
    if n in memo:
        return memo[n]
    if n < 2:
        r = x * (n + 1)
    else:
        r = recursion_with_memo(x, n - 1, memo) * 0.5 + recursion_with_memo(x, n - 2, memo) * x
    memo[n] = r
    return r


def mutual_recursion_even_odd(x, n):
    return np.sum(even_part(x, n))


def even_part(x, n):
    if n == 0:
        return x
    return odd_part(x * 1.1, n - 1)


def odd_part(x, n):
    if n == 0:
        return -x
    return even_part(np.sin(x), n - 1)


def class_attribute_constant(x):
    return np.sum(x * Consts.scale) + Consts.shift


class Consts:
    scale = 3.0
    shift = 1.0


def lambda_immediately_called(x):
    return np.sum((lambda v: v * v + 1.0)(x))


def conditional_function_choice(x, use_sin):
    f = np.sin if use_sin else np.cos
    return np.sum(f(x))


def star_kwargs_forward(x, **opts):
    return helper_with_opts(x, **opts)


def helper_with_opts(x, scale=1.0, power=2):
    return np.sum((scale * x) ** power)


def while_else_break(x):
    y = x
    k = 0
    while k < 10:
        y = y * 1.3
        if np.max(y) > 2.0:
            break
        k += 1
    else:
        y = -y
    return np.sum(y)


def for_else_no_break(x):
    for v in x:
        if v > 5.0:
            break
    else:
        x = x * 3.0
    return np.sum(x ** 2)


def augmented_tuple_concat(x):
    t = (x,)
    t += (x * 2.0,)
    t = t + (x ** 2,)
    return sum(np.sum(v) for v in t)


x4 = np.array([0.3, -0.6, 0.8, 0.2])

CASES = [
    dict(f=closure_rebound_after_def, args=(x4,)),
    dict(f=nested_def_rebound_after, args=(x4,)),
    dict(f=default_captures_value, args=(x4,)),
    dict(f=closure_in_loop_rebinds, args=(x4,)),
    dict(f=closures_collected_then_called, args=(x4,)),
    dict(f=global_statement_counter, args=(x4,)),
    dict(f=global_factor_changed, args=(x4,)),
    dict(f=try_except_zero_division, args=(x4, 0.5), wrt=0, alt="d"),
    dict(f=try_finally_sum, args=(x4,)),
    dict(f=raise_on_bad_input, args=(x4,)),
    dict(f=tuple_output, args=(x4,), out="vector", skip=("jac_rev", "jac_fwd")),
    dict(f=dict_output, args=(x4,), out="vector", skip=("jac_rev", "jac_fwd")),
    dict(f=list_output, args=(x4,), out="vector", skip=("jac_rev", "jac_fwd")),
    dict(f=numpy_scalar_input, args=(np.float64(0.7), x4), wrt=0, alt="x"),
    dict(f=list_input_gradient, args=([0.3, -0.5, 1.2], 0.8), wrt=0, alt="w"),
    dict(f=tuple_input_nested, args=(((x4, x4 * 2), 0.5),)),
    dict(f=int_loop_count_from_data, args=(x4,)),
    dict(f=dynamic_index_same_position, args=(x4,)),
    dict(f=fancy_overlap_read_write, args=(x4,)),
    dict(f=mask_from_mean, args=(x4,)),
    dict(f=truthiness_of_size_one, args=(x4,)),
    dict(f=recursion_with_memo, args=(0.7, 5)),
    dict(f=mutual_recursion_even_odd, args=(x4, 3)),
    dict(f=class_attribute_constant, args=(x4,)),
    dict(f=lambda_immediately_called, args=(x4,)),
    dict(f=conditional_function_choice, args=(x4, False)),
    dict(f=star_kwargs_forward, args=(x4,)),
    dict(f=while_else_break, args=(x4,)),
    dict(f=for_else_no_break, args=(x4,)),
    dict(f=augmented_tuple_concat, args=(x4,)),
]

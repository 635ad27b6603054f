"""Python control and numbers: try/except/else/finally, with (np.errstate), assert, continue,
for-else, while-else, match, divmod, round, math.fsum, int counters, float accumulators,
module constants and globals, recursion with a memo dict, enumerate/zip/reversed with
start/strict, walrus, chained comparisons, conditional expressions in comprehensions."""

import heapq
import itertools
import math
from collections import defaultdict, namedtuple

import numpy as np

SCALE = 0.5
WEIGHTS = [1.0, 2.0, 0.5]
CONFIG = {"reg": 0.1, "power": 3}
v5 = np.array([0.3, -1.1, 0.8, 1.9, -0.2])


def safe_log_try(x):
    try:
        y = np.log(x)
    except FloatingPointError:
        y = x
    return np.sum(y)


def try_else_finally(x):
    total = 0.0
    try:
        total = np.sum(x ** 2)
    except ValueError:
        total = 0.0
    else:
        total = total * 2.0
    finally:
        pass
    return total


def errstate_block(x):
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(x != 0, np.sin(x) / x, 1.0)
    return np.sum(r)


def assert_and_continue(x):
    assert x.ndim == 1, "expects a vector"
    s = 0.0
    for i in range(x.shape[0]):
        if x[i] < 0:
            continue
        s = s + x[i] ** 2
    return s


def for_else_search(x):
    for i in range(x.shape[0]):
        if x[i] > 1.5:
            found = x[i]
            break
    else:
        found = x[0]
    return found ** 2 + np.sum(x)


def while_else(x):
    k = 0
    y = x
    while k < 4:
        y = np.sin(y) + 0.1
        if np.max(y) > 10:
            break
        k += 1
    else:
        y = y * 2.0
    return np.sum(y)


def match_kind(x, kind="l2"):
    match kind:
        case "l1":
            return np.sum(np.abs(x))
        case "l2":
            return np.sum(x ** 2)
        case _:
            return np.max(x)


def divmod_phase(t, period):
    q, r = divmod(t, period)
    return r ** 2 + 0.1 * q * t


def round_and_fsum(x):
    parts = [x[i] * WEIGHTS[i] for i in range(3)]
    s = math.fsum(parts)
    return s * round(2.345, 1) + round(float(x[0]), 3) * 0.0


def int_counter_float_acc(x):
    n_pos = 0
    acc = 0.0
    for v in x:
        if v > 0:
            n_pos += 1
            acc += v * v
    return acc / max(n_pos, 1)


def module_constants(x):
    return SCALE * np.sum(x ** CONFIG["power"]) + CONFIG["reg"] * np.sum(x ** 2)


def fib_like_memo(x, n=6):
    memo = {0: 1.0, 1: x}
    for k in range(2, n + 1):
        memo[k] = memo[k - 1] * x + memo[k - 2]
    return memo[n]


def recursive_memo(x):
    return _rec(x, 5, {})


def _rec(x, n, memo):
    if n in memo:
        return memo[n]
    if n <= 1:
        val = x
    else:
        val = _rec(x, n - 1, memo) * x + _rec(x, n - 2, memo)
    memo[n] = val
    return val


def enumerate_start(x):
    s = 0.0
    for i, v in enumerate(x, start=1):
        s = s + v / i
    return s


def zip_strict(x, y):
    s = 0.0
    for a, b in zip(x, y, strict=True):
        s = s + a * b
    return s


def reversed_enumerate(x):
    s = 0.0
    for i, v in enumerate(reversed(x)):
        s = s * 0.9 + v * (i + 1)
    return s


def zip_consecutive(x):
    s = 0.0
    for a, b in zip(x, x[1:]):
        s = s + (b - a) ** 2
    return s


def walrus_in_if(x):
    if (n := np.sum(x ** 2)) > 1.0:
        return n
    return 2 * n


def chained_comparisons(x):
    s = 0.0
    for v in x:
        if -1.0 < v <= 1.0:
            s = s + v ** 3
        elif 1.0 < v < 5.0:
            s = s + 2 * v
    return s


def cond_expr_in_comprehension(x):
    ys = [v * v if v > 0 else -v for v in x]
    return sum(ys) + sum(v for v in x if v > 0.5)


def nested_comprehension(X):
    rows = [[X[i, j] * (i + j) for j in range(X.shape[1])] for i in range(X.shape[0])]
    return np.sum(np.array(rows) ** 2)


def any_all_guards(x):
    if any(v > 1.5 for v in x) and not all(v > 0 for v in x):
        return np.sum(x ** 2)
    return np.sum(x)


def float_conversion(x):
    a = float(x[0])
    b = x[1].item()
    return a * b + math.sqrt(a * a + 1.0)


def int_truncation(x):
    k = int(x[0] * 3)
    return x[1] * k + x[2] ** 2


def abs_pow_builtins(x):
    return pow(abs(x[0]), 3) + abs(x[1]) ** 0.5 + max(x[2], x[3]) + min(x[0], 0.0)


def global_list_counter(x):
    CALLS.append(1)
    return np.sum(x ** 2)


CALLS = []


def string_formatting_side(x):
    msg = f"loss={np.sum(x):.3f}"
    if len(msg) > 3:
        return np.sum(x ** 2)
    return np.sum(x)


def lambda_default_capture(x):
    fs = []
    for k in range(3):
        fs.append(k)
    return sum(np.sum(x * k) for k in fs)


def while_true_break(x):
    y = x
    it = 0
    while True:
        y = 0.5 * y + 0.1
        it += 1
        if it >= 5:
            break
    return np.sum(y ** 2)


def nested_break_continue(X):
    total = 0.0
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            if X[i, j] < -1.0:
                break
            if X[i, j] < 0:
                continue
            total = total + X[i, j] ** 2
    return total


def isinstance_dispatch(x):
    if isinstance(x, float):
        return x ** 2
    return np.sum(x ** 2) * 3.0


def tuple_swap_loop(x):
    a, b = x[0], x[1]
    for _ in range(4):
        a, b = b, a * b + 0.1
    return a + b


def star_unpack(x):
    first, *mid, last = x
    return first * last + sum(mid)


def early_return_in_loop(x):
    for i in range(x.shape[0]):
        if x[i] > 1.0:
            return x[i] * np.sum(x[:i])
    return np.sum(x)


def augmented_global_const(x):
    s = 0.0
    for w in WEIGHTS:
        s += w * np.sum(x)
    s *= SCALE
    return s


CASES = [
    dict(f=safe_log_try, args=(np.abs(v5) + 0.1,)),
    dict(f=try_else_finally, args=(v5.copy(),)),
    dict(f=errstate_block, args=(v5.copy(),)),
    dict(f=assert_and_continue, args=(v5.copy(),)),
    dict(f=for_else_search, args=(v5.copy(),)),
    dict(f=while_else, args=(v5.copy(),)),
    dict(f=match_kind, args=(v5.copy(),)),
    dict(f=divmod_phase, args=(7.3, 2.1), alt="period"),
    dict(f=round_and_fsum, args=(v5.copy(),)),
    dict(f=int_counter_float_acc, args=(v5.copy(),)),
    dict(f=module_constants, args=(v5.copy(),)),
    dict(f=fib_like_memo, args=(0.7,)),
    dict(f=recursive_memo, args=(0.7,)),
    dict(f=enumerate_start, args=(v5.copy(),)),
    dict(f=zip_strict, args=(v5.copy(), v5[::-1].copy()), alt="y"),
    dict(f=reversed_enumerate, args=(v5.copy(),)),
    dict(f=zip_consecutive, args=(v5.copy(),)),
    dict(f=walrus_in_if, args=(v5.copy(),)),
    dict(f=chained_comparisons, args=(v5.copy(),)),
    dict(f=cond_expr_in_comprehension, args=(v5.copy(),)),
    dict(f=nested_comprehension, args=(np.arange(6.0).reshape(2, 3) / 4,)),
    dict(f=any_all_guards, args=(v5.copy(),)),
    dict(f=float_conversion, args=(v5.copy(),)),
    dict(f=int_truncation, args=(v5.copy(),)),
    dict(f=abs_pow_builtins, args=(v5.copy(),)),
    dict(f=global_list_counter, args=(v5.copy(),)),
    dict(f=string_formatting_side, args=(v5.copy(),)),
    dict(f=lambda_default_capture, args=(v5.copy(),)),
    dict(f=while_true_break, args=(v5.copy(),)),
    dict(f=nested_break_continue, args=(np.array([[0.5, -0.3, 1.2], [-1.5, 2.0, 0.7]]),)),
    dict(f=isinstance_dispatch, args=(0.8,)),
    dict(f=tuple_swap_loop, args=(v5.copy(),)),
    dict(f=star_unpack, args=(v5.copy(),)),
    dict(f=early_return_in_loop, args=(v5.copy(),)),
    dict(f=augmented_global_const, args=(v5.copy(),)),
]


def min_tracking(x):
    best = float("inf")
    best_i = -1
    for i, v in enumerate(x):
        if v < best:
            best, best_i = v, i
    return best * x[best_i] + best_i


def dict_accumulators(x):
    stats = {"sum": 0.0, "sq": 0.0}
    for v in x:
        stats["sum"] += v
        stats["sq"] += v * v
    n = len(x)
    return stats["sq"] / n - (stats["sum"] / n) ** 2


def enumerate_zip_start(x):
    s = 0.0
    for i, (a, b) in enumerate(zip(x, x[::-1]), 1):
        s += i * a * b
    return s


def zip_star_pairs(x):
    pairs = [(x[0], x[1]), (x[2], x[0])]
    a, b = zip(*pairs)
    return sum(a) * sum(b)


def backward_range_store(x):
    n = len(x)
    y = np.zeros(n)
    y[n - 1] = x[n - 1]
    for i in range(n - 2, -1, -1):
        y[i] = x[i] + 0.5 * y[i + 1]
    return np.sum(y ** 2)


def list_rotation(x):
    xs = [x[0], x[1], x[2]]
    ys = xs[1:] + xs[:1]
    return sum(a * b for a, b in zip(xs, ys))


def list_slices_joined(x):
    xs = [x[0], x[1]]
    ys = xs[1:] + xs[:1]
    return ys[0] * 10 + ys[1] * 100


def list_reversed_builtin(x):
    xs = [x[0] ** 2, x[1], x[2] * 3]
    r = list(reversed(xs))
    return r[0] * 2 + r[-1]


def math_multi_arg(x):
    return math.prod([x[0], x[1], 2.0]) + math.hypot(x[0], x[1], x[2])


def complex_modulus(x):
    z = x[0] + 1j * x[1]
    return abs(z * z) + (z * np.conj(z)).real


def bool_arithmetic(x):
    return np.sum((x > 0) * x ** 2) + (True + x[0]) * x[1]


def raise_guard_print(x):
    if np.any(np.isnan(x)):
        raise ValueError("nan in input")
    return np.sum(x ** 2)


def nested_recursion(x):
    def rec(v, n):
        if n == 0:
            return v
        return rec(np.sin(v), n - 1)
    return np.sum(rec(x, 3))


def np_divmod_parts(x):
    q, r = np.divmod(x, 0.7)
    return np.sum(r ** 2 + q * x)


def float_ternaries(x):
    a = x[0]
    b = a * a if a > 0 else 0.0
    return b + (x[1] if x[1] > x[2] else x[2]) ** 2


x3p = np.array([0.3, -1.6, 2.2])
CASES += [
    dict(f=min_tracking, args=(x3p.copy(),)),
    dict(f=dict_accumulators, args=(x3p.copy(),)),
    dict(f=enumerate_zip_start, args=(x3p.copy(),)),
    dict(f=zip_star_pairs, args=(x3p.copy(),)),
    dict(f=backward_range_store, args=(x3p.copy(),)),
    dict(f=list_rotation, args=(x3p.copy(),)),
    dict(f=list_slices_joined, args=(np.array([1.0, 2.0]),)),
    dict(f=list_reversed_builtin, args=(x3p.copy(),)),
    dict(f=math_multi_arg, args=(x3p.copy(),)),
    dict(f=complex_modulus, args=(x3p.copy(),)),
    dict(f=bool_arithmetic, args=(x3p.copy(),)),
    dict(f=raise_guard_print, args=(x3p.copy(),)),
    dict(f=nested_recursion, args=(x3p.copy(),)),
    dict(f=np_divmod_parts, args=(x3p.copy(),)),
    dict(f=float_ternaries, args=(x3p.copy(),)),
]


P2 = namedtuple("P2", "a b")


def namedtuple_concat(x):
    p = P2(x[0], x[1])
    q = P2(x[2] * 2, x[3])
    r = p + q
    return r[0] * r[2] + r[3] * len(r)


def defaultdict_accumulate(x):
    acc = defaultdict(float)
    for i, v in enumerate(x):
        acc[i % 2] += v * v
    return acc[0] - acc[1]


def combinations_energy(x):
    e = 0.0
    for i, j in itertools.combinations(range(4), 2):
        e = e + 1.0 / (0.5 + (x[i] - x[j]) ** 2)
    return e


def zip_count(x):
    s = 0.0
    for k, v in zip(itertools.count(1), x):
        s = s + k * v
    return s


def zip_repeat(x):
    return sum(v * w for v, w in zip(x, itertools.repeat(2.0)))


def product_pairs(x):
    s = 0.0
    for a, b in itertools.product(x[:2], x[2:]):
        s = s + a * b
    return s


def heapq_smallest(x):
    return sum(heapq.nsmallest(2, [x[0], x[1], x[2], x[3]]))


def dict_values_sum_max(x):
    d = {"a": x[0] * 2, "b": x[1] ** 2, "c": x[2]}
    return sum(d.values()) * max(d.values())


def accumulate_prefix(x):
    return sum(itertools.accumulate([x[0], x[1], x[2]]))


x4p = np.array([0.5, -1.0, 2.0, 0.3])
CASES += [
    dict(f=namedtuple_concat, args=(x4p.copy(),)),
    dict(f=defaultdict_accumulate, args=(x4p.copy(),)),
    dict(f=combinations_energy, args=(x4p.copy(),)),
    dict(f=zip_count, args=(x4p.copy(),)),
    dict(f=zip_repeat, args=(x4p.copy(),)),
    dict(f=product_pairs, args=(x4p.copy(),)),
    dict(f=heapq_smallest, args=(x4p.copy(),)),
    dict(f=dict_values_sum_max, args=(x4p.copy(),)),
    dict(f=accumulate_prefix, args=(x4p.copy(),)),
]


def tuple_rotation(x):
    t = (x[0], x[1], x[2])
    r = t[1:] + t[:1]
    return r[0] * 10 + r[1] * 100 + r[2] * 1000


def list_of_arrays_rotation(x):
    hs = [x[:2], x[1:]]
    gs = hs[1:] + hs[:1]
    return np.sum(gs[0] * 10 + gs[1] * 100)


def list_slice_repeat(x):
    xs = [x[0], x[1]]
    ys = xs[:1] * 3
    return ys[0] * 10 + ys[2] * 100 + len(ys)


def list_arg_rotation(xs):
    ys = xs[1:] + xs[:1]
    return ys[0] * 10 + ys[1] * 100


def list_copies_joined(x):
    xs = [x[0], x[1]]
    ys = list(xs[1:]) + list(xs[:1])
    return ys[0] * 10 + ys[1] * 100


CASES += [
    dict(f=tuple_rotation, args=(np.array([1.0, 2.0, 3.0]),)),
    dict(f=list_of_arrays_rotation, args=(np.array([1.0, 2.0, 3.0]),)),
    dict(f=list_slice_repeat, args=(np.array([1.0, 2.0]),)),
    dict(f=list_arg_rotation, args=([1.0, 2.0],)),
    dict(f=list_copies_joined, args=(np.array([1.0, 2.0]),)),
]


def list_arg_repeat(xs):
    return np.sum(np.array(xs * 2) * np.arange(4.0))


def min_of_lists(x):
    a = min([x[0], x[1]], [x[2], x[1]])
    return a[0] * 10 + a[1] * 100


CASES += [
    dict(f=list_arg_repeat, args=([1.0, 2.0],)),
    dict(f=min_of_lists, args=(np.array([1.0, 2.0, 3.0]),)),
]

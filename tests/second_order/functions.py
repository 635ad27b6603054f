"""Functions for the second-order tests: ordinary Python/NumPy with loops, branches and calls.

Every function is smooth at its test inputs: a branch or a loop count may depend on the
data, but no input sits at (or within a finite-difference step of) a point where it flips.
The tables at the end give the inputs:

- `SCALAR`: a Python float in (first argument), a scalar out; `grad(grad(f))` applies.
- `MIXED`: two Python floats in, a scalar out; the mixed partial `grad(grad(f, 0), 1)`.
- `ARRAY`: a small float array in (first argument), a scalar out; `hvp` and `hessian`.
- `VECTOR`: a small float array in (first argument), an array out; `jacobian` and `jvp`.

Arguments after the first (loop counts, a second float) are held fixed.
"""

import math

import numpy as np

A3 = np.array([[2.0, 0.5, -0.3],
               [0.5, 1.5, 0.2],
               [-0.3, 0.2, 1.0]])
W4 = np.array([[0.4, -0.2, 0.1, 0.3],
               [0.2, 0.5, -0.4, 0.1],
               [-0.3, 0.1, 0.6, -0.2],
               [0.1, 0.3, -0.1, 0.4]])
COEFFS = [0.5, -1.0, 0.25, 2.0, 1.0]


# -- helpers (called by the functions below) ------------------------------------------------
def _bump(a, b):
    return a * b + np.sin(a)


def _even_part(a, n):
    if n == 0:
        return 1.0
    return a * _odd_part(a, n - 1) + 0.5


def _odd_part(a, n):
    if n == 0:
        return a
    return np.cos(a) * _even_part(a, n - 1)


def _stats(x):
    mean = np.mean(x)
    return mean, np.mean((x - mean) ** 2)


def _layer(W, x):
    return np.tanh(W @ x + 0.1)


def _smooth_energy(x, n):
    e = 0.0
    for i in range(n):
        e = e + np.sum(np.cos(x * (i + 1))) / (i + 1)
    return e


# -- scalar in, scalar out ---------------------------------------------------------------------
def horner(a):
    s = 0.0
    for c in COEFFS:
        s = s * a + c
    return s


def branch_sin_cos(a):
    if a > 0.0:
        y = np.sin(a) * a
    else:
        y = np.cos(a) + a * a * a
    return y


def elif_chain(a):
    if a > 2.0:
        return np.log(a) * a
    elif a > 1.0:
        y = a * a - np.exp(-a)
    elif a > -1.0:
        y = np.sin(3.0 * a)
    else:
        y = a ** 4
    return y * 0.5


def power_loop(a, n):
    p = 1.0
    for i in range(n):
        p = p * a + 0.1 * i
    return p


def while_halving(a):
    r = a
    k = 0
    while r > 0.5:
        r = r * 0.5
        k = k + 1
    return r * r * r + k * r


def newton_sqrt(a):
    x = a
    k = 0
    while abs(x * x - a) > 1e-14 * a and k < 60:
        x = 0.5 * (x + a / x)
        k += 1
    return x * np.log(a)


def recursive_power(a, n):
    if n == 0:
        return 1.0
    return a * recursive_power(a, n - 1) + 0.2


def helper_calls(a):
    return _bump(a, 2.0) + _bump(a * a, a) * 0.3


def tuple_swap(a, n):
    u, v = 1.0, a
    for i in range(n):
        u, v = v, 0.5 * u * v + np.sin(v)
    return u + v


def break_series(a):
    s = 0.0
    term = 1.0
    for k in range(1, 30):
        s = s + term
        if abs(term) < 1e-3:
            break
        term = term * a / k
    return s


def early_return(a):
    if a < 0.0:
        return -a * a
    y = np.exp(a)
    if y > 3.0:
        return np.log1p(y) * a
    return y * a


def while_true_break(a):
    x = a
    k = 0
    while True:
        x = np.sin(x) + 0.5 * a
        k += 1
        if k >= 5:
            break
    return x * x


def list_stack(a):
    hs = []
    h = a
    for i in range(4):
        h = np.tanh(1.5 * h + 0.1 * i)
        hs.append(h)
    return np.sum(np.stack(hs) ** 2)


def dict_state(a):
    d = {"x": a, "y": 2.0}
    for i in range(3):
        d["y"] = d["y"] * d["x"] + 0.1
        d["x"] = np.sin(d["x"])
    return d["x"] + d["y"]


def array_store(a):
    y = np.zeros(4)
    for i in range(4):
        y[i] = a ** (i + 1) / (i + 1)
    return np.sum(y * y)


def where_scalar(a):
    return np.where(a > 0.5, a * a * a, a) * a


def max_min_scalar(a):
    return np.maximum(a * a, 0.5 * a + 1.0) + np.minimum(np.sin(a), 0.2)


def conditional_expression(a):
    y = a * a if a > 1.0 else np.exp(a)
    return y * np.cos(a)


def nested_loops(a):
    s = 0.0
    for i in range(3):
        for j in range(i + 1):
            s = s + np.sin(a * i) * a ** j
    return s


def while_in_for(a):
    x = a
    s = 0.0
    for i in range(3):
        while x < 2.0:
            x = x * 1.3 + 0.1
        s = s + np.log(x)
        x = x - 1.0
    return s


def mutual_recursion(a, n):
    return _even_part(a, n)


def mutual_recursion_product(a, n):
    return _even_part(a, n) * np.cos(a)


def continue_odd(a):
    s = 0.0
    for i in range(6):
        if i % 2 == 0:
            continue
        s = s + np.cos(a * i) / i
    return s


def for_else(a):
    s = a
    for i in range(3):
        if s > 100.0:
            break
        s = s * a + 1.0
    else:
        s = s * 2.0
    return s


def chained_compare(a):
    if 0.0 < a < 1.0 and a * a > 0.1:
        return np.sqrt(a) * a
    if a >= 1.0 or a < -2.0:
        return np.exp(-a * a)
    return a * a


def augmented_assign(a, n):
    s = 1.0
    for i in range(n):
        s += a * i
        s *= 1.1 - 0.1 * a
    return s


def lambda_local(a):
    sq = lambda v: v * v + a
    return sq(a) + sq(np.sin(a))


def math_module(a):
    return math.exp(a) * math.sin(a) + math.log(1.0 + a * a)


def logistic_map(a, n):
    x = 0.3
    for i in range(n):
        x = a * x * (1.0 - x)
    return x


def generator_sum(a):
    return sum(a ** k / (k + 1) for k in range(5))


def relax_fixed_point(a):
    x = 0.0
    for i in range(40):
        x = 0.5 * np.cos(x) + 0.3 * a
    return x * a


def spline_piece(a):
    if a < 0.0:
        y = 1.0 - a + a * a
    elif a < 1.0:
        y = 1.0 - a + a * a * a * 0.5
    else:
        y = 0.5 * a * a - 0.5
    return y


def abs_sqrt(a):
    return np.sqrt(a * a + 1.0) * abs(a)


def tree_recursion(a, n):
    if n <= 1:
        return a
    return tree_recursion(a, n - 1) * a * 0.5 + tree_recursion(a, n - 2)


def euler_oscillator(a, n):
    x, v = 1.0, 0.0
    dt = 0.1
    for i in range(n):
        v = v - dt * a * x
        x = x + dt * v
    return x * x + v * v


def while_counter_float(a):
    t = 0.0
    total = 0.0
    while t < 1.0:
        total = total + np.exp(a * t) * 0.25
        t = t + 0.25
    return total


# -- two floats in, scalar out (mixed partials) -------------------------------------------------
def two_branch(a, b):
    if a * b > 0.5:
        return np.sin(a) * b * b
    return a * np.exp(b)


def two_loop(a, b, n):
    s = b
    for i in range(n):
        s = s * a + np.sin(b * i)
    return s


def two_helper(a, b):
    if b > 0.0:
        return _bump(a, b) * _bump(b, a)
    return a * b


# -- array in, scalar out ---------------------------------------------------------------------
def quadratic_form(x):
    return x @ A3 @ x + np.sum(np.sin(x))


def softplus_sum(x):
    return np.sum(np.logaddexp(0.0, x) * x)


def logsumexp(x):
    m = np.max(x)
    return m + np.log(np.sum(np.exp(x - m)))


def neighbour_products(x):
    s = 0.0
    for i in range(1, len(x)):
        s = s + x[i] * x[i - 1] * np.cos(x[i])
    return s


def branch_on_sum(x):
    if np.sum(x) > 0.0:
        return np.sum(x ** 3)
    return np.sum(np.exp(x))


def elif_on_norm(x):
    n2 = np.sum(x * x)
    if n2 > 4.0:
        y = np.sqrt(n2)
    elif n2 > 1.0:
        y = n2 * np.sum(x)
    else:
        y = np.sum(np.tanh(x))
    return y


def while_shrink(x):
    y = x
    while np.sum(y * y) > 1.0:
        y = y * 0.7
    return np.sum(y ** 3) + np.prod(y)


def break_on_element(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] > 1.0:
            break
        s = s + np.exp(x[i]) * x[i]
    return s


def early_return_array(x):
    m = np.mean(x)
    if m > 1.0:
        return np.sum(np.log(x))
    if m < -1.0:
        return np.sum(x * x)
    return np.sum(np.sin(x) * x)


def two_layers(x):
    h = _layer(W4, x)
    return np.sum(_layer(W4, h) ** 2)


def recursive_smooth(x, n):
    if n == 0:
        return np.sum(x * x)
    return recursive_smooth(np.sin(x), n - 1) + x[0] * x[-1]


def stats_unpack(x):
    mean, var = _stats(x)
    return mean * mean + var * np.sum(x)


def rnn_stack(x):
    h = np.zeros(4)
    hs = []
    for t in range(3):
        h = np.tanh(W4 @ h + x * (t + 1))
        hs.append(h)
    H = np.stack(hs)
    return np.sum(H ** 2)


def dict_params(x):
    params = {"a": x[:2], "b": x[2:]}
    total = 0.0
    for k in params:
        total = total + np.sum(params[k] ** 2) * (1.0 if k == "a" else 2.0)
    return total * params["a"][0]


def store_products(x):
    y = np.zeros_like(x)
    for i in range(len(x)):
        y[i] = x[i] * x[i - 1]
    return np.sum(y * x)


def prefix_scan(x):
    y = np.zeros_like(x)
    y[0] = x[0]
    for i in range(1, len(x)):
        y[i] = y[i - 1] * 0.5 + np.sin(x[i])
    return np.sum(y * y)


def where_pieces(x):
    return np.sum(np.where(x > 0.0, x ** 2, x ** 3))


def maximum_cube(x):
    return np.sum(np.maximum(x, 0.0) ** 3 + np.minimum(x, 0.5) * x)


def reductions_mix(x):
    return np.prod(x) + np.var(x) * np.mean(x) + np.std(x)


def outer_matmul(x):
    return np.sum(np.outer(x, x) @ A3) + x @ x


def norm_scaled(x):
    return np.linalg.norm(x) * np.sum(x)


def softmax_cross_entropy(x):
    e = np.exp(x - np.max(x))
    p = e / np.sum(e)
    return -np.log(p[1])


def pairwise_energy(x):
    e = 0.0
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            d = x[i] - x[j]
            e = e + 1.0 / (d * d + 1.0)
    return e


def fixed_point_iteration(x):
    y = np.zeros_like(x)
    k = 0
    while k < 100:
        new = 0.5 * np.cos(y) + 0.2 * x
        k += 1
        if np.max(np.abs(new - y)) < 1e-15:
            break
        y = new
    return np.sum(y * x)


def rows_loop(x):
    X = np.reshape(x, (2, 2))
    s = 0.0
    for row in X:
        s = s + np.sum(row) ** 2 * row[0]
    return s


def enumerate_powers(x):
    s = 0.0
    for i, v in enumerate(x):
        s = s + v ** (i + 1)
    return s


def comprehension_stack(x):
    S = np.stack([np.sin(x * k) for k in range(1, 4)])
    return np.sum(S * S * x)


def masked_store(x):
    y = x * 1.0
    y[y > 0.5] *= 2.0
    return np.sum(y ** 3)


def clip_cube(x):
    return np.sum(np.clip(x, -1.0, 1.0) ** 2 * x)


def cumulative(x):
    return np.sum(np.cumsum(x) ** 2) + np.sum(np.cumprod(x))


def mlp(x):
    h = np.tanh(W4[:3] @ x + 0.1)
    return np.sum(A3 @ h * h)


def rosenbrock(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def log_norm(x):
    return np.log(1.0 + np.sum(x ** 2)) * np.exp(-0.1 * np.sum(x))


def delegate_to_helper(x):
    return _smooth_energy(x, 3)


def gradient_steps(x, n):
    w = np.ones_like(x)
    for i in range(n):
        w = w - 0.1 * (w - x) ** 3 - 0.05 * w * x
    return np.sum(w * w)


# -- array in, array out ------------------------------------------------------------------------
def sin_times(x):
    return np.sin(x) * x


def tanh_matmul(x):
    return np.tanh(A3 @ x) + x * x


def softmax(x):
    e = np.exp(x - np.max(x))
    return e / np.sum(e)


def scan_out(x):
    y = np.zeros_like(x)
    y[0] = np.cos(x[0])
    for i in range(1, len(x)):
        y[i] = y[i - 1] * x[i] + np.sin(x[i - 1])
    return y


def branch_out(x):
    if np.sum(x) > 0.0:
        return x ** 2 * np.sum(x)
    return np.exp(x)


def mixing_loop(x, n):
    for i in range(n):
        x = x + 0.1 * np.sin(x[::-1]) * x
    return x


def while_shrink_out(x):
    y = x
    while np.max(np.abs(y)) > 0.5:
        y = y * 0.6
    return y * np.cos(y)


def outer_rows(x):
    rows = []
    for i in range(len(x)):
        rows.append(x[i] * np.tanh(x))
    return np.stack(rows)


def cumulative_out(x):
    return np.cumsum(x * x) + np.cumprod(x)


def where_maximum_out(x):
    return np.where(x > 0.0, np.maximum(x, 0.3) * x, np.exp(x))


def recursive_out(x, n):
    if n == 0:
        return x
    return recursive_out(np.sin(x) + 0.1 * x * x, n - 1)


def break_out(x):
    y = x * 1.0
    for i in range(20):
        y = y - 0.2 * (y * y - x)
        if np.max(np.abs(y * y - x)) < 2e-3:
            break
    return y


def store_matrix(x):
    M = np.zeros((len(x), 2))
    for i in range(len(x)):
        M[i, 0] = x[i] * x[i]
        M[i, 1] = np.exp(x[i]) * x[0]
    return M


# -- the tables ---------------------------------------------------------------------------------
SCALAR = [
    (horner, (0.7,)),
    (branch_sin_cos, (0.8,)),
    (branch_sin_cos, (-0.6,)),
    (elif_chain, (2.5,)),
    (elif_chain, (1.4,)),
    (elif_chain, (0.3,)),
    (elif_chain, (-1.7,)),
    (power_loop, (1.3, 4)),
    (while_halving, (3.3,)),
    (newton_sqrt, (2.7,)),
    (recursive_power, (0.9, 5)),
    (helper_calls, (0.6,)),
    (tuple_swap, (0.4, 4)),
    (break_series, (0.8,)),
    (early_return, (-0.5,)),
    (early_return, (0.4,)),
    (early_return, (1.5,)),
    (while_true_break, (0.7,)),
    (list_stack, (0.3,)),
    (dict_state, (0.8,)),
    (array_store, (0.9,)),
    (where_scalar, (0.9,)),
    (where_scalar, (0.2,)),
    (max_min_scalar, (1.7,)),
    (max_min_scalar, (0.1,)),
    (conditional_expression, (1.4,)),
    (conditional_expression, (0.4,)),
    (nested_loops, (0.6,)),
    (while_in_for, (0.7,)),
    (mutual_recursion, (0.8, 5)),
    (mutual_recursion_product, (0.8, 5)),
    (continue_odd, (0.5,)),
    (for_else, (1.2,)),
    (for_else, (9.0,)),
    (chained_compare, (0.5,)),
    (chained_compare, (1.5,)),
    (chained_compare, (-0.5,)),
    (augmented_assign, (0.4, 4)),
    (lambda_local, (0.7,)),
    (math_module, (0.6,)),
    (logistic_map, (2.9, 6)),
    (generator_sum, (1.1,)),
    (relax_fixed_point, (0.8,)),
    (spline_piece, (-0.4,)),
    (spline_piece, (0.6,)),
    (spline_piece, (1.8,)),
    (abs_sqrt, (-0.7,)),
    (tree_recursion, (0.9, 5)),
    (euler_oscillator, (2.0, 8)),
    (while_counter_float, (0.6,)),
    (two_branch, (0.9, 1.1)),
    (two_loop, (0.8, 0.6, 3)),
    (two_helper, (0.7, 0.4)),
]

MIXED = [
    (two_branch, (0.9, 1.1)),
    (two_branch, (0.3, 0.5)),
    (two_loop, (0.8, 0.6, 3)),
    (two_helper, (0.7, 0.4)),
    (two_helper, (0.7, -0.4)),
]

_X3 = np.array([0.3, -0.5, 0.8])
_X4 = np.array([0.4, -0.3, 0.7, 0.2])
_X5 = np.linspace(-0.6, 0.9, 5)

ARRAY = [
    (quadratic_form, (_X3,)),
    (softplus_sum, (_X5,)),
    (logsumexp, (_X4,)),
    (neighbour_products, (_X5,)),
    (branch_on_sum, (_X3,)),
    (branch_on_sum, (-_X4 - 0.2,)),
    (elif_on_norm, (np.array([1.5, -1.2, 1.1]),)),
    (elif_on_norm, (np.array([0.9, 0.6, -0.5]),)),
    (elif_on_norm, (_X3,)),
    (while_shrink, (np.array([1.2, -0.9, 1.4]),)),
    (break_on_element, (np.array([0.3, -0.2, 1.5, 0.4]),)),
    (break_on_element, (_X4,)),
    (early_return_array, (np.array([1.5, 1.2, 2.0]),)),
    (early_return_array, (np.array([-1.5, -1.2, -2.0]),)),
    (early_return_array, (_X3,)),
    (two_layers, (_X4,)),
    (recursive_smooth, (_X3, 3)),
    (stats_unpack, (_X5,)),
    (rnn_stack, (_X4,)),
    (dict_params, (_X4,)),
    (store_products, (_X5,)),
    (prefix_scan, (_X4,)),
    (where_pieces, (_X5,)),
    (maximum_cube, (np.array([0.4, -0.3, 0.7, 0.2, 0.9]),)),
    (reductions_mix, (np.array([0.5, 1.2, 0.8, 1.5]),)),
    (outer_matmul, (_X3,)),
    (norm_scaled, (_X4,)),
    (softmax_cross_entropy, (_X4,)),
    (pairwise_energy, (_X4,)),
    (fixed_point_iteration, (_X3,)),
    (rows_loop, (_X4,)),
    (enumerate_powers, (np.array([0.5, 1.2, 0.8, 1.5]),)),
    (comprehension_stack, (_X3,)),
    (masked_store, (np.array([0.3, 0.9, -0.4, 0.7]),)),
    (clip_cube, (np.array([0.3, 1.4, -0.4, -1.7]),)),
    (cumulative, (np.array([0.5, 1.2, 0.8, 1.5]),)),
    (mlp, (_X4,)),
    (rosenbrock, (_X4,)),
    (log_norm, (_X5,)),
    (gradient_steps, (_X3, 4)),
    (delegate_to_helper, (_X4,)),
]

VECTOR = [
    (sin_times, (_X4,)),
    (tanh_matmul, (_X3,)),
    (softmax, (_X4,)),
    (scan_out, (_X4,)),
    (branch_out, (_X3,)),
    (branch_out, (-_X4 - 0.2,)),
    (mixing_loop, (_X4, 3)),
    (while_shrink_out, (np.array([1.2, -0.9, 1.3]),)),
    (outer_rows, (_X3,)),
    (cumulative_out, (np.array([0.5, 1.2, 0.8, 1.5]),)),
    (where_maximum_out, (np.array([0.6, -0.3, 0.1, 1.2]),)),
    (recursive_out, (_X3, 3)),
    (break_out, (np.array([1.2, 0.8, 1.5]),)),
    (store_matrix, (_X3,)),
]

"""Corpus functions: plain module-level functions that s2sgrad differentiates from source.

The table in `tests/corpus/__init__.py` says, for each one, its construct, nesting depth,
the input sets (chosen so every branch is taken) and `wrt`.  Keep this file importable on
its own with only NumPy: the cross-version test imports it under other interpreters.
"""

import numpy as np
from numpy import tanh

DECAY = 0.9


# -- straight-line code (depth 0) ----------------------------------------------------------
def scalar_arith(a, b):
    return a * b + np.sin(a) - b / (1.0 + a * a)


def unary_ufuncs(x):
    return np.sum(np.exp(np.tanh(x)) + np.log1p(x * x) + np.sqrt(np.abs(x) + 1.0))


def binary_ufuncs(x, y):
    z = np.maximum(x, y) * np.minimum(x, 0.5) + np.clip(x, -0.5, 0.5) ** 2
    return np.sum(np.square(z) + np.expm1(y * 0.1) - np.cos(x) * np.tan(0.3 * y))


def power_divide(x, y):
    return np.sum(np.power(x, 3.0) / (1.0 + np.negative(y) ** 2) + np.divide(x, 2.0 + y * y))


def arith_ops(x, y):
    z = np.add(x, y) * np.subtract(x, 2.0 * y) - np.multiply(x, x) / 3.0
    return np.sum(-z + x ** 2 - (y - x) ** 3)


def reductions_axis(x):
    s = np.sum(x, axis=0)
    m = np.mean(x, axis=1, keepdims=True)
    return np.sum(s * s) + np.sum((x - m) ** 2) + np.mean(np.min(x, axis=1))


def logsumexp_rows(x):
    mx = np.max(x, axis=1, keepdims=True)
    e = np.exp(x - mx)
    return np.sum(np.log(np.sum(e, axis=1, keepdims=True)) + mx)


def broadcast_bias(x, b):
    return np.sum(np.tanh(x + b) * b)


def where_leaky(x):
    return np.sum(np.where(x > 0.0, x, 0.1 * x) ** 2)


def matmul_transpose(W, x):
    h = W @ x
    return np.sum(h.T @ h)


def linalg_calls(A, B):
    C = np.dot(A, B) + np.matmul(A, B)
    D = np.transpose(C) @ A
    return np.sum(np.reshape(D, (-1,)) ** 2)


def vector_quadratic(v, W):
    return v @ W @ v


def index_slices(x):
    a = x[1:4]
    b = x[::2]
    return x[0] * np.sum(a * a) + np.sum(b) * x[-1]


def index_2d(X):
    top = X[0]
    block = X[1:3, 0:2]
    col = X[:, 1]
    return np.sum(top * top) + np.sum(np.sin(block)) + np.sum(col) * X[2, 2]


def python_floats(a, b):
    c = a * a + 3.0
    d = c / b
    return d - a ** 2.5 + abs(b)


def float_times_array(s, x):
    return np.sum(s * x + s ** 2) * s


def float32_mlp(W, x):
    return np.sum(np.tanh(W @ x) ** 2)


def float32_elementwise(x):
    return np.sum(np.exp(-x * x) * 0.5 + x)


def mean_axes(x):
    return np.sum(np.mean(x, axis=(0, 2), keepdims=True) ** 2) + np.sum(np.max(x, axis=0, keepdims=True))


def vector_transpose(v, W):
    return np.sum(v.T @ W.T) + np.dot(v, v)


def fancy_index(x):
    y = x[[0, 2, 0]]
    z = x[1:][::-1]
    return np.sum(y * y) + np.sum(z * np.arange(3.0))


def float_int_mix(a, n):
    b = a * n + n
    c = b / n
    return c ** 2


def pow_floats(a, b):
    return a ** b + b ** 2.0


def alias_reassign(x):
    a = x
    b = x
    c = a * b
    a = c + b
    return np.sum(a * b)


def sum_of_inputs(x, y):
    return np.sum(x + y)


def module_constants(x):
    return np.sum(tanh(x * DECAY) * np.pi)


# -- one level of control flow (depth 1) ---------------------------------------------------
def if_elif_else(x):
    s = np.sum(x)
    if s > 1.0:
        y = x * x
    elif s > -1.0:
        y = np.sin(x)
    else:
        y = -3.0 * x
    return np.sum(y)


def if_python_float(a, b):
    if a > b:
        c = a * b
    else:
        c = a - b * b
    return c * a


def for_range_data(x):
    n = int(np.sum(np.abs(x))) + 1
    y = x
    for i in range(n):
        y = y * 0.9 + np.sin(y)
    return np.sum(y)


def for_range_start_step(x, n):
    y = x
    for i in range(1, n, 2):
        y = y * np.cos(y * i)
    return np.sum(y)


def for_rows(X, w):
    total = 0.0
    for row in X:
        total = total + np.sum(np.tanh(row * w))
    return total


def for_list(x, y):
    items = [x, y, x * y]
    acc = 0.0
    for v in items:
        acc = acc + np.sum(np.sin(v))
    return acc


def for_list_coefficients(x):
    y = x
    for c in [0.5, -1.5, 2.0]:
        y = np.sin(y * c) + x
    return np.sum(y)


def while_array(x):
    y = x
    while np.sum(y * y) > 0.1:
        y = y * 0.5
    return np.sum(y * x)


def while_python_float(a):
    b = a
    while b < 10.0:
        b = b * 1.5 + 0.1
    return b * a


def loop_reassign(x):
    y = x
    z = x
    for i in range(3):
        z = y * z
        y = np.sin(z)
    return np.sum(y + z)


def branch_reassign(x, y):
    z = x * y
    if np.sum(z) > 0.0:
        z = np.tanh(z)
        y = y * z
    else:
        x = x * 2.0
    return np.sum(x * y + z)


def augassign_loop(x, n):
    acc = x * 0.0
    for i in range(n):
        acc += np.sin(x * (i + 1.0))
    return np.sum(acc * acc)


def recursion_sum(x, n):
    if n <= 1:
        r = np.sin(x)
    else:
        r = np.sin(x) + recursion_sum(x * 0.9, n - 1)
    return r


def recursion_top(x):
    return np.sum(recursion_sum(x, 4))


def recursion_pow(a, n):
    if n == 0:
        r = 1.0
    else:
        r = a * recursion_pow(a, n - 1)
    return r


def helper_scaled(x, scale=2.0):
    return np.tanh(x) * scale


def call_twice_kwargs(x):
    return np.sum(helper_scaled(x, scale=3.0) + helper_scaled(x * x))


def helper_inner(a, b):
    return a * np.exp(-b)


def helper_outer(a, b):
    return helper_inner(b, a) + helper_inner(a, b)


def call_chain(x, y):
    return np.sum(helper_outer(x, y) * y)


def mutual_even(x, n):
    if n == 0:
        r = x
    else:
        r = mutual_odd(x * 1.1, n - 1)
    return r


def mutual_odd(x, n):
    if n == 0:
        r = np.sin(x)
    else:
        r = mutual_even(np.cos(x), n - 1)
    return r


def mutual_top(x, n):
    return np.sum(mutual_even(x, n))


def float_accumulator(x, n):
    s = 0.0
    for i in range(n):
        s += x[i] * x[i]
    return s


def inplace_through_alias(x):
    y = x * 1.0
    z = y
    z += 1.0
    return np.sum(y * y)


def inplace_through_view(X):
    Y = X * 1.0
    r = Y[0]
    r += 2.0
    return np.sum(Y * X)


def float_augassign_copy(a):
    b = a
    b += 1.0
    return a * b


def swap_in_loop(a, b):
    for i in range(3):
        a, b = b, a * b + 0.5
    return a - b


def float32_while(x):
    y = x
    while np.sum(y * y) > 0.5:
        y = y * 0.5 + 0.01
    return np.sum(y)


def pair(a, b):
    return a * b + a


def same_arg_twice(x):
    return np.sum(pair(x, x))


def tree_recursion(x, n):
    if n <= 1:
        r = x
    else:
        r = tree_recursion(np.sin(x), n - 1) + tree_recursion(x * 0.5, n - 2)
    return r


def tree_recursion_top(x):
    return np.sum(tree_recursion(x, 4))


def rec_python_float(a, n):
    if n <= 0:
        r = a
    else:
        b = a * 0.9
        r = rec_python_float(b, n - 1) * a + np.sin(b)
    return r


def while_counter_bound(x):
    y = x
    n = 0
    while np.max(y) < 2.0:
        y = y * 1.3 + 0.05
        n = n + 1
    for i in range(n):
        y = y - 0.01 * y * y
    return np.sum(y)


# -- two levels (depth 2) ------------------------------------------------------------------
def if_in_for(x, n):
    y = x
    for i in range(n):
        if np.sum(y) > 0.0:
            y = np.tanh(y) * x
        else:
            y = y * y + 1.0
    return np.sum(y * y)


def for_in_if(x):
    if np.mean(x) > 0.0:
        y = x
        for i in range(3):
            y = np.sin(y) + x
    else:
        y = x * x
    return np.sum(y)


def nested_for(X):
    total = 0.0
    n = X.shape[0]
    for i in range(n):
        for j in range(i + 1):
            total = total + X[i, j] * X[j, i]
    return total


def while_in_for(x):
    y = x
    for i in range(2):
        while np.sum(np.abs(y)) > 1.0:
            y = y * 0.7
        y = y * 3.0
    return np.sum(y * y)


def if_in_rows(X, w):
    acc = 0.0
    for row in X:
        s = np.sum(row * w)
        if s > 0.0:
            acc = acc + s * s
        else:
            acc = acc - np.sin(s)
    return acc


def call_in_loop(x, n):
    y = x
    for i in range(n):
        y = helper_scaled(y, scale=0.5) + x
    return np.sum(y)


def recursion_with_loop(x, n):
    y = x
    for i in range(2):
        y = np.cos(y)
    if n > 0:
        y = y + recursion_with_loop(y * 0.5, n - 1)
    return y


def recursion_loop_top(x):
    return np.sum(recursion_with_loop(x, 2))


def matmul_in_loop(W, x):
    h = x
    for i in range(3):
        h = np.tanh(W @ h)
    return np.sum(h)


def elif_in_while(a):
    b = a
    k = 0.0
    while k < 4.0:
        if b > 2.0:
            b = b * 0.5
        elif b > 1.0:
            b = b * b
        else:
            b = b + 1.0
        k = k + 1.0
    return b * a


def float32_loop(x, n):
    y = x
    for i in range(n):
        if np.sum(y) > 0.0:
            y = y * 0.5 - x
        else:
            y = np.tanh(y) + x
    return np.sum(y * y)


def if_in_for_len(x):
    s = 0.0
    for i in range(len(x)):
        if x[i] > 0.0:
            s = s + x[i] ** 2
        else:
            s = s - x[i]
    return s


def for_in_while_reassigned_bound(x):
    m = 0
    y = x
    while np.sum(y) < 3.0:
        m = m + 1
        for i in range(m):
            y = y + 0.1 * np.exp(-y)
    return np.sum(y * y)


def rec_in_loop(x, n):
    y = x
    if n > 0:
        for i in range(2):
            y = rec_in_loop(np.tanh(y), n - 1) * 0.5 + y
    return y


def rec_in_loop_top(x):
    return np.sum(rec_in_loop(x, 2))


def matmul_T_loop(W, X):
    H = X
    for i in range(2):
        H = np.tanh(H @ W.T)
    return np.sum(H @ W)


# -- three levels (depth 3) ----------------------------------------------------------------
def if_in_for_in_while(x):
    y = x
    k = 0
    while k < 2:
        for i in range(3):
            if np.sum(y) > 0.0:
                y = np.sin(y) * x
            else:
                y = y * y
        k = k + 1
    return np.sum(y)


def triple_for(x):
    y = x
    for i in range(2):
        for j in range(2):
            for k in range(i + j + 1):
                y = np.tanh(y * (1.0 + 0.1 * k)) + x
    return np.sum(y)


def if_in_if_in_for(x, n):
    y = x
    for i in range(n):
        if np.sum(y) > 0.0:
            if np.max(y) > 1.0:
                y = y * 0.5
            else:
                y = y + np.cos(y)
        else:
            y = -y + 0.3
    return np.sum(y * x)


def rows_if_call(X, w):
    acc = 0.0
    for i in range(X.shape[0]):
        row = X[i]
        for j in range(2):
            if np.sum(row) > 0.0:
                row = helper_scaled(row * w)
            else:
                row = row * row
        acc = acc + np.sum(row)
    return acc


def while_for_if_floats(a, b):
    c = a
    t = 0.0
    while t < 2.0:
        for i in range(2):
            if c > b:
                c = c - b * 0.5
            else:
                c = c * 1.5 + b
        t = t + 1.0
    return c * c


def looping_callee(x, n):
    y = x
    for i in range(n):
        if np.sum(y) > 0.0:
            y = np.sin(y) * x
        else:
            y = y * y
    return y


def callee_in_while(x):
    y = x
    k = 0
    while k < 3:
        y = looping_callee(y, k + 1) + 0.1
        k = k + 1
    return np.sum(y)


def nested_call_args(x):
    return np.sum(looping_callee(looping_callee(x, 2), 1))

"""Control flow mixed with in-place stores, lists and early exits."""

import numpy as np

rng = np.random.default_rng(14)


def while_store(x):
    y = np.zeros(len(x))
    i = 0
    while i < len(x) and x[i] < 1.5:
        y[i] = x[i] * x[i]
        i += 1
    return np.sum(y) + i * np.sum(x)


def nested_break_store(X):
    out = np.zeros(X.shape[0])
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            if X[i, j] < -0.5:
                break
            out[i] += X[i, j] ** 2
    return np.sum(out * np.arange(1, X.shape[0] + 1))


def for_else_store(x):
    y = x.copy()
    for i in range(len(x)):
        if y[i] > 2.0:
            y[i] = 0.0
            break
        y[i] = y[i] * 1.5
    else:
        y[-1] = y[-1] ** 2
    return np.sum(y ** 2)


def return_in_loop_store(x):
    y = np.zeros_like(x)
    for i in range(len(x)):
        y[i] = np.sin(x[i])
        if y[i] > 0.9:
            return np.sum(y) * x[i]
    return np.sum(y ** 2)


def recursive_store(x, k):
    if k == 0:
        return x
    y = x.copy()
    y[k % len(x)] = y[k % len(x)] * y[0] + 0.1
    return recursive_store(np.sin(y), k - 1)


def rec_store_entry(x):
    return np.sum(recursive_store(x, 4) ** 2)


def continue_accumulate(x):
    acc = np.zeros(2)
    for i, v in enumerate(x):
        if v < 0:
            continue
        acc[i % 2] += v * v
        acc[(i + 1) % 2] -= 0.5 * v
    return acc[0] * acc[1]


def while_list_growth(x0):
    xs = [x0]
    while len(xs) < 6:
        xs.append(np.cos(xs[-1]) * 0.9 + 0.1 * xs[0])
    return np.sum(np.stack(xs) ** 2)


def branch_on_store(x):
    y = np.empty(3)
    y[0] = x[0]
    y[1] = x[1] if x[1] > 0 else -x[1]
    if y[1] > y[0]:
        y[2] = y[1] * y[0]
    else:
        y[2] = y[0] ** 2
    return np.sum(y * np.array([1.0, 2.0, 3.0]))


def while_true_newton(a):
    x = np.ones_like(a)
    while True:
        dx = (x * x * x - a) / (3 * x * x)
        x = x - dx
        if np.max(np.abs(dx)) < 1e-12:
            break
    return np.sum(x * a)


def ode_list_of_states(y0, k):
    states = [y0]
    t = 0.0
    while t < 1.0:
        y = states[-1]
        states.append(y + 0.1 * (-k * y + np.sin(t)))
        t += 0.1
    return np.sum(np.array(states) ** 2)


def swap_rows(X):
    Y = X.copy()
    for i in range(Y.shape[0] - 1):
        if Y[i, 0] < Y[i + 1, 0]:
            tmp = Y[i].copy()
            Y[i] = Y[i + 1]
            Y[i + 1] = tmp
    return np.sum(Y * np.arange(Y.size).reshape(Y.shape))


def bubble_sort_loss(x):
    y = x.copy()
    n = len(y)
    for i in range(n):
        for j in range(n - 1 - i):
            if y[j] > y[j + 1]:
                y[j], y[j + 1] = y[j + 1], y[j]
    return np.sum(y * np.arange(n))


def bubble_sort_tmp(x):
    y = x.copy()
    n = len(y)
    for i in range(n):
        for j in range(n - 1 - i):
            if y[j] > y[j + 1]:
                t = y[j]
                y[j] = y[j + 1]
                y[j + 1] = t
    return np.sum(y * np.arange(n))


def reverse_inplace(x):
    y = x * 1.0
    y[:] = y[::-1]
    return np.sum(y * np.arange(len(y)))


def rotate_inplace(x):
    y = x * 1.0
    y[1:], y[0] = y[:-1].copy(), y[-1]
    return np.sum(y * np.arange(len(y)))


def swap_elements(x):
    y = x * 1.0
    y[0], y[2] = y[2], y[0]
    return np.sum(y * np.arange(len(y)))


def swap_rows_tuple(X):
    Y = X * 1.0
    Y[0], Y[1] = Y[1], Y[0]
    return np.sum(Y * np.arange(Y.size).reshape(Y.shape))


def swap_rows_fancy(X):
    Y = X * 1.0
    Y[[0, 1]] = Y[[1, 0]]
    return np.sum(Y * np.arange(Y.size).reshape(Y.shape))


x5 = rng.standard_normal(5)
CASES = [
    dict(f=while_store, args=(np.array([0.3, -0.8, 1.1, 2.0, 0.4]),), wrt=0),
    dict(f=nested_break_store, args=(rng.standard_normal((3, 4)),), wrt=0),
    dict(f=for_else_store, args=(x5,), wrt=0),
    dict(f=for_else_store, args=(np.array([0.5, 3.0, 1.0]),), wrt=0, name="for_else_store_break"),
    dict(f=return_in_loop_store, args=(np.array([0.1, 0.5, 1.3, 0.2]),), wrt=0),
    dict(f=rec_store_entry, args=(x5,), wrt=0),
    dict(f=continue_accumulate, args=(x5,), wrt=0),
    dict(f=while_list_growth, args=(x5,), wrt=0),
    dict(f=branch_on_store, args=(np.array([0.3, -0.8, 1.1]),), wrt=0),
    dict(f=while_true_newton, args=(np.abs(x5) + 0.5,), wrt=0, tol=1e-4),
    dict(f=ode_list_of_states, args=(x5, 0.7), wrt=(0, 1)),
    dict(f=swap_rows, args=(rng.standard_normal((4, 2)),), wrt=0),
    dict(f=bubble_sort_loss, args=(x5,), wrt=0),
    dict(f=bubble_sort_tmp, args=(x5,), wrt=0),
    dict(f=reverse_inplace, args=(x5,), wrt=0),
    dict(f=rotate_inplace, args=(x5,), wrt=0),
    dict(f=swap_elements, args=(x5,), wrt=0),
    dict(f=swap_rows_tuple, args=(rng.standard_normal((3, 2)),), wrt=0),
    dict(f=swap_rows_fancy, args=(rng.standard_normal((3, 2)),), wrt=0),
]

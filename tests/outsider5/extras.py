"""Odds and ends written while probing: queues and stacks of floats, a recursive tree of dicts,
dict accumulation with get, static and class methods as namespaces, rows of fresh lists,
FFT convolution and low-pass filtering, reductions over tuples of axes and with where=."""

import numpy as np

K6 = np.array([0.5, 0.2, -0.1, 0.0, 0.0, 0.0])
MASK = np.array([[True, False, True], [True, True, False]])


class Ops:
    scale = 2.0

    @staticmethod
    def act(x):
        return np.tanh(x) * 2.0

    @classmethod
    def scaled(cls, x):
        return x * cls.scale


def bfs_queue(x):
    queue = [x[0], x[1]]
    total = 0.0
    steps = 0
    while len(queue) > 0 and steps < 5:
        v = queue.pop(0)
        total = total + v * v
        if steps < 2:
            queue.append(v * 0.5 + x[2])
        steps += 1
    return total


def dfs_stack(x):
    st = [x[0]]
    out = 0.0
    for _ in range(4):
        if not st:
            break
        v = st.pop()
        out = out + np.sin(v)
        if v > 0.1:
            st.append(v * 0.5)
            st.append(v - 0.2)
    return out


def tree_sum(x, lo, hi):
    if hi - lo == 1:
        return {"s": x[lo], "q": x[lo] ** 2}
    mid = (lo + hi) // 2
    a = tree_sum(x, lo, mid)
    b = tree_sum(x, mid, hi)
    return {"s": a["s"] + b["s"], "q": a["q"] + b["q"] + a["s"] * b["s"]}


def recursive_dicts(x):
    r = tree_sum(x, 0, len(x))
    return r["q"] * 2.0 + r["s"]


def accumulate_with_get(x, labels):
    totals = {}
    for v, lab in zip(x, labels):
        totals[lab] = totals.get(lab, 0.0) + v ** 2
    return totals["a"] * 2.0 + totals["b"]


def static_method_namespace(x):
    return np.sum(Ops.act(x) ** 2)


def class_method_namespace(x):
    return np.sum(Ops.scaled(x) ** 2)


def rows_of_fresh_lists(x):
    rows = []
    for i in range(2):
        r = []
        r.append(x[i])
        r.append(x[i + 1] * 3.0)
        rows.append(r)
    return rows[0][1] * rows[1][1]


def fft_convolution(x):
    return np.sum(np.fft.irfft(np.fft.rfft(x) * np.fft.rfft(K6), n=6) ** 2)


def fft_lowpass(x):
    X = np.fft.rfft(x)
    X[3:] = 0.0
    return np.sum(np.fft.irfft(X, n=len(x)) ** 2)


def tuple_axes_where(X):
    return (np.sum(np.max(X.reshape(1, 2, 3), axis=(0, 1)) ** 2) + np.sum(X ** 2, where=MASK)
            + np.max(X, where=MASK, initial=-10.0))


def mean_where(X):
    return np.mean(X ** 2, where=MASK)


def dunder_setitem(x):
    y = np.zeros(3)
    np.ndarray.__setitem__(y, 0, x[1] * 3.0)
    return np.sum(y * x)


def dunder_imul(x):
    y = x * 1.0
    y.__imul__(2.0)
    return np.sum(y * x)


X3 = np.array([0.37, -0.7, 1.2])
X6 = np.array([0.3, -0.7, 1.2, 0.5, -0.2, 0.9])
X23 = np.array([[0.3, -0.7, 1.2], [0.9, 0.1, -0.4]])

CASES = [
    dict(f=bfs_queue, args=(X3,), wrt=0),
    dict(f=dfs_stack, args=(X3,), wrt=0),
    dict(f=recursive_dicts, args=(np.array([0.3, -0.7, 1.2, 0.5]),), wrt=0),
    dict(f=accumulate_with_get, args=(np.array([0.3, -0.7, 1.2, 0.5]), ["a", "b", "a", "b"]), wrt=0),
    dict(f=static_method_namespace, args=(X3,), wrt=0),
    dict(f=class_method_namespace, args=(X3,), wrt=0),
    dict(f=rows_of_fresh_lists, args=(X3,), wrt=0),
    dict(f=fft_convolution, args=(X6,), wrt=0),
    dict(f=fft_lowpass, args=(X6,), wrt=0),
    dict(f=tuple_axes_where, args=(X23,), wrt=0),
    dict(f=mean_where, args=(X23,), wrt=0),
    dict(f=dunder_setitem, args=(X3,), wrt=0),
    dict(f=dunder_imul, args=(X3,), wrt=0),
]

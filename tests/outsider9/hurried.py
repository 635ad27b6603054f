"""More code written in a hurry: standard-library helpers (statistics, operator, collections),
np.vectorize, ufunc reductions of lists, batched attention by reshape/transpose, drawdowns,
augmented matrix products, generators that delegate."""

import collections
import functools
import itertools
import operator
import statistics
from collections import defaultdict

import numpy as np
from scipy.linalg import cholesky, solve_triangular

_r = np.random.default_rng(101)
X6 = np.array([0.5, -1.2, 0.8, 2.0, -0.3, 1.1])
M3 = np.array([[0.3, -0.2, 0.5], [0.1, 0.4, -0.3], [0.2, 0.1, 0.6]])
Q = _r.standard_normal((4, 6))
PRICES = np.array([100.0, 103.0, 101.0, 106.0, 102.0, 104.5])


def stats_mean(x):
    return statistics.mean([v * v for v in x])


def stats_fmean_stdev(x):
    return statistics.fmean(x.tolist()) + statistics.pstdev(x.tolist())


def operator_mul_map(x):
    w = [0.5, 1.0, -1.0, 2.0, 0.1, 0.3]
    return sum(map(operator.mul, w, x))


def starmap_mul(x):
    return sum(itertools.starmap(operator.mul, zip(x, x[::-1])))


def reduce_mul_operator(x):
    return functools.reduce(operator.mul, x[:4], 1.0)


def vectorized_python(x):
    def f(v):
        return v * v if v > 0 else 0.5 * v
    return np.sum(np.vectorize(f)(x))


def defaultdict_accumulate(x):
    groups = [0, 1, 0, 2, 1, 2]
    acc = defaultdict(float)
    for g, v in zip(groups, x):
        acc[g] += v * v
    return acc[0] * 1.0 + acc[1] * 2.0 + acc[2] * 3.0


def setdefault_accumulate(x):
    acc = {}
    for i, v in enumerate(x):
        acc.setdefault(i % 2, []).append(v)
    return sum(v ** 2 for v in acc[0]) - sum(acc[1])


def counter_weights(x):
    counts = collections.Counter([0, 1, 1, 3, 3, 3])
    return sum(c * x[k] for k, c in counts.items())


def minimum_reduce_list(p):
    d1 = np.linalg.norm(p - np.array([0.5, 0.0, 0.0])) - 0.3
    d2 = np.linalg.norm(p - np.array([-0.5, 0.2, 0.0])) - 0.4
    d3 = p[2] + 1.0
    return np.minimum.reduce([d1, d2, d3])


def reduce_np_minimum(p):
    ds = [np.linalg.norm(p - c) - 0.2 for c in (np.zeros(3), np.ones(3), -np.ones(3))]
    return functools.reduce(np.minimum, ds)


def batched_heads(X, Wq):
    n, d = X.shape
    h = 2
    q = (X @ Wq).reshape(n, h, d // h).transpose(1, 0, 2)
    k = X.reshape(n, h, d // h).transpose(1, 0, 2)
    s = q @ k.transpose(0, 2, 1) / np.sqrt(d // h)
    a = np.exp(s - s.max(-1, keepdims=True))
    a = a / a.sum(-1, keepdims=True)
    out = (a @ k).transpose(1, 0, 2).reshape(n, d)
    return np.sum(out ** 2)


def einsum_ellipsis(X, W):
    return np.sum(np.einsum("...ij,jk->...ik", X.reshape(2, 2, 6), W) ** 2)


def swap_moveaxis(X):
    Y = np.moveaxis(X.reshape(2, 2, 6), 0, -1)
    return np.sum(np.swapaxes(Y, 0, 1) ** 2 * np.arange(24.0).reshape(6, 2, 2))


def max_drawdown(p):
    wealth = np.cumprod(1 + np.diff(p) / p[:-1])
    peak = np.maximum.accumulate(wealth)
    return np.min(wealth / peak - 1)


def log_returns_vol(p):
    r = np.diff(np.log(p))
    return np.std(r) * np.sqrt(252)


def chol_kalman_loglik(R):
    S = M3 @ M3.T + R * np.eye(3)
    L = cholesky(S, lower=True)
    z = solve_triangular(L, np.array([0.3, -0.1, 0.4]), lower=True)
    return -0.5 * z @ z - np.sum(np.log(np.diag(L)))


def yield_from_gen(x):
    def inner(v):
        yield v * v
        yield np.sin(v)

    def outer(xs):
        for v in xs:
            yield from inner(v)
    return sum(outer(x))


def memo_recursion(x):
    memo = {}

    def fib(n):
        if n < 2:
            return x[n]
        if n not in memo:
            memo[n] = fib(n - 1) * 0.5 + fib(n - 2)
        return memo[n]
    return fib(5)


def enumerate_reversed(x):
    return sum(i * v for i, v in enumerate(reversed(x)))


def enumerate_zip_start(x):
    total = 0.0
    for i, (a, b) in enumerate(zip(x, x[1:]), start=1):
        total += i * a * b
    return total


def zip_star_transpose(M):
    rows = M.tolist()
    cols = list(zip(*rows))
    return sum(c[0] * c[1] - c[2] for c in cols)


def tolist_max(x):
    lst = x.tolist()
    return max(lst) - min(lst) + sum(lst) / len(lst)


def accumulate_mul_list(x):
    return list(itertools.accumulate(x[:4], operator.mul))[-1]


def pad_reflect_diff(x):
    return np.sum(np.diff(np.pad(x, 2, mode="reflect")) ** 2)


def pad_constant_value(x):
    return np.sum(np.convolve(np.pad(x, (1, 1), constant_values=0.5), [1.0, -2.0, 1.0], mode="valid") ** 2)


def arctan2_angles(P):
    ang = np.arctan2(P[:, 1], P[:, 0])
    return np.sum(np.sin(2 * ang))


def hypot_dist(P):
    return np.sum(np.hypot(P[:, 0] - 0.1, P[:, 1] + 0.2))


def cross_axis(P):
    return np.sum(np.cross(P[:2], P[2:4], axis=1) ** 2)


def quat_mul(q, r):
    w1, x1, y1, z1 = q
    w2, x2, y2, z2 = r
    w = w1 * w2 - x1 * x2 - y1 * y2 - z1 * z2
    x = w1 * x2 + x1 * w2 + y1 * z2 - z1 * y2
    y = w1 * y2 - x1 * z2 + y1 * w2 + z1 * x2
    z = w1 * z2 + x1 * y2 - y1 * x2 + z1 * w2
    return w * 1.0 + x * 2.0 + y * 3.0 + z * 4.0


def matrix_power_aug(A):
    B = np.eye(3)
    for _ in range(3):
        B @= A
    return np.trace(B)


def gram_schmidt_aug(A):
    Q = A.copy()
    for j in range(3):
        for k in range(j):
            Q[:, j] -= (Q[:, k] @ Q[:, j]) * Q[:, k]
        Q[:, j] /= np.linalg.norm(Q[:, j])
    return np.sum(Q * np.arange(9.0).reshape(3, 3))


def global_norm_clip(params):
    total = np.sqrt(sum(np.sum(p ** 2) for p in params.values()))
    scale = min(1.0, 1.0 / total)
    return sum(np.sum(np.sin(p * scale)) for p in params.values())


P4 = _r.standard_normal((4, 3))

CASES = [
    dict(f=stats_mean, args=(X6,)),
    dict(f=stats_fmean_stdev, args=(X6,)),
    dict(f=operator_mul_map, args=(X6,)),
    dict(f=starmap_mul, args=(X6,)),
    dict(f=reduce_mul_operator, args=(X6,)),
    dict(f=vectorized_python, args=(X6,)),
    dict(f=defaultdict_accumulate, args=(X6,)),
    dict(f=setdefault_accumulate, args=(X6,)),
    dict(f=counter_weights, args=(X6,)),
    dict(f=minimum_reduce_list, args=(np.array([0.2, 0.1, -0.3]),)),
    dict(f=reduce_np_minimum, args=(np.array([0.2, 0.5, 0.3]),)),
    dict(f=batched_heads, args=(Q, _r.standard_normal((6, 6)) * 0.3), wrt=0, alt=1),
    dict(f=einsum_ellipsis, args=(Q, _r.standard_normal((6, 2))), wrt=0, alt=1),
    dict(f=swap_moveaxis, args=(Q,)),
    dict(f=max_drawdown, args=(PRICES,)),
    dict(f=log_returns_vol, args=(PRICES,)),
    dict(f=chol_kalman_loglik, args=(0.5,)),
    dict(f=yield_from_gen, args=(X6,)),
    dict(f=memo_recursion, args=(X6,)),
    dict(f=enumerate_reversed, args=(X6,)),
    dict(f=enumerate_zip_start, args=(X6,)),
    dict(f=zip_star_transpose, args=(M3,)),
    dict(f=tolist_max, args=(X6,)),
    dict(f=accumulate_mul_list, args=(X6,)),
    dict(f=pad_reflect_diff, args=(X6,)),
    dict(f=pad_constant_value, args=(X6,)),
    dict(f=arctan2_angles, args=(P4,)),
    dict(f=hypot_dist, args=(P4,)),
    dict(f=cross_axis, args=(P4,)),
    dict(f=quat_mul, args=(np.array([0.9, 0.1, -0.3, 0.2]), np.array([0.5, 0.5, 0.1, -0.7])), wrt=0, alt=1),
    dict(f=matrix_power_aug, args=(M3,)),
    dict(f=gram_schmidt_aug, args=(M3 + np.eye(3),)),
    dict(f=global_norm_clip, args=({"W": M3, "b": X6[:3]},)),
]

"""Where scientific code meets NumPy's corners: duplicate indices in fancy stores, overlapping
slice copies, hand-written tridiagonal solves, products with a zero factor, powers of zero,
cube roots of negatives, the math module's less common functions, interpolation."""
import functools
import math

import numpy as np
from scipy.linalg import expm
from scipy.special import xlogy


def duplicate_index_store(x):
    y = np.zeros(3)
    y[[0, 0, 2]] = x[:3]
    return np.sum(y * np.array([1.0, 2.0, 3.0]))


def duplicate_index_store_copy(x):
    y = x.copy()
    y[np.array([1, 1])] = x[2:4]
    return np.sum(y ** 2)


def overlapping_shift(x):
    y = x.copy()
    y[1:] = y[:-1]
    return np.sum(y * np.arange(1.0, y.size + 1))


def overlapping_add(x):
    y = x.copy()
    y[:-1] += y[1:]
    return np.sum(y ** 2)


def overlapping_reverse_copy(x):
    y = x.copy()
    y[:] = y[::-1]
    return np.sum(y * np.arange(y.size))


def thomas_algorithm(d):
    n = d.size
    a = np.full(n, -1.0)
    b = np.full(n, 4.0)
    c = np.full(n, -1.0)
    cp = np.zeros(n)
    dp = np.zeros(n)
    cp[0] = c[0] / b[0]
    dp[0] = d[0] / b[0]
    for i in range(1, n):
        m = b[i] - a[i] * cp[i - 1]
        cp[i] = c[i] / m
        dp[i] = (d[i] - a[i] * dp[i - 1]) / m
    x = np.zeros(n)
    x[-1] = dp[-1]
    for i in range(n - 2, -1, -1):
        x[i] = dp[i] - cp[i] * x[i + 1]
    return np.sum(x ** 2)


def thomas_inplace_diag(b):
    n = b.size
    d = np.ones(n)
    bb = b.copy()
    dd = d.copy()
    for i in range(1, n):
        w = -1.0 / bb[i - 1]
        bb[i] -= w * -1.0
        dd[i] -= w * dd[i - 1]
    x = np.zeros(n)
    x[n - 1] = dd[n - 1] / bb[n - 1]
    for i in reversed(range(n - 1)):
        x[i] = (dd[i] + x[i + 1]) / bb[i]
    return x @ x


def prod_with_zero(x):
    return np.prod(x)


def cumprod_with_zero(x):
    return np.sum(np.cumprod(x))


def power_of_zero_base(p):
    x = np.array([0.0, 0.5, 2.0])
    return np.sum(x ** p)


def power_zero_base_wrt_base(x):
    return np.sum(x ** 3.0) + np.sum(x ** 2)


def cbrt_negative(x):
    return np.sum(np.cbrt(x))


def fractional_power_negative_int(x):
    return np.sum(x ** 3.0 + np.power(x, 2))


def mod_and_floor(x):
    return np.sum(np.mod(x, 1.0) ** 2 + np.floor(x) * x + x % 0.7 + np.fmod(x, 0.9))


def floor_divide_and_round(x):
    return np.sum((x // 0.5) * x + np.round(x, 1) + np.trunc(x) * x ** 2)


def arctan2_hypot(x, y):
    return np.sum(np.arctan2(y, x) + np.hypot(x, y))


def exotic_ufuncs(x):
    return np.sum(np.sinc(x) + np.expm1(x) + np.log2(x + 2) + np.logaddexp2(x, 0.5) + np.reciprocal(x + 3))


def math_module_corners(x):
    a, b = x[0], x[1]
    return (math.erf(a) + math.gamma(b) + math.lgamma(b) + math.log1p(a) + math.expm1(a)
            + math.pow(b, 1.5) + math.log(b, 2) + math.atan2(a, b) + math.copysign(a, -1.0) + math.fmod(b, 0.7))


def math_tanh_cosh_degrees(x):
    return math.tanh(x) + math.cosh(x) + math.radians(x * 30) + math.degrees(x) / 100 + math.asinh(x)


def interp_values(fp):
    xp = np.array([0.0, 1.0, 2.0, 3.0])
    return np.sum(np.interp(np.array([0.5, 1.7, 2.2]), xp, fp) ** 2)


def interp_query(q):
    xp = np.array([0.0, 1.0, 2.0, 3.0])
    fp = np.array([0.0, 2.0, 1.0, 3.0])
    return np.sum(np.interp(q, xp, fp))


def searchsorted_bins(x):
    edges = np.array([0.0, 0.5, 1.0, 1.5])
    k = np.searchsorted(edges, x)
    w = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    return np.sum(w[k] * x ** 2)


def partial_rhs(k):
    def rhs(y, k, c):
        return -k * y + c
    f = functools.partial(rhs, k=k, c=0.5)
    y = 1.0
    for _ in range(10):
        y = y + 0.1 * f(y)
    return y


class Decay:
    def __init__(self, k):
        self.k = k

    def __call__(self, y):
        return -self.k * y


def callable_object_rhs(k):
    f = Decay(k)
    y = np.array([1.0, 2.0])
    for _ in range(10):
        y = y + 0.1 * f(y)
    return np.sum(y)


def vectorize_scalar_fn(x):
    def huber(r):
        return 0.5 * r * r if abs(r) < 1 else abs(r) - 0.5
    return np.sum(np.vectorize(huber)(x))


def eigh_pca_loss(X):
    C = X.T @ X
    w, V = np.linalg.eigh(C)
    return w[-1] + np.sum(w[:-1])


def expm_scipy(A):
    return np.sum(expm(A))


def kron_tensordot(A, B):
    return np.sum(np.kron(A, B) ** 2) + np.sum(np.tensordot(A, B, axes=1))


def heaviside_weighted(x):
    return np.sum(np.heaviside(x, 0.5) * x ** 2)


def nonzero_indices(x):
    idx = np.nonzero(x > 0.2)[0]
    return np.sum(x[idx] ** 3)


def abs_at_branch_free(x):
    return np.sum(np.abs(x) ** 3)


def copysign_sign(x):
    return np.sum(np.copysign(x ** 2, np.array([1.0, -1.0, 1.0])) + np.sign(x) * x)


def negative_step_store(x):
    y = np.zeros(6)
    y[::-2] = x
    return np.sum(y * np.arange(6.0))


def sort_inplace_copy(x):
    y = x.copy()
    y.sort()
    return np.sum(y * np.arange(1.0, y.size + 1))


def maximum_tie_free(x, y):
    return np.sum(np.maximum(x, y) ** 2 + np.fmax(x, 0.3) + np.fmin(y, 0.1))


def where_one_branch_nan(x):
    safe = np.where(x > 0, x, 1.0)
    return np.sum(np.where(x > 0, np.log(safe), 0.0))


def log_of_zero_masked(p):
    q = np.array([0.0, 0.3, 0.7])
    return np.sum(np.where(q > 0, q * np.log(q / p), 0.0))


def xlogy_scipy(p):
    q = np.array([0.0, 0.3, 0.7])
    return np.sum(xlogy(q, p))


_X = np.array([0.5, -0.3, 1.2, 0.8, -1.1])
CASES = [
    dict(f=duplicate_index_store, args=(_X,)),
    dict(f=duplicate_index_store_copy, args=(_X,)),
    dict(f=overlapping_shift, args=(_X,)),
    dict(f=overlapping_add, args=(_X,)),
    dict(f=overlapping_reverse_copy, args=(_X,)),
    dict(f=thomas_algorithm, args=(np.array([1.0, 2.0, 0.5, -1.0, 0.3]),)),
    dict(f=thomas_inplace_diag, args=(np.array([4.0, 3.0, 5.0, 4.5]),)),
    dict(f=prod_with_zero, args=(np.array([0.0, 2.0, 3.0]),)),
    dict(f=cumprod_with_zero, args=(np.array([2.0, 0.0, 3.0]),)),
    dict(f=power_of_zero_base, args=(1.7,)),
    dict(f=power_zero_base_wrt_base, args=(np.array([0.0, 0.5, 2.0]),)),
    dict(f=cbrt_negative, args=(np.array([-8.0, 0.5, 2.0]),)),
    dict(f=fractional_power_negative_int, args=(np.array([-2.0, 0.5, 1.5]),)),
    dict(f=mod_and_floor, args=(np.array([0.3, 1.45, -0.6]),)),
    dict(f=floor_divide_and_round, args=(np.array([0.3, 1.42, -0.62]),)),
    dict(f=arctan2_hypot, args=(np.array([0.5, -1.0, 2.0]), np.array([1.0, 0.5, -0.3])), wrt=0, alt=(0, 1)),
    dict(f=exotic_ufuncs, args=(np.array([0.5, -0.3, 1.2]),)),
    dict(f=math_module_corners, args=(np.array([0.4, 1.9]),)),
    dict(f=math_tanh_cosh_degrees, args=(0.7,)),
    dict(f=interp_values, args=(np.array([0.0, 2.0, 1.0, 3.0]),)),
    dict(f=interp_query, args=(np.array([0.5, 1.7, 2.2]),)),
    dict(f=searchsorted_bins, args=(np.array([0.2, 0.7, 1.3, 1.8]),)),
    dict(f=partial_rhs, args=(0.8,)),
    dict(f=callable_object_rhs, args=(0.8,)),
    dict(f=vectorize_scalar_fn, args=(np.array([0.5, -1.5, 0.2]),)),
    dict(f=eigh_pca_loss, args=(np.array([[1.0, 0.2, 0.0], [0.3, 1.5, 0.1], [-0.2, 0.4, 0.8], [0.5, 0.1, 0.3]]),)),
    dict(f=expm_scipy, args=(np.array([[0.1, 0.2], [-0.3, 0.05]]),)),
    dict(f=kron_tensordot, args=(np.array([[1.0, 0.5], [0.2, -0.3]]), np.array([[0.4, 0.1], [0.7, 0.2]])), wrt=0, alt=(0, 1)),
    dict(f=heaviside_weighted, args=(np.array([0.5, -0.3, 1.2]),)),
    dict(f=nonzero_indices, args=(np.array([0.5, -0.3, 1.2, 0.1]),)),
    dict(f=abs_at_branch_free, args=(np.array([0.5, -0.3, 1.2]),)),
    dict(f=copysign_sign, args=(np.array([0.5, -0.3, 1.2]),)),
    dict(f=negative_step_store, args=(np.array([0.5, -0.3, 1.2]),)),
    dict(f=sort_inplace_copy, args=(_X,)),
    dict(f=maximum_tie_free, args=(np.array([0.5, -0.3, 1.2]), np.array([0.2, 0.4, -0.5])), wrt=0, alt=(0, 1)),
    dict(f=where_one_branch_nan, args=(np.array([0.5, -0.3, 1.2]),)),
    dict(f=log_of_zero_masked, args=(np.array([0.2, 0.3, 0.5]),)),
    dict(f=xlogy_scipy, args=(np.array([0.2, 0.3, 0.5]),)),
]

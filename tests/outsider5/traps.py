"""Numerics traps: float32, mixed dtypes, 0-d arrays, shapes (1,), empty loops, np.where with
scalars, ties, kinks, overflow guards, keepdims and negative axes, int conversions."""

import math

import numpy as np

rng = np.random.default_rng(2)


def f32_mixed(x, w):
    # x float32, w float64: NumPy promotes to float64
    return np.sum(np.tanh(x * w) ** 2)


def f32_scalar_mul(x):
    y = x * 0.5 + np.float32(1.5)
    return np.sum(y * y)


def f32_mean_var(x):
    return x.var() + x.mean() ** 2


def zero_d_array(a, x):
    # a is a 0-d array
    return np.sum(np.exp(a * x)) + a ** 2


def shape_one(a, x):
    # a has shape (1,)
    y = a * x + a[0]
    return np.sum(y ** 2)


def zero_iterations(x, n):
    y = x
    for _ in range(n):
        y = np.sin(y) * 2.0
    return np.sum(y)


def while_never(x):
    y = x
    while np.sum(y) > 1e9:
        y = y / 2
    return np.sum(y * y)


def where_scalar_arms(x, a):
    return np.sum(np.where(x > 0, a, -a) * x)


def where_scalar_both(x, a, b):
    y = np.where(x > 0.1, a * 2.0, b)
    return np.sum(y * np.cos(x))


def maximum_ties(x):
    y = np.maximum(x, 0.5)
    return np.sum(y ** 2)


def abs_at_zero(x):
    return np.sum(np.abs(x) * x) + np.sum(np.abs(x - x[0]))


def sqrt_eps(x):
    return np.sum(np.sqrt(x ** 2 + 1e-12))


def safe_log_where(x):
    safe = np.where(x > 0, x, 1.0)
    return np.sum(np.where(x > 0, np.log(safe), 0.0))


def exp_overflow_guard(x):
    return np.sum(np.where(x > 30, x, np.log1p(np.exp(np.minimum(x, 30)))))


def softplus_logaddexp(x):
    return np.sum(np.logaddexp(0.0, x))


def keepdims_neg_axis(X):
    m = X.max(axis=-1, keepdims=True)
    return np.sum(np.log(np.sum(np.exp(X - m), axis=-1)) + m[..., 0])


def int_conversion(x, n):
    k = int(n)
    y = x[:k] * float(n)
    return np.sum(y ** 2)


def float_of_array(x):
    s = float(np.sum(x ** 2))
    return s * math.sqrt(s)


def item_scalar(x):
    s = (x @ x).item()
    return math.exp(-s) + s


def mixed_math_np(x, t):
    return math.cos(t) * np.sum(x) + math.log1p(t * t) * np.prod(x)


def int_array_mask(x, m):
    # m is an int array of 0/1 used as a mask by multiplication and by indexing
    return np.sum(x * m) + np.sum(x[m.astype(bool)] ** 2)


def int_index_array(x, idx):
    y = x[idx]
    return np.sum(y * y * np.arange(len(idx)))


def argmax_select(x, W):
    scores = W @ x
    k = np.argmax(scores)
    return scores[k] + np.sum(W[k] ** 2)


def clip_grad_norm(g, limit):
    n = np.linalg.norm(g)
    if n > limit:
        g = g * (limit / n)
    return np.sum(g ** 3)


def round_trip_dtype(x):
    y = x.astype(np.float32).astype(np.float64)
    return np.sum(y * x)


def sign_times(x):
    return np.sum(np.sign(x) * x ** 2)


def divide_nonzero(x, y):
    return np.sum(np.divide(x, y, out=np.zeros_like(x), where=y != 0))


def nan_to_num_guard(x):
    return np.sum(np.nan_to_num(np.log(x), neginf=-10.0))


def scalar_pow_int_exp(x, n):
    return x ** n + n * x


def cumulative_min(x):
    return np.sum(np.minimum.accumulate(x))


def bool_arith(x):
    pos = x > 0
    return np.sum(x * pos) + np.sum(pos) * np.sum(x)


def pos_arg_keepdims(X):
    return np.sum(X / np.linalg.norm(X, axis=1, keepdims=True))


def hypot_origin(x, y):
    return np.sum(np.hypot(x, y))


def empty_sum(x, idx):
    return np.sum(x[idx]) + np.sum(x ** 2)


def linspace_param(a, b):
    t = np.linspace(a, b, 5)
    return np.sum(np.sin(t))


CASES = [
    dict(f=f32_mixed, args=(rng.standard_normal(4).astype(np.float32), rng.standard_normal(4)), wrt=0,
         alt=1, tol=1e-3),
    dict(f=f32_scalar_mul, args=(rng.standard_normal(4).astype(np.float32),), wrt=0, tol=1e-3),
    dict(f=f32_mean_var, args=(rng.standard_normal(5).astype(np.float32),), wrt=0, tol=1e-3),
    dict(f=zero_d_array, args=(np.array(0.4), rng.standard_normal(3)), wrt=0, alt=(0, 1)),
    dict(f=shape_one, args=(np.array([0.4]), rng.standard_normal(3)), wrt=0, alt=(0, 1)),
    dict(f=zero_iterations, args=(rng.standard_normal(3), 0), wrt=0),
    dict(f=while_never, args=(rng.standard_normal(3),), wrt=0),
    dict(f=where_scalar_arms, args=(rng.standard_normal(4), 0.7), wrt=1, alt=0),
    dict(f=where_scalar_both, args=(rng.standard_normal(4), 0.7, -0.3), wrt=(1, 2), alt=0),
    dict(f=maximum_ties, args=(np.array([0.5, 1.0, -1.0]),), wrt=0, skip=("hvp",)),
    dict(f=abs_at_zero, args=(np.array([0.0, 1.0, -2.0]),), wrt=0, skip=("hvp",)),
    dict(f=sqrt_eps, args=(np.array([0.0, 1.0, -2.0]),), wrt=0, skip=("hvp",)),
    dict(f=safe_log_where, args=(np.array([-0.5, 1.5, -2.0, 0.3]),), wrt=0),
    dict(f=exp_overflow_guard, args=(np.array([0.5, 40.0, -3.0, 1000.0]),), wrt=0),
    dict(f=softplus_logaddexp, args=(np.array([0.5, 40.0, -3.0, 800.0]),), wrt=0),
    dict(f=keepdims_neg_axis, args=(rng.standard_normal((2, 3, 4)),), wrt=0),
    dict(f=int_conversion, args=(rng.standard_normal(5), 3.0), wrt=0),
    dict(f=float_of_array, args=(rng.standard_normal(3),), wrt=0),
    dict(f=item_scalar, args=(rng.standard_normal(3) * 0.5,), wrt=0),
    dict(f=mixed_math_np, args=(rng.standard_normal(3), 0.8), wrt=0, alt=1),
    dict(f=int_array_mask, args=(rng.standard_normal(5), np.array([1, 0, 1, 1, 0])), wrt=0),
    dict(f=int_index_array, args=(rng.standard_normal(5), np.array([4, 0, 0, 2])), wrt=0),
    dict(f=argmax_select, args=(rng.standard_normal(3), rng.standard_normal((4, 3))), wrt=0, alt=1),
    dict(f=clip_grad_norm, args=(np.array([3.0, -4.0, 1.0]), 2.0), wrt=0, alt=1),
    dict(f=clip_grad_norm, args=(np.array([0.3, -0.4, 0.1]), 2.0), wrt=0, alt=1, name="clip_grad_norm_in"),
    dict(f=round_trip_dtype, args=(rng.standard_normal(3),), wrt=0, tol=1e-4, h=1e-2, skip=("hvp",)),
    dict(f=sign_times, args=(rng.standard_normal(4),), wrt=0),
    dict(f=divide_nonzero, args=(rng.standard_normal(4), np.array([1.0, 0.0, 2.0, -0.5])), wrt=0, alt=1),
    dict(f=nan_to_num_guard, args=(np.array([0.5, 2.0, 3.0]),), wrt=0),
    dict(f=scalar_pow_int_exp, args=(1.3, 3), wrt=0),
    dict(f=cumulative_min, args=(np.array([0.5, 0.2, 0.9, -0.1]),), wrt=0),
    dict(f=bool_arith, args=(rng.standard_normal(5),), wrt=0),
    dict(f=pos_arg_keepdims, args=(rng.standard_normal((3, 2)),), wrt=0),
    dict(f=hypot_origin, args=(np.array([0.0, 1.0]), np.array([0.0, 2.0])), wrt=(0, 1), skip=("hvp",)),
    dict(f=empty_sum, args=(rng.standard_normal(3), np.array([], dtype=int)), wrt=0),
    dict(f=linspace_param, args=(0.2, 1.7), wrt=0, alt=(0, 1)),
]

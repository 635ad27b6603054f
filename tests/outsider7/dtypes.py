"""Numbers and dtypes: float32 inputs, integer arrays next to float ones, 0-d arrays, shapes (1,),
(n, 1) and (n,), Python floats and np.float64, empty arrays, tiny and huge magnitudes, stable
softplus and log-sigmoid, nan_to_num, isfinite masks, integer division and modulo in indices."""

import math

import numpy as np
import scipy.special

rng = np.random.default_rng(31)
x5 = np.array([0.3, -1.2, 2.0, 0.7, -0.4])
X32 = rng.standard_normal((4, 3)).astype(np.float32)
ints = np.array([2, 0, 1, 1, 3])
Xm = rng.standard_normal((4, 3))


def float32_mlp(W):
    h = np.tanh(X32 @ W)
    return np.sum(h ** 2)


def float32_softmax(z):
    e = np.exp(z - z.max())
    p = e / e.sum()
    return -np.log(p[1])


def float32_mixed_f64_const(w):
    return np.sum(w * np.array([1.0, 2.0, 3.0]) + np.float64(0.5) * w ** 2)


def float32_and_float64_args(a, b):
    return np.sum(a * b) + np.sum(np.sin(a))


def int_array_next_to_float(w, counts):
    return np.sum(counts * np.log1p(w ** 2)) + np.sum(w[counts])


def int_labels_gather(W, lab):
    s = W[lab]
    return np.sum(s ** 2 * (lab[:, None] + 1))


def zero_d_array(x):
    return np.sin(x) * x ** 2


def zero_d_array_in_vector(x):
    v = np.array([1.0, 2.0, 3.0])
    return np.sum(np.exp(v * x))


def shape_one(x):
    return np.sum(Xm @ np.ones(3) * x) + x[0] ** 3


def col_vs_row(w):
    y = np.ones(4)
    p = (Xm @ w)[:, None]
    return np.sum((p - y[:, None]) ** 2)


def col_broadcast_trap(w):
    y = np.arange(4.0)
    p = Xm @ w.reshape(3, 1)
    return np.mean((p - y) ** 2)


def python_float_param(a):
    return math.exp(a) + math.sin(a) * a + a ** 3


def numpy_float64_param(a):
    return np.exp(a) * np.float64(2.0) + a / (1 + a * a)


def float_and_array(a, x):
    return np.sum(np.tanh(a * x)) + a ** 2


def empty_array_sum(x):
    e = x[x > 100.0]
    return np.sum(e ** 2) + np.sum(x ** 2)


def empty_concat(x):
    parts = [x[:0], x * 2, np.zeros(0)]
    return np.sum(np.concatenate(parts) ** 2)


def log1p_tiny(x):
    return np.sum(np.log1p(x) / x)


def expm1_tiny(x):
    return np.sum(np.expm1(x) ** 2 * 1e20)


def softplus_stable(x):
    return np.sum(np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x))))


def softplus_logaddexp(x):
    return np.sum(np.logaddexp(0.0, x))


def logsigmoid_stable(x):
    return np.sum(-np.logaddexp(0.0, -x))


def logsigmoid_where(x):
    return np.sum(np.where(x >= 0, -np.log1p(np.exp(-x)), x - np.log1p(np.exp(x))))


def huge_magnitudes(x):
    return np.sum(np.log(x) * 1e-3) + np.sum(x * 1e-10)


def nan_to_num_objective(x):
    y = np.log(x)
    y = np.nan_to_num(y, nan=0.0, neginf=-10.0)
    return np.sum(y ** 2)


def isfinite_mask(x):
    y = 1.0 / x
    m = np.isfinite(y) & (np.abs(y) < 2.0)
    return np.sum(np.where(m, y, 0.0) ** 2)


def int_division_index(x):
    n = x.size
    half = n // 2
    return np.sum(x[:half] * x[half:2 * half]) + x[n % 3]


def modulo_ring(x):
    n = len(x)
    total = 0.0
    for i in range(n):
        total = total + x[i] * x[(i + 1) % n] - x[(i * 3) % n] ** 2 / 7
    return total


def floor_index_interp(x):
    t = 2.6
    i = int(np.floor(t))
    w = t - i
    return (1 - w) * x[i] + w * x[i + 1] + np.sum(x ** 2) / 10


def astype_roundtrip(x):
    y = x.astype(np.float32).astype(np.float64)
    return np.sum(y ** 2)


def complex_magnitude(x):
    z = x[:2] + 1j * x[2:4]
    return np.sum(np.abs(z) ** 2) + np.real(z[0] * z[1])


def clip_to_unit(x):
    return np.sum(np.clip(x, -1.0, 1.0) ** 2 + x)


def sign_times_abs(x):
    return np.sum(np.sign(x) * np.abs(x) ** 1.5)


def power_fractional(x):
    return np.sum(np.abs(x) ** 0.5 + x ** 2)


def sqrt_sum_squares_eps(x):
    return np.sqrt(np.sum(x ** 2) + 1e-12)


def hypot_arctan2(x):
    return np.sum(np.hypot(x[:2], x[2:4])) + np.arctan2(x[0], x[1])


def integer_power_loop(x):
    p = np.ones_like(x)
    for k in range(3):
        p = p * x
    return np.sum(p) + np.sum(x ** 2.0)


def bool_mask_mult(x):
    m = x > 0
    return np.sum(m * x ** 2 + (~m) * x)


def argmax_onehot_route(x):
    i = np.argmax(x)
    return x[i] ** 2 + np.sum(x) * 0.1


def sort_top_k(x):
    s = np.sort(x)[::-1]
    return np.sum(s[:2] * np.array([2.0, 1.0]))


def float32_vector_out(x):
    return np.tanh(x) * np.float32(2.0)


def nanmean_objective(x):
    y = np.where(x > 1.5, np.nan, x)
    return np.nanmean(y ** 2) + np.nansum(y)


def round_trip_item(x):
    s = float(np.sum(x ** 2))
    return s * x[0]


def mean_of_ints_plus_float(x):
    k = np.mean(ints)
    return np.sum(x * k) + k * x[0] ** 2


CASES = [
    dict(f=float32_mlp, args=(rng.standard_normal((3, 2)).astype(np.float32),), tol=2e-3, h=1e-3),
    dict(f=float32_softmax, args=(np.array([0.2, 1.0, -0.5], dtype=np.float32),), tol=2e-3, h=1e-3),
    dict(f=float32_mixed_f64_const, args=(np.array([0.2, 1.0, -0.5], dtype=np.float32),), tol=2e-3, h=1e-3),
    dict(f=float32_and_float64_args, args=(np.array([0.2, 1.0], dtype=np.float32), np.array([0.5, -1.0])),
         wrt=(0, 1), alt=1, tol=2e-3, h=1e-3),
    dict(f=int_array_next_to_float, args=(np.array([0.3, -0.5, 1.2, 0.4]), np.array([1, 0, 2, 3]))),
    dict(f=int_labels_gather, args=(Xm.copy(), np.array([0, 2, 2, 3]))),
    dict(f=zero_d_array, args=(np.array(0.7),)),
    dict(f=zero_d_array_in_vector, args=(np.array(0.3),)),
    dict(f=shape_one, args=(np.array([0.4]),)),
    dict(f=col_vs_row, args=(np.array([0.3, -0.2, 0.5]),)),
    dict(f=col_broadcast_trap, args=(np.array([0.3, -0.2, 0.5]),)),
    dict(f=python_float_param, args=(0.4,)),
    dict(f=numpy_float64_param, args=(np.float64(0.4),)),
    dict(f=float_and_array, args=(0.8, x5.copy()), wrt=(0, 1), alt=0),
    dict(f=empty_array_sum, args=(x5.copy(),)),
    dict(f=empty_concat, args=(x5.copy(),)),
    dict(f=log1p_tiny, args=(np.array([1e-6, 1e-4, 1e-3]),), h=1e-8, tol=1e-4),
    dict(f=expm1_tiny, args=(np.array([1e-10, -2e-10, 3e-10]),), h=1e-16, tol=1e-4),
    dict(f=softplus_stable, args=(np.array([-800.0, -3.0, 0.5, 40.0, 900.0]),)),
    dict(f=softplus_logaddexp, args=(np.array([-800.0, -3.0, 0.5, 40.0, 900.0]),)),
    dict(f=logsigmoid_stable, args=(np.array([-800.0, -3.0, 0.5, 40.0, 900.0]),)),
    dict(f=logsigmoid_where, args=(np.array([-700.0, -3.0, 0.5, 40.0, 700.0]),)),
    dict(f=huge_magnitudes, args=(np.array([1e8, 3e9, 2e10]),), h=1e-6),
    dict(f=nan_to_num_objective, args=(np.array([0.5, 2.0, 3.0]),)),
    dict(f=isfinite_mask, args=(np.array([0.8, -0.9, 3.0, 1.5]),)),
    dict(f=int_division_index, args=(x5.copy(),)),
    dict(f=modulo_ring, args=(x5.copy(),)),
    dict(f=floor_index_interp, args=(x5.copy(),)),
    dict(f=astype_roundtrip, args=(x5.copy(),), tol=1e-4, h=1e-2, skip=("hvp",)),   # float32 values: the hvp reference is noise
    dict(f=complex_magnitude, args=(np.array([0.3, -0.5, 1.2, 0.4]),)),
    dict(f=clip_to_unit, args=(x5.copy(),)),
    dict(f=sign_times_abs, args=(x5.copy(),)),
    dict(f=power_fractional, args=(x5.copy(),)),
    dict(f=sqrt_sum_squares_eps, args=(x5.copy(),)),
    dict(f=hypot_arctan2, args=(np.array([0.3, -0.5, 1.2, 0.4]),)),
    dict(f=integer_power_loop, args=(x5.copy(),)),
    dict(f=bool_mask_mult, args=(x5.copy(),)),
    dict(f=argmax_onehot_route, args=(x5.copy(),)),
    dict(f=sort_top_k, args=(x5.copy(),)),
    dict(f=float32_vector_out, args=(np.array([0.2, 1.0, -0.5], dtype=np.float32),), out="vector", tol=2e-3, h=1e-3),
    dict(f=nanmean_objective, args=(np.array([0.3, 2.0, -0.4, 1.0]),)),
    dict(f=round_trip_item, args=(x5.copy(),)),
    dict(f=mean_of_ints_plus_float, args=(x5.copy(),)),
]


# ---- shapes through local names bound to module arrays
ts4 = np.linspace(0.0, 1.0, 4)
col4 = np.arange(4.0)[:, None]


def alias_col_times_scalar(c):
    x = ts4
    return np.sum(c * x[:, None] + np.eye(4))


def alias_outer_difference(c):
    x = ts4
    d = x[:, None] - x[None, :]
    return np.sum(np.exp(-d ** 2 / c ** 2))


def alias_row_divide(c):
    x = ts4
    return np.sum(np.eye(4) / (1.0 + c * x[None, :]))


def alias_shape_one_param(c):
    x = ts4
    return np.sum(c * x[:, None] + np.ones((4, 4)))


def alias_vector_param(w):
    m = col4
    return np.sum((m * w) ** 2)


def alias_chain(c):
    a = ts4
    b = a
    return np.sum(np.tanh(c * b[:, None] * b[None, :]))


def alias_tuple_unpack(c):
    x, z = ts4, col4
    return np.sum(c * x + z)


def _kernel(x, ell):
    return np.exp(-(x[:, None] - x[None, :]) ** 2 / ell)


def alias_in_helper(ell):
    return np.sum(_kernel(ts4, ell) @ np.ones(4))


def scalar_times_col_global(c):
    return np.sum(c * col4 + np.ones((4, 3)))


def scalar_plus_col_then_row(c):
    z = c + col4
    return np.sum(z * ts4)


CASES += [
    dict(f=alias_col_times_scalar, args=(0.5,)),
    dict(f=alias_outer_difference, args=(0.7,)),
    dict(f=alias_row_divide, args=(0.3,)),
    dict(f=alias_shape_one_param, args=(np.array([0.5]),)),
    dict(f=alias_vector_param, args=(np.array([0.5, -0.2, 0.1]),)),
    dict(f=alias_chain, args=(0.8,)),
    dict(f=alias_tuple_unpack, args=(0.4,)),
    dict(f=alias_in_helper, args=(0.6,)),
    dict(f=scalar_times_col_global, args=(0.5,)),
    dict(f=scalar_plus_col_then_row, args=(0.5,)),
]


# ---- float32 through other families
M64 = rng.standard_normal((3, 3))
t32 = np.array([0.3, 1.2, 0.7], dtype=np.float32)
F32 = dict(tol=3e-3, h=1e-3)


def f32_linalg_solve(A):
    return np.sum(np.linalg.solve(A @ A.T + np.eye(3, dtype=np.float32), np.ones(3, dtype=np.float32)))


def f32_matmul_f64_const(w):
    return np.sum(np.tanh(M64 @ w))


def f32_gammaln(a):
    return np.sum(scipy.special.gammaln(a) + scipy.special.digamma(a))


def f32_cumsum_diff(x):
    return np.sum(np.cumsum(x) ** 2) + np.sum(np.diff(x) ** 2)


def f32_where_const(x):
    return np.sum(np.where(x > 0.5, x ** 2, 0.1 * x))


def f32_interp(x):
    return np.sum(np.interp(x, np.array([0.0, 0.5, 1.0, 1.5]), np.array([0.0, 1.0, 0.5, 2.0])))


def f32_rfft(x):
    return np.sum(np.abs(np.fft.rfft(x)) ** 2)


def f32_inplace_fill(x):
    y = np.zeros(4, dtype=np.float32)
    y[:3] = x * 2
    y[3] = x[0] * x[1]
    return np.sum(y ** 2)


def f32_dict_params(p):
    return np.sum((p["w"] * t32 + p["b"]) ** 2)


def f32_norm(x):
    return np.linalg.norm(x) + np.sum(x / np.linalg.norm(x))


def f32_python_scalar_mix(x):
    return np.sum(x * 0.5 + 1e-3) * 2.5


def f32_einsum(A):
    return np.einsum("ij,j->", A, t32) + np.einsum("ii->", A)


def f32_logsumexp(x):
    from scipy.special import logsumexp
    return logsumexp(x * 2.0)


def f32_det(A):
    return np.linalg.det(A + 2 * np.eye(3, dtype=np.float32))


CASES += [
    dict(f=f32_linalg_solve, args=(rng.standard_normal((3, 3)).astype(np.float32),), **F32),
    dict(f=f32_matmul_f64_const, args=(t32.copy(),), **F32),
    dict(f=f32_gammaln, args=(np.array([0.7, 1.5, 3.0], dtype=np.float32),), **F32),
    dict(f=f32_cumsum_diff, args=(t32.copy(),), **F32),
    dict(f=f32_where_const, args=(t32.copy(),), **F32),
    dict(f=f32_interp, args=(t32.copy(),), **F32),
    dict(f=f32_rfft, args=(np.array([0.3, 1.2, 0.7, -0.4], dtype=np.float32),), **F32),
    dict(f=f32_inplace_fill, args=(t32.copy(),), skip=("hvp",), **F32),   # float32 buffer: the hvp reference is noise
    dict(f=f32_dict_params, args=({"w": t32.copy(), "b": np.float32(0.2)},), **F32),
    dict(f=f32_norm, args=(t32.copy(),), **F32),
    dict(f=f32_python_scalar_mix, args=(t32.copy(),), **F32),
    dict(f=f32_einsum, args=(rng.standard_normal((3, 3)).astype(np.float32),), **F32),
    dict(f=f32_logsumexp, args=(t32.copy(),), **F32),
    dict(f=f32_det, args=(rng.standard_normal((3, 3)).astype(np.float32) * 0.3,), **F32),
]


class Grid:
    def __init__(self):
        self.t = ts4


GRID = Grid()


def alias_default_arg(c, x=ts4):
    return np.sum(c * x[:, None] + np.eye(4))


def alias_transpose(c):
    z = col4.T
    return np.sum(c * z[0][:, None] + np.eye(4))


def alias_copy(c):
    x = ts4.copy()
    return np.sum(c * x[:, None] + np.eye(4))


def alias_reshape(c):
    x = ts4.reshape(-1, 1)
    return np.sum(c * x + np.eye(4))


def alias_attribute(c):
    x = GRID.t
    return np.sum(c * x[:, None] + np.eye(4))


def alias_len_eye(c):
    x = ts4
    n = len(x)
    return np.sum(np.exp(c * x)[:, None] * np.ones((n, n)))


def alias_vector_outer(w):
    x = ts4
    return np.sum((w[None, :] * x[:, None]) ** 2)


CASES += [
    dict(f=alias_default_arg, args=(0.5,)),
    dict(f=alias_transpose, args=(0.5,)),
    dict(f=alias_copy, args=(0.5,)),
    dict(f=alias_reshape, args=(0.5,)),
    dict(f=alias_attribute, args=(0.5,)),
    dict(f=alias_len_eye, args=(0.5,)),
    dict(f=alias_vector_outer, args=(np.array([0.5, -0.2, 0.1]),)),
]


def alias_slice_scalar(c):
    x = ts4
    return np.sum(c * x[1:])


def alias_row_vector_param(w):
    x = ts4
    return np.sum(w * x[None, :])


CASES += [
    dict(f=alias_slice_scalar, args=(0.5,)),
    dict(f=alias_row_vector_param, args=(np.array([0.5, 0.2, 0.1, 0.3]),)),
]

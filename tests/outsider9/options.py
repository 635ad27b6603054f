"""NumPy calls with the options people pass in a hurry: where= and initial= on reductions,
keepdims, dtype, ddof, axis tuples, returned=, flattening operands, offsets, rng arguments,
weight tying, polynomial fits and numerical integration."""

import numpy as np
from scipy import integrate

_r = np.random.default_rng(102)
X6 = np.array([0.5, -1.2, 0.8, 2.0, -0.3, 1.1])
M34 = _r.standard_normal((3, 4))
M3 = np.array([[0.3, -0.2, 0.5], [0.1, 0.4, -0.3], [0.2, 0.1, 0.6]])
E = _r.standard_normal((5, 3))


def sum_where(x):
    return np.sum(x ** 2, where=x > 0)


def mean_where(x):
    return np.mean(np.exp(x), where=x < 1.0)


def max_where_initial(x):
    return np.max(x * 2.0, where=x < 1.5, initial=-10.0)


def sum_initial(x):
    return np.sum(x, initial=1.5) ** 2


def prod_initial(x):
    return np.prod(x[:3], initial=2.0)


def max_initial_wins(x):
    return np.max(x[:2], initial=3.0) + np.max(x, initial=0.0)


def method_where(M):
    return M.sum(axis=1, where=M > 0).sum() + M.mean(where=M < 0)


def keepdims_norm(M):
    n = np.linalg.norm(M, axis=1, keepdims=True)
    return np.sum(M / n * np.arange(12.0).reshape(3, 4))


def axis_tuple(X):
    return np.sum(np.var(X.reshape(2, 3, 2), axis=(0, 2)) * np.array([1.0, 2.0, 3.0]))


def std_ddof_keepdims(M):
    z = (M - M.mean(0, keepdims=True)) / M.std(0, ddof=1, keepdims=True)
    return np.sum(z[0] * z[1])


def average_returned(x):
    avg, wsum = np.average(x, weights=np.array([1.0, 2.0, 1.0, 0.5, 0.5, 1.0]), returned=True)
    return avg * wsum


def average_axis(M):
    return np.sum(np.average(M, axis=1, weights=np.array([0.1, 0.2, 0.3, 0.4])) ** 2)


def outer_of_matrices(M):
    return np.sum(np.outer(M[:2], M[2]) ** 2)


def dot_scalar(x):
    return np.dot(2.0, x) @ x


def trace_offset(A):
    return np.trace(A, offset=1) + np.trace(A, offset=-1) * 2


def diag_offset(x):
    D = np.diag(x[:3], k=1)
    return np.sum(D @ D.T * np.arange(16.0).reshape(4, 4))


def matrix_power_three(A):
    return np.trace(np.linalg.matrix_power(A, 3))


def multi_dot_chain(A):
    return np.sum(np.linalg.multi_dot([A, A.T, A]))


def tensordot_two(A):
    return np.tensordot(A, A.T, axes=2)


def pinv_fit(A):
    return np.sum(np.linalg.pinv(A + np.eye(3)) @ np.array([1.0, 2.0, 3.0]))


def lstsq_fit(y):
    A = np.vander(np.linspace(0, 1, 6), 3)
    coef = np.linalg.lstsq(A, y, rcond=None)[0]
    return np.sum(coef ** 2)


def polyfit_y(y):
    coef = np.polyfit(np.linspace(-1, 1, 6), y, 2)
    return np.polyval(coef, 0.3)


def polyval_coeffs(c):
    return np.sum(np.polyval(c, np.linspace(-1, 1, 5)) ** 2)


def np_gradient(y):
    return np.sum(np.gradient(y, 0.5) ** 2)


def trapezoid_integral(y):
    return integrate.trapezoid(y ** 2, dx=0.2)


def simpson_integral(y):
    return integrate.simpson(np.sin(y), x=np.linspace(0, 1, 6))


def cumulative_trapezoid_sum(y):
    return np.sum(integrate.cumulative_trapezoid(y, dx=0.1, initial=0.0) ** 2)


def clip_param_bounds(x, lo):
    return np.sum(np.clip(x, lo, lo + 1.0) ** 2)


def fmax_fmin(x):
    return np.sum(np.fmax(x, 0.2) * np.fmin(x, 1.0))


def heaviside_gate(x):
    return np.sum(np.heaviside(x, 0.5) * x ** 2)


def exotic_elementwise(x):
    a = np.abs(x) + 0.1
    return np.sum(np.log2(a) + np.exp2(x) + np.expm1(x) + np.log10(a) + np.cbrt(x) + np.reciprocal(a)
                  + np.arcsinh(x) + np.float_power(a, 1.5) + np.logaddexp2(x, 0.3) + np.square(x))


def partition_smallest(x):
    return np.sum(np.partition(x, 2)[:3] ** 2)


def sort_axis_none(M):
    return np.sum(np.sort(M, axis=None)[-3:])


def quantile_method(x):
    return np.quantile(x, 0.4, method="nearest") + np.quantile(x, 0.3)


def nanmax_mask(x):
    y = np.where(x > 0, x, np.nan)
    return np.nanmax(y) + np.nanmin(y)


def interp_period(x):
    return np.sum(np.interp(x, [0.0, 1.0, 2.0], [0.0, 1.0, 0.5], period=3.0))


def round_decimals(x):
    return np.sum(np.round(x, 2) * x)


def broadcast_to_sum(b):
    return np.sum(np.broadcast_to(b, (4, 3)) * np.arange(12.0).reshape(4, 3))


def tile_repeat(x):
    return np.sum(np.tile(x[:2], 3) * np.repeat(x[:3], [1, 2, 3]))


def flip_kernel_conv(x, k):
    return np.sum(np.convolve(x, np.flip(k), mode="same") ** 2)


def rot90_conv(A):
    return np.sum(A * np.rot90(A)) + np.sum(np.fliplr(A) * np.flipud(A))


def tied_embedding(E):
    tokens = np.array([0, 2, 2, 4])
    h = np.tanh(E[tokens].sum(axis=0))
    logits = E @ h
    return np.log(np.sum(np.exp(logits))) - logits[1]


def unique_inverse(x):
    tokens = np.array([3, 1, 3, 0, 1])
    vocab, inv = np.unique(tokens, return_inverse=True)
    table = x[:len(vocab)]
    return np.sum(table[inv] ** 2)


def rng_argument_dropout(x, rng):
    mask = rng.random(x.shape) > 0.4
    return np.sum(np.sin(x) * mask)


def rng_argument_noise_vector(x, rng):
    return x * rng.standard_normal(x.shape) + x ** 2


def einsum_row_dots(A, B):
    return np.sum(np.einsum("ij,ij->i", A, B) ** 2)


def einsum_optimize(A):
    return np.einsum("ij,jk,kl->", A, A, A, optimize=True)


def norm_fro_nuc(A):
    return np.linalg.norm(A, "fro") ** 2 + np.linalg.norm(A, axis=(0, 1))


def newaxis_broadcast(x):
    return np.sum((x[:, np.newaxis] - x[None]) ** 2 * np.exp(-np.abs(x)[:, None]))


CASES = [
    dict(f=sum_where, args=(X6,)),
    dict(f=mean_where, args=(X6,)),
    dict(f=max_where_initial, args=(X6,)),
    dict(f=sum_initial, args=(X6,)),
    dict(f=prod_initial, args=(X6,)),
    dict(f=max_initial_wins, args=(X6,)),
    dict(f=method_where, args=(M34,)),
    dict(f=keepdims_norm, args=(M34,)),
    dict(f=axis_tuple, args=(M34,)),
    dict(f=std_ddof_keepdims, args=(M34,)),
    dict(f=average_returned, args=(X6,)),
    dict(f=average_axis, args=(M34,)),
    dict(f=outer_of_matrices, args=(M34,)),
    dict(f=dot_scalar, args=(X6,)),
    dict(f=trace_offset, args=(M3,)),
    dict(f=diag_offset, args=(X6,)),
    dict(f=matrix_power_three, args=(M3,)),
    dict(f=multi_dot_chain, args=(M3,)),
    dict(f=tensordot_two, args=(M3,)),
    dict(f=pinv_fit, args=(M3,)),
    dict(f=lstsq_fit, args=(X6,)),
    dict(f=polyfit_y, args=(X6,)),
    dict(f=polyval_coeffs, args=(np.array([0.5, -1.0, 2.0]),)),
    dict(f=np_gradient, args=(X6,)),
    dict(f=trapezoid_integral, args=(X6,)),
    dict(f=simpson_integral, args=(X6,)),
    dict(f=cumulative_trapezoid_sum, args=(X6,)),
    dict(f=clip_param_bounds, args=(X6, -0.4), wrt=0, alt=1),
    dict(f=fmax_fmin, args=(X6,)),
    dict(f=heaviside_gate, args=(X6,)),
    dict(f=exotic_elementwise, args=(X6,)),
    dict(f=partition_smallest, args=(X6,)),
    dict(f=sort_axis_none, args=(M34,)),
    dict(f=quantile_method, args=(X6,)),
    dict(f=nanmax_mask, args=(X6,)),
    dict(f=interp_period, args=(X6 + 0.05,)),
    dict(f=round_decimals, args=(X6 + 0.001,)),
    dict(f=broadcast_to_sum, args=(X6[:3],)),
    dict(f=tile_repeat, args=(X6,)),
    dict(f=flip_kernel_conv, args=(X6, np.array([0.2, 0.5, -0.1])), wrt=0, alt=1),
    dict(f=rot90_conv, args=(M3,)),
    dict(f=tied_embedding, args=(E,)),
    dict(f=unique_inverse, args=(X6,)),
    dict(f=rng_argument_dropout, args=(X6, np.random.default_rng(3))),
    dict(f=rng_argument_noise_vector, args=(_r.standard_normal(70) * 0.5, np.random.default_rng(4)),
         out="vector"),
    dict(f=einsum_row_dots, args=(M34, M34[::-1]), wrt=0, alt=1),
    dict(f=einsum_optimize, args=(M3,)),
    dict(f=norm_fro_nuc, args=(M3,)),
    dict(f=newaxis_broadcast, args=(X6,)),
]

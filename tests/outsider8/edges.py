"""NumPy calls at the points and with the arguments a quick program meets them: products with a
zero factor, singular or degenerate matrices where only well-defined quantities are used, medians
and quantiles, bounds that are themselves inputs, flattening defaults (`roll`, `flip`, `cumsum`,
`repeat` without an axis), offsets, padding modes, NumPy 2 spellings, FFT lengths and norms."""

import numpy as np
from numpy.polynomial import polynomial as P


def prod_with_zero(x):
    return np.prod(x) + np.sum(x)


def cumprod_with_zero(x):
    return np.sum(np.cumprod(x))


def det_singular(A):
    return np.linalg.det(A)


def eigh_repeated_values_only(A):
    w, V = np.linalg.eigh(A + A.T)
    return np.sum(w ** 2)


def eigvalsh_repeated(A):
    return np.sum(np.linalg.eigvalsh(A + A.T) ** 2)


def svd_repeated_values_only(A):
    U, s, Vt = np.linalg.svd(A)
    return np.sum(s ** 2)


def sinc_at_zero(x):
    return np.sum(np.sinc(x))


def power_wrt_exponent_zero_base(x, p):
    return np.sum(x ** p)


def median_even(x):
    return np.median(x) * 2.0


def median_odd_axis(X):
    return np.sum(np.median(X, axis=0))


def quantile_linear(x):
    return np.quantile(x, 0.3) + np.percentile(x, 90)


def clip_wrt_bounds(x, lo, hi):
    return np.sum(np.clip(x, lo, hi) ** 2)


def where_scalar_other(x, c):
    return np.sum(np.where(x > 0, x, c))


def maximum_wrt_second(x, y):
    return np.sum(np.maximum(x, y) ** 2)


def roll_no_axis_2d(X):
    return np.sum(np.roll(X, 1) * np.arange(X.size).reshape(X.shape))


def roll_axis_tuple(X):
    return np.sum(np.roll(X, (1, -1), axis=(0, 1)) * np.arange(X.size).reshape(X.shape))


def flip_no_axis(X):
    return np.sum(np.flip(X) * np.arange(X.size).reshape(X.shape))


def rot90_k3(X):
    return np.sum(np.rot90(X, k=3) * np.arange(X.size).reshape(X.shape[::-1]))


def cumsum_no_axis_2d(X):
    return np.sum(np.cumsum(X) ** 2)


def cumsum_axis0(X):
    return np.sum(np.cumsum(X, axis=0) ** 2)


def repeat_no_axis_2d(X):
    return np.sum(np.repeat(X, 2) * np.arange(2 * X.size))


def repeat_array_counts(x):
    return np.sum(np.repeat(x, [1, 2, 0, 3]) * np.arange(6.0))


def repeat_axis0(X):
    return np.sum(np.repeat(X, 2, axis=0) * np.arange(2 * X.size).reshape(2 * X.shape[0], -1))


def tile_2d(X):
    return np.sum(np.tile(X, (2, 1)) * np.arange(2 * X.size).reshape(2 * X.shape[0], -1))


def diff_prepend_append(x):
    return np.sum(np.diff(x, prepend=0.0, append=x[0]) ** 2)


def diff_axis0(X):
    return np.sum(np.diff(X, axis=0) ** 2)


def gradient_call(x):
    return np.sum(np.gradient(x) ** 2)


def trace_offset(A):
    return np.trace(A, offset=1) + np.sum(np.diagonal(A, offset=-1) ** 2)


def diag_extract_offset(A):
    return np.sum(np.diag(A, k=1) ** 2)


def diag_build_offset(v):
    return np.sum(np.diag(v, k=1) @ np.arange(16.0).reshape(4, 4))


def tril_negative_k(A):
    return np.sum(np.tril(A, -1) ** 2) + np.sum(np.triu(A, 1))


def triu_indices_gather(A):
    iu = np.triu_indices(A.shape[0], k=1)
    return np.sum(A[iu] ** 2)


def pad_2d_per_axis(X):
    return np.sum(np.pad(X, ((1, 0), (0, 2))) * np.arange(5 * 4).reshape(4, 5)[:X.shape[0] + 1, :X.shape[1] + 2])


def pad_wrap_symmetric(x):
    return np.sum(np.pad(x, 2, mode="wrap") * np.arange(8.0)) + np.sum(np.pad(x, 1, mode="symmetric") ** 2)


def pad_maximum_mean(x):
    return np.sum(np.pad(x, 1, mode="maximum") ** 2) + np.sum(np.pad(x, 1, mode="mean"))


def std_axis_tuple_var_ddof(X):
    return np.std(X, axis=(0, 1)) + np.var(X[0], ddof=1)


def average_2d_weights(X):
    w = np.array([[1.0, 2.0, 3.0], [0.5, 0.5, 1.0]])
    return np.average(X, weights=w) + np.sum(np.average(X, axis=0, weights=np.array([1.0, 3.0])))


def tensordot_axes(A, B):
    return np.sum(np.tensordot(A, B, axes=1) ** 2) + np.tensordot(A, A, axes=2)


def tensordot_tuple_axes(T, B):
    return np.sum(np.tensordot(T, B, axes=([1, 2], [0, 1])))


def multi_dot_chain(A, B):
    return np.sum(np.linalg.multi_dot([A, B, A.T]))


def matmul_batched_broadcast(S, v):
    return np.sum((S @ v) ** 2)


def solve_batched(S, b):
    return np.sum(np.linalg.solve(S, b[..., None]) ** 2)


def det_inv_batched(S):
    return np.sum(np.linalg.det(S)) + np.sum(np.linalg.inv(S))


def outer_of_2d(A, B):
    return np.sum(np.outer(A, B) * np.arange(A.size * B.size).reshape(A.size, B.size))


def kron_2d(A, B):
    return np.sum(np.kron(A, B) ** 2)


def inner_2d(A, B):
    return np.sum(np.inner(A, B) ** 2)


def dot_nd_1d(T, v):
    return np.sum(np.dot(T, v) ** 2)


def cross_axis(A, B):
    return np.sum(np.cross(A, B, axis=0) ** 2)


def numpy2_aliases(x):
    return np.sum(np.pow(x, 2.0)) + np.sum(np.acos(x * 0.5)) + np.sum(np.atan2(x, 1.5)) + np.sum(np.concat([x, x]))


def numpy2_linalg_new(A, v):
    return (np.linalg.vector_norm(v) + np.linalg.matrix_norm(A) + np.sum(np.linalg.vecdot(A, v))
            + np.linalg.trace(A) + np.sum(np.linalg.matrix_transpose(A) * A))


def numpy2_cumulative_sum(x):
    return np.sum(np.cumulative_sum(x, include_initial=True) ** 2)


def norm_negative_ords(x, A):
    return np.linalg.norm(x, ord=-np.inf) + np.linalg.norm(x, ord=-1) + np.linalg.norm(A, ord=-2)


def norm_matrix_ords(A):
    return np.linalg.norm(A, ord=1) + np.linalg.norm(A, ord=np.inf) + np.linalg.norm(A, ord=-1)


def norm_axis_ord1(X):
    return np.sum(np.linalg.norm(X, ord=1, axis=0)) + np.sum(np.linalg.norm(X, ord=np.inf, axis=1))


def cholesky_upper(A):
    U = np.linalg.cholesky(A @ A.T + np.eye(3), upper=True)
    return np.sum(U * np.arange(9.0).reshape(3, 3))


def polyval_vs_polynomial(c, x):
    return np.sum(np.polyval(c, x)) + np.sum(P.polyval(x, c))


def chebval_legval(c, x):
    return np.sum(np.polynomial.chebyshev.chebval(x, c) ** 2) + np.sum(np.polynomial.legendre.legval(x, c))


def polyfit_slope(y):
    t = np.linspace(0.0, 1.0, y.size)
    coef = np.polyfit(t, y, 1)
    return coef[0] ** 2 + coef[1]


def correlate_full_wrt_second(x, k):
    return np.sum(np.correlate(x, k, mode="full") * np.arange(x.size + k.size - 1.0))


def convolve_full_wrt_kernel(x, k):
    return np.sum(np.convolve(x, k) * np.arange(x.size + k.size - 1.0))


def rfft_zero_pad(x):
    return np.sum(np.abs(np.fft.rfft(x, n=8)) ** 2 * np.arange(5.0))


def fft_ortho_ifft(x):
    F = np.fft.fft(x, norm="ortho")
    G = np.fft.ifft(F * np.exp(-np.arange(x.size)))
    return np.sum(G.real ** 2)


def fft2_shift(X):
    F = np.fft.fftshift(np.fft.fft2(X))
    return np.sum(np.abs(F) * np.arange(F.size).reshape(F.shape))


def irfft_odd_no_n(x):
    F = np.fft.rfft(x)
    return np.sum(np.fft.irfft(F) * np.arange(2 * (F.size - 1)))


def select_piecewise(x):
    return np.sum(np.select([x < 0, x < 0.5], [x ** 2, np.sin(x)], default=2 * x))


def piecewise_call(x):
    return np.sum(np.piecewise(x, [x < 0, x >= 0], [lambda v: v ** 2, lambda v: np.exp(v)]))


def interp_left_right_outside(xq):
    xp = np.array([0.0, 1.0, 2.0])
    fp = np.array([1.0, 3.0, 2.0])
    return np.sum(np.interp(xq, xp, fp, left=-1.0, right=5.0) * np.arange(1.0, xq.size + 1))


def interp_period(xq):
    xp = np.array([0.0, 1.0, 2.0, 3.0])
    fp = np.array([1.0, 3.0, 2.0, 0.5])
    return np.sum(np.interp(xq, xp, fp, period=4.0) ** 2)


def trapezoid_dx_axis(Y):
    return np.sum(np.trapezoid(Y, dx=0.5, axis=0)) + np.trapezoid(Y[0], x=np.array([0.0, 0.3, 1.0]))


def max_where_initial(x):
    return np.max(x, where=x < 0.5, initial=-5.0) + np.min(x, initial=0.0)


def nanmax_nanstd(x):
    y = np.where(x > 0.7, np.nan, x)
    return np.nanmax(y) + np.nanstd(y) + np.nanprod(y + 1.0)


def logaddexp_reduce(x):
    return np.logaddexp.reduce(x) + np.sum(np.logaddexp2(x, 0.5))


def einsum_repeated_in_operand(A, B):
    return np.einsum("iij->j", A.reshape(2, 2, 3)) @ np.ones(3) + np.einsum("ij,ij->", B, B)


def einsum_output_transpose(A, B):
    return np.sum(np.einsum("ij,jk->ki", A, B) * np.arange(6.0).reshape(3, 2))


def einsum_optimize_path(A, B, C):
    return np.einsum("ij,jk,kl->", A, B, C, optimize=True)


def stack_axis_neg(x, y):
    return np.sum(np.stack([x, y, x * y], axis=-1) * np.arange(12.0).reshape(4, 3))


def hstack_vstack_column(x, y):
    return np.sum(np.vstack([x, y]) ** 2) + np.sum(np.hstack([x, y]) * np.arange(8.0)) + np.sum(np.column_stack([x, y]) ** 3)


def split_indices_list(x):
    a, b, c = np.split(x, [1, 3])
    return np.sum(a) * 2 + np.sum(b ** 2) + np.sum(c ** 3)


def broadcast_to_sum(x):
    return np.sum(np.broadcast_to(x, (3, x.size)) * np.arange(3.0)[:, None])


def squeeze_expand(x):
    return np.sum(np.squeeze(np.expand_dims(x, axis=(0, 2))) ** 2)


def astype_float32_roundtrip(x):
    return np.sum(x.astype(np.float32).astype(np.float64) ** 2)


def real_if_close_abs_complex(x):
    z = x + 1j * x[::-1]
    return np.sum(np.abs(z)) + np.sum(np.angle(z))


rng = np.random.default_rng(41)
x4 = np.array([0.3, -0.6, 0.8, 0.2])
A3 = np.array([[2.0, 0.3, -0.4], [0.1, 1.9, 0.5], [-0.3, 0.2, 2.5]])
X23 = np.array([[0.5, 1.2, -0.3], [0.7, -0.4, 0.9]])
S = rng.standard_normal((2, 3, 3)) + 3 * np.eye(3)

CASES = [
    dict(f=prod_with_zero, args=(np.array([0.0, 2.0, 3.0, -1.5]),)),
    dict(f=cumprod_with_zero, args=(np.array([1.5, 0.0, 3.0, -1.5]),)),
    dict(f=det_singular, args=(np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [0.5, -1.0, 2.0]]),)),
    dict(f=eigh_repeated_values_only, args=(np.eye(3) * 0.5,)),
    dict(f=eigvalsh_repeated, args=(np.eye(3) * 0.5,)),
    dict(f=svd_repeated_values_only, args=(np.eye(3) * 2.0,)),
    dict(f=sinc_at_zero, args=(np.array([0.0, 0.3, -0.6]),)),
    dict(f=power_wrt_exponent_zero_base, args=(np.array([0.0, 0.5, 1.5]), 2.5), wrt=1),
    dict(f=median_even, args=(x4,)),
    dict(f=median_odd_axis, args=(np.array([[0.3, 1.0], [0.9, -0.2], [0.1, 0.4]]),)),
    dict(f=quantile_linear, args=(np.array([0.3, -0.6, 0.8, 0.2, 1.1]),)),
    dict(f=clip_wrt_bounds, args=(x4, -0.2, 0.5), wrt=1, alt=2),
    dict(f=where_scalar_other, args=(x4, 0.7), wrt=1, alt=0),
    dict(f=maximum_wrt_second, args=(x4, 0.1), wrt=1, alt=0),
    dict(f=roll_no_axis_2d, args=(X23,)),
    dict(f=roll_axis_tuple, args=(X23,)),
    dict(f=flip_no_axis, args=(X23,)),
    dict(f=rot90_k3, args=(X23,)),
    dict(f=cumsum_no_axis_2d, args=(X23,)),
    dict(f=cumsum_axis0, args=(X23,)),
    dict(f=repeat_no_axis_2d, args=(X23,)),
    dict(f=repeat_array_counts, args=(x4,)),
    dict(f=repeat_axis0, args=(X23,)),
    dict(f=tile_2d, args=(X23,)),
    dict(f=diff_prepend_append, args=(x4,)),
    dict(f=diff_axis0, args=(X23,)),
    dict(f=gradient_call, args=(np.array([0.3, -0.6, 0.8, 0.2, 1.1]),)),
    dict(f=trace_offset, args=(A3,)),
    dict(f=diag_extract_offset, args=(A3,)),
    dict(f=diag_build_offset, args=(x4[:3],)),
    dict(f=tril_negative_k, args=(A3,)),
    dict(f=triu_indices_gather, args=(A3,)),
    dict(f=pad_2d_per_axis, args=(X23,)),
    dict(f=pad_wrap_symmetric, args=(x4,)),
    dict(f=pad_maximum_mean, args=(x4,)),
    dict(f=std_axis_tuple_var_ddof, args=(X23,)),
    dict(f=average_2d_weights, args=(X23,)),
    dict(f=tensordot_axes, args=(A3, X23.T.copy()), wrt=0, alt="B"),
    dict(f=tensordot_tuple_axes, args=(rng.standard_normal((2, 3, 2)), rng.standard_normal((3, 2))), wrt=0, alt="B"),
    dict(f=multi_dot_chain, args=(X23, A3), wrt=0, alt="B"),
    dict(f=matmul_batched_broadcast, args=(S, x4[:3]), wrt=0, alt="v"),
    dict(f=solve_batched, args=(S, np.array([[0.5, -1.0, 2.0], [1.0, 0.2, -0.3]])), wrt=0, alt="b"),
    dict(f=det_inv_batched, args=(S,)),
    dict(f=outer_of_2d, args=(X23, A3[:2, :2].copy()), wrt=0, alt="B"),
    dict(f=kron_2d, args=(X23, A3[:2, :2].copy()), wrt=0, alt="B"),
    dict(f=inner_2d, args=(X23, A3), wrt=0, alt="B"),
    dict(f=dot_nd_1d, args=(rng.standard_normal((2, 2, 3)), x4[:3]), wrt=0, alt="v"),
    dict(f=cross_axis, args=(A3, A3[::-1].copy()), wrt=0, alt="B"),
    dict(f=numpy2_aliases, args=(x4,)),
    dict(f=numpy2_linalg_new, args=(A3, x4[:3]), wrt=0, alt="v"),
    dict(f=numpy2_cumulative_sum, args=(x4,)),
    dict(f=norm_negative_ords, args=(x4, A3), wrt=0, alt="A"),
    dict(f=norm_matrix_ords, args=(np.array([[2.0, 0.3, -0.4], [0.1, 1.5, 0.5], [-0.3, 0.2, 2.9]]),)),
    dict(f=norm_axis_ord1, args=(X23,)),
    dict(f=cholesky_upper, args=(A3,)),
    dict(f=polyval_vs_polynomial, args=(np.array([0.5, -1.0, 2.0]), x4), wrt=0, alt="x"),
    dict(f=chebval_legval, args=(np.array([0.5, -1.0, 2.0]), x4), wrt=0, alt="x"),
    dict(f=polyfit_slope, args=(np.array([0.3, -0.6, 0.8, 0.2, 1.1]),)),
    dict(f=correlate_full_wrt_second, args=(x4, np.array([0.2, 0.5, -0.3])), wrt=1, alt=0),
    dict(f=convolve_full_wrt_kernel, args=(x4, np.array([0.2, 0.5, -0.3])), wrt=1, alt=0),
    dict(f=rfft_zero_pad, args=(np.array([0.3, -0.6, 0.8, 0.2, 1.1]),)),
    dict(f=fft_ortho_ifft, args=(x4,)),
    dict(f=fft2_shift, args=(X23,)),
    dict(f=irfft_odd_no_n, args=(np.array([0.3, -0.6, 0.8, 0.2, 1.1]),)),
    dict(f=select_piecewise, args=(x4,)),
    dict(f=piecewise_call, args=(x4,)),
    dict(f=interp_left_right_outside, args=(np.array([-0.5, 0.4, 1.5, 2.5]),)),
    dict(f=interp_period, args=(np.array([-0.5, 0.4, 1.5, 4.5]),)),
    dict(f=trapezoid_dx_axis, args=(X23,)),
    dict(f=max_where_initial, args=(x4,)),
    dict(f=nanmax_nanstd, args=(x4,)),
    dict(f=logaddexp_reduce, args=(x4,)),
    dict(f=einsum_repeated_in_operand, args=(rng.standard_normal(12), X23), wrt=0, alt="B"),
    dict(f=einsum_output_transpose, args=(X23, A3), wrt=0, alt="B"),
    dict(f=einsum_optimize_path, args=(X23, A3, X23.T.copy()), wrt=0, alt="B"),
    dict(f=stack_axis_neg, args=(x4, x4[::-1].copy()), wrt=0, alt="y"),
    dict(f=hstack_vstack_column, args=(x4, x4[::-1].copy()), wrt=0, alt="y"),
    dict(f=split_indices_list, args=(np.array([0.3, -0.6, 0.8, 0.2, 1.1]),)),
    dict(f=broadcast_to_sum, args=(x4,)),
    dict(f=squeeze_expand, args=(x4,)),
    dict(f=astype_float32_roundtrip, args=(x4,), tol=1e-3, h=1e-3, skip=("hvp",)),
    dict(f=real_if_close_abs_complex, args=(x4,)),
]

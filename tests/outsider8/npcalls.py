"""NumPy and SciPy calls in their many spellings: einsum, gathers, cumulative operations, clips,
masks on both sides of `=`, fancy indexing with repeats, array building and reshaping, sorting,
interpolation, special functions, distributions, FFTs."""

import numpy as np
import scipy.special as sps
from scipy import stats
from scipy.special import gammaln, digamma, expit, logsumexp


def einsum_matvec(A, x):
    return np.sum(np.einsum("ij,j->i", A, x) ** 2)


def einsum_implicit(A, B):
    return np.sum(np.einsum("ij,jk", A, B) ** 2)


def einsum_trace_diag(A):
    return np.einsum("ii", A) + np.sum(np.einsum("ii->i", A) ** 2)


def einsum_batch_outer(X):
    G = np.einsum("ni,nj->ij", X, X)
    return np.sum(G * G)


def einsum_ellipsis(X, w):
    return np.sum(np.einsum("...i,i->...", X, w) ** 2)


def einsum_three_operands(a, B, c):
    return np.einsum("i,ij,j->", a, B, c)


def einsum_bilinear_list(x):
    W = np.arange(9.0).reshape(3, 3) * 0.1
    return np.einsum(x, [0], W, [0, 1], x, [1])


def take_along_axis_gather(X):
    idx = np.argsort(X, axis=1)[:, :2]
    return np.sum(np.take_along_axis(X, idx, axis=1) ** 2)


def np_take_rows(X):
    return np.sum(np.take(X, [2, 0, 2], axis=0) ** 2)


def cumsum_diff(x):
    c = np.cumsum(x)
    d = np.diff(c * c)
    return np.sum(d ** 2)


def cumprod_axis(X):
    return np.sum(np.cumprod(X, axis=1))


def diff_second_order(x):
    return np.sum(np.diff(x, n=2) ** 2)


def clip_both(x):
    return np.sum(np.clip(x, -0.5, 0.5) * x)


def clip_method(x):
    return np.sum(x.clip(min=0.0) ** 2)


def maximum_minimum(x, y):
    return np.sum(np.maximum(x, y) * 2 + np.minimum(x, 0.1) ** 2)


def mask_read_write(x):
    y = x.copy()
    y[y < 0] = 0.0
    y[x > 0.5] = x[x > 0.5] ** 2
    return np.sum(y * y)


def mask_write_from_other(x, z):
    y = np.zeros_like(x)
    m = x > 0
    y[m] = z[m] * x[m]
    return np.sum(y)


def fancy_repeated_read(x):
    idx = np.array([0, 0, 2, 3, 3, 3])
    return np.sum(x[idx] ** 2)


def fancy_repeated_write_plain(x):
    y = np.zeros(4)
    idx = np.array([0, 1, 1, 3])
    y[idx] = x
    return np.sum(y * np.arange(1.0, 5.0))


def fancy_repeated_augassign(x):
    y = np.ones(3)
    idx = [0, 2, 2]
    y[idx] += x[:3]
    return np.sum(y ** 2)


def fancy_2d_pairs(X):
    rows = np.array([0, 1, 2, 0])
    cols = np.array([1, 2, 0, 1])
    return np.sum(X[rows, cols] ** 2)


def outer_kron(a, b):
    return np.sum(np.outer(a, b) ** 2) + np.sum(np.kron(a, b))


def tril_triu(A):
    return np.sum(np.tril(A) ** 2) + np.sum(np.triu(A, k=1) * 3)


def roll_pad(x):
    r = np.roll(x, 2)
    p = np.pad(x, (1, 2), mode="constant", constant_values=0.5)
    return np.sum(r * x) + np.sum(p ** 2)


def pad_edge_reflect(x):
    return np.sum(np.pad(x, 2, mode="edge") ** 2) + np.sum(np.pad(x, 1, mode="reflect") * 2)


def concat_stack_split(x):
    a, b = np.split(x, 2)
    s = np.stack([a, b], axis=1)
    c = np.concatenate([a, b * 2, s.ravel()])
    return np.sum(c ** 2)


def array_split_uneven(x):
    parts = np.array_split(x, 3)
    return sum(np.sum(p) ** 2 for p in parts)


def tile_repeat(x):
    return np.sum(np.tile(x, 3) * np.arange(3 * x.size)) + np.sum(np.repeat(x, 2) ** 2)


def reshape_transpose_swap(X):
    Y = X.reshape(2, 3, 2)
    Z = np.swapaxes(Y, 0, 2)
    W = np.moveaxis(Z, 1, 0)
    return np.sum(W * np.arange(W.size).reshape(W.shape))


def transpose_axes_tuple(X):
    Y = X.reshape(2, 3, 2).transpose((2, 0, 1))
    return np.sum(Y[0] * Y[1])


def sort_gather(x):
    s = np.sort(x)
    return np.sum(s * np.arange(x.size))


def argsort_gather_two(x, y):
    order = np.argsort(x)
    return np.sum(y[order] * np.arange(1.0, y.size + 1))


def interp_values(yp):
    xp = np.array([0.0, 1.0, 2.0, 3.0])
    xq = np.array([0.5, 1.2, 2.9])
    return np.sum(np.interp(xq, xp, yp) ** 2)


def interp_query_points(xq):
    xp = np.array([0.0, 1.0, 2.0, 3.0])
    fp = np.array([0.0, 1.0, 0.5, 2.0])
    return np.sum(np.interp(xq, xp, fp) ** 2)


def polyval_coeffs(p, x):
    return np.sum(np.polyval(p, x) ** 2)


def trapezoid_call(y):
    x = np.linspace(0.0, 1.0, y.size)
    return np.trapezoid(y ** 2, x)


def gammaln_digamma(a):
    return np.sum(gammaln(a) + digamma(a) * a)


def expit_logsumexp(z):
    return logsumexp(z) + np.sum(expit(z) ** 2)


def logsumexp_axis_b(Z):
    return np.sum(logsumexp(Z, axis=1, b=np.array([1.0, 2.0, 0.5])))


def special_erf_erfc(x):
    return np.sum(sps.erf(x) * sps.erfc(x / 2))


def special_xlogy_betaln(p):
    return np.sum(sps.xlogy(p, p)) + sps.betaln(p[0] + 1, p[1] + 1)


def special_softmax_log_softmax(z):
    return np.sum(sps.softmax(z) * z) + np.sum(sps.log_softmax(z) ** 2)


def norm_logpdf(mu, sigma):
    x = np.array([0.1, -0.3, 1.2, 0.7])
    return np.sum(stats.norm.logpdf(x, loc=mu, scale=sigma))


def gamma_logpdf(a):
    x = np.array([0.5, 1.3, 2.2])
    return np.sum(stats.gamma.logpdf(x, a, scale=1.5))


def multivariate_normal_logpdf(mu):
    cov = np.array([[1.0, 0.3], [0.3, 2.0]])
    return stats.multivariate_normal.logpdf(np.array([0.5, -0.2]), mean=mu, cov=cov)


def beta_poisson_logpmf(a):
    k = np.array([0, 2, 5])
    return np.sum(stats.beta.logpdf(np.array([0.2, 0.7]), a, 2.0)) + np.sum(stats.poisson.logpmf(k, a))


def fft_power(x):
    F = np.fft.fft(x)
    return np.sum(np.abs(F) ** 2)


def rfft_filter(x):
    F = np.fft.rfft(x)
    F = F * np.exp(-np.arange(F.size) * 0.5)
    return np.sum(np.fft.irfft(F, n=x.size) ** 2)


def fft_real_part(x):
    F = np.fft.fft(x)
    return np.sum(F.real * np.arange(x.size)) + np.sum(F.imag ** 2)


def where_three_arg(x):
    return np.sum(np.where(x > 0, x ** 2, -x) * 2)


def where_log_guard(x):
    return np.sum(np.where(x > 0, np.log(np.abs(x) + 1e-300), 0.0))


def norm_ord_axis(X):
    return np.sum(np.linalg.norm(X, axis=1)) + np.linalg.norm(X, ord=1) + np.linalg.norm(X, "fro")


def norm_ord_inf_vector(x):
    return np.linalg.norm(x, ord=np.inf) + np.linalg.norm(x, ord=3)


def nansum_nanmean(x):
    y = np.where(x > 0.7, np.nan, x)
    return np.nansum(y ** 2) + np.nanmean(y)


def mean_var_std_ddof(X):
    return np.sum(np.var(X, axis=0, ddof=1)) + np.std(X) + np.mean(X, axis=1, keepdims=True).sum()


def prod_axis(X):
    return np.sum(np.prod(X, axis=0))


def average_weighted(x):
    return np.average(x, weights=np.array([1.0, 2.0, 3.0, 4.0])) * np.sum(x)


def hypot_arctan2(x, y):
    return np.sum(np.hypot(x, y) + np.arctan2(y, x))


def logaddexp_sinc(x):
    return np.sum(np.logaddexp(x, 2 * x) + np.sinc(x))


def linspace_param(a):
    t = np.linspace(0.0, a, 5)
    return np.sum(np.sin(t))


def meshgrid_eval(p):
    xs = np.linspace(-1, 1, 4)
    X, Y = np.meshgrid(xs, xs)
    Z = np.exp(-(X - p[0]) ** 2 - (Y - p[1]) ** 2)
    return np.sum(Z)


def diag_and_trace(x):
    D = np.diag(x)
    return np.trace(D @ D) + np.sum(np.diag(D + 1.0))


def full_like_and_fill(x):
    y = np.full_like(x, 2.0)
    y[1:] = x[:-1] * y[1:]
    return np.sum(y * x)


def flip_and_rot(X):
    return np.sum(np.flip(X, axis=0) * X) + np.sum(np.rot90(X) ** 2)


def dot_vdot_inner(a, b):
    return np.dot(a, b) + np.vdot(a, a) + np.inner(a, b) ** 2


def cross_product(a, b):
    return np.sum(np.cross(a, b) ** 2)


def matmul_operator_chain(A, x):
    return x @ A @ A.T @ x


def astype_float(x):
    y = (x * 2).astype(np.float64)
    return np.sum(y ** 2)


def sum_keepdims_broadcast(X):
    Z = X - X.sum(axis=1, keepdims=True) / X.shape[1]
    return np.sum(Z ** 2)


def max_axis_argmax_gather(X):
    i = np.argmax(X, axis=1)
    return np.sum(X[np.arange(X.shape[0]), i]) + np.sum(np.max(X, axis=0))


def ptp_and_amax(x):
    return np.ptp(x) + np.amax(x) * np.amin(x)


def sign_abs_combo(x):
    return np.sum(np.sign(x) * np.abs(x) ** 1.5)


def histogram_like_bincount(x):
    idx = np.array([0, 1, 1, 2, 0])
    return np.sum(np.bincount(idx, weights=x) ** 2)


def cov_corrcoef(X):
    return np.sum(np.cov(X)) + np.sum(np.corrcoef(X) ** 2)


def convolve_correlate(x):
    k = np.array([0.25, 0.5, 0.25])
    return np.sum(np.convolve(x, k, mode="same") ** 2) + np.sum(np.correlate(x, k, mode="valid"))


rng = np.random.default_rng(8)
x4 = np.array([0.3, -0.6, 0.8, 0.2])
A3 = np.array([[1.2, 0.3, -0.4], [0.1, 0.9, 0.5], [-0.3, 0.2, 1.5]])
X43 = rng.standard_normal((4, 3))
X34 = rng.standard_normal((3, 4))

CASES = [
    dict(f=einsum_matvec, args=(A3, x4[:3]), wrt=0, alt="x"),
    dict(f=einsum_implicit, args=(A3, X34), wrt=0, alt="B"),
    dict(f=einsum_trace_diag, args=(A3,)),
    dict(f=einsum_batch_outer, args=(X43,)),
    dict(f=einsum_ellipsis, args=(rng.standard_normal((2, 2, 3)), x4[:3]), wrt=0, alt="w"),
    dict(f=einsum_three_operands, args=(x4[:3], A3, x4[1:]), wrt=1, alt=0),
    dict(f=einsum_bilinear_list, args=(x4[:3],)),
    dict(f=take_along_axis_gather, args=(X43,)),
    dict(f=np_take_rows, args=(X43,)),
    dict(f=cumsum_diff, args=(x4,)),
    dict(f=cumprod_axis, args=(X43,)),
    dict(f=diff_second_order, args=(np.array([0.3, -0.6, 0.8, 0.2, 1.1]),)),
    dict(f=clip_both, args=(x4,)),
    dict(f=clip_method, args=(x4,)),
    dict(f=maximum_minimum, args=(x4, x4[::-1] * 0.9), wrt=0, alt="y"),
    dict(f=mask_read_write, args=(x4,)),
    dict(f=mask_write_from_other, args=(x4, x4 + 1.0), wrt=0, alt="z"),
    dict(f=fancy_repeated_read, args=(x4,)),
    dict(f=fancy_repeated_write_plain, args=(x4,)),
    dict(f=fancy_repeated_augassign, args=(x4,)),
    dict(f=fancy_2d_pairs, args=(A3,)),
    dict(f=outer_kron, args=(x4[:3], x4), wrt=0, alt="b"),
    dict(f=tril_triu, args=(A3,)),
    dict(f=roll_pad, args=(x4,)),
    dict(f=pad_edge_reflect, args=(x4,)),
    dict(f=concat_stack_split, args=(x4,)),
    dict(f=array_split_uneven, args=(np.array([0.3, -0.6, 0.8, 0.2, 0.5]),)),
    dict(f=tile_repeat, args=(x4[:3],)),
    dict(f=reshape_transpose_swap, args=(X43,)),
    dict(f=transpose_axes_tuple, args=(X43,)),
    dict(f=sort_gather, args=(x4,)),
    dict(f=argsort_gather_two, args=(x4, x4 * 3 + 0.1), wrt=1, alt=0),
    dict(f=interp_values, args=(x4,)),
    dict(f=interp_query_points, args=(np.array([0.5, 1.2, 2.9]),)),
    dict(f=polyval_coeffs, args=(x4, np.array([0.5, -1.0])), wrt=0, alt="x"),
    dict(f=trapezoid_call, args=(x4,)),
    dict(f=gammaln_digamma, args=(np.array([0.7, 1.5, 3.2]),)),
    dict(f=expit_logsumexp, args=(x4,)),
    dict(f=logsumexp_axis_b, args=(X43,)),
    dict(f=special_erf_erfc, args=(x4,)),
    dict(f=special_xlogy_betaln, args=(np.array([0.3, 0.7, 1.4]),)),
    dict(f=special_softmax_log_softmax, args=(x4,)),
    dict(f=norm_logpdf, args=(0.2, 1.3), wrt=0, alt="sigma"),
    dict(f=gamma_logpdf, args=(2.3,)),
    dict(f=multivariate_normal_logpdf, args=(np.array([0.1, 0.2]),)),
    dict(f=beta_poisson_logpmf, args=(2.5,)),
    dict(f=fft_power, args=(x4,)),
    dict(f=rfft_filter, args=(np.array([0.3, -0.6, 0.8, 0.2, 0.5, 0.1]),)),
    dict(f=fft_real_part, args=(x4,)),
    dict(f=where_three_arg, args=(x4,)),
    dict(f=where_log_guard, args=(x4,)),
    dict(f=norm_ord_axis, args=(X43,)),
    dict(f=norm_ord_inf_vector, args=(x4,)),
    dict(f=nansum_nanmean, args=(np.array([0.3, -0.6, 0.8, 0.2]),)),
    dict(f=mean_var_std_ddof, args=(X43,)),
    dict(f=prod_axis, args=(X43,)),
    dict(f=average_weighted, args=(x4,)),
    dict(f=hypot_arctan2, args=(x4, x4[::-1] + 0.05), wrt=0, alt="y"),
    dict(f=logaddexp_sinc, args=(x4,)),
    dict(f=linspace_param, args=(1.7,)),
    dict(f=meshgrid_eval, args=(np.array([0.2, -0.3]),)),
    dict(f=diag_and_trace, args=(x4,)),
    dict(f=full_like_and_fill, args=(x4,)),
    dict(f=flip_and_rot, args=(A3,)),
    dict(f=dot_vdot_inner, args=(x4, x4 * 2 - 0.3), wrt=0, alt="b"),
    dict(f=cross_product, args=(x4[:3], x4[1:]), wrt=0, alt="b"),
    dict(f=matmul_operator_chain, args=(A3, x4[:3]), wrt=0, alt="x"),
    dict(f=astype_float, args=(x4,)),
    dict(f=sum_keepdims_broadcast, args=(X43,)),
    dict(f=max_axis_argmax_gather, args=(X43,)),
    dict(f=ptp_and_amax, args=(x4,)),
    dict(f=sign_abs_combo, args=(x4,)),
    dict(f=histogram_like_bincount, args=(np.array([0.3, -0.6, 0.8, 0.2, 0.5]),)),
    dict(f=cov_corrcoef, args=(X34,)),
    dict(f=convolve_correlate, args=(np.array([0.3, -0.6, 0.8, 0.2, 0.5]),)),
]

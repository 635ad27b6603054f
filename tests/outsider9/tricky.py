"""Quick code in the round's areas that leans on NumPy's semantics: draws whose parameters are
differentiated, frozen scipy.stats distributions, logsumexp's options, ufunc reductions and
accumulations, in-place layer code on fresh arrays and views, overlapping copies, swaps."""

import numpy as np
from scipy import stats
from scipy.special import logsumexp, softmax

_r = np.random.default_rng(100)
X5 = np.array([0.5, -1.2, 0.8, 2.0, -0.3])
M3 = _r.standard_normal((3, 3))


def rng_normal_loc_scale(mu, sigma):
    rng = np.random.default_rng(0)
    z = rng.normal(mu, sigma, size=6)
    return np.sum(z ** 2)


def rng_normal_keywords(mu):
    rng = np.random.default_rng(1)
    return np.mean(np.tanh(rng.normal(loc=mu, scale=0.5, size=(4, 3))))


def rng_uniform_bounds(a, b):
    rng = np.random.default_rng(2)
    u = rng.uniform(a, b, size=5)
    return np.sum(np.sin(u))


def rng_exponential_scale(s):
    rng = np.random.default_rng(3)
    return np.sum(rng.exponential(s, size=5) ** 2)


def legacy_normal(mu):
    np.random.seed(4)
    return np.sum(np.random.normal(mu, 1.0, size=4) ** 2)


def rng_mvn_mean(mu):
    rng = np.random.default_rng(5)
    z = rng.multivariate_normal(mu, np.eye(2), size=3)
    return np.sum(z ** 2)


def rng_permutation(x):
    rng = np.random.default_rng(6)
    return np.sum(rng.permutation(x) * np.arange(5.0))


def rng_choice_values(x):
    rng = np.random.default_rng(7)
    return np.sum(rng.choice(x, size=3, replace=False) * np.array([1.0, 2.0, 3.0]))


def rng_lognormal_sigma(sigma):
    rng = np.random.default_rng(8)
    return np.mean(rng.lognormal(0.0, sigma, size=6))


def frozen_norm(mu, s):
    d = stats.norm(loc=mu, scale=s)
    return np.sum(d.logpdf(X5))


def frozen_norm_cdf(mu):
    d = stats.norm(mu, 2.0)
    return np.sum(d.cdf(X5))


def frozen_gamma(a):
    return np.sum(stats.gamma(a, scale=2.0).logpdf(np.array([0.5, 1.5, 3.0])))


def frozen_mvn(mu):
    return stats.multivariate_normal(mean=mu, cov=np.eye(2)).logpdf(np.array([0.3, -0.2]))


def norm_entropy(s):
    return stats.norm(0.0, s).entropy() + stats.norm.entropy(scale=s * 2)


def logsumexp_b_const(z):
    return logsumexp(z, b=np.array([0.5, 1.0, 2.0, 1.0, 0.1]))


def logsumexp_b_diff(z, w):
    return logsumexp(z, b=w)


def logsumexp_return_sign(z):
    v, s = logsumexp(z, b=np.array([1.0, -0.2, 1.0, 1.0, -0.1]), return_sign=True)
    return v * s


def logaddexp_reduce(z):
    return np.logaddexp.reduce(z)


def add_reduce(M):
    return np.sum(np.add.reduce(M, axis=0) ** 2)


def multiply_reduce(x):
    return np.multiply.reduce(x)


def maximum_accumulate(x):
    return np.sum(np.maximum.accumulate(x) * np.arange(1.0, 6.0))


def add_accumulate(x):
    return np.sum(np.add.accumulate(x) ** 2)


def multiply_outer(x):
    return np.sum(np.tanh(np.multiply.outer(x, x)))


def subtract_outer(x):
    return np.sum(np.subtract.outer(x, x) ** 2 * np.arange(25.0).reshape(5, 5))


def softmax_axis_none(M):
    return np.sum(softmax(M) * np.arange(9.0).reshape(3, 3))


def relu_inplace_mask(x, W):
    h = x @ W
    h[h < 0] = 0.0
    return np.sum(h ** 2)


def relu_maximum_out(x, W):
    h = x @ W
    np.maximum(h, 0.0, out=h)
    return np.sum(h ** 2)


def softmax_inplace(z):
    e = np.exp(z - z.max())
    e /= e.sum()
    return e @ np.arange(5.0)


def matmul_inplace(x, W):
    h = x.copy()
    h @= W
    h @= W
    return np.sum(h)


def pow_inplace(x):
    y = x * 1.0
    y **= 3
    return np.sum(y)


def view_update(x):
    y = x.copy()
    v = y[1:]
    v *= 2.0
    return np.sum(y ** 2)


def view_reshape_store(x):
    y = np.zeros(6)
    r = y.reshape(2, 3)
    r[0] = x[:3]
    return np.sum(y * np.arange(6.0))


def transpose_view_store(M):
    Y = M.copy()
    Y.T[0] = 0.0
    return np.sum(Y ** 2)


def chained_zero_alias(x):
    a = b = np.zeros(5)
    a[0] = x[0]
    b[1] = x[1]
    return np.sum(a * x) + np.sum(b)


def overlap_shift_right(x):
    y = x.copy()
    y[1:] = y[:-1]
    return np.sum(y * np.arange(5.0))


def overlap_reverse(x):
    y = x.copy()
    y[:] = y[::-1]
    return np.sum(y * np.arange(5.0))


def element_swap(x):
    y = x.copy()
    y[0], y[3] = y[3], y[0]
    return np.sum(y * np.arange(5.0))


def row_swap_fancy(M):
    A = M.copy()
    A[[0, 2]] = A[[2, 0]]
    return np.sum(A * np.arange(9.0).reshape(3, 3))


def row_swap_tuple(M):
    A = M.copy()
    A[0], A[2] = A[2].copy(), A[0].copy()
    return np.sum(A * np.arange(9.0).reshape(3, 3))


def copyto_where(x):
    y = np.zeros(5)
    np.copyto(y, x * 2.0, where=x > 0)
    return np.sum(y ** 2)


def ufunc_where_out(x):
    y = np.ones(5)
    np.multiply(x, 3.0, out=y, where=x > 0)
    return np.sum(y * x)


def cumsum_out(x):
    y = np.empty(5)
    np.cumsum(x, out=y)
    return np.sum(y ** 2)


def int_buffer_store(x):
    buf = np.zeros(3, dtype=int)
    buf[0] = 5
    return np.sum(x[:3] * buf)


def float_from_item(x):
    return x[2].item() * x[0] + float(x[1]) ** 2


def norm_ord_variants(x):
    return np.linalg.norm(x, ord=1) + np.linalg.norm(x, ord=np.inf) + np.linalg.norm(x, 3)


def var_ddof(M):
    return np.sum(np.var(M, axis=0, ddof=1)) + np.std(M, ddof=1)


def average_weights(x):
    return np.average(x ** 2, weights=np.array([1.0, 2.0, 3.0, 4.0, 5.0]))


def median_of(x):
    return np.median(x) ** 2 + np.percentile(x, 75)


def prod_axis(M):
    return np.sum(np.prod(M, axis=1))


def ptp_spread(x):
    return np.ptp(x) ** 2


def batched_solve(A):
    As = np.stack([A + 3 * np.eye(3), A.T + 4 * np.eye(3)])
    b = np.ones((2, 3, 1))
    return np.sum(np.linalg.solve(As, b))


def batched_inv_det(A):
    As = np.stack([A + 3 * np.eye(3), 2 * np.eye(3) - A])
    return np.sum(np.linalg.inv(As)) + np.sum(np.linalg.det(As))


def clip_method(x):
    return np.sum(x.clip(min=0.0) ** 2 + x.clip(-0.5, 0.5))


def round_straight_through(x):
    return np.sum(x + (np.round(x * 2) / 2 - x))


def gumbel_max(logits):
    rng = np.random.default_rng(9)
    g = rng.gumbel(size=logits.shape)
    k = np.argmax(logits + g)
    return logits[k] * 2.0


def list_mult_alias(x):
    rows = [np.zeros(2)] * 2
    rows[0] = x[:2]
    return np.sum(np.stack(rows) ** 2)


def augmented_global_array(x):
    return np.sum((x - X5.mean()) ** 2)


CASES = [
    dict(f=rng_normal_loc_scale, args=(0.3, 1.2), wrt=(0, 1), alt=1),
    dict(f=rng_normal_keywords, args=(0.2,)),
    dict(f=rng_uniform_bounds, args=(-0.5, 1.5), wrt=(0, 1), alt=1),
    dict(f=rng_exponential_scale, args=(0.8,)),
    dict(f=legacy_normal, args=(0.4,)),
    dict(f=rng_mvn_mean, args=(np.array([0.3, -0.1]),)),
    dict(f=rng_permutation, args=(X5,)),
    dict(f=rng_choice_values, args=(X5,)),
    dict(f=rng_lognormal_sigma, args=(0.6,)),
    dict(f=frozen_norm, args=(0.2, 1.3), wrt=(0, 1), alt=1),
    dict(f=frozen_norm_cdf, args=(0.2,)),
    dict(f=frozen_gamma, args=(2.5,)),
    dict(f=frozen_mvn, args=(np.array([0.1, 0.2]),)),
    dict(f=norm_entropy, args=(1.3,)),
    dict(f=logsumexp_b_const, args=(X5,)),
    dict(f=logsumexp_b_diff, args=(X5, np.array([0.5, 1.0, 2.0, 1.0, 0.1])), wrt=0, alt=1),
    dict(f=logsumexp_return_sign, args=(X5,)),
    dict(f=logaddexp_reduce, args=(X5,)),
    dict(f=add_reduce, args=(M3,)),
    dict(f=multiply_reduce, args=(X5,)),
    dict(f=maximum_accumulate, args=(X5,)),
    dict(f=add_accumulate, args=(X5,)),
    dict(f=multiply_outer, args=(X5,)),
    dict(f=subtract_outer, args=(X5,)),
    dict(f=softmax_axis_none, args=(M3,)),
    dict(f=relu_inplace_mask, args=(X5[:3], M3), wrt=1, alt=0),
    dict(f=relu_maximum_out, args=(X5[:3], M3), wrt=1, alt=0),
    dict(f=softmax_inplace, args=(X5,)),
    dict(f=matmul_inplace, args=(M3[0], M3), wrt=1, alt=0),
    dict(f=pow_inplace, args=(X5,)),
    dict(f=view_update, args=(X5,)),
    dict(f=view_reshape_store, args=(X5,)),
    dict(f=transpose_view_store, args=(M3,)),
    dict(f=chained_zero_alias, args=(X5,)),
    dict(f=overlap_shift_right, args=(X5,)),
    dict(f=overlap_reverse, args=(X5,)),
    dict(f=element_swap, args=(X5,)),
    dict(f=row_swap_fancy, args=(M3,)),
    dict(f=row_swap_tuple, args=(M3,)),
    dict(f=copyto_where, args=(X5,)),
    dict(f=ufunc_where_out, args=(X5,)),
    dict(f=cumsum_out, args=(X5,)),
    dict(f=int_buffer_store, args=(X5,)),
    dict(f=float_from_item, args=(X5,)),
    dict(f=norm_ord_variants, args=(X5,)),
    dict(f=var_ddof, args=(M3,)),
    dict(f=average_weights, args=(X5,)),
    dict(f=median_of, args=(X5,)),
    dict(f=prod_axis, args=(M3,)),
    dict(f=ptp_spread, args=(X5,)),
    dict(f=batched_solve, args=(M3,)),
    dict(f=batched_inv_det, args=(M3,)),
    dict(f=clip_method, args=(X5 * 0.9,)),
    dict(f=round_straight_through, args=(X5 + 0.1,)),
    dict(f=gumbel_max, args=(X5,)),
    dict(f=list_mult_alias, args=(X5,)),
    dict(f=augmented_global_array, args=(X5,)),
]

"""Jacobians (both modes) and Hessian-vector products through less common operations."""

import numpy as np
import scipy.special

rng = np.random.default_rng(9)


def cumprod_v(x):
    return np.cumprod(x)


def max_axis_v(X):
    return np.max(X, axis=1) + np.min(X, axis=0)[:1]


def norm_v(X):
    return np.linalg.norm(X, axis=0)


def take_along(X):
    idx = np.argsort(X, axis=1)
    return np.take_along_axis(X, idx, axis=1).ravel()


def inv_solve_v(A, b):
    S = A @ A.T + np.eye(3)
    return np.linalg.inv(S) @ b + np.linalg.solve(S, b) * 2


def det_rows(A):
    return np.array([np.linalg.det(A), np.trace(A), np.sum(A ** 2)])


def interp_v(xq):
    xp = np.array([0.0, 0.5, 1.0, 1.5])
    fp = np.array([0.0, 1.0, 0.5, 2.0])
    return np.interp(xq, xp, fp) * xq


def fft_v(x):
    F = np.fft.fft(x)
    return np.real(F * np.conj(F))


def pad_roll(x):
    y = np.pad(x, 2, mode="reflect")
    return np.roll(y, 3) * np.arange(len(y))


def eigh_v(A):
    S = A + A.T
    w, V = np.linalg.eigh(S)
    return w


def cholesky_v(A):
    L = np.linalg.cholesky(A @ A.T + np.eye(3))
    return L[np.tril_indices(3)]


def special_v(x):
    return scipy.special.erf(x) + scipy.special.softmax(x) + scipy.special.xlogy(x * x, x * x + 1)


def diff_v(x):
    return np.concatenate([np.diff(x), np.diff(x, 2), np.gradient(x)])


def quantile_v(X):
    return np.quantile(X, 0.3, axis=0)


def repeat_tile(x):
    return np.repeat(x, 2) * np.tile(x, 2)


def flip_rot(A):
    return (np.flip(A, 0) + np.rot90(A) * 2).ravel()


def var_std_v(X):
    return np.concatenate([X.var(axis=0), X.std(axis=1, ddof=1)])


def logsumexp_v(X):
    return scipy.special.logsumexp(X, axis=1)


def split_v(x):
    a, b = np.split(x, 2)
    return a * b[::-1]


def kron_v(a, b):
    return np.kron(a, b)


def where_inplace_loop(x):
    y = x.copy()
    for k in range(3):
        y = np.where(y > 0, y * 0.5, y - 0.1 * k)
        y[k] = y[k] * y[k + 1]
    return y


def matrix_power_v(A):
    return np.linalg.matrix_power(A, 2).ravel() + np.linalg.matrix_power(A @ A.T + np.eye(2), -1).ravel()


def cross_v(a, b):
    return np.cross(a, b) + np.cross(b, a * a)


def svd_v(A):
    return np.linalg.svd(A, compute_uv=False)


def slogdet_v(A):
    s, l = np.linalg.slogdet(A @ A.T + np.eye(2))
    return np.array([l, s * l])


def prod_v(X):
    return np.prod(X, axis=0)


def scalar_of(g):
    return g


def s_cumprod(x):
    return np.sum(cumprod_v(x) ** 2)


def s_take_along(X):
    return np.sum(take_along(X) * np.arange(X.size))


def s_eigh(A):
    return np.sum(eigh_v(A) ** 3)


def s_cholesky(A):
    return np.sum(cholesky_v(A) ** 2)


def s_quantile(X):
    return np.sum(quantile_v(X) ** 2)


def s_where_inplace(x):
    return np.sum(where_inplace_loop(x) ** 2)


def s_svd(A):
    return np.sum(svd_v(A) ** 3)


def s_fft(x):
    return np.sum(np.sqrt(fft_v(x) + 1.0))


def s_special(x):
    return np.sum(special_v(x) ** 2)


def s_pad_roll(x):
    return np.sum(pad_roll(x) ** 2)


def s_max(X):
    return np.sum(max_axis_v(X) ** 2)


x4 = rng.standard_normal(4)
X34 = rng.standard_normal((3, 4))
A3 = rng.standard_normal((3, 3))
A2 = rng.standard_normal((2, 2))
CASES = [dict(out="vector", **c) for c in [
    dict(f=cumprod_v, args=(x4,), wrt=0),
    dict(f=max_axis_v, args=(X34,), wrt=0),
    dict(f=norm_v, args=(X34,), wrt=0),
    dict(f=take_along, args=(X34,), wrt=0),
    dict(f=inv_solve_v, args=(A3, x4[:3]), wrt=(0, 1)),
    dict(f=det_rows, args=(A3,), wrt=0),
    dict(f=interp_v, args=(np.array([0.2, 0.7, 1.2]),), wrt=0),
    dict(f=fft_v, args=(x4,), wrt=0),
    dict(f=pad_roll, args=(x4,), wrt=0),
    dict(f=eigh_v, args=(A3,), wrt=0),
    dict(f=cholesky_v, args=(A3,), wrt=0),
    dict(f=special_v, args=(x4,), wrt=0),
    dict(f=diff_v, args=(rng.standard_normal(5),), wrt=0),
    dict(f=quantile_v, args=(X34,), wrt=0),
    dict(f=repeat_tile, args=(x4,), wrt=0),
    dict(f=flip_rot, args=(A3,), wrt=0),
    dict(f=var_std_v, args=(X34,), wrt=0),
    dict(f=logsumexp_v, args=(X34,), wrt=0),
    dict(f=split_v, args=(x4,), wrt=0),
    dict(f=kron_v, args=(x4[:2], x4[2:]), wrt=(0, 1)),
    dict(f=where_inplace_loop, args=(x4,), wrt=0),
    dict(f=matrix_power_v, args=(A2,), wrt=0),
    dict(f=cross_v, args=(x4[:3], x4[1:]), wrt=(0, 1)),
    dict(f=svd_v, args=(X34,), wrt=0),
    dict(f=slogdet_v, args=(A2,), wrt=0),
    dict(f=prod_v, args=(X34,), wrt=0),
]] + [
    dict(f=s_cumprod, args=(x4,), wrt=0),
    dict(f=s_take_along, args=(X34,), wrt=0),
    dict(f=s_eigh, args=(A3,), wrt=0, tol=1e-4),
    dict(f=s_cholesky, args=(A3,), wrt=0),
    dict(f=s_quantile, args=(X34,), wrt=0),
    dict(f=s_where_inplace, args=(x4,), wrt=0),
    dict(f=s_svd, args=(X34,), wrt=0),
    dict(f=s_fft, args=(x4,), wrt=0),
    dict(f=s_special, args=(x4,), wrt=0),
    dict(f=s_pad_roll, args=(x4,), wrt=0),
    dict(f=s_max, args=(X34,), wrt=0),
]

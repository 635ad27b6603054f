"""Variances and standard deviations, covariance and correlation matrices."""

import numpy as np

from .. import complex_adjoint, complex_tangent, never, tangent
from ... import runtime
from ...runtime import expand_reduced
from .family import reduction


@reduction(np.var, np.ndarray.var, runtime.std_squared)
def var(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, d_result):
    # Also `np.std(a) ** 2`, read as runtime.std_squared (transforms/squared_norms.py): smooth
    # where every entry is equal, where std has its kink.
    centered = a - np.mean(a, axis=axis, keepdims=True)
    n = np.size(a) / np.size(result)
    return expand_reduced(d_result, a, axis, keepdims) * centered * (2 / (n - ddof))


@tangent(np.var, np.ndarray.var, runtime.std_squared)
def var_tangent(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, t_a):
    centered = a - np.mean(a, axis=axis, keepdims=True)
    n = np.size(a) / np.size(result)
    return np.sum(centered * t_a, axis=axis, keepdims=keepdims) * (2 / (n - ddof))


@reduction(np.std, np.ndarray.std)
def std(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, d_result):
    # Convention where the spread is 0 (all entries equal): the gradient is 0, not nan.
    centered = a - np.mean(a, axis=axis, keepdims=True)
    n = np.size(a) / np.size(result)
    spread = expand_reduced(result, a, axis, keepdims)
    safe = np.where(spread == 0, 1, spread)
    return np.where(spread == 0, 0, expand_reduced(d_result, a, axis, keepdims) * centered / (safe * (n - ddof)))


@tangent(np.std, np.ndarray.std)
def std_tangent(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, t_a):
    # 0 where the spread is 0, as the adjoint.
    centered = a - np.mean(a, axis=axis, keepdims=True)
    n = np.size(a) / np.size(result)
    safe = np.where(result == 0, 1, result)
    return np.where(result == 0, 0, np.sum(centered * t_a, axis=axis, keepdims=keepdims) / (safe * (n - ddof)))


# Complex operands: the spread is of |a - mean|, not holomorphic; its cotangent is conj(a - mean).
@complex_adjoint(np.var, np.ndarray.var, runtime.std_squared)
def complex_var(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, d_result):
    centered = a - np.mean(a, axis=axis, keepdims=True)
    n = np.size(a) / np.size(result)
    return expand_reduced(d_result, a, axis, keepdims) * np.conj(centered) * (2 / (n - ddof))


@complex_tangent(np.var, np.ndarray.var, runtime.std_squared)
def complex_var_tangent(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, t_a):
    centered = a - np.mean(a, axis=axis, keepdims=True)
    n = np.size(a) / np.size(result)
    return np.sum(np.real(np.conj(centered) * t_a), axis=axis, keepdims=keepdims) * (2 / (n - ddof))


@complex_adjoint(np.std, np.ndarray.std)
def complex_std(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, d_result):
    centered = a - np.mean(a, axis=axis, keepdims=True)
    n = np.size(a) / np.size(result)
    spread = expand_reduced(result, a, axis, keepdims)
    safe = np.where(spread == 0, 1, spread)
    g = expand_reduced(d_result, a, axis, keepdims)
    return np.where(spread == 0, 0, g * np.conj(centered) / (safe * (n - ddof)))


@complex_tangent(np.std, np.ndarray.std)
def complex_std_tangent(result, a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, t_a):
    centered = a - np.mean(a, axis=axis, keepdims=True)
    n = np.size(a) / np.size(result)
    safe = np.where(result == 0, 1, result)
    spread = np.sum(np.real(np.conj(centered) * t_a), axis=axis, keepdims=keepdims)
    return np.where(result == 0, 0, spread / (safe * (n - ddof)))


_WEIGHTS = "weighted covariances are not differentiated; scale the observations instead"
_Y = "a second set of variables is not differentiated; stack them first: np.cov(np.vstack([x, y]))"


@reduction(np.cov, requires={"y": never(_Y), "fweights": never(_WEIGHTS), "aweights": never(_WEIGHTS)})
def cov(result, m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, *, dtype=None,
        d_result):
    # C = Xc Xc^T / (n - ddof), Xc the centred variables (rows of m, or columns with rowvar=False);
    # (G + G^T) Xc is centred already: the mean's adjoint adds nothing.
    x = np.atleast_2d(m)
    if not rowvar and np.shape(x)[0] != 1:
        x = np.swapaxes(x, 0, 1)
    if ddof is None:
        fact = np.shape(x)[1] - 1 + bias
    else:
        fact = np.shape(x)[1] - ddof
    centred = x - np.mean(x, axis=1, keepdims=True)
    g = np.reshape(d_result, (np.shape(x)[0], np.shape(x)[0]))
    d_x = np.matmul(g + np.swapaxes(g, 0, 1), centred) / fact
    if not rowvar and np.shape(x)[0] != np.shape(np.atleast_2d(m))[0]:
        d_x = np.swapaxes(d_x, 0, 1)
    return np.reshape(d_x, np.shape(m))


@tangent(np.cov)
def cov_tangent(result, m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None, *, dtype=None,
                t_m):
    x = np.atleast_2d(m)
    t_x = np.atleast_2d(t_m)
    if not rowvar and np.shape(x)[0] != 1:
        x = np.swapaxes(x, 0, 1)
        t_x = np.swapaxes(t_x, 0, 1)
    if ddof is None:
        fact = np.shape(x)[1] - 1 + bias
    else:
        fact = np.shape(x)[1] - ddof
    half = np.matmul(t_x - np.mean(t_x, axis=1, keepdims=True),
                     np.swapaxes(x - np.mean(x, axis=1, keepdims=True), 0, 1)) / fact
    return np.reshape(half + np.swapaxes(half, 0, 1), np.shape(result))


@reduction(np.corrcoef, requires={"y": never(_Y.replace("np.cov", "np.corrcoef"))})
def corrcoef(result, x, y=None, rowvar=True, *, dtype=None, d_result):
    # R = Z Z^T, Z the centred variables scaled to unit norm (NumPy's clip to [-1, 1] only trims
    # rounding).  A constant variable gives nan, as NumPy's value does.
    a = np.atleast_2d(x)
    if not rowvar and np.shape(a)[0] != 1:
        a = np.swapaxes(a, 0, 1)
    centred = a - np.mean(a, axis=1, keepdims=True)
    norms = np.sqrt(np.sum(centred * centred, axis=1, keepdims=True))
    z = centred / norms
    g = np.reshape(d_result, (np.shape(a)[0], np.shape(a)[0]))
    d_z = np.matmul(g + np.swapaxes(g, 0, 1), z)
    d_centred = (d_z - z * np.sum(d_z * z, axis=1, keepdims=True)) / norms
    d_a = d_centred - np.mean(d_centred, axis=1, keepdims=True)
    if not rowvar and np.shape(a)[0] != np.shape(np.atleast_2d(x))[0]:
        d_a = np.swapaxes(d_a, 0, 1)
    return np.reshape(d_a, np.shape(x))


@tangent(np.corrcoef)
def corrcoef_tangent(result, x, y=None, rowvar=True, *, dtype=None, t_x):
    a = np.atleast_2d(x)
    t_a = np.atleast_2d(t_x)
    if not rowvar and np.shape(a)[0] != 1:
        a = np.swapaxes(a, 0, 1)
        t_a = np.swapaxes(t_a, 0, 1)
    centred = a - np.mean(a, axis=1, keepdims=True)
    t_centred = t_a - np.mean(t_a, axis=1, keepdims=True)
    norms = np.sqrt(np.sum(centred * centred, axis=1, keepdims=True))
    z = centred / norms
    t_z = (t_centred - z * np.sum(t_centred * z, axis=1, keepdims=True)) / norms
    half = np.matmul(t_z, np.swapaxes(z, 0, 1))
    return np.reshape(half + np.swapaxes(half, 0, 1), np.shape(result))

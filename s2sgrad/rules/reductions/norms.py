"""Weighted averages and norms: vector and matrix norms of every order, 0 at 0."""

import numpy as np

from .. import complex_adjoint, complex_tangent, only, tangent
from ... import runtime
from ...runtime import broadcast_like, expand_reduced
from .family import reduction


@reduction(np.average, requires={"returned": only(False, reason="the sum of the weights is returned as a "
                                                                     "second value")})
def average(result, a, axis=None, weights=None, returned=False, keepdims=False, *, d_result):
    # With respect to `a` only: the weights are treated as constants.
    g = expand_reduced(d_result, a, axis, keepdims)
    if weights is None:
        return broadcast_like(g * (np.size(result) / np.size(a)), a)     # g may be a number: no NumPy array
    # 1-D weights along `axis` of an n-D input are laid along that axis.
    w = np.reshape(weights, [-1 if i == axis % np.ndim(a) else 1 for i in range(np.ndim(a))]) \
        if np.ndim(weights) == 1 and np.ndim(a) > 1 else weights
    return g * w / np.sum(w, axis=axis, keepdims=True)


@reduction(np.linalg.norm)
def norm(result, x, ord=None, axis=None, keepdims=False, *, d_result):
    # Convention at 0, where a norm has a cone's kink: the gradient is 0; entries tied for the
    # max or min share it.  Matrix norms (x 2-D with axis None, or a pair of axes): 2, -2 and
    # 'nuc' through the singular vectors.  This rule tests an `ord` known only at run time; a
    # constant `ord` has a rule of its own, chosen when the function is transformed.
    g = expand_reduced(d_result, x, axis, keepdims)
    r = expand_reduced(result, x, axis, keepdims)
    safe = np.where(r == 0, 1, r)
    if ord in (None, "fro"):
        return g * x / safe
    if ord == 0:
        return np.zeros_like(x)
    if axis is None:
        pair = (0, 1)
    else:
        pair = axis
    matrix = np.size(pair) == 2 and np.ndim(x) > 1
    if ord == "nuc":
        u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
        return g * np.moveaxis(np.matmul(u, vh), (-2, -1), pair)
    if matrix and ord in (2, -2):         # the vectors of the largest (2) or smallest (-2) singular value
        u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
        k = 0 if ord == 2 else -1
        return g * np.moveaxis(np.matmul(u[..., [k]], vh[..., [k], :]), (-2, -1), pair)
    if matrix:          # 1, -1: the largest or smallest column sum; inf, -inf: row sum
        mask = np.sum(np.abs(x), axis=pair[0] if ord in (1, -1) else pair[1], keepdims=True) == r
        return g * np.sign(x) * mask / np.sum(mask, axis=pair, keepdims=True, dtype=np.result_type(x))
    if ord in (np.inf, -np.inf):
        mask = np.abs(x) == r
        return g * np.sign(x) * mask / np.sum(mask, axis=axis, keepdims=True, dtype=np.result_type(x))
    return g * np.sign(x) * np.abs(x) ** (ord - 1) / safe ** (ord - 1)     # 1 and 2 too


@reduction(np.linalg.norm, when={"ord": (None, "fro")})
def norm_fro(result, x, ord=None, axis=None, keepdims=False, *, d_result):
    g = expand_reduced(d_result, x, axis, keepdims)
    r = expand_reduced(result, x, axis, keepdims)
    return g * x / np.where(r == 0, 1, r)


@reduction(np.linalg.norm, when={"ord": (0,)})
def norm_0(result, x, ord=None, axis=None, keepdims=False, *, d_result):
    return np.zeros_like(x)     # the count of nonzero entries: piecewise constant


@reduction(np.linalg.norm, when={"ord": ("nuc",)})
def norm_nuc(result, x, ord=None, axis=None, keepdims=False, *, d_result):
    g = expand_reduced(d_result, x, axis, keepdims)
    if axis is None:
        pair = (0, 1)
    else:
        pair = axis
    u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
    return g * np.moveaxis(np.matmul(u, vh), (-2, -1), pair)


@reduction(np.linalg.norm, when={"ord": (2,)})
def norm_2(result, x, ord=None, axis=None, keepdims=False, *, d_result):
    g = expand_reduced(d_result, x, axis, keepdims)
    if axis is None:
        pair = (0, 1)
    else:
        pair = axis
    if np.size(pair) == 2 and np.ndim(x) > 1:       # a matrix: its largest singular value's vectors
        u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
        return g * np.moveaxis(np.matmul(u[..., :1], vh[..., :1, :]), (-2, -1), pair)
    r = expand_reduced(result, x, axis, keepdims)
    return g * x / np.where(r == 0, 1, r)


@reduction(np.linalg.norm, when={"ord": (-2,)})
def norm_minus_2(result, x, ord=None, axis=None, keepdims=False, *, d_result):
    g = expand_reduced(d_result, x, axis, keepdims)
    if axis is None:
        pair = (0, 1)
    else:
        pair = axis
    if np.size(pair) == 2 and np.ndim(x) > 1:       # a matrix: its smallest singular value's vectors
        u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
        return g * np.moveaxis(np.matmul(u[..., -1:], vh[..., -1:, :]), (-2, -1), pair)
    r = expand_reduced(result, x, axis, keepdims)
    return g * np.sign(x) * np.abs(x) ** (ord - 1) / np.where(r == 0, 1, r) ** (ord - 1)


@reduction(np.linalg.norm, when={"ord": (1, -1)})
def norm_1(result, x, ord=None, axis=None, keepdims=False, *, d_result):
    g = expand_reduced(d_result, x, axis, keepdims)
    r = expand_reduced(result, x, axis, keepdims)
    if axis is None:
        pair = (0, 1)
    else:
        pair = axis
    if np.size(pair) == 2 and np.ndim(x) > 1:       # a matrix: the largest (1) or smallest (-1) column sum
        mask = np.sum(np.abs(x), axis=pair[0], keepdims=True) == r
        return g * np.sign(x) * mask / np.sum(mask, axis=pair, keepdims=True, dtype=np.result_type(x))
    if ord == 1:
        return g * np.sign(x)
    return g * np.sign(x) * np.abs(x) ** (ord - 1) / np.where(r == 0, 1, r) ** (ord - 1)


@reduction(np.linalg.norm, when={"ord": lambda value: type(value) in (int, float) and np.isfinite(value)})
def norm_p(result, x, ord=None, axis=None, keepdims=False, *, d_result):
    # Any other finite order: a vector norm (NumPy has no matrix norm of that order).
    g = expand_reduced(d_result, x, axis, keepdims)
    r = expand_reduced(result, x, axis, keepdims)
    return g * np.sign(x) * np.abs(x) ** (ord - 1) / np.where(r == 0, 1, r) ** (ord - 1)


@reduction(runtime.norm_squared)
def norm_squared(result, x, ord=None, axis=None, keepdims=False, *, d_result):
    # `norm(x, ord, axis) ** 2` as one primitive (transforms/squared_norms.py): the sum of squares,
    # smooth where the norm has its kink, so that its Hessian at x = 0 is 2 I, not 0.  `ord` is
    # None, "fro" or 2; over a matrix, 2 squares the largest singular value s: 2 s u v^T.
    g = expand_reduced(d_result, x, axis, keepdims)
    if ord == 2 and np.ndim(x) > 1 and (axis is None or np.size(axis) == 2):
        pair = axis
        if axis is None:
            pair = (0, 1)
        u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
        top = s[..., :1, None] * np.matmul(u[..., :1], vh[..., :1, :])
        return 2 * g * np.moveaxis(top, (-2, -1), pair)
    return 2 * g * x


@reduction(runtime.norm_squared, when={"ord": (None, "fro")})
def norm_squared_sum(result, x, ord=None, axis=None, keepdims=False, *, d_result):
    return 2 * expand_reduced(d_result, x, axis, keepdims) * x


@reduction(runtime.norm_squared, when={"ord": (2,)})
def norm_squared_2(result, x, ord=None, axis=None, keepdims=False, *, d_result):
    g = expand_reduced(d_result, x, axis, keepdims)
    if axis is None:
        pair = (0, 1)
    else:
        pair = axis
    if np.size(pair) == 2 and np.ndim(x) > 1:       # a matrix: its largest singular value squared
        u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
        top = s[..., :1, None] * np.matmul(u[..., :1], vh[..., :1, :])
        return 2 * g * np.moveaxis(top, (-2, -1), pair)
    return 2 * g * x


@tangent(runtime.norm_squared)
def norm_squared_tangent(result, x, ord=None, axis=None, keepdims=False, *, t_x):
    if ord == 2 and np.ndim(x) > 1 and (axis is None or np.size(axis) == 2):
        pair = axis
        if axis is None:
            pair = (0, 1)
        u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
        top = np.moveaxis(s[..., :1, None] * np.matmul(u[..., :1], vh[..., :1, :]), (-2, -1), pair)
        return 2 * np.sum(top * t_x, axis=pair, keepdims=keepdims)
    return 2 * np.sum(x * t_x, axis=axis, keepdims=keepdims)


@tangent(runtime.norm_squared, when={"ord": (None, "fro")})
def norm_squared_sum_tangent(result, x, ord=None, axis=None, keepdims=False, *, t_x):
    return 2 * np.sum(x * t_x, axis=axis, keepdims=keepdims)


@tangent(runtime.norm_squared, when={"ord": (2,)})
def norm_squared_2_tangent(result, x, ord=None, axis=None, keepdims=False, *, t_x):
    if axis is None:
        pair = (0, 1)
    else:
        pair = axis
    if np.size(pair) == 2 and np.ndim(x) > 1:       # a matrix: its largest singular value squared
        u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
        top = np.moveaxis(s[..., :1, None] * np.matmul(u[..., :1], vh[..., :1, :]), (-2, -1), pair)
        return 2 * np.sum(top * t_x, axis=pair, keepdims=keepdims)
    return 2 * np.sum(x * t_x, axis=axis, keepdims=keepdims)


@complex_adjoint(runtime.norm_squared)
def complex_norm_squared(result, x, ord=None, axis=None, keepdims=False, *, d_result):
    # The sum of |z|**2 = a**2 + b**2: its cotangent is 2 (a - ib) = 2 conj(z), never 2 z; the
    # largest singular value's, 2 s conj(u v^H).
    g = expand_reduced(d_result, x, axis, keepdims)
    if ord == 2 and np.ndim(x) > 1 and (axis is None or np.size(axis) == 2):
        pair = axis
        if axis is None:
            pair = (0, 1)
        u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
        top = s[..., :1, None] * np.matmul(u[..., :1], vh[..., :1, :])
        return 2 * g * np.conj(np.moveaxis(top, (-2, -1), pair))
    return 2 * g * np.conj(x)


@complex_tangent(runtime.norm_squared)
def complex_norm_squared_tangent(result, x, ord=None, axis=None, keepdims=False, *, t_x):
    if ord == 2 and np.ndim(x) > 1 and (axis is None or np.size(axis) == 2):
        pair = axis
        if axis is None:
            pair = (0, 1)
        u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
        top = np.moveaxis(s[..., :1, None] * np.matmul(u[..., :1], vh[..., :1, :]), (-2, -1), pair)
        return 2 * np.sum(np.real(np.conj(top) * t_x), axis=pair, keepdims=keepdims)
    return 2 * np.sum(np.real(np.conj(x) * t_x), axis=axis, keepdims=keepdims)


@tangent(np.linalg.norm)
def norm_tangent(result, x, ord=None, axis=None, keepdims=False, *, t_x):
    # The adjoint's weights, summed against t_x: 0 at 0, ties shared; `ord` tested at run time.
    safe = np.where(result == 0, 1, result)
    if ord in (None, "fro"):
        return np.sum(x * t_x, axis=axis, keepdims=keepdims) / safe
    if ord == 0:
        return np.zeros_like(result)
    if axis is None:
        pair = (0, 1)
    else:
        pair = axis
    matrix = np.size(pair) == 2 and np.ndim(x) > 1
    if ord == "nuc":
        u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
        return np.sum(np.moveaxis(np.matmul(u, vh), (-2, -1), pair) * t_x, axis=pair, keepdims=keepdims)
    if matrix and ord in (2, -2):         # the vectors of the largest (2) or smallest (-2) singular value
        u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
        k = 0 if ord == 2 else -1
        weights = np.moveaxis(np.matmul(u[..., [k]], vh[..., [k], :]), (-2, -1), pair)
        return np.sum(weights * t_x, axis=pair, keepdims=keepdims)
    r = expand_reduced(result, x, axis, keepdims)
    if matrix:          # 1, -1: the largest or smallest column sum; inf, -inf: row sum
        mask = np.sum(np.abs(x), axis=pair[0] if ord in (1, -1) else pair[1], keepdims=True) == r
        count = np.sum(mask, axis=pair, keepdims=keepdims, dtype=np.result_type(x))
        return np.sum(np.sign(x) * mask * t_x, axis=pair, keepdims=keepdims) / count
    if ord in (np.inf, -np.inf):
        mask = np.abs(x) == r
        count = np.sum(mask, axis=axis, keepdims=keepdims, dtype=np.result_type(x))
        return np.sum(np.sign(x) * mask * t_x, axis=axis, keepdims=keepdims) / count
    return np.sum(np.sign(x) * np.abs(x) ** (ord - 1) * t_x, axis=axis, keepdims=keepdims) / safe ** (ord - 1)


@tangent(np.linalg.norm, when={"ord": (None, "fro")})
def norm_fro_tangent(result, x, ord=None, axis=None, keepdims=False, *, t_x):
    return np.sum(x * t_x, axis=axis, keepdims=keepdims) / np.where(result == 0, 1, result)


@tangent(np.linalg.norm, when={"ord": (0,)})
def norm_0_tangent(result, x, ord=None, axis=None, keepdims=False, *, t_x):
    return np.zeros_like(result)


@tangent(np.linalg.norm, when={"ord": ("nuc",)})
def norm_nuc_tangent(result, x, ord=None, axis=None, keepdims=False, *, t_x):
    if axis is None:
        pair = (0, 1)
    else:
        pair = axis
    u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
    return np.sum(np.moveaxis(np.matmul(u, vh), (-2, -1), pair) * t_x, axis=pair, keepdims=keepdims)


@tangent(np.linalg.norm, when={"ord": (2,)})
def norm_2_tangent(result, x, ord=None, axis=None, keepdims=False, *, t_x):
    if axis is None:
        pair = (0, 1)
    else:
        pair = axis
    if np.size(pair) == 2 and np.ndim(x) > 1:       # a matrix: its largest singular value's vectors
        u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
        weights = np.moveaxis(np.matmul(u[..., :1], vh[..., :1, :]), (-2, -1), pair)
        return np.sum(weights * t_x, axis=pair, keepdims=keepdims)
    return np.sum(x * t_x, axis=axis, keepdims=keepdims) / np.where(result == 0, 1, result)


@tangent(np.linalg.norm, when={"ord": (-2,)})
def norm_minus_2_tangent(result, x, ord=None, axis=None, keepdims=False, *, t_x):
    if axis is None:
        pair = (0, 1)
    else:
        pair = axis
    if np.size(pair) == 2 and np.ndim(x) > 1:       # a matrix: its smallest singular value's vectors
        u, s, vh = np.linalg.svd(np.moveaxis(x, pair, (-2, -1)), full_matrices=False)
        weights = np.moveaxis(np.matmul(u[..., -1:], vh[..., -1:, :]), (-2, -1), pair)
        return np.sum(weights * t_x, axis=pair, keepdims=keepdims)
    safe = np.where(result == 0, 1, result)
    return np.sum(np.sign(x) * np.abs(x) ** (ord - 1) * t_x, axis=axis, keepdims=keepdims) / safe ** (ord - 1)


@tangent(np.linalg.norm, when={"ord": (1, -1)})
def norm_1_tangent(result, x, ord=None, axis=None, keepdims=False, *, t_x):
    if axis is None:
        pair = (0, 1)
    else:
        pair = axis
    if np.size(pair) == 2 and np.ndim(x) > 1:       # a matrix: the largest (1) or smallest (-1) column sum
        mask = np.sum(np.abs(x), axis=pair[0], keepdims=True) == expand_reduced(result, x, axis, keepdims)
        count = np.sum(mask, axis=pair, keepdims=keepdims, dtype=np.result_type(x))
        return np.sum(np.sign(x) * mask * t_x, axis=pair, keepdims=keepdims) / count
    if ord == 1:
        return np.sum(np.sign(x) * t_x, axis=axis, keepdims=keepdims)
    safe = np.where(result == 0, 1, result)
    return np.sum(np.sign(x) * np.abs(x) ** (ord - 1) * t_x, axis=axis, keepdims=keepdims) / safe ** (ord - 1)


@tangent(np.linalg.norm, when={"ord": lambda value: type(value) in (int, float) and np.isfinite(value)})
def norm_p_tangent(result, x, ord=None, axis=None, keepdims=False, *, t_x):
    safe = np.where(result == 0, 1, result)
    return np.sum(np.sign(x) * np.abs(x) ** (ord - 1) * t_x, axis=axis, keepdims=keepdims) / safe ** (ord - 1)


@reduction(np.linalg.vector_norm)
def vector_norm(result, x, axis=None, keepdims=False, ord=2, *, d_result):
    # Convention at 0: the gradient is 0; entries tied for the max or min share it.
    g = expand_reduced(d_result, x, axis, keepdims)
    r = expand_reduced(result, x, axis, keepdims)
    safe = np.where(r == 0, 1, r)
    if ord == 2:
        return g * x / safe
    if ord == 0:
        return np.zeros_like(x)
    if ord == np.inf or ord == -np.inf:
        mask = np.abs(x) == r
        return g * np.sign(x) * mask / np.sum(mask, axis=axis, keepdims=True, dtype=np.result_type(x))
    return g * np.sign(x) * np.abs(x) ** (ord - 1) / safe ** (ord - 1)


@tangent(np.linalg.vector_norm)
def vector_norm_tangent(result, x, axis=None, keepdims=False, ord=2, *, t_x):
    safe = np.where(result == 0, 1, result)
    if ord == 2:
        return np.sum(x * t_x, axis=axis, keepdims=keepdims) / safe
    if ord == 0:
        return np.zeros_like(result)
    if ord == np.inf or ord == -np.inf:
        mask = np.abs(x) == expand_reduced(result, x, axis, keepdims)
        count = np.sum(mask, axis=axis, keepdims=keepdims, dtype=np.result_type(x))
        return np.sum(np.sign(x) * mask * t_x, axis=axis, keepdims=keepdims) / count
    return np.sum(np.sign(x) * np.abs(x) ** (ord - 1) * t_x, axis=axis, keepdims=keepdims) / safe ** (ord - 1)


@reduction(runtime.vector_norm_squared)
def vector_norm_squared(result, x, axis=None, keepdims=False, ord=2, *, d_result):
    # `vector_norm(x, ...) ** 2` as one primitive (transforms/squared_norms.py): the sum of squares,
    # whose Hessian at x = 0 is 2 I, where the norm has its kink.  `ord` is 2.
    return 2 * expand_reduced(d_result, x, axis, keepdims) * x


@tangent(runtime.vector_norm_squared)
def vector_norm_squared_tangent(result, x, axis=None, keepdims=False, ord=2, *, t_x):
    return 2 * np.sum(x * t_x, axis=axis, keepdims=keepdims)

"""Linear-algebra rules: products, contractions, diagonals and triangles, `np.linalg` factorizations.

Batched operands (leading axes) are supported wherever NumPy's function supports them;
matrix adjoints are written with `np.matmul` and `np.swapaxes(..., -1, -2)` for that reason.
Factorizations follow the standard adjoints (Giles 2008; Murray 2016 for Cholesky), and their
tangents the matching forward rules; products and contractions are multilinear, diagonals and
triangles linear, so their tangents are derived.
"""

import operator

import numpy as np

from .. import runtime
import functools

from . import VARIABLE, TupleUnless, adjoint, check, deflinear, defmultilinear, only, tangent
from ..runtime import (broadcast_like, diagonal_adjoint, einsum_adjoint_spec, matmul_adjoint_left,
                       matmul_adjoint_right, real_eigensystem, tensordot_axes, unbroadcast, zeros_like)

# Every rule of this family takes arrays (the activity analysis reads its operands as arrays).
array_adjoint = functools.partial(adjoint, arrays=True)


@array_adjoint(np.matmul, operator.matmul)
def matmul(result, x1, x2, *, d_result):
    return matmul_adjoint_left(d_result, x1, x2), matmul_adjoint_right(d_result, x1, x2)


@array_adjoint(np.dot, np.ndarray.dot)
def dot(result, a, b, *, d_result):
    # A scalar operand multiplies; ranks 1 and 2 are matmul's; higher ranks contract a's last
    # axis with b's second-to-last (its only one when b is a vector), as tensordot does.
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return unbroadcast(d_result * b, a), unbroadcast(d_result * a, b)
    if np.ndim(a) > 2 or np.ndim(b) > 2:
        g_b, free_b, perm_a, g_a, free_a, perm_b = tensordot_axes(a, b, ([-1], [np.maximum(np.ndim(b) - 2, 0)]))
        d_a = np.transpose(np.tensordot(d_result, b, axes=(g_b, free_b)), perm_a)
        d_b = np.transpose(np.tensordot(a, d_result, axes=(free_a, g_a)), perm_b)
        return d_a, d_b
    return matmul_adjoint_left(d_result, a, b), matmul_adjoint_right(d_result, a, b)


@array_adjoint(np.vdot)
def vdot(result, a, b, *, d_result):
    # Real operands: vdot flattens both.
    return np.reshape(d_result * np.ravel(b), np.shape(a)), np.reshape(d_result * np.ravel(a), np.shape(b))


@array_adjoint(np.inner)
def inner(result, a, b, *, d_result):
    # A scalar operand multiplies; otherwise the last axes of a and b are contracted (any ranks).
    if np.ndim(a) == 0 or np.ndim(b) == 0:
        return unbroadcast(d_result * b, a), unbroadcast(d_result * a, b)
    lead = list(range(np.ndim(a) - 1))
    d_a = np.tensordot(d_result, b, axes=np.ndim(b) - 1)
    d_b = np.moveaxis(np.tensordot(a, d_result, axes=(lead, lead)), 0, -1)
    return d_a, d_b


@array_adjoint(np.outer)
def outer(result, a, b, *, d_result):
    return (np.reshape(np.matmul(d_result, np.ravel(b)), np.shape(a)),
            np.reshape(np.matmul(np.ravel(a), d_result), np.shape(b)))


@array_adjoint(np.tensordot)
def tensordot(result, a, b, axes=2, *, d_result):
    g_b, free_b, perm_a, g_a, free_a, perm_b = tensordot_axes(a, b, axes)
    d_a = np.transpose(np.tensordot(d_result, b, axes=(g_b, free_b)), perm_a)
    d_b = np.transpose(np.tensordot(a, d_result, axes=(free_a, g_a)), perm_b)
    return d_a, d_b


def _einsum_subscripts(count):
    def problem(value):
        """Why the rule of `count` operands cannot differentiate einsum with these subscripts, or None."""
        if value is VARIABLE or not isinstance(value, str):
            return ("the subscripts of np.einsum must be a string literal such as 'ij,jk->ik' (the sublist form "
                    "einsum(a, [0, 1], b, [1, 2]) and computed subscripts are not supported)")
        terms = value.replace(" ", "").partition("->")[0].split(",")
        if len(terms) != count:
            return (f"np.einsum({value!r}, ...) has {len(terms)} operand{'s' if len(terms) > 1 else ''} but the call "
                    f"gives {count}")
        for term in terms:
            letters = term.replace("...", "")
            if len(set(letters)) != len(letters):
                return (f"np.einsum({value!r}, ...): the index repeated in the operand {term!r} is not supported; "
                        "take np.diagonal first")
        return None
    return problem


def _einsum_arity(value):
    """The refusal of an einsum call that no rule takes (one operand, or more than four)."""
    if not isinstance(value, str):
        return _einsum_subscripts(2)(value)
    count = len(value.replace(" ", "").partition("->")[0].split(","))
    return (f"np.einsum({value!r}, ...) has {count} operand{'s' if count > 1 else ''}: s2sgrad differentiates "
            "einsum of two to four operands; write a one-operand einsum with np.transpose, np.sum or "
            "np.diagonal, and a longer one as a chain of shorter einsums")


def _einsum_requires(count):
    return {"subscripts": check(_einsum_subscripts(count), f"a string literal naming the axes of {count} operands "
                                "(an ellipsis allowed), no index repeated within one")}


@array_adjoint(np.einsum, requires={"subscripts": check(_einsum_arity, "two to four operands")})
def einsum(result, subscripts, *operands, d_result, **options):
    # Calls of two, three or four operands have the rules below; the others are refused.
    return None


@array_adjoint(np.einsum, positional=3, requires=_einsum_requires(2))
def einsum2(result, subscripts, a, b, *, d_result, **options):
    # Each operand's cotangent is an einsum of the seed and the other operand; an ellipsis is spelled
    # out with free letters.  An index summed away in one operand alone is broadcast back; an axis
    # of length 1 that broadcast against a longer one is summed back.
    ndims = (np.ndim(a), np.ndim(b))
    spec_a, missing_a = einsum_adjoint_spec(subscripts, 2, 0, ndims)
    spec_b, missing_b = einsum_adjoint_spec(subscripts, 2, 1, ndims)
    d_a = unbroadcast(broadcast_like(np.expand_dims(np.einsum(spec_a, d_result, b), missing_a), a), a)
    d_b = unbroadcast(broadcast_like(np.expand_dims(np.einsum(spec_b, d_result, a), missing_b), b), b)
    return None, d_a, d_b


@array_adjoint(np.einsum, positional=4, requires=_einsum_requires(3))
def einsum3(result, subscripts, a, b, c, *, d_result, **options):
    # As for two operands; each cotangent contracts the seed and two operands, in the order
    # np.einsum_path finds (optimize=True).
    ndims = (np.ndim(a), np.ndim(b), np.ndim(c))
    spec_a, missing_a = einsum_adjoint_spec(subscripts, 3, 0, ndims)
    spec_b, missing_b = einsum_adjoint_spec(subscripts, 3, 1, ndims)
    spec_c, missing_c = einsum_adjoint_spec(subscripts, 3, 2, ndims)
    d_a = np.einsum(spec_a, d_result, b, c, optimize=True)
    d_b = np.einsum(spec_b, d_result, a, c, optimize=True)
    d_c = np.einsum(spec_c, d_result, a, b, optimize=True)
    return (None, unbroadcast(broadcast_like(np.expand_dims(d_a, missing_a), a), a),
            unbroadcast(broadcast_like(np.expand_dims(d_b, missing_b), b), b),
            unbroadcast(broadcast_like(np.expand_dims(d_c, missing_c), c), c))


@array_adjoint(np.einsum, positional=5, requires=_einsum_requires(4))
def einsum4(result, subscripts, a, b, c, e, *, d_result, **options):
    # As for three operands.
    ndims = (np.ndim(a), np.ndim(b), np.ndim(c), np.ndim(e))
    spec_a, missing_a = einsum_adjoint_spec(subscripts, 4, 0, ndims)
    spec_b, missing_b = einsum_adjoint_spec(subscripts, 4, 1, ndims)
    spec_c, missing_c = einsum_adjoint_spec(subscripts, 4, 2, ndims)
    spec_e, missing_e = einsum_adjoint_spec(subscripts, 4, 3, ndims)
    d_a = np.einsum(spec_a, d_result, b, c, e, optimize=True)
    d_b = np.einsum(spec_b, d_result, a, c, e, optimize=True)
    d_c = np.einsum(spec_c, d_result, a, b, e, optimize=True)
    d_e = np.einsum(spec_e, d_result, a, b, c, optimize=True)
    return (None, unbroadcast(broadcast_like(np.expand_dims(d_a, missing_a), a), a),
            unbroadcast(broadcast_like(np.expand_dims(d_b, missing_b), b), b),
            unbroadcast(broadcast_like(np.expand_dims(d_c, missing_c), c), c),
            unbroadcast(broadcast_like(np.expand_dims(d_e, missing_e), e), e))


@array_adjoint(np.kron)
def kron(result, a, b, *, d_result):
    # Any ranks (the lower one padded with leading axes of length 1): axis k of the result
    # holds a_k blocks of b_k entries, so the cotangent, viewed as (a_0, b_0, a_1, b_1, ...),
    # is contracted with b over the b axes and with a over the a axes.
    rank = np.maximum(np.ndim(a), np.ndim(b))
    shape_a = (1,) * (rank - np.ndim(a)) + np.shape(a)
    shape_b = (1,) * (rank - np.ndim(b)) + np.shape(b)
    blocks = np.reshape(d_result, np.ravel(np.column_stack([shape_a, shape_b])))
    wide_a = np.reshape(a, np.ravel(np.column_stack([shape_a, np.ones_like(shape_b)])))
    wide_b = np.reshape(b, np.ravel(np.column_stack([np.ones_like(shape_a), shape_b])))
    d_a = np.sum(blocks * wide_b, axis=tuple(range(1, 2 * rank, 2)))
    d_b = np.sum(blocks * wide_a, axis=tuple(range(0, 2 * rank, 2)))
    return np.reshape(d_a, np.shape(a)), np.reshape(d_b, np.shape(b))


@array_adjoint(np.trace, np.ndarray.trace)
def trace(result, a, offset=0, axis1=0, axis2=1, dtype=None, out=None, *, d_result):
    n = np.shape(np.diagonal(a, offset, axis1, axis2))[-1]
    g = np.broadcast_to(np.expand_dims(d_result, -1), np.shape(d_result) + (n,))
    return diagonal_adjoint(g, a, offset, axis1, axis2)


@array_adjoint(np.diagonal, np.ndarray.diagonal)
def diagonal(result, a, offset=0, axis1=0, axis2=1, *, d_result):
    return diagonal_adjoint(d_result, a, offset, axis1, axis2)


@array_adjoint(diagonal_adjoint)
def diagonal_adjoint_(result, g, like, offset=0, axis1=0, axis2=1, *, d_result):
    # `like` gives the shape only (a zero cotangent: see rules/helpers.py).
    return np.diagonal(d_result, offset, axis1, axis2), zeros_like(like)


@tangent(diagonal_adjoint)
def diagonal_adjoint_tangent(result, g, like, offset=0, axis1=0, axis2=1, *, t_g):
    return diagonal_adjoint(t_g, like, offset, axis1, axis2)


@array_adjoint(np.diag)
def diag(result, v, k=0, *, d_result):
    if np.ndim(v) == 1:
        return np.diagonal(d_result, k)
    return diagonal_adjoint(d_result, v, k, 0, 1)


@array_adjoint(np.triu)
def triu(result, m, k=0, *, d_result):
    return np.triu(d_result, k)


@array_adjoint(np.tril)
def tril(result, m, k=0, *, d_result):
    return np.tril(d_result, k)


@array_adjoint(np.matrix_transpose)
def matrix_transpose(result, x, *, d_result):
    return np.swapaxes(d_result, -1, -2)


@array_adjoint(np.vecdot)
def vecdot(result, x1, x2, axis=-1, *, d_result):
    # Real operands.
    g = np.expand_dims(d_result, axis)
    return unbroadcast(g * x2, x1), unbroadcast(g * x1, x2)


@array_adjoint(np.matvec)
def matvec(result, x1, x2, *, d_result):
    d_x1 = np.expand_dims(d_result, -1) * np.expand_dims(x2, -2)
    return unbroadcast(d_x1, x1), unbroadcast(np.vecmat(d_result, x1), x2)


@array_adjoint(np.vecmat)
def vecmat(result, x1, x2, *, d_result):
    d_x2 = np.expand_dims(x1, -1) * np.expand_dims(d_result, -2)
    return unbroadcast(np.matvec(x2, d_result), x1), unbroadcast(d_x2, x2)


@array_adjoint(np.cross)
def cross(result, a, b, axisa=-1, axisb=-1, axisc=-1, axis=None, *, d_result):
    # 3-vectors (NumPy deprecates 2-vectors, which are not differentiated): <g, a x b> =
    # <a, b x g> = <b, g x a>, each product reading its operands' vectors along their own axes
    # (`axis` sets all three).  A cotangent's vectors are placed counting from the last axis, as
    # in its operand, so that unbroadcast sums the axes the operand was broadcast along.
    if axis is None:
        d_a = np.cross(b, d_result, axisb, axisc, axisa % np.ndim(a) - np.ndim(a))
        d_b = np.cross(d_result, a, axisc, axisa, axisb % np.ndim(b) - np.ndim(b))
        return unbroadcast(d_a, a), unbroadcast(d_b, b)
    d_a = np.cross(b, d_result, axis, axis, axis % np.ndim(a) - np.ndim(a))
    d_b = np.cross(d_result, a, axis, axis, axis % np.ndim(b) - np.ndim(b))
    return unbroadcast(d_a, a), unbroadcast(d_b, b)


# -- np.linalg --------------------------------------------------------------------------


@array_adjoint(np.linalg.inv)
def inv(result, a, *, d_result):
    return -np.matmul(np.swapaxes(result, -1, -2), np.matmul(d_result, np.swapaxes(result, -1, -2)))


@tangent(np.linalg.inv)
def inv_tangent(result, a, *, t_a):
    return -np.matmul(result, np.matmul(t_a, result))


@array_adjoint(np.linalg.solve)
def solve(result, a, b, *, d_result):
    if np.ndim(b) == 1:
        g_b = np.squeeze(np.linalg.solve(np.swapaxes(a, -1, -2), np.expand_dims(d_result, -1)), -1)
        return unbroadcast(-np.expand_dims(g_b, -1) * np.expand_dims(result, -2), a), unbroadcast(g_b, b)
    g_b = np.linalg.solve(np.swapaxes(a, -1, -2), d_result)
    return unbroadcast(-np.matmul(g_b, np.swapaxes(result, -1, -2)), a), unbroadcast(g_b, b)


@tangent(np.linalg.solve)
def solve_tangent(result, a, b, *, t_a, t_b):
    # A^-1 (t_b - t_a x).  A vector b is made a column first (np.expand_dims of a folded zero
    # tangent is a harmless zero that broadcasts).
    if np.ndim(b) == 1:
        rhs = np.expand_dims(t_b, -1) - t_a @ np.expand_dims(result, -1)
        return np.squeeze(np.linalg.solve(a, rhs), -1)
    return np.linalg.solve(a, t_b - t_a @ result)


@array_adjoint(np.linalg.det)
def det(result, a, *, d_result):
    # Nonsingular matrices only (the cofactor form is not used).
    scale = np.expand_dims(d_result * result, (-1, -2))
    return scale * np.swapaxes(np.linalg.inv(a), -1, -2)


@tangent(np.linalg.det)
def det_tangent(result, a, *, t_a):
    # Nonsingular matrices: det(A) tr(A^-1 t_a).
    return result * np.trace(np.linalg.solve(a, t_a), axis1=-2, axis2=-1)


@array_adjoint(np.linalg.slogdet, returns="tuple")
def slogdet(result, a, *, d_result):
    # The sign is piecewise constant; only log|det| carries a gradient.
    return np.expand_dims(d_result[1], (-1, -2)) * np.swapaxes(np.linalg.inv(a), -1, -2)


@tangent(np.linalg.slogdet)
def slogdet_tangent(result, a, *, t_a):
    # (sign, log|det|): the sign's tangent is 0.
    return np.zeros_like(result[0]), np.trace(np.linalg.solve(a, t_a), axis1=-2, axis2=-1)


@array_adjoint(np.linalg.cholesky)
def cholesky(result, a, *, d_result):
    # Symmetric adjoint (Murray 2016): sym(L^-T phi(L^T G) L^-1), phi = lower triangle, half diagonal.
    m = np.matmul(np.swapaxes(result, -1, -2), d_result)
    phi = np.tril(m) - 0.5 * np.triu(np.tril(m))
    s = np.linalg.solve(np.swapaxes(result, -1, -2), phi)
    s = np.swapaxes(np.linalg.solve(np.swapaxes(result, -1, -2), np.swapaxes(s, -1, -2)), -1, -2)
    return 0.5 * (s + np.swapaxes(s, -1, -2))


@tangent(np.linalg.cholesky)
def cholesky_tangent(result, a, *, t_a):
    # L phi(L^-1 sym(t_a) L^-T), phi = lower triangle, half diagonal; symmetrized as the adjoint is.
    m = np.linalg.solve(result, 0.5 * (t_a + np.swapaxes(t_a, -1, -2)))
    m = np.swapaxes(np.linalg.solve(result, np.swapaxes(m, -1, -2)), -1, -2)
    return np.matmul(result, np.tril(m) - 0.5 * np.triu(np.tril(m)))


@array_adjoint(np.linalg.eigh, returns=TupleUnless("eigvals_only", True))
def eigh(result, a, UPLO="L", *, d_result):
    # Distinct eigenvalues; d_result = (d_w, d_v).  V (diag(d_w) + F * (V^T d_v)) V^T, symmetrized.
    w, v = result
    d_w, d_v = d_result
    gap = np.expand_dims(w, -2) - np.expand_dims(w, -1)
    f = np.where(gap == 0, 0, 1 / np.where(gap == 0, 1, gap))
    inner = np.expand_dims(d_w, -2) * (np.expand_dims(w, -2) == np.expand_dims(w, -1)) \
        + f * np.matmul(np.swapaxes(v, -1, -2), d_v)
    s = np.matmul(v, np.matmul(inner, np.swapaxes(v, -1, -2)))
    return 0.5 * (s + np.swapaxes(s, -1, -2))


@tangent(np.linalg.eigh)
def eigh_tangent(result, a, UPLO="L", *, t_a):
    # M = V^T sym(t_a) V: (t_w, t_v) = (diag M, V (F * M)), F = 1 / (w_j - w_i) off the diagonal.
    # At equal eigenvalues t_w sums M over the tie, as the adjoint spreads d_w.
    w, v = result
    m = np.matmul(np.swapaxes(v, -1, -2), np.matmul(0.5 * (t_a + np.swapaxes(t_a, -1, -2)), v))
    gap = np.expand_dims(w, -2) - np.expand_dims(w, -1)
    f = np.where(gap == 0, 0, 1 / np.where(gap == 0, 1, gap))
    return np.sum((gap == 0) * m, axis=-2), np.matmul(v, f * m)


@array_adjoint(np.linalg.eig, returns="tuple")
def eig(result, a, *, d_result):
    # Real matrices with real, distinct eigenvalues (symmetric ones, or any whose spectrum is real);
    # eigenvectors of unit norm, as NumPy returns them.  A complex spectrum raises when the gradient
    # runs.  With F_ij = 1 / (w_j - w_i): V^-T (diag(d_w) + F * (V^T d_v - V^T V diag(V^T d_v))) V^T.
    w, v = real_eigensystem(result)
    d_w, d_v = d_result
    eye = np.diag(np.ones_like(w, shape=(np.shape(w)[-1],)))
    gap = np.expand_dims(w, -2) - np.expand_dims(w, -1)
    f = np.where(gap == 0, 0, 1 / np.where(gap == 0, 1, gap))
    vt = np.swapaxes(v, -1, -2)
    vt_dv = np.matmul(vt, d_v)
    inner = np.expand_dims(d_w, -2) * eye + f * (vt_dv - np.matmul(np.matmul(vt, v), vt_dv * eye))
    return np.linalg.solve(vt, np.matmul(inner, vt))


@tangent(np.linalg.eig)
def eig_tangent(result, a, *, t_a):
    # M = V^-1 t_a V: t_w = diag M, t_v = V (F * M) less each column's part along itself (unit norm).
    w, v = real_eigensystem(result)
    m = np.linalg.solve(v, np.matmul(t_a, v))
    gap = np.expand_dims(w, -2) - np.expand_dims(w, -1)
    f = np.where(gap == 0, 0, 1 / np.where(gap == 0, 1, gap))
    t_v = np.matmul(v, f * m)
    return np.diagonal(m, axis1=-2, axis2=-1), t_v - v * np.sum(v * t_v, axis=-2, keepdims=True)


@array_adjoint(np.linalg.eigvals)
def eigvals(result, a, *, d_result):
    # As eig's eigenvalues: real and distinct.  V^-T diag(d_result) V^T.
    w, v = real_eigensystem(np.linalg.eig(a))
    vt = np.swapaxes(v, -1, -2)
    return np.linalg.solve(vt, np.expand_dims(d_result, -1) * vt)


@tangent(np.linalg.eigvals)
def eigvals_tangent(result, a, *, t_a):
    w, v = real_eigensystem(np.linalg.eig(a))
    return np.diagonal(np.linalg.solve(v, np.matmul(t_a, v)), axis1=-2, axis2=-1)


@array_adjoint(runtime.real_eigensystem)
def real_eigensystem_(result, value, *, d_result):
    return d_result


@array_adjoint(np.linalg.eigvalsh)
def eigvalsh(result, a, UPLO="L", *, d_result):
    # The eigenvectors of the triangle UPLO names, which the eigenvalues are those of.
    w, v = np.linalg.eigh(a, UPLO)
    return np.matmul(v * np.expand_dims(d_result, -2), np.swapaxes(v, -1, -2))


@tangent(np.linalg.eigvalsh)
def eigvalsh_tangent(result, a, UPLO="L", *, t_a):
    # diag(V^T t_a V).
    w, v = np.linalg.eigh(a, UPLO)
    return np.sum(v * np.matmul(t_a, v), axis=-2)


@array_adjoint(np.linalg.qr, requires={"mode": only("reduced", reason="the other modes' factors are not unique or "
                                                      "not returned as (q, r)")}, returns=TupleUnless("mode", "r", 1))
def qr(result, a, mode="reduced", *, d_result):
    # Reduced QR of a square or tall matrix with full column rank; d_result = (d_q, d_r).
    q, r = result
    d_q, d_r = d_result
    m = np.matmul(r, np.swapaxes(d_r, -1, -2)) - np.matmul(np.swapaxes(d_q, -1, -2), q)
    copied = np.tril(m) + np.swapaxes(np.tril(m, -1), -1, -2)
    b = d_q + np.matmul(q, copied)
    return np.swapaxes(np.linalg.solve(r, np.swapaxes(b, -1, -2)), -1, -2)


@tangent(np.linalg.qr)
def qr_tangent(result, a, mode="reduced", *, t_a):
    # X = Q^T t_a R^-1 = Omega + t_r R^-1 with Omega skew and t_r R^-1 upper triangular.
    q, r = result
    b = np.swapaxes(np.linalg.solve(np.swapaxes(r, -1, -2), np.swapaxes(t_a, -1, -2)), -1, -2)
    x = np.matmul(np.swapaxes(q, -1, -2), b)
    lower = np.tril(x, -1)
    upper = x - lower + np.swapaxes(lower, -1, -2)
    return b - np.matmul(q, upper), np.matmul(upper, r)


@array_adjoint(np.linalg.svd, returns=TupleUnless("compute_uv", False, 2))
def svd(result, a, full_matrices=True, compute_uv=True, hermitian=False, *, d_result):
    # Distinct nonzero singular values.  The values alone: U diag(d_s) V^T.  The factors (reduced,
    # or of a square matrix; the extra columns of a full U or V are not unique): the adjoint of the
    # tangent rule, U (sym parts + diag(d_s)) V^T plus what d_u and d_v have outside U and V.
    if not compute_uv:
        u, s, vh = np.linalg.svd(a, full_matrices=False)
        return np.matmul(u * np.expand_dims(d_result, -2), vh)
    if full_matrices:
        if np.shape(a)[-1] != np.shape(a)[-2]:
            raise NotImplementedError("s2sgrad differentiates the factors of np.linalg.svd of a non-square "
                                      "matrix with full_matrices=False only")
    u, s, vh = result
    d_u, d_s, d_vh = d_result
    row, column = np.expand_dims(s, -2), np.expand_dims(s, -1)
    gap = row * row - column * column
    f = np.where(gap == 0, 0, 1 / np.where(gap == 0, 1, gap))
    ut_du = np.matmul(np.swapaxes(u, -1, -2), d_u)
    vt_dv = np.matmul(vh, np.swapaxes(d_vh, -1, -2))
    x, y = f * ut_du, f * vt_dv
    core = (x + np.swapaxes(x, -1, -2)) * row + column * (y + np.swapaxes(y, -1, -2))
    left = (d_u - np.matmul(u, ut_du)) / row
    right = (d_vh - np.matmul(np.swapaxes(vt_dv, -1, -2), vh)) / column
    return np.matmul(np.matmul(u, core) + u * np.expand_dims(d_s, -2) + left, vh) + np.matmul(u, right)


@tangent(np.linalg.svd)
def svd_tangent(result, a, full_matrices=True, compute_uv=True, hermitian=False, *, t_a):
    # Distinct nonzero singular values; P = U^T t_a V, t_s = diag(P).  The factors (reduced or
    # square): t_u = U (F * (P S + S P^T)) + (t_a V - U P) S^-1, and t_v likewise with t_a^T,
    # F = 1 / (s_j^2 - s_i^2) off the diagonal.
    if not compute_uv:
        u, s, vh = np.linalg.svd(a, full_matrices=False)
        return np.sum(u * np.matmul(t_a, np.swapaxes(vh, -1, -2)), axis=-2)
    if full_matrices and np.shape(a)[-1] != np.shape(a)[-2]:
        raise NotImplementedError("s2sgrad differentiates the factors of np.linalg.svd with full_matrices=False only")
    u, s, vh = result
    v, t_at = np.swapaxes(vh, -1, -2), np.swapaxes(t_a, -1, -2)
    p = np.matmul(np.swapaxes(u, -1, -2), np.matmul(t_a, v))
    pt = np.swapaxes(p, -1, -2)
    row, column = np.expand_dims(s, -2), np.expand_dims(s, -1)
    gap = row * row - column * column
    f = np.where(gap == 0, 0, 1 / np.where(gap == 0, 1, gap))
    t_u = np.matmul(u, f * (p * row + column * pt)) + (np.matmul(t_a, v) - np.matmul(u, p)) / row
    t_v = np.matmul(v, f * (column * p + pt * row)) + (np.matmul(t_at, u) - np.matmul(v, pt)) / row
    return t_u, np.diagonal(p, 0, -2, -1), np.swapaxes(t_v, -1, -2)


@array_adjoint(np.linalg.svdvals)
def svdvals(result, x, *, d_result):
    # Distinct singular values: U diag(d_s) V^T.
    u, s, vh = np.linalg.svd(x, full_matrices=False)
    return np.matmul(u * np.expand_dims(d_result, -2), vh)


@tangent(np.linalg.svdvals)
def svdvals_tangent(result, x, *, t_x):
    u, s, vh = np.linalg.svd(x, full_matrices=False)
    return np.sum(u * np.matmul(t_x, np.swapaxes(vh, -1, -2)), axis=-2)


@array_adjoint(np.linalg.pinv)
def pinv(result, a, rcond=None, hermitian=False, *, rtol=None, d_result):
    # Constant rank (Golub & Pereyra): -P^T G P^T + (I - A P) G^T P P^T + P^T P G^T (I - P A).
    p, pt, gt = result, np.swapaxes(result, -1, -2), np.swapaxes(d_result, -1, -2)
    first = -np.matmul(pt, np.matmul(d_result, pt))
    left = np.matmul(gt, np.matmul(p, pt))
    right = np.matmul(np.matmul(pt, p), gt)
    return first + left - np.matmul(a, np.matmul(p, left)) + right - np.matmul(np.matmul(right, p), a)


@tangent(np.linalg.pinv)
def pinv_tangent(result, a, rcond=None, hermitian=False, *, rtol=None, t_a):
    # Constant rank: -P t_a P + P P^T t_a^T (I - A P) + (I - P A) t_a^T P^T P.
    p, pt, t_at = result, np.swapaxes(result, -1, -2), np.swapaxes(t_a, -1, -2)
    left = np.matmul(np.matmul(p, pt), t_at)
    right = np.matmul(t_at, np.matmul(pt, p))
    return -np.matmul(p, np.matmul(t_a, p)) + left - np.matmul(left, np.matmul(a, p)) + right \
        - np.matmul(np.matmul(p, a), right)


@array_adjoint(np.linalg.matrix_power)
def matrix_power(result, a, n, *, d_result):
    # B^|n| with B = A, or A^-1 for n < 0: the sum over k of (B^T)^k G (B^T)^(|n|-1-k), then, for
    # n < 0, through the inverse.
    base = a
    if n < 0:
        base = np.linalg.inv(a)
    bt = np.swapaxes(base, -1, -2)
    grad = np.zeros_like(d_result)
    for k in range(abs(n)):
        grad = grad + np.matmul(np.linalg.matrix_power(bt, k),
                                np.matmul(d_result, np.linalg.matrix_power(bt, abs(n) - 1 - k)))
    if n < 0:
        return -np.matmul(bt, np.matmul(grad, bt)), None
    return grad, None


@tangent(np.linalg.matrix_power)
def matrix_power_tangent(result, a, n, *, t_a):
    # B^|n| with B = A, or A^-1 for n < 0 (whose tangent is -B t_a B): the sum over k of
    # B^k t_B B^(|n|-1-k).
    base, t_base = a, t_a
    if n < 0:
        base = np.linalg.inv(a)
        t_base = -np.matmul(base, np.matmul(t_a, base))
    total = np.zeros_like(result)
    for k in range(abs(n)):
        total = total + np.matmul(np.linalg.matrix_power(base, k),
                                  np.matmul(t_base, np.linalg.matrix_power(base, abs(n) - 1 - k)))
    return total


@array_adjoint(np.linalg.matrix_norm)
def matrix_norm(result, x, keepdims=False, ord="fro", *, d_result):
    # Every order, over the last two axes, as np.linalg.norm: 0 at 0, ties shared, 2, -2 and
    # 'nuc' through the singular vectors.
    g, r = d_result, result
    if not keepdims:
        g, r = np.expand_dims(d_result, (-1, -2)), np.expand_dims(result, (-1, -2))
    if ord == "fro":
        return g * x / np.where(r == 0, 1, r)
    if ord == "nuc":
        u, s, vh = np.linalg.svd(x, full_matrices=False)
        return g * np.matmul(u, vh)
    if ord == 2:
        u, s, vh = np.linalg.svd(x, full_matrices=False)
        return g * np.matmul(u[..., :1], vh[..., :1, :])
    if ord == -2:
        u, s, vh = np.linalg.svd(x, full_matrices=False)
        return g * np.matmul(u[..., -1:], vh[..., -1:, :])
    if ord == 1 or ord == -1:
        mask = np.sum(np.abs(x), axis=-2, keepdims=True) == r
    else:
        mask = np.sum(np.abs(x), axis=-1, keepdims=True) == r
    return g * np.sign(x) * mask / np.sum(mask, axis=(-2, -1), keepdims=True, dtype=np.result_type(x))


@tangent(np.linalg.matrix_norm)
def matrix_norm_tangent(result, x, keepdims=False, ord="fro", *, t_x):
    if ord == "fro":
        return np.sum(x * t_x, axis=(-2, -1), keepdims=keepdims) / np.where(result == 0, 1, result)
    if ord == "nuc":
        u, s, vh = np.linalg.svd(x, full_matrices=False)
        return np.sum(np.matmul(u, vh) * t_x, axis=(-2, -1), keepdims=keepdims)
    if ord == 2:
        u, s, vh = np.linalg.svd(x, full_matrices=False)
        return np.sum(np.matmul(u[..., :1], vh[..., :1, :]) * t_x, axis=(-2, -1), keepdims=keepdims)
    if ord == -2:
        u, s, vh = np.linalg.svd(x, full_matrices=False)
        return np.sum(np.matmul(u[..., -1:], vh[..., -1:, :]) * t_x, axis=(-2, -1), keepdims=keepdims)
    r = result
    if not keepdims:
        r = np.expand_dims(result, (-1, -2))
    if ord == 1 or ord == -1:
        mask = np.sum(np.abs(x), axis=-2, keepdims=True) == r
    else:
        mask = np.sum(np.abs(x), axis=-1, keepdims=True) == r
    count = np.sum(mask, axis=(-2, -1), keepdims=keepdims, dtype=np.result_type(x))
    return np.sum(np.sign(x) * mask * t_x, axis=(-2, -1), keepdims=keepdims) / count


@array_adjoint(np.linalg.trace)
def linalg_trace(result, x, *, offset=0, dtype=None, d_result):
    # The trace over the last two axes.
    n = np.shape(np.linalg.diagonal(x, offset=offset))[-1]
    g = np.broadcast_to(np.expand_dims(d_result, -1), np.shape(d_result) + (n,))
    return diagonal_adjoint(g, x, offset, -2, -1)


@array_adjoint(np.linalg.diagonal)
def linalg_diagonal(result, x, *, offset=0, d_result):
    return diagonal_adjoint(d_result, x, offset, -2, -1)


# The array-API spellings in np.linalg are aliases of the functions above.
array_adjoint(np.linalg.matmul)(matmul)
array_adjoint(np.linalg.outer)(outer)
array_adjoint(np.linalg.tensordot)(tensordot)
array_adjoint(np.linalg.vecdot)(vecdot)
array_adjoint(np.linalg.matrix_transpose)(matrix_transpose)


@array_adjoint(np.linalg.multi_dot)
def multi_dot(result, arrays, *, out=None, d_result):
    # The cotangent of A_i is (A_0 ... A_i-1)^T G (A_i+1 ... A_n)^T, with a 1-D first array read
    # as a row and a 1-D last array as a column.
    mats = [np.atleast_2d(m) for m in arrays[:-1]] + [np.reshape(arrays[-1], (np.shape(arrays[-1])[0], -1))]
    seed = np.reshape(d_result, (np.shape(mats[0])[0], np.shape(mats[-1])[1]))
    grads = []
    for i in range(len(mats)):
        g = seed
        for m in mats[:i]:
            g = np.matmul(np.swapaxes(m, -1, -2), g)
        for m in mats[:i:-1]:
            g = np.matmul(g, np.swapaxes(m, -1, -2))
        grads = grads + [np.reshape(g, np.shape(arrays[i]))]
    return grads


@tangent(np.linalg.multi_dot)
def multi_dot_tangent(result, arrays, *, out=None, t_arrays):
    # Multilinear in the arrays of one list: a term per array, with its tangent in its place.
    terms = [np.linalg.multi_dot(list(arrays[:i]) + [t_arrays[i]] + list(arrays[i + 1:])) for i in range(len(arrays))]
    return sum(terms)


array_adjoint(np.linalg.cross)(cross)


defmultilinear(np.matmul, operator.matmul, np.linalg.matmul, np.dot, np.ndarray.dot, np.vdot, np.inner, np.outer,
               np.linalg.outer, np.tensordot, np.linalg.tensordot, np.einsum, np.kron, np.vecdot, np.linalg.vecdot,
               np.matvec, np.vecmat, np.cross, np.linalg.cross)
deflinear(runtime.real_eigensystem)
deflinear(np.trace, np.ndarray.trace, np.linalg.trace, np.diagonal, np.ndarray.diagonal, np.linalg.diagonal, np.diag,
          np.triu, np.tril, np.matrix_transpose, np.linalg.matrix_transpose)

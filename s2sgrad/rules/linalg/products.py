"""Products and contractions: matmul, dot, inner, outer, tensordot, einsum, kron, vecdot, cross,
multi_dot.  Multilinear: their tangents are derived (`defmultilinear`), but multi_dot's."""

import operator

import numpy as np

from .. import VARIABLE, check, tangent
from ... import runtime
from ...runtime import (broadcast_like, einsum_adjoint_spec, einsum_put_back, matmul_adjoint_left, matmul_adjoint_right, tensordot_axes,
                       unbroadcast)
from .family import array_adjoint


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
        for term in terms if count > 1 else ():       # one operand: a repeated index is a diagonal
            letters = term.replace("...", "")
            if len(set(letters)) != len(letters):
                return (f"np.einsum({value!r}, ...): the index repeated in the operand {term!r} is not supported; "
                        "take np.diagonal first")
        return None
    return problem


def _einsum_arity(value):
    """The refusal of an einsum call that no rule takes (more than four operands)."""
    if not isinstance(value, str):
        return _einsum_subscripts(2)(value)
    count = len(value.replace(" ", "").partition("->")[0].split(","))
    return (f"np.einsum({value!r}, ...) has {count} operand{'s' if count > 1 else ''}: s2sgrad differentiates "
            "einsum of one to four operands; write a longer one as a chain of shorter einsums")


def _einsum_requires(count):
    repeated = "" if count == 1 else ", no index repeated within one"
    return {"subscripts": check(_einsum_subscripts(count), f"a string literal naming the axes of {count} "
                                f"operand{'s' if count > 1 else ''} (an ellipsis allowed){repeated}")}


@array_adjoint(np.einsum, requires={"subscripts": check(_einsum_arity, "one to four operands")})
def einsum(result, subscripts, *operands, d_result, **options):
    # Calls of one to four operands have the rules below; the others are refused.
    return None


@array_adjoint(np.einsum, positional=2, requires=_einsum_requires(1))
def einsum1(result, subscripts, a, *, d_result, **options):
    # Linear (a trace, transpose, diagonal or sum): the seed written back where the einsum read it.
    return None, einsum_put_back(subscripts, d_result, a)


@array_adjoint(runtime.einsum_put_back)
def einsum_put_back_(result, subscripts, g, a, *, d_result):
    # Linear in g, the adjoint of the one-operand einsum: its own adjoint is that einsum.
    return None, np.einsum(subscripts, d_result), None


@tangent(runtime.einsum_put_back)
def einsum_put_back_tangent(result, subscripts, g, a, *, t_g):
    return einsum_put_back(subscripts, t_g, a)


@array_adjoint(np.einsum, positional=3, requires=_einsum_requires(2))
def einsum2(result, subscripts, a, b, *, d_result, **options):
    # Each operand's cotangent is an einsum of the seed and the other operand; an ellipsis is spelled
    # out with free letters.  An index summed away in one operand alone is broadcast back; an axis
    # of length 1 that broadcast against a longer one is summed back.  A large seed is contracted
    # through BLAS where np.einsum finds a path to it (optimize=True; its C loop is several times
    # slower there), a small one directly (the search for a path would cost more than it saves).
    ndims = (np.ndim(a), np.ndim(b))
    spec_a, missing_a = einsum_adjoint_spec(subscripts, 2, 0, ndims)
    spec_b, missing_b = einsum_adjoint_spec(subscripts, 2, 1, ndims)
    large = np.size(d_result) >= 4096
    d_a = unbroadcast(broadcast_like(np.expand_dims(np.einsum(spec_a, d_result, b, optimize=large), missing_a), a), a)
    d_b = unbroadcast(broadcast_like(np.expand_dims(np.einsum(spec_b, d_result, a, optimize=large), missing_b), b), b)
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


# The array-API spellings in np.linalg are aliases of the functions above.
array_adjoint(np.linalg.matmul)(matmul)
array_adjoint(np.linalg.outer)(outer)
array_adjoint(np.linalg.tensordot)(tensordot)
array_adjoint(np.linalg.vecdot)(vecdot)
array_adjoint(np.linalg.cross)(cross)

"""Linear algebra: matmul's adjoints for any operand ranks, tensordot's and einsum's axes, eig and LU checks."""

import numpy as np

from ..errors import UnsupportedValueError
from .declare import _calls_scipy, _first_order, _pure
from .shapes import unbroadcast


@_pure
def matmul_adjoint_left(g, a, b):
    """The adjoint of `a @ b` with respect to `a`, for any operand ranks NumPy accepts."""
    if getattr(a, "ndim", 0) == 2 and getattr(b, "ndim", 0) == 2:
        return g @ b.T
    if np.ndim(b) == 1:
        return unbroadcast(np.multiply.outer(g, b) if np.ndim(a) > 1 else g * b, a)
    if np.ndim(a) == 1:
        return unbroadcast(np.matmul(b, np.expand_dims(g, -1))[..., 0], a)
    return unbroadcast(np.matmul(g, np.swapaxes(b, -1, -2)), a)


@_pure
def matmul_adjoint_right(g, a, b):
    """The adjoint of `a @ b` with respect to `b`, for any operand ranks NumPy accepts."""
    if getattr(a, "ndim", 0) == 2 and getattr(b, "ndim", 0) == 2:
        return a.T @ g
    if np.ndim(a) == 1:
        return unbroadcast(np.expand_dims(g, -2) * np.expand_dims(a, -1) if np.ndim(b) > 1 else g * a, b)
    if np.ndim(b) == 1:
        return unbroadcast(np.matmul(np.swapaxes(a, -1, -2), np.expand_dims(g, -1))[..., 0], b)
    return unbroadcast(np.matmul(np.swapaxes(a, -1, -2), g), b)


@_pure
def tensordot_axes(a, b, axes):
    """Axis bookkeeping for the adjoints of `np.tensordot(a, b, axes)`.

    Returns (g_axes_b, free_b, perm_a, g_axes_a, free_a, perm_b): `tensordot(g, b,
    (g_axes_b, free_b))` transposed by `perm_a` is a's cotangent; `tensordot(a, g,
    (free_a, g_axes_a))` transposed by `perm_b` is b's.
    """
    na, nb = np.ndim(a), np.ndim(b)
    if np.ndim(axes) == 0:
        ax_a, ax_b = list(range(na - axes, na)), list(range(axes))
    else:
        ax_a, ax_b = ([int(i) % n for i in np.atleast_1d(ax)] for ax, n in zip(axes, (na, nb)))
    free_a = [i for i in range(na) if i not in ax_a]
    free_b = [i for i in range(nb) if i not in ax_b]
    order_a = free_a + [ax_a[ax_b.index(j)] for j in sorted(ax_b)]
    order_b = [ax_b[ax_a.index(j)] for j in sorted(ax_a)] + free_b
    g_b = list(range(len(free_a), len(free_a) + len(free_b)))
    g_a = list(range(len(free_a)))
    return (g_b, free_b, tuple(np.argsort(order_a).tolist()), g_a, free_a, tuple(np.argsort(order_b).tolist()))


@_pure
def einsum_adjoint_spec(subscripts, n_operands, i, ndims=None):
    """(subscripts, axes): `einsum(subscripts, g, *others)` with `axes` re-inserted is operand i's cotangent.

    Explicit or implicit output, no index repeated within one operand; an ellipsis is spelled out
    with letters the subscripts do not use, from the operands' numbers of axes `ndims`.
    """
    inputs, output = _einsum_terms(subscripts, ndims)
    if len(inputs) != n_operands:
        raise NotImplementedError(f"the einsum rule needs one term per operand: {subscripts!r}")
    mine = inputs[i]
    if len(set(mine)) != len(mine):
        raise NotImplementedError(f"the einsum rule does not support a repeated index in one operand: {subscripts!r}")
    others = inputs[:i] + inputs[i + 1:]
    present = set(output).union(*others)
    kept = "".join(c for c in mine if c in present)
    missing = tuple(k for k, c in enumerate(mine) if c not in present)
    return ",".join([output] + others) + "->" + kept, missing


@_pure
def einsum_put_back(subscripts, g, a):
    """The cotangent of `a` in `np.einsum(subscripts, a)`, one operand (a trace, a transpose, a
    diagonal, a sum): `g` written back where the einsum read it, along the indices it summed
    too, and 0 off a diagonal it took (`einsum("ii->i", out)` is a writable view of `out`)."""
    (term,), output = _einsum_terms(subscripts, (np.ndim(a),))
    letters = "".join(dict.fromkeys(term))
    order = "".join(c for c in letters if c in output)
    out = np.zeros(np.shape(a), dtype=np.result_type(g, a))
    sizes = [np.shape(a)[term.index(c)] if c in output else 1 for c in letters]
    g = np.broadcast_to(g, [np.shape(a)[term.index(c)] for c in output])   # a tangent's zero is a scalar 0.0
    np.einsum(f"{term}->{letters}", out)[...] = np.reshape(np.einsum(f"{output}->{order}", g), sizes)
    return out


def _einsum_terms(subscripts, ndims):
    """The input terms and the output of `subscripts`, explicit, the ellipsis spelled out."""
    subscripts = subscripts.replace(" ", "")
    inputs, arrow, output = subscripts.partition("->")
    inputs = inputs.split(",")
    if not arrow:
        letters = "".join(inputs).replace(".", "")
        output = ("..." if "." in subscripts else "") + \
            "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    if "." not in subscripts:
        return inputs, output
    if ndims is None or len(ndims) != len(inputs):
        raise NotImplementedError(f"the einsum rule needs the operands' ranks to spell out an ellipsis: {subscripts!r}")
    free = [c for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in subscripts]
    widths = [n - len(term.replace("...", "")) if "..." in term else 0 for term, n in zip(inputs, ndims)]
    broadcast = "".join(free[:max(widths)])
    inputs = [term.replace("...", broadcast[len(broadcast) - w:]) for term, w in zip(inputs, widths)]
    return inputs, output.replace("...", broadcast)


@_pure
@_calls_scipy
def lu_permutation(piv):
    """The rows `perm` of `a` with `a[perm] = L U`, from `scipy.linalg.lu_factor`'s pivots (one matrix's)."""
    if np.ndim(piv) != 1:
        raise NotImplementedError("s2sgrad differentiates the LU factors of one matrix, not of a batch")
    perm = np.arange(np.shape(piv)[-1])
    for i, p in enumerate(np.asarray(piv)):
        perm[i], perm[p] = perm[p], perm[i]
    return perm


@_pure
def real_eigensystem(result):
    """`np.linalg.eig`'s (w, v), checked real: s2sgrad differentiates eig where the spectrum is real."""
    if np.iscomplexobj(result[0]) or np.iscomplexobj(result[1]):
        raise ValueError("np.linalg.eig returned complex eigenvalues: s2sgrad differentiates eig of real matrices "
                         "whose eigenvalues are real (for a symmetric matrix, np.linalg.eigh is the better call)")
    return result


@_pure
def inverse_gaps(gap, values, coupled):
    """`1 / gap`, the coupling of two eigen- or singular vectors (`gap[..., i, j]` = values_j -
    values_i, or values_i + values_j), where the two values differ; 0 on the diagonal and where two
    values are equal up to rounding and their coupling is not needed (`coupled` False there); nan
    where it is: a vector of a repeated value has no derivative, and no finite number would be
    right (the function of it may still have one, which only its own formula gives)."""
    n = np.shape(values)[-1]
    scale = np.expand_dims(np.max(np.abs(values), axis=-1, initial=0.0), (-2, -1))
    near = np.abs(gap) <= 8 * n * np.finfo(np.result_type(gap, 1.0)).eps * scale
    broken = near & coupled & ~np.eye(n, dtype=bool)
    return np.where(near, np.where(broken, np.nan, 0.0), 1 / np.where(near, 1, gap))


@_pure
def cofactors(a):
    """The cofactor matrix of `a`, det(a) inv(a)^T, which `np.linalg.det`'s gradient is; at a
    singular matrix, where that form fails, from the SVD a = U S V^T: det(U) det(V) U diag(c) V^T,
    c_i the product of the singular values but the i-th."""
    try:
        return np.expand_dims(np.linalg.det(a), (-1, -2)) * np.swapaxes(np.linalg.inv(a), -1, -2)
    except np.linalg.LinAlgError:
        u, s, vh = np.linalg.svd(a)
        others = np.prod(np.where(np.eye(np.shape(s)[-1], dtype=bool), 1.0, np.expand_dims(s, -2)), axis=-1)
        sign = np.linalg.det(u) * np.linalg.det(vh)
        return np.expand_dims(sign, (-1, -2)) * np.matmul(u * np.expand_dims(others, -2), vh)


@_first_order("third derivatives of np.linalg.det are not supported: the derivative of its cofactor matrix "
              "has no derivative rule of its own")
@_pure
def cofactors_derivative(a, t):
    """The derivative of `cofactors` at `a` along `t`, also its adjoint (the map is self-adjoint):
    at singular matrices too.  With a = U S V^T, cofactors(X) = det(U) det(V) U cofactors(U^T X V)
    V^T for every X; at the diagonal S the derivative along M is diag(P diag(M)) - P * M^T,
    P_ik the product of the singular values but the i-th and the k-th (0 where i == k)."""
    u, s, vh = np.linalg.svd(a)
    n = np.shape(s)[-1]
    eye = np.eye(n, dtype=bool)
    skip = eye[:, None, :] | eye[None, :, :]            # [i, k, m]: m is i or k
    pairs = np.prod(np.where(skip, 1.0, s[..., None, None, :]), axis=-1) * ~eye
    m = np.matmul(np.matmul(np.swapaxes(u, -1, -2), t), np.swapaxes(vh, -1, -2))
    diagonal = np.matmul(pairs, np.diagonal(m, axis1=-2, axis2=-1)[..., None])[..., 0]
    inner = eye * diagonal[..., None, :] - pairs * np.swapaxes(m, -1, -2)
    sign = np.linalg.det(u) * np.linalg.det(vh)
    return np.expand_dims(sign, (-1, -2)) * np.matmul(np.matmul(u, inner), vh)


@_pure
def full_rank(a, rank):
    """`a` itself, once np.linalg.lstsq's `rank` shows it of full rank: there the least-squares
    solution is differentiable; at a rank-deficient matrix it is not (a move makes it full rank)."""
    if rank < min(np.shape(a)[-2:]):
        raise UnsupportedValueError(f"np.linalg.lstsq found a matrix of shape {np.shape(a)} of rank {rank}: its solution "
                         "is not differentiable where the rank is deficient; drop the dependent columns, or "
                         "add a small ridge (solve (A^T A + eps I) x = A^T b)")
    return a

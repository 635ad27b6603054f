"""Rules for the runtime helpers that emitted gradients call, so they can be differentiated again.

A helper's shape-only operand (`like`) has no gradient; where the helper's template must
still name it positionally, its cotangent is a zero.  Forward mode over an emitted gradient
(Hessian-vector products) uses the tangent rules: every helper is linear in its values.
"""

import numpy as np

from . import adjoint, deflinear, nograd, tangent
from .. import runtime
from ..runtime import matmul_adjoint_left, matmul_adjoint_right, unbroadcast, zeros_like


@adjoint(runtime.unbroadcast)
def unbroadcast_(result, g, like=None, *, d_result):
    return np.broadcast_to(d_result, np.shape(g))


@adjoint(runtime.expand_reduced)
def expand_reduced_(result, g, x=None, axis=None, keepdims=False, *, d_result):
    return np.reshape(d_result, np.shape(g))


@adjoint(runtime.matmul_adjoint_left)
def matmul_adjoint_left_(result, g, a, b, *, d_result):
    # Bilinear in (g, b); `a` only gives the shape.
    return unbroadcast(np.matmul(d_result, b), g), zeros_like(a), matmul_adjoint_right(g, d_result, b)


@tangent(runtime.matmul_adjoint_left)
def matmul_adjoint_left_tangent(result, g, a, b, *, t_g, t_b):
    # The helper takes no folded scalar zero: a missing tangent becomes a zero of its operand's shape.
    return matmul_adjoint_left(t_g + zeros_like(g), a, b) + matmul_adjoint_left(g, a, t_b + zeros_like(b))


@adjoint(runtime.matmul_adjoint_right)
def matmul_adjoint_right_(result, g, a, b, *, d_result):
    # Bilinear in (g, a); `b` only gives the shape.
    return unbroadcast(np.matmul(a, d_result), g), matmul_adjoint_left(g, a, d_result), zeros_like(b)


@tangent(runtime.matmul_adjoint_right)
def matmul_adjoint_right_tangent(result, g, a, b, *, t_g, t_a):
    # A missing tangent becomes a zero of its operand's shape, as for matmul_adjoint_left.
    return matmul_adjoint_right(t_g + zeros_like(g), a, b) + matmul_adjoint_right(g, t_a + zeros_like(a), b)


@adjoint(runtime.add_at)
def add_at_(result, g, x=None, index=None, *, d_result):
    return d_result[index]


@adjoint(runtime.tree_add)
def tree_add_(result, a, b, *, d_result):
    return d_result, d_result


@adjoint(runtime.copy_adjoint)
def copy_adjoint_(result, a, *, d_result):
    return d_result


@adjoint(runtime.snapshot)
def snapshot_(result, value, *, d_result):
    return d_result


deflinear(runtime.unbroadcast, runtime.expand_reduced, runtime.add_at, runtime.tree_add, runtime.copy_adjoint,
          runtime.snapshot)

nograd(runtime.zeros_like, result="float")
# A forward-only check.  The in-place helpers (scatter_add, restore_item) deliberately have
# no rule: declaring a mutation zero-gradient would silently drop what it adds.
nograd(runtime.check_rebinding)
nograd(runtime.tensordot_axes, runtime.einsum_adjoint_spec)

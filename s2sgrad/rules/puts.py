"""Stores by flat index: `np.put(a, ind, v)` and `np.fill_diagonal(a, v)` on an array of the function's own.

The normal form writes each as a store of a new value, `a[...] = put_into(a, ind, v, mode)`
(`fill_diagonal` puts v at `diagonal_flat_index(a, wrap)`, the entries NumPy's fill_diagonal
writes), so a write into an array another name sees is refused as any store is.  put_into is
linear in (a, v): a's cotangent is the result's with the written positions zeroed; v's is the
result's at the positions its entries were written to and kept (a repeated index keeps the last
value), summed over v's repetitions (`put_values_adjoint`).
"""

from . import adjoint, nograd, only, tangent
from .. import runtime
from ..runtime import broadcast_like, put_into, put_values_adjoint, zeros_like

_MODE = only("raise", "wrap", "clip", reason="np.put's modes")

nograd(runtime.diagonal_flat_index)


@adjoint(runtime.put_into, operands=("a", "v"), requires={"mode": _MODE})
def put_into_(result, a, ind, v, mode="raise", *, d_result):
    # The written positions' cotangent goes to v, the others' to a.
    return put_into(d_result, ind, 0.0, mode), put_values_adjoint(d_result, ind, v, mode)


@tangent(runtime.put_into)
def put_into_tangent(result, a, ind, v, mode="raise", *, t_a, t_v):
    return put_into(broadcast_like(t_a, a), ind, t_v, mode)


@adjoint(runtime.put_values_adjoint, operands=("g", "v"))
def put_values_adjoint_(result, g, ind, v, mode="raise", *, d_result):
    # Linear in g, whose transpose puts the cotangent back at the written positions; v gives the shape only.
    return put_into(zeros_like(g), ind, d_result, mode), zeros_like(v)


@tangent(runtime.put_values_adjoint)
def put_values_adjoint_tangent(result, g, ind, v, mode="raise", *, t_g):
    return put_values_adjoint(broadcast_like(t_g, g), ind, v, mode)

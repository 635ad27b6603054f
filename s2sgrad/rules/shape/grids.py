"""Grids and filled arrays: `np.meshgrid` (one rule per count of inputs), `np.full`, `np.full_like`."""

import numpy as np

from .. import adjoint, check, deflinear, only, tangent
from ...runtime import broadcast_like, foreign, unbroadcast, zeros_like


# np.meshgrid(x1, ..., xn): output k is xk (flattened) laid along one axis of the grid: axis k
# with indexing="ij"; with "xy" the first two swap.  Its cotangent sums the grid's other axes.
# One rule per count of inputs (one to three); `copy=False` returns views a write would share.
_MESHGRID = {"copy": only(True, reason="copy=False returns views into the inputs"),
             "indexing": only("xy", "ij", reason="spelled out in full")}


def _meshgrid_count(value):
    count = len(value) if isinstance(value, tuple) else "more than three"
    return (f"np.meshgrid of {count} arrays: s2sgrad differentiates grids of one to three arrays; build a larger "
            "one from np.expand_dims and np.broadcast_to")


@adjoint(np.meshgrid, requires={"xi": check(_meshgrid_count, "one to three arrays")}, returns="tuple")
def meshgrid(result, *xi, copy=True, sparse=False, indexing="xy", d_result):
    # Calls of one to three arrays have the rules below; the others are refused where they are written
    # (forward mode too: it binds each call to the adjoint's requirements).
    return None


deflinear(np.meshgrid)


@adjoint(np.meshgrid, positional=1, requires=_MESHGRID, returns="tuple")
def meshgrid1(result, x1, *, copy=True, sparse=False, indexing="xy", d_result):
    # The one output is x1 flattened.
    return np.reshape(d_result[0], np.shape(x1))


@tangent(np.meshgrid, positional=1)
def meshgrid1_tangent(result, x1, *, copy=True, sparse=False, indexing="xy", t_x1):
    # Linear: the grid of the tangents, each of its operand's shape (a missing one is a zero).
    return np.meshgrid(broadcast_like(t_x1, x1), sparse=sparse, indexing=indexing)


@adjoint(np.meshgrid, positional=2, requires=_MESHGRID, returns="tuple")
def meshgrid2(result, x1, x2, *, copy=True, sparse=False, indexing="xy", d_result):
    # Output k holds xk along one axis ("xy": x1 along axis 1): its cotangent summed over the other.
    first = 1 if indexing == "xy" else 0
    d_x1 = np.sum(d_result[0], axis=1 - first)
    d_x2 = np.sum(d_result[1], axis=first)
    return np.reshape(d_x1, np.shape(x1)), np.reshape(d_x2, np.shape(x2))


@tangent(np.meshgrid, positional=2)
def meshgrid2_tangent(result, x1, x2, *, copy=True, sparse=False, indexing="xy", t_x1, t_x2):
    # Linear: the grid of the tangents, each of its operand's shape (a missing one is a zero).
    return np.meshgrid(broadcast_like(t_x1, x1), broadcast_like(t_x2, x2), sparse=sparse, indexing=indexing)


@adjoint(np.meshgrid, positional=3, requires=_MESHGRID, returns="tuple")
def meshgrid3(result, x1, x2, x3, *, copy=True, sparse=False, indexing="xy", d_result):
    # As for two, with x3 along axis 2.
    first = 1 if indexing == "xy" else 0
    d_x1 = np.sum(d_result[0], axis=(1 - first, 2))
    d_x2 = np.sum(d_result[1], axis=(first, 2))
    d_x3 = np.sum(d_result[2], axis=(0, 1))
    return np.reshape(d_x1, np.shape(x1)), np.reshape(d_x2, np.shape(x2)), np.reshape(d_x3, np.shape(x3))


@tangent(np.meshgrid, positional=3)
def meshgrid3_tangent(result, x1, x2, x3, *, copy=True, sparse=False, indexing="xy", t_x1, t_x2, t_x3):
    # Linear: the grid of the tangents, each of its operand's shape (a missing one is a zero).
    return np.meshgrid(broadcast_like(t_x1, x1), broadcast_like(t_x2, x2), broadcast_like(t_x3, x3),
                       sparse=sparse, indexing=indexing)


@adjoint(np.full)
def full(result, shape, fill_value, dtype=None, *, d_result, **options):
    return None, unbroadcast(d_result, fill_value)


@tangent(np.full)
def full_tangent(result, shape, fill_value, dtype=None, *, t_fill_value, **options):
    return np.full(shape, t_fill_value, dtype, like=foreign(t_fill_value))


@adjoint(np.full_like)
def full_like(result, a, fill_value, dtype=None, *, d_result, **options):
    # Only the fill value is differentiable; `a` gives the shape (a zero cotangent, for when it
    # is differentiated elsewhere).
    return zeros_like(a), unbroadcast(d_result, fill_value)


@tangent(np.full_like)
def full_like_tangent(result, a, fill_value, dtype=None, *, t_fill_value, **options):
    # `a` gives the shape only.
    return np.full_like(result, t_fill_value)

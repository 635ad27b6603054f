"""Shape and indexing rules: reshapes, transposes, joins and splits, tiling, flips, padding,
gathers (`take`, `take_along_axis`, `sort`), copies; shape queries have no gradient.

Each adjoint moves the cotangent back to the input's layout; gathers scatter it with
`np.add.at`, so repeated indices add up.  Functions of a list of arrays (concatenate, stack,
...) return a list of cotangents, one per array.  Nearly every rule here is linear, so its
tangent is the same call on the tangents (`deflinear` at the end of the file).
"""

import numpy as np

from .. import attribute_key, defelementwise, deflinear
from . import layout, gathers, joins, grids, ranges, selections  # noqa: F401  (the rules, registered in this order)

# Linear in the differentiable operands: the tangent is the same call on the tangents.  `unwrap`
# adds piecewise-constant multiples of the period, so its Jacobian is the identity (derived).
deflinear(
    np.transpose, np.ndarray.transpose, attribute_key("T"), attribute_key("mT"), np.reshape, np.ndarray.reshape,
    np.ravel, np.ndarray.ravel, np.ndarray.flatten, np.squeeze, np.ndarray.squeeze, np.expand_dims,
    np.atleast_1d, np.atleast_2d, np.atleast_3d, np.swapaxes, np.ndarray.swapaxes, np.moveaxis, np.rollaxis,
    np.broadcast_to, np.array, np.asarray, np.asanyarray, np.ascontiguousarray, np.copy, np.ndarray.copy,
    np.ndarray.astype, np.flip, np.fliplr, np.flipud, np.rot90, np.roll, np.tile, np.repeat, np.ndarray.repeat,
    np.take, np.ndarray.take, np.take_along_axis, np.concatenate, np.stack,
    np.hstack, np.vstack, np.dstack, np.column_stack, np.split, np.array_split, np.hsplit, np.vsplit,
    np.dsplit, np.unstack, np.asfortranarray, np.astype, np.real_if_close, np.diagflat, np.resize, np.delete,
    np.block,
)
if hasattr(np, "concat") and np.concat is not np.concatenate:
    deflinear(np.concat)
defelementwise(np.unwrap)

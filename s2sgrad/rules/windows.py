"""Window views: `sliding_window_view` and `as_strided` of a differentiated array.

Both read entries of their input, some of them more than once: the adjoint adds each entry's
cotangents back where it was read.  sliding_window_view's does it one window offset at a time
(`window_adjoint`: a slice of the cotangent per offset, as many as a window has entries);
as_strided's finds the flat index each entry of the view reads (`strided_indices`, on an array of
indices viewed with the same strides) and scatters by it, so any strides that stay inside a
C-contiguous input are differentiated, and a view reaching outside it is refused when it runs.
The views are read-only for the transform: a write into one is a write into a view of the
input, refused as such; `writeable=True` on sliding_window_view is refused.
"""

import numpy as np
from numpy.lib.stride_tricks import as_strided, sliding_window_view

from . import adjoint, attribute_key, deflinear, nograd, only, tangent
from .. import runtime
from ..runtime import broadcast_like, strided_indices, take_adjoint, window_adjoint, zeros_like

nograd(attribute_key("strides"), attribute_key("itemsize"), attribute_key("nbytes"), runtime.strided_indices)

_WRITEABLE = only(False, reason="a write into overlapping windows is not differentiated; write into a copy "
                               "of the windows (`w = w.copy()`)")


@adjoint(sliding_window_view, operands=("x",), arrays=True, requires={"writeable": _WRITEABLE})
def window_view(result, x, window_shape, axis=None, *, subok=False, writeable=False, d_result):
    # Each window offset's slice of the cotangent added back where it was read.
    return window_adjoint(d_result, x, window_shape, axis)


@adjoint(as_strided, operands=("x",), arrays=True)
def strided_view(result, x, shape=None, strides=None, subok=False, writeable=True, *, d_result):
    # The flat index each entry of the view reads; repeated indices add up.
    return take_adjoint(d_result, x, strided_indices(x, shape, strides))


@tangent(as_strided)
def strided_view_tangent(result, x, shape=None, strides=None, subok=False, writeable=True, *, t_x):
    # The tangent read where the view reads (not viewed with the input's strides: its layout may differ).
    return np.take(broadcast_like(t_x, x), strided_indices(x, shape, strides))


@adjoint(runtime.window_adjoint, operands=("g", "like"))
def window_adjoint_(result, g, like, window_shape, axis=None, *, d_result):
    # Linear in g, whose transpose is the window view; `like` gives the shape only.
    return np.lib.stride_tricks.sliding_window_view(d_result, window_shape, axis), zeros_like(like)


@tangent(runtime.window_adjoint)
def window_adjoint_tangent(result, g, like, window_shape, axis=None, *, t_g):
    return window_adjoint(broadcast_like(t_g, g), like, window_shape, axis)


deflinear(sliding_window_view)

"""Shape queries and constructors (no gradient), and `np.arange` in its start, stop and step."""

import numpy as np

from .. import adjoint, attribute_key, never, nograd, tangent
from ...runtime import broadcast_like


nograd(
    np.shape, np.ndim, np.size, np.zeros, np.ones, np.empty, np.eye, np.identity,
    np.zeros_like, np.ones_like, np.empty_like,
    np.result_type, np.tri, np.diag_indices, np.tril_indices, np.triu_indices,
    np.ravel_multi_index, np.broadcast_shapes,
    np.can_cast, np.promote_types, np.min_scalar_type, np.iinfo, np.finfo,
    attribute_key("shape"), attribute_key("ndim"), attribute_key("size"), attribute_key("dtype"),
)
nograd(np.unravel_index, returns="tuple")
nograd(np.indices, returns="maybe tuple")          # a tuple with `sparse=True`


_ARANGE_DTYPE = never("a dtype casts the values; write np.arange(start, stop, step).astype(dtype)")


@adjoint(np.arange, operands=("start", "stop", "step"), requires={"dtype": _ARANGE_DTYPE})
def arange(result, start, stop=None, step=None, dtype=None, *, d_result):
    # The values are start + i * step: linear in start and step; the stop sets the length,
    # piecewise constant.  (A single argument is the stop; the values start at 0.)
    d_step = 0.0
    if step is not None:
        d_step = np.sum(d_result * np.arange(np.size(result)))
    if stop is None:
        return 0.0, 0.0, d_step
    return np.sum(d_result), 0.0, d_step


@tangent(np.arange)
def arange_tangent(result, start, stop=None, step=None, dtype=None, *, t_start, t_stop, t_step):
    t_steps = np.zeros_like(result)
    if step is not None:
        t_steps = t_step * np.arange(np.size(result))
    if stop is None:
        return t_steps
    return broadcast_like(t_start, result) + t_steps


@adjoint(np.arange, operands=("start", "stop", "step"), requires={"dtype": _ARANGE_DTYPE}, positional=2)
def arange_from(result, start, stop, step=None, dtype=None, *, d_result):
    d_step = 0.0
    if step is not None:
        d_step = np.sum(d_result * np.arange(np.size(result)))
    return np.sum(d_result), 0.0, d_step


@tangent(np.arange, positional=2)
def arange_from_tangent(result, start, stop, step=None, dtype=None, *, t_start, t_stop, t_step):
    if step is None:
        return broadcast_like(t_start, result)
    return broadcast_like(t_start, result) + t_step * np.arange(np.size(result))


@adjoint(np.arange, operands=("start", "stop", "step"), requires={"dtype": _ARANGE_DTYPE}, positional=3)
def arange_by(result, start, stop, step, dtype=None, *, d_result):
    return np.sum(d_result), 0.0, np.sum(d_result * np.arange(np.size(result)))


@tangent(np.arange, positional=3)
def arange_by_tangent(result, start, stop, step, dtype=None, *, t_start, t_stop, t_step):
    return broadcast_like(t_start, result) + t_step * np.arange(np.size(result))

"""Shape rules: transpose, reshape, copies; shape queries have no gradient."""

import numpy as np

from . import adjoint, attribute_key, nograd


@adjoint(np.transpose, np.ndarray.transpose)
def transpose(result, a, axes=None, *, d_result):
    if axes is None:
        return np.transpose(d_result)
    return np.transpose(d_result, np.argsort(axes))


@adjoint(attribute_key("T"))
def T(result, a, *, d_result):
    return np.transpose(d_result)


@adjoint(np.reshape)
def reshape(result, a, shape=None, *, d_result):
    return np.reshape(d_result, np.shape(a))


@adjoint(np.ndarray.reshape)
def reshape_method(result, a, *shape, d_result):
    return np.reshape(d_result, np.shape(a))


@adjoint(np.ravel, np.ndarray.ravel, np.ndarray.flatten)
def ravel(result, a, order="C", *, d_result):
    return np.reshape(d_result, np.shape(a))


@adjoint(np.array, np.asarray, np.copy, np.ndarray.copy)
def array(result, a, *, d_result):
    return d_result


nograd(
    np.shape, np.ndim, np.size, np.zeros, np.ones, np.empty, np.full, np.eye, np.identity,
    np.arange, np.linspace, np.zeros_like, np.ones_like, np.empty_like, np.result_type,
    attribute_key("shape"), attribute_key("ndim"), attribute_key("size"), attribute_key("dtype"),
)

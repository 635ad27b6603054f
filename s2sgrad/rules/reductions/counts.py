"""Counts and histograms (differentiated in their weights), and the reductions with no gradient."""

import numpy as np

from .. import nograd, only, tangent
from ...runtime import bin_cotangent
from .family import reduction


nograd(np.argmax, np.argmin, np.nanargmax, np.nanargmin, np.argsort, np.argpartition, np.count_nonzero,
       np.ndarray.argmax, np.ndarray.argmin, np.ndarray.argsort, np.flatnonzero,
       np.argwhere, np.searchsorted, np.digitize)
nograd(np.ndarray.nonzero, np.nonzero, returns="tuple")


@reduction(np.bincount, operands=("weights",))
def bincount(result, x, weights=None, minlength=0, *, d_result):
    # Linear in the weights: each weight's cotangent is that of its bin.
    return d_result[x]


@tangent(np.bincount)
def bincount_tangent(result, x, weights=None, minlength=0, *, t_weights):
    return np.bincount(x, weights=t_weights, minlength=minlength)


_DENSITY = only(None, False, reason="with density=True the counts are divided by the weights' sum; "
                                    "divide np.histogram(a, bins, weights=w)[0] by it yourself")


@reduction(np.histogram, operands=("weights",), requires={"density": _DENSITY}, returns="tuple")
def histogram(result, a, bins=10, range=None, density=None, weights=None, *, d_result):
    # (counts, edges): the counts are linear in the weights; the edges do not depend on them.
    return bin_cotangent(d_result[0], a, result[1])


@tangent(np.histogram)
def histogram_tangent(result, a, bins=10, range=None, density=None, weights=None, *, t_weights):
    return np.histogram(a, bins=result[1], weights=t_weights)[0], np.zeros_like(result[1])
# np.unique returns the values themselves: no rule, so a differentiated argument is refused.
nograd(np.any, np.all, np.ndarray.any, np.ndarray.all, result="bool")

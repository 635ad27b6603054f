"""The gradients a caller receives: each given the structure, shape and dtype of its input (a
float's as a float, a list's as a list, a record's as an object of its class), never a view the
emitted code still holds."""

import numpy as np

from .containers import children, is_record, rebuild
from .errors import ArgumentError, InternalError
from .runtime import foreign


def match_inputs(entry, inputs, grads):
    """The gradients `grads` of `entry`'s wrt `inputs`, each matched to its input (see `_match`)."""
    items = [grads] if len(entry.wrt) == 1 else list(grads)
    out, seen = [], set()
    for name, x, g in zip(entry.wrt, inputs, items):
        if id(g) in seen and hasattr(g, "copy"):
            g = g.copy()            # two gradients that are one array: give each its own
        seen.add(id(g))
        out.append(_match(x, g, name))
    return out[0] if entry.single else tuple(out)


def match_numbers(entry, inputs, grads):
    """`match_inputs` where some inputs are Python or NumPy floats: a float's gradient is a float."""
    out = []
    for x, g in zip(inputs, (grads,) if len(inputs) == 1 else grads):
        if type(x) is np.ndarray or (type(g) is not float and getattr(g, "shape", ()) != ()):
            return match_inputs(entry, inputs, grads)
        out.append(float(g))
    return out[0] if entry.single else tuple(out)


def all_fresh(grads, inputs):
    """True when `grads` are already gradients the caller may own (see `fresh_like`), no two the same."""
    for k, (g, x) in enumerate(zip(grads, inputs)):
        if type(g) is not np.ndarray or g.base is not None or g.shape != x.shape \
                or (g.dtype is not x.dtype and g.dtype != x.dtype):
            return False
        for other in grads[:k]:
            if g is other:
                return False
    return True


def fresh_like(g, x):
    """True when `g` is already a gradient the caller may own: a fresh array shaped like `x`."""
    return type(g) is np.ndarray and g.base is None and g.shape == x.shape and \
        (g.dtype is x.dtype or g.dtype == x.dtype)


def _match(x, g, name, inputs=True):
    """The gradient `g` given the structure, shape and dtype of its input `x` (not `inputs`: the
    tangent of an output `x`, whose integer arrays are no input)."""
    if type(x) is np.ndarray:
        if inputs and x.dtype.kind in "iub":       # (an input is never one: only an item of a container)
            return _match_data(x, g, name)
        if fresh_like(g, x):
            return g                    # the common case: a fresh array of the input's kind
    if is_record(x) and not isinstance(x, (list, dict)) or isinstance(x, (list, tuple, dict)):
        return _match_container(x, g, name, inputs)
    if isinstance(x, float) and (not hasattr(g, "shape") or g.shape == ()):
        return float(g)
    if hasattr(x, "shape") and x.shape != () or isinstance(x, np.ndarray) or foreign(x) is not None:
        return _match_array(x, g, name)
    return g


def _match_container(x, g, name, inputs=True):
    """`_match` for a record, a list, a tuple or a dict `x`: item by item."""
    if isinstance(x, dict):
        return {key: _match(x[key], g[key], f"{name}[{key!r}]", inputs) for key in x}
    if is_record(x) and not isinstance(x, list):
        items = g if isinstance(g, list) else children(g)
        return rebuild(x, [xi if gi is None else _match(xi, gi, f"{name}[{i}]", inputs)     # a name, a flag: kept
                           for i, (xi, gi) in enumerate(zip(children(x), items))])
    return type(x)(_match(xi, gi, f"{name}[{i}]", inputs) for i, (xi, gi) in enumerate(zip(x, g)))


def _match_data(x, g, name):
    """The gradient of an integer or bool array inside a container: zeros of its shape and dtype
    where the function reads it only as data (indices, a mask: its cotangent is untouched, the
    read-only zeros the emitted code starts from, or the number 0.0); refused where it is used as
    a number (its gradient would be a guess: the function of a float array there may differ)."""
    untouched = type(g) is np.ndarray and not g.flags.writeable and g.dtype.kind in "iub" and not g.any() \
        or type(g) is float and g == 0.0        # (runtime.zeros_like's read-only zeros, or no adjoint at all)
    if not untouched:
        raise ArgumentError(f"`{name}` is an integer array ({x.dtype}) used as a number: integer inputs have no "
                            "gradient. Pass a float array (x.astype(float)); an integer or bool array used only as "
                            "indices or a mask is data, and its gradient is zeros")
    return np.zeros_like(x)


def _match_array(x, g, name):
    """`_match` for an array `x` of any library (a NumPy array of shape () included)."""
    if not hasattr(g, "shape") or foreign(x) is not None and isinstance(g, (np.generic, np.ndarray)) \
            and g.shape == ():
        g = np.asarray(g, like=foreign(x))      # a number (the seed 1.0) as the input's library's array
    if tuple(g.shape) != tuple(x.shape):
        raise InternalError(f"the gradient for `{name}` has shape {tuple(g.shape)}, its input {tuple(x.shape)}")
    if g.dtype != x.dtype:
        return g.astype(x.dtype)
    if isinstance(g, np.ndarray) and (not g.flags.writeable or g.base is not None and not g.flags.owndata):
        return g.copy()         # a broadcast view of the seed: give the caller its own array
    return g

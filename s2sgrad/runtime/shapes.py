"""Shapes: a cotangent summed back to an operand's shape (unbroadcast), broadcast, cut or padded to it; axes."""

import numpy as np

from ..containers import is_record
from .arrays import foreign
from .declare import _pure
from .trees import restack_like, unstack_like, zeros_like


@_pure
def dtype_like(g, like):
    """The gradient `g` of the input `like` in `like`'s dtype, as autograd and JAX give it: a
    float32 input's gradient is float32, where a float64 constant (`np.float64(2.0)`, a float64
    array) made it float64 on the way.  `g` itself (no copy) where the dtypes match, or where
    either is not an array (a number, a container: the API matches those)."""
    if type(like) is list or type(like) is tuple:
        _check_sequence_gradient(g, like)
    if isinstance(like, (list, tuple, dict)) or is_record(like):
        return _items_like(g, like)
    dtype = getattr(like, "dtype", None)
    if dtype is None or not isinstance(g, (np.ndarray, np.generic)) or g.dtype == dtype \
            or dtype.kind not in "fc" or not isinstance(like, (np.ndarray, np.generic)):
        return g
    return g.astype(dtype)


def _items_like(g, like):
    """A container's gradient, item by item: an item without a derivative (a string, None, a
    flag, an integer, a function) keeps its value, as the documentation says, but an integer or
    bool array's is its cotangent as made (the API tells data from a number: gradients.py); the
    others their dtype (`dtype_like`)."""
    if not _has_derivative(like):
        return g if type(like) is np.ndarray and like.dtype.kind in "iub" else like
    if isinstance(like, dict):
        return {key: _items_like(g[key], value) for key, value in like.items()} if _same_keys(g, like) else g
    if isinstance(like, (list, tuple)) and not is_record(like):
        return type(g)(map(_items_like, g, like)) if isinstance(g, (list, tuple)) and len(g) == len(like) else g
    if is_record(like):
        return _record_like(g, like)
    return dtype_like(g, like)


def _same_keys(g, like):
    return isinstance(g, dict) and g.keys() == like.keys()


def _record_like(g, like):
    from ..containers import children, rebuild
    if type(g) is not type(like):
        return g
    return rebuild(g, [_items_like(gi, xi) for gi, xi in zip(children(g), children(like))])


def _has_derivative(value):
    if value is None or isinstance(value, (str, bytes, bool, int)) or callable(value) and not is_record(value):
        return False
    dtype = getattr(value, "dtype", None)
    return dtype is None or np.dtype(dtype).kind in "fc" or not isinstance(value, (np.ndarray, np.generic))


def _check_sequence_gradient(g, like):
    """A list or tuple argument's gradient has its length: a gradient emitted for an array (no
    kinds given) meets a list where `xs * 2` repeats it and the adjoint multiplied."""
    if isinstance(g, (list, tuple)) or getattr(g, "ndim", 0) >= 1:
        if len(g) != len(like) and not is_record(like):
            raise TypeError(f"s2sgrad: the gradient for a {type(like).__name__} argument of {len(like)} items has "
                            f"{len(g)}: the gradient was made for an array there, and `*` repeats a "
                            f"{type(like).__name__} (`+` joins them); emit it with --kinds NAME=list or annotate the "
                            "parameter `list`, or pass an array (np.asarray)")


@_pure
def unbroadcast(g, like):
    """Sum `g` over the axes that broadcasting added or stretched, to the shape of `like`."""
    kind = type(g)
    if kind is type(like) and (kind is float or kind is np.float64 or kind is np.ndarray and g.shape == like.shape):
        return g                            # the common case, first: this runs per adjoint operation
    if kind is float and type(like) is np.float64:
        return np.float64(g)                # (what the general path makes of it, without np.asarray)
    if isinstance(like, (list, tuple)) and not is_record(like):
        raise TypeError("s2sgrad read `a + b` or `a * n` as arithmetic, and here it joins or repeats lists or "
                        "tuples: build one operand as a display in the function (`xs + (y,)`, `[x] * 3`), so that "
                        "it is known to be a sequence, emit it with --kinds NAME=list (or annotate the parameter `list`), "
                        "or make it an array (np.asarray) where it is one")
    shape = getattr(like, "shape", None)
    if shape is None:                   # `like` is a Python number
        g_shape = getattr(g, "shape", None)
        return g if g_shape is None or g_shape == () else np.sum(g)
    return _summed_to(g, like, shape)


def _summed_to(g, like, shape):
    """`g` summed over its leading extra axes and over the axes where `shape` (that of the array
    `like`) has length 1 and `g` has not; a 0-d result a scalar unless `like` is an array."""
    g_shape = getattr(g, "shape", None)
    if g_shape == shape:
        return g
    if g_shape is None:                 # a Python number; arrays of any library pass through
        g = np.asarray(g, like=foreign(like))
    extra = g.ndim - len(shape)
    if extra > 0:
        g = np.sum(g, axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and g.shape[i] != 1)
    if stretched:
        g = np.sum(g, axis=stretched, keepdims=True)
    if not shape and not isinstance(like, np.ndarray):
        return g[()]
    return g


@_pure
def unbroadcast_items(g, like):
    """The cotangent of a list or tuple `like` that NumPy read as an array (`y[i] = [a, b]`):
    `g` summed to its shape, as a list of its items' cotangents."""
    return unstack_like(unbroadcast(g, np.broadcast_to(0.0, np.shape(like))), like)


@_pure
def items_cotangent(g, items):
    """The cotangent of the items of `sum(items)`, for the sum's cotangent `g`: `g` summed to each
    item's shape (a list for a list or tuple, `restack_like`); for an array, whose rows all have
    the sum's shape, `g` given to every row at once."""
    if type(items) is np.ndarray and items.ndim:
        return np.full(items.shape, g)
    return restack_like([unbroadcast(g, item) for item in items], items)


@_pure
def items_total(d, g):
    """The transpose of `items_cotangent(g, items)` in `g`: the items' cotangents `d`, each
    broadcast to the shape of `g`, summed."""
    if type(d) is np.ndarray and d.ndim:
        return unbroadcast(np.sum(d, axis=0), g)
    total = zeros_like(g)
    for item in d:
        total = total + np.broadcast_to(item, np.shape(g))
    return total


def check_axes(function, *declared):
    """Check arguments against the axes declared for them (`("x", x, "batch n_in")`, ...): each has
    as many axes as declared, a number where one is, and one length wherever one name is used.
    The gradient leaves out the sums `unbroadcast` would do between shapes so declared equal.
    (A ValueError, as --standalone modules raise it too.)"""
    sizes = {}
    for name, value, axes in declared:
        shape = np.shape(value)
        dims = axes.split()
        if len(shape) != len(dims):
            raise ValueError(f"{function}: `{name}` has shape {shape}, but its axes are declared as \"{axes}\"")
        for dim, size in zip(dims, shape):
            expected = int(dim) if dim.isdigit() else sizes.setdefault(dim, size)
            if size != expected:
                raise ValueError(f"{function}: `{name}` has shape {shape}, but its axes are declared as "
                                    f"\"{axes}\" and `{dim}` is {expected} elsewhere")


@_pure
def shape_only(x):
    """`x` as an adjoint that reads only its shape and dtype needs it: an array becomes a read-only
    view of one zero broadcast to its shape, which keeps none of its data; anything else is itself.
    One view per shape and dtype serves every call (a loop pushes the same one each iteration)."""
    if type(x) is np.ndarray and x.ndim:
        key = (x.shape, x.dtype)
        found = _STAND_INS.get(key)
        if found is None:
            if len(_STAND_INS) >= 512:
                _STAND_INS.clear()
            found = _STAND_INS[key] = np.broadcast_to(np.zeros((), x.dtype), x.shape)
        return found
    return x


_STAND_INS = {}     # (shape, dtype) -> its read-only stand-in


@_pure
def shape_only_tangent(kept):
    """The tangent of `kept = shape_only(x)`, a zero: `kept` itself where it is an array's
    stand-in (a read-only zero of its shape and dtype, so no new array), else `zeros_like(kept)`."""
    if type(kept) is np.ndarray and kept.ndim:
        return kept
    return zeros_like(kept)


@_pure
def broadcast_like(t, like):
    """`t` given the shape of `like` (a new array where it grows); a number zero given the
    structure of a list, tuple or dict `like`."""
    if type(like) is float or type(t) is np.ndarray and type(like) is np.ndarray and t.shape == like.shape:
        return t                            # the common cases, first: this runs per tangent operation
    if isinstance(like, (list, tuple, dict)) or is_record(like):
        return zeros_like(like) if type(t) is float and t == 0.0 else t
    if np.shape(t) == np.shape(like):
        return t
    return t + np.zeros_like(like)


@_pure
def expand_reduced(g, x, axis, keepdims):
    """Re-insert the axes a reduction over `axis` removed, so `g` broadcasts against `x`."""
    if axis is None or keepdims:
        return g
    if type(axis) is int and type(x) is np.ndarray and (type(g) is np.ndarray or type(g) is np.float64):
        shape = g.shape             # the common case, first: one axis of a NumPy array (np.expand_dims costs more)
        if len(shape) == x.ndim - 1:
            k = axis % x.ndim
            return g.reshape(shape[:k] + (1,) + shape[k:])
    axes = (axis,) if np.ndim(axis) == 0 else tuple(axis)
    ndim = np.ndim(x)
    return np.expand_dims(g, tuple(a % ndim for a in axes))


@_pure
def inverse_permutation(axes):
    """The axes that undo `np.transpose(x, axes)`, as a tuple of ints (which every library's
    transpose takes; Dask's does not take an array)."""
    return tuple(np.argsort(axes).tolist())


@_pure
def split_at(g, sizes, axis=0):
    """`np.split(g, np.cumsum(sizes)[:-1], axis)` made of slices, which every array library has
    (Dask has no np.split: NumPy's would compute the array)."""
    if axis == 0 and type(g) is np.ndarray:        # the common case, first: one slice each
        out, start = [], 0
        for n in sizes:
            end = start + int(n)
            out.append(g[start:end])
            start = end
        return out
    k = axis % np.ndim(g)
    starts = [0]
    for n in sizes:             # (np.cumsum of a short list costs more: this runs per call)
        starts.append(starts[-1] + int(n))
    return [g[(slice(None),) * k + (slice(a, b),)] for a, b in zip(starts, starts[1:])]


@_pure
def fit_along(g, like, axis=-1):
    """`g` cropped or zero-padded along `axis` to the length of `like` there (the adjoint of the
    crop or zero-padding that an FFT's `n=` applies to its input)."""
    if np.ndim(g) == 0:                 # a zero folded to a number: zeros of like's shape
        return np.zeros_like(like, dtype=np.result_type(g))
    k = axis % np.ndim(g)
    n = np.shape(like)[axis]
    part = g[(slice(None),) * k + (slice(0, n),)]
    return np.pad(part, [(0, n - np.shape(part)[k]) if i == k else (0, 0) for i in range(np.ndim(g))])


@_pure
def axes_to_last(a, axis):
    """(the axes of `a` that `axis` names, all when None; the last positions, where a reduction
    over them moves them): what the median and quantile rules reshape by."""
    axes = tuple(range(np.ndim(a))) if axis is None else tuple(np.atleast_1d(axis) % np.ndim(a))
    return axes, tuple(range(np.ndim(a) - len(axes), np.ndim(a)))


@_pure
def full_widths(in1, in2, d, mode, same_at_half=False):
    """`np.pad`'s widths that place `d`, the cotangent of a convolution of arrays shaped like `in1`
    and `in2` in `mode`, where that mode's output sits in the full convolution ("same" centred
    at (m - 1) // 2 as SciPy's convolve centres it, or at m // 2 as correlate2d does)."""
    n, m = np.array(np.shape(in1)), np.array(np.shape(in2))
    start = np.zeros_like(n)
    if mode == "same":
        start = m // 2 if same_at_half else (m - 1) // 2
    elif mode == "valid":
        start = np.minimum(n, m) - 1
    return np.stack([start, n + m - 1 - start - np.array(np.shape(d))], -1)


@_pure
def only_where(taken, x):
    """`x`, whose gradient flows only where `taken` holds: `np.where(taken, f(x), b)` reads x
    through it, so that f's derivative at the positions not taken (a nan where f is undefined
    there, an inf where it overflows) never reaches x's gradient.  The value is x itself."""
    return x


@_pure
def only_where_not(taken, x):
    """`x`, whose gradient flows only where `taken` does not hold (the other branch of a where)."""
    return x


@_pure
def gradient_where(taken, g, like):
    """`g` (`like`'s cotangent) where an item of `like` reaches a position where `taken` holds;
    zero elsewhere, also where `g` is nan or inf: the adjoint of `only_where`."""
    reached = _reached(taken, like)
    if np.ndim(reached) == 0 and not isinstance(like, np.ndarray):
        return g if reached else 0.0 if np.ndim(g) == 0 else np.zeros_like(g)
    return np.where(reached, g, 0.0)


def _reached(taken, like):
    """`taken`, broadcast against `like` and reduced by `any` to `like`'s shape."""
    shape = np.shape(like)
    if np.shape(taken) == shape:
        return taken
    taken = np.broadcast_to(taken, np.broadcast_shapes(np.shape(taken), shape))
    extra = taken.ndim - len(shape)
    if extra > 0:
        taken = np.any(taken, axis=tuple(range(extra)))
    stretched = tuple(i for i, n in enumerate(shape) if n == 1 and taken.shape[i] != 1)
    return np.any(taken, axis=stretched, keepdims=True) if stretched else taken


@_pure
def block_parts(g, arrays):
    """The adjoint of `np.block(arrays)`: for each block (nested as `arrays`), `g` where its entries
    landed.  Each block's entries are labelled and the labels blocked as the arrays were."""
    leaves = []

    def labelled(item):
        if isinstance(item, list):
            return [labelled(part) for part in item]
        start = sum(np.size(leaf) for leaf in leaves)
        leaves.append(item)
        return np.reshape(np.arange(start, start + np.size(item)), np.shape(item))

    labels = np.block(labelled(arrays))
    order = np.argsort(np.ravel(labels), kind="stable")
    flat = np.take(np.ravel(np.broadcast_to(g, np.shape(labels))), order)     # (a zero folded to a number)
    starts = np.cumsum([0] + [np.size(leaf) for leaf in leaves]).tolist()
    parts = iter([np.reshape(flat[a:b], np.shape(leaf)) for a, b, leaf in zip(starts, starts[1:], leaves)])

    def nested(item):
        return [nested(part) for part in item] if isinstance(item, list) else next(parts)

    return nested(arrays)



@_pure
def draw_shape(size, *params):
    """The `size` a draw whose parameters are `params` makes: `size` itself when given, else the
    parameters' broadcast shape (None for scalars, so that one number is drawn, as the call drew)."""
    if size is not None:
        return size
    return np.broadcast_shapes(*(np.shape(p) for p in params)) or None

"""Vector forward mode: a tangent that carries k directions along a leading axis.

`jacobian(f, mode="fwd")` runs f's emitted forward-mode code once per chunk of input directions,
with each tangent a `Directions`: a (k, *shape) array standing for k tangents of one shape.  The
primal is computed once per chunk; every tangent operation acts on the k directions at once.

The meaning of an operation on a `Directions` is fixed: it is the operation applied to each
direction alone, the results stacked (`_each`).  Where a faster form is equal to that, it is
used instead, and only there:
- elementwise ufuncs broadcast the k axis against the primal operands once each direction's
  part is given the operation's full number of dimensions (a scalar primal times a vector of
  directions: `(k,) -> (k, 1)` against a (3,) array would be wrong without it);
- basic indexing and stores (integers, slices, None, Ellipsis) index behind the k axis, and
  give views, as NumPy does;
- C-order reshapes and ravels, and transposes, act on the axes behind the k axis, and give
  views where NumPy does;
- sums, dot, matmul and cross with one tangent operand put the k axis where the primal
  operation leaves it alone.
Everything else runs direction by direction.  A direction-by-direction result that is a view
of its operand cannot be stacked with the sharing NumPy gives it, so it raises `Unvectorized`;
so does anything that needs the tangent as one plain array (`np.asarray`, `float`, a store into
a plain array).  `jacobian` then computes the Jacobian by one jvp per input element instead.
"""

import numbers
import types

import numpy as np
from numpy.lib.mixins import NDArrayOperatorsMixin

from . import runtime

_BASIC = (int, np.integer, slice, type(None), type(Ellipsis))


class Unvectorized(TypeError):
    """An operation on a `Directions` tangent that has no direction-by-direction meaning here."""


class Directions(NDArrayOperatorsMixin):
    """k tangents of one shape, stacked along a leading axis `data` (k, *shape)."""

    __slots__ = ("data",)

    def __init__(self, data):
        self.data = data

    # -- what a tangent is asked about: its per-direction shape ---------------------------
    @property
    def shape(self):
        return self.data.shape[1:]

    @property
    def ndim(self):
        return self.data.ndim - 1

    @property
    def size(self):
        return int(np.prod(self.shape))

    @property
    def dtype(self):
        return self.data.dtype

    def __len__(self):
        if self.data.ndim < 2:
            raise TypeError("len() of a 0-d tangent")
        return self.data.shape[1]

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __array__(self, *args, **kwargs):
        raise Unvectorized("a tangent carrying several directions cannot be one plain array")

    def __bool__(self):         # a branch: the same in every direction (or example), else none
        flat = np.asarray(self.data, dtype=bool).reshape(self.data.shape[0], -1)
        if flat.shape[1] != 1:
            raise Unvectorized("the truth of an array carrying several directions")
        if flat.all():
            return True
        if not flat.any():
            return False
        raise Unvectorized("a truth that differs between directions (a branch taken differently)")

    def __float__(self):
        raise Unvectorized("float() of a tangent carrying several directions")

    __int__ = __index__ = __complex__ = __float__

    def __repr__(self):
        return f"Directions({self.data!r})"

    # -- fast forms, each equal to its direction-by-direction meaning ----------------------
    def __getitem__(self, index):
        key = _basic(index)
        if key is None:
            return _each(lambda x: x[index], [self], (self,))
        return Directions(self.data[key])

    def __setitem__(self, index, value):
        key = _basic(index)
        if key is None:
            for j, part in enumerate(self.data):
                part[index] = value.data[j] if isinstance(value, Directions) else value
            return
        target = self.data[key]
        if isinstance(value, Directions):
            value = _aligned(value, target.ndim - 1)
        target[...] = value

    def reshape(self, *shape, order="C"):
        if order != "C":
            return _each(lambda x: x.reshape(*shape, order=order), [self], (self,))
        shape = shape[0] if len(shape) == 1 and not isinstance(shape[0], numbers.Integral) else shape
        shape = (shape,) if isinstance(shape, numbers.Integral) else tuple(shape)
        return Directions(self.data.reshape((self.data.shape[0],) + shape))

    def transpose(self, *axes):
        axes = axes[0] if len(axes) == 1 and not isinstance(axes[0], numbers.Integral) else axes
        n = self.ndim
        axes = tuple(reversed(range(n))) if axes is None or axes == () else tuple(a % n for a in axes)
        return Directions(self.data.transpose((0,) + tuple(a + 1 for a in axes)))

    def ravel(self, order="C"):
        if order != "C":
            return _each(lambda x: x.ravel(order), [self], (self,))
        return Directions(self.data.reshape(self.data.shape[0], -1))

    def flatten(self, order="C"):
        return self.ravel(order).copy()

    @property
    def T(self):
        return self.transpose()

    def copy(self):
        return Directions(self.data.copy())

    def astype(self, dtype, *args, **kwargs):
        return Directions(self.data.astype(dtype, *args, **kwargs))

    def __getattr__(self, attribute):      # any other method or attribute: direction by direction
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        parts = [getattr(part, attribute) for part in self.data]
        if not callable(parts[0]):
            return _combined(parts, [self])
        return lambda *args, **kwargs: _each(lambda x: getattr(x, attribute)(*args, **kwargs), [self], (self,))

    # -- arithmetic: the elementwise form directly (NumPy's dispatch would reach it too) ----------
    def __add__(self, other):
        return _binary(np.add, self, other)

    def __radd__(self, other):
        return _binary(np.add, other, self)

    def __sub__(self, other):
        return _binary(np.subtract, self, other)

    def __rsub__(self, other):
        return _binary(np.subtract, other, self)

    def __mul__(self, other):
        return _binary(np.multiply, self, other)

    def __rmul__(self, other):
        return _binary(np.multiply, other, self)

    def __truediv__(self, other):
        return _binary(np.true_divide, self, other)

    def __rtruediv__(self, other):
        return _binary(np.true_divide, other, self)

    def __neg__(self):
        return Directions(-self.data)

    def __matmul__(self, other):
        result = _matmul(self, other)
        return result if result is not None else np.matmul(self, other)

    def __rmatmul__(self, other):
        result = _matmul(other, self)
        return result if result is not None else np.matmul(other, self)

    # -- NumPy's protocols ------------------------------------------------------------------
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        out = kwargs.pop("out", None)
        if method == "at" and not isinstance(inputs[0], Directions):
            raise Unvectorized(f"np.{ufunc.__name__}.at writes tangents into a plain array")
        fast = _FAST.get(ufunc) if method == "__call__" and not kwargs else None
        result = fast(*inputs) if fast is not None else None
        if method == "outer" and not kwargs and len(inputs) == 2:
            result = _outer(ufunc, *inputs)
        if result is not None:
            pass
        elif method != "__call__" or kwargs or ufunc.signature is not None:      # a gufunc is no elementwise rule
            result = _each_call(getattr(ufunc, method), inputs, kwargs)
        else:
            result = _elementwise(ufunc, inputs)
        if out is None:
            return result
        return _into(out, result)

    def __array_function__(self, func, types, args, kwargs):
        _check_writes(func, args, kwargs)
        fast = _FAST.get(func)
        result = fast(*args, **kwargs) if fast is not None else None
        return result if result is not None else _each_call(func, args, kwargs)


def vector_variant(function, k, names=None, numpy=None):
    """`function`, an emitted forward-mode function, with the functions of its module rebound so
    that the zero tangents it makes (`zeros_like`) carry k directions: a store of a tangent into
    one then stays a `Directions`.  A plain value and k copies of it mean the same here (see the
    module), so this changes no direction's result.

    numpy: what the module's `np` becomes (batches.py's, whose float arrays carry the k axis);
    `names`: the functions to return, rebound alike (the forward and adjoint of a reverse pair)."""
    space = function.__globals__
    rebound = dict(space)
    rebound["zeros_like"] = lambda x: _zeros(x, k)
    if numpy is not None and space.get("np") is np:
        rebound["np"] = numpy
    for key, value in space.items():
        if isinstance(value, types.FunctionType) and value.__globals__ is space:
            copied = types.FunctionType(value.__code__, rebound, value.__name__, value.__defaults__,
                                        value.__closure__)
            copied.__kwdefaults__ = value.__kwdefaults__
            rebound[key] = copied
    if names is not None:
        return tuple(rebound[name] for name in names)
    return rebound[function.__name__]


def _zeros(x, k):
    if type(x) is float or type(x) is np.ndarray and x.dtype.kind == "f":
        return Directions(np.zeros((k,) + np.shape(x), dtype=np.result_type(x, 1.0)))
    return runtime.zeros_like(x)


# what writes into its first argument: run direction by direction, each direction would write
# into the same plain array
_WRITES_FIRST = {np.copyto, np.put, np.place, np.putmask, np.fill_diagonal, np.put_along_axis}


def _check_writes(func, args, kwargs):
    """Refuse a call that would write a tangent into a plain array (`np.copyto(plain, t)`, which
    `np.full_like(x, t)` makes, or `out=plain`)."""
    first = args[0] if args else next(iter(kwargs.values()), None)
    if func in _WRITES_FIRST and not isinstance(first, Directions):
        raise Unvectorized(f"np.{func.__name__} writes tangents into a plain array")
    out = kwargs.get("out")
    if out is not None and not all(isinstance(o, Directions) for o in (out if isinstance(out, tuple) else (out,))):
        raise Unvectorized("a tangent written into a plain array (out=)")


_ALL = slice(None)
_SIMPLE = (int, slice)


def _basic(index):
    """The index behind the k axis for a basic index, else None."""
    kind = type(index)
    if kind is int or kind is slice:            # the common cases first: this runs per item read
        return (_ALL, index)
    if kind is tuple:
        for item in index:
            if type(item) not in _SIMPLE:
                break
        else:
            return (_ALL,) + index
    items = index if kind is tuple else (index,)
    if all(isinstance(item, _BASIC) and not isinstance(item, (bool, np.bool_)) for item in items):
        return (slice(None),) + items
    return None


def _aligned(value, ndim):
    """`value.data` with each direction's part given `ndim` dimensions (ones in front)."""
    data = value.data
    missing = ndim - (data.ndim - 1)
    if missing <= 0:
        return data
    return data.reshape((data.shape[0],) + (1,) * missing + data.shape[1:])


def _elementwise(ufunc, inputs):
    ndim = 0
    for x in inputs:
        if type(x) is Directions:
            n = x.data.ndim - 1
        elif isinstance(x, (np.ndarray, np.generic, numbers.Number)):
            n = getattr(x, "ndim", 0)
        else:
            raise Unvectorized(f"{ufunc.__name__} of a {type(x).__name__}")
        ndim = n if n > ndim else ndim
    operands = [_aligned(x, ndim) if type(x) is Directions else x for x in inputs]
    if len(operands) == 2 and (type(inputs[0]) is Directions) != (type(inputs[1]) is Directions):
        _spread(operands, 0 if type(inputs[0]) is Directions else 1)
    result = ufunc(*operands)
    if ufunc.nout > 1:
        return tuple(Directions(r) for r in result)
    return Directions(result)


BIG = 4096      # elements of a tangent from which a plain operand is spread out before the operation


def _spread(operands, tangent):
    """A plain array operand of a large operation with a `Directions`, given the shape of the
    other operand's directions (a copy k times smaller than the operation): NumPy's loop over a
    short last axis that one operand repeats (`(k, n, 4) * (n, 1)`) is several times slower than
    over two contiguous operands.  The same values, so the same result."""
    other, plain = operands[tangent], operands[1 - tangent]
    if type(plain) is np.ndarray and other.size >= BIG and 0 < plain.ndim < other.ndim \
            and plain.shape[-1] == 1 and other.shape[-1] > 1 and plain.shape != other.shape[1:]:
        try:
            operands[1 - tangent] = np.ascontiguousarray(np.broadcast_to(plain, other.shape[1:]))
        except ValueError:      # the plain operand stretches the tangent instead: left to NumPy
            pass


_SCALARS = (float, int, np.float64)


def _binary(ufunc, a, b):
    # the common cases first (this runs per arithmetic operation on a tangent): a number, or an
    # operand with no more dimensions than the directions' own, needs no alignment
    if type(a) is Directions and type(b) is Directions:
        if a.data.ndim == b.data.ndim:
            return Directions(ufunc(a.data, b.data))
    elif type(a) is Directions:
        if type(b) in _SCALARS:
            return Directions(ufunc(a.data, b))
    elif type(b) is Directions:
        if type(a) in _SCALARS:
            return Directions(ufunc(a, b.data))
    for x in (a, b):
        if not isinstance(x, (Directions, np.ndarray, np.generic, numbers.Number)):
            return NotImplemented
    return _elementwise(ufunc, (a, b))


def _into(out, result):
    """Write `result` into `out` (a ufunc's out=), as NumPy would, and return `out`."""
    outs = out if isinstance(out, tuple) else (out,)
    results = result if isinstance(result, tuple) else (result,)
    for o, r in zip(outs, results):
        if not isinstance(o, Directions):
            raise Unvectorized("a tangent carrying several directions written into a plain array")
        o.data[...] = _aligned(r, o.ndim) if isinstance(r, Directions) else r
    return out if isinstance(out, tuple) and len(out) > 1 else outs[0]


def _each_call(func, args, kwargs):
    found = []
    _find(args, found)
    _find(kwargs, found)
    return _each(lambda *_: None, found, None, func, args, kwargs)


def _find(value, found):
    if isinstance(value, Directions):
        found.append(value)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _find(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _find(item, found)


def _part(value, j):
    if isinstance(value, Directions):
        return value.data[j]
    if type(value) in (list, tuple):
        return type(value)(_part(item, j) for item in value)
    if type(value) is dict:
        return {key: _part(item, j) for key, item in value.items()}
    return value


def _each(apply, found, operands, func=None, args=(), kwargs=None):
    """The operation direction by direction, the results combined (see `_combined`)."""
    k = {d.data.shape[0] for d in found}
    if len(k) != 1:
        raise Unvectorized("tangents carrying different numbers of directions")
    parts = []
    for j in range(k.pop()):
        if func is None:
            parts.append(apply(*(_part(x, j) for x in operands)))
        else:
            parts.append(func(*_part(args, j), **_part(kwargs or {}, j)))
    plain = [x for x in _flat(args) if isinstance(x, np.ndarray)]
    return _combined(parts, found, plain)


def _flat(value):
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _flat(item)
    else:
        yield value


def _combined(parts, found, plain=()):
    """Stack per-direction results: numbers and arrays of equal shapes into a `Directions`; a
    tuple or list item by item; anything else (an int, a shape, None) only where all agree."""
    first = parts[0]
    if isinstance(first, (tuple, list)) and all(type(p) is type(first) and len(p) == len(first) for p in parts):
        items = [_combined([p[i] for p in parts], found, plain) for i in range(len(first))]
        return tuple(items) if isinstance(first, tuple) and type(first) is tuple else \
            list(items) if type(first) is list else _unvectorized("a record result")
    if isinstance(first, np.ndarray) or isinstance(first, (float, np.floating, np.complexfloating)):
        if any(np.shape(p) != np.shape(first) for p in parts):
            raise Unvectorized("results of different shapes in different directions")
        for j, p in enumerate(parts):       # a view cannot be stacked with its sharing
            if isinstance(p, np.ndarray) and p.base is not None and (
                    any(np.may_share_memory(p, d.data) for d in found)
                    or any(np.may_share_memory(p, x) for x in plain)):
                raise Unvectorized("a view of a tangent or of an operand")
        return Directions(np.stack([np.asarray(p) for p in parts]))
    if isinstance(first, np.generic):       # an integer or a flag: stacked as well
        return Directions(np.stack([np.asarray(p) for p in parts]))
    if all(_same(p, first) for p in parts):
        return first
    raise Unvectorized(f"a {type(first).__name__} that differs between directions")


def _same(a, b):
    try:
        return bool(a == b) if not isinstance(a, np.ndarray) else False
    except Exception:
        return False


def _unvectorized(what):
    raise Unvectorized(what)


# -- the fast forms of some functions, each equal to its direction-by-direction meaning; None:
# -- not this case, run direction by direction
def _reshape(a, shape=None, order="C", newshape=None, copy=None):
    shape = shape if shape is not None else newshape
    if isinstance(a, Directions) and order == "C" and shape is not None and copy is None:
        return a.reshape(shape)
    return None


def _ravel(a, order="C"):
    return a.ravel(order) if isinstance(a, Directions) and order == "C" else None


def _transpose(a, axes=None):
    return a.transpose(axes) if isinstance(a, Directions) else None


def _sum(a, axis=None, dtype=None, keepdims=False, **kwargs):
    if not isinstance(a, Directions) or kwargs or dtype is not None:
        return None
    n = a.ndim
    if axis is None:
        axes = tuple(range(1, n + 1))
    else:
        items = axis if isinstance(axis, tuple) else (axis,)
        if not all(isinstance(i, numbers.Integral) and -n <= i < n for i in items):
            return None
        axes = tuple(i % n + 1 for i in items)
    return Directions(np.sum(a.data, axis=axes, keepdims=keepdims))


def _dot(a, b, **kwargs):
    if kwargs or not all(isinstance(x, (Directions, np.ndarray)) for x in (a, b)):
        return None
    if isinstance(a, Directions) and isinstance(b, Directions):
        return _both_dot(a, b)
    if isinstance(a, Directions) == isinstance(b, Directions):
        return None
    if isinstance(a, Directions):           # dot's result: a's leading axes, then b's
        return Directions(np.dot(a.data, b)) if a.ndim >= 1 and b.ndim >= 1 else None
    if a.ndim in (1, 2) and b.ndim in (1, 2):       # dot is matmul here
        return _matmul(a, b)
    return None


def _both_dot(a, b):
    """dot of two operands that both carry directions (a batch of examples): direction by direction."""
    if a.ndim == 1 and b.ndim == 1:
        return Directions(np.einsum("ki,ki->k", a.data, b.data))
    if a.ndim in (1, 2) and b.ndim in (1, 2):       # dot is matmul here
        return _matmul(a, b)
    return None


def _matmul(a, b, **kwargs):
    if kwargs or type(a) not in _MATRICES or type(b) not in _MATRICES or a.ndim < 1 or b.ndim < 1:
        return None
    if isinstance(a, Directions) and isinstance(b, Directions):
        return _both_matmul(a, b)
    if isinstance(a, Directions) == isinstance(b, Directions):
        return None
    ndim = max(a.ndim, b.ndim)
    if a.ndim == 2 and b.ndim == 2 and a.shape[0] * b.shape[1] >= BIG // 8:
        return _one_product(a, b)           # one matrix product over all directions, not k small ones
    if isinstance(a, Directions):
        if a.ndim >= 2:
            return Directions(np.matmul(_aligned(a, ndim), b))
        return Directions(np.matmul(a.data, b)) if b.ndim <= 2 else None
    if b.ndim >= 2:
        return Directions(np.matmul(a, _aligned(b, ndim)))
    return Directions(np.matmul(b.data, np.swapaxes(a, -1, -2) if a.ndim == 2 else a)) if a.ndim <= 2 else None


_MATRICES = (Directions, np.ndarray)


def _one_product(a, b):
    """a @ b of matrices, one of them carrying directions, as a single product: (k n, m) @ (m, p)
    on the left, (n, m) @ (m, k p) on the right."""
    if isinstance(a, Directions):
        k, n, m = a.data.shape
        return Directions((a.data.reshape(k * n, m) @ b).reshape(k, n, b.shape[-1]))
    k, m, p = b.data.shape
    product = a @ b.data.transpose(1, 0, 2).reshape(m, k * p)
    return Directions(product.reshape(a.shape[0], k, p).transpose(1, 0, 2))


def _both_matmul(a, b):
    """matmul of two operands that both carry directions: the k axis is one more batch axis of
    matmul's, once each operand has its vector axes made matrix axes."""
    if a.ndim == 1 and b.ndim == 1:
        return Directions(np.einsum("ki,ki->k", a.data, b.data))
    if a.ndim == 1:                          # (n,) @ (..., n, m) -> (..., m)
        rows = a.data.reshape((a.data.shape[0],) + (1,) * (b.ndim - 2) + (1,) + a.shape)
        return Directions(np.matmul(rows, b.data)[..., 0, :])
    if b.ndim == 1:                          # (..., m, n) @ (n,) -> (..., m)
        return Directions(np.matmul(a.data, b.data.reshape((b.data.shape[0],) + (1,) * (a.ndim - 2) + b.shape
                                                           + (1,)))[..., 0])
    ndim = max(a.ndim, b.ndim)
    return Directions(np.matmul(_aligned(a, ndim), _aligned(b, ndim)))


def _cross(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    axes = (axisa, axisb, axisc) if axis is None else (axis,) * 3
    if not all(isinstance(x, (Directions, np.ndarray)) for x in (a, b)) or min(a.ndim, b.ndim) < 1 \
            or not all(isinstance(i, numbers.Integral) and i < 0 for i in axes) \
            or a.shape[axes[0]] != 3 or b.shape[axes[1]] != 3:
        return None         # (negative axes count from the end, behind the k axis alike)
    ndim = max(a.ndim, b.ndim)
    parts = [_aligned(x, ndim) if isinstance(x, Directions) else x for x in (a, b)]
    return Directions(np.cross(*parts, axisa=axes[0], axisb=axes[1], axisc=axes[2]))


def _shape(a):
    return a.shape if isinstance(a, Directions) else None


def _ndim(a):
    return a.ndim if isinstance(a, Directions) else None


def _size(a, axis=None):
    return a.size if isinstance(a, Directions) and axis is None else None


def _zeros_like(a, dtype=None, order="K", subok=True, shape=None, **kwargs):
    if not isinstance(a, Directions) or shape is not None or kwargs:
        return None
    return Directions(np.zeros_like(a.data, dtype=dtype))


def _ones_like(a, dtype=None, order="K", subok=True, shape=None, **kwargs):
    if not isinstance(a, Directions) or shape is not None or kwargs:
        return None
    return Directions(np.ones_like(a.data, dtype=dtype))


def _axes(axis, n):
    """`axis` (an int or a tuple of them) over n dimensions, as a tuple behind the k axis, or None."""
    items = axis if isinstance(axis, tuple) else (axis,)
    if not all(isinstance(i, numbers.Integral) and -n <= i < n for i in items):
        return None
    return tuple(int(i) % n + 1 for i in items)


def _expand_dims(a, axis):
    if not isinstance(a, Directions):
        return None
    n = a.ndim + (len(axis) if isinstance(axis, tuple) else 1)
    axes = _axes(axis, n)
    return None if axes is None else Directions(np.expand_dims(a.data, axes))


def _swapaxes(a, axis1, axis2):
    if not isinstance(a, Directions) or _axes((axis1, axis2), a.ndim) is None:
        return None
    return Directions(np.swapaxes(a.data, *_axes((axis1, axis2), a.ndim)))


def _moveaxis(a, source, destination):
    if not isinstance(a, Directions) or type(source) is not type(destination):
        return None
    src, dst = _axes(source, a.ndim), _axes(destination, a.ndim)
    if src is None or dst is None or len(src) != len(dst):
        return None
    return Directions(np.moveaxis(a.data, src, dst))


def _outer(ufunc, a, b):
    """ufunc.outer(a, b): each operand's axes kept apart, the k axis shared."""
    if not all(isinstance(x, (Directions, np.ndarray, np.generic, numbers.Number)) for x in (a, b)):
        return None
    na, nb = np.ndim(a), np.ndim(b)
    if isinstance(a, Directions):
        left = a.data.reshape(a.data.shape + (1,) * nb)
    else:
        left = np.reshape(a, np.shape(a) + (1,) * nb)
    right = b.data if isinstance(b, Directions) else b
    if isinstance(a, Directions) != isinstance(b, Directions) and not isinstance(a, Directions):
        left = left[None]                   # a plain left operand: room for the k axis
    if isinstance(b, Directions):
        right = b.data.reshape((b.data.shape[0],) + (1,) * na + b.shape)
    return Directions(ufunc(left, right))


def _broadcast_to(a, shape, subok=False):
    if not isinstance(a, Directions) or subok:
        return None
    shape = (shape,) if isinstance(shape, numbers.Integral) else tuple(shape)
    if len(shape) < a.ndim:
        return None
    return Directions(np.broadcast_to(_aligned(a, len(shape)), a.data.shape[:1] + shape))


def _leading(items):
    """The arrays of a sequence some of which carry the k axis, each given it (plain ones
    repeated by broadcasting), or None."""
    if not isinstance(items, (list, tuple)):
        return None
    ks = {x.data.shape[0] for x in items if isinstance(x, Directions)}
    if len(ks) != 1 or not all(isinstance(x, (Directions, np.ndarray, np.generic, numbers.Number)) for x in items):
        return None
    k = ks.pop()
    return [x.data if isinstance(x, Directions) else np.broadcast_to(x, (k,) + np.shape(x)) for x in items]


def _concatenate(arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    parts = _leading(arrays)
    if parts is None or out is not None or dtype is not None or not isinstance(axis, numbers.Integral):
        return None
    n = parts[0].ndim - 1
    if n == 0 or any(p.ndim - 1 != n for p in parts) or not -n <= axis < n:
        return None
    return Directions(np.concatenate(parts, axis=axis % n + 1))


def _stack(arrays, axis=0, out=None, dtype=None, casting="same_kind"):
    parts = _leading(arrays)
    if parts is None or out is not None or dtype is not None or not isinstance(axis, numbers.Integral):
        return None
    n = parts[0].ndim          # the result's number of dimensions, per direction
    if any(p.shape[1:] != parts[0].shape[1:] for p in parts) or not -n <= axis < n:
        return None
    return Directions(np.stack(parts, axis=axis % n + 1))


_FAST = {np.reshape: _reshape, np.ravel: _ravel, np.transpose: _transpose, np.sum: _sum, np.dot: _dot,
         np.matmul: _matmul, np.cross: _cross, np.shape: _shape, np.ndim: _ndim, np.size: _size,
         np.zeros_like: _zeros_like, np.ones_like: _ones_like, np.expand_dims: _expand_dims,
         np.swapaxes: _swapaxes, np.moveaxis: _moveaxis, np.broadcast_to: _broadcast_to,
         np.concatenate: _concatenate, np.stack: _stack}

"""Directions: k tangents of one shape along a leading axis, with the meaning of every
operation on them (direction by direction) and the elementwise, indexing and reshaping forms
equal to it.  See the package's docstring."""

import math
import numbers
import types

import numpy as np
from numpy.lib.mixins import NDArrayOperatorsMixin

from .. import runtime

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
        return math.prod(self.data.shape[1:])

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
            value = densified(value)
            for j, part in enumerate(self.data):
                part[index] = value.data[j] if isinstance(value, Directions) else value
            return
        target = self.data[key]
        if type(value) in DENSE:
            value = DENSE[type(value)](value)
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
        result = FAST[np.matmul](self, other)
        return result if result is not None else np.matmul(self, other)

    def __rmatmul__(self, other):
        result = FAST[np.matmul](other, self)
        return result if result is not None else np.matmul(other, self)

    # -- NumPy's protocols ------------------------------------------------------------------
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        for x in inputs:
            if type(x) in DENSE:        # a stand-in for one: made one first
                return getattr(ufunc, method)(*densified(inputs), **kwargs)
        out = kwargs.pop("out", None)
        if method == "at" and not isinstance(inputs[0], Directions):
            raise Unvectorized(f"np.{ufunc.__name__}.at writes tangents into a plain array")
        result = _ufunc_result(ufunc, method, inputs, kwargs)
        if out is None:
            return result
        return _into(out, result)

    def __array_function__(self, func, types, args, kwargs):
        if DENSE and not DENSE.keys().isdisjoint(types):
            return func(*densified(args), **densified(kwargs))
        _check_writes(func, args, kwargs)
        fast = FAST.get(func)
        result = fast(*args, **kwargs) if fast is not None else None
        return result if result is not None else _each_call(func, args, kwargs)


def _ufunc_result(ufunc, method, inputs, kwargs):
    """`ufunc.method(*inputs, **kwargs)` (no `out=`) with tangents among the inputs: its fast form,
    an outer product, elementwise, or else direction by direction."""
    if method == "__call__" and not kwargs:
        fast = FAST.get(ufunc)
        result = fast(*inputs) if fast is not None else None
        if result is not None:
            return result
        if ufunc.signature is None:         # a gufunc is no elementwise rule
            return _elementwise(ufunc, inputs)
    elif method == "outer" and not kwargs and len(inputs) == 2:
        result = _outer(ufunc, *inputs)
        if result is not None:
            return result
    return _each_call(getattr(ufunc, method), inputs, kwargs)


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
    if type(plain) is np.ndarray and other.size >= BIG and other.flags.c_contiguous and 0 < plain.ndim < other.ndim \
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
        return _combined_items(parts, found, plain)
    if isinstance(first, (np.ndarray, float, np.floating, np.complexfloating)):
        _check_stackable(parts, found, plain)
        return Directions(np.stack([np.asarray(p) for p in parts]))
    if isinstance(first, np.generic):       # an integer or a flag: stacked as well
        return Directions(np.stack([np.asarray(p) for p in parts]))
    if all(_same(p, first) for p in parts):
        return first
    raise Unvectorized(f"a {type(first).__name__} that differs between directions")


def _combined_items(parts, found, plain):
    """Per-direction tuples or lists (of one length) combined item by item; a record refused."""
    first = parts[0]
    items = [_combined([p[i] for p in parts], found, plain) for i in range(len(first))]
    if type(first) is tuple:
        return tuple(items)
    if type(first) is list:
        return list(items)
    raise Unvectorized("a record result")


def _check_stackable(parts, found, plain):
    """Refuse per-direction results of different shapes, or a view sharing memory with a tangent
    (`found`) or a plain operand (`plain`): a view cannot be stacked with what it shares."""
    shape = np.shape(parts[0])
    if any(np.shape(p) != shape for p in parts):
        raise Unvectorized("results of different shapes in different directions")
    for p in parts:
        if isinstance(p, np.ndarray) and p.base is not None and (
                any(np.may_share_memory(p, d.data) for d in found)
                or any(np.may_share_memory(p, x) for x in plain)):
            raise Unvectorized("a view of a tangent or of an operand")


def _same(a, b):
    try:
        return bool(a == b) if not isinstance(a, np.ndarray) else False
    except Exception:
        return False


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



# NumPy function -> its fast form on `Directions` (forms.py registers them): the result, or None
# where the arguments are not that case (the call then runs direction by direction)
FAST = {}

# a stand-in for a `Directions` (sparse.py) -> the function that makes it one: where NumPy hands
# one to a `Directions` protocol, it is made one first
DENSE = {}


def densified(value):
    """`value` with every stand-in for a `Directions` in it (in lists, tuples and dicts too) made one."""
    kind = type(value)
    if kind in DENSE:
        return DENSE[kind](value)
    if kind is list or kind is tuple:
        return kind(densified(item) for item in value)
    if kind is dict:
        return {key: densified(item) for key, item in value.items()}
    return value

"""Few: k directions of which only some rows may be nonzero, standing for the `Directions` with
exact zeros in every other row.

A small tangent spread over a large operand by a product (`base_positions @ t_transform.T`:
(k, 4, 4) to (k, 544, 4)) is where vector forward mode pays k times the primal's work; where
most of the k directions are exactly zero there (a bone that only 4 of 26 pose parameters
move), `sparse_product` computes only the nonzero rows.  The result stays a `Few` through
what keeps zero rows zero, computed on its rows alone: negation, products and quotients with a
finite plain operand (0 * inf would be nan in that direction), products with another plain
matrix, and a sum or difference with a `Directions` (a copy, then the rows added).  Anything
else makes it a `Directions` first (`dense`), so every result is the one the dense form gives.
An operation that could make a view of it (an index, a store, an attribute) turns it into a
`Directions`-backed object in place first, so that views and writes share one buffer as NumPy's
do.
"""

import math
import numbers

import numpy as np
from numpy.lib.mixins import NDArrayOperatorsMixin

from .core import BIG, DENSE, Directions, Unvectorized, _binary, densified

_PLAIN = (np.ndarray, np.generic, numbers.Number)
FEW = 2         # a product spreads a tangent sparsely where at most 1 / FEW of its directions are nonzero


class Few(NDArrayOperatorsMixin):
    """k directions stored by their nonzero rows: `data` (len(rows), *shape), `rows` ascending."""

    __slots__ = ("k", "rows", "data")

    def __init__(self, k, rows, data):
        self.k, self.rows, self.data = k, rows, data

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

    def dense(self):
        """The `Directions` this stands for (a new array; see `_materialized` for one shared)."""
        if len(self.rows) == self.k:
            return Directions(self.data)
        out = np.zeros((self.k,) + self.data.shape[1:], dtype=self.data.dtype)
        out[self.rows] = self.data
        return Directions(out)

    def _materialized(self):
        """This, made to hold every row, as a `Directions` sharing its buffer from now on."""
        if len(self.rows) != self.k:
            self.data = self.dense().data
            self.rows = np.arange(self.k)
        return Directions(self.data)

    def __array__(self, *args, **kwargs):
        raise Unvectorized("a tangent carrying several directions cannot be one plain array")

    def __repr__(self):
        return f"Few(k={self.k}, rows={self.rows!r}, data={self.data!r})"

    # -- what keeps zero rows zero: on the rows alone --------------------------------------
    def __neg__(self):
        return Few(self.k, self.rows, -self.data)

    def __mul__(self, other):
        return self._scaled(np.multiply, other, reflected=False)

    def __rmul__(self, other):
        return self._scaled(np.multiply, other, reflected=True)

    def __truediv__(self, other):
        if _plain(other) and np.all(np.asarray(other) != 0):
            return self._scaled(np.true_divide, other, reflected=False)
        return self.dense() / other

    def __matmul__(self, other):
        if _plain(other) and np.ndim(other) >= 1:
            return _lifted(self, Directions(self.data) @ other)
        return self.dense() @ other

    def __rmatmul__(self, other):
        if _plain(other) and np.ndim(other) >= 1:
            return _lifted(self, other @ Directions(self.data))
        return other @ self.dense()

    def _scaled(self, ufunc, other, reflected):
        if not _plain(other):
            dense = self.dense()
            return ufunc(other, dense) if reflected else ufunc(dense, other)
        rows = Directions(self.data)
        return _lifted(self, _binary(ufunc, other, rows) if reflected else _binary(ufunc, rows, other))

    def __add__(self, other):
        return _plus(other, self, 1.0) if type(other) is Directions else self.dense() + other

    def __radd__(self, other):
        return _plus(other, self, 1.0) if type(other) is Directions else other + self.dense()

    def __rsub__(self, other):
        return _plus(other, self, -1.0) if type(other) is Directions else other - self.dense()

    def __sub__(self, other):
        return self.dense() - other

    # -- everything else: on the `Directions` it stands for ------------------------------------
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        if ufunc is np.matmul and method == "__call__" and not kwargs and len(inputs) == 2:
            return self.__matmul__(inputs[1]) if inputs[0] is self else self.__rmatmul__(inputs[0])
        inputs = tuple(dense(x) for x in inputs)
        if "out" in kwargs:
            kwargs["out"] = tuple(_shared(o) for o in kwargs["out"])
        return getattr(ufunc, method)(*inputs, **kwargs)

    def __array_function__(self, func, types, args, kwargs):
        if func in _SHAPES and len(args) == 1 and not kwargs:
            return _SHAPES[func](self)
        return func(*densified(args), **densified(kwargs))      # (made whole in place: func may write)

    def __getitem__(self, index):
        return self._materialized()[index]

    def __setitem__(self, index, value):
        self._materialized()[index] = value

    def __getattr__(self, attribute):
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return getattr(self._materialized(), attribute)

    def __len__(self):
        return len(self.dense())

    def __iter__(self):
        return iter(self._materialized())

    def __bool__(self):
        return bool(self.dense())

    def __float__(self):
        raise Unvectorized("float() of a tangent carrying several directions")

    __int__ = __index__ = __complex__ = __float__


def _plain(x):
    """Whether `x` is a plain real operand that keeps a zero direction zero in a product (finite)."""
    kind = type(x)
    if kind is np.ndarray:
        return x.dtype.kind in "fiu" and bool(np.isfinite(x).all())
    if kind is float or kind is int or kind is np.float64:
        return math.isfinite(x)
    if not isinstance(x, _PLAIN) or isinstance(x, (bool, np.bool_)) or np.result_type(x).kind not in "fiu":
        return False
    return bool(np.isfinite(x).all())


def _lifted(few, result):
    """The result of an operation on `few`'s rows, as a `Few` over its k directions."""
    if type(result) is Few:          # some of the rows were zero themselves
        return Few(few.k, few.rows[result.rows], result.data)
    if type(result) is not Directions:
        raise Unvectorized(f"a {type(result).__name__} from the rows of a sparse tangent")
    return Few(few.k, few.rows, result.data)


def _plus(d, few, sign):
    """d + sign * few, a `Directions`: d copied, then few's rows added."""
    if d.data.shape[1:] != few.data.shape[1:] or np.result_type(d.data, few.data) != d.data.dtype:
        return d + few.dense() if sign > 0 else d - few.dense()
    out = d.data.copy()
    for start, stop, at in _runs(few.rows):     # slices: an index array's add gathers and scatters
        if sign > 0:
            out[start:stop] += few.data[at:at + stop - start]
        else:
            out[start:stop] -= few.data[at:at + stop - start]
    return Directions(out)


def _runs(rows):
    """(start, stop, offset) of each run of consecutive rows, offset its place in `rows`."""
    runs = []
    for at, row in enumerate(rows.tolist()):
        if runs and runs[-1][1] == row:
            runs[-1][1] = row + 1
        else:
            runs.append([row, row + 1, at])
    return runs


def dense(x):
    """`x`, a `Few` made a `Directions`; anything else as it is."""
    return x.dense() if type(x) is Few else x


def _shared(x):
    return x._materialized() if type(x) is Few else x


def sparse_product(product, a, b):
    """`product(a, b)` (a matrix product) of a plain operand and a `Directions`, as a `Few` where
    it spreads the directions over a larger plain operand and most of them are zero; else None."""
    d, plain = (a, b) if type(a) is Directions else (b, a)
    if type(plain) is not np.ndarray:
        return None
    k = d.data.shape[0]
    if k < 2 * FEW or plain.size * k < BIG or plain.size * k < 4 * d.data.size:
        return None
    rows = np.flatnonzero(d.data.reshape(k, -1).any(axis=1))
    if len(rows) * FEW > k or not _plain(plain):
        return None
    part = Directions(d.data[rows])
    if plain.ndim == 2 and part.ndim == 2:      # a few matrix products, each result contiguous
        result = Directions(np.matmul(part.data, plain) if d is a else np.matmul(plain, part.data))
    else:
        result = product(part, plain) if d is a else product(plain, part)
    return None if result is None else _lifted(Few(k, rows, None), result)


_SHAPES = {np.shape: lambda few: few.shape, np.ndim: lambda few: few.ndim, np.size: lambda few: few.size}

# where a `Directions` protocol meets one, it is made whole in place: the call may write into it
DENSE[Few] = _shared

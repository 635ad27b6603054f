"""Adjoints of containers: zeros, sums, copies and snapshots of numbers, arrays, lists, tuples, dicts and records."""

import numpy as np

from ..containers import adopt_object, children, is_record
from ..errors import UnsupportedValueError
from .arrays import foreign, scatter_add
from .declare import _pure


@_pure
def zeros_like(x):
    """A zero adjoint for `x`: a Python float for a number, a list for a list, tuple or record
    (namedtuple, dataclass: None for a child with no cotangent, such as a string), a dict for
    a dict (element by element), else an array of x's shape and dtype."""
    if type(x) is np.ndarray:               # the common case, first (np.zeros_like's dispatch costs more)
        return np.zeros(x.shape, x.dtype)
    if isinstance(x, float) or type(x) is int:
        return 0.0
    if isinstance(x, np.ndarray):
        return np.zeros_like(x)
    if isinstance(x, (list, tuple)) and not is_record(x):
        return [_item_zeros(item) for item in x]
    if isinstance(x, dict) and not is_record(x):       # (a registered dict class is a record)
        return {key: _item_zeros(item) for key, item in x.items()}
    if is_record(x):            # a dataclass or a registered record: the list of its children's
        return [_item_zeros(item) if _numeric(item) else None for item in children(x)]
    if adopt_object(x):         # an object of the user's plain class, first met here
        return zeros_like(x)
    return np.zeros_like(x)


def _item_zeros(item):
    """The zero adjoint of a container's item; for an integer or bool array (indices, a mask), read-
    only zeros: the API tells it, untouched, from a cotangent the function made (gradients.py)."""
    if type(item) is np.ndarray and item.dtype.kind in "iub":
        zeros = np.zeros(item.shape, item.dtype)
        zeros.flags.writeable = False
        return zeros
    return zeros_like(item)


def _numeric(value):
    """Whether a record's child may have a cotangent (not a name, a flag, a function, None)."""
    return isinstance(value, (float, int, complex, list, tuple, dict)) and not isinstance(value, bool) \
        or hasattr(value, "dtype") or is_record(value)


_NUMBERS = frozenset({np.ndarray, float, np.float64})


@_pure
def tree_add(a, b):
    """`a + b` for adjoints: element by element for lists, tuples and dicts (a zero that is the
    number 0.0, not yet given a list's structure, takes b's)."""
    if type(a) in _NUMBERS and type(b) in _NUMBERS:       # the common case, first: one per callee call
        return a + b
    if a is None or b is None:              # a record's child that has no cotangent
        return b if a is None else a
    return _containers_added(a, b)


def _containers_added(a, b):
    """`tree_add(a, b)` where either is a container (or an array of another library, a complex
    number): item by item, a zero number taking b's structure."""
    if type(a) is float and a == 0.0 and (isinstance(b, (list, tuple, dict)) or is_record(b)):
        return copy_adjoint(b)
    if is_record(a) or is_record(b):        # a seed or tangent given as the record's own type
        return tree_add(_listed(a), _listed(b))
    if isinstance(a, (list, tuple)):
        return [tree_add(x, y) for x, y in zip(a, b)]
    if isinstance(a, dict):
        return {key: tree_add(a[key], b[key]) if key in b else a[key] for key in a}
    return a + b


def _listed(adjoint):
    """A record's adjoint as the list of its children's (a list already, or the record's own type)."""
    return adjoint if isinstance(adjoint, list) else children(adjoint)


@_pure
def unstack_like(g, like):
    """The cotangent `g` of a list or tuple `like` that NumPy read as one array, as a list with
    like's structure (g itself where like is not a list or tuple, or g is a list already)."""
    if not isinstance(like, (list, tuple)) or isinstance(g, list):
        return g
    return [unstack_like(g[i], item) for i, item in enumerate(like)]


@_pure
def restack_like(d, g):
    """The inverse of `unstack_like`: a list of cotangents `d` as one array shaped like `g`."""
    if isinstance(g, dict):         # `list(d)`: a dict's keys, which carry no derivative
        return zeros_like(g)
    if isinstance(g, (list, tuple)) or not isinstance(d, (list, tuple)):
        return d
    return np.reshape(np.asarray(d, like=foreign(*_leaves(d))), np.shape(g))


def _leaves(items):
    return [leaf for item in items for leaf in (_leaves(item) if isinstance(item, (list, tuple)) else [item])]


@_pure
def dict_cotangent(g, like):
    """The cotangent of what `dict(like)` is made from, for the cotangent `g` of the dict: a dict
    for a dict, and for a sequence of (key, value) pairs a list of pairs, each key's value where
    the dict took it from (the last pair of that key), the others zero."""
    if isinstance(like, dict):
        return dict(g)
    pairs = list(like)
    last = {key: i for i, (key, _) in enumerate(pairs)}
    return [[zeros_like(key) if isinstance(key, (float, np.ndarray)) else None,
             g[key] if last[key] == i else zeros_like(value)] for i, (key, value) in enumerate(pairs)]


@_pure
def dict_tangent(t, like):
    """The tangent of `dict(like)` for the tangent `t` of what it is made from: of a dict, a dict;
    of (key, value) pairs, each key with its value's tangent (the last pair of a key wins)."""
    if isinstance(like, dict):
        return dict(t)
    return {key: t_pair[1] for (key, _), t_pair in zip(list(like), t)}


@_pure
def copy_adjoint(a):
    """A copy of an adjoint that may be written into: a new list or dict, or an array copy."""
    if type(a) is np.ndarray:           # the common case, first
        return a.copy(order="K")
    if type(a) is float or type(a) is int:
        return a
    if isinstance(a, (list, tuple)):
        return list(a)
    if isinstance(a, dict):
        return dict(a)
    if a is None:
        return None
    if is_record(a):
        return children(a)
    return np.copy(a)


def accumulate_item(d_base, index, g):
    """`d_base[index] += g` for the adjoint of a list, tuple, dict or array (repeats add up)."""
    if isinstance(d_base, (list, dict)):
        d_base[index] = tree_add(d_base[index], g)
    else:
        scatter_add(d_base, index, g)


@_pure
def snapshot(value):
    """A copy of the function's value that the adjoint sweep's restores cannot change: containers
    copied all the way down (a list inside a returned tuple is popped too), arrays copied."""
    if type(value) is np.ndarray:           # the common case, first (as np.copy does it)
        return value.copy(order="K")
    if isinstance(value, list):
        return [snapshot(item) for item in value]
    if isinstance(value, tuple):
        items = [snapshot(item) for item in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    if isinstance(value, dict):
        return {key: snapshot(item) for key, item in value.items()}
    if is_record(value) and not hasattr(value, "shape"):
        from .containers import rebuild
        return rebuild(value, [snapshot(item) for item in children(value)])
    return np.copy(value) if hasattr(value, "shape") and not isinstance(value, np.generic) else value


@_pure
def sorted_keys(keys, key=None, reverse=False, where="s2sgrad"):
    """`sorted(keys)` where what is sorted has no derivative: a dict's keys, strings, integers.
    Sorting differentiable values (a permutation of them) is refused here, where it runs."""
    if not isinstance(keys, dict):
        keys = list(keys)
        if any(_holds_numbers(k) for k in keys):
            raise UnsupportedValueError(
                f"{where}: s2sgrad differentiates `sorted(...)` of keys (strings, integers, a dict's keys, "
                "`sorted(d.items())`), not of numbers or of tuples that hold them: sort with np.sort, which has "
                "a derivative, or give the key the order is found by, `sorted(xs, key=float)`, "
                "`sorted(pairs, key=lambda p: p[0])`: the items keep their derivatives")
    return sorted(keys, key=key, reverse=reverse)


@_pure
def sort_order(keys, count=None, key=None, reverse=False, ties=True, where=""):
    """The positions of the items of `sorted(items, key=key, reverse=reverse)` in their sorted
    order, `keys` the items (the first `count`) or, for `sorted(zip(keys, values))`, what Python
    compares first.  Python sorts stably, so sorting the positions by their keys gives its order.
    The order carries no derivative, as np.argsort's does not: the items gathered in it keep theirs,
    whether or not the keys vary with the inputs.  Two equal keys (`ties=False`), after which Python
    would compare the differentiated values that follow them, are refused here, where they run,
    with the user's line (`where`)."""
    keys = list(keys)[:count] if count is not None else list(keys)
    compared = [key(k) for k in keys] if key is not None else keys
    order = sorted(range(len(keys)), key=compared.__getitem__, reverse=reverse)
    if not ties and any(_tie(compared[a], compared[b]) for a, b in zip(order, order[1:])):
        raise UnsupportedValueError(_located(where, "two sort keys are equal, so `sorted` would go on to compare "
                                    "the differentiated values paired with them: give the order by the keys alone, "
                                    "`sorted(zip(keys, values), key=lambda pair: pair[0])`"))
    return order


def _located(where, message):
    """`file:line:col: error: message`, then the line and its caret that `where` holds."""
    head, _, rest = where.partition("\n")
    return f"{head}: error: {message}" + ("\n" + rest if rest else "")


def _tie(a, b):
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return True


@_pure
def sorted_item_keys(table, key=None, reverse=False):
    """The keys of `sorted(table.items(), key=key, reverse=reverse)`, in order: what the sort
    compares carries no derivative, the values move with their keys (see normalize.py)."""
    return [k for k, _ in sorted(table.items(), key=key, reverse=reverse)]


def _holds_numbers(item):
    if isinstance(item, (tuple, list)):
        return any(_holds_numbers(i) for i in item)
    return isinstance(item, float) or hasattr(item, "dtype") and getattr(item, "dtype").kind in "fc"


@_pure
def keys_of(table):
    """The keys of a dict, in order (what `for k in d` iterates)."""
    return list(table)


def has_key(mapping, key):
    """`key in mapping`, for `mapping.get(key, default)`, which s2sgrad reads as `mapping[key] if key
    in mapping else default`: what a dict's `get` means, and a TypeError for any other object."""
    if not (isinstance(mapping, dict) and type(mapping).get is dict.get):
        raise TypeError(f"s2sgrad reads `.get(key, default)` as a dict's get, and this is a {type(mapping).__name__}")
    return key in mapping


@_pure
def concat(a, b):
    """`a + b` for the tangents or cotangents of sequences (lists and tuples mixed: a list)."""
    return list(a) + list(b)


@_pure
def head_of(g, like):
    """The first `len(like)` items of the cotangent `g` of `like + other` (like's part)."""
    return list(g[:len(like)])


@_pure
def tail_of(g, like):
    """The items after the first `len(like)` of the cotangent `g` of `like + other` (other's part)."""
    return list(g[len(like):])


@_pure
def repeat(a, n):
    """`a * n` for the tangent of a sequence repeated `n` times (a list)."""
    return list(a) * n


@_pure
def fold_repeats(g, like):
    """The cotangent of `like` from the cotangent `g` of `like * n`: its n copies added up."""
    size = len(like)
    total = list(g[:size])
    for start in range(size, len(g), size):
        total = tree_add(total, list(g[start:start + size]))
    return total

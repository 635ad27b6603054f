"""Runtime: the few helpers emitted gradients call; no transformation machinery lives here.

Every helper is small, array-library agnostic (it only calls NumPy functions that dispatch
on their array arguments) and has a derivative rule, so emitted code can be differentiated
again.
"""

import math

import numpy as np

from .containers import children, field_position, is_record
from .errors import SharedUpdateError


def _pure(helper):
    """Declare a helper free of effects: its result depends only on its arguments, it writes
    into none of them, so the optimizer may move, fold or drop a call to it."""
    helper.__s2sgrad_pure__ = True
    return helper


def _calls_scipy(helper):
    """Declare a helper that calls SciPy: its rule is in a SciPy family, which the registry
    imports the first time it looks the helper up."""
    helper.__s2sgrad_scipy__ = True
    return helper


def _first_order(reason):
    """Declare a helper that has no derivative of its own: a derivative through it is refused
    with `reason` (never read as zero), and emitted code that calls it is not differentiated again."""
    def declare(helper):
        helper.__s2sgrad_first_order__ = reason
        return helper
    return declare


def foreign(*values):
    """The first of `values` that is another library's array (CuPy, Dask: it dispatches NumPy's
    functions through `__array_function__`), or None: what an array-creation call passes as
    `like=`, so that a new array is made by the library of the arrays it will meet."""
    for value in values:
        if hasattr(value, "__array_function__") and not isinstance(value, (np.ndarray, np.generic)):
            return value
    return None


class Stack(list):
    """The tape of the forward sweep: values the adjoint sweep needs, in LIFO order."""

    __slots__ = ()
    push = list.append


@_pure
def unbroadcast(g, like):
    """Sum `g` over the axes that broadcasting added or stretched, to the shape of `like`."""
    shape = getattr(like, "shape", None)
    g_shape = getattr(g, "shape", None)
    if isinstance(like, (list, tuple)) and isinstance(g, (list, tuple)):
        raise TypeError("s2sgrad read `a + b` or `a * n` as arithmetic, and here it joins or repeats lists or "
                        "tuples: build one operand as a display in the function (`xs + (y,)`, `[x] * 3`), so that "
                        "it is known to be a sequence")
    if shape is None:                   # `like` is a Python number
        if g_shape is None or g_shape == ():
            return g
        return np.sum(g)
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
def zeros_like(x):
    """A zero adjoint for `x`: a Python float for a number, a list for a list, tuple or record
    (namedtuple, dataclass: None for a child with no cotangent, such as a string), a dict for
    a dict (element by element), else an array of x's shape and dtype."""
    if isinstance(x, float) or type(x) is int:
        return 0.0
    if isinstance(x, np.ndarray):
        return np.zeros_like(x)
    if isinstance(x, (list, tuple)) and not is_record(x):
        return [zeros_like(item) for item in x]
    if isinstance(x, dict) and not is_record(x):       # (a registered dict class is a record)
        return {key: zeros_like(item) for key, item in x.items()}
    if is_record(x):            # a dataclass or a registered record: the list of its children's
        return [zeros_like(item) if _numeric(item) else None for item in children(x)]
    return np.zeros_like(x)


def _numeric(value):
    """Whether a record's child may have a cotangent (not a name, a flag, a function, None)."""
    return isinstance(value, (float, int, complex, list, tuple, dict)) and not isinstance(value, bool) \
        or hasattr(value, "dtype") or is_record(value)


@_pure
def tree_add(a, b):
    """`a + b` for adjoints: element by element for lists, tuples and dicts (a zero that is the
    number 0.0, not yet given a list's structure, takes b's)."""
    if a is None or b is None:              # a record's child that has no cotangent
        return b if a is None else a
    if type(a) is float and a == 0.0 and (isinstance(b, (list, tuple, dict)) or is_record(b)):
        return copy_adjoint(b)
    if is_record(a) or is_record(b):        # a seed or tangent given as the record's own type
        return tree_add(a if isinstance(a, list) else children(a), b if isinstance(b, list) else children(b))
    if isinstance(a, (list, tuple)):
        return [tree_add(x, y) for x, y in zip(a, b)]
    if isinstance(a, dict):
        return {key: tree_add(a[key], b[key]) if key in b else a[key] for key in a}
    return a + b


def run_steps(steps, step, state, invariants):
    """A checkpointed loop whose state needs no gradient: `state = step(t, *state, *invariants)`."""
    for t in steps:
        state = step(t, *state, *invariants)
    return state


@_pure
def broadcast_like(t, like):
    """`t` given the shape of `like` (a new array where it grows); a number zero given the
    structure of a list, tuple or dict `like`."""
    if type(like) is float:
        return t
    if isinstance(like, (list, tuple, dict)) or is_record(like):
        return zeros_like(like) if type(t) is float and t == 0.0 else t
    if np.shape(t) == np.shape(like):
        return t
    return t + np.zeros_like(like)


@_pure
def last_writes(y, index):
    """Which positions of `y[index] = value` stay written: False where a later position of a
    repeated index overwrites the same element (NumPy applies such a store once per element)."""
    part = y[index]
    positions = np.reshape(np.cumsum(np.ones_like(part, dtype=np.intp)), np.shape(part)) - 1
    owner = np.full_like(y, -1, dtype=np.intp)
    owner[index] = positions
    return owner[index] == positions


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
    if isinstance(g, (list, tuple)) or not isinstance(d, (list, tuple)):
        return d
    return np.reshape(np.asarray(d, like=foreign(*_leaves(d))), np.shape(g))


def _leaves(items):
    return [leaf for item in items for leaf in (_leaves(item) if isinstance(item, (list, tuple)) else [item])]


@_pure
def copy_adjoint(a):
    """A copy of an adjoint that may be written into: a new list or dict, or an array copy."""
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


class _Missing:
    """What `saved_item` returns for a dict key that was not there."""

    def __repr__(self):
        return "MISSING"


MISSING = _Missing()


@_pure
def saved_item(container, key):
    """The item a store into `container[key]` is about to overwrite (or MISSING), copied."""
    if isinstance(container, dict) and key not in container:
        return MISSING
    item = container[key]
    return np.copy(item) if isinstance(item, np.ndarray) else item


def restore_item(container, key, item):
    """Undo a store into `container[key]`: put `item` back, or remove a key that was new."""
    if item is MISSING:
        del container[key]
    else:
        container[key] = item


@_pure
def keys_of(table):
    """The keys of a dict, in order (what `for k in d` iterates)."""
    return list(table)


def accumulate_item(d_base, index, g):
    """`d_base[index] += g` for the adjoint of a list, tuple, dict or array (repeats add up)."""
    if isinstance(d_base, (list, dict)):
        d_base[index] = tree_add(d_base[index], g)
    else:
        scatter_add(d_base, index, g)


def has_key(mapping, key):
    """`key in mapping`, for `mapping.get(key, default)`, which s2sgrad reads as `mapping[key] if key
    in mapping else default`: what a dict's `get` means, and a TypeError for any other object."""
    if not (isinstance(mapping, dict) and type(mapping).get is dict.get):
        raise TypeError(f"s2sgrad reads `.get(key, default)` as a dict's get, and this is a {type(mapping).__name__}")
    return key in mapping


def check_rebinding(value, name, where):
    """`name op= ...` on a name that may share its value: a number rebinds (fine); an array
    would be updated for every name sharing it, which s2sgrad cannot differentiate."""
    if isinstance(value, (int, float, complex, np.generic)):
        return
    raise SharedUpdateError(f"{where}: in-place update of `{name}`, which holds an array that may be shared "
                     f"with another name; write `{name} = {name} + ...` to make a new array that no other name "
                     "sees, or, to change the array it views, update that array by index (`a[1:] += ...`)")


@_pure
def snapshot(value):
    """A copy of the function's value that the adjoint sweep's restores cannot change: containers
    copied all the way down (a list inside a returned tuple is popped too), arrays copied."""
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
    return np.copy(value) if hasattr(value, "shape") else value


@_pure
def sorted_keys(keys, key=None, reverse=False):
    """`sorted(keys)` where what is sorted has no derivative: a dict's keys, strings, integers.
    Sorting differentiable values (a permutation of them) is refused here, where it runs."""
    if not isinstance(keys, dict):
        keys = list(keys)
        if any(isinstance(k, float) or hasattr(k, "dtype") and getattr(k, "dtype").kind in "fc" for k in keys):
            raise TypeError("s2sgrad differentiates `sorted(...)` of keys (strings, integers, a dict's keys), not "
                            "of numbers: sort with np.sort, which has a derivative")
    return sorted(keys, key=key, reverse=reverse)


@_pure
def field_of(record, name):
    """`record.name`: a field of a namedtuple, dataclass or registered record."""
    return getattr(record, name)


@_pure
def field_item(g, like, name):
    """The part for field `name` of `g`, a cotangent or tangent of the record `like`: the item at
    that field's position where g is the list of its children, else `g.name`."""
    if isinstance(g, list):
        return g[field_position(like, name)]
    return getattr(g, name)


@_pure
def new_object(values, cls, names):
    """An object of the plain class `cls` (transforms/objects.py) whose attributes `names` (one
    string, space-separated) hold `values`, made without calling its `__init__`: the record
    that `cls(...)` makes in differentiated code.  The class is registered as a record."""
    from .containers import register_object_class
    fields = register_object_class(cls, tuple(names.split()))
    new = object.__new__(cls)
    for field, value in zip(fields, values):
        setattr(new, field, value)
    return new


@_pure
def record_items(g, like):
    """The cotangent or tangent `g` of the record `like` as the list of its children's (a zero,
    the number 0.0, takes like's structure)."""
    if isinstance(g, (list, tuple)) and not is_record(g):
        return list(g)
    if is_record(g):
        return children(g)
    return zeros_like(like)


@_pure
def is_object_of(value, cls):
    """Whether `value` is an object of exactly the class `cls` (a call of its method dispatches)."""
    return type(value) is cls


def not_an_object(value, why):
    """Refuse a call of an object whose class s2sgrad does not read (transforms/objects.py)."""
    raise TypeError(f"s2sgrad: {why} (it holds a {type(value).__name__})")


@_pure
def records_like(g, like):
    """The gradient `g` of the argument `like` with each record in `like` (a namedtuple, a
    dataclass, a registered class) given back as its type, not as the list of its children's
    cotangents: what an emitted gradient returns for an argument it reads fields of."""
    if is_record(like) and not isinstance(like, (list, dict)) and not hasattr(like, "shape"):
        from .containers import rebuild
        items = record_items(g, like)
        return rebuild(like, [gi if gi is None else records_like(gi, xi) for xi, gi in zip(children(like), items)])
    if isinstance(like, (list, tuple)) and isinstance(g, (list, tuple)):
        return [records_like(gi, xi) for xi, gi in zip(like, g)]
    if isinstance(like, dict) and isinstance(g, dict):
        return {key: records_like(g[key], like[key]) for key in like}
    return g


@_pure
def replace_field(record, value, name):
    """`record._replace(name=value)`: a new record of record's type, one field changed."""
    from .containers import rebuild
    items = children(record)
    items[field_position(record, name)] = value
    return rebuild(record, items)


@_pure
def without_field(g, like, name):
    """The cotangent `g` of the record `like` with field `name` zeroed (what flows back to the
    record through `like._replace(name=...)`), as the list of its children's cotangents."""
    items = list(g) if isinstance(g, list) else children(g)
    position = field_position(like, name)
    items[position] = zeros_like(children(like)[position])
    return items


@_pure
def with_field(g, like, name):
    """The cotangent of the record `like` that is `g` at field `name` and zero elsewhere (the
    adjoint of `like.name`), as the list of its children's cotangents."""
    items = zeros_like(like)
    items[field_position(like, name)] = g
    return items


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


def scatter_add(target, index, values):
    """`target[index] += values` in place, where repeated indices add up (np.add.at)."""
    if isinstance(target, np.ndarray):
        np.add.at(target, index, values)
    elif type(target).__module__.startswith("cupy"):
        import cupyx
        cupyx.scatter_add(target, index, values)
    elif not _fancy(index):                 # slices and integers: no position is written twice
        target[index] = target[index] + values
    else:
        try:
            np.add.at(target, index, values)
        except TypeError:                   # a library without ufunc.at (Dask)
            _scatter_add_in_rounds(target, index, values)


def _fancy(index):
    """Whether an index holds an array or a list (which may repeat a position)."""
    items = index if isinstance(index, tuple) else (index,)
    return any(not (item is None or item is Ellipsis or isinstance(item, (int, slice, np.integer)))
               for item in items)


def _scatter_add_in_rounds(target, index, values):
    """`target[index] += values` with item assignment alone: the flat positions the index reads are
    found on the host from the shape (they are metadata, not data), and added in rounds of
    distinct positions (the k-th occurrence of every position in round k), so repeats add up."""
    shape = np.shape(target)
    picked = np.reshape(np.arange(math.prod(shape)), shape)[index]
    positions = np.ravel(picked)
    flat_values = np.reshape(np.broadcast_to(values, np.shape(picked)), (-1,))
    order = np.argsort(positions, kind="stable")
    ranked = positions[order]
    first = np.searchsorted(ranked, ranked, side="left")        # where each position's run starts
    occurrence = np.empty_like(order)
    occurrence[order] = np.arange(np.size(order)) - first
    flat = np.reshape(target, (-1,))
    for k in range(int(np.max(occurrence, initial=-1)) + 1):
        chosen = np.flatnonzero(occurrence == k)
        flat[positions[chosen]] = flat[positions[chosen]] + flat_values[chosen]
    target[...] = np.reshape(flat, shape)


@_pure
def add_at(g, x, index):
    """The adjoint of `x[index]`: zeros of `x`'s shape with `g` added at `index` (repeats add up)."""
    out = np.zeros_like(x)
    scatter_add(out, index, g)
    return out


@_pure
def expand_reduced(g, x, axis, keepdims):
    """Re-insert the axes a reduction over `axis` removed, so `g` broadcasts against `x`."""
    if axis is None or keepdims:
        return g
    axes = (axis,) if np.ndim(axis) == 0 else tuple(axis)
    ndim = np.ndim(x)
    return np.expand_dims(g, tuple(a % ndim for a in axes))


@_pure
def matmul_adjoint_left(g, a, b):
    """The adjoint of `a @ b` with respect to `a`, for any operand ranks NumPy accepts."""
    if getattr(a, "ndim", 0) == 2 and getattr(b, "ndim", 0) == 2:
        return g @ b.T
    if np.ndim(b) == 1:
        return unbroadcast(np.multiply.outer(g, b) if np.ndim(a) > 1 else g * b, a)
    if np.ndim(a) == 1:
        return unbroadcast(np.matmul(b, np.expand_dims(g, -1))[..., 0], a)
    return unbroadcast(np.matmul(g, np.swapaxes(b, -1, -2)), a)


@_pure
def matmul_adjoint_right(g, a, b):
    """The adjoint of `a @ b` with respect to `b`, for any operand ranks NumPy accepts."""
    if getattr(a, "ndim", 0) == 2 and getattr(b, "ndim", 0) == 2:
        return a.T @ g
    if np.ndim(a) == 1:
        return unbroadcast(np.expand_dims(g, -2) * np.expand_dims(a, -1) if np.ndim(b) > 1 else g * a, b)
    if np.ndim(b) == 1:
        return unbroadcast(np.matmul(np.swapaxes(a, -1, -2), np.expand_dims(g, -1))[..., 0], b)
    return unbroadcast(np.matmul(np.swapaxes(a, -1, -2), g), b)


# -- helpers used by rules --

@_pure
def bin_cotangent(d_counts, a, edges):
    """The adjoint of `np.histogram(a, edges, weights=w)[0]` in w: each value's bin's cotangent
    (NumPy's bins: half-open, the last one closed; zero for a value outside them)."""
    values = np.ravel(a)
    index = np.searchsorted(edges, values, side="right") - 1
    index[values == edges[-1]] = len(edges) - 2
    inside = (index >= 0) & (index < len(edges) - 1)
    picked = np.asarray(d_counts)[np.clip(index, 0, len(edges) - 2)]
    return np.reshape(np.where(inside, picked, 0.0), np.shape(a))



@_pure
def tensordot_axes(a, b, axes):
    """Axis bookkeeping for the adjoints of `np.tensordot(a, b, axes)`.

    Returns (g_axes_b, free_b, perm_a, g_axes_a, free_a, perm_b): `tensordot(g, b,
    (g_axes_b, free_b))` transposed by `perm_a` is a's cotangent; `tensordot(a, g,
    (free_a, g_axes_a))` transposed by `perm_b` is b's.
    """
    na, nb = np.ndim(a), np.ndim(b)
    if np.ndim(axes) == 0:
        ax_a, ax_b = list(range(na - axes, na)), list(range(axes))
    else:
        ax_a, ax_b = ([int(i) % n for i in np.atleast_1d(ax)] for ax, n in zip(axes, (na, nb)))
    free_a = [i for i in range(na) if i not in ax_a]
    free_b = [i for i in range(nb) if i not in ax_b]
    order_a = free_a + [ax_a[ax_b.index(j)] for j in sorted(ax_b)]
    order_b = [ax_b[ax_a.index(j)] for j in sorted(ax_a)] + free_b
    g_b = list(range(len(free_a), len(free_a) + len(free_b)))
    g_a = list(range(len(free_a)))
    return (g_b, free_b, tuple(np.argsort(order_a).tolist()), g_a, free_a, tuple(np.argsort(order_b).tolist()))


@_pure
def einsum_adjoint_spec(subscripts, n_operands, i, ndims=None):
    """(subscripts, axes): `einsum(subscripts, g, *others)` with `axes` re-inserted is operand i's cotangent.

    Explicit or implicit output, no index repeated within one operand; an ellipsis is spelled out
    with letters the subscripts do not use, from the operands' numbers of axes `ndims`.
    """
    inputs, output = _einsum_terms(subscripts, ndims)
    if len(inputs) != n_operands:
        raise NotImplementedError(f"the einsum rule needs one term per operand: {subscripts!r}")
    mine = inputs[i]
    if len(set(mine)) != len(mine):
        raise NotImplementedError(f"the einsum rule does not support a repeated index in one operand: {subscripts!r}")
    others = inputs[:i] + inputs[i + 1:]
    present = set(output).union(*others)
    kept = "".join(c for c in mine if c in present)
    missing = tuple(k for k, c in enumerate(mine) if c not in present)
    return ",".join([output] + others) + "->" + kept, missing


def _einsum_terms(subscripts, ndims):
    """The input terms and the output of `subscripts`, explicit, the ellipsis spelled out."""
    subscripts = subscripts.replace(" ", "")
    inputs, arrow, output = subscripts.partition("->")
    inputs = inputs.split(",")
    if not arrow:
        letters = "".join(inputs).replace(".", "")
        output = ("..." if "." in subscripts else "") + \
            "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    if "." not in subscripts:
        return inputs, output
    if ndims is None or len(ndims) != len(inputs):
        raise NotImplementedError(f"the einsum rule needs the operands' ranks to spell out an ellipsis: {subscripts!r}")
    free = [c for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in subscripts]
    widths = [n - len(term.replace("...", "")) if "..." in term else 0 for term, n in zip(inputs, ndims)]
    broadcast = "".join(free[:max(widths)])
    inputs = [term.replace("...", broadcast[len(broadcast) - w:]) for term, w in zip(inputs, widths)]
    return inputs, output.replace("...", broadcast)


@_pure
def diagonal_adjoint(g, like, offset=0, axis1=0, axis2=1):
    """Zeros of `like`'s shape with `g` on the diagonal that `np.diagonal(like, offset, axis1, axis2)` reads."""
    # g laid along the rows it reaches, then spread over the columns by a mask of the diagonal:
    # no item assignment with two index arrays, which not every array library has.
    zeros = np.moveaxis(np.zeros_like(like, dtype=np.result_type(g)), (axis1, axis2), (-2, -1))
    if np.ndim(g) == 0:                 # a zero folded to a number
        return np.moveaxis(zeros, (-2, -1), (axis1, axis2))
    rows, cols = np.shape(zeros)[-2:]
    first = max(-offset, 0)
    along = np.pad(g, [(0, 0)] * (np.ndim(g) - 1) + [(first, rows - np.shape(g)[-1] - first)])
    on = foreign(g, like)
    mask = np.arange(cols, like=on) - np.expand_dims(np.arange(rows, like=on), -1) == offset
    return np.moveaxis(np.where(mask, np.expand_dims(along, -1), zeros), (-2, -1), (axis1, axis2))


@_pure
def take_adjoint(g, like, indices, axis=None):
    """The adjoint of `np.take(like, indices, axis)`: `g` scattered back, repeated indices adding up."""
    if axis is None:
        out = np.zeros_like(like, shape=(np.size(like),), dtype=np.result_type(g))
        scatter_add(out, indices, g)
        return np.reshape(out, np.shape(like))
    out = np.zeros_like(like, dtype=np.result_type(g))
    index = (slice(None),) * (axis % np.ndim(like)) + (indices,)
    scatter_add(out, index, g)
    return out


@_pure
def inverse_permutation(axes):
    """The axes that undo `np.transpose(x, axes)`, as a tuple of ints (which every library's
    transpose takes; Dask's does not take an array)."""
    return tuple(np.argsort(axes).tolist())


@_pure
def split_at(g, sizes, axis=0):
    """`np.split(g, np.cumsum(sizes)[:-1], axis)` made of slices, which every array library has
    (Dask has no np.split: NumPy's would compute the array)."""
    k = axis % np.ndim(g)
    starts = np.cumsum([0] + [int(n) for n in sizes]).tolist()
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
def along_axis_adjoint(g, like, indices, axis):
    """The adjoint of `np.take_along_axis(like, indices, axis)`: `g` scattered back (repeats add up)."""
    if axis is None:
        return take_adjoint(np.ravel(g), like, np.ravel(indices))
    axis = axis % np.ndim(like)
    shape = np.shape(indices)
    on = foreign(indices, like)
    index = tuple(indices if k == axis else
                  np.reshape(np.arange(n, like=on), (1,) * k + (n,) + (1,) * (len(shape) - k - 1))
                  for k, n in enumerate(shape))
    out = np.zeros_like(like, dtype=np.result_type(g))
    scatter_add(out, index, g)
    return out


@_pure
@_calls_scipy
def polygamma(n, x):
    """SciPy's polygamma(n, x), for rules of `scipy.special` (digamma is n == 0)."""
    import scipy.special
    return scipy.special.polygamma(n, x).astype(np.result_type(x, 1.0), copy=False)


@_pure
@_calls_scipy
def bessel(x, kind):
    """SciPy's Bessel function `kind` ("i0", "i1", "i0e", "i1e", "j0", "j1", "y0", "y1", "k0", "k1",
    "k0e", "k1e") at x."""
    import scipy.special
    return getattr(scipy.special, kind)(x)


@_pure
@_calls_scipy
def bessel_of_order(kind, v, x):
    """SciPy's Bessel function `kind` ("iv", "ive", "jv", "yn") of order v at x."""
    import scipy.special
    return getattr(scipy.special, kind)(v, x)


@_pure
@_calls_scipy
def log_gamma(x):
    """SciPy's gammaln(x), for rules of `scipy.special` (a Python float for a Python number, which
    then does not promote a float32 array)."""
    import scipy.special
    value = scipy.special.gammaln(x)
    return float(value) if isinstance(x, (int, float)) else value


@_pure
@_calls_scipy
def triangular_solve(a, b, trans=0, lower=False, unit_diagonal=False):
    """SciPy's solve_triangular(a, b, trans, lower, unit_diagonal), for rules of `scipy.linalg`."""
    import scipy.linalg
    return scipy.linalg.solve_triangular(a, b, trans=trans, lower=lower, unit_diagonal=unit_diagonal)


@_pure
@_calls_scipy
def sylvester(a, b, q):
    """SciPy's solve_sylvester(a, b, q): the X with a X + X b = q."""
    import scipy.linalg
    return scipy.linalg.solve_sylvester(a, b, q)


@_pure
@_calls_scipy
def matrix_function(kind, a):
    """SciPy's matrix function `kind` ("expm", "logm") of a, for rules of `scipy.linalg`."""
    import scipy.linalg
    return getattr(scipy.linalg, kind)(a)


@_pure
@_calls_scipy
def lu_permutation(piv):
    """The rows `perm` of `a` with `a[perm] = L U`, from `scipy.linalg.lu_factor`'s pivots (one matrix's)."""
    if np.ndim(piv) != 1:
        raise NotImplementedError("s2sgrad differentiates the LU factors of one matrix, not of a batch")
    perm = np.arange(np.shape(piv)[-1])
    for i, p in enumerate(np.asarray(piv)):
        perm[i], perm[p] = perm[p], perm[i]
    return perm


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
@_calls_scipy
def convolve_nd(in1, in2, mode="full"):
    """SciPy's signal.convolve(in1, in2, mode), for rules of `scipy.signal`."""
    import scipy.signal
    return scipy.signal.convolve(in1, in2, mode=mode)


# -- np.gradient, whose adjoint is a helper; np.quantile's interpolation weights --------------------
def _gradient_axes(ndim, axis):
    if axis is None:
        return tuple(range(ndim))
    return tuple(a % ndim for a in (axis if isinstance(axis, (tuple, list)) else (axis,)))


def _gradient_spacings(varargs, count):
    if len(varargs) == 0:
        return [1.0] * count
    if len(varargs) == 1 and np.ndim(varargs[0]) == 0:
        return [varargs[0]] * count
    return list(varargs)


@_pure
def gradient_of(d, varargs, axis=None, edge_order=1):
    """`np.gradient(d, *varargs, axis=axis, edge_order=edge_order)`: the adjoint of `gradient_adjoint`."""
    return np.gradient(d, *varargs, axis=axis, edge_order=edge_order)


@_pure
def gradient_adjoint(g, f, varargs, axis=None, edge_order=1):
    """The adjoint of `np.gradient(f, *varargs, axis=axis, edge_order=edge_order)`, linear in f.

    Along one axis np.gradient is a banded matrix L whose rows reach at most two columns away
    (the one-sided edges of edge_order 2): applying it to the indicator of the columns j = k
    (mod 5) reads every L[j + o, j], |o| <= 2, so five calls give all of L's entries, whatever
    the spacing (a number or coordinates), and d[j] = sum_o L[j + o, j] g[j + o].
    """
    shape = np.shape(f)
    axes = _gradient_axes(len(shape), axis)
    parts = [g] if len(axes) == 1 else list(g)
    out = np.zeros_like(f, shape=shape, dtype=np.result_type(f, *parts, 1.0))
    for ax, part, spacing in zip(axes, parts, _gradient_spacings(varargs, len(axes))):
        part = np.broadcast_to(part, shape)          # a zero folded to a scalar has f's shape too
        out += np.moveaxis(_banded_transpose(np.moveaxis(part, ax, -1), spacing, edge_order), -1, ax)
    return out


def _banded_transpose(g, spacing, edge_order):
    # The band is read on the host: it depends on the shape and the spacing alone.
    # Its entries are made in g's library; the positions stay host integers, which index any array.
    n = np.shape(g)[-1]
    index = np.arange(n)
    out = np.zeros_like(g, dtype=np.result_type(g, 1.0))
    spacing = _host(spacing)
    for k in range(min(5, n)):
        column = np.gradient((index % 5 == k).astype(out.dtype), spacing, edge_order=edge_order)
        for offset in range(-2, 3):
            rows = index + offset
            mine = (index % 5 == k) & (rows >= 0) & (rows < n)
            if not np.any(mine):
                continue
            out[..., index[mine]] += np.asarray(column[rows[mine]], like=foreign(g)) * g[..., rows[mine]]
    return out


def _host(value):
    """A spacing or coordinates as host NumPy (a number as it is)."""
    if not hasattr(value, "shape"):
        return value
    return np.asarray(value.get() if type(value).__module__.startswith("cupy") else value)


@_pure
def quantile_weights(q, like, scale=1):
    """(len(q), n) weights of NumPy's linear quantiles (q / scale) over the n sorted values along
    `like`'s last axis, in like's float type: each row puts 1 - w on the order statistic below
    q (n - 1) and w on the one above."""
    n = np.shape(like)[-1]
    on = foreign(like)
    virtual = np.reshape(np.ravel(np.asarray(q, dtype=np.float64, like=on)) / scale * (n - 1), (-1, 1))
    below = np.clip(np.floor(virtual), 0, n - 1)
    ranks = np.arange(n, like=on)
    weights = (ranks == below) * (1 - (virtual - below)) + (ranks == np.minimum(below + 1, n - 1)) * (virtual - below)
    return weights.astype(np.result_type(like, 1.0))


@_pure
def real_eigensystem(result):
    """`np.linalg.eig`'s (w, v), checked real: s2sgrad differentiates eig where the spectrum is real."""
    if np.iscomplexobj(result[0]) or np.iscomplexobj(result[1]):
        raise ValueError("np.linalg.eig returned complex eigenvalues: s2sgrad differentiates eig of real matrices "
                         "whose eigenvalues are real (for a symmetric matrix, np.linalg.eigh is the better call)")
    return result



# -- running extrema (np.maximum.accumulate, np.minimum.accumulate) ---------------------------------
def _running_shares(x, result, axis):
    """(share of x[i], share of result[i - 1]) in result[i] along `axis` (moved first), as np.maximum's
    rule splits them: all to the one that is kept, half each at a tie, none through a nan."""
    x, r = np.moveaxis(x, axis, 0), np.moveaxis(result, axis, 0)
    dtype = np.result_type(r, 1.0)
    tie = x[1:] == r[:-1]
    own = np.where(tie, 0.5, r[1:] == x[1:]).astype(dtype)
    carried = np.where(tie, 0.5, r[1:] == r[:-1]).astype(dtype)
    return own, carried


def _next_start(starts):
    """For each position along axis 0, the next position after it where a run starts (the length at
    the end)."""
    n = np.shape(starts)[0]
    ranks = np.reshape(np.arange(n), (-1,) + (1,) * (np.ndim(starts) - 1))
    marks = np.where(starts, ranks, n)
    later = np.minimum.accumulate(marks[::-1], axis=0)[::-1]
    return np.concatenate([later[1:], np.full_like(later[:1], n)])


@_pure
def running_extremum_adjoint(g, x, extremum, axis=0):
    """The adjoint of `extremum = np.maximum.accumulate(x, axis)` (or minimum's): linear in g, a
    backward scan that gives extremum[i]'s cotangent to x[i] and extremum[i - 1] by their shares."""
    own, carried = _running_shares(x, extremum, axis)
    g = np.moveaxis(np.broadcast_to(g, np.shape(extremum)), axis, 0)
    if np.shape(g)[0] == 0:
        return np.zeros_like(x, dtype=np.result_type(g, own))
    if np.all(np.maximum(own, carried) == 1):     # no tie, no nan: each run of a kept entry sums its cotangents
        starts = np.concatenate([np.ones_like(own[:1]), own]) > 0
        after = np.concatenate([np.cumsum(g[::-1], axis=0)[::-1], np.zeros_like(g[:1])])
        return np.moveaxis(np.where(starts, after[:-1] - np.take_along_axis(after, _next_start(starts), 0), 0), 0,
                           axis)
    total = g[-1]
    out = []
    for i in range(np.shape(g)[0] - 1, 0, -1):
        out.append(total * own[i - 1])
        total = g[i - 1] + total * carried[i - 1]
    out.append(total)
    return np.moveaxis(np.stack(out[::-1]), 0, axis)


@_pure
def running_extremum_tangent(t, x, extremum, axis=0):
    """The tangent of `extremum = np.maximum.accumulate(x, axis)` (or minimum's): linear in t, the
    forward scan of the same shares (the transpose of `running_extremum_adjoint`)."""
    own, carried = _running_shares(x, extremum, axis)
    t = np.moveaxis(np.broadcast_to(t, np.shape(x)), axis, 0)
    if np.shape(t)[0] == 0:
        return np.zeros_like(x, dtype=np.result_type(t, own))
    if np.all(np.maximum(own, carried) == 1):     # no tie, no nan: each entry's tangent is that of the one kept
        starts = np.concatenate([np.ones_like(own[:1]), own]) > 0
        ranks = np.reshape(np.arange(np.shape(t)[0]), (-1,) + (1,) * (np.ndim(t) - 1))
        kept = np.maximum.accumulate(np.where(starts, ranks, 0), axis=0)
        return np.moveaxis(np.take_along_axis(t, kept, 0), 0, axis)
    total = t[0]
    out = [total]
    for i in range(1, np.shape(t)[0]):
        total = t[i] * own[i - 1] + total * carried[i - 1]
        out.append(total)
    return np.moveaxis(np.stack(out), 0, axis)


# The ODE solvers' derivatives live in runtime_ode; emitted code imports them from here.
from .runtime_ode import odeint_adjoint, odeint_tangent, solve_ivp_adjoint, solve_ivp_tangent  # noqa: E402,F401

"""Containers: the records s2sgrad sees through — namedtuples, dataclasses, registered classes.

A record is a value with named children (its fields).  Lists, tuples and dicts are handled
by the runtime helpers directly; this module says, for any other value, whether it is a
record, what its children and their names are, and how to build one of its type back
from children.  The cotangent (and the zero tangent) of a record is the list of its
children's cotangents, as for a tuple; the API gives it back as the record's own type.

`register_container(cls, flatten, unflatten)` adds a class, in the spirit of JAX's
`register_pytree_node`: `flatten(obj) -> (children, aux)`, `unflatten(aux, children) -> obj`,
and optionally the children's `names`, for attribute reads `obj.name` in differentiated code.

Why not optree (or JAX's tree utilities): s2sgrad's containers are already walked by a
handful of ten-line helpers that emitted code calls, which need what a generic flattening
does not give — cotangents that are mutable lists (`d_xs[i] += g` in place), a zero that
is the number 0.0 until it meets a structure, leaves of any array library — so flattening
with optree would still leave those helpers to write.  What is missing is only the
knowledge of which other types are records and how to take them apart, which is this
module (about sixty lines).  optree is a compiled extension; a runtime dependency for
that, on top of NumPy and gast, and one every emitted module would need at import, is not
justified.
"""

import dataclasses
from typing import Any, Callable, Sequence, TypeVar

import numpy as np

T = TypeVar("T")

_REGISTERED: dict[type, tuple[Any, Any, Any]] = {}      # class -> (flatten, unflatten, names)
# The same for classes of optional libraries, by "module.qualname", so that registering one imports
# nothing (SciPy's OdeResult, see runtime_ode.py).
_REGISTERED_BY_NAME: dict[str, tuple[Any, Any, Any]] = {}


def register_container(cls: type[T], flatten: Callable[[T], tuple[Any, Any]], unflatten: Callable[[Any, Any], T],
                       names: Sequence[str] | None = None) -> type[T]:
    """Let s2sgrad differentiate through instances of `cls` (exactly that class).

    `flatten(obj)` returns `(children, aux)`: the differentiable children in a fixed order
    and anything else needed to rebuild (hashable or not); `unflatten(aux, children)`
    returns a new instance.  `names` lists the attribute name of each child, so that
    differentiated code may read `obj.name`; without it, children are reached only through
    calls s2sgrad can read.  Gradients with respect to an instance are instances of `cls`.
    """
    if not isinstance(cls, type):
        raise TypeError(f"register_container: {cls!r} is not a class")
    _REGISTERED[cls] = (flatten, unflatten, tuple(names) if names is not None else None)
    return cls


def register_object_class(cls, fields):
    """Register a plain class whose objects s2sgrad makes as records (transforms/objects.py):
    its children are the attributes `fields`, which `__init__` stores.  The fields it was
    registered with first (a class's `__init__` does not change while a program runs)."""
    if cls not in _REGISTERED:
        def flatten(obj):
            return [getattr(obj, name) for name in fields], None

        def unflatten(aux, items):
            new = object.__new__(cls)
            for name, item in zip(fields, items):
                setattr(new, name, item)
            return new
        register_container(cls, flatten, unflatten, fields)
    return _REGISTERED[cls][2]


def adopt_object(value):
    """Register the class of `value`, an object of a user's class that nothing registered yet (an
    item of a list the emitted code reads fields of), as a record of the attributes the object
    holds, as `register_object_class` does for the attributes `__init__` stores.  Whether
    `value` is a record now; False for a value of a library (NumPy, SciPy, ...), a class, a
    function, an object without `__dict__` or one whose class computes its attributes."""
    kind = type(value)
    if is_record(value):
        return True
    module = (getattr(kind, "__module__", "") or "").partition(".")[0]
    if module in _LIBRARIES or isinstance(value, type) or callable(value) or not hasattr(value, "__dict__") \
            or hasattr(kind, "__array_function__") or "__getattr__" in dir(kind):
        return False
    register_object_class(kind, tuple(vars(value)))
    return True


_LIBRARIES = {"builtins", "numpy", "scipy", "s2sgrad", "autograd", "jax", "torch", "functools", "types", "cupy",
              "dask"}


def register_by_name(qualified: str, flatten, unflatten, names=None):
    """`register_container` for the class named `qualified` ("module.qualname"), without importing it."""
    _REGISTERED_BY_NAME[qualified] = (flatten, unflatten, tuple(names) if names is not None else None)


def _registration(kind):
    """(flatten, unflatten, names) of a registered class, or None."""
    found = _REGISTERED.get(kind)
    if found is None and _REGISTERED_BY_NAME and kind not in _UNNAMED:      # (builtins and arrays: no name to build)
        found = _REGISTERED_BY_NAME.get(f"{kind.__module__}.{kind.__qualname__}")
    return found


# Classes no registration by name can be for: `_registration` asks per adjoint operation.
_UNNAMED = frozenset({tuple, list, dict, float, int, bool, complex, str, type(None), np.ndarray, np.float64})


def is_record(value):
    """Whether `value` is a namedtuple, a dataclass instance, or of a registered class."""
    kind = type(value)
    if _registration(kind) is not None:
        return True
    if kind is tuple or kind is list or kind is dict:      # the common case, first: adjoints ask per call
        return False
    return isinstance(value, tuple) and hasattr(kind, "_fields") \
        or dataclasses.is_dataclass(value) and not isinstance(value, type)


def is_record_class(cls):
    """Whether calling `cls(...)` makes a record whose fields are exactly its arguments: a
    namedtuple class, or a dataclass whose `__init__` is the generated one with no
    `__post_init__` (which could transform what it stores)."""
    if not isinstance(cls, type):
        return False
    if issubclass(cls, tuple) and hasattr(cls, "_fields"):
        return True
    if not dataclasses.is_dataclass(cls) or hasattr(cls, "__post_init__"):
        return False
    init = cls.__dict__.get("__init__")
    return init is not None and getattr(init, "__code__", None) is not None \
        and init.__code__.co_filename.startswith("<") and len(record_fields(cls)) == len(init_fields(cls))


def record_fields(record):
    """The names of a record's children (a record or its class), or None where unnamed."""
    kind = record if isinstance(record, type) else type(record)
    registered = _registration(kind)
    if registered is not None:
        return registered[2]
    if hasattr(kind, "_fields"):
        return tuple(kind._fields)
    return tuple(f.name for f in dataclasses.fields(kind))


def init_fields(cls):
    """The fields a dataclass's generated `__init__` takes, in order."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.init)


def children(record):
    """A record's children, in order."""
    registered = _registration(type(record))
    if registered is not None:
        return list(registered[0](record)[0])
    if isinstance(record, tuple):
        return list(record)
    return [getattr(record, f.name) for f in dataclasses.fields(record)]


def rebuild(like, items):
    """A record of `like`'s type with children `items`.  A dataclass is made without calling
    its `__init__` (nor `__post_init__`): a gradient is not a value the class's checks or
    conversions apply to, and fields with `init=False` are set too."""
    kind = type(like)
    registered = _registration(kind)
    if registered is not None:
        flatten, unflatten, _ = registered
        return unflatten(flatten(like)[1], list(items))
    if isinstance(like, tuple):
        return kind(*items)
    new = object.__new__(kind)
    for field, item in zip(dataclasses.fields(like), items):
        object.__setattr__(new, field.name, item)
    return new


def _differentiable(item):
    """A record's child that has leaves (not a name, a flag, an integer such as a count, or None)."""
    return not (item is None or isinstance(item, (str, bytes, bool, int)) or callable(item))


def tangent_like(t, primal):
    """The tangent `t` of `primal` with the items that have no derivative in `primal` (an integer
    field such as a step count, a string, None) zero: `p._replace(w=v)` carries the primal's
    `power=3`, which is no direction."""
    if is_record(primal) and not isinstance(primal, (list, dict)) and type(t) is type(primal):
        return rebuild(t, [_tangent_item(ti, pi) for ti, pi in zip(children(t), children(primal))])
    if isinstance(primal, dict) and isinstance(t, dict):
        return {key: _tangent_item(value, primal.get(key)) for key, value in t.items()}
    if isinstance(primal, (list, tuple)) and isinstance(t, (list, tuple)) and len(t) == len(primal):
        return type(t)(_tangent_item(ti, pi) for ti, pi in zip(t, primal))
    return t


def _tangent_item(t, primal):
    if primal is None or isinstance(primal, (str, bytes, bool, int)):
        return 0 if isinstance(primal, int) else primal
    return tangent_like(t, primal)


def is_container(x):
    """Whether `x` holds values to differentiate: a list, tuple, dict or record (not an array)."""
    return isinstance(x, (list, tuple, dict)) or is_record(x)


def leaves(x):
    """The arrays and numbers inside `x` (nested lists, tuples, dicts and records), in a fixed order."""
    if is_record(x):
        return [leaf for item in children(x) if _differentiable(item) for leaf in leaves(item)]
    if isinstance(x, (list, tuple)):
        return [leaf for item in x for leaf in leaves(item)]
    if isinstance(x, dict):
        return [leaf for key in x for leaf in leaves(x[key])]
    return [x]


def with_leaves(x, new):
    """`x` with its leaves replaced, in order, by the items of the iterator `new`."""
    if is_record(x):
        return rebuild(x, [with_leaves(item, new) if _differentiable(item) else item for item in children(x)])
    if isinstance(x, (list, tuple)):
        return type(x)(with_leaves(item, new) for item in x)
    if isinstance(x, dict):
        return {key: with_leaves(x[key], new) for key in x}
    return next(new)


# Array attributes s2sgrad differentiates (or knows have no derivative) as such: `p.T` is read as
# a transpose even where p is a record, so a field of one of these names is refused, not misread.
ARRAY_ATTRIBUTES = ("T", "mT", "real", "imag", "shape", "ndim", "size", "dtype")


def shadowed_fields(record):
    """The fields of a record (or record class) named like an array attribute s2sgrad reads as one."""
    return [name for name in record_fields(record) or () if name in ARRAY_ATTRIBUTES]


def field_position(record, name):
    """The position of the child that `record.name` reads."""
    if not adopt_object(record):
        raise AttributeError(f"s2sgrad reads `.{name}` of a {type(record).__name__} as a record's field, and it does "
                             f"not read a {type(record).__name__} as a record: pass a dict, a namedtuple, a "
                             "dataclass or an object of a plain class of yours")
    names = record_fields(record)
    if names is None or name not in names:
        raise AttributeError(f"s2sgrad reads `.{name}` of a {type(record).__name__} as one of its fields, and "
                             f"it has no such field" + (f" (fields: {', '.join(names)})" if names else ""))
    return names.index(name)

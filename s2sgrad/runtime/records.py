"""Records (namedtuples, dataclasses, registered and plain classes): fields read, replaced, rebuilt; cotangents."""

from ..containers import children, field_position, is_record
from .declare import _pure
from .trees import zeros_like


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

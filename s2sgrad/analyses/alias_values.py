"""Alias values: the objects the right-hand side of a normal-form assignment may be, for `Aliases`.

A name or a constant is what it points to; a display, an operation or a call that makes a value
is a new object holding what it may hold (a list of arrays holds the arrays, `xs + ys` the items
of both); a view (`x.T`, `np.reshape(x, s)`, `x[i]`) is what its base may reach; a call of a
function that may return an argument may be any of them too.
"""

import gast

from ..runtime import field_of, sorted_keys
from .ops import dotted
from .points_to import inner as _inner

_SCALAR_ATTRIBUTES = {"shape", "ndim", "size", "dtype", "itemsize", "nbytes", "strides"}
_VIEW_FUNCTIONS = {
    "reshape", "ravel", "transpose", "squeeze", "expand_dims", "swapaxes", "moveaxis", "rollaxis", "broadcast_to",
    "asarray", "asanyarray", "ascontiguousarray", "asfortranarray", "require", "atleast_1d", "atleast_2d",
    "atleast_3d", "diagonal", "real", "imag", "flip", "fliplr", "flipud", "rot90", "matrix_transpose",
    "permute_dims", "view", "split", "array_split", "hsplit", "vsplit", "dsplit", "broadcast_arrays", "unstack",
    "stop_gradient", "as_strided", "sliding_window_view",
}
_PICKS = {min, max}
_SPLITS = {"split", "array_split", "hsplit", "vsplit", "dsplit", "broadcast_arrays", "unstack"}
_CONTAINER_MAKERS = {list, tuple, dict, sorted, reversed, zip, enumerate, set, frozenset, sorted_keys}
_CONTAINERS = {list, tuple, dict}


class AliasValues:
    """The value part of `Aliases` (aliases.py), whose state, sites and atoms it uses."""

    def _value(self, stmt, value, state):
        """The objects the right-hand side of a normal-form assignment may be."""
        if isinstance(value, (gast.Name, gast.Constant)):
            return self._atom(value, state)
        if isinstance(value, (gast.Tuple, gast.List, gast.Dict)):
            return self._display_value(stmt, value, state)
        if isinstance(value, gast.Subscript):
            return self._subscript_value(stmt, value, state)
        if isinstance(value, gast.Attribute):
            return self._attribute_value(value, state)
        if isinstance(value, gast.Call):
            return self._call_value(stmt, value, state)
        if isinstance(value, (gast.BinOp, gast.UnaryOp, gast.Compare)):
            return self._operation_value(stmt, value, state)
        return self._new(stmt, state, frozenset())

    def _display_value(self, stmt, value, state):
        """`[a, b]`, `(a, b)`, `{k: a}`: a new container holding what its items may be."""
        items = value.values if isinstance(value, gast.Dict) else value.elts
        made = self._new(stmt, state, frozenset().union(*(self._atom(e, state) for e in items)))
        self.made_containers |= made
        named = [e.id for e in items if isinstance(e, gast.Name)]
        if len(set(named)) < len(named):
            self.repeated |= made               # `[a, a]`: one object in two slots
        return made

    def _subscript_value(self, stmt, value, state):
        """An item of a list made here (not the list), a new list of its items for a slice, or
        what an array's item may reach (it may be a view of the array)."""
        base = self._atom(value.value, state)
        if not (base and base <= self.made_containers):
            return state.reach(base)
        items = state.reach(_inner(state, base))
        if not isinstance(value.slice, gast.Slice):
            return items
        made = self._new(stmt, state, items)        # `xs[:-1]`: a new list of the same items
        self.made_containers |= made
        return made

    def _operation_value(self, stmt, value, state):
        """A new value; `xs + ys` holds the items of both lists."""
        operands = [value.left, value.right] if isinstance(value, gast.BinOp) else \
            [value.operand] if isinstance(value, gast.UnaryOp) else []
        inside = frozenset().union(*(_inner(state, self._atom(a, state)) for a in operands)) if operands \
            else frozenset()
        made = self._new(stmt, state, inside)
        inners = [_inner(state, self._atom(a, state)) for a in operands]     # (after `_new` ages the site)
        if inside and isinstance(value.op, gast.Mult) or len(inners) == 2 and inners[0] & inners[1] \
                or any(self._atom(a, state) & self.repeated for a in operands):
            self.repeated |= made               # `[a] * 3`, `[a] + [a]`: a in two slots
        return made

    def _attribute_value(self, value, state):
        """`np.pi` (made outside), `x.shape` (a new value), `x.T` (a view of x)."""
        parts = dotted(value)
        if parts and parts[0] not in self.local:
            return self._outside(parts[0])
        if value.attr in _SCALAR_ATTRIBUTES:
            return frozenset()
        return state.reach(self._atom(value.value, state))

    def _call_value(self, stmt, call, state):
        obj, fname = self._callee(call)
        reach = frozenset().union(*(state.reach(self._atom(a, state)) for a in self._inputs(call, obj)))
        keywords = {k.arg: k.value for k in call.keywords}
        if "out" in keywords:
            return self._atom(keywords["out"], state)
        if isinstance(keywords.get("copy"), gast.Constant) and keywords["copy"].value is False:
            return reach
        if _is_view(obj, fname, call):
            return reach if fname not in _SPLITS else self._new(stmt, state, reach)
        if _is(obj, _CONTAINER_MAKERS) or self._shallow_copy(call):
            return self._container_value(stmt, call, obj, reach, state)
        if self._known_pure(obj, call):
            return self._new(stmt, state, frozenset())
        given = self._returned_arguments(obj, call, state)
        if given is not None:       # what the callee's returns may hold of its arguments, and new objects
            return self._new(stmt, state, given) | given
        return self._new(stmt, state, reach) | reach      # a function that may return an argument

    def _container_value(self, stmt, call, obj, reach, state):
        """`list(xs)`, `sorted(xs)`, `d.copy()`: a new container holding the same items."""
        made = self._new(stmt, state, self._items_of(call, obj, state))
        if _is(obj, _CONTAINERS):
            self.made_containers |= made
        if reach & self.repeated:               # a copy of a list holding one object twice does too
            self.repeated |= made
        return made

    def _items_of(self, call, obj, state):
        """What a new list, tuple or dict made from the call's arguments may hold: the items of a
        container the function made (not the container), else all the argument may reach (the
        rows of an array are views of it)."""
        items = frozenset()
        for a in self._inputs(call, obj):
            objects = self._atom(a, state)
            items |= state.reach(_inner(state, objects) if objects and objects <= self.made_containers else objects)
        return items

    def _shallow_copy(self, call):
        """`value.copy()` of what may be a list or a dict: a new object holding the same items."""
        func = call.func
        return isinstance(func, gast.Attribute) and func.attr == "copy" and isinstance(func.value, gast.Name) \
            and func.value.id in self.local and self._may_contain(func.value.id)


def _is_view(obj, fname, call):
    """A call whose result may share its inputs' memory or be one of them (`min`, `max`)."""
    return fname in _VIEW_FUNCTIONS or _is(obj, _PICKS) or obj is field_of \
        or fname == "einsum" and len(call.args) == 2     # `np.einsum("ii->i", A)` is a view of A


def _is(obj, table):
    try:
        return obj in table
    except TypeError:
        return False

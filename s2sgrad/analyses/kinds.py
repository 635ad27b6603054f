"""Kinds of an `Activity`'s names: what each holds ("int", "float", "array", "seq", "other" or
"unknown"), which are used as arrays and which may be containers (so their adjoints are too).
What a rule's primitive returns and takes is read from its registration (`rules.declared`)."""

import math
import operator

import gast
import numpy as np

from .. import rules, runtime
from ..naming import TAPE
from ..resolve import StaticValue
from .numeric import int_preserving, key_in

# Runtime helpers that return a record or a sequence (or its cotangent, a list).
_SEQUENCES = (runtime.with_field, runtime.without_field, runtime.replace_field, runtime.concat, runtime.head_of,
              runtime.tail_of, runtime.repeat, runtime.fold_repeats)

# What the elementwise family's primitives return, where its registrations (rules/elementwise/)
# do not declare it yet: by the primitive itself.
_ELEMENTWISE_RETURNS = {np.modf: "tuple", math.modf: "tuple", np.frexp: "tuple", math.frexp: "tuple",
                        np.divmod: "tuple", divmod: "tuple", np.where: "maybe tuple"}


class ValueKinds:
    """The kinds of an `Activity`'s names (a mixin: it reads `self.defs`, `self.types`)."""

    # -- types ----------------------------------------------------------------------
    def _infer_types(self, resolver):
        for _ in range(len(self.defs) + 2):
            changed = False
            for target, op, stmt in self.defs:
                if _is_tape_pop(stmt):      # gradient code: a pop gives back what was pushed under that name
                    continue
                kind = _join(self.types.get(target), self._type_of(op, resolver, stmt))
                if self.types.get(target) != kind:
                    self.types[target] = kind
                    changed = True
            if not changed:
                break

    def type_of_atom(self, atom):
        if isinstance(atom, gast.Constant):
            value = atom.value
            if isinstance(value, bool) or isinstance(value, int):
                return "int"
            if isinstance(value, (float, complex)):
                return "float"
            return "other"
        if isinstance(atom, gast.Name):
            return self.types.get(atom.id, "unknown" if atom.id in self.local_names else "other")
        return "unknown"

    def _type_of(self, op, resolver=None, stmt=None):
        """The kind of the value `op` makes (`stmt`, where given, the statement that makes it)."""
        kinds = [self.type_of_atom(a) for a in op.args]
        if op.kind == "atom":           # `x = ts` of a global: what it holds (an array's items are arrays)
            return self._global_kind(op.args[0], resolver) if kinds == ["other"] else kinds[0] if kinds else "unknown"
        if op.kind in ("compare",):        # a bool, or an array of them where an operand is an array
            return "array" if "array" in kinds else "int" if all(k in ("int", "float") for k in kinds) else "unknown"
        if op.kind == "nograd":
            return _nograd_kind(op)
        if op.kind in ("container", "checkpointed"):
            return "seq"
        if op.kind == "subscript":
            return self._item_kind(op, kinds[0], resolver, stmt)
        if op.kind == "rule":
            return _rule_result_kind(op, kinds)
        return "unknown"

    def _global_kind(self, atom, resolver):
        """A global's kind: "array" for an array, "unknown" where only its expression is known
        (`emit`: `ts = np.linspace(...)` at module level), else "other" (a constant)."""
        if not isinstance(atom, gast.Name) or atom.id in self.local_names or resolver is None:
            return "other"
        try:
            value = resolver.lookup(atom.id)
        except Exception:           # noqa: BLE001 (a name the resolver cannot see: nothing is known)
            return "unknown"
        if isinstance(value, np.ndarray):
            return "array"
        return "unknown" if isinstance(value, StaticValue) else "other"

    def _item_kind(self, op, base, resolver, stmt=None):
        """The kind of `base[index]` (`stmt` the statement that reads it, where known)."""
        if base == "seq" and isinstance(getattr(getattr(stmt, "value", None), "slice", None), gast.Slice):
            return "seq"            # a slice of a list or tuple is one
        if base == "other" and isinstance(op.args[0], gast.Name) and op.args[0].id not in self.local_names:
            return _item_type(op.args[0].id, resolver)      # `B[0]` of a global: what B holds
        return {"array": "array", "other": "int"}.get(base, "unknown")

    def _containers(self, resolver):
        """Names that may hold a list, tuple or dict (so their adjoint is one too).

        A name is taken for an array (or number) when it is used as one: as an operand of
        arithmetic, a NumPy function or a comparison, or as the result of one.  A name of
        unknown type with no such use may be a container; its adjoint code then works for both.
        """
        arrays = self._array_evidence()
        names = {a.id for a in self.func.args.args} | {t for t, _, _ in self.defs}
        maybe = {n for n in names if self.types.get(n, "unknown") in ("unknown", "seq") and n not in arrays}
        maybe |= {t for t, kind in self.types.items() if kind == "seq"}
        maybe |= {target for target, op, stmt in self.defs             # lst.append(x), (a, b)
                  if isinstance(stmt, gast.Expr) or op.kind in ("container", "checkpointed")}
        for target, op, _ in self.defs:       # copies and unpacking of containers
            if _copied_name(op) in maybe and target not in arrays:
                maybe.add(target)
        return maybe

    def _array_evidence(self):
        """Names used as arrays: in arithmetic, as NumPy arguments, with array attributes."""
        seen = set()
        for target, op, _stmt in self.defs:
            if op.kind in ("rule", "nograd") and _numpy_function(op.key) and op.key not in _SEQUENCE_FUNCTIONS:
                seen |= {a.id for a in op.args[:1] if isinstance(a, gast.Name)}
                if not may_return_tuple(op.key):
                    seen.add(target)
            if op.kind == "rule" and rules.lookup(op.key) is not None:
                seen |= self._rule_array_evidence(target, op)
            elif op.kind == "compare":
                seen |= set(op.operands())
            if _array_attribute(op) and isinstance(op.args[0], gast.Name):
                seen.add(op.args[0].id)         # .shape, .ndim, .T: lists have none of these
        return seen

    def _rule_array_evidence(self, target, op):
        """The operands (and the result) of a rule that declares array operands, unless one is a container."""
        if not _takes_arrays(op.key) or "seq" in {self.types.get(n) for n in op.operands()}:
            return set()
        return set(op.operands()) | ({target} if not may_return_tuple(op.key) else set())

    def _strong_array_evidence(self):
        """Names certainly used as arrays, not numbers: indexed, matrix-multiplied, reduced,
        given to a NumPy function other than an elementwise ufunc, or asked for a shape."""
        seen = {n for n, kind in self.types.items() if kind == "array"}
        for target, op, _stmt in self.defs:
            first = op.args[0] if op.args else None
            first = first.id if isinstance(first, gast.Name) else None
            if op.key is operator.matmul and op.kind != "subscript":
                seen |= set(op.operands()) | {target}
            elif first and self._first_is_array(op, first):
                seen.add(first)
        return seen

    def _first_is_array(self, op, first):
        """Whether `op` uses its first operand, the name `first`, as an array: indexed (not a
        container), given to a NumPy function other than a ufunc, or asked for an attribute."""
        if op.kind == "subscript":
            return self.types.get(first) != "seq" and first not in self.containers
        if op.kind in ("rule", "nograd") and not isinstance(op.key, np.ufunc) \
                and (getattr(op.key, "__module__", "") or "").startswith("numpy"):
            return True
        return _array_attribute(op)


def _item_type(name, resolver):
    """The type of an item (or a slice) of the global `name`: "int" only where every item is an
    int (a shape), "float" where every one is a number, "array" for an array's (a row of a 2-D
    array is an array), else "unknown"."""
    try:
        value = resolver.lookup(name)
    except Exception:           # noqa: BLE001 (a name the resolver cannot see: nothing is known)
        return "unknown"
    if isinstance(value, np.ndarray):
        return "array"
    if isinstance(value, (list, tuple)) and value:
        if all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            return "int"
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
            return "float"
    return "unknown"



# NumPy functions that take a sequence of arrays: their first argument is no evidence of an array.
_SEQUENCE_FUNCTIONS = {getattr(np, n) for n in (
    "stack", "concatenate", "hstack", "vstack", "dstack", "column_stack", "array", "asarray",
    "block", "einsum", "broadcast_arrays", "meshgrid") if hasattr(np, n)}


def _copied_name(op):
    """The name `op` copies (`a = b`), else None."""
    if op.kind == "atom" and op.args and isinstance(op.args[0], gast.Name):
        return op.args[0].id
    return None


def _array_attribute(op):
    """`x.shape`, `x.T`: an array attribute of an operand."""
    return isinstance(op.key, tuple) and op.key[0] == "attribute" and bool(op.args)


def _numpy_function(key):
    """A NumPy function or ufunc (the library's, whatever its rule)."""
    return isinstance(key, np.ufunc) or (getattr(key, "__module__", None) or "").startswith("numpy")


def _takes_arrays(key):
    """Whether the rule of `key` declares array operands (elementwise, reductions, linear algebra),
    or is an array's method or attribute."""
    return rules.declared(key, "arrays") or isinstance(key, tuple)


def _rule_result_kind(op, kinds):
    """The kind of what a rule's primitive returns, from its operands' `kinds`."""
    if op.key in (list, tuple, dict) or _returns_tuple(op) or _returns_record(op) or key_in(op.key, _SEQUENCES):
        return "seq"                # a container, a tuple of arrays (np.array_split, np.linalg.eigh), a record
    if key_in(op.key, (runtime.field_of, runtime.field_item)):
        return "unknown"            # a record's field: an array, a number or a container
    if op.key is float:
        return "float"
    if key_in(op.key, (np.ndarray.tolist,)):
        return "unknown"            # a (nested) list of numbers, or a number for a 0-d array
    return _arithmetic_kind(op, kinds)


def _arithmetic_kind(op, kinds):
    """The kind of an operator's or a NumPy function's result, from its operands' `kinds`."""
    if "seq" in kinds and _is_operator(op):
        return "seq"                # list concatenation or repetition
    if any(k == "array" for k in kinds):
        return "array"
    if kinds and all(k == "int" for k in kinds) and int_preserving(op):
        return "int"
    if kinds and all(k in ("int", "float") for k in kinds) and _is_operator(op):
        return "float"
    return "unknown"


def returns(key):
    """What the primitive `key` is declared to return: "tuple", "maybe tuple", "record", a
    `rules.TupleUnless`, or None for one value."""
    try:
        found = _ELEMENTWISE_RETURNS.get(key)
    except TypeError:           # an unhashable key (a method of an unhashable object)
        return None
    return found if found is not None else rules.declared(key, "returns")


def may_return_tuple(key):
    """Whether the primitive `key` may return a tuple (of arrays): then its result is no evidence of an array."""
    return returns(key) not in (None, "record")


def _returns_record(op):
    return returns(op.key) == "record"


def _returns_tuple(op):
    """Does the call return a tuple?  svd, qr and eigh do, unless `compute_uv=False` / `mode="r"` /
    `eigvals_only=True` (scipy.linalg.eigh's, a keyword only): see `rules.TupleUnless`."""
    declared = returns(op.key)
    if declared == "tuple":
        return True
    if not isinstance(declared, rules.TupleUnless):
        return False
    position = declared.position
    option = op.keywords.get(declared.keyword,
                             op.args[position] if position is not None and len(op.args) > position else None)
    return not (isinstance(option, gast.Constant) and option.value == declared.value) and \
        (option is None or isinstance(option, gast.Constant))


def _is_tape_pop(stmt):
    value = getattr(stmt, "value", None)
    return isinstance(value, gast.Call) and isinstance(value.func, gast.Attribute) and value.func.attr == "pop" \
        and isinstance(value.func.value, gast.Name) and value.func.value.id == TAPE


def _join(a, b):
    if a is None or a == b:
        return b
    if b is None:
        return a
    if {a, b} <= {"int", "float"}:
        return "float"
    if "array" in (a, b) and {a, b} <= {"array", "float", "int"}:
        return "array"
    return "unknown"


def _nograd_kind(op):
    """The kind of a call of a function with no derivative: NumPy's give arrays (an item of one is
    no int: `np.eye(3)[labels]`, `np.round(a)[0]` are arrays)."""
    if op.key in (len, range, int) or _returns_int(op):
        return "int"
    return "array" if _of_numpy(op.key) else "other"


def _of_numpy(key):
    """A NumPy function or ufunc, or a method of NumPy's arrays."""
    if isinstance(key, np.ufunc) or getattr(key, "__objclass__", None) is np.ndarray:
        return True
    module = getattr(key, "__module__", None)
    return isinstance(module, str) and module.partition(".")[0] == "numpy"


def _returns_int(op):
    return op.key in (np.shape, np.ndim, np.size, np.argmax, np.argmin, np.count_nonzero) \
        or (isinstance(op.key, tuple) and op.key[1] in ("ndim", "size"))


def _is_operator(op):
    return op.key in (operator.add, operator.sub, operator.mul, operator.truediv, operator.neg,
                      operator.pos, operator.pow, operator.mod, abs, float)

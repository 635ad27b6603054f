"""Shapes: which names provably have the same shape, so no `unbroadcast` is needed.

Each name gets a shape class: SCALAR, a symbol meaning "the shape of name v" (for a
parameter, or for a name with one definition that is not elementwise), a declared shape
("shape:batch,n_in", from an annotation such as `x: Annotated[np.ndarray, "batch n_in"]` or
the CLI's `--kinds x=array[batch n_in]`), or None (unknown).  Elementwise operations keep the
class their array operands share; scalars never change it.  Declared shapes go further: they
broadcast (`(batch, n) + (n,)` is `(batch, n)`), go through `@` and through indexing the first
axis with a number, and tell the adjoint which axes `unbroadcast` would sum (`sum_axes`).

A class "the shape of v" holds for the values computed from one value of v.  A value made
in one iteration of a loop and read in a later one (or after the loop, when the loop did not
make it every time) may belong to an older v, whose shape can differ: such names are unknown.
`np.zeros_like(v)` and its kin, and a copy of v, have v's class.
"""

import operator

import gast
import numpy as np

from ..transforms.normalize import loaded_names
from ..trees import name_ids, walk
from ..rules import declared

_TOP = object()      # not yet known (optimistic start)
SCALAR = "()"
# Functions whose result has their first argument's shape (unless given `shape=`).
_SHAPE_OF_FIRST = (np.zeros_like, np.ones_like, np.empty_like, np.full_like, np.copy, np.ndarray.copy)


class Shapes:
    """The shape class of every name of one normal-form function.  `same` ({q: p}) is what the
    callers of a callee's specialisation prove: parameter q has parameter p's shape."""

    def __init__(self, activity, params, declared=None, same=None):
        self.activity = activity
        counts = {}
        for target, op, _ in activity.defs:
            if op.kind != "store":          # a store keeps the array's shape
                counts[target] = counts.get(target, 0) + 1
        self.single = {t for t, n in counts.items() if n == 1}
        self.classes = {}
        self.stale = _stale_names(activity.func.body)
        self.statements = {}        # target -> its defining statement, where it has one
        declared = declared or {}
        self.declared = {}          # parameter -> its declared axes, where they decide a class
        for p in params:
            if activity.types.get(p) in ("int", "float"):
                self.classes[p] = SCALAR
            elif p in declared and p not in counts:
                self.classes[p] = shape_class(declared[p])
                self.declared[p] = declared[p]
            else:
                self.classes[p] = "param:" + p
        for q, p in (same or {}).items():   # what every caller of this specialisation proves
            if q not in counts and p not in counts and self.classes.get(p) == "param:" + p:
                self.classes[q] = self.classes[p]
        self._solve()

    def _solve(self):
        for t, op, stmt in self.activity.defs:
            if t in self.single and op.kind != "store":
                self.statements[t] = stmt
        defs = [(t, op) for t, op, _ in self.activity.defs if op.kind != "store"]
        for target, _ in defs:
            self.classes.setdefault(target, _TOP)
        for _ in range(len(defs) + 2):
            changed = False
            for target, op in defs:
                new = _meet(self.classes[target], self._class_of(op, target))
                if new != self.classes[target] or (new is None) != (self.classes[target] is None):
                    if new is not self.classes[target]:
                        self.classes[target] = new
                        changed = True
            if not changed:
                break
        for name, cls in self.classes.items():
            if cls is _TOP:
                self.classes[name] = None

    def add(self, target, op):
        """The class of a single-definition name made after analysis (a split temporary)."""
        self.single.add(target)
        cls = self._class_of(op, target)
        self.classes[target] = None if cls is _TOP else cls

    def of_atom(self, atom):
        if isinstance(atom, gast.Constant):
            return SCALAR if isinstance(atom.value, (int, float)) and not isinstance(atom.value, bool) else None
        if isinstance(atom, gast.Name):
            if self.activity.types.get(atom.id) in ("int", "float"):
                return SCALAR
            return self.classes.get(atom.id)
        return None

    def _class_of(self, op, target):
        own = ("def:" + target) if target in self.single else None
        cls = self._class_of_op(op, own, target)
        if isinstance(cls, str) and cls.startswith("def:") and cls[4:] in self.stale.get(target, ()):
            return None         # the shape of an older value of a name the loop defines again
        return cls

    def _class_of_op(self, op, own, target=None):
        if op.kind == "atom":
            return self.of_atom(op.args[0])
        if op.kind == "rule" and (op.key is operator.matmul or declared(op.key, "elementwise")
                                  or declared(op.key, "reduction")):
            return self._class_of_rule(op, own)
        if _shape_of_first(op):
            return self.of_atom(op.args[0]) or own
        if op.kind == "subscript" and target in self.statements:
            return self._item(op, self.statements[target], own)
        return own

    def _class_of_rule(self, op, own):
        """The class of a matmul's, an elementwise rule's or a reduction's result."""
        if op.key is operator.matmul and len(op.args) == 2:
            return _matmul([self.of_atom(a) for a in op.args], own)
        if declared(op.key, "elementwise") and not op.keywords:
            return _broadcast([self.of_atom(a) for a in op.args], own)
        if declared(op.key, "reduction") and not op.keywords and len(op.args) == 1:
            return SCALAR
        return own

    def _item(self, op, stmt, own):
        """`xs[i]`, i a number: xs's declared shape without its first axis."""
        cls = self.of_atom(op.args[0])
        index = getattr(stmt, "value", None)
        index = getattr(index, "slice", None)
        dims = dims_of(cls)
        if dims is None or not dims or not self._is_int(index):
            return own
        return shape_class(dims[1:]) if dims[1:] else SCALAR

    def _is_int(self, node):
        if isinstance(node, gast.Constant):
            return type(node.value) is int
        return isinstance(node, gast.Name) and self.activity.types.get(node.id) == "int"

    def same(self, a, b):
        """True when atoms a and b provably have one shape."""
        ca, cb = self.of_atom(a), self.of_atom(b)
        return ca is not None and ca is not _TOP and ca == cb

    def sum_axes(self, like, result):
        """(leading axes, kept axes): what `unbroadcast(g, like)` sums of a `g` of `result`'s shape,
        where both shapes are declared; else None."""
        short, full = dims_of(self.of_atom(like)), dims_of(self.of_atom(result))
        if short is None or full is None or len(short) > len(full):
            return None
        lead = len(full) - len(short)
        kept = []
        for i, (a, b) in enumerate(zip(short, full[lead:])):
            if a == "1" and b != "1":
                kept.append(lead + i)
            elif a != b:
                return None
        return tuple(range(lead)), tuple(kept)


def _shape_of_first(op):
    return op.kind in ("rule", "nograd") and op.args and "shape" not in op.keywords \
        and any(op.key is f for f in _SHAPE_OF_FIRST)


def annotation_dims(node):
    """The declared axes of an annotation `X[np.ndarray, "batch n_in"]` (`Annotated[np.ndarray, ...]`,
    jaxtyping's `Float[np.ndarray, ...]`), or None: axis names and lengths, space-separated."""
    if not isinstance(node, gast.Subscript) or not isinstance(node.slice, gast.Tuple) or len(node.slice.elts) != 2:
        return None
    array, axes = node.slice.elts
    if not isinstance(axes, gast.Constant) or not isinstance(axes.value, str) or \
            not (isinstance(array, gast.Attribute) and array.attr == "ndarray"
                 or isinstance(array, gast.Name) and array.id == "ndarray"):
        return None
    return parse_dims(axes.value)


def declared_axes(args, kinds, annotations):
    """({parameter: its declared axes}, the kinds without axes) from the parameters' annotations
    and the kinds (`{"x": "array[batch n]"}`); a parameter whose axes are named is an array."""
    declared = {a.id: annotation_dims(a.annotation) for a in args if annotation_dims(a.annotation) is not None}
    plain = {}
    for param, kind in (kinds or {}).items():
        plain[param], dims = kind_dims(kind)
        if dims is not None:
            declared.setdefault(param, dims)
    for param, dims in declared.items():
        if dims and annotations.get(param) == "unknown":
            annotations[param] = "array"
    return declared, plain


def kind_dims(kind):
    """A kind as the transform is specialised on ("array[batch n_in]" -> ("array", its axes))."""
    if isinstance(kind, str) and kind.startswith("array[") and kind.endswith("]"):
        return "array", parse_dims(kind[6:-1])
    return kind, None


def parse_dims(text):
    """`"batch n_in"` -> ("batch", "n_in"); None unless every axis is a name or a length."""
    dims = tuple(text.replace(",", " ").split())
    if not all(d.isidentifier() or d.isdigit() for d in dims):
        return None
    return tuple(str(int(d)) if d.isdigit() else d for d in dims)


def shape_class(dims):
    """The class of a declared shape (a sequence of axis names, "1" for a length of one)."""
    return "shape:" + ",".join(str(d) for d in dims) if dims else SCALAR


def dims_of(cls):
    """The axis names of a declared shape's class; () for a scalar; None otherwise."""
    if cls == SCALAR:
        return ()
    if isinstance(cls, str) and cls.startswith("shape:"):
        return tuple(cls[6:].split(","))
    return None


def _broadcast(classes, own):
    found = _TOP
    for cls in classes:
        if cls is _TOP or cls == SCALAR:
            continue
        if cls is None:         # an operand of unknown shape: the result has its own
            return own
        if found is _TOP:
            found = cls
        elif found != cls:
            found = _broadcast_declared(found, cls)
            if found is None:
                return own
    if found is _TOP:
        return SCALAR if all(c == SCALAR for c in classes) else _TOP
    return found


def _broadcast_declared(a, b):
    """The class of two declared shapes broadcast together, where it is provable; else None."""
    da, db = dims_of(a), dims_of(b)
    if da is None or db is None:
        return None
    if len(da) < len(db):
        da, db = db, da
    db = ("1",) * (len(da) - len(db)) + db
    out = []
    for x, y in zip(da, db):
        if x == y or y == "1":
            out.append(x)
        elif x == "1":
            out.append(y)
        else:
            return None
    return shape_class(out)


def _matmul(classes, own):
    """`a @ b` of declared shapes: (..., n) @ (n, m) is (..., m); (n,) @ (n, m) is (m,); (..., n) @ (n,) is (...)."""
    da, db = (dims_of(c) for c in classes)
    if da is None or db is None or not da or not db or len(db) > 2:
        return own
    if da[-1] != db[0]:
        return own
    return shape_class(da[:-1] + db[1:])


def _meet(a, b):
    if a is _TOP:
        return b
    if b is _TOP:
        return a
    return a if a == b else None


def _stale_names(body):
    """{name: the names its loop defines} for names a loop defines that may be read holding a
    value from an earlier iteration: read in the loop before the loop (re)defines them, or
    read after it when it does not define them every time."""
    stale = {}
    for loop in _loops(body):
        defined = _all_defs(loop.body)
        exposed, certain = _exposed(loop.body, set())
        for name in (defined & exposed) | ((defined - certain) & _reads_outside(body, loop)):
            stale.setdefault(name, set()).update(defined)
    return stale


def _loops(body):
    for stmt in body:
        if isinstance(stmt, (gast.For, gast.While)):
            yield stmt
        if isinstance(stmt, (gast.If, gast.For, gast.While)):
            yield from _loops(stmt.body)
            yield from _loops(stmt.orelse)


def _all_defs(body):
    return {n.id for stmt in body for n in walk(stmt) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)}


def _exposed(body, certain):
    """(names read before they are certainly defined, names certainly defined), in order."""
    exposed, certain = set(), set(certain)
    for stmt in body:
        if isinstance(stmt, gast.If):
            exposed |= loaded_names(stmt.test) - certain
            e1, c1 = _exposed(stmt.body, certain)
            e2, c2 = _exposed(stmt.orelse, certain)
            exposed |= e1 | e2
            certain |= c1 & c2
        elif isinstance(stmt, (gast.For, gast.While)):
            header = stmt.iter if isinstance(stmt, gast.For) else stmt.test
            exposed |= loaded_names(header) - certain
            inner, _ = _exposed(stmt.body, certain | ({stmt.target.id} if isinstance(stmt, gast.For) else set()))
            exposed |= inner
        else:
            exposed |= loaded_names(stmt) - certain
            if isinstance(stmt, gast.AugAssign):
                exposed |= {stmt.target.id} - certain
            certain |= name_ids(stmt, gast.Store)
    return exposed, certain


def _reads_outside(body, loop):
    reads = set()
    for stmt in body:
        if stmt is loop:
            continue
        if isinstance(stmt, (gast.If, gast.For, gast.While)):
            header = stmt.test if not isinstance(stmt, gast.For) else stmt.iter
            reads |= loaded_names(header)
            reads |= _reads_outside(stmt.body, loop) | _reads_outside(stmt.orelse, loop)
        else:
            reads |= loaded_names(stmt)
    return reads

"""Shapes: which names provably have the same shape, so no `unbroadcast` is needed.

Each name gets a shape class: SCALAR, a symbol meaning "the shape of name v" (for a
parameter, or for a name with one definition that is not elementwise), or None (unknown).
Elementwise operations keep the class their array operands share; scalars never change it.

A class "the shape of v" holds for the values computed from one value of v.  A value made
in one iteration of a loop and read in a later one (or after the loop, when the loop did not
make it every time) may belong to an older v, whose shape can differ: such names are unknown.
"""

import gast

from ..transforms.normalize import loaded_names
from ..trees import name_ids, walk

_TOP = object()      # not yet known (optimistic start)
SCALAR = "()"


class Shapes:
    """The shape class of every name of one normal-form function."""

    def __init__(self, activity, params):
        self.activity = activity
        counts = {}
        for target, op, _ in activity.defs:
            if op.kind != "store":          # a store keeps the array's shape
                counts[target] = counts.get(target, 0) + 1
        self.single = {t for t, n in counts.items() if n == 1}
        self.classes = {}
        self.stale = _stale_names(activity.func.body)
        for p in params:
            self.classes[p] = SCALAR if activity.types.get(p) in ("int", "float") else "param:" + p
        self._solve()

    def _solve(self):
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
        cls = self._class_of_op(op, own)
        if isinstance(cls, str) and cls.startswith("def:") and cls[4:] in self.stale.get(target, ()):
            return None         # the shape of an older value of a name the loop defines again
        return cls

    def _class_of_op(self, op, own):
        from ..rules import declared
        if op.kind == "atom":
            return self.of_atom(op.args[0])
        if op.kind == "rule":
            if declared(op.key, "elementwise") and not op.keywords:
                return _broadcast([self.of_atom(a) for a in op.args], own)
            if declared(op.key, "reduction") and not op.keywords and len(op.args) == 1:
                return SCALAR
        return own

    def same(self, a, b):
        """True when atoms a and b provably have one shape."""
        ca, cb = self.of_atom(a), self.of_atom(b)
        return ca is not None and ca is not _TOP and ca == cb


def _broadcast(classes, own):
    found = _TOP
    for cls in classes:
        if cls is _TOP or cls == SCALAR:
            continue
        if cls is None:
            return None
        if found is _TOP:
            found = cls
        elif found != cls:
            return own
    if found is _TOP:
        return SCALAR if all(c == SCALAR for c in classes) else _TOP
    return found


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

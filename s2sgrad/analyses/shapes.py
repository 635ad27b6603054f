"""Shapes: which names provably have the same shape, so no `unbroadcast` is needed.

Each name gets a shape class: SCALAR, a symbol meaning "the shape of name v" (for a
parameter, or for a name with one definition that is not elementwise), or None (unknown).
Elementwise operations keep the class their array operands share; scalars never change it.
"""

import gast

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
        from ..rules import lookup
        own = ("def:" + target) if target in self.single else None
        if op.kind == "atom":
            return self.of_atom(op.args[0])
        if op.kind == "rule":
            family = lookup(op.key).template.__module__.rsplit(".", 1)[-1]
            if family in ("elementwise", "special") and not op.keywords:
                return _broadcast([self.of_atom(a) for a in op.args], own)
            if family == "reductions" and not op.keywords and len(op.args) == 1:
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

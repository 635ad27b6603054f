"""Shapes: which names provably have the same shape, so no `unbroadcast` is needed."""

import gast

_TOP = object()      # not yet known (optimistic start)
SCALAR = "()"


class Shapes:
    """A shape class per name: a parameter's name, SCALAR, or None (unknown)."""

    def __init__(self, activity, params):
        self.activity = activity
        self.classes = {p: p for p in params}
        for p in params:
            if activity.types.get(p) in ("int", "float"):
                self.classes[p] = SCALAR
        self._solve()

    def _solve(self):
        defs = [(t, op) for t, op, _ in self.activity.defs]
        for target, _ in defs:
            self.classes.setdefault(target, _TOP)
        for _ in range(len(defs) + 2):
            changed = False
            for target, op in defs:
                new = _meet(self.classes[target], self._class_of(op))
                if new is not self.classes[target] and new != self.classes[target]:
                    self.classes[target] = new
                    changed = True
            if not changed:
                break
        for name, cls in self.classes.items():
            if cls is _TOP:
                self.classes[name] = None

    def of_atom(self, atom):
        if isinstance(atom, gast.Constant):
            return SCALAR if isinstance(atom.value, (int, float)) else None
        if isinstance(atom, gast.Name):
            cls = self.classes.get(atom.id)
            if cls is None and self.activity.types.get(atom.id) in ("int", "float"):
                return SCALAR
            return cls
        return None

    def _class_of(self, op):
        from ..rules import lookup
        if op.kind == "atom":
            return self.of_atom(op.args[0])
        if op.kind == "rule":
            rule = lookup(op.key)
            family = rule.template.__module__.rsplit(".", 1)[-1]
            if family == "elementwise" and not op.keywords:
                return _broadcast([self.of_atom(a) for a in op.args])
            if family == "reductions" and not op.keywords and len(op.args) == 1:
                return SCALAR
        return None

    def same(self, a, b):
        """True when atoms a and b provably have one shape."""
        ca, cb = self.of_atom(a), self.of_atom(b)
        return ca is not None and ca is not _TOP and ca == cb


def _broadcast(classes):
    found = _TOP
    for cls in classes:
        if cls is _TOP or cls == SCALAR:
            continue
        if cls is None:
            return None
        if found is _TOP:
            found = cls
        elif found != cls:
            return None
    return SCALAR if found is _TOP and all(c == SCALAR for c in classes) else found


def _meet(a, b):
    if a is _TOP:
        return b
    if b is _TOP:
        return a
    return a if a == b else None

"""Held objects: which local names of a function may hold an object of one of its file's plain
classes (or a list of them), by where their values come from (transforms/objects.py rewrites
the calls of their methods)."""

import gast

from ..trees import walk


def may_hold_objects(node, classes, local, source):
    """The local names that may hold an object of a plain class (or a list of them), by where their
    values come from: `C(...)`; a call of a function of the file that makes such objects; an item
    of, or a name iterating over, one of those.  Not a parameter nor its items: what the callers
    pass is not known here (a list of functions, refused where called, or of objects).  A name
    that holds a function (from a list of functions, a factory, a library) is not one: a call of
    it is left as written (and refused where it needs a derivative)."""
    params = {a.id for a in node.args.args}
    sources = _value_sources(node)
    held = _HeldObjects(sources, params, local, classes, _makers(source, classes))
    return {name for name in set(sources) | params
            if held.holds(gast.Name(id=name, ctx=gast.Load(), annotation=None, type_comment=None), frozenset())}


def _value_sources(node):
    """{name: [the expressions it takes values from]}: assignments, loop targets (an item of the
    iterable) and `append`/`extend`/`insert` into it."""
    sources = {}
    for n in walk(node):
        if isinstance(n, gast.Assign):
            for target in n.targets:
                for t in _target_names(target):
                    sources.setdefault(t, []).append(n.value if isinstance(target, gast.Name) else
                                                     gast.Subscript(value=n.value, slice=None, ctx=gast.Load()))
        elif isinstance(n, (gast.For, gast.comprehension)):
            for t in _target_names(n.target):
                sources.setdefault(t, []).append(gast.Subscript(value=n.iter, slice=None, ctx=gast.Load()))
        elif isinstance(n, gast.Call) and isinstance(n.func, gast.Attribute) \
                and n.func.attr in ("append", "extend", "insert") and isinstance(n.func.value, gast.Name):
            sources.setdefault(n.func.value.id, []).extend(n.args)
    return sources


class _HeldObjects:
    """Whether an expression may hold an object of a plain class, by where its values come from."""

    def __init__(self, sources, params, local, classes, makers):
        self.sources, self.params, self.local = sources, params, local
        self.classes, self.makers = classes, makers

    def holds(self, expr, seen):
        if isinstance(expr, gast.Name):
            if expr.id in self.params:          # what a caller passes is not known here: left as written
                return False
            return expr.id in self.local and expr.id not in seen and any(
                self.holds(v, seen | {expr.id}) for v in self.sources.get(expr.id, ()))
        if isinstance(expr, gast.Call) and isinstance(expr.func, gast.Name) and expr.func.id not in self.local:
            return self._call_holds(expr, seen)
        return any(self.holds(part, seen) for part in _parts(expr))

    def _call_holds(self, expr, seen):
        fname = expr.func.id
        return fname in self.classes or fname in self.makers or \
            fname in ("list", "tuple", "reversed", "sorted") and any(self.holds(a, seen) for a in expr.args)


def _parts(expr):
    """The sub-expressions whose values `expr` may give: a subscript's base, a display's items, a
    comprehension's element, a conditional's arms, a concatenation's operands."""
    if isinstance(expr, gast.Subscript):
        return [expr.value]
    if isinstance(expr, (gast.List, gast.Tuple)):
        return expr.elts
    if isinstance(expr, (gast.ListComp, gast.GeneratorExp)):
        return [expr.elt]
    if isinstance(expr, gast.IfExp):
        return [expr.body, expr.orelse]
    if isinstance(expr, gast.BinOp) and isinstance(expr.op, gast.Add):
        return [expr.left, expr.right]
    return []


def _target_names(target):
    if isinstance(target, gast.Name):
        return [target.id]
    if isinstance(target, (gast.Tuple, gast.List)):
        return [n for e in target.elts for n in _target_names(e)]
    return []


def _makers(source, classes):
    """The module-level functions of the file that make objects of its plain classes."""
    tree = getattr(source, "tree", None)
    if tree is None or not classes:
        return set()
    return {s.name for s in tree.body if isinstance(s, gast.FunctionDef)
            and any(isinstance(c, gast.Call) and isinstance(c.func, gast.Name) and c.func.id in classes
                    for c in walk(s))}

"""Comprehension steps of `Normalize`: `[e for x in xs if c]`, dict comprehensions, `sum`, `max` and
`min` of an iterable become loops that build their result in a name."""

import gast

from ...trees import clone, walk
from .nodes import assign, assigned_names, inside, locate, name


class ComprehensionSteps:
    """Normalizes comprehensions into loops."""

    def expr_ListComp(self, node, hint):
        return self._comprehension(node, hint or "items", "list")

    def expr_DictComp(self, node, hint):
        return self._comprehension(node, hint or "table", "dict")

    def _comprehension_into(self, value, target):
        if isinstance(value, gast.Call):
            kind = "sum" if value.func.id == "sum" else "list"
            self._comprehension(value.args[0], None, kind, result=target)
            if value.func.id == "tuple":
                self.emit(assign(target, gast.Call(func=name("tuple"), args=[name(target)], keywords=[]), self.origin))
        else:
            self._comprehension(value, None, "dict" if isinstance(value, gast.DictComp) else "list", result=target)

    def _comprehension(self, node, hint, kind, result=None, start=None):
        """`[e for x in xs if c]` -> a loop that appends (or adds, for `sum`; or keeps the larger,
        for `max`) into a new name.  `start`: the sum's start, or the extremum's default."""
        node = self._own_scope(node)
        result = result or self.namer.fresh(hint)
        if kind in ("max", "min"):
            return self._extremum(node, result, kind, start)
        start = start if start is not None else {"list": gast.List(elts=[], ctx=gast.Load()),
                                                 "dict": gast.Dict(keys=[], values=[]),
                                                 "sum": gast.Constant(value=0, kind=None)}[kind]
        self.emit(assign(result, self.expr(start), self.origin))
        if kind == "list":
            call = gast.Call(func=gast.Attribute(value=name(result), attr="append", ctx=gast.Load()),
                             args=[node.elt], keywords=[])
            inner = [locate(gast.Expr(value=call), self.origin)]
        elif kind == "dict":
            slot = gast.Subscript(value=name(result), slice=node.key, ctx=gast.Store())
            inner = [locate(gast.Assign(targets=[slot], value=node.value, type_comment=None), self.origin)]
        else:
            total = gast.BinOp(left=name(result), op=gast.Add(), right=node.elt)
            inner = [assign(result, total, self.origin)]
        return self._loop(node, inner, result)

    def _extremum(self, node, result, kind, default):
        """`max(e for x in xs)` -> `first = True; for x in xs: item = e; if first: m = item else:
        m = max(m, item); first = False`, then the default, or Python's ValueError, if none came."""
        first = self.namer.fresh("first")
        item = self.namer.fresh("item")
        self.emit(assign(first, gast.Constant(value=True, kind=None), self.origin))
        if default is not None:
            self.emit(assign(result, self.expr(default), self.origin))
        larger = gast.Call(func=name(kind), args=[name(result), name(item)], keywords=[])
        inner = [assign(item, node.elt, self.origin),
                 locate(gast.If(test=name(first), body=[assign(result, name(item), self.origin)],
                                 orelse=[assign(result, larger, self.origin)]), self.origin),
                 assign(first, gast.Constant(value=False, kind=None), self.origin)]
        self._loop(node, inner, result)
        if default is None:
            error = gast.Call(func=name("ValueError"), args=[gast.Constant(value=f"{kind}() iterable argument is empty",
                                                                            kind=None)], keywords=[])
            self.emit(gast.If(test=name(first), body=[locate(gast.Raise(exc=error, cause=None), self.origin)],
                              orelse=[]))
        return name(result)

    def _loop(self, node, inner, result):
        """The comprehension's loops around `inner`, normalized into the output; `result` its name."""
        for gen in reversed(node.generators):
            for cond in reversed(gen.ifs):
                inner = [locate(gast.If(test=cond, body=inner, orelse=[]), self.origin)]
            inner = [locate(gast.For(target=gen.target, iter=gen.iter, body=inner, orelse=[],
                                      type_comment=None), self.origin)]
        self.locals |= assigned_names(inner)
        for stmt in inner:
            self.origin = stmt
            getattr(self, "stmt_" + type(stmt).__name__, self.stmt_keep)(stmt)
        return name(result)

    def _own_scope(self, node):
        """The comprehension with its loop variables renamed where the function uses the same
        names: a comprehension's variables are its own, and the loop it becomes must not
        overwrite the function's `k`, nor hide a global `k` read after it (the first
        iterable is read in the enclosing scope)."""
        bound = {n.id for gen in node.generators for n in walk(gen.target) if isinstance(n, gast.Name)}
        clash = sorted(bound & self.outer_names)
        if not clash:
            return node
        renames = {old: self.namer.fresh(old) for old in clash}
        node = clone(node)
        first_iter = node.generators[0].iter
        for part in walk(node):
            if isinstance(part, gast.Name) and part.id in renames and not inside(part, first_iter):
                part.id = renames[part.id]
        return node

"""Comprehension steps of `Normalize`: `[e for x in xs if c]`, dict comprehensions, `sum`, `max` and
`min` of an iterable become loops that build their result in a name."""

import gast

from ...trees import clone, walk
from .nodes import assign, assigned_names, inside, is_call_to, locate, name


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

    def _comprehension(self, node, hint, kind, result=None, start=None, key=None):
        """`[e for x in xs if c]` -> a loop that appends (or adds, for `sum`; or keeps the larger,
        for `max`, by `key` where given) into a new name.  `start`: the sum's start, or the
        extremum's default."""
        node = self._own_scope(node)
        result = result or self.namer.fresh(hint)
        if kind in ("max", "min"):
            return self._extremum(node, result, kind, start, key)
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

    def _extremum(self, node, result, kind, default, key=None):
        """`max(e for x in xs)` -> `first = True; for x in xs: item = e; if first: m = item else:
        m = max(m, item); first = False`, then the default, or Python's ValueError, if none came.
        Tuples, and items compared by `key`, are compared as Python does: the winner taken whole."""
        first = self.namer.fresh("first")
        item = self.namer.fresh("item")
        self.emit(assign(first, gast.Constant(value=True, kind=None), self.origin))
        if default is not None:
            self.emit(assign(result, self.expr(default), self.origin))
        if key is not None:
            inner = self._keyed_extremum(node, result, kind, key, first, item)
        else:
            inner = [assign(item, node.elt, self.origin),
                     locate(gast.If(test=name(first), body=[assign(result, name(item), self.origin)],
                                    orelse=self._larger(node, result, kind, item)), self.origin),
                     assign(first, gast.Constant(value=False, kind=None), self.origin)]
        self._loop(node, inner, result)
        return self._empty_check(kind, first, default, result)

    def _larger(self, node, result, kind, item):
        if _of_tuples(node):        # compared as Python does, first to last: the winner is taken whole
            beats = gast.Compare(left=name(item), ops=[gast.Gt() if kind == "max" else gast.Lt()],
                                 comparators=[name(result)])
            return [locate(gast.If(test=beats, body=[assign(result, name(item), self.origin)], orelse=[]),
                           self.origin)]
        return [assign(result, gast.Call(func=name(kind), args=[name(result), name(item)], keywords=[]),
                       self.origin)]

    def _keyed_extremum(self, node, result, kind, key, first, item):
        """The loop body of `max(xs, key=f)`: the item whose key beats the best so far (the first
        of equal ones, as Python keeps it), taken whole; its key is compared, not differentiated."""
        best, score = self.namer.fresh("best_key"), self.namer.fresh("key_of_item")
        keep = [assign(result, name(item), self.origin), assign(best, name(score), self.origin)]
        beats = gast.Compare(left=name(score), ops=[gast.Gt() if kind == "max" else gast.Lt()],
                             comparators=[name(best)])
        return [assign(item, node.elt, self.origin),
                assign(score, gast.Call(func=clone(key), args=[name(item)], keywords=[]), self.origin),
                locate(gast.If(test=name(first), body=keep,
                               orelse=[locate(gast.If(test=beats, body=clone(keep), orelse=[]), self.origin)]),
                       self.origin),
                assign(first, gast.Constant(value=False, kind=None), self.origin)]

    def _empty_check(self, kind, first, default, result):
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


def _of_tuples(node):
    """Whether a comprehension yields tuples: a tuple display, or the items of `zip` or `enumerate`."""
    if isinstance(node.elt, gast.Tuple):
        return True
    first = node.generators[0]
    return isinstance(node.elt, gast.Name) and isinstance(first.target, gast.Name) \
        and node.elt.id == first.target.id and (is_call_to(first.iter, "zip") or is_call_to(first.iter, "enumerate"))

"""Call steps of `Normalize`: a call gets atom arguments, static `*xs`/`**kw` expanded, and the builtins
that amount to loops (`max(xs)`, `sum(xs, start)`, `dict(zip(ks, vs))`, `map`, `zip`) rewritten."""

import gast

from ...scope import ModuleScope
from ...analyses.ops import dotted
from ...trees import clone
from ..lists import pop_parts
from .displays import static_keywords, static_unpacking
from .nodes import dict_method, generator, is_call_to, name
from ...errors import Diagnostic

_EXTREMUM_HINT = {"max": "largest", "min": "smallest"}


class CallSteps:
    """Normalizes calls."""

    # The forms a call may take that are rewritten, tried in order: each is a method
    # `(node, hint) -> expression or None`.  A call of none of them keeps its function.
    CALL_FORMS = ("_call_pop", "_call_rewritten", "_call_sorted_by_keys", "_call_extremum_of_many", "_call_extremum_of_iterable",
                  "_call_sum_start", "_call_over_items")

    def expr_Call(self, node, hint):
        """A call over atoms, or what the call amounts to (see `CALL_FORMS`)."""
        for form in self.CALL_FORMS:
            value = getattr(self, form)(node, hint)
            if value is not None:
                return value
        return self.call(node)

    def _call_pop(self, node, hint):
        """`xs.pop(k)` on a private list (statements.py)."""
        return self._pop(node, hint) if pop_parts(node, self.private_lists) is not None else None

    def _call_rewritten(self, node, hint):
        rewritten = self._rewritten(node)
        return self.expr(rewritten, hint) if rewritten is not None else None

    def _call_sorted_by_keys(self, node, hint):
        """`sorted(zip(ks, vs))` and `sorted(xs, key=f)`: the items gathered in the order that
        `sort_order` finds from what the sort compares (`ks`, or `f` of each item), which carries no
        derivative: `[items[k] for k in order]`, each item keeping its own (runtime/trees.py)."""
        if not (self._builtin(node.func, ("sorted",)) and len(node.args) == 1
                and not isinstance(node.args[0], gast.Starred)
                and all(k.arg in ("key", "reverse") for k in node.keywords)):
            return None
        iterable, keywords = node.args[0], [gast.keyword(arg=k.arg, value=self.atom(k.value)) for k in node.keywords]
        where = gast.keyword(arg="where", value=gast.Constant(value=self._where(node), kind=None))
        if any(k.arg == "key" for k in keywords):
            items = self.atom(gast.Call(func=name("list"), args=[iterable], keywords=[]), hint="items")
            order = gast.Call(func=name("sort_order"), args=[items], keywords=keywords + [where])
        elif is_call_to(iterable, "zip") and len(iterable.args) >= 2 and not iterable.keywords \
                and not any(isinstance(a, gast.Starred) for a in iterable.args):
            keys = self.atom(gast.Call(func=name("list"), args=[iterable.args[0]], keywords=[]), hint="keys")
            pairs = gast.Call(func=iterable.func, args=[keys] + iterable.args[1:], keywords=[])
            items = self.atom(pairs, hint="items")
            count = gast.keyword(arg="count", value=self.atom(gast.Call(func=name("len"), args=[items], keywords=[])))
            ties = gast.keyword(arg="ties", value=gast.Constant(value=False, kind=None))
            order = gast.Call(func=name("sort_order"), args=[keys], keywords=keywords + [count, ties, where])
        else:
            return None
        position = name(self.namer.fresh("position"))
        item = gast.Subscript(value=clone(items), slice=clone(position), ctx=gast.Load())
        gather = gast.ListComp(elt=item, generators=[generator([position], self.atom(order, hint="order"))])
        return self.expr(gather, hint or "in_order")

    def _where(self, node):
        """`file:line:col` of `node` in the user's source, the line and a caret: for a refusal
        made where the emitted code runs."""
        loc = self.source_location(node)
        return Diagnostic(loc, "").render().replace(": error: ", "", 1)

    def _call_extremum_of_many(self, node, hint):
        """max(a, b, c) -> max(max(a, b), c): the same value, through the rule of two arguments."""
        func = node.func
        if self._builtin(func, ("max", "min")) and len(node.args) >= 2 and not node.keywords \
                and all(isinstance(a, (gast.List, gast.Tuple)) for a in node.args):
            return self._extremum_of_displays(node, hint)
        if not (self._builtin(func, ("max", "min")) and len(node.args) > 2 and not node.keywords
                and not any(isinstance(a, gast.Starred) for a in node.args)):
            return None
        inner = gast.Call(func=func, args=node.args[:-1], keywords=[])
        return self.call(gast.Call(func=func, args=[self.atom(inner), node.args[-1]], keywords=[]))

    def _extremum_of_displays(self, node, hint):
        """min([a, b], [c, d]): lists or tuples compared as Python does, first to last, the winner
        taken whole (the first of equals): `B if B < A else A`, argument by argument."""
        beats = gast.Gt() if node.func.id == "max" else gast.Lt()
        best = self.atom(node.args[0])
        for arg in node.args[1:]:
            other = self.atom(arg)
            test = gast.Compare(left=clone(other), ops=[beats], comparators=[clone(best)])
            best = self.atom(gast.IfExp(test=test, body=clone(other), orelse=clone(best)),
                             hint=hint or _EXTREMUM_HINT[node.func.id])
        return best

    def _call_extremum_of_iterable(self, node, hint):
        """max(xs), min(f(v) for v in xs): a loop over the items through the rule of two arguments;
        max(xs, key=f): the item whose key wins, taken whole.  A name is iterated as a list of it
        (a dict: its keys, as Python iterates it)."""
        if not self._extremum_of_iterable(node):
            return None
        default = next((k.value for k in node.keywords if k.arg == "default"), None)
        key = next((k.value for k in node.keywords if k.arg == "key"), None)
        iterable = node.args[0]
        if isinstance(iterable, gast.Name):
            iterable = gast.Call(func=name("list"), args=[iterable], keywords=[])
        return self._comprehension(self._as_generator(iterable), hint or _EXTREMUM_HINT[node.func.id],
                                   node.func.id, start=default, key=key)

    def _call_sum_start(self, node, hint):
        """sum(xs, start): start + xs[0] + xs[1] + ..., as Python adds them, in a loop."""
        start = self._sum_start(node)
        if start is None:
            return None
        return self._comprehension(self._as_generator(node.args[0]), hint or "total", "sum", start=start)

    def _call_over_items(self, node, hint):
        """`sum(e for ...)`, `list(d.keys())`, `tuple(d.items())`: a loop over the items (over the
        dict's keys, as `for` makes; an item of `items()` is the pair (key, value))."""
        func = node.func
        if not (self._builtin(func, ("sum", "list", "tuple", "any", "all")) and len(node.args) == 1
                and (isinstance(node.args[0], (gast.GeneratorExp, gast.ListComp))
                     or dict_method(node.args[0]) in ("keys", "values", "items"))):
            return None
        if func.id == "sum":
            return self._comprehension(self._as_generator(node.args[0]), hint or "total", "sum")
        items = self._comprehension(self._as_pairs(node.args[0]), hint or "items", "list")
        if func.id in ("tuple", "any", "all"):        # any/all of the list: every test evaluated
            return gast.Call(func=name(func.id), args=[items], keywords=[])
        return items

    def _rewritten(self, node):
        """`dict(zip(ks, vs))`, `map(f, xs)` and `zip(xs, ys)` as a value: the comprehension they
        amount to (a list for map and zip: what is done with the iterator, a list allows too);
        a namedtuple's `p._replace(W=w)` -> `replace_field(p, w, "W")`; a mapping's `d.get(k, v)`
        -> `d[k] if has_key(d, k) else v`; else None."""
        return self._mapping_get(node) or self._record_replace(node) or self._builtin_as_comprehension(node)

    def _mapping_get(self, node):
        """`d.get(k, v)` -> `d[k] if has_key(d, k) else v` (names and constants only: nothing is
        evaluated twice or skipped that has an effect; `has_key` refuses anything but a mapping
        where it runs); else None."""
        func = node.func
        if not (isinstance(func, gast.Attribute) and func.attr == "get" and isinstance(func.value, gast.Name)
                and func.value.id in self.locals and not node.keywords and 1 <= len(node.args) <= 2
                and all(isinstance(a, (gast.Name, gast.Constant)) for a in node.args)):
            return None
        mapping, key = func.value, node.args[0]
        default = node.args[1] if len(node.args) == 2 else gast.Constant(value=None, kind=None)
        test = gast.Call(func=name("has_key"), args=[clone(mapping), clone(key)], keywords=[])
        item = gast.Subscript(value=clone(mapping), slice=clone(key), ctx=gast.Load())
        return gast.IfExp(test=test, body=item, orelse=clone(default))

    def _record_replace(self, node):
        """p._replace(W=w, b=c) (or dataclasses.replace(p, W=w, b=c)) -> replace_field(replace_field(p, w,
        "W"), c, "b"); else None."""
        func = node.func
        if self._dataclasses_replace(node):
            record = node.args[0]
        elif not (isinstance(func, gast.Attribute) and func.attr == "_replace" and not node.args and node.keywords
                  and not self._global_dotted(func) and all(k.arg is not None for k in node.keywords)):
            return None
        else:
            record = func.value
        for k in node.keywords:
            record = gast.Call(func=name("replace_field"),
                               args=[record, k.value, gast.Constant(value=k.arg, kind=None)], keywords=[])
        return record

    def _dataclasses_replace(self, node):
        """Whether `node` is `dataclasses.replace(p, W=w, ...)` (or `replace` imported from dataclasses)."""
        if len(node.args) != 1 or not node.keywords or any(k.arg is None for k in node.keywords):
            return False
        parts = dotted(node.func)
        if not parts or parts[0] in self.locals or len(parts) > 2 or self.source is None:
            return False
        imports = _scope(self.source).imports
        bound = imports.get(parts[0], (None, None, None))[:2]
        return bound == ("dataclasses", "replace") if len(parts) == 1 else \
            bound == ("dataclasses", None) and parts[1] == "replace"

    def _builtin_as_comprehension(self, node):
        """`dict(zip(ks, vs))`, `map(f, xs)`, `zip(xs, ys)`, `sorted(d.items())` as a value: a
        comprehension; else None."""
        func = node.func
        sorted_items = self._sorted_items_as_comprehension(node)
        if sorted_items is not None:
            return sorted_items
        if not isinstance(func, gast.Name) or func.id in self.locals or node.keywords or \
                any(isinstance(a, gast.Starred) for a in node.args) and func.id != "zip":
            return None
        rewrite = {"dict": self._dict_of_zip, "map": self._map_as_list, "zip": self._zip_as_list}.get(func.id)
        return rewrite(node) if rewrite is not None else None

    def _sorted_items_as_comprehension(self, node):
        """`sorted(d.items(), ...)` -> the pairs `(k, d[k])` in the order of the keys it sorts them
        to; `dict(sorted(d.items()))` -> `{k: d[k] ...}`; else None."""
        if self._sorted_items(node):
            key, value, loop = self._sorted_pairs(node)
            return gast.ListComp(elt=gast.Tuple(elts=[key, value], ctx=gast.Load()), generators=[loop])
        if self._builtin(node.func, ("dict",)) and len(node.args) == 1 and not node.keywords \
                and self._sorted_items(node.args[0]):
            key, value, loop = self._sorted_pairs(node.args[0])
            return gast.DictComp(key=key, value=value, generators=[loop])
        return None

    def _sorted_items(self, node):
        """`sorted(d.items())`, with `key=` or `reverse=` or neither."""
        return isinstance(node, gast.Call) and self._builtin(node.func, ("sorted",)) and len(node.args) == 1 \
            and not isinstance(node.args[0], gast.Starred) and dict_method(node.args[0]) == "items" \
            and all(k.arg in ("key", "reverse") for k in node.keywords)

    def _sorted_pairs(self, node):
        """`k`, `d[k]` and `for k in sorted_item_keys(d, ...)` for `sorted(d.items(), ...)`."""
        table = node.args[0].func.value
        keys = gast.Call(func=name("sorted_item_keys"), args=[clone(table)], keywords=node.keywords)
        key = name(self.namer.fresh("key"))
        return key, gast.Subscript(value=clone(table), slice=clone(key), ctx=gast.Load()), generator([key], keys)

    def _dict_of_zip(self, node):
        """`dict(zip(ks, vs))` -> `{key: value for key, value in zip(ks, vs)}`; else None."""
        if not (len(node.args) == 1 and is_call_to(node.args[0], "zip") and len(node.args[0].args) == 2
                and not node.args[0].keywords):
            return None
        key, value = name(self.namer.fresh("key")), name(self.namer.fresh("value"))
        return gast.DictComp(key=key, value=value, generators=[generator([key, value], node.args[0])])

    def _map_as_list(self, node):
        """`map(f, xs, ys)` -> `[f(a, b) for a, b in zip(xs, ys)]`; else None."""
        if len(node.args) < 2:
            return None
        items = [name(self.namer.fresh("item")) for _ in node.args[1:]]
        source = node.args[1] if len(items) == 1 else gast.Call(func=name("zip"), args=node.args[1:], keywords=[])
        elt = gast.Call(func=node.args[0], args=items, keywords=[])
        return gast.ListComp(elt=elt, generators=[generator(items, source)])

    def _zip_as_list(self, node):
        """`zip(xs, ys)` of sequences by name or display (what the loop indexes) -> `[(a, b) for a,
        b in zip(xs, ys)]`; `zip(*pairs)` where their count is static; else None."""
        if not (node.args and not getattr(node, "s2s_iterated", False)
                and all(isinstance(a, (gast.Starred, gast.Name, gast.Tuple, gast.List)) for a in node.args)):
            return None
        call = self.call(node)
        if any(isinstance(a, gast.Starred) for a in call.args):
            return None
        call.s2s_iterated = True            # the comprehension's own iterable: not rewritten again
        items = [name(self.namer.fresh("item")) for _ in call.args]
        return gast.ListComp(elt=gast.Tuple(elts=items, ctx=gast.Load()), generators=[generator(items, call)])

    def _builtin(self, func, names):
        return isinstance(func, gast.Name) and func.id in names and func.id not in self.locals

    def _extremum_of_iterable(self, node):
        """`max(iterable)`, `min(iterable, default=d)`, `max(iterable, key=f)`: one positional operand."""
        return self._builtin(node.func, ("max", "min")) and len(node.args) == 1 \
            and not isinstance(node.args[0], gast.Starred) and all(k.arg in ("default", "key") for k in node.keywords)

    def _sum_start(self, node):
        """The start of `sum(iterable, start)` or `sum(iterable, start=s)`, else None."""
        if not self._builtin(node.func, ("sum",)) or any(isinstance(a, gast.Starred) for a in node.args):
            return None
        if len(node.args) == 2 and not node.keywords:
            return node.args[1]
        if len(node.args) == 1 and [k.arg for k in node.keywords] == ["start"]:
            return node.keywords[0].value
        return None

    def _as_generator(self, iterable):
        """`xs` -> `(item for item in xs)`; a comprehension stays as it is."""
        if isinstance(iterable, (gast.GeneratorExp, gast.ListComp)):
            return iterable
        item = self.namer.fresh("item")
        target = gast.Name(id=item, ctx=gast.Store(), annotation=None, type_comment=None)
        loop = gast.comprehension(target=target, iter=iterable, ifs=[], is_async=0)
        return gast.GeneratorExp(elt=name(item), generators=[loop])

    def _as_pairs(self, iterable):
        """`d.items()` -> `((k, v) for k, v in d.items())`, which `for` reads as a loop over the keys;
        any other iterable as `_as_generator` makes it."""
        if dict_method(iterable) != "items":
            return self._as_generator(iterable)
        key, value = self.namer.fresh("key"), self.namer.fresh("value")
        pair = gast.Tuple(elts=[name(key), name(value)], ctx=gast.Load())
        loop = generator([name(key), name(value)], iterable)
        return gast.GeneratorExp(elt=pair, generators=[loop])

    def call(self, node):
        func = self.func_ref(node.func)
        args, keywords = [], []
        for a in node.args:
            items = static_unpacking(a.value, self.displays) if isinstance(a, gast.Starred) else [a]
            if items is None:           # a length known only at run time: `*atom` stays (see Starred in check)
                args.append(gast.Starred(value=self.atom(a.value), ctx=gast.Load()))
            else:
                args.extend(self.atom(item) for item in items)
        for k in node.keywords:
            pairs = [(k.arg, k.value)] if k.arg is not None else static_keywords(k.value, self.displays)
            keywords.extend(gast.keyword(arg=key, value=self.atom(value)) for key, value in pairs)
        call = gast.Call(func=func, args=args, keywords=keywords)
        if hasattr(node, "s2s_partial"):           # a call of a partial (transforms/partials.py): its name
            call.s2s_partial = node.s2s_partial
        return call

    def func_ref(self, func):
        """A global dotted name stays as written; `value.method` gets an atom receiver."""
        if self._global_dotted(func):
            return func
        if isinstance(func, gast.Attribute):
            method = gast.Attribute(value=self.atom(func.value), attr=func.attr, ctx=gast.Load())
            method.lineno, method.col_offset = getattr(func, "lineno", None), getattr(func, "col_offset", 0)
            return method
        return self.atom(func)

    def _global_dotted(self, node):
        while isinstance(node, gast.Attribute):
            node = node.value
        return isinstance(node, gast.Name) and node.id not in self.locals


def _scope(source):
    """The top-level bindings of the user's file (scope.py), read once per file."""
    scope = getattr(source, "s2s_scope", None)
    if scope is None:
        scope = source.s2s_scope = ModuleScope(source)
    return scope

"""Builtin sums of arrays: `sum(a, start)`, where `a` is what a NumPy ufunc returns, -> `start +
a.sum(axis=0)`, one reduction instead of a loop over the items.

    ynorm = y - np.log(sum(np.exp(y), 2))   --->   ynorm = y - np.log(2 + np.exp(y).sum(axis=0))

Python's `sum` iterates an array over its first axis, adding the items (rows) to the start one
by one: the same value as the start plus the array summed over that axis (up to the order of
the additions).  The normal form writes any other `sum(xs, start)` as a loop over the items
(normalize/calls.py), which a list needs: its items may be of any kind.  A ufunc returns an
array whenever the builtin sum of what it returns can run at all (a number is not iterable).
"""

import builtins

import gast
import numpy as np

from ..analyses.ops import dotted
from ..resolve import resolve_dotted
from ..trees import Transformer, clone, walk


def sum_arrays(node, resolver):
    """`node` with each builtin `sum(a, start)` (or `sum(a)`) of a ufunc's result `a` written as
    `start + a.sum(axis=0)`; `node` itself when it has none."""
    nodes = list(walk(node))
    local = {a.id for a in node.args.args} | \
        {n.id for n in nodes if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load)}
    rewrite = _SumsOfArrays(local, resolver)
    if not any(rewrite.operand(n) is not None for n in nodes if isinstance(n, gast.Call)):
        return node
    return rewrite.visit(clone(node))       # (the parsed function is shared: rewritten as a copy)


class _SumsOfArrays(Transformer):
    def __init__(self, local, resolver):
        self.local = local
        self.resolver = resolver

    def _resolved(self, func):
        parts = dotted(func)
        if not parts or parts[0] in self.local:
            return None
        try:
            return resolve_dotted(self.resolver, parts)
        except Exception:       # noqa: BLE001 (a name the resolver cannot see is neither)
            return None

    def operand(self, node):
        """The array `a` of `sum(a)`, `sum(a, start)` or `sum(a, start=s)`, and the start (or
        None), where `node` is such a call of the builtin and `a` a ufunc's call; else None."""
        args, keywords = node.args, node.keywords
        if not (1 <= len(args) + len(keywords) <= 2 and len(args) >= 1 and all(k.arg == "start" for k in keywords)) \
                or any(isinstance(a, gast.Starred) for a in args) or self._resolved(node.func) is not builtins.sum:
            return None
        array = args[0]
        if not (isinstance(array, gast.Call) and isinstance(self._resolved(array.func), np.ufunc)):
            return None
        start = args[1] if len(args) == 2 else keywords[0].value if keywords else None
        return array, start

    def visit_Call(self, node):
        node = self.generic_visit(node)
        found = self.operand(node)
        if found is None:
            return node
        array, start = found
        method = gast.Attribute(value=array, attr="sum", ctx=gast.Load())
        gast.copy_location(method, node)
        axis = gast.keyword(arg="axis", value=gast.Constant(value=0, kind=None))
        total = gast.copy_location(gast.Call(func=method, args=[], keywords=[axis]), node)
        if start is None:
            return total
        return gast.copy_location(gast.BinOp(left=start, op=gast.Add(), right=total), node)

"""Optimize: to a fixed point, hoist pushes, propagate copies, remove dead code, fold temporaries.

Only names the transformation made up (`generated`) are propagated or folded, so the
user's own statements keep their shape.  Folding never crosses a push, a pop, a call with
effects, or a write to anything the folded expression reads, and never moves code into a
loop.  The passes are modules of their own (`hoist`, `fold`, `propagate`, `eliminate`); they
share one `census.Census` of the statements' facts, kept across the rounds; `unshare` gives
every place in the tree a node of its own first.
"""

import re

import gast

from ...trees import Transformer, push_children, walk
from .census import Census
from .eliminate import eliminate_dead_code, eliminate_dead_pairs, eliminate_dead_stores
from .fold import fold_temporaries
from .hoist import hoist_pushes
from .propagate import propagate_copies
from .unshare import check_contexts, unshare

__all__ = ["optimize", "unshare", "compact_names", "hoist_pushes", "fold_temporaries", "propagate_copies",
           "eliminate_dead_code", "eliminate_dead_stores", "eliminate_dead_pairs"]


def optimize(func, generated):
    """Rewrite `func` (a FunctionDef) in place until no pass changes it."""
    if not unshare(func):
        check_contexts(func)        # raises, naming the first such name in walk order
    census = Census(generated)
    for _ in range(20):
        changed = hoist_pushes(func.body, census)
        changed |= fold_temporaries(func, generated, census)
        changed |= propagate_copies(func.body, generated, census)
        changed |= eliminate_dead_code(func, generated, census)
        changed |= eliminate_dead_stores(func, generated, census)
        changed |= eliminate_dead_pairs(func)
        if not changed:
            break
    names, untidy = _final_census(func)
    compact_names(func, generated, names)
    _tidy(func, untidy)
    return func


def _final_census(func):
    """One walk for the last two steps: the function's `Name` nodes, and which of its parts
    `_Tidy` would rewrite (the statements of its body by index; None: a part outside them)."""
    found, untidy = [], set()
    rest = []
    for field in func._fields:
        value = getattr(func, field, None)
        if field != "body":
            rest += value if type(value) is list else [value]
    for part, nodes in [(k, [stmt]) for k, stmt in enumerate(func.body)] + [(None, rest)]:
        todo = [n for n in nodes if isinstance(n, gast.AST)]
        pop, push = todo.pop, todo.append
        while todo:
            node = pop()
            cls = type(node)
            if cls is gast.Name:
                found.append(node)
            elif cls is gast.BinOp or cls is gast.AugAssign:
                if part not in untidy and _untidy(node):
                    untidy.add(part)
            if cls is not gast.Constant:
                push_children(node, push)
    return found, untidy


def _untidy(node):
    """Whether `_Tidy` rewrites `node` (a BinOp or an AugAssign): its rewrites make no new
    candidates, so what it changes is known before it runs."""
    if isinstance(node, gast.AugAssign):
        return isinstance(node.op, gast.Add) and isinstance(node.value, gast.UnaryOp) \
            and isinstance(node.value.op, gast.USub)
    right = node.right
    if isinstance(node.op, gast.Mult):
        return isinstance(node.left, gast.Constant) and node.left.value == 2 \
            and isinstance(right, gast.BinOp) and isinstance(right.op, gast.Mult)
    return isinstance(node.op, gast.Add) and isinstance(right, gast.UnaryOp) and isinstance(right.op, gast.USub)


def _tidy(func, untidy):
    """`_Tidy` on the parts of `func` it rewrites (all of it when a part outside the body is one)."""
    if None in untidy:
        _Tidy().visit(func)
        return
    for k in sorted(untidy):
        func.body[k] = _Tidy().visit(func.body[k])


class _Tidy(Transformer):
    """Exact rewrites for reading: `2 * (a * b)` -> `2 * a * b`; `a + -b` -> `a - b`."""

    def visit_BinOp(self, node):
        self.generic_visit(node)
        right = node.right
        if isinstance(node.op, gast.Mult) and isinstance(node.left, gast.Constant) and node.left.value == 2 \
                and isinstance(right, gast.BinOp) and isinstance(right.op, gast.Mult):
            return gast.BinOp(left=gast.BinOp(left=node.left, op=gast.Mult(), right=right.left),
                              op=gast.Mult(), right=right.right)
        if isinstance(node.op, gast.Add) and isinstance(right, gast.UnaryOp) and isinstance(right.op, gast.USub):
            return gast.BinOp(left=node.left, op=gast.Sub(), right=right.operand)
        return node

    def visit_AugAssign(self, node):
        self.generic_visit(node)
        value = node.value
        if isinstance(node.op, gast.Add) and isinstance(value, gast.UnaryOp) and isinstance(value.op, gast.USub):
            node.op, node.value = gast.Sub(), value.operand      # `d += -g` -> `d -= g`
        return node


def compact_names(func, generated, names=None):
    """`y_times_y_2` -> `y_times_y` where the shorter name is free in the function (`names`:
    its `Name` nodes, when the caller has them)."""
    if names is None:
        names = [n for n in walk(func) if isinstance(n, gast.Name)]
    taken = {n.id for n in names}
    local = {a.id for a in func.args.args} | {n.id for n in names if type(n.ctx) is gast.Store}
    renames = _shorter_names(sorted(local & set(generated)), local, taken)
    if renames:
        for n in names:
            if n.id in renames:
                n.id = renames[n.id]


def _shorter_names(candidates, local, taken):
    """{generated name: the same without its numeric suffix} where that is free (`taken` grows),
    an adjoint `d_<name>` following its primal's rename."""
    renames = {}
    for old in candidates:
        match = re.fullmatch(r"(.+)_(\d+)", old)
        if not match or old.startswith("d_") or match.group(1) in taken:
            continue
        renames[old] = match.group(1)
        taken.add(match.group(1))
        if "d_" + old in local and "d_" + match.group(1) not in taken:     # its adjoint follows
            renames["d_" + old] = "d_" + match.group(1)
            taken.add("d_" + match.group(1))
    return renames

"""Sorting in normal form: `sorted(xs)` of values that vary with the inputs guarded where it runs."""

import gast

from .normalize import name
from ..analyses.activity import simple_statements


def guard_sorted(func, activity, source):
    """`sorted(xs)` has no derivative as a sort of keys (a dict's, strings): where xs varies with
    the inputs, call `sorted_keys`, which refuses differentiable numbers where it runs (and says
    where: `where="file:line"`).  (`sorted(xs, key=f)` gathers the items in the order of their keys,
    `sort_order`, which needs no guard: transforms/normalize/calls.py.)"""
    for stmt in simple_statements(func.body):
        op = activity.ops.get(id(stmt))
        if op is not None and op.key is sorted and set(op.operands()) & activity.varied:
            stmt.value.func = name("sorted_keys")
            loc = source.location(stmt)
            stmt.value.keywords.append(gast.keyword(arg="where", value=gast.Constant(
                value=f"{loc.filename}:{loc.line}", kind=None)))

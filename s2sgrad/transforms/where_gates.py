"""Branches of `np.where` in normal form: the values a branch computes from are read through
`only_where`, so that its derivative at the positions the where does not take stays out of
their gradients.

`np.where(x > 0, np.sqrt(x), 0.0)` at x = -1 has derivative 0, as finite differences and
forward mode say; the adjoint of the where gives sqrt's result a zero cotangent there, and
sqrt's adjoint multiplies it by 1 / (2 sqrt(-1)), a nan.  Reading x through `only_where(is_gt,
x)` in the branch (the same value) makes the gradient that reaches x zero where the branch was
not taken, whatever it is there.  Only branches made of elementwise operations, one of which
can have a derivative that is not finite where its value is (a pole, a branch point, an
overflow), are gated: there every position of a value reaches only the same positions of the
where, and the gate is exact.
"""

import operator

import gast
import numpy as np

from .. import rules
from ..analyses.activity import statement_lists
from ..trees import walk
from .normalize import name

# Derivatives that are nan or inf at points where the function is defined or overflows.
_SINGULAR = {np.sqrt, np.cbrt, np.log, np.log2, np.log10, np.log1p, np.arcsin, np.arccos, np.arctanh, np.arccosh,
             np.reciprocal, np.power, np.float_power, np.exp, np.exp2, np.expm1, np.tan, np.divide, np.true_divide,
             np.sinh, np.cosh, np.arctan2, np.logaddexp, np.logaddexp2}
_GATES = ("only_where", "only_where_not")


def gate_wheres(func, activity, namer, mode):
    """Gate the branches of every `np.where` in `func`'s normal form (reverse mode: forward mode
    takes the branch's tangent alone); whether any was."""
    if mode != "reverse" or not any(_is_where(op) for op in activity.ops.values()):
        return False
    uses = _loads(func)
    changed = False
    for block in statement_lists(func.body):
        changed |= _gate_block(block, activity, namer, uses)
    return changed


def _is_where(op):
    """`np.where(c, a, b)`, the operation gated."""
    return op.kind == "rule" and op.key is np.where and len(op.args) == 3 and not op.keywords


def _loads(func):
    counts = {}
    for node in walk(func):
        if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Load):
            counts[node.id] = counts.get(node.id, 0) + 1
    return counts


def _gate_block(block, activity, namer, uses):
    """Gate the wheres of one block: each gate goes just before the statement that reads the value."""
    written, inserts = {}, []
    for i, stmt in enumerate(block):
        op = activity.ops.get(id(stmt))
        if op is not None and _is_where(op):
            inserts += _gates(op, i, block, written, activity, uses, namer)
        for node in walk(stmt):
            if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Store):
                written[node.id] = i
    for at, gate in sorted(inserts, key=lambda pair: -pair[0]):
        block.insert(at, gate)
    return bool(inserts)


def _gates(op, at, block, written, activity, uses, namer):
    """The gate statements for both branches of the where `op` at `block[at]`, with their places."""
    cond = op.args[0]
    if not isinstance(cond, gast.Name):
        return []
    out = []
    for branch, gate in zip(op.args[1:], _GATES):
        steps, leaves = [], []
        _chain(branch, at, block, written, activity, uses, steps, leaves)
        if not steps or not any(_singular(activity.ops[id(block[j])]) for j in steps):
            continue
        if any(written.get(cond.id, -1) >= j for j, _ in leaves):     # the condition is made after the branch
            continue
        for j, leaf in leaves:
            gated = namer.fresh(f"{leaf.id}_{'where' if gate == 'only_where' else 'where_not'}_{cond.id}")
            call = gast.Call(func=name(gate), args=[name(cond.id), name(leaf.id)], keywords=[])
            assign = gast.Assign(targets=[name(gated, gast.Store())], value=call, type_comment=None)
            out.append((j, gast.copy_location(assign, block[j])))
            leaf.id = gated
    return out


def _chain(atom, before, block, written, activity, uses, steps, leaves):
    """The statements of `block` a branch value is made by, elementwise, from values read once
    (into `steps`), and the operands they read that vary otherwise (`leaves`: (index, Name))."""
    at = written.get(atom.id) if isinstance(atom, gast.Name) else None
    if at is None or at >= before or uses.get(atom.id, 0) != 1 or not _elementwise(block[at], atom.id, activity):
        return False
    steps.append(at)
    for operand in activity.ops[id(block[at])].args:
        if isinstance(operand, gast.Name) and operand.id in activity.varied \
                and not _chain(operand, at, block, written, activity, uses, steps, leaves):
            leaves.append((at, operand))
    return True


def _elementwise(stmt, target, activity):
    op = activity.ops.get(id(stmt))
    return isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name) \
        and stmt.targets[0].id == target and op is not None and op.kind == "rule" \
        and bool(rules.declared(op.key, "elementwise"))


def _singular(op):
    """Whether the operation's derivative can be nan or inf where its value is finite."""
    if op.key in _SINGULAR:
        return True
    if op.key is operator.truediv:
        return isinstance(op.args[1], gast.Name)
    if op.key is operator.pow:
        exponent = op.args[1]
        return not (isinstance(exponent, gast.Constant) and isinstance(exponent.value, (int, float))
                    and float(exponent.value).is_integer() and exponent.value >= 0)
    return False

"""Patterns: user functions that are a primitive written out, given that primitive's rule.

`def sigmoid(a): return 1 / (1 + np.exp(-a))` differentiated from its source keeps `exp(-a)`
on the tape beside the value its caller keeps anyway; as the logistic function it is, its
adjoint reads only its value (`d * s * (1 - s)`), as SciPy's `expit` does.  A call of such a
function stays a call of the user's function in the forward sweep (the same value, bit for
bit); only its derivative comes from the primitive's rule.

Recognised, where the function has one parameter `a`, no defaults, no decorators, and a body
that is (after an optional docstring) a single `return` of:

    1 / (1 + exp(-a))        (1 or 1.0; `1 + e` or `e + 1`; `exp` NumPy's or math's)
"""

import math

import gast
import numpy as np

from .. import runtime

_ONE = (1, 1.0)
_EXPS = (np.exp, math.exp)


def primitive_of(callee, resolve):
    """The runtime primitive `callee` (a UserFunction) computes, or None; `resolve(parts)` looks
    a dotted global name of the callee up."""
    node = callee.node
    if callee.captured or node.decorator_list or not _one_parameter(node.args):
        return None
    body = [s for s in node.body if not _docstring(s)]
    if len(body) != 1 or not isinstance(body[0], gast.Return) or body[0].value is None:
        return None
    param = node.args.args[0].id
    if _is_logistic(body[0].value, param, resolve):
        return runtime.logistic
    return None


def _one_parameter(args):
    return len(args.args) == 1 and not (args.posonlyargs or args.vararg or args.kwonlyargs or args.kwarg
                                        or args.defaults) and isinstance(args.args[0], gast.Name)


def _docstring(stmt):
    return isinstance(stmt, gast.Expr) and isinstance(stmt.value, gast.Constant) and isinstance(stmt.value.value, str)


def _is_one(node):
    return isinstance(node, gast.Constant) and type(node.value) in (int, float) and node.value in _ONE


def _is_logistic(expr, param, resolve):
    """`1 / (1 + exp(-param))`, its sum either way round."""
    exp = _reciprocal_term(expr)
    if not (isinstance(exp, gast.Call) and len(exp.args) == 1 and not exp.keywords):
        return False
    return _is_negated(exp.args[0], param) and _is_exp(exp.func, param, resolve)


def _reciprocal_term(expr):
    """`e` where `expr` is `1 / (1 + e)` or `1 / (e + 1)`, else None."""
    if not (isinstance(expr, gast.BinOp) and isinstance(expr.op, gast.Div) and _is_one(expr.left)):
        return None
    total = expr.right
    if not (isinstance(total, gast.BinOp) and isinstance(total.op, gast.Add)):
        return None
    return total.right if _is_one(total.left) else total.left if _is_one(total.right) else None


def _is_negated(arg, param):
    """Whether `arg` is `-param`."""
    return isinstance(arg, gast.UnaryOp) and isinstance(arg.op, gast.USub) and isinstance(arg.operand, gast.Name) \
        and arg.operand.id == param


def _is_exp(func, param, resolve):
    """Whether `func` names NumPy's or math's `exp` (not an attribute of the parameter)."""
    parts = _dotted(func)
    if parts is None or parts[0] == param:
        return False
    try:
        found = resolve(parts)
    except Exception:       # noqa: BLE001  (an unresolvable name is simply not the pattern)
        return False
    return any(found is f for f in _EXPS)


def _dotted(node):
    parts = []
    while isinstance(node, gast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, gast.Name):
        return [node.id] + parts[::-1]
    return None

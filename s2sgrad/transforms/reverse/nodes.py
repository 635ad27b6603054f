"""The small AST builders and tests the reverse pass emits with; no adjoint state here."""

import gast
import numpy as np

from ...analyses.ops import dotted
from ...naming import TAPE
from ...trees import clone
from ..normalize import name
from ..normalize.nodes import locate as _locate  # noqa: F401  (the name the reverse transform's modules import)
from ...containers import init_fields

_FRESH_CALLS = {"zeros_like", "full_like", "where", "outer", "matmul", "dot", "add_at"}


def bind_rule(rule, op):
    """{template parameter: the call's atom}: positional arguments fill positional parameters
    only (a surplus is the signature's to report, never bound to `d_result`), keywords by name.
    Arguments a `*name` parameter collects are bound as `name[0]`, `name[1]`, ...: they have no
    cotangent, so a differentiated one is refused, never silently given none."""
    params = list(rule.signature.parameters.values())[1:]
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    bound = dict(zip(positional, op.args))
    rest = next((p.name for p in params if p.kind == p.VAR_POSITIONAL), None)
    if rest is not None:
        bound.update((f"{rest}[{k}]", atom) for k, atom in enumerate(op.args[len(positional):]))
    bound.update(op.keywords)
    return bound


def record_arguments(op):
    """(field name, atom) for each argument of `P(...)`, a record class's call (`op.key` the class)."""
    fields = op.key._fields if hasattr(op.key, "_fields") else init_fields(op.key)
    return list(zip(fields, op.args)) + list(op.keywords.items())


def _is_append(call):
    return (isinstance(call, gast.Call) and isinstance(call.func, gast.Attribute) and call.func.attr == "append"
            and isinstance(call.func.value, gast.Name) and len(call.args) == 1 and not call.keywords)


def _np_call(func, *args):
    return gast.Call(func=gast.Attribute(value=name("np"), attr=func, ctx=gast.Load()), args=list(args), keywords=[])


def _index_value(index):
    if isinstance(index, gast.Slice):
        return gast.Call(func=name("slice"), args=[p if p is not None else gast.Constant(value=None, kind=None)
                                                   for p in (index.lower, index.upper, index.step)], keywords=[])
    if isinstance(index, gast.Tuple):
        return gast.Tuple(elts=[_index_value(e) for e in index.elts], ctx=gast.Load())
    return clone(index)


def _is_none(expr):
    return isinstance(expr, gast.Constant) and expr.value is None


def _fresh(expr):
    """True when `expr` certainly makes a new array (so its owner may update it in place)."""
    if expr is None:
        return False
    if isinstance(expr, (gast.BinOp, gast.UnaryOp, gast.ListComp)):
        return True
    if isinstance(expr, gast.Call):
        func = expr.func
        fname = func.attr if isinstance(func, gast.Attribute) else getattr(func, "id", "")
        if isinstance(func, gast.Attribute) and getattr(func.value, "id", None) == "np":
            return fname in _FRESH_CALLS or isinstance(getattr(np, fname, None), np.ufunc)
        return fname == "add_at"
    return False


def _constant(value):
    return gast.Constant(value=value, kind=None)


def _makes_sequence(expr):
    """Does a rule's output expression build a list (`[... for ...]`, `np.split(...)`)?"""
    if isinstance(expr, (gast.List, gast.ListComp, gast.Tuple)):
        return True
    parts = dotted(expr.func) if isinstance(expr, gast.Call) else None
    return parts is not None and parts[-1] in ("list", "tuple", "split", "array_split", "with_field", "concat",
                                               "head_of", "tail_of", "fold_repeats", "repeat")


def _op_symbol(op):
    return {"Add": "+", "Sub": "-", "Mult": "*", "Div": "/", "Pow": "**"}.get(type(op).__name__, "op")


def _stack_call(method, *args):
    """`stack.push(x)` or `stack.pop()`: the tape of the forward sweep."""
    return gast.Call(func=gast.Attribute(value=name(TAPE), attr=method, ctx=gast.Load()), args=list(args),
                     keywords=[])

"""Squared roots: `np.linalg.norm(w) ** 2` -> `norm_squared(w)`, each square of a function whose
square is smooth where it is not written as one primitive of the same value.

    penalty = lam * np.linalg.norm(w) ** 2   --->   penalty = lam * norm_squared(w)

The norm has a cone's kink at w = 0, where its derivative is taken as 0; the square of it is the
smooth sum of squares, whose Hessian there is 2 I.  Differentiated as a norm then a square, the
second derivative at 0 passes through the norm's kink and comes out 0 (through sqrt's infinite
slope, nan); the primitives' rules (rules/elementwise/squares.py, rules/reductions/) are the
smooth square's.  A square is `r ** 2` (2 or 2.0), `np.square(r)`, `np.power(r, 2)`, or `r * r`
with the same call twice, its operands free of calls; its root `r` is one of

    np.linalg.norm(x, ord, axis, keepdims)   ord None, "fro" or 2     ->  norm_squared(...)
    np.linalg.vector_norm(x, axis=, keepdims=, ord=)   ord 2           ->  vector_norm_squared(...)
    np.abs(x), np.absolute(x)                                          ->  abs_squared(x)
    abs(x)                                                             ->  builtin_abs_squared(x)
    np.hypot(x1, x2)                                                   ->  hypot_squared(x1, x2)
    math.hypot(x1, x2)                                                 ->  math_hypot_squared(x1, x2)
    np.sqrt(x)                                                         ->  sqrt_squared(x)
    math.sqrt(x)                                                       ->  math_sqrt_squared(x)
    np.std(a, axis, dtype, out, ddof, keepdims)                        ->  std_squared(...)
    np.nanstd(a, axis, dtype, out, ddof, keepdims)                     ->  nanstd_squared(...)

called with those parameters only (a ufunc's, abs's and math's by position), none of them
starred, where the user's module binds no other value to the primitive's name.  The method
`a.std(axis, dtype, out, ddof, keepdims)` squared is `std_squared(a, ...)` too; `square_methods`
reads it after objects of the user's classes are expanded (transforms/objects.py), when a
method left is an array's.  A square `r * r` may repeat a call whose operands call NumPy's
functions (not its random ones), which give one value.
"""

import math

import gast
import numpy as np

from .. import runtime
from ..analyses.ops import dotted
from ..resolve import missing, resolve_dotted
from ..trees import Transformer, clone, walk

_MOMENTS = ("a", "axis", "dtype", "out", "ddof", "keepdims")
# The roots: [(function, its square's primitive, its parameters)].
_ROOTS = [
    (np.linalg.norm, "norm_squared", ("x", "ord", "axis", "keepdims")),
    (np.abs, "abs_squared", ("x",)),
    (np.absolute, "abs_squared", ("x",)),
    (abs, "builtin_abs_squared", ("x",)),
    (np.hypot, "hypot_squared", ("x1", "x2")),
    (math.hypot, "math_hypot_squared", ("x1", "x2")),
    (np.sqrt, "sqrt_squared", ("x",)),
    (math.sqrt, "math_sqrt_squared", ("x",)),
    (np.std, "std_squared", _MOMENTS),
    (np.nanstd, "nanstd_squared", _MOMENTS),
] + [(f, "vector_norm_squared", ("x", "axis", "keepdims", "ord")) for f in [getattr(np.linalg, "vector_norm", None)] if f]
_POSITIONAL = (abs, math.hypot, math.sqrt)      # (called by position only, as ufuncs are)
# The norms whose square is a sum of squares (or a singular value's): by `ord`, and its position.
_ORDERS = {"norm_squared": ((None, "fro", 2), 1), "vector_norm_squared": ((2,), None)}


def square_norms(node, resolver):
    """`node` with each square of a root above written as its primitive (`np.linalg.norm(w) ** 2`
    as `norm_squared(w)`); `node` itself when it has none."""
    local = {a.id for a in node.args.args} | \
        {n.id for n in walk(node) if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load)}
    rewrite = _SquaredRoots(local, resolver)
    if not any(rewrite.root(n) is not None for n in walk(node) if isinstance(n, (gast.BinOp, gast.Call))):
        return node
    return rewrite.visit(clone(node))       # (the parsed function is shared: rewritten as a copy)


def square_methods(node, resolver):
    """`node` with each square of an array's `a.std(...)` written `std_squared(a, ...)`; `node`
    itself when it has none.  Run where the methods left are arrays' (after objects are expanded)."""
    local = {a.id for a in node.args.args} | \
        {n.id for n in walk(node) if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load)}
    rewrite = _SquaredMethods(local, resolver)
    if not any(rewrite.root(n) is not None for n in walk(node) if isinstance(n, (gast.BinOp, gast.Call))):
        return node
    return rewrite.visit(clone(node))


class _SquaredRoots(Transformer):
    def __init__(self, local, resolver):
        self.local = local
        self.resolver = resolver

    def _function(self, func):
        """The object `func` names, a global's, or None."""
        parts = dotted(func)
        if not parts or parts[0] in self.local:
            return None
        try:
            return resolve_dotted(self.resolver, parts)
        except Exception:       # noqa: BLE001 (a name the resolver cannot see is no root)
            return None

    def squared(self, node):
        """`r` where `node` squares it (`r ** 2`, `np.square(r)`, `np.power(r, 2)`, `r * r`); else None."""
        if isinstance(node, gast.BinOp):
            return _squared_operand(node, self._one_value)
        if not (isinstance(node, gast.Call) and not node.keywords and node.args
                and (dotted(node.func) or [""])[-1] in ("square", "power")):      # resolved only then
            return None
        function = self._function(node.func)
        if function is np.square and len(node.args) == 1:
            return node.args[0]
        if function is np.power and len(node.args) == 2 and _is_two(node.args[1]):
            return node.args[0]
        return None

    def root(self, node):
        """(the primitive's name, its arguments, its keywords) where `node` squares a root; else None."""
        call = self.squared(node)
        if not isinstance(call, gast.Call):
            return None
        function = self._function(call.func)
        found = next(((name, params) for root, name, params in _ROOTS if root is function), None)
        positional = isinstance(function, np.ufunc) or any(function is f for f in _POSITIONAL)
        if found is None or not _binds(call, found[1], positional):
            return None
        if found[0] in _ORDERS and not _known_order(call, *_ORDERS[found[0]]) or not self._free(found[0]):
            return None
        return found[0], call.args, call.keywords

    def _free(self, name):
        """`name` would call the runtime's primitive: no local or global of the user's has it."""
        if name in self.local:
            return False
        try:
            bound = resolve_dotted(self.resolver, [name])
        except Exception:       # noqa: BLE001 (a name the resolver cannot read: left as written)
            return False
        return missing(bound) or bound is getattr(runtime, name)

    def _one_value(self, call):
        """`call` has one value: the calls in its operands are NumPy's functions (not its random draws)."""
        return all(self._numpy(n.func) for n in walk(call) if isinstance(n, gast.Call) and n is not call)

    def _numpy(self, func):
        function = self._function(func)
        module = getattr(function, "__module__", None) or ""
        return isinstance(function, np.ufunc) or module.partition(".")[0] == "numpy" and "random" not in module

    def visit_BinOp(self, node):
        return self._rewrite(node)

    def visit_Call(self, node):
        return self._rewrite(node)

    def _rewrite(self, node):
        self.generic_visit(node)
        found = self.root(node)
        if found is None:
            return node
        name, args, keywords = found
        square = gast.Call(func=gast.Name(id=name, ctx=gast.Load(), annotation=None, type_comment=None),
                           args=args, keywords=keywords)
        return gast.copy_location(square, node)


def _squared_operand(node, one_value):
    """`r` where the BinOp `node` is `r ** 2` or `r * r` (the same call twice, of `one_value`); else None."""
    if isinstance(node.op, gast.Pow) and _is_two(node.right):
        return node.left
    if isinstance(node.op, gast.Mult) and isinstance(node.left, gast.Call) and gast.dump(node.left) == gast.dump(node.right) \
            and one_value(node.left):
        return node.left
    return None


def _is_two(node):
    return isinstance(node, gast.Constant) and type(node.value) in (int, float) and node.value == 2


def _binds(call, parameters, ufunc):
    """The call passes only `parameters` (a ufunc's all by position), none starred, none twice."""
    if any(isinstance(a, gast.Starred) for a in call.args) or len(call.args) > len(parameters):
        return False
    if ufunc:
        return len(call.args) == len(parameters) and not call.keywords
    named = [k.arg for k in call.keywords]
    return None not in named and len(set(named)) == len(named) \
        and set(named) <= set(parameters[len(call.args):])


def _known_order(call, orders, position):
    """The norm's `ord` (given at `position`, or by keyword) is absent or a constant of `orders`."""
    given = (call.args[position:position + 1] if position else []) or [k.value for k in call.keywords if k.arg == "ord"]
    if not given:
        return True
    return isinstance(given[0], gast.Constant) and type(given[0].value) in (type(None), str, int, float) \
        and given[0].value in orders


class _SquaredMethods(_SquaredRoots):
    def root(self, node):
        """("std_squared", its arguments, its keywords) where `node` squares `a.std(...)`; else None."""
        call = self.squared(node)
        if not (isinstance(call, gast.Call) and isinstance(call.func, gast.Attribute) and call.func.attr == "std"):
            return None
        if self._function(call.func) is not None or not _binds(call, _MOMENTS[1:], False) \
                or not self._free("std_squared"):
            return None         # (np.std(...), or a global's method: the function form's)
        return "std_squared", [call.func.value] + call.args, call.keywords

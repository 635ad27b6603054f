"""Piecewise: `np.piecewise(x, condlist, funclist)` of elementwise lambdas, ufuncs and constants ->
`np.select` of the functions' values on all of x.

    y = np.piecewise(x, [x < 0, x >= 0], [lambda v: v ** 2, np.sin])
    --->
    y = np.select([x >= 0, x < 0], [np.sin(x), x ** 2], 0.0)

np.piecewise calls each function on the entries where its condition holds, a later condition
overriding an earlier one, and gives 0 (or one more function's value) where none holds;
np.select takes the first condition that holds, so the conditions are listed backwards (one more
function is a last choice whose condition is True: np.select's default has no derivative).  A
function called on all of x gives the same entries only where it is elementwise: a lambda whose
body is arithmetic, comparisons, NumPy ufuncs, constants and names, a NumPy ufunc, or a constant.
Anything else (a named function, a method or a subscript of the argument, a list of conditions
held in a name, an input that is not a name) is refused where it is written.
"""

import gast
import numpy as np

from ..analyses.ops import dotted
from ..errors import Diagnostic, UserCodeError
from ..resolve import resolve_dotted
from ..trees import Transformer, clone, walk

_ELEMENTWISE_NODES = (gast.BinOp, gast.UnaryOp, gast.Compare, gast.IfExp, gast.Constant, gast.Name, gast.Call,
                      gast.Attribute, gast.operator, gast.unaryop, gast.cmpop, gast.expr_context)
_CONDITIONS = (gast.Compare, gast.UnaryOp, gast.BinOp, gast.Call)


def lower_piecewise(node, source, resolver):
    """`node` with each `np.piecewise(...)` written as `np.select(...)`; `node` itself when it has none."""
    local = {a.id for a in node.args.args} | \
        {n.id for n in walk(node) if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load)}
    rewrite = _Piecewise(local, source, resolver)
    if not any(isinstance(n, gast.Call) and rewrite.resolved(n.func) is np.piecewise for n in walk(node)):
        return node
    return rewrite.visit(clone(node))       # (the parsed function is shared: rewritten as a copy)


def piecewise_lambdas(func, resolver):
    """The ids of the lambdas listed as np.piecewise's functions, which `lower_piecewise` inlines (the
    fence accepts them where they are written)."""
    finder = _Piecewise({a.id for a in func.args.args}, None, resolver)
    return {id(f) for n in walk(func) if isinstance(n, gast.Call) and len(n.args) >= 3
            and isinstance(n.args[2], (gast.List, gast.Tuple)) and finder.resolved(n.func) is np.piecewise
            for f in n.args[2].elts if isinstance(f, gast.Lambda)}


class _Piecewise(Transformer):
    def __init__(self, local, source, resolver):
        self.local = local
        self.source = source
        self.resolver = resolver

    def resolved(self, func):
        """What `func` names outside the function (None for a local or a name the resolver cannot see)."""
        parts = dotted(func)
        if not parts or parts[0] in self.local:
            return None
        try:
            return resolve_dotted(self.resolver, parts)
        except Exception:       # noqa: BLE001 (a name the resolver cannot see is not np.piecewise)
            return None

    def refuse(self, node, message, suggestion):
        raise UserCodeError([Diagnostic(self.source.location(node), f"np.piecewise: {message}", suggestion)])

    def visit_Call(self, node):
        self.generic_visit(node)
        if self.resolved(node.func) is not np.piecewise:
            return node
        x, conditions, functions, extra = self._parts(node)
        if len(functions) not in (len(conditions), len(conditions) + 1):
            self.refuse(node, f"{len(functions)} functions for {len(conditions)} conditions",
                        "give one function per condition, and at most one more for where none holds")
        values = [self._value(f, x, extra) for f in functions]
        if len(values) > len(conditions):       # where none holds: a last choice that always holds
            conditions = [gast.Constant(value=True, kind=None)] + conditions
            values = [values.pop()] + values
        default = gast.Constant(value=0.0, kind=None)
        select = gast.Attribute(value=gast.Name(id="np", ctx=gast.Load(), annotation=None, type_comment=None),
                                attr="select", ctx=gast.Load())
        call = gast.Call(func=select, args=[gast.List(elts=conditions[::-1], ctx=gast.Load()),
                                            gast.List(elts=values[::-1], ctx=gast.Load()), default], keywords=[])
        return gast.copy_location(call, node)

    def _parts(self, node):
        """(x, the conditions, the functions, the extra arguments) of a call this pass rewrites."""
        if len(node.args) < 3 or node.keywords or any(isinstance(a, gast.Starred) for a in node.args):
            self.refuse(node, "only np.piecewise(x, condlist, funclist, *args) with its arguments written out is "
                        "differentiated", "write np.select(conditions, values, default) instead")
        x, conditions, functions, *extra = node.args
        if not all(isinstance(a, (gast.Name, gast.Constant)) for a in [x] + extra):
            self.refuse(x, "the input and extra arguments must be names or constants (each function reads them)",
                        "bind the input to a name first: `z = ...`, then np.piecewise(z, ...)")
        if isinstance(conditions, (gast.List, gast.Tuple)):
            conditions = list(conditions.elts)
        elif isinstance(conditions, _CONDITIONS):
            conditions = [conditions]           # one condition, as NumPy reads a boolean array
        else:
            self.refuse(conditions, "the conditions must be a list written out (or one comparison)",
                        "write the list of conditions in the call: `[x < 0, x >= 0]`")
        if not isinstance(functions, (gast.List, gast.Tuple)):
            self.refuse(functions, "the functions must be a list written out",
                        "write the list of lambdas or constants in the call")
        return x, conditions, list(functions.elts), extra

    def _value(self, function, x, extra):
        """What `function` gives on all of x: a constant, a ufunc's call, or a lambda's body with its
        parameters replaced by the arguments."""
        if isinstance(function, gast.Constant) or isinstance(function, gast.UnaryOp) \
                and isinstance(function.operand, gast.Constant):
            return function
        if isinstance(function, gast.Lambda):
            return self._lambda_value(function, [x] + extra)
        if isinstance(self.resolved(function), np.ufunc):
            return gast.copy_location(gast.Call(func=function, args=[clone(a) for a in [x] + extra], keywords=[]),
                                      function)
        return self.refuse(function, "only lambdas, NumPy ufuncs and constants are differentiated as its functions "
                           "(each is called on all of the input, so it must be elementwise)",
                           "write np.select(conditions, [f(x) for each f], default) instead")

    def _lambda_value(self, function, arguments):
        params = function.args
        if params.vararg or params.kwarg or params.kwonlyargs or params.defaults or params.posonlyargs \
                or len(params.args) != len(arguments):
            self.refuse(function, f"a lambda of {len(arguments)} plain parameters is expected",
                        "give each function the input (and the extra arguments) as its parameters")
        own = {p.id for p in params.args}
        for node in walk(function.body):
            if not self._elementwise(node, own):
                self.refuse(node, "this lambda may not be elementwise (each function is called on all of the input)",
                            "use arithmetic and NumPy ufuncs only, or write np.select(conditions, values, default)")
        names = {p.id: a for p, a in zip(params.args, arguments)}
        return _Substitute(names).visit(clone(function.body))


    def _elementwise(self, node, own):
        """Whether a node of a lambda's body keeps it elementwise: arithmetic, comparisons, constants,
        names, ufunc calls without keywords, attributes not of the lambda's parameters `own`."""
        if isinstance(node, gast.Call):
            return isinstance(self.resolved(node.func), np.ufunc) and not node.keywords
        if isinstance(node, gast.Attribute):
            return (dotted(node) or [None])[0] not in own | {None}
        return isinstance(node, _ELEMENTWISE_NODES)


class _Substitute(Transformer):
    """A lambda's body with its parameters' names replaced by the arguments."""

    def __init__(self, names):
        self.names = names

    def visit_Name(self, node):
        found = self.names.get(node.id)
        return gast.copy_location(clone(found), node) if found is not None else node

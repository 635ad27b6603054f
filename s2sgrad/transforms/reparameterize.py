"""Reparameterize draws: `rng.normal(mu, sigma, n)` -> `mu + sigma * rng.standard_normal(n)`, the same numbers.

    z = rng.normal(mu, sigma, size=n)   --->   z = mu + sigma * rng.standard_normal(n)

(Without `size`, the shape is the parameters' broadcast shape, `runtime.draw_shape`.)  NumPy
draws `normal(loc, scale)` as `loc + scale * standard_normal()` from the same state, entry
by entry in C order of the broadcast shape; `uniform(low, high)` as `low + (high - low) *
random()`, `exponential(scale)` as `scale * standard_exponential()` and `lognormal(mean, sigma)`
as `exp(normal(mean, sigma))`, for a Generator, a RandomState and the legacy `np.random`
functions alike (tests/test_outsider9_rules.py checks it bit for bit; lognormal's exp is NumPy's,
which may differ from C's in the last bit).  Rewritten, the parameters are differentiated like
any arithmetic, and the draw itself, which depends on the parameters only through its shape,
is the call it was: a method of the random source, kept in program order (effects.py: impure).

Only draws whose source is known are rewritten: `np.random` itself (or a Generator or
RandomState the resolver finds), or a local name every assignment binds to
`np.random.default_rng(...)`, `np.random.Generator(...)` or `np.random.RandomState(...)`; only
with the parameters and `size` (no `dtype=`, `out=`), and only where a parameter is not a
literal number (a draw with constant parameters stays as written).  A parameter written twice
(the shape and the value) must be arithmetic on names, items and numbers, with no call.
"""

import gast
import numpy as np

from ..analyses.ops import dotted
from ..resolve import resolve_dotted
from ..trees import Transformer, clone, walk

# method: (its parameters and defaults, the draw's template text; P0, P1 the parameters, R the
# source, S the shape, E the standard draw of the source's kind)
_FORMS = {
    "normal": ((("loc", 0.0), ("scale", 1.0)), "P0 + P1 * R.standard_normal(S)"),
    "uniform": ((("low", 0.0), ("high", 1.0)), "P0 + (P1 - P0) * R.UNIFORM(S)"),
    "exponential": ((("scale", 1.0),), "P0 * R.standard_exponential(S)"),
    "lognormal": ((("mean", 0.0), ("sigma", 1.0)), "np.exp(P0 + P1 * R.standard_normal(S))"),
}
_UNIFORM = {"generator": "random", "legacy": "random_sample"}


def _as_float64(param):
    """`np.asarray(param, dtype=np.float64)`: NumPy draws with its parameters converted to float64
    (float32 parameters scaled and shifted in float32 would give other numbers)."""
    call = gast.parse("np.asarray(None, dtype=np.float64)").body[0].value
    call.args[0] = param
    return call


def reparameterize_draws(node, resolver):
    """`node` with each draw of a known source whose parameters may vary written as its standard
    draw, scaled and shifted; `node` itself when it has none."""
    sources = _local_sources(node, resolver)
    rewrite = _Draws(node, sources, resolver)
    if not any(rewrite.form(n) is not None for n in walk(node) if isinstance(n, gast.Call)):
        return node
    return rewrite.visit(clone(node))


def _local_sources(node, resolver):
    """{local name: "generator" or "legacy"} for the names every assignment binds to a new source."""
    found, other = {}, set()
    for stmt in walk(node):
        targets = stmt.targets if isinstance(stmt, gast.Assign) else \
            [stmt.target] if isinstance(stmt, (gast.AugAssign, gast.AnnAssign, gast.For)) else []
        for target in targets:
            kind = _made_source(stmt.value, resolver) if isinstance(stmt, gast.Assign) else None
            for name in (n.id for n in walk(target) if isinstance(n, gast.Name)):
                if kind is None or not isinstance(target, gast.Name):
                    other.add(name)
                else:
                    found[name] = kind
    params = {a.id for a in node.args.args + node.args.kwonlyargs}
    return {n: k for n, k in found.items() if n not in other and n not in params}


def _made_source(value, resolver):
    if not isinstance(value, gast.Call):
        return None
    obj = _resolved(value.func, resolver)
    if obj is np.random.default_rng or obj is np.random.Generator:
        return "generator"
    return "legacy" if obj is np.random.RandomState else None


def _resolved(func, resolver):
    parts = dotted(func)
    if not parts:
        return None
    try:
        return resolve_dotted(resolver, parts)
    except Exception:       # noqa: BLE001 (a name the resolver cannot see is no random source)
        return None


class _Draws(Transformer):
    def __init__(self, node, sources, resolver):
        self.sources = sources
        self.resolver = resolver
        self.assigned = {n.id for n in walk(node) if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load)}
        self.params = {a.id for a in node.args.args + node.args.kwonlyargs}
        self.numpy = _resolved(gast.Name(id="np", ctx=gast.Load(), annotation=None, type_comment=None),
                               resolver) is np

    def _kind(self, receiver):
        """"generator" or "legacy" where `receiver` is a random source this pass knows, else None."""
        if isinstance(receiver, gast.Name) and receiver.id in self.sources:
            return self.sources[receiver.id]
        parts = dotted(receiver)
        if not parts or parts[0] in self.assigned or parts[0] in self.params:
            return None
        obj = _resolved(receiver, self.resolver)
        if obj is np.random or isinstance(obj, np.random.RandomState):
            return "legacy"
        return "generator" if isinstance(obj, np.random.Generator) else None

    def form(self, call):
        """(template text, the parameters' nodes, the size's) where `call` is a draw this pass
        rewrites, else None."""
        if not _draw_call(call) or call.func.attr == "lognormal" and not self.numpy:
            return None
        names, text = _FORMS[call.func.attr]
        bound = _bind([n for n, _ in names] + ["size"], call)
        if bound is None:
            return None
        params = [bound.get(n, gast.Constant(value=d, kind=None)) for n, d in names]
        if all(_literal(p) for p in params) or not all(simple_expression(p) for p in params):
            return None
        kind = self._kind(call.func.value)
        params = [p if _literal(p) else _as_float64(p) for p in params]
        return None if kind is None else (text.replace("UNIFORM", _UNIFORM[kind]), params, bound.get("size"))

    def visit_Call(self, node):
        self.generic_visit(node)
        found = self.form(node)
        if found is None:
            return node
        text, params, size = found
        shape = size if size is not None and not _is_none(size) else \
            gast.Call(func=_name("draw_shape"), args=[gast.Constant(value=None, kind=None)]
                      + [clone(p) for p in params], keywords=[])
        holes = {"R": node.func.value, "S": shape, **{f"P{k}": p for k, p in enumerate(params)}}
        expr = _Fill(holes).visit(gast.parse(text).body[0].value)
        return gast.copy_location(expr, node)


def _draw_call(call):
    """A method call named as a draw this pass knows, with no `*` or `**` argument."""
    return isinstance(call.func, gast.Attribute) and call.func.attr in _FORMS \
        and not any(isinstance(a, gast.Starred) for a in call.args) and all(k.arg is not None for k in call.keywords)


def _bind(names, call):
    """{parameter: argument} of a draw's call by NumPy's order of `names`; None for any other keyword."""
    if len(call.args) > len(names):
        return None
    bound = dict(zip(names, call.args))
    for keyword in call.keywords:
        if keyword.arg not in names or keyword.arg in bound:
            return None
        bound[keyword.arg] = keyword.value
    return bound


def _literal(node):
    if isinstance(node, gast.UnaryOp) and isinstance(node.op, (gast.USub, gast.UAdd)):
        node = node.operand
    return isinstance(node, gast.Constant) and type(node.value) in (int, float)


_PLAIN = (gast.Name, gast.Attribute, gast.Constant, gast.BinOp, gast.UnaryOp, gast.Subscript, gast.Slice, gast.Tuple,
          gast.operator, gast.unaryop, gast.expr_context)


def simple_expression(node):
    """A parameter that may be written twice: arithmetic on names, items and numbers, no call."""
    return all(isinstance(n, _PLAIN) for n in walk(node))


def _is_none(node):
    return isinstance(node, gast.Constant) and node.value is None


def _name(text):
    return gast.Name(id=text, ctx=gast.Load(), annotation=None, type_comment=None)


class _Fill(Transformer):
    """A template's placeholders (P0, P1, R, S) replaced by copies of their nodes."""

    def __init__(self, holes):
        self.holes = holes

    def visit_Name(self, node):
        return clone(self.holes[node.id]) if node.id in self.holes else node

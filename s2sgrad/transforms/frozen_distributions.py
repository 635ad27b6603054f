"""Frozen distributions: `norm(mu, sigma).logpdf(x)` -> `norm.logpdf(x, mu, sigma)`, the call SciPy makes.

    d = stats.norm(mu, sigma)               --->   (dropped)
    lp = d.logpdf(x)                        --->   lp = stats.norm.logpdf(x, mu, sigma)

A frozen distribution's method calls the distribution's own with the arguments it was frozen
with after the method's (`self.dist.logpdf(x, *self.args, **self.kwds)`), so the rewrite is
that call, and the unfrozen rules (rules/stats*.py) differentiate it.  Rewritten: a method
(`logpdf`, `pdf`, `cdf`, `logcdf`, `sf`, `logsf`, `logpmf`, `pmf`, `ppf`, `isf`, `entropy`,
`mean`, `var`, `std`) of a univariate SciPy distribution (or of multivariate_normal or
dirichlet, frozen without `seed`) frozen in place; and of a local name
bound once, at the top of the function, to a frozen distribution that the function uses for
nothing else, whose arguments (then written at each use) are arithmetic on names and numbers
that the function does not rebind.  Anything else is left as written.
"""

import sys

import gast

from ..analyses.ops import dotted
from ..resolve import resolve_dotted
from ..trees import Transformer, clone, walk
from .reparameterize import simple_expression

_METHODS = frozenset({"logpdf", "pdf", "cdf", "logcdf", "sf", "logsf", "logpmf", "pmf", "ppf", "isf", "entropy",
                      "mean", "var", "std"})


def unfreeze_distributions(node, resolver):
    """`node` with each method of a frozen distribution called on the distribution itself;
    `node` itself when it has none."""
    stats = sys.modules.get("scipy.stats")
    if stats is None:           # no distribution exists before scipy.stats is imported
        return node
    kinds = _Kinds(stats)
    frozen = _FrozenNames(node, resolver, kinds).found()
    inline = any(_frozen_call(n.func.value, resolver, kinds) for n in walk(node) if _method_call(n))
    if not frozen and not inline:
        return node
    return _Unfreeze(frozen, resolver, kinds).visit(clone(node))


def _method_call(node):
    return isinstance(node, gast.Call) and isinstance(node.func, gast.Attribute) and node.func.attr in _METHODS \
        and not node.keywords and not any(isinstance(a, gast.Starred) for a in node.args)


def _frozen_call(node, resolver, kinds):
    """Whether `node` is `D(...)`, D a univariate SciPy distribution, with no `*` or `**` argument."""
    if not isinstance(node, gast.Call) or any(isinstance(a, gast.Starred) for a in node.args) \
            or any(k.arg is None for k in node.keywords):
        return False
    parts = dotted(node.func)
    try:
        return bool(parts) and kinds.frozen_by(resolve_dotted(resolver, parts), node)
    except Exception:       # noqa: BLE001 (a name the resolver cannot see is no distribution)
        return False


class _Kinds:
    """The distributions whose frozen methods are the unfrozen ones with the frozen arguments
    after the method's: the univariate ones, and multivariate_normal and dirichlet frozen
    without `seed` (their constructors' other parameters are their methods' own, in order)."""

    def __init__(self, stats):
        self.univariate = (stats.rv_continuous, stats.rv_discrete)
        self.multivariate = {id(stats.multivariate_normal): 3, id(stats.dirichlet): 1}

    def frozen_by(self, obj, call):
        if isinstance(obj, self.univariate):
            return True
        most = self.multivariate.get(id(obj))
        return most is not None and len(call.args) <= most and all(k.arg != "seed" for k in call.keywords)


class _FrozenNames:
    """The local names bound once, at the top of the body, to a frozen distribution used only
    through its methods: {name: the `D(...)` call}."""

    def __init__(self, node, resolver, kinds):
        self.node, self.resolver, self.kinds = node, resolver, kinds

    def found(self):
        stores = {}
        for n in (n for stmt in self.node.body for n in walk(stmt)):
            if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load):
                stores[n.id] = stores.get(n.id, 0) + 1
        out = {}
        for stmt in self.node.body:
            if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name) \
                    and stores.get(stmt.targets[0].id) == 1 and _frozen_call(stmt.value, self.resolver, self.kinds) \
                    and self._steady(stmt.value, stores):
                out[stmt.targets[0].id] = stmt.value
        return {name: call for name, call in out.items() if self._only_methods(name)}

    def _steady(self, call, stores):
        """Arguments that mean the same at every use: simple, over names bound at most once."""
        values = list(call.args) + [k.value for k in call.keywords]
        params = {a.id for a in self.node.args.args + self.node.args.kwonlyargs}
        return all(simple_expression(v) for v in values) and all(
            stores.get(n.id, 0) + (n.id in params) <= 1 for v in values for n in walk(v) if isinstance(n, gast.Name))

    def _only_methods(self, name):
        """Every read of `name` is the receiver of a method call this pass rewrites."""
        receivers = {id(n.func.value) for n in walk(self.node) if _method_call(n)}
        return all(id(n) in receivers for n in walk(self.node)
                   if isinstance(n, gast.Name) and n.id == name and isinstance(n.ctx, gast.Load))


class _Unfreeze(Transformer):
    def __init__(self, frozen, resolver, kinds):
        self.frozen, self.resolver, self.kinds = frozen, resolver, kinds

    def visit_Assign(self, node):
        if len(node.targets) == 1 and isinstance(node.targets[0], gast.Name) and node.targets[0].id in self.frozen:
            return None         # its one use is as the receiver of the calls rewritten below
        return self.generic_visit(node)

    def visit_Call(self, node):
        self.generic_visit(node)
        if not _method_call(node):
            return node
        receiver = node.func.value
        if isinstance(receiver, gast.Name) and receiver.id in self.frozen:
            made = clone(self.frozen[receiver.id])
        elif _frozen_call(receiver, self.resolver, self.kinds):
            made = receiver
        else:
            return node
        method = gast.Attribute(value=made.func, attr=node.func.attr, ctx=gast.Load())
        call = gast.Call(func=method, args=list(node.args) + list(made.args), keywords=list(made.keywords))
        return gast.copy_location(call, node)

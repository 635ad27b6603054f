"""Module names: a local bound once to a module (`xp = np`) -> the module's own name.

    def f(x):                          def f(x):
        xp = np                 --->       return np.sum(np.sin(x))
        return xp.sum(xp.sin(x))

Array-library-agnostic code names its module in a local; the passes after this one read `np.sum`
as NumPy's function only where it is spelled from a global.  The local must be assigned once,
as a statement of the function's body, from a name (or `a.b`) that holds a module, and never
bound again in the function or a function nested in it.
"""

import types

import gast

from ..analyses.ops import dotted
from ..modules import StaticModule
from ..resolve import resolve_dotted
from ..trees import Transformer, clone, walk


def inline_module_names(node, resolver):
    """`node` with each local bound once to a module read as the module's own name; `node`
    itself when it has none."""
    aliases = _module_aliases(node, resolver)
    if not aliases:
        return node
    node = clone(node)
    node.body = [s for s in node.body if not (_alias_target(s) in aliases)]
    return _Replace(aliases).visit(node)


def _module_aliases(node, resolver):
    stores = {}
    for n in walk(node):
        if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load):
            stores[n.id] = stores.get(n.id, 0) + 1
    aliases = {}
    for stmt in node.body:
        target = _alias_target(stmt)
        if target is None or stores.get(target) != 1:
            continue
        parts = dotted(stmt.value)
        if not parts or stores.get(parts[0]):
            continue            # a local or a parameter: not a module known here
        try:
            obj = resolve_dotted(resolver, parts)
        except Exception:       # noqa: BLE001 (a name the resolver cannot see is not a module)
            continue
        if isinstance(obj, (types.ModuleType, StaticModule)):
            aliases[target] = stmt.value
    return aliases


def _alias_target(stmt):
    if isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name) \
            and isinstance(stmt.value, (gast.Name, gast.Attribute)):
        return stmt.targets[0].id
    return None


class _Replace(Transformer):
    def __init__(self, aliases):
        self.aliases = aliases

    def visit_Name(self, node):
        if isinstance(node.ctx, gast.Load) and node.id in self.aliases:
            return gast.copy_location(clone(self.aliases[node.id]), node)
        return node

"""Iterators of the standard library: `itertools.product(...)` -> the list comprehension it amounts
to, `itertools.combinations(...)` (and `permutations`) -> `list(...)` of it; endless iterators and
`collections.deque` refused where they are made.

    for i, j in itertools.product(range(3), xs):   --->   for i, j in [(a, b) for a in range(3) for b in xs]:

A product is read once, as a whole, by what iterates it: a list of its tuples holds what it
yields, and the normal form differentiates a comprehension.  A deque with `maxlen` drops its
oldest items as it is appended to, which the adjoint of `append` (a list's) cannot follow: it is
refused, with the list to use instead.
"""

import collections
import itertools

import gast

from ..analyses.ops import dotted
from ..errors import Diagnostic, UserCodeError
from ..naming import unused_name
from ..resolve import resolve_dotted
from ..trees import Transformer, clone, walk


def rewrite_iterators(node, source, resolver):
    """`node` with each `itertools.product` call a comprehension and each `combinations` a list;
    `node` itself when it has none.  A UserCodeError for each `collections.deque` or endless
    iterator made in it."""
    local = {a.id for a in node.args.args} | \
        {n.id for n in walk(node) if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load)}
    found = {id(n): _resolved(n, local, resolver) for n in walk(node) if isinstance(n, gast.Call)}
    deques = [n for n in walk(node) if isinstance(n, gast.Call) and found.get(id(n)) is collections.deque]
    if deques:
        raise UserCodeError([Diagnostic(source.location(n), "`collections.deque` is not differentiated: with "
                                        "`maxlen` it drops its oldest items as it is appended to",
                                        "use a list: `buf.append(v)`, then `buf[-n:]` for the last n items")
                             for n in deques])
    endless = [n for n in walk(node) if isinstance(n, gast.Call) and _endless(found.get(id(n)), n)]
    if endless:
        raise UserCodeError([Diagnostic(source.location(n), "an endless iterator (`itertools.count()`, "
                                        "`itertools.repeat(v)` without a count, `itertools.cycle`) is not "
                                        "differentiated: s2sgrad iterates sequences of known length",
                                        "use `enumerate(xs, start=1)`, `range(a, a + len(xs))` or `[v] * len(xs)`")
                             for n in endless])
    if not any(obj is itertools.product or _listed(obj) for obj in found.values()):
        return node
    node = clone(node)          # (the parsed function is shared: rewritten as a copy)
    found = {id(n): _resolved(n, local, resolver) for n in walk(node) if isinstance(n, gast.Call)}
    taken = {n.id for n in walk(node) if isinstance(n, gast.Name)} | {a.id for a in node.args.args}
    return _Products(found, taken).visit(node)


def _resolved(call, local, resolver):
    parts = dotted(call.func)
    if not parts or parts[0] in local:
        return None
    try:
        return resolve_dotted(resolver, parts)
    except Exception:       # noqa: BLE001 (a name the resolver cannot see is none of these)
        return None


# Iterators of index tuples, read whole as lists: `for i, j in itertools.combinations(range(n), 2)`.
_LISTED = (itertools.combinations, itertools.combinations_with_replacement, itertools.permutations)


def _listed(obj):
    return any(obj is f for f in _LISTED)


def _endless(obj, call):
    return obj is itertools.count or obj is itertools.cycle \
        or obj is itertools.repeat and len(call.args) < 2 and not any(k.arg == "times" for k in call.keywords)


class _Products(Transformer):
    def __init__(self, found, taken):
        self.found = found
        self.taken = taken

    def visit_Call(self, node):
        product = self.found.get(id(node)) is itertools.product
        listed = _listed(self.found.get(id(node)))
        node = self.generic_visit(node)
        if listed:          # its tuples as a list: what a `for` over it reads by index
            return gast.copy_location(gast.Call(func=gast.Name(id="list", ctx=gast.Load(), annotation=None,
                                                               type_comment=None), args=[node], keywords=[]), node)
        if not product:
            return node
        repeat = [k.value for k in node.keywords if k.arg == "repeat"]
        if len(node.keywords) != len(repeat) or any(isinstance(a, gast.Starred) for a in node.args) \
                or repeat and not (isinstance(repeat[0], gast.Constant) and type(repeat[0].value) is int):
            return node         # refused later, as a call with no rule
        sources = node.args * (repeat[0].value if repeat else 1)
        items = [unused_name("product_item", self.taken) for _ in sources]
        loops = [gast.comprehension(target=gast.Name(id=i, ctx=gast.Store(), annotation=None, type_comment=None),
                                    iter=clone(s), ifs=[], is_async=0) for i, s in zip(items, sources)]
        elts = [gast.Name(id=i, ctx=gast.Load(), annotation=None, type_comment=None) for i in items]
        return gast.copy_location(gast.ListComp(elt=gast.Tuple(elts=elts, ctx=gast.Load()), generators=loops), node)

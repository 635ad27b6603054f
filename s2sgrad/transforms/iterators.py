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
import inspect
import itertools
import sys

import gast

from ..analyses.ops import dotted
from ..errors import Diagnostic, UserCodeError
from ..naming import unused_name
from ..resolve import resolve_dotted
from ..trees import Transformer, clone, walk
from .choices import resolve_choices
from .folds import is_fold, unroll_folds
from .iterables import rewritten_iterable
from .method_calls import call_through_classes
from .read_once import read_once_problems


def rewrite_iterators(node, source, resolver):
    """`node` with each `itertools.product` call a comprehension and each `combinations` a list;
    `node` itself when it has none.  A UserCodeError for each `collections.deque` or endless
    iterator made in it.  A function chosen from a module-level dict by a string parameter is that
    function (choices.py); a method called on an item of a list of objects, the class's (method_calls.py)."""
    node = call_through_classes(resolve_choices(node, source), source)
    nodes = list(walk(node))
    local = _local_names(node, nodes)
    calls = {id(n): n for n in nodes if isinstance(n, gast.Call)}
    found = {key: _resolved(n, local, resolver) for key, n in calls.items()}
    _refuse_unsupported(node, source, found, nodes)
    if not any(_rewrites(obj, calls[key]) for key, obj in found.items()):
        return node
    node = clone(node)          # (the parsed function is shared: rewritten as a copy)
    found = {id(n): _resolved(n, local, resolver) for n in walk(node) if isinstance(n, gast.Call)}
    taken = {n.id for n in walk(node) if isinstance(n, gast.Name)} | {a.id for a in node.args.args}
    node = _Products(found, taken, lambda expr: _resolved_expr(expr, local, resolver)).visit(node)
    return unroll_folds(node, source, found, taken)


def _local_names(node, nodes):
    """The names that are the function's own: its parameters and what it assigns (not globals);
    `nodes`: the walk of `node`."""
    return {a.id for a in node.args.args} | \
        {n.id for n in nodes if isinstance(n, gast.Name) and not isinstance(n.ctx, gast.Load)}


def _rewrites(obj, call):
    """Whether this module rewrites `call`, a call of `obj`: a product, an iterator made a list, a
    fold, a test of one."""
    return obj is itertools.product or _listed(obj) or _rewritten(obj) or is_fold(obj, call) or _tested(obj, call)


def _refuse_unsupported(node, source, found, nodes):
    """A UserCodeError for each deque, endless iterator, or iterator made a list and read other than
    once (`nodes`: the walk of `node`)."""
    deques = [n for n in nodes if isinstance(n, gast.Call) and found.get(id(n)) is collections.deque]
    if deques:
        raise UserCodeError([Diagnostic(source.location(n), "`collections.deque` is not differentiated: with "
                                        "`maxlen` it drops its oldest items as it is appended to",
                                        "use a list: `buf.append(v)`, then `buf[-n:]` for the last n items")
                             for n in deques])
    endless = [n for n in nodes if isinstance(n, gast.Call) and _endless(found.get(id(n)), n)]
    if endless:
        raise UserCodeError([Diagnostic(source.location(n), "an endless iterator (`itertools.count()`, "
                                        "`itertools.repeat(v)` without a count, `itertools.cycle`) is not "
                                        "differentiated: s2sgrad iterates sequences of known length",
                                        "use `enumerate(xs, start=1)`, `range(a, a + len(xs))` or `[v] * len(xs)`")
                             for n in endless])
    _refuse_read_twice(node, source, found, nodes)


def _refuse_read_twice(node, source, found, nodes):
    iterators = {key for key, obj in found.items() if _rewritten(obj) or _generator(obj)} | \
        _local_generator_calls(node, nodes)
    once = read_once_problems(node, source, iterators, lambda call: f"`{'.'.join(dotted(call.func) or ['...'])}(...)`")
    if once:
        raise UserCodeError(once)


def _generator(obj):
    """A generator function of the user's, which generators.py made a list-building function: a
    live function (the API), a function of a file read (the CLI)."""
    if inspect.isgeneratorfunction(obj):
        return not _library(obj)
    node = obj if isinstance(obj, gast.FunctionDef) else getattr(obj, "node", None)
    return getattr(node, "s2s_generator", False) is True


def _library(fn):
    """A function of the standard library or of an installed package (called as it is)."""
    path = getattr(getattr(fn, "__code__", None), "co_filename", "")
    return "site-packages" in path or getattr(fn, "__module__", "").partition(".")[0] in sys.stdlib_module_names


def _local_generator_calls(node, nodes):
    names = {n.name for n in nodes if isinstance(n, gast.FunctionDef) and n is not node
             and getattr(n, "s2s_generator", False) is True}
    return {id(n) for n in nodes if isinstance(n, gast.Call) and isinstance(n.func, gast.Name)
            and n.func.id in names} if names else set()


def _resolved(call, local, resolver):
    return _resolved_expr(call.func, local, resolver)


def _resolved_expr(expr, local, resolver):
    parts = dotted(expr)
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


def _rewritten(obj):
    return any(obj is f for f in (itertools.chain, itertools.pairwise, itertools.islice, itertools.starmap)) \
        or getattr(obj, "__self__", None) is itertools.chain and getattr(obj, "__name__", "") == "from_iterable"


def _tested(obj, call):
    """`any(gen)`, `all(gen)`: of the list of the tests (none has an effect the short circuit skips)."""
    return (obj is any or obj is all) and len(call.args) == 1 and isinstance(call.args[0], gast.GeneratorExp)


def _endless(obj, call):
    return obj is itertools.count or obj is itertools.cycle \
        or obj is itertools.repeat and len(call.args) < 2 and not any(k.arg == "times" for k in call.keywords)


class _Products(Transformer):
    def __init__(self, found, taken, resolve):
        self.found = found
        self.taken = taken
        self.resolve = resolve

    def visit_Call(self, node):
        obj = self.found.get(id(node))
        node = self.generic_visit(node)
        if _rewritten(obj):
            return rewritten_iterable(obj, node, self.taken, self.resolve) or node
        if _tested(obj, node):
            node.args = [gast.copy_location(gast.ListComp(elt=node.args[0].elt, generators=node.args[0].generators),
                                            node.args[0])]
        if _listed(obj):          # its tuples as a list: what a `for` over it reads by index
            return gast.copy_location(gast.Call(func=gast.Name(id="list", ctx=gast.Load(), annotation=None,
                                                               type_comment=None), args=[node], keywords=[]), node)
        return self.product(node) if obj is itertools.product else node

    def product(self, node):
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

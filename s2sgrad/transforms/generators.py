"""Generators: a generator function -> the function that returns the list of what it yields.

    def gen(x, n):                  --->   def gen(x, n):
        for i in range(n):                     yielded = []
            yield x * i                        for i in range(n):
                                                   yielded.append(x * i)
                                               return yielded

A caller that reads the generator once, whole (`sum(gen(x))`, `list(...)`, `for v in gen(x)`, a
comprehension over it; read_once.py checks it) sees the same values in the same order.  Left as
written, and refused where it is by the fence with the reason attached, is a generator that
receives values (`v = yield ...`, for `send()`), returns a value, or never ends
(`while True:` with no `break` or `return`): no list holds what it yields.
"""

import gast

from ..naming import unused_name
from ..trees import walk

_SCOPES = (gast.FunctionDef, gast.AsyncFunctionDef, gast.Lambda, gast.ClassDef, gast.ListComp, gast.SetComp,
           gast.DictComp, gast.GeneratorExp)


def generators_as_lists(tree):
    """Rewrite (in place) each generator function of a module tree that a list can stand for;
    mark each it rewrites with `s2s_generator`, and each yield it cannot with `s2s_refusal`."""
    for node in walk(tree):
        if isinstance(node, gast.FunctionDef) and not getattr(node, "s2s_generator", False):
            yields = [n for n in own_nodes(node) if isinstance(n, (gast.Yield, gast.YieldFrom))]
            if yields and not _refused(node, yields):
                _as_list(node)
    return tree


def own_nodes(func):
    """The nodes of `func`'s own scope (not of the functions, lambdas and comprehensions in it)."""
    stack = list(func.body)
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, _SCOPES):
            stack.extend(child for _, value in gast.iter_fields(node)
                         for child in (value if isinstance(value, list) else [value]) if isinstance(child, gast.AST))


def _refused(func, yields):
    """Mark what keeps `func` a generator (on its first yield); whether any does."""
    refusal = _refusal(func, yields)
    if refusal is not None:
        where, message, suggestion = refusal
        where.s2s_refusal = (message, suggestion)
    return refusal is not None


def _refusal(func, yields):
    """(the node to refuse, message, suggestion) where no list can stand for the generator, else None."""
    own = list(own_nodes(func))
    statements = {id(n.value) for n in own if isinstance(n, gast.Expr)}
    received = [y for y in yields if id(y) not in statements]
    if received:
        return (received[0], "a generator that receives values (`v = yield ...`, for `send()`) is not "
                "differentiated", "pass the values as arguments of a function that returns a list")
    if any(isinstance(n, gast.Return) and n.value is not None for n in own):
        return (yields[0], "a generator that returns a value (read from `StopIteration`) is not differentiated",
                "return a list, and the value alongside it")
    if any(isinstance(n, gast.While) and _endless(n) for n in own):
        return (yields[0], "a generator that never ends (`while True:` with no `break` or `return`) is not "
                "differentiated: s2sgrad makes a generator the list of what it yields",
                "give the loop an end: `for i in range(n):`")
    return None


def _endless(loop):
    if not (isinstance(loop.test, gast.Constant) and loop.test.value):
        return False
    stack = list(loop.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (gast.Break, gast.Return)):
            return False
        if not isinstance(node, (gast.For, gast.While) + _SCOPES):      # (a break there ends that loop)
            stack.extend(child for _, value in gast.iter_fields(node)
                         for child in (value if isinstance(value, list) else [value]) if isinstance(child, gast.AST))
        elif isinstance(node, (gast.For, gast.While)):
            stack.extend(n for n in walk(node) if isinstance(n, gast.Return))
    return True


def _as_list(func):
    taken = {n.id for n in walk(func) if isinstance(n, gast.Name)}
    out = unused_name("yielded", taken)
    func.s2s_first_yield = next(n for n in own_nodes(func) if isinstance(n, (gast.Yield, gast.YieldFrom)))
    _replace_yields(func.body, out)
    start = gast.parse(f"{out} = []").body[0]
    end = gast.parse(f"return {out}").body[0]
    for node in list(walk(start)) + list(walk(end)):
        if isinstance(node, (gast.stmt, gast.expr)):
            gast.copy_location(node, func.body[0])
    func.body = [start] + func.body + [end]
    func.s2s_generator = True


def _replace_yields(body, out):
    for i, stmt in enumerate(body):
        if isinstance(stmt, gast.Expr) and isinstance(stmt.value, (gast.Yield, gast.YieldFrom)):
            body[i] = _append(stmt, out)
        elif isinstance(stmt, gast.Return):
            stmt.value = gast.copy_location(gast.Name(id=out, ctx=gast.Load(), annotation=None, type_comment=None),
                                            stmt)
        elif not isinstance(stmt, _SCOPES):
            for field in ("body", "orelse", "finalbody"):
                if isinstance(getattr(stmt, field, None), list):
                    _replace_yields(getattr(stmt, field), out)
            for handler in getattr(stmt, "handlers", ()):
                _replace_yields(handler.body, out)


def _append(stmt, out):
    """`yield v` -> `out.append(v)`; `yield from xs` -> `out.extend(xs)`."""
    value = stmt.value.value if stmt.value.value is not None else gast.Constant(value=None, kind=None)
    method = "extend" if isinstance(stmt.value, gast.YieldFrom) else "append"
    call = gast.Call(func=gast.Attribute(value=gast.Name(id=out, ctx=gast.Load(), annotation=None, type_comment=None),
                                         attr=method, ctx=gast.Load()), args=[value], keywords=[])
    new = gast.Expr(value=call)
    for node in (new, call, call.func, call.func.value):
        gast.copy_location(node, stmt)
    if not hasattr(value, "lineno"):
        gast.copy_location(value, stmt)
    return new

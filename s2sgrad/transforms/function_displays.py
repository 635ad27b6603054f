"""Displays of functions (`[np.tanh, relu, lambda v: v * a]`): what the rewrites of lists of
functions (function_items.py, function_lists.py, function_loops.py, object_function_lists.py)
ask of one, and the statements they write with it — one definition each.

A display's element is function-like (`function_like`) where it names the same function wherever
a copy of it is written: a lambda, a global or module function, or a local bound once to a lambda
or to an item of a known list.  Its lambdas are named where it is written (`name_lambdas`), so
that each copy of a call names its function.  A copy of a loop over it reads the loop's variables
as constants (`substituted`); the copies of a loop over `zip` of it with sequences of unknown
length run only while those have items (`while_zipped`: zip stops at the shortest).
"""

import gast

from ..naming import unused_name
from ..trees import clone, walk
from .normalize.nodes import assign, located, name


def function_like(element, func):
    """A lambda, a nested function of `func`, or a name or attribute of a module or global."""
    if isinstance(element, gast.Lambda):
        return True
    if isinstance(element, gast.Attribute):
        return isinstance(element.value, (gast.Name, gast.Attribute)) and function_like(element.value, func)
    if not isinstance(element, gast.Name):
        return False
    bindings = [s for s in func.body if _binds(s, element.id, gast.Lambda) or _binds_item(s, element.id)]
    defined = [s for s in walk(func) if isinstance(s, gast.FunctionDef) and s.name == element.id]
    count = stores(func, element.id)
    return len(defined) <= 1 and (count == 0 or count == 1 == len(bindings))


def _binds(stmt, name, kinds=gast.AST):
    """Whether `stmt` is `name = value`, `value` one of `kinds`."""
    return isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name) \
        and stmt.targets[0].id == name and isinstance(stmt.value, kinds)


def _binds_item(stmt, name):
    """Whether `stmt` is `name = seq[k]`, `k` an int constant (bind_sequences writes those)."""
    return _binds(stmt, name, gast.Subscript) and isinstance(stmt.value.slice, gast.Constant) \
        and type(stmt.value.slice.value) is int


def bound_display(func, name):
    """The list or tuple display of `func`'s one statement of its body `name = [...]`, where
    nothing else binds `name`, or None."""
    binds = [s for s in func.body if _binds(s, name)]
    if len(binds) != 1 or stores(func, name) != 1 or not isinstance(binds[0].value, (gast.List, gast.Tuple)):
        return None
    return binds[0].value


def stores(func, name):
    """How many times `func` binds (or deletes) `name`."""
    return sum(isinstance(n, gast.Name) and n.id == name and not isinstance(n.ctx, gast.Load) for n in walk(func))


def root(node):
    """The name at the root of `a.b.c`, or None."""
    while isinstance(node, gast.Attribute):
        node = node.value
    return node.id if isinstance(node, gast.Name) else None


def is_zip(node):
    """`zip(a, b, ...)` of two or more sequences, no keyword and no `*`."""
    return isinstance(node, gast.Call) and isinstance(node.func, gast.Name) and node.func.id == "zip" \
        and len(node.args) >= 2 and not node.keywords and not any(isinstance(a, gast.Starred) for a in node.args)


def is_enumerate(node):
    """`enumerate(xs)` or `enumerate(xs, k)`, `k` a constant."""
    return isinstance(node, gast.Call) and isinstance(node.func, gast.Name) and node.func.id == "enumerate" \
        and not node.keywords and 1 <= len(node.args) <= 2 \
        and (len(node.args) == 1 or isinstance(node.args[1], gast.Constant))


def blocks(body):
    """`body` and every block its statements hold, nested functions aside."""
    yield body
    for stmt in body:
        if isinstance(stmt, (gast.If, gast.For, gast.While, gast.With, gast.Try)):
            for field in ("body", "orelse", "finalbody"):
                yield from blocks(getattr(stmt, field, None) or [])
            for handler in getattr(stmt, "handlers", []):
                yield from blocks(handler.body)


def jumps(body):
    """Whether a statement of `body` breaks, continues, returns or yields."""
    return any(isinstance(n, (gast.Break, gast.Continue, gast.Return, gast.Yield, gast.YieldFrom))
               for stmt in body for n in walk(stmt))


def read_outside(func, loop, names):
    """Whether a name of `names` is read other than in the loop, or in another loop binding it."""
    rebinding = [other for other in walk(func) if isinstance(other, gast.For)
                 and names & {n.id for n in walk(other.target) if isinstance(n, gast.Name)}]
    inside = {id(n) for other in rebinding for part in [other.target] + other.body for n in walk(part)}
    return any(isinstance(n, gast.Name) and n.id in names and id(n) not in inside for n in walk(func))


def name_lambdas(display, base, taken, where=None):
    """`base_k = lambda ...` for the lambda at `k` in the display (located at it, or at `where`),
    which then reads the name; `taken` gets the names."""
    out = []
    for k, element in enumerate(display.elts):
        if isinstance(element, gast.Lambda):
            fname = unused_name(f"{base}_{k}", taken)
            taken.add(fname)
            out.append(located(gast.copy_location(assign(fname, element, None), where or element), where or element))
            display.elts[k] = gast.copy_location(name(fname), element)
    return out


def substituted(node, values):
    """`node` with each read of a name of `values` replaced by a copy of its value."""
    class Substitute(gast.NodeTransformer):
        def visit_Name(self, item):
            if isinstance(item.ctx, gast.Load) and item.id in values:
                return gast.copy_location(clone(values[item.id]), item)
            return item
    return Substitute().visit(node)


def item(sequence, k):
    """`sequence[k]` (a copy of `sequence`)."""
    return gast.Subscript(value=clone(sequence), slice=gast.Constant(value=k, kind=None), ctx=gast.Load())


def while_zipped(statements, unsized, k, origin):
    """`statements`, the `k`-th copy of a loop over `zip`, run only where each sequence of unknown
    length zipped with the functions has a `k`-th item (`if len(ws) > k:`): zip stops at the shortest."""
    if not unsized:
        return statements
    tests = [gast.Compare(left=gast.Call(func=name("len"), args=[clone(s)], keywords=[]), ops=[gast.Gt()],
                          comparators=[gast.Constant(value=k, kind=None)]) for s in unsized]
    test = tests[0] if len(tests) == 1 else gast.BoolOp(op=gast.And(), values=tests)
    return [located(gast.If(test=test, body=statements, orelse=[]), origin)]

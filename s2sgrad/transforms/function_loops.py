"""Loops over a display of functions, unrolled: each copy of the body calls its function by name.

`for f in [np.sin, square, lambda v: 3 * v]: x = f(x)` (or over `fs`, a name bound once to such
a display, or `enumerate` of one) calls a function the derivative cannot tell from the loop
variable; unrolled, each call is `np.sin(x)`, `square(x)`, `fs_2(x)` (a lambda named where the
display is), which it can.  Only loops that call their variable, with no `break`, `continue` or
`else`, whose variables are not read after the loop, are unrolled; the rest are left as written
(and refused later where a call needs its function).
"""

import gast

from ..naming import unused_name
from ..trees import clone, walk
from .function_lists import listed_lambdas, specialise_function_lists


def unroll_function_loops(node, resolver=None):
    """`node` with its loops over displays of functions unrolled (a copy), or `node` itself; with
    a `resolver`, its displays of functions given to callees and comprehensions first
    (function_lists.py)."""
    node = specialise_function_lists(node, resolver)
    if not any(_unrollable(loop, node) for loop in walk(node) if isinstance(loop, gast.For)):
        return node
    node = clone(node)
    taken = {n.id for n in walk(node) if isinstance(n, gast.Name)} | {a.id for a in node.args.args}
    _Unroller(node, taken).run()
    return node


def unrolled_lambdas(func, resolver=None):
    """The ids of the lambdas in the displays of functions `unroll_function_loops` unrolls (the
    fence lets them through: they are named where the display is)."""
    loops = [loop for loop in walk(func) if isinstance(loop, gast.For) and _unrollable(loop, func)]
    return {id(e) for loop in loops for e in _parts(loop, func)[0].elts if isinstance(e, gast.Lambda)} \
        | listed_lambdas(func, resolver)


class _Unroller:
    def __init__(self, func, taken):
        self.func, self.taken = func, taken

    def run(self):
        body = []
        for stmt in self.func.body:       # a display bound to a name: its lambdas named before it
            if isinstance(stmt, gast.Assign) and isinstance(stmt.value, (gast.List, gast.Tuple)) \
                    and any(_display(loop.iter, self.func) is stmt.value or _display(_enumerated(loop.iter),
                            self.func) is stmt.value for loop in walk(self.func) if isinstance(loop, gast.For)
                            and _unrollable(loop, self.func)):
                body.extend(self._name_lambdas(stmt.value, stmt.targets[0].id))
            body.append(stmt)
        self.func.body[:] = body
        self._body(self.func.body)

    def _body(self, body):
        out = []
        for stmt in body:
            if isinstance(stmt, gast.For) and _unrollable(stmt, self.func):
                out.extend(self._unroll(stmt))
                continue
            for field in ("body", "orelse"):
                if isinstance(stmt, (gast.For, gast.While, gast.If, gast.With, gast.Try)):
                    self._body(getattr(stmt, field, []))
            out.append(stmt)
        body[:] = out

    def _unroll(self, loop):
        display, index, target, start = _parts(loop, self.func)
        hoisted = self._name_lambdas(display, target)
        copies = []
        for k, element in enumerate(display.elts):
            values = {target: element}
            if index is not None:
                values[index] = gast.Constant(value=start + k, kind=None)
            for stmt in loop.body:
                copies.append(_substituted(clone(stmt), values))
        self._body(copies)
        return hoisted + copies

    def _name_lambdas(self, display, base):
        """`base_k = lambda ...` for the lambda at `k` in the display, which then reads the name."""
        out = []
        for k, element in enumerate(display.elts):
            if isinstance(element, gast.Lambda):
                fname = unused_name(f"{base}_{k}", self.taken)
                self.taken.add(fname)
                assign = gast.Assign(targets=[gast.Name(id=fname, ctx=gast.Store(), annotation=None,
                                                        type_comment=None)], value=element, type_comment=None)
                out.append(gast.copy_location(assign, element))
                display.elts[k] = gast.Name(id=fname, ctx=gast.Load(), annotation=None, type_comment=None)
        return out


def _parts(loop, func):
    """(the display iterated, the index name or None, the function's name, enumerate's start), or
    None where the loop is neither `for f in ...` nor `for i, f in enumerate(...)`."""
    iterable, index, target, start = loop.iter, None, loop.target, 0
    if isinstance(iterable, gast.Call) and _is_enumerate(iterable):
        if not (isinstance(target, gast.Tuple) and len(target.elts) == 2 and isinstance(target.elts[0], gast.Name)):
            return None
        index, target = target.elts[0].id, target.elts[1]
        start = iterable.args[1].value if len(iterable.args) > 1 else 0
        iterable = iterable.args[0]
    if not isinstance(target, gast.Name):
        return None
    return _display(iterable, func), index, target.id, start


def _unrollable(loop, func):
    parts = _parts(loop, func)
    if parts is None:
        return False
    display, index, target, start = parts
    names = {target} | ({index} if index is not None else set())
    return display is not None and isinstance(start, int) and not loop.orelse \
        and _calls(loop.body, target) and not _jumps(loop.body) \
        and not _assigned(loop.body, names | _roots(display)) and not _read_outside(func, loop, names) \
        and all(_function_like(e, func) for e in display.elts)


def _enumerated(iterable):
    return iterable.args[0] if isinstance(iterable, gast.Call) and _is_enumerate(iterable) else None


def _is_enumerate(call):
    return isinstance(call.func, gast.Name) and call.func.id == "enumerate" and not call.keywords \
        and 1 <= len(call.args) <= 2 and (len(call.args) == 1 or isinstance(call.args[1], gast.Constant))


def _display(iterable, func):
    """The list or tuple display iterated: written there, or bound once to a name read only by loops."""
    if isinstance(iterable, (gast.List, gast.Tuple)):
        return iterable
    if not isinstance(iterable, gast.Name):
        return None
    binds = [s for s in func.body if _binds(s, iterable.id)]
    if len(binds) != 1 or _count(func, iterable.id, stores=True) != 1 \
            or not isinstance(binds[0].value, (gast.List, gast.Tuple)):
        return None
    return binds[0].value if _only_iterated(func, iterable.id) else None


def _only_iterated(func, name):
    """Whether every read of `name` is what a `for` iterates (or enumerates)."""
    iterated = [loop.iter for loop in walk(func) if isinstance(loop, gast.For)]
    iterated += [c.args[0] for c in iterated if isinstance(c, gast.Call) and c.args]
    loads = [n for n in walk(func) if isinstance(n, gast.Name) and n.id == name and isinstance(n.ctx, gast.Load)]
    return all(any(n is it for it in iterated) for n in loads)


def _binds(stmt, name):
    """Whether `stmt` is `name = ...`."""
    return isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name) \
        and stmt.targets[0].id == name


def _count(func, name, stores):
    return sum(isinstance(n, gast.Name) and n.id == name and isinstance(n.ctx, (gast.Store, gast.Del)) == stores
               for n in walk(func))


def _calls(body, target):
    return any(isinstance(n, gast.Call) and isinstance(n.func, gast.Name) and n.func.id == target
               for stmt in body for n in walk(stmt))


def _jumps(body):
    return any(isinstance(n, (gast.Break, gast.Continue, gast.Return, gast.Yield, gast.YieldFrom))
               for stmt in body for n in walk(stmt))


def _assigned(body, names):
    return any(isinstance(n, gast.Name) and n.id in names and not isinstance(n.ctx, gast.Load)
               for stmt in body for n in walk(stmt))


def _read_outside(func, loop, names):
    """Whether a name of `names` is read other than in the loop, or in another loop binding it."""
    rebinding = [other for other in walk(func) if isinstance(other, gast.For)
                 and names & {n.id for n in walk(other.target) if isinstance(n, gast.Name)}]
    inside = {id(n) for other in rebinding for part in [other.target] + other.body for n in walk(part)}
    return any(isinstance(n, gast.Name) and n.id in names and id(n) not in inside for n in walk(func))


def _roots(display):
    return {n.id for e in display.elts if not isinstance(e, gast.Lambda) for n in walk(e) if isinstance(n, gast.Name)}


def _function_like(element, func):
    """A lambda, a nested function of `func`, or a name or attribute of a module or global."""
    if isinstance(element, gast.Lambda):
        return True
    if isinstance(element, gast.Attribute):
        return isinstance(element.value, (gast.Name, gast.Attribute)) and _function_like(element.value, func)
    if not isinstance(element, gast.Name):
        return False
    stores = _count(func, element.id, stores=True)
    lambdas = [s for s in func.body if _binds(s, element.id) and isinstance(s.value, gast.Lambda)]
    defined = [s for s in walk(func) if isinstance(s, gast.FunctionDef) and s.name == element.id]
    return len(defined) <= 1 and (stores == 0 or stores == 1 == len(lambdas))


def _substituted(stmt, values):
    """`stmt` with each read of a name in `values` replaced by a copy of its value."""
    class Substitute(gast.NodeTransformer):
        def visit_Name(self, node):
            if isinstance(node.ctx, gast.Load) and node.id in values:
                return gast.copy_location(clone(values[node.id]), node)
            return node
    return Substitute().visit(stmt)

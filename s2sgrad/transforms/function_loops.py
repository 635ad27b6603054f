"""Loops over a display of functions, unrolled: each copy of the body calls its function by name.

`for f in [np.sin, square, lambda v: 3 * v]: x = f(x)` (or over `fs`, a name bound once to such
a display, or `enumerate` of one, or `zip` of one with other sequences, whose items each copy
binds by index: `W, b = layers[0]`) calls a function the derivative cannot tell from the loop
variable; unrolled, each call is `np.sin(x)`, `square(x)`, `fs_2(x)` (a lambda named where the
display is), which it can.  Only loops that call their variable, with no `break`, `continue` or
`else`, whose variables are not read after the loop, are unrolled; the rest are left as written
(and refused later where a call needs its function).
"""

import gast

from ..trees import clone, walk
from .function_displays import bound_display, function_like, is_enumerate, is_zip, item, jumps, name_lambdas, \
    read_outside, substituted, while_zipped


def unroll_loops(node):
    """`node` with its loops over displays of functions unrolled (a copy), or `node` itself (step 5
    of function_containers.py)."""
    if not any(_unrollable(loop, node) for loop in walk(node) if isinstance(loop, gast.For)):
        return node
    node = clone(node)
    taken = {n.id for n in walk(node) if isinstance(n, gast.Name)} | {a.id for a in node.args.args}
    _Unroller(node, taken).run()
    return node


def loop_lambdas(func):
    """The ids of the lambdas in the displays of functions `unroll_loops` unrolls (named where the
    display is: the fence lets them through)."""
    loops = [loop for loop in walk(func) if isinstance(loop, gast.For) and _unrollable(loop, func)]
    return {id(e) for loop in loops for e in _parts(loop, func).display.elts if isinstance(e, gast.Lambda)}


class _Unroller:
    def __init__(self, func, taken):
        self.func, self.taken = func, taken

    def run(self):
        body = []
        for stmt in self.func.body:       # a display bound to a name: its lambdas named before it
            if isinstance(stmt, gast.Assign) and isinstance(stmt.value, (gast.List, gast.Tuple)) \
                    and any(_parts(loop, self.func).display is stmt.value for loop in walk(self.func)
                            if isinstance(loop, gast.For) and _unrollable(loop, self.func)):
                body.extend(name_lambdas(stmt.value, stmt.targets[0].id, self.taken))
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
        plan = _parts(loop, self.func)
        hoisted = name_lambdas(plan.display, plan.target, self.taken)
        copies = []
        for k, element in enumerate(plan.display.elts[:plan.length]):
            values = {plan.target: element}
            if plan.index is not None:
                values[plan.index] = gast.Constant(value=plan.start + k, kind=None)
            copy = []
            for target, other in plan.others:       # `for (W, b), act in zip(layers, acts)`: W, b = layers[k]
                value = clone(other.elts[k]) if isinstance(other, (gast.List, gast.Tuple)) else item(other, k)
                copy.append(gast.copy_location(gast.Assign(targets=[clone(target)], value=value,
                                                           type_comment=None), loop))
            copy += [substituted(clone(stmt), values) for stmt in loop.body]
            copies += while_zipped(copy, plan.unsized, k, loop)
        self._body(copies)
        return hoisted + copies


class _Plan:
    """How a loop over functions unrolls: the display, the index's name or None, the function's
    name, enumerate's start, the (target, sequence) pairs zipped with it, how many copies, and
    the zipped sequences of unknown length (each copy runs while they have an item)."""

    def __init__(self, display, index, target, start, others=(), sized=()):
        self.display, self.index, self.target, self.start, self.others = display, index, target, start, list(others)
        lengths = [len(o.elts) for o in sized if o is not None]      # (the other sequences whose length is known)
        self.length = min([len(display.elts) if display is not None else 0] + lengths)
        self.unsized = [o for (_, o), size in zip(self.others, sized) if size is None]     # (zip stops at their end)


def _parts(loop, func):
    """The loop's _Plan: over a display, `enumerate` of one, or `zip` of one with other sequences;
    None where the loop has none of those shapes."""
    iterable, index, target, start = loop.iter, None, loop.target, 0
    if isinstance(iterable, gast.Call) and is_enumerate(iterable):
        if not (isinstance(target, gast.Tuple) and len(target.elts) == 2 and isinstance(target.elts[0], gast.Name)):
            return None
        index, target = target.elts[0].id, target.elts[1]
        start = iterable.args[1].value if len(iterable.args) > 1 else 0
        iterable = iterable.args[0]
    elif is_zip(iterable) and isinstance(target, gast.Tuple) and len(target.elts) == len(iterable.args):
        return _zip_parts(loop, func, list(zip(target.elts, iterable.args)))
    if not isinstance(target, gast.Name):
        return None
    return _Plan(_display(iterable, func), index, target.id, start)


def _zip_parts(loop, func, pairs):
    """The _Plan of `for a, f in zip(xs, fs)`: the one variable the body calls iterates functions."""
    called = [(t, i) for t, i in pairs if isinstance(t, gast.Name) and _calls(loop.body, t.id)]
    if len(called) != 1 or not all(isinstance(i, (gast.Name, gast.Attribute, gast.List, gast.Tuple)) for _, i in pairs):
        return _Plan(None, None, "", 0)
    others = [(t, i) for t, i in pairs if t is not called[0][0]]
    sized = [o if isinstance(o, (gast.List, gast.Tuple)) else _display(o, func) for _, o in others]
    return _Plan(_display(called[0][1], func), None, called[0][0].id, 0, others, sized)


def _unrollable(loop, func):
    plan = _parts(loop, func)
    if plan is None:
        return False
    names = {plan.target} | ({plan.index} if plan.index is not None else set())
    roots = _roots(plan.display) | {n.id for _, o in plan.others for n in walk(o) if isinstance(n, gast.Name)} \
        if plan.display is not None else set()
    return plan.display is not None and isinstance(plan.start, int) and not loop.orelse \
        and _calls(loop.body, plan.target) and not jumps(loop.body) \
        and not _assigned(loop.body, names | roots) and not read_outside(func, loop, names) \
        and all(function_like(e, func) for e in plan.display.elts)


def _display(iterable, func):
    """The list or tuple display iterated: written there, or bound once to a name read only by loops."""
    if isinstance(iterable, (gast.List, gast.Tuple)):
        return iterable
    if not isinstance(iterable, gast.Name):
        return None
    display = bound_display(func, iterable.id)
    return display if display is not None and _only_iterated(func, iterable.id) else None


def _only_iterated(func, name):
    """Whether every read of `name` is what a `for` iterates (or enumerates)."""
    iterated = [loop.iter for loop in walk(func) if isinstance(loop, gast.For)]
    iterated += [a for c in iterated if isinstance(c, gast.Call) for a in c.args]
    loads = [n for n in walk(func) if isinstance(n, gast.Name) and n.id == name and isinstance(n.ctx, gast.Load)]
    return all(any(n is it for it in iterated) for n in loads)


def _calls(body, target):
    return any(isinstance(n, gast.Call) and isinstance(n.func, gast.Name) and n.func.id == target
               for stmt in body for n in walk(stmt))


def _assigned(body, names):
    return any(isinstance(n, gast.Name) and n.id in names and not isinstance(n.ctx, gast.Load)
               for stmt in body for n in walk(stmt))


def _roots(display):
    return {n.id for e in display.elts if not isinstance(e, gast.Lambda) for n in walk(e) if isinstance(n, gast.Name)}

"""Iterables of itertools read once, as a whole: `chain`, `chain.from_iterable`, `pairwise`,
`islice` and `starmap` -> the list (display, slice or comprehension) of what they yield.

    itertools.pairwise(xs)          --->   [(xs[i], xs[i + 1]) for i in range(len(xs) - 1)]
    itertools.chain(a, b)           --->   list(a) + list(b)
    itertools.islice(xs, 1, None)   --->   list(xs)[1:None]
    itertools.starmap(f, pairs)     --->   [f(a, b) for a, b in pairs]      (f of two parameters)

The list holds what the iterator yields, in order; iterators.py checks that it is read once.
"""

import inspect
import itertools

import gast
import numpy as np

from ..trees import clone, walk
from ..naming import unused_name


def rewritten_iterable(obj, call, taken, resolve):
    """The list expression `call` (to `obj`) amounts to; None where its arguments are not plain.
    `resolve` gives the object an expression names (None where it names none)."""
    if call.keywords or any(isinstance(a, gast.Starred) for a in call.args):
        return None
    if obj is itertools.chain:
        return _chain(call)
    if obj is itertools.pairwise:
        return _pairwise(call, taken) if len(call.args) == 1 else None
    if obj is itertools.islice:
        return _islice(call) if len(call.args) in (2, 3, 4) else None
    if obj is itertools.starmap:
        return _starmap(call, taken, resolve) if len(call.args) == 2 else None
    return _from_iterable(call, taken) if len(call.args) == 1 else None


def _chain(call):
    parts = [_as_list(a) for a in call.args]
    value = parts[0] if parts else gast.List(elts=[], ctx=gast.Load())
    for part in parts[1:]:
        value = gast.BinOp(left=value, op=gast.Add(), right=part)
    return _placed(value, call)


def _from_iterable(call, taken):
    part, item = unused(taken, "part"), unused(taken, "item")
    return _placed(_template(f"[{item} for {part} in XSS for {item} in {part}]", XSS=call.args[0]), call)


def _pairwise(call, taken):
    i = unused(taken, "i")
    if isinstance(call.args[0], gast.Name):
        xs = call.args[0].id
        return _placed(_template(f"[({xs}[{i}], {xs}[{i} + 1]) for {i} in range(len({xs}) - 1)]"), call)
    p = unused(taken, "items")
    return _placed(_template(f"[({p}[{i}], {p}[{i} + 1]) for {p} in [XS] for {i} in range(len({p}) - 1)]",
                             XS=_as_list(call.args[0])), call)


def _islice(call):
    bounds = call.args[1:]
    if len(bounds) == 1:
        bounds = [gast.Constant(value=None, kind=None)] + bounds
    value = gast.Subscript(value=_as_list(call.args[0]), slice=gast.Slice(
        lower=bounds[0], upper=bounds[1], step=bounds[2] if len(bounds) > 2 else None), ctx=gast.Load())
    return _placed(value, call)


def _starmap(call, taken, resolve):
    f, pairs = call.args
    if isinstance(f, gast.Lambda):
        params = f.args
        if params.vararg or params.kwarg or params.kwonlyargs or params.defaults or not params.args:
            return None
        names = [a.id for a in params.args]
        body = clone(f.body)
    else:
        arity = _arity(resolve(f))
        if arity is None:
            return None
        names = [unused(taken, f"arg{k}") for k in range(arity)]
        body = gast.Call(func=clone(f), args=[_load(n) for n in names], keywords=[])
    target = gast.Tuple(elts=[gast.Name(id=n, ctx=gast.Store(), annotation=None, type_comment=None)
                              for n in names], ctx=gast.Store())
    loop = gast.comprehension(target=target, iter=pairs, ifs=[], is_async=0)
    return _placed(gast.ListComp(elt=body, generators=[loop]), call)


def _arity(fn):
    """The number of positional arguments `fn` takes, where it is fixed: a ufunc's inputs, a Python
    function's plain parameters."""
    if isinstance(fn, np.ufunc):
        return fn.nin
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return None
    if any(p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) or p.default is not p.empty for p in params):
        return None
    return len(params)


def unused(taken, hint):
    return unused_name(hint, taken)


def _as_list(node):
    if isinstance(node, gast.List):
        return node
    return gast.Call(func=_load("list"), args=[node], keywords=[])


def _load(ident):
    return gast.Name(id=ident, ctx=gast.Load(), annotation=None, type_comment=None)


def _template(text, **holes):
    value = gast.parse(text).body[0].value
    for node in walk(value):
        if isinstance(node, gast.expr):
            del node.lineno         # (placed where the call is: see _placed)
    for node in walk(value):
        for field, child in gast.iter_fields(node):
            if isinstance(child, gast.Name) and child.id in holes:
                setattr(node, field, holes[child.id])
            elif isinstance(child, list):
                child[:] = [holes[c.id] if isinstance(c, gast.Name) and c.id in holes else c for c in child]
    return value


def _placed(value, where):
    for node in walk(value):
        if isinstance(node, gast.expr) and getattr(node, "lineno", None) is None:
            gast.copy_location(node, where)
    return gast.copy_location(value, where)

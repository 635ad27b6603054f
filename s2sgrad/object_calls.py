"""Calls s2sgrad has no derivative for, explained: a function-valued parameter nothing tells, a
method of a plain class called on a value whose class the transform cannot tell, and an object
made of a class it does not read."""

import gast

from .analyses.ops import no_rule
from .callables import Captured, Primitive
from .errors import Diagnostic
from .trees import walk
from .transforms.plain_classes import plain_classes, why_not_plain


def method_problem(unit, op, mode):
    """The diagnostic for `v.m(...)` where a plain class of the file defines `m` but s2sgrad cannot
    tell that `v` holds one of its objects (an argument, an item taken out of a list), or None."""
    node = getattr(op, "node", None)
    node = node.func if isinstance(node, gast.Call) else node
    if not (isinstance(op.key, tuple) and op.key[:1] == ("method",) and isinstance(node, gast.Attribute)):
        return None
    method = op.key[1]
    plain = [c.name for c in plain_classes(unit.source).values() if method in c.methods]
    classes = plain + _dataclasses_defining(unit.source, method)
    if not classes or not isinstance(node.value, gast.Name) or not _taken_from_an_argument(unit, node.value.id):
        return None
    holder = node.value.id
    if holder in unit.namer.generated:
        holder = "obj"          # a temporary of the normal form, such as the item of `layers[1].m()`
    loop = f", or loop over the objects (`for layer in layers: layer.{method}(...)`)" if plain else ""
    return Diagnostic(unit.location(node),
                      f"`.{method}(...)` calls a method that {' and '.join(classes)} of this file "
                      f"define{'s' if len(classes) == 1 else ''}, on a value whose class s2sgrad cannot tell "
                      f"here ({mode} mode)",
                      f"call it through its class, as `{classes[0]}.{method}({holder}, ...)`{loop}")


def _dataclasses_defining(source, method):
    """The dataclasses of the file (records: their methods read fields) that define `method`."""
    tree = getattr(source, "tree", None)
    return [c.name for c in getattr(tree, "body", ()) if isinstance(c, gast.ClassDef)
            and any("dataclass" in gast.unparse(d) for d in c.decorator_list)
            and any(isinstance(m, gast.FunctionDef) and m.name == method for m in c.body)]


def class_problem(unit, op, mode, stmt):
    """The diagnostic for `C(...)` where C is a class of the file that is not plain
    (transforms/objects.py), saying why, or None."""
    name = op.key.__name__ if isinstance(op.key, type) else op.name
    tree = getattr(unit.source, "tree", None)
    found = [c for c in getattr(tree, "body", ()) if isinstance(c, gast.ClassDef) and c.name == name]
    # (a dataclass, a namedtuple or a subclass is another matter: records where the API sees them)
    why = why_not_plain(found[0]) if len(found) == 1 and not found[0].decorator_list and not found[0].bases else None
    if why is None:
        return None
    return Diagnostic(unit.location(getattr(op, "node", None) or stmt),
                      f"`{name}(...)` makes an object of {name}, a class s2sgrad does not differentiate through: "
                      f"{why} ({mode} mode)",
                      f"keep {name} to plain attributes and methods that read them (docs/python-subset.md), or "
                      f"pass the arrays it holds and write what it computes as functions")


def _taken_from_an_argument(unit, holder):
    """Whether `holder` is a parameter, or is bound only to items of values (`layers[1]`, `a, b = layers`)."""
    func = unit.func or unit.node
    if holder in {a.id for a in func.args.args}:
        return True
    values = [n.value for n in walk(func) if isinstance(n, gast.Assign)
              and any(isinstance(t, gast.Name) and t.id == holder for t in n.targets)]
    return bool(values) and all(isinstance(v, gast.Subscript) for v in values)


def _rebinds(node, name):
    return any(isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store) and n.id == name for n in walk(node))


# -- a function-valued parameter nothing tells --------------------------------------------------
def unknown_call_problem(unit, is_active, op, stmt, mode):
    """The diagnostic for an active call s2sgrad has no derivative for, in either mode."""
    what = op.name or type(stmt.value).__name__
    if op.called is not None and op.called in unit.namer.generated:
        what = None         # `Scale(w)(3.0)`: the callee is a temporary of the normal form
    message, suggestion = no_rule(op, what, mode, is_active)
    return function_parameter_problem(unit, op, mode) or method_problem(unit, op, mode) \
        or class_problem(unit, op, mode, stmt) or Diagnostic(
        unit.location(getattr(op, "node", None) or stmt), message, suggestion)


def function_parameter_problem(unit, op, mode):
    """The diagnostic for a call of a parameter whose function is not known, or None."""
    func = getattr(op, "node", None)
    if not (isinstance(func, gast.Name) and func.id in unit.params):
        return None
    fname = unit.node.name
    if _rebinds(unit.node, func.id):
        return Diagnostic(unit.location(func), f"`{func.id}` is a parameter of {fname} that holds a function and "
                          f"is rebound in {fname}: s2sgrad knows which function a parameter holds only where "
                          "it is never rebound", f"give the new function its own name, not `{func.id}`")
    given = unit.activity.local_functions.get(func.id)
    if isinstance(given, Primitive):
        where = getattr(given.obj, "__module__", None)
        return Diagnostic(unit.location(func), f"no derivative rule for `{given.label}` ({mode} mode), the "
                          f"function given as `{func.id}`" + (f" (from {where})" if where else ""),
                          f"register one with s2sgrad.extend.{'adjoint' if mode == 'reverse' else 'tangent'}, "
                          "or pass a function s2sgrad can read")
    if isinstance(given, Captured):
        reads = ", ".join(f"`{c}`" for c in given.function.captured)
        return Diagnostic(unit.location(func), f"`{func.id}` is given `{given.label}`, a nested function that reads "
                          f"{reads} of the function that defines it, and {fname} cannot see those",
                          f"pass {reads} to `{given.label}` as arguments, or define it at module level")
    return Diagnostic(unit.location(func), f"`{func.id}` is a function-valued parameter of {fname}: "
                      f"s2sgrad specialises the {mode}-mode code on the function it is given, and none is "
                      "known here",
                      f"give it a default (def {fname}(..., {func.id}=np.tanh)), or call the API with the "
                      f"function (s2sgrad.grad({fname})(..., np.tanh)), which specialises on it")

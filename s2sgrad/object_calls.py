"""Object calls s2sgrad has no derivative for, explained: a method of a plain class called on a
value whose class the transform cannot tell, and an object made of a class it does not read."""

import gast

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

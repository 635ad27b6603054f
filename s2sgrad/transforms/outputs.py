"""Outputs: what a gradient function gives back besides the gradients of its inputs: the output
of a `has_aux` pair (`split_aux`, `kept_pair`), and which parameters' gradients are records
(`read_as_records`)."""

import gast

from ..errors import ArgumentError
from ..analyses.activity import statement_lists
from ..trees import clone, name_nodes, statements, walk
from . import codegen
from .normalize import assign, assigned_names, name


def read_as_records(func):
    """The parameters of a normal-form function whose fields it reads (`p.W`, `p._replace(...)`,
    also of an item `layers[i].W`, or through a method of its class) and that it rebinds only as `p = p._replace(...)`: their
    gradients are given back as records (`records_like`), not as lists of their fields'."""
    nodes = list(walk(func))
    calls = [c for c in nodes if isinstance(c, gast.Call)
             and getattr(c.func, "id", None) in ("field_of", "replace_field", "is_object_of")]
    if not calls:
        return set()            # no field is read
    derived = {p: p for p in (a.id for a in func.args.args)}
    assigns = [s for s in nodes if _assigns_a_name(s)]
    rebound = set()
    for _ in range(3):          # items of items: a few rounds reach them
        for stmt in assigns:
            _derive(stmt.targets[0].id, _base_of(stmt.value), derived, rebound)
    read = {derived[c.args[0].id] for c in calls if c.args and isinstance(c.args[0], gast.Name)
            and c.args[0].id in derived}
    return read - rebound


def _assigns_a_name(stmt):
    return isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name)


def _base_of(value):
    """What a value is read from: `xs` of `xs[i]`, `p` of `replace_field(p, ...)`, else the value."""
    if isinstance(value, gast.Subscript):
        return value.value
    if isinstance(value, gast.Call) and getattr(value.func, "id", None) == "replace_field":
        return value.args[0]
    return value


def _derive(target, base, derived, rebound):
    """`target = ...base...`: target derives from the parameter base derives from; a parameter
    bound to anything else is rebound."""
    if isinstance(base, gast.Name) and base.id in derived and target not in derived:
        derived[target] = derived[base.id]
    elif target in derived and derived[target] == target and not (isinstance(base, gast.Name) and base.id in derived):
        rebound.add(target)


def as_records(grad, var):
    """`records_like(grad, var)`: the gradient `grad` as a record shaped like `var`."""
    return gast.Call(func=name("records_like"), args=[grad, name(var)], keywords=[])


def split_aux(func, namer, fname):
    """Make the normal form `func` return only the output of the pair (output, aux) it returns;
    the pair, for the emitted function to return as its value: a name, or the tuple it is built
    from when that tuple is built just before the return.

    Where each binding of the returned name is a tuple of two atoms, the output is its first
    atom (aux has no cotangent at all); otherwise it is `pair[0]`, and the pair's type is
    checked where the gradient is called.
    """
    ret = _returned_pair(func, fname)
    pair = ret.value.id
    bindings = [(body, i) for body in statement_lists(func.body) for i, stmt in enumerate(body)
                if pair in _bound_names(stmt)]
    values = [body[i].value for body, i in bindings if isinstance(body[i], gast.Assign)]
    firsts = _outputs(values, fname)
    if bindings == [(func.body, len(func.body) - 2)] and isinstance(values[0], gast.Tuple):
        ret.value = clone(firsts[0])
        return values[0]
    output = namer.fresh("output")
    if pair in [a.id for a in func.args.args] or len(firsts) != len(bindings):
        first = gast.Subscript(value=name(pair), slice=gast.Constant(value=0, kind=None), ctx=gast.Load())
        func.body.insert(-1, gast.copy_location(assign(output, first, None), ret))
    else:       # bound in several places (returns in branches and loops): take the output at each
        for (body, i), first in reversed(list(zip(bindings, firsts))):
            body.insert(i + 1, gast.copy_location(assign(output, clone(first), None), body[i]))
    ret.value = name(output)
    return name(pair)


def _outputs(values, fname):
    """The output of each pair the returned name is bound to (a display of two), `None` for a
    `None`; a display of another length is refused."""
    for value in values:
        if isinstance(value, gast.Tuple) and len(value.elts) != 2:
            raise ArgumentError(f"{fname} returns a tuple of {len(value.elts)} items: with has_aux=True it "
                                "must return a pair (output, aux)")
    return [value.elts[0] if isinstance(value, gast.Tuple) else value for value in values
            if isinstance(value, gast.Tuple) or isinstance(value, gast.Constant) and value.value is None]


def _returned_pair(func, fname):
    """The final `return pair` of a function called with has_aux=True (refused otherwise)."""
    ret = func.body[-1] if func.body and isinstance(func.body[-1], gast.Return) else None
    if ret is None or not isinstance(ret.value, gast.Name):
        what = "nothing" if ret is None or ret.value is None else codegen.unparse(ret.value)
        raise ArgumentError(f"{fname} returns {what}: with has_aux=True it must return a pair (output, aux)")
    return ret


def kept_pair(reverse, pair, output, adjoint, forward=()):
    """The pair the emitted function returns (the differentiated output being `output`), and the
    forward statements that save what of it the adjoint sweep would overwrite."""
    if isinstance(pair, gast.Name):
        return reverse._keep_result(pair, adjoint, forward)
    elements, keep = [output], []
    for aux in pair.elts[1:]:
        if isinstance(aux, gast.Name):
            aux, saved = reverse._keep_result(aux, adjoint, forward)
            keep += saved
        elements.append(aux)
    return gast.Tuple(elts=elements, ctx=gast.Load()), keep


def _bound_names(stmt):
    """The names `stmt` itself binds (a compound statement: its loop variable, not its body's)."""
    if isinstance(stmt, (gast.If, gast.For, gast.While)):
        return assigned_names([gast.Expr(value=stmt.target)]) if isinstance(stmt, gast.For) else set()
    return assigned_names([stmt])


def in_dtype_of(g, var, unit):
    """`dtype_like(g, var)`: the gradient leaves in its input's dtype, and the items of a container
    without a derivative (a string, None) their value (runtime/shapes.py); `g` for an input that is
    a number or an integer, which keeps no dtype of its own to match."""
    if unit.activity.types.get(var) in ("float", "int") or var in unit.activity.int_arrays:
        return g
    return gast.Call(func=name("dtype_like"), args=[g, name(var)], keywords=[])


def drop_kept_dtypes(func):
    """Unwrap `dtype_like(d_x, x)` in `func`'s returns where `d_x` provably has `x`'s dtype already:
    bound once, by `np.zeros_like(x)`, and after that only updated in place (`d_x += ...`, which
    keeps an array's dtype), with `x` a parameter that `func` never rebinds."""
    found = statements(func)
    returns = [n for n in found if isinstance(n, gast.Return) and n.value is not None and _wraps_dtype(n.value)]
    if not returns:
        return
    bound, updated = _bindings(func, found)
    params = {a.id for a in func.args.args}
    for ret in returns:
        ret.value = _unwrapped(ret.value, bound, updated, params)


def _wraps_dtype(value):
    """Whether `value` is a `dtype_like(...)` call, or a tuple display with one among its items."""
    if isinstance(value, gast.Tuple):
        return any(_wraps_dtype(e) for e in value.elts)
    return isinstance(value, gast.Call) and getattr(value.func, "id", None) == "dtype_like"


def _unwrapped(value, bound, updated, params):
    if isinstance(value, gast.Tuple):
        value.elts = [_unwrapped(e, bound, updated, params) for e in value.elts]
        return value
    if _keeps_dtype(value, bound, updated, params):
        return value.args[0]
    return value


def _keeps_dtype(value, bound, updated, params):
    """`value` is `dtype_like(g, x)` with `g` made by `np.zeros_like(x)` and only updated in place."""
    if not (isinstance(value, gast.Call) and getattr(value.func, "id", None) == "dtype_like"
            and len(value.args) == 2 and all(isinstance(a, gast.Name) for a in value.args)):
        return False
    g, x = (a.id for a in value.args)
    made = bound.get(g)
    return x in params and x not in bound and x not in updated and g not in params and made is not None and _zeros_like_of(made, x)


def _zeros_like_of(value, x):
    func = getattr(value, "func", None)
    return isinstance(value, gast.Call) and isinstance(func, gast.Attribute) and func.attr == "zeros_like" \
        and getattr(func.value, "id", None) == "np" and not value.keywords and len(value.args) == 1 \
        and getattr(value.args[0], "id", None) == x


def _bindings(func, found):
    """({name: its value} for each name bound exactly once, by a plain `name = value`, else None;
    the names updated in place, by `name op= ...`), `found` the statements of `func`."""
    bound, updated, plain = {}, set(), set()
    for node in found:
        if isinstance(node, gast.AugAssign) and isinstance(node.target, gast.Name):
            updated.add(node.target.id)
            plain.add(id(node.target))
        elif isinstance(node, gast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], gast.Name):
            key = node.targets[0].id
            bound[key] = node.value if key not in bound else None
            plain.add(id(node.targets[0]))
    store = gast.Store
    for node in name_nodes(func):       # any other binding (a loop's target, unpacking, ...) disqualifies
        if type(node.ctx) is store and id(node) not in plain:
            bound[node.id] = None
    return bound, updated

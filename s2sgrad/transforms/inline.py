"""Inline: a rule template -> statements in emitted code, with the call's operands substituted.

The template's parameters become the call's atoms (defaults become constants), its locals
get fresh names, `if`s on constants are folded, cotangents nobody needs are sliced away, and
`unbroadcast(g, x)` becomes `g` where `x` provably has the result's shape.
"""

import functools
import inspect
import operator
import weakref

import gast
import numpy as np

from ..errors import InternalError, RuleMismatch
from ..trees import ATOM_TYPES, clone, names_by_context, walk

_RESULT, _D_RESULT = object(), object()


def _constant(value):
    return gast.Constant(value=value, kind=None)


def _as_node(value):
    if isinstance(value, gast.AST):
        return value
    if isinstance(value, tuple):
        return gast.Tuple(elts=[_as_node(v) for v in value], ctx=gast.Load())
    if value is None or isinstance(value, (bool, int, float, str)):
        return _constant(value)
    return _constant(None)       # a sentinel default such as np._NoValue: treat as absent


def inline(rule, result, args, keywords, d_result, wanted, namer, same_shape, prefix="d_"):
    """Statements computing the wanted cotangents, and {param name: atom or None}.

    `result` and `d_result` are Name nodes; `args` and `keywords` the call's atoms;
    `wanted` the cotangent parameter names to compute; `same_shape(atom)` tells whether an
    operand provably has the result's shape.
    """
    try:
        arguments = bind_arguments(rule, (_RESULT, *args), keywords, first={"d_result": _D_RESULT})
    except TypeError as err:        # the signature's and the requirements' way of saying no
        raise RuleMismatch(f"arguments do not match the rule for {rule.template.__name__}: {err}") from None
    mapping = {}
    for pname, value in arguments.items():
        param = rule.signature.parameters[pname]
        if value is _RESULT:
            mapping[pname] = result
        elif value is _D_RESULT:
            mapping[pname] = d_result
        elif param.kind == inspect.Parameter.VAR_POSITIONAL:
            mapping[pname] = gast.Tuple(elts=list(value), ctx=gast.Load())
        else:
            mapping[pname] = _as_node(value)
    body = instantiate(rule, mapping, namer)
    body = _fold(body)
    outputs = {p: namer.fresh(prefix + _hint(mapping[p], p)) for p in rule.cotangent_params if p in wanted}
    body = _returns_to_assignments(body, rule.cotangent_params, outputs)
    body = _slice(body, set(outputs.values()))
    body = [_simplify(stmt, same_shape) for stmt in body]
    _check(body, rule)
    return body, outputs


def bind_arguments(rule, args, keywords, first=None):
    """`rule.signature.bind(*args, **first, **keywords)` with its defaults applied: {parameter: value}
    in the parameters' order.  A call that only fills named parameters (the usual one) is bound
    without `inspect`'s general machinery, which took a tenth of inlining; any other call, and
    every call that does not match, goes through `bind` itself, which says what is wrong.  A
    rule's requirements (`rules.CheckedSignature`) are checked on the arguments given."""
    signature = rule.signature
    plan = _PLANS.get(rule)
    if plan is None:
        plan = _PLANS[rule] = _bind_plan(signature)
    if plan is not _GENERAL:
        given = _bind_simply(plan, args, first or {}, keywords)
        if given is not None:
            check = getattr(signature, "_check", None)
            if check is not None:
                check(given)
            return {p: given[p] if p in given else default for p, default in plan[1]}
    bound = signature.bind(*args, **(first or {}), **keywords)
    bound.apply_defaults()
    return dict(bound.arguments)


_PLANS = weakref.WeakKeyDictionary()       # rule -> how to bind a call to it (or _GENERAL)
_GENERAL = object()
_SIMPLE_KINDS = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


def _bind_plan(signature):
    """(positional parameter names, ((name, default) for each parameter)), or _GENERAL for a
    signature with `*args`, `**kwargs` or positional-only parameters."""
    params = list(signature.parameters.values())
    if any(p.kind not in _SIMPLE_KINDS for p in params):
        return _GENERAL
    positional = tuple(p.name for p in params if p.kind == inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return positional, tuple((p.name, p.default) for p in params)


def _bind_simply(plan, args, first, keywords):
    """{parameter: value} given, or None where `bind` must say what is wrong."""
    positional, params = plan
    if len(args) > len(positional):
        return None
    given = dict(zip(positional, args))
    for extra in (first, keywords):
        for key, value in extra.items():
            if key in given or not any(key == p for p, _ in params):
                return None
            given[key] = value
    if any(p not in given and default is inspect.Parameter.empty for p, default in params):
        return None
    return given


def _local_hint(local, mapping):
    """A template local `d_x` (x a parameter) is named after the call's operand: `d_pred`."""
    if local.startswith("d_") and isinstance(mapping.get(local[2:]), gast.Name):
        return "d_" + mapping[local[2:]].id
    return local


def _hint(node, default):
    return node.id if isinstance(node, gast.Name) else default


_LOCALS = weakref.WeakKeyDictionary()      # rule -> the names its template assigns, in order


def instantiate(rule, mapping, namer):
    """`rule`'s template body, each read of a parameter replaced by a copy of its atom in
    `mapping`, each local given a fresh name from `namer`."""
    renames = {n: namer.fresh(_local_hint(n, mapping)) for n in _template_locals(rule)}
    return _instantiate(rule.tree.body, mapping, renames)


def _without_default_keywords(node):
    """`np.sum(t_a, axis=None, dtype=None, keepdims=False)` -> `np.sum(t_a)`: the keywords a
    template passes on with the value the NumPy function takes when they are not given
    (`node` a call whose arguments are instantiated)."""
    defaults = _numpy_defaults(tuple(_dotted_parts(node.func)))
    if defaults:
        node.keywords = [k for k in node.keywords if not _is_default(k, defaults)]
    return node


def _dotted_parts(node):
    parts = []
    while isinstance(node, gast.Attribute):
        parts.append(node.attr)
        node = node.value
    return ([node.id] + parts[::-1]) if isinstance(node, gast.Name) and node.id == "np" else []


@functools.lru_cache(maxsize=None)
def _numpy_defaults(parts):
    """{keyword: its default} of the NumPy function `np.a.b` names; {} when it has no signature."""
    if not parts:
        return {}
    obj = np
    for attr in parts[1:]:
        obj = getattr(obj, attr, None)
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):
        return {}
    return {p.name: p.default for p in signature.parameters.values() if p.default is not p.empty}


def _is_default(keyword, defaults):
    if keyword.arg not in defaults or not isinstance(keyword.value, gast.Constant):
        return False
    value, default = keyword.value.value, defaults[keyword.arg]
    if default is np._NoValue:          # `keepdims` not given is False; other such values have no spelling
        return keyword.arg == "keepdims" and value is False
    return type(value) is type(default) and value == default


def _template_locals(rule):
    """The names `rule`'s template assigns, in order of first assignment (worked out once)."""
    found = _LOCALS.get(rule)
    if found is None:
        found = _LOCALS[rule] = _assigned(rule.tree.body)
    return found


def _assigned(body):
    names = []
    for stmt in body:
        for node in walk(stmt):
            if isinstance(node, gast.Name) and isinstance(node.ctx, gast.Store) and node.id not in names:
                names.append(node.id)
    return names


def _instantiate(node, mapping, renames):
    """A copy of the template tree `node` (a list of them) in which each read of a parameter is
    a copy of its atom in `mapping` and each local is renamed as `renames` says; a NumPy call's
    keywords that repeat its defaults are dropped (`_without_default_keywords`)."""
    cls = type(node)
    if cls is list:
        return [_instantiate(item, mapping, renames) for item in node]
    if cls is gast.Name:
        if node.id in renames:
            return gast.Name(id=renames[node.id], ctx=clone(node.ctx), annotation=None, type_comment=None)
        if isinstance(node.ctx, gast.Load) and node.id in mapping:
            atom = clone(mapping[node.id])
            return atom if type(atom) in _CALLLESS else _without_default_keywords_in(atom)
        return clone(node)
    if isinstance(node, gast.AST) and not isinstance(node, gast.expr_context):
        new = cls.__new__(cls)
        new.__dict__.update({key: value if type(value) in ATOM_TYPES else _instantiate(value, mapping, renames)
                             for key, value in node.__dict__.items()})
        return _without_default_keywords(new) if cls is gast.Call and new.keywords else new
    return clone(node)


_CALLLESS = (gast.Name, gast.Constant)      # atoms with no call in them


def _without_default_keywords_in(tree):
    """`_without_default_keywords` on every call in `tree` (an operand put into a template)."""
    for node in walk(tree):
        if isinstance(node, gast.Call) and node.keywords:
            _without_default_keywords(node)
    return tree


def _const_value(node):
    """(True, value) when `node` is built from constants only, else (False, None)."""
    form = _CONST_FORMS.get(type(node))
    return form(node) if form is not None else (False, None)


def _const_tuple(node):
    values = [_const_value(e) for e in node.elts]
    return all(ok for ok, _ in values), tuple(v for _, v in values)


def _const_unary(node):
    """`not c`, and `-c`, `+c` of a number."""
    ok, value = _const_value(node.operand)
    if isinstance(node.op, gast.Not):
        return ok, (not value) if ok else None
    if isinstance(node.op, (gast.USub, gast.UAdd)) and ok and type(value) in (int, float):
        return True, -value if isinstance(node.op, gast.USub) else value
    return False, None


def _const_bool(node):
    values = [_const_value(v) for v in node.values]
    if not all(ok for ok, _ in values):
        return False, None
    items = [v for _, v in values]
    return True, all(items) if isinstance(node.op, gast.And) else any(items)


def _const_compare(node):
    """`a is b`, `a is not b`, `a == b`, `a != b` (one comparison)."""
    compare = _COMPARISONS.get(type(node.ops[0])) if len(node.ops) == 1 else None
    if compare is None:
        return False, None
    (lok, left), (rok, right) = _const_value(node.left), _const_value(node.comparators[0])
    return (True, compare(left, right)) if lok and rok else (False, None)


_COMPARISONS = {gast.Is: operator.is_, gast.IsNot: operator.is_not, gast.Eq: operator.eq, gast.NotEq: operator.ne}
_CONST_FORMS = {gast.Constant: lambda node: (True, node.value), gast.Tuple: _const_tuple, gast.UnaryOp: _const_unary,
                gast.BoolOp: _const_bool, gast.Compare: _const_compare}


def _fold(body):
    """Replace `if`s whose test is constant by the branch taken; drop code after a return."""
    out = []
    for stmt in body:
        if isinstance(stmt, gast.If):
            ok, value = _const_value(stmt.test)
            if ok:
                branch = _fold(stmt.body if value else stmt.orelse)
                out.extend(branch)
                if branch and isinstance(branch[-1], gast.Return):
                    return out
                continue
            stmt.body, stmt.orelse = _fold(stmt.body), _fold(stmt.orelse)
        out.append(stmt)
        if isinstance(stmt, gast.Return):
            break
    return out


def _returns_to_assignments(body, params, outputs):
    out = []
    for i, stmt in enumerate(body):
        if isinstance(stmt, gast.Return):
            out.extend(_assign_outputs(stmt.value, params, outputs))
            return out
        if isinstance(stmt, gast.If) and _ends_in_return(stmt.body):
            rest = body[i + 1:]
            then = _returns_to_assignments(stmt.body, params, outputs)
            orelse = _returns_to_assignments(stmt.orelse + rest, params, outputs)
            out.append(gast.If(test=stmt.test, body=then, orelse=orelse))
            return out
        out.append(stmt)
    return out


def _ends_in_return(body):
    return bool(body) and isinstance(body[-1], gast.Return)


def _assign_outputs(value, params, outputs):
    # (a one-argument template may return its cotangent as a 1-tuple, as JAX's custom_vjp does)
    values = value.elts if isinstance(value, gast.Tuple) and (len(params) > 1 or len(value.elts) == 1) else [value]
    if len(values) != len(params):
        raise InternalError(f"a rule returned {len(values)} cotangents for parameters {params}")
    stmts = []
    for param, expr in zip(params, values):
        if param not in outputs:
            continue
        if isinstance(expr, gast.Constant) and expr.value is None:
            stmts.append(gast.Assign(targets=[_store(outputs[param])], value=_constant(None), type_comment=None))
        else:
            stmts.append(gast.Assign(targets=[_store(outputs[param])], value=expr, type_comment=None))
    return stmts


def _store(name):
    return gast.Name(id=name, ctx=gast.Store(), annotation=None, type_comment=None)


def _slice(body, needed):
    """Keep only the statements that the wanted outputs depend on (a straight-line slice)."""
    out = []
    for stmt in reversed(body):
        census = names_by_context(stmt)
        written = census.get(gast.Store, set())
        if written & needed or not written:
            out.append(stmt)
            needed |= census.get(gast.Load, set())
    return out[::-1]


def _simplify(node, same_shape):
    """Peepholes, bottom up (`node` or what replaces it): `unbroadcast(g, x)` -> `g` where
    shapes agree; trivial `expand_reduced`; arithmetic on constants; `np.where` of a test of
    constants; `e ** 1`, `e * 1`, `1 * e`.
    Only calls and binary operations are rewritten, so names, constants, operators and contexts
    are not visited."""
    for field in _fields(type(node)):
        value = getattr(node, field, None)
        if type(value) is list:
            for k, item in enumerate(value):
                if isinstance(item, _AST) and type(item) not in _UNSIMPLIFIED:
                    value[k] = _simplify(item, same_shape)
        elif isinstance(value, _AST) and type(value) not in _UNSIMPLIFIED:
            setattr(node, field, _simplify(value, same_shape))
    cls = type(node)
    if cls is gast.BinOp:
        return _simplify_binop(node)
    if cls is gast.Call:
        return _simplify_call(node, same_shape)
    return node


_AST = gast.AST
_FIELDS = {}
# Nodes with nothing in them to rewrite.
_UNSIMPLIFIED = frozenset([gast.Name, gast.Constant] + [cls for base in (
    gast.expr_context, gast.operator, gast.unaryop, gast.cmpop, gast.boolop) for cls in base.__subclasses__()])


def _fields(cls):
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = _FIELDS[cls] = cls._fields
    return fields


def _simplify_binop(node):
    left, right = node.left, node.right
    tested = _constant_test(right)
    if tested is not None:          # `2 - (2 != 0)`, of a constant exponent
        right = node.right = _constant(int(tested))
    if isinstance(left, gast.Constant) and isinstance(right, gast.Constant) \
            and type(left.value) in (int, float) and type(right.value) in (int, float):
        op = type(node.op).__name__
        table = {"Add": lambda a, b: a + b, "Sub": lambda a, b: a - b, "Mult": lambda a, b: a * b}
        if op in table:
            return _constant(table[op](left.value, right.value))
    if isinstance(node.op, gast.Pow) and _is_one(right):
        return left
    if isinstance(node.op, gast.Mult) and _is_one(right):
        return left
    if isinstance(node.op, gast.Mult) and _is_one(left):
        return right
    return node


def _simplify_call(node, same_shape):
    func = getattr(node.func, "id", None)
    if func is None and _is_np_where(node):           # `np.where(2 == 0, 1, 1)` of a constant exponent
        chosen = _constant_test(node.args[0])
        if chosen is not None:
            return node.args[1] if chosen else node.args[2]
    if func == "unbroadcast" and len(node.args) == 2 and same_shape(node.args[1]):
        return node.args[0]
    if func == "expand_reduced" and len(node.args) == 4:
        ok_axis, axis = _const_value(node.args[2])
        ok_keep, keep = _const_value(node.args[3])
        if (ok_axis and axis is None) or (ok_keep and keep):
            return node.args[0]
    return node


def _is_np_where(node):
    return isinstance(node.func, gast.Attribute) and node.func.attr == "where" and len(node.args) == 3 \
        and not node.keywords and getattr(node.func.value, "id", None) == "np"


def _constant_test(test):
    """The truth of `a == b` or `a != b` between numeric constants, else None."""
    if isinstance(test, gast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], (gast.Eq, gast.NotEq)):
        left, right = test.left, test.comparators[0]
        if isinstance(left, gast.Constant) and isinstance(right, gast.Constant) \
                and type(left.value) in (int, float) and type(right.value) in (int, float):
            return (left.value == right.value) == isinstance(test.ops[0], gast.Eq)
    return None


def _is_one(node):
    return isinstance(node, gast.Constant) and type(node.value) in (int, float) and node.value == 1


def _check(body, rule):
    for stmt in body:
        if isinstance(stmt, gast.Return):
            raise InternalError(f"rule {rule.template.__name__} kept a return after inlining")

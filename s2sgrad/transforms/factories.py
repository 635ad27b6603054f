"""Factories: a call of a user function that only defines a function and returns it -> that
function, defined where the call is.

    step = make_sqrt_step(e)           ->   a_step = e
                                            def step(x):
                                                return 0.5 * (x + a_step / x)

    roots = fixed_point(newton_map(e), x0)  ->  a_newton_map = e
                                                newton_map_fn = lambda x: 0.5 * (x + a_newton_map / x)
                                                roots = fixed_point(newton_map_fn, x0)

A factory is a function of the same file whose body (after a docstring) is `def inner(...): ...`
then `return inner`, or `return lambda ...`; its parameters become locals of fresh names,
assigned once where the call was, so the function reads what the call gave the factory, as the
closure did.  The function it returns is then a nested function like any other (see
normalize.py; callables.py passes what it reads to the functions it is given to).  A call that
is not the whole right-hand side of `name = ...` (assigned once) is moved out only where it is
the first thing its statement evaluates (an argument after names and constants only, of a call
that is the statement's value or such an argument itself), so nothing runs in another order.
"""

import gast

from ..analyses.liveness import bound_in_scope
from ..callables import known_argument
from ..naming import unused_name
from .normalize.nodes import located
from ..resolve import UserFunction
from ..trees import clone, name_ids, walk


def inline_factories(node, source, resolver):
    """`node` with each factory call it can move written as the function the factory makes;
    `node` itself when there is none."""
    local = {a.id for a in node.args.args} | {n.id for n in walk(node) if isinstance(n, gast.Name)
                                             and not isinstance(n.ctx, gast.Load)}
    found = [(block, stmt) for block in _blocks(node) for stmt in block if _site(stmt, node, source, resolver, local)]
    if not found:
        return node
    node = clone(node)
    taken = {n.id for n in walk(node) if isinstance(n, gast.Name)} | {a.id for a in node.args.args}
    for block in _blocks(node):
        i = 0
        while i < len(block):
            site = _site(block[i], node, source, resolver, local)
            if site is None:
                i += 1
                continue
            made = _expand(block[i], site, taken)
            block[i:i + 1] = made
            i += len(made)
    return node


def _blocks(node):
    """Every statement list of `node`'s own scope (not of nested functions or classes)."""
    todo = [node.body]
    while todo:
        block = todo.pop()
        yield block
        for stmt in block:
            if isinstance(stmt, (gast.FunctionDef, gast.ClassDef)):
                continue
            for field in ("body", "orelse", "finalbody"):
                inner = getattr(stmt, field, None)
                if isinstance(inner, list) and inner and isinstance(inner[0], gast.stmt):
                    todo.append(inner)
            for handler in getattr(stmt, "handlers", None) or ():
                todo.append(handler.body)


def _site(stmt, node, source, resolver, local):
    """(the factory call, the factory, the name to give its function, whether the call is the
    whole value) for a statement that calls a factory where it can be moved; else None."""
    whole = _whole_site(stmt, node, source, resolver, local)
    if whole is not None:
        return whole
    if not isinstance(stmt, (gast.Assign, gast.Return, gast.Expr)):
        return None
    value = getattr(stmt, "value", None)
    while isinstance(value, gast.Call):
        if isinstance(value.func, gast.Call):       # `make(e)(x)`: made before x is evaluated
            factory = _factory(value.func, source, resolver, local)
            return (value.func, factory, None, False) if isinstance(factory, UserFunction) else None
        if not isinstance(value.func, (gast.Name, gast.Attribute)):
            return None
        first = next((a for a in value.args if not isinstance(a, (gast.Name, gast.Constant))), None)
        if not isinstance(first, gast.Call):
            return None
        factory = _factory(first, source, resolver, local)
        if isinstance(factory, UserFunction):       # an object passed on stays one (transforms/objects.py)
            return first, factory, None, False
        value = first           # evaluated first in the statement: look inside it
    return None


def _whole_site(stmt, node, source, resolver, local):
    """The site of `name = factory(...)`, name assigned once in `node` (and, for an object made
    into a function, only called), or None."""
    value = getattr(stmt, "value", None)
    if not (isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Name)
            and isinstance(value, gast.Call)):
        return None
    factory = _factory(value, source, resolver, local)
    target = stmt.targets[0].id
    if factory is not None and target not in {a.id for a in node.args.args} and _assigned(node, target) == 1 \
            and (not isinstance(factory, _Class) or _only_called(node, target, resolver, local)):
        return value, factory, target, True
    return None


def _only_called(node, target, resolver=None, local=()):
    """Whether every read of `target` in `node` calls it, or (with a `resolver`) passes it to a
    function of the user's that only calls it: an object made into a function is then used
    only as one."""
    calls = [c for c in walk(node) if isinstance(c, gast.Call)]
    called = {id(c.func) for c in calls}
    for n in walk(node):
        if not (isinstance(n, gast.Name) and n.id == target and isinstance(n.ctx, gast.Load)) or id(n) in called:
            continue
        if not _passed_to_caller(n, calls, resolver, local):
            return False
    return True


def _passed_to_caller(n, calls, resolver, local):
    """Whether the read `n` is an argument of a call of a user function (with a `resolver`) whose
    parameter, never rebound, it only calls."""
    holder = next((c for c in calls if any(a is n for a in c.args) or any(k.value is n for k in c.keywords)),
                  None)
    callee = known_argument(holder.func, {}, {}, resolver, local) if holder is not None and resolver else None
    if not isinstance(callee, UserFunction) or any(isinstance(a, gast.Starred) for a in holder.args):
        return False
    params = [a.id for a in callee.node.args.args]
    param = _parameter_given(holder, n, params)
    return param in params and not _assigned(callee.node, param) and _only_called(callee.node, param)


def _parameter_given(holder, n, params):
    """The parameter of `params` the call `holder` gives `n` to (by position or keyword), or None."""
    index = next((i for i, a in enumerate(holder.args) if a is n), None)
    if index is not None and index < len(params):
        return params[index]
    return next((k.arg for k in holder.keywords if k.value is n), None)


def _assigned(node, target):
    return sum(isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store) and n.id == target for n in walk(node))


def _factory(call, source, resolver, local):
    """The factory a call calls (a UserFunction of `source`'s file), or None."""
    if not isinstance(call.func, gast.Name) or call.func.id in local \
            or any(isinstance(a, gast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    function = known_argument(call.func, {}, {}, resolver, local)
    if not isinstance(function, UserFunction):
        function = _class(call.func.id, source)
    if not isinstance(function, (UserFunction, _Class)) or function.source.filename != source.filename:
        return None
    made = _made(function.node)
    if made is None or not _fits_parameters(call, function.node.args):
        return None
    free = _free(made) - {a.id for a in function.node.args.args}
    if free & local:            # a global the function reads, which the caller's local would hide
        return None
    return function


def _fits_parameters(call, args):
    """Whether a factory takes plain parameters (constant defaults), which `call` gives each once,
    the required ones all."""
    if args.vararg is not None or args.kwarg is not None or args.kwonlyargs or args.posonlyargs \
            or any(not isinstance(d, gast.Constant) for d in args.defaults):
        return False
    params = [a.id for a in args.args]
    given = params[:len(call.args)] + [k.arg for k in call.keywords]
    required = params[:len(params) - len(args.defaults)]
    return not (len(call.args) > len(params) or len(set(given)) != len(given) or not set(given) <= set(params)
                or not set(required) <= set(given))


class _Class:
    """A class of the file whose objects are functions in disguise: its `__init__` only stores
    parameters (or constants) as attributes, its `__call__` only reads them (`self.W`)."""

    def __init__(self, node, source):
        self.name, self.source = node.name, source
        init, call = _methods(node)
        self.stored = {}        # attribute -> the __init__ parameter or constant stored in it
        for stmt in _body(init):
            target = stmt.targets[0]
            self.stored[target.attr] = stmt.value
        args = init.args
        made = clone(call)
        made.args.args = made.args.args[1:]
        self_name = call.args.args[0].id
        for n in walk(made):
            for field, value in gast.iter_fields(n):
                if isinstance(value, gast.Attribute) and isinstance(value.value, gast.Name) \
                        and value.value.id == self_name:
                    setattr(n, field, clone(self.stored[value.attr]))
                elif isinstance(value, list):
                    value[:] = [clone(self.stored[v.attr]) if isinstance(v, gast.Attribute)
                                and isinstance(v.value, gast.Name) and v.value.id == self_name else v for v in value]
        self.node = gast.FunctionDef(name=node.name, args=gast.arguments(
            args=list(args.args[1:]), posonlyargs=[], vararg=args.vararg, kwonlyargs=list(args.kwonlyargs),
            kw_defaults=list(args.kw_defaults), kwarg=args.kwarg, defaults=list(args.defaults)),
            body=[made, gast.Return(value=gast.Name(id=made.name, ctx=gast.Load(), annotation=None,
                                                    type_comment=None))],
            decorator_list=[], returns=None, type_comment=None, type_params=[])


def _class(name, source):
    """The `_Class` a module-level name of `source` holds, or None."""
    node = _plain_class(name, source)
    methods = _methods(node) if node is not None else None
    if methods is None:
        return None
    init, call = methods
    if not _plain_methods(init, call):
        return None
    self_init, params = init.args.args[0].id, {a.id for a in init.args.args[1:]}
    if not all(_stores_parameter(stmt, self_init, params) for stmt in _body(init)):
        return None
    if not _reads_stored(call, {stmt.targets[0].attr for stmt in _body(init)}):
        return None             # `self` other than reading what __init__ stored (and its parameter)
    if params & {n.id for n in walk(call) if isinstance(n, gast.Name)}:
        return None             # __call__'s own names would meet what __init__ stored
    return _Class(node, source)


def _plain_class(name, source):
    """The class a module-level name of `source` holds, with no decorators, keywords or bases but
    `object`; or None."""
    tree = getattr(source, "tree", None)
    if tree is None:
        return None
    bound = [s for s in tree.body if name in _top_names(s)]
    if len(bound) != 1 or not isinstance(bound[0], gast.ClassDef):
        return None
    node = bound[0]
    if node.decorator_list or node.keywords or any(not (isinstance(b, gast.Name) and b.id == "object")
                                                   for b in node.bases):
        return None
    return node


def _plain_methods(init, call):
    """`__init__(self, p, ...)` with positional parameters only, `__call__(self, ...)`, undecorated."""
    return not (init.args.vararg or init.args.kwarg or init.args.kwonlyargs or not init.args.args
                or len(call.args.args) < 1 or call.decorator_list or init.decorator_list)


def _stores_parameter(stmt, self_name, params):
    """`self.a = p` for a parameter p, or `self.a = <constant>`."""
    return isinstance(stmt, gast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], gast.Attribute) \
        and isinstance(stmt.targets[0].value, gast.Name) and stmt.targets[0].value.id == self_name \
        and (isinstance(stmt.value, gast.Constant) or isinstance(stmt.value, gast.Name) and stmt.value.id in params)


def _reads_stored(call, stored):
    """Whether `__call__` uses its `self` only to read attributes `__init__` stored."""
    self_call = call.args.args[0].id
    uses = [n for n in walk(call) if isinstance(n, gast.Name) and n.id == self_call]
    reads = [n for n in walk(call) if isinstance(n, gast.Attribute) and isinstance(n.value, gast.Name)
             and n.value.id == self_call]
    return len(uses) == len(reads) + 1 and all(isinstance(r.ctx, gast.Load) and r.attr in stored for r in reads)


def _methods(node):
    """(`__init__`, `__call__`) of a class that defines nothing else (but a docstring), or None."""
    found = {}
    for stmt in _body(node):
        if not isinstance(stmt, gast.FunctionDef) or stmt.name not in ("__init__", "__call__"):
            return None
        found[stmt.name] = stmt
    if set(found) != {"__init__", "__call__"}:
        return None
    return found["__init__"], found["__call__"]


def _body(node):
    body = list(node.body)
    if body and isinstance(body[0], gast.Expr) and isinstance(body[0].value, gast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    return body


def _top_names(stmt):
    if isinstance(stmt, (gast.FunctionDef, gast.ClassDef)):
        return {stmt.name}
    if isinstance(stmt, (gast.Import, gast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in stmt.names}
    return {n.id for n in walk(stmt) if isinstance(n, gast.Name) and isinstance(n.ctx, gast.Store)}


def _made(fdef):
    """The function a factory's body defines and returns (a FunctionDef or a Lambda), or None."""
    made = _returned_function(_body(fdef))
    if made is None:
        return None
    args = made.args
    if args.vararg is not None or args.kwarg is not None or args.kwonlyargs or args.posonlyargs or args.defaults \
            or any(isinstance(n, (gast.Global, gast.Nonlocal, gast.Yield, gast.YieldFrom)) for n in walk(made)):
        return None
    return made


def _returned_function(body):
    """`return lambda ...`, or `def inner(...)` (undecorated, not recursive) then `return inner`:
    the function; else None."""
    if len(body) == 1 and isinstance(body[0], gast.Return) and isinstance(body[0].value, gast.Lambda):
        return body[0].value
    if len(body) == 2 and isinstance(body[0], gast.FunctionDef) and isinstance(body[1], gast.Return) \
            and isinstance(body[1].value, gast.Name) and body[1].value.id == body[0].name \
            and not body[0].decorator_list and body[0].name not in name_ids(body[0], gast.Load):
        return body[0]
    return None


def _free(made):
    body = made.body if isinstance(made, gast.FunctionDef) else [made.body]
    own = {a.id for a in made.args.args} | bound_in_scope(body)
    return name_ids(made, gast.Load) - own


def _expand(stmt, site, taken):
    """The statements that replace `stmt`: the factory's parameters, its function, `stmt`."""
    call, factory, target, whole = site
    made = clone(_made(factory.node))
    out, renamed = _parameters(stmt, call, factory, target or factory.name, taken)
    for n in walk(made):
        if isinstance(n, gast.Name) and n.id in renamed:
            n.id = renamed[n.id]
    name = target if whole else unused_name(f"{factory.name}_fn", taken)
    if isinstance(made, gast.FunctionDef):
        made.name = name
        out.append(located(made, stmt))
    else:
        out.append(_assign(name, made, stmt))
    if not whole:
        _replace_call(stmt, call, name)
        out.append(stmt)
    return out


def _parameters(stmt, call, factory, owner, taken):
    """(the assignments of the factory's parameters to fresh names, in the order the call gives
    them, defaults last; {parameter: its fresh name})."""
    params = [a.id for a in factory.node.args.args]
    values = dict(zip(params, call.args))
    values.update({k.arg: k.value for k in call.keywords})
    defaults = dict(zip(params[len(params) - len(factory.node.args.defaults):], factory.node.args.defaults))
    order = params[:len(call.args)] + [k.arg for k in call.keywords] + [p for p in params if p not in values]
    renamed = {p: unused_name(f"{p}_{owner}", taken) for p in params}
    out = [_assign(renamed[p], values[p] if p in values else clone(defaults[p]), stmt) for p in order]
    return out, renamed


def _replace_call(stmt, call, name):
    """The factory call in `stmt` (a callee, or an argument) replaced by the name of its function."""
    replacement = gast.copy_location(gast.Name(id=name, ctx=gast.Load(), annotation=None, type_comment=None), call)
    holder = next(c for c in walk(stmt) if isinstance(c, gast.Call)
                  and (c.func is call or any(a is call for a in c.args)))
    if holder.func is call:
        holder.func = replacement
    else:
        holder.args[holder.args.index(call)] = replacement


def _assign(target, value, origin):
    node = gast.Assign(targets=[gast.Name(id=target, ctx=gast.Store(), annotation=None, type_comment=None)],
                       value=value, type_comment=None)
    return located(node, origin)

"""Checkpoint: `for t in checkpointed(range(...), snapshots=k): body` -> a step function and one driver statement.

The body becomes a function of the loop variable, the loop state (the names the body
assigns that live outside it) and the invariants (the other locals it reads), returning
the new state.  The loop becomes, in the normal form::

    steps = range(a, b)
    state0 = (x, y)
    invariants = (w,)
    state = checkpointed_loop(steps, k, state0, invariants)     # s2s_checkpoint = "f_step"
    x = state[0]
    y = state[1]

Reverse mode turns that statement into a `CheckpointedLoop`, which keeps at most k loop
states and replays the binomial (Revolve) schedule in the adjoint sweep.
"""


import gast

from ..errors import Diagnostic, UserCodeError
from .normalize import assigned_names, loaded_names, name
from ..trees import clone, walk


def is_checkpointed_loop(stmt):
    """`for t in <...>checkpointed(range(...), ...)`."""
    it = stmt.iter
    func = getattr(it, "func", None)
    return isinstance(stmt, gast.For) and isinstance(it, gast.Call) \
        and getattr(func, "attr", getattr(func, "id", None)) == "checkpointed"


def lift(normalizer, stmt):
    """Emit the normal form of a checkpointed loop through `normalizer`; register the step function."""
    source = normalizer.func
    steps, snapshots = _arguments(normalizer, stmt)
    _check_target(normalizer, stmt)
    target = stmt.target.id
    body_writes = assigned_names(stmt.body)
    outside = _outside_names(source.body, stmt) | set(normalizer.params)
    state = sorted(body_writes & outside - {target})      # the loop binds its variable afresh each step
    invariants = sorted((loaded_names_of(stmt.body) - body_writes - {target}) & normalizer.locals)
    _check(normalizer, stmt, state, body_writes, outside)
    fname = normalizer.namer.fresh(f"{source.name}_step")
    params = [target] + state + invariants
    returned = gast.Return(value=gast.Tuple(elts=[name(s) for s in state], ctx=gast.Load()))
    fdef = gast.FunctionDef(name=fname, args=_arguments_node(params), body=clone(stmt.body) + [returned],
                            decorator_list=[], returns=None, type_comment=None, type_params=[])
    for node in walk(fdef):
        if not hasattr(node, "lineno") and isinstance(node, (gast.stmt, gast.expr)):
            node.lineno, node.col_offset = stmt.lineno, stmt.col_offset
    fdef.s2s_step = True
    normalizer.checkpointed_functions[fname] = (fdef, ())
    steps_atom = normalizer.atom(steps, hint="steps")
    k = normalizer.atom(snapshots, hint="snapshots")
    state0 = normalizer.atom(gast.Tuple(elts=[name(s) for s in state], ctx=gast.Load()), hint="state", fresh=True)
    inv = normalizer.atom(gast.Tuple(elts=[name(v) for v in invariants], ctx=gast.Load()), hint="invariants",
                          fresh=True)
    new_state = normalizer.namer.fresh("new_state")
    call = gast.Call(func=name("checkpointed_loop"), args=[steps_atom, k, state0, inv], keywords=[])
    driver = gast.Assign(targets=[name(new_state, True)], value=call, type_comment=None)
    driver.s2s_checkpoint = fname
    normalizer.emit(driver, stmt)
    for position, s in enumerate(state):
        item = gast.Subscript(value=name(new_state), slice=gast.Constant(value=position, kind=None), ctx=gast.Load())
        normalizer.emit(gast.Assign(targets=[name(s, True)], value=item, type_comment=None), stmt)


def _arguments(normalizer, stmt):
    call = stmt.iter
    keywords = {k.arg: k.value for k in call.keywords}
    steps = call.args[0] if call.args else keywords.get("iterable")
    snapshots = call.args[1] if len(call.args) > 1 else keywords.get("snapshots", gast.Constant(value=None, kind=None))
    if not (isinstance(steps, gast.Call) and getattr(steps.func, "id", None) == "range"):
        raise UserCodeError([Diagnostic(normalizer.source_location(stmt.iter),
                                        "a checkpointed loop runs over a `range(...)`",
                                        "write `for t in s2sgrad.checkpointed(range(n), snapshots=k):`")])
    return steps, snapshots


def _check_target(normalizer, stmt):
    """The loop variable is a name that lives only in the loop: the step function binds it."""
    if not isinstance(stmt.target, gast.Name):
        raise UserCodeError([Diagnostic(normalizer.source_location(stmt.target), "a checkpointed loop's variable "
                                        "is one name", "write `for t in s2sgrad.checkpointed(range(n)):`")])
    read = _read_after(normalizer.func.body, stmt, stmt.target.id)
    if read is not None:
        raise UserCodeError([Diagnostic(normalizer.source_location(read), f"the loop variable `{read.id}` of a "
                                        "checkpointed loop is read after the loop; the loop runs as a step "
                                        "function, whose variable does not outlive it",
                                        "compute the last step from the range after the loop, or keep it in "
                                        "another name the loop assigns")])


def _read_after(body, loop, target):
    """A read of `target` the loop's own binding of it may reach after the loop, or None: in the
    statements after it (up to a plain assignment of `target`), and in loops around it."""
    path = _path_to(body, loop)
    for block, index, around in path:
        for stmt in block[index + 1:]:
            read = _first_read(stmt, target)
            if read is not None:
                return read
            if isinstance(stmt, gast.Assign) and any(isinstance(t, gast.Name) and t.id == target
                                                     for t in stmt.targets):
                return None
        if isinstance(around, (gast.For, gast.While)):          # the next iteration reads it first
            again = around.body[:index] if block is around.body else around.body
            for stmt in again + ([gast.Expr(value=around.test)] if isinstance(around, gast.While) else []):
                read = _first_read(stmt, target)
                if read is not None:
                    return read
    return None


def _path_to(body, loop):
    """[(block, index of the statement holding `loop`, the statement owning the block)], innermost first."""
    for index, stmt in enumerate(body):
        if stmt is loop:
            return [(body, index, None)]
        for block in (getattr(stmt, "body", None), getattr(stmt, "orelse", None)):
            if isinstance(block, list):
                inner = _path_to(block, loop)
                if inner:
                    inner[-1] = inner[-1][:2] + (stmt,)
                    return inner + [(body, index, None)]
    return []


def _first_read(stmt, target):
    """A read of `target` in `stmt`, except inside a `for` that binds `target` itself."""
    if isinstance(stmt, gast.For) and isinstance(stmt.target, gast.Name) and stmt.target.id == target:
        return _first_read(gast.Expr(value=stmt.iter), target)
    for node in walk(stmt):
        if isinstance(node, gast.Name) and node.id == target and isinstance(node.ctx, gast.Load):
            return node
    return None


def _check(normalizer, stmt, state, body_writes, outside):
    problems = []
    for node in walk(gast.Module(body=stmt.body, type_ignores=[])):
        if isinstance(node, (gast.Break, gast.Continue, gast.Return)):
            problems.append(Diagnostic(normalizer.source_location(node), "a checkpointed loop runs every step: "
                                       "it cannot `break`, `continue` or `return`",
                                       "use a plain loop, or compute a mask inside the step"))
    for node, written in _writes_in_place(stmt.body, body_writes, normalizer.locals):
        problems.append(Diagnostic(normalizer.source_location(node), f"a checkpointed loop's step writes into "
                                   f"`{written}`, which it does not rebind: its steps carry only the names they "
                                   "assign, so what is written into it would have no derivative",
                                   f"rebind it in the step (`{written} = {written} + [v]` for a list), or use a "
                                   "plain loop"))
    for node, what in _draws(stmt.body):
        problems.append(Diagnostic(normalizer.source_location(node), f"a checkpointed loop's step draws random "
                                   f"numbers (`{what}`): its steps run again from snapshots in the adjoint sweep, "
                                   "and would draw other numbers there",
                                   "draw the noise before the loop (`noise = rng.standard_normal((T,) + x.shape)`) "
                                   "and read `noise[t]` in the step, or use a plain loop"))
    if not state:
        problems.append(Diagnostic(normalizer.source_location(stmt), "the checkpointed loop carries no state "
                                   "from one step to the next", "use a plain loop"))
    if problems:
        raise UserCodeError(problems)


# Methods that change the list, dict or array they are called on.
_WRITING = {"append", "extend", "insert", "pop", "remove", "clear", "update", "setdefault", "popitem", "fill",
            "sort", "put", "resize"}


def _writes_in_place(body, body_writes, local):
    """(node, name) for each store, in-place update or writing method call of the loop body into a
    local name the body does not bind (one from outside the loop; a global's writes are effects)."""
    for node in walk(gast.Module(body=body, type_ignores=[])):
        targets = node.targets if isinstance(node, gast.Assign) else [node.target] \
            if isinstance(node, gast.AugAssign) else []
        roots = [_root(t) for t in targets if isinstance(t, (gast.Subscript, gast.Attribute))]
        if isinstance(node, gast.Call) and isinstance(node.func, gast.Attribute) and node.func.attr in _WRITING:
            roots.append(_root(node.func.value))
        for root in roots:
            if root is not None and root not in body_writes and root in local:
                yield node, root
                break


# Methods of NumPy's Generator and RandomState (and of Python's random module) that draw.
_DRAWING = {"random", "rand", "randn", "randint", "integers", "standard_normal", "normal", "uniform", "choice",
            "permutation", "permuted", "shuffle", "exponential", "poisson", "binomial", "gamma", "beta",
            "lognormal", "laplace", "logistic", "multivariate_normal", "dirichlet", "standard_t", "chisquare",
            "gauss", "random_sample", "sample", "bytes", "geometric", "multinomial", "standard_exponential",
            "standard_gamma", "standard_cauchy", "weibull", "rayleigh", "triangular", "vonmises", "wald"}


def _draws(body):
    """(node, the call as written) for each call in the loop body that may draw random numbers:
    of `np.random` or `random`, or a drawing method of any object (a Generator)."""
    for node in walk(gast.Module(body=body, type_ignores=[])):
        if isinstance(node, gast.Call) and isinstance(node.func, gast.Attribute):
            parts, value = [node.func.attr], node.func.value
            while isinstance(value, gast.Attribute):
                parts.append(value.attr)
                value = value.value
            if isinstance(value, gast.Name):
                parts.append(value.id)
            parts.reverse()
            if parts[:2] in (["np", "random"], ["numpy", "random"]) or parts[0] == "random" \
                    or node.func.attr in _DRAWING:
                yield node, ".".join(parts)


def _root(node):
    while isinstance(node, (gast.Subscript, gast.Attribute)):
        node = node.value
    return node.id if isinstance(node, gast.Name) else None


def _outside_names(body, loop):
    """Names bound or read by the function's statements other than `loop`."""
    names = set()
    for stmt in _statements_except(body, loop):
        for node in walk(stmt):
            if isinstance(node, gast.Name):
                names.add(node.id)
    return names


def _statements_except(body, loop):
    for stmt in body:
        if stmt is loop:
            continue
        if isinstance(stmt, (gast.If, gast.For, gast.While)) and any(s is loop for s in walk(stmt)):
            yield gast.Expr(value=getattr(stmt, "test", None) or stmt.iter)
            yield from _statements_except(stmt.body, loop)
            yield from _statements_except(stmt.orelse, loop)
            if isinstance(stmt, gast.For):
                yield gast.Assign(targets=[stmt.target], value=gast.Constant(value=None, kind=None), type_comment=None)
        else:
            yield stmt


def loaded_names_of(body):
    return set().union(*(loaded_names(s) for s in body)) if body else set()


def _arguments_node(params):
    return gast.arguments(args=[gast.Name(id=p, ctx=gast.Param(), annotation=None, type_comment=None) for p in params],
                          posonlyargs=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[])

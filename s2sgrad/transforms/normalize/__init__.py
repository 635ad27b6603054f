"""Normalize: a function -> its normal form, one primitive operation per statement.

The normal form, checked by `check_normal_form`::

    stmt  := Name = expr
           | Name[index] = atom                      # a store into an array
           | Name op= atom                           # in place where Name holds an array
           | if Name: stmt* [else: stmt*]            # the arms do not assign Name
           | for Name in range(atom[, atom[, atom]]): stmt*
           | while Name: stmt*                       # the body ends by recomputing Name
           | if Name: break                          # last in a loop body (a while's: before its test)
           | return atom                             # the last statement only
           | call | assert ... | raise ...           # forward-only, kept as written
           | def name(...): ... | Name = lambda ...  # a nested function (also lifted, to differentiate)
    expr  := atom | atom binop atom | unaryop atom | atom cmpop atom
           | func(arg*, name=atom*) | atom.attr | atom[index] | (atom*) | [atom*]
    arg   := atom | *atom                            # *atom: a length known only at run time
    func  := global dotted name (np.exp, range, g) | atom.method
    index := atom | slice(atom?, atom?, atom?) | (index*)
    atom  := Name | Constant

Temporaries are named after what they hold (`tanh_y`, `y_times_x`, `took_if`).  Python's
semantics are kept exactly: `a += b` on a name stays an in-place update (`analyses.aliases`
finds where no other name sees it, so that differentiating it as `a = a + b` is exact), and
the NumPy calls that write into an array (`np.copyto(y, v)`, `y.fill(v)`, `np.f(..., out=y)`,
`np.put(y, ind, v)`, `np.fill_diagonal(y, v)`) become stores `y[...] = ...`.  Comprehensions keep their own variables.  Loops over
sequences become index loops (`for row in X` -> `for i_row in range(len_X): row = X[i_row]`),
`while` loops are rotated, and `and`/`or`/`a if c else b` become `if` statements
(short-circuit kept, the test in a name of its own).  `f(*xs)` and `f(**kw)` are expanded
where the length and keys are static (a display, or a name bound only to displays of one
length, see `static_displays`): `f(xs[0], xs[1])`; a record's field `p.W` is
`field_of(p, "W")`; `dict(zip(ks, vs))`, `map(f, xs)` and `zip(...)` as a value become
comprehensions.

The steps live one kind to a module, each a mixin of `Normalize` (`block` dispatches on the node
type, `expr` on the expression type): `statements` (assignments, `if`, `while`, `return`),
`loops` (`for`), `expressions`, `calls`, `comprehensions`; `nodes` holds the node builders,
`displays` the static displays, `buffers` the copy that makes a swap of two buffers exact,
`grammar` the check of the normal form.  A new construct is a
method in the module of its kind.
"""

import copy

import gast

from ...analyses.liveness import bound_in_scope
from ...errors import Diagnostic, UserCodeError
from ...naming import Namer
from ...trees import clone, name_ids
from ..lists import binds_new_list, grown_lists, local_lists
from .buffers import copy_swapped_buffers
from .calls import CallSteps
from .comprehensions import ComprehensionSteps
from .displays import module_displays, static_displays, static_keywords, static_unpacking
from .expressions import ExpressionSteps
from .grammar import check_normal_form
from .loops import LoopSteps
from .nodes import (assign, assigned_names, is_atom, loaded_names, locate, name, names_outside_comprehensions,
                    nested_statements)
from .statements import StatementSteps
from ..lambdas import hoist_lambda_arguments

__all__ = ["Normalize", "assign", "assigned_names", "check_normal_form", "is_atom", "loaded_names",
           "module_displays", "name", "normalize", "static_displays", "static_keywords", "static_unpacking"]


class Normalize(StatementSteps, LoopSteps, ExpressionSteps, CallSteps, ComprehensionSteps):
    """Rewrites one FunctionDef into the normal form; `namer` hands out temporaries."""

    def __init__(self, func, namer=None, source=None, checkpoints=True):
        self.func = func
        self.source = source
        self.checkpoints = checkpoints
        self.checkpointed_functions = {}
        self.namer = namer or Namer()
        self.namer.reserve(name_ids(func))
        hoist_lambda_arguments(func, self.namer)        # `g(lambda z: ...)`: a nested function, named
        self.params = [a.id for a in func.args.args]
        self.locals = set(self.params) | assigned_names(func.body)
        self.namer.reserve(self.locals)
        self.outer_names = set(self.params) | names_outside_comprehensions(func.body)
        self.displays = {**module_displays(source, self.locals), **static_displays(func)}
        lists = binds_new_list(func)       # (else no name is a list of the function's own)
        # where extend and pop are rewritten; where `xs += ys` is `xs += list(ys)`
        self.lists, self.private_lists = local_lists(func) if lists else (set(), set())
        self.grown_lists = grown_lists(func) if lists else set()
        self.out = None
        self.origin = None

    def run(self):
        """The normal form of the function (a new FunctionDef)."""
        from ..jumps import lower_jumps
        lower_jumps(self.func, self.namer)
        local_functions = self._lift_local_functions()
        body = self.block(self.func.body)
        func = copy.copy(self.func)
        func.body = body or [locate(gast.Pass(), self.func)]
        func.decorator_list = []
        func.s2s_local_functions = dict(local_functions, **self.checkpointed_functions)
        func.s2s_redefined = list(self.redefined)
        return func

    def _lift_local_functions(self):
        """Nested defs and `name = lambda ...`: {name: (FunctionDef with captured params, captured)}."""
        self.redefined = _redefinitions(self.func.body)
        found = {}
        for node in nested_statements(self.func.body):
            if isinstance(node, gast.FunctionDef):
                found[node.name] = clone(node)
            elif _named_lambda(node):
                found[node.targets[0].id] = _lambda_as_def(node)
        lifted = {}
        for fname, captured in self._captured(found).items():
            fdef = found[fname]
            fdef.args.args = list(fdef.args.args) + [
                gast.Name(id=c, ctx=gast.Param(), annotation=None, type_comment=None) for c in captured]
            lifted[fname] = (fdef, tuple(captured))
        return lifted

    def _captured(self, found):
        """{nested function: the maker's locals it reads}, with those of the nested functions it
        calls (`outer` calling `inner` passes on what `inner` reads); a local that a caller binds
        under the same name, which would be passed instead of the maker's, is refused."""
        own = {f: {a.id for a in d.args.args} | bound_in_scope(d.body) for f, d in found.items()}
        free = {f: name_ids(d, gast.Load) for f, d in found.items()}
        captured = {f: (free[f] - own[f] - set(found)) & self.locals for f in found}
        changed = True
        while changed:
            changed = False
            for f in sorted(found):
                for g in sorted(free[f] & set(found) - own[f] - {f}):
                    clash = captured[g] & own[f]
                    if clash:
                        raise UserCodeError([Diagnostic(
                            self.source.location(found[f]) if self.source else None,
                            f"`{f}` calls `{g}`, which reads `{sorted(clash)[0]}` of the enclosing function, "
                            f"and `{f}` binds a `{sorted(clash)[0]}` of its own",
                            "rename one of them")])
                    if not captured[g] <= captured[f]:
                        captured[f] |= captured[g]
                        changed = True
        return {f: sorted(c) for f, c in captured.items()}


def _named_lambda(node):
    """`name = lambda ...`."""
    return isinstance(node, gast.Assign) and isinstance(node.value, gast.Lambda) \
        and isinstance(node.targets[0], gast.Name)


def _lambda_as_def(node):
    """`f = lambda x: e` -> `def f(x): return e`."""
    lam = node.value
    ret = locate(gast.Return(value=clone(lam.body)), node)
    fdef = gast.FunctionDef(name=node.targets[0].id, args=clone(lam.args), body=[ret],
                            decorator_list=[], returns=None, type_comment=None, type_params=[])
    return locate(fdef, node)


def _redefinitions(body):
    """[(name, node)] for each nested function defined again under a name already used by one."""
    redefined, seen = [], set()
    for node in nested_statements(body):
        fname = node.name if isinstance(node, gast.FunctionDef) else None
        if _named_lambda(node):
            fname = node.targets[0].id
        if fname is not None and fname in seen:
            redefined.append((fname, node))
        seen.add(fname)
    return redefined


def normalize(func, namer=None, source=None, checkpoints=True):
    """The normal form of a FunctionDef (a new tree; the input is left as it was).

    With `checkpoints`, a `for` over `checkpointed(range(...))` is lifted into a step function
    (reverse mode); without, it is a plain loop (forward mode needs no checkpoints).
    """
    return Normalize(copy_swapped_buffers(clone(func)), namer, source, checkpoints).run()

"""The pipeline: parse -> fence -> normalize -> analyze -> reverse -> optimize -> codegen.

`GradientModule` turns one or more user functions into the text of one gradient module,
transforming callees on demand (each becomes a `fwd_`/`bwd_` pair sharing the stack).
With `debug=True` the source after every stage is printed to stderr.
"""

import dataclasses
import functools
import sys

import gast

from .analyses.activity import Activity
from .analyses.aliases import Aliases, rebound_params
from .analyses.annotations import parameter_kinds
from .analyses.shapes import Shapes
from .transforms.merge_indices import merge_equal_indices
from .transforms.rename import RESERVED
from .transforms.outputs import as_records, drop_kept_dtypes, in_dtype_of, kept_pair, read_as_records, split_aux
from .transforms.sorting import guard_sorted
from .transforms.where_gates import gate_wheres
from .transforms.signatures import assign_to, call_params, function_def, param_node, with_param
from .transforms.updates import rebind_updates
from .transforms.user_names import user_wrt
from .errors import ArgumentError, Diagnostic, UserCodeError
from .naming import TAPE, Namer
from .progress import Progress
from .resolve import UserFunction
from .transforms import codegen, releases
from .transforms.forward import Forward
from .transforms.normalize import assigned_names, name, normalize
from .transforms.optimize import optimize
from .transforms.reverse import Reverse
from .transforms.reverse.calls import specialisation_suffix
from .module_text import ModuleText
from .transforms.rewrites import rewrite
from .trees import clone, name_ids, without_collector_pauses

@dataclasses.dataclass(eq=False)
class Unit:
    """One function being differentiated: source, normal form, analyses and names."""

    source: object
    node: object
    resolver: object
    wrt: list
    func: object = None
    namer: object = None
    activity: object = None
    shapes: object = None
    aliases: object = None
    params: list = dataclasses.field(default_factory=list)
    primal_names: set = dataclasses.field(default_factory=set)
    pair: object = None         # with has_aux: the returned (output, aux), see split_aux

    def location(self, node):
        return self.source.location(node)


def resolve_wrt(node, wrt, source=None):
    """`wrt` (an index, a name, or a tuple of them) -> parameter names (as renamed, see rename.py)."""
    params = [a.id for a in node.args.args]
    renames = getattr(node, "s2s_renames", {})
    items = wrt if isinstance(wrt, (tuple, list)) else (wrt,)
    names = []
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool) and -len(params) <= item < len(params):
            names.append(params[item])
        elif isinstance(item, str) and renames.get(item, item) in params:
            names.append(renames.get(item, item))
        else:
            raise ArgumentError(f"wrt={item!r} names no parameter of {node.name}({', '.join(params)})")
    if len(set(names)) != len(names):
        raise ArgumentError(f"wrt={wrt!r} names a parameter twice")
    return names


def _clearing_progress(method):
    """`method`, clearing the status line when it raises (the error is printed next)."""
    @functools.wraps(method)
    def cleared(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except BaseException:
            self.progress.done()
            raise
    return cleared


class GradientModule(ModuleText):
    """Builds the gradient module for some user functions; `text` once `build` has run."""

    def __init__(self, debug=False, progress=None, checkpoints=True):
        self.debug = debug
        # checkpointed loops and callees as written (False: as plain code, for a gradient that is
        # itself differentiated: the same values, every step taped)
        self.checkpoints = checkpoints
        # --debug prints every stage to stderr: no status line in between
        self.progress = progress or Progress(threshold=float("inf") if debug else None)
        self.top = None             # the top-level function being differentiated, for the status line
        self.functions = []         # (FunctionDef, docstring), in order
        self.imports = set()
        self.requests = {}          # (file, name, params) -> (fwd, bwd)
        self.pending = []
        self.module_namer = Namer(RESERVED)
        self.function_namer = Namer(RESERVED)     # also avoids every name the user's functions read
        self.described = []
        self.mode = "reverse"
        self.primals = set()
        self.write_summaries = {}   # a user function -> the parameters it writes into
        self.origins = {}
        self.labels = {}            # generated origin comment or def line -> (file, line, function) it labels
        self.fenced = []            # functions their caller has fenced as they are: not fenced again
        self.user_signatures = False    # the text's entry functions take the user's parameter names (user_names.py)

    # -- stages ---------------------------------------------------------------------
    def prepare(self, source, node, resolver, wrt, inherited=None, kinds=None, has_aux=False, complex_params=(),
                callee=None, same=None):
        self._progress(node, "parse")
        self._stage("parse", node)
        self._progress(node, "fence")
        node, known, expanded, inherited = rewrite(source, node, resolver, inherited, self.fenced)
        namer = Namer(RESERVED | self.module_namer.taken)
        if callee is not None:      # `p -= v` on a parameter its callers never read again (aliases.py)
            expanded = rebind_updates(expanded, rebound_params(callee, self.write_summaries))
        self._progress(node, "normalize")
        func = normalize(expanded, namer, source, checkpoints=self.mode == "reverse" and self.checkpoints)
        pair = split_aux(func, namer, node.name) if has_aux else None
        self._stage("normalize", func)
        params = [a.id for a in func.args.args]
        local = set(params) | assigned_names(func.body)
        annotations, declared = parameter_kinds(node, kinds)
        local_functions = _local_functions(source, node, func, resolver, inherited)
        self._progress(node, "analyze")
        activity = Activity(func, wrt, resolver, local, annotations, local_functions, complex_params)
        gated = gate_wheres(func, activity, namer, self.mode)       # np.where(c, np.sqrt(x), 0)
        if merge_equal_indices(func, activity.types, name_ids(node)) | gated:
            local = set(params) | assigned_names(func.body)
            activity = Activity(func, wrt, resolver, local, annotations, local_functions, complex_params)
        guard_sorted(func, activity, source)
        self._check_wrt_types(source, node, wrt, activity)
        shapes = Shapes(activity, params, declared if self.mode == "reverse" else None, same)
        unit = Unit(source, node, resolver, list(wrt), func, namer, activity, shapes,
                    Aliases(func, activity, resolver, self.write_summaries), params, local, pair=pair)
        if self.debug:
            print(f"--- analyze: {node.name}: active = {sorted(activity.active)}", file=sys.stderr)
        return unit

    def _function_name(self, hint, *nodes):
        """A name for an emitted function, apart from every name the user's functions read (a
        global `fwd_g` keeps its value) and from the names taken in the module."""
        self.function_namer.reserve(self.module_namer.taken)
        for node in nodes:
            self.function_namer.reserve(name_ids(node))
        fname = self.function_namer.fresh(hint)
        self.module_namer.reserve({fname})
        return fname

    def _check_wrt_types(self, source, node, wrt, activity):
        for arg in node.args.args:
            if arg.id in wrt and activity.types.get(arg.id) in ("int", "other"):
                raise UserCodeError([Diagnostic(source.location(arg), f"`{arg.id}` is annotated as an integer: "
                                                "integer inputs have no gradient",
                                                "differentiate with respect to a float argument")])

    @without_collector_pauses
    @_clearing_progress
    def add(self, source, node, resolver, wrt, kinds=None, has_aux=False, known=None):
        """Add the combined gradient function of a top-level function; return its name.

        `kinds` ({parameter: "float" | "int" | "array"}) specialises the transform on the kinds
        of the arguments it will be called with, as annotations would.  With `has_aux` the
        function returns a pair (output, aux): only the output is differentiated (`d_result`
        seeds it alone) and the emitted function returns the pair as its value.  `known`
        ({parameter: known callable}, see callables.py) specialises it on function-valued arguments.
        """
        self.top = node.name
        wrt = resolve_wrt(node, wrt)
        unit = self.prepare(source, node, resolver, wrt, known, kinds=kinds, has_aux=has_aux)
        grad_name = self._function_name("d_" + node.name, node)
        self._progress(node, "differentiate", "reverse")
        reverse = Reverse(unit, self.request, split=False, primal=self.primal)
        forward, adjoint, result, grads = reverse.run()
        if has_aux:
            result, keep = kept_pair(reverse, unit.pair, result, adjoint, forward)
            forward += keep
        body = []
        if reverse.uses_stack:
            body.append(assign_to(TAPE, gast.Call(func=name("Stack"), args=[], keywords=[])))
        body += forward
        for stmt in adjoint:
            stmt.s2s_adjoint = True
        body += adjoint
        returned = [as_records(name(g), var) if var in read_as_records(unit.func) else name(g)
                    for g, var in zip(grads, unit.wrt)]
        returned = [in_dtype_of(g, var, unit) for g, var in zip(returned, unit.wrt)]
        grads_node = returned[0] if len(grads) == 1 else gast.Tuple(elts=returned, ctx=gast.Load())
        body.append(gast.Return(value=gast.Tuple(elts=[result, grads_node], ctx=gast.Load())))
        args = with_param(node.args, "d_result", gast.Constant(value=1.0, kind=None), first=False)
        func = function_def(grad_name, args, body)
        what = ", a pair (output, aux), and the gradient of its output" if has_aux else " and its gradient"
        self._finish(unit, func, f"{node.name}({', '.join(unit.params)}){what} with respect to {', '.join(wrt)}.")
        func.s2s_entry = True
        self.described.append((source.filename, node.name, user_wrt(wrt, getattr(node, "s2s_renames", {}))))
        self._drain()
        return grad_name

    @without_collector_pauses
    @_clearing_progress
    def add_split(self, source, node, resolver, wrt, kinds=None, known=None):
        """Add a top-level function as a `fwd_`/`bwd_` pair, as a callee is emitted: the forward
        sweep `fwd_f(stack, ...)` returns f's value and leaves the tape on `stack`; the adjoint
        sweep `bwd_f(stack, d_result)` pops it and returns the gradient.  `jacobian` runs the
        forward sweep once and the adjoint sweep once per cotangent, each on a copy of the tape.
        Return the two names."""
        self.top = node.name
        wrt = resolve_wrt(node, wrt)
        unit = self.prepare(source, node, resolver, wrt, known, kinds=kinds)
        names = (self._function_name("fwd_" + node.name, node), self._function_name("bwd_" + node.name, node))
        self._progress(node, "differentiate", "reverse")
        self._split_pair(unit, node.name, wrt, names, Reverse(unit, self.request, split=True, primal=self.primal))
        self.described.append((source.filename, node.name, wrt))
        self._drain()
        return names

    def _split_pair(self, unit, fname, params, names, reverse):
        """Emit the `fwd_`/`bwd_` functions of a split transform (a callee's, or a top-level one)."""
        fwd_name, bwd_name = names
        forward, adjoint, result, grads = reverse.run()
        fwd = function_def(fwd_name, with_param(unit.node.args, TAPE, None, first=True),
                        forward + [gast.Return(value=result)])
        grads_node = name(grads[0]) if len(grads) == 1 else gast.Tuple(elts=[name(g) for g in grads], ctx=gast.Load())
        bwd_args = gast.arguments(args=[param_node(TAPE), param_node("d_result")],
                                  posonlyargs=[], vararg=None, kwonlyargs=[], kw_defaults=[],
                                  kwarg=None, defaults=[])
        bwd = function_def(bwd_name, bwd_args, adjoint + [gast.Return(value=grads_node)])
        self._finish(unit, fwd, f"Forward sweep of {fname}: its value; pushes what {bwd_name} needs.")
        self._finish(unit, bwd, f"Adjoint sweep of {fname}: gradient with respect to {', '.join(params)}.")

    @without_collector_pauses
    @_clearing_progress
    def add_forward(self, source, node, resolver, wrt, kinds=None, tape=None, known=None, outputs=None):
        """Add the forward-mode function `jvp_<name>(..., *, t_<wrt>...)` -> (value, tangent); with
        `outputs="hvp"`, over a gradient's `(value, grads)`: (value, tangent of grads)."""
        self.mode = "forward"
        self.top = node.name
        wrt = resolve_wrt(node, wrt)
        unit = self.prepare(source, node, resolver, wrt, known, kinds=kinds)
        jvp_name = self._function_name("jvp_" + node.name, node)
        if not kinds and not known:     # a recursive call needs no second copy: it is the same function
            self.requests[(source.filename, node.name, tuple(wrt), "jvp", ())] = jvp_name
        tangents = self._forward_function(unit, node, jvp_name, tape, outputs)
        self.functions[-1][0].s2s_entry = True
        self.described.append((source.filename, node.name, user_wrt(wrt, getattr(node, "s2s_renames", {}))))
        self._drain()
        return jvp_name, tangents

    def _forward_function(self, unit, node, fname, tape, outputs=None):
        self._progress(node, "differentiate", "forward")
        forward = Forward(unit, self.request_tangent, tape=tape, outputs=outputs)
        body, result, tangent = forward.run()
        body.append(gast.Return(value=gast.Tuple(elts=[result, tangent], ctx=gast.Load())))
        args = with_param(node.args, None, None, first=False)
        tangents = [forward.tangent(v) for v in list(unit.wrt) + ([tape] if tape in unit.params else [])]
        args.kwonlyargs += [param_node(t) for t in tangents]       # after the function's own keyword-only ones
        args.kw_defaults += [None] * len(tangents)
        func = function_def(fname, args, body)
        what = "'s value and the derivative of its gradient" if outputs == "hvp" else " and its derivative"
        self._finish(unit, func, f"{node.name}({', '.join(unit.params)}){what} along the tangents of "
                     f"{', '.join(unit.wrt)}.", [releases.release_dead] if outputs == "hvp" else ())
        return tangents

    def request_tangent(self, op, params):
        """The name of callee `op.callee`'s forward-mode function for `params`."""
        callee = op.callee
        complex_params = tuple(sorted(getattr(op, "complex_params", ())))
        key = (callee.source.filename, callee.key or callee.name, tuple(params), "jvp", complex_params)
        if key not in self.requests:
            same = [k for k in self.requests if k[:2] == key[:2] and k[3] == "jvp"]
            suffix = "" if not same else "_wrt_" + "_".join(params)
            self.requests[key] = self._function_name("jvp_" + callee.name + suffix, callee.node)
            self.pending.append((callee, list(params), self.requests[key], complex_params, ((), ())))
        return self.requests[key]

    def primal(self, callee):
        """Emit a callee as written (a checkpointed loop's step), once."""
        if callee.name in self.primals:
            return
        self.primals.add(callee.name)
        self.module_namer.reserve({callee.name})
        node = clone(callee.node)
        node.decorator_list = []
        unit = Unit(callee.source, callee.node, callee.resolver, [])
        self.functions.append((node, f"One step of the checkpointed loop in {callee.key.split('.')[0]}.", unit))

    def request(self, op, params, facts=((), ())):
        """The (fwd, bwd) names of callee `op.callee` for `params` and `facts` (Reverse.callee_facts)."""
        callee = op.callee
        complex_params = tuple(sorted(getattr(op, "complex_params", ())))    # a complex argument: its own pair
        key = (callee.source.filename, callee.key or callee.name, tuple(params), complex_params, facts)
        if key not in self.requests:
            same = [k for k in self.requests if k[:2] == key[:2]]
            suffix = "" if not same else specialisation_suffix(params, facts, same, key)
            names = (self._function_name("fwd_" + callee.name + suffix, callee.node),
                     self._function_name("bwd_" + callee.name + suffix, callee.node))
            self.requests[key] = names
            self.pending.append((callee, list(params), names, complex_params, facts))
        return self.requests[key]

    def _drain(self):
        while self.pending:
            callee, params, names, complex_params, (numbers, same) = self.pending.pop(0)
            unit = self.prepare(callee.source, callee.node, callee.resolver, params, callee.local_functions,
                                kinds=dict(numbers) or None, complex_params=complex_params,
                                callee=callee, same=dict(same))
            if isinstance(names, str):
                self._forward_function(unit, callee.node, names, callee.tape_param or None)
                continue
            fwd_name, bwd_name = names
            if callee.checkpointed and self.checkpoints:
                taped = self._function_name(fwd_name + "_taped"), self._function_name(bwd_name + "_taped")
                self._checkpoint_pair(unit, callee, (fwd_name, bwd_name), taped)
                fwd_name, bwd_name = taped
            self._progress(callee.node, "differentiate", "reverse")
            self._split_pair(unit, callee.name, params, (fwd_name, bwd_name),
                             Reverse(unit, self.request, split=True, primal=self.primal))

    def _checkpoint_pair(self, unit, callee, names, taped):
        """fwd_/bwd_ of a checkpointed callee: the forward keeps only the arguments and calls the
        function itself; the adjoint runs the taped forward sweep again, then its adjoint."""
        (fwd_name, bwd_name), (fwd_taped, bwd_taped) = names, taped
        params = [a.id for a in callee.node.args.args]
        local = "tape"              # the re-run's own tape, named apart from the arguments
        while local in params:
            local += "_"
        pushes = [gast.Expr(value=gast.Call(func=gast.Attribute(value=name(TAPE), attr="push", ctx=gast.Load()),
                                            args=[name(p)], keywords=[])) for p in params]
        call = call_params(callee.name, callee, user_names=True)
        fwd = function_def(fwd_name, with_param(callee.node.args, TAPE, None, first=True),
                        pushes + [gast.Return(value=call)])
        pops = [assign_to(p, gast.Call(func=gast.Attribute(value=name(TAPE), attr="pop", ctx=gast.Load()),
                                     args=[], keywords=[])) for p in reversed(params)]
        tape = assign_to(local, gast.Call(func=name("Stack"), args=[], keywords=[]))
        rerun = gast.Expr(value=call_params(fwd_taped, callee, first=[name(local)]))
        back = gast.Return(value=gast.Call(func=name(bwd_taped), args=[name(local), name("d_result")],
                                           keywords=[]))
        bwd_args = gast.arguments(args=[param_node(TAPE), param_node("d_result")], posonlyargs=[], vararg=None,
                                  kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[])
        bwd = function_def(bwd_name, bwd_args, pops + [tape, rerun, back])
        self.functions.append((fwd, f"Forward sweep of {callee.name}, checkpointed: keeps only its arguments.", unit))
        self.functions.append((bwd, f"Adjoint sweep of {callee.name}, checkpointed: runs its forward sweep again, "
                                    "then its adjoint.", unit))

    def _finish(self, unit, func, docstring, after=()):
        self._stage("reverse", func)
        self._progress(unit.node, "optimize")
        optimize(func, _generated(unit))
        drop_kept_dtypes(func)          # after optimize: it may fold `d_x = zeros; d_x += g` into `d_x = g`
        for step in after:              # forward over a gradient: names deleted after their last reads
            step(func)
        for stmt in func.body:          # a blank line between the forward and the adjoint sweep
            if getattr(stmt, "s2s_adjoint", False):
                stmt.s2s_blank = True
                break
        self._stage("optimize", func)
        self.functions.append((func, docstring, unit))

    def _progress(self, node, stage, step=None):
        """The status line (see progress.py): pass `stage` starts on `node` (None: the module)."""
        callee = getattr(node, "name", None)
        what = self.top if callee in (None, self.top) else f"{self.top} → {callee}"
        self.progress.stage(what, stage, step)

    def _stage(self, stage, node):
        if self.debug:
            print(f"--- {stage}: {getattr(node, 'name', '')}", file=sys.stderr)
            printer = codegen.Printer(lambda line: "")
            printer.function(node)
            print(printer.text(), file=sys.stderr)


def _local_functions(source, node, func, resolver, inherited):
    """{name: UserFunction} of the nested functions of `func` (the normal form of `node`) and of
    the callables its caller passes (`inherited`); a nested function defined twice is refused."""
    if func.s2s_redefined:
        raise UserCodeError([Diagnostic(source.location(node_), f"`{fname}` is defined more than once in "
                                        f"{node.name}; s2sgrad differentiates a nested function defined once",
                                        "give each definition its own name")
                             for fname, node_ in func.s2s_redefined])
    local_functions = dict(inherited or {})
    for fname, (fdef, captured) in func.s2s_local_functions.items():
        local_functions[fname] = UserFunction(fname, source, fdef, resolver, captured, local_functions,
                                              key=f"{node.name}.{fname}")
    return local_functions


def _identifiers(node):
    return name_ids(node)


def _generated(unit):
    return set(unit.namer.generated) - set(unit.params)

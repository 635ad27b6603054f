"""`Reverse`: one normal-form function -> its forward sweep (with pushes), adjoint sweep, result and gradients."""

import gast

from ...analyses.recording import ALL, Context, only_shape_read, record, shrink
from ...errors import Diagnostic, NoRuleError, UserCodeError
from ...trees import walk
from ..normalize import assign, loaded_names, name
from .adjoints import AdjointState
from .build import BuildSteps
from .calls import CallAdjoints
from .control import ControlAdjoints
from .layout import Layout
from .steps import State, _all_steps, _mark_bound, _mutations
from .stores import StoreAdjoints
from .unpacked import UnpackedResults


class Reverse(BuildSteps, AdjointState, CallAdjoints, StoreAdjoints, ControlAdjoints, UnpackedResults, Layout):
    """Reverses one normal-form function; `calls` turns callee requests into fwd/bwd names."""

    def __init__(self, unit, calls, split, primal=None):
        self.unit = unit
        self.primal_function = primal        # emits a callee as written (a checkpointed loop's step)
        self.info = unit.activity
        self.namer = unit.namer
        self.calls = calls
        self.split = split
        self.problems = []
        self.primal = set(unit.primal_names)
        self.uses_stack = False
        self._preludes = {}
        self._loops = {}            # id(loop step) -> its last adjoint: (inputs, namer before, namer after, state)
        # Every primal name's adjoint name is taken up front, so no temporary can wear it.
        for var in sorted(self.info.active | set(unit.wrt) | set(unit.primal_names)):
            self.namer.adjoint(var)

    def _stable_names(self, region):
        """Names whose value never changes once set: unassigned parameters and globals' users
        aside, names defined exactly once outside every loop and never updated in place."""
        counts, in_loop, mutated = {}, set(), set()

        def visit(reg, looping):
            for step in reg.steps:
                for var in step.defs:
                    counts[var] = counts.get(var, 0) + 1
                    if looping:
                        in_loop.add(var)
                if step.kind == "store":
                    mutated.add(step.stmt.targets[0].value.id)
                elif step.kind == "append":
                    mutated.add(step.stmt.value.func.value.id)
                for child in step.children:
                    visit(child, looping or step.kind in ("for", "while"))
        visit(region, False)
        params = {p for p in self.unit.params if p not in counts}
        once = {v for v, n in counts.items() if n == 1 and v not in in_loop}
        return (params | once) - mutated

    def _seeing(self, stmt, base):
        """`base` and every name that may see a write into it at `stmt`."""
        write = self.unit.aliases.write(stmt)
        return {base} | (self.unit.aliases.names_sharing(write) if write is not None else set())

    def refuse(self, stmt, message, suggestion=""):
        self.problems.append(Diagnostic(self.unit.location(stmt), message, suggestion))

    def run(self):
        """(forward statements, adjoint statements, result atom, gradient names)."""
        func = self.unit.func
        ret = func.body[-1] if func.body and isinstance(func.body[-1], gast.Return) else None
        result = ret.value if ret is not None else gast.Constant(value=None, kind=None)
        region = self.build(func.body)
        _mark_bound(region, frozenset(self.unit.params))
        state, seed = self._seed(result, ret)
        state = self.gen_region(region, state, set())
        self.list_unpacked_adjoints(region)
        self._end_with_gradients(region, state)
        self._mark_restores(region)
        self._raise_problems()
        # A callee's adjoint function sees only what was pushed: nothing is stable there.
        mutated = set().union(*(self._seeing(base_stmt, base) for base_stmt, base in _mutations(region)))
        context = Context(set() if self.split else self._stable_names(region), mutated, self.unit.params)
        record(region, ALL if self.split else set(), extra=self.unit.params if self.split else (),
               context=context)
        if not self.split:
            self._shrink(region, context, result)
        forward = self._check_axes() + self.forward(region)
        adjoint = seed + self.adjoint(region)
        if not self.split and isinstance(result, gast.Name):
            result, keep = self._keep_result(result, adjoint, forward)
            forward += keep
        return forward, adjoint, result, [self.namer.adjoint(v) for v in self.unit.wrt]

    def _raise_problems(self):
        if self.problems:
            raise (NoRuleError if all("no derivative rule" in p.message for p in self.problems)
                   else UserCodeError)(self.problems)

    def _shrink(self, region, context, result):
        """Values of the function's own body kept only for their shape (recording.shrink); never
        what it returns (with has_aux, the pair)."""
        shapes = self.unit.shapes
        scalars = {v for v, cls in shapes.classes.items() if cls == "()"} | \
            {v for v, kind in self.info.types.items() if kind in ("int", "float")}
        returned = [result] + ([self.unit.pair] if self.unit.pair is not None else [])
        shrink(region, context, {n.id for r in returned for n in walk(r) if isinstance(n, gast.Name)}, scalars)

    def _check_axes(self):
        """`check_axes(...)` first, where the gradient relies on declared axes (analyses/shapes.py)."""
        declared = self.unit.shapes.declared
        if not declared:
            return []
        items = [gast.Tuple(elts=[gast.Constant(value=p, kind=None), name(p),
                                  gast.Constant(value=" ".join(declared[p]), kind=None)], ctx=gast.Load())
                 for p in self.unit.params if p in declared]
        call = gast.Call(func=name("check_axes"), args=[gast.Constant(value=self.unit.node.name, kind=None)] + items,
                         keywords=[])
        return [gast.Expr(value=call)]

    def _seed(self, result, ret):
        """The adjoint state where the adjoint sweep starts, and `d_y = d_result` for a result y."""
        state = State(set(), set())
        seed = []
        if isinstance(result, gast.Name) and self.info.is_active(result.id):
            state.defined.add(result.id)
            seed.append(assign(self.namer.adjoint(result.id), name("d_result"), ret))
            seed[0].s2s_line = ret.lineno
        return state, seed

    def _end_with_gradients(self, region, state):
        """At the end of the adjoint sweep every wrt name's adjoint exists and has its shape."""
        for var in self.unit.wrt:
            if var not in state.defined:
                stmt = assign(self.namer.adjoint(var), self.zeros(var), self.unit.func)
                stmt.s2s_line = None
                region.end_adjoint.append(stmt)
                region.start_reads.add(var)
            elif var in state.lazy:
                self.settle(var, state, region.end_adjoint, None)
                region.start_reads.add(var)

    def _mark_restores(self, region):
        """Decide which stores and appends the adjoint sweep undoes: those of a name (or of a name
        sharing its value) that some adjoint or later step reads, other than for its shape (a
        store keeps the shape; `unbroadcast(g, y)` needs no item of y put back)."""
        read_anywhere = _data_reads(region)
        for step in _all_steps(region):         # y[1:3] may be a view: reading it reads y
            stmt = step.stmt
            if step.kind == "simple" and isinstance(stmt, gast.Assign) and isinstance(stmt.value, gast.Subscript) \
                    and isinstance(stmt.targets[0], gast.Name) and stmt.targets[0].id in read_anywhere \
                    and isinstance(stmt.value.value, gast.Name):
                read_anywhere.add(stmt.value.value.id)
        for step in _all_steps(region):
            if step.kind == "store":
                base = step.stmt.targets[0].value.id
                step.restore = bool(self._seeing(step.stmt, base) & read_anywhere)
                if step.restore or step.adjoint:
                    step.reads |= {base} | (loaded_names(step.stmt.targets[0].slice) & self.primal)
            elif step.kind == "append":
                base = step.stmt.value.func.value.id
                step.restore = base in read_anywhere
                if step.restore:
                    step.reads.add(base)

    def _keep_result(self, result, adjoint, forward=()):
        """The function's value, saved before the adjoint sweep restores what it overwrote (in it, or
        in a list or an array the value holds: `return loss, history`)."""
        held = {result.id} | _held_by(result.id, forward)
        rebound = mutated = False
        for stmt in adjoint:
            for node in walk(stmt):
                kind = type(node)       # (one test per node: the adjoint is as long as the function)
                if kind is gast.Name:
                    rebound |= node.id == result.id and isinstance(node.ctx, gast.Store)
                elif kind in _WRITES:
                    mutated |= _WRITES[kind](node, held)
        if not (rebound or mutated):
            return result, []
        value = self.namer.fresh("value")
        saved = gast.Call(func=name("snapshot"), args=[name(result.id)], keywords=[]) if mutated else name(result.id)
        return name(value), [assign(value, saved, None)]


def _data_reads(region):
    """The names some step's adjoint (or the region's start) reads other than for their shape
    alone (recording._only_shape_read); a compound step's reads all count."""
    reads = set(region.start_reads)
    for step in _all_steps(region):
        if step.kind == "simple":
            reads |= {n for n in step.reads if not only_shape_read(step.adjoint, n)}
        else:
            reads |= step.reads
        for child in step.children:
            reads |= child.start_reads
    return reads


def _held_by(var, forward):
    """Names whose values `var` holds or shares memory with, at any depth: the items of a tuple,
    list or dict display or of a record made by a call, the base of a view (`h[1:]`, `h.T`,
    `h.reshape(2, 2)`), through names those hold in turn."""
    parts = {}          # name -> the expressions assigned to it that may hold or view other names
    for stmt in forward:
        for node in walk(stmt):
            if isinstance(node, gast.Assign) and isinstance(node.value, _HOLDING):
                for target in node.targets:
                    if isinstance(target, gast.Name):
                        parts.setdefault(target.id, []).append(node.value)
    held, work = set(), list(parts.get(var, ()))
    while work:
        value = work.pop()
        if isinstance(value, gast.Name):
            if value.id not in held:
                held.add(value.id)
                work += parts.get(value.id, ())
        elif isinstance(value, (gast.Tuple, gast.List)):
            work += value.elts
        elif isinstance(value, gast.Dict):
            work += value.values
        elif isinstance(value, (gast.Subscript, gast.Attribute)):
            work.append(value.value)
        elif isinstance(value, gast.Call):
            work += value.args + ([value.func.value] if isinstance(value.func, gast.Attribute) else [])
    return held


# What may hold or view another name's value (a call may make a record of its arguments or a view).
_HOLDING = (gast.Tuple, gast.List, gast.Dict, gast.Name, gast.Subscript, gast.Attribute, gast.Call)


def _stores_into(node, held):
    """`a[i] = ...`, a one of the `held` names."""
    return isinstance(node.ctx, gast.Store) and isinstance(node.value, gast.Name) and node.value.id in held


def _restores_item(node, held):
    """`restore_item(a, ...)`, a one of the `held` names."""
    return bool(node.args[:1]) and isinstance(node.args[0], gast.Name) and node.args[0].id in held \
        and getattr(node.func, "id", "") == "restore_item"


def _pops_from(node, held):
    """`a.pop`, a one of the `held` names."""
    return node.attr == "pop" and isinstance(node.value, gast.Name) and node.value.id in held


# The adjoint sweep's writes into a value, by node type.
_WRITES = {gast.Subscript: _stores_into, gast.Call: _restores_item, gast.Attribute: _pops_from}

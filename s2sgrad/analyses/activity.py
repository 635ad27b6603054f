"""Activity: which names depend on `wrt` (varied) and reach the output (useful); types."""

import gast

from .kinds import ValueKinds
from .numeric import NumericKinds
from .ops import classify
from ..callables import known_argument, pass_captured, specialised, static_defaults

DIFFERENTIABLE = {"float", "array", "unknown", "seq"}


def simple_statements(body):
    """Every non-compound statement of a normal-form body, in source order, recursively."""
    for stmt in body:
        if isinstance(stmt, (gast.If, gast.For, gast.While)):
            yield stmt
            yield from simple_statements(stmt.body)
            yield from simple_statements(stmt.orelse)
        else:
            yield stmt


def statement_lists(body):
    """`body` and every statement list nested in it (the bodies of `if`, `for` and `while`)."""
    yield body
    for stmt in body:
        if isinstance(stmt, (gast.If, gast.For, gast.While)):
            yield from statement_lists(stmt.body)
            yield from statement_lists(stmt.orelse)


class Activity(ValueKinds, NumericKinds):
    """Types, varied, useful and active names of one normal-form function (flow-insensitive);
    the kinds of values are `ValueKinds`' (kinds.py), the integral and complex names `NumericKinds`'
    (numeric.py)."""

    def __init__(self, func, wrt, resolver, local_names, annotations=None, local_functions=None, complex_params=()):
        self.func = func
        self.local_functions = local_functions or {}
        self.wrt = set(wrt)
        self.local_names = local_names
        self.ops = {}
        self.types = {p: "array" if kind == "ints" else kind for p, kind in (annotations or {}).items()}
        self.int_arrays = {p for p, kind in (annotations or {}).items() if kind == "ints"}    # by kinds or annotation
        self.defs = []        # (target name, Op, stmt)
        self.results = []
        for stmt in simple_statements(func.body):
            self._collect(stmt, resolver)
        self._specialise_callees(resolver)
        self._infer_types(resolver)
        self.integral = self._integral_names(resolver)
        self.complex = self._complex_names(resolver, set(complex_params))
        self.containers = self._containers(resolver)
        self.arrays = self._strong_array_evidence()
        self.varied = self._varied()
        self.useful = self._useful()
        self.active = self.varied & self.useful

    def _collect(self, stmt, resolver):
        if isinstance(stmt, gast.Assign):
            target = stmt.targets[0]
            op = classify(stmt.value, self.local_names, resolver, self.local_functions)
            if getattr(stmt, "s2s_checkpoint", None):        # a checkpointed loop (transforms/checkpoint.py)
                steps, snapshots, state0, invariants = stmt.value.args
                op = type(op)("checkpointed", args=[state0, invariants], keywords={"steps": steps, "snapshots": snapshots},
                              callee=self.local_functions[stmt.s2s_checkpoint], name="checkpointed loop", node=stmt)
            self.ops[id(stmt)] = op
            if isinstance(target, gast.Name):
                self.defs.append((target.id, op, stmt))
            elif isinstance(target, (gast.Subscript, gast.Attribute)) and isinstance(target.value, gast.Name):
                self.defs.append((target.value.id, Op_store(stmt.value, target.value), stmt))
        elif isinstance(stmt, gast.AugAssign):
            left = gast.Name(id=stmt.target.id, ctx=gast.Load(), annotation=None, type_comment=None)
            op = classify(gast.BinOp(left=left, op=stmt.op, right=stmt.value), self.local_names, resolver,
                          self.local_functions)
            self.ops[id(stmt)] = op
            self.defs.append((stmt.target.id, op, stmt))
        elif isinstance(stmt, gast.Expr) and _in_place_helper(stmt.value):
            # scatter_add(d_x, index, g) in gradient code: a store of g into d_x
            base = stmt.value.args[0]
            self.defs.append((base.id, Op_store(stmt.value.args[2], base), stmt))
        elif isinstance(stmt, gast.Expr) and _is_append(stmt.value):
            base = stmt.value.func.value
            self.defs.append((base.id, Op_store(stmt.value.args[0], base), stmt))
            self.types.setdefault(base.id, "seq")
        elif isinstance(stmt, gast.For):
            self.types[stmt.target.id] = "int"
        elif isinstance(stmt, gast.Return) and isinstance(stmt.value, gast.Name):
            self.results.append(stmt.value.id)

    def _specialise_callees(self, resolver):
        """Each call of a user function that passes it a known callable (`layer(x, W, np.tanh)`)
        calls the function specialised on it (see callables.py)."""
        counts = {}
        for target, _op, _stmt in self.defs:
            counts[target] = counts.get(target, 0) + 1
        copies = {t: op.args[0] for t, op, _ in self.defs if op.kind == "atom" and counts[t] == 1}
        made = {t: stmt.value for t, _, stmt in self.defs if counts[t] == 1 and isinstance(stmt, gast.Assign)
                and isinstance(stmt.value, gast.Call)}
        for _target, op, _stmt in self.defs:
            if op.kind == "user":
                self._specialise(op, resolver, copies, made)

    def _specialise(self, op, resolver, copies, made):
        """The call `op` of a user function, calling it specialised on the callables it is passed."""
        params = [a.id for a in op.callee.node.args.args]
        bound = dict(zip(params, op.args), **op.keywords)
        known = {p: known_argument(a, self.local_functions, copies, resolver, self.local_names, made)
                 for p, a in bound.items()}
        defaults = static_defaults(op.callee.node, op.callee.resolver, self.local_names)
        known.update({p: k for p, k in defaults.items() if p not in bound})     # `def layer(x, act=np.tanh)`
        callee, known, passed = pass_captured(op.callee, {p: k for p, k in known.items() if k is not None})
        op.keywords.update({p: gast.Name(id=local, ctx=gast.Load(), annotation=None, type_comment=None)
                            for p, local in passed.items()})
        op.callee = specialised(callee, known)

    def source_of(self, atom):
        """What a name was copied from where that is a global (`np_r = np.r_` -> `np.r_`), else the atom."""
        for target, op, _ in self.defs:
            if isinstance(atom, gast.Name) and target == atom.id and op.kind == "atom" \
                    and isinstance(op.args[0], gast.Attribute):
                return op.args[0]
        return atom

    def certainly_array(self, name):
        return name in self.arrays

    def maybe_container(self, name):
        return name in self.containers and self.types.get(name) not in ("array", "float", "int")

    # -- activity -------------------------------------------------------------------
    def _varied(self):
        varied = set(self.wrt)
        changed = True
        while changed:
            changed = False
            for fname, function in self.local_functions.items():    # a closure over a varied value
                if fname not in varied and any(name in varied for name in getattr(function, "captured", ())):
                    varied.add(fname)
                    changed = True
            for target, op, _stmt in self.defs:
                if target in varied or self.types.get(target) in ("int", "other") or target in self.integral:
                    continue
                if op.kind in ("rule", "atom", "user", "subscript", "container", "unknown", "store", "checkpointed") \
                        and any(name in varied for name in op.operands()):
                    varied.add(target)
                    changed = True
        return varied

    def _useful(self):
        useful = set(self.results)
        changed = True
        while changed:
            changed = False
            for target, op, _stmt in self.defs:
                if target not in useful or op.kind in ("nograd", "compare"):
                    continue
                for name in op.operands():
                    if name not in useful:
                        useful.add(name)
                        changed = True
        return useful

    def is_active(self, name):
        return name in self.active


def _in_place_helper(call):
    return isinstance(call, gast.Call) and isinstance(call.func, gast.Name) and len(call.args) == 3 \
        and call.func.id in ("scatter_add", "accumulate_item", "restore_item") and isinstance(call.args[0], gast.Name)


def _is_append(call):
    return (isinstance(call, gast.Call) and isinstance(call.func, gast.Attribute) and call.func.attr == "append"
            and isinstance(call.func.value, gast.Name) and len(call.args) == 1 and not call.keywords)


class Op_store:
    """The pseudo-operation of `base[index] = value`: `base` now depends on `value`."""

    kind = "store"
    key = None

    def __init__(self, value, base):
        self.args = [value, base]
        self.keywords = {}

    def operands(self):
        return [a.id for a in self.args if isinstance(a, gast.Name)]

"""Activity: which names depend on `wrt` (varied) and reach the output (useful); types."""

import gast
import numpy as np

from .. import runtime
from ..naming import TAPE
from ..resolve import resolve_dotted
from .ops import classify
from ..trees import walk

DIFFERENTIABLE = {"float", "array", "unknown", "seq"}


# Runtime helpers that return a record or a sequence (or its cotangent, a list).
_SEQUENCES = (runtime.with_field, runtime.without_field, runtime.replace_field, runtime.concat, runtime.head_of,
              runtime.tail_of, runtime.repeat, runtime.fold_repeats)

_REAL_RESULTS = (np.real, np.imag, np.abs, abs, np.angle, np.fft.irfft, np.fft.irfft2, np.fft.irfftn, np.fft.hfft)
_COMPLEX_RESULTS = (np.fft.fft, np.fft.ifft, np.fft.rfft, np.fft.fft2, np.fft.ifft2, np.fft.fftn, np.fft.ifftn,
                    np.fft.rfft2, np.fft.rfftn, np.fft.ihfft)
_FREQUENCY_NAMES = {f.__name__ for f in _COMPLEX_RESULTS}


def _key_in(key, primitives):
    for p in primitives:        # by identity (a ufunc's `==` is not what is meant)
        if key is p:
            return True
    return False


def _writes_complex(func):
    """Whether a user function's source has a complex constant or a transform into frequencies."""
    return any(isinstance(n, gast.Constant) and isinstance(n.value, complex)
               or isinstance(n, gast.Attribute) and n.attr in _FREQUENCY_NAMES for n in walk(func))


def simple_statements(body):
    """Every non-compound statement of a normal-form body, in source order, recursively."""
    for stmt in body:
        if isinstance(stmt, (gast.If, gast.For, gast.While)):
            yield stmt
            yield from simple_statements(stmt.body)
            yield from simple_statements(stmt.orelse)
        else:
            yield stmt


class Activity:
    """Types, varied, useful and active names of one normal-form function (flow-insensitive)."""

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
        from ..callables import known_argument, pass_captured, specialised, static_defaults
        counts = {}
        for target, _op, _stmt in self.defs:
            counts[target] = counts.get(target, 0) + 1
        copies = {t: op.args[0] for t, op, _ in self.defs if op.kind == "atom" and counts[t] == 1}
        made = {t: stmt.value for t, _, stmt in self.defs if counts[t] == 1 and isinstance(stmt, gast.Assign)
                and isinstance(stmt.value, gast.Call)}
        for _target, op, _stmt in self.defs:
            if op.kind != "user":
                continue
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

    # -- types ----------------------------------------------------------------------
    def _infer_types(self, resolver):
        for _ in range(len(self.defs) + 2):
            changed = False
            for target, op, stmt in self.defs:
                if _is_tape_pop(stmt):      # gradient code: a pop gives back what was pushed under that name
                    continue
                kind = _join(self.types.get(target), self._type_of(op, resolver))
                if self.types.get(target) != kind:
                    self.types[target] = kind
                    changed = True
            if not changed:
                break

    # -- integer and bool arrays ------------------------------------------------------
    def _integral_names(self, resolver):
        """Names that hold integers or bools by an explicit dtype (`x.astype(int)`, `np.zeros(n,
        dtype=bool)`, `np.asarray(x, dtype=np.int32)`) or by the dtype of an integer array they
        are made like (`np.zeros_like(counts)`, `counts.copy()`, where `counts` is one by its kind
        or annotation), also after stores into them and integer arithmetic on them: NumPy
        truncates what goes in, so no derivative comes out."""
        counts = {}
        for target, _op, _stmt in self.defs:
            counts[target] = counts.get(target, 0) + 1
        copies = {t: op.args[0] for t, op, _ in self.defs if op.kind == "atom" and counts[t] == 1}   # np_int32 = np.int32
        by_target = {}
        for target, op, _stmt in self.defs:
            by_target.setdefault(target, []).append(op)
        integral = {t for t, ops in by_target.items()
                    if any(_integral_dtype(op, resolver, copies) or _dtype_source(op) is not None for op in ops)}
        changed = True
        while changed:          # from the names an integral dtype makes, drop those another def may make float
            changed = False
            for target in sorted(integral):
                if not all(self._keeps_integral(op, resolver, copies, integral) for op in by_target[target]):
                    integral.discard(target)
                    changed = True
        return integral | self.int_arrays

    def _keeps_integral(self, op, resolver, copies, integral):
        source = _dtype_source(op)
        if source is not None:
            return source in integral or source in self.int_arrays
        return _integral_dtype(op, resolver, copies) or op.kind == "store" \
            or _int_preserving(op) and all(self._integral_atom(a, integral) for a in op.args)

    def _integral_atom(self, atom, integral):
        if isinstance(atom, gast.Constant):
            return type(atom.value) in (int, bool)
        return isinstance(atom, gast.Name) and (atom.id in integral or atom.id in self.int_arrays
                                                or self.types.get(atom.id) == "int")

    # -- complex values ---------------------------------------------------------------
    def _complex_names(self, resolver, found):
        """Names that may hold complex numbers: parameters a caller passes complex values
        (`found` to start with), names made from a complex constant or global, by a transform
        into the frequency domain, by a user function that makes some, or from another such
        name (Re, Im, abs, angle and the real inverse transforms give reals).  Each call to a
        user function records which of its parameters get complex values (`op.complex_params`)."""
        for _ in range(len(self.defs) + 1):
            grown = False
            for target, op, _stmt in self.defs:
                if target not in found and self._makes_complex(op, found, resolver):
                    found.add(target)
                    grown = True
            if not grown:
                break
        for _target, op, _stmt in self.defs:
            if op.kind == "user":
                params = [a.id for a in op.callee.node.args.args] + list(op.callee.captured)
                op.complex_params = frozenset(
                    [params[i] for i, a in enumerate(op.args) if i < len(params) and self._is_complex(a, found, resolver)]
                    + [k for k, a in op.keywords.items() if self._is_complex(a, found, resolver)])
        return found

    def _makes_complex(self, op, found, resolver):
        if op.kind in ("compare", "nograd") or op.kind == "rule" and _key_in(op.key, _REAL_RESULTS):
            return False
        if op.kind == "rule" and _key_in(op.key, _COMPLEX_RESULTS):
            return True
        if op.kind == "user" and _writes_complex(op.callee.node):
            return True
        return any(self._is_complex(a, found, resolver) for a in list(op.args) + list(op.keywords.values()))

    def _is_complex(self, atom, found, resolver):
        if isinstance(atom, gast.Constant):
            return np.iscomplexobj(atom.value) if isinstance(atom.value, (complex, np.ndarray, np.generic)) else False
        if not isinstance(atom, gast.Name):
            return False
        if atom.id in found:
            return True
        if atom.id in self.local_names:
            return False
        try:                        # a global or a captured name: its value tells
            value = resolver.lookup(atom.id)
        except Exception:           # noqa: BLE001 (a name the resolver cannot see is not complex here)
            return False
        static = getattr(value, "written", None) if type(value).__name__ == "StaticValue" else None    # the CLI
        if static is not None and _writes_complex(static) or \
                isinstance(value, (complex, np.ndarray, np.generic)) and np.iscomplexobj(value):
            found.add(atom.id)      # so that `maybe_complex` sees it too
            return True
        return False

    def maybe_complex(self, op):
        """Whether an operand of `op` may be complex (then `rules.lookup(..., complex_operand=True)`)."""
        return any(isinstance(a, gast.Name) and a.id in self.complex or isinstance(a, gast.Constant)
                   and isinstance(a.value, complex) for a in list(op.args) + list(op.keywords.values()))

    def type_of_atom(self, atom):
        if isinstance(atom, gast.Constant):
            value = atom.value
            if isinstance(value, bool) or isinstance(value, int):
                return "int"
            if isinstance(value, (float, complex)):
                return "float"
            return "other"
        if isinstance(atom, gast.Name):
            return self.types.get(atom.id, "unknown" if atom.id in self.local_names else "other")
        return "unknown"

    def _type_of(self, op, resolver=None):
        kinds = [self.type_of_atom(a) for a in op.args]
        if op.kind == "atom":
            return kinds[0] if kinds else "unknown"
        if op.kind in ("compare",):        # a bool, or an array of them where an operand is an array
            return "array" if "array" in kinds else "int" if all(k in ("int", "float") for k in kinds) else "unknown"
        if op.kind == "nograd":
            return "int" if op.key in (len, range, int) or _returns_int(op) else "other"
        if op.kind in ("container", "checkpointed"):
            return "seq"
        if op.kind == "rule" and (op.key in (list, tuple, dict) or _returns_tuple(op) or _returns_record(op)
                                  or _key_in(op.key, _SEQUENCES)):
            return "seq"                # a container, a tuple of arrays (np.array_split, np.linalg.eigh), a record
        if op.kind == "rule" and _key_in(op.key, (runtime.field_of, runtime.field_item)):
            return "unknown"            # a record's field: an array, a number or a container
        if op.kind == "subscript":
            base = kinds[0]
            if base == "other" and isinstance(op.args[0], gast.Name) and op.args[0].id not in self.local_names:
                return _item_type(op.args[0].id, resolver)      # `B[0]` of a global: what B holds
            return {"array": "array", "other": "int"}.get(base, "unknown")
        if op.kind == "rule":
            if op.key is float:
                return "float"
            if "seq" in kinds and _is_operator(op):
                return "seq"            # list concatenation or repetition
            if any(k == "array" for k in kinds):
                return "array"
            if kinds and all(k == "int" for k in kinds) and _int_preserving(op):
                return "int"
            if kinds and all(k in ("int", "float") for k in kinds) and _is_operator(op):
                return "float"
            return "unknown"
        return "unknown"

    def _containers(self, resolver):
        """Names that may hold a list, tuple or dict (so their adjoint is one too).

        A name is taken for an array (or number) when it is used as one: as an operand of
        arithmetic, a NumPy function or a comparison, or as the result of one.  A name of
        unknown type with no such use may be a container; its adjoint code then works for both.
        """
        arrays = self._array_evidence()
        names = {a.id for a in self.func.args.args} | {t for t, _, _ in self.defs}
        maybe = {n for n in names if self.types.get(n, "unknown") in ("unknown", "seq") and n not in arrays}
        maybe |= {t for t, kind in self.types.items() if kind == "seq"}
        for target, op, stmt in self.defs:
            if isinstance(stmt, gast.Expr) or op.kind in ("container", "checkpointed"):     # lst.append(x), (a, b)
                maybe.add(target)
        for target, op, _ in self.defs:       # copies and unpacking of containers
            if op.kind == "atom" and op.args and isinstance(op.args[0], gast.Name) and op.args[0].id in maybe \
                    and target not in arrays:
                maybe.add(target)
        return maybe

    def _array_evidence(self):
        """Names used as arrays: in arithmetic, as NumPy arguments, with array attributes."""
        from .. import rules
        import numpy as np
        sequence_functions = {getattr(np, n) for n in (
            "stack", "concatenate", "hstack", "vstack", "dstack", "column_stack", "array", "asarray",
            "block", "einsum", "broadcast_arrays", "meshgrid") if hasattr(np, n)}
        seen = set()
        for target, op, stmt in self.defs:
            module = getattr(op.key, "__module__", None) or ""
            if op.kind in ("rule", "nograd") and (isinstance(op.key, np.ufunc) or module.startswith("numpy")) \
                    and op.key not in sequence_functions:
                seen |= {a.id for a in op.args[:1] if isinstance(a, gast.Name)}
                if getattr(op.key, "__name__", "") not in _TUPLE_RESULTS:
                    seen.add(target)
            if op.kind == "rule" and rules.lookup(op.key) is not None:
                family = rules.lookup(op.key).template.__module__.rsplit(".", 1)[-1]
                operand_types = {self.types.get(n) for n in op.operands()}
                if (family in ("elementwise", "reductions", "linalg") or isinstance(op.key, tuple)) \
                        and "seq" not in operand_types:
                    seen |= set(op.operands())
                    if getattr(op.key, "__name__", "") not in _TUPLE_RESULTS:
                        seen.add(target)
            elif op.kind == "compare":
                seen |= set(op.operands())
            if isinstance(op.key, tuple) and op.key[0] == "attribute" and op.args \
                    and isinstance(op.args[0], gast.Name):
                seen.add(op.args[0].id)         # .shape, .ndim, .T: lists have none of these
        return seen

    def _strong_array_evidence(self):
        """Names certainly used as arrays, not numbers: indexed, matrix-multiplied, reduced,
        given to a NumPy function other than an elementwise ufunc, or asked for a shape."""
        import numpy as np
        import operator
        seen = {n for n, kind in self.types.items() if kind == "array"}
        for target, op, stmt in self.defs:
            first = op.args[0] if op.args else None
            first = first.id if isinstance(first, gast.Name) else None
            if op.kind == "subscript" and first and self.types.get(first) != "seq" and first not in self.containers:
                seen.add(first)
            elif op.key is operator.matmul:
                seen |= set(op.operands()) | {target}
            elif op.kind in ("rule", "nograd") and first and not isinstance(op.key, np.ufunc) \
                    and (getattr(op.key, "__module__", "") or "").startswith("numpy"):
                seen.add(first)
            elif isinstance(op.key, tuple) and op.key[0] == "attribute" and first:
                seen.add(first)
        return seen

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


_TUPLE_RESULTS = {"eigh", "eig", "qr", "svd", "slogdet", "split", "array_split", "hsplit", "vsplit", "dsplit",
                  "meshgrid", "broadcast_arrays", "histogram", "unique", "nonzero", "where", "modf", "frexp",
                  "divmod", "lstsq", "unravel_index", "indices", "gradient", "atleast_1d", "atleast_2d",
                  "atleast_3d", "cho_factor", "lu_factor"}


# Primitives whose result is always a tuple (qr, svd and scipy.linalg.eigh unless an option asks for one array).
_ALWAYS_TUPLES = {"eig", "slogdet", "cho_factor", "lu_factor", "split", "array_split", "hsplit", "vsplit", "dsplit",
                  "meshgrid", "broadcast_arrays", "modf", "frexp", "divmod", "unstack", "histogram"}


def _item_type(name, resolver):
    """The type of an item (or a slice) of the global `name`: "int" only where every item is an
    int (a shape), "float" where every one is a number, "array" for an array's (a row of a 2-D
    array is an array), else "unknown"."""
    try:
        value = resolver.lookup(name)
    except Exception:           # noqa: BLE001 (a name the resolver cannot see: nothing is known)
        return "unknown"
    if isinstance(value, np.ndarray):
        return "array"
    if isinstance(value, (list, tuple)) and value:
        if all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            return "int"
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
            return "float"
    return "unknown"


# Calls that return a record whose fields are read (`sol.y`): its adjoint is the list of its fields'.
_RECORDS = {("scipy.integrate._ivp.ivp", "solve_ivp")}


def _returns_record(op):
    return (getattr(op.key, "__module__", None), getattr(op.key, "__name__", None)) in _RECORDS


def _returns_tuple(op):
    """Does the call return a tuple?  svd, qr and eigh do, unless `compute_uv=False` / `mode="r"` /
    `eigvals_only=True` (scipy.linalg.eigh's, a keyword only)."""
    fname = getattr(op.key, "__name__", "")
    if fname in _ALWAYS_TUPLES:
        return True
    one_array = {"svd": ("compute_uv", False, 2), "qr": ("mode", "r", 1),
                 "eigh": ("eigvals_only", True, None)}.get(fname)
    if one_array is None:
        return False
    keyword, value, position = one_array
    option = op.keywords.get(keyword, op.args[position] if position is not None and len(op.args) > position else None)
    return not (isinstance(option, gast.Constant) and option.value == value) and \
        (option is None or isinstance(option, gast.Constant))


def _is_tape_pop(stmt):
    value = getattr(stmt, "value", None)
    return isinstance(value, gast.Call) and isinstance(value.func, gast.Attribute) and value.func.attr == "pop" \
        and isinstance(value.func.value, gast.Name) and value.func.value.id == TAPE


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


def _join(a, b):
    if a is None or a == b:
        return b
    if b is None:
        return a
    if {a, b} <= {"int", "float"}:
        return "float"
    if "array" in (a, b) and {a, b} <= {"array", "float", "int"}:
        return "array"
    return "unknown"


# The position of the dtype argument, where it may be given positionally.
_DTYPE_POSITION = {np.ndarray.astype: 1, np.array: 1, np.asarray: 1, np.zeros: 1, np.ones: 1, np.empty: 1,
                   np.zeros_like: 1, np.ones_like: 1, np.empty_like: 1, np.full: 2, np.full_like: 2,
                   np.ascontiguousarray: 1}
if hasattr(np, "astype"):
    _DTYPE_POSITION[np.astype] = 1


# Makers of an array with their first argument's dtype, when no dtype is given.
_LIKE = frozenset({np.zeros_like, np.ones_like, np.empty_like, np.full_like, np.copy, np.ndarray.copy, np.array,
                   np.asarray, np.ascontiguousarray})


def _dtype_source(op):
    """The name whose dtype `op` gives its result (`np.zeros_like(counts)`, `counts.copy()`), or None."""
    if op.kind not in ("rule", "nograd") or not _hashable(op.key) or op.key not in _LIKE or "dtype" in op.keywords:
        return None
    position = _DTYPE_POSITION.get(op.key)
    if position is not None and len(op.args) > position:
        return None
    first = op.args[0] if op.args else None
    return first.id if isinstance(first, gast.Name) else None


def _integral_dtype(op, resolver, copies):
    """Whether `op` makes integers or bools by its own dtype argument (a constant or a type)."""
    if op.kind not in ("rule", "nograd"):
        return False
    key = op.key[0] if isinstance(op.key, tuple) and op.key and op.key[1:] == ("astype",) else op.key
    atom = op.keywords.get("dtype")
    position = _DTYPE_POSITION.get(key) if _hashable(key) else None
    if atom is None and position is not None and len(op.args) > position:
        atom = op.args[position]
    if isinstance(atom, gast.Name) and atom.id in copies:
        atom = copies[atom.id]
    if atom is None:
        return False
    if isinstance(atom, gast.Constant):
        value = atom.value
    else:
        parts = _dotted_atom(atom)
        try:
            value = resolve_dotted(resolver, parts) if parts and resolver is not None else None
        except Exception:       # noqa: BLE001 (a dtype the resolver cannot see is not known to be integral)
            return False
    try:
        return value is not None and np.dtype(value).kind in "iub"
    except TypeError:
        return False


def _hashable(key):
    try:
        hash(key)
    except TypeError:
        return False
    return True


def _dotted_atom(atom):
    parts = []
    while isinstance(atom, gast.Attribute):
        parts.append(atom.attr)
        atom = atom.value
    return [atom.id] + parts[::-1] if isinstance(atom, gast.Name) else []


def _returns_int(op):
    import numpy as np
    return op.key in (np.shape, np.ndim, np.size, np.argmax, np.argmin, np.count_nonzero) \
        or (isinstance(op.key, tuple) and op.key[1] in ("ndim", "size"))


def _int_preserving(op):
    import operator
    return op.key in (operator.add, operator.sub, operator.mul, operator.neg, operator.pos,
                      operator.pow, operator.floordiv, operator.mod, abs)


def _is_operator(op):
    import operator
    return op.key in (operator.add, operator.sub, operator.mul, operator.truediv, operator.neg,
                      operator.pos, operator.pow, operator.mod, abs, float)

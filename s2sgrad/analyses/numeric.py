"""Numeric kinds of an `Activity`'s names: which hold integers or bools by an explicit dtype (no
derivative comes out of them), and which may hold complex numbers (their rules may differ)."""

import operator

import gast
import numpy as np

from .. import rules
from ..resolve import resolve_dotted
from ..trees import walk

_REAL_RESULTS = (np.real, np.imag, np.abs, abs, np.angle, np.fft.irfft, np.fft.irfft2, np.fft.irfftn, np.fft.hfft)
_COMPLEX_RESULTS = (np.fft.fft, np.fft.ifft, np.fft.rfft, np.fft.fft2, np.fft.ifft2, np.fft.fftn, np.fft.ifftn,
                    np.fft.rfft2, np.fft.rfftn, np.fft.ihfft)
_FREQUENCY_NAMES = {f.__name__ for f in _COMPLEX_RESULTS}


def key_in(key, primitives):
    for p in primitives:        # by identity (a ufunc's `==` is not what is meant)
        if key is p:
            return True
    return False


def _meaning(key):
    """The NumPy primitive whose values `key` computes (`scipy.fft.fft`: `np.fft.fft`), or `key`."""
    return getattr(rules.lookup(key), "like", key)


def _writes_complex(func):
    """Whether a user function's source has a complex constant or a transform into frequencies."""
    return any(isinstance(n, gast.Constant) and isinstance(n.value, complex)
               or isinstance(n, gast.Attribute) and n.attr in _FREQUENCY_NAMES for n in walk(func))


class NumericKinds:
    """The integral and complex names of an `Activity` (a mixin: it reads `self.defs`, `self.types`)."""

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
        self._int_displays = self._integer_displays(counts)
        integral = {t for t, ops in by_target.items()
                    if any(_integral_dtype(op, resolver, copies) or _dtype_source(op) is not None
                           or self._int_range(op) for op in ops)}
        changed = True
        while changed:          # from the names an integral dtype makes, drop those another def may make float
            changed = False
            for target in sorted(integral):
                if not all(self._keeps_integral(op, resolver, copies, integral) for op in by_target[target]):
                    integral.discard(target)
                    changed = True
        return integral | self.int_arrays

    def _keeps_integral(self, op, resolver, copies, integral):
        """Whether `op` makes integers: by its dtype or that of the integer array it is made like, as a
        store (NumPy truncates), or as integer arithmetic."""
        source = _dtype_source(op)
        if source is not None:
            return source in integral or source in self.int_arrays or source in self._int_displays
        return _integral_dtype(op, resolver, copies) or self._int_range(op) or op.kind == "store" \
            or int_preserving(op) and all(self._integral_atom(a, integral) for a in op.args)

    def _integer_displays(self, counts):
        """Names bound once to a list or tuple of integers (`[0, 0, 0]`): what NumPy makes of one is
        an integer array (the list itself is not: a float stored into it stays a float)."""
        return {t for t, op, _ in self.defs if counts[t] == 1 and op.kind == "container"
                and op.args and all(self._integral_atom(a, ()) for a in op.args)}

    def _int_range(self, op):
        """`np.arange(3)`, `np.arange(n, 0, -1)`: integers, where every argument is one and no dtype is given."""
        return op.kind in ("rule", "nograd") and op.key is np.arange and bool(op.args) and not op.keywords \
            and all(self._integral_atom(a, ()) for a in op.args)

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
        if op.kind in ("compare", "nograd") or op.kind == "rule" and key_in(_meaning(op.key), _REAL_RESULTS):
            return False
        if op.kind == "rule" and key_in(_meaning(op.key), _COMPLEX_RESULTS):
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
    atom = _dtype_argument(op, copies)
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


def _dtype_argument(op, copies):
    """The atom `op` gives as its dtype (a keyword, or its position), through a copy `np_int = np.int32`."""
    key = op.key[0] if isinstance(op.key, tuple) and op.key and op.key[1:] == ("astype",) else op.key
    atom = op.keywords.get("dtype")
    position = _DTYPE_POSITION.get(key) if _hashable(key) else None
    if atom is None and position is not None and len(op.args) > position:
        atom = op.args[position]
    if isinstance(atom, gast.Name) and atom.id in copies:
        atom = copies[atom.id]
    return atom


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


def int_preserving(op):
    """Integer arithmetic: ints in, an int out."""
    return op.key in (operator.add, operator.sub, operator.mul, operator.neg, operator.pos,
                      operator.pow, operator.floordiv, operator.mod, abs)

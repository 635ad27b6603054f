"""Naming: collision-free, deterministic names derived from the user's names."""

import builtins
import keyword
import re

_OPERATOR_WORDS = {
    "Add": "plus", "Sub": "minus", "Mult": "times", "Div": "over", "Pow": "pow",
    "MatMult": "at", "FloorDiv": "floordiv", "Mod": "mod",
}
_OPERATOR_NOUNS = {
    "Add": "total", "Sub": "diff", "Mult": "prod", "Div": "quot", "Pow": "power",
    "MatMult": "matprod", "FloorDiv": "quot", "Mod": "rem",
}
_MAX_LEN = 20
_BUILTINS = frozenset(n for n in dir(builtins) if n.islower() and not n.startswith("_"))


# The tape of emitted gradient code, and the tape of its tangents in forward-over-reverse code.
TAPE = "stack"
TANGENT_TAPE = "t_" + TAPE


class Namer:
    """Hands out fresh names; never reuses a name the user's code or an earlier call took."""

    def __init__(self, taken=()):
        self.taken = set(taken)
        self.generated = set()
        self._adjoints = {}
        self._tangents = {}
        self._next = {}         # base -> the first suffix not yet tried (names are only ever added)

    def reserve(self, names):
        self.taken.update(names)

    def fresh(self, hint):
        base = _sanitize(hint)
        if base in _BUILTINS:       # `sum = np.sum(...)` would hide the builtin from a reader of the code
            base += "_value"
        k = self._next.get(base, 1)
        name = base if k == 1 else f"{base}_{k}"
        while name in self.taken or keyword.iskeyword(name):
            k += 1
            name = f"{base}_{k}"
        self._next[base] = k + 1
        self.taken.add(name)
        self.generated.add(name)
        return name

    def adjoint(self, name):
        """The adjoint's name for primal `name`: `d_<name>`, stable for the namer's life."""
        if name not in self._adjoints:
            self._adjoints[name] = self.fresh("d_" + name)
        return self._adjoints[name]

    def tangent(self, name):
        """The tangent's name for primal `name`: `t_<name>`, stable for the namer's life."""
        if name not in self._tangents:
            self._tangents[name] = self.fresh("t_" + name)
        return self._tangents[name]

    def snapshot(self):
        return set(self.taken), set(self.generated), dict(self._adjoints), dict(self._tangents), dict(self._next)

    def restore(self, state):
        taken, generated, adjoints, tangents, following = state
        self.taken, self.generated = set(taken), set(generated)
        self._adjoints, self._tangents, self._next = dict(adjoints), dict(tangents), dict(following)


def unused_name(hint, taken):
    """`hint`, or `hint_1`, `hint_2`, ...: the first not in `taken`, which it is added to (for a
    rewrite before the normal form, whose names the Namer does not know yet)."""
    name, i = hint, 0
    while name in taken:
        i += 1
        name = f"{hint}_{i}"
    taken.add(name)
    return name


def _sanitize(hint):
    if hint == "_":
        return "_"
    hint = re.sub(r"\W+", "_", str(hint)).strip("_") or "tmp"
    if hint[0].isdigit():
        hint = "v" + hint
    return hint


def binop_name(op, left, right, constant=None):
    """`y * x` -> `y_times_x`; `0.5 * z` -> `half_z`, `3.0 * z` -> `scaled_z` (`constant`: the
    number on the other side of `z`, where one is); falls back to a noun (`prod`) when that reads
    badly."""
    op = type(op).__name__
    scaled = _scaled_name(op, left, right, constant)
    if scaled:
        return scaled
    word = _OPERATOR_WORDS.get(op)
    if word and left and right:
        name = f"{left}_{word}_{right}"
        if len(name) <= _MAX_LEN:
            return name
    return _OPERATOR_NOUNS.get(op, "value")


# `c * z` and `z / c` by the number c: what the temporary is, in a word
_FACTORS = {0.5: "half", 2: "double", -1: "neg", 0.25: "quarter", 3: "triple"}


def _scaled_name(op, left, right, constant):
    if constant is None or not isinstance(constant, (int, float)) or isinstance(constant, bool):
        return None
    operand = right if left is None or left == atom_hint_of_number(constant) else left
    if not operand or operand == atom_hint_of_number(constant):
        return None
    if op == "Div" and operand == left and constant:
        constant = 1 / constant
    elif op != "Mult":
        return None
    name = f"{_FACTORS.get(constant, 'scaled')}_{operand}"
    return name if len(name) <= _MAX_LEN else None


def atom_hint_of_number(value):
    text = repr(value).replace(".", "_").replace("-", "neg")
    return text.rstrip("_0") if "_" in text else text


def atom_hint(node):
    """A short word for a Name or Constant operand, or None."""
    cls = type(node).__name__
    if cls == "Name":
        return node.id
    if cls == "Constant" and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return atom_hint_of_number(node.value)
    return None


def call_name(func_name, first_arg):
    """`np.tanh(y)` -> `tanh_y`; `np.sum(a * b)` -> `sum_a_times_b` when short."""
    name = f"{func_name}_{first_arg}" if first_arg else func_name
    return name if len(name) <= _MAX_LEN else func_name

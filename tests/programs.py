"""Random programs that read like the NumPy code people write, for gradient checks.

A program is a function `f(x, c[, params])` over a vector `x` (length 4), a float `c` and,
when it runs a layer loop, a list `params` of `(W, b)` pairs of different shapes.  Its body is
a few statements, each drawn from a *variant* (`"mlp.tuple_loop"`, `"fresh.eye_rotation"`,
...); a variant belongs to a *category*, the part before the dot.  Compound variants (`if`,
`for`, `while`, early returns in loops) hold random blocks of their own, to `max_depth`.

The generator draws through a `Chooser`, so the same code serves Hypothesis (`programs()`,
which shrinks) and plain seeded runs (`generate(RandomChooser(seed))`, used by
`scripts/fuzz_programs.py`).  Every program is valid Python that runs; a program whose value
overflows is skipped by the checks (`tests/program_checks.py`).

Names have fixed kinds: `x`, `y`, `z`, `w` are vectors of length 4, `c`, `s`, `t` numbers.
Temporaries inside a statement (`h`, `out`, `R`, `terms`, ...) are not read by later
statements before they are assigned again.  The function returns a sum over every name it
binds, so no statement is dead code.

Categories (variants in `tests/program_variants.py` and `tests/program_idioms.py`): classic
(the original straight-line statements), control (if/for/while/break/nested loops around
random blocks), mlp (layer loops over differently shaped parameters), shape (loop-carried
values whose shape changes), scalar, alias (second names, then in-place or augmented
updates), random (draws from a generator inside f), fresh (allocators filled by item, slice
and repeated fancy-index stores), lists (lists handed to NumPy), helper (module functions,
closures, functions as arguments, a factory closure), boolop (`and`/`or` for their value),
scope (comprehensions reusing a loop variable's name), early (returns in loops and branches),
loops (while loops as written), numpy, views, containers and idioms (everyday NumPy, writes
through views, dicts/tuples/zips, nested comprehensions, Newton loops, ...).
"""

import dataclasses
import random
import re

import numpy as np
from hypothesis import strategies as st

from tests import program_idioms, program_variants
from tests.program_variants import COMPOUND, FOCUS_ONLY, VARIANTS

VARIANT_MODULES = (program_variants, program_idioms)     # importing them registers their variants

N = 4
VECTORS = ("x", "y", "z", "w")
SCALARS = ("c", "s", "t")
# Layer widths of `params`: a width-1 layer before a wider one hides a wrong adjoint shape
# behind broadcasting; the others make it raise.
WIDTHS = ((N, 1, 2), (N, 5, 2), (N, 2), (N, 3, 1, 2), (N, 2, 2), (N, 1))

PRELUDE = '''import functools

import numpy as np


def _helper(u, v):
    return np.sin(u) * v + u


def _fill(u, v):
    R = np.zeros(4)
    R[0] = u[0] * v[1]
    R[1:] = u[1:] * 2.0 + v[0]
    return R


def _rotate(theta, u):
    M = np.eye(4)
    M[0, 0] = np.cos(theta)
    M[0, 1] = -np.sin(theta)
    M[1, 0] = np.sin(theta)
    M[1, 1] = np.cos(theta)
    return M @ u


def _ident(u):
    return u


def _square(u):
    return u * u


def _apply(fn, u):
    return fn(u) * 2.0


def _smooth(u, n=2):
    if n == 0:
        return u
    return _smooth(np.tanh(u) * 0.5 + u * 0.5, n - 1)


def _scaled(u, scale=0.5):
    out = u * scale
    out += u * u
    return out


def _bump(u, v):
    u[0] = u[0] + v[0]
    return u


def _stats(u):
    mean = np.mean(u)
    return mean, np.mean((u - mean) ** 2)


def _decay_into(u, v):
    u -= 0.5 * np.sin(v)
    u *= 0.9
    return u


class _Gain:
    def __init__(self, w, bias=0.0):
        self.w = w
        self.bias = bias

    def __call__(self, u):
        return np.tanh(u * self.w) + self.bias


def _make_scaler(k):
    def scaler(u):
        return u * k
    return scaler


_triple = _make_scaler(3.0)


class _Layer:
    def __init__(self, W, scale):
        self.W = W
        self.scale = scale
        self.shift = scale * 0.5

    def forward(self, u):
        return np.tanh(self.W * u) * self.scale + self.shift


_OPTIONS = {"scale": 0.5, "shift": 0.25}


_ACTS = [np.tanh, _square]


class _Stack:
    def __init__(self, W, b):
        self.layers = [(W, b), (W * 0.5, b)]
        self.acts = [np.tanh, np.sin]

    def apply(self, u):
        for (W, b), act in zip(self.layers, self.acts):
            u = act(W * u + b)
        return u


class _Chain:
    def __init__(self, W, acts):
        self.W = W
        self.acts = acts

    def apply(self, u):
        for act in self.acts:
            u = act(self.W * u) + u * 0.5
        return u


def _affine(u, scale=1.0, shift=0.0):
    return u * scale + shift


'''


class RandomChooser:
    """Draws from `random.Random(seed)`: the same seed gives the same program."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def choice(self, items):
        items = list(items)
        return items[self.rng.randrange(len(items))]

    def integer(self, lo, hi):
        return self.rng.randint(lo, hi)


class HypothesisChooser:
    """Draws through a Hypothesis `draw`, so failing programs shrink."""

    def __init__(self, draw):
        self.draw = draw

    def choice(self, items):
        return self.draw(st.sampled_from(list(items)))

    def integer(self, lo, hi):
        return self.draw(st.integers(lo, hi))


@dataclasses.dataclass
class Program:
    """A generated function: its body lines, its focus variant and every variant it uses."""

    body: list
    focus: str
    variants: list
    widths: tuple

    @property
    def params(self):
        uses = any("params" in line for line in self.body)
        return ["x", "c", "params"] if uses else ["x", "c"]

    @property
    def category(self):
        return self.focus.split(".")[0]

    def function_source(self):
        return "\n".join([f"def f({', '.join(self.params)}):"] + ["    " + s for s in self.body]) + "\n"

    def module_source(self):
        return PRELUDE + self.function_source()

    def with_function(self, source):
        """The same program with `f` replaced by `source` (a shrunk version of it)."""
        lines = source.splitlines()[1:]
        return dataclasses.replace(self, body=[line[4:] for line in lines])

    def standalone_module(self):
        """The module's source with only the helpers `f` reaches."""
        return prune_prelude(self.function_source()) + self.function_source()

    def inputs(self, seed):
        """The arguments, drawn from `seed`: x in [-1, 1]^4, c in [0.5, 1.5], small layers."""
        rng = np.random.default_rng(seed)
        args = [rng.uniform(-1.0, 1.0, N), float(rng.uniform(0.5, 1.5))]
        if "params" in self.params:
            args.append([(rng.standard_normal((m, n)) * 0.6, rng.standard_normal(n) * 0.2)
                         for m, n in zip(self.widths, self.widths[1:])])
        return args


def prune_prelude(function_source):
    """`PRELUDE` without the helpers that `function_source` does not reach."""
    chunks = PRELUDE.split("\n\n\n")
    header, defs = chunks[0], [c for c in chunks[1:] if c.strip()]
    wanted, text = [], function_source
    changed = True
    while changed:
        changed = False
        for chunk in defs:
            name = re.match(r"(?:def )?(\w+)", chunk).group(1)
            if chunk not in wanted and re.search(rf"\b{name}\b", text):
                wanted.append(chunk)
                text += chunk
                changed = True
    kept = [c for c in defs if c in wanted]
    return "\n\n\n".join([header] + kept) + "\n\n\n"


class Gen:
    """The state of one draw: the chooser, the allowed variants, fresh-name counters."""

    def __init__(self, chooser, allowed, max_depth, max_block):
        self.ch, self.allowed = chooser, allowed
        self.max_depth, self.max_block = max_depth, max_block
        self.counter = 0
        self.used = []

    def fresh(self, prefix):
        self.counter += 1
        return f"{prefix}{self.counter}"

    def vec(self, names):
        return self.ch.choice(sorted(n for n in names if n in VECTORS))

    def scal(self, names):
        return self.ch.choice(sorted(n for n in names if n in SCALARS))

    def vtarget(self):
        return self.ch.choice(VECTORS[1:])

    def starget(self):
        return self.ch.choice(SCALARS[1:])

    def statement(self, names, depth, variant=None):
        if variant is None:
            pool = [v for v in self.allowed if (depth < self.max_depth or v not in COMPOUND) and v not in FOCUS_ONLY]
            categories = sorted({v.split(".")[0] for v in pool})
            category = self.ch.choice(categories + ["classic"] * 3)
            variant = self.ch.choice([v for v in pool if v.startswith(category + ".")])
        self.used.append(variant)
        return VARIANTS[variant](self, names, depth)

    def block(self, names, depth, low=1):
        lines, names = [], set(names)
        for _ in range(self.ch.integer(low, max(low, self.max_block))):
            more, names = self.statement(frozenset(names), depth)
            lines += more
        return lines, frozenset(names)

    def nested(self, names, depth):
        """An inner block and the names that stay bound whether or not it runs."""
        inner, new = self.block(names, depth + 1)
        return ["    " + s for s in inner], names | {n for n in new if n in names}


CATEGORIES = sorted({v.split(".")[0] for v in VARIANTS})


def generate(chooser, focus=None, allowed=None, max_depth=2, max_block=3):
    """A `Program`: up to `max_block` random statements, the focus variant's, up to `max_block` more.

    `focus` is a variant or a category (one of its variants is drawn); `allowed` limits the
    variants of the surrounding statements (all by default).
    """
    allowed = sorted(VARIANTS if allowed is None else allowed)
    if focus is None or focus in CATEGORIES:
        pool = [v for v in allowed if focus is None or v.startswith(focus + ".")]
        focus = chooser.choice(pool)
    g = Gen(chooser, allowed, max_depth, max_block)
    widths = chooser.choice(WIDTHS)
    before, names = g.block(frozenset({"x", "c"}), 0, low=0)
    middle, names = g.statement(names, 0, focus)
    after, names = g.block(names, 0, low=0)
    # every name the body binds reaches the value, so no statement is dead code
    terms = [f"np.sum({n} * {n})" for n in sorted(names - {"c"})]
    body = before + middle + after + [f"return ({' + '.join(terms)}) * c"]
    return Program(body, focus, g.used, widths)


@st.composite
def programs(draw, focus=None, allowed=None, max_depth=2, max_block=3):
    """Hypothesis strategy for `Program`s (see `generate`)."""
    return generate(HypothesisChooser(draw), focus, allowed, max_depth, max_block)

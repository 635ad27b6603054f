#!/usr/bin/env python
"""Front-end fuzzing: arbitrary Python functions through s2sgrad: the API in reverse and forward
mode, and `s2sgrad emit` (which reads the file without running it).

    .venv/bin/python scripts/fuzz_frontend.py [--count N] [--seed S] [--failures DIR]

Every outcome must be emitted code that compiles, or a located `UserCodeError` (a
`NoRuleError` is one) or an `ArgumentError`; anything else (an `InternalError`, a raw
exception from a pass, emitted text that does not compile) is a failure, and its program is
written to --failures.  Programs come from two generators: our own Hypothesis strategy of
numeric statements and expressions (`programs()`: NumPy calls with any arity, control flow,
containers, comprehensions, lambdas, refused constructs, names emitted code uses for itself),
and, when it is installed, hypothesmith's grammar-based one (any syntax, wrapped into a
function body).  The functions are only transformed, never run.  tests/test_robustness.py
runs a small derandomized set of both; this script is the deep profile.
"""

import argparse
import collections
import contextlib
import functools
import io
import itertools
import linecache
import os
import shutil
import sys
import tempfile
import textwrap
import time
import warnings
from pathlib import Path

import hypothesis
from hypothesis import HealthCheck, given, settings, strategies as st

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import s2sgrad  # noqa: E402
from s2sgrad.api import compiled  # noqa: E402
from s2sgrad.errors import ArgumentError, UserCodeError  # noqa: E402

# -- our own generator -------------------------------------------------------------------------
NAMES = ["x", "y", "n", "i", "acc", "d", "h", "stack", "np", "d_result", "len", "t_x", "result", "K"]
NP_FUNCS = ["sin", "cos", "exp", "log", "tanh", "sqrt", "square", "abs", "sum", "mean", "max", "prod", "dot",
            "maximum", "where", "clip", "reshape", "zeros_like", "ones", "concatenate", "stack", "cumsum",
            "linalg.norm", "floor", "sign", "arange", "array", "transpose", "outer", "einsum", "random.normal",
            "copyto", "not_a_function", "float64", "newaxis", "pi", "inf"]
BUILTINS = ["len", "range", "abs", "float", "int", "max", "min", "sum", "list", "tuple", "enumerate", "zip",
            "reversed", "isinstance", "print", "sorted", "g", "undefined_helper"]
BINOPS = ["+", "-", "*", "/", "**", "//", "%", "@", "&", "|", "<<"]
COMPARE = ["<", ">", "==", "!=", "<=", "is", "is not", "in"]


def _leaf():
    return st.one_of(st.sampled_from(NAMES), st.integers(-3, 5).map(str),
                     st.sampled_from(["0.5", "2.0", "-1.5", "1e-3", "None", "True", "'a'", "()", "[]"]))


def _args(e, low=0, high=3):
    return st.lists(e, min_size=low, max_size=high).map(", ".join)


def _compound(e):
    name = st.sampled_from(NAMES)
    return _mostly(_common_compound(e), _rare_compound(e, name), 3)     # mostly what the passes get to


def _mostly(common, rare, percent):
    """`rare` `percent`% of the time, else `common`."""
    return st.integers(0, 99).flatmap(lambda k: rare if k < percent else common)


def _common_compound(e):
    return st.one_of(
        st.tuples(e, st.sampled_from(BINOPS), e).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["-", "not ", "~", "+"]), e).map(lambda t: f"({t[0]}{t[1]})"),
        st.tuples(e, st.sampled_from(COMPARE), e).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(e, e, e).map(lambda t: f"({t[0]} < {t[1]} <= {t[2]})"),
        st.tuples(e, st.sampled_from(["and", "or"]), e).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(e, e, e).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        st.tuples(st.sampled_from(NP_FUNCS), _args(e),
                  st.sampled_from(["", ", axis=0", ", keepdims=True", ", out=y", ", **d", ", k=1"])).map(
            lambda t: f"np.{t[0]}({t[1]}{t[2] if t[1] else ''})"),
        st.tuples(st.sampled_from(BUILTINS), _args(e)).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(e, e).map(lambda t: f"{t[0]}[{t[1]}]"),
        st.tuples(e, e).map(lambda t: f"{t[0]}[1:{t[1]}]"),
        st.tuples(e, st.sampled_from(["T", "shape", "sum()", "reshape(-1)", "astype(float)", "real", "nope"])).map(
            lambda t: f"{t[0]}.{t[1]}"),
    )


def _rare_compound(e, name):
    return st.one_of(
        _args(e, 1, 3).map(lambda s: f"({s},)"),
        _args(e).map(lambda s: f"[{s}]"),
        st.tuples(e, e).map(lambda t: f"{{'k': {t[0]}, 'j': {t[1]}}}"),
        e.map(lambda s: f"{{**{s}}}"),
        e.map(lambda s: f"{{{s}}}"),
        st.tuples(name, e, e).map(lambda t: f"[{t[0]} * {t[1]} for {t[0]} in {t[2]}]"),
        st.tuples(name, e, e).map(lambda t: f"sum({t[0]} * {t[1]} for {t[0]} in {t[2]})"),
        st.tuples(name, e, e).map(lambda t: f"{{{t[0]}: {t[1]} for {t[0]} in {t[2]}}}"),
        st.tuples(e, e).map(lambda t: f"(lambda q: q * {t[0]})({t[1]})"),
        st.tuples(name, e).map(lambda t: f"({t[0]} := {t[1]})"),
        e.map(lambda s: f"np.sum(*{s})"),
        e.map(lambda s: f"f'{{{s}}}'"),
        e.map(lambda s: f"s2sgrad.stop_gradient({s})"),
        e.map(lambda s: f"(yield {s})"),
    )


@functools.lru_cache(maxsize=None)
def expressions(depth=3):
    """Python expressions over a small pool of names, NumPy calls and builtins (any arity)."""
    return st.recursive(_leaf(), _compound, max_leaves=2 ** depth)


def _block(lines, depth):
    return [("    " * depth) + line for line in lines]


RARE = [["pass"], ["break"], ["continue"], ["global K"], ["nonlocal y"], ["del y"], ["import os"],
        ["assert x is not None"], ["raise ValueError('no')"], ["y = yield x"], ["print(x)"]]


@functools.lru_cache(maxsize=None)
def _statement(depth):
    """One statement (a list of lines) nested `depth` deep; refused constructs are rare, so most
    programs reach the passes after the fence."""
    e, name = expressions(), st.sampled_from(NAMES)
    common = st.one_of(
        st.tuples(name, e).map(lambda t: [f"{t[0]} = {t[1]}"]),
        st.tuples(name, st.sampled_from(["+=", "-=", "*=", "/=", "@="]), e).map(lambda t: [f"{t[0]} {t[1]} {t[2]}"]),
        st.tuples(name, e, e).map(lambda t: [f"{t[0]}[{t[1]}] = {t[2]}"]),
        e.map(lambda s: [f"return {s}"]),
    )
    rare = st.one_of(
        st.tuples(name, name, e).map(lambda t: [f"{t[0]}, {t[1]} = {t[2]}"]),
        st.tuples(name, name, e).map(lambda t: [f"{t[0]}, *{t[1]} = {t[2]}"]),
        st.tuples(name, e).map(lambda t: [f"{t[0]}.attr = {t[1]}"]),
        e.map(lambda s: [s]),
        st.sampled_from(RARE),
    )
    simple = _mostly(common, rare, 8)
    if depth >= 3:
        return simple
    body = st.lists(_statement(depth + 1), min_size=1, max_size=3).map(
        lambda stmts: _block([line for s in stmts for line in s], 1))
    loops = ["range(n)", "range(3)", "y", "enumerate(y)", "zip(x, y)", "range(1, n, 2)",
             "s2sgrad.checkpointed(range(4), snapshots=2)", "s2sgrad.checkpointed(y)"]
    compound = st.one_of(
        st.tuples(e, body, body).map(lambda t: [f"if {t[0]}:", *t[1], "else:", *t[2]]),
        st.tuples(e, body).map(lambda t: [f"if {t[0]}:", *t[1]]),
        st.tuples(st.sampled_from(["i", "t", "x"]), st.sampled_from(loops), body).map(
            lambda t: [f"for {t[0]} in {t[1]}:", *t[2]]),
        st.tuples(e, body).map(lambda t: [f"while {t[0]}:", *t[1]]),
        st.tuples(name, body).map(lambda t: [f"def {t[0]}(q, r=1.0):", *t[1], "    return q"]),
        st.tuples(name, e).map(lambda t: [f"{t[0]} = lambda q: q * {t[1]}"]),
    )
    odd = st.one_of(
        body.map(lambda b: ["with s2sgrad.grad_of(h) as dh:", *b]),
        body.map(lambda b: ["with open('f') as fh:", *b]),
        body.map(lambda b: ["try:", *b, "except Exception:", "    pass"]),
        body.map(lambda b: ["match x:", "    case 1:", *_block(b, 1)]),
    )
    return _mostly(st.one_of(simple, compound), odd, 4)


@st.composite
def programs(draw):
    """A module: NumPy, a helper and `f(x, y=..., n=...)` with a generated body ending in a return."""
    lines = draw(st.lists(_statement(1), min_size=1, max_size=4))
    body = _block([line for stmt in lines for line in stmt], 1)
    params = draw(st.sampled_from(["x, y=1.0, n=3", "x, y, /, n=2", "x, *, y=2.0", "x", "x, stack=0.5",
                                   "x, d_result=1.0", "np, x=1.0"]))
    ret = draw(expressions(2))
    prologue = [f"    {line}" for line in PROLOGUE if line.split(" =")[0] not in params]
    return ("import numpy as np\nimport s2sgrad\n\nK = 2.0\n\n\ndef g(q):\n    return q * K\n\n\n"
            f"def f({params}):\n" + "\n".join(prologue + body) + f"\n    return {ret}\n")


# Every name of the pool is bound before the generated statements (else most programs would
# be refused for reading a name that is defined nowhere).
PROLOGUE = ["y = x * 0.5", "n = 3", "i = 0", "acc = 0.0", "d = {'k': x, 'j': 1.0}", "h = np.sin(x)",
            "stack = [x]", "d_result = x + 1.0", "t_x = 2.0", "result = 0.0"]


def grammar_programs():
    """hypothesmith's programs (any Python syntax) as the body of `f(x)`, or None if not installed."""
    try:
        import hypothesmith
    except ImportError:
        return None
    return hypothesmith.from_grammar().map(
        lambda text: "import numpy as np\n\n\ndef f(x):\n" + textwrap.indent(text or "pass\n", "    ")
        + "\n    return x\n")


# -- one program through both modes -----------------------------------------------------------
_UNIQUE = itertools.count()


class Workspace:
    """A folder for the programs' files (s2sgrad reads a function's source from its file)."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="s2sgrad_fuzz_")

    def function(self, text):
        """Define `f` of `text` from a file of its own, or None when `text` is not valid Python
        (only `import numpy`, `import s2sgrad`, a constant and function definitions run)."""
        name = f"fuzz_prog_{next(_UNIQUE)}"
        path = os.path.join(self.dir, name + ".py")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")       # `2[x]` and the like: valid, if odd
                code = compile(text, path, "exec")
        except (SyntaxError, ValueError):
            os.remove(path)
            return None, path
        namespace = {"__name__": name}
        exec(code, namespace)
        return namespace.get("f"), path

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def forget(self, path):
        """Drop the file and every linecache entry made for it (10,000 programs stay small)."""
        base = os.path.basename(path)
        for key in [k for k in linecache.cache if base in k]:
            linecache.cache.pop(key, None)
        if os.path.exists(path):
            os.remove(path)


def classify(fn, path=None):
    """{mode: outcome} for one function: "emitted", "refused" (a located UserCodeError),
    "no rule", "argument error", or "FAIL: ..." (a bug: any other exception, or output that
    does not compile).  With its file's `path`, the CLI (which reads the file, never runs it) too."""
    out = {"cli": _classify_cli(path)} if path else {}
    for mode in ("reverse", "forward"):
        try:
            text = s2sgrad.emit(fn) if mode == "reverse" else compiled(fn, 0, mode="forward").source
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                compile(text, "<emitted>", "exec")
            out[mode] = "emitted"
        except SyntaxError as err:
            out[mode] = f"FAIL: emitted code does not compile: {err}"
        except UserCodeError as err:
            located = all(d.location.line >= 1 and d.location.filename for d in err.diagnostics)
            out[mode] = ("no rule" if type(err).__name__ == "NoRuleError" else "refused") if located \
                else f"FAIL: a diagnostic without a location: {err}"
        except ArgumentError:
            out[mode] = "argument error"
        except Exception as err:    # noqa: BLE001 -- the point: anything else is a bug
            out[mode] = f"FAIL: {type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"
    return out


def _classify_cli(path):
    """The outcome of `s2sgrad emit PATH -f f`, run in this process."""
    from s2sgrad.cli import main
    target, err = path + ".emitted", io.StringIO()
    try:
        with contextlib.redirect_stderr(err):
            status = main(["emit", path, "-f", "f", "-o", target])
    except Exception as error:      # noqa: BLE001
        return f"FAIL: {type(error).__name__}: {error}"
    if status == 0:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                compile(Path(target).read_text(encoding="utf-8"), target, "exec")
        except SyntaxError as error:
            return f"FAIL: emitted code does not compile: {error}"
        finally:
            os.remove(target)
        return "emitted"
    lines = err.getvalue().splitlines()
    if status == 2 and lines and (": error: " in lines[0] or lines[0].startswith("s2sgrad: error:")):
        return "refused"
    return f"FAIL: exit {status}: {lines[0] if lines else ''}"


class Tally:
    """Counts of outcomes per generator and mode; failing programs kept for the report."""

    def __init__(self, failures_dir=None):
        self.counts = collections.Counter()
        self.failures = []
        self.failures_dir = failures_dir
        self.workspace = Workspace()

    def run(self, generator, text):
        fn, path = self.workspace.function(text)
        try:
            if fn is None:
                self.counts[generator, "programs", "not valid Python"] += 1
                return
            self.counts[generator, "programs", "valid"] += 1
            for mode, outcome in classify(fn, path).items():
                self.counts[generator, mode, outcome.split(":")[0]] += 1
                if outcome.startswith("FAIL"):
                    self._keep(generator, mode, outcome, text)
        finally:
            self.workspace.forget(path)

    def _keep(self, generator, mode, outcome, text):
        self.failures.append((generator, mode, outcome, text))
        if self.failures_dir:
            os.makedirs(self.failures_dir, exist_ok=True)
            name = f"{generator}_{len(self.failures)}_{mode}.py"
            Path(self.failures_dir, name).write_text(f"# {outcome}\n" + text, encoding="utf-8")

    def failed(self):
        return sum(n for (_, _, outcome), n in self.counts.items() if outcome == "FAIL")

    def report(self):
        rows = sorted(self.counts.items())
        return "\n".join(f"{g:9} {mode:8} {outcome:18} {n:7d}" for (g, mode, outcome), n in rows)


def run(count, seed=None, failures_dir=None, derandomize=False):
    """Push `count` programs of each generator through both modes; the Tally."""
    tally = Tally(failures_dir)
    options = dict(max_examples=count, deadline=None, database=None, derandomize=derandomize,
                   suppress_health_check=list(HealthCheck), phases=["generate"])
    sources = [("own", programs())]
    grammar = grammar_programs()
    if grammar is not None:
        sources.append(("grammar", grammar))
    try:
        for label, strategy in sources:
            one = settings(**options)(given(strategy)(_runner(tally, label)))
            if seed is not None and not derandomize:
                one = hypothesis.seed(seed)(one)
            one()
    finally:
        tally.workspace.close()
    return tally


def _runner(tally, label):
    def one(text):
        tally.run(label, text)
    return one


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--count", type=int, default=10_000, help="programs per generator (default 10,000)")
    p.add_argument("--seed", type=int, default=None, help="Hypothesis seed (default: random)")
    p.add_argument("--failures", default="fuzz_failures", help="folder for failing programs")
    opts = p.parse_args(argv)
    warnings.simplefilter("ignore", SyntaxWarning)      # `1[0]` in a program: valid, if odd
    start = time.time()
    tally = run(opts.count, opts.seed, opts.failures)
    print(tally.report())
    print(f"\n{tally.failed()} failures in {time.time() - start:.0f} s"
          + (f"; programs in {opts.failures}/" if tally.failed() else ""))
    return 1 if tally.failed() else 0


if __name__ == "__main__":
    sys.exit(main())

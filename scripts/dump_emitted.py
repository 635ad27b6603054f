"""Write the emitted text of every corpus function (the golden files' among them), language function, test program and
example into a folder, one file per function and mode, so that a refactoring of the compiler can
be checked byte for byte: run it before and after, then `diff -r BEFORE AFTER`.

    python scripts/dump_emitted.py OUT_DIR

Modes: reverse (`s2sgrad.emit`), forward, hvp (forward mode over the emitted gradient, as
`s2sgrad.hvp` builds it), standalone (the reverse text with the runtime inlined) and, for the
examples, `s2sgrad emit FILE` and `s2sgrad emit FILE --standalone`.  A refusal is written as its
error's type and message, so that refusals are compared too.
"""

import contextlib
import importlib
import io
import os
import sys
import types

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HERE)

import s2sgrad  # noqa: E402
from s2sgrad import rules  # noqa: E402
from s2sgrad.api import compiled  # noqa: E402
from s2sgrad.standalone import inline_runtime  # noqa: E402

PROGRAM_MODULES = ("tests.outsider.arrays", "tests.outsider.control", "tests.outsider.models", "tests.outsider.nets",
                   "tests.outsider.numpy_api", "tests.outsider.simulation", "tests.outsider2.programs",
                   "tests.outsider3.programs", "tests.second_order.functions", "tests.corpus.decorated")


def _text(make):
    try:
        return make()
    except Exception as err:        # a refusal is part of what is compared
        return f"!! {type(err).__name__}: {err}\n"


def _hvp(fn, wrt):
    order = tuple(wrt) if isinstance(wrt, tuple) else (wrt,)
    reverse = compiled(fn, wrt, checkpoints=False)
    return compiled(reverse.gradient, tuple(sorted(order)), mode="hvp").source


def _write(out, name, text):
    with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as fh:
        fh.write(text)


def dump_function(out, prefix, fn, wrt, hvp=True):
    reverse = _text(lambda: s2sgrad.emit(fn, wrt=wrt))
    _write(out, f"{prefix}.reverse.py", reverse)
    _write(out, f"{prefix}.forward.py", _text(lambda: compiled(fn, wrt, mode="forward").source))
    if not reverse.startswith("!!"):
        _write(out, f"{prefix}.standalone.py", _text(lambda: inline_runtime(reverse)))
    if hvp:
        _write(out, f"{prefix}.hvp.py", _text(lambda: _hvp(fn, wrt)))


def dump_cases(out, label, cases):
    for case in cases:
        dump_function(out, f"{label}.{case.fn.__module__}.{case.name}", case.fn, case.wrt)


def dump_programs(out):
    for name in PROGRAM_MODULES:
        module = importlib.import_module(name)
        for fname, fn in vars(module).items():
            fn = getattr(fn, "__wrapped__", fn)
            if isinstance(fn, types.FunctionType) and fn.__module__ == name and not fname.startswith("_"):
                dump_function(out, f"program.{name}.{fname}", fn, 0, hvp=False)


def dump_examples(out):
    from s2sgrad import cli
    folder = os.path.join(HERE, "examples")
    paths = sorted(os.path.join(root, f) for root, _, files in os.walk(folder) for f in files if f.endswith(".py"))
    for path in paths:
        rel = os.path.relpath(path, HERE)
        for flags, mode in (((), "cli"), (("--standalone",), "cli-standalone")):
            stdout, stderr = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                try:
                    code = cli.main(["emit", rel, *flags])
                except SystemExit as exit_:
                    code = exit_.code
            _write(out, f"example.{rel.replace(os.sep, '.')}.{mode}.py",
                   f"# exit {code}\n{stdout.getvalue()}\n# stderr\n{stderr.getvalue()}")


def main(out):
    os.chdir(HERE)
    os.makedirs(out, exist_ok=True)
    from tests.corpus import CASES as CORPUS
    from tests.language import CASES as LANGUAGE
    _write(out, "runtime_names.txt", "\n".join(sorted(rules.RUNTIME_NAMES)) + "\n")
    dump_cases(out, "corpus", CORPUS)
    dump_cases(out, "language", LANGUAGE)
    dump_programs(out)
    dump_examples(out)
    print(f"{len(os.listdir(out))} files in {out}")


if __name__ == "__main__":
    main(sys.argv[1])

"""The public API is typed: mypy checks a user's typed use of it (tests/typed_usage.py) without an
error, and refuses calls that are wrong, each where it is written."""

import os
import subprocess
import sys
import textwrap

import pytest

import s2sgrad
from tests.conftest import ROOT

pytest.importorskip("mypy")

WRONG = textwrap.dedent("""\
    import numpy as np
    import s2sgrad


    def loss(W: np.ndarray, x: np.ndarray) -> float:
        return float(np.sum(W @ x))


    @s2sgrad.differentiate
    def marked(W: np.ndarray, x: np.ndarray) -> float:
        return float(np.sum(W @ x))


    W = np.ones((3, 3))
    s2sgrad.grad(loss)(W)                                   # line 15: x is missing
    s2sgrad.jacobian(loss, mode="backward")                 # 16: mode is "rev" or "fwd"
    s2sgrad.emit(loss, wrt=1.5)                             # 17: wrt is an index, a name or several
    s2sgrad.grad(3.0)                                       # 18: not a function
    text: int = s2sgrad.emit(loss)                          # 19: emit gives the text
    marked.grad(W, W, W)                                    # 20: marked takes two arguments
    s2sgrad.checkpointed(range(3), snapshots="2")           # 21: snapshots is a count
    s2sgrad.value_and_grad(loss, has_aux=None)              # 22: has_aux is a bool
    """)
WRONG_LINES = set(range(15, 23))


def test_mypy_checks_the_typed_use_and_refuses_the_wrong_calls(tmp_path):
    wrong = tmp_path / "wrong_use.py"
    wrong.write_text(WRONG, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), "--no-error-summary",
                           "tests/typed_usage.py", str(wrong)], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    lines = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert done.returncode == 1, done.stdout + done.stderr
    assert all(line.startswith(str(wrong)) for line in lines), "\n".join(lines)    # the typed use: no error
    flagged = {int(line.split(":")[1]) for line in lines}
    assert flagged == WRONG_LINES, "\n".join(lines)


def test_the_typed_use_runs():
    done = subprocess.run([sys.executable, "tests/typed_usage.py"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr


def test_every_public_function_is_annotated():
    import inspect
    from s2sgrad import extend, testing
    public = [getattr(s2sgrad, name) for name in s2sgrad.__all__] + [s2sgrad.emit] + \
        [getattr(extend, name) for name in extend.__all__] + [testing.check_grads, testing.check_jvp,
                                                              testing.finite_differences]
    for obj in public:
        if not inspect.isfunction(obj):
            continue            # a class (grad_of, the errors): its own methods
        signature = inspect.signature(obj)
        missing = [p for p in signature.parameters.values() if p.annotation is inspect.Parameter.empty]
        assert not missing and signature.return_annotation is not inspect.Signature.empty, obj.__name__

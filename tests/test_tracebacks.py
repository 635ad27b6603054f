"""An exception raised while a gradient runs points at the user's line.

A shape bug in the user's own function surfaces in the emitted code; the traceback then
shows, right after the emitted frame, the user's file, line and source text.  Checked as a
user sees it (an uncaught exception printed by the interpreter) under this Python, 3.10
and 3.13, and on every path that runs emitted code (grad, value_and_grad, vjp, jvp, hvp,
the decorator).
"""

import os
import subprocess
import sys
import traceback

import numpy as np
import pytest

import s2sgrad
from tests.conftest import ROOT
from tests.test_cross_version import _venv_python

MODEL = '''import numpy as np


def loss(W, x):
    h = np.tanh(W @ x)
    y = h[:, None] * np.ones((3, 4))
    z = y @ np.ones((5, 2))      # the bug: y has 4 columns
    return np.sum(z)
'''

RUN = '''import sys
import numpy as np
import s2sgrad
sys.path.insert(0, sys.argv[1])
import model
s2sgrad.grad(model.loss)(np.ones((3, 2)), np.ones(2))
'''


def _uncaught(python, tmp_path):
    (tmp_path / "model.py").write_text(MODEL)
    env = dict(os.environ, PYTHONPATH=ROOT)
    proc = subprocess.run([python, "-c", RUN, str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 1
    return proc.stderr


def _assert_user_line_after_emitted_frame(text, path):
    lines = text.splitlines()
    emitted = next(i for i, line in enumerate(lines) if 'File "<s2sgrad ' in line and "in d_loss" in line)
    user = next(i for i, line in enumerate(lines) if line.strip().startswith(f'File "{path}", line 7, in loss'))
    assert emitted < user, text
    assert lines[user + 1].strip() == "z = y @ np.ones((5, 2))      # the bug: y has 4 columns", text
    assert "^" not in lines[user + 2], text          # nothing of the user's line is underlined
    assert lines[-1].startswith("ValueError: matmul"), text


@pytest.mark.parametrize("minor", [None, 10, 13])
def test_an_uncaught_error_shows_the_user_s_file_line_and_text(minor, tmp_path):
    python = sys.executable if minor is None else _venv_python(minor)
    _assert_user_line_after_emitted_frame(_uncaught(python, tmp_path), tmp_path / "model.py")


def _loss(W, x):
    y = np.tanh(W @ x)[:, None] * np.ones((3, 4))
    return np.sum(y @ np.ones((5, 2)))


@s2sgrad.differentiate
def _decorated(W, x):
    y = np.tanh(W @ x)[:, None] * np.ones((3, 4))
    return np.sum(y @ np.ones((5, 2)))


W, X = np.ones((3, 2)), np.ones(2)
PATHS = {
    "grad": lambda: s2sgrad.grad(_loss)(W, X),
    "value_and_grad": lambda: s2sgrad.value_and_grad(_loss)(W, X),
    "vjp": lambda: s2sgrad.vjp(_loss)(W, X, d_result=1.0),
    "jvp": lambda: s2sgrad.jvp(_loss, (W, X), (W, None)),
    "hvp": lambda: s2sgrad.hvp(_loss, (W, X), (W, None)),
    "decorator": lambda: _decorated.grad(W, X),
}


@pytest.mark.parametrize("path", sorted(PATHS))
def test_every_way_of_running_a_gradient_shows_the_user_s_line(path):
    with pytest.raises(ValueError) as info:
        PATHS[path]()
    frames = traceback.extract_tb(info.value.__traceback__)
    here = [f for f in frames if _here(f) and f.lineno in (_line_of("_loss"), _line_of("_decorated"))]
    assert here and here[-1].line == "return np.sum(y @ np.ones((5, 2)))", frames.format()
    emitted = [k for k, f in enumerate(frames) if f.filename.startswith("<s2sgrad ")]
    assert emitted and _here(frames[emitted[-1] + 1]), frames.format()


def _here(frame):
    return os.path.abspath(frame.filename) == os.path.abspath(__file__)


def _line_of(name):
    import inspect
    fn = globals()[name]
    fn = getattr(fn, "__wrapped__", fn)
    lines, start = inspect.getsourcelines(fn)
    return start + next(i for i, line in enumerate(lines) if "return np.sum" in line)

"""Emitted text is byte-identical under Python 3.10 and 3.13 (pyenv) and this interpreter.

Each interpreter gets a cached virtual environment with numpy and gast under
~/.cache/s2sgrad/compat/<version> (S2SGRAD_COMPAT_CACHE names another folder), outside the
checkout so that a fresh clone reuses it; s2sgrad itself comes from this checkout via
PYTHONPATH.  Where an interpreter is missing or the install fails, the test is skipped with the
reason.  CI checks Python 3.10, the oldest supported; S2SGRAD_DEEP=1 checks 3.13 too.
"""

import glob
import json
import os
import subprocess
import sys

import pytest

import s2sgrad
from tests.conftest import ROOT
from tests.corpus import CASES

PYENV = os.path.expanduser(os.environ.get("PYENV_ROOT", "~/.pyenv"))
CACHE = os.environ.get("S2SGRAD_COMPAT_CACHE") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "s2sgrad", "compat")
MINORS = [10, 13] if os.environ.get("S2SGRAD_DEEP") == "1" else [10]

_EMIT_ALL = """
import json, sys
import s2sgrad
from tests.corpus import CASES
out = {}
for case in CASES:
    try:
        out[case.name] = s2sgrad.emit(case.fn, wrt=case.wrt)
    except s2sgrad.S2SError as err:
        out[case.name] = "error: " + type(err).__name__ + ": " + str(err)
json.dump({"version": sys.version.split()[0], "texts": out}, sys.stdout)
"""


def _interpreter(minor):
    """The newest pyenv interpreter 3.<minor>.*, or None."""
    found = []
    for path in glob.glob(os.path.join(PYENV, "versions", f"3.{minor}.*", "bin", "python")):
        version = os.path.basename(os.path.dirname(os.path.dirname(path)))
        parts = version.split(".")
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            found.append((tuple(int(p) for p in parts), version, path))
    return max(found)[1:] if found else None


def _venv_python(minor):
    """A cached venv's python with the runtime dependencies for 3.<minor>; pytest.skip with the reason otherwise."""
    found = _interpreter(minor)
    if found is None:
        pytest.skip(f"no Python 3.{minor} under {PYENV}/versions (install it with `pyenv install 3.{minor}`)")
    version, base = found
    venv = os.path.join(CACHE, version)
    python = os.path.join(venv, "bin", "python")
    check = [python, "-c", "import numpy, gast, checkpoint_schedules"]
    if os.path.exists(python) and subprocess.run(check, capture_output=True, timeout=60).returncode == 0:
        return python
    steps = [[base, "-m", "venv", "--clear", venv], [python, "-m", "pip", "install", "-q", "numpy", "gast",
                                                                      "checkpoint-schedules"]]
    for step in steps:
        try:
            proc = subprocess.run(step, capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            pytest.skip(f"Python {version}: `{' '.join(step)}` timed out")
        if proc.returncode != 0:
            pytest.skip(f"Python {version}: `{' '.join(step)}` failed: {proc.stderr.strip()[-500:]}")
    return python


def _emit_all_here():
    out = {}
    for case in CASES:
        try:
            out[case.name] = s2sgrad.emit(case.fn, wrt=case.wrt)
        except s2sgrad.S2SError as err:
            out[case.name] = "error: " + type(err).__name__ + ": " + str(err)
    return out


@pytest.fixture(scope="module")
def here():
    return _emit_all_here()


@pytest.mark.xdist_group("compat_venvs")       # one worker makes each cached environment (test_workflow's too)
@pytest.mark.parametrize("minor", MINORS)
def test_emission_is_byte_identical_across_python_versions(minor, here):
    python = _venv_python(minor)
    env = dict(os.environ, PYTHONPATH=ROOT, PYTHONHASHSEED="0")
    proc = subprocess.run([python, "-c", _EMIT_ALL], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    assert result["version"].startswith(f"3.{minor}.")
    there = result["texts"]
    assert sorted(there) == sorted(here)
    differing = [name for name in here if there[name] != here[name]]
    assert differing == [], (f"Python {result['version']} emits different text than "
                             f"{sys.version.split()[0]} for {differing}")

"""Plain classes of another file of the user's: objects made in the differentiated function and given,
as lists, to helpers of either file; through the API (grad, value_and_grad, hvp, jvp) and `s2sgrad emit`
on the file that imports the other one.  Where it cannot work, the refusal says why and where."""

import importlib
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import s2sgrad
from s2sgrad.testing import check_grads, check_jvp

LIB = '''
import numpy as np


class Layer:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def __call__(self, v):
        return np.tanh(self.W @ v + self.b)

    def penalty(self):
        return np.sum(self.W ** 2)


class Params:
    def __init__(self, w, scale=1.0):
        self.w = w
        self.scale = scale


def _squash(v):
    return v / (1.0 + v * v)


class Squashed:
    def __init__(self, W):
        self.W = W

    def __call__(self, v):
        return _squash(self.W @ v)


def forward(layers, v):
    for layer in layers:
        v = layer(v)
    return v


def total_penalty(layers):
    return sum(layer.penalty() for layer in layers)


def weighted(params, x):
    return params.scale * np.sum(params.w * x)
'''

MODEL = '''
import numpy as np

import mylib
from mylib import Layer, Params, Squashed, forward, total_penalty


def loss_params(w, x):
    p = Params(w, scale=2.0)
    return mylib.weighted(p, x) + np.sum(p.w ** 2)


def loss_layers(w, x):
    layers = [Layer(w * (k + 1.0), x) for k in range(2)]
    return np.sum(forward(layers, x)) + 0.1 * total_penalty(layers)


def loss_module_class(w, x):
    p = mylib.Params(w)
    return np.sum(np.sin(p.w) * x) * p.scale


def _apply(layers, v):
    for layer in layers:
        v = layer(v)
    return v


def loss_local_helper(w, x):
    return np.sum(_apply([Layer(w, x), mylib.Layer(w * 0.5, x)], x))


def loss_squashed(w, x):
    return np.sum(Squashed(w)(x))
'''

OTHER = '''
import numpy as np

from mylib import forward


class Layer:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def __call__(self, v):
        return np.sin(self.W @ v) * 3.0 + self.b


def loss(w, x):
    return np.sum(forward([Layer(w, x), Layer(w * 2.0, x)], x))
'''

WORKING = ["loss_params", "loss_layers", "loss_module_class", "loss_local_helper"]


@pytest.fixture
def project(tmp_path, monkeypatch):
    for name, text in (("mylib.py", LIB), ("model.py", MODEL), ("other.py", OTHER)):
        (tmp_path / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    for name in ("mylib", "model", "other"):
        sys.modules.pop(name, None)
    yield tmp_path
    for name in ("mylib", "model", "other"):
        sys.modules.pop(name, None)


def _inputs(name):
    rng = np.random.default_rng(3)
    x = rng.standard_normal(3)
    w = rng.standard_normal((3, 3)) if name in ("loss_layers", "loss_local_helper") else rng.standard_normal(3)
    return w, x


@pytest.mark.parametrize("name", WORKING)
def test_api_gradients_of_objects_of_another_file(project, name):
    f = getattr(importlib.import_module("model"), name)
    w, x = _inputs(name)
    check_grads(f, (w, x), wrt=(0, 1))
    check_jvp(f, (w, x), wrt=(0, 1))
    value, g = s2sgrad.value_and_grad(f)(w, x)
    assert value == pytest.approx(f(w, x), rel=1e-12)
    u, h = np.random.default_rng(4).standard_normal(w.shape), 1e-5
    hv = s2sgrad.hvp(f, (w, x), (u, None))
    hv = hv[0] if isinstance(hv, tuple) else hv
    fd = (s2sgrad.grad(f)(w + h * u, x) - s2sgrad.grad(f)(w - h * u, x)) / (2 * h)
    np.testing.assert_allclose(hv, fd, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", WORKING)
def test_cli_emits_the_gradient_of_the_file_that_imports_the_classes(project, name):
    run = subprocess.run([sys.executable, "-m", "s2sgrad.cli", "emit", "model.py", "-f", name], cwd=project,
                         capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert run.returncode == 0, run.stderr
    (project / f"emitted_{name}.py").write_text(run.stdout, encoding="utf-8")
    emitted = importlib.import_module(f"emitted_{name}")
    f = getattr(importlib.import_module("model"), name)
    w, x = _inputs(name)
    value, g = getattr(emitted, "d_" + name)(w, x)
    assert value == pytest.approx(f(w, x), rel=1e-12)
    u, h = np.random.default_rng(5).standard_normal(w.shape), 1e-6
    assert np.sum(g * u) == pytest.approx((f(w + h * u, x) - f(w - h * u, x)) / (2 * h), rel=1e-6, abs=1e-8)


def test_a_method_reading_a_name_this_file_does_not_bind_is_refused_where_the_class_is_used(project):
    f = importlib.import_module("model").loss_squashed
    w, x = _inputs("loss_squashed")
    with pytest.raises(s2sgrad.UserCodeError) as info:
        s2sgrad.grad(f)(w, x)
    text = str(info.value)
    assert "model.py:" in text and "read `_squash`" in text and "from mylib import _squash" in text
    run = subprocess.run([sys.executable, "-m", "s2sgrad.cli", "emit", "model.py", "-f", "loss_squashed"],
                         cwd=project, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert run.returncode != 0 and "read `_squash`" in run.stderr


def test_objects_of_another_class_of_the_same_name_are_refused_not_differentiated_wrongly(project):
    # other.Layer's objects given to mylib.forward, which reads mylib.Layer: never mylib.Layer's method
    f = importlib.import_module("other").loss
    w, x = _inputs("loss_layers")
    with pytest.raises(TypeError, match=r"mylib.py:\d+:\d+: `layer\(...\)` calls an object of a class"):
        s2sgrad.grad(f)(w, x)


def test_a_file_edited_between_two_emits_in_one_process_is_read_again(project, capsys):
    # the other file's parse is kept between transforms, and read again once the file changed
    from s2sgrad import cli
    lib = project / "mylib.py"
    text = lib.read_text(encoding="utf-8")
    lib.write_text(text.replace("class Layer:", "class Layer:\n    scale = 1.0\n"), encoding="utf-8")
    assert cli.main(["emit", "model.py", "-f", "loss_layers"]) != 0      # not a plain class: refused
    capsys.readouterr()
    lib.write_text(text, encoding="utf-8")
    stat = lib.stat()
    os.utime(lib, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert cli.main(["emit", "model.py", "-f", "loss_layers"]) == 0
    assert "def d_loss_layers" in capsys.readouterr().out

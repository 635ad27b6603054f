"""Four programs written as a user in a hurry writes them (tests/real_programs/), combining the
idioms of tests/test_real_idioms.py, differentiated unchanged: the gradient against autograd and
central finite differences; with S2SGRAD_DEEP=1 also forward mode, Hessian-vector products, the
decorator and the command line (both modes)."""

import contextlib
import importlib.util
import inspect
import io
import os
import sys

import autograd
import numpy as np
import pytest

import s2sgrad
import s2sgrad.cli
from tests.conftest import ROOT

DEEP = os.environ.get("S2SGRAD_DEEP") == "1"
FOLDER = os.path.join(ROOT, "tests", "real_programs")
RNG = np.random.default_rng(3)
X, Y = RNG.normal(size=(5, 3)), RNG.normal(size=(5, 1))
W1, W2 = RNG.normal(size=(3, 4)) * 0.5, RNG.normal(size=(4, 1)) * 0.5
U0, W = RNG.normal(size=6), RNG.normal(size=3)
THETA = np.array([0.3, -0.2, 0.1, 0.4])

CASES = [
    pytest.param("gaussian_fit", "nll", (THETA, X[:, :2]), 0, id="gaussian_fit-theta"),
    pytest.param("mlp_model", "loss", (W1, W2, X, Y), 0, id="mlp_model-W1"),
    pytest.param("relaxation", "objective", (U0, W), 0, id="relaxation-u0"),
    pytest.param("relaxation", "objective", (U0, W), 1, id="relaxation-w"),
    pytest.param("layered_net", "loss", (W1, np.zeros(4) + 0.1, W2, np.zeros(1) - 0.1, X, Y), 0, id="layered_net-W1"),
    pytest.param("layered_net", "loss", (W1, np.zeros(4) + 0.1, W2, np.zeros(1) - 0.1, X, Y), 2, id="layered_net-W2"),
]
CASES = CASES if DEEP else CASES[:1]         # the suite runs one program; S2SGRAD_DEEP=1 all


def _load(name, numpy_module, folder):
    text = open(os.path.join(FOLDER, name + ".py"), encoding="utf-8").read()
    path = os.path.join(folder, f"{name}_{numpy_module.replace('.', '_')}.py")
    with open(path, "w", encoding="utf-8") as out:
        out.write(text.replace("import numpy as np", f"import {numpy_module} as np"))
    spec = importlib.util.spec_from_file_location(os.path.basename(path)[:-3], path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def oracles(tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("real_programs"))
    return {name: _load(name, "autograd.numpy", folder) for name in ("mlp_model", "relaxation", "gaussian_fit", "layered_net")}


def _program(name):
    return importlib.import_module(f"tests.real_programs.{name}")


def _along(f, args, pos):
    def moved(z):
        given = list(args)
        given[pos] = z
        return f(*given)
    return moved


@pytest.mark.parametrize("name,fn,args,pos", CASES)
def test_program_gradient_matches_autograd_and_differences(oracles, name, fn, args, pos):
    f = getattr(_program(name), fn)
    got = s2sgrad.grad(f, pos)(*args)
    np.testing.assert_allclose(got, autograd.grad(getattr(oracles[name], fn), pos)(*args), rtol=1e-7, atol=1e-10)
    v = RNG.normal(size=np.shape(args[pos]))
    F = _along(f, args, pos)
    fd = (F(args[pos] + 1e-6 * v) - F(args[pos] - 1e-6 * v)) / 2e-6
    np.testing.assert_allclose(np.sum(got * v), fd, rtol=1e-5)
    if DEEP:
        _deep_checks(name, f, args, pos, v, fd)


def _deep_checks(name, f, args, pos, v, fd):
    tangents = tuple(v if i == pos else None for i in range(len(args)))
    np.testing.assert_allclose(s2sgrad.jvp(f, tuple(args), tangents)[1], fd, rtol=1e-5)
    F, h, x = _along(f, args, pos), 1e-4, args[pos]
    second = (F(x + h * v) - 2 * F(x) + F(x - h * v)) / h ** 2
    np.testing.assert_allclose(np.sum(s2sgrad.hvp(f, tuple(args), tangents) * v), second, rtol=1e-3, atol=1e-5)
    np.testing.assert_allclose(np.sum(s2sgrad.differentiate(wrt=pos)(f).grad(*args) * v), fd, rtol=1e-5)
    names = list(inspect.signature(f).parameters)
    for mode, prefix in (("reverse", "d_"), ("forward", "jvp_")):
        emitted = _emit(name, f.__name__, names[pos], mode)
        if mode == "reverse":
            np.testing.assert_allclose(np.sum(getattr(emitted, prefix + f.__name__)(*args)[1] * v), fd, rtol=1e-5)
        else:
            got = getattr(emitted, prefix + f.__name__)(*args, **{"t_" + names[pos]: v})[1]
            np.testing.assert_allclose(got, fd, rtol=1e-5)


def _emit(name, fn, wrt, mode):
    import tempfile
    out = os.path.join(tempfile.mkdtemp(), f"{mode}_{fn}.py")
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf), contextlib.redirect_stdout(buf):
        rc = s2sgrad.cli.main(["emit", os.path.join(FOLDER, name + ".py"), "-f", fn, "--wrt", wrt, "--mode", mode,
                               "-o", out])
    assert rc in (0, None), buf.getvalue()
    spec = importlib.util.spec_from_file_location(f"{mode}_{fn}_emitted", out)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, ROOT)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(ROOT)
    return module


def test_a_dict_of_parameters_with_an_integer_depth():
    """mlp_model.loss_params: `p["depth"]` counts the layers.  An int among the differentiated
    values is named (its gradient entry would be a guess: a count, or a parameter written
    without its `.0`); given apart from the dict, the same program differentiates."""
    from tests.real_programs import mlp_model
    p = {"W1": W1, "W2": W2, "depth": 2}
    with pytest.raises(s2sgrad.ArgumentError, match=r"\['depth'\]` is an integer"):
        s2sgrad.grad(mlp_model.loss_params)(p, X, Y)
    v = RNG.normal(size=W1.shape)
    weights = {"W1": W1, "W2": W2}
    g = s2sgrad.grad(lambda q: mlp_model.loss_params({"W1": q["W1"], "W2": q["W2"], "depth": 2}, X, Y))(weights)
    F = _along(lambda w: mlp_model.loss_params({**p, "W1": w}, X, Y), (W1,), 0)
    np.testing.assert_allclose(np.sum(g["W1"] * v), (F(W1 + 1e-6 * v) - F(W1 - 1e-6 * v)) / 2e-6, rtol=1e-5)


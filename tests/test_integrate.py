"""`scipy.integrate.odeint` differentiated by the continuous adjoint (reverse mode) and the
sensitivity equations (forward mode), in the forms users write: `args=`, `tfirst=True`, a
right-hand side returning a list or calling helpers, a scalar `y0`, the output times
differentiated; odeint at top level, in a loop, in a branch and in a callee; through the API,
the decorator and the CLI.  Finite differences are the oracle, autograd's odeint a second one;
the gradient is as accurate as the solver, so the programs ask for tight tolerances.
"""

import importlib.util
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import s2sgrad
from s2sgrad.errors import NoRuleError, UserCodeError
from tests.conftest import ROOT

PROGRAM = '''
import numpy as np
from scipy.integrate import odeint

TIMES = np.array([0.0, 0.4, 1.1, 1.5])


def forced_decay(y, t, k, c):
    return -k * y + c * np.sin(t)


def oscillator(t, y, k):
    return [y[1], -k * y[0] - 0.1 * y[1]]


def damping(y):
    return 0.1 * y ** 3


def with_helper(y, t, k):
    return -k * y - damping(y)


def everything(y0, t, k):
    return np.sum(odeint(forced_decay, y0, t, args=(k, 2), rtol=1e-11, atol=1e-11) ** 2)


def time_first(y0, k):
    trajectory = odeint(oscillator, y0, np.linspace(0.0, 2.0, 5), args=(k,), tfirst=True, rtol=1e-11, atol=1e-11)
    return np.sum(trajectory[-1] * np.array([1.0, 2.0]))


def scalar_state(y0, k):
    return odeint(forced_decay, y0, TIMES, args=(k, 0.5), rtol=1e-11, atol=1e-11)[-1, 0]


def in_a_loop(y0, k):
    y, total = y0, 0.0
    for start in (0.0, 0.5, 1.0):
        segment = odeint(with_helper, y, np.array([start, start + 0.5]), args=(k,), rtol=1e-11, atol=1e-11)
        y = segment[-1]
        total = total + np.sum(y ** 2)
    return total


def in_a_branch(y0, k):
    if np.sum(y0) > 0:
        y = odeint(with_helper, y0, TIMES, args=(k,), rtol=1e-11, atol=1e-11)
    else:
        y = odeint(forced_decay, y0, TIMES, args=(k, 1.0), rtol=1e-11, atol=1e-11)
    return np.mean(np.log(y ** 2 + 1.0))


def simulate(k, y0):
    return odeint(with_helper, y0, TIMES, args=(k,), rtol=1e-11, atol=1e-11)


def in_a_callee(y0, k):
    return np.sum(simulate(k, y0)[1:] * 0.5)
'''

CAPTURED = '''
import numpy as np
from scipy.integrate import odeint


def captured(y0, k):
    return np.sum(odeint(lambda y, t: -k * y, y0, [0.0, 1.0]))


def diagnostics(y0, k):
    return np.sum(odeint(lambda y, t, k: -k * y, y0, [0.0, 1.0], args=(k,), full_output=1)[0])
'''


def _load(tmp_path, text, name):
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(text))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def program(tmp_path_factory):
    return _load(tmp_path_factory.mktemp("ode"), PROGRAM, "ode_program")


def _fd(f, x, eps=1e-5):
    x = np.asarray(x, dtype=float)
    out = np.zeros_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step.flat[i] = eps
        out.flat[i] = (f(x + step) - f(x - step)) / (2 * eps)
    return out


def _fd_all(f, args, wrt):
    return [_fd(lambda v, i=i: f(*args[:i], v, *args[i + 1:]), args[i]) for i in wrt]


Y0, K2 = np.array([1.0, 0.5]), np.array([0.7, 1.3])
CASES = [
    ("everything", (Y0, np.array([0.0, 0.4, 1.1, 1.5]), K2), (0, 1, 2)),
    ("time_first", (Y0, 1.5), (0, 1)),
    ("scalar_state", (0.8, 0.6), (0, 1)),
    ("in_a_loop", (Y0, K2), (0, 1)),
    ("in_a_branch", (Y0, K2), (0, 1)),
    ("in_a_branch", (-Y0, 0.9), (0, 1)),
    ("in_a_callee", (Y0, K2), (0, 1)),
]


@pytest.mark.parametrize("name, args, wrt", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_reverse_and_forward_agree_with_finite_differences(program, name, args, wrt):
    f = getattr(program, name)
    grads = s2sgrad.grad(f, wrt=wrt)(*args)
    expected = _fd_all(f, args, wrt)
    for got, want in zip(grads, expected):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7)
    rng = np.random.default_rng(0)
    directions = [rng.standard_normal(np.shape(args[i])) for i in wrt]
    tangents = [None] * len(args)
    for i, d in zip(wrt, directions):
        tangents[i] = d if np.ndim(args[i]) else float(d)
    value, tangent = s2sgrad.jvp(f, tuple(args), tuple(tangents))
    assert value == pytest.approx(f(*args))
    reverse = sum(np.sum(g * d) for g, d in zip(grads, directions))       # the dot-product test
    assert tangent == pytest.approx(reverse, rel=1e-6, abs=1e-8)


def test_autograd_odeint_agrees(program):
    """autograd's odeint (its own adjoint) on the same right-hand side, `args` as its tuple type."""
    autograd = pytest.importorskip("autograd")
    from autograd.builtins import tuple as ag_tuple
    from autograd.scipy.integrate import odeint as ag_odeint
    import autograd.numpy as anp

    def rhs(y, t, k):
        return -k * y + 2 * anp.sin(t)

    def loss(y0, k):
        return anp.sum(ag_odeint(rhs, y0, program.TIMES, ag_tuple((k,)), rtol=1e-11, atol=1e-11) ** 2)

    def mine(y0, k):
        return program.everything(y0, program.TIMES, k)

    expected = autograd.grad(loss, (0, 1))(Y0, K2)
    got = s2sgrad.grad(mine, wrt=(0, 1))(Y0, K2)
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-6)


def test_the_decorator_and_value_and_grad(program):
    f = s2sgrad.differentiate(program.in_a_callee, wrt="k")
    value, grad = f.value_and_grad(Y0, K2)
    assert value == pytest.approx(program.in_a_callee(Y0, K2))
    np.testing.assert_allclose(grad, _fd(lambda k: program.in_a_callee(Y0, k), K2), rtol=1e-5)


def test_the_emitted_file_runs(program, tmp_path):
    out = tmp_path / "d_in_a_loop.py"
    subprocess.run([sys.executable, "-m", "s2sgrad", "emit", program.__file__, "-f", "in_a_loop", "--wrt", "y0,k",
                    "-o", str(out)], check=True, capture_output=True, text=True, cwd=ROOT)
    text = out.read_text()
    assert "odeint_adjoint(with_helper," in text
    emitted = _load(tmp_path, text, "d_in_a_loop")
    value, (d_y0, d_k) = emitted.d_in_a_loop(Y0, K2)
    assert value == pytest.approx(program.in_a_loop(Y0, K2))
    np.testing.assert_allclose(d_y0, _fd(lambda y: program.in_a_loop(y, K2), Y0), rtol=1e-5)
    np.testing.assert_allclose(d_k, _fd(lambda k: program.in_a_loop(Y0, k), K2), rtol=1e-5)


@pytest.fixture(scope="module")
def refused(tmp_path_factory):
    return _load(tmp_path_factory.mktemp("ode_refused"), CAPTURED, "ode_refused")


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_a_right_hand_side_that_captures_an_input_is_refused_with_what_to_write(refused, mode):
    with pytest.raises(UserCodeError) as info:
        if mode == "reverse":
            s2sgrad.grad(refused.captured, wrt=(0, 1))(Y0, 0.5)
        else:
            s2sgrad.jvp(refused.captured, (Y0, 0.5), (np.ones(2), 1.0))
    text = str(info.value)
    assert "ode_refused.py:7:" in text and "argument `func`" in text
    assert "through `args=(...)`" in text


def test_full_output_is_refused_where_it_is_written(refused):
    with pytest.raises(UserCodeError, match=r"ode_refused\.py:11:.*full_output=1"):
        s2sgrad.grad(refused.diagnostics, wrt=0)(Y0, 0.5)


def test_second_derivatives_are_refused_not_zero(program):
    with pytest.raises(NoRuleError, match="second derivatives through scipy.integrate.odeint"):
        s2sgrad.hvp(program.in_a_callee, (Y0, K2), (np.ones(2), np.zeros(2)))

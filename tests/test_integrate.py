"""`scipy.integrate.odeint` differentiated by the continuous adjoint (reverse mode) and the
sensitivity equations (forward mode), in the forms users write: `args=`, `tfirst=True`, a
right-hand side returning a list or calling helpers, a scalar `y0`, the output times
differentiated; odeint at top level, in a loop, in a branch and in a callee; through the API,
the decorator and the CLI.  Finite differences are the oracle, autograd's odeint a second one;
the gradient is as accurate as the solver, so the programs ask for tight tolerances.
"""

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import s2sgrad
from s2sgrad.errors import NoRuleError, UserCodeError
from tests.conftest import ROOT
from tests.helpers import load_module

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
    return load_module(tmp_path, name, textwrap.dedent(text))


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


# -- scipy.integrate.solve_ivp --------------------------------------------------------------------
IVP_PROGRAM = '''
import numpy as np
from scipy.integrate import odeint, solve_ivp

TIMES = np.array([0.0, 0.4, 1.1, 1.5])


def forced_decay(t, y, k, c):
    return -k * y + c * np.sin(t)


def oscillator(t, y, k):
    return [y[1], -k * y[0] - 0.1 * y[1]]


def damping(y):
    return 0.1 * y ** 3


def with_helper(t, y, k):
    return -k * y - damping(y)


def fit(y0, k):
    sol = solve_ivp(forced_decay, (0.0, 1.5), y0, t_eval=TIMES, args=(k, 2.0), rtol=1e-11, atol=1e-11)
    return np.sum((sol.y - 0.5) ** 2)


def fit_odeint(y0, k):
    return np.sum((odeint(forced_decay, y0, TIMES, args=(k, 2.0), tfirst=True, rtol=1e-11, atol=1e-11) - 0.5) ** 2)


def final_state(y0, k):
    sol = solve_ivp(oscillator, [0.0, 2.0], y0, args=(k,), rtol=1e-10, atol=1e-10)
    return np.sum(sol.y[:, -1] * np.array([1.0, 2.0]))


def stiff(y0, k):
    sol = solve_ivp(oscillator, (0.0, 2.0), y0, method="Radau", t_eval=np.linspace(0.5, 2.0, 4), args=(k,),
                    rtol=1e-10, atol=1e-10)
    return np.sum(sol.y ** 2) + np.sum(sol.t)


def lambda_no_args(y0):
    sol = solve_ivp(lambda t, y: -0.5 * y ** 2 + np.cos(t), (0.0, 1.0), y0, t_eval=[0.0, 0.5, 1.0],
                    rtol=1e-11, atol=1e-11)
    return np.sum(np.log(sol.y ** 2 + 1.0))


def in_a_loop(y0, k):
    y, total = y0, 0.0
    for start in (0.0, 0.5, 1.0):
        sol = solve_ivp(with_helper, (start, start + 0.5), y, args=(k,), rtol=1e-11, atol=1e-11)
        y = sol.y[:, -1]
        total = total + np.sum(y ** 2)
    return total


def simulate(k, y0):
    return solve_ivp(with_helper, (0.0, 1.5), y0, t_eval=TIMES, args=(k,), rtol=1e-11, atol=1e-11)


def in_a_branch_and_callee(y0, k):
    if np.sum(y0) > 0:
        sol = simulate(k, y0)
    else:
        sol = simulate(2.0 * k, y0)
    return np.sum(sol.y[:, 1:] * 0.5)


def default_tolerance(y0, k):
    sol = solve_ivp(forced_decay, (0.0, 3.0), y0, t_eval=np.linspace(0.0, 3.0, 7), args=(k, 1.0))
    return np.sum(sol.y ** 2)
'''

IVP_REFUSED = '''
import numpy as np
from scipy.integrate import solve_ivp


def captured(y0, k):
    sol = solve_ivp(lambda t, y: -k * y, (0.0, 1.0), y0)
    return np.sum(sol.y)


def dense(y0, k):
    sol = solve_ivp(lambda t, y, k: -k * y, (0.0, 1.0), y0, args=(k,), dense_output=True)
    return np.sum(sol.y)


def events(y0, k):
    sol = solve_ivp(lambda t, y, k: -k * y, (0.0, 1.0), y0, args=(k,), events=lambda t, y, k: y[0] - 0.5)
    return np.sum(sol.y)


def end_time(y0, k):
    sol = solve_ivp(lambda t, y, k: -k * y, (0.0, k), y0, args=(k,))
    return np.sum(sol.y)


def output_times(y0, k):
    sol = solve_ivp(lambda t, y, k: -k * y, (0.0, 5.0), y0, t_eval=k * np.array([1.0, 2.0]), args=(k,))
    return np.sum(sol.y)


def interpolant(y0, k):
    sol = solve_ivp(lambda t, y, k: -k * y, (0.0, 1.0), y0, args=(k,), dense_output=True)
    return np.sum(sol.sol(0.5))
'''


@pytest.fixture(scope="module")
def ivp(tmp_path_factory):
    return _load(tmp_path_factory.mktemp("ivp"), IVP_PROGRAM, "ivp_program")


IVP_CASES = [
    ("fit", (Y0, K2), (0, 1)),
    ("final_state", (Y0, 1.5), (0, 1)),
    ("stiff", (Y0, 1.5), (0, 1)),
    ("lambda_no_args", (Y0,), (0,)),
    ("in_a_loop", (Y0, K2), (0, 1)),
    ("in_a_branch_and_callee", (Y0, K2), (0, 1)),
    ("in_a_branch_and_callee", (-Y0, 0.9), (0, 1)),
]


@pytest.mark.parametrize("name, args, wrt", IVP_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(IVP_CASES)])
def test_solve_ivp_reverse_and_forward_agree_with_finite_differences(ivp, name, args, wrt):
    test_reverse_and_forward_agree_with_finite_differences(ivp, name, args, wrt)


def test_solve_ivp_agrees_with_odeint_on_the_same_problem(ivp):
    got = s2sgrad.grad(ivp.fit, wrt=(0, 1))(Y0, K2)
    expected = s2sgrad.grad(ivp.fit_odeint, wrt=(0, 1))(Y0, K2)
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-8)


def test_solve_ivp_gradient_is_as_accurate_as_the_default_tolerance(ivp):
    """rtol=1e-3, atol=1e-6 (solve_ivp's defaults) for the solution and for its adjoint: the
    gradient agrees with the exact one (a tight odeint's) to about that."""
    f = ivp.default_tolerance
    got = s2sgrad.grad(f, wrt=(0, 1))(Y0, K2)

    def exact(y0, k):
        return np.sum(ivp.odeint(ivp.forced_decay, y0, np.linspace(0.0, 3.0, 7), args=(k, 1.0), tfirst=True,
                                 rtol=1e-11, atol=1e-11) ** 2)
    expected = s2sgrad.grad(exact, wrt=(0, 1))(Y0, K2)
    for g, e in zip(got, expected):
        np.testing.assert_allclose(g, e, rtol=5e-3)
        assert not np.allclose(g, e, rtol=1e-8)     # the adjoint did not solve tighter than asked


def test_solve_ivp_emitted_files_run_in_a_fresh_process(ivp, tmp_path):
    """`sol.y`'s adjoint reads the solution as a record: emitted code run on its own, reverse and forward."""
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent(f'''
        import sys
        import numpy as np
        sys.path[:0] = [{str(tmp_path)!r}, {str(Path(ivp.__file__).parent)!r}, {str(ROOT)!r}]
        import d_fit, t_fit
        value, (d_y0, d_k) = d_fit.d_fit(np.array([1.0, 0.5]), np.array([0.7, 1.3]))
        _, tangent = t_fit.jvp_fit(np.array([1.0, 0.5]), np.array([0.7, 1.3]), t_y0=np.array([1.0, 0.0]),
                                   t_k=np.zeros(2))
        print(value, d_y0[0], d_k[1], tangent)
    '''))
    for mode, prefix in (("reverse", "d"), ("forward", "t")):
        subprocess.run([sys.executable, "-m", "s2sgrad", "emit", ivp.__file__, "-f", "fit", "--wrt", "y0,k",
                        "--mode", mode, "-o", str(tmp_path / f"{prefix}_fit.py")],
                       check=True, capture_output=True, text=True, cwd=ROOT)
    assert "solve_ivp_adjoint(forced_decay," in (tmp_path / "d_fit.py").read_text()
    out = subprocess.run([sys.executable, str(script)], check=True, capture_output=True, text=True, cwd=tmp_path)
    value, d_y0_0, d_k_1, tangent = map(float, out.stdout.split())
    assert value == pytest.approx(ivp.fit(Y0, K2))
    fd_y0 = _fd(lambda y: ivp.fit(y, K2), Y0)
    assert d_y0_0 == pytest.approx(fd_y0[0], rel=1e-5)
    assert d_k_1 == pytest.approx(_fd(lambda k: ivp.fit(Y0, k), K2)[1], rel=1e-5)
    assert tangent == pytest.approx(fd_y0[0], rel=1e-5)


@pytest.mark.parametrize("name", ["fit", "fit_odeint"])
def test_standalone_output_keeps_the_ode_helpers_imported(ivp, tmp_path, name):
    """The ODE helpers differentiate the right-hand side when they run: --standalone imports them
    (and the runtime with them) instead of inlining code that cannot run alone."""
    out = tmp_path / f"sa_{name}.py"
    subprocess.run([sys.executable, "-m", "s2sgrad", "emit", ivp.__file__, "-f", name, "--wrt", "y0,k",
                    "--standalone", "-o", str(out)], check=True, capture_output=True, text=True, cwd=ROOT)
    text = out.read_text()
    assert "# --standalone: not inlined" in text and "from s2sgrad.runtime import" in text
    value, (d_y0, _) = getattr(_load(tmp_path, text, f"sa_{name}"), f"d_{name}")(Y0, K2)
    np.testing.assert_allclose(d_y0, _fd(lambda y: ivp.fit(y, K2), Y0), rtol=1e-5)


@pytest.fixture(scope="module")
def ivp_refused(tmp_path_factory):
    return _load(tmp_path_factory.mktemp("ivp_refused"), IVP_REFUSED, "ivp_refused")


@pytest.mark.parametrize("name, line, text", [
    ("captured", 7, "through `args=(...)`"),
    ("dense", 12, "`dense_output=True` is not supported"),
    ("events", 17, "`events=` is not supported"),
    ("end_time", 22, "argument `t_span`"),
    ("output_times", 27, "argument `t_eval`"),
    ("interpolant", 33, "`.sol`"),
])
@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_solve_ivp_refusals_are_located(ivp_refused, name, line, text, mode):
    f = getattr(ivp_refused, name)
    with pytest.raises(UserCodeError) as info:
        if mode == "reverse":
            s2sgrad.grad(f, wrt=(0, 1))(Y0, 0.5)
        else:
            s2sgrad.jvp(f, (Y0, 0.5), (np.ones(2), 1.0))
    assert f"ivp_refused.py:{line}:" in str(info.value) and text in str(info.value)


def test_solve_ivp_second_derivatives_are_refused_not_zero(ivp):
    with pytest.raises(NoRuleError, match="second derivatives through scipy.integrate.solve_ivp"):
        s2sgrad.hvp(ivp.fit, (Y0, K2), (np.ones(2), np.zeros(2)))


def test_the_ported_solve_ivp_fit_agrees_with_its_odeint_version():
    """examples/ported/ode_fit_ivp.py is ode_fit.py through solve_ivp: the same gradient."""
    from tests.test_ported import load, setup_ode_fit
    with_ivp, with_odeint = load("ode_fit_ivp"), load("ode_fit")
    params, (initial, times, observed) = setup_ode_fit(with_ivp)
    got = s2sgrad.grad(with_ivp.loss)(params, (initial, times, observed))
    expected = s2sgrad.grad(with_odeint.loss)(params, (initial, times, observed.T))
    np.testing.assert_allclose(got, expected, rtol=1e-7)

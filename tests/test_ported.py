"""Programs written the way scientists write NumPy models (examples/ported/), differentiated unchanged.

Each program's `loss(params, data)` goes through `s2sgrad.value_and_grad(loss)(params, data)`,
as the README says. The value must be the loss; the gradient must have the structure of
`params` and agree with

- central differences along a random direction (the dot-product form: <g, v> against
  (L(p + eps v) - L(p - eps v)) / 2 eps), and
- autograd, where autograd has every function the program calls: the same source file is
  imported a second time with `autograd.numpy` and `autograd.scipy.*` in place of `numpy`
  and `scipy.*` (`load_with_autograd`). Where that is not possible (`math.exp` on a
  dataclass's fields) the check is finite differences only, and the case says why.

A program that s2sgrad cannot differentiate today is marked xfail(strict=True) with the
error s2sgrad gives and the exception class it raises; the program itself is not changed.
`test_oracle_matches_fd` checks, for every program autograd can run, that the oracle and
the differences agree, so an xfail is about s2sgrad and not about the harness.

`python tests/test_ported.py` prints time(value_and_grad) / time(loss) for each program.
"""

import dataclasses
import importlib.util
import pathlib
import sys
import time
from typing import Callable, NamedTuple

import numpy as np
import pytest

import s2sgrad

PORTED = pathlib.Path(__file__).resolve().parent.parent / "examples" / "ported"


# -- loading a program, as written and with autograd in place of NumPy --------------------

def _exec_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load(program):
    """The program as written."""
    name = f"ported_{program}"
    return sys.modules.get(name) or _exec_module(name, PORTED / f"{program}.py")


def load_with_autograd(program):
    """The same source file, with `import numpy` / `from scipy.x import` bound to autograd's."""
    name = f"ported_{program}_autograd"
    if name in sys.modules:
        return sys.modules[name]
    autograd = pytest.importorskip("autograd")
    import autograd.numpy
    import autograd.scipy.integrate
    import autograd.scipy.linalg
    import autograd.scipy.special
    import autograd.scipy.stats
    swap = {"numpy": autograd.numpy, "scipy": autograd.scipy,
            "scipy.special": autograd.scipy.special, "scipy.stats": autograd.scipy.stats,
            "scipy.linalg": autograd.scipy.linalg, "scipy.integrate": autograd.scipy.integrate}
    saved = {key: sys.modules[key] for key in swap if key in sys.modules}
    sys.modules.update(swap)
    try:
        return _exec_module(name, PORTED / f"{program}.py")
    finally:
        for key in swap:
            del sys.modules[key]
        sys.modules.update(saved)


# -- parameter trees: lists, tuples, namedtuples, dicts, dataclasses of arrays and floats --

def tree_leaves(tree):
    if isinstance(tree, dict):
        return [leaf for value in tree.values() for leaf in tree_leaves(value)]
    if isinstance(tree, (list, tuple)):
        return [leaf for item in tree for leaf in tree_leaves(item)]
    if dataclasses.is_dataclass(tree):
        return [leaf for f in dataclasses.fields(tree) for leaf in tree_leaves(getattr(tree, f.name))]
    return [tree]


def tree_map(fn, tree, *rest):
    if isinstance(tree, dict):
        return {k: tree_map(fn, tree[k], *(r[k] for r in rest)) for k in tree}
    if isinstance(tree, tuple) and hasattr(tree, "_fields"):
        return type(tree)(*(tree_map(fn, *items) for items in zip(tree, *rest)))
    if isinstance(tree, (list, tuple)):
        return type(tree)(tree_map(fn, *items) for items in zip(tree, *rest))
    if dataclasses.is_dataclass(tree):
        return dataclasses.replace(tree, **{f.name: tree_map(fn, getattr(tree, f.name),
                                                             *(getattr(r, f.name) for r in rest))
                                            for f in dataclasses.fields(tree)})
    return fn(tree, *rest)


def structure(tree):
    """The containers' types with each leaf's shape: two trees match when these are equal."""
    if isinstance(tree, dict):
        return dict, tuple((k, structure(v)) for k, v in tree.items())
    if isinstance(tree, (list, tuple)):
        return type(tree), tuple(structure(item) for item in tree)
    if dataclasses.is_dataclass(tree):
        return type(tree), tuple(structure(getattr(tree, f.name)) for f in dataclasses.fields(tree))
    return np.shape(tree)


def vdot(a, b):
    return sum(float(np.sum(np.asarray(x) * np.asarray(y))) for x, y in zip(tree_leaves(a), tree_leaves(b)))


def random_direction(params, seed=1):
    rs = np.random.RandomState(seed)
    return tree_map(lambda x: rs.randn(*np.shape(x)) if np.ndim(x) else float(rs.randn()), params)


def directional_fd(loss, params, data, direction, eps):
    plus = tree_map(lambda x, v: x + eps * v, params, direction)
    minus = tree_map(lambda x, v: x - eps * v, params, direction)
    return (loss(plus, data) - loss(minus, data)) / (2 * eps)


# -- the programs, at small sizes ---------------------------------------------------------

def setup_mlp_classifier(m):
    params = m.init_random_params(0.5, layer_sizes=[2, 6, 5, 3])
    return params, m.make_spirals(8)


def setup_mlp_regressor(m):
    return m.init_params([1, 8, 8, 1]), m.build_toy_dataset(n_data=12)


def setup_rnn(m):
    return 0.3 * np.random.RandomState(0).randn(m.num_params()), m.make_sequences(num_seqs=3, length=5)


def setup_lstm(m):
    params = m.init_lstm_params(input_size=4, state_size=3, output_size=4)
    return params, m.make_sequences(num_seqs=2, length=4, alphabet_size=4)


def setup_gmm(m):
    return m.init_gmm_params(num_components=3, dim=2), m.make_pinwheel(num_per_arm=6)


def setup_gaussian_process(m):
    return np.array([0.1, 0.0, 0.2, -0.3, -2.0]), m.build_toy_dataset(n_data=8, dim=2)


def setup_variational_autoencoder(m):
    rs = np.random.RandomState(0)
    params = (m.init_net_params([16, 5, 4], rs=rs), m.init_net_params([2, 5, 16], rs=rs))
    images = m.make_images(4, rs=rs)
    return params, (images, rs.randn(len(images), 2))


def setup_black_box_svi(m):
    rs = np.random.RandomState(0)
    return np.concatenate([0.1 * rs.randn(2), -0.5 * np.ones(2)]), rs.randn(20, 2)


def setup_ica(m):
    rs = np.random.RandomState(0)
    observed = m.sample_data(observed_dim=4, num_sources=2, num_samples=5, rs=rs)
    return 0.3 * rs.randn(4 * 2 + 2 * 5 + 1), (observed, 2)


def setup_fluidsim(m):
    return m.make_problem(size=6)


def setup_bayesian_neural_net(m):
    rs = np.random.RandomState(0)
    inputs, targets = m.build_toy_dataset(n_data=6, rs=rs)
    params = np.concatenate([0.5 * rs.randn(m.num_weights), -3.0 * np.ones(m.num_weights)])
    return params, (inputs, targets, rs.randn(3, m.num_weights))


def setup_ode_fit(m):
    return np.log(np.array([0.8, 0.6, 1.2, 0.3])), m.make_data(num_times=6)


def setup_hmm(m):
    return m.init_params(), m.sample_sequences(num_seqs=2, length=5)


def setup_hmm_one_sequence(m):
    return m.init_params(), m.sample_sequences(num_seqs=1, length=6)[0]


def setup_namedtuple_regression(m):
    return m.init_params(3), m.make_data(num_points=10)


def setup_dataclass_oscillator(m):
    params = m.Oscillator(log_stiffness=np.log(3.0), log_damping=np.log(0.5), x0=0.8, v0=0.1)
    return params, m.make_data(num_steps=20)


def setup_negative_binomial(m):
    return np.array([np.log(2.0), 0.0]), m.sample_counts(num_samples=15)


def setup_taylor_sine(m):
    return (1.0, 0.1), m.make_data(num_points=6)


def setup_fixed_point(m):
    return np.array([0.0, 1.0, 0.0]), m.make_data(num_points=6)


def setup_fixed_point_closure(m):
    return np.array([0.0, 1.0, 0.0]), m.make_data(num_points=6)


def setup_kalman_filter(m):
    return m.make_problem(num_steps=6)


def setup_heat_equation(m):
    return m.make_problem(num_points=8, num_steps=6)


def setup_nbody(m):
    return m.make_problem(num_bodies=3, num_steps=5)


def setup_layer_objects(m):
    return m.init_params([2, 4, 1]), m.make_data(num_points=8)


def setup_convnet(m):
    params = m.init_params(num_filters=2, filter_size=3, image_size=5, num_classes=2)
    return params, m.make_data(num_images=4, size=5)


class Case(NamedTuple):
    program: str
    setup: Callable
    function: str = "loss"
    autograd: str = ""          # why autograd cannot be the oracle; "" when it can
    xfail: tuple = ()           # (exception class, reason) where s2sgrad fails today
    eps: float = 1e-5
    rtol: float = 1e-6


CASES = [
    Case("mlp_classifier", setup_mlp_classifier),
    Case("mlp_regressor", setup_mlp_regressor),
    Case("rnn", setup_rnn),
    Case("lstm", setup_lstm),
    Case("gmm", setup_gmm),
    Case("gaussian_process", setup_gaussian_process),
    Case("variational_autoencoder", setup_variational_autoencoder),
    Case("black_box_svi", setup_black_box_svi),
    Case("ica", setup_ica),
    Case("fluidsim", setup_fluidsim),
    Case("bayesian_neural_net", setup_bayesian_neural_net),
    Case("ode_fit", setup_ode_fit, eps=1e-4, rtol=1e-5,
         autograd="autograd's odeint differentiates `args` only when it is an autograd.builtins.tuple; "
                  "the program passes a plain tuple (ValueError: setting an array element with a sequence)"),
    Case("ode_fit_ivp", setup_ode_fit, eps=1e-4, rtol=1e-5, autograd="autograd has no solve_ivp"),
    Case("hmm", setup_hmm),
    Case("hmm", setup_hmm_one_sequence, function="sequence_log_likelihood"),
    Case("namedtuple_regression", setup_namedtuple_regression),
    Case("dataclass_oscillator", setup_dataclass_oscillator,
         autograd="math.exp on the dataclass's float fields: autograd cannot trace math"),
    Case("negative_binomial", setup_negative_binomial),
    Case("taylor_sine", setup_taylor_sine),
    Case("fixed_point", setup_fixed_point),
    Case("fixed_point_closure", setup_fixed_point_closure),
    Case("kalman_filter", setup_kalman_filter,
         autograd="`filtered_means[t] = m` stores into an array: autograd does not differentiate item assignment"),
    Case("heat_equation", setup_heat_equation,
         autograd="`u = u0.copy()` then `u[1:-1] += ...`: autograd has no ndarray.copy and no item assignment"),
    Case("nbody", setup_nbody,
         autograd="`vel = vel0.copy()`: autograd's ArrayBox has no .copy()"),
    Case("layer_objects", setup_layer_objects),
    Case("convnet", setup_convnet,
         autograd="autograd.scipy.signal has convolve, not convolve2d"),
]


def case_id(case):
    return case.program if case.function == "loss" else f"{case.program}.{case.function}"


def as_param(case):
    marks = []
    if case.xfail:
        error, reason = case.xfail
        marks.append(pytest.mark.xfail(strict=True, raises=error, reason=reason))
    return pytest.param(case, id=case_id(case), marks=marks)


def autograd_loss(case):
    """The program's function from the autograd import, taking the same params."""
    m = load_with_autograd(case.program)
    fn = getattr(m, case.function)
    if case.program == "namedtuple_regression":
        # autograd differentiates tuples, not namedtuples: rebuild the program's Params inside.
        return lambda params, data: fn(m.Params(*params), data), tuple
    return fn, None


def autograd_grad(case, params, data):
    import autograd
    fn, convert = autograd_loss(case)
    gradient = autograd.grad(fn)(convert(params) if convert else params, data)
    return type(params)(*gradient) if convert else gradient


@pytest.mark.parametrize("case", [as_param(c) for c in CASES])
def test_ported_program(case):
    m = load(case.program)
    loss = getattr(m, case.function)
    params, data = case.setup(m)
    value, gradient = s2sgrad.value_and_grad(loss)(params, data)

    assert np.allclose(value, loss(params, data), rtol=1e-12, atol=0.0)
    assert structure(gradient) == structure(params)
    assert all(np.all(np.isfinite(leaf)) for leaf in tree_leaves(gradient))

    direction = random_direction(params)
    fd = directional_fd(loss, params, data, direction, case.eps)
    assert vdot(gradient, direction) == pytest.approx(fd, rel=case.rtol, abs=case.rtol * 1e-3)

    if not case.autograd:
        expected = autograd_grad(case, params, data)
        for got, want in zip(tree_leaves(gradient), tree_leaves(expected)):
            np.testing.assert_allclose(got, want, rtol=1e-7, atol=1e-9 * max(1.0, np.max(np.abs(want))))


@pytest.mark.parametrize("case", [as_param(c) for c in CASES])
def test_ported_program_forward(case):
    """Forward mode: the jvp along the random direction against the same central differences."""
    m = load(case.program)
    loss = getattr(m, case.function)
    params, data = case.setup(m)
    direction = random_direction(params)
    value, tangent = s2sgrad.jvp(loss, (params, data), (direction, None))
    assert np.allclose(value, loss(params, data), rtol=1e-12, atol=0.0)
    fd = directional_fd(loss, params, data, direction, case.eps)
    assert tangent == pytest.approx(fd, rel=case.rtol, abs=case.rtol * 1e-3)


@pytest.mark.parametrize("case", [pytest.param(c, id=case_id(c)) for c in CASES if not c.autograd])
def test_oracle_matches_fd(case):
    """autograd on the same source agrees with central differences: the oracle is sound."""
    m = load(case.program)
    params, data = case.setup(m)
    expected = autograd_grad(case, params, data)
    direction = random_direction(params)
    fd = directional_fd(getattr(m, case.function), params, data, direction, case.eps)
    assert vdot(expected, direction) == pytest.approx(fd, rel=case.rtol, abs=case.rtol * 1e-3)


def test_layer_objects_hvp_and_emitted_module(tmp_path):
    """The layer objects (a plain class made in a helper, called from a list) through hvp, against
    central differences of the gradient, and through `s2sgrad emit` run as a command."""
    import os
    import subprocess
    m = load("layer_objects")
    params, data = setup_layer_objects(m)
    direction = random_direction(params)
    grad = s2sgrad.grad(m.loss)
    eps = 1e-5
    plus = grad(tree_map(lambda p, v: p + eps * v, params, direction), data)
    minus = grad(tree_map(lambda p, v: p - eps * v, params, direction), data)
    hv = s2sgrad.hvp(m.loss, (params, data), (direction, None))
    for got, a, b in zip(tree_leaves(hv), tree_leaves(plus), tree_leaves(minus)):
        np.testing.assert_allclose(got, (a - b) / (2 * eps), rtol=1e-5, atol=1e-7)

    out = tmp_path / "d_layer_objects.py"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(PORTED.parent.parent), os.environ.get("PYTHONPATH", "")]))
    subprocess.run([sys.executable, "-m", "s2sgrad.cli", "emit", str(PORTED / "layer_objects.py"), "-f", "loss",
                    "-o", str(out)], check=True, env=env, cwd=str(tmp_path))
    sys.path.insert(0, str(PORTED))
    try:
        emitted = _exec_module("d_layer_objects", out)
    finally:
        sys.path.remove(str(PORTED))
    value, gradient = emitted.d_loss(params, data)
    assert value == pytest.approx(m.loss(params, data), rel=1e-12)
    for got, want in zip(tree_leaves(gradient), tree_leaves(grad(params, data))):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


def test_gradient_with_respect_to_a_layer_object_is_an_object_of_its_class():
    """An object of a plain class passed as an argument and differentiated: its attributes are the
    fields of a record, and the gradient is a `Dense` whose array attributes are their gradients."""
    m = load("layer_objects")
    params, (inputs, targets) = setup_layer_objects(m)
    layer = m.Dense(params[0][0], params[0][1], activation="tanh")

    def apply(layer, x):
        return np.sum(layer(x) ** 2)

    gradient = s2sgrad.grad(apply)(layer, inputs)
    assert type(gradient) is m.Dense and gradient.activation == "tanh"       # a name: kept as given
    eps = 1e-6
    for name in ("W", "b"):
        direction = np.random.default_rng(5).standard_normal(getattr(layer, name).shape)
        moved = [m.Dense(**{**vars(layer), name: getattr(layer, name) + s * eps * direction}) for s in (1, -1)]
        fd = (apply(moved[0], inputs) - apply(moved[1], inputs)) / (2 * eps)
        assert np.sum(getattr(gradient, name) * direction) == pytest.approx(fd, rel=1e-6)


# The three minimal reproducers of these refusals are in tests/test_trust.py
# (test_calls_through_a_value_that_captures_an_input_are_right_or_refused).


def test_every_program_is_covered():
    assert {c.program for c in CASES} == {p.stem for p in PORTED.glob("*.py")}
    assert len({c.program for c in CASES}) >= 12


# -- timings (python tests/test_ported.py) ------------------------------------------------

def _median_time(fn, repeat=7, min_seconds=0.05):
    fn()
    number = 1
    while True:
        start = time.perf_counter()
        for _ in range(number):
            fn()
        if time.perf_counter() - start > min_seconds:
            break
        number *= 2
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return float(np.median(times))


def timings():
    print(f"{'program':38s} {'loss':>10s} {'v&g':>10s} {'v&g/loss':>9s} {'autograd/loss':>14s}")
    for case in CASES:
        m = load(case.program)
        loss = getattr(m, case.function)
        params, data = case.setup(m)
        t_loss = _median_time(lambda: loss(params, data))
        try:
            value_and_grad = s2sgrad.value_and_grad(loss)
            t_vg = _median_time(lambda: value_and_grad(params, data))
            ratio = f"{t_vg / t_loss:9.1f}"
        except Exception as e:  # noqa: BLE001 - reported, not raised
            t_vg, ratio = float("nan"), f"{type(e).__name__:>9s}"
        t_ag = float("nan")
        if not case.autograd:
            import autograd
            fn, convert = autograd_loss(case)
            ag_params = convert(params) if convert else params
            t_ag = _median_time(lambda: autograd.value_and_grad(fn)(ag_params, data))
        print(f"{case_id(case):38s} {t_loss * 1e6:8.0f}us {t_vg * 1e6:8.0f}us {ratio} {t_ag / t_loss:14.1f}")


if __name__ == "__main__":
    timings()

"""Callables of every kind, in reverse, forward and hvp: partials, functions passed as arguments,
lambdas, bound methods and factory closures.

Each program is written once and loaded twice: with NumPy for s2sgrad, with autograd.numpy for
autograd, the oracle; central finite differences check both.  The CLI tests run `s2sgrad emit`
(in this process; in a subprocess under S2SGRAD_DEEP=1) and import what it writes.
"""

import functools
import importlib.util
import sys
import textwrap

import autograd
import numpy as np
import pytest

import s2sgrad
from s2sgrad.errors import UserCodeError
from tests.helpers import directional_difference, forget_modules, numpy_and_autograd, random_direction, run_cli

PROGRAM = '''
import functools
import numpy as np


def loss(w, X, y):
    return np.sum((np.tanh(X @ w) - y) ** 2)


def layer(x, W, act):
    return act(W @ x)


def softplus(z):
    return np.log(1.0 + np.exp(z))


square = lambda z: z * z + np.sin(z)


def net_tanh(W, x):
    return np.sum(layer(x, W, np.tanh) ** 2)


def net_user(W, x):
    return np.sum(layer(x, W, softplus) ** 2)


def net_lambda(W, x):
    return np.sum(layer(x, W, lambda z: z * np.cos(z)) ** 2)


def net_module_lambda(W, x):
    return np.sum(layer(x, W, square))


def net_local_lambda(W, x):
    bump = lambda z: np.exp(-z * z)
    return np.sum(layer(x, W, bump) * x)


def net_param(W, x, act):
    return np.sum(layer(x, W, act) ** 2)


def direct_param(w, act):
    return np.sum(act(w) * w)


def default_param(w, act=np.tanh):
    return np.sum(act(w) * w)


def net_loop(W, x):
    h = x
    for k in range(2):
        if k == 0:
            h = layer(h, W, np.tanh)
        else:
            h = layer(h, W, softplus)
    return np.sum(h * h)


def scaled(x, c=1.0, p=2.0):
    return c * np.sin(x) + x ** p


def partial_local(x):
    h = functools.partial(scaled, c=2.0)
    return np.sum(h(x) * x)


def partial_positional(x, y):
    h = functools.partial(scaled, y)
    return np.sum(h(p=3.0) * x)


scaled3 = functools.partial(scaled, c=3.0)


def partial_global(x):
    return np.sum(scaled3(x) * x)


def partial_param(x, h):
    return np.sum(h(x) * x)


def partial_to_layer(W, x):
    act = functools.partial(scaled, c=0.5)
    return np.sum(layer(x, W, act))


class Model:
    def __init__(self, W):
        self.W = W

    def predict(self, x):
        return np.tanh(self.W @ x)

    def loss(self, x, b):
        return np.sum((self.predict(x) + b) ** 2)


class Softplus:
    def __init__(self, scale):
        self.scale = scale

    def __call__(self, z):
        return np.log(1.0 + np.exp(self.scale * z))


def make_nn_funs(layer_sizes):
    shapes = list(zip(layer_sizes[:-1], layer_sizes[1:]))

    def predict(w, X):
        start = 0
        h = X
        for m, n in shapes:
            W = np.reshape(w[start:start + m * n], (m, n))
            start = start + m * n
            h = np.tanh(h @ W)
        return h

    def loss(w, X, y):
        return np.sum((predict(w, X) - y) ** 2)
    return predict, loss


def layer_default(x, W, act=np.tanh):
    return act(W @ x)


def net_callee_default(W, x):
    return np.sum(layer_default(x, W) ** 2)


def net_local_alias(W, x):
    act = np.sin
    return np.sum(layer(x, W, act) * act(x))


def rebinds(w, act):
    act = np.sin
    return np.sum(act(w))


def make_cube():
    return lambda x: np.sum(np.sin(x) * x ** 3)


def nested_calls_nested(W, x):
    scale = 3.0

    def inner(v):
        return np.tanh(W @ v * scale)

    def outer(v):
        return inner(v) * 2.0 + v

    def twice(v):
        return outer(outer(v))
    return np.sum(twice(x) ** 2)


def nested_lambdas(W, x):
    s = 2.0
    sq = lambda v: (W @ v * s) ** 2
    both = lambda v: sq(v) + sq(-v)
    return np.sum(both(x))
'''


@pytest.fixture(scope="module")
def programs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("callables")
    yield numpy_and_autograd(folder, "callables", PROGRAM)
    forget_modules("callables_np", "callables_ag")


RNG = np.random.default_rng(7)
W0, X0, Y0 = RNG.normal(size=(3, 3)) * 0.5, RNG.normal(size=(4, 3)), RNG.normal(size=4)
x0, w0, y0, b0 = RNG.normal(size=3), RNG.normal(size=3), RNG.normal(size=3), RNG.normal(size=3)


def _cases(m):
    """name -> (callable, args, position differentiated) for program module `m`."""
    Model, (_, nn_loss) = m.Model, m.make_nn_funs([3, 2, 1])
    return {
        "partial keywords": (functools.partial(m.loss, X=X0, y=Y0), (w0,), 0),
        "partial positional": (functools.partial(m.loss, w0), (X0, Y0), 0),
        "layer np.tanh": (m.net_tanh, (W0, x0), 0),
        "layer user function": (m.net_user, (W0, x0), 0),
        "layer inline lambda": (m.net_lambda, (W0, x0), 0),
        "layer module lambda": (m.net_module_lambda, (W0, x0), 0),
        "layer local lambda": (m.net_local_lambda, (W0, x0), 1),
        "parameter np.tanh passed on": (m.net_param, (W0, x0, m.np.tanh), 0),
        "parameter user function passed on": (m.net_param, (W0, x0, m.softplus), 0),
        "parameter lambda": (m.direct_param, (w0, m.square), 0),
        "parameter np.sin": (m.direct_param, (w0, m.np.sin), 0),
        "parameter default": (m.default_param, (w0,), 0),
        "parameter partial": (m.partial_param, (x0, functools.partial(m.scaled, p=3.0)), 0),
        "layer in a loop": (m.net_loop, (W0, x0), 0),
        "partial local": (m.partial_local, (x0,), 0),
        "partial local positional": (m.partial_positional, (x0, y0), 1),
        "partial global": (m.partial_global, (x0,), 0),
        "partial passed to layer": (m.partial_to_layer, (W0, x0), 0),
        "bound method": (Model(W0).loss, (x0, b0), 0),
        "bound method, second parameter": (Model(W0).loss, (x0, b0), 1),
        "factory closure": (nn_loss, (RNG.normal(size=8) * 0.5, X0, RNG.normal(size=(4, 1))), 0),
        "lambda": (m.make_cube(), (x0,), 0),
        "partial of a method": (functools.partial(Model(W0).loss, b=b0), (x0,), 0),
        "callee default": (m.net_callee_default, (W0, x0), 0),
        "callable object passed on": (m.net_param, (W0, x0, m.Softplus(0.7)), 0),
        "local alias": (m.net_local_alias, (W0, x0), 1),
        "nested function calling a nested function": (m.nested_calls_nested, (W0, x0), 0),
        "lambda calling a lambda": (m.nested_lambdas, (W0, x0), 1),
    }


CASES = [
    "partial keywords", "partial positional", "layer np.tanh", "layer user function", "layer inline lambda",
    "layer module lambda", "layer local lambda", "parameter np.tanh passed on", "parameter user function passed on",
    "parameter lambda", "parameter np.sin", "parameter default", "parameter partial", "layer in a loop",
    "partial local", "partial local positional", "partial global", "partial passed to layer", "bound method",
    "bound method, second parameter", "factory closure", "lambda", "partial of a method", "callee default",
    "local alias", "callable object passed on", "nested function calling a nested function",
    "lambda calling a lambda",
]


def _pair(programs, name):
    mine, theirs = (_cases(m)[name] for m in programs)
    return mine, theirs


@pytest.mark.parametrize("name", CASES)
def test_reverse(programs, name):
    (fn, args, position), (ag_fn, _, _) = _pair(programs, name)
    got = s2sgrad.grad(fn, position)(*args)
    expected = autograd.grad(ag_fn, position)(*args)
    np.testing.assert_allclose(got, expected, rtol=1e-7, atol=1e-10)
    v = random_direction(args, position)
    np.testing.assert_allclose(np.sum(got * v), directional_difference(fn, args, position, v), rtol=1e-5, atol=1e-7)
    value, again = s2sgrad.value_and_grad(fn, position)(*args)
    np.testing.assert_allclose(value, fn(*args))
    np.testing.assert_allclose(again, got)


@pytest.mark.parametrize("name", CASES)
def test_forward(programs, name):
    (fn, args, position), (ag_fn, _, _) = _pair(programs, name)
    v = random_direction(args, position)
    tangents = [None] * len(args)
    tangents[position] = v
    value, jv = s2sgrad.jvp(fn, tuple(args), tuple(tangents))
    np.testing.assert_allclose(value, fn(*args))
    expected = np.sum(autograd.grad(ag_fn, position)(*args) * v)       # the dot-product test, autograd's side
    np.testing.assert_allclose(jv, expected, rtol=1e-7, atol=1e-10)
    np.testing.assert_allclose(jv, directional_difference(fn, args, position, v), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", CASES)
def test_hvp(programs, name):
    (fn, args, position), (ag_fn, _, _) = _pair(programs, name)
    v = random_direction(args, position, seed=2)
    tangents = [None] * len(args)
    tangents[position] = v
    hv = s2sgrad.hvp(fn, tuple(args), tuple(tangents))
    expected = autograd.hessian_vector_product(ag_fn, position)(*args, v)
    np.testing.assert_allclose(hv, expected, rtol=1e-6, atol=1e-9)
    gradient = s2sgrad.grad(fn, position)

    def along(*moved):
        return np.sum(gradient(*moved) * v)
    u = random_direction(args, position, seed=3)
    np.testing.assert_allclose(np.sum(hv * u), directional_difference(along, args, position, u), rtol=1e-4, atol=1e-6)


def test_vjp_of_a_partial(programs):
    mine, _ = programs
    f = functools.partial(mine.loss, X=X0, y=Y0)
    np.testing.assert_allclose(s2sgrad.vjp(f)(w0, d_result=2.0), 2.0 * s2sgrad.grad(f)(w0))


def test_wrt_names_the_parameters_a_partial_leaves(programs):
    mine, _ = programs
    f = functools.partial(mine.loss, X=X0)
    np.testing.assert_allclose(s2sgrad.grad(f, wrt="y")(w0, y=Y0), s2sgrad.grad(mine.loss, wrt="y")(w0, X0, Y0))
    with pytest.raises(s2sgrad.ArgumentError, match="functools.partial binds"):
        s2sgrad.grad(f, wrt="X")


def test_a_new_function_is_a_new_specialisation(programs):
    """The same gradient object called with np.tanh then np.sin: each gets its own code."""
    mine, _ = programs
    gradient = s2sgrad.grad(mine.direct_param)
    for act, derivative in ((np.tanh, lambda w: 1 - np.tanh(w) ** 2), (np.sin, np.cos), (np.tanh, None)):
        expected = act(w0) + w0 * (derivative(w0) if derivative else 1 - np.tanh(w0) ** 2)
        np.testing.assert_allclose(gradient(w0, act), expected)
        np.testing.assert_allclose(gradient(w0, act=act), expected)


def test_a_lambda_made_at_each_call_is_transformed_once(programs):
    mine, _ = programs
    gradient = s2sgrad.grad(mine.direct_param)
    gradient(w0, np.tanh)
    cache = mine.direct_param.__dict__["__s2sgrad_cache__"]
    before = len(cache)
    for scale in (1.0, 2.0, 3.0):
        got = gradient(w0, lambda z: z * z)        # a new function object each time, one code
        np.testing.assert_allclose(got, 3 * w0 ** 2)
    assert len(cache) == before + 1


def test_the_decorator_with_a_function_valued_parameter(programs):
    mine, _ = programs
    marked = s2sgrad.differentiate(mine.direct_param, wrt="w")
    np.testing.assert_allclose(marked.grad(w0, np.sin), np.sin(w0) + w0 * np.cos(w0))
    assert "act=np.tanh" in s2sgrad.differentiate(mine.default_param).source


def test_the_decorator_forward_and_hvp_specialise_too(programs):
    mine, ag = programs
    marked = s2sgrad.differentiate(mine.net_param)
    v = random_direction((W0,), 0)
    _, jv = marked.jvp((W0, x0, mine.softplus), (v, None, None))
    np.testing.assert_allclose(jv, np.sum(autograd.grad(ag.net_param)(W0, x0, ag.softplus) * v))
    hv = marked.hvp((W0, x0, np.tanh), (v, None, None))
    np.testing.assert_allclose(hv, autograd.hessian_vector_product(ag.net_param)(W0, x0, ag.np.tanh, v))


def test_hessian_and_jacobian_of_a_partial(programs):
    mine, ag = programs
    f = functools.partial(mine.loss, X=X0, y=Y0)
    np.testing.assert_allclose(s2sgrad.hessian(f)(w0), autograd.hessian(ag.loss)(w0, X0, Y0), rtol=1e-7)
    np.testing.assert_allclose(s2sgrad.jacobian(f, mode="fwd")(w0), s2sgrad.grad(f)(w0), rtol=1e-10)


def test_emit_of_a_bound_method_knows_its_object(programs):
    mine, _ = programs
    text = s2sgrad.emit(mine.Model(W0).loss)
    assert "fwd_predict" in text


def test_emit_without_a_function_refuses_where_it_is_called(programs):
    mine, _ = programs
    with pytest.raises(UserCodeError) as info:
        s2sgrad.emit(mine.direct_param)
    message = str(info.value)
    assert message.count("function-valued parameter") == 1
    assert "`act` is a function-valued parameter of direct_param" in message
    assert "no derivative rule" not in message
    assert "callables_np.py:" in message and "^" in message


def test_a_function_given_with_no_rule_is_named(programs):
    mine, _ = programs
    with pytest.raises(s2sgrad.NoRuleError) as info:
        s2sgrad.grad(mine.direct_param)(w0, np.nancumprod)
    assert "no derivative rule for `nancumprod` (reverse mode), the function given as `act`" in str(info.value)


def test_a_rebound_function_valued_parameter_is_refused_once(programs):
    mine, _ = programs
    with pytest.raises(UserCodeError) as info:
        s2sgrad.grad(mine.rebinds)(w0, np.tanh)
    assert str(info.value).count("is rebound in rebinds") == 1


def test_a_nested_function_shadowing_what_its_callee_reads_is_refused(tmp_path):
    path = tmp_path / "shadowing.py"
    path.write_text(textwrap.dedent('''
        def f(x):
            scale = 3.0
            def inner(v):
                return v * scale
            def outer(v, scale):
                return inner(v) + scale
            return outer(x, 1.0)
        '''), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("shadowing", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with pytest.raises(UserCodeError, match=r"shadowing.py:6:5: .*`outer` calls `inner`, which reads `scale`"):
        s2sgrad.grad(module.f)(1.0)


def test_wrt_an_attribute_of_self_is_refused_with_what_to_write(programs):
    mine, _ = programs
    with pytest.raises(s2sgrad.ArgumentError, match="pass `W` as an argument"):
        s2sgrad.grad(mine.Model(W0).loss, wrt="self.W")


# -- the command line ---------------------------------------------------------------------------
CLI_PROGRAM = '''
import functools
import numpy as np


def softplus(z):
    return np.log(1.0 + np.exp(z))


def layer(x, W, act):
    return act(W @ x)


def tanh_default(W, x, act=np.tanh):
    return np.sum(layer(x, W, act) ** 2)


def user_default(W, x, act=softplus):
    return np.sum(act(W @ x) * x)


def inside(W, x):
    return np.sum(layer(x, W, np.tanh) + layer(x, W, lambda z: z * np.cos(z)))


def scaled(x, c=1.0, p=2.0):
    return c * np.sin(x) + x ** p


scaled3 = functools.partial(scaled, c=3.0)


def partials(x):
    q = functools.partial(scaled, p=3.0)
    return np.sum(scaled3(x) * q(x))


def no_default(W, x, act):
    return np.sum(layer(x, W, act))
'''


def _cli(tmp_path, *argv):
    return run_cli(*argv, cwd=tmp_path)


@pytest.fixture
def cli_file(tmp_path):
    (tmp_path / "nets.py").write_text(textwrap.dedent(CLI_PROGRAM), encoding="utf-8")
    return tmp_path


def test_cli_forward_mode_specialises_on_the_default(cli_file):
    out = cli_file / "jvp_tanh_default.py"
    done = _cli(cli_file, "emit", "nets.py", "-f", "tanh_default", "--mode", "forward", "-o", str(out))
    assert done.returncode == 0, done.stderr
    sys.path.insert(0, str(cli_file))
    try:
        emitted = importlib.import_module("jvp_tanh_default")
        v = random_direction((W0,), 0)
        _, tangent = emitted.jvp_tanh_default(W0, x0, t_W=v)
        (cli_file / "nets_ag.py").write_text(textwrap.dedent(CLI_PROGRAM).replace(
            "import numpy as np", "import autograd.numpy as np"), encoding="utf-8")
        oracle = importlib.import_module("nets_ag")
        np.testing.assert_allclose(tangent, np.sum(autograd.grad(oracle.tanh_default)(W0, x0) * v), rtol=1e-7)
    finally:
        sys.path.remove(str(cli_file))
        for name in ("jvp_tanh_default", "nets", "nets_ag"):
            sys.modules.pop(name, None)


@pytest.mark.parametrize("fname, args, expected", [
    ("tanh_default", (W0, x0), lambda m: autograd.grad(m.tanh_default)(W0, x0)),
    ("user_default", (W0, x0), lambda m: autograd.grad(m.user_default)(W0, x0)),
    ("inside", (W0, x0), lambda m: autograd.grad(m.inside)(W0, x0)),
    ("partials", (x0,), lambda m: autograd.grad(m.partials)(x0)),
])
def test_cli_emits_a_module_that_gives_the_gradient(cli_file, fname, args, expected):
    out = cli_file / f"grad_{fname}.py"
    done = _cli(cli_file, "emit", "nets.py", "-f", fname, "-o", str(out))
    assert done.returncode == 0, done.stderr
    sys.path.insert(0, str(cli_file))
    try:
        emitted = importlib.import_module(f"grad_{fname}")
        _, gradient = getattr(emitted, f"d_{fname}")(*args)
        (cli_file / "nets_ag.py").write_text(textwrap.dedent(CLI_PROGRAM).replace(
            "import numpy as np", "import autograd.numpy as np"), encoding="utf-8")
        oracle = importlib.import_module("nets_ag")
        np.testing.assert_allclose(gradient, expected(oracle), rtol=1e-7, atol=1e-10)
    finally:
        sys.path.remove(str(cli_file))
        for name in (f"grad_{fname}", "nets", "nets_ag"):
            sys.modules.pop(name, None)


def test_cli_refuses_a_function_valued_parameter_without_a_default(cli_file):
    done = _cli(cli_file, "emit", "nets.py", "-f", "no_default")
    assert done.returncode == 2
    assert done.stderr.count("error:") == 1
    assert "nets.py:" in done.stderr and "`act` is a function-valued parameter" in done.stderr
    assert "no derivative rule" not in done.stderr
    assert "give it a default" in done.stderr

"""Issue 9, front end: lambdas, signatures, name resolution, reserved names, the cache, the fence.

Each test writes a small module the way a user would, imports it from a file (s2sgrad
reads its source), and checks the gradient against the function itself: central finite
differences (`check_grads`, `check_jvp`) and, where the function is plain NumPy, autograd.
"""

import importlib.util
import itertools
import os
import subprocess
import sys
import textwrap
import timeit

import numpy as np
import pytest

import s2sgrad
from s2sgrad.errors import ArgumentError, UserCodeError
from s2sgrad.testing import check_grads, check_jvp
from tests.conftest import ROOT

ag = pytest.importorskip("autograd")
anp = pytest.importorskip("autograd.numpy")

_COUNT = itertools.count()
X = np.array([0.3, -0.7, 1.1])
U = np.array([0.5, 1.0, -2.0])


def load(tmp_path, text):
    """Import `text` as a fresh module from a file of its own."""
    name = f"frontend_case_{next(_COUNT)}"
    path = tmp_path / f"{name}.py"
    path.write_text(textwrap.dedent(text))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fd_hvp(fn, x, u, eps=1e-5):
    """H·u by central differences of the gradient."""
    g = s2sgrad.grad(fn)
    return (g(x + eps * u) - g(x - eps * u)) / (2 * eps)


def located(error, line):
    """The diagnostics of `error` on source line `line`, each with a caret."""
    found = [d for d in error.diagnostics if d.location.line == line]
    assert found, str(error)
    assert "^" in found[0].render()
    return found


# -- a. lambdas ---------------------------------------------------------------------------
LAMBDAS = """
import numpy as np
import s2sgrad

K = 1.5
f = lambda x: np.sum(np.sin(x) * x * K)
sq = lambda v: v * v
first, second = (lambda x: np.sum(x * x)), (lambda x: np.sum(np.sin(x)))
one, other = (lambda x: np.sum(x * x)), (lambda y: np.sum(np.cos(y)))
marked = s2sgrad.differentiate(lambda x: np.sum(np.tanh(x)))


def uses_sq(x):
    return np.sum(sq(x) * K)


def make(a):
    return lambda x: np.sum(np.exp(x * a) * K)
"""


def test_module_level_lambda_in_every_mode(tmp_path):
    m = load(tmp_path, LAMBDAS)
    expected = ag.grad(lambda x: anp.sum(anp.sin(x) * x * 1.5))(X)
    np.testing.assert_allclose(s2sgrad.grad(m.f)(X), expected, rtol=1e-12)
    check_grads(m.f, (X,))
    check_jvp(m.f, (X,))
    value, tangent = s2sgrad.jvp(m.f, (X,), (U,))
    assert value == pytest.approx(m.f(X)) and tangent == pytest.approx(np.dot(expected, U))
    np.testing.assert_allclose(s2sgrad.hvp(m.f, (X,), (U,)), fd_hvp(m.f, X, U), rtol=1e-6)
    assert "def d_f(x, d_result=1.0):" in s2sgrad.emit(m.f)


def test_inline_lambda():
    np.testing.assert_allclose(s2sgrad.grad(lambda x: np.sum(x ** 2))(X), 2 * X, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.jvp(lambda x: np.sum(x ** 2), (X,), (U,))[1], 2 * np.dot(X, U))


def test_lambda_reading_globals_and_a_closure(tmp_path):
    m = load(tmp_path, LAMBDAS)
    fn = m.make(0.5)
    expected = ag.grad(lambda x: anp.sum(anp.exp(x * 0.5) * 1.5))(X)
    np.testing.assert_allclose(s2sgrad.grad(fn)(X), expected, rtol=1e-12)
    check_grads(fn, (X,))
    check_jvp(fn, (X,))


def test_lambda_called_from_a_function(tmp_path):
    m = load(tmp_path, LAMBDAS)
    np.testing.assert_allclose(s2sgrad.grad(m.uses_sq)(X), 2 * X * 1.5, rtol=1e-12)
    check_jvp(m.uses_sq, (X,))


@pytest.mark.skipif(sys.version_info < (3, 11), reason="code positions need Python 3.11")
def test_several_lambdas_on_one_line_are_told_apart_by_position(tmp_path):
    m = load(tmp_path, LAMBDAS)
    np.testing.assert_allclose(s2sgrad.grad(m.first)(X), 2 * X, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.grad(m.second)(X), np.cos(X), rtol=1e-12)


def test_several_lambdas_on_one_line_with_different_parameters(tmp_path):
    m = load(tmp_path, LAMBDAS)
    np.testing.assert_allclose(s2sgrad.grad(m.one)(X), 2 * X, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.grad(m.other)(X), -np.sin(X), rtol=1e-12)


def test_ambiguous_lambdas_are_a_located_refusal_where_positions_are_unknown(tmp_path, monkeypatch):
    from s2sgrad.transforms import parse
    m = load(tmp_path, LAMBDAS)
    monkeypatch.setattr(parse, "_spans", lambda code: [])          # Python 3.10 has no co_positions
    with pytest.raises(UserCodeError, match="several lambdas on this line") as caught:
        s2sgrad.grad(m.second)(X)
    line = 1 + LAMBDAS.splitlines().index("first, second = (lambda x: np.sum(x * x)), (lambda x: np.sum(np.sin(x)))")
    located(caught.value, line)


def test_lambda_in_a_notebook_cell_reading_a_global():
    import linecache
    text = ("import numpy as np\nK = 3.0\nf = lambda x: np.sum(np.sin(x) * K)\n"
            "rows = [\n    lambda x: np.sum(x * x),\n]\n")
    cell = "<ipython-input-3-frontend>"
    linecache.cache[cell] = (len(text), None, text.splitlines(True), cell)
    namespace = {"__name__": "__main__"}
    exec(compile(text, cell, "exec"), namespace)
    np.testing.assert_allclose(s2sgrad.grad(namespace["f"])(X), 3.0 * np.cos(X), rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.grad(namespace["rows"][0])(X), 2 * X, rtol=1e-12)


def test_lambda_with_the_decorator(tmp_path):
    m = load(tmp_path, LAMBDAS)
    np.testing.assert_allclose(m.marked.grad(X), 1 - np.tanh(X) ** 2, rtol=1e-12)
    value, tangent = m.marked.jvp((X,), (U,))
    assert tangent == pytest.approx(np.dot(1 - np.tanh(X) ** 2, U))
    np.testing.assert_allclose(m.marked.hvp((X,), (U,)), fd_hvp(m.marked, X, U), rtol=1e-6)


def test_module_level_lambda_through_the_cli(tmp_path):
    m = load(tmp_path, LAMBDAS)
    out = subprocess.run([sys.executable, "-m", "s2sgrad.cli", "emit", m.__file__, "-f", "f"], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "def d_f(x, d_result=1.0):" in out.stdout


# -- b. keyword-only and positional-only parameters ---------------------------------------
SIGNATURES = """
import numpy as np

scale = 100.0


def f(x, *, scale=2.0):
    return np.sum(np.sin(x) * scale)


def g(x, y=1.0, *, s, t=3.0):
    return np.sum(x * y * s + t * x)


def callee(v, *, s=2.0):
    return v * s


def caller(x):
    return np.sum(callee(x) + callee(x, s=5.0) * x)


def positional(a, /, b):
    return np.sum(np.sin(a) * b)


def star(*args):
    return args[0] * 2.0


def double_star(x, **kwargs):
    return x * 2.0
"""


def test_keyword_only_parameter_is_not_read_from_a_same_named_global(tmp_path):
    m = load(tmp_path, SIGNATURES)
    np.testing.assert_allclose(s2sgrad.grad(m.f)(X), 2.0 * np.cos(X), rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.grad(m.f)(X, scale=3.0), 3.0 * np.cos(X), rtol=1e-12)
    assert s2sgrad.grad(m.f, wrt="scale")(X, scale=3.0) == pytest.approx(np.sum(np.sin(X)))
    assert s2sgrad.jvp(m.f, (X,), (U,))[1] == pytest.approx(2.0 * np.dot(np.cos(X), U))
    value, _ = s2sgrad.value_and_grad(m.f)(X, scale=3.0)
    assert value == m.f(X, scale=3.0)


def test_keyword_only_parameters_keep_their_defaults_in_the_emitted_signature(tmp_path):
    m = load(tmp_path, SIGNATURES)
    assert "def d_g(x, y=1.0, d_result=1.0, *, s, t=3.0):" in s2sgrad.emit(m.g)
    expected = ag.grad(lambda x: anp.sum(x * 1.0 * 2.0 + 3.0 * x))(X)
    np.testing.assert_allclose(s2sgrad.grad(m.g)(X, s=2.0), expected, rtol=1e-12)


def test_keyword_only_parameters_through_the_cli_match_the_api(tmp_path, capsys):
    from s2sgrad import cli
    m = load(tmp_path, SIGNATURES)
    for fname in ("g", "caller", "positional"):
        assert cli.main(["emit", m.__file__, "-f", fname]) == 0
        assert capsys.readouterr().out == s2sgrad.emit(getattr(m, fname))


def test_keyword_only_parameter_of_a_callee(tmp_path):
    m = load(tmp_path, SIGNATURES)
    expected = ag.grad(lambda x: anp.sum(x * 2.0 + x * 5.0 * x))(X)
    np.testing.assert_allclose(s2sgrad.grad(m.caller)(X), expected, rtol=1e-12)
    check_jvp(m.caller, (X,))


def test_keyword_arguments_follow_a_renamed_parameter(tmp_path):
    m = load(tmp_path, """
        import numpy as np
        import s2sgrad


        @s2sgrad.checkpoint
        def step(v, *, stack=2.0):
            return np.sin(v) * stack


        def scaled(v, max=1.0):
            return v * max


        def f(x, w):
            def inner(v, len):
                return v * len
            return np.sum(step(x, stack=w) + scaled(x, max=w) + inner(x, len=w))
        """)
    args = (X, 1.5)
    expected = ag.grad(lambda x, w: anp.sum(anp.sin(x) * w + x * w + x * w), (0, 1))(*args)
    grads = s2sgrad.grad(m.f, wrt=(0, 1))(*args)
    np.testing.assert_allclose(grads[0], expected[0], rtol=1e-12)
    assert grads[1] == pytest.approx(expected[1], rel=1e-12)
    check_grads(m.f, args, wrt=(0, 1))
    check_jvp(m.f, args, wrt=(0, 1))


def test_positional_only_parameters(tmp_path):
    m = load(tmp_path, SIGNATURES)
    np.testing.assert_allclose(s2sgrad.grad(m.positional, wrt=1)(X, 2.0), np.sum(np.sin(X)), rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.grad(m.positional)(X, 2.0), 2.0 * np.cos(X), rtol=1e-12)


def test_star_args_of_the_differentiated_function_are_read_for_the_call(tmp_path):
    m = load(tmp_path, SIGNATURES)
    assert s2sgrad.grad(m.star)(1.5) == pytest.approx(2.0)
    assert s2sgrad.jvp(m.star, (1.5,), (1.0,))[1] == pytest.approx(2.0)


def test_star_star_kwargs_of_the_differentiated_function_are_read_for_the_call(tmp_path):
    m = load(tmp_path, SIGNATURES)
    assert s2sgrad.grad(m.double_star)(1.0) == pytest.approx(2.0)
    assert s2sgrad.grad(m.double_star)(1.0, unused=3.0) == pytest.approx(2.0)


def test_star_star_kwargs_of_the_differentiated_function_are_a_located_refusal_for_emit(tmp_path):
    m = load(tmp_path, SIGNATURES)
    line = 1 + [i for i, text in enumerate(SIGNATURES.splitlines()) if text.startswith("def double_star(")][0]
    with pytest.raises(UserCodeError) as caught:
        s2sgrad.emit(m.double_star)
    located(caught.value, line)


# -- c. module globals that shadow builtins -----------------------------------------------
SHADOWS = {
    "range": ("def range(n):\n    return [0.0, 2.0]\n",
              "def f(x):\n    s = 0.0\n    for i in range(3):\n        s = s + x * i\n    return np.sum(s)\n"),
    "len": ("def len(v):\n    return 2\n",
            "def f(x):\n    s = 0.0\n    for i in range(len(x)):\n        s = s + x[i] * x[i]\n    return s\n"),
    "enumerate": ("def enumerate(xs):\n    return [(1.0, xs[1]), (2.0, xs[0])]\n",
                  "def f(x):\n    s = 0.0\n    for i, v in enumerate(x):\n        s = s + v * i\n    return s\n"),
    "zip": ("def zip(a, b):\n    return [(a[0], b[1])]\n",
            "def f(x):\n    s = 0.0\n    for a, b in zip(x, x * x):\n        s = s + a * b\n    return s\n"),
    "reversed": ("def reversed(v):\n    return [v[0], v[0]]\n",
                 "def f(x):\n    s = 1.0\n    for v in reversed(x):\n        s = s * v\n    return s\n"),
    "abs": ("def abs(v):\n    return v * v\n",
            "def f(x):\n    return np.sum(abs(x))\n"),
    "sum": ("def sum(v):\n    return 2.0 * np.sum(v)\n",
            "def f(x):\n    return sum(x * x) + sum(np.sin(x))\n"),
    "ord": ("ord = 3.0\n",
            "def f(x):\n    return np.sum(x * ord)\n"),
}


@pytest.mark.parametrize("builtin", sorted(SHADOWS))
def test_module_global_shadowing_a_builtin_is_read_as_python_reads_it(tmp_path, builtin):
    definition, function = SHADOWS[builtin]
    m = load(tmp_path, "import numpy as np\n\n" + definition + "\n\n" + function)
    value, _ = s2sgrad.value_and_grad(m.f)(X)
    assert value == pytest.approx(m.f(X), rel=1e-12)
    check_grads(m.f, (X,))
    check_jvp(m.f, (X,))


def test_star_import_from_numpy_and_a_nested_parameter_named_len(tmp_path):
    m = load(tmp_path, """
        from numpy import *
        import numpy as np


        def f(x):
            return np.sum(x) * max(x) + sum(abs(x))


        def g(x):
            def inner(len):
                return x * len
            return np.sum(inner(2.0)) * len(x)
        """)
    for fn in (m.f, m.g):
        value, _ = s2sgrad.value_and_grad(fn)(X)
        assert value == pytest.approx(fn(X), rel=1e-12)
        check_grads(fn, (X,))
        check_jvp(fn, (X,))
    oracle = ag.grad(lambda x: anp.sum(x) * anp.max(x) + anp.sum(anp.abs(x)))(X)
    np.testing.assert_allclose(s2sgrad.grad(m.f)(X), oracle, rtol=1e-12)


def test_shadowing_global_is_imported_under_its_own_name(tmp_path):
    m = load(tmp_path, "import numpy as np\n\n" + "\n\n".join(SHADOWS["ord"]))
    text = s2sgrad.emit(m.f)
    assert f"from {m.__name__} import ord as " in text


# -- d. user names that the emitted code uses too ----------------------------------------
RESERVED = """
import numpy as np

d_result = 3.0
unbroadcast = 2.0
stack = 0.5


def zeros_like(v):
    return v * 0.0 + 1.0


def reads_globals(x):
    return np.sum(np.sin(x) * d_result * unbroadcast + stack * zeros_like(x) * x)


def binds_locals(x):
    d_result = x * 2.0
    stack = d_result + 1.0
    Stack = np.sin(stack)
    for i in range(2):
        stack = stack * Stack
    return np.sum(stack * x)


def names_parameters(stack, zeros_like, d_result):
    out = stack
    for i in range(2):
        out = np.tanh(out * zeros_like + d_result)
    return np.sum(out)
"""


def test_globals_named_like_generated_names(tmp_path):
    m = load(tmp_path, RESERVED)
    value, grad = s2sgrad.value_and_grad(m.reads_globals)(X)
    assert value == pytest.approx(m.reads_globals(X))
    expected = ag.grad(lambda x: anp.sum(anp.sin(x) * 6.0 + 0.5 * (x * 0.0 + 1.0) * x))(X)
    np.testing.assert_allclose(grad, expected, rtol=1e-12)
    check_jvp(m.reads_globals, (X,))


def test_locals_named_like_generated_names(tmp_path):
    m = load(tmp_path, RESERVED)
    value, _ = s2sgrad.value_and_grad(m.binds_locals)(X)
    assert value == pytest.approx(m.binds_locals(X))
    check_grads(m.binds_locals, (X,))
    check_jvp(m.binds_locals, (X,))


@pytest.mark.parametrize("wrt", [0, 1, "d_result", ("stack", "zeros_like")])
def test_parameters_named_like_generated_names(tmp_path, wrt):
    m = load(tmp_path, RESERVED)
    args = (X, 1.5, 0.25)
    value, _ = s2sgrad.value_and_grad(m.names_parameters, wrt=wrt)(*args)
    assert value == pytest.approx(m.names_parameters(*args))
    check_grads(m.names_parameters, args, wrt=wrt)
    check_jvp(m.names_parameters, args, wrt=wrt)
    np.testing.assert_allclose(s2sgrad.grad(m.names_parameters)(*args),
                               ag.grad(_autograd_names_parameters)(*args), rtol=1e-12)
    by_name = s2sgrad.grad(m.names_parameters, wrt=wrt)(X, zeros_like=1.5, d_result=0.25)
    by_position = s2sgrad.grad(m.names_parameters, wrt=wrt)(*args)
    for a, b in zip(by_name if isinstance(wrt, tuple) else [by_name],
                    by_position if isinstance(wrt, tuple) else [by_position]):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def _autograd_names_parameters(stack, zeros_like, d_result):
    out = stack
    for i in range(2):
        out = anp.tanh(out * zeros_like + d_result)
    return anp.sum(out)


def test_messages_spell_a_renamed_name_as_the_user_wrote_it(tmp_path):
    m = load(tmp_path, "import autograd.numpy as np\n\n\ndef f(x):\n    return np.sum(np.sin(x))\n")
    with pytest.raises(UserCodeError) as caught:
        s2sgrad.grad(m.f)(X)
    assert "`np.sum`" in str(caught.value) and "np_2" not in str(caught.value)


def test_renamed_names_are_the_same_through_the_cli(tmp_path, capsys):
    from s2sgrad import cli
    m = load(tmp_path, RESERVED)
    for fname in ("reads_globals", "binds_locals"):
        assert cli.main(["emit", m.__file__, "-f", fname]) == 0
        assert capsys.readouterr().out == s2sgrad.emit(getattr(m, fname))
    # the command line's module keeps the user's parameter names (its own names give way);
    # the API's, which only s2sgrad calls, may rename them
    assert cli.main(["emit", m.__file__, "-f", "names_parameters"]) == 0
    assert "def d_names_parameters(stack, zeros_like, d_result, " in capsys.readouterr().out
    assert f"from {m.__name__} import d_result as d_result_2" in s2sgrad.emit(m.reads_globals)


def test_rename_pass_before_and_after():
    from s2sgrad.resolve import StaticResolver
    from s2sgrad.transforms import codegen
    from s2sgrad.transforms.parse import parse_source
    source = parse_source(textwrap.dedent("""\
        import numpy as np
        ord = 3.0

        def f(x, stack, *, d_result=1.0):
            len = x * ord
            return np.sum(len * stack * d_result)
        """), "m.py")
    resolver = StaticResolver(source)
    func = resolver.definition("f")
    printer = codegen.Printer(lambda line: "")
    printer.function(func)
    # (every parameter in args.args: the emitted signature keeps `d_result_2` keyword-only)
    assert func.args.args[-1].s2s_kwonly
    assert printer.text().strip() == textwrap.dedent("""\
        def f(x, stack_2, d_result_2):
            len_value = x * ord_value
            return np.sum(len_value * stack_2 * d_result_2)""")
    assert func.s2s_renames == {"d_result": "d_result_2", "len": "len_value", "ord": "ord_value", "stack": "stack_2"}
    assert resolver.scope.import_line("ord_value") == "from m import ord as ord_value"
    assert resolver.lookup("ord_value") == 3.0


# -- e. the cache follows rebound globals ---------------------------------------------------
STALE = """
import numpy as np
import s2sgrad

K = 2.0


def helper(v):
    return v * K


def f(x):
    return np.sum(np.sin(helper(x)))


@s2sgrad.differentiate
def g(x):
    return np.sum(x * K)
"""


def test_rebound_constant_and_helper_are_seen(tmp_path):
    m = load(tmp_path, STALE)
    both = s2sgrad.value_and_grad(m.f)
    assert both(X)[0] == m.f(X)
    np.testing.assert_allclose(s2sgrad.hvp(m.f, (X,), (U,)), fd_hvp(m.f, X, U), rtol=1e-6)
    m.K = 5.0
    np.testing.assert_allclose(s2sgrad.hvp(m.f, (X,), (U,)), fd_hvp(m.f, X, U), rtol=1e-6)
    value, grad = both(X)
    assert value == m.f(X)
    np.testing.assert_allclose(grad, 5.0 * np.cos(5.0 * X), rtol=1e-12)
    m.helper = load(tmp_path, "def helper(v):\n    return v * v\n").helper
    value, grad = both(X)
    assert value == m.f(X)
    check_grads(m.f, (X,))
    assert s2sgrad.jvp(m.f, (X,), (U,))[0] == m.f(X)
    np.testing.assert_allclose(s2sgrad.hvp(m.f, (X,), (U,)), fd_hvp(m.f, X, U), rtol=1e-6)


def test_rebound_constant_is_seen_by_the_decorator_and_vjp(tmp_path):
    m = load(tmp_path, STALE)
    assert m.g.value_and_grad(X)[0] == m.g(X)
    m.K = 7.0
    assert m.g.value_and_grad(X)[0] == m.g(X)
    np.testing.assert_allclose(m.g.grad(X), 7.0 * np.ones(3))
    np.testing.assert_allclose(s2sgrad.vjp(m.g)(X, d_result=2.0), 14.0 * np.ones(3))


def test_a_function_of_another_module_rebound_is_seen(tmp_path):
    helpers = load(tmp_path, "def step(v):\n    return v * 2.0\n")
    m = load(tmp_path, "import numpy as np\n\n\ndef f(x):\n    return np.sum(np.sin(helpers.step(x)))\n")
    m.helpers = helpers
    both = s2sgrad.value_and_grad(m.f)
    assert both(X)[0] == m.f(X)
    helpers.step = load(tmp_path, "def step(v):\n    return v * v\n").step
    value, grad = both(X)
    assert value == m.f(X)
    np.testing.assert_allclose(grad, np.cos(X * X) * 2 * X, rtol=1e-12)


def test_a_closure_cell_rebound_is_seen(tmp_path):
    m = load(tmp_path, """
        import numpy as np

        def make():
            a = 2.0
            def f(x):
                return np.sum(x * a)
            def set_a(value):
                nonlocal a
                a = value
            return f, set_a
        """)
    f, set_a = m.make()
    both = s2sgrad.value_and_grad(f)
    assert both(X)[0] == f(X)
    set_a(4.0)
    value, grad = both(X)
    assert value == f(X)
    np.testing.assert_allclose(grad, 4.0 * np.ones(3))


def test_the_cache_check_keeps_the_fast_path_fast(tmp_path):
    m = load(tmp_path, "import numpy as np\n\nK = 2.0\n\ndef f(x):\n    return np.sum(x * K)\n")
    both = s2sgrad.value_and_grad(m.f)
    x = np.ones(3)
    both(x)
    per_call = min(timeit.repeat(lambda: both(x), number=2000, repeat=5)) / 2000
    direct = min(timeit.repeat(lambda: m.f(x), number=2000, repeat=5)) / 2000
    assert per_call < 20 * direct + 20e-6, (per_call, direct)


# -- f. factory closures calling each other ------------------------------------------------
FACTORY = """
import numpy as np


def make(a):
    def g(x):
        return a * x

    def h(x):
        return np.sum(np.sin(g(x)) + 1.0)
    return h


def make_conflict(a):
    def g(x):
        return a * x

    def h(x, a):
        return np.sum(g(x) * a)
    return h
"""


def test_closure_calling_a_sibling_that_captures_a_value(tmp_path):
    m = load(tmp_path, FACTORY)
    for a in (2.0, 3.0):
        h = m.make(a)
        expected = ag.grad(lambda x: anp.sum(anp.sin(a * x) + 1.0))(X)
        np.testing.assert_allclose(s2sgrad.grad(h)(X), expected, rtol=1e-12)
        check_jvp(h, (X,))
        np.testing.assert_allclose(s2sgrad.hvp(h, (X,), (U,)), fd_hvp(h, X, U), rtol=1e-6)


def test_two_closures_of_one_factory_in_one_function(tmp_path):
    m = load(tmp_path, """
        import numpy as np


        def make(a):
            def inner(x):
                return a * np.sin(x)
            return inner


        g = make(2.0)
        h = make(3.0)


        def f(x):
            return np.sum(g(x) + h(x) * x)
        """)
    value, grad = s2sgrad.value_and_grad(m.f)(X)
    assert value == pytest.approx(m.f(X))
    np.testing.assert_allclose(grad, ag.grad(lambda x: anp.sum(2.0 * anp.sin(x) + 3.0 * anp.sin(x) * x))(X),
                               rtol=1e-12)
    check_jvp(m.f, (X,))


def test_a_global_of_the_same_name_in_two_modules(tmp_path):
    other = load(tmp_path, "import numpy as np\n\nK = 3.0\n\n\ndef step(x):\n    return np.sin(x) * K\n")
    m = load(tmp_path, "import numpy as np\n\nK = 2.0\n\n\ndef f(x):\n    return np.sum(other.step(x) * K)\n")
    m.other = other
    value, grad = s2sgrad.value_and_grad(m.f)(X)
    assert value == pytest.approx(m.f(X))
    np.testing.assert_allclose(grad, 6.0 * np.cos(X), rtol=1e-12)


def test_closure_with_a_parameter_named_like_a_siblings_capture(tmp_path):
    m = load(tmp_path, FACTORY)
    h = m.make_conflict(2.0)
    np.testing.assert_allclose(s2sgrad.grad(h)(X, 3.0), 6.0 * np.ones(3), rtol=1e-12)
    check_grads(h, (X, 3.0), wrt=(0, 1))


# -- g. second order of a script run as __main__ -------------------------------------------
SCRIPT = """
import numpy as np
import s2sgrad

K = 2.0


def f(x):
    return np.sum(np.sin(x) * K)


def s(y):
    return np.sin(y) * K


x = np.array([0.1, 0.5])
hv = s2sgrad.hvp(f, (x,), (np.ones(2),))
assert np.allclose(hv, -K * np.sin(x)), hv
H = s2sgrad.hessian(f)(x)
assert np.allclose(H, np.diag(-K * np.sin(x))), H
d2 = s2sgrad.grad(s2sgrad.grad(s))(0.3)
assert np.isclose(d2, -K * np.sin(0.3)), d2
print("ok")
"""


def test_second_order_in_a_script_run_as_main(tmp_path):
    path = tmp_path / "script.py"
    path.write_text(SCRIPT)
    env = dict(os.environ, PYTHONPATH=ROOT)
    out = subprocess.run([sys.executable, str(path)], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


# -- h. the fence refuses what it cannot differentiate ------------------------------------
REFUSED = [
    ("match", "def f(x):\n    match x:\n        case float(real=1.0):\n            y = x * 2.0\n    return y\n", 3,
     (3, 10)),
    ("except*", "def f(x):\n    try:\n        y = x * 2.0\n    except* ValueError:\n        y = x\n    return y\n",
     2, (3, 11)),
    ("try-finally", "def f(x):\n    try:\n        y = x * 2.0\n    finally:\n        pass\n    return y\n", 2, (3, 10)),
    ("del", "def f(x):\n    y = x * 2.0\n    z = y\n    del z\n    return y\n", 4, (3, 10)),
    ("global", "def f(x):\n    global G\n    G = x\n    return x * 2.0\n", 2, (3, 10)),
    ("nonlocal in a nested def", "def f(x):\n    acc = x * 1.0\n    def bump():\n        nonlocal acc\n"
     "        acc = acc * 2.0\n    bump()\n    return np.sum(acc)\n", 4, (3, 10)),
    ("yield", "def f(x):\n    yield x * 2.0\n", 2, (3, 10)),
    ("yield from", "def f(x):\n    yield from [x]\n", 2, (3, 10)),
    ("async", "async def f(x):\n    return x * 2.0\n", 1, (3, 10)),
    ("walrus in a comprehension", "def f(x):\n    s = [(y := v) for v in [x]]\n    return x * 2.0\n", 2, (3, 10)),
    ("with", "def f(x):\n    with open('p') as fh:\n        pass\n    return x * 2.0\n", 2, (3, 10)),
    ("starred", "def f(x):\n    return np.sum(np.stack([*[x, x]]))\n", 2, (3, 10)),
    ("import", "def f(x):\n    import math\n    return x * 2.0\n", 2, (3, 10)),
    ("set comprehension", "def f(x):\n    s = {v for v in [1.0]}\n    return x * 2.0\n", 2, (3, 10)),
    ("nested class", "def f(x):\n    class A:\n        pass\n    return x * 2.0\n", 2, (3, 10)),
]


@pytest.mark.parametrize("key,body,line,version", REFUSED, ids=[r[0] for r in REFUSED])
def test_constructs_without_a_derivative_are_refused_with_a_location(tmp_path, key, body, line, version):
    if sys.version_info < version:
        pytest.skip(f"{key} needs Python {version}")
    m = load(tmp_path, "import numpy as np\n\n\n" + body)
    with pytest.raises(UserCodeError) as caught:
        s2sgrad.emit(m.f)
    located(caught.value, line + 3)
    assert "error:" in str(caught.value)


def test_match_statement_is_refused_not_given_a_zero_gradient(tmp_path):
    m = load(tmp_path, "import numpy as np\n\n\n" + REFUSED[0][1])
    with pytest.raises(UserCodeError, match="match"):
        s2sgrad.grad(m.f)(1.5)
    m = load(tmp_path, "import numpy as np\n\n\ndef f(x):\n    match 1:\n        case 1:\n            y = x * 2.0\n"
             "    return y\n")
    assert s2sgrad.grad(m.f)(1.5) == 2.0        # a literal pattern: lowered to `if`


def test_refused_constructs_are_listed_in_the_docs():
    text = open(os.path.join(ROOT, "docs", "python-subset.md"), encoding="utf-8").read()
    for word in ("`match`", "`except*`", "`del`", "`yield", "`:=`", "`global`", "`async`"):
        assert word in text, word


# -- i. the seed of a vector-Jacobian product ----------------------------------------------
def _scalar(x):
    return np.sum(x * x)


def _vector(x):
    return np.sin(x) * 2.0


@pytest.mark.parametrize("fn,seed", [
    pytest.param(_scalar, np.ones(3), id="vector-seed-for-a-scalar"),
    pytest.param(_vector, np.ones(4), id="wrong-length"),
    pytest.param(_vector, np.ones((3, 3)), id="wrong-rank"),
    pytest.param(_vector, 1.0, id="scalar-seed-for-a-vector"),
])
def test_a_seed_that_does_not_match_the_output_is_an_argument_error(fn, seed):
    with pytest.raises(ArgumentError, match="d_result"):
        s2sgrad.vjp(fn)(X, d_result=seed)


def _pair(x):
    return np.sin(x), np.sum(x * x)


def test_a_seed_for_a_tuple_output_needs_the_tuple_structure():
    with pytest.raises(ArgumentError, match=r"d_result\[1\] has shape \(3,\)"):
        s2sgrad.vjp(_pair)(X, d_result=(np.ones(3), np.ones(3)))
    with pytest.raises(ArgumentError, match="d_result is not a tuple"):
        s2sgrad.vjp(_pair)(X, d_result=np.ones(3))
    np.testing.assert_allclose(s2sgrad.vjp(_pair)(X, d_result=(U, 2.0)), np.cos(X) * U + 4.0 * X, rtol=1e-12)


def test_a_matching_seed_is_fine():
    v = np.array([1.0, -1.0, 0.5])
    np.testing.assert_allclose(s2sgrad.vjp(_vector)(X, d_result=v), 2.0 * np.cos(X) * v)
    np.testing.assert_allclose(s2sgrad.vjp(_scalar)(X, d_result=2.0), 4.0 * X)


# -- programs written in a hurry, checked against autograd ---------------------------------
HURRIED = """
import numpy as np
from numpy import abs, sum, max

rng = np.random.default_rng(0)
A = rng.standard_normal((5, 3))
b = rng.standard_normal(5)
temperature = 1.0

loss = lambda w: np.mean((A @ w - b) ** 2) + 0.1 * sum(abs(w))


def ridge(w, A, b, *, reg=1e-2, power=2.0):
    r = A @ w - b
    return np.sum(r ** power) + reg * np.sum(w * w)


def softmax_loss(w):
    z = A @ w / temperature
    stack = z - max(z)
    len = np.log(np.sum(np.exp(stack)))
    return len - stack[0]


def make_loss(A, b):
    def residual(w):
        return A @ w - b

    def loss(w):
        r = residual(w)
        return np.sum(r * r)
    return loss
"""


def test_hurried_lambda_loss_with_numpy_star_names(tmp_path):
    m = load(tmp_path, HURRIED)
    w = np.array([0.3, -0.2, 0.5])
    oracle = ag.grad(lambda w: anp.mean((anp.dot(m.A, w) - m.b) ** 2) + 0.1 * anp.sum(anp.abs(w)))(w)
    np.testing.assert_allclose(s2sgrad.grad(m.loss)(w), oracle, rtol=1e-10)
    check_grads(m.loss, (w,))
    check_jvp(m.loss, (w,))


def test_hurried_keyword_only_hyperparameters(tmp_path):
    m = load(tmp_path, HURRIED)
    w = np.array([0.3, -0.2, 0.5])
    oracle = ag.grad(lambda w: anp.sum((anp.dot(m.A, w) - m.b) ** 2) + 0.5 * anp.sum(w * w))(w)
    np.testing.assert_allclose(s2sgrad.grad(m.ridge)(w, m.A, m.b, reg=0.5), oracle, rtol=1e-10)
    check_grads(lambda w: m.ridge(w, m.A, m.b, reg=0.5), (w,))


def test_hurried_names_like_ours_and_a_changing_temperature(tmp_path):
    m = load(tmp_path, HURRIED)
    w = np.array([0.3, -0.2, 0.5])
    both = s2sgrad.value_and_grad(m.softmax_loss)
    for t in (1.0, 0.5):
        m.temperature = t
        z = lambda w: anp.dot(m.A, w) / t
        oracle = ag.grad(lambda w: anp.log(anp.sum(anp.exp(z(w) - anp.max(z(w))))) - (z(w)[0] - anp.max(z(w))))(w)
        value, grad = both(w)
        assert value == pytest.approx(m.softmax_loss(w))
        np.testing.assert_allclose(grad, oracle, rtol=1e-10)
        check_grads(m.softmax_loss, (w,))


def test_hurried_factory_of_closures(tmp_path):
    m = load(tmp_path, HURRIED)
    w = np.array([0.3, -0.2, 0.5])
    fn = m.make_loss(m.A, m.b)
    oracle = ag.grad(lambda w: anp.sum((anp.dot(m.A, w) - m.b) ** 2))(w)
    np.testing.assert_allclose(s2sgrad.grad(fn)(w), oracle, rtol=1e-10)
    check_jvp(fn, (w,))
    np.testing.assert_allclose(s2sgrad.hessian(fn)(w), 2 * m.A.T @ m.A, rtol=1e-8)

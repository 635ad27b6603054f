"""Issue 10: every bad input gets a located error, every emitted file works, nothing leaks.

The CLI cases run `s2sgrad emit` (in this process; as a subprocess under S2SGRAD_DEEP=1) and
assert exit status 2 with a located message (`file:line:col: error:`, the line, a caret) and never
a Python traceback; emitted files are written to disk and imported the way a user would import them.
"""

import ast
import gc
import importlib.util
import itertools
import os
import sys
import textwrap
import weakref

import numpy as np
import pytest

import s2sgrad
from s2sgrad import rules
from s2sgrad.errors import ArgumentError, Diagnostic, Location, UserCodeError
from s2sgrad.testing import check_grads
from tests.conftest import ROOT
from tests.helpers import DEEP, run_cli

X = np.array([0.3, -0.7, 1.1])
_COUNT = itertools.count()


def cli(*argv, cwd=ROOT):
    """Run `s2sgrad` (its main() in this process; a subprocess under S2SGRAD_DEEP=1): (exit status,
    stdout, stderr)."""
    proc = run_cli(*argv, cwd=cwd)
    return proc.returncode, proc.stdout, proc.stderr


def write(path, text, encoding="utf-8"):
    """Write dedented `text` (str, or bytes written as they are); return the path as a str."""
    path.write_bytes(text if isinstance(text, bytes) else textwrap.dedent(text).lstrip("\n").encode(encoding))
    return str(path)


def assert_located(status, stderr, line=None):
    """Exit status 2 and a compiler-style diagnostic (on `line` if given), never a traceback."""
    assert status == 2, stderr
    assert "Traceback" not in stderr, stderr
    assert ": error:" in stderr and "^" in stderr, stderr
    if line is not None:
        assert f":{line}:" in stderr.splitlines()[0], stderr


def load(path, name=None):
    """Import the module at `path` as a user would (its folder on sys.path)."""
    name = name or f"robust_case_{next(_COUNT)}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, os.path.dirname(path))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(os.path.dirname(path))
    return module


def load_text(tmp_path, text):
    """Import `text` as a fresh module from a file of its own."""
    return load(write(tmp_path / f"robust_src_{next(_COUNT)}.py", text))


SQUARE = """
import numpy as np


def f(x):
    return np.sum(x * x)
"""


# -- 1. Python tracebacks instead of located errors -----------------------------------------
def test_a_latin_1_source_with_a_coding_cookie_is_read_as_python_reads_it(tmp_path):
    path = write(tmp_path / "latin.py", "# -*- coding: latin-1 -*-\n" + SQUARE.replace(
        "return", "label = 'café'\n    return"), encoding="latin-1")
    status, out, err = cli("emit", path, "-f", "f", "-o", str(tmp_path / "d_latin.py"))
    assert status == 0, err
    assert load(str(tmp_path / "d_latin.py")).d_f(X)[1] == pytest.approx(2 * X)
    assert s2sgrad.grad(load(path).f)(X) == pytest.approx(2 * X)


def test_a_utf_8_source_with_a_byte_order_mark(tmp_path):
    path = write(tmp_path / "bom.py", b"\xef\xbb\xbf" + textwrap.dedent(SQUARE).encode())
    status, out, err = cli("emit", path, "-f", "f")
    assert status == 0, err
    assert s2sgrad.grad(load(path).f)(X) == pytest.approx(2 * X)


def test_a_source_that_is_not_in_its_encoding_is_a_located_error(tmp_path):
    path = write(tmp_path / "bad.py", b"import numpy as np\n\ndef f(x):\n    s = '\xff\xfe'\n    return x\n")
    assert_located(*cli("emit", path, "-f", "f")[::2])


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_a_deep_expression_works_or_is_refused_where_it_is(tmp_path, mode):
    deep = write(tmp_path / "deep.py", "import numpy as np\n\n\ndef f(x):\n    return np.sum("
                 + " + ".join(["x"] * 260) + ")\n")
    status, out, err = cli("emit", deep, "-f", "f", "--mode", mode)
    assert "Traceback" not in err
    if status != 0:
        assert_located(status, err, line=5)
    shallow = write(tmp_path / "shallow.py", "import numpy as np\n\n\ndef f(x):\n    return np.sum("
                    + " + ".join(["x"] * 60) + ")\n")
    status, out, err = cli("emit", shallow, "-f", "f", "--mode", mode)
    assert status == 0, err


def test_a_deep_expression_through_the_api(tmp_path):
    m = load_text(tmp_path, "import numpy as np\n\n\ndef f(x):\n    return np.sum(" + " + ".join(["x"] * 260) + ")\n")
    with pytest.raises(UserCodeError, match="nested"):
        s2sgrad.grad(m.f)(X)


def test_dict_unpacking_is_refused_with_its_location(tmp_path):
    path = write(tmp_path / "splat.py", """
        import numpy as np


        def f(x):
            d = {"a": x}
            e = {**d}
            return np.sum(e["a"] * x)
        """)
    assert_located(*cli("emit", path, "-f", "f")[::2], line=6)


@pytest.mark.parametrize("wrt", ["²", "x,²", "-", "1.5", ""])
def test_a_wrt_that_names_no_parameter_is_an_error(tmp_path, wrt):
    path = write(tmp_path / "m.py", SQUARE)
    status, out, err = cli("emit", path, "-f", "f", "--wrt", wrt)
    assert status == 2 and "Traceback" not in err and "wrt" in err, err


def test_a_decorator_wrt_that_is_not_a_literal_is_a_located_error(tmp_path):
    path = write(tmp_path / "m.py", """
        import numpy as np
        import s2sgrad

        WRT = "x"


        @s2sgrad.differentiate(wrt=WRT)
        def f(x, c):
            return np.sum(x * c)
        """)
    assert_located(*cli("emit", path)[::2], line=7)


def test_a_custom_adjoint_default_that_is_not_a_literal_is_a_located_error(tmp_path):
    path = write(tmp_path / "m.py", """
        import numpy as np
        import s2sgrad

        SCALE = 2.0


        @s2sgrad.custom_gradient
        def clip(x):
            return np.clip(x, -1.0, 1.0)


        @clip.adjoint
        def _(result, x, scale=SCALE, *, d_result):
            return d_result * scale


        def f(x):
            return np.sum(clip(x))
        """)
    assert_located(*cli("emit", path, "-f", "f")[::2], line=13)


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_a_primitive_called_with_too_many_arguments(tmp_path, mode):
    path = write(tmp_path / "m.py", """
        import numpy as np


        def f(x, c):
            return np.sum(np.square(x, c))
        """)
    assert_located(*cli("emit", path, "-f", "f", "--mode", mode)[::2], line=5)


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_a_primitive_called_with_a_none_argument(tmp_path, mode):
    """A located error, or emitted code that fails where the function itself fails."""
    path = write(tmp_path / "m.py", """
        import numpy as np


        def f(x, c):
            return np.sum(np.square(None, x, c))
        """)
    out = tmp_path / "d_m.py"
    status, _, err = cli("emit", path, "-f", "f", "--mode", mode, "-o", str(out))
    if status != 0:
        assert_located(status, err, line=5)
        return
    emitted = load(str(out))
    with pytest.raises(TypeError):
        load(path).f(X, X)
    with pytest.raises(TypeError):
        (emitted.d_f(X, X) if mode == "reverse" else emitted.jvp_f(X, X, t_x=X))


def test_a_constant_if_test_with_a_return_in_the_other_arm(tmp_path):
    m = load_text(tmp_path, """
        import numpy as np


        def f(x):
            if True:
                y = x * 2.0
            else:
                return 1.0
            return np.sum(y)
        """)
    assert s2sgrad.grad(m.f)(X) == pytest.approx(2.0 * np.ones(3))


def test_a_gradient_hook_assigning_a_name_used_outside_it_is_refused(tmp_path):
    m = load_text(tmp_path, """
        import numpy as np
        import s2sgrad


        def f(x, n=2):
            h = np.sin(x)
            for i in range(n):
                with s2sgrad.grad_of(h) as dh:
                    scale = 2.0
                    n, y = dh, dh
                    dh = dh * scale
            return np.sum(h) * n


        def ok(x):
            h = np.sin(x)
            with s2sgrad.grad_of(h) as dh:
                scale = 2.0
                dh = dh * scale
            return np.sum(h)
        """)
    with pytest.raises(UserCodeError, match="`n` is assigned in a gradient hook") as info:
        s2sgrad.grad(m.f)(X)
    assert [d.location.line for d in info.value.diagnostics] == [10]
    np.testing.assert_allclose(s2sgrad.grad(m.ok)(X), 2.0 * np.cos(X), rtol=1e-12)


CHECKPOINTED = """
import numpy as np
import s2sgrad


def reassigned(x):
    for t in s2sgrad.checkpointed(range(4), snapshots=2):
        x = np.sin(x) + x
        t = t + 1
    return np.sum(x) + t


def read_after(x):
    for t in s2sgrad.checkpointed(range(4), snapshots=2):
        x = np.sin(x) + x
    return np.sum(x) * t


def dead(x):
    y = x
    for t in s2sgrad.checkpointed(range(4), snapshots=2):
        y = np.sin(y) + y
    return np.sum(x * x)


def reused_name(x):
    for t in range(2):
        x = x * 1.5
    for t in s2sgrad.checkpointed(range(3), snapshots=2):
        x = np.sin(x) + x
    return np.sum(x)
"""


@pytest.mark.parametrize("fname,line", [("reassigned", 9), ("read_after", 15)])
def test_a_checkpointed_loop_variable_used_after_the_loop_is_a_located_error(tmp_path, fname, line):
    path = write(tmp_path / "ck.py", CHECKPOINTED)
    assert_located(*cli("emit", path, "-f", fname)[::2], line=line)
    with pytest.raises(UserCodeError, match="loop variable"):
        s2sgrad.grad(getattr(load(path), fname))(X)


@pytest.mark.parametrize("fname", ["dead", "reused_name"])
def test_checkpointed_loops_that_work(tmp_path, fname):
    path = write(tmp_path / "ck.py", CHECKPOINTED)
    status, out, err = cli("emit", path, "-f", fname, "-o", str(tmp_path / "d_ck.py"))
    assert status == 0, err
    emitted = getattr(load(str(tmp_path / "d_ck.py")), "d_" + fname)
    fn = getattr(load(path), fname)
    expected = check_grads(fn, (X,))
    np.testing.assert_allclose(emitted(X)[1], expected, rtol=1e-6)
    np.testing.assert_allclose(s2sgrad.grad(fn)(X), expected, rtol=1e-6)


def test_cli_never_prints_a_traceback_for_an_internal_failure(tmp_path, monkeypatch, capsys):
    from s2sgrad import cli as cli_module
    path = write(tmp_path / "m.py", SQUARE)

    def broken(*args, **kwargs):
        raise AttributeError("'NoneType' object has no attribute '_fields'")
    monkeypatch.setattr(cli_module, "_emit", broken)
    assert cli_module.main(["emit", path, "-f", "f"]) == 3
    err = capsys.readouterr().err
    assert "bug in s2sgrad" in err and "Traceback" not in err


# -- 2. runtime argument checks -----------------------------------------------------------
def _vector(x):
    return np.sin(x) * 2.0


def _scalar(x):
    return np.sum(x * x)


def _pair(x):
    return np.sin(x), np.sum(x * x)


def _of_dict(d):
    return np.sum(d["a"] * d["b"])


@pytest.mark.parametrize("fn,seed,match", [
    pytest.param(_vector, None, "d_result is None", id="none"),
    pytest.param(_scalar, None, "d_result is None", id="none-scalar"),
    pytest.param(_vector, "abc", "d_result is a str", id="string"),
    pytest.param(_scalar, "1.0", "d_result is a str", id="string-scalar"),
    pytest.param(_vector, [1.0, 2.0, 3.0], "d_result is a list", id="list"),
    pytest.param(_pair, (np.ones(3),), "tuple", id="short-tuple"),
    pytest.param(_pair, (np.ones(3), 1.0, 2.0), "tuple", id="long-tuple"),
    pytest.param(_scalar, np.ones(3), r"shape \(3,\)", id="vector-for-a-scalar"),
    pytest.param(_vector, np.ones(3) + 1j, "complex", id="complex"),
])
def test_a_seed_that_cannot_be_the_cotangent_is_an_argument_error(fn, seed, match):
    with pytest.raises(ArgumentError, match=match) as info:
        s2sgrad.vjp(fn)(X, d_result=seed)
    assert "d_result" in str(info.value)


@pytest.mark.parametrize("call", [
    pytest.param(lambda: s2sgrad.grad(_scalar)(X + 1j), id="grad-array"),
    pytest.param(lambda: s2sgrad.grad(_scalar)(1.0 + 1j), id="grad-scalar"),
    pytest.param(lambda: s2sgrad.vjp(_vector)(X + 0j, d_result=np.ones(3)), id="vjp"),
    pytest.param(lambda: s2sgrad.jvp(_scalar, (X + 1j,), (X,)), id="jvp-primal"),
    pytest.param(lambda: s2sgrad.jvp(_scalar, (X,), (X + 1j,)), id="jvp-tangent"),
])
def test_complex_inputs_are_an_argument_error(call):
    with pytest.raises(ArgumentError, match="complex"):
        call()


@pytest.mark.parametrize("value,where", [
    ({"a": X, "b": 2}, r"d\['b'\]"),
    ({"a": X, "b": np.arange(3)}, r"d\['b'\]"),
    ({"a": [X, 1], "b": 2.0}, r"d\['a'\]\[1\]"),
])
def test_an_integer_inside_a_structured_input_is_an_argument_error(value, where):
    def f(d):
        a = d["a"][0] if isinstance(d["a"], list) else d["a"]
        return np.sum(a * d["b"])
    with pytest.raises(ArgumentError, match=where + ".*integer"):
        s2sgrad.grad(_of_dict if not isinstance(value["a"], list) else f)(value)


def test_a_float_structured_input_is_fine():
    grads = s2sgrad.grad(_of_dict)({"a": X, "b": 2.0})
    np.testing.assert_allclose(grads["a"], 2.0 * np.ones(3))
    assert grads["b"] == pytest.approx(np.sum(X))


# -- 3. emitted files that work -------------------------------------------------------------
MODEL = """
import numpy as np

K = 2.0


def g(x):
    return x * K


def f(x):
    return np.sum(g(x) * K)
"""


@pytest.mark.parametrize("stem", ["my-model", "2model", "class", "my model", "naïve-módel"])
def test_a_file_name_that_is_not_an_identifier(tmp_path, stem):
    path = write(tmp_path / f"{stem}.py", MODEL)
    out = tmp_path / "d_model.py"
    status, _, err = cli("emit", path, "-f", "f", "-o", str(out), cwd=str(tmp_path))
    assert status == 0, err
    np.testing.assert_allclose(load(str(out)).d_f(X)[1], 4.0 * np.ones(3))
    np.testing.assert_allclose(s2sgrad.grad(load(path).f)(X), 4.0 * np.ones(3))


def _top_level_is_imports_and_defs(text):
    for node in ast.parse(text).body:
        assert isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef)) or (
            isinstance(node, ast.Assign) and "__import__" in ast.unparse(node.value)), ast.unparse(node)


@pytest.mark.parametrize("stem", ["evil\nopen('PWNED', 'w')\n#", "evil\x0cmod", "evil\u2028mod", "evil\rmod",
                                  "evil\x1b[2Jmod", "coding=utf-16"])
def test_an_adversarial_file_name_cannot_inject_code(tmp_path, stem):
    path = write(tmp_path / f"{stem}.py", MODEL)
    out = tmp_path / "d_evil.py"
    status, _, err = cli("emit", path, "-f", "f", "-o", str(out), cwd=str(tmp_path))
    assert status == 0, err
    text = out.read_text(encoding="utf-8")
    _top_level_is_imports_and_defs(text)
    assert len([line for line in text.splitlines() if line.startswith("#")]) == 2
    assert text.splitlines() == text.split("\n")[:-1]     # no line separators but "\n"
    np.testing.assert_allclose(load(str(out)).d_f(X)[1], 4.0 * np.ones(3))
    assert not (tmp_path / "PWNED").exists()


def test_a_file_name_with_a_dot_cannot_be_imported_from_and_says_so(tmp_path):
    path = write(tmp_path / "evil\nimport os; os.system('touch PWNED')\n#.py", MODEL)
    status, _, err = cli("emit", path, "-f", "f", cwd=str(tmp_path))
    assert status == 2 and "Traceback" not in err and "rename" in err, err
    assert "\n" not in err.rstrip("\n")
    np.testing.assert_allclose(s2sgrad.grad(load(path).f)(X), 4.0 * np.ones(3))


def test_wrt_text_cannot_inject_code_into_the_header(tmp_path):
    path = write(tmp_path / "m.py", """
        import numpy as np


        def f(x, c):
            return np.sum(x * c)
        """)
    out = tmp_path / "d_m.py"
    status, _, err = cli("emit", path, "-f", "f", "--wrt", "x,\nc", "-o", str(out), cwd=str(tmp_path))
    assert status == 0, err
    text = out.read_text()
    _top_level_is_imports_and_defs(text)
    assert text.splitlines()[2].startswith("import")
    value, (dx, dc) = load(str(out)).d_f(X, 2.0)
    np.testing.assert_allclose(dx, 2.0 * np.ones(3))


def test_an_unknown_global_is_a_located_error(tmp_path):
    path = write(tmp_path / "m.py", """
        import numpy as np
        from numpy import undefined_thing


        def f(x):
            return np.sum(x * UNKNOWN)


        def g(x):
            return np.sum(x * undefined_thing)
        """)
    assert_located(*cli("emit", path, "-f", "f")[::2], line=6)
    assert_located(*cli("emit", path, "-f", "g")[::2], line=10)


def test_an_unknown_global_through_the_api(tmp_path):
    m = load_text(tmp_path, """
        import numpy as np


        def f(x):
            return np.sum(x * UNKNOWN)
        """)
    with pytest.raises(UserCodeError, match="UNKNOWN"):
        s2sgrad.grad(m.f)(X)


def test_a_name_bound_only_in_a_nested_function_is_not_defined_outside_it(tmp_path):
    m = load_text(tmp_path, """
        import numpy as np


        def f(x):
            def inner(q):
                d = 2.0
                return q * d
            scale = 3.0
            g = lambda q: q * scale
            return np.sum(inner(x) * d) + np.sum(g(x))


        def ok(x):
            def inner(q):
                return q * d
            d = 2.0
            return np.sum(inner(x)) + np.sum([v * d for v in x])
        """)
    with pytest.raises(UserCodeError, match="`d` is not defined") as info:
        s2sgrad.grad(m.f)(X)
    assert [d.location.line for d in info.value.diagnostics] == [10]
    np.testing.assert_allclose(s2sgrad.grad(m.ok)(X), 4.0 * np.ones(3))


def test_globals_bound_anywhere_at_module_level_are_known(tmp_path):
    path = write(tmp_path / "m.py", """
        import numpy as np

        try:
            import scipy.special as sp
        except ImportError:
            sp = None
        if True:
            SCALE = 3.0
        for _k in range(2):
            OFFSET = 1.0


        def f(x):
            return np.sum(x * SCALE + OFFSET)
        """)
    out = tmp_path / "d_m.py"
    status, _, err = cli("emit", path, "-f", "f", "-o", str(out), cwd=str(tmp_path))
    assert status == 0, err
    np.testing.assert_allclose(load(str(out)).d_f(X)[1], 3.0 * np.ones(3))


POSITIONAL = """
import numpy as np


def p(a, b=2.0, /, c=3.0):
    return a * b + c * c * a


def f(x, y, /, c=1.0):
    return np.sum(p(x, y) * c + p(y, c=x))
"""


def test_positional_only_parameters_bind_where_python_binds_them(tmp_path):
    path = write(tmp_path / "po.py", POSITIONAL)
    m = load(path)
    Y = np.array([1.5, 0.5, -1.0])
    expected = check_grads(m.f, (X, Y), wrt=(0, 1))
    out = tmp_path / "d_po.py"
    status, _, err = cli("emit", path, "-f", "f", "--wrt", "0,1", "-o", str(out), cwd=str(tmp_path))
    assert status == 0, err
    value, grads = load(str(out)).d_f(X, Y)
    assert value == pytest.approx(m.f(X, Y))
    for got, want in zip(grads, expected):
        np.testing.assert_allclose(got, want, rtol=1e-6)
    for got, want in zip(s2sgrad.grad(m.f, wrt=(0, 1))(X, Y), expected):
        np.testing.assert_allclose(got, want, rtol=1e-6)


SEPARATORS = "import numpy as np\n\x0c\ndef f(x):\n    s = 'a\u2028b\x0cc\x1c'\n    y = np.sin(x)\n" \
             "    return np.sum(y * y)\n\n\ndef g(x):\n    s = '\x1b[31mRED\x1b[0m'\n    return np.sum(x) + foo(x, s)\n"


def test_line_separators_in_a_source_do_not_shift_origin_comments_or_diagnostics(tmp_path):
    path = write(tmp_path / "sep.py", SEPARATORS)
    status, out, err = cli("emit", path, "-f", "f", cwd=str(tmp_path))
    assert status == 0, err
    assert "    # y = np.sin(x)\n" in out and "# s = " not in out
    assert out.split("\n") == out.splitlines() + [""]       # no stray line separators in the output
    status, out, err = cli("emit", path, "-f", "g", cwd=str(tmp_path))
    assert_located(status, err, line=11)
    assert "return np.sum(x) + foo(x, s)" in err


def test_escape_sequences_in_a_source_do_not_reach_the_terminal(tmp_path):
    path = write(tmp_path / "ansi.py", "import numpy as np\n\n\ndef g(x):\n"
                 "    return np.sum(x) + foo(x, '\x1b[2J\x1b[31m')\n")
    status, out, err = cli("emit", path, "-f", "g", cwd=str(tmp_path))
    assert_located(status, err, line=5)
    assert "\x1b" not in err and "\\x1b[2J" in err


def test_a_diagnostic_escapes_control_characters_and_keeps_its_caret_under_the_column():
    text = "    y = '\x1b[31m' + foo(x)"
    col = text.index("foo")
    rendered = Diagnostic(Location("a\nb.py", 3, col, text), "no rule for `foo`\x07").render()
    assert "\x1b" not in rendered and "\x07" not in rendered
    first, source, caret = rendered.splitlines()[:3]
    assert first.startswith("a\\nb.py:3:")
    assert source[caret.index("^"):].startswith("foo")


def test_two_texts_registered_under_one_name_keep_their_own_lines():
    from s2sgrad.transforms.codegen import register
    first, second = register("x = 1\n", "<robust same name>"), register("x = 2\n", "<robust same name>")
    assert first.co_filename != second.co_filename
    assert register("x = 1\n", "<robust same name>").co_filename == first.co_filename


def test_inline_lambdas_of_one_file_each_get_their_own_second_order(tmp_path):
    m = load_text(tmp_path, """
        import numpy as np

        CUBE, SINE = (lambda: (lambda x: np.sum(x * x * x))), (lambda: (lambda x: np.sum(np.sin(x))))
        """)
    cube, sine = m.CUBE(), m.SINE()
    u = np.ones(3)
    first = s2sgrad.hvp(cube, (X,), (u,))
    np.testing.assert_allclose(s2sgrad.hvp(sine, (X,), (u,)), -np.sin(X), rtol=1e-12)
    np.testing.assert_allclose(first, 6 * X, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.hvp(cube, (2 * X,), (u,)), 12 * X, rtol=1e-12)


# -- 4. nothing leaks -------------------------------------------------------------------------
def _factory(a):
    def f(x):
        return np.sum(np.sin(x * a) * x)
    return f


def test_differentiated_closures_are_freed():
    refs = []
    for k in range(20):
        f = _factory(float(k))
        s2sgrad.grad(f)(X)
        s2sgrad.value_and_grad(f)(X)
        s2sgrad.vjp(f)(X, d_result=1.0)
        s2sgrad.jvp(f, (X,), (X,))
        s2sgrad.hvp(f, (X,), (X,))
        s2sgrad.differentiate(f).grad(X)
        refs.append(weakref.ref(f))
        del f
    gc.collect()
    assert sum(ref() is not None for ref in refs) == 0


def test_the_custom_gradient_registry_does_not_grow_per_definition():
    def make(scale):
        @s2sgrad.custom_gradient
        def clip(x):
            return np.clip(x, -1.0, 1.0)

        @clip.adjoint
        def _(result, x, d_result):
            return d_result

        @clip.tangent
        def _(result, x, *, t_x):
            return t_x
        return clip

    def use(clip):
        return s2sgrad.grad(lambda x: np.sum(clip(x) * x))(X)

    for k in range(5):
        np.testing.assert_allclose(use(make(k)), np.clip(X, -1.0, 1.0) + X)
    gc.collect()
    sizes = len(rules.ADJOINTS), len(rules.TANGENTS)
    for k in range(200):
        clip = make(k)
        assert rules.lookup(clip) is not None and rules.lookup_tangent(clip) is not None
    del clip
    gc.collect()
    assert (len(rules.ADJOINTS), len(rules.TANGENTS)) == sizes


# -- 5. the decorator ---------------------------------------------------------------------
class Model:
    """A class whose method is marked for differentiation."""

    def __init__(self, scale):
        self.scale = scale

    @s2sgrad.differentiate(wrt="x")
    def loss(self, x, c=1.0):
        return np.sum(np.sin(x) * x) * c * self.scale

    @s2sgrad.differentiate
    def first(self, x):
        return np.sum(x * x * x)

    def plain(self, x):
        return np.sum(np.sin(x) * x) * self.scale


def test_a_decorated_method_is_a_method():
    m = Model(2.0)
    assert m.loss(X) == pytest.approx(2.0 * np.sum(np.sin(X) * X))
    assert m.loss(X, c=2.0) == pytest.approx(4.0 * np.sum(np.sin(X) * X))
    expected = 2.0 * (np.sin(X) + X * np.cos(X))
    np.testing.assert_allclose(m.loss.grad(X), expected, rtol=1e-12)
    np.testing.assert_allclose(m.loss.value_and_grad(X, 3.0)[1], 3.0 * expected, rtol=1e-12)
    np.testing.assert_allclose(m.loss.vjp(X, d_result=2.0), 2.0 * expected, rtol=1e-12)
    np.testing.assert_allclose(m.loss.jvp((X,), (np.ones(3),))[1], np.sum(expected), rtol=1e-12)
    np.testing.assert_allclose(m.first.grad(X), 3 * X * X, rtol=1e-12)    # wrt=0 is x, not self
    np.testing.assert_allclose(Model.loss.grad(m, X), expected, rtol=1e-12)
    assert "def d_loss(" in m.loss.source


def test_the_api_on_a_bound_method_counts_parameters_after_self():
    m = Model(2.0)
    expected = 2.0 * (np.sin(X) + X * np.cos(X))
    np.testing.assert_allclose(s2sgrad.grad(m.plain)(X), expected, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.vjp(m.plain)(X, d_result=1.0), expected, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.jvp(m.plain, (X,), (np.ones(3),))[1], np.sum(expected), rtol=1e-12)
    assert "def d_plain(self, x, d_result=1.0):" in s2sgrad.emit(m.plain)


def test_the_api_on_a_decorated_method_bound_or_from_its_class():
    m = Model(2.0)
    expected = 2.0 * (np.sin(X) + X * np.cos(X))
    np.testing.assert_allclose(s2sgrad.grad(m.loss)(X), expected, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.value_and_grad(m.first)(X)[1], 3 * X * X, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.jvp(m.loss, (X,), (np.ones(3),))[1], np.sum(expected), rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.hvp(m.first, (X,), (np.ones(3),)), 6 * X, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.grad(Model.loss, 1)(m, X), expected, rtol=1e-12)


class SquaredError:
    """An object of yours that is called like a function."""

    def __init__(self, X, y):
        self.X, self.y = X, y

    def __call__(self, w):
        r = self.X @ w - self.y
        return np.sum(r * r)


def test_the_api_on_a_callable_object_differentiates_its_call():
    A, y, w = np.array([[1.0, 2.0], [0.5, -1.0], [0.3, 0.2]]), np.array([1.0, 0.0, 2.0]), np.array([0.2, -0.4])
    loss = SquaredError(A, y)
    expected = 2 * A.T @ (A @ w - y)
    np.testing.assert_allclose(s2sgrad.grad(loss)(w), expected, rtol=1e-12)
    assert s2sgrad.value_and_grad(loss)(w)[0] == pytest.approx(loss(w))
    assert s2sgrad.jvp(loss, (w,), (np.ones(2),))[1] == pytest.approx(np.sum(expected))
    np.testing.assert_allclose(s2sgrad.hvp(loss, (w,), (np.ones(2),)), 2 * A.T @ A @ np.ones(2), rtol=1e-12)


_PLAIN_CODE = """
def plain(x, n):
    if n == 0:
        return x
    return plain(x, n - 1) * 1.0
"""


def _depth(fn):
    lo, hi = 1, 50_000
    while lo < hi:
        mid = (lo + hi + 1) // 2
        try:
            fn(1.0, mid)
            lo = mid
        except RecursionError:
            hi = mid - 1
    return lo


def test_a_decorated_recursive_function_recurses_as_deep_as_the_plain_one():
    space = {}
    exec(compile(_PLAIN_CODE, "<plain>", "exec"), space)
    marked = {}
    exec(compile(_PLAIN_CODE, "<marked>", "exec"), marked)
    marked["plain"] = s2sgrad.differentiate(marked["plain"])
    plain_depth, marked_depth = _depth(space["plain"]), _depth(marked["plain"])
    assert marked_depth >= plain_depth - 5, (plain_depth, marked_depth)


def test_a_decorated_function_keeps_its_attributes_and_calls_through(tmp_path):
    m = load_text(tmp_path, """
        import numpy as np
        import s2sgrad


        @s2sgrad.differentiate(wrt=("a", "b"))
        def f(a, b, *, scale=2.0):
            '''A doc.'''
            return np.sum(a * b) * scale
        """)
    assert m.f.__doc__ == "A doc." and m.f.__name__ == "f"
    assert m.f(X, X, scale=1.0) == pytest.approx(np.sum(X * X))
    ga, gb = m.f.grad(X, 2 * X)
    np.testing.assert_allclose(ga, 4 * X)
    assert "def d_f(" in m.f.source and m.f.source == s2sgrad.emit(m.f, wrt=("a", "b"))


# -- 6. front-end fuzzing -------------------------------------------------------------------
def _fuzz_module():
    spec = importlib.util.spec_from_file_location("fuzz_frontend", os.path.join(ROOT, "scripts", "fuzz_frontend.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Failures whose fix is in a core pass (normalize), reported with a reproducer in
# /tmp/core_bugs/robust_*.py; a new kind of failure fails the test.
KNOWN_CORE_BUGS = [
    "as a global, and",     # a lifted closure misses a capture (robust_lifted_closure_misses_capture.py)
]


@pytest.mark.filterwarnings("ignore::SyntaxWarning")
def test_arbitrary_functions_give_working_code_or_a_located_error():
    fuzz = _fuzz_module()
    count = 400 if DEEP else 40          # programs per generator: CI samples, S2SGRAD_DEEP=1 pushes more through
    tally = fuzz.run(count, derandomize=True)
    unknown = [(g, mode, outcome) for g, mode, outcome, _ in tally.failures
               if not any(bug in outcome for bug in KNOWN_CORE_BUGS)]
    assert not unknown, unknown
    counts = tally.counts
    assert counts["own", "reverse", "emitted"] > count // 6 and counts["own", "forward", "emitted"] > count // 6
    if fuzz.grammar_programs() is not None:
        assert counts["grammar", "programs", "valid"] > count * 5 // 6

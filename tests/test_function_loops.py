"""Loops over displays of functions, unrolled (s2sgrad/transforms/function_loops.py): each
gradient checked against central differences and autograd; loops that cannot be unrolled stay
refused where the call is."""

import textwrap

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sgrad
from s2sgrad.errors import UserCodeError
from s2sgrad import cli

PROGRAM = '''
import numpy as np


def square(v):
    return v * v


def inline_display(x):
    for f in [np.sin, square, lambda v: v * 3.0]:
        x = f(x)
    return np.sum(x)


def bound_display(x, a):
    layers = [np.tanh, lambda v: a * v, np.cos]
    total = 0.0
    for k, layer in enumerate(layers, 1):
        x = layer(x)
        total = total + k * np.sum(x)
    return total


def nested(x):
    fs = (np.sin, np.exp)
    for i in range(2):
        for f in fs:
            x = f(x) * 0.5
    return np.sum(x)


def with_break(x):
    for f in [np.sin, np.cos]:
        x = f(x)
        if np.sum(x) > 100:
            break
    return np.sum(x)


def read_after(x):
    for f in [np.sin, np.cos]:
        x = f(x)
    return np.sum(f(x))
'''


@pytest.fixture(scope="module")
def programs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("function_loops")
    (folder / "floops.py").write_text(PROGRAM)
    (folder / "floops_ag.py").write_text(PROGRAM.replace("import numpy as np", "import autograd.numpy as np"))
    import importlib.util
    modules = []
    for name in ("floops", "floops_ag"):
        spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules.append(module)
    return folder, modules[0], modules[1]


X = np.array([0.3, -0.7, 1.1])


@pytest.mark.parametrize("name, args", [("inline_display", (X,)), ("bound_display", (X, 1.3)), ("nested", (X,))])
def test_unrolled_loops_match_autograd_and_forward_mode(programs, name, args):
    _, module, ag_module = programs
    wrt = tuple(range(len(args)))
    got = s2sgrad.grad(getattr(module, name), wrt)(*args)
    want = autograd.grad(getattr(ag_module, name), wrt)(*args)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-10, atol=1e-12)
    tangents = tuple(np.ones_like(np.asarray(a, float)) * 0.5 for a in args)
    _, t = s2sgrad.jvp(getattr(module, name), args, tangents)
    np.testing.assert_allclose(t, sum(np.sum(g * u) for g, u in zip(got, tangents)), rtol=1e-10)


def test_unrolled_loop_through_the_cli(programs, tmp_path):
    folder, module, _ = programs
    out = tmp_path / "d_floops.py"
    assert cli.main(["emit", str(folder / "floops.py"), "-f", "bound_display", "--wrt", "x,a", "-o", str(out)]) == 0
    text = out.read_text()
    assert "layers_1 = lambda" not in text and "np.tanh(x)" in text and "np.cos(x)" in text
    space = {}
    exec(compile(text, str(out), "exec"), space)
    value, (d_x, d_a) = space["d_bound_display"](X, 1.3)
    want = s2sgrad.grad(module.bound_display, (0, 1))(X, 1.3)
    np.testing.assert_allclose(d_x, want[0], rtol=1e-12)
    np.testing.assert_allclose(d_a, want[1], rtol=1e-12)


@pytest.mark.parametrize("name", ["with_break", "read_after"])
def test_loops_left_as_written_are_refused_where_the_call_is(programs, name):
    _, module, _ = programs
    with pytest.raises(UserCodeError, match=r"floops.py:\d+:\d+: error: `f` holds a function"):
        s2sgrad.grad(getattr(module, name))(X)


def test_the_unrolled_function_is_left_unchanged():
    from s2sgrad.transforms.function_containers import name_item_calls
    import gast
    node = gast.parse(textwrap.dedent(PROGRAM)).body[3]
    before = gast.dump(node)
    unrolled = name_item_calls(node)
    assert gast.dump(node) == before and unrolled is not node
    assert not any(isinstance(n, gast.For) for n in gast.walk(unrolled))

"""Dicts of functions read as lists (transforms/function_containers.py): a local dict display of
functions, or a module-level one (transforms/choices.py's bind_tables), called by constant key or
looped over by `.items()`/`.values()`, in the API and the command line, against autograd and
central finite differences."""

import importlib.util
import textwrap

import autograd
import numpy as np
import pytest

import s2sgrad
from tests.helpers import run_cli

PROGRAM = '''
import numpy as np


def softplus(v):
    return np.log1p(np.exp(v))


def by_key(x):
    ops = {"a": np.sin, "b": lambda v: v * v, "c": softplus}
    return np.sum(ops["a"](x) * ops["c"](x)) + np.sum(ops["b"](x))


def by_items(x):
    ops = {"a": np.tanh, "b": lambda v: v ** 3}
    total = 0.0
    for name, fn in ops.items():
        total = total + np.sum(fn(x)) * len(name)
    return total


def by_values(x):
    ops = {"a": np.tanh, "b": softplus}
    total = 0.0
    for fn in ops.values():
        total = total + np.sum(fn(x) * x)
    return total


TABLE = {"sin": np.sin, "soft": softplus, "tanh": np.tanh}
CHANGED = {"sin": np.sin, "cos": np.cos}
CHANGED["sin"] = np.tanh


def global_key(x):
    return np.sum(TABLE["sin"](x) * TABLE["soft"](x))


def global_items(x):
    total = np.sum(TABLE["tanh"](x))
    for name, fn in TABLE.items():
        total = total + np.sum(fn(x) * x) * len(name)
    return total


def global_values(x):
    total = 0.0
    for fn in TABLE.values():
        total = total + np.sum(fn(x)) / len(TABLE)
    for name in TABLE:
        total = total + len(name) * np.sum(x)
    return total


def global_keyed(x):
    total = 0.0
    for name in ("sin", "soft", "sin"):
        total = total + np.sum(TABLE[name](x) * x) * len(name)
    return total


def changed_in_place(x):
    return np.sum(CHANGED["sin"](x))


def changed_choice(x, name="sin"):
    return np.sum(CHANGED[name](x))
'''


@pytest.fixture(scope="module")
def modules(tmp_path_factory):
    folder = tmp_path_factory.mktemp("containers")
    loaded = []
    for name, numpy in (("dicts_np", "numpy"), ("dicts_ag", "autograd.numpy")):
        path = folder / f"{name}.py"
        path.write_text(PROGRAM.replace("import numpy as np", f"import {numpy} as np"), encoding="utf-8")
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        loaded.append(module)
    return folder, *loaded


@pytest.mark.parametrize("name", ["by_key", "by_items", "by_values", "global_key", "global_items", "global_values",
                                  "global_keyed"])
def test_a_dict_of_functions_differentiates_as_written(modules, name):
    folder, mine, theirs = modules
    x = np.array([0.3, -0.8, 1.4])
    expected = autograd.grad(getattr(theirs, name))(x)
    fn = getattr(mine, name)
    fd = np.array([(fn(x + 1e-6 * e) - fn(x - 1e-6 * e)) / 2e-6 for e in np.eye(3)])
    np.testing.assert_allclose(expected, fd, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(s2sgrad.grad(fn)(x), expected, rtol=1e-10, atol=1e-12)
    proc = run_cli("emit", "dicts_np.py", "-f", name, cwd=folder)
    assert proc.returncode == 0, proc.stderr
    namespace = {}
    exec(compile(proc.stdout, f"d_{name}", "exec"), namespace)      # noqa: S102 (the emitted gradient)
    np.testing.assert_allclose(namespace["d_" + name](x)[1], expected, rtol=1e-10, atol=1e-12)


def test_a_dict_read_otherwise_is_left_as_written():
    from s2sgrad.transforms.function_containers import dicts_as_lists
    import gast
    node = gast.parse(textwrap.dedent('''
        def f(x, k):
            ops = {"a": np.sin, "b": np.cos}
            return ops[k](x)
        ''')).body[0]
    assert dicts_as_lists(node) is node


@pytest.mark.parametrize("name", ["global_key", "global_items", "global_keyed"])
def test_a_module_table_has_its_forward_mode_and_hvp(modules, name):
    folder, mine, theirs = modules
    x, v = np.array([0.3, -0.8, 1.4]), np.array([0.5, 1.0, -2.0])
    fn = getattr(mine, name)
    fd = (fn(x + 1e-6 * v) - fn(x - 1e-6 * v)) / 2e-6
    np.testing.assert_allclose(s2sgrad.jvp(fn, (x,), (v,))[1], fd, rtol=1e-7)
    expected = autograd.hessian_vector_product(getattr(theirs, name))(x, v)
    np.testing.assert_allclose(s2sgrad.hvp(fn, (x,), (v,)), expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name", ["changed_in_place", "changed_choice"])
def test_a_module_table_changed_in_place_is_not_read_from_its_display(modules, name):
    folder, mine, _ = modules
    with pytest.raises(s2sgrad.errors.UserCodeError, match="cannot tell which function it calls"):
        s2sgrad.grad(getattr(mine, name))(np.ones(3))       # (its display says np.sin; it holds np.tanh)

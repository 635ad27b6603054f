"""Known leftovers: constructs that crashed with a Python error, were refused without need, or
named what the user never wrote.  Each working case is checked in reverse mode (central finite
differences with the dot-product test), forward mode, Hessian-vector products (differences of
the gradient), against autograd as an oracle where it runs the function, and through the CLI's
emitted module; each refusal is checked to be located where the user wrote the construct.
"""

import importlib.util
import subprocess
import sys
import types

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sgrad
from s2sgrad.testing import check_grads, check_jvp
from tests.conftest import ROOT

RNG = np.random.default_rng(7)
HERE = "tests/test_leftovers.py"


def _with_autograd(fn):
    """`fn` reading `np` as autograd.numpy: the oracle for a function written with NumPy."""
    return types.FunctionType(fn.__code__, {**fn.__globals__, "np": anp}, fn.__name__, fn.__defaults__)


def _hvp_matches_differences_of_the_gradient(fn, args, first=0):
    v = RNG.standard_normal(np.shape(args[first]))
    tangents = tuple(v if i == first else None for i in range(len(args)))
    got = s2sgrad.hvp(fn, tuple(args), tangents)
    grad = s2sgrad.grad(fn, wrt=first)
    eps = 1e-5
    plus, minus = list(args), list(args)
    plus[first], minus[first] = args[first] + eps * v, args[first] - eps * v
    want = (grad(*plus) - grad(*minus)) / (2 * eps)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5 * (1 + float(np.max(np.abs(want)))))


def _emitted(tmp_path, fn, *options):
    """The module the CLI writes for `fn` (a function of this file), imported."""
    out = tmp_path / f"{fn.__name__}_{len(options)}_{abs(hash(options)) % 1000}.py"
    done = subprocess.run([sys.executable, "-m", "s2sgrad.cli", "emit", HERE, "-f", fn.__name__, *options,
                           "-o", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    spec = importlib.util.spec_from_file_location(out.stem, out)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, out.read_text()


def _cli_matches_the_api(tmp_path, fn, args):
    """The CLI's reverse, standalone and forward modules give the API's numbers."""
    want = s2sgrad.grad(fn)(*args)
    for options in ((), ("--standalone",)):
        module, _ = _emitted(tmp_path, fn, *options)
        value, got = getattr(module, "d_" + fn.__name__)(*args)
        np.testing.assert_allclose(value, fn(*args), rtol=1e-12)
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)
    module, _ = _emitted(tmp_path, fn, "--mode", "forward")
    u = RNG.standard_normal(np.shape(args[0]))
    _, tangent = getattr(module, "jvp_" + fn.__name__)(*args, t_x=u)
    np.testing.assert_allclose(tangent, np.sum(want * u), rtol=1e-8, atol=1e-12)


def _works(fn, args, oracle=True):
    check_grads(fn, args)
    check_jvp(fn, args)
    _hvp_matches_differences_of_the_gradient(fn, args)
    if oracle:
        np.testing.assert_allclose(s2sgrad.grad(fn)(*args), autograd.grad(_with_autograd(fn))(*args),
                                   rtol=1e-10, atol=1e-12)


# -- 1. a list grown by `+=` of a tuple, as `extend` ---------------------------------------------
def grow_by_tuple_in_loop(x):
    lst = []
    for i in range(3):
        v = x * (i + 1.0)
        lst += (v,)
    return np.sum(lst[0] * lst[2])


def grow_by_tuple_name(x):
    lst = [x]
    for i in range(2):
        pair = (np.sin(lst[-1]), lst[-1] * x)
        lst += pair
    return np.sum(lst[-1] * lst[1])


def grow_by_list_extend_append(x):
    a = [x]
    b = [x]
    c = [x]
    for i in range(2):
        a += [a[-1] * x]
        b.extend((b[-1] * x, np.sin(x)))
        c.append(c[-1] * x)
        c = c + [np.sin(x)]
    return np.sum(a[-1] + b[-2] + c[-2])


GROWN = [grow_by_tuple_in_loop, grow_by_tuple_name, grow_by_list_extend_append]


@pytest.mark.parametrize("fn", GROWN)
def test_a_list_grown_by_a_tuple_is_extended(fn):
    x = RNG.standard_normal(3)
    assert s2sgrad.value_and_grad(fn)(x)[0] == fn(x)
    _works(fn, [x])


def test_a_list_grown_by_a_tuple_through_the_cli(tmp_path):
    _cli_matches_the_api(tmp_path, grow_by_tuple_in_loop, [RNG.standard_normal(3)])


# -- 2. sorted by keys that carry no derivative --------------------------------------------------
def sorted_zip_of_int_keys(values, keys):
    total = 0.0
    for k, v in sorted(zip(keys, values)):
        total = total * 2.0 + k * np.sum(np.sin(v))
    return total


def sorted_zip_of_constant_numbers(x):
    values = [x, x * x, np.sin(x)]
    pairs = sorted(zip([0.3, 0.1, 0.2], values), reverse=True)
    return np.sum(pairs[0][1] * pairs[1][1]) + 3.0 * np.sum(pairs[2][1])


def sorted_by_key_function(x):
    pairs = [(2, x), (1, x * x), (3, np.sin(x))]
    out = sorted(pairs, key=lambda p: p[0])
    return np.sum(out[0][1] * out[1][1]) + 2.0 * np.sum(out[2][1])


def sorted_by_string_key_in_branch(x):
    named = [("b", np.cos(x)), ("a", x * 3.0), ("c", x)]
    if np.sum(x) > 0.0:
        named = sorted(named, key=lambda item: item[0], reverse=True)
    return np.sum(named[0][1] * named[1][1])


@pytest.mark.parametrize("fn, args", [
    (sorted_zip_of_int_keys, lambda: [[RNG.standard_normal(3) for _ in range(3)], [3, 1, 2]]),
    (sorted_zip_of_constant_numbers, lambda: [RNG.standard_normal(3)]),
    (sorted_by_key_function, lambda: [RNG.standard_normal(3)]),
    (sorted_by_string_key_in_branch, lambda: [np.array([0.5, 0.2, 0.1])]),
    (sorted_by_string_key_in_branch, lambda: [np.array([-0.5, 0.2, 0.1])]),
])
def test_sorting_by_keys_that_carry_no_derivative_moves_the_values_derivatives(fn, args):
    args = args()
    assert s2sgrad.value_and_grad(fn)(*args)[0] == fn(*args)
    check_grads(fn, args)
    check_jvp(fn, args)
    if isinstance(args[0], np.ndarray):
        _hvp_matches_differences_of_the_gradient(fn, args)
    np.testing.assert_allclose(s2sgrad.grad(fn)(*args)[0] if isinstance(args[0], list) else s2sgrad.grad(fn)(*args),
                               autograd.grad(_with_autograd(fn))(*args)[0] if isinstance(args[0], list)
                               else autograd.grad(_with_autograd(fn))(*args), rtol=1e-10, atol=1e-12)


def test_sorting_by_keys_through_the_cli(tmp_path):
    _cli_matches_the_api(tmp_path, sorted_by_key_function, [RNG.standard_normal(3)])


def sorted_by_differentiated_key(x):
    pairs = [(2, x), (1, x * x)]
    out = sorted(pairs, key=lambda p: np.sum(p[1]))
    return np.sum(out[0][1])


def sorted_zip_with_tied_keys(x):
    return np.sum(sorted(zip([1, 1], [x, x * x]))[0][1])


@pytest.mark.parametrize("fn, why", [(sorted_by_differentiated_key, "keys hold numbers computed from the inputs"),
                                     (sorted_zip_with_tied_keys, "two sort keys are equal")])
def test_sorting_by_keys_that_carry_a_derivative_is_refused_where_written(fn, why):
    x = RNG.standard_normal(3)
    for transform in (lambda: s2sgrad.grad(fn)(x), lambda: s2sgrad.jvp(fn, (x,), (x,))):
        with pytest.raises(TypeError) as info:
            transform()
        message = str(info.value)
        line = fn.__code__.co_firstlineno + (2 if fn is sorted_by_differentiated_key else 1)
        assert f"{HERE}:{line}:" in message and ": error: " in message and why in message, message
        assert "sorted(" in message.splitlines()[1] and message.splitlines()[2].strip() == "^", message

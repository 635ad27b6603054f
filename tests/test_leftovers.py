"""Known leftovers: constructs that crashed with a Python error, were refused without need, or
named what the user never wrote.  Each working case is checked in reverse mode (central finite
differences with the dot-product test), forward mode, Hessian-vector products (differences of
the gradient), against autograd as an oracle where it runs the function, and through the CLI's
emitted module; each refusal is checked to be located where the user wrote the construct.
"""

import dataclasses
import functools
import importlib.util
import itertools
import sys
import types

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

import s2sgrad
from s2sgrad.testing import check_grads, check_jvp
from tests.helpers import import_file, run_cli

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
    argv = ["emit", HERE, "-f", fn.__name__, *options, "-o", str(out)]
    done = run_cli(*argv)       # the command line as a user runs it under S2SGRAD_DEEP=1; CI calls its main() here
    assert done.returncode == 0, done.stderr
    return import_file(out, out.stem), out.read_text()


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
    first = fn.__code__.co_varnames[0]
    _, tangent = getattr(module, "jvp_" + fn.__name__)(*args, **{"t_" + first: u})
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
    return np.sum(out[0][1]) + 2.0 * np.sum(np.cos(out[1][1]))


def sorted_numbers_by_themselves(x):
    ranked = sorted([x[0] * 2.0, x[1] - 1.0, x[2] ** 2], key=lambda v: -v)
    return ranked[0] + 0.5 * ranked[1]


@pytest.mark.parametrize("fn, x", [(sorted_by_differentiated_key, np.array([0.3, -0.8, 0.5])),
                                   (sorted_by_differentiated_key, np.array([1.3, 0.8, 0.5])),
                                   (sorted_numbers_by_themselves, np.array([0.3, 1.4, 0.9]))])
def test_sorting_by_keys_that_vary_moves_the_values_derivatives_in_their_order(fn, x):
    """The order is np.argsort's: piecewise constant, so the items gathered in it keep their
    derivatives (away from ties, where the function itself has none)."""
    check_grads(fn, [x])
    check_jvp(fn, [x])
    _hvp_matches_differences_of_the_gradient(fn, [x])
    np.testing.assert_allclose(s2sgrad.grad(fn)(x), autograd.grad(_with_autograd(fn))(x), rtol=1e-10, atol=1e-12)


def sorted_zip_with_tied_keys(x):
    return np.sum(sorted(zip([1, 1], [x, x * x]))[0][1])


def sorted_differentiated_numbers(x):
    return sum(sorted([x[0], x[1] * 2.0])[:1])


@pytest.mark.parametrize("fn, why", [(sorted_zip_with_tied_keys, "two sort keys are equal"),
                                     (sorted_differentiated_numbers, "not of numbers")])
def test_sorting_that_cannot_be_differentiated_is_refused_where_written(fn, why):
    x = RNG.standard_normal(3)
    for transform in (lambda: s2sgrad.grad(fn)(x), lambda: s2sgrad.jvp(fn, (x,), (x,))):
        with pytest.raises(s2sgrad.UnsupportedValueError) as info:
            transform()
        message = str(info.value)
        line = fn.__code__.co_firstlineno + 1
        assert f"{HERE}:{line}" in message and why in message, message
        if fn is sorted_zip_with_tied_keys:
            assert "sorted(" in message.splitlines()[1] and message.splitlines()[2].strip() == "^", message


# -- 4. an alias of an argument's array updated in place: refused where written ------------------
def alias_of_argument_augmented(a):
    b = a
    b += 1
    return np.sum(b * b)


def state_alias_augmented_in_loop(x, state):
    h = state
    for i in range(2):
        h *= x
    return np.sum(h)


@pytest.mark.parametrize("fn, column", [(alias_of_argument_augmented, 5), (state_alias_augmented_in_loop, 9)])
def test_an_argument_s_array_updated_through_an_alias_is_refused_where_written(fn, column):
    args = [RNG.standard_normal(3) for _ in range(fn.__code__.co_argcount)]
    line = fn.__code__.co_firstlineno + (2 if fn is alias_of_argument_augmented else 3)
    for transform in (lambda: s2sgrad.grad(fn)(*args), lambda: s2sgrad.jvp(fn, args, [args[0]] + [None] * (len(args) - 1)),
                      lambda: s2sgrad.hvp(fn, args, [args[0]] + [None] * (len(args) - 1))):
        with pytest.raises(s2sgrad.errors.UserCodeError) as info:
            transform()
        message = str(info.value)
        assert f"{HERE}:{line}:{column}: error: in-place update of `" in message, message
        assert "holds the array of the argument" in message and ("`b = b + ...`" in message or "`h = h * ...`" in message)
    done = run_cli("emit", HERE, "-f", fn.__name__, "--kinds",
                   ",".join(f"{p}=array" for p in fn.__code__.co_varnames[:fn.__code__.co_argcount]))
    assert done.returncode != 0 and f"{HERE}:{line}:{column}: error: in-place update" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_a_number_bound_to_a_second_name_is_still_rebound():
    def f(x, c):
        s = c * 1.0
        t = s
        t += np.sum(x)
        return t * s
    check_grads(f, [RNG.standard_normal(3), 0.7], wrt=(0, 1))


# -- 3. two buffers swapped in a time-stepping loop ----------------------------------------------
def two_buffer_stencil(u0):
    u = u0 * 1.0
    new = np.zeros_like(u)
    for t in range(4):
        new[1:-1] = u[1:-1] + 0.1 * (u[2:] - 2 * u[1:-1] + u[:-2]) ** 2
        u, new = new, u
    return np.sum(u ** 2) + np.sum(new * u0)


def _stencil_as_values(u0):
    """The same computation without stores: the autograd oracle."""
    u, new = u0 * 1.0, anp.zeros_like(u0)
    for t in range(4):
        new = anp.concatenate([new[:1], u[1:-1] + 0.1 * (u[2:] - 2 * u[1:-1] + u[:-2]) ** 2, new[-1:]])
        u, new = new, u
    return anp.sum(u ** 2) + anp.sum(new * u0)


def test_two_buffers_swapped_in_a_loop_are_differentiated():
    x = RNG.standard_normal(7)
    assert s2sgrad.value_and_grad(two_buffer_stencil)(x)[0] == two_buffer_stencil(x)
    check_grads(two_buffer_stencil, [x])
    check_jvp(two_buffer_stencil, [x])
    _hvp_matches_differences_of_the_gradient(two_buffer_stencil, [x])
    np.testing.assert_allclose(s2sgrad.grad(two_buffer_stencil)(x), autograd.grad(_stencil_as_values)(x), rtol=1e-10)


def test_two_buffers_swapped_through_the_cli(tmp_path):
    _cli_matches_the_api(tmp_path, two_buffer_stencil, [RNG.standard_normal(7)])


def swapped_buffer_kept_in_a_list(u0):
    u = u0 * 1.0
    new = np.zeros_like(u)
    history = []
    for t in range(3):
        history.append(u)
        new[1:-1] = u[1:-1] * u[2:]
        u, new = new, u
    return np.sum(u) + np.sum(history[0])


def swapped_buffer_of_the_argument(u0):
    u = u0
    new = np.zeros_like(u)
    for t in range(3):
        new[1:-1] = u[1:-1] * u[2:]
        u, new = new, u
    return np.sum(u)


@pytest.mark.parametrize("fn", [swapped_buffer_kept_in_a_list, swapped_buffer_of_the_argument])
def test_swapped_buffers_another_name_sees_are_refused_where_written(fn):
    x = RNG.standard_normal(5)
    line = fn.__code__.co_firstlineno + (6 if fn is swapped_buffer_kept_in_a_list else 4)
    for transform in (lambda: s2sgrad.grad(fn)(x), lambda: s2sgrad.jvp(fn, (x,), (x,))):
        with pytest.raises(s2sgrad.errors.UserCodeError) as info:
            transform()
        assert f"{HERE}:{line}:9: error: in-place update of `new`" in str(info.value), str(info.value)


def test_the_swap_pass_copies_the_written_buffer_at_the_top_of_the_loop():
    import inspect
    import textwrap

    import gast

    from s2sgrad.transforms.normalize.buffers import copy_swapped_buffers
    source = textwrap.dedent(inspect.getsource(two_buffer_stencil))
    after = gast.unparse(copy_swapped_buffers(gast.parse(source).body[0])) if hasattr(gast, "unparse") else \
        __import__("ast").unparse(gast.gast_to_ast(copy_swapped_buffers(gast.parse(source).body[0])))
    assert after == textwrap.dedent("""\
        def two_buffer_stencil(u0):
            u = u0 * 1.0
            new = np.zeros_like(u)
            for t in range(4):
                new = new.copy()
                new[1:-1] = u[1:-1] + 0.1 * (u[2:] - 2 * u[1:-1] + u[:-2]) ** 2
                u, new = (new, u)
            return np.sum(u ** 2) + np.sum(new * u0)""")
    for fn in (swapped_buffer_kept_in_a_list, swapped_buffer_of_the_argument):
        tree = gast.parse(textwrap.dedent(inspect.getsource(fn))).body[0]
        assert "copy()" not in __import__("ast").unparse(gast.gast_to_ast(copy_swapped_buffers(tree)))


# -- 7. the emitted entry function takes the user's parameter names -------------------------------
def steps_with_a_stack(x, stack, t_stack):
    for i in range(3):
        x = np.sin(x) * stack + t_stack
    return np.sum(x)


@pytest.mark.parametrize("options", [(), ("--standalone",), ("--mode", "forward")])
def test_a_parameter_named_like_the_tape_keeps_its_name(tmp_path, options):
    import inspect
    fn = steps_with_a_stack
    module, text = _emitted(tmp_path, fn, "--wrt", "x,stack", *options)
    forward = "forward" in options
    emitted = getattr(module, ("jvp_" if forward else "d_") + fn.__name__)
    params = list(inspect.signature(emitted).parameters)
    assert params[:3] == ["x", "stack", "t_stack"], params
    assert params[3:] == (["t_x", "t_stack_2"] if forward else ["d_result"]), params    # `t_stack` is taken
    assert "(wrt x, stack)" in text.splitlines()[0] and f"{fn.__name__}(x, stack, t_stack)" in text
    args = [RNG.standard_normal(3), RNG.standard_normal(3), 0.3]
    if forward:
        u, w = RNG.standard_normal(3), RNG.standard_normal(3)
        _, tangent = emitted(*args, **{params[3]: u, params[4]: w})
        gx, gs = s2sgrad.grad(fn, wrt=(0, 1))(*args)
        np.testing.assert_allclose(tangent, np.sum(gx * u) + np.sum(gs * w), rtol=1e-10)
        return
    value, (gx, gs) = emitted(*args)
    want = s2sgrad.grad(fn, wrt=(0, 1))(*args)
    np.testing.assert_allclose(gx, want[0], rtol=1e-12)
    np.testing.assert_allclose(gs, want[1], rtol=1e-12)
    assert emitted(*args[:1], stack=args[1], t_stack=args[2])[0] == value == fn(*args)


# -- 8. one import per class, whichever functions of the module name it --------------------------
def test_a_class_several_functions_name_is_imported_once(tmp_path):
    (tmp_path / "layers.py").write_text(
        "import numpy as np\n\n\nclass Layer:\n    def __init__(self, W):\n        self.W = W\n\n"
        "    def __call__(self, v):\n        return np.tanh(self.W @ v)\n\n\n"
        "def forward(layers, v):\n    for layer in layers:\n        v = layer(v)\n    return v\n")
    (tmp_path / "net.py").write_text(
        "import numpy as np\nfrom layers import Layer, forward\n\n\n"
        "def loss(W, x):\n    return np.sum(forward([Layer(W), Layer(W * 0.5)], x))\n\n\n"
        "def loss_twice(W, x):\n    return loss(W, x) + np.sum(forward([Layer(W)], x) ** 2)\n")
    done = run_cli("emit", "net.py", "-f", "loss", "-f", "loss_twice", "-o", "d_net.py", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "d_net.py").read_text()
    imports = [line for line in text.splitlines() if line.startswith(("import ", "from "))]
    assert "from layers import Layer" in imports and not any(" as " in line for line in imports[1:]), imports
    sys.path.insert(0, str(tmp_path))
    try:
        spec = importlib.util.spec_from_file_location("d_net", tmp_path / "d_net.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        net = importlib.import_module("net")
        W, x = RNG.standard_normal((3, 3)), RNG.standard_normal(3)
        for name in ("loss", "loss_twice"):
            value, grad = getattr(module, "d_" + name)(W, x)
            assert value == getattr(net, name)(W, x)
            np.testing.assert_allclose(grad, s2sgrad.grad(getattr(net, name))(W, x), rtol=1e-10)
    finally:
        sys.path.remove(str(tmp_path))
        for name in ("net", "layers"):
            sys.modules.pop(name, None)


# -- 5. refusals name what the user wrote, never a temporary -------------------------------------
def nested_item_augmented(x):
    y = [[x * 1.0, x * 2.0]]
    z = y
    y[0][1] += x
    return np.sum(z[0][1])


def dict_item_stored(x):
    d = {"k": [x * 1.0, x * 2.0]}
    e = d
    d["k"][0] = x * 3.0
    return np.sum(e["k"][0])


def row_of_a_view_stored(x):
    y = np.stack([x, x])
    v = y[0]
    y[0][1] = x[1] * 2.0
    return np.sum(v * x)


def list_item_augmented(x):
    rows = [x * 1.0, x * 2.0]
    alias = rows[0]
    rows[0][1] += x[0]
    return np.sum(alias * x)


def record_field_stored(x):
    p = RECORD(x * 1.0, x * 2.0)
    q = p
    p.w[0] = x[1]
    return np.sum(q.w * x)


RECORD = __import__("collections").namedtuple("RECORD", "w b")


@pytest.mark.parametrize("fn, shown", [(nested_item_augmented, "y[0]"), (dict_item_stored, "d['k']"),
                                       (row_of_a_view_stored, "y[0]"), (list_item_augmented, "rows[0]"),
                                       (record_field_stored, "p.w")])
def test_a_refused_store_names_what_the_user_wrote(fn, shown):
    import re
    x = RNG.standard_normal(3)
    for transform in (lambda: s2sgrad.grad(fn)(x), lambda: s2sgrad.jvp(fn, (x,), (x,))):
        with pytest.raises(s2sgrad.errors.UserCodeError) as info:
            transform()
        message = str(info.value)
        assert f"{HERE}:{fn.__code__.co_firstlineno + 3}:5: error: in-place update of `{shown}`" in message, message
        user = set(fn.__code__.co_varnames) | {"x", "part", "new"}
        for spelled in re.findall(r"`([^`]*)`", message):
            names = set(re.findall(r"\b[A-Za-z_]\w*\b", spelled)) - {"copy", "k", "w"}
            assert names <= user, (names - user, message)


# -- 6. a float32 input's gradient is float32, whatever constants promoted on the way -------------
def times_float64_scalar(x):
    return np.sum(np.sin(x) * np.float64(2.0))


def plus_pi(x):
    return np.sum((x + np.pi) ** 2)


def with_float64_array(x, w):
    return np.sum(np.tanh(x * w) * np.ones(3))


@pytest.mark.parametrize("fn", [times_float64_scalar, plus_pi, with_float64_array])
def test_the_gradient_of_a_float32_input_is_float32(tmp_path, fn):
    x = RNG.standard_normal(3).astype(np.float32)
    args = [x] + ([RNG.standard_normal(3)] if fn is with_float64_array else [])
    got = s2sgrad.grad(fn)(*args)
    assert got.dtype == np.float32
    want = s2sgrad.grad(fn)(*[np.asarray(a, np.float64) for a in args])
    np.testing.assert_allclose(got, want, rtol=1e-5)
    assert s2sgrad.hessian(fn)(*args).dtype == np.float32
    assert s2sgrad.hvp(fn, tuple(args), (np.ones(3, np.float32),) + (None,) * (len(args) - 1)).dtype == np.float32
    for options in ((), ("--standalone",)):
        module, text = _emitted(tmp_path, fn, *options)
        value, emitted = getattr(module, "d_" + fn.__name__)(*args)
        assert emitted.dtype == np.float32, text
        np.testing.assert_allclose(emitted, got, rtol=1e-6)
    x64 = np.asarray(x, np.float64)
    module, _ = _emitted(tmp_path, fn)
    g64 = getattr(module, "d_" + fn.__name__)(x64, *args[1:])[1]
    assert g64.dtype == np.float64 and getattr(module, "dtype_like")(g64, x64) is g64      # no copy where they match


# -- 9. zip(..., strict=True): zip where the lengths are equal, ValueError where they differ ----
def zip_strict_pairs(x):
    a = [x, x * 2.0, np.sin(x)]
    b = [np.cos(x), x, x * x]
    total = 0.0
    for u, v in zip(a, b, strict=True):
        total = total + np.sum(u * v)
    return total


def zip_strict_lengths_at_run_time(x, n):
    a = [x * (i + 1.0) for i in range(n)]
    return sum(np.sum(u * v) for u, v in zip(a, [x, np.sin(x)], strict=True))


def zip_strict_lengths_differ(x):
    return sum(np.sum(u * v) for u, v in zip([x, x], [x], strict=True))


def test_a_strict_zip_is_a_zip_where_the_lengths_are_equal(tmp_path):
    x = RNG.standard_normal(3)
    assert s2sgrad.value_and_grad(zip_strict_pairs)(x)[0] == zip_strict_pairs(x)
    _works(zip_strict_pairs, [x])
    _cli_matches_the_api(tmp_path, zip_strict_pairs, [x])
    check_grads(zip_strict_lengths_at_run_time, [x, 2])


@pytest.mark.parametrize("n, word", [(3, "shorter"), (1, "longer")])
def test_a_strict_zip_of_lengths_that_differ_at_run_time_raises_as_python_does(n, word):
    x = RNG.standard_normal(3)
    with pytest.raises(ValueError) as python:
        zip_strict_lengths_at_run_time(x, n)
    for run in (lambda: s2sgrad.grad(zip_strict_lengths_at_run_time)(x, n),
                lambda: s2sgrad.jvp(zip_strict_lengths_at_run_time, (x, n), (x, None))):
        with pytest.raises(ValueError) as ours:
            run()
        assert str(ours.value) == str(python.value) == f"zip() argument 2 is {word} than argument 1"


def test_a_strict_zip_of_lengths_known_to_differ_is_refused_where_written():
    x = RNG.standard_normal(3)
    for transform in (lambda: s2sgrad.grad(zip_strict_lengths_differ)(x),
                      lambda: s2sgrad.jvp(zip_strict_lengths_differ, (x,), (x,))):
        with pytest.raises(s2sgrad.errors.UserCodeError) as info:
            transform()
        line = zip_strict_lengths_differ.__code__.co_firstlineno + 1
        assert f"{HERE}:{line}:42: error: `zip(..., strict=True)` raises ValueError here: its arguments have " \
               "lengths [2, 1]" in str(info.value), str(info.value)


# -- 10. functools.reduce: unrolled as the loop it amounts to ------------------------------------
def reduce_matmul(x):
    mats = [np.outer(x, x), np.diag(np.sin(x)), np.eye(3) + 0.5]
    return np.sum(functools.reduce(np.matmul, mats))


def reduce_horner(x, coeffs):
    return np.sum(functools.reduce(lambda a, b: a * x + b, coeffs, 0.0))


def _times(a, b):
    return a * np.tanh(b)


def reduce_user_function(x):
    return np.sum(functools.reduce(_times, [x, x * x, np.sin(x)], x + 1.0))


def reduce_in_a_comprehension(x):
    return sum(np.sum(functools.reduce(np.multiply, [x, x * i])) for i in range(2))


@pytest.mark.parametrize("fn, extra", [(reduce_matmul, []), (reduce_horner, [[1.0, -2.0, 0.5]]),
                                       (reduce_user_function, [])])
def test_reduce_is_the_loop_it_amounts_to(fn, extra):
    x = RNG.standard_normal(3)
    assert s2sgrad.value_and_grad(fn)(x, *extra)[0] == fn(x, *extra)
    _works(fn, [x, *extra])


def test_reduce_through_the_cli(tmp_path):
    _cli_matches_the_api(tmp_path, reduce_matmul, [RNG.standard_normal(3)])
    module, text = _emitted(tmp_path, reduce_horner)
    assert "reduced = reduced_times_x + item" in text, text


def test_reduce_where_python_evaluates_it_several_times_is_refused_where_written():
    x = RNG.standard_normal(3)
    with pytest.raises(s2sgrad.errors.UserCodeError) as info:
        s2sgrad.grad(reduce_in_a_comprehension)(x)
    line = reduce_in_a_comprehension.__code__.co_firstlineno + 1
    assert f"{HERE}:{line}:23: error: `functools.reduce(...)` is written as a loop before its statement, but " \
           "here Python evaluates it only when (or each time)" in str(info.value), str(info.value)
    assert "assign it to a name in a statement of its own" in str(info.value)


# -- 11. itertools read as lists: accumulate, chain, pairwise, islice, starmap -------------------
def accumulate_forms(x):
    xs = [x, x * x, np.sin(x)]
    sums = list(itertools.accumulate(xs))
    prods = list(itertools.accumulate(xs, np.multiply))
    mixed = list(itertools.accumulate(xs, lambda a, b: a * 0.5 + b, initial=np.cos(x)))
    return np.sum(np.stack(sums) ** 2) + np.sum(prods[-1]) + np.sum(mixed[-1] * mixed[0])


def accumulate_rows(x):
    return np.sum(np.stack(list(itertools.accumulate(np.outer(x, x), func=np.maximum))))


def chain_forms(x):
    first = list(itertools.chain([x], (x * 2.0, np.sin(x))))
    second = [v * v for v in itertools.chain.from_iterable([[x], [np.cos(x), x]])]
    return np.sum(np.stack(first) ** 2) + np.sum(second[1] * second[2])


def pairwise_and_islice(x):
    xs = [x, x * x, np.sin(x), x + 1.0]
    total = 0.0
    for a, b in itertools.pairwise(xs):
        total = total + np.sum(a * b)
    return total + np.sum(np.stack(list(itertools.islice(xs, 1, None, 2))))


def starmap_forms(x):
    pairs = [(x, x), (np.sin(x), 2.0)]
    prods = list(itertools.starmap(np.multiply, pairs))
    sums = list(itertools.starmap(lambda a, b: a + b * x, pairs))
    return np.sum(prods[0] * prods[1]) + np.sum(sums[1] ** 2)


def chain_read_twice(x):
    both = itertools.chain([x], [x * 2.0])
    first = sum(both)
    return np.sum(first + sum(both))


def chain_read_once_by_name(x):
    both = itertools.chain([x], [x * 2.0])
    total = 0.0
    for v in both:
        total = total + np.sum(v * v)
    return total


@pytest.mark.parametrize("fn", [accumulate_forms, accumulate_rows, chain_forms, pairwise_and_islice, starmap_forms,
                                chain_read_once_by_name])
def test_the_iterators_of_itertools_are_read_as_lists(fn):
    x = RNG.standard_normal(3)
    assert s2sgrad.value_and_grad(fn)(x)[0] == fn(x)
    _works(fn, [x], oracle=fn is not accumulate_rows)     # (autograd's maximum has no gradient at ties)


def test_the_iterators_of_itertools_through_the_cli(tmp_path):
    for fn in (accumulate_forms, pairwise_and_islice, starmap_forms):
        _cli_matches_the_api(tmp_path, fn, [RNG.standard_normal(3)])


def test_an_iterator_read_twice_is_refused_where_it_is_made():
    x = RNG.standard_normal(3)
    assert np.allclose(chain_read_twice(x), np.sum(x + 2.0 * x))      # Python: the second sum is 0
    for transform in (lambda: s2sgrad.grad(chain_read_twice)(x), lambda: s2sgrad.jvp(chain_read_twice, (x,), (x,))):
        with pytest.raises(s2sgrad.errors.UserCodeError) as info:
            transform()
        line = chain_read_twice.__code__.co_firstlineno + 1
        assert f"{HERE}:{line}:12: error: `itertools.chain(...)` is an iterator, read once" in str(info.value)


# -- 12. np.block and np.insert: rules of their own -----------------------------------------------
def block_of_blocks(x):
    A = np.outer(x, x)
    column = np.ones((3, 1)) * x[0]
    return np.sum(np.sin(np.block([[A, column], [x[None, :] * 2.0, np.ones((1, 1))]])))


def insert_delete_append(x):
    M = np.insert(np.outer(x, x), [0, 2, 2], x * 3.0, axis=1)
    v = np.append(np.delete(x, 1), np.insert(x, 1, x[0] * 2.0))
    return np.sum(np.sin(M)) + np.sum(v ** 3)


@pytest.mark.parametrize("fn", [block_of_blocks, insert_delete_append])
def test_block_insert_delete_and_append_are_differentiated(tmp_path, fn):
    x = RNG.standard_normal(3)
    _works(fn, [x], oracle=False)       # (autograd has no gradient for np.insert, and its block fails on this one)
    _cli_matches_the_api(tmp_path, fn, [x])


# -- 13. generator functions read once, whole: the list of what they yield ---------------------
def _scaled(x, n):
    for i in range(n):
        yield x * (i + 1.0)


def _walk(x):
    v = x
    while np.sum(v * v) < 3.0:
        v = np.sin(v) + v * 1.5 + 0.1
        yield v
    if np.sum(v) > 0.0:
        return
    yield from (v * x, np.cos(v))


def generator_consumers(x):
    total = sum(_scaled(x, 3))
    rows = list(_walk(x))
    for v in _scaled(np.tanh(x), 2):
        total = total + v * v
    return np.sum(total) + np.sum(np.stack(rows) ** 2) + sum(np.sum(w * x) for w in _walk(x * 0.5))


def generator_expressions(x):
    first = tuple(x * i for i in range(3))
    second = list(np.sin(x * i) for i in range(3))
    top = max(np.sum(x * i) for i in range(3)) + min(np.sum(x * i) for i in range(3))
    scale = 2.0 if any(np.sum(x * i) > 0.5 for i in range(3)) and all(np.sum(x * i) > -9.0 for i in range(3)) else 1.0
    return np.sum(first[1] * second[2]) * scale + top


def generator_read_twice(x):
    values = _scaled(x, 2)
    head = sum(values)
    return np.sum(head + sum(values))


def _sent():
    v = yield 1.0
    yield 2.0 if v is None else v


def _endless(x):
    while True:
        yield x


def _returns(x):
    yield x
    return 2.0


def generator_sent(x):
    return np.sum(x * sum(_sent()))


def generator_endless(x):
    total = 0.0
    for v in _endless(x):
        total = total + np.sum(v)
        if total > 2.0:
            break
    return total


def generator_returns(x):
    return np.sum(sum(_returns(x)))


@pytest.mark.parametrize("fn", [generator_consumers, generator_expressions])
def test_generators_read_once_whole_are_lists(tmp_path, fn):
    for x in (np.array([0.3, -0.2, 0.4]), np.array([-0.4, -0.3, -0.2])):
        assert s2sgrad.value_and_grad(fn)(x)[0] == fn(x)
        _works(fn, [x])
    _cli_matches_the_api(tmp_path, fn, [np.array([0.3, -0.2, 0.4])])


def test_a_generator_read_twice_is_refused_where_it_is_made():
    x = RNG.standard_normal(3)
    with pytest.raises(s2sgrad.errors.UserCodeError) as info:
        s2sgrad.grad(generator_read_twice)(x)
    line = generator_read_twice.__code__.co_firstlineno + 1
    assert f"{HERE}:{line}:14: error: `_scaled(...)` is an iterator, read once" in str(info.value), str(info.value)


@pytest.mark.parametrize("fn, callee, why", [
    (generator_endless, _endless, "a generator that never ends"),
    (generator_returns, _returns, "a generator that returns a value")])
def test_a_generator_no_list_stands_for_is_refused_where_it_yields(fn, callee, why):
    x = RNG.standard_normal(3)
    line = callee.__code__.co_firstlineno + (2 if callee is _endless else 1)
    for transform in (lambda: s2sgrad.grad(fn)(x), lambda: s2sgrad.jvp(fn, (x,), (x,))):
        with pytest.raises(s2sgrad.errors.UserCodeError) as info:
            transform()
        assert f"{HERE}:{line}:" in str(info.value) and why in str(info.value), str(info.value)
    done = run_cli("emit", HERE, "-f", fn.__name__)
    assert done.returncode != 0 and why in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_a_generator_that_is_sent_values_is_called_as_it_is_where_it_is_constant():
    x = RNG.standard_normal(3)      # (nothing it yields depends on the inputs: Python runs it)
    np.testing.assert_allclose(s2sgrad.grad(generator_sent)(x), np.full(3, generator_sent(np.ones(3)) / 3))


# -- 14. a function chosen from a dict by a string the transform is specialised on ---------------
def _relu(z):
    return np.maximum(z, 0.0)


ACTIVATIONS = {"relu": _relu, "tanh": np.tanh, "sin": np.sin}


def chosen_activation(x, W, name="tanh"):
    act = ACTIVATIONS[name]
    h = x
    for k in range(2):
        h = act(W @ h)
    return np.sum(h * h)


def chosen_without_default(x, name):
    return np.sum(ACTIVATIONS[name](x) * x)


def chosen_missing_key(x, name="gelu"):
    return np.sum(ACTIVATIONS[name](x))


@pytest.mark.parametrize("name", ["tanh", "relu", "sin", None])
def test_a_function_chosen_by_a_string_is_the_one_the_string_names(name):
    x, W = np.array([0.3, -0.2, 0.5]), np.array([[0.5, -0.2, 0.1], [0.3, 0.8, -0.4], [0.1, 0.2, 0.6]])
    args = [x, W] + ([name] if name else [])
    assert s2sgrad.value_and_grad(chosen_activation)(*args)[0] == chosen_activation(*args)
    check_grads(chosen_activation, args)
    check_jvp(chosen_activation, args)
    _hvp_matches_differences_of_the_gradient(chosen_activation, args)
    np.testing.assert_allclose(s2sgrad.grad(chosen_activation)(*args),
                               autograd.grad(_with_autograd(chosen_activation))(*args), rtol=1e-10)
    if name:
        np.testing.assert_allclose(s2sgrad.grad(chosen_activation)(x, W, name=name),
                                   s2sgrad.grad(chosen_activation)(*args), rtol=1e-12)
    check_grads(chosen_without_default, [x, name or "sin"])


def test_a_function_chosen_by_a_string_through_the_cli(tmp_path):
    x, W = RNG.standard_normal(3), RNG.standard_normal((3, 3)) * 0.5
    module, text = _emitted(tmp_path, chosen_activation)
    value, grad = module.d_chosen_activation(x, W)
    np.testing.assert_allclose(grad, s2sgrad.grad(chosen_activation)(x, W, "tanh"), rtol=1e-12)
    assert "act = np.tanh" in text, text
    with pytest.raises(ValueError, match="made for name='tanh'"):
        module.d_chosen_activation(x, W, "relu")          # never another function's gradient
    done = run_cli("emit", HERE, "-f", "chosen_without_default")
    line = chosen_without_default.__code__.co_firstlineno + 1
    assert done.returncode != 0 and f"{HERE}:{line}:19: error: `ACTIVATIONS[name]` chooses a function by `name`, " \
        "whose string is not known" in done.stderr and "give `name` a default string" in done.stderr, done.stderr


def test_a_string_that_is_no_key_is_refused_where_it_is_read():
    with pytest.raises(s2sgrad.errors.UserCodeError) as info:
        s2sgrad.grad(chosen_missing_key)(np.ones(3))
    line = chosen_missing_key.__code__.co_firstlineno + 1
    assert f"{HERE}:{line}:19: error: `ACTIVATIONS[name]` has no key 'gelu'" in str(info.value), str(info.value)


# -- 15. a dataclass's method called on an item of a list of its objects -------------------------
@dataclasses.dataclass
class Layer:
    W: np.ndarray
    scale: float = 1.0

    def __call__(self, h):
        return np.tanh(self.W @ h) * self.scale

    def forward(self, h):
        return self.W @ np.sin(h) + self.scale


def layers_called(W, x):
    layers = [Layer(W), Layer(W * 0.5, 2.0)]
    h = x
    for layer in layers:
        h = layer(h)
    return np.sum(h * h)


def layers_forward(W, x):
    layers = []
    for k in range(3):
        layers.append(Layer(W * (k + 1.0), 0.5))
    h = x
    for i in range(len(layers)):
        h = layers[i].forward(h) + 0.1 * layers[i](h)
    return np.sum(h)


def _run_layers(layers, h):
    for layer in layers:
        h = layer(h)
    return h


def layers_passed_to_a_function(W, x):
    return np.sum(_run_layers([Layer(W), Layer(W.T)], x))


@pytest.mark.parametrize("fn", [layers_called, layers_forward])
def test_a_method_called_on_an_item_of_a_list_of_objects_is_the_class_s(tmp_path, fn):
    W, x = RNG.standard_normal((3, 3)) * 0.5, RNG.standard_normal(3)
    assert s2sgrad.value_and_grad(fn)(W, x)[0] == fn(W, x)
    _works(fn, [W, x], oracle=False)        # (autograd cannot box a dataclass's field)
    np.testing.assert_allclose(s2sgrad.grad(fn, wrt=1)(W, x), autograd.grad(_with_autograd(fn), 1)(W, x),
                               rtol=1e-10)
    # The CLI reads no dataclass's method, even called through its class: refused where it is called.
    done = run_cli("emit", HERE, "-f", fn.__name__)
    line = fn.__code__.co_firstlineno + (4 if fn is layers_called else 6)
    assert done.returncode != 0 and f"{HERE}:{line}:" in done.stderr \
        and "error: no derivative rule for `Layer." in done.stderr \
        and "Traceback" not in done.stderr, done.stderr


def test_a_list_of_objects_given_to_a_function_is_refused_with_the_call_through_the_class():
    W, x = RNG.standard_normal((3, 3)) * 0.5, RNG.standard_normal(3)
    with pytest.raises(s2sgrad.errors.UserCodeError) as info:
        s2sgrad.grad(layers_passed_to_a_function)(W, x)
    line = _run_layers.__code__.co_firstlineno + 2
    assert f"{HERE}:{line}:" in str(info.value) and "suggestion:" in str(info.value), str(info.value)


# -- loops over iterables that are not sequences ---------------------------------------------------
def enumerate_dict_views(x, w):
    s = 0.0
    for i, (k, v) in enumerate(w.items()):
        s += v * x[i] ** 2 + len(k)
    for j, v in enumerate(w.values(), start=1):
        s = s + j * np.sin(v)
    return np.sum(s)


def ndindex_loop(X):
    s = 0.0
    for i, j in np.ndindex(X.shape):
        s += X[i, j] ** 2 * (i + 1)
    return s


_TABLE = {"a": 1.0, "bb": 2.0}


def reversed_dict_items(x):
    s = 0.0
    for k, v in reversed(_TABLE.items()):
        s = s * x[0] + v * len(k)
    return s


def loop_over_a_set(x):
    s = 0.0
    for i in {0, 2}:
        s += x[i] ** 2
    return s


@pytest.mark.parametrize("fn, args, wrt", [
    (reversed_dict_items, lambda: [np.array([0.3, 0.7])], 0),
    (loop_over_a_set, lambda: [np.array([0.3, 0.7, -0.2])], 0),
    (enumerate_dict_views, lambda: [np.array([0.3, -0.6]), {"a": 1.0, "b": np.array([2.0, 0.5])}], (0, 1)),
    (ndindex_loop, lambda: [np.array([[0.5, 1.2], [0.7, -0.4]])], 0)])
def test_loops_over_dict_views_and_ndindex_are_read_as_lists(fn, args, wrt):
    """`enumerate(d.values())`, `np.ndindex(shape)`, `reversed(d.items())` and a set were indexed
    like lists (a TypeError from the emitted code): they are iterated as `list(...)` of them."""
    check_grads(fn, args(), wrt=wrt)
    check_jvp(fn, args(), wrt=wrt)


# -- `:=` where it stands: an assignment ----------------------------------------------------------
def walrus_in_a_test(x):
    if (n := len(x)) > 2:
        return np.sum(x ** 2) / n
    return 0.0


def walrus_in_a_while(x):
    s = 0.0
    while (r := np.sum(x * x)) > 0.1 and s < 3.0:
        s = s + r
        x = x * 0.5
    return s


def walrus_in_an_expression(x):
    return ((m := np.max(x)) + np.sum(np.exp(x - m))) * m


@pytest.mark.parametrize("fn", [walrus_in_a_test, walrus_in_a_while, walrus_in_an_expression])
def test_an_assignment_expression_is_an_assignment_where_it_stands(fn):
    x = np.array([0.3, 0.7, -0.2])
    check_grads(fn, [x])
    check_jvp(fn, [x])
    _hvp_matches_differences_of_the_gradient(fn, [x])


def walrus_in_nested_comprehensions(x):
    return np.sum([[(y := v * w) + y for v in x] for w in x])


def test_an_assignment_expression_in_a_comprehension_is_refused_once_in_either_mode():
    x = np.array([0.3, 0.7])
    for transform in (lambda: s2sgrad.grad(walrus_in_nested_comprehensions)(x),
                      lambda: s2sgrad.jvp(walrus_in_nested_comprehensions, (x,), (x,))):
        with pytest.raises(s2sgrad.UserCodeError) as info:
            transform()
        assert str(info.value).count("error: `:=` inside a comprehension") == 1, str(info.value)

"""Decorated functions: s2sgrad differentiates what calling the function runs.

A wrapper that changes the result or the arguments (`2.0 * fn(*args)`, `fn(x * x)`, `-fn(x)`,
a clip) is differentiated as the wrapper (the API) or refused at the decorator's line (the CLI,
which reads the file without running it); `__wrapped__` is followed only where the wrapper
passes through (a timer, a logger) or the decorator is known (functools.lru_cache).

The program is written once and loaded twice: with NumPy for s2sgrad, with autograd.numpy for
autograd, the oracle; central finite differences check both.  The CLI runs in this process (in a
subprocess under S2SGRAD_DEEP=1).
"""

import importlib.util
import inspect
import sys
import textwrap

import autograd
import numpy as np
import pytest

import s2sgrad
from s2sgrad.errors import ArgumentError
from tests.helpers import forget_modules, numpy_and_autograd, run_cli

PROGRAM = '''
import functools
import math
import numpy as np
import s2sgrad

LOG = []


def doubled(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        return 2.0 * fn(*args)
    return wrapper


def clipped_output(lo, hi):
    def deco(fn):
        def wrapper(x):
            return np.clip(fn(x), lo, hi)
        return wrapper
    return deco


def negated(fn):
    def wrapper(x):
        return -fn(x)
    wrapper.__wrapped__ = fn
    wrapper.__name__ = fn.__name__
    return wrapper


def square_input(fn):
    @functools.wraps(fn)
    def wrapper(x):
        return fn(x * x)
    return wrapper


def timed(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        LOG.append("start")
        out = fn(*args, **kwargs)
        LOG.append("stop")
        return out
    return wrapper


def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        LOG.append(fn.__name__)
        return fn(*args, **kwargs)
    return wrapper


@doubled
def sq_doubled(x):
    return x ** 2


def uses_doubling_decorator(x):
    return np.sum(sq_doubled(x))


@clipped_output(-0.5, 0.5)
def cube_clipped(x):
    return x ** 3


def uses_param_decorator(x):
    return np.sum(cube_clipped(x) * x)


@doubled
def decorated_doubled(x):
    return np.sum(x ** 2)


@negated
def decorated_negated(x):
    return np.sum(x ** 3)


@square_input
def decorated_input_transform(x):
    return np.sum(np.sin(x))


@timed
def decorated_passthrough(x):
    return np.sum(np.sin(x) * x)


@logged
def layer_logged(w, x):
    return np.tanh(x * w)


def uses_logged_helper(w):
    return np.sum(layer_logged(w, np.array([0.5, -1.0, 2.0])) ** 2)


@timed
def timed_helper(x):
    return np.exp(-x * x)


def uses_timed_helper(x):
    return np.sum(timed_helper(x) * x)


@functools.lru_cache(maxsize=None)
def binom(n, k):
    return math.comb(n, k)


def bernstein_lru(c):
    n = len(c) - 1
    s = 0.0
    for k in range(n + 1):
        s = s + binom(n, k) * c[k] * 0.3 ** k * 0.7 ** (n - k)
    return s


@functools.lru_cache(maxsize=None)
def scaled_float(t):
    return t * t + 1.0


def lru_on_differentiated_float(t):
    return scaled_float(t) * t


@s2sgrad.differentiate
@doubled
def marked_over(x):
    return np.sum(np.sin(x))


@doubled
@s2sgrad.differentiate
def marked_under(x):
    return np.sum(np.cos(x))


def calls_marked_under(x):
    return marked_under(x) * 3.0
'''

RNG = np.random.default_rng(11)
X3 = np.array([0.9, -0.6, 0.35])

# name -> (args, the wrapper's effect is visible: the undecorated function gives another value)
CASES = {
    "uses_doubling_decorator": ((X3,), True),
    "uses_param_decorator": ((X3,), True),
    "decorated_doubled": ((X3,), True),
    "decorated_negated": ((X3,), True),
    "decorated_input_transform": ((X3,), True),
    "decorated_passthrough": ((X3,), False),
    "uses_logged_helper": ((X3,), False),
    "uses_timed_helper": ((X3,), False),
    "bernstein_lru": ((X3,), False),
    "lru_on_differentiated_float": ((0.8,), False),
    "marked_over": ((X3,), True),
    "marked_under": ((X3,), True),
    "calls_marked_under": ((X3,), True),
}


@pytest.fixture(scope="module")
def programs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("decorators")
    yield numpy_and_autograd(folder, "decorators", PROGRAM)
    forget_modules("decorators_np", "decorators_ag")


def _pair(programs, name):
    np_module, ag_module = programs
    return getattr(np_module, name), getattr(ag_module, name)


def _differences(fn, x, direction, eps=1e-6):
    return (fn(x + eps * direction) - fn(x - eps * direction)) / (2 * eps)


def _direction(x, seed=3):
    return np.random.default_rng(seed).standard_normal(np.shape(x)) if np.ndim(x) else 1.0


@pytest.mark.parametrize("name", sorted(CASES))
def test_reverse_is_what_calling_runs(programs, name):
    fn, ag_fn = _pair(programs, name)
    (x,), _ = CASES[name]
    value, gradient = s2sgrad.value_and_grad(fn)(x)
    np.testing.assert_allclose(value, fn(x), rtol=1e-12)
    np.testing.assert_allclose(gradient, autograd.grad(ag_fn)(x), rtol=1e-9, atol=1e-12)
    u = _direction(x)
    np.testing.assert_allclose(np.sum(gradient * u), _differences(fn, x, u), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(s2sgrad.grad(fn)(x), gradient, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.vjp(fn)(x, d_result=2.0), 2.0 * gradient, rtol=1e-12)


@pytest.mark.parametrize("name", sorted(CASES))
def test_forward_and_dot_product(programs, name):
    fn, ag_fn = _pair(programs, name)
    (x,), _ = CASES[name]
    u = _direction(x)
    value, tangent = s2sgrad.jvp(fn, (x,), (u,))
    np.testing.assert_allclose(value, fn(x), rtol=1e-12)
    np.testing.assert_allclose(tangent, np.sum(s2sgrad.grad(fn)(x) * u), rtol=1e-9, atol=1e-12)   # ⟨J u⟩ = ⟨Jᵀ1, u⟩
    np.testing.assert_allclose(tangent, np.sum(autograd.grad(ag_fn)(x) * u), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name", ["decorated_doubled", "decorated_negated", "decorated_input_transform",
                                  "uses_doubling_decorator", "decorated_passthrough"])
def test_hvp_and_hessian(programs, name):
    fn, ag_fn = _pair(programs, name)
    (x,), _ = CASES[name]
    u = _direction(x)
    np.testing.assert_allclose(s2sgrad.hvp(fn, (x,), (u,)), autograd.hessian_vector_product(ag_fn)(x, u),
                               rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(s2sgrad.hessian(fn)(x), autograd.hessian(ag_fn)(x), rtol=1e-8, atol=1e-10)


def test_the_decorator_counts(programs):
    """The wrapper's effect is in the value: the undecorated function gives another one."""
    np_module, _ = programs
    for name, ((x,), visible) in CASES.items():
        fn = getattr(np_module, name)
        inner = getattr(fn, "__wrapped__", None)
        if visible and inner is not None and name not in ("marked_over",):
            assert not np.allclose(fn(x), inner(x)), name


def test_marks_stacked_with_another_decorator(programs):
    np_module, ag_module = programs
    np.testing.assert_allclose(np_module.marked_over.grad(X3), autograd.grad(ag_module.marked_over)(X3), rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.grad(np_module.marked_under)(X3), -2.0 * np.sin(X3), rtol=1e-12)


def test_grad_of_grad_of_a_decorated_function(programs):
    np_module, _ = programs
    second = s2sgrad.grad(s2sgrad.grad(np_module.lru_on_differentiated_float))(0.8)
    np.testing.assert_allclose(second, 6.0 * 0.8, rtol=1e-10)


@pytest.mark.parametrize("make", [
    lambda f: s2sgrad.jacobian(s2sgrad.grad(f)),
    lambda f: s2sgrad.hessian(s2sgrad.grad(f)),
    lambda f: s2sgrad.grad(s2sgrad.value_and_grad(f)),
    lambda f: s2sgrad.grad(s2sgrad.jacobian(f)),
    lambda f: s2sgrad.jacobian(s2sgrad.jacobian(f)),
    lambda f: functools_partial_vjp(s2sgrad.grad(f)),
])
def test_a_function_s2sgrad_made_is_not_its_original(programs, make):
    """`jacobian(grad(f))` once gave f's gradient (the `__wrapped__` of grad's function): refused."""
    np_module, _ = programs
    with pytest.raises(ArgumentError, match="s2sgrad made from decorated_passthrough"):
        make(np_module.decorated_passthrough)(X3)


def functools_partial_vjp(g):
    return lambda x: s2sgrad.vjp(g)(x, d_result=np.ones(3))


def test_a_library_wrapper_object_is_refused():
    class Wrapper:          # not a function of the user's: s2sgrad cannot read it
        __slots__ = ("__wrapped__",)

        def __init__(self, fn):
            self.__wrapped__ = fn

        def __call__(self, x):
            return 2.0 * self.__wrapped__(x)

    Wrapper.__module__ = "somelib.wrappers"

    def f(x):
        return np.sum(x * x)
    with pytest.raises(ArgumentError, match="cannot read what the wrapper does"):
        s2sgrad.grad(Wrapper(f))(X3)


# -- the CLI -------------------------------------------------------------------------------------
def _cli(folder, *argv):
    return run_cli(*argv, cwd=folder)


@pytest.fixture(scope="module")
def cli_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("decorators_cli")
    (folder / "prog.py").write_text(PROGRAM, encoding="utf-8")
    return folder


def _line_of(text):
    return PROGRAM.splitlines().index(text) + 1


REFUSED = [
    ("uses_doubling_decorator", "@doubled", "sq_doubled"),
    ("uses_param_decorator", "@clipped_output(-0.5, 0.5)", "cube_clipped"),
    ("decorated_doubled", "@doubled", "decorated_doubled"),
    ("decorated_negated", "@negated", "decorated_negated"),
    ("decorated_input_transform", "@square_input", "decorated_input_transform"),
    ("marked_over", "@doubled", "marked_over"),
]


@pytest.mark.parametrize("options", [(), ("--mode", "forward"), ("--standalone",)],
                         ids=["reverse", "forward", "standalone"])
@pytest.mark.parametrize("fname, decorator, wrapped", REFUSED)
def test_cli_refuses_a_decorator_that_changes_the_function(cli_folder, fname, decorator, wrapped, options):
    done = _cli(cli_folder, "emit", "prog.py", "-f", fname, *options)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    lines = [i + 1 for i, text in enumerate(PROGRAM.splitlines()) if text == decorator]
    line = next(n for n in lines if PROGRAM.splitlines()[n].startswith(f"def {wrapped}("))
    assert f"prog.py:{line}:1: error: `{decorator}` wraps `{wrapped}`, and calling `{wrapped}` runs the wrapper" \
        in done.stderr
    assert f"\n    {decorator}\n    ^\n" in done.stderr
    assert "suggestion: define" in done.stderr


PASSING = ["decorated_passthrough", "uses_logged_helper", "uses_timed_helper", "bernstein_lru",
           "lru_on_differentiated_float"]


@pytest.mark.parametrize("fname", PASSING)
def test_cli_reads_a_decorator_that_leaves_the_function(programs, cli_folder, fname):
    out = cli_folder / f"grad_{fname}.py"
    out_fwd = cli_folder / f"jvp_{fname}.py"
    done = _cli(cli_folder, "emit", "prog.py", "-f", fname, "-o", str(out))
    assert done.returncode == 0, done.stderr
    done = _cli(cli_folder, "emit", "prog.py", "-f", fname, "--mode", "forward", "-o", str(out_fwd))
    assert done.returncode == 0, done.stderr
    sys.path.insert(0, str(cli_folder))
    try:
        emitted = importlib.import_module(f"grad_{fname}")
        forward = importlib.import_module(f"jvp_{fname}")
        fn, ag_fn = _pair(programs, fname)
        (x,), _ = CASES[fname]
        value, gradient = getattr(emitted, f"d_{fname}")(x)
        np.testing.assert_allclose(value, fn(x), rtol=1e-12)
        np.testing.assert_allclose(gradient, autograd.grad(ag_fn)(x), rtol=1e-9, atol=1e-12)
        u = _direction(x)
        param = next(iter(inspect.signature(fn).parameters))
        _, tangent = getattr(forward, f"jvp_{fname}")(x, **{f"t_{param}": u})
        np.testing.assert_allclose(tangent, np.sum(gradient * u), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(tangent, _differences(fn, x, u), rtol=1e-6, atol=1e-8)
    finally:
        sys.path.remove(str(cli_folder))
        for name in (f"grad_{fname}", f"jvp_{fname}", "prog"):
            sys.modules.pop(name, None)


def test_cli_reads_a_registering_decorator(tmp_path):
    """A decorator that returns its function (after registering it) leaves it unchanged."""
    (tmp_path / "reg.py").write_text(textwrap.dedent('''
        import numpy as np

        REGISTRY = {}


        def register(fn):
            REGISTRY[fn.__name__] = fn
            return fn


        @register
        def cube(x):
            return x ** 3


        def f(x):
            return np.sum(cube(x))
    '''), encoding="utf-8")
    done = _cli(tmp_path, "emit", "reg.py", "-f", "f", "-o", str(tmp_path / "d_reg.py"))
    assert done.returncode == 0, done.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        value, gradient = importlib.import_module("d_reg").d_f(X3)
    finally:
        sys.path.remove(str(tmp_path))
        for name in ("d_reg", "reg"):
            sys.modules.pop(name, None)
    np.testing.assert_allclose(value, np.sum(X3 ** 3), rtol=1e-12)
    np.testing.assert_allclose(gradient, 3.0 * X3 ** 2, rtol=1e-12)


def test_a_decorated_function_of_a_notebook_cell():
    """Source held in linecache only (a notebook cell): the wrapper's own lines are read, not its
    `__wrapped__`'s (inspect.getsourcelines follows `__wrapped__`)."""
    import linecache
    text = textwrap.dedent('''
        import functools
        import numpy as np


        def doubled(fn):
            @functools.wraps(fn)
            def wrapper(x):
                return 2.0 * fn(x)
            return wrapper


        @doubled
        def f(x):
            return np.sum(x * x)
    ''')
    filename = "<cell-decorators-1>"
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    space = {"__name__": "cell_decorators"}
    exec(compile(text, filename, "exec"), space)
    value, gradient = s2sgrad.value_and_grad(space["f"])(X3)
    np.testing.assert_allclose(value, 2.0 * np.sum(X3 * X3), rtol=1e-12)
    np.testing.assert_allclose(gradient, 4.0 * X3, rtol=1e-12)


def test_cli_lists_every_refused_decorator_of_the_marked_functions(cli_folder):
    """No -f: every @s2sgrad.differentiate function; both stacked with `@doubled` are refused."""
    done = _cli(cli_folder, "emit", "prog.py")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "`@doubled` wraps `marked_over`" in done.stderr and "`@doubled` wraps `marked_under`" in done.stderr


# -- the rule ------------------------------------------------------------------------------------
PASS_THROUGH = {
    "star": "def wrapper(*args, **kwargs):\n    return fn(*args, **kwargs)",
    "named": "def wrapper(x, y):\n    'doc'\n    return fn(x, y)",
    "keyword only": "def wrapper(x, *, scale):\n    return fn(x, scale=scale)",
    "timer": "def wrapper(*args):\n    t0 = time.perf_counter()\n    out = fn(*args)\n"
             "    TIMES.append(time.perf_counter() - t0)\n    return out",
    "logger": "def wrapper(*args, **kwargs):\n    log.info('calling %s', fn.__name__)\n    return fn(*args, **kwargs)",
}
CHANGES = {
    "scales the result": "def wrapper(*args):\n    return 2.0 * fn(*args)",
    "changes an argument": "def wrapper(x):\n    return fn(x * x)",
    "swaps arguments": "def wrapper(x, y):\n    return fn(y, x)",
    "drops an argument": "def wrapper(*args):\n    return fn(*args[1:])",
    "a default of its own": "def wrapper(x, y=2.0):\n    return fn(x, y)",
    "reads the arguments": "def wrapper(*args):\n    print(args)\n    return fn(*args)",
    "rebinds an argument": "def wrapper(x):\n    x = x + 1.0\n    return fn(x)",
    "changes the result": "def wrapper(x):\n    out = fn(x)\n    out = out * 2.0\n    return out",
    "another function": "def wrapper(x):\n    return g(x)",
    "returns early": "def wrapper(x):\n    if FLAG:\n        return 0.0\n    return fn(x)",
    "rebinds fn": "def wrapper(x):\n    fn = g\n    return fn(x)",
}


def _wrapper(text):
    import gast
    return gast.parse(text).body[0]


@pytest.mark.parametrize("name", sorted(PASS_THROUGH))
def test_a_wrapper_that_passes_through(name):
    from s2sgrad.decorators import passes_through
    assert passes_through(_wrapper(PASS_THROUGH[name]), lambda func: getattr(func, "id", None) == "fn")


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_a_wrapper_that_changes_the_function(name):
    from s2sgrad.decorators import passes_through
    assert not passes_through(_wrapper(CHANGES[name]), lambda func: getattr(func, "id", None) == "fn")


def test_a_class_based_wrapper_of_a_marked_function_is_what_runs():
    """`functools.update_wrapper(self, marked)` copies the mark's attributes onto the wrapper
    object: it is not the mark, and its `__call__` is what runs."""
    import functools

    class Doubled:
        def __init__(self, fn):
            functools.update_wrapper(self, fn)
            self.fn = fn

        def __call__(self, x):
            return 2.0 * self.fn(x)

    def f(x):
        return np.sum(x * x)

    wrapped = Doubled(s2sgrad.differentiate(f))
    np.testing.assert_allclose(s2sgrad.grad(wrapped)(X3), 4.0 * X3, rtol=1e-12)


@pytest.mark.parametrize("method", ["grad", "value_and_grad", "vjp", "jvp", "hvp"])
def test_methods_copied_onto_a_wrapper_of_a_mark_refuse(programs, method):
    """`@doubled @s2sgrad.differentiate def f`: `functools.wraps` copies the mark's methods onto
    the wrapper, where they would differentiate f without the doubling: they refuse, naming
    the call that works; s2sgrad.grad of the wrapper is the doubled gradient."""
    np_module, _ = programs
    fn = np_module.marked_under
    with pytest.raises(s2sgrad.ArgumentError, match=rf"`marked_under.{method}`.*s2sgrad.{method}\(marked_under\)"):
        getattr(fn, method)(X3)
    with pytest.raises(s2sgrad.ArgumentError, match=r"s2sgrad.emit\(marked_under\)"):
        str(fn.source)
    np.testing.assert_allclose(s2sgrad.grad(fn)(X3), -2.0 * np.sin(X3), rtol=1e-12)
    inner = fn.__wrapped__
    np.testing.assert_allclose(inner.grad(X3), -np.sin(X3), rtol=1e-12)


def test_a_mark_keeps_its_methods_and_attributes():
    def f(x):
        return np.sum(x ** 3)

    marked = s2sgrad.differentiate(f, wrt=0)
    np.testing.assert_allclose(marked.grad(X3), 3.0 * X3 ** 2, rtol=1e-12)
    assert marked.wrt == 0 and "def d_f" in marked.source and "grad" in vars(marked)

"""Everyday idioms of real code, unchanged, in reverse, forward and hvp: a class whose `__init__`
stores by tuple assignment, a callee that updates the item it read (`s = b[i]; s -= ...`), a
dict of parameters holding an integer count, a dataclass made and its method called in the
function, also by the command line; a list of functions given to a callee that loops over it,
and comprehensions over lists of functions (a display, a local, a module-level list).

Each program is written once and loaded twice: with NumPy for s2sgrad, with autograd.numpy for
autograd, the oracle where it can take the gradient; central finite differences check both.
"""

import os
import pathlib
import textwrap

import autograd
import numpy as np
import pytest

import s2sgrad
from tests.helpers import (directional_difference, forget_modules, import_file, numpy_and_autograd, random_direction,
                           run_cli)

PROGRAM = '''
import dataclasses

import numpy as np


@dataclasses.dataclass
class Stats:
    mean: np.ndarray
    var: np.ndarray
    eps: float = 1e-3

    def spread(self):
        return np.sqrt(self.var + self.eps) + self.mean


def _stats(x):
    m = np.mean(x, axis=0)
    return Stats(mean=m, var=np.mean((x - m) ** 2, axis=0))


def dataclass_from_helper(x):
    s = _stats(x)
    return np.sum(s.mean ** 2 + np.log(s.var)) + np.sum(s.spread())


def dataclass_method(x):
    s = Stats(x[0] * 2.0, x[1] * x[1] + 1.0)
    return np.sum(s.spread() * x[2])


class TwoArrays:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def loss(self, x):
        return np.sum(np.tanh(self.W @ x + self.b) ** 2)


def model_loss(W, b, x):
    model = TwoArrays(W * 2.0, b)
    return model.loss(x)


def upd(b, i):
    s = b[i]
    s -= 0.5 * b[i - 1]
    return s


def item_updates(x):
    t = 0.0
    for i in range(1, 3):
        t = t + upd(x, i) ** 2
    return t * x[0]


def compose(fs, x):
    for g in fs:
        x = g(x)
    return x


def total(fs, x):
    return sum(g(x) for g in fs)


def _square(v):
    return v * v


FS = [np.tanh, _square]


def composed(x):
    return np.sum(compose([np.tanh, np.sin, lambda v: v * 2.0], x) * x)


def composed_capture(x, a):
    h = x
    step = lambda v: v * a
    for k in range(2):
        h = compose([np.tanh, step, lambda v: v + a], h) + total(FS, x)
    return np.sum(h ** 2)


def comprehended(x, a):
    fs = [np.sin, lambda v: a * v * v]
    ys = [g(x) for g in fs]
    return np.sum(ys[0] * ys[1]) + np.sum(np.stack([g(x) for g in FS]) ** 2)


def counted(p):
    h = p["w"]
    for _ in range(p["n"]):
        h = np.tanh(h) * p["scale"]
    return np.sum(h ** 2)
'''


@pytest.fixture(scope="module")
def programs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("real_idioms")
    yield numpy_and_autograd(folder, "real_idioms", PROGRAM)
    forget_modules("real_idioms_np", "real_idioms_ag")


RNG = np.random.default_rng(11)
W0, x0, b0 = RNG.normal(size=(3, 3)) * 0.5, RNG.normal(size=3), RNG.normal(size=3)
X0 = RNG.normal(size=(4, 3))


def _cases(m):
    """name -> (callable, args, position differentiated) for program module `m`."""
    return {
        "tuple-assigning __init__": (m.model_loss, (W0, b0, x0), 0),
        "tuple-assigning __init__, bound method": (m.TwoArrays(W0, b0).loss, (x0,), 0),
        "callee updates the item it read": (m.item_updates, (x0,), 0),
        "dataclass made in a helper": (m.dataclass_from_helper, (X0,), 0),
        "dataclass method": (m.dataclass_method, (X0,), 0),
        "list of functions given to a callee": (m.composed, (x0,), 0),
        "lists of functions given to callees in a loop": (m.composed_capture, (x0, 0.7), 0),
        "comprehensions over lists of functions": (m.comprehended, (x0, 0.7), 0),
    }


CASES = ["tuple-assigning __init__", "tuple-assigning __init__, bound method", "callee updates the item it read",
         "dataclass made in a helper", "dataclass method", "list of functions given to a callee",
         "lists of functions given to callees in a loop", "comprehensions over lists of functions"]


DEEP = os.environ.get("S2SGRAD_DEEP") == "1"
# Second order and the command line cost most: the suite checks a few cases, S2SGRAD_DEEP=1 all.
HVP_CASES = CASES if DEEP else ["list of functions given to a callee"]
FORWARD_CASES = CASES if DEEP else CASES[2:]
CLI_CASES = ["dataclass_from_helper", "dataclass_method", "composed", "comprehended"] if DEEP \
    else ["dataclass_method", "composed"]


def _pair(programs, name):
    mine, theirs = (_cases(m)[name] for m in programs)
    return mine, theirs


@pytest.mark.parametrize("name", CASES)
def test_reverse(programs, name):
    (fn, args, position), (ag_fn, _, _) = _pair(programs, name)
    got = s2sgrad.grad(fn, position)(*args)
    np.testing.assert_allclose(got, autograd.grad(ag_fn, position)(*args), rtol=1e-7, atol=1e-10)
    v = random_direction(args, position)
    np.testing.assert_allclose(np.sum(got * v), directional_difference(fn, args, position, v), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", FORWARD_CASES)
def test_forward(programs, name):
    (fn, args, position), _ = _pair(programs, name)
    v = random_direction(args, position)
    tangents = [None] * len(args)
    tangents[position] = v
    value, jv = s2sgrad.jvp(fn, tuple(args), tuple(tangents))
    np.testing.assert_allclose(value, fn(*args))
    np.testing.assert_allclose(jv, directional_difference(fn, args, position, v), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", HVP_CASES)
def test_hvp(programs, name):
    (fn, args, position), (ag_fn, _, _) = _pair(programs, name)
    v = random_direction(args, position, seed=2)
    tangents = [None] * len(args)
    tangents[position] = v
    hv = s2sgrad.hvp(fn, tuple(args), tuple(tangents))
    np.testing.assert_allclose(hv, autograd.hessian_vector_product(ag_fn, position)(*args, v), rtol=1e-6, atol=1e-9)
    u = random_direction(args, position, seed=3)
    h = 1e-4
    second = (fn(*_moved(args, position, h * (u + v))) - fn(*_moved(args, position, h * (u - v)))
              - fn(*_moved(args, position, h * (v - u))) + fn(*_moved(args, position, -h * (u + v)))) / (4 * h * h)
    np.testing.assert_allclose(np.sum(hv * u), second, rtol=1e-4, atol=1e-5)      # u'Hv by differences of f


def _moved(args, position, step):
    out = list(args)
    out[position] = args[position] + step
    return out


def test_an_item_of_a_matrix_updated_in_a_callee_is_refused_where_it_runs(programs):
    """`s = b[i]` is a row of a matrix, which `s -= ...` would update in the caller's array: the
    differentiated callee says so where it runs (a number would rebind)."""
    mine, _ = programs

    def rows(X):
        return np.sum(mine.upd(X, 1) ** 2)
    with pytest.raises(s2sgrad.SharedUpdateError, match=r"real_idioms_np.py:\d+: in-place update of `s`"):
        s2sgrad.grad(rows)(np.ones((3, 2)))


def test_an_integer_in_a_dict_of_parameters_is_refused_naming_it(programs):
    """`{"w": w, "n": 3}`: an int could be a count or a parameter written without its `.0`; its
    gradient entry would be a silent guess either way, so it is named (a count belongs in an
    argument of its own, or `wrt` leaves the dict out)."""
    mine, _ = programs
    with pytest.raises(s2sgrad.ArgumentError, match=r"\['n'\]` is an integer"):
        s2sgrad.grad(mine.counted)({"w": x0.copy(), "n": 3, "scale": 0.8})


@pytest.mark.parametrize("fn", CLI_CASES)
def test_the_command_line_reads_dataclasses_and_lists_of_functions(programs, tmp_path, fn):
    """`s2sgrad emit` makes the file's dataclass and calls its method, and calls each function of
    a list given to a callee or a comprehension, as the API does: the emitted gradient and
    tangent against autograd and finite differences."""
    mine, theirs = programs
    folder = pathlib.Path(mine.__file__).parent
    args = (X0,) if fn.startswith("dataclass") else (x0,) + ((0.7,) if fn == "comprehended" else ())
    v = random_direction(args, 0)
    expected = autograd.grad(getattr(theirs, fn))(*args)
    np.testing.assert_allclose(np.sum(expected * v), directional_difference(getattr(mine, fn), args, 0, v), rtol=1e-6)
    for mode, prefix in (("reverse", "d_"), ("forward", "jvp_")):
        out = tmp_path / f"{prefix}{fn}.py"
        done = run_cli("emit", str(folder / "real_idioms_np.py"), "-f", fn, "--mode", mode, "-o", str(out))
        assert done.returncode == 0, done.stderr
        emitted = import_file(out, f"{prefix}{fn}_emitted")
        if mode == "reverse":
            np.testing.assert_allclose(getattr(emitted, prefix + fn)(*args)[1], expected, rtol=1e-7, atol=1e-10)
        else:
            np.testing.assert_allclose(getattr(emitted, prefix + fn)(*args, t_x=v)[1], np.sum(expected * v), rtol=1e-7)


def test_a_list_of_functions_given_to_a_callee_is_a_nested_copy_of_the_callee():
    """The pass's before and after (transforms/function_lists.py), and the function itself unchanged."""
    import gast

    from s2sgrad.resolve import StaticResolver
    from s2sgrad.transforms.function_lists import specialise_function_lists
    from s2sgrad.transforms.parse import parse_source
    source = parse_source(textwrap.dedent('''
        import numpy as np

        def compose(fs, x):
            for g in fs:
                x = g(x)
            return x

        def f(x):
            ys = [g(x) for g in [np.sin, np.cos]]
            return compose([np.tanh, lambda v: v * 2.0], ys[0])
        '''), "lists.py")
    node = source.tree.body[2]
    before = gast.dump(node)
    after = specialise_function_lists(node, StaticResolver(source))
    assert gast.dump(node) == before
    assert gast.unparse(after).strip() == textwrap.dedent('''
        def f(x):
            ys = [np.sin(x), np.cos(x)]

            def compose_fs(x):
                fs = [np.tanh, lambda v: v * 2.0]
                for g in fs:
                    x = g(x)
                return x
            return compose_fs(ys[0])''').strip()

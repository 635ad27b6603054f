"""Lists of functions as users write them, and dataclass idioms, unchanged, in reverse, forward
and hvp: a comprehension with a second `for` or over `zip(fs, ws)`, items called by index
(`fs[0](x)`, `fs[i](x)` over `range(len(fs))`, `acts[-1](z)`), a list of functions on `self`
(made in the function, or the object of a bound method; a lambda among them given to the
constructor), a list of
functions imported from another file; `dataclasses.replace`, a `@property` of a dataclass
parameter, a frozen dataclass; an integer array in a dict of parameters used as indices.

Each program is written once and loaded twice, with NumPy for s2sgrad and with autograd.numpy
for autograd, the oracle; central finite differences check both.  The command line emits the
file's functions where it can know the lists (a display in the file or in the file it imports).
"""

import contextlib
import dataclasses
import importlib.util
import inspect
import io
import os
import sys

import autograd
import numpy as np
import pytest

import s2sgrad

LIBRARY = '''
import numpy as np


def relu(z):
    return np.maximum(z, 0.0)


ACTIVATIONS = [np.tanh, relu]
'''

PROGRAM = '''
import dataclasses
from collections import namedtuple

import numpy as np

from LIBRARY import ACTIVATIONS


def square(v):
    return v * v


FS = [np.tanh, square]
WS = [0.5, 2.0]


def two_fors(x):
    fs = [np.sin, square]
    ks = [1.0, 2.0]
    return np.sum(np.stack([g(x) * k for g in fs for k in ks]))


def zipped(x):
    return np.sum(sum(g(x) * w for g, w in zip(FS, WS)))


def _compose(fs, x):
    for g in fs:
        x = g(x)
    return x


def composed(x):
    return np.sum(_compose(FS, x))


def by_index(x, a):
    fs = [np.tanh, lambda v: v * a, np.sin]
    total = np.sum(fs[0](x) * fs[1](x))
    for i in range(len(fs)):
        total = total + np.sum(fs[i](x)) * WS[i % 2]
    return total + np.sum(fs[-1](x))


def imported(x):
    h = x
    for act in ACTIVATIONS:
        h = act(h * 1.5 + 0.1)
    return np.sum(h * h)


class Model:
    def __init__(self, W1, b1, W2, b2):
        self.layers = [(W1, b1), (W2, b2)]
        self.acts = [np.tanh, square]

    def loss(self, x):
        h = x
        for (W, b), act in zip(self.layers, self.acts):
            h = act(W @ h + b)
        return np.sum(h ** 2)


class Given:
    def __init__(self, W, acts):
        self.W = W
        self.acts = acts

    def loss(self, x):
        h = x
        for act in self.acts:
            h = act(self.W @ h)
        return np.sum(h ** 2)


def model_loss(W1, b1, W2, b2, x):
    return Model(W1, b1, W2, b2).loss(x)


def given_loss(W, x, a):
    m = Given(W, acts=[np.tanh, lambda z: z * a])
    return m.loss(x)


@dataclasses.dataclass
class Params:
    W: np.ndarray
    b: np.ndarray

    @property
    def norm_W(self):
        return np.sum(self.W ** 2)


@dataclasses.dataclass(frozen=True)
class Frozen:
    W: np.ndarray
    b: np.ndarray


def replaced(p, x):
    q = dataclasses.replace(p, W=p.W * 2.0)
    return np.sum(np.tanh(q.W @ x + q.b)) + np.sum(q.W * p.W)


def with_property(p, x):
    return np.sum(np.tanh(p.W @ x + p.b)) + p.norm_W


def frozen(p, x):
    return np.sum(np.tanh(p.W @ x + p.b) ** 2)


def indexed(d):
    return np.sum(d["W"][d["idx"]] ** 2) + np.sum(d["W"][d["mask"]] * 3.0)


THREE = [np.tanh, square, np.sin]
LOSSES = [lambda r: r ** 2, np.tanh, lambda r: np.log(np.cosh(r))]


def lambdas(x):
    total = sum([np.mean(L(x)) for L in LOSSES])
    for L in LOSSES:
        total = total + np.sum(L(x * 0.5))
    return total


def zipped_short(x, ws):
    total = 0.0
    for f, w in zip(THREE, ws):
        total = total + np.sum(f(x) * w)
    return total + np.sum(sum(g(x) * w for g, w in zip([np.cos, np.tanh, square], ws)))


def zipped_grown(x, c):
    ws = []
    for k in range(2):
        ws.append(c * (k + 1.0))
    return np.sum(sum(g(x) * w for g, w in zip(THREE, ws)))


class Scaled(namedtuple("Scaled", "W b")):
    @property
    def norm_W(self):
        return np.sum(self.W ** 2)


def tuple_property(p: Scaled, x):
    return np.sum(np.tanh(p.W @ x + p.b)) + p.norm_W


def annotated_property(p: Params, x):
    return np.sum(np.tanh(p.W @ x + p.b)) * p.norm_W


def made_property(W, b, x):
    p = Params(W, b)
    return np.sum(np.tanh(p.W @ x + p.b)) + p.norm_W


def same_lists(W, x):
    first = Given(W, [np.tanh, square])
    second = Given(W * 0.5, [np.tanh, square])
    return first.loss(x) + second.loss(x)
'''


def _load(folder, name, numpy_module, library):
    text = PROGRAM.replace("import numpy as np", f"import {numpy_module} as np").replace("LIBRARY", library)
    (folder / f"{name}.py").write_text(text, encoding="utf-8")
    (folder / f"{library}.py").write_text(LIBRARY.replace("import numpy as np", f"import {numpy_module} as np"),
                                          encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def programs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("function_items")
    sys.path.insert(0, str(folder))
    try:
        yield _load(folder, "items_np", "numpy", "itemlib_np"), _load(folder, "items_ag", "autograd.numpy", "itemlib_ag")
    finally:
        sys.path.remove(str(folder))
        for name in ("items_np", "items_ag", "itemlib_np", "itemlib_ag"):
            sys.modules.pop(name, None)


RNG = np.random.default_rng(12)
x0 = RNG.normal(size=3)
W1, b1, W2, b2 = RNG.normal(size=(3, 3)) * 0.5, RNG.normal(size=3), RNG.normal(size=(3, 3)) * 0.5, RNG.normal(size=3)


def _cases(m):
    """name -> (s2sgrad's callable, its args, the position differentiated, autograd's callable
    of plain arrays and its args, how s2sgrad's gradient reads as autograd's)."""
    same = (lambda g: g)
    return {
        "a comprehension with two fors": (m.two_fors, (x0,), 0, m.two_fors, (x0,), same),
        "a comprehension over zip(fs, ws)": (m.zipped, (x0,), 0, m.zipped, (x0,), same),
        "items called by index": (m.by_index, (x0, 0.7), 0, m.by_index, (x0, 0.7), same),
        "a list of functions from another file": (m.imported, (x0,), 0, m.imported, (x0,), same),
        "a list of functions on self, made in the function":
            (m.model_loss, (W1, b1, W2, b2, x0), 0, m.model_loss, (W1, b1, W2, b2, x0), same),
        "a list of functions on self, a bound method":
            (m.Model(W1, b1, W2, b2).loss, (x0,), 0, m.Model(W1, b1, W2, b2).loss, (x0,), same),
        "a lambda in a list given to the constructor, made in the function":
            (m.given_loss, (W1, x0, 0.7), 0, m.given_loss, (W1, x0, 0.7), same),
        "a lambda in a list given to the constructor, a bound method":
            (m.Given(W1, [np.tanh, lambda z: z * 1.5]).loss, (x0,), 0,
             m.Given(W1, [autograd.numpy.tanh, lambda z: z * 1.5]).loss, (x0,), same),
        "dataclasses.replace": (m.replaced, (m.Params(W1, b1), x0), 0,
                                lambda W, x: m.replaced(m.Params(W, b1), x), (W1, x0), lambda g: g.W),
        "a property of a dataclass": (m.with_property, (m.Params(W1, b1), x0), 0,
                                      lambda W, x: m.with_property(m.Params(W, b1), x), (W1, x0), lambda g: g.W),
        "a frozen dataclass": (m.frozen, (m.Frozen(W1, b1), x0), 0,
                               lambda W, x: m.frozen(m.Frozen(W, b1), x), (W1, x0), lambda g: g.W),
        "an integer array in a dict": (m.indexed, (_indexed_input(),), 0,
                                       lambda W: m.indexed({**_indexed_input(), "W": W}), (W1,), lambda g: g["W"]),
        "zip with a shorter sequence of unknown length": (m.zipped_short, (x0, [0.5, 2.0]), 0,
                                                          m.zipped_short, (x0, [0.5, 2.0]), same),
        "a global list of two lambdas": (m.lambdas, (x0,), 0, m.lambdas, (x0,), same),
        "zip with a list grown by appends": (m.zipped_grown, (x0, 0.7), 0, m.zipped_grown, (x0, 0.7), same),
        "a property of a namedtuple subclass": (m.tuple_property, (m.Scaled(W1, b1), x0), 0,
                                                lambda W, x: m.tuple_property(m.Scaled(W, b1), x), (W1, x0),
                                                lambda g: g.W),
        "a property of an annotated dataclass": (m.annotated_property, (m.Params(W1, b1), x0), 0,
                                                 lambda W, x: m.annotated_property(m.Params(W, b1), x), (W1, x0),
                                                 lambda g: g.W),
        "a property of a dataclass made in the function": (m.made_property, (W1, b1, x0), 0,
                                                           m.made_property, (W1, b1, x0), same),
        "the same list of functions given to two objects": (m.same_lists, (W1, x0), 0, m.same_lists, (W1, x0), same),
    }


def _indexed_input():
    return {"W": W1, "idx": np.array([0, 2]), "mask": np.array([True, False, True])}


CASES = [
    "a comprehension with two fors", "a comprehension over zip(fs, ws)", "items called by index",
    "a list of functions from another file", "a list of functions on self, made in the function",
    "a list of functions on self, a bound method", "a lambda in a list given to the constructor, made in the function",
    "a lambda in a list given to the constructor, a bound method",
    "dataclasses.replace", "a property of a dataclass", "a frozen dataclass", "an integer array in a dict",
    "zip with a shorter sequence of unknown length", "zip with a list grown by appends", "a global list of two lambdas",
    "a property of a namedtuple subclass",
    "a property of an annotated dataclass", "a property of a dataclass made in the function",
    "the same list of functions given to two objects"]
DEEP = os.environ.get("S2SGRAD_DEEP") == "1"
HVP_CASES = CASES if DEEP else CASES[::2]       # second order costs most: half of them in the suite


def _leaves(value):
    """The float arrays of a value the gradient is taken over, in order (a record's fields, a dict's float items)."""
    if dataclasses.is_dataclass(value):
        return [getattr(value, f.name) for f in dataclasses.fields(value)]
    if hasattr(value, "_fields"):
        return list(value)
    if isinstance(value, dict):
        return [v for v in value.values() if v.dtype.kind == "f"]
    return [value]


def _moved(value, direction, step):
    """`value` moved by `step` times `direction` (one array per float leaf)."""
    if dataclasses.is_dataclass(value):
        fields = [f.name for f in dataclasses.fields(value)]
        return type(value)(**{f: getattr(value, f) + step * d for f, d in zip(fields, direction)})
    if hasattr(value, "_fields"):
        return type(value)(*(v + step * d for v, d in zip(value, direction)))
    if isinstance(value, dict):
        moved, k = dict(value), 0
        for key, item in value.items():
            if item.dtype.kind == "f":
                moved[key], k = item + step * direction[k], k + 1
        return moved
    return value + step * direction[0]


def _directional(fn, args, position, direction, eps=1e-6):
    def at(step):
        moved = list(args)
        moved[position] = _moved(args[position], direction, step)
        return fn(*moved)
    return (at(eps) - at(-eps)) / (2 * eps)


def _direction(args, position, seed):
    rng = np.random.default_rng(seed)
    return [rng.normal(size=np.shape(leaf)) for leaf in _leaves(args[position])]


def _dot(grad, direction):
    return sum(np.sum(g * d) for g, d in zip(_leaves(grad), direction))


@pytest.mark.parametrize("name", CASES)
def test_reverse(programs, name):
    mine, theirs = programs
    fn, args, position, _, _, as_theirs = _cases(mine)[name]
    _, _, _, ag_fn, ag_args, _ = _cases(theirs)[name]
    got = s2sgrad.grad(fn, position)(*args)
    np.testing.assert_allclose(as_theirs(got), autograd.grad(ag_fn, 0)(*ag_args), rtol=1e-7, atol=1e-10)
    v = _direction(args, position, 1)
    np.testing.assert_allclose(_dot(got, v), _directional(fn, args, position, v), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", CASES)
def test_forward(programs, name):
    mine, _ = programs
    fn, args, position, _, _, _ = _cases(mine)[name]
    v = _direction(args, position, 2)
    value, jv = s2sgrad.jvp(fn, tuple(args), _tangents(args, position, v))
    np.testing.assert_allclose(value, fn(*args))
    np.testing.assert_allclose(jv, _directional(fn, args, position, v), rtol=1e-5, atol=1e-7)


def _tangents(args, position, direction):
    """The tangents of a call: `direction` for the argument at `position` (a record's or dict's
    of its type), None for the others."""
    tangents = [None] * len(args)
    value = args[position]
    plain = not (dataclasses.is_dataclass(value) or isinstance(value, dict) or hasattr(value, "_fields"))
    tangents[position] = direction[0] if plain else _difference(_moved(value, direction, 1.0), value)
    return tuple(tangents)


def _difference(moved, value):
    """The tangent that moves `value` to `moved` (integer items: zeros)."""
    if dataclasses.is_dataclass(value):
        return type(value)(**{f.name: getattr(moved, f.name) - getattr(value, f.name) for f in dataclasses.fields(value)})
    if hasattr(value, "_fields"):
        return type(value)(*(m - v for m, v in zip(moved, value)))
    return {k: (moved[k] - value[k]) if value[k].dtype.kind == "f" else np.zeros(value[k].shape) for k in value}


@pytest.mark.parametrize("name", HVP_CASES)
def test_hvp(programs, name):
    mine, theirs = programs
    fn, args, position, _, _, as_theirs = _cases(mine)[name]
    _, _, _, ag_fn, ag_args, _ = _cases(theirs)[name]
    v = _direction(args, position, 3)
    hv = s2sgrad.hvp(fn, tuple(args), _tangents(args, position, v))
    if len(v) == 1:         # autograd's product along the same direction, of the same array
        np.testing.assert_allclose(as_theirs(hv), autograd.hessian_vector_product(ag_fn, 0)(*ag_args, v[0]),
                                   rtol=1e-6, atol=1e-9)
    grad = s2sgrad.grad(fn, position)
    u = _direction(args, position, 4)
    # u'Hv by central differences of the gradient along v, dotted with u
    np.testing.assert_allclose(_dot(hv, u), _directional(lambda *a: _dot(grad(*a), u), args, position, v),
                               rtol=1e-4, atol=1e-6)


def test_an_integer_array_used_as_a_number_is_refused_naming_it(programs):
    """An integer array in a dict is data only where it is read as indices or a mask: used as a
    number, its gradient would be a guess, so it is named."""
    def scaled(d):
        return np.sum(d["W"][d["idx"]] * d["idx"][0])
    with pytest.raises(s2sgrad.ArgumentError, match=r"`d\['idx'\]` is an integer array .* used as a number"):
        s2sgrad.grad(scaled)({"W": W1, "idx": np.array([1, 2])})
    g = s2sgrad.grad(programs[0].indexed)(_indexed_input())
    assert g["idx"].dtype == np.int64 and not g["idx"].any() and g["mask"].dtype == bool and not g["mask"].any()


@pytest.mark.parametrize("fn, module, name", [("imported", "itemlib_np", "ACTIVATIONS"), ("zipped", "items_np", "FS")])
def test_a_list_of_functions_changed_in_place_is_transformed_again(programs, fn, module, name):
    """The API unrolls a global list of functions by its value, in a loop or a comprehension
    (`zipped`): changed in place, the transform is stale, never run with the old functions."""
    mine, _ = programs
    functions = getattr(sys.modules[module], name)
    fn, kept = getattr(mine, fn), functions[1]
    before = s2sgrad.grad(fn)(x0)
    functions[1] = np.sin
    try:
        after = s2sgrad.grad(fn)(x0)
        v = _direction((x0,), 0, 5)
        np.testing.assert_allclose(np.sum(after * v[0]), _directional(fn, (x0,), 0, v), rtol=1e-5)
        assert not np.allclose(before, after)
    finally:
        functions[1] = kept


def test_a_global_list_given_to_a_callee_and_changed_in_place_is_not_read_as_written(programs):
    """`_compose(FS, x)` specialises the callee on FS's display as the file writes it, only while
    FS holds those functions: changed in place, the transform is made again and refuses the call
    through the loop variable at its line, never the old gradient."""
    mine, _ = programs
    v = _direction((x0,), 0, 7)
    np.testing.assert_allclose(np.sum(s2sgrad.grad(mine.composed)(x0) * v[0]),
                               _directional(mine.composed, (x0,), 0, v), rtol=1e-5)
    line = next(k for k, t in enumerate(open(mine.__file__).read().splitlines(), 1) if "x = g(x)" in t)
    mine.FS[1] = np.sin
    try:
        with pytest.raises(s2sgrad.UserCodeError, match=rf"items_np.py:{line}:13: .*`g` holds a function"):
            s2sgrad.grad(mine.composed)(x0)
    finally:
        mine.FS[1] = mine.square


@pytest.mark.parametrize("fn, args", [("two_fors", (x0,)), ("by_index", (x0, 0.7)), ("imported", (x0,)), ("zipped", (x0,)),
                                      ("model_loss", (W1, b1, W2, b2, x0)), ("given_loss", (W1, x0, 0.7)),
                                      ("zipped_short", (x0, [0.5, 2.0])), ("made_property", (W1, b1, x0))])
def test_the_command_line_reads_the_lists(programs, tmp_path, fn, args):
    """`s2sgrad emit` on the file: the lists are displays of the file, or of the file it imports;
    the emitted gradient and tangent against autograd and finite differences."""
    import s2sgrad.cli
    mine, theirs = programs
    expected = autograd.grad(getattr(theirs, fn))(*args)
    v = _direction(args, 0, 6)
    np.testing.assert_allclose(np.sum(expected * v[0]), _directional(getattr(mine, fn), args, 0, v), rtol=1e-6)
    for mode, prefix in (("reverse", "d_"), ("forward", "jvp_")):
        out = tmp_path / f"{prefix}{fn}.py"
        with contextlib.redirect_stderr(io.StringIO()) as err:
            rc = s2sgrad.cli.main(["emit", mine.__file__, "-f", fn, "--mode", mode, "-o", str(out)])
        assert rc in (0, None), err.getvalue()
        spec = importlib.util.spec_from_file_location(f"{prefix}{fn}_items", out)
        emitted = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(emitted)
        if mode == "reverse":
            np.testing.assert_allclose(getattr(emitted, prefix + fn)(*args)[1], expected, rtol=1e-7, atol=1e-10)
        else:
            first = next(iter(inspect.signature(getattr(mine, fn)).parameters))
            got = getattr(emitted, prefix + fn)(*args, **{f"t_{first}": v[0]})[1]
            np.testing.assert_allclose(got, np.sum(expected * v[0]), rtol=1e-7)


def test_a_global_list_calls_each_library_function_by_its_name(programs, tmp_path):
    """`FS = [np.tanh, square]`: `np.tanh(x)` as `square` is `fwd_square(...)`, by name, in the text
    of the API and of the command line alike (not `FS_0 = FS[0]` ... `FS_0(x)`)."""
    import s2sgrad.cli
    mine, _ = programs
    out = tmp_path / "d_zipped.py"
    with contextlib.redirect_stderr(io.StringIO()) as err:
        rc = s2sgrad.cli.main(["emit", mine.__file__, "-f", "zipped", "-o", str(out)])
    assert rc in (0, None), err.getvalue()
    for text in (out.read_text(encoding="utf-8"), s2sgrad.emit(mine.zipped)):
        body = text.split("def d_zipped")[1]
        assert "np.tanh(x)" in body and "fwd_square(" in body
        assert "FS_0" not in body and "FS[" not in body


def test_the_command_line_refuses_a_property_at_its_line(programs, tmp_path):
    """`s2sgrad emit` does not know which class a parameter holds: a property read on it is
    refused where it is read (the API calls the getter, test_reverse above)."""
    import s2sgrad.cli
    mine, _ = programs
    with contextlib.redirect_stderr(io.StringIO()) as err:
        rc = s2sgrad.cli.main(["emit", mine.__file__, "-f", "with_property", "-o", str(tmp_path / "d.py")])
    assert rc not in (0, None)
    line = next(k for k, text in enumerate(open(mine.__file__).read().splitlines(), 1) if "+ p.norm_W" in text)
    assert f"items_np.py:{line}:" in err.getvalue() and "a property of Params" in err.getvalue()


def test_items_called_by_index_name_their_functions():
    """The pass's before and after (transforms/function_items.py), and the function itself unchanged."""
    import textwrap

    import gast

    from s2sgrad.transforms.function_items import call_items
    from s2sgrad.transforms.parse import parse_source
    source = parse_source(textwrap.dedent('''
        import numpy as np

        def f(x, w):
            fs = [np.tanh, lambda v: v * 2.0]
            y = fs[0](x) + fs[-1](x)
            for i in range(len(fs)):
                y = y + fs[i](x) * w[i]
            return y
        '''), "items.py")
    node = source.tree.body[1]
    before = gast.dump(node)
    after = call_items(node)
    assert gast.dump(node) == before
    assert gast.unparse(after).strip() == textwrap.dedent('''
        def f(x, w):
            fs_1 = lambda v: v * 2.0
            fs = [np.tanh, fs_1]
            y = np.tanh(x) + fs_1(x)
            y = y + np.tanh(x) * w[0]
            y = y + fs_1(x) * w[1]
            return y''').strip()


@pytest.mark.parametrize("fn, record", [("annotated_property", "Params"), ("tuple_property", "Scaled")])
def test_the_command_line_calls_the_property_of_an_annotated_parameter(programs, tmp_path, fn, record):
    """`def f(p: Params, x)`: the annotation tells `s2sgrad emit` which class `p` holds, so its
    property's getter is called (a dataclass of the file, or a subclass of a namedtuple written
    there); the emitted gradient and tangent against autograd and finite differences."""
    import s2sgrad.cli
    mine, theirs = programs
    cls = getattr(mine, record)
    expected = autograd.grad(lambda W: getattr(theirs, fn)(getattr(theirs, record)(W, b1), x0))(W1)
    v = RNG.normal(size=W1.shape)
    along = _directional(getattr(mine, fn), (cls(W1, b1), x0), 0, [v, np.zeros(3)])
    np.testing.assert_allclose(np.sum(expected * v), along, rtol=1e-6)
    emitted = {}
    for mode, prefix in (("reverse", "d_"), ("forward", "jvp_")):
        out = tmp_path / f"{prefix}{fn}.py"
        with contextlib.redirect_stderr(io.StringIO()) as err:
            rc = s2sgrad.cli.main(["emit", mine.__file__, "-f", fn, "--mode", mode, "-o", str(out)])
        assert rc in (0, None), err.getvalue()
        spec = importlib.util.spec_from_file_location(f"{prefix}{fn}_properties", out)
        emitted[mode] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(emitted[mode])
    gradient = getattr(emitted["reverse"], "d_" + fn)(cls(W1, b1), x0)[1]
    np.testing.assert_allclose(gradient.W, expected, rtol=1e-7, atol=1e-10)
    tangent = getattr(emitted["forward"], "jvp_" + fn)(cls(W1, b1), x0, t_p=cls(v, np.zeros(3)))[1]
    np.testing.assert_allclose(tangent, along, rtol=1e-5)


def test_objects_given_other_lists_of_functions_are_refused_where_made(programs, tmp_path):
    """A class made twice in one function with other lists of functions: its methods read the list
    as one display, so the second construction is refused at its line, in the API and the command line."""
    import s2sgrad.cli
    text = PROGRAM.replace("LIBRARY", "itemlib_np") + '''

def two_lists(W, x, a):
    first = Given(W, [np.tanh, lambda z: z * a])
    second = Given(W * 0.5, [np.sin, square])
    return first.loss(x) + second.loss(x)
'''
    path = tmp_path / "two_lists.py"
    path.write_text(text, encoding="utf-8")
    line = next(k for k, t in enumerate(text.splitlines(), 1) if "Given(W * 0.5, [np.sin" in t)
    spec = importlib.util.spec_from_file_location("two_lists", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with pytest.raises(s2sgrad.UserCodeError, match=rf"two_lists.py:{line}:14: .*made again here"):
        s2sgrad.grad(module.two_lists)(W1, x0, 0.7)
    with contextlib.redirect_stderr(io.StringIO()) as err:
        rc = s2sgrad.cli.main(["emit", str(path), "-f", "two_lists", "-o", str(tmp_path / "d.py")])
    assert rc not in (0, None) and f"two_lists.py:{line}:14:" in err.getvalue() and "made again" in err.getvalue()


def test_a_tangent_on_an_integer_leaf_is_refused_naming_it(programs):
    """jvp and hvp: an integer array inside a dict, list or record is data; a nonzero tangent for
    it would be a direction the gradient ignores, so it is named (None or zeros are fine)."""
    indexed, d = programs[0].indexed, _indexed_input()
    v = RNG.normal(size=W1.shape)
    good = {"W": v, "idx": np.zeros(2, dtype=int), "mask": np.zeros(3, dtype=bool)}
    expected = _directional(indexed, (d,), 0, [v])
    np.testing.assert_allclose(s2sgrad.jvp(indexed, (d,), (good,))[1], expected, rtol=1e-6)
    np.testing.assert_allclose(s2sgrad.jvp(indexed, (d,), ({**good, "idx": None},))[1], expected, rtol=1e-6)
    for what in (s2sgrad.jvp, s2sgrad.hvp):
        with pytest.raises(s2sgrad.ArgumentError, match=r"`argument 0\['idx'\]` is an integer array"):
            what(indexed, (d,), ({**good, "idx": np.array([1, 0])},))
    with pytest.raises(s2sgrad.ArgumentError, match=r"`argument 0\[1\]\['mask'\]` is an integer array"):
        s2sgrad.jvp(lambda ds: indexed(ds[1]), ([d, d],), ([good, {**good, "mask": np.ones(3, dtype=bool)}],))

"""Records and sequences as data: namedtuples, dataclasses, registered containers, concatenation,
`*`/`**` in calls, dict(zip(...)), sorted keys, map and zip(*pairs).

Each construct in reverse mode, forward mode (jvp) and hvp, against central finite differences
(s2sgrad.testing, which also runs the dot-product test) and against autograd, run on the same
source with autograd's NumPy; a record's gradient is compared field by field.
"""

import collections
import dataclasses
import functools
import os
import subprocess
import sys
import types
from collections import namedtuple

import numpy as np
import pytest

import s2sgrad
from s2sgrad.testing import check_grads, check_jvp, leaves, rebuild

autograd = pytest.importorskip("autograd")
import autograd.numpy as anp  # noqa: E402

P = namedtuple("P", "W b")


@dataclasses.dataclass(frozen=True)
class Frozen:
    W: np.ndarray
    b: np.ndarray
    name: str = "layer"


@dataclasses.dataclass
class Plain:
    W: np.ndarray
    b: np.ndarray


class Pair:
    """A user container registered with s2sgrad.register_container."""

    def __init__(self, left, right):
        self.left, self.right = left, right


s2sgrad.register_container(Pair, lambda p: ((p.left, p.right), None), lambda aux, items: Pair(*items),
                           names=("left", "right"))


# -- the functions -------------------------------------------------------------------------------
def nt_fields(p, x):
    return np.sum(np.sin(p.W * x) * p.b)


def nt_unpack(p, x):
    W, b = p
    return np.sum(W * x + b * b)


def nt_iterate(p):
    total = 0.0
    for item in p:
        total = total + np.sum(item ** 2)
    return total


def nt_layers(layers, x):
    h = x
    for layer in layers:
        h = np.tanh(layer.W @ h + layer.b)
    return np.sum(h * h)


def nt_built(x, y):
    q = P(W=np.sin(x), b=x * y)
    r = P(q.W * 2.0, q.b)
    return np.sum(r.W * r.b + r[0])


def nt_replace(p, x):
    q = p._replace(W=np.sin(p.W) * x)
    r = q._replace(b=q.b * 2.0, W=q.W + 1.0)
    return np.sum(r.W * r.b * q.W)


def nt_replace_built(x):
    p = P(x, x * x)
    q = p._replace(b=np.cos(x))
    return np.sum(q.W * q.b)


def dc_fields(d, x):
    return np.sum(np.tanh(d.W * x) + d.b * d.W)


def dc_built(x):
    d = Plain(np.cos(x), b=x * x)
    return np.sum(d.W * d.b)


def registered(pair, x):
    return np.sum(pair.left * np.sin(pair.right * x))


def tuple_concat(x):
    s = (x,)
    s = s + (x * 2.0,)
    return np.sum(s[0] * s[1] * s[1])


def list_concat(x, y):
    xs = [x, y]
    ys = [y * y]
    zs = xs + ys
    return np.sum(zs[0] * zs[2]) + np.sum(np.cos(zs[1]))


def state_loop(x, n):
    state = ()
    h = x
    for i in range(n):
        h = np.tanh(h * x)
        state = state + (h,)
    return np.sum(np.stack(state) ** 2)


def repeated(x):
    s = [x * 2.0] * 3
    return np.sum(s[0] * s[1] * np.sin(s[2]))


def _scaled(a, b, scale=1.0):
    return a * b * scale


def star_calls(x, y):
    params = (x, y * 2.0)
    kw = {"scale": 3.0}
    return np.sum(np.multiply(*params)) + np.sum(_scaled(*params, **kw)) + np.sum(_scaled(*[x, x], **{"scale": x}))


def star_shape(x):
    rs = np.random.RandomState(0)
    noise = rs.randn(*x.shape)
    return np.sum(x * x * noise)


def dict_zip_sorted(x, y):
    keys = ["b", "a"]
    d = dict(zip(keys, [x, y * 2.0]))
    total = 0.0
    for k in sorted(d):
        total = total + np.sum(d[k] * x)
    return total


def mapped(x):
    ys = list(map(np.sin, [x, x * 2.0]))
    return np.sum(ys[0] * ys[1])


def unzipped(x, y):
    pairs = [(x, y), (y, x * 3.0)]
    firsts, seconds = zip(*pairs)
    return np.sum(firsts[0] * seconds[1]) + np.sum(firsts[1])


def _product(*xs):
    total = 1.0
    for v in xs:
        total = total * v
    return total


def _options(x, *rest, scale=1.0, **opts):
    return x * rest[0] * scale + opts["shift"] * x


def varargs_callees(x, y):
    pair = (x, y)
    return np.sum(_product(x, y, np.sin(x))) + np.sum(_options(x, y, scale=2.0, shift=x)) + np.sum(_product(*pair))


def _ptuple(p):
    return P(p.W * 2.0, np.cos(p.b))


def record_through_callee(p, x):
    q = _ptuple(p)
    return np.sum(q.W * x + q.b)


X = np.array([0.3, -0.5, 0.8])
Y = np.array([0.2, 0.7, -0.4])
RNG = np.random.default_rng(0)
LAYERS = [P(RNG.normal(size=(3, 3)), RNG.normal(size=3)), P(RNG.normal(size=(2, 3)), RNG.normal(size=2))]

# (function, args, autograd: whether autograd runs it on autograd's NumPy)
CASES = [
    (nt_fields, (P(X, Y), X), True),
    (nt_unpack, (P(X, Y), X), True),
    (nt_iterate, (P(X, Y),), True),
    (nt_layers, (LAYERS, X), True),
    (nt_built, (X, Y), True),
    (nt_replace, (P(X, Y), X), True),
    (nt_replace_built, (X,), True),
    (dc_fields, (Frozen(X, Y), X), True),
    (dc_built, (X,), True),
    (registered, (Pair(X, Y), X), True),
    (tuple_concat, (X,), True),
    (list_concat, (X, Y), True),
    (state_loop, (X, 3), True),
    (repeated, (X,), True),
    (star_calls, (X, Y), True),
    (star_shape, (X,), False),          # autograd has no RandomState
    (dict_zip_sorted, (X, Y), True),
    (mapped, (X,), True),
    (unzipped, (X, Y), True),
    (varargs_callees, (X, Y), True),
    (record_through_callee, (P(X, Y), X), True),
]
IDS = [case[0].__name__ for case in CASES]


def _on_autograd(fn):
    """`fn` and the functions of this module it calls, reading autograd's NumPy as `np`."""
    space = dict(globals())
    space["np"] = anp
    for key, value in list(space.items()):
        if isinstance(value, types.FunctionType) and value.__module__ == __name__:
            space[key] = types.FunctionType(value.__code__, space, value.__name__, value.__defaults__)
    return space[fn.__name__]


def _flat(fn, args):
    """fn as a function of the leaves of its first argument (the rest fixed)."""
    def flat(*items):
        return fn(rebuild(args[0], iter(items)), *args[1:])
    return flat


def _direction(x, seed=1):
    rng = np.random.default_rng(seed)
    return rebuild(x, iter([rng.standard_normal(np.shape(leaf)) for leaf in leaves(x)]))


@pytest.mark.parametrize("fn, args, oracle", CASES, ids=IDS)
def test_reverse(fn, args, oracle):
    g = s2sgrad.grad(fn)(*args)
    assert type(g) is type(args[0])            # a namedtuple's gradient is that namedtuple, ...
    if isinstance(g, list):
        assert [type(item) for item in g] == [type(item) for item in args[0]]
    check_grads(fn, args)
    if oracle:
        flat = _flat(_on_autograd(fn), args)
        items = leaves(args[0])
        for i, got in enumerate(leaves(g)):
            np.testing.assert_allclose(got, autograd.grad(flat, i)(*items), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("fn, args, oracle", CASES, ids=IDS)
def test_jvp(fn, args, oracle):
    check_jvp(fn, args)
    u = _direction(args[0])
    _, t = s2sgrad.jvp(fn, args, (u,) + (None,) * (len(args) - 1))
    if oracle:
        flat = _flat(_on_autograd(fn), args)
        items = leaves(args[0])
        expected = sum(np.sum(autograd.grad(flat, i)(*items) * d) for i, d in enumerate(leaves(u)))
        np.testing.assert_allclose(t, expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("fn, args, oracle", CASES, ids=IDS)
def test_hvp(fn, args, oracle):
    u = _direction(args[0])
    hv = s2sgrad.hvp(fn, args, (u,) + (None,) * (len(args) - 1))
    if hv is not None and not isinstance(args[0], np.ndarray):
        assert type(hv) is type(args[0])
    eps = 1e-6
    plus = s2sgrad.grad(fn)(*((rebuild(args[0], iter([a + eps * d for a, d in zip(leaves(args[0]), leaves(u))])),)
                              + args[1:]))
    minus = s2sgrad.grad(fn)(*((rebuild(args[0], iter([a - eps * d for a, d in zip(leaves(args[0]), leaves(u))])),)
                               + args[1:]))
    for got, p, m in zip(leaves(hv), leaves(plus), leaves(minus)):
        np.testing.assert_allclose(got, (p - m) / (2 * eps), rtol=1e-5, atol=1e-6)
    if oracle:
        flat = _flat(_on_autograd(fn), args)
        items, directions = leaves(args[0]), leaves(u)

        def along(*xs):
            return sum(anp.sum(autograd.grad(flat, i)(*xs) * d) for i, d in enumerate(directions))
        for i, got in enumerate(leaves(hv)):
            np.testing.assert_allclose(got, autograd.grad(along, i)(*items), rtol=1e-8, atol=1e-10)


def test_frozen_dataclass_gradient_keeps_its_static_fields():
    g = s2sgrad.grad(dc_fields)(Frozen(X, Y, name="first"), X)
    assert isinstance(g, Frozen) and g.name == "first"
    assert dataclasses.is_dataclass(g) and g.W.shape == X.shape


def test_decorator_and_value_and_grad_with_a_namedtuple():
    f = s2sgrad.differentiate(wrt="p")(nt_fields)
    value, g = s2sgrad.value_and_grad(f, "p")(P(X, Y), X)
    assert value == pytest.approx(nt_fields(P(X, Y), X))
    assert isinstance(g, P)
    assert "field_of(p, 'W')" in s2sgrad.emit(nt_fields)


def test_cli_emits_field_reads_and_concatenation(tmp_path):
    source = tmp_path / "model.py"
    source.write_text("from collections import namedtuple\n\nimport numpy as np\n\nP = namedtuple('P', 'W b')\n\n\n"
                      "def f(p, x):\n    s = (p.W,)\n    s = s + (x * p.b,)\n    q = P(W=s[0], b=s[1])\n"
                      "    return np.sum(q.W * q.b)\n")
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(s2sgrad.__file__)))
    out = subprocess.run([sys.executable, "-m", "s2sgrad.cli", "emit", str(source), "-f", "f"], capture_output=True,
                         text=True, env=env, check=True).stdout
    assert "field_of(p, 'W')" in out and "head_of" in out
    space = {}
    sys.path.insert(0, str(tmp_path))
    try:
        exec(compile(out, "emitted", "exec"), space)
    finally:
        sys.path.remove(str(tmp_path))
    _, g = space["d_f"](P(X, Y), X)
    np.testing.assert_allclose(g[0], X * Y)
    np.testing.assert_allclose(g[1], X * X)


def star_args_top(*xs):
    total = 0.0
    for v in xs:
        total = total + np.sum(np.sin(v) * xs[0])
    return total


def star_args_after(x, *rest):
    return np.sum(x * rest[0] * np.cos(rest[-1]))


@pytest.mark.parametrize("fn, wrt", [(star_args_top, 0), (star_args_top, 2), (star_args_top, (0, 1)),
                                     (star_args_after, 1), (star_args_after, 2)])
def test_star_args_of_the_differentiated_function_are_its_positional_arguments(fn, wrt):
    args = (X, Y, X * Y)
    got = s2sgrad.grad(fn, wrt)(*args)
    positions = wrt if isinstance(wrt, tuple) else (wrt,)
    expected = [autograd.grad(_on_autograd(fn), i)(*args) for i in positions]
    for g, e in zip(got if isinstance(wrt, tuple) else (got,), expected):
        np.testing.assert_allclose(g, e, rtol=1e-10, atol=1e-12)
    u = _direction(args[positions[0]])
    tangents = tuple(u if i == positions[0] else None for i in range(len(args)))
    _, t = s2sgrad.jvp(fn, args, tangents)
    np.testing.assert_allclose(t, np.sum(expected[0] * u), rtol=1e-10, atol=1e-12)
    hv = s2sgrad.hvp(fn, args, tangents)
    along = autograd.grad(lambda *xs: anp.sum(autograd.grad(_on_autograd(fn), positions[0])(*xs) * u), positions[0])
    np.testing.assert_allclose(hv, along(*args), rtol=1e-8, atol=1e-10)


def keyword_options(x, **options):
    scale = options.get("scale", 1.0)
    return np.sum(np.sin(x) * scale) * options["power"]


def star_and_keywords(x, *extra, **hyper):
    total = np.sum(x ** 2) * hyper["w"]
    for e in extra:
        total = total + np.sum(e * np.tanh(x))
    return total


@pytest.mark.parametrize("fn, args, kwargs", [
    (keyword_options, (X,), {"scale": 2.0, "power": 3.0}),
    (keyword_options, (X,), {"power": 1.5}),            # `.get` falls back to its default
    (star_and_keywords, (X, Y, X * Y), {"w": 0.5}),
    (star_and_keywords, (X,), {"w": 2.0, "unused": X}),
])
def test_kwargs_of_the_differentiated_function_are_read_for_the_call(fn, args, kwargs):
    expected = autograd.grad(_on_autograd(fn))(*args, **kwargs)
    np.testing.assert_allclose(s2sgrad.grad(fn)(*args, **kwargs), expected, rtol=1e-10, atol=1e-12)
    value, got = s2sgrad.value_and_grad(fn)(*args, **kwargs)
    assert value == pytest.approx(fn(*args, **kwargs))
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)
    u = _direction(X)
    _, t = s2sgrad.jvp(functools.partial(fn, **kwargs), args, (u,) + (None,) * (len(args) - 1))
    np.testing.assert_allclose(t, np.sum(expected * u), rtol=1e-10, atol=1e-12)


def test_a_keyword_received_through_kwargs_is_not_a_wrt():
    with pytest.raises(s2sgrad.ArgumentError, match=r"receives `scale` through its `\*\*` parameter"):
        s2sgrad.grad(keyword_options, wrt="scale")(X, scale=2.0, power=3.0)


def test_star_args_need_a_call_and_kwargs_are_refused_where_written():
    with pytest.raises(s2sgrad.UserCodeError) as info:
        s2sgrad.emit(star_args_top)
    assert "read only for a call" in str(info.value) and "test_containers.py" in str(info.value)


Stats = namedtuple("Stats", "mean std")
Shadow = namedtuple("Shadow", "T b")


def standardized(s, x):
    return np.sum(np.tanh((x - s.mean) / s.std))


def test_fields_named_like_array_methods_are_fields():
    check_grads(standardized, (Stats(X, Y * Y + 1.0), X))
    g = s2sgrad.grad(standardized)(Stats(X, Y * Y + 1.0), X)
    assert isinstance(g, Stats)
    expected = autograd.grad(lambda m, sd: _on_autograd(standardized)(Stats(m, sd), X), (0, 1))(X, Y * Y + 1.0)
    np.testing.assert_allclose(g.mean, expected[0])
    np.testing.assert_allclose(g.std, expected[1])


def _shadowed(p):
    return np.sum(p.T * p.b)


def _builds_shadowed(x):
    q = Shadow(T=x, b=x * x)
    return np.sum(q.T * q.b)


def test_a_field_named_like_an_array_attribute_is_refused_not_misread():
    with pytest.raises(s2sgrad.ArgumentError, match="field named `T`"):
        s2sgrad.grad(_shadowed)(Shadow(X, Y))
    with pytest.raises(s2sgrad.ArgumentError, match="field named `T`"):
        s2sgrad.jvp(_shadowed, (Shadow(X, Y),), (Shadow(Y, X),))
    with pytest.raises(s2sgrad.UserCodeError, match="reads as an array attribute"):
        s2sgrad.grad(_builds_shadowed)(X)


def _record_out(x):
    return P(W=np.sin(x), b=x * x)


def test_a_record_output_has_a_tangent_of_its_type_and_takes_a_seed_of_its_type():
    value, tangent = s2sgrad.jvp(_record_out, (X,), (Y,))
    assert isinstance(tangent, P)
    np.testing.assert_allclose(tangent.W, np.cos(X) * Y)
    np.testing.assert_allclose(tangent.b, 2 * X * Y)
    back = s2sgrad.vjp(_record_out)(X, d_result=P(Y, X))
    np.testing.assert_allclose(back, np.cos(X) * Y + 2 * X * X)


def _star_param(p):
    return np.sum(np.multiply(*p))


def test_star_of_an_argument_is_refused_where_written():
    with pytest.raises(s2sgrad.UserCodeError) as info:
        s2sgrad.grad(_star_param)((X, Y))
    assert "`*` unpacking into a differentiated call" in str(info.value)
    assert "test_containers.py" in str(info.value)


def _sort_values(x):
    return np.sum(sorted([x[0], x[1]])[0] * x)


def test_sorting_differentiable_values_is_refused_where_it_runs():
    with pytest.raises(TypeError, match="sorted"):
        s2sgrad.grad(_sort_values)(X)


def _join_arguments(xs, ys):
    zs = xs + ys
    return np.sum(zs[0] * zs[2])


def test_joining_sequences_read_as_arithmetic_is_refused_not_wrong():
    # Two parameters joined: the API knows they are tuples and joins them; the generic gradient
    # (`emit`, no kinds) cannot tell `xs + ys` from arithmetic, and fails where it runs (an error,
    # never a gradient from the wrong items).
    d_xs, d_ys = s2sgrad.grad(_join_arguments, wrt=(0, 1))((X, Y), (Y * 2.0,))
    np.testing.assert_allclose(d_xs[0], Y * 2.0)
    np.testing.assert_allclose(d_xs[1], 0.0 * Y)
    np.testing.assert_allclose(d_ys[0], X)
    space = {}
    exec(s2sgrad.emit(_join_arguments), space)
    with pytest.raises(TypeError):
        space["d__join_arguments"]((X, Y), (Y * 2.0,))


# -- d.get(k, default): read as `d[k] if k in d else default` -------------------------------------
def params_with_get(p, x):
    b = p.get("b", 0.0)
    scale = p.get("scale")
    return np.sum(np.tanh(x @ p["W"] + b)) * (1.0 if scale is None else scale)


def defaults_by_get(p, x):
    total = 0.0
    for k in ("a", "b", "c"):
        w = p.get(k, x)
        total = total + np.sum(w * np.sin(x))
    return total


class _GetButNotADict:
    def get(self, key, default=None):
        return 2.0


def get_of_another_object(o, x):
    return np.sum(x) * o.get("a", 1.0)


@pytest.mark.parametrize("fn, args", [
    (params_with_get, lambda: [{"W": RNG.standard_normal((3, 2)), "b": RNG.standard_normal(2)}, RNG.standard_normal((2, 3))]),
    (params_with_get, lambda: [{"W": RNG.standard_normal((3, 2)), "scale": 1.7}, RNG.standard_normal((2, 3))]),
    (defaults_by_get, lambda: [{"a": RNG.standard_normal(3), "c": RNG.standard_normal(3)}, RNG.standard_normal(3)]),
])
def test_get_of_a_dict_is_its_item_or_the_default(fn, args):
    values = args()
    check_grads(fn, values, wrt=(0, 1))
    check_jvp(fn, values, wrt=(0, 1))


def test_get_of_a_defaultdict_adds_no_key_and_get_of_another_object_is_refused_where_it_runs():
    p = collections.defaultdict(lambda: 5.0, a=np.ones(3))
    x = np.array([0.5, 1.0, -2.0])
    np.testing.assert_allclose(s2sgrad.grad(defaults_by_get, wrt=1)(p, x),
                               np.cos(x) + 2 * (np.sin(x) + x * np.cos(x)), rtol=1e-12)
    assert list(p) == ["a"]
    with pytest.raises(TypeError, match="as a dict's get, and this is a _GetButNotADict"):
        s2sgrad.grad(get_of_another_object, wrt=1)(_GetButNotADict(), x)


# -- a dict's values and keys as a whole ---------------------------------------------------------
def summed_values(params, x):
    reg = sum(params.values())
    vals = list(params.values())
    names = tuple(params.keys())
    return np.sum(reg * x) + np.sum(vals[0] ** 2) + np.sum(params[names[1]] * 3.0)


def test_sum_and_list_of_a_dicts_values():
    p, x = {"a": np.array([0.5, 1.0]), "b": np.array([-1.0, 2.0])}, np.array([1.0, 3.0])
    g = s2sgrad.grad(summed_values)(p, x)
    np.testing.assert_allclose(g["a"], x + 2 * p["a"])
    np.testing.assert_allclose(g["b"], x + 3.0)
    check_grads(summed_values, [p, x])
    check_jvp(summed_values, [p, x])

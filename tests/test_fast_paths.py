"""The lean hvp and the API's common paths: still exact, still checked.

hvp is forward mode over the emitted gradient that returns only the value and the gradients'
tangent (transforms/forward.py, outputs="hvp"); a call seen before goes straight to it
(modes._known_hvp), and value_and_grad's common case straight to the emitted function
(direct.py: a float, a NumPy float, a float array, or a dict, list or tuple of them).  Each is
checked against central differences of the gradient and against autograd's Hessian-vector
product, and every argument check still fires on them.
"""

import numpy as np
import pytest

import s2sgrad
from benchmarks import autograd_versions, extra, workloads
from s2sgrad.api import per_function
from s2sgrad.errors import ArgumentError

CASES = {case[0] + " " + case[1]: case for case in extra.hvp_cases()}
AUTOGRAD = {"mlp": autograd_versions.mlp_loss, "rnn": autograd_versions.rnn_loss,
            "spring": autograd_versions.spring_loss, "gmm": autograd_versions.gmm_loglik}


def _tangents(args, position, seed=1):
    x = args[position]
    v = np.random.default_rng(seed).standard_normal(np.shape(x))
    tangents = [None] * len(args)
    tangents[position] = v if isinstance(x, np.ndarray) else float(v)
    return tangents


@pytest.mark.parametrize("name", sorted(CASES))
def test_hvp_of_workloads_against_differences_and_autograd(name):
    kind, _, fn, args, position = CASES[name]
    if kind == "spring":
        args = workloads.make_spring(50)
    tangents = extra.check_hvp(fn, args, position)          # central differences of the gradient
    for _ in range(2):                                       # the first call, then the known one
        hv = s2sgrad.hvp(fn, args, tangents)
    if autograd_versions.AVAILABLE:
        import autograd
        want = autograd.hessian_vector_product(AUTOGRAD[kind], argnum=position)(*args, tangents[position])
        np.testing.assert_allclose(hv, want, rtol=1e-9, atol=1e-9 * (1 + np.max(np.abs(want))))


def _hvp_source(fn):
    return next(pair[1].source for key, pair in per_function(fn).items() if key[0] == "over reverse")


def test_hvp_code_leaves_out_the_values_tangent_and_the_gradient():
    W1, b1, W2, b2, x, y = workloads.make_mlp(8, 3, 5, 2)
    s2sgrad.hvp(workloads.mlp_loss, (W1, b1, W2, b2, x, y), (np.ones_like(W1), None, None, None, None, None))
    source = _hvp_source(workloads.mlp_loss)
    assert "dtype_like(t_d_W1, W1)" in source and "return result, t_dtype_like_d_W1" in source     # in W1's dtype
    assert "t_result" not in source             # the tangent of the value: not asked for
    assert "d_W1 =" not in source.replace("t_d_W1 =", "").replace("t_dtype_like_d_W1 =", "")   # only its tangent


def test_hvp_of_several_arguments_and_of_a_float():
    args = workloads.make_mlp(6, 3, 4, 2)
    tangents = [np.ones_like(args[0]), None, np.full_like(args[2], 0.5), None, None, None]
    got = s2sgrad.hvp(workloads.mlp_loss, args, tangents)
    assert isinstance(got, tuple) and len(got) == 2
    again = s2sgrad.hvp(workloads.mlp_loss, args, tangents)
    for g, h in zip(got, again):
        np.testing.assert_array_equal(g, h)
    if autograd_versions.AVAILABLE:
        import autograd

        def along(W1, W2):
            return autograd_versions.mlp_loss(W1, args[1], W2, *args[3:])
        g = autograd.grad(lambda W1, W2: sum(np.sum(a * t) for a, t in zip(
            autograd.grad(along, (0, 1))(W1, W2), (tangents[0], tangents[2]))), (0, 1))
        for mine, theirs in zip(got, g(args[0], args[2])):
            np.testing.assert_allclose(mine, theirs, rtol=1e-9, atol=1e-12)

    def cube(x, a):
        return a * x ** 3

    assert s2sgrad.hvp(cube, (2.0, 1.5), (1.0, None)) == pytest.approx(6 * 1.5 * 2.0)
    assert s2sgrad.hvp(cube, (3.0, 1.5), (2.0, None)) == pytest.approx(2 * 6 * 1.5 * 3.0)
    assert type(s2sgrad.hvp(cube, (3.0, 1.5), (2.0, None))) is float


SCALE = 2.0


def scaled_square(x):
    return SCALE * np.sum(x * x)


def test_known_hvp_checks_each_call_and_sees_a_rebound_global():
    global SCALE
    x = np.arange(3.0)
    np.testing.assert_allclose(s2sgrad.hvp(scaled_square, (x,), (np.ones(3),)), 4.0 * np.ones(3))
    with pytest.raises(ArgumentError, match="shape"):
        s2sgrad.hvp(scaled_square, (x,), (np.ones(2),))
    with pytest.raises(ArgumentError, match="integer"):
        s2sgrad.hvp(scaled_square, (np.arange(3),), (np.ones(3),))
    with pytest.raises(ArgumentError):
        s2sgrad.hvp(scaled_square, (x,), (None,))
    try:
        SCALE = 5.0
        np.testing.assert_allclose(s2sgrad.hvp(scaled_square, (x,), (np.ones(3),)), 10.0 * np.ones(3))
    finally:
        SCALE = 2.0
    np.testing.assert_allclose(s2sgrad.hvp(scaled_square, (x,), (np.ones(3),)), 4.0 * np.ones(3))


def test_known_hvp_is_not_taken_from_a_grad_of_grad():
    def f(x, y):
        return x * x * y * y * y

    assert s2sgrad.grad(s2sgrad.grad(f, wrt=0), wrt=1)(2.0, 3.0) == pytest.approx(2 * 2.0 * 3 * 3.0 ** 2)
    # the tangent along y, the gradient over y: d2f/dy2 = 6 x^2 y
    assert s2sgrad.hvp(f, (2.0, 3.0), (None, 1.0)) == pytest.approx(6 * 4.0 * 3.0)


def non_scalar(x):
    return x * x


def test_hvp_of_a_non_scalar_function_is_refused_on_every_call():
    for _ in range(2):
        with pytest.raises(ArgumentError, match="scalar output"):
            s2sgrad.hvp(non_scalar, (np.ones(3),), (np.ones(3),))


OFFSET = 1.0


def shifted(x):
    return np.sum(np.sin(x) * x) + OFFSET * np.sum(x)


def test_value_and_grad_common_path_is_exact_and_checked():
    global OFFSET
    vg = s2sgrad.value_and_grad(shifted)
    assert s2sgrad.value_and_grad(shifted) is vg         # made once for the function
    x = np.linspace(-1.0, 1.0, 4)
    for _ in range(3):
        value, g = vg(x)
        np.testing.assert_allclose(g, np.sin(x) + x * np.cos(x) + 1.0, rtol=1e-12)
        assert g.dtype == x.dtype and g.shape == x.shape
    value, g = vg(0.5)
    assert type(g) is float and g == pytest.approx(np.sin(0.5) + 0.5 * np.cos(0.5) + 1.0)
    with pytest.raises(ArgumentError, match="integer"):
        vg(np.arange(4))                     # an ndarray, as before: its dtype is checked on each call
    with pytest.raises(ArgumentError, match="complex"):
        vg(np.ones(2, dtype=complex))
    try:
        OFFSET = 3.0
        np.testing.assert_allclose(vg(x)[1], np.sin(x) + x * np.cos(x) + 3.0, rtol=1e-12)
    finally:
        OFFSET = 1.0
    np.testing.assert_allclose(vg(x)[1], np.sin(x) + x * np.cos(x) + 1.0, rtol=1e-12)
    assert s2sgrad.value_and_grad(shifted, wrt=(0,))(x)[1][0].shape == (4,)
    with pytest.raises(ArgumentError):
        s2sgrad.value_and_grad(shifted, wrt=False)(x)
    with pytest.raises(ArgumentError):
        s2sgrad.value_and_grad(shifted, wrt=(0, True))(x)


def test_value_and_grad_common_path_refuses_a_non_scalar_output():
    vg = s2sgrad.value_and_grad(non_scalar)
    for x in (np.ones(3), np.ones(3)):
        with pytest.raises(ArgumentError, match="scalar output"):
            vg(x)


def test_marked_function_paths():
    marked = s2sgrad.differentiate(shifted)
    x = np.linspace(0.0, 1.0, 3)
    value, g = marked.value_and_grad(x)
    np.testing.assert_allclose(marked.grad(x), g)
    assert value == pytest.approx(shifted(x))
    with pytest.raises(ArgumentError, match="integer"):
        marked.value_and_grad(np.arange(3))


# -- value_and_grad's direct path (direct.py): each kind of input, and each guard firing --------

def params_loss(p):
    return np.sum(p["w"] * p["w"]) + np.sum(np.sin(p["b"])) + 0.5 * p["s"] ** 2


def seq_loss(ps):
    return np.sum(ps[0] * ps[1]) + np.sum(np.cos(ps[1]))


def _params(w=(0.5, -1.0, 2.0), b=(0.1, 0.3), s=1.5, dtype=float):
    return {"w": np.array(w, dtype=dtype), "b": np.array(b, dtype=dtype), "s": s}


def _no_full_path(monkeypatch):
    """From here on, a call that leaves the direct path fails the test."""
    def full(*args, **kwargs):
        raise AssertionError("the call left the direct path")
    monkeypatch.setattr(s2sgrad.transformed.Compiled, "__call__", full)


def wavy(x):
    return np.sin(x) * x + 0.5 * x          # of a 0-d array: a NumPy float, and so its gradient


def test_direct_path_of_each_kind_of_input(monkeypatch):
    x = 0.7
    want = np.sin(x) + x * np.cos(x)
    calls = {"float": x, "np.float64": np.float64(x), "0-d array": np.array(x), "array": np.full(3, x)}
    firsts = {}
    for fn, offset in ((shifted, 1.0), (wavy, 0.5)):
        vg = s2sgrad.value_and_grad(fn)
        firsts[fn] = vg, offset, {kind: vg(arg) for kind, arg in calls.items()       # the full path
                                  if fn is shifted or kind != "array"}
    vd = s2sgrad.value_and_grad(params_loss)
    vd(_params())
    vs = s2sgrad.value_and_grad(seq_loss)
    vs([np.ones(2), np.arange(2.0)])
    vs((np.ones(2), np.arange(2.0)))
    gd, marked = s2sgrad.grad(params_loss), s2sgrad.differentiate(params_loss)
    marked.grad(_params())
    _no_full_path(monkeypatch)
    for g in (gd(_params()), marked.grad(_params()), marked.value_and_grad(_params())[1]):     # grad's too
        np.testing.assert_allclose(g["w"], 2 * _params()["w"], rtol=1e-15)
    for fn, (vg, offset, first) in firsts.items():
        for kind in first:
            arg = calls[kind]
            value, g = vg(arg)
            assert value == pytest.approx(fn(arg), rel=1e-15), kind
            np.testing.assert_allclose(g, (want + offset) * np.ones(np.shape(arg)), rtol=1e-12)
            assert type(g) is type(first[kind][1]) and type(value) is type(first[kind][0]), kind
            assert np.shape(g) == np.shape(first[kind][1]) and g is not first[kind][1]
        assert type(vg(x)[1]) is float and type(vg(np.float64(x))[1]) is float
    assert type(firsts[wavy][0](np.array(x))[1]) is np.float64
    p = _params()
    value, g = vd(p)
    assert value == pytest.approx(params_loss(p), rel=1e-15)
    assert list(g) == ["w", "b", "s"] and type(g["s"]) is float
    np.testing.assert_allclose(g["w"], 2 * p["w"], rtol=1e-15)
    np.testing.assert_allclose(g["b"], np.cos(p["b"]), rtol=1e-15)
    assert g["s"] == pytest.approx(p["s"], rel=1e-15)
    assert not any(np.shares_memory(g[k], p[k]) for k in ("w", "b")) and g is not p
    for ps in ([np.array([0.5, 2.0]), np.array([1.0, -1.0])], (np.array([0.5, 2.0]), np.array([1.0, -1.0]))):
        g = vs(ps)[1]
        assert type(g) is type(ps)
        np.testing.assert_allclose(g[0], ps[1], rtol=1e-15)
        np.testing.assert_allclose(g[1], ps[0] - np.sin(ps[1]), rtol=1e-15)


def test_direct_path_refuses_what_the_full_path_refuses():
    vg = s2sgrad.value_and_grad(shifted)
    vd = s2sgrad.value_and_grad(params_loss)
    vg(np.array(0.5))
    vd(_params())
    for _ in range(2):                                 # each time: the refusal is no cached result
        with pytest.raises(ArgumentError, match="integer"):
            vg(np.array(3))                            # a 0-d array of integers
        with pytest.raises(ArgumentError, match="integer"):
            s2sgrad.grad(shifted)(np.array(3))
        with pytest.raises(ArgumentError, match="complex"):
            vg(np.array(0.5 + 1j))
        with pytest.raises(ArgumentError, match=r"p\['w'\]` is an integer"):
            vd(_params(w=(1, 2, 3), dtype=int))       # an integer leaf, the dict's type unchanged
        with pytest.raises(ArgumentError, match="complex"):
            vd({**_params(), "b": np.array([0.1, 0.2 + 1j])})
        with pytest.raises(ArgumentError, match="integer"):
            vd({**_params(), "s": 2})
    # what the direct path hands to the full one is still differentiated as before
    p = _params(dtype=np.float32)
    g = vd(p)[1]
    assert g["w"].dtype == np.float32 and g["b"].dtype == np.float32
    np.testing.assert_allclose(g["w"], 2 * p["w"], rtol=1e-6)
    g = vd({"w": np.ones(2), "b": [0.5, 1.0], "s": 1.0})[1]       # a list inside: matched leaf by leaf
    assert type(g["b"]) is list and g["b"] == pytest.approx(list(np.cos([0.5, 1.0])), rel=1e-15)
    np.testing.assert_allclose(vd(_params())[1]["w"], 2 * _params()["w"], rtol=1e-15)


def stored(x, k):
    y = np.zeros_like(k)        # of k's dtype: a store into it truncates where k holds integers
    y[0] = 1.5 * x[0]
    return np.sum(y * x)


def _differences(fn, x, k, eps=1e-6):
    return np.array([(fn(x + eps * e, k) - fn(x - eps * e, k)) / (2 * eps) for e in np.eye(len(x))])


def test_direct_path_of_another_array_argument_keeps_its_specialisation():
    vg = s2sgrad.value_and_grad(stored)
    x = np.array([1.5, 2.0, -1.0])
    for k in (np.ones(3), np.ones(3, dtype=int), np.ones(3, dtype=bool), np.full(3, 0.5), np.arange(3)):
        for _ in range(2):
            value, g = vg(x, k)
            assert value == pytest.approx(stored(x, k), rel=1e-15)
            np.testing.assert_allclose(g, _differences(stored, x, k), rtol=1e-7, atol=1e-9)


def _closure(c):
    def cubic(x):
        return c * x ** 3

    def rebind(value):
        nonlocal c
        c = value
    return cubic, rebind


def test_direct_path_sees_a_rebound_closure_cell():
    cubic, rebind = _closure(2.0)
    vg = s2sgrad.value_and_grad(cubic)
    for _ in range(2):
        assert vg(1.5)[1] == pytest.approx(2.0 * 3 * 1.5 ** 2, rel=1e-15)
    rebind(-1.0)
    for _ in range(2):
        assert vg(1.5)[1] == pytest.approx(-1.0 * 3 * 1.5 ** 2, rel=1e-15)

"""Second order and Jacobians on `tests/second_order/functions.py`, against finite differences.

Every expected value is a central difference of something first order: of `s2sgrad.grad`
(for `grad(grad(f))`, the mixed partials, `hvp` and `hessian`) or of the function itself
(for `jacobian` and `jvp`).  No test compares s2sgrad's second-order output with itself,
except the Hessian's symmetry and the agreement of the two Jacobian modes.
"""

import ast
import functools
import inspect
import textwrap

import numpy as np
import pytest

import s2sgrad
from tests.second_order import functions as F

EPS_GRAD = 1e-5         # step for differences of the gradient (second derivatives)
EPS_VALUE = 1e-6        # step for differences of the function (first derivatives)

# Known core failures, strict so that a fix shows up as XPASS: (check, function name) -> reason.
XFAIL = {}


def _params(table, check):
    out = []
    for k, (fn, args) in enumerate(table):
        reason = XFAIL.get((check, fn.__name__))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(fn, args, id=f"{fn.__name__}-{k}", marks=marks))
    return out


def _copies(args):
    return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)


def _moved(args, position, step):
    out = list(_copies(args))
    x = out[position]
    out[position] = x + step if isinstance(x, np.ndarray) else float(x + step)
    return out


def _central(fun, args, position, direction, eps):
    """(fun(x + eps d) - fun(x - eps d)) / 2 eps, x the argument at `position`, in float64."""
    plus = np.asarray(fun(*_moved(args, position, eps * direction)), dtype=np.float64)
    minus = np.asarray(fun(*_moved(args, position, -eps * direction)), dtype=np.float64)
    return (plus - minus) / (2 * eps)


def _close(got, want, rtol, atol_unit):
    want = np.asarray(want, dtype=np.float64)
    scale = 1.0 + float(np.max(np.abs(want), initial=0.0))
    np.testing.assert_allclose(np.asarray(got, dtype=np.float64), want, rtol=rtol, atol=atol_unit * scale)


def _direction(x, seed):
    return np.random.default_rng(seed).standard_normal(np.shape(x))


def _basis(x):
    for k in range(x.size):
        e = np.zeros(x.size)
        e[k] = 1.0
        yield e.reshape(x.shape)


# -- the tables ----------------------------------------------------------------------------------
def _node_kinds(fn):
    tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    kinds = {type(node).__name__ for node in ast.walk(tree)}
    body = tree.body[0].body
    early = any(isinstance(node, ast.Return) for stmt in body[:-1] for node in ast.walk(stmt))
    nested = any(isinstance(node, ast.Return) for stmt in body for node in ast.walk(stmt)
                 if isinstance(stmt, (ast.If, ast.For, ast.While)))
    if early or nested:
        kinds.add("EarlyReturn")
    calls = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    if fn.__name__ in calls:
        kinds.add("Recursion")
    return kinds


def test_tables_are_large_and_cover_loops_and_branches():
    distinct = {name: {fn.__name__ for fn, _ in table} for name, table in
                (("SCALAR", F.SCALAR), ("ARRAY", F.ARRAY), ("VECTOR", F.VECTOR))}
    assert len(distinct["SCALAR"]) >= 30 and len(distinct["ARRAY"]) >= 30 and len(distinct["VECTOR"]) >= 10
    assert len(F.MIXED) >= 3
    needed = {"For", "While", "If", "Break", "EarlyReturn", "Recursion"}
    for name, table in (("SCALAR", F.SCALAR), ("ARRAY", F.ARRAY), ("VECTOR", F.VECTOR)):
        kinds = set().union(*(_node_kinds(fn) for fn, _ in table))
        assert needed <= kinds, (name, needed - kinds)
        with_flow = [fn for fn, _ in table if _node_kinds(fn) & {"For", "While", "If"}]
        assert len(with_flow) >= len(table) // 2, name


def test_table_inputs_have_the_expected_kinds():
    for fn, args in F.SCALAR:
        assert type(args[0]) is float and np.ndim(fn(*_copies(args))) == 0, fn.__name__
    for fn, args in F.MIXED:
        assert type(args[0]) is float and type(args[1]) is float, fn.__name__
    for fn, args in F.ARRAY:
        assert args[0].dtype == np.float64 and 3 <= args[0].size <= 5, fn.__name__
        assert np.ndim(fn(*_copies(args))) == 0, fn.__name__
    for fn, args in F.VECTOR:
        assert args[0].dtype == np.float64 and 3 <= args[0].size <= 5, fn.__name__
        assert np.ndim(fn(*_copies(args))) >= 1, fn.__name__


# -- scalar second derivatives -------------------------------------------------------------------
@pytest.mark.parametrize("fn,args", _params(F.SCALAR, "grad_grad"))
def test_grad_of_grad_matches_differences_of_grad(fn, args):
    got = s2sgrad.grad(s2sgrad.grad(fn))(*_copies(args))
    want = _central(s2sgrad.grad(fn), args, 0, 1.0, EPS_GRAD)
    assert isinstance(got, float) or np.ndim(got) == 0
    _close(got, want, rtol=1e-4, atol_unit=1e-6)


@pytest.mark.parametrize("fn,args", _params(F.MIXED, "mixed"))
def test_mixed_partial_matches_differences_of_grad(fn, args):
    inner = s2sgrad.grad(fn, wrt=0)
    got = s2sgrad.grad(inner, wrt=1)(*_copies(args))
    want = _central(inner, args, 1, 1.0, EPS_GRAD)
    _close(got, want, rtol=1e-4, atol_unit=1e-6)
    # and the other order, d/da of df/db: the same number for a smooth function
    other = _central(s2sgrad.grad(fn, wrt=1), args, 0, 1.0, EPS_GRAD)
    _close(got, other, rtol=1e-4, atol_unit=1e-6)


# -- Hessians of functions of a small array ------------------------------------------------------
@pytest.mark.parametrize("fn,args", _params(F.ARRAY, "hvp"))
def test_hvp_matches_differences_of_grad(fn, args):
    v = _direction(args[0], seed=len(args[0]))
    tangents = (v,) + (None,) * (len(args) - 1)
    got = s2sgrad.hvp(fn, _copies(args), tangents)
    want = _central(s2sgrad.grad(fn), args, 0, v, EPS_GRAD)
    assert np.shape(got) == np.shape(args[0])
    _close(got, want, rtol=1e-4, atol_unit=1e-6)


@pytest.mark.parametrize("fn,args", _params(F.ARRAY, "hessian"))
def test_hessian_matches_differences_of_grad(fn, args):
    x = args[0]
    H = s2sgrad.hessian(fn)(*_copies(args))
    assert H.shape == x.shape * 2
    rows = [_central(s2sgrad.grad(fn), args, 0, e, EPS_GRAD) for e in _basis(x)]
    _close(H, np.stack(rows), rtol=1e-4, atol_unit=1e-6)
    _close(H, H.T, rtol=0.0, atol_unit=1e-8)


# -- Jacobians and tangents of functions with an array output ------------------------------------
def _fd_jacobian(fn, args):
    x = args[0]
    columns = [_central(fn, args, 0, e, EPS_VALUE) for e in _basis(x)]
    return np.stack(columns, axis=-1).reshape(np.shape(fn(*_copies(args))) + x.shape)


@pytest.mark.parametrize("fn,args", _params(F.VECTOR, "jacobian") + _params(F.ARRAY, "jacobian"))
def test_jacobian_modes_match_differences_and_each_other(fn, args):
    want = _fd_jacobian(fn, args)
    rev = s2sgrad.jacobian(fn, mode="rev")(*_copies(args))
    fwd = s2sgrad.jacobian(fn, mode="fwd")(*_copies(args))
    assert rev.shape == fwd.shape == want.shape
    _close(rev, want, rtol=1e-5, atol_unit=1e-7)
    _close(fwd, want, rtol=1e-5, atol_unit=1e-7)
    _close(rev, fwd, rtol=0.0, atol_unit=1e-10)


@pytest.mark.parametrize("fn,args", _params(F.VECTOR, "jvp"))
def test_jvp_matches_differences_of_the_function(fn, args):
    v = _direction(args[0], seed=7)
    tangents = (v,) + (None,) * (len(args) - 1)
    value, tangent = s2sgrad.jvp(fn, _copies(args), tangents)
    np.testing.assert_allclose(value, fn(*_copies(args)), rtol=1e-12, atol=1e-12)
    _close(tangent, _central(fn, args, 0, v, EPS_VALUE), rtol=1e-5, atol_unit=1e-7)


# -- refusals ------------------------------------------------------------------------------------
def test_grad_of_grad_of_an_array_argument_points_to_hvp_and_hessian():
    fn, args = F.ARRAY[0]
    with pytest.raises(s2sgrad.ArgumentError) as info:
        s2sgrad.grad(s2sgrad.grad(fn))(*_copies(args))
    assert "hvp" in str(info.value) and "hessian" in str(info.value)


def test_third_derivative_is_refused():
    fn, args = F.SCALAR[0]
    with pytest.raises(s2sgrad.ArgumentError, match="third"):
        s2sgrad.grad(s2sgrad.grad(s2sgrad.grad(fn)))(*args)


def test_unknown_jacobian_mode_is_refused():
    fn, args = F.VECTOR[0]
    with pytest.raises(s2sgrad.ArgumentError, match="sideways"):
        s2sgrad.jacobian(fn, mode="sideways")(*_copies(args))


def _layer_loss(params, x):
    W, b = params
    return np.sum(np.tanh(x @ W + b) ** 2)


@pytest.mark.parametrize("container", [tuple, list])
def test_hvp_gives_each_product_the_structure_of_its_argument(container):
    rng = np.random.default_rng(3)
    params = container([rng.standard_normal((3, 2)), rng.standard_normal(2)])
    x = rng.standard_normal((4, 3))
    v = container([rng.standard_normal((3, 2)), rng.standard_normal(2)])
    hv = s2sgrad.hvp(_layer_loss, (params, x), (v, None))
    assert type(hv) is container and all(type(h) is np.ndarray for h in hv)
    shifted = [container(p + EPS_GRAD * d for p, d in zip(params, v)),
               container(p - EPS_GRAD * d for p, d in zip(params, v))]
    plus, minus = (s2sgrad.grad(_layer_loss)(p, x) for p in shifted)
    for h, gp, gm in zip(hv, plus, minus):
        np.testing.assert_allclose(h, (gp - gm) / (2 * EPS_GRAD), rtol=1e-5, atol=1e-7)


def _cubic(x, k):
    return x ** 3 * k + np.sin(x * k)


class _Cubic:
    def __init__(self, k):
        self.k = k

    def value(self, x):
        return _cubic(x, self.k)


@pytest.mark.parametrize("make, wrt, expected", [
    (lambda: functools.partial(_cubic, k=2.0), 0, 6 * 0.5 * 2.0 - 4.0 * np.sin(1.0)),
    (lambda: functools.partial(_cubic, 0.5), "k", -0.25 * np.sin(1.0)),
    (lambda: _Cubic(2.0).value, 0, 6 * 0.5 * 2.0 - 4.0 * np.sin(1.0)),
])
def test_grad_of_grad_of_a_partial_or_a_bound_method(make, wrt, expected):
    f = make()
    point = 2.0 if wrt == "k" else 0.5
    assert s2sgrad.grad(s2sgrad.grad(f, wrt=wrt), wrt=wrt)(point) == pytest.approx(expected, rel=1e-12)
    with pytest.raises(s2sgrad.ArgumentError, match="third derivative"):
        s2sgrad.grad(s2sgrad.grad(s2sgrad.grad(f, wrt=wrt), wrt=wrt), wrt=wrt)(point)

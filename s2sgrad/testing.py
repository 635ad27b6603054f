"""Gradient checks: central finite differences along random directions, and the dot-product test."""

from typing import Any, Callable, Sequence

import numpy as np

from .api import compiled
from .callables import callables_of, unwrap
from .containers import is_record, leaves
from .containers import with_leaves as rebuild
from .hints import Wrt


def _as_float64(value):
    if isinstance(value, (list, tuple, dict)) or is_record(value):
        return rebuild(value, iter([_as_float64(leaf) for leaf in leaves(value)]))
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        return value.astype(np.float64)
    return float(value) if isinstance(value, (float, np.floating)) else value


def _step(value, direction, eps):
    if isinstance(value, np.ndarray):
        return value + eps * direction
    return float(value + eps * direction)


def _perturb(args, positions, directions, eps):
    out = list(args)
    for i, direction in zip(positions, directions):
        moved = [_step(leaf, d, eps) for leaf, d in zip(leaves(out[i]), direction)]
        out[i] = rebuild(out[i], iter(moved))
    return out


def finite_differences(fun: Callable[[Any], Any], x: Any, eps: float = 1e-6) -> Any:
    """Central differences of a scalar function of one array, one coordinate at a time."""
    x = np.asarray(x, dtype=np.float64)
    g = np.zeros_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step.flat[i] = eps
        g.flat[i] = (fun(x + step) - fun(x - step)) / (2 * eps)
    return g


def _unbound(fn, args, wrt):
    """(function, arguments, wrt) of the call `fn(*args)` where `fn` is a bound method or a
    partial: the object or the bound arguments come first and `wrt`'s positions move past them."""
    target = unwrap(getattr(fn, "__wrapped__", fn))
    if target.keywords:
        raise TypeError("check_grads/check_jvp take a function, a bound method or a partial without keywords")
    shift = len(target.args)
    if shift:
        wrt = tuple(w + shift if isinstance(w, int) else w for w in wrt) if isinstance(wrt, (tuple, list)) \
            else wrt + shift if isinstance(wrt, int) else wrt
    return target.function, list(target.args) + list(args), wrt


def check_grads(fn: Callable[..., Any], args: Sequence[Any], wrt: Wrt = 0, *, d_result: Any = None, rtol: float = 1e-4,
                atol: float = 1e-6, eps: float = 1e-6, directions: int = 3, seed: int = 0) -> Any:
    """Check reverse-mode gradients of `fn` at `args` against central finite differences.

    For random directions u (over every leaf of the wrt arguments, which may be nested
    lists, tuples and dicts of arrays) and a random output cotangent v when the output is
    an array, checks the dot-product identity <v, J u> (finite differences, float64) =
    <J^T v, u> (reverse mode).  Raises AssertionError with the numbers when they differ.
    Returns the reverse-mode gradients.
    """
    fn, args, wrt = _unbound(fn, args, wrt)
    rng = np.random.default_rng(seed)
    args = [_as_float64(a) for a in args]
    entry = compiled(fn, wrt, callables=callables_of(fn, args, {}))     # specialised on functions, as the API
    names, params = entry.wrt, entry.params
    positions = [params.index(n) for n in names]
    value = fn(*args)
    v = d_result if d_result is not None else (rng.standard_normal(np.shape(value)) if np.ndim(value) else 1.0)
    _, grads = entry(tuple(args), {}, d_result=v)
    grads = [grads] if len(names) == 1 else list(grads)
    _check_gradient_shapes(args, names, positions, grads)
    for _ in range(directions):
        direction = [[rng.standard_normal(np.shape(leaf)) for leaf in leaves(args[i])] for i in positions]
        plus = fn(*_perturb(args, positions, direction, eps))
        minus = fn(*_perturb(args, positions, direction, -eps))
        numeric = float(sum(np.sum(np.asarray(vv) * (np.asarray(p) - np.asarray(m)) / (2 * eps))
                            for vv, p, m in zip(leaves(v), leaves(plus), leaves(minus))))
        analytic = float(sum(np.sum(np.asarray(gl) * d)
                             for g, ds in zip(grads, direction) for gl, d in zip(leaves(g), ds)))
        tol = atol + rtol * max(abs(numeric), abs(analytic))
        assert abs(numeric - analytic) <= tol, (
            f"{fn.__name__}: finite differences <v, J u> = {numeric!r}, reverse mode <J^T v, u> = "
            f"{analytic!r} (wrt {names})")
    return grads[0] if len(names) == 1 else tuple(grads)


def _check_gradient_shapes(args, names, positions, grads):
    """Each leaf of each gradient has the shape of its input's leaf."""
    for name, i, g in zip(names, positions, grads):
        for leaf, g_leaf in zip(leaves(args[i]), leaves(g)):
            assert np.shape(g_leaf) == np.shape(leaf), (
                f"a gradient of {name} has shape {np.shape(g_leaf)}, its input {np.shape(leaf)}")


def check_jvp(fn: Callable[..., Any], args: Sequence[Any], wrt: Wrt = 0, *, rtol: float = 1e-4, atol: float = 1e-6,
              eps: float = 1e-6, directions: int = 2, seed: int = 0) -> Any:
    """Check forward-mode tangents of `fn` at `args`: against central finite differences, and
    against reverse mode by the dot-product test <v, J u> (forward) = <J^T v, u> (reverse).

    u runs over random directions of every leaf of the wrt arguments, v over random output
    cotangents.  Raises AssertionError with the numbers when they differ.
    """
    fn, args, wrt = _unbound(fn, args, wrt)
    rng = np.random.default_rng(seed)
    args = [_as_float64(a) for a in args]
    callables = callables_of(fn, args, {})
    forward = compiled(fn, wrt, mode="forward", callables=callables)
    reverse = compiled(fn, wrt, callables=callables)
    positions = [forward.params.index(n) for n in forward.wrt]
    value = fn(*args)
    for _ in range(directions):
        direction = [[rng.standard_normal(np.shape(leaf)) for leaf in leaves(args[i])] for i in positions]
        tangents = {t: rebuild(args[i], iter(_like(leaves(args[i]), d)))
                    for t, i, d in zip(forward.tangent_params, positions, direction)}
        got_value, tangent = forward.gradient(*args, **tangents)
        for a, b in zip(leaves(got_value), leaves(value)):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12, err_msg=f"{fn.__name__}: forward-mode value")
        _check_against_differences(fn, args, positions, direction, tangent, eps, (rtol, atol), forward.wrt)
        v = [rng.standard_normal(np.shape(leaf)) for leaf in leaves(value)]
        _dot_product_test(fn, reverse, args, value, v, tangent, direction, len(forward.wrt))


def _check_against_differences(fn, args, positions, direction, tangent, eps, tolerances, wrt):
    """The tangent J u against central finite differences along u (`direction`)."""
    rtol, atol = tolerances
    plus = fn(*_perturb(args, positions, direction, eps))
    minus = fn(*_perturb(args, positions, direction, -eps))
    for t, p, m in zip(leaves(tangent), leaves(plus), leaves(minus)):
        numeric = (np.asarray(p, dtype=np.float64) - np.asarray(m, dtype=np.float64)) / (2 * eps)
        assert np.shape(t) == np.shape(numeric) or np.size(t) == 1, (
            f"{fn.__name__}: tangent shape {np.shape(t)}, output shape {np.shape(numeric)}")
        scale = atol + rtol * max(float(np.max(np.abs(numeric), initial=0.0)), 1.0)
        assert np.all(np.abs(np.asarray(t) - numeric) <= scale * 10), (
            f"{fn.__name__}: forward mode J u = {t!r}, finite differences {numeric!r} (wrt {wrt})")


def _dot_product_test(fn, reverse, args, value, v, tangent, direction, n_wrt):
    """<v, J u> by forward mode against <J^T v, u> by reverse mode."""
    seed_v = rebuild(value, iter([x if np.ndim(x) else float(x) for x in v])) \
        if isinstance(value, (list, tuple, dict)) else (v[0] if np.ndim(value) else float(v[0]))
    _, grads = reverse(tuple(args), {}, d_result=seed_v)
    grads = [grads] if n_wrt == 1 else list(grads)
    left = float(sum(np.sum(a * np.asarray(t)) for a, t in zip(v, leaves(tangent))))
    right = float(sum(np.sum(np.asarray(gl) * d) for g, ds in zip(grads, direction) for gl, d in zip(leaves(g), ds)))
    assert abs(left - right) <= 1e-8 + 1e-7 * max(abs(left), abs(right)), (
        f"{fn.__name__}: dot-product test: forward <v, J u> = {left!r}, reverse <J^T v, u> = {right!r}")


def _like(leaves_, directions):
    return [d if isinstance(leaf, np.ndarray) else float(d) for leaf, d in zip(leaves_, directions)]

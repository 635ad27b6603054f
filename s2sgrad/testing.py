"""Gradient checks: central finite differences along random directions, and the dot-product test."""

import numpy as np

from .api import compiled


def _as_float64(value):
    if isinstance(value, np.ndarray):
        return value.astype(np.float64)
    return float(value) if isinstance(value, (float, np.floating)) else value


def _perturb(args, names, params, direction, eps):
    out = list(args)
    for name, d in zip(names, direction):
        i = params.index(name)
        out[i] = out[i] + eps * d if isinstance(out[i], np.ndarray) else float(out[i] + eps * d)
    return out


def check_grads(fn, args, wrt=0, *, d_result=None, rtol=1e-4, atol=1e-6, eps=1e-6, directions=3, seed=0):
    """Check reverse-mode gradients of `fn` at `args` against central finite differences.

    For each random direction u (and a random output cotangent v when the output is an
    array) it checks the dot-product identity <v, J u> (finite differences, float64) =
    <J^T v, u> (reverse mode).  Raises AssertionError with the numbers when they disagree.
    Returns the reverse-mode gradients.
    """
    fn = getattr(fn, "__wrapped__", fn)
    rng = np.random.default_rng(seed)
    args = [_as_float64(a) for a in args]
    entry = compiled(fn, wrt)
    names, params = entry.wrt, entry.params
    value = fn(*args)
    v = d_result if d_result is not None else (rng.standard_normal(np.shape(value)) if np.ndim(value) else 1.0)
    _, grads = entry(tuple(args), {}, d_result=v)
    grads = [grads] if len(names) == 1 else list(grads)
    for name, g in zip(names, grads):
        x = args[params.index(name)]
        assert np.shape(g) == np.shape(x), f"gradient of {name} has shape {np.shape(g)}, input {np.shape(x)}"
    for _ in range(directions):
        direction = [rng.standard_normal(np.shape(args[params.index(n)])) for n in names]
        plus = fn(*_perturb(args, names, params, direction, eps))
        minus = fn(*_perturb(args, names, params, direction, -eps))
        numeric = float(np.sum(np.asarray(v) * (np.asarray(plus) - np.asarray(minus)) / (2 * eps)))
        analytic = float(sum(np.sum(np.asarray(g) * d) for g, d in zip(grads, direction)))
        tol = atol + rtol * max(abs(numeric), abs(analytic))
        assert abs(numeric - analytic) <= tol, (
            f"{fn.__name__}: finite differences <v, J u> = {numeric!r}, reverse mode <J^T v, u> = "
            f"{analytic!r} (wrt {names})")
    return grads[0] if len(names) == 1 else tuple(grads)

"""The rule table on another array library: each entry's gradient, computed by the same emitted
code on that library's arrays, must be that library's array and equal NumPy's on the same data.

Shared by tests/test_dask.py (Dask, on the CPU) and scripts/gpu_check.py (CuPy); a `Backend`
says how to move an array there and back and how to recognise one of its arrays.
"""

import dataclasses
import warnings

import numpy as np

import s2sgrad
from rule_table import TABLE
from test_rules import _inputs, case


@dataclasses.dataclass(frozen=True)
class Backend:
    """An array library: `to` makes its array from a NumPy array, `host` the way back, `owns`
    tells its arrays."""

    name: str
    to: object
    host: object
    owns: object


NUMPY = Backend("numpy", np.copy, np.asarray, lambda value: isinstance(value, np.ndarray))


def leaves(value):
    """The arrays and numbers in a gradient (a list or tuple for a list operand)."""
    if isinstance(value, (list, tuple)):
        return [leaf for item in value for leaf in leaves(item)]
    return [value]


def entries():
    """The entries checked through the pipeline (not the templates alone) that take an array."""
    return [i for i, entry in enumerate(TABLE) if not entry.direct_only and not entry.xfail
            and any(shape is not None for _, shape in entry.args.values())]


def gradients(index, args, seed):
    """The gradient of entry `index` at `args` (a vjp with `seed`, or grad for a scalar output)."""
    entry = TABLE[index]
    wrt = tuple(name for name, (domain, _) in entry.args.items() if domain != "const")
    fn = case(index)
    if seed is None:
        return s2sgrad.grad(fn, wrt)(*args)
    return s2sgrad.vjp(fn, wrt)(*args, d_result=seed)


def check_entry(index, backend, rtol=1e-7, atol=1e-9):
    """Entry `index` on `backend`: its value and every gradient of an array argument are the
    backend's arrays, and equal NumPy's. Raises AssertionError (or what the backend raises)."""
    entry = TABLE[index]
    args, wrt = _inputs(index, entry)
    with warnings.catch_warnings():
        # Dask runs NumPy's own np.size, np.isrealobj... (metadata) with a FutureWarning; a function
        # it lacks that reads the data shows up below as a NumPy value or gradient.
        warnings.filterwarnings("ignore", "The `numpy.", FutureWarning)
        value = case(index)(*args)
        seed = np.random.default_rng(index).standard_normal(np.shape(value)) if np.ndim(value) else None
        want = gradients(index, args, seed)
        moved = [backend.to(a) if isinstance(a, np.ndarray) else a for a in args]
        got_value = case(index)(*moved)
        kinds = [type(leaf).__name__ for leaf in leaves(got_value) if not backend.owns(leaf)]
        assert not kinds, f"the function's value is not a {backend.name} array: {kinds}"
        for h, expected in zip(leaves(got_value), leaves(value)):
            np.testing.assert_allclose(backend.host(h), expected, rtol=rtol, atol=atol,
                                       err_msg=f"the function's value on {backend.name}")
        got = gradients(index, moved, None if seed is None else backend.to(seed))
    want, got = (want, got) if len(wrt) > 1 else ((want,), (got,))
    for name, w, g in zip(wrt, want, got):
        if isinstance(args[list(entry.args).index(name)], np.ndarray):
            kinds = [type(leaf).__name__ for leaf in leaves(g) if not backend.owns(leaf)]
            assert not kinds, f"the gradient of {name} is not a {backend.name} array: {kinds}"
        host = [backend.host(leaf) if backend.owns(leaf) else leaf for leaf in leaves(g)]
        for h, expected in zip(host, leaves(w)):
            np.testing.assert_allclose(np.asarray(h), np.asarray(expected), rtol=rtol, atol=atol,
                                       err_msg=f"the gradient of {name}")


def family(index):
    """The rule family (the module or package of s2sgrad.rules) of the primitive entry `index` exercises."""
    from s2sgrad import rules
    from s2sgrad.rules import catalog
    from test_rules import NAMESPACE
    rule = rules.lookup(eval(TABLE[index].primitive, NAMESPACE))
    return catalog.family(rule) if rule is not None else "other"

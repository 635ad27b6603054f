"""Checks one outsider-6 program along every differentiation path: the shared harness
(tests/outsider_driver.py), pointed at this package's themes as round 5's is, plus an autograd oracle.

A case is the same plain dict as in round 5, written next to its program:

    dict(f=fn, args=(...), wrt=0, alt=None, out="scalar" | "vector", tol=1e-5, skip=(), h=1e-6)
"""

import importlib
import os
import re
import sysconfig
import types

import numpy as np

import s2sgrad  # noqa: F401  (`harness.s2sgrad`: the s2sgrad the programs run against)
from tests.outsider_driver import PATHS, Case, Harness, Mismatch, close  # noqa: F401

PACKAGE = __name__.rsplit(".", 1)[0]      # tests.outsider6
THEMES = ["callables", "iterative", "fill", "randomness", "views", "pycontrol"]
_base = Harness(PACKAGE, os.path.dirname(os.path.abspath(__file__)), THEMES, untouched=True, integer_outputs=True)
fd_jacobian, to_vec = _base.fd_jacobian, _base.to_vec


_WHERE = re.compile(r"^(?:\S+: )?(.+?\.py)\"?:\d+")


_LIBRARIES = tuple(os.path.realpath(sysconfig.get_paths()[k]) + os.sep
                   for k in ("stdlib", "platstdlib", "purelib", "platlib"))


def run(case, path, subprocess_cli=True):
    """Round 5's outcome, except that a refusal located in the standard library or an installed
    package instead of the user's file is an unclear error, a CRASH."""
    outcome, reason = _base.run(case, path, subprocess_cli=subprocess_cli)
    if outcome == "REFUSED":
        m = _WHERE.match(reason)
        where = os.path.realpath(m.group(1)) if m else ""
        if where.startswith(_LIBRARIES):
            return "CRASH", "refused at a line of a library, not of the user's file: " + reason
    return outcome, reason


def load_cases(theme):
    module = importlib.import_module(PACKAGE + "." + theme)
    return [Case(module, spec) for spec in module.CASES]


def all_cases():
    return [c for t in THEMES for c in load_cases(t)]


def _with_autograd_numpy(fn, anp, memo):
    """fn re-bound so that `np` in its module (and in functions of that module it reaches through
    its globals) is autograd.numpy."""
    if not isinstance(fn, types.FunctionType):
        return fn
    g = memo.get(fn.__module__)
    if g is None:
        g = dict(fn.__globals__)
        memo[fn.__module__] = g
        g["np"] = anp
        for k, v in list(g.items()):
            if isinstance(v, types.FunctionType) and v.__module__ == fn.__module__:
                g[k] = types.FunctionType(v.__code__, g, v.__name__, v.__defaults__, v.__closure__)
    return types.FunctionType(fn.__code__, g, fn.__name__, fn.__defaults__, fn.__closure__)


def oracle(case):
    """autograd's gradient of a scalar case with one array or float `wrt`, against finite
    differences: ("AGREE" | "DISAGREE" | "N/A", detail).  DISAGREE means the finite-difference
    reference itself is in doubt for that program (or autograd is wrong)."""
    if case.out != "scalar" or isinstance(case.wrt, (tuple, list)):
        return "N/A", "not a single-wrt scalar case"
    try:
        import autograd
        import autograd.numpy as anp
        f = _with_autograd_numpy(case.f, anp, {})
        i = case.index(case.wrt)
        args = list(case.fresh())
        if isinstance(args[i], np.ndarray):
            args[i] = args[i].astype(np.float64)
        g = autograd.grad(f, i)(*args)
    except Exception as e:  # noqa: BLE001 - autograd does not support the program
        return "N/A", "%s: %s" % (type(e).__name__, str(e).splitlines()[0][:100] if str(e) else "")
    J = fd_jacobian(case, case.wrt)
    ok, msg = close(to_vec(g), J[0], case.tol)
    return ("AGREE" if ok else "DISAGREE"), msg

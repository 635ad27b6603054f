"""Checks one outsider program through one path of s2sgrad and classifies the result.

Paths: rev (s2sgrad.grad), vag (value_and_grad), fwd (jvp), hvp, deco (@differentiate then
.grad), emit (the module `python -m s2sgrad emit` writes, imported and called).
Oracles: central finite differences in float64, and autograd on a copy of programs.py whose
numpy/scipy imports are autograd's (where autograd can run the program).
Classes: PASS, REFUSED (an S2SError for the user, not InternalError), WRONG (a number that
disagrees with every oracle that runs), CRASH (InternalError, any other exception, or emitted
code that fails).
"""

import dataclasses
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

import s2sgrad
from s2sgrad.errors import InternalError, S2SError

from . import programs

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAMS_FILE = os.path.join(HERE, "programs.py")
PATHS = ("rev", "vag", "fwd", "hvp", "deco", "emit")


# ---------------------------------------------------------------- trees


def _is_namedtuple(t):
    return isinstance(t, tuple) and hasattr(t, "_fields")


def flatten(t):
    """The float leaves of t (arrays and numbers), in a fixed order."""
    if isinstance(t, dict):
        return [leaf for k in t for leaf in flatten(t[k])]
    if isinstance(t, (list, tuple)):
        return [leaf for v in t for leaf in flatten(v)]
    if dataclasses.is_dataclass(t) and not isinstance(t, type):
        return [leaf for f in dataclasses.fields(t) for leaf in flatten(getattr(t, f.name))]
    return [t]


def unflatten(like, leaves):
    """A tree shaped like `like` holding `leaves` (consumed from the front of a list)."""
    if isinstance(like, dict):
        return {k: unflatten(v, leaves) for k, v in like.items()}
    if _is_namedtuple(like):
        return type(like)(*[unflatten(v, leaves) for v in like])
    if isinstance(like, (list, tuple)):
        return type(like)(unflatten(v, leaves) for v in like)
    if dataclasses.is_dataclass(like) and not isinstance(like, type):
        return dataclasses.replace(like, **{f.name: unflatten(getattr(like, f.name), leaves)
                                            for f in dataclasses.fields(like)})
    return leaves.pop(0)


def same_structure(a, b):
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same_structure(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return (type(a) is type(b) and len(a) == len(b)
                and all(same_structure(x, y) for x, y in zip(a, b)))
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b)
    if isinstance(a, np.ndarray):
        return np.shape(b) == a.shape
    return np.ndim(b) == 0


def to_vector(tree):
    return np.concatenate([np.ravel(np.asarray(x, dtype=np.float64)) for x in flatten(tree)])


def from_vector(like, vec):
    """like's structure with vec's values; every leaf float64 (for finite differences)."""
    leaves, i = [], 0
    for leaf in flatten(like):
        n = int(np.size(leaf))
        chunk = vec[i:i + n]
        i += n
        if isinstance(leaf, np.ndarray):
            leaves.append(chunk.reshape(leaf.shape).astype(np.float64))
        else:
            leaves.append(float(chunk[0]))
    return unflatten(like, leaves)


def random_like(tree, rng):
    leaves = []
    for leaf in flatten(tree):
        if isinstance(leaf, np.ndarray):
            leaves.append(rng.standard_normal(leaf.shape).astype(leaf.dtype))
        else:
            leaves.append(float(rng.standard_normal()))
    return unflatten(tree, leaves)


# ---------------------------------------------------------------- helpers on a case


def wrt_tuple(case):
    return case.wrt if isinstance(case.wrt, tuple) else (case.wrt,)


def wrt_indices(case, args):
    import inspect
    names = list(inspect.signature(case.fn).parameters)
    return tuple(w if isinstance(w, int) else names.index(w) for w in wrt_tuple(case))


def _with(args, idx, values):
    args = list(args)
    for i, v in zip(idx, values):
        args[i] = v
    return tuple(args)


def _scalar(v):
    return float(np.asarray(v, dtype=np.float64))


def fd_gradient(case, args, fn=None):
    """Central differences of fn over the wrt arguments, as one float64 vector."""
    fn = fn or case.fn
    idx = wrt_indices(case, args)
    parts = [args[i] for i in idx]
    x0 = to_vector(parts)
    g = np.zeros_like(x0)
    for k in range(x0.size):
        h = case.step * max(1.0, abs(x0[k]))
        xp, xm = x0.copy(), x0.copy()
        xp[k] += h
        xm[k] -= h
        fp = _scalar(fn(*_with(args, idx, from_vector(parts, xp))))
        fm = _scalar(fn(*_with(args, idx, from_vector(parts, xm))))
        g[k] = (fp - fm) / (2 * h)
    return g


_AUTOGRAD = None


def autograd_programs():
    """programs.py run again with autograd's numpy and scipy (None where that fails)."""
    global _AUTOGRAD
    if _AUTOGRAD is None:
        src = open(PROGRAMS_FILE).read()
        for a, b in [("import numpy as np", "import autograd.numpy as np"),
                     ("import scipy.special as sps", "import autograd.scipy.special as sps"),
                     ("import scipy.stats as stats", "import autograd.scipy.stats as stats")]:
            src = src.replace(a, b)
        mod = type(sys)("outsider3_autograd")
        mod.__file__ = PROGRAMS_FILE
        mod.__dict__["__name__"] = "outsider3_autograd"
        sys.modules["outsider3_autograd"] = mod
        exec(compile(src, PROGRAMS_FILE, "exec"), mod.__dict__)
        _AUTOGRAD = mod
    return _AUTOGRAD


def autograd_gradient(case, args):
    """autograd's gradient over the wrt arguments as a float64 vector, or None."""
    if not case.autograd:
        return None
    try:
        import autograd
        mod = autograd_programs()
        other = mod.CASES[case.name]
        fn = other.fn
        idx = wrt_indices(case, args)
        args64 = _with(args, idx, [from_vector(args[i], to_vector(args[i])) for i in idx])
        grads = [autograd.grad(fn, i)(*args64) for i in idx]
        vec = to_vector(grads)
        if vec.size != to_vector([args[i] for i in idx]).size:
            return None  # autograd's own shape bug (norm with keepdims): no oracle
        return vec
    except Exception:
        return None


_ORACLES = {}


def oracles(case):
    """(args, [float64 gradient vectors]) for a case, computed once."""
    if case.name not in _ORACLES:
        args = case.make()
        case.fn(*args)  # the program itself must run
        found = [fd_gradient(case, args)]
        ag = autograd_gradient(case, args)
        if ag is not None:
            found.append(ag)
        _ORACLES[case.name] = (args, found)
    args, found = _ORACLES[case.name]
    return case.make(), found


def close(a, b, tol):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        return False
    if not np.all(np.isfinite(a)):
        return False
    return bool(np.max(np.abs(a - b), initial=0.0) <= tol * max(1.0, np.max(np.abs(b), initial=0.0)))


def same_nans(a, b, tol):
    """a and b agree, NaN for NaN (both AD tools fall into the same trap)."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape or not np.array_equal(np.isnan(a), np.isnan(b)) or not np.any(np.isnan(a)):
        return False
    ok = ~np.isnan(a)
    return close(a[ok], b[ok], tol)


class Result:
    def __init__(self, status, detail=""):
        self.status, self.detail = status, detail

    def __repr__(self):
        return f"{self.status}: {self.detail}"


def _classify_error(err):
    if type(err).__name__ == "SharedUpdateError":  # the documented run-time refusal
        return Result("REFUSED", f"{type(err).__name__}: {str(err)[:600]}")
    if isinstance(err, InternalError) or not isinstance(err, S2SError):
        return Result("CRASH", f"{type(err).__name__}: {str(err)[-600:]}")
    return Result("REFUSED", f"{type(err).__name__}: {str(err)[:600]}")


def _check_gradient(case, grad, args, refs):
    idx = wrt_indices(case, args)
    parts = tuple(args[i] for i in idx)
    got_tree = grad if len(idx) > 1 else (grad,)
    if not same_structure(parts, tuple(got_tree)):
        try:
            got = to_vector(got_tree)
            right = any(close(got, r, case.tol) for r in refs)
        except Exception:
            right = False
        return Result("WRONG", f"structure ({'values right' if right else 'values wrong'}): "
                               f"{type(grad).__name__} {grad!r:.200}")
    for p, gt in zip(flatten(parts), flatten(tuple(got_tree))):
        pd = np.asarray(p).dtype
        gd = np.asarray(gt).dtype
        if isinstance(p, np.ndarray) and pd == np.float32 and gd != np.float32:
            return Result("WRONG", f"dtype: gradient {gd} for a float32 input")
    got = to_vector(got_tree)
    if any(close(got, r, case.tol) for r in refs):
        return Result("PASS")
    if len(refs) > 1 and same_nans(got, refs[1], case.tol):
        return Result("PASS", "NaN where autograd has NaN too (the np.where trap)")
    return Result("WRONG", f"got {got[:8]} expected {refs[0][:8]}"
                  + (f" (autograd {refs[1][:8]})" if len(refs) > 1 else ""))


# ---------------------------------------------------------------- paths


def run_rev(case):
    args, refs = oracles(case)
    grad = s2sgrad.grad(case.fn, wrt=case.wrt)(*args)
    return _check_gradient(case, grad, args, refs)


def run_vag(case):
    args, refs = oracles(case)
    value, grad = s2sgrad.value_and_grad(case.fn, wrt=case.wrt)(*args)
    expect = _scalar(case.fn(*case.make()))
    if not close(_scalar(value), expect, 1e-6):
        return Result("WRONG", f"value {value} expected {expect}")
    return _check_gradient(case, grad, args, refs)


def run_deco(case):
    import types
    if hasattr(case.fn, "grad"):  # a method marked with @s2sgrad.differentiate in its class
        args, refs = oracles(case)
        return _check_gradient(case, case.fn.grad(*args), args, refs)
    if not isinstance(case.fn, types.FunctionType):
        return Result("SKIP", "a bound method, partial or object: decorated where it is defined")
    args, refs = oracles(case)
    marked = s2sgrad.differentiate(case.fn, wrt=case.wrt)
    grad = marked.grad(*args)
    return _check_gradient(case, grad, args, refs)


def _tangents(case, args, rng):
    idx = wrt_indices(case, args)
    return tuple(random_like(a, rng) if i in idx else None for i, a in enumerate(args))


def run_fwd(case):
    args, refs = oracles(case)
    rng = np.random.default_rng(7)
    tangents = _tangents(case, args, rng)
    value, tangent = s2sgrad.jvp(case.fn, args, tangents)
    idx = wrt_indices(case, args)
    v = to_vector([tangents[i] for i in idx])
    expect = [float(r @ v) for r in refs]
    if not close(_scalar(value), _scalar(case.fn(*case.make())), 1e-6):
        return Result("WRONG", f"value {value}")
    if np.ndim(tangent) != 0:
        return Result("WRONG", f"tangent shape {np.shape(tangent)}")
    if any(close(_scalar(tangent), e, case.tol) for e in expect):
        return Result("PASS")
    return Result("WRONG", f"jvp {_scalar(tangent)} expected {expect}")


def run_hvp(case):
    args, refs = oracles(case)
    rng = np.random.default_rng(11)
    tangents = _tangents(case, args, rng)
    idx = wrt_indices(case, args)
    got = s2sgrad.hvp(case.fn, args, tangents)
    got_tree = got if len(idx) > 1 else (got,)
    got_v = to_vector(got_tree)
    # Oracle: central differences along the tangent of s2sgrad's reverse gradient, once that
    # agrees with finite differences or autograd.
    parts = [args[i] for i in idx]
    x0 = to_vector(parts)
    v = to_vector([tangents[i] for i in idx])
    h = 1e-4 * max(1.0, float(np.max(np.abs(x0)))) / max(1.0, float(np.max(np.abs(v))))

    def grad_at(x):
        a = _with(args, idx, from_vector(parts, x))
        g = s2sgrad.grad(case.fn, wrt=case.wrt)(*a)
        return to_vector(g if len(idx) > 1 else (g,))

    if run_rev(case).status != "PASS":
        return Result("SKIP", "rev does not pass")
    expect = (grad_at(x0 + h * v) - grad_at(x0 - h * v)) / (2 * h)
    if close(got_v, expect, max(case.tol, 1e-4) * 10):
        return Result("PASS")
    return Result("WRONG", f"hvp {got_v[:6]} expected {expect[:6]}")


_EMITTED = {}


_DRIVER = """
import contextlib, io, json, sys
from s2sgrad.cli import main
jobs = json.load(sys.stdin)
done = {}
for name, source, fn, wrt, out in jobs:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            rc = main(["emit", source, "-f", fn, "--wrt", wrt, "-o", out, "--force"])
        except SystemExit as stop:
            rc = stop.code
        except BaseException:
            import traceback
            traceback.print_exc()
            rc = 99
    done[name] = [rc, err.getvalue()[-3000:], out]
print(json.dumps(done))
"""


def emit_batch(names, outdir=None):
    """`s2sgrad emit` of each program, all in one subprocess (the command line's `main`, once per
    program, in a fresh interpreter that has imported nothing of the tests); fills _EMITTED."""
    names = [n for n in names if n not in _EMITTED and programs.CASES[n].emit]
    if not names:
        return
    outdir = outdir or tempfile.mkdtemp(prefix="outsider3_")
    root = os.path.dirname(os.path.dirname(HERE))
    env = dict(os.environ)
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    jobs = []
    for name in names:
        case = programs.CASES[name]
        jobs.append([name, os.path.relpath(PROGRAMS_FILE, root), case.fn.__name__,
                     ",".join(str(w) for w in wrt_tuple(case)), os.path.join(outdir, f"emitted_{name}.py")])
    p = subprocess.run([sys.executable, "-c", _DRIVER], input=json.dumps(jobs), capture_output=True, text=True,
                       env=env, cwd=root, timeout=1800)
    if p.returncode != 0:
        raise RuntimeError(f"the emit driver failed: {p.stderr[-2000:]}")
    _EMITTED.update({k: tuple(v) for k, v in json.loads(p.stdout.strip().splitlines()[-1]).items()})


def run_emit(case, outdir=None):
    if not case.emit:
        return Result("SKIP", "not a module-level function")
    emit_batch([case.name], outdir)
    rc, err, out = _EMITTED[case.name]
    if rc == 2 and "error:" in err and "Traceback" not in err and "bug in s2sgrad" not in err:
        return Result("REFUSED", err[:600])
    if rc != 0:
        return Result("CRASH", f"emit exit {rc}: {err[-600:]}")
    args, refs = oracles(case)
    spec = importlib.util.spec_from_file_location(f"emitted_{case.name}", out)
    mod = importlib.util.module_from_spec(spec)
    try:
        sys.path.insert(0, os.path.dirname(HERE))
        spec.loader.exec_module(mod)
        d = getattr(mod, "d_" + case.fn.__name__)
        value, grad = d(*args)
    except Exception as err:  # generated code failing is a crash, whatever it raises
        if ((isinstance(err, S2SError) and not isinstance(err, InternalError))
                or type(err).__name__ == "SharedUpdateError"):
            return Result("REFUSED", f"{type(err).__name__}: {str(err)[:600]}")
        return Result("CRASH", f"emitted code: {type(err).__name__}: {str(err)[-600:]}")
    finally:
        sys.path.remove(os.path.dirname(HERE))
    expect = _scalar(case.fn(*case.make()))
    if not close(_scalar(value), expect, 1e-6):
        return Result("WRONG", f"value {value} expected {expect}")
    return _check_gradient(case, grad, args, refs)


RUNNERS = {"rev": run_rev, "vag": run_vag, "fwd": run_fwd, "hvp": run_hvp, "deco": run_deco, "emit": run_emit}


def run(case, path):
    oracles(case)  # an error here is the harness's or the program's, never s2sgrad's
    try:
        return RUNNERS[path](case)
    except Exception as err:
        return _classify_error(err)


def main(argv):
    """python -m tests.outsider3.harness [names...] [--paths rev,fwd] : prints a JSON table."""
    paths = PATHS
    names = []
    for a in argv:
        if a.startswith("--paths="):
            paths = tuple(a.split("=", 1)[1].split(","))
        else:
            names.append(a)
    names = names or list(programs.CASES)
    table = {}
    for name in names:
        case = programs.CASES[name]
        for path in paths:
            r = run(case, path)
            table[f"{name}:{path}"] = [r.status, r.detail]
            print(f"{name:28s} {path:5s} {r.status:8s} {r.detail[:200]!s}", flush=True)
    with open(os.environ.get("OUTSIDER3_TABLE", "/tmp/outsider3_table.json"), "w") as fh:
        json.dump(table, fh, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])

"""Checks one outsider-5 program along every differentiation path.

A case is a plain dict written next to its program (theme modules import nothing from here,
so that `s2sgrad emit` reads them as a user's files):

    dict(f=fn, args=(...), wrt=0, alt=None, out="scalar" | "vector", tol=1e-5, name=None)

`wrt` is what `grad` is asked for (an index, a name or a tuple), `alt` another `wrt` tried
on the `grad_alt` path.  Every path's result is compared with central finite differences
in float64; the outcome is PASS, REFUSED (a located s2sgrad error), WRONG (a number that
disagrees, or a dtype the README promises otherwise) or CRASH (anything else raised).
"""

import copy
import dataclasses
import importlib
import importlib.util
import inspect
import io
import os
import re
import subprocess
import sys
import tempfile
import contextlib

import numpy as np

import s2sgrad
import s2sgrad.cli

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PACKAGE = __name__.rsplit(".", 1)[0]      # tests.outsider5: the package whose theme modules run
THEMES = ["models", "sequence", "stats", "science", "lstsq", "pyshapes", "traps", "inplace", "npfuncs", "vector", "containers", "api", "indexing", "multimod", "records", "selection", "jacstores", "bigmodels", "extras"]
PATHS = ["grad", "grad_alt", "vag", "vjp", "jvp", "hvp", "jac_rev", "jac_fwd", "cli", "cli_fwd", "cli_sa"]
LOCATED = re.compile(r"\.py\"?:\d+")


# ---------------------------------------------------------------- trees of leaves

def _is_leaf(x):
    return isinstance(x, (float, np.ndarray, np.floating)) and not isinstance(x, bool)


def flatten(x):
    """The float leaves of x, in a fixed order, and a function rebuilding x from new leaves."""
    if _is_leaf(x):
        return [x], lambda leaves: leaves[0]
    if isinstance(x, dict):
        keys = list(x)
        parts = [flatten(x[k]) for k in keys]
        return _join(parts, lambda vals: dict(zip(keys, vals)))
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        parts = [flatten(v) for v in x]
        return _join(parts, lambda vals: type(x)(*vals))
    if isinstance(x, (list, tuple)):
        parts = [flatten(v) for v in x]
        return _join(parts, lambda vals: type(x)(vals))
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        names = [f.name for f in dataclasses.fields(x)]
        parts = [flatten(getattr(x, n)) for n in names]
        return _join(parts, lambda vals: dataclasses.replace(x, **dict(zip(names, vals))))
    if hasattr(x, "__dict__") and not callable(getattr(x, "__array__", None)) and \
            type(x).__module__.startswith(PACKAGE):
        names = list(vars(x))
        parts = [flatten(getattr(x, n)) for n in names]

        def build(vals):
            y = copy.copy(x)
            for n, v in zip(names, vals):
                setattr(y, n, v)
            return y
        return _join(parts, build)
    return [], lambda leaves: x


def _join(parts, build):
    sizes = [len(p[0]) for p in parts]
    leaves = [leaf for p in parts for leaf in p[0]]

    def rebuild(new):
        vals, i = [], 0
        for (_, rb), n in zip(parts, sizes):
            vals.append(rb(new[i:i + n]))
            i += n
        return build(vals)
    return leaves, rebuild


def to_vec(x):
    if isinstance(x, (int, np.integer)) and not isinstance(x, bool):
        return np.array([float(x)])       # an output that happens to be an integer (sum of nothing)
    leaves, _ = flatten(x)
    if not leaves:
        return np.zeros(0)
    return np.concatenate([np.ravel(np.asarray(l, dtype=np.float64)) for l in leaves])


def from_vec(x, vec):
    leaves, rebuild = flatten(x)
    new, i = [], 0
    for l in leaves:
        n = np.size(l)
        chunk = vec[i:i + n]
        i += n
        if isinstance(l, np.ndarray):
            new.append(chunk.reshape(np.shape(l)).astype(l.dtype if l.dtype.kind == "f" else np.float64))
        elif isinstance(l, np.floating):
            new.append(type(l)(chunk[0]))
        else:
            new.append(float(chunk[0]))
    return rebuild(new)


def to64(x):
    leaves, rebuild = flatten(x)
    return rebuild([np.asarray(l, dtype=np.float64) if isinstance(l, np.ndarray) else
                    float(l) for l in leaves])


# ---------------------------------------------------------------- the case

def _has_f32(a):
    return any(isinstance(l, np.ndarray) and l.dtype == np.float32 for l in flatten(a)[0])


class Case:
    def __init__(self, module, spec):
        self.module = module
        self.f = spec["f"]
        self.args = tuple(spec["args"])
        self.wrt = spec.get("wrt", 0)
        self.alt = spec.get("alt")
        self.out = spec.get("out", "scalar")
        self.tol = spec.get("tol", 1e-5)
        self.skip = set(spec.get("skip", ()))
        self.h = spec.get("h", 1e-6)
        self.id = "%s.%s" % (module.__name__.rsplit(".", 1)[-1], spec.get("name") or self.f.__name__)
        self.params = list(inspect.signature(self.f).parameters)

    def index(self, w):
        return w if isinstance(w, int) else self.params.index(w)

    def wrt_indices(self, wrt):
        return [self.index(w) for w in (wrt if isinstance(wrt, (tuple, list)) else (wrt,))]

    def fresh(self):
        return copy.deepcopy(self.args)

    def call(self, args):
        return self.f(*copy.deepcopy(args))


def load_cases(theme):
    module = importlib.import_module(PACKAGE + "." + theme)
    return [Case(module, spec) for spec in module.CASES]


def all_cases():
    return [c for t in THEMES for c in load_cases(t)]


# ---------------------------------------------------------------- finite differences

def _fd(case, fun_of_vec, x0):
    """Central differences of fun_of_vec (vector -> vector) at x0, column by column."""
    cols = []
    for j in range(x0.size):
        h = case.h * max(1.0, abs(x0[j]))
        xp, xm = x0.copy(), x0.copy()
        xp[j] += h
        xm[j] -= h
        cols.append((fun_of_vec(xp) - fun_of_vec(xm)) / (2 * h))
    return np.stack(cols, axis=-1)   # (n_out, n_in)


def fd_jacobian(case, wrt):
    """d vec(f) / d vec(args[wrt...]) in float64, as one matrix."""
    base = tuple(to64(a) if i in case.wrt_indices(wrt) or _has_f32(a) else a
                 for i, a in enumerate(case.args))
    idx = case.wrt_indices(wrt)
    sizes = [to_vec(base[i]).size for i in idx]
    x0 = np.concatenate([to_vec(base[i]) for i in idx])

    def fun(vec):
        args = list(copy.deepcopy(base))
        k = 0
        for i, n in zip(idx, sizes):
            args[i] = from_vec(base[i], vec[k:k + n])
            k += n
        return to_vec(case.f(*args))
    return _fd(case, fun, x0)


def close(got, ref, tol):
    got = np.asarray(got, dtype=np.float64)
    ref = np.asarray(ref, dtype=np.float64)
    if got.shape != ref.shape:
        return False, "shape %s, expected %s" % (got.shape, ref.shape)
    if not np.all(np.isfinite(got)) and np.all(np.isfinite(ref)):
        return False, "non-finite entries"
    scale = max(1.0, float(np.max(np.abs(ref)))) if ref.size else 1.0
    err = float(np.max(np.abs(got - ref))) if ref.size else 0.0
    return err <= tol * scale * 10 + 1e-7 * scale, "max abs err %.3g (scale %.3g)" % (err, scale)


class Mismatch(Exception):
    pass


def _check(got, ref, tol, what):
    ok, msg = close(got, ref, tol)
    if not ok:
        raise Mismatch("%s: %s" % (what, msg))


def _check_dtypes(grads, args, idx, what):
    for g, i in zip(grads, idx):
        for gl, al in zip(flatten(g)[0], flatten(args[i])[0]):
            if isinstance(al, np.ndarray) and al.dtype == np.float32:
                if np.asarray(gl).dtype != np.float32:
                    raise Mismatch("%s: dtype %s for a float32 input" % (what, np.asarray(gl).dtype))
            if isinstance(al, np.ndarray) and np.shape(gl) != al.shape:
                raise Mismatch("%s: gradient shape %s for input %s" % (what, np.shape(gl), al.shape))


def _check_untouched(args, case, what):
    """The differentiated call must leave the caller's arrays as the function itself leaves them."""
    ref = case.fresh()
    case.f(*ref)
    for a, b in zip(flatten(args)[0], flatten(ref)[0]):
        if isinstance(a, np.ndarray) and not np.array_equal(a, b, equal_nan=True):
            raise Mismatch("%s: an argument was changed in place (%s, the function leaves %s)" % (
                what, np.array2string(np.ravel(a)[:4]), np.array2string(np.ravel(b)[:4])))


def _grads_tuple(g, wrt):
    return tuple(g) if isinstance(wrt, (tuple, list)) else (g,)


def _vec_of(grads):
    return np.concatenate([to_vec(g) for g in grads])


def _direction(case, idx, seed=3):
    rng = np.random.default_rng(seed)
    return [from_vec(to64(case.args[i]), rng.standard_normal(to_vec(case.args[i]).size)) for i in idx]


# ---------------------------------------------------------------- paths

def path_grad(case, wrt=None):
    if case.out != "scalar":
        return "n/a"
    wrt = case.wrt if wrt is None else wrt
    idx = case.wrt_indices(wrt)
    J = fd_jacobian(case, wrt)
    args = case.fresh()
    g = s2sgrad.grad(case.f, wrt=wrt)(*args)
    _check_untouched(args, case, "grad")
    grads = _grads_tuple(g, wrt)
    _check(_vec_of(grads), J[0], case.tol, "gradient")
    _check_dtypes(grads, case.args, idx, "gradient")


def path_grad_alt(case):
    if case.alt is None:
        return "n/a"
    return path_grad(case, case.alt)


def path_vag(case):
    if case.out != "scalar":
        return "n/a"
    J = fd_jacobian(case, case.wrt)
    v, g = s2sgrad.value_and_grad(case.f, wrt=case.wrt)(*case.fresh())
    _check(to_vec(v), to_vec(case.call(case.args)), 1e-9, "value")
    _check(_vec_of(_grads_tuple(g, case.wrt)), J[0], case.tol, "gradient")


def path_vjp(case):
    J = fd_jacobian(case, case.wrt)
    out = case.call(case.args)
    rng = np.random.default_rng(5)
    ov = to_vec(out)
    w = rng.standard_normal(ov.size)
    seed = from_vec(to64(out), w) if not isinstance(out, float) else float(w[0])
    args = case.fresh()
    g = s2sgrad.vjp(case.f, wrt=case.wrt)(*args, d_result=seed)
    _check_untouched(args, case, "vjp")
    _check(_vec_of(_grads_tuple(g, case.wrt)), w @ J, case.tol, "vjp")


def path_jvp(case):
    idx = case.wrt_indices(case.wrt)
    J = fd_jacobian(case, case.wrt)
    dirs = _direction(case, idx)
    tangents = [None] * len(case.args)
    for i, d in zip(idx, dirs):
        tangents[i] = d
    u = np.concatenate([to_vec(d) for d in dirs])
    args = case.fresh()
    val, t = s2sgrad.jvp(case.f, args, tuple(tangents))
    _check_untouched(args, case, "jvp")
    _check(to_vec(val), to_vec(case.call(case.args)), 1e-9, "value")
    _check(to_vec(t), J @ u, case.tol, "jvp")


def path_hvp(case):
    if case.out != "scalar":
        return "n/a"
    idx = case.wrt_indices(case.wrt)
    dirs = _direction(case, idx)
    tangents = [None] * len(case.args)
    for i, d in zip(idx, dirs):
        tangents[i] = d
    u = np.concatenate([to_vec(d) for d in dirs])
    # reference: central differences (step h) of central-difference gradients (step 1e-5)
    base = [to64(a) if i in idx or _has_f32(a) else a for i, a in enumerate(case.args)]
    x0 = np.concatenate([to_vec(base[i]) for i in idx])
    sizes = [to_vec(base[i]).size for i in idx]
    h = 1e-4 * max(1.0, float(np.max(np.abs(x0))))

    def value_at(vec):
        args = list(copy.deepcopy(base))
        k = 0
        for i, n in zip(idx, sizes):
            args[i] = from_vec(base[i], vec[k:k + n])
            k += n
        return float(to_vec(case.f(*args))[0])

    def grad_at(vec):
        g = np.zeros(vec.size)
        for j in range(vec.size):
            e = 1e-5 * max(1.0, abs(vec[j]))
            vp, vm = vec.copy(), vec.copy()
            vp[j] += e
            vm[j] -= e
            g[j] = (value_at(vp) - value_at(vm)) / (2 * e)
        return g
    ref = (grad_at(x0 + h * u) - grad_at(x0 - h * u)) / (2 * h)
    args = case.fresh()
    got = s2sgrad.hvp(case.f, args, tuple(tangents))
    _check_untouched(args, case, "hvp")
    got = got if isinstance(got, tuple) and len(idx) > 1 else (got,)
    _check(_vec_of(got), ref, max(case.tol, 3e-4), "hvp")


def _path_jac(case, mode):
    if case.out != "vector":
        return "n/a"
    J = fd_jacobian(case, case.wrt)
    args = case.fresh()
    jac = s2sgrad.jacobian(case.f, wrt=case.wrt, mode=mode)(*args)
    _check_untouched(args, case, "jacobian(%s)" % mode)
    parts = _grads_tuple(jac, case.wrt)
    out_n = J.shape[0]
    leaves = [leaf for p in parts for leaf in (flatten(p)[0] if not isinstance(p, np.ndarray) or
                                               p.dtype != object else [p])]
    got = np.concatenate([np.asarray(l, dtype=np.float64).reshape(out_n, -1) for l in leaves], axis=1)
    _check(got, J, case.tol, "jacobian(%s)" % mode)


def path_jac_rev(case):
    return _path_jac(case, "rev")


def path_jac_fwd(case):
    return _path_jac(case, "fwd")


def path_cli(case, subprocess_cli=True, mode="reverse", standalone=False):
    if case.out != "scalar" and mode == "reverse":
        return "n/a"
    src = inspect.getsourcefile(case.module)
    idx = case.wrt_indices(case.wrt)
    wrt = ",".join(case.params[i] for i in idx)
    with tempfile.TemporaryDirectory() as tmp:
        modname = ("d_" if mode == "reverse" else "jvp_") + case.id.replace(".", "_")
        out = os.path.join(tmp, modname + ".py")
        argv = ["emit", src, "-f", case.f.__name__, "--wrt", wrt, "-o", out, "--mode", mode]
        if standalone:
            argv.append("--standalone")
        if subprocess_cli:
            lib = os.path.dirname(os.path.dirname(os.path.abspath(s2sgrad.__file__)))
            env = dict(os.environ, PYTHONPATH=os.pathsep.join([lib, ROOT]))
            r = subprocess.run([sys.executable, "-m", "s2sgrad.cli"] + argv, cwd=ROOT, env=env,
                               capture_output=True, text=True, timeout=300)
            rc, err = r.returncode, r.stderr + r.stdout
        else:
            buf = io.StringIO()
            old = os.getcwd()
            try:
                os.chdir(ROOT)
                with contextlib.redirect_stderr(buf), contextlib.redirect_stdout(buf):
                    try:
                        rc = s2sgrad.cli.main(argv)
                    except SystemExit as e:
                        rc = e.code
            finally:
                os.chdir(old)
            err = buf.getvalue()
        if rc == 2 and LOCATED.search(err) and "bug in s2sgrad" not in err:
            raise Refused(err.strip().splitlines()[0])
        if rc not in (0, None):
            raise CliCrash("exit %s: %s" % (rc, err.strip()[-300:]))
        spec = importlib.util.spec_from_file_location(modname, out)
        mod = importlib.util.module_from_spec(spec)
        sys.path[:0] = [ROOT, os.path.dirname(HERE), HERE]
        try:
            spec.loader.exec_module(mod)
        finally:
            del sys.path[:3]
        if mode == "forward":
            dirs = _direction(case, idx)
            kw = {"t_" + case.params[i]: d for i, d in zip(idx, dirs)}
            value, t = getattr(mod, "jvp_" + case.f.__name__)(*case.fresh(), **kw)
        else:
            value, g = getattr(mod, "d_" + case.f.__name__)(*case.fresh())
    J = fd_jacobian(case, case.wrt)
    if mode == "forward":
        u = np.concatenate([to_vec(d) for d in dirs])
        _check(to_vec(value), to_vec(case.call(case.args)), 1e-9, "cli value")
        _check(to_vec(t), J @ u, case.tol, "cli tangent")
        return None
    _check(to_vec(value), to_vec(case.call(case.args)), 1e-9, "cli value")
    grads = tuple(g) if len(idx) > 1 else (g,)
    _check(_vec_of(grads), J[0], case.tol, "cli gradient")


class Refused(Exception):
    pass


class CliCrash(Exception):
    pass


RUNNERS = {"grad": path_grad, "grad_alt": path_grad_alt, "vag": path_vag, "vjp": path_vjp,
           "jvp": path_jvp, "hvp": path_hvp, "jac_rev": path_jac_rev, "jac_fwd": path_jac_fwd,
           "cli": path_cli}


def run(case, path, subprocess_cli=True):
    """(outcome, reason) of one case along one path."""
    if path in case.skip:
        return "N/A", "skipped: not meaningful for this program"
    try:
        if path == "cli":
            r = path_cli(case, subprocess_cli)
        elif path == "cli_fwd":
            r = path_cli(case, subprocess_cli, mode="forward")
        elif path == "cli_sa":
            r = path_cli(case, subprocess_cli, standalone=True)
        else:
            r = RUNNERS[path](case)
        if r == "n/a":
            return "N/A", "not applicable to this output"
        return "PASS", ""
    except Mismatch as e:
        return "WRONG", str(e)
    except Refused as e:
        return "REFUSED", str(e)
    except CliCrash as e:
        return "CRASH", str(e)
    except s2sgrad.InternalError as e:
        return "CRASH", "InternalError: " + _first(e)
    except s2sgrad.S2SError as e:
        msg = str(e)
        if LOCATED.search(msg):
            return "REFUSED", _first(e)
        return "CRASH", "unlocated %s: %s" % (type(e).__name__, _first(e))
    except Exception as e:   # noqa: BLE001 - every other exception is the finding
        if type(e).__name__ == "SharedUpdateError" and LOCATED.search(str(e)):
            return "REFUSED", _first(e)       # the --standalone module's own copy of the class
        return "CRASH", "%s: %s" % (type(e).__name__, _first(e))


def _first(e):
    lines = [l for l in str(e).splitlines() if l.strip()]
    return (lines[0] if lines else type(e).__name__)[:200]

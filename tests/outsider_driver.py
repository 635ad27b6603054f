"""What the outsider rounds share: `Harness`, which checks one program of a round along every
differentiation path; which (case, path) pairs apply, which run without S2SGRAD_DEEP (a fixed
fiftieth, plus one known result per finding), and their pytest params with the known WRONG/CRASH
results as strict xfails; `run_all`, the command line that runs every pair.

A round's harness.py names its package, folder and themes, and what its round checks besides.
A case is a plain dict written next to its program (theme modules import nothing from here,
so that `s2sgrad emit` reads them as a user's files):

    dict(f=fn, args=(...), wrt=0, alt=None, out="scalar" | "vector", tol=1e-5, name=None)

`wrt` is what `grad` is asked for (an index, a name or a tuple), `alt` another `wrt` tried
on the `grad_alt` path.  Every path's result is compared with central finite differences
in float64; the outcome is PASS, REFUSED (a located s2sgrad error), WRONG (a number that
disagrees, or a dtype the README promises otherwise) or CRASH (anything else raised).
"""

import contextlib
import copy
import dataclasses
import importlib
import importlib.util
import inspect
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import pytest

import s2sgrad
import s2sgrad.cli

DEEP = os.environ.get("S2SGRAD_DEEP") == "1"
EVERY = 50
_CHEAP = {p: i for i, p in enumerate(["grad", "vjp", "jvp", "vag", "grad_alt", "jac_rev", "jac_fwd",
                                      "cli", "cli_fwd", "cli_sa", "hvp"])}


def applicable(case, path):
    if path in case.skip:
        return False
    if path in ("grad", "vag", "hvp", "cli", "cli_sa"):
        return case.out == "scalar"
    if path == "grad_alt":
        return case.out == "scalar" and case.alt is not None
    if path in ("jac_rev", "jac_fwd"):
        return case.out == "vector"
    return True


def representatives(known):
    """One known (case, path) per finding, the cheapest path first."""
    seen, reps = set(), set()
    for key, (_, reason) in sorted(known.items(), key=lambda kv: _CHEAP.get(kv[0][1], 99)):
        finding = reason.split(":", 1)[0]
        if finding not in seen:
            seen.add(finding)
            reps.add(key)
    return reps


def params(harness, known, every=EVERY):
    """The pytest params of a round: every pair with S2SGRAD_DEEP=1, else each `every`-th pair and
    one known result per finding."""
    found, k = [], 0
    reps = representatives(known)
    for case in harness.all_cases():
        for path in harness.PATHS:
            if not applicable(case, path):
                continue
            k += 1
            key = (case.id, path)
            if not DEEP and k % every != 0 and key not in reps:
                continue
            marks = []
            if key in known:
                outcome, reason = known[key]
                marks.append(pytest.mark.xfail(strict=True, reason="%s: %s" % (outcome, reason)))
            found.append(pytest.param(case, path, id="%s-%s" % key, marks=marks))
    return found


def check(harness, case, path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outcome, reason = harness.run(case, path, subprocess_cli=DEEP)
    assert outcome in ("PASS", "REFUSED", "N/A"), "%s %s: %s" % (case.id, path, reason)


def run_all(harness, argv):
    """Every case of the given themes (all by default) along every path, one line per result and a
    summary; `--inproc` runs the command line in-process, `--json=FILE` writes the results."""
    inproc = "--inproc" in argv
    out = None
    for a in argv:
        if a.startswith("--json="):
            out = open(a.split("=", 1)[1], "w")
    themes = [a for a in argv if not a.startswith("--")] or harness.THEMES
    counts = {}
    for theme in themes:
        for case in harness.load_cases(theme):
            for path in harness.PATHS:
                t = time.time()
                outcome, reason = harness.run(case, path, subprocess_cli=not inproc)
                counts[outcome] = counts.get(outcome, 0) + 1
                if out is not None:
                    out.write(json.dumps([case.id, path, outcome, reason]) + "\n")
                    out.flush()
                if outcome != "N/A":
                    print("%-40s %-8s %-8s %5.1fs %s" % (case.id, path, outcome, time.time() - t, reason),
                          flush=True)
    print(counts)
    print("s2sgrad from", harness.s2sgrad.__file__)


def recheck(harness, known, argv):
    """Only the known WRONG/CRASH (case, path) pairs of a round's expected.py, against whichever
    s2sgrad PYTHONPATH names; `--json=FILE` writes the results."""
    out = None
    for a in argv:
        if a.startswith("--json="):
            out = open(a.split("=", 1)[1], "w")
    cases = {c.id: c for c in harness.all_cases()}
    for (cid, path) in sorted(known):
        outcome, reason = harness.run(cases[cid], path, subprocess_cli=False)
        print("%-45s %-8s %-8s %s" % (cid, path, outcome, reason[:120]), flush=True)
        if out is not None:
            out.write(json.dumps([cid, path, outcome, reason]) + "\n")
    print("s2sgrad from", harness.s2sgrad.__file__)


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PATHS = ["grad", "grad_alt", "vag", "vjp", "jvp", "hvp", "jac_rev", "jac_fwd", "cli", "cli_fwd", "cli_sa"]
LOCATED = re.compile(r"\.py\"?:\d+")
RUNNERS = {"grad": "path_grad", "grad_alt": "path_grad_alt", "vag": "path_vag", "vjp": "path_vjp",
           "jvp": "path_jvp", "hvp": "path_hvp", "jac_rev": "path_jac_rev", "jac_fwd": "path_jac_fwd",
           "cli": "path_cli"}


class Harness:
    """The checks of one round: its theme modules are `package`.THEME in `folder`; with `untouched`,
    each path also checks that the differentiated call leaves the caller's arrays as the function
    leaves them; with `integer_outputs`, an output that is an integer is compared as a float."""

    def __init__(self, package, folder, themes, untouched=False, integer_outputs=False):
        self.package, self.folder, self.themes = package, folder, themes
        self.untouched, self.integer_outputs = untouched, integer_outputs

    def flatten(self, x):
        """The float leaves of x, in a fixed order, and a function rebuilding x from new leaves."""
        if _is_leaf(x):
            return [x], lambda leaves: leaves[0]
        if isinstance(x, dict):
            keys = list(x)
            parts = [self.flatten(x[k]) for k in keys]
            return _join(parts, lambda vals: dict(zip(keys, vals)))
        if isinstance(x, tuple) and hasattr(x, "_fields"):
            parts = [self.flatten(v) for v in x]
            return _join(parts, lambda vals: type(x)(*vals))
        if isinstance(x, (list, tuple)):
            parts = [self.flatten(v) for v in x]
            return _join(parts, lambda vals: type(x)(vals))
        if dataclasses.is_dataclass(x) and not isinstance(x, type):
            names = [f.name for f in dataclasses.fields(x)]
            parts = [self.flatten(getattr(x, n)) for n in names]
            return _join(parts, lambda vals: dataclasses.replace(x, **dict(zip(names, vals))))
        if hasattr(x, "__dict__") and not callable(getattr(x, "__array__", None)) and \
                type(x).__module__.startswith(self.package):
            names = list(vars(x))
            parts = [self.flatten(getattr(x, n)) for n in names]

            def build(vals):
                y = copy.copy(x)
                for n, v in zip(names, vals):
                    setattr(y, n, v)
                return y
            return _join(parts, build)
        return [], lambda leaves: x

    def to_vec(self, x):
        if self.integer_outputs and isinstance(x, (int, np.integer)) and not isinstance(x, bool):
            return np.array([float(x)])       # an output that happens to be an integer (sum of nothing)
        leaves, _ = self.flatten(x)
        if not leaves:
            return np.zeros(0)
        return np.concatenate([np.ravel(np.asarray(l, dtype=np.float64)) for l in leaves])

    def from_vec(self, x, vec):
        leaves, rebuild = self.flatten(x)
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

    def to64(self, x):
        leaves, rebuild = self.flatten(x)
        return rebuild([np.asarray(l, dtype=np.float64) if isinstance(l, np.ndarray) else
                        float(l) for l in leaves])

    def _has_f32(self, a):
        return any(isinstance(l, np.ndarray) and l.dtype == np.float32 for l in self.flatten(a)[0])

    def load_cases(self, theme):
        module = importlib.import_module(self.package + "." + theme)
        return [Case(module, spec) for spec in module.CASES]

    def all_cases(self):
        return [c for t in self.themes for c in self.load_cases(t)]

    def fd_jacobian(self, case, wrt):
        """d vec(f) / d vec(args[wrt...]) in float64, as one matrix."""
        base = tuple(self.to64(a) if i in case.wrt_indices(wrt) or self._has_f32(a) else a
                     for i, a in enumerate(case.args))
        idx = case.wrt_indices(wrt)
        sizes = [self.to_vec(base[i]).size for i in idx]
        x0 = np.concatenate([self.to_vec(base[i]) for i in idx])

        def fun(vec):
            args = list(copy.deepcopy(base))
            k = 0
            for i, n in zip(idx, sizes):
                args[i] = self.from_vec(base[i], vec[k:k + n])
                k += n
            return self.to_vec(case.f(*args))
        return _fd(case, fun, x0)

    def _check_dtypes(self, grads, args, idx, what):
        for g, i in zip(grads, idx):
            for gl, al in zip(self.flatten(g)[0], self.flatten(args[i])[0]):
                if isinstance(al, np.ndarray) and al.dtype == np.float32:
                    if np.asarray(gl).dtype != np.float32:
                        raise Mismatch("%s: dtype %s for a float32 input" % (what, np.asarray(gl).dtype))
                if isinstance(al, np.ndarray) and np.shape(gl) != al.shape:
                    raise Mismatch("%s: gradient shape %s for input %s" % (what, np.shape(gl), al.shape))

    def _check_untouched(self, args, case, what):
        """The differentiated call must leave the caller's arrays as the function itself leaves them."""
        if not self.untouched:
            return
        ref = case.fresh()
        case.f(*ref)
        for a, b in zip(self.flatten(args)[0], self.flatten(ref)[0]):
            if isinstance(a, np.ndarray) and not np.array_equal(a, b, equal_nan=True):
                raise Mismatch("%s: an argument was changed in place (%s, the function leaves %s)" % (
                    what, np.array2string(np.ravel(a)[:4]), np.array2string(np.ravel(b)[:4])))

    def _vec_of(self, grads):
        return np.concatenate([self.to_vec(g) for g in grads])

    def _direction(self, case, idx, seed=3):
        rng = np.random.default_rng(seed)
        return [self.from_vec(self.to64(case.args[i]), rng.standard_normal(self.to_vec(case.args[i]).size)) for i in idx]

    def path_grad(self, case, wrt=None):
        if case.out != "scalar":
            return "n/a"
        wrt = case.wrt if wrt is None else wrt
        idx = case.wrt_indices(wrt)
        J = self.fd_jacobian(case, wrt)
        args = case.fresh()
        g = s2sgrad.grad(case.f, wrt=wrt)(*args)
        self._check_untouched(args, case, "grad")
        grads = _grads_tuple(g, wrt)
        _check(self._vec_of(grads), J[0], case.tol, "gradient")
        self._check_dtypes(grads, case.args, idx, "gradient")

    def path_grad_alt(self, case):
        if case.alt is None:
            return "n/a"
        return self.path_grad(case, case.alt)

    def path_vag(self, case):
        if case.out != "scalar":
            return "n/a"
        J = self.fd_jacobian(case, case.wrt)
        v, g = s2sgrad.value_and_grad(case.f, wrt=case.wrt)(*case.fresh())
        _check(self.to_vec(v), self.to_vec(case.call(case.args)), 1e-9, "value")
        _check(self._vec_of(_grads_tuple(g, case.wrt)), J[0], case.tol, "gradient")

    def path_vjp(self, case):
        J = self.fd_jacobian(case, case.wrt)
        out = case.call(case.args)
        rng = np.random.default_rng(5)
        ov = self.to_vec(out)
        w = rng.standard_normal(ov.size)
        seed = self.from_vec(self.to64(out), w) if not isinstance(out, float) else float(w[0])
        args = case.fresh()
        g = s2sgrad.vjp(case.f, wrt=case.wrt)(*args, d_result=seed)
        self._check_untouched(args, case, "vjp")
        _check(self._vec_of(_grads_tuple(g, case.wrt)), w @ J, case.tol, "vjp")

    def path_jvp(self, case):
        idx = case.wrt_indices(case.wrt)
        J = self.fd_jacobian(case, case.wrt)
        dirs = self._direction(case, idx)
        tangents = [None] * len(case.args)
        for i, d in zip(idx, dirs):
            tangents[i] = d
        u = np.concatenate([self.to_vec(d) for d in dirs])
        args = case.fresh()
        val, t = s2sgrad.jvp(case.f, args, tuple(tangents))
        self._check_untouched(args, case, "jvp")
        _check(self.to_vec(val), self.to_vec(case.call(case.args)), 1e-9, "value")
        _check(self.to_vec(t), J @ u, case.tol, "jvp")

    def path_hvp(self, case):
        if case.out != "scalar":
            return "n/a"
        idx = case.wrt_indices(case.wrt)
        dirs = self._direction(case, idx)
        tangents = [None] * len(case.args)
        for i, d in zip(idx, dirs):
            tangents[i] = d
        u = np.concatenate([self.to_vec(d) for d in dirs])
        # reference: central differences (step h) of central-difference gradients (step 1e-5)
        base = [self.to64(a) if i in idx or self._has_f32(a) else a for i, a in enumerate(case.args)]
        x0 = np.concatenate([self.to_vec(base[i]) for i in idx])
        sizes = [self.to_vec(base[i]).size for i in idx]
        h = 1e-4 * max(1.0, float(np.max(np.abs(x0))))

        def value_at(vec):
            args = list(copy.deepcopy(base))
            k = 0
            for i, n in zip(idx, sizes):
                args[i] = self.from_vec(base[i], vec[k:k + n])
                k += n
            return float(self.to_vec(case.f(*args))[0])

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
        self._check_untouched(args, case, "hvp")
        got = got if isinstance(got, tuple) and len(idx) > 1 else (got,)
        _check(self._vec_of(got), ref, max(case.tol, 3e-4), "hvp")

    def _path_jac(self, case, mode):
        if case.out != "vector":
            return "n/a"
        J = self.fd_jacobian(case, case.wrt)
        args = case.fresh()
        jac = s2sgrad.jacobian(case.f, wrt=case.wrt, mode=mode)(*args)
        self._check_untouched(args, case, "jacobian(%s)" % mode)
        parts = _grads_tuple(jac, case.wrt)
        out_n = J.shape[0]
        leaves = [leaf for p in parts for leaf in (self.flatten(p)[0] if not isinstance(p, np.ndarray) or
                                                   p.dtype != object else [p])]
        got = np.concatenate([np.asarray(l, dtype=np.float64).reshape(out_n, -1) for l in leaves], axis=1)
        _check(got, J, case.tol, "jacobian(%s)" % mode)

    def path_jac_rev(self, case):
        return self._path_jac(case, "rev")

    def path_jac_fwd(self, case):
        return self._path_jac(case, "fwd")

    def path_cli(self, case, subprocess_cli=True, mode="reverse", standalone=False):
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
            sys.path[:0] = [ROOT, os.path.dirname(self.folder), self.folder]
            try:
                spec.loader.exec_module(mod)
            finally:
                del sys.path[:3]
            if mode == "forward":
                dirs = self._direction(case, idx)
                kw = {"t_" + case.params[i]: d for i, d in zip(idx, dirs)}
                value, t = getattr(mod, "jvp_" + case.f.__name__)(*case.fresh(), **kw)
            else:
                value, g = getattr(mod, "d_" + case.f.__name__)(*case.fresh())
        J = self.fd_jacobian(case, case.wrt)
        if mode == "forward":
            u = np.concatenate([self.to_vec(d) for d in dirs])
            _check(self.to_vec(value), self.to_vec(case.call(case.args)), 1e-9, "cli value")
            _check(self.to_vec(t), J @ u, case.tol, "cli tangent")
            return None
        _check(self.to_vec(value), self.to_vec(case.call(case.args)), 1e-9, "cli value")
        grads = tuple(g) if len(idx) > 1 else (g,)
        _check(self._vec_of(grads), J[0], case.tol, "cli gradient")

    def run(self, case, path, subprocess_cli=True):
        """(outcome, reason) of one case along one path."""
        if path in case.skip:
            return "N/A", "skipped: not meaningful for this program"
        try:
            if path == "cli":
                r = self.path_cli(case, subprocess_cli)
            elif path == "cli_fwd":
                r = self.path_cli(case, subprocess_cli, mode="forward")
            elif path == "cli_sa":
                r = self.path_cli(case, subprocess_cli, standalone=True)
            else:
                r = getattr(self, RUNNERS[path])(case)
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
            if type(e).__name__ in _STANDALONE_ERRORS and LOCATED.search(str(e)):
                return "REFUSED", _first(e)       # the --standalone module's own copy of the class
            return "CRASH", "%s: %s" % (type(e).__name__, _first(e))


# ---------------------------------------------------------------- what needs no round

def _is_leaf(x):
    return isinstance(x, (float, np.ndarray, np.floating)) and not isinstance(x, bool)


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


def _grads_tuple(g, wrt):
    return tuple(g) if isinstance(wrt, (tuple, list)) else (g,)


# the s2sgrad errors that `emit --standalone` writes out as classes of the emitted module
_STANDALONE_ERRORS = ("SharedUpdateError", "UnsupportedValueError")


class Refused(Exception):
    pass


class CliCrash(Exception):
    pass


def _first(e):
    lines = [l for l in str(e).splitlines() if l.strip()]
    return (lines[0] if lines else type(e).__name__)[:200]


# ---------------------------------------------------------------- what rounds 7 on share

_WHERE = re.compile(r"^(?:\S+: )?(.+?\.py)\"?:\d+")


def _libraries():
    import sysconfig
    return tuple(os.path.realpath(sysconfig.get_paths()[k]) + os.sep
                 for k in ("stdlib", "platstdlib", "purelib", "platlib"))


def located_run(harness, case, path, subprocess_cli=True):
    """harness.run's outcome, except that a refusal located in the standard library or an
    installed package instead of the user's file is an unclear error, a CRASH (round 6's rule)."""
    outcome, reason = harness.run(case, path, subprocess_cli=subprocess_cli)
    if outcome == "REFUSED":
        m = _WHERE.match(reason)
        where = os.path.realpath(m.group(1)) if m else ""
        if where.startswith(_libraries()):
            return "CRASH", "refused at a line of a library, not of the user's file: " + reason
    return outcome, reason


def _with_autograd_numpy(fn, swaps, memo):
    """fn re-bound so that the modules named in `swaps` (np, and scipy's special functions) in its
    module's globals, and in the functions of that module it reaches, are autograd's."""
    import types
    if not isinstance(fn, types.FunctionType):
        return fn
    g = memo.get(fn.__module__)
    if g is None:
        g = dict(fn.__globals__)
        memo[fn.__module__] = g
        for k, v in swaps.items():
            if k in g:
                g[k] = v
        for k, v in list(g.items()):
            if isinstance(v, types.FunctionType) and v.__module__ == fn.__module__:
                g[k] = types.FunctionType(v.__code__, g, v.__name__, v.__defaults__, v.__closure__)
    return types.FunctionType(fn.__code__, g, fn.__name__, fn.__defaults__, fn.__closure__)


def autograd_oracle(harness, case):
    """autograd's gradient of a scalar case with one `wrt`, against finite differences:
    ("AGREE" | "DISAGREE" | "N/A", detail).  DISAGREE means the finite-difference reference
    itself is in doubt for that program (or autograd is wrong)."""
    if case.out != "scalar" or isinstance(case.wrt, (tuple, list)):
        return "N/A", "not a single-wrt scalar case"
    try:
        import autograd
        import autograd.numpy as anp
        import autograd.scipy.special as asp
        import autograd.scipy.linalg as asl
        swaps = {"np": anp, "special": asp, "sp": asp, "sla": asl}
        for name in ("logsumexp", "gammaln", "digamma", "betaln", "erf", "expit", "logit"):
            if hasattr(asp, name):
                swaps[name] = getattr(asp, name)
        for name in ("solve_triangular", "cholesky"):
            swaps[name] = getattr(asl, name)
        f = _with_autograd_numpy(case.f, swaps, {})
        i = case.index(case.wrt)
        args = list(case.fresh())
        if isinstance(args[i], np.ndarray):
            args[i] = args[i].astype(np.float64)
        g = autograd.grad(f, i)(*args)
    except Exception as e:  # noqa: BLE001 - autograd does not support the program
        return "N/A", "%s: %s" % (type(e).__name__, str(e).splitlines()[0][:100] if str(e) else "")
    J = harness.fd_jacobian(case, case.wrt)
    ok, msg = close(harness.to_vec(g), J[0], case.tol)
    return ("AGREE" if ok else "DISAGREE"), msg

"""Check one generated program in every mode, and classify what went wrong.

`check(program, seed, directory)` writes the program's module, runs `f`, and checks

- reverse mode: the value the gradient code computes equals `f`'s (generic and specialised
  transforms), and `check_grads` (central finite differences and the dot-product test);
- forward mode: `check_jvp` (the forward value, finite differences, the dot-product test
  against reverse mode);
- Hessian-vector products: `s2sgrad.hvp` along x against central differences of the gradient.

A finite-difference check that fails is tried once more with another step and other
directions before it counts: a step across a branch boundary is not a wrong gradient.

`check` returns each mode's exception (or None); `classify(exc)` sorts an exception into `refused` (a located `UserCodeError`/`NoRuleError`, or
the documented run-time `SharedUpdateError`),
`wrong` (an assertion of the checks), `skipped` (the value overflows) or `crash` (anything
else raised by s2sgrad or the code it emits).
"""

import importlib.util
import itertools
import os
import re
import time
import traceback

import numpy as np

import s2sgrad
from s2sgrad.api import compiled
from s2sgrad.errors import UserCodeError
from s2sgrad.testing import check_grads, check_jvp

_COUNTER = itertools.count()


class Skip(Exception):
    """The program's value overflows (or is huge) at these inputs: nothing to check."""


class InvalidProgram(Exception):
    """`f` itself raised: a bug in the generator, not in s2sgrad."""


def load(source, directory, stem=None):
    """The function `f` of a module with this source, written to `directory`."""
    stem = stem or f"random_program_{os.getpid()}_{next(_COUNTER)}"
    path = os.path.join(str(directory), stem + ".py")
    with open(path, "w") as fh:
        fh.write(source)
    spec = importlib.util.spec_from_file_location(stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.f


def _value(f, args):
    with np.errstate(all="ignore"):
        try:
            value = f(*args)
        except Exception as exc:
            raise InvalidProgram(f"f raised {type(exc).__name__}: {exc}") from exc
    if not np.isfinite(value) or abs(value) > 1e6:
        raise Skip(f"value {value!r}")
    with np.errstate(all="ignore"):
        again = f(*args)
    if again != value:
        raise InvalidProgram(f"f is not deterministic: {value!r}, then {again!r}")
    return value


def _retried(check, *variants):
    """Run `check(**kw)` for the first keywords; on an assertion, with the next ones in turn."""
    for kw in variants[:-1]:
        try:
            return check(**kw)
        except AssertionError:
            pass
    return check(**variants[-1])


def _same_value(got, want, what):
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12, err_msg=f"{what}: value differs from f's")


MODES = ("reverse", "forward", "hvp")


def check(program, seed, directory, timings=None, stage=lambda name: None, modes=MODES):
    """Check `program` at inputs drawn from `seed` in each mode: {mode: None or the exception}.

    Raises `Skip` or `InvalidProgram` when there is nothing to check.  `timings` (a dict)
    receives the seconds each transform took; `stage(name)` is called before each step, so a
    caller watching from outside knows where a run hangs.
    """
    timings = {} if timings is None else timings
    last, report = ["load"], stage

    def stage(name):
        last[0] = name
        report(name)
    stage("load")
    f = load(program.module_source(), directory)
    args = program.inputs(seed)
    stage("value")
    value = _value(f, args)
    wrt = tuple(range(len(args)))
    runs = {"reverse": lambda: _check_reverse(f, args, wrt, value, seed, timings, stage),
            "forward": lambda: _check_forward(f, args, wrt, seed, timings, stage),
            "hvp": lambda: _check_hvp(f, args, seed, timings, stage)}
    results = {}
    for mode in modes:
        try:
            with np.errstate(all="ignore"):
                runs[mode]()
            results[mode] = None
        except Exception as exc:        # noqa: B902 -- every exception is a finding
            exc.check_stage = last[0]
            results[mode] = exc
    return results


def assert_checked(results):
    """Raise the first failure of `check`'s results that is not a located refusal."""
    for exc in results.values():
        if exc is not None and not is_refusal(exc):
            raise exc


def _timed(timings, key, fn, *args, **kwargs):
    """Record the CPU seconds of a call (wall time says more about the machine's load)."""
    start = time.process_time()
    try:
        return fn(*args, **kwargs)
    finally:
        timings[key] = time.process_time() - start


def _check_reverse(f, args, wrt, value, seed, timings, stage):
    stage("reverse transform")
    entry = _timed(timings, "reverse", compiled, f, wrt)
    stage("reverse value")
    _same_value(entry(tuple(args), {})[0], value, "reverse mode")
    stage("reverse specialised transform")
    _same_value(_timed(timings, "reverse_kinds", s2sgrad.value_and_grad(f, wrt), *args)[0], value,
                "reverse mode (specialised)")
    stage("reverse check")
    _retried(lambda **kw: check_grads(f, args, wrt=wrt, **kw), {"seed": seed}, {"seed": seed + 1, "eps": 1e-7})


def _check_forward(f, args, wrt, seed, timings, stage):
    stage("forward transform")
    _timed(timings, "forward", compiled, f, wrt, mode="forward")
    stage("forward check")
    _retried(lambda **kw: check_jvp(f, args, wrt=wrt, **kw), {"seed": seed}, {"seed": seed + 1, "eps": 1e-7})


def _check_hvp(f, args, seed, timings, stage):
    rng = np.random.default_rng(seed)
    v = rng.standard_normal(np.shape(args[0]))
    stage("hvp transform")
    tangents = (v,) + (None,) * (len(args) - 1)
    got = _timed(timings, "hvp", s2sgrad.hvp, f, tuple(args), tangents)
    stage("hvp check")
    grad = s2sgrad.grad(f)

    def difference(eps):
        moved = lambda sign: [args[0] + sign * eps * v] + list(args[1:])      # noqa: E731
        return (grad(*moved(1)) - grad(*moved(-1))) / (2 * eps)

    def matches(want):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5 * (1 + float(np.max(np.abs(want)))),
                                   err_msg="hvp against differences of the gradient")
    # Central differences err by O(eps^2): where third derivatives are large (values near 1e14),
    # neither step is close enough, and Richardson's extrapolation from both is.
    coarse, fine = difference(1e-5), difference(1e-6)
    _retried(matches, {"want": coarse}, {"want": fine}, {"want": fine + (fine - coarse) / 99})


# --- classifying failures -----------------------------------------------------------------

_OWN = (os.sep + "s2sgrad" + os.sep, "<s2sgrad ")


def is_refusal(exc):
    """A located, documented refusal: a `UserCodeError` (or `NoRuleError`) at transform time, or
    the run-time `SharedUpdateError` that docs/python-subset.md documents for `a += b` on an
    array another name may share (it names the file and line)."""
    return isinstance(exc, UserCodeError) or type(exc).__name__ == "SharedUpdateError"


def classify(exc):
    """`refused`, `wrong`, `skipped`, `invalid` or `crash`."""
    if isinstance(exc, Skip):
        return "skipped"
    if isinstance(exc, InvalidProgram):
        return "invalid"
    if is_refusal(exc):
        return "refused"
    if isinstance(exc, AssertionError):
        return "wrong"
    return "crash"


def where(exc):
    """The innermost frame in s2sgrad or in emitted code: `file:function` (no line numbers)."""
    frames = traceback.extract_tb(exc.__traceback__)
    own = [fr for fr in frames if any(mark in fr.filename for mark in _OWN)]
    frame = (own or frames or [None])[-1]
    if frame is None:
        return "?"
    name = frame.filename
    if "<s2sgrad " in name:
        name = "<emitted " + ("forward" if "tangents along" in name else "reverse") + ">"
    else:
        name = name.split(os.sep + "s2sgrad" + os.sep)[-1]
    return f"{name}:{frame.name}"


def message_key(exc):
    """The exception's first line with numbers, file paths and the program's own names blurred
    (`d_y` and `d_z` are one bug; `'pop'` and `d_out` stay)."""
    text = (str(exc).strip().splitlines() or [""])[0]
    text = re.sub(r"\S*\.py:\d+:?", "F:", text)
    text = re.sub(r"\b(random_program|fuzz_programs)_\w+", "M", text)
    text = re.sub(r"\b((?:d|t)_)?[xyzwstc]\d*\b", lambda m: (m.group(1) or "") + "v", text)
    text = re.sub(r"-?\d+(\.\d+)?(e-?\d+)?", "N", text)
    return text[:120]


def signature(stage, exc):
    """What two failures must share to count as one: class, stage, type, frame and message."""
    kind = classify(exc)
    if kind == "wrong":
        return (kind, stage, message_key(exc)[:40])
    return (kind, stage, type(exc).__name__, where(exc), message_key(exc))

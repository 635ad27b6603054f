"""Outsider programs, round 3 (tests/outsider3/programs.py), each through every path of s2sgrad.

Paths: rev (s2sgrad.grad), vag (value_and_grad), fwd (jvp), hvp, deco (@differentiate, then .grad)
and emit (the module `python -m s2sgrad emit` writes, imported and called).  Oracles: central finite
differences and autograd (tests/outsider3/harness.py).

A case passes when its gradient agrees with an oracle.  XFAIL lists today's wrong gradients and
crashes (strict: a fix turns the entry into a failure, so delete it then).  REFUSED lists the
programs s2sgrad refuses with a located error; they are asserted to stay refused at the user's line
(move an entry out when the construct becomes supported).

CI runs one path of every third program in turn (rev, fwd, value_and_grad, @differentiate), hvp
on every 36th, the emitted module on every 72nd (all emitted by one subprocess), every XFAIL
entry and each refusal on one path: under a minute.  S2SGRAD_DEEP=1 runs every program through every path.
"""

import os

import pytest

from outsider3 import harness, programs

DEEP = os.environ.get("S2SGRAD_DEEP") == "1"
# Under pytest-xdist the file runs on one worker: its emitted modules come from one batch there.
pytestmark = pytest.mark.xdist_group("outsider3")

F1 = "F1: the emitted module returns a tuple gradient as a list"
F2 = "F2: np.bincount / np.histogram weights have a zero gradient"
F5 = "F5: dict.copy() taken as ndarray.copy: the gradient through the copy is lost or crashes"
F6 = "F6: nansum/nanmean/nanmax over data with NaN: NaN gradient (0 * NaN in the adjoint)"
F3 = "F3: math.lgamma/math.gamma refused where SciPy's rule families are not loaded (emit's process)"
F8 = "F8: np.cumprod of an array holding an exact 0: NaN gradient (the rule divides by x)"
F7 = "F7: s2sgrad.grad of a bound method marked @differentiate in its class: self not passed"

# (program, path) -> reason.
XFAIL = {
    ("tuple_params_unpack", "emit"): F1,
    **{("np_nansum_const_nan", p): F6 for p in ("rev", "vag", "deco", "emit")},
    **{("nan_nanmean_axis", p): F6 for p in ("rev", "vag", "deco", "emit")},
}

# program -> (paths, or None for every path that applies, text the message holds[, False: the
# message names no line of the program, which is itself a defect: see tests/OUTSIDER3.md]).
REFUSED = {
    "cls_super_call": (None, "no derivative rule for `.act`"),
    "cls_staticmethod_classmethod": (None, "no derivative rule for `.nll`"),
    "ip_param_write_refused": (None, "in-place update of `x`, which may hold an argument's"),
    "vw_alias_iadd_shared": (None, "in-place update of `z`, which holds an array "),
    "vw_view_of_fresh_then_write_base": (None, "in-place update of `y`, which `head` may also"),
    "dc_method_on_input": (("emit",), "calls a method that Affine of this file defines"),
    "ip_chained_index_store": (None, "in-place update of `A[i]`, which `A` may al"),
    "vw_reshape_view_write": (None, "in-place update of `Y`, which `y` may also re"),
    "vw_transpose_view_write": (None, "in-place update of `A.T`, which `A` may also "),
    "vw_row_view_inplace": (None, "in-place update of `row`, which holds an arra"),
    "vw_sort_copy_method": (None, "`y.sort` writes into `y` in place, which is n"),
    "np_trapezoid_integral": (None, "`np.trapezoid` has no derivative with respect"),
    "ct_zip_star_pairs": (None, "`*` unpacking into a differentiated call need"),
    "ct_dict_pop_setdefault": (None, "`p.pop` writes into `p` in place, which is no"),
    "ct_list_copy_and_list_call": (None, "in-place update of `b`, which may hold an argument's"),
    "ct_dict_update_local": (None, "`p.update` writes into `p` in place, which is"),
    "vw_rows_loop_inplace": (None, "in-place update of `row`, which holds an arra"),
    "vw_copyto_slice_target": (None, "in-place update of `z[1:]`, which `z` may al"),
}

NAMES = list(programs.CASES)


def _selected(name, path):
    """CI: one path of every third program, in turn, hvp on every 36th, the emitted module on
    every 72nd; each XFAIL entry; each refusal on its first path.  S2SGRAD_DEEP=1: everything."""
    if DEEP or (name, path) in XFAIL:
        return True
    if name in REFUSED:
        paths = REFUSED[name][0]
        return path == (paths[0] if paths else "rev")
    i = NAMES.index(name)
    if path == "emit":
        return i % 72 == 5
    if path == "hvp":
        return i % 36 == 9
    return i % 3 == 0 and path == ("rev", "fwd", "vag", "rev", "fwd", "deco")[i // 3 % 6]


def _params():
    for name in NAMES:
        for path in harness.PATHS:
            if not _selected(name, path):
                continue
            marks = []
            if (name, path) in XFAIL:
                marks.append(pytest.mark.xfail(strict=True, reason=XFAIL[(name, path)]))
            yield pytest.param(name, path, marks=marks, id=f"{name}-{path}")


@pytest.fixture(scope="module")
def emitted(tmp_path_factory):
    """Every selected program's gradient module, written by one subprocess."""
    harness.emit_batch([n for n in NAMES if _selected(n, "emit")], str(tmp_path_factory.mktemp("outsider3")))


def _refusal(name, path):
    entry = REFUSED.get(name)
    if entry is None:
        return None
    paths, text, located = (entry + (True,))[:3]
    if paths is not None and path not in paths:
        return None
    return text, located


@pytest.mark.parametrize("name, path", list(_params()))
def test_program(name, path, emitted):
    case = programs.CASES[name]
    if path == "hvp" and not case.hvp:
        pytest.skip("a program with a kink in its gradient: no Hessian to compare")
    result = harness.run(case, path)
    if result.status == "SKIP":
        pytest.skip(result.detail)
    expected_refusal = _refusal(name, path)
    if expected_refusal is not None:
        text, located = expected_refusal
        assert result.status == "REFUSED", result
        assert ("programs.py:" in result.detail) == located, result.detail
        assert text in result.detail, result.detail
        return
    assert result.status == "PASS", result


def test_enough_programs():
    assert len(programs.CASES) >= 150


def test_math_lgamma_in_a_fresh_process(tmp_path):
    import subprocess
    import sys
    script = tmp_path / "lgamma.py"
    script.write_text("import math\nimport s2sgrad\n\n\ndef f(x):\n    return math.lgamma(x + 2.0) + math.gamma(x)\n\n\n"
                      "print(s2sgrad.grad(f)(0.7))\n")
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert abs(float(done.stdout) - (-0.7868749108420876)) < 1e-9

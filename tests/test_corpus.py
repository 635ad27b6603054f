"""The corpus: every function's gradient against finite differences, and its emitted module linted."""

import warnings

import numpy as np
import pytest

import s2sgrad
from s2sgrad.testing import check_grads
from tests import lint
from tests.corpus import CASES
from tests.corpus import functions as F

# Known core failures, each strict so that a fix shows up as XPASS.
# A whole corpus entry: name -> reason.
XFAIL = {}
# One check of an entry: (check, name) -> reason.
XFAIL_CHECK = {
    ("rules", "fancy_index"): "core: the adjoint of `x[[0, 2, 0]]` and of a slice of a slice calls np.add.at "
                              "and runtime.tree_add, which have no rules",
}


def _mark(case, check=None):
    reason = XFAIL.get(case.name) or XFAIL_CHECK.get((check, case.name))
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


def _per_case(check=None):
    return [pytest.param(case, id=case.name, marks=_mark(case, check)) for case in CASES]


def _per_input(check=None):
    return [pytest.param(case, k, id=f"{case.name}-{k}", marks=_mark(case, check))
            for case in CASES for k in range(len(case.inputs))]


def test_matrix_covers_constructs_and_depths():
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)
    assert {case.depth for case in CASES} == {0, 1, 2, 3}
    constructs = " ".join(case.construct for case in CASES)
    for needed in ("arithmetic", "ufuncs", "reductions", "if/elif/else", "for range", "for rows",
                   "for list", "while", "nested for", "reassignment", "recursion", "user calls",
                   "matmul", "indexing", "python floats", "float32"):
        assert needed in constructs, needed
    for depth in (1, 2, 3):
        assert sum(case.depth == depth for case in CASES) >= 5, depth


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in CASES])
def test_inputs_take_every_branch(case):
    assert lint.missed_lines(case.fn, case.copies()) == []


@pytest.mark.parametrize("case,k", _per_input("gradient"))
def test_gradient_matches_finite_differences(case, k):
    args = case.copies()[k]
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")          # strict mode: a warning is a failure
        check_grads(case.fn, args, wrt=case.wrt)


@pytest.mark.parametrize("case", _per_case())
def test_emitted_module_is_pyflakes_clean(case):
    text = s2sgrad.emit(case.fn, wrt=case.wrt)
    compile(text, case.name, "exec")
    assert lint.pyflakes_problems(text) == []


@pytest.mark.parametrize("case", _per_case("no-op"))
def test_emitted_module_has_no_self_assignments(case):
    assert lint.self_assignments(s2sgrad.emit(case.fn, wrt=case.wrt)) == []


@pytest.mark.parametrize("case", _per_case("rules"))
def test_emitted_code_only_calls_functions_with_rules(case):
    # So that the emitted gradient can itself be differentiated (second order, later).
    assert lint.calls_without_rules(case.fn, case.wrt) == []


@pytest.mark.parametrize("case", _per_case())
def test_emitted_code_builds_arrays_only_like_its_inputs(case):
    assert lint.shape_constructors(case.fn, s2sgrad.emit(case.fn, wrt=case.wrt)) == []


@pytest.mark.parametrize("case", _per_case())
def test_inputs_never_reassigned_are_never_pushed(case):
    assert lint.pushed_inputs(case.fn, s2sgrad.emit(case.fn, wrt=case.wrt)) == []


@pytest.mark.parametrize("case,k", _per_input())
def test_every_push_has_its_pop(case, k):
    args = case.copies()[k]
    value, _, stacks = lint.run_balanced(case.fn, case.wrt, args)
    assert [len(s) for s in stacks] == [0] * len(stacks)


@pytest.mark.parametrize("case,k", _per_input("value"))
def test_value_and_grad_returns_the_value(case, k):
    if np.ndim(case.fn(*case.copies()[k])):
        value = lint.run_balanced(case.fn, case.wrt, case.copies()[k])[0]
    else:
        value, _ = s2sgrad.value_and_grad(case.fn, wrt=case.wrt)(*case.copies()[k])
    np.testing.assert_allclose(value, case.fn(*case.copies()[k]), rtol=1e-12)


@pytest.mark.parametrize("case,k", _per_input())
def test_gradient_does_not_mutate_inputs(case, k):
    args = case.copies()[k]
    s2sgrad.vjp(case.fn, wrt=case.wrt)(*args, d_result=np.ones_like(case.fn(*case.copies()[k])))
    for before, after in zip(case.copies()[k], args):
        np.testing.assert_array_equal(before, after)


@pytest.mark.parametrize("case,k", _per_input("alias"))
def test_gradients_are_the_callers_own_arrays(case, k):
    args = case.copies()[k]
    grads = s2sgrad.vjp(case.fn, wrt=case.wrt)(*args, d_result=np.ones_like(case.fn(*case.copies()[k])))
    grads = grads if isinstance(case.wrt, tuple) else (grads,)
    arrays = [g for g in grads if isinstance(g, np.ndarray)]
    for i, g in enumerate(arrays):
        assert g.flags.writeable
        assert not any(np.shares_memory(g, a) for a in args if isinstance(a, np.ndarray)), "shares an input"
        assert not any(np.shares_memory(g, h) for h in arrays[i + 1:]), "two gradients share memory"


FLOAT32 = [c for c in CASES if any(isinstance(a, np.ndarray) and a.dtype == np.float32
                                  for args in c.inputs for a in args)]


@pytest.mark.parametrize("case,k", [pytest.param(c, k, id=f"{c.name}-{k}")
                                    for c in FLOAT32 for k in range(len(c.inputs))])
def test_float32_stays_float32_through_the_sweep(case, k):
    args = case.copies()[k]
    _, raw, _ = lint.run_balanced(case.fn, case.wrt, args)
    raw = raw if isinstance(case.wrt, tuple) else (raw,)
    assert [np.result_type(g) for g in raw] == [np.float32] * len(raw)
    grads = s2sgrad.grad(case.fn, wrt=case.wrt)(*args)
    grads = grads if isinstance(case.wrt, tuple) else (grads,)
    wide = check_grads(case.fn, args, wrt=case.wrt)
    wide = wide if isinstance(case.wrt, tuple) else (wide,)
    for g, w in zip(grads, wide):
        assert g.dtype == np.float32
        np.testing.assert_allclose(g, w, rtol=1e-3, atol=1e-4)


@pytest.mark.parametrize("fn, args", [
    (F.inplace_through_alias, (np.linspace(-1.0, 1.0, 3),)),
    (F.inplace_through_view, (np.linspace(-1.0, 1.0, 6).reshape(2, 3),)),
])
def test_update_through_an_alias_is_refused_at_run_time(fn, args):
    """`z = y; z += 1` on an array would change y too: the emitted code says so, never guesses."""
    with pytest.raises(ValueError, match=r"functions\.py:\d+: in-place update of `\w+`.*make a new array"):
        s2sgrad.value_and_grad(fn)(*args)

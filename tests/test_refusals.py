"""Each row of docs/python-subset.md's "Refused" table: a located error with a suggestion.

Every error is a `UserCodeError` (or `ArgumentError` for `wrt` naming an integer input)
whose text is `file:line:col: error: ...`, then the source line, a caret under the column,
and `suggestion: ...`.  The functions live in tests/language/refused.py, each offending
line marked `# refused: <key>`.
"""

import inspect
import re

import numpy as np
import pytest

import s2sgrad
from s2sgrad.errors import ArgumentError, UserCodeError
from tests.language import refused as R

SOURCE = inspect.getsource(R).splitlines()


def marked_line(key):
    """The 1-based line number carrying `# refused: <key>`."""
    hits = [i + 1 for i, text in enumerate(SOURCE) if text.rstrip().endswith(f"# refused: {key}")]
    assert len(hits) == 1, key
    return hits[0]


def _located(error, key):
    """The rendered diagnostic of `error` on the line marked `key`."""
    line = marked_line(key)
    found = [d for d in error.diagnostics if d.location.line == line]
    assert found, f"no diagnostic on line {line} ({key}): {error}"
    return found[0]


def assert_well_formed(diagnostic, key, hint):
    """file:line:col, the source line, a caret under the column, a suggestion mentioning `hint`."""
    text = diagnostic.render()
    lines = text.splitlines()
    match = re.match(r"(.+):(\d+):(\d+): error: (.+)", lines[0])
    assert match, text
    filename, line, col = match.group(1), int(match.group(2)), int(match.group(3))
    assert filename.endswith("tests/language/refused.py")
    assert line == marked_line(key)
    source = SOURCE[line - 1]
    assert lines[1].strip() == source.strip(), text
    caret = lines[2]
    assert caret.strip() == "^", text
    # The caret sits under column `col` (1-based) of the shown source line.
    assert caret.index("^") - lines[1].index(source.strip()) == col - 1 - (len(source) - len(source.lstrip())), text
    assert source[col - 1] != " ", text
    assert lines[3].strip().startswith("suggestion:"), text
    assert hint.lower() in lines[3].lower(), text


ROWS = [
    # (function, marker key, a word the suggestion must contain)
    (R.uses_try, "try", "outside"),
    (R.uses_with, "with", "outside"),
    (R.uses_yield, "yield", "list"),
    (R.uses_async, "async", "def"),
    (R.uses_global, "global", "argument"),
    (R.uses_nonlocal, "nonlocal", "argument"),
    (R.uses_class, "class", "module level"),
    (R.uses_exec, "exec", "write"),
    (R.uses_eval, "eval", "write"),
    (R.uses_star_args, "*args", "parameter"),
    (R.uses_kwargs, "**kwargs", "parameter"),
    (R.uses_star_call, "star call", "one by one"),
    (R.uses_double_star_call, "double star call", "by name"),
    (R.uses_starred_target, "starred target", "index"),
    (R.uses_walrus, "walrus", "assign"),
    (R.writes_argument, "argument write", "copy"),
    (R.writes_alias, "alias write", "copy"),
    (R.writes_reshape, "reshape write", "copy"),
    (R.writes_container_alias, "container alias write", "copy"),
    (R.stores_into_dict_argument, "dict argument store", "new dict"),
    (R.stores_into_list_argument, "list argument store", "new list"),
    (R.calls_without_rule, "no rule", "s2sgrad.extend"),
    (R.unnamed_lambda, "unnamed lambda", "name"),
    (R.lambda_to_filter, "lambda to filter", "s2sgrad.extend"),  # the lambda is named; `filter` has no rule
    (R.uses_match, "match", "if"),
    (R.uses_del, "del", "scope"),
    (R.uses_try_finally, "try finally", "outside"),
    (R.uses_set_comprehension, "set comprehension", "loop"),
    (R.nested_keyword_only, "nested keyword-only", "plain parameters"),
    (R.writes_object_attribute, "object attribute write", "variable"),
]

XFAIL = {}
XFAIL_HINT = {}
# Refused where no call is seen (emit, the command line): the API reads them for each call.
EMIT_ONLY = {"uses_star_args", "uses_kwargs"}


def _params(marks_for, rows=ROWS):
    return [pytest.param(fn, key, hint, id=fn.__name__, marks=marks_for(fn.__name__)) for fn, key, hint in rows]


def _xfail(table):
    def marks(name):
        return [pytest.mark.xfail(strict=True, reason=table[name])] if name in table else []
    return marks


@pytest.mark.parametrize("fn,key,hint", _params(_xfail(XFAIL)))
def test_refused_construct_gives_a_located_error(fn, key, hint):
    with pytest.raises(UserCodeError) as caught:
        s2sgrad.emit(fn)
    diagnostic = _located(caught.value, key)
    assert_well_formed(diagnostic, key, "")
    assert str(caught.value).count(diagnostic.render()) == 1


@pytest.mark.parametrize("fn,key,hint", _params(_xfail({**XFAIL, **XFAIL_HINT})))
def test_refusal_suggests_what_to_write_instead(fn, key, hint):
    with pytest.raises(UserCodeError) as caught:
        s2sgrad.emit(fn)
    assert_well_formed(_located(caught.value, key), key, hint)


@pytest.mark.parametrize("fn,key,hint", _params(_xfail(XFAIL), [r for r in ROWS if r[0].__name__ not in EMIT_ONLY]))
def test_refusal_happens_through_grad_too(fn, key, hint):
    with pytest.raises(UserCodeError):
        s2sgrad.grad(fn)(np.array([0.5, 1.0, 1.5, 2.0]))


@pytest.mark.parametrize("fn", [R.uses_star_args, R.uses_kwargs])
def test_star_parameters_are_read_for_the_call_through_grad(fn):
    x = np.array([0.5, 1.0, 1.5, 2.0])
    np.testing.assert_allclose(s2sgrad.grad(fn)(x, 3.0, scale=2.0) if fn is R.uses_star_args
                               else s2sgrad.grad(fn)(x, scale=2.0), np.ones(4))


def test_every_problem_in_a_function_is_reported_at_once():
    with pytest.raises(UserCodeError) as caught:
        s2sgrad.emit(R.many_problems)
    keys = ("many *rest", "many global", "many try", "many eval")     # eval inside the refused try too
    assert sorted(d.location.line for d in caught.value.diagnostics) == sorted(marked_line(k) for k in keys)
    for key in keys:
        assert_well_formed(_located(caught.value, key), key, "")


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_missing_rules_are_reported_with_the_refused_constructs(mode):
    """One round of edits: the library calls without a rule come with the fence's problems."""
    with pytest.raises(UserCodeError) as caught:
        if mode == "reverse":
            s2sgrad.grad(R.problems_and_missing_rules)(np.array([0.5, 1.0, 1.5]))
        else:
            s2sgrad.jvp(R.problems_and_missing_rules, (np.array([0.5, 1.0, 1.5]),), (np.ones(3),))
    keys = ("missing nancumprod", "missing with", "missing choose")
    assert sorted(d.location.line for d in caught.value.diagnostics) == sorted(marked_line(k) for k in keys)
    assert "no derivative rule for `np.nancumprod`" in _located(caught.value, "missing nancumprod").message
    assert "no derivative rule for `np.choose`" in _located(caught.value, "missing choose").message


def test_problems_inside_a_refused_block_are_reported_too():
    with pytest.raises(UserCodeError) as caught:
        s2sgrad.emit(R.many_problems)
    _located(caught.value, "many eval")


@pytest.mark.parametrize("args,wrt,name", [
    pytest.param((np.ones(2), 3), "n", "n", id="python-int"),
    pytest.param((np.ones(2), 3), 1, "n", id="python-int-by-position"),
    pytest.param((np.ones(2), True), "n", "n", id="bool"),
    pytest.param((np.ones(2, dtype=np.int64), 3.0), "x", "x", id="int-array"),
    pytest.param((np.ones(2, dtype=np.int32), 3.0), ("x", "n"), "x", id="int32-array-in-a-tuple-wrt"),
    pytest.param((np.ones(2), np.int64(3)), "n", "n", id="numpy-int-scalar"),
])
def test_integer_inputs_have_no_gradient(args, wrt, name):
    with pytest.raises(ArgumentError, match=rf"`{name}` is an integer.*integer inputs have no gradient"):
        s2sgrad.grad(R.integer_input, wrt=wrt)(*args)


def test_integer_index_array_named_in_wrt_is_refused():
    with pytest.raises(ArgumentError, match="integer inputs have no gradient"):
        s2sgrad.grad(R.integer_array_input, wrt="idx")(np.ones(3), np.array([0, 2]))


def test_integer_inputs_not_in_wrt_are_fine():
    assert s2sgrad.grad(R.integer_input, wrt="x")(np.ones(2), 3).tolist() == [3.0, 3.0]


def test_missing_rule_caret_points_at_the_call():
    with pytest.raises(UserCodeError) as caught:
        s2sgrad.emit(R.calls_without_rule)
    diagnostic = _located(caught.value, "no rule")
    assert SOURCE[diagnostic.location.line - 1][diagnostic.location.col:].startswith("np.nancumprod")


def test_missing_method_rule_caret_points_at_the_method():
    with pytest.raises(UserCodeError) as caught:
        s2sgrad.emit(R.method_without_rule)
    diagnostic = _located(caught.value, "no method rule")
    assert SOURCE[diagnostic.location.line - 1][diagnostic.location.col:].startswith("x.compress")


def test_problems_are_listed_in_source_order():
    with pytest.raises(UserCodeError) as caught:
        s2sgrad.emit(R.two_missing_rules)
    places = [(d.location.line, d.location.col) for d in caught.value.diagnostics]
    assert len(places) == 2 and places == sorted(places)

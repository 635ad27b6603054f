"""Names and comments in emitted code say what they stand for: no temporary hides a builtin, a
value scaled by a number is named for the scaling, not after the number's digits; the comment
over an adjoint block quotes the whole statement it reverses."""

import ast
import builtins

import numpy as np
import pytest

import s2sgrad
from s2sgrad.transforms.parse import parse_function
from tests.corpus import BY_NAME

_BUILTINS = {n for n in dir(builtins) if n.islower() and not n.startswith("_")}


def scaled(z, h, target):
    total = np.sum(0.5 * z * np.tanh(z)) + np.sum(3.0 * h * (z / 2.0))
    for i in range(3):
        total = total + np.sum((h - target) ** 2) * z[i - 1]
    return total


def _assigned(text):
    return {t.id for node in ast.walk(ast.parse(text)) if isinstance(node, ast.Assign)
            for t in ast.walk(node.targets[0]) if isinstance(t, ast.Name)}


def test_a_value_scaled_by_a_number_is_named_for_the_scaling():
    # (`v0_5_times_z` for `0.5 * z`; `sum` for np.sum(...), hiding the builtin)
    text = s2sgrad.emit(scaled, wrt=(0, 1))
    assigned = _assigned(text)
    assert {"half_z", "sum_value"} <= assigned, sorted(assigned)
    assert not any(name.startswith("v0_5") for name in assigned)
    assert not assigned & _BUILTINS


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_no_emitted_name_hides_a_builtin(name):
    case = BY_NAME[name]
    try:
        text = s2sgrad.emit(case.fn, wrt=case.wrt)
    except s2sgrad.UserCodeError:
        pytest.skip("refused")
    assert not _assigned(text) & _BUILTINS


def over_lines(x, w):
    y = (np.sum(x * w)
         + np.sum(x ** 2))
    z = x + \
        w
    q = (z  # a comment inside
         * 2.0)
    return y + np.sum(q)


def test_the_comment_quotes_a_statement_written_over_lines_whole():
    # (only its first line: `# y = (np.sum(x * w)`)
    comments = [line.strip() for line in s2sgrad.emit(over_lines).splitlines() if line.strip().startswith("# ")]
    assert "# y = (np.sum(x * w) + np.sum(x ** 2))" in comments
    assert "# z = x + w" in comments
    source, _ = parse_function(over_lines)
    line = next(i for i, text in enumerate(source.lines, 1) if "a comment inside" in text)
    assert source.line_text(line) == "q = (z  # a comment inside ..."

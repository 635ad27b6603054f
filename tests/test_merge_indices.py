"""Merge indices (transforms/merge_indices.py): an integer expression the normal form computes
twice is computed once; anything that may change in between, or is not an integer, is left
alone.  Source before and after, as dedented strings; gradients checked against central finite
differences and the dot-product test."""

import textwrap

import numpy as np
import pytest

import s2sgrad
from s2sgrad.testing import check_grads, check_jvp
from s2sgrad.transforms import codegen
from s2sgrad.transforms.merge_indices import merge_equal_indices
from s2sgrad.transforms.parse import parse_source


def dedent(text):
    return textwrap.dedent(text).lstrip("\n")


def merged(text, types):
    func = parse_source(dedent(text), "m.py").function("f")
    user = {"x", "n", "m", "k", "y"}
    changed = merge_equal_indices(func, types, user)
    printer = codegen.Printer(lambda line: "")
    printer.function(func)
    return changed, printer.text()


def test_a_repeated_expression_of_stable_integers_is_computed_once():
    changed, text = merged("""
        def f(x, n):
            double_n = 2 * n
            a = x[:, n:double_n]
            for i in range(3):
                double_n_2 = 2 * n
                b = x[:, double_n_2:]
            return a, b
        """, {"n": "int", "double_n": "int", "double_n_2": "int"})
    assert changed
    assert text == dedent("""
        def f(x, n):
            double_n = 2 * n
            a = x[:, n:double_n]
            for i in range(3):
                b = x[:, double_n:]
            return a, b
        """)


@pytest.mark.parametrize("text, types", [
    # an operand rebound in a loop: its value may differ between the two
    ("""
     def f(x, n):
         for i in range(3):
             t = 2 * m
             m = n + i
             t_2 = 2 * m
         return t + t_2
     """, {"n": "int", "m": "int", "i": "int"}),
    # not known to be integers: an array `x * 2` twice must stay two arrays
    ("""
     def f(x, n):
         t = x * 2
         t_2 = x * 2
         return t + t_2
     """, {"n": "int"}),
    # a parameter rebound
    ("""
     def f(x, n):
         t = n + 1
         n = n + 1
         t_2 = n + 1
         return t + t_2
     """, {"n": "int"}),
    # the user's own names are kept
    ("""
     def f(x, n):
         k = 2 * n
         y = 2 * n
         return k + y
     """, {"n": "int", "k": "int", "y": "int"}),
    # the first one is in another arm: it does not dominate the second
    ("""
     def f(x, n):
         if x > 0:
             t = 2 * n
         else:
             t_3 = 0
         t_2 = 2 * n
         return t_2
     """, {"n": "int"}),
])
def test_nothing_that_may_differ_is_merged(text, types):
    changed, _ = merged(text, types)
    assert not changed


def slices(x):
    n = x.shape[0] // 3
    s = 0.0
    for i in range(2):
        a = x[:n] * x[n:2 * n]
        b = x[2 * n:3 * n] * np.sin(x[n:2 * n])
        s = s + np.sum(a * b)
    return s + np.sum(x[:2 * n])


def test_gradients_with_merged_indices_are_exact():
    x = np.random.default_rng(0).standard_normal(9)
    reference = check_grads(slices, (x,), 0)
    check_jvp(slices, (x,), 0)
    text = s2sgrad.emit(slices, wrt=0)
    assert text.count("= 2 * n") == 3, text     # in the loop's forward body, after it, in the loop's adjoint
    _, grad = s2sgrad.value_and_grad(slices)(x)
    np.testing.assert_allclose(grad, reference, rtol=1e-12)

"""A callee's gradient is specialised on what its caller proves about the arguments (numbers,
equal shapes): one fwd_/bwd_ pair per distinct facts, with no `unbroadcast` the facts rule out."""

import re

import numpy as np
import pytest

from s2sgrad.api import compiled
from s2sgrad.testing import check_grads


def scaled_product(a, b, s):
    return a * b + s * a


def two_calls(x, w):
    y = np.tanh(x)
    z = scaled_product(x, y, 2.0)           # y has x's shape, 2.0 is a number
    u = scaled_product(z, w, 3.0)           # w may broadcast against z
    return np.sum(u * u)


def _functions(source):
    """{function name: its text} of an emitted module."""
    parts = re.split(r"\n\n\n(?=def )", source)
    return {re.match(r"def (\w+)", p).group(1): p for p in parts if p.startswith("def ")}


def test_one_pair_per_distinct_facts_named_by_them():
    source = compiled(two_calls, (0, 1)).source
    functions = _functions(source)
    assert {"fwd_scaled_product", "bwd_scaled_product", "fwd_scaled_product_s_float",
            "bwd_scaled_product_s_float"} <= set(functions), sorted(functions)
    assert "unbroadcast" not in functions["bwd_scaled_product"], functions["bwd_scaled_product"]
    assert "shape_only" not in functions["fwd_scaled_product"]
    assert "unbroadcast(d_a_times_b * b, a)" in functions["bwd_scaled_product_s_float"]


@pytest.mark.parametrize("shapes", [((3, 4), (4,)), ((3, 4), (3, 4)), ((), (2, 1)), ((2, 1), (3,))])
def test_specialised_callees_are_exact(shapes):
    rng = np.random.default_rng(len(shapes[0]) + 3 * len(shapes[1]))
    args = tuple(rng.standard_normal(s) if s else 0.7 for s in shapes)
    check_grads(two_calls, args, (0, 1))


def same_callee_both_ways(x, v):
    p = scaled_product(x, x, 0.5)           # equal shapes: no unbroadcast
    q = scaled_product(x, v, p)             # neither: the generic text
    return np.sum(q)


def test_a_callee_called_with_and_without_facts():
    source = compiled(same_callee_both_ways, (0, 1)).source
    functions = _functions(source)
    generic = [f for name, f in functions.items() if name.startswith("bwd_scaled_product_")]
    assert "unbroadcast" not in functions["bwd_scaled_product"]
    assert generic and "unbroadcast" in generic[0]
    rng = np.random.default_rng(1)
    check_grads(same_callee_both_ways, (rng.standard_normal((2, 3)), rng.standard_normal(3)), (0, 1))
    check_grads(same_callee_both_ways, (rng.standard_normal(3), rng.standard_normal((2, 3))), (0, 1))


def rows_model(w, x):
    """Reads rows of w: its adjoint writes them into a zero of w's shape."""
    h = np.tanh(w[0] * x)
    return np.sum(np.sin(w[1] * h))


def over_rows(w, x):
    return rows_model(w, x) + rows_model(w * w, x)


def test_an_array_argument_makes_the_callees_adjoint_an_array_adjoint():
    """An active argument the caller knows for an array (here from the argument kinds) is an array
    in the callee too: its rows' cotangents are added in place into an np.zeros_like."""
    functions = _functions(compiled(over_rows, (0,), kinds=("array", "array")).source)
    assert "d_w[0] += " in functions["bwd_rows_model"] and "np.zeros_like(w)" in functions["bwd_rows_model"]
    assert "d_w[0] = d_w[0] + " in _functions(compiled(over_rows, (0,)).source)["bwd_rows_model"]
    rng = np.random.default_rng(4)
    args = (rng.standard_normal((2, 3)), rng.standard_normal(3))
    _, grad = compiled(over_rows, (0,), kinds=("array", "array"))(args, {})
    np.testing.assert_allclose(grad, check_grads(over_rows, args, (0,)), rtol=1e-12)

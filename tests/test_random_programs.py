"""Random programs: straight-line code, branches, loops and stores, each gradient checked.

Hypothesis draws a small program over an array `x` and a float `c`; the test writes it to a
module (s2sgrad reads source), differentiates it, and checks the gradient against central
finite differences with the dot-product test.
"""

import importlib.util
import itertools

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import s2sgrad
from s2sgrad.testing import check_grads, check_jvp

_COUNTER = itertools.count()

BINARY = ["{a} + {b}", "{a} - {b}", "{a} * {b}", "{a} * 0.5 + {b} * {b}"]
UNARY = ["np.sin({a})", "np.tanh({a})", "np.exp({a} * 0.3)", "{a} * c", "np.cos({a}) * c",
         "np.sqrt({a} * {a} + 1.0)", "np.maximum({a}, 0.2)", "np.log1p({a} * {a})"]


@st.composite
def statements(draw, names, depth):
    kind = draw(st.sampled_from(["unary", "binary", "binary", "if", "for", "store", "while", "break", "call",
                                 "append", "return", "closure", "comprehension", "augassign", "ifexp",
                                 "loop_store"] if depth < 2 else ["unary", "binary", "call", "ifexp"]))
    target = draw(st.sampled_from(["y", "z", "w"]))
    a, b = draw(st.sampled_from(sorted(names))), draw(st.sampled_from(sorted(names)))
    if kind == "unary":
        return [f"{target} = " + draw(st.sampled_from(UNARY)).format(a=a)], names | {target}
    if kind == "binary":
        return [f"{target} = " + draw(st.sampled_from(BINARY)).format(a=a, b=b)], names | {target}
    if kind == "store":
        index = draw(st.sampled_from(["0", "1", "-1", "1:3"]))
        return [f"{target} = {a} * 1.0", f"{target}[{index}] = {target}[{index}] * {b}[{index}] + c"], \
            names | {target}
    if kind == "call":
        return [f"{target} = _helper({a}, {b})"], names | {target}
    if kind == "closure":          # each nested function gets its own name (a second def is refused)
        inner = f"inner{draw(st.integers(0, 10**9))}"
        return [f"scale = np.sum({b}) * 0.1", f"def {inner}(u):", f"    return np.tanh(u) * scale + c",
                f"{target} = {inner}({a}) + {inner}({a} * 0.5)"], names | {target}
    if kind == "comprehension":
        return [f"parts = [{a} * (k + 1.0) for k in range(3) if k != 1]",
                f"{target} = sum(p * p for p in parts) + {b}"], names | {target}
    if kind == "augassign":
        return [f"{target} = {a} * 1.0", f"{target} += {b} * c", f"{target} *= 0.9"], names | {target}
    if kind == "ifexp":
        return [f"{target} = {a} * c if np.sum({a}) > 0.0 else {b} - c"], names | {target}
    if kind == "loop_store":
        return [f"{target} = {a} * 1.0", f"for i in range(1, {a}.shape[0]):",
                f"    {target}[i] = {target}[i - 1] * {b}[i] + {target}[i] * c"], names | {target}
    if kind == "append":
        return [f"acc = []", f"for i in range(2):", f"    acc.append({a} * (i + 1.0) + {b})",
                f"{target} = np.stack(acc)[1] - np.stack(acc)[0] * c"], names | {target}
    if kind == "return":
        return [f"if np.sum({a}) > 1.5:", f"    return np.sum({a} * {b}) * c"], names
    inner, new = draw(block(names, depth + 1))
    if kind == "while":
        lines = ["k = 0", f"while k < 3 and np.sum({a} * {a}) < 4.0:"] + ["    " + s for s in inner] + \
                ["    k = k + 1"]
        return lines, names | {n for n in new if n in names}
    if kind == "break":
        lines = ["for i in range(3):", f"    if np.sum({a}) > 0.5 * i:", "        break"] + \
                ["    " + s for s in inner]
        return lines, names | {n for n in new if n in names}
    if kind == "if":
        other, new2 = draw(block(names, depth + 1))
        lines = [f"if np.sum({a}) > 0.0:"] + ["    " + s for s in inner] + ["else:"] + \
                ["    " + s for s in other]
        # only names assigned in both arms are safe to use afterwards
        return lines, names | (new & new2)
    loop = [f"for i in range({draw(st.integers(0, 3))}):"] + ["    " + s for s in inner]
    return loop, names | {n for n in new if n in names}


@st.composite
def block(draw, names, depth):
    lines, names = [], set(names)
    for _ in range(draw(st.integers(1, 3))):
        more, names = draw(statements(frozenset(names), depth))
        lines += more
    return lines, names


@st.composite
def programs(draw):
    body, names = draw(block(frozenset({"x"}), 0))
    defs = [line.split("(")[0].strip() for line in body if line.strip().startswith("def ")]
    assume(len(defs) == len(set(defs)))     # a nested function defined twice is refused (tested elsewhere)
    result = draw(st.sampled_from(sorted(names)))
    return ["def f(x, c):"] + ["    " + s for s in body] + [f"    return np.sum({result} * {result}) * c"]


def _load(lines, tmp_path):
    path = tmp_path / f"random_program_{next(_COUNTER)}.py"
    helper = "def _helper(u, v):\n    return np.sin(u) * v + u\n\n\n"
    path.write_text("import numpy as np\n\n\n" + helper + "\n".join(lines) + "\n")
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.f


def _instance(program, seed, tmp_path):
    """The program's function and inputs, or None where its value overflows."""
    f = _load(program, tmp_path)
    rng = np.random.default_rng(seed)
    x, c = rng.uniform(-1.0, 1.0, 4), float(rng.uniform(0.5, 1.5))
    with np.errstate(over="ignore"):
        value = f(x, c)
    if not np.isfinite(value) or abs(value) > 1e6:
        return None
    return f, x, c, rng


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(program=programs(), seed=st.integers(0, 2**16))
def test_random_program_gradients_match_finite_differences(program, seed, tmp_path):
    instance = _instance(program, seed, tmp_path)
    if instance is None:
        return
    f, x, c, _ = instance
    check_grads(f, [x, c], wrt=(0, 1), seed=seed)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(program=programs(), seed=st.integers(0, 2**16))
def test_random_program_tangents_and_hessian_vector_products(program, seed, tmp_path):
    """Forward mode on the same programs (finite differences and the dot-product test with reverse
    mode), and forward mode over their emitted gradients against differences of the gradient."""
    instance = _instance(program, seed, tmp_path)
    if instance is None:
        return
    f, x, c, rng = instance
    check_jvp(f, [x, c], wrt=(0, 1), seed=seed)
    v = rng.standard_normal(4)
    got = s2sgrad.hvp(f, (x, c), (v, None))
    grad = s2sgrad.grad(f)
    eps = 1e-5
    want = (grad(x + eps * v, c) - grad(x - eps * v, c)) / (2 * eps)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5 * (1 + float(np.max(np.abs(want)))))

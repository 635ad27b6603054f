"""Custom gradients and stop_gradient: inlined like rules, in both front ends."""

import subprocess
import sys

import numpy as np
import pytest

import s2sgrad
from s2sgrad.testing import check_grads
from tests.custom import quantize as Q

RNG = np.random.default_rng(7)
W, X, Y = RNG.standard_normal(3), RNG.standard_normal((5, 3)), RNG.standard_normal(5)


def test_straight_through_floor_passes_the_gradient_as_if_it_were_the_identity():
    grad = Q.quantized_loss.grad(W, X, Y)
    q = np.floor(W * 4.0) / 4.0
    expected = 2 * X.T @ (X @ q - Y)          # d/dw with floor replaced by the identity
    np.testing.assert_allclose(grad, expected, rtol=1e-12)


def test_custom_adjoint_matches_finite_differences_of_the_function_it_describes():
    # soft_clip's adjoint is the derivative of limit * tanh(x / limit): check against that.
    def surrogate(x):
        return np.sum(1.0 * np.tanh(x * 3.0 / 1.0))
    x = RNG.standard_normal(4)
    eps = 1e-6
    numeric = np.array([(surrogate(x + eps * e) - surrogate(x - eps * e)) / (2 * eps) for e in np.eye(4)])
    np.testing.assert_allclose(s2sgrad.grad(Q.clipped)(x), numeric, rtol=1e-6, atol=1e-8)


def test_stop_gradient_blocks_exactly_its_argument():
    x, w = RNG.standard_normal(3), RNG.standard_normal(3)
    gx = s2sgrad.grad(Q.frozen, wrt=0)(x, w)
    np.testing.assert_allclose(gx, w * np.sum(x * x), rtol=1e-12)     # no term from the frozen scale
    check_grads(Q.frozen, [x, w], wrt=1)                             # w is untouched by it


def test_the_adjoint_is_inlined_and_the_function_called_by_name():
    text = Q.quantized_loss.source
    assert "st_floor(w * 4.0)" in text and "quantize import st_floor" in text
    assert "def _(" not in text


def test_cli_reads_custom_gradients_without_running_the_file():
    cli = subprocess.run([sys.executable, "-m", "s2sgrad.cli", "emit", "tests/custom/quantize.py",
                          "-f", "quantized_loss"], capture_output=True, text=True, check=True)
    assert cli.stdout == Q.quantized_loss.source


def test_a_template_with_a_wrong_signature_is_refused():
    with pytest.raises(s2sgrad.ArgumentError, match="takes \\(result, <the arguments of f>, d_result\\)"):
        @s2sgrad.custom_gradient
        def f(x):
            return x

        @f.adjoint
        def _(x, d_result):
            return d_result


def test_tree_loss_example_gradient_matches_finite_differences():
    import importlib.util
    import pathlib
    path = pathlib.Path(__file__).resolve().parents[1] / "examples" / "tree_loss.py"
    spec = importlib.util.spec_from_file_location("tree_loss_example", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rng = np.random.default_rng(3)
    x, labels = module.make_data(rng, 30)
    W, b = 0.3 * rng.standard_normal((6, 5)), 0.1 * rng.standard_normal(5)
    check_grads(module.tree_loss, [W, b, x, labels, module.GROUPS, 0.5], wrt=(0, 1))


# -- forward mode ----------------------------------------------------------------------------------
def test_straight_through_floor_in_forward_mode_passes_the_tangent():
    u = RNG.standard_normal(3)
    value, tangent = s2sgrad.jvp(Q.quantized_loss, (W, X, Y), (u, None, None))
    assert value == Q.quantized_loss(W, X, Y)
    np.testing.assert_allclose(tangent, Q.quantized_loss.grad(W, X, Y) @ u, rtol=1e-12)   # the same surrogate


def test_the_tangent_is_inlined():
    from s2sgrad.api import compiled
    text = compiled(Q.quantized_loss.__wrapped__, "w", mode="forward").source
    assert "st_floor(w * 4.0)" in text and "def _(" not in text and "t_w * 4.0" in text     # t_x, inlined


def test_a_custom_gradient_without_a_tangent_is_named_in_forward_mode():
    with pytest.raises(s2sgrad.NoRuleError) as err:
        s2sgrad.jvp(Q.clipped, (np.ones(3),), (np.ones(3),))
    text = str(err.value)
    assert "soft_clip" in text and "forward mode" in text and "quantize.py" in text


def test_a_tangent_template_with_a_wrong_signature_is_refused():
    @s2sgrad.custom_gradient
    def f(x):
        return x

    with pytest.raises(s2sgrad.ArgumentError, match=r"takes \(result, <the arguments of f>, \*, t_<argument>"):
        @f.tangent
        def _(result, x, *, t_y):
            return t_y
    with pytest.raises(s2sgrad.ArgumentError, match="may use only `np`"):
        @f.tangent
        def _(result, x, *, t_x):
            return t_x * RNG.standard_normal()


def test_cli_reads_custom_tangents_without_running_the_file():
    """The static front end reads `@st_floor.tangent` as the live one does (headers aside)."""
    from s2sgrad.api import compiled
    from s2sgrad.pipeline import GradientModule, resolve_wrt
    from s2sgrad.resolve import StaticResolver
    from s2sgrad.transforms.parse import parse_file
    source = parse_file("tests/custom/quantize.py")
    node = next(n for n in source.tree.body if getattr(n, "name", None) == "quantized_loss")
    module = GradientModule()
    module.add_forward(source, node, StaticResolver(source), resolve_wrt(node, "w"))
    static, _ = module.text("static")
    live = compiled(Q.quantized_loss.__wrapped__, "w", mode="forward").source

    def body(text):
        return [line for line in text.splitlines() if not line.startswith("#")]
    assert body(static) == body(live) and "t_w * 4.0" in static

"""What a Hessian-vector product's emitted text leaves out (forward mode over the emitted gradient):
no tangent copies for values the tape holds, no new zero per tangent of what `shape_only` kept,
no tangent for a value whose tangent is zero, no updates of the gradient itself when only its
tangent is returned.  Each product is checked against central differences of the gradient too."""

import gast
import numpy as np

import s2sgrad
from s2sgrad.api import compiled, kinds_of
from s2sgrad.callables import callables_of
from s2sgrad.transforms.reused_factors import with_reused_factors


def rnn(Wh, b, xs):
    h = np.tanh(xs[0] + b)
    for t in range(1, xs.shape[0]):
        h = np.tanh(h @ Wh + xs[t] + b)
    return np.sum(h * h)


def mixture(means, X):
    diff = X[:, None, :] - means[None, :, :]
    a = -np.sum(diff * diff, axis=2)
    m = np.max(a, axis=1, keepdims=True)
    lse = m + np.log(np.sum(np.exp(a - m), axis=1, keepdims=True))
    return np.sum(lse)


def _hvp_text(fn, args, position):
    reverse = compiled(fn, position, kinds=kinds_of(args), checkpoints=False)
    return compiled(reverse.gradient, (position,), kinds=kinds_of(args), mode="hvp",
                    callables=callables_of(reverse.gradient, args, {})).source


def _check(fn, args, position, eps=1e-6):
    v = np.random.default_rng(0).standard_normal(np.shape(args[position]))
    tangents = [None] * len(args)
    tangents[position] = v
    got = s2sgrad.hvp(fn, args, tangents)
    grad = s2sgrad.grad(fn, wrt=position)

    def at(step):
        moved = list(args)
        moved[position] = args[position] + step * v
        return grad(*moved)
    np.testing.assert_allclose(got, (at(eps) - at(-eps)) / (2 * eps), rtol=1e-5, atol=1e-7)


def test_hvp_through_a_tape_keeps_no_copies_and_no_new_zeros():
    rng = np.random.default_rng(1)
    args = (0.5 * rng.standard_normal((3, 3)), rng.standard_normal(3), rng.standard_normal((4, 2, 3)))
    text = _hvp_text(rnn, args, 0)
    assert "copy_adjoint" not in text                   # the tape's pushes write into no value it holds
    assert "push(zeros_like(shape_only" not in text and "t_stack.push(zeros_like(" not in text
    _check(rnn, args, 0)


def test_hvp_leaves_out_the_gradient_it_does_not_return_and_zero_tangents():
    rng = np.random.default_rng(2)
    args = (rng.standard_normal((3, 2)), rng.standard_normal((5, 2)))
    text = _hvp_text(mixture, args, 0)
    updates = [line for line in text.splitlines() if line.strip().startswith("d_means[")]
    assert not updates                                  # only t_d_means is returned: d_means is never updated
    assert "full_like(d_lse, 0.0)" not in text and "t_d_lse" not in text     # the seed's tangent is zero
    _check(mixture, args, 0)


def layer(W, b, x):
    h = np.tanh(x @ W + b)
    return np.sum(h * h)


def wide(a, B, W):
    y = a + B                   # a (3,) broadcast over B (4, 3): y's tangent must grow to (4, 3)
    z = np.sin(y)
    return np.sum(z @ W) + np.sum(y * y)


def test_hvp_drops_broadcasts_that_the_arithmetic_makes_anyway_and_releases_temporaries():
    rng = np.random.default_rng(3)
    args = (rng.standard_normal((3, 4)), rng.standard_normal(4), rng.standard_normal((5, 3)))
    text = _hvp_text(layer, args, 0)
    assert "broadcast_like" not in text         # t of `x @ W + b` times `1 - h * h`, which has its shape
    assert "\n    del " in text                 # the tangent sweep's temporaries go after their last reads
    assert text.rstrip().splitlines()[-1].strip().startswith("return ")     # nothing after the return
    _check(layer, args, 0)


def test_hvp_keeps_the_broadcasts_a_tangent_needs():
    rng = np.random.default_rng(4)
    args = (rng.standard_normal(3), rng.standard_normal((4, 3)), rng.standard_normal((3, 2)))
    text = _hvp_text(wide, args, 0)
    assert "broadcast_like" in text
    _check(wide, args, 0)
    _check(wide, args, 1)


def two_layers(W1, W2, x):
    h = np.tanh(x @ W1)
    return np.sum((h @ W2) ** 2)


def test_hvp_computes_a_derivative_factor_once():
    rng = np.random.default_rng(5)
    args = (rng.standard_normal((3, 4)), rng.standard_normal((4, 2)), rng.standard_normal((5, 3)))
    text = _hvp_text(two_layers, args, 0)
    assert text.count("1 - h * h") == 1         # the tangent sweep's factor is the adjoint sweep's
    _check(two_layers, args, 0)


def _reused(source):
    body = with_reused_factors(gast.parse(source).body)
    return "\n".join(gast.unparse(stmt) for stmt in body)


def test_a_factor_moves_up_to_its_first_use_only_where_nothing_between_changes_it():
    moved = _reused("t = u * (1 - h * h)\ny = np.exp(t)\nf = 1 - h * h\nz = f * y")
    assert moved.splitlines()[:2] == ["f = 1 - h * h", "t = u * f"] and moved.count("h * h") == 1
    for between in ("h[0] = 2.0", "h = np.exp(u)", "h += 1.0", "y = scale(h)", "np.exp(u, out=h)", "y = f + 1"):
        source = f"t = u * (1 - h * h)\n{between}\nf = 1 - h * h\nz = f * t"
        assert _reused(source) == "\n".join(gast.unparse(s) for s in gast.parse(source).body), between
    inner = "t = [u * (1 - h * h) for h in hs]\nf = 1 - h * h\nz = f * t"      # another h
    assert _reused(inner).count("h * h") == 2
    twice = "t = u * (1 - h * h)\nf = 1 - h * h\nf = f * t"         # f bound twice: left as it is
    assert _reused(twice).count("h * h") == 2

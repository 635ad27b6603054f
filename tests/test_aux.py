"""has_aux=True: f returns (output, aux), only the output is differentiated, aux comes back as is;
and grad of a non-scalar output is an ArgumentError on every entry point, before NumPy's."""

import numpy as np
import pytest

import s2sgrad
from s2sgrad.errors import ArgumentError
from s2sgrad.testing import check_grads

autograd = pytest.importorskip("autograd")
anp = pytest.importorskip("autograd.numpy")

RNG = np.random.default_rng(7)
X = RNG.standard_normal((6, 4))
LABELS = np.array([0, 2, 1, 2, 0, 1])
W = RNG.standard_normal((4, 3))
B = RNG.standard_normal(3)


# -- functions that return (output, aux) ------------------------------------------------
def classifier(W, b, X, labels):
    """A training loss with metrics: softmax cross-entropy, accuracy and the logits."""
    logits = X @ W + b
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    loss = -np.mean(log_p[np.arange(X.shape[0]), labels])
    acc = np.mean(np.argmax(logits, axis=1) == labels)
    return loss, {"acc": acc, "logits": logits}


def classifier_loss(W, b, X, labels):
    logits = X @ W + b
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return -np.mean(log_p[np.arange(X.shape[0]), labels])


def mlp(params, X, y):
    """An MLP over a list of (W, b) layers: the squared error, and the predictions."""
    h = X
    for W, b in params[:-1]:
        h = np.tanh(h @ W + b)
    W_out, b_out = params[-1]
    predictions = h @ W_out + b_out
    return np.mean((predictions - y) ** 2), predictions


def mlp_loss(params, X, y):
    h = X
    for W, b in params[:-1]:
        h = np.tanh(h @ W + b)
    W_out, b_out = params[-1]
    return np.mean((h @ W_out + b_out - y) ** 2)


def recurrent(Wh, Wx, h, xs, target):
    """A recurrent model: the loss of its last state, and that state to carry on from."""
    for t in range(xs.shape[0]):
        h = np.tanh(Wh @ h + Wx @ xs[t])
    return np.sum((h - target) ** 2), h


def recurrent_loss(Wh, Wx, h, xs, target):
    for t in range(xs.shape[0]):
        h = np.tanh(Wh @ h + Wx @ xs[t])
    return np.sum((h - target) ** 2)


def with_array_aux(x):
    return np.sum(np.sin(x) * x), 2.0 * np.cos(x) + x


def with_tuple_aux(x, scale):
    y = np.tanh(x) * scale
    return np.sum(y * y), (np.max(y), "note", 3)


def with_aux_in_branches(x, c):
    h = np.tanh(x)
    if c > 0:
        return np.sum(h), {"branch": "first", "h": h}
    return np.sum(h * h), {"branch": "second", "h": h}


def with_an_early_return(x, n):
    for i in range(n):
        x = np.sin(x)
        if np.sum(x) < 0.5:
            return np.sum(x * x), i
    return np.sum(x * x), -1


def with_a_history(x):
    history = []
    for _ in range(3):
        x = np.tanh(x)
        history.append(x)
    return np.sum(history[-1] * history[0]), history


def with_the_input_as_aux(x):
    return np.sum(x ** 3), x


def pair(x):
    return np.sum(np.exp(x)), np.exp(x)


def with_the_pair_of_a_callee(x):
    return pair(x * 2.0)


def pair_loss(x):
    return np.sum(np.exp(x))


def not_a_pair(x):
    return np.sum(x * x)


def a_triple(x):
    return np.sum(x), x, x


def a_scalar_from_a_callee(x):
    return not_a_pair(x)


def a_triple_from_a_callee(x):
    return a_triple(x)


def a_vector_with_aux(x):
    return x * 2.0, {"n": 1}


def residual(X, w, y):
    return X @ w - y


def squares(x):
    return x * x


class Model:
    def __init__(self, scale):
        self.scale = scale

    @s2sgrad.differentiate(wrt="w", has_aux=True)
    def loss(self, w, x):
        p = np.tanh(x @ w) * self.scale
        return np.sum(p * p), {"p": p}

    def plain(self, w, x):
        p = np.tanh(x @ w) * self.scale
        return np.sum(p * p), {"p": p}


marked_classifier = s2sgrad.differentiate(classifier, wrt=(0, 1), has_aux=True)
marked_residual = s2sgrad.differentiate(residual, wrt=1)


def _aux_equal(a, b):
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys()
        for key in a:
            _aux_equal(a[key], b[key])
    elif isinstance(a, (list, tuple)):
        assert type(a) is type(b) and len(a) == len(b)
        for x, y in zip(a, b):
            _aux_equal(x, y)
    else:
        np.testing.assert_array_equal(a, b)


def _close(a, b):
    if isinstance(a, (list, tuple)):
        for x, y in zip(a, b):
            _close(x, y)
    else:
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


# -- each entry point -------------------------------------------------------------------
def test_grad_value_and_grad_and_vjp_of_a_training_loss_with_metrics():
    args = (W, B, X, LABELS)
    expected = check_grads(classifier_loss, args, wrt=(0, 1))
    loss, aux = classifier(*args)
    grads, got_aux = s2sgrad.grad(classifier, wrt=(0, 1), has_aux=True)(*args)
    _close(grads, expected)
    _aux_equal(got_aux, aux)
    (value, got_aux), grads = s2sgrad.value_and_grad(classifier, wrt=(0, 1), has_aux=True)(*args)
    assert value == pytest.approx(loss, rel=1e-14)
    _aux_equal(got_aux, aux)
    _close(grads, expected)
    grads, got_aux = s2sgrad.vjp(classifier, wrt=(0, 1), has_aux=True)(*args, d_result=2.0)
    _close(grads, tuple(2.0 * g for g in expected))
    _aux_equal(got_aux, aux)


def test_the_decorator_takes_has_aux():
    args = (W, B, X, LABELS)
    expected = check_grads(classifier_loss, args, wrt=(0, 1))
    assert marked_classifier(*args)[0] == classifier(*args)[0]
    grads, aux = marked_classifier.grad(*args)
    _close(grads, expected)
    _aux_equal(aux, classifier(*args)[1])
    (value, aux), grads = marked_classifier.value_and_grad(*args)
    _close(grads, expected)
    grads, aux = marked_classifier.vjp(*args, d_result=0.5)
    _close(grads, tuple(0.5 * g for g in expected))
    assert "has_aux=True" in str(marked_classifier.source)
    with pytest.raises(ArgumentError, match="has_aux"):
        marked_classifier.hvp(args, (W, None, None, None))


def test_a_method_marked_has_aux_and_a_bound_method():
    model, w, x = Model(1.5), RNG.standard_normal(4), X
    expected = autograd.grad(lambda w: anp.sum((anp.tanh(anp.dot(x, w)) * 1.5) ** 2))(w)
    grads, aux = model.loss.grad(w, x)
    _close(grads, expected)
    _aux_equal(aux, model.loss(w, x)[1])
    (value, aux), grads = model.loss.value_and_grad(w, x)
    _close(grads, expected)
    grads, aux = s2sgrad.grad(model.plain, has_aux=True)(w, x)
    _close(grads, expected)
    _aux_equal(aux, model.plain(w, x)[1])


def test_an_mlp_over_a_list_of_layers_returning_its_predictions():
    rng = np.random.default_rng(3)
    params = [(rng.standard_normal((4, 5)), rng.standard_normal(5)),
              (rng.standard_normal((5, 5)), rng.standard_normal(5)),
              (rng.standard_normal((5, 2)), rng.standard_normal(2))]
    y = rng.standard_normal((6, 2))
    expected = check_grads(mlp_loss, (params, X, y))

    def reference(params):
        h = X
        for W, b in params[:-1]:
            h = anp.tanh(anp.dot(h, W) + b)
        return anp.mean((anp.dot(h, params[-1][0]) + params[-1][1] - y) ** 2)
    grads, predictions = s2sgrad.grad(mlp, has_aux=True)(params, X, y)
    _close(grads, expected)
    _close(grads, autograd.grad(reference)(params))
    _aux_equal(predictions, mlp(params, X, y)[1])
    assert isinstance(grads, list) and all(isinstance(g, tuple) for g in grads)


def test_a_recurrent_model_returning_its_new_state():
    rng = np.random.default_rng(4)
    Wh, Wx = 0.5 * rng.standard_normal((3, 3)), rng.standard_normal((3, 2))
    h0, xs, target = np.zeros(3), rng.standard_normal((5, 2)), rng.standard_normal(3)
    args = (Wh, Wx, h0, xs, target)
    expected = check_grads(recurrent_loss, args, wrt=(0, 1, 2))
    step = s2sgrad.value_and_grad(recurrent, wrt=(0, 1, 2), has_aux=True)
    (loss, state), grads = step(*args)
    _close(grads, expected)
    _aux_equal(state, recurrent(*args)[1])
    (_, state_2), _ = step(Wh, Wx, state, xs, target)        # carry the state on
    _aux_equal(state_2, recurrent(Wh, Wx, state, xs, target)[1])


@pytest.mark.parametrize("fn, loss, args, wrt", [
    (with_array_aux, lambda x: anp.sum(anp.sin(x) * x), (RNG.standard_normal(5),), 0),
    (with_tuple_aux, lambda x: anp.sum((anp.tanh(x) * 1.5) ** 2), (RNG.standard_normal(5), 1.5), 0),
    (with_aux_in_branches, lambda x: anp.sum(anp.tanh(x)), (RNG.standard_normal(5), 1.0), 0),
    (with_aux_in_branches, lambda x: anp.sum(anp.tanh(x) ** 2), (RNG.standard_normal(5), -1.0), 0),
    (with_an_early_return, None, (np.array([0.9, 0.8]), 6), 0),
    (with_a_history, lambda x: anp.sum(anp.tanh(anp.tanh(anp.tanh(x))) * anp.tanh(x)), (RNG.standard_normal(3),), 0),
    (with_the_input_as_aux, lambda x: anp.sum(x ** 3), (RNG.standard_normal(4),), 0),
    (with_the_pair_of_a_callee, lambda x: anp.sum(anp.exp(2.0 * x)), (RNG.standard_normal(4),), 0),
    (Model(2.0).plain, lambda w: anp.sum((anp.tanh(anp.dot(X, w)) * 2.0) ** 2), (RNG.standard_normal(4), X), 0),
])
def test_aux_is_what_f_returns_and_the_gradient_is_the_output_s(fn, loss, args, wrt):
    expected_value, expected_aux = fn(*args)
    grads, aux = s2sgrad.grad(fn, wrt, has_aux=True)(*args)
    _aux_equal(aux, expected_aux)
    (value, aux), grads_2 = s2sgrad.value_and_grad(fn, wrt, has_aux=True)(*args)
    assert value == pytest.approx(expected_value, rel=1e-14)
    _aux_equal(aux, expected_aux)
    _close(grads_2, grads)
    if loss is not None:
        _close(grads, autograd.grad(loss)(args[wrt]))
    else:
        eps, x = 1e-6, args[0]
        fd = [(fn(x + eps * e, *args[1:])[0] - fn(x - eps * e, *args[1:])[0]) / (2 * eps) for e in np.eye(x.size)]
        np.testing.assert_allclose(grads, fd, rtol=1e-6)


def test_the_pair_of_a_callee_against_finite_differences():
    x = RNG.standard_normal(4)
    expected = check_grads(pair_loss, (2.0 * x,))
    grads, aux = s2sgrad.grad(with_the_pair_of_a_callee, has_aux=True)(x)
    _close(grads, 2.0 * expected)
    _aux_equal(aux, np.exp(2.0 * x))


def test_the_emitted_gradient_returns_the_pair_and_seeds_only_the_output():
    text = s2sgrad.emit(with_tuple_aux, has_aux=True)
    assert "def d_with_tuple_aux(x, scale, d_result=1.0):" in text
    assert "a pair (output, aux), and the gradient of its output with respect to x" in text
    assert "    return (sum_y_times_y, value), dtype_like(d_x, x)\n" in text      # the aux tuple has no adjoint
    assert "d_value" not in text and "d_result[" not in text
    assert "Regenerate: s2sgrad.emit(with_tuple_aux, wrt='x', has_aux=True)" in text
    assert text != s2sgrad.emit(with_tuple_aux)          # each has its own cached transform


# -- refusals ---------------------------------------------------------------------------
@pytest.mark.parametrize("fn, match", [
    (not_a_pair, r"not_a_pair returned a float64: with has_aux=True it must return a pair \(output, aux\)"),
    (a_triple, r"a_triple returns a tuple of 3 items: with has_aux=True it must return a pair"),
    (a_scalar_from_a_callee, r"a_scalar_from_a_callee returned a float64: with has_aux=True it must return a pair"),
    (a_triple_from_a_callee, r"a_triple_from_a_callee returned a tuple of 3 items: with has_aux=True it must return"),
])
def test_a_function_that_returns_no_pair_is_refused_at_the_call(fn, match):
    x = np.ones(3)
    for call in (lambda: s2sgrad.grad(fn, has_aux=True)(x),
                 lambda: s2sgrad.value_and_grad(fn, has_aux=True)(x),
                 lambda: s2sgrad.vjp(fn, has_aux=True)(x, d_result=1.0),
                 lambda: s2sgrad.differentiate(fn, has_aux=True).grad(x)):
        with pytest.raises(ArgumentError, match=match):
            call()


def test_has_aux_with_a_non_scalar_output_is_refused():
    with pytest.raises(ArgumentError, match=r"grad needs a function with a scalar output, but a_vector_with_aux "
                                            r"returned shape \(3,\)"):
        s2sgrad.grad(a_vector_with_aux, has_aux=True)(np.ones(3))
    grads, aux = s2sgrad.vjp(a_vector_with_aux, has_aux=True)(np.ones(3), d_result=np.arange(3.0))
    np.testing.assert_allclose(grads, 2.0 * np.arange(3.0))
    assert aux == {"n": 1}


def test_a_gradient_with_aux_is_not_differentiated_again():
    with pytest.raises(ArgumentError, match="has_aux=True returns"):
        s2sgrad.grad(s2sgrad.grad(with_array_aux, has_aux=True))(1.0)


# -- grad of a non-scalar output ----------------------------------------------------------
SCALAR_OUTPUT = r"grad needs a function with a scalar output, but residual returned shape \(6,\); use s2sgrad.vjp"


@pytest.mark.parametrize("call", [
    lambda X, w, y: s2sgrad.grad(residual, wrt=1)(X, w, y),
    lambda X, w, y: s2sgrad.grad(residual, wrt=(0, 1))(X, w, y),
    lambda X, w, y: s2sgrad.value_and_grad(residual, wrt=1)(X, w, y),
    lambda X, w, y: s2sgrad.grad(residual, wrt=2)(X, w, y),
    lambda X, w, y: marked_residual.grad(X, w, y),
    lambda X, w, y: marked_residual.value_and_grad(X, w, y),
], ids=["grad", "grad-tuple", "value_and_grad", "grad-y", "marked.grad", "marked.value_and_grad"])
def test_grad_of_a_non_scalar_output_is_an_argument_error(call):
    for _ in range(2):          # the first call transforms, the second runs the cached gradient
        with pytest.raises(ArgumentError, match=SCALAR_OUTPUT) as info:
            call(X, np.ones(4), np.ones(6))
        assert info.value.__cause__ is None and info.value.__suppress_context__


@pytest.mark.parametrize("call, what", [
    (lambda x: s2sgrad.hessian(squares)(x), "hessian"),
    (lambda x: s2sgrad.hvp(squares, (x,), (np.ones(3),)), "hvp"),
    (lambda x: s2sgrad.grad(squares)(x), "grad"),
    (lambda x: s2sgrad.grad(squares)(np.outer(x, x)), "grad"),
])
def test_second_order_of_a_non_scalar_output_is_an_argument_error(call, what):
    with pytest.raises(ArgumentError, match=rf"{what} needs a function with a scalar output, but squares returned "
                                            r"shape \(3"):
        call(np.arange(1.0, 4.0))


def test_a_scalar_output_of_a_zero_dimensional_array_is_fine():
    assert s2sgrad.grad(squares)(np.array(3.0)) == pytest.approx(6.0)
    assert s2sgrad.grad(squares)(3.0) == pytest.approx(6.0)


@pytest.mark.parametrize("fn, wrt", [(classifier, (0, 1)), (mlp, 0), (recurrent, (0, 1, 2)), (with_tuple_aux, 0),
                                     (with_aux_in_branches, 0), (with_an_early_return, 0), (with_a_history, 0),
                                     (with_the_pair_of_a_callee, 0)])
def test_the_emitted_module_with_aux_is_clean(fn, wrt):
    from tests import lint
    text = s2sgrad.emit(fn, wrt, has_aux=True)
    assert lint.pyflakes_problems(text) == [] and lint.self_assignments(text) == []

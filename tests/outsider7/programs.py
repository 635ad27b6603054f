"""Whole small programs: training steps, unrolled optimisers, recurrent nets, a VAE's ELBO,
soft k-means, PCA, a small simulation, portfolio risk, and the helpers the driver's extra checks
use (has_aux, an optimiser loop, @differentiate, CLI --kinds and annotations)."""

import functools

import numpy as np
from scipy.special import log_softmax as special_log_softmax
from scipy.special import softmax as special_softmax

import s2sgrad

rng = np.random.default_rng(41)
X = rng.standard_normal((10, 3))
t = (X @ np.array([1.0, -2.0, 0.5]) + 0.3 * rng.standard_normal(10) > 0).astype(float)
y = X @ np.array([0.5, 0.1, -0.3])
seq = rng.standard_normal((6, 2))
eps_fixed = rng.standard_normal((5, 2))


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def logreg_loss(w, b, lam=0.01):
    p = sigmoid(X @ w + b)
    ll = t * np.log(p + 1e-12) + (1 - t) * np.log(1 - p + 1e-12)
    return -np.mean(ll) + lam * np.sum(w ** 2)


def train_step(params, lr=0.1):
    """A training step returning the loss and a dict of metrics (has_aux)."""
    logits = X @ params["w"] + params["b"]
    p = sigmoid(logits)
    loss = -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))
    acc = np.mean((p > 0.5) == (t > 0.5))
    return loss, {"acc": acc, "logits": logits, "lr": lr}


def unrolled_gd(w0):
    w = w0
    for _ in range(5):
        r = X @ w - y
        g = 2 * X.T @ r / len(y)
        w = w - 0.1 * g
    return np.sum((X @ w - y) ** 2)


def unrolled_momentum(lr):
    w = np.zeros(3)
    v = np.zeros(3)
    for _ in range(8):
        g = X.T @ (X @ w - y) / 10
        v = 0.9 * v + g
        w = w - lr * v
    return np.mean((X @ w - y) ** 2)


def adam_unrolled(w):
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for k in range(1, 4):
        g = 2 * X.T @ (X @ w - y) / 10
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        mh = m / (1 - 0.9 ** k)
        vh = v / (1 - 0.999 ** k)
        w = w - 0.01 * mh / (np.sqrt(vh) + 1e-8)
    return np.sum(w ** 2) + np.sum((X @ w - y) ** 2)


def rnn_loss(Wh):
    h = np.zeros(2)
    total = 0.0
    for xt in seq:
        h = np.tanh(Wh @ h + xt)
        total = total + np.sum(h ** 2)
    return total


def lstm_cell_seq(W):
    h = np.zeros(2)
    c = np.zeros(2)
    for xt in seq:
        z = W @ np.concatenate([xt, h])
        i, f, o, g = z[0:2], z[2:4], z[4:6], z[6:8]
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
    return np.sum(h) + np.sum(c ** 2)


def gru_hidden_states(U):
    hs = []
    h = np.zeros(2)
    for xt in seq:
        zr = sigmoid(U[:2] @ xt + h)
        h = (1 - zr) * h + zr * np.tanh(U[2:] @ xt)
        hs.append(h)
    H = np.stack(hs)
    return np.sum(H[-3:] ** 2)


def vae_elbo(enc):
    mu = X[:5] @ enc[:, :2]
    logvar = X[:5] @ enc[:, 2:]
    z = mu + np.exp(0.5 * logvar) * eps_fixed
    recon = z @ np.ones((2, 3))
    rec = np.sum((recon - X[:5]) ** 2)
    kl = -0.5 * np.sum(1 + logvar - mu ** 2 - np.exp(logvar))
    return rec + kl


def soft_kmeans(C):
    d = np.sum((X[:, None, :] - C[None, :, :]) ** 2, axis=-1)
    r = np.exp(-d) / np.sum(np.exp(-d), axis=1, keepdims=True)
    return np.sum(r * d)


def pca_reconstruction(W):
    Q, _ = np.linalg.qr(W)
    Z = X @ Q
    R = Z @ Q.T
    return np.sum((X - R) ** 2)


def spring_simulation(k):
    x, v = 1.0, 0.0
    dt = 0.05
    traj = np.zeros(30)
    for i in range(30):
        a = -k * x - 0.1 * v
        v = v + dt * a
        x = x + dt * v
        traj[i] = x
    return np.sum((traj - np.cos(np.arange(30) * 0.1)) ** 2)


def portfolio_risk(w):
    C = np.cov(X.T)
    w = w / np.sum(w)
    ret = X.mean(axis=0) @ w
    return w @ C @ w - 0.5 * ret


def newton_inner_solve(a):
    x = 1.0
    for _ in range(6):
        fx = x ** 3 - a
        x = x - fx / (3 * x ** 2)
    return x ** 2


def early_exit_search(theta):
    loss = 0.0
    for i in range(20):
        loss = loss + np.sum((theta * (i + 1) / 20) ** 2)
        if loss > 3.0:
            break
    return loss


def mse_with_metrics_scalar(w):
    pred = X @ w
    mse = np.mean((pred - y) ** 2)
    mae = np.mean(np.abs(pred - y))
    return mse + 0.0 * mae


def two_layer_dict(params):
    h = np.maximum(X @ params["W1"] + params["b1"], 0.0)
    out = h @ params["W2"] + params["b2"]
    return np.mean((out - y) ** 2)


def ensemble_average(ws):
    preds = [X @ w for w in ws]
    return np.mean((np.mean(preds, axis=0) - y) ** 2)


def vector_field(x):
    return np.array([x[0] * x[1], np.sin(x[0]) + x[1] ** 2, np.exp(-x[1])])


def residuals(theta):
    return X @ theta[:3] + theta[3] - y


def normalize_rows(A):
    return (A / np.linalg.norm(A, axis=1, keepdims=True)).ravel()


@s2sgrad.differentiate(wrt="w")
def decorated_loss(w, lam):
    return np.sum((X @ w - y) ** 2) + lam * np.sum(w ** 2)


def annotated_loss(w: np.ndarray, scale: float) -> float:
    return scale * np.sum(np.tanh(X @ w) ** 2)


def jaxtyping_loss(w: "Float[ndarray, 'd']", b: "float") -> "Float[ndarray, '']":
    return np.sum(np.exp(-(X @ w + b) ** 2))


def kinds_loss(W, b, n):
    h = X[:n] @ W + b
    return np.sum(h ** 2)


W1 = rng.standard_normal((3, 4)) * 0.5
b1 = np.array([0.1, -0.2, 0.3, 0.05])
w3 = np.array([0.2, -0.4, 0.6])

CASES = [
    dict(f=logreg_loss, args=(w3.copy(), 0.1), wrt=(0, 1), alt="b"),
    dict(f=unrolled_gd, args=(w3.copy(),)),
    dict(f=unrolled_momentum, args=(0.05,)),
    dict(f=adam_unrolled, args=(w3.copy(),)),
    dict(f=rnn_loss, args=(np.array([[0.5, -0.3], [0.2, 0.4]]),)),
    dict(f=lstm_cell_seq, args=(rng.standard_normal((8, 4)) * 0.5,)),
    dict(f=gru_hidden_states, args=(rng.standard_normal((4, 2)) * 0.5,)),
    dict(f=vae_elbo, args=(rng.standard_normal((3, 4)) * 0.3,)),
    dict(f=soft_kmeans, args=(rng.standard_normal((2, 3)),)),
    dict(f=pca_reconstruction, args=(rng.standard_normal((3, 2)),)),
    dict(f=spring_simulation, args=(1.3,)),
    dict(f=portfolio_risk, args=(np.array([0.3, 0.5, 0.2]),)),
    dict(f=newton_inner_solve, args=(2.0,)),
    dict(f=early_exit_search, args=(w3.copy(),)),
    dict(f=mse_with_metrics_scalar, args=(w3.copy(),)),
    dict(f=two_layer_dict, args=({"W1": W1.copy(), "b1": b1.copy(), "W2": np.array([0.3, -0.2, 0.5, 0.1]),
                                  "b2": 0.2},)),
    dict(f=ensemble_average, args=([w3.copy(), w3[::-1].copy()],)),
    dict(f=vector_field, args=(np.array([0.4, -0.7]),), out="vector"),
    dict(f=residuals, args=(np.array([0.4, -0.7, 0.2, 0.1]),), out="vector"),
    dict(f=normalize_rows, args=(W1.copy(),), out="vector"),
    dict(f=annotated_loss, args=(w3.copy(), 1.5)),
    dict(f=jaxtyping_loss, args=(w3.copy(), 0.3), wrt=(0, 1), alt="b"),
    dict(f=kinds_loss, args=(W1.copy(), b1.copy(), 6), wrt=(0, 1), alt="b"),
]


# ---- what hurried code does besides computing: print, assert, raise, counters, logging
HISTORY = []
CALLS = {"n": 0}


def loss_with_print(w):
    loss = np.mean((X @ w - y) ** 2)
    print(f"loss {loss:.4f}")
    return loss


def loss_with_assert(w):
    p = X @ w
    assert np.all(np.isfinite(p)), "non-finite predictions"
    assert p.shape == (10,)
    return np.sum(p ** 2)


def loss_with_raise(w):
    loss = np.sum(np.tanh(X @ w) ** 2)
    if np.isnan(loss):
        raise ValueError("nan loss")
    return loss


def loss_with_counter(w):
    CALLS["n"] += 1
    return np.sum(np.sin(X @ w))


def loss_with_history(w):
    loss = np.sum((X @ w) ** 2)
    HISTORY.append(float(loss))
    return loss


def bias_excluded_decay(w):
    w_reg = w.copy()
    w_reg[-1] = 0.0
    return np.sum((X @ w - y) ** 2) + 0.1 * np.sum(w_reg ** 2)


def methods_and_dot(w):
    h = X.dot(w)
    return h.sum() + (X.T.dot(h) ** 2).mean() + np.dot(w, w)


def masked_sum_method(w):
    p = X @ w
    return p[p > 0].sum() + (p ** 2)[p < 0].mean()


def nonzero_indices(w):
    p = X @ w
    (i,) = np.nonzero(p > 0)
    return np.sum(p[i] ** 2) + np.sum(p[np.where(p <= 0)] ** 3)


def clip_one_sided(w):
    return np.sum(np.clip(X @ w, None, 0.5) ** 2) + np.sum(np.clip(w, a_min=0.0, a_max=None))


def scipy_softmax_log_softmax(Z):
    import_free = Z * 1.0
    return np.sum(special_softmax(import_free, axis=1)[:, 0]) + np.sum(special_log_softmax(Z, axis=0)[0])


def logaddexp_reduce(w):
    return np.logaddexp.reduce(X @ w)


def functools_reduce(ws):
    return functools.reduce(lambda a, b: a + np.sum(b ** 2), ws, 0.0)


def generator_sum(w):
    return sum(np.sum(row * w) ** 2 for row in X)


def column_normalize(W):
    Wn = W / np.linalg.norm(W, axis=0, keepdims=True)
    return np.sum((X @ Wn) ** 2)


CASES += [
    dict(f=loss_with_print, args=(w3.copy(),)),
    dict(f=loss_with_assert, args=(w3.copy(),)),
    dict(f=loss_with_raise, args=(w3.copy(),)),
    dict(f=loss_with_counter, args=(w3.copy(),)),
    dict(f=loss_with_history, args=(w3.copy(),)),
    dict(f=bias_excluded_decay, args=(w3.copy(),)),
    dict(f=methods_and_dot, args=(w3.copy(),)),
    dict(f=masked_sum_method, args=(w3.copy(),)),
    dict(f=nonzero_indices, args=(w3.copy(),)),
    dict(f=clip_one_sided, args=(w3.copy(),)),
    dict(f=scipy_softmax_log_softmax, args=(W1.copy(),)),
    dict(f=logaddexp_reduce, args=(w3.copy(),)),
    dict(f=functools_reduce, args=([w3.copy(), W1.copy()],)),
    dict(f=generator_sum, args=(w3.copy(),)),
    dict(f=column_normalize, args=(W1.copy(),)),
]


# ---- vector outputs: structures, many inputs
def predictions_dict(w):
    p = X @ w
    return {"pred": p, "prob": sigmoid(p)}


def predictions_tuple(w):
    p = X @ w
    return p, np.tanh(p[:3])


def many_inputs_features(W):
    return np.tanh(X @ W).sum(axis=1)


def per_example_losses(w):
    return (X @ w - y) ** 2 + 0.1 * np.sum(w ** 2)


CASES += [
    # jacobian takes an array-valued function: for a dict or tuple it says so at the call (README)
    dict(f=predictions_dict, args=(w3.copy(),), out="vector", skip=("jac_rev", "jac_fwd")),
    dict(f=predictions_tuple, args=(w3.copy(),), out="vector", skip=("jac_rev", "jac_fwd")),
    dict(f=many_inputs_features, args=(rng.standard_normal((3, 30)) * 0.3,), out="vector"),
    dict(f=per_example_losses, args=(w3.copy(),), out="vector"),
]


# ---- s2sgrad's own markers in user code
def td_target_stop_gradient(W):
    q = X[:5] @ W
    q_next = X[5:] @ W
    target = s2sgrad.stop_gradient(0.5 + 0.9 * np.max(q_next, axis=1))
    return np.mean((q[np.arange(5), [0, 1, 0, 1, 1]] - target) ** 2)


def straight_through_round(w):
    h = X @ w
    q = h + s2sgrad.stop_gradient(np.round(h) - h)
    return np.sum(q ** 2 * np.arange(10.0))


def ema_target(w, w_target):
    w_t = 0.99 * s2sgrad.stop_gradient(w_target) + 0.01 * w
    return np.sum((X @ w - X @ w_t) ** 2) + np.sum(w ** 2)


CASES += [
    # td_target_stop_gradient and straight_through_round: finite differences see through
    # stop_gradient; tests/test_outsider7.py checks them against their hand-written gradients
    dict(f=ema_target, args=(w3.copy(), w3[::-1].copy())),
]


@s2sgrad.differentiate(wrt="params", has_aux=True)
def decorated_train_step(params):
    logits = X @ params["w"] + params["b"]
    loss = np.mean(np.logaddexp(0.0, logits) - t * logits)
    return loss, {"logits": logits, "acc": np.mean((logits > 0) == (t > 0.5))}

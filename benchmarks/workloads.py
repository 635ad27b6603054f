"""The benchmark workloads, written as plain NumPy / Python (the versions s2sgrad differentiates).

Each workload has a function, the names of the arguments it is differentiated with respect
to, and a maker of realistic inputs (`make_*` returns the argument tuple).
"""

from typing import Annotated

import numpy as np

import s2sgrad

try:
    from scipy.special import expit
except ImportError:         # (the GRU and LSTM variants that call it are skipped)
    expit = None


# --- 1. MLP loss: two-layer tanh MLP with sum-squared error --------------------------------

def mlp_loss(W1, b1, W2, b2, x, y):
    h = np.tanh(x @ W1 + b1)
    out = h @ W2 + b2
    return np.sum((out - y) ** 2)


def mlp_loss_declared(W1: Annotated[np.ndarray, "n_in n_hidden"], b1: Annotated[np.ndarray, "n_hidden"],
                      W2: Annotated[np.ndarray, "n_hidden n_out"], b2: Annotated[np.ndarray, "n_out"],
                      x: Annotated[np.ndarray, "batch n_in"], y: Annotated[np.ndarray, "batch n_out"]):
    """mlp_loss with the axes of its arguments declared: the gradient sums where shapes differ
    and nowhere else, with no `unbroadcast`."""
    h = np.tanh(x @ W1 + b1)
    out = h @ W2 + b2
    return np.sum((out - y) ** 2)


MLP_WRT = ("W1", "b1", "W2", "b2")

MLP_SIZES = {
    "small: batch 64, 10->32->1": (64, 10, 32, 1),
    "large: batch 256, 64->256->10": (256, 64, 256, 10),
}


def make_mlp(batch, n_in, n_hidden, n_out, seed=0):
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    b1 = 0.1 * rng.standard_normal(n_hidden)
    W2 = rng.standard_normal((n_hidden, n_out)) / np.sqrt(n_hidden)
    b2 = 0.1 * rng.standard_normal(n_out)
    x = rng.standard_normal((batch, n_in))
    y = rng.standard_normal((batch, n_out))
    return W1, b1, W2, b2, x, y


# --- 1b. RNN loss: a tanh recurrence over T steps of a batch, squared error of the last state ---

def rnn_loss(Wh, Wx, b, xs, y):
    h = np.tanh(xs[0] @ Wx + b)
    for t in range(1, xs.shape[0]):
        h = np.tanh(h @ Wh + xs[t] @ Wx + b)
    return np.sum((h - y) ** 2)


def rnn_loss_declared(Wh: Annotated[np.ndarray, "n n"], Wx: Annotated[np.ndarray, "n_in n"],
                      b: Annotated[np.ndarray, "n"], xs: Annotated[np.ndarray, "T batch n_in"],
                      y: Annotated[np.ndarray, "batch n"]):
    """rnn_loss with the axes of its arguments declared."""
    h = np.tanh(xs[0] @ Wx + b)
    for t in range(1, xs.shape[0]):
        h = np.tanh(h @ Wh + xs[t] @ Wx + b)
    return np.sum((h - y) ** 2)


RNN_SIZE = "T=20, batch 32, 8->32"


def make_rnn(steps=20, batch=32, n_in=8, n_hidden=32, seed=0):
    rng = np.random.default_rng(seed)
    Wh = rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden)
    Wx = rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in)
    b = 0.1 * rng.standard_normal(n_hidden)
    xs = rng.standard_normal((steps, batch, n_in))
    y = rng.standard_normal((batch, n_hidden))
    return Wh, Wx, b, xs, y


# --- 1d. GRU and LSTM losses: gated recurrences over T steps of a batch, squared error of the last state ---

def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def gru_loss(Wz, Uz, Wr, Ur, Wh, Uh, xs, y):
    h = np.zeros((xs.shape[1], Uz.shape[0]))
    for t in range(xs.shape[0]):
        x = xs[t]
        z = sigmoid(x @ Wz + h @ Uz)
        r = sigmoid(x @ Wr + h @ Ur)
        hh = np.tanh(x @ Wh + (r * h) @ Uh)
        h = (1.0 - z) * h + z * hh
    return np.sum((h - y) ** 2)


GRU_WRT = ("Wz", "Uz", "Wr", "Ur", "Wh", "Uh")


def make_gru(steps=20, batch=32, n_in=8, n_hidden=32, seed=0):
    rng = np.random.default_rng(seed)
    weights = []
    for _ in range(3):
        weights.append(rng.standard_normal((n_in, n_hidden)) / np.sqrt(n_in))
        weights.append(rng.standard_normal((n_hidden, n_hidden)) / np.sqrt(n_hidden))
    xs = rng.standard_normal((steps, batch, n_in))
    y = rng.standard_normal((batch, n_hidden))
    return (*weights, xs, y)


def lstm_loss(W, U, b, xs, y):
    n = U.shape[0]
    h = np.zeros((xs.shape[1], n))
    c = np.zeros((xs.shape[1], n))
    for t in range(xs.shape[0]):
        gates = xs[t] @ W + h @ U + b
        i = sigmoid(gates[:, :n])
        f = sigmoid(gates[:, n:2 * n])
        o = sigmoid(gates[:, 2 * n:3 * n])
        g = np.tanh(gates[:, 3 * n:])
        c = f * c + i * g
        h = o * np.tanh(c)
    return np.sum((h - y) ** 2)


LSTM_WRT = ("W", "U", "b")


def gru_loss_expit(Wz, Uz, Wr, Ur, Wh, Uh, xs, y):
    """gru_loss with SciPy's logistic function, whose rule keeps only its value, for the sigmoid."""
    h = np.zeros((xs.shape[1], Uz.shape[0]))
    for t in range(xs.shape[0]):
        x = xs[t]
        z = expit(x @ Wz + h @ Uz)
        r = expit(x @ Wr + h @ Ur)
        hh = np.tanh(x @ Wh + (r * h) @ Uh)
        h = (1.0 - z) * h + z * hh
    return np.sum((h - y) ** 2)


def lstm_loss_expit(W, U, b, xs, y):
    """lstm_loss with SciPy's logistic function for the sigmoid."""
    n = U.shape[0]
    h = np.zeros((xs.shape[1], n))
    c = np.zeros((xs.shape[1], n))
    for t in range(xs.shape[0]):
        gates = xs[t] @ W + h @ U + b
        i = expit(gates[:, :n])
        f = expit(gates[:, n:2 * n])
        o = expit(gates[:, 2 * n:3 * n])
        g = np.tanh(gates[:, 3 * n:])
        c = f * c + i * g
        h = o * np.tanh(c)
    return np.sum((h - y) ** 2)


def make_lstm(steps=20, batch=32, n_in=8, n_hidden=32, seed=0):
    rng = np.random.default_rng(seed)
    W = rng.standard_normal((n_in, 4 * n_hidden)) / np.sqrt(n_in)
    U = rng.standard_normal((n_hidden, 4 * n_hidden)) / np.sqrt(n_hidden)
    b = 0.1 * rng.standard_normal(4 * n_hidden)
    xs = rng.standard_normal((steps, batch, n_in))
    y = rng.standard_normal((batch, n_hidden))
    return W, U, b, xs, y


# --- 1c. A scalar function of a float: value_and_grad's own overhead is what is timed ---------

def scalar_fn(x):
    return np.sin(x) * x + 0.5 * x


# --- 2. Loop-heavy scalar program: a damped spring, 1,000 semi-implicit Euler steps --------

def spring_loss(k: float, c: float, x0: float, v0: float, dt: float, target: float, n_steps: int):
    """The spring with its inputs annotated as numbers, as s2sgrad's type model reads them."""
    x = x0
    v = v0
    loss = 0.0
    i = 0
    while i < n_steps:
        a = -k * x - c * v
        v = v + dt * a
        x = x + dt * v
        err = x - target
        loss = loss + dt * err * err
        i = i + 1
    return loss


def spring_loss_untyped(k, c, x0, v0, dt, target, n_steps):
    """The same program without annotations: the emitted code must allow for arrays."""
    x = x0
    v = v0
    loss = 0.0
    i = 0
    while i < n_steps:
        a = -k * x - c * v
        v = v + dt * a
        x = x + dt * v
        err = x - target
        loss = loss + dt * err * err
        i = i + 1
    return loss


SPRING_WRT = ("k", "c", "x0")

SPRING_SIZES = {
    "1000 steps": (1000,),
}


def make_spring(n_steps):
    # k, c, x0, v0, dt, target, n_steps: all Python floats (n_steps an int)
    return 4.0, 0.3, 1.5, 0.0, 0.01, 0.2, n_steps


# --- 3. Diagonal-covariance Gaussian-mixture log-likelihood ---------------------------------

def gmm_loglik(means, log_sigmas, logits, X):
    # X: (N, D); means, log_sigmas: (K, D); logits: (K,)
    diff = X[:, None, :] - means[None, :, :]                      # (N, K, D)
    inv_var = np.exp(-2.0 * log_sigmas)                            # (K, D)
    maha = np.sum(diff * diff * inv_var, axis=2)                   # (N, K)
    log_norm = -0.5 * X.shape[1] * np.log(2.0 * np.pi) - np.sum(log_sigmas, axis=1)   # (K,)
    log_comp = log_norm - 0.5 * maha                               # (N, K)
    m_logit = np.max(logits)
    log_w = logits - (m_logit + np.log(np.sum(np.exp(logits - m_logit))))   # (K,) log-softmax
    a = log_comp + log_w                                           # (N, K)
    m = np.max(a, axis=1, keepdims=True)                           # (N, 1)
    lse = m + np.log(np.sum(np.exp(a - m), axis=1, keepdims=True))  # (N, 1)
    return np.sum(lse)


GMM_WRT = ("means", "log_sigmas", "logits")

GMM_SIZES = {
    "N=500, K=8, D=4": (500, 8, 4),
}


def make_gmm(n, k, d, seed=0):
    rng = np.random.default_rng(seed)
    means = 2.0 * rng.standard_normal((k, d))
    log_sigmas = 0.3 * rng.standard_normal((k, d))
    logits = 0.5 * rng.standard_normal(k)
    X = 2.0 * rng.standard_normal((n, d))
    return means, log_sigmas, logits, X


# --- 4. A long loop under binomial checkpointing: an array state, 1,000 steps ----------------

def oscillators(x, w, n_steps, snapshots):
    """Coupled nonlinear oscillators, 1,000 steps; the loop keeps `snapshots` states (None: all)."""
    v = x * 0.0
    for t in s2sgrad.checkpointed(range(n_steps), snapshots=snapshots):
        a = -np.sin(x * w) - 0.05 * v + 0.01 * np.mean(x)
        v = v + 0.01 * a
        x = x + 0.01 * v
    return np.sum(x * x) + np.sum(v)


def make_oscillators(size, n_steps, snapshots, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal(size), rng.uniform(0.5, 1.5, size), n_steps, snapshots

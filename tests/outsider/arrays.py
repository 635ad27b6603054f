"""Outsider programs: array manipulation, in-place updates, dtypes and randomness."""
import math

import numpy as np


def drawdown(returns):
    """Cumulative log-returns with np.cumsum and a running max (np.maximum.accumulate)."""
    wealth = np.cumsum(returns)
    peak = np.maximum.accumulate(wealth)
    return np.sum((peak - wealth) ** 2) + wealth[-1]


def cumsum_axis(X):
    """np.cumsum along an axis, then a weighted reduction."""
    C = np.cumsum(X, axis=1)
    return np.sum(C * C) / X.size


def normalize_rows(X):
    """Row-normalise with np.linalg.norm(axis=1, keepdims=True), cosine-similarity loss."""
    Xn = X / np.linalg.norm(X, axis=1, keepdims=True)
    S = Xn @ Xn.T
    return np.sum(S ** 2) + np.linalg.norm(X)


def grad_clip_style(g, x):
    """np.clip on a data-dependent update, like gradient clipping."""
    step = np.clip(g * x, -0.5, 0.5)
    return np.sum((x - step) ** 2)


def vae_reparam(mu, log_var):
    """VAE reparameterisation trick: noise drawn inside from a seeded generator, ELBO-ish loss."""
    rng = np.random.default_rng(42)
    eps = rng.standard_normal(mu.shape)
    z = mu + np.exp(0.5 * log_var) * eps
    recon = np.sum((z - 1.0) ** 2)
    kl = -0.5 * np.sum(1 + log_var - mu ** 2 - np.exp(log_var))
    return recon + kl


def noisy_legacy_rng(w, X):
    """Legacy global RNG (np.random.seed / np.random.randn) for input noise inside the loss."""
    np.random.seed(0)
    noise = 0.1 * np.random.randn(*X.shape)
    return np.sum(np.tanh((X + noise) @ w) ** 2)


def inplace_accumulate(x, W):
    """In-place `y += ...` and `y[i] += ...` on a copy inside loops."""
    y = x.copy()
    y += 0.5 * np.tanh(W @ x)
    for i in range(y.shape[0]):
        y[i] += y[i - 1] * 0.3
    y *= 2.0
    return np.sum(y ** 2)


def masked_zero(x, w):
    """Boolean-mask assignment `y[mask] = 0` on a copy (manual ReLU / dropout-like)."""
    y = x * w
    y = y.copy()
    y[y < 0] = 0
    return np.sum(y ** 2) + np.sum(x)


def feature_concat(X, W):
    """Polynomial features with np.concatenate/np.stack/reshape/transpose."""
    feats = np.concatenate([X, X ** 2, np.sin(X)], axis=1)
    stacked = np.stack([feats, feats[::-1]], axis=0)
    flat = stacked.transpose(1, 0, 2).reshape(X.shape[0], -1)
    return np.sum((flat @ W) ** 2)


def feature_concat_ag(X, W):
    import autograd.numpy as anp
    feats = anp.concatenate([X, X ** 2, anp.sin(X)], axis=1)
    stacked = anp.stack([feats, feats[::-1]], axis=0)
    flat = anp.transpose(stacked, (1, 0, 2)).reshape(X.shape[0], -1)
    return anp.sum((flat @ W) ** 2)


def layer_norm(x, g, b):
    """Layer norm: reductions with axis=-1 and keepdims=True, .var and .mean methods."""
    mu = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    y = (x - mu) / np.sqrt(var + 1e-5) * g + b
    return np.sum(y * np.arange(y.size).reshape(y.shape))


def mlp_float32(W1, W2, X):
    """MLP with float32 weights and data (the dtype most DL code uses)."""
    h = np.tanh(X @ W1)
    out = h @ W2
    return np.mean(out ** 2)


def scalar_physics(v0, angle, drag):
    """Projectile range with Python-float inputs and the math module."""
    vx = v0 * math.cos(angle)
    vy = v0 * math.sin(angle)
    t_flight = 2 * vy / 9.81
    return vx * t_flight * math.exp(-drag * t_flight)


def list_to_array(xs):
    """Collect Python scalars in a list and turn it into an array with np.array(out)."""
    out = []
    for i in range(xs.shape[0] - 1):
        out.append(xs[i] * xs[i + 1])
    a = np.array(out)
    return np.sum(a ** 2) + a[0]


def conv1d_loop(x, w, b):
    """1-D valid convolution with a loop over output positions and slicing."""
    k = w.shape[0]
    n = x.shape[0] - k + 1
    out = np.zeros(n)
    for i in range(n):
        out[i] = np.sum(x[i:i + k] * w) + b
    return np.sum(np.tanh(out))

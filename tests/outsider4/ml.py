"""ML from tutorials: losses, normalisation layers, attention, small recurrent cells."""

from collections import namedtuple
from dataclasses import dataclass

import numpy as np

rng = np.random.default_rng(0)
X = rng.standard_normal((6, 4))
Y = np.array([0, 2, 1, 1, 0, 2])
Yf = rng.standard_normal(6)
ONEHOT = np.eye(3)[Y]


def softmax(z):
    z = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_regression(W, b, X, Y):
    logits = X @ W + b
    p = softmax(logits)
    n = X.shape[0]
    return -np.sum(np.log(p[np.arange(n), Y])) / n


def softmax_regression_onehot(W, b, X, T):
    logits = X @ W + b
    logits = logits - logits.max(axis=1, keepdims=True)
    logp = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return -(T * logp).sum() / len(X)


def layernorm(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    xhat = (x - mu) / np.sqrt(var + eps)
    y = gamma * xhat + beta
    return np.sum(y * np.cos(y))


def batchnorm(x, gamma, beta):
    mu = np.mean(x, axis=0)
    var = np.var(x, axis=0)
    xhat = (x - mu) / np.sqrt(var + 1e-5)
    out = gamma * xhat + beta
    return np.sum(out ** 3)


def attention(q, k, v):
    d = q.shape[-1]
    scores = q @ k.T / np.sqrt(d)
    w = softmax(scores)
    return np.sum((w @ v) ** 2)


def masked_attention(q, k, v):
    n, d = q.shape
    scores = q @ k.T / np.sqrt(d)
    mask = np.triu(np.ones((n, n)), k=1).astype(bool)
    scores = np.where(mask, -1e9, scores)
    w = softmax(scores)
    out = w @ v
    return out.ravel()


def conv1d(x, w):
    n, k = len(x), len(w)
    out = np.zeros(n - k + 1)
    for i in range(n - k + 1):
        out[i] = np.dot(x[i:i + k], w)
    return np.sum(np.tanh(out))


def conv2d(img, kern):
    H, W = img.shape
    kh, kw = kern.shape
    out = np.zeros((H - kh + 1, W - kw + 1))
    for i in range(H - kh + 1):
        for j in range(W - kw + 1):
            out[i, j] = np.sum(img[i:i + kh, j:j + kw] * kern)
    return np.sum(out ** 2)


def kmeans_soft(X, C, beta=2.0):
    d2 = ((X[:, None, :] - C[None, :, :]) ** 2).sum(-1)
    r = softmax(-beta * d2)
    return np.sum(r * d2)


def logreg_l2(w, X, y, lam=0.1):
    z = X @ w
    p = 1.0 / (1.0 + np.exp(-z))
    ll = y * np.log(p) + (1 - y) * np.log(1 - p)
    return -np.mean(ll) + lam * np.dot(w, w)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def gru_cell(params, x, h):
    z = sigmoid(params["Wz"] @ x + params["Uz"] @ h)
    r = sigmoid(params["Wr"] @ x + params["Ur"] @ h)
    hh = np.tanh(params["Wh"] @ x + params["Uh"] @ (r * h))
    hnew = (1 - z) * h + z * hh
    return np.sum(hnew ** 2)


def lstm_seq(p, xs):
    H = p["Wf"].shape[0]
    h = np.zeros(H)
    c = np.zeros(H)
    for x in xs:
        hx = np.concatenate([h, x])
        f = sigmoid(p["Wf"] @ hx)
        i = sigmoid(p["Wi"] @ hx)
        o = sigmoid(p["Wo"] @ hx)
        g = np.tanh(p["Wg"] @ hx)
        c = f * c + i * g
        h = o * np.tanh(c)
    return np.sum(h)


def vae_loss(mu, logvar, eps, x, W):
    z = mu + np.exp(0.5 * logvar) * eps
    xr = np.tanh(W @ z)
    rec = np.sum((x - xr) ** 2)
    kl = -0.5 * np.sum(1 + logvar - mu ** 2 - np.exp(logvar))
    return rec + kl


def gauss_loglik(mu, log_sigma, x):
    sigma = np.exp(log_sigma)
    return np.sum(-0.5 * ((x - mu) / sigma) ** 2 - log_sigma - 0.5 * np.log(2 * np.pi))


def huber(pred, target, delta=1.0):
    r = pred - target
    a = np.abs(r)
    return np.sum(np.where(a <= delta, 0.5 * r ** 2, delta * (a - 0.5 * delta)))


def hinge(w, X, y):
    margins = 1 - y * (X @ w)
    return np.sum(np.maximum(0, margins)) + 0.01 * np.sum(w ** 2)


def mdn_nll(logits, mus, log_sigmas, y):
    pi = softmax(logits)
    sig = np.exp(log_sigmas)
    comp = pi * np.exp(-0.5 * ((y - mus) / sig) ** 2) / (sig * np.sqrt(2 * np.pi))
    return -np.log(np.sum(comp))


def mlp_layers(layers, x):
    h = x
    for W, b in layers[:-1]:
        h = np.tanh(h @ W + b)
    W, b = layers[-1]
    return np.sum(h @ W + b)


Params = namedtuple("Params", ["W", "b"])


def nt_loss(p, X, y):
    pred = X @ p.W + p.b
    return np.mean((pred - y) ** 2)


@dataclass
class Linear:
    W: np.ndarray
    b: float


def dc_loss(m, X, y):
    r = X @ m.W + m.b - y
    return 0.5 * np.dot(r, r)


class Model:
    def __init__(self, scale):
        self.scale = scale

    def loss(self, w, X):
        return np.sum(np.sin(X @ w) * self.scale)


MODEL = Model(1.5)


def method_loss(w, X):
    return MODEL.loss(w, X)


def cross_entropy_logsumexp(logits, T):
    m = np.max(logits, axis=1, keepdims=True)
    lse = m + np.log(np.sum(np.exp(logits - m), axis=1, keepdims=True))
    return -np.sum(T * (logits - lse))


def dropout_fixed_mask(x, W, mask):
    h = np.maximum(x @ W, 0.0) * mask / 0.5
    return np.sum(h ** 2)


def focal_loss(z, y, gamma=2.0):
    p = sigmoid(z)
    pt = np.where(y == 1, p, 1 - p)
    return -np.sum((1 - pt) ** gamma * np.log(pt))


def rmsnorm_multihead(x, g):
    n, d = x.shape
    h = x.reshape(n, 2, d // 2)
    ms = np.mean(h * h, axis=-1, keepdims=True)
    y = h / np.sqrt(ms + 1e-6)
    return np.sum(y.reshape(n, d) * g)


def triplet_loss(a, p, n, margin=0.5):
    dp = np.sum((a - p) ** 2, axis=1)
    dn = np.sum((a - n) ** 2, axis=1)
    return np.mean(np.maximum(dp - dn + margin, 0.0))


def label_smoothing(logits, y, eps=0.1):
    k = logits.shape[1]
    t = np.full(logits.shape, eps / k)
    t[np.arange(len(y)), y] += 1.0 - eps
    lp = logits - np.log(np.sum(np.exp(logits), axis=1))[:, None]
    return -np.sum(t * lp) / len(y)


def embedding_bag(E, ids, w):
    vecs = E[ids]
    pooled = vecs.mean(axis=0)
    return np.tanh(pooled @ w)


W3 = rng.standard_normal((4, 3))
b3 = rng.standard_normal(3)
q = rng.standard_normal((5, 4))
kk = rng.standard_normal((5, 4))
vv = rng.standard_normal((5, 3))
gru_p = {n: 0.5 * rng.standard_normal((3, 3)) for n in ["Wz", "Uz", "Wr", "Ur", "Wh", "Uh"]}
lstm_p = {n: 0.4 * rng.standard_normal((3, 5)) for n in ["Wf", "Wi", "Wo", "Wg"]}
xs_seq = [rng.standard_normal(2) for _ in range(4)]
mask = (rng.random((6, 3)) > 0.5).astype(float)

CASES = [
    dict(f=softmax_regression, args=(W3, b3, X, Y), wrt=0, alt="b"),
    dict(f=softmax_regression_onehot, args=(W3, b3, X, ONEHOT), wrt=(0, 1), alt="X"),
    dict(f=layernorm, args=(X, rng.standard_normal(4), rng.standard_normal(4)), wrt=0, alt="gamma"),
    dict(f=batchnorm, args=(X, rng.standard_normal(4), rng.standard_normal(4)), wrt=0, alt=(1, 2)),
    dict(f=attention, args=(q, kk, vv), wrt=0, alt="k"),
    dict(f=masked_attention, args=(q, kk, vv), wrt=0, alt=None, out="vector"),
    dict(f=conv1d, args=(rng.standard_normal(9), rng.standard_normal(3)), wrt=1, alt=0),
    dict(f=conv2d, args=(rng.standard_normal((5, 5)), rng.standard_normal((2, 3))), wrt=1, alt=0),
    dict(f=kmeans_soft, args=(X, rng.standard_normal((3, 4))), wrt=1, alt=0),
    dict(f=logreg_l2, args=(rng.standard_normal(4), X, (Yf > 0).astype(float)), wrt=0, alt="X"),
    dict(f=gru_cell, args=(gru_p, rng.standard_normal(3), rng.standard_normal(3)), wrt=0, alt="h"),
    dict(f=lstm_seq, args=(lstm_p, xs_seq), wrt=0, alt="xs"),
    dict(f=vae_loss, args=(rng.standard_normal(2), rng.standard_normal(2), rng.standard_normal(2),
                           rng.standard_normal(3), rng.standard_normal((3, 2))), wrt=(0, 1), alt="W"),
    dict(f=gauss_loglik, args=(rng.standard_normal(5), 0.3 * rng.standard_normal(5), rng.standard_normal(5)),
         wrt=(0, 1), alt="x"),
    dict(f=huber, args=(np.array([0.1, -2.0, 1.5, 0.3]), np.zeros(4)), wrt=0, alt=1),
    dict(f=hinge, args=(rng.standard_normal(4), X, np.sign(Yf)), wrt=0, alt="X"),
    dict(f=mdn_nll, args=(rng.standard_normal(3), rng.standard_normal(3), 0.2 * rng.standard_normal(3), 0.4),
         wrt=(0, 1, 2), alt="y"),
    dict(f=mlp_layers, args=([(0.5 * rng.standard_normal((4, 5)), rng.standard_normal(5)),
                              (0.5 * rng.standard_normal((5, 2)), rng.standard_normal(2))], X), wrt=0, alt="x"),
    dict(f=nt_loss, args=(Params(rng.standard_normal(4), 0.5), X, Yf), wrt=0, alt="X"),
    dict(f=dc_loss, args=(Linear(rng.standard_normal(4), 0.2), X, Yf), wrt=0, alt="y"),
    dict(f=method_loss, args=(rng.standard_normal(4), X), wrt=0, alt="X"),
    dict(f=cross_entropy_logsumexp, args=(rng.standard_normal((6, 3)), ONEHOT), wrt=0),
    dict(f=dropout_fixed_mask, args=(X, rng.standard_normal((4, 3)), mask), wrt=1, alt=0),
    dict(f=focal_loss, args=(rng.standard_normal(6), (Yf > 0).astype(int)), wrt=0),
    dict(f=rmsnorm_multihead, args=(X, rng.standard_normal(4)), wrt=0, alt="g"),
    dict(f=triplet_loss, args=(X[:3], X[3:], rng.standard_normal((3, 4))), wrt=(0, 1, 2)),
    dict(f=label_smoothing, args=(rng.standard_normal((6, 3)), Y), wrt=0),
    dict(f=embedding_bag, args=(rng.standard_normal((7, 3)), np.array([1, 4, 4, 6]), rng.standard_normal(3)),
         wrt=0, alt="w"),
]


def balanced_focal(z, y, alpha, gamma=2.0):
    p = sigmoid(z)
    pt = np.where(y == 1, p, 1 - p)
    at = np.where(y == 1, alpha, 1 - alpha)
    return -np.sum(at * (1 - pt) ** gamma * np.log(pt))


def temperature_softmax_ce(logits, T, onehot):
    z = logits / T
    z = z - np.max(z, axis=1, keepdims=True)
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    return -np.sum(onehot * logp)


def prelu_net(W, alpha, x):
    h = W @ x
    h = np.where(h > 0, h, alpha * h)
    return np.sum(h ** 2)


def masked_bias(x, b, mask):
    h = x + np.where(mask, b, 0.0)
    return np.sum(np.tanh(h))


def grad_clip_scale(g, c):
    n = np.sqrt(np.sum(g ** 2))
    s = np.where(n > c, c / n, 1.0)
    return np.sum((g * s) ** 2)


CASES += [
    dict(f=balanced_focal, args=(rng.standard_normal(6), (Yf > 0).astype(int), 0.25), wrt=2, alt=(0, 2)),
    dict(f=temperature_softmax_ce, args=(rng.standard_normal((6, 3)), 1.7, ONEHOT), wrt=1, alt=(0, 1)),
    dict(f=prelu_net, args=(rng.standard_normal((3, 4)), 0.1, rng.standard_normal(4)), wrt=(0, 1)),
    dict(f=masked_bias, args=(rng.standard_normal(5), 0.3, np.array([True, False, True, True, False])), wrt=1),
    dict(f=grad_clip_scale, args=(rng.standard_normal(4), 1.0), wrt=(0, 1)),
]

"""Losses as people write them: cross-entropy with logsumexp, label smoothing, focal, hinge,
contrastive, KL, Huber, CTC-like recurrences."""

import numpy as np
from scipy.special import logsumexp, log_softmax, expit, xlogy

_r = np.random.default_rng(92)
LOGITS = _r.standard_normal((4, 5))
Y = np.array([1, 0, 4, 2])
P = np.array([0.1, 0.2, 0.3, 0.4])
EMB = _r.standard_normal((4, 3))


def ce_logsumexp(z, y):
    lse = logsumexp(z, axis=1)
    return np.mean(lse - z[np.arange(len(y)), y])


def ce_by_hand(z, y):
    m = z.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(z - m).sum(axis=1))
    return -np.sum(z[np.arange(z.shape[0]), y] - lse) / z.shape[0]


def ce_take_along(z, y):
    lp = log_softmax(z, axis=1)
    return -np.take_along_axis(lp, y[:, None], axis=1).mean()


def ce_onehot(z, y):
    onehot = np.zeros_like(z)
    onehot[np.arange(len(y)), y] = 1.0
    return -np.sum(onehot * log_softmax(z, axis=-1)) / len(y)


def ce_loop(z, y):
    total = 0.0
    for i, label in enumerate(y):
        total -= z[i, label] - logsumexp(z[i])
    return total / len(y)


def label_smoothing(z, y, eps=0.1):
    k = z.shape[1]
    target = np.full(z.shape, eps / k)
    target[np.arange(len(y)), y] += 1 - eps
    return -np.mean(np.sum(target * log_softmax(z, axis=1), axis=1))


def label_smoothing_mix(z, y):
    lp = z - logsumexp(z, axis=1, keepdims=True)
    nll = -lp[np.arange(4), y]
    smooth = -lp.mean(axis=1)
    return np.mean(0.9 * nll + 0.1 * smooth)


def focal_loss(z, y, gamma=2.0):
    p = np.exp(log_softmax(z, axis=1))
    pt = p[np.arange(len(y)), y]
    return -np.sum((1 - pt) ** gamma * np.log(pt))


def binary_ce(w, X):
    t = np.array([1.0, 0.0, 1.0, 1.0])
    p = expit(X @ w)
    return -np.mean(t * np.log(p) + (1 - t) * np.log1p(-p))


def binary_ce_logits(w, X):
    t = np.array([1.0, 0.0, 1.0, 1.0])
    z = X @ w
    return np.mean(np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z))))


def bce_clip(w, X):
    t = np.array([0.0, 1.0, 0.0, 1.0])
    p = np.clip(1 / (1 + np.exp(-(X @ w))), 1e-7, 1 - 1e-7)
    return -np.sum(xlogy(t, p) + xlogy(1 - t, 1 - p))


def hinge(w, X):
    t = np.array([1.0, -1.0, 1.0, -1.0])
    return np.sum(np.maximum(0, 1 - t * (X @ w))) + 0.01 * w @ w


def squared_hinge(w, X):
    t = np.array([1.0, -1.0, -1.0, 1.0])
    m = 1 - t * (X @ w)
    return np.sum(np.where(m > 0, m, 0.0) ** 2)


def multiclass_hinge(z, y):
    correct = z[np.arange(4), y][:, None]
    margins = np.maximum(0.0, z - correct + 1.0)
    margins[np.arange(4), y] = 0.0
    return margins.sum()


def huber(r, delta=1.0):
    a = np.abs(r)
    return np.sum(np.where(a <= delta, 0.5 * r ** 2, delta * (a - 0.5 * delta)))


def pseudo_huber(r):
    return np.sum(np.sqrt(1 + r ** 2) - 1)


def kl_div(z, p):
    q = np.exp(log_softmax(z))
    return np.sum(p * (np.log(p) - np.log(q)))


def js_div(z, p):
    q = np.exp(z) / np.sum(np.exp(z))
    m = 0.5 * (p + q)
    return 0.5 * np.sum(p * np.log(p / m)) + 0.5 * np.sum(q * np.log(q / m))


def contrastive_infonce(E, tau=0.5):
    E = E / np.linalg.norm(E, axis=1, keepdims=True)
    S = E @ E.T / tau
    np.fill_diagonal(S, -np.inf)
    pos = np.array([1, 0, 3, 2])
    return np.mean(logsumexp(S, axis=1) - S[np.arange(4), pos])


def triplet(E):
    a, p, n = E[0], E[1], E[2]
    return max(0.0, np.sum((a - p) ** 2) - np.sum((a - n) ** 2) + 1.0)


def cosine_embedding(E):
    u, v = E[0], E[3]
    return 1 - u @ v / (np.linalg.norm(u) * np.linalg.norm(v))


def dice_loss(z):
    p = expit(z)
    t = np.array([[1.0, 0, 0, 1, 1], [0, 1, 1, 0, 0], [1, 1, 0, 0, 1], [0, 0, 1, 1, 0]])
    inter = np.sum(p * t)
    return 1 - 2 * inter / (np.sum(p) + np.sum(t))


def ctc_like_forward(z):
    lp = log_softmax(z, axis=1)
    alpha = lp[0, [0, 1]]
    for t in range(1, z.shape[0]):
        stay = alpha
        move = np.concatenate([[-np.inf], alpha[:-1]])
        alpha = np.logaddexp(stay, move) + lp[t, [0, 1]]
    return -logsumexp(alpha)


def poisson_nll(w, X):
    counts = np.array([1.0, 0.0, 3.0, 2.0])
    rate = np.exp(X @ w)
    return np.sum(rate - counts * np.log(rate))


def quantile_loss(pred):
    y = np.array([0.3, -0.2, 1.1, 0.5, 0.0])
    q = 0.8
    e = y - pred
    return np.sum(np.maximum(q * e, (q - 1) * e))


def per_sample_ce(z, y):
    return logsumexp(z, axis=1) - z[np.arange(4), y]


def softmax_probs(z):
    e = np.exp(z - z.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


W3 = np.array([0.3, -0.5, 0.8])
X43 = _r.standard_normal((4, 3))

CASES = [
    dict(f=ce_logsumexp, args=(LOGITS, Y)),
    dict(f=ce_by_hand, args=(LOGITS, Y)),
    dict(f=ce_take_along, args=(LOGITS, Y)),
    dict(f=ce_onehot, args=(LOGITS, Y)),
    dict(f=ce_loop, args=(LOGITS, Y)),
    dict(f=label_smoothing, args=(LOGITS, Y)),
    dict(f=label_smoothing_mix, args=(LOGITS, Y)),
    dict(f=focal_loss, args=(LOGITS, Y)),
    dict(f=binary_ce, args=(W3, X43), wrt=0, alt=1),
    dict(f=binary_ce_logits, args=(W3, X43), wrt=0, alt=1),
    dict(f=bce_clip, args=(W3, X43), wrt=0, alt=1),
    dict(f=hinge, args=(W3, X43), wrt=0),
    dict(f=squared_hinge, args=(W3, X43), wrt=0, alt=1),
    dict(f=multiclass_hinge, args=(LOGITS, Y)),
    dict(f=huber, args=(np.array([0.3, -2.0, 1.5, -0.1]),)),
    dict(f=pseudo_huber, args=(np.array([0.3, -2.0, 1.5, -0.1]),)),
    dict(f=kl_div, args=(LOGITS[0, :4], P), wrt=0, alt=1),
    dict(f=js_div, args=(LOGITS[1, :4], P), wrt=0, alt=1),
    dict(f=contrastive_infonce, args=(EMB,)),
    dict(f=triplet, args=(EMB,)),
    dict(f=cosine_embedding, args=(EMB,)),
    dict(f=dice_loss, args=(LOGITS,)),
    dict(f=ctc_like_forward, args=(LOGITS,)),
    dict(f=poisson_nll, args=(W3, X43), wrt=0, alt=1),
    dict(f=quantile_loss, args=(np.array([0.1, 0.1, 0.4, 0.9, 0.3]),)),
    dict(f=per_sample_ce, args=(LOGITS, Y), out="vector"),
    dict(f=softmax_probs, args=(LOGITS[:2],), out="vector"),
]

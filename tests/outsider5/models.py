"""Whole small models as people publish them: MLPs, CNNs by hand, attention, flows, MDNs."""

import math

import numpy as np

rng = np.random.default_rng(0)


def softmax(z, axis=-1):
    z = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def mlp_xent_minibatch(params, X, y, batch=4):
    # 2-layer classifier, cross-entropy averaged over minibatches
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    n = X.shape[0]
    total = 0.0
    for start in range(0, n, batch):
        xb = X[start:start + batch]
        yb = y[start:start + batch]
        h = np.maximum(xb @ W1 + b1, 0.0)
        logits = h @ W2 + b2
        logp = logits - np.log(np.sum(np.exp(logits), axis=1, keepdims=True))
        total = total - np.sum(logp[np.arange(len(yb)), yb])
    return total / n


def mlp_onehot(W1, W2, X, Y):
    h = np.tanh(X @ W1)
    p = softmax(h @ W2)
    return -np.mean(np.sum(Y * np.log(p + 1e-12), axis=1))


def label_smoothing(logits, y, eps=0.1):
    k = logits.shape[1]
    target = np.full(logits.shape, eps / (k - 1))
    target[np.arange(len(y)), y] = 1.0 - eps
    logp = logits - np.log(np.sum(np.exp(logits), axis=1, keepdims=True))
    return -np.sum(target * logp) / len(y)


def temperature_softmax(z, T):
    p = softmax(z / T)
    return np.sum(p * np.arange(z.shape[0]))


def conv2d_loops(img, K):
    H, W = img.shape
    kh, kw = K.shape
    out = np.zeros((H - kh + 1, W - kw + 1))
    for i in range(H - kh + 1):
        for j in range(W - kw + 1):
            out[i, j] = np.sum(img[i:i + kh, j:j + kw] * K)
    return np.sum(np.maximum(out, 0.0) ** 2)


def maxpool_cnn(img, K):
    kh, kw = K.shape
    H, W = img.shape[0] - kh + 1, img.shape[1] - kw + 1
    fm = np.empty((H, W))
    for i in range(H):
        for j in range(W):
            fm[i, j] = np.tanh(np.sum(img[i:i + kh, j:j + kw] * K))
    pooled = []
    for i in range(0, H - 1, 2):
        for j in range(0, W - 1, 2):
            pooled.append(np.max(fm[i:i + 2, j:j + 2]))
    return np.sum(np.array(pooled) ** 2)


def attention_masked(Q, K, V):
    d = Q.shape[-1]
    scores = Q @ K.T / np.sqrt(d)
    n = scores.shape[0]
    mask = np.triu(np.ones((n, n)), k=1).astype(bool)
    scores = np.where(mask, -1e9, scores)
    A = softmax(scores, axis=-1)
    return np.sum((A @ V) ** 2)


def attention_masked_fill(Q, K, V):
    scores = Q @ K.T
    n = scores.shape[0]
    scores[np.triu_indices(n, 1)] = -np.inf
    A = np.exp(scores - scores.max(axis=1, keepdims=True))
    A /= A.sum(axis=1, keepdims=True)
    return float(np.sum(A @ V))


def multihead(X, Wq, Wk, Wv, heads=2):
    n, d = X.shape
    dh = d // heads
    out = []
    for h in range(heads):
        sl = slice(h * dh, (h + 1) * dh)
        q, k, v = X @ Wq[:, sl], X @ Wk[:, sl], X @ Wv[:, sl]
        a = softmax(q @ k.T / math.sqrt(dh))
        out.append(a @ v)
    Y = np.concatenate(out, axis=1)
    return np.mean(Y ** 2)


def mdn_nll(W, X, y):
    # mixture density network: 3 components from one linear layer
    out = X @ W
    logit_pi, mu, log_sigma = out[:, :3], out[:, 3:6], out[:, 6:9]
    log_pi = logit_pi - np.log(np.sum(np.exp(logit_pi), axis=1, keepdims=True))
    sigma = np.exp(log_sigma)
    z = (y[:, None] - mu) / sigma
    comp = log_pi - 0.5 * z ** 2 - log_sigma - 0.5 * np.log(2 * np.pi)
    m = np.max(comp, axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.sum(np.exp(comp - m), axis=1))
    return -np.mean(lse)


def planar_flow(z, u, w, b):
    # planar flow f(z) = z + u tanh(w.z + b), log-det = log|1 + u.psi|
    a = z @ w + b
    f = z + np.outer(np.tanh(a), u)
    psi = (1 - np.tanh(a) ** 2)[:, None] * w
    logdet = np.log(np.abs(1 + psi @ u))
    logp = -0.5 * np.sum(f ** 2, axis=1) + logdet
    return -np.mean(logp)


def affine_coupling(x, W, c):
    x1, x2 = x[:, :2], x[:, 2:]
    s = np.tanh(x1 @ W)
    t = x1 @ W * c
    y2 = x2 * np.exp(s) + t
    y = np.concatenate([x1, y2], axis=1)
    logdet = np.sum(s, axis=1)
    return np.mean(0.5 * np.sum(y ** 2, axis=1) - logdet)


def matfac_l2(U, V, R, mask, lam=0.1):
    pred = U @ V.T
    err = (pred - R) * mask
    return np.sum(err ** 2) + lam * (np.sum(U ** 2) + np.sum(V ** 2))


def matfac_sgd_entries(U, V, rows, cols, vals):
    loss = 0.0
    for r, c, v in zip(rows, cols, vals):
        loss += (U[r] @ V[c] - v) ** 2
    return loss


def word2vec_neg(Win, Wout, center, context, negatives):
    v = Win[center]
    loss = -np.log(1 / (1 + np.exp(-(Wout[context] @ v))))
    for k in negatives:
        loss = loss - np.log(1 / (1 + np.exp(Wout[k] @ v)))
    return loss


def word2vec_batch(Win, Wout, centers, contexts, negs):
    v = Win[centers]                       # (B, d)
    pos = np.sum(v * Wout[contexts], axis=1)
    neg = np.einsum("bd,bkd->bk", v, Wout[negs])
    return -np.sum(np.log(1 / (1 + np.exp(-pos)))) - np.sum(np.log(1 / (1 + np.exp(neg))))


def kl_gaussians(mu1, logvar1, mu2, logvar2):
    return 0.5 * np.sum(logvar2 - logvar1 + (np.exp(logvar1) + (mu1 - mu2) ** 2) / np.exp(logvar2) - 1)


def kl_categorical(logits_p, logits_q):
    p = softmax(logits_p)
    return np.sum(p * (np.log(p) - np.log(softmax(logits_q))))


def vae_elbo(enc, dec, x, eps):
    h = np.tanh(x @ enc)
    mu, logvar = h[:2], h[2:]
    z = mu + np.exp(0.5 * logvar) * eps
    xhat = 1 / (1 + np.exp(-(z @ dec)))
    rec = -np.sum(x * np.log(xhat) + (1 - x) * np.log(1 - xhat))
    kl = -0.5 * np.sum(1 + logvar - mu ** 2 - np.exp(logvar))
    return rec + kl


def layernorm_mlp(W, g, b, X):
    h = X @ W
    mu = h.mean(axis=-1, keepdims=True)
    var = h.var(axis=-1, keepdims=True)
    hn = (h - mu) / np.sqrt(var + 1e-5) * g + b
    return np.sum(np.tanh(hn) ** 2)


def dropout_fixed_mask(W, X):
    r = np.random.default_rng(0)
    mask = r.random(W.shape) > 0.3
    h = X @ (W * mask) / 0.7
    return np.sum(h ** 2)


def focal_multiclass(logits, y, gamma=2.0):
    p = softmax(logits)
    pt = p[np.arange(len(y)), y]
    return -np.mean((1 - pt) ** gamma * np.log(pt))


def hinge_multiclass(W, X, y):
    scores = X @ W
    correct = scores[np.arange(len(y)), y][:, None]
    margins = np.maximum(0, scores - correct + 1.0)
    margins[np.arange(len(y)), y] = 0
    return np.sum(margins) / len(y)


def embedding_bag(E, idx, offsets, w):
    total = 0.0
    for i in range(len(offsets) - 1):
        bag = E[idx[offsets[i]:offsets[i + 1]]].mean(axis=0)
        total = total + np.tanh(bag @ w)
    return total


X8 = rng.standard_normal((8, 3))
Y8 = np.array([0, 2, 1, 1, 0, 2, 2, 1])
P_MLP = {"W1": rng.standard_normal((3, 5)) * 0.5, "b1": rng.standard_normal(5) * 0.1,
         "W2": rng.standard_normal((5, 3)) * 0.5, "b2": np.zeros(3)}
R43 = rng.standard_normal((4, 3))
MASK43 = (rng.random((4, 3)) > 0.3).astype(float)

CASES = [
    dict(f=mlp_xent_minibatch, args=(P_MLP, X8, Y8), wrt=0, h=1e-6),
    dict(f=mlp_xent_minibatch, args=(P_MLP, X8, Y8, 3), wrt=0, name="mlp_xent_batch3"),
    dict(f=mlp_onehot, args=(rng.standard_normal((3, 4)), rng.standard_normal((4, 3)), X8,
                             np.eye(3)[Y8]), wrt=0, alt=(0, 1)),
    dict(f=label_smoothing, args=(rng.standard_normal((5, 4)), np.array([0, 3, 1, 1, 2])), wrt=0),
    dict(f=temperature_softmax, args=(rng.standard_normal(5), 0.7), wrt=0, alt=1),
    dict(f=conv2d_loops, args=(rng.standard_normal((6, 6)), rng.standard_normal((3, 3))), wrt=1, alt=0),
    dict(f=maxpool_cnn, args=(rng.standard_normal((7, 7)), rng.standard_normal((2, 2))), wrt=1, alt=0),
    dict(f=attention_masked, args=(rng.standard_normal((4, 3)), rng.standard_normal((4, 3)),
                                   rng.standard_normal((4, 2))), wrt=0, alt=(1, 2)),
    dict(f=attention_masked_fill, args=(rng.standard_normal((4, 3)), rng.standard_normal((4, 3)),
                                        rng.standard_normal((4, 2))), wrt=0, alt=2),
    dict(f=multihead, args=(rng.standard_normal((3, 4)), rng.standard_normal((4, 4)),
                            rng.standard_normal((4, 4)), rng.standard_normal((4, 4))), wrt=1, alt=0),
    dict(f=mdn_nll, args=(rng.standard_normal((2, 9)) * 0.5, rng.standard_normal((6, 2)),
                          rng.standard_normal(6)), wrt=0),
    dict(f=planar_flow, args=(rng.standard_normal((5, 2)), np.array([0.3, -0.2]), np.array([0.5, 0.4]),
                              0.1), wrt=1, alt=("w", "b")),
    dict(f=affine_coupling, args=(rng.standard_normal((4, 4)), rng.standard_normal((2, 2)), 0.5),
         wrt=1, alt=0),
    dict(f=matfac_l2, args=(rng.standard_normal((4, 2)), rng.standard_normal((3, 2)), R43, MASK43),
         wrt=(0, 1)),
    dict(f=matfac_sgd_entries, args=(rng.standard_normal((4, 2)), rng.standard_normal((3, 2)),
                                     [0, 1, 3, 0], [2, 0, 1, 2], [1.0, -0.5, 0.3, 0.8]), wrt=0, alt=1),
    dict(f=word2vec_neg, args=(rng.standard_normal((6, 3)), rng.standard_normal((6, 3)), 2, 4,
                               np.array([0, 5, 4])), wrt=0, alt=1),
    dict(f=word2vec_batch, args=(rng.standard_normal((6, 3)), rng.standard_normal((6, 3)),
                                 np.array([0, 2, 2]), np.array([1, 3, 3]),
                                 np.array([[4, 5], [5, 5], [0, 1]])), wrt=1, alt=0),
    dict(f=kl_gaussians, args=(rng.standard_normal(3), rng.standard_normal(3), rng.standard_normal(3),
                               rng.standard_normal(3)), wrt=(0, 1), alt=3),
    dict(f=kl_categorical, args=(rng.standard_normal(4), rng.standard_normal(4)), wrt=0, alt=1),
    dict(f=vae_elbo, args=(rng.standard_normal((5, 4)) * 0.5, rng.standard_normal((2, 5)) * 0.5,
                           (rng.random(5) > 0.5).astype(float), rng.standard_normal(2)), wrt=0, alt=1),
    dict(f=layernorm_mlp, args=(rng.standard_normal((3, 4)), rng.standard_normal(4), rng.standard_normal(4),
                                rng.standard_normal((5, 3))), wrt=0, alt=("g", "b")),
    dict(f=dropout_fixed_mask, args=(rng.standard_normal((3, 4)), rng.standard_normal((5, 3))), wrt=0),
    dict(f=focal_multiclass, args=(rng.standard_normal((5, 3)), np.array([0, 2, 1, 1, 0])), wrt=0),
    dict(f=hinge_multiclass, args=(rng.standard_normal((3, 4)), rng.standard_normal((6, 3)),
                                   np.array([0, 3, 1, 2, 2, 0])), wrt=0),
    dict(f=embedding_bag, args=(rng.standard_normal((6, 3)), np.array([0, 2, 2, 5, 1, 3]),
                                [0, 2, 5, 6], rng.standard_normal(3)), wrt=0, alt=3),
]

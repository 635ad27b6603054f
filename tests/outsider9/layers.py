"""Deep-learning layers written in NumPy: attention, normalisation, dropout, embeddings,
residual blocks, a tiny transformer block."""

import numpy as np
from scipy.special import logsumexp, softmax as sp_softmax

_r = np.random.default_rng(90)
X4 = _r.standard_normal((4, 3))
Q3 = _r.standard_normal((3, 3))
K3 = _r.standard_normal((3, 3))
V3 = _r.standard_normal((3, 3))
W33 = _r.standard_normal((3, 3)) * 0.5
B3 = _r.standard_normal(3) * 0.1
EMB = _r.standard_normal((5, 3))
TOK = np.array([0, 3, 3, 1, 4])
XB = _r.standard_normal((6, 3))


def softmax(z, axis=-1):
    z = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def attention(Q, K, V):
    d = Q.shape[-1]
    scores = Q @ K.T / np.sqrt(d)
    return np.sum(softmax(scores) @ V)


def masked_attention(Q, K, V):
    n = Q.shape[0]
    scores = Q @ K.T / np.sqrt(Q.shape[1])
    mask = np.triu(np.ones((n, n), dtype=bool), k=1)
    scores = np.where(mask, -1e9, scores)
    A = softmax(scores, axis=1)
    return np.sum((A @ V) ** 2)


def masked_attention_inf(Q, K, V):
    n = Q.shape[0]
    s = Q @ K.T
    s[np.triu_indices(n, 1)] = -np.inf
    A = np.exp(s - s.max(axis=1, keepdims=True))
    A /= A.sum(axis=1, keepdims=True)
    return (A @ V).sum()


def attention_scipy_softmax(Q, K, V):
    A = sp_softmax(Q @ K.T / 3 ** 0.5, axis=-1)
    return np.sum(A @ V * np.arange(3.0))


def attention_einsum(Q, K, V):
    s = np.einsum("id,jd->ij", Q, K) / np.sqrt(Q.shape[1])
    a = np.exp(s - logsumexp(s, axis=1, keepdims=True))
    return np.einsum("ij,jd->", a, V)


def multihead(X, Wq, Wk):
    H = 3
    out = 0.0
    for h in range(H):
        q = X @ Wq[:, h:h + 1]
        k = X @ Wk[:, h:h + 1]
        a = softmax(q @ k.T)
        out = out + np.sum(a @ X)
    return out


def layer_norm(x, gamma, beta, eps=1e-5):
    mu = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    xhat = (x - mu) / np.sqrt(var + eps)
    return np.sum((gamma * xhat + beta) * np.arange(12.0).reshape(4, 3))


def layer_norm_std(x):
    y = (x - x.mean(-1)[:, None]) / (x.std(-1)[:, None] + 1e-6)
    return np.sum(y[:, 0] * y[:, 1])


def rms_norm(x, g):
    rms = np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + 1e-6)
    return np.sum(np.tanh(x / rms * g))


def batch_norm_train(x, gamma, beta):
    mean = x.mean(axis=0)
    var = ((x - mean) ** 2).mean(axis=0)
    y = gamma * (x - mean) / np.sqrt(var + 1e-5) + beta
    return np.sum(y ** 3)


class BatchNorm:
    def __init__(self, n, momentum=0.9):
        self.running_mean = np.zeros(n)
        self.running_var = np.ones(n)
        self.momentum = momentum


def batch_norm_running(x, gamma):
    running_mean = np.zeros(3)
    running_var = np.ones(3)
    m = 0.9
    for step in range(3):
        xb = x[2 * step:2 * step + 2]
        mu = xb.mean(0)
        v = xb.var(0)
        running_mean = m * running_mean + (1 - m) * mu
        running_var = m * running_var + (1 - m) * v
    y = gamma * (x - running_mean) / np.sqrt(running_var + 1e-5)
    return np.sum(np.sin(y))


def batch_norm_inplace_stats(x, gamma):
    stats = {"mean": np.zeros(3), "var": np.ones(3)}
    mu = x.mean(axis=0)
    stats["mean"] = 0.9 * stats["mean"] + 0.1 * mu
    stats["var"] = 0.9 * stats["var"] + 0.1 * x.var(axis=0)
    return np.sum(gamma * (x - stats["mean"]) / np.sqrt(stats["var"]))


def dropout(x, p=0.3):
    rng = np.random.default_rng(0)
    mask = rng.random(x.shape) > p
    return np.sum(np.tanh(x * mask / (1 - p)))


def dropout_binomial(x):
    rng = np.random.default_rng(7)
    keep = rng.binomial(1, 0.8, size=x.shape)
    return np.sum((x * keep) ** 2) / 0.8


def dropout_inplace(x):
    rng = np.random.default_rng(3)
    h = np.tanh(x)
    h[rng.random(h.shape) < 0.25] = 0.0
    h /= 0.75
    return h.sum()


def embedding_lookup(E):
    tokens = np.array([0, 3, 3, 1, 4])
    h = E[tokens]
    return np.sum(h.mean(axis=0) ** 2)


def embedding_bag(E, tokens):
    total = np.zeros(E.shape[1])
    for t in tokens:
        total += E[t]
    return np.sum(np.tanh(total))


def embedding_onehot(E):
    tokens = np.array([2, 0, 4])
    onehot = np.eye(E.shape[0])[tokens]
    return np.sum((onehot @ E) ** 2)


def embedding_take(E):
    return np.sum(np.take(E, [1, 1, 2], axis=0) * np.array([1.0, 2.0, 3.0]))


def residual_block(x, W):
    h = np.maximum(x @ W, 0.0)
    return np.sum((x + h @ W.T) ** 2)


def residual_stack(x, W):
    for _ in range(3):
        x = x + 0.5 * np.tanh(x @ W)
    return np.sum(x)


def gelu(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def gelu_sum(x):
    return np.sum(gelu(x))


def swiglu(x, W):
    a = x @ W
    b = x @ W.T
    return np.sum(a / (1 + np.exp(-a)) * b)


def transformer_block(x, Wq, Wk):
    def ln(z):
        return (z - z.mean(-1, keepdims=True)) / np.sqrt(z.var(-1, keepdims=True) + 1e-5)
    h = ln(x)
    att = softmax((h @ Wq) @ (h @ Wk).T / np.sqrt(3.0))
    x = x + att @ h
    h2 = ln(x)
    x = x + gelu(h2 @ Wq)
    return np.sum(x ** 2)


def positional_encoding(x):
    n, d = x.shape
    pos = np.arange(n)[:, None]
    i = np.arange(d)[None, :]
    angle = pos / 10000 ** (2 * (i // 2) / d)
    pe = np.where(i % 2 == 0, np.sin(angle), np.cos(angle))
    return np.sum(np.tanh(x + pe))


def mlp_layers(x, params):
    for W, b in params:
        x = np.tanh(x @ W + b)
    return np.sum(x)


def mlp_dict(params, x):
    h = np.tanh(x @ params["W1"] + params["b1"])
    return np.sum(h @ params["W2"])


def leaky_relu_net(x, W):
    h = x @ W
    h = np.where(h > 0, h, 0.01 * h)
    return np.sum(h ** 2)


def softplus_layer(x, W):
    return np.sum(np.logaddexp(0, x @ W))


def glu_out(x):
    a, b = np.split(x, 2, axis=1)
    return a * (1 / (1 + np.exp(-b)))


def attention_out(Q, K, V):
    return softmax(Q @ K.T) @ V


CASES = [
    dict(f=attention, args=(Q3, K3, V3), wrt=0, alt=(0, 1, 2)),
    dict(f=masked_attention, args=(Q3, K3, V3), wrt=0, alt=2),
    dict(f=masked_attention_inf, args=(Q3, K3, V3), wrt=1, alt=0),
    dict(f=attention_scipy_softmax, args=(Q3, K3, V3), wrt=0),
    dict(f=attention_einsum, args=(Q3, K3, V3), wrt=(0, 2)),
    dict(f=multihead, args=(X4, W33, K3), wrt=1, alt=0),
    dict(f=layer_norm, args=(X4, np.array([1.0, 2.0, 0.5]), B3), wrt=0, alt=(1, 2)),
    dict(f=layer_norm_std, args=(X4,)),
    dict(f=rms_norm, args=(X4, np.array([1.0, 0.5, 2.0])), wrt=0, alt=1),
    dict(f=batch_norm_train, args=(XB, np.array([1.0, 2.0, 0.5]), B3), wrt=0, alt=1),
    dict(f=batch_norm_running, args=(XB, np.array([1.0, 2.0, 0.5])), wrt=0, alt=1),
    dict(f=batch_norm_inplace_stats, args=(XB, np.array([1.0, 2.0, 0.5]))),
    dict(f=dropout, args=(X4,)),
    dict(f=dropout_binomial, args=(X4,)),
    dict(f=dropout_inplace, args=(X4,)),
    dict(f=embedding_lookup, args=(EMB,)),
    dict(f=embedding_bag, args=(EMB, TOK)),
    dict(f=embedding_onehot, args=(EMB,)),
    dict(f=embedding_take, args=(EMB,)),
    dict(f=residual_block, args=(X4 + 1.0, W33), wrt=1, alt=0),
    dict(f=residual_stack, args=(X4, W33), wrt=1, alt=0),
    dict(f=gelu_sum, args=(X4,)),
    dict(f=swiglu, args=(X4, W33), wrt=1),
    dict(f=transformer_block, args=(X4, W33, K3 * 0.3), wrt=0, alt=1),
    dict(f=positional_encoding, args=(X4,)),
    dict(f=mlp_layers, args=(X4, [(W33, B3), (W33.T, -B3)]), wrt=1, alt=0),
    dict(f=mlp_dict, args=({"W1": W33, "b1": B3, "W2": K3}, X4), wrt=0),
    dict(f=leaky_relu_net, args=(X4, W33), wrt=1),
    dict(f=softplus_layer, args=(X4, W33), wrt=1),
    dict(f=glu_out, args=(_r.standard_normal((2, 4)),), out="vector"),
    dict(f=attention_out, args=(Q3, K3, V3), wrt=(0, 1), out="vector"),
]

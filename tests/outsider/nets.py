"""Outsider programs: neural-network losses and recurrent cells."""
import math

import numpy as np


def mlp_loss(params, X, y):
    """MLP regression loss with `for W, b in params:` over layers of different widths."""
    h = X
    for W, b in params[:-1]:
        h = np.tanh(h @ W + b)
    W, b = params[-1]
    out = h @ W + b
    return np.mean((out[:, 0] - y) ** 2)


def logreg_l2(w, b, X, y, lam):
    """Logistic regression negative log-likelihood with an L2 penalty (sklearn-style)."""
    z = X @ w + b
    p = 1.0 / (1.0 + np.exp(-z))
    eps = 1e-12
    nll = -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))
    return nll + 0.5 * lam * np.dot(w, w)


def softmax_xent(W, X, labels):
    """Softmax cross-entropy with the max-subtraction log-sum-exp trick and integer labels."""
    logits = X @ W
    m = np.max(logits, axis=1, keepdims=True)
    shifted = logits - m
    lse = np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    logp = shifted - lse
    n = X.shape[0]
    return -np.mean(logp[np.arange(n), labels])


def rnn_unrolled(Wx, Wh, b, xs, h0):
    """Vanilla RNN unrolled over a sequence; hidden states appended to a list then stacked."""
    h = h0
    hs = []
    for t in range(xs.shape[0]):
        h = np.tanh(xs[t] @ Wx + h @ Wh + b)
        hs.append(h)
    H = np.stack(hs)
    return np.sum(H ** 2) / len(hs)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def gru_sequence(params, xs):
    """GRU cell (dict of parameters) unrolled over a sequence, loss on the last state."""
    h = np.zeros(params["Uz"].shape[0])
    for x in xs:
        z = sigmoid(x @ params["Wz"] + h @ params["Uz"])
        r = sigmoid(x @ params["Wr"] + h @ params["Ur"])
        hh = np.tanh(x @ params["Wh"] + (r * h) @ params["Uh"])
        h = (1 - z) * h + z * hh
    return np.sum(h ** 2)


def lstm_step(x, h, c, W, b):
    hidden = h.shape[0]
    gates = np.concatenate([x, h]) @ W + b
    i = sigmoid(gates[:hidden])
    f = sigmoid(gates[hidden:2 * hidden])
    o = sigmoid(gates[2 * hidden:3 * hidden])
    g = np.tanh(gates[3 * hidden:])
    c = f * c + i * g
    h = o * np.tanh(c)
    return h, c


def lstm_sequence(W, b, xs, target):
    """LSTM over a sequence: helper returns a (h, c) tuple that the loop unpacks."""
    hidden = b.shape[0] // 4
    h = np.zeros(hidden)
    c = np.zeros(hidden)
    outs = []
    for t in range(len(xs)):
        h, c = lstm_step(xs[t], h, c, W, b)
        outs.append(h)
    Y = np.stack(outs, axis=0)
    return np.mean((Y - target) ** 2)


def attention(Q, K, V):
    """Scaled dot-product attention softmax(QK^T/sqrt(d))V, loss = sum of squares."""
    d = Q.shape[-1]
    scores = Q @ K.T / np.sqrt(d)
    scores = scores - scores.max(axis=-1, keepdims=True)
    w = np.exp(scores)
    w = w / w.sum(axis=-1, keepdims=True)
    out = w @ V
    return (out ** 2).sum()


def multihead_attention(X, Wq, Wk, Wv, n_heads):
    """Multi-head self-attention with reshape/transpose into heads and back."""
    T, D = X.shape
    dh = D // n_heads
    q = (X @ Wq).reshape(T, n_heads, dh).transpose(1, 0, 2)
    k = (X @ Wk).reshape(T, n_heads, dh).transpose(1, 0, 2)
    v = (X @ Wv).reshape(T, n_heads, dh).transpose(1, 0, 2)
    s = q @ k.transpose(0, 2, 1) / math.sqrt(dh)
    s = s - np.max(s, axis=-1, keepdims=True)
    a = np.exp(s)
    a = a / np.sum(a, axis=-1, keepdims=True)
    o = (a @ v).transpose(1, 0, 2).reshape(T, D)
    return np.sum(np.tanh(o))


def multihead_attention_ag(X, Wq, Wk, Wv, n_heads):
    import autograd.numpy as anp
    T, D = X.shape
    dh = D // n_heads
    q = anp.transpose((X @ Wq).reshape(T, n_heads, dh), (1, 0, 2))
    k = anp.transpose((X @ Wk).reshape(T, n_heads, dh), (1, 0, 2))
    v = anp.transpose((X @ Wv).reshape(T, n_heads, dh), (1, 0, 2))
    s = q @ anp.transpose(k, (0, 2, 1)) / math.sqrt(dh)
    s = s - anp.max(s, axis=-1, keepdims=True)
    a = anp.exp(s)
    a = a / anp.sum(a, axis=-1, keepdims=True)
    o = anp.transpose(a @ v, (1, 0, 2)).reshape(T, D)
    return anp.sum(anp.tanh(o))

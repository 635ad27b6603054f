"""Hand-written ML building blocks: attention, normalisation, dropout, convolutions, pooling,
embeddings, one-hot, losses, weight decay."""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

rng = np.random.default_rng(7)
X45 = rng.standard_normal((4, 5))
Q = rng.standard_normal((4, 3))
K = rng.standard_normal((4, 3))
V = rng.standard_normal((4, 2))
W53 = rng.standard_normal((5, 3)) * 0.5
labels = np.array([0, 2, 1, 2])
img = rng.standard_normal((6, 6))
ker = rng.standard_normal((3, 3))
sig = rng.standard_normal(10)
idx = np.array([1, 3, 1, 0, 1])
E = rng.standard_normal((5, 3))


def softmax(z, axis=-1):
    z = z - np.max(z, axis=axis, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def attention(q):
    s = q @ K.T / np.sqrt(3.0)
    a = softmax(s, axis=-1)
    return np.sum((a @ V) ** 2)


def causal_attention_neg_big(q):
    s = q @ K.T / np.sqrt(q.shape[-1])
    mask = np.tril(np.ones((4, 4)))
    s = np.where(mask == 1, s, -1e9)
    a = softmax(s)
    return np.sum(a @ V * np.arange(2.0))


def causal_attention_neg_inf(q):
    s = q @ K.T
    mask = np.triu(np.ones((4, 4), dtype=bool), k=1)
    s = np.where(mask, -np.inf, s)
    s = s - s.max(axis=1, keepdims=True)
    a = np.exp(s)
    a = a / a.sum(axis=1, keepdims=True)
    return np.sum(a @ V)


def causal_attention_masked_fill(q):
    s = q @ K.T
    s[np.triu_indices(4, 1)] = -np.inf
    a = softmax(s, axis=1)
    return np.sum(np.log(a[:, 0]))


def attention_qkv(x):
    Wq, Wk, Wv = W53[:, 0:1], W53[:, 1:2], W53[:, 2:3]
    q, k, v = x @ Wq, x @ Wk, x @ Wv
    a = softmax(q @ k.T)
    return np.sum(a @ v)


def multihead(x):
    n, d = x.shape
    h = x.reshape(n, 1, d) * np.ones((1, 2, 1))
    s = np.einsum("ihd,jhd->hij", h, h) / np.sqrt(d)
    a = softmax(s, axis=-1)
    o = np.einsum("hij,jhd->ihd", a, h)
    return np.sum(o.reshape(n, -1) ** 2) / n


def layer_norm(x):
    mu = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    y = (x - mu) / np.sqrt(var + 1e-5)
    return np.sum(y * np.arange(5.0))


def layer_norm_affine(gamma, x=X45):
    mu = np.mean(x, axis=1)[:, None]
    var = np.mean((x - mu) ** 2, axis=1)[:, None]
    y = gamma * (x - mu) / np.sqrt(var + 1e-5) + 0.1
    return np.sum(np.tanh(y))


def batch_norm(x):
    mu = x.mean(axis=0)
    var = ((x - mu) ** 2).mean(axis=0)
    xh = (x - mu) / np.sqrt(var + 1e-5)
    return np.sum(xh ** 3)


def batch_norm_running(x, running=np.zeros(5)):
    mu = np.mean(x, axis=0, keepdims=True)
    sd = np.std(x, axis=0, keepdims=True)
    new_running = 0.9 * running + 0.1 * mu.ravel()
    return np.sum(((x - mu) / (sd + 1e-5)) ** 2 * X45) + np.sum(new_running ** 2)


def rms_norm(x):
    r = np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + 1e-6)
    return np.sum(x / r * X45)


def dropout_rng(w, seed=0):
    r = np.random.default_rng(seed)
    keep = r.random(w.shape) > 0.3
    h = np.where(keep, w / 0.7, 0.0)
    return np.sum(h ** 2)


def dropout_mask_mult(w):
    r = np.random.default_rng(1)
    m = (r.uniform(size=w.shape) < 0.5).astype(w.dtype)
    return np.sum(np.tanh(w * m * 2.0))


def conv1d_loops(k):
    n = sig.size - k.size + 1
    out = np.zeros(n)
    for i in range(n):
        out[i] = np.sum(sig[i:i + k.size] * k)
    return np.sum(out ** 2)


def conv1d_signal(x, k=np.array([0.25, 0.5, -0.25])):
    out = []
    for i in range(len(x) - len(k) + 1):
        out.append(x[i:i + len(k)] @ k)
    return np.sum(np.array(out) ** 2)


def conv1d_sliding(x):
    w = sliding_window_view(x, 3)
    y = w @ np.array([1.0, -2.0, 0.5])
    return np.sum(np.tanh(y))


def conv2d_loops(k):
    H, W = img.shape
    out = np.zeros((H - 2, W - 2))
    for i in range(H - 2):
        for j in range(W - 2):
            out[i, j] = np.sum(img[i:i + 3, j:j + 3] * k)
    return np.sum(np.maximum(out, 0.0) ** 2)


def conv2d_sliding(x):
    p = sliding_window_view(x, (3, 3))
    y = np.einsum("ijkl,kl->ij", p, ker)
    return np.sum(y ** 2)


def conv2d_im2col(k):
    cols = np.stack([img[i:i + 3, j:j + 3].ravel() for i in range(4) for j in range(4)])
    y = cols @ k.ravel()
    return np.sum(np.log1p(y ** 2))


def maxpool_reshape(x):
    p = x.reshape(3, 2, 3, 2).max(axis=(1, 3))
    return np.sum(p ** 2)


def avgpool_reshape(x):
    p = x.reshape(3, 2, 3, 2).mean(axis=(1, 3))
    return np.sum(np.sin(p))


def maxpool_argmax(x):
    w = sliding_window_view(x, 2)[::2]
    i = np.argmax(w, axis=1)
    return np.sum(w[np.arange(len(i)), i] ** 2)


def maxpool_loops(x):
    out = np.zeros(5)
    for i in range(5):
        out[i] = np.max(x[2 * i:2 * i + 2])
    return np.sum(out * np.arange(1.0, 6.0))


def global_avg_pool(x):
    return np.sum(x.mean(axis=(0, 1)) ** 2) + np.sum(x.mean(axis=0).mean(axis=0))


def embedding_repeated(E):
    h = E[idx]
    return np.sum(np.tanh(h.sum(axis=0)))


def embedding_take(E):
    h = np.take(E, idx, axis=0)
    return np.sum(h * h * np.arange(3.0))


def embedding_bag_mean(E):
    bags = [[0, 1], [1, 1, 3], [4]]
    out = np.stack([E[b].mean(axis=0) for b in bags])
    return np.sum(out ** 2)


def one_hot_eye(logits):
    y = np.eye(3)[labels]
    p = softmax(logits)
    return -np.sum(y * np.log(p)) / len(labels)


def cross_entropy_log_softmax(logits):
    ls = logits - np.log(np.sum(np.exp(logits), axis=1, keepdims=True))
    return -np.mean(ls[np.arange(4), labels])


def cross_entropy_take_along(logits):
    m = logits.max(axis=1, keepdims=True)
    ls = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    return -np.take_along_axis(ls, labels[:, None], axis=1).mean()


def label_smoothing(logits, eps=0.1):
    k = logits.shape[1]
    y = np.full((4, k), eps / k)
    y[np.arange(4), labels] += 1 - eps
    ls = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
    return -(y * ls).sum(-1).mean()


def hinge_loss(w):
    y = np.array([1.0, -1.0, 1.0, -1.0])
    margins = 1 - y * (X45 @ w)
    return np.mean(np.maximum(0, margins)) + 0.01 * w @ w


def multiclass_hinge(W):
    s = X45 @ W
    correct = s[np.arange(4), labels][:, None]
    m = np.maximum(0, s - correct + 1.0)
    m[np.arange(4), labels] = 0
    return m.sum() / 4


def huber(r, delta=1.0):
    a = np.abs(r)
    q = np.where(a <= delta, 0.5 * r ** 2, delta * (a - 0.5 * delta))
    return np.sum(q)


def huber_clip(r):
    c = np.clip(r, -1.0, 1.0)
    return np.sum(c * (r - 0.5 * c))


def focal_loss(logits, gamma=2.0):
    p = 1 / (1 + np.exp(-logits))
    y = np.array([1, 0, 1, 1, 0])
    pt = np.where(y == 1, p, 1 - p)
    return -np.sum((1 - pt) ** gamma * np.log(pt))


def triplet_loss(a):
    p = a + 0.3
    n = a[::-1] * 0.5
    dp = np.sum((a - p) ** 2, axis=1)
    dn = np.sum((a - n) ** 2, axis=1)
    return np.mean(np.maximum(dp - dn + 3.0, 0.0))


def weight_decay_dict(params):
    reg = 0.0
    for name, p in params.items():
        if name.startswith("W"):
            reg = reg + 0.5 * np.sum(p ** 2)
    out = np.tanh(X45 @ params["W1"] + params["b1"]) @ params["W2"]
    return np.sum(out ** 2) + 1e-2 * reg


def mlp_relu(W1, b1):
    h = np.maximum(X45 @ W1 + b1, 0)
    return np.mean((h.sum(axis=1) - 1.0) ** 2)


def gelu_tanh(x):
    y = 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))
    return np.sum(y)


def swiglu(x):
    a, b = np.split(x, 2, axis=-1)
    return np.sum(a / (1 + np.exp(-a)) * b)


def positional_encoding(x):
    pos = np.arange(x.shape[0])[:, None]
    i = np.arange(x.shape[1])[None, :]
    pe = np.where(i % 2 == 0, np.sin(pos / 10000 ** (i / 5)), np.cos(pos / 10000 ** ((i - 1) / 5)))
    return np.sum((x + pe) ** 2)


def kl_div_softmax(z):
    p = softmax(z)
    q = softmax(X45)
    return np.sum(p * (np.log(p) - np.log(q)))


def contrastive_logits(x):
    xn = x / np.linalg.norm(x, axis=1, keepdims=True)
    s = xn @ xn.T / 0.5
    s = s - np.eye(len(x)) * 1e9
    ls = s - np.log(np.sum(np.exp(s - s.max(1, keepdims=True)), 1, keepdims=True)) - s.max(1, keepdims=True)
    return -np.mean(ls[[0, 1, 2, 3], [1, 0, 3, 2]])


CASES = [
    dict(f=attention, args=(Q.copy(),)),
    dict(f=causal_attention_neg_big, args=(Q.copy(),)),
    dict(f=causal_attention_neg_inf, args=(Q.copy(),)),
    dict(f=causal_attention_masked_fill, args=(Q.copy(),)),
    dict(f=attention_qkv, args=(X45.copy(),)),
    dict(f=multihead, args=(X45.copy(),)),
    dict(f=layer_norm, args=(X45.copy(),)),
    dict(f=layer_norm_affine, args=(np.linspace(0.5, 1.5, 5),)),
    dict(f=batch_norm, args=(X45.copy(),)),
    dict(f=batch_norm_running, args=(X45.copy(), np.ones(5))),
    dict(f=rms_norm, args=(X45.copy(),)),
    dict(f=dropout_rng, args=(X45.copy(),)),
    dict(f=dropout_mask_mult, args=(X45.copy(),)),
    dict(f=conv1d_loops, args=(np.array([0.3, -0.2, 0.5]),)),
    dict(f=conv1d_signal, args=(sig.copy(),)),
    dict(f=conv1d_sliding, args=(sig.copy(),)),
    dict(f=conv2d_loops, args=(ker.copy(),)),
    dict(f=conv2d_sliding, args=(img.copy(),)),
    dict(f=conv2d_im2col, args=(ker.copy(),)),
    dict(f=maxpool_reshape, args=(img.copy(),)),
    dict(f=avgpool_reshape, args=(img.copy(),)),
    dict(f=maxpool_argmax, args=(sig.copy(),)),
    dict(f=maxpool_loops, args=(sig.copy(),)),
    dict(f=global_avg_pool, args=(rng.standard_normal((2, 3, 4)),)),
    dict(f=embedding_repeated, args=(E.copy(),)),
    dict(f=embedding_take, args=(E.copy(),)),
    dict(f=embedding_bag_mean, args=(E.copy(),)),
    dict(f=one_hot_eye, args=(Q.copy(),)),
    dict(f=cross_entropy_log_softmax, args=(Q.copy(),)),
    dict(f=cross_entropy_take_along, args=(Q.copy(),)),
    dict(f=label_smoothing, args=(Q.copy(),)),
    dict(f=hinge_loss, args=(np.array([0.3, -0.2, 0.1, 0.4, -0.5]),)),
    dict(f=multiclass_hinge, args=(W53.copy(),)),
    dict(f=huber, args=(np.array([0.3, -2.0, 1.7, -0.4]),)),
    dict(f=huber_clip, args=(np.array([0.3, -2.0, 1.7, -0.4]),)),
    dict(f=focal_loss, args=(np.array([0.3, -1.0, 2.0, -0.4, 0.8]),)),
    dict(f=triplet_loss, args=(X45.copy(),)),
    dict(f=weight_decay_dict, args=({"W1": W53.copy(), "b1": np.array([0.1, -0.2, 0.3]),
                                      "W2": np.array([0.5, -0.4, 0.2])},)),
    dict(f=mlp_relu, args=(W53.copy(), np.array([0.1, 0.2, -0.1])), wrt=(0, 1), alt="b1"),
    dict(f=gelu_tanh, args=(sig.copy(),)),
    dict(f=swiglu, args=(X45[:, :4].copy(),)),
    dict(f=positional_encoding, args=(X45.copy(),)),
    dict(f=kl_div_softmax, args=(X45.copy() * 0.5,)),
    dict(f=contrastive_logits, args=(X45.copy(),)),
]


# ---- helpers taking the axis (and keepdims) as arguments
def _norm(z, axis=-1, eps=1e-5):
    mu = np.mean(z, axis=axis, keepdims=True)
    var = np.var(z, axis=axis, keepdims=True)
    return (z - mu) / np.sqrt(var + eps)


def _lse(z, axis):
    m = np.max(z, axis=axis, keepdims=True)
    return np.squeeze(m, axis=axis) + np.log(np.sum(np.exp(z - m), axis=axis))


def batch_norm_helper_axis0(x):
    return np.sum(_norm(x, axis=0) ** 3)


def layer_norm_helper_axis1(x):
    return np.sum(_norm(x, 1) * X45)


def lse_helper_axis1(x):
    return np.sum(_lse(x, 1) ** 2)


def lse_helper_axis0(x):
    return np.sum(_lse(x, axis=0) ** 2)


def softmax_helper_axis0(x):
    return np.sum(softmax(x, axis=0) * X45)


def softmax_helper_axis1(x):
    return np.sum(softmax(x, axis=1) * X45)


def softmax_helper_axis_neg1_kw(x):
    return np.sum(softmax(x, axis=-1) * X45)


def _pool(x, axis, keepdims=False):
    return np.max(x, axis=axis, keepdims=keepdims)


def pool_helper_keepdims(x):
    return np.sum(_pool(x, 1, keepdims=True) * x)


CASES += [
    dict(f=batch_norm_helper_axis0, args=(X45.copy(),)),
    dict(f=layer_norm_helper_axis1, args=(X45.copy(),)),
    dict(f=lse_helper_axis1, args=(X45.copy(),)),
    dict(f=lse_helper_axis0, args=(X45.copy(),)),
    dict(f=softmax_helper_axis0, args=(X45.copy(),)),
    dict(f=softmax_helper_axis1, args=(X45.copy(),)),
    dict(f=softmax_helper_axis_neg1_kw, args=(X45.copy(),)),
    dict(f=pool_helper_keepdims, args=(X45.copy(),)),
]


# ---- more building blocks: masked fills, routing, reductions with options
def masked_fill_bool(q):
    s = q @ K.T
    mask = np.array([[0, 1, 1, 1], [0, 0, 1, 1], [0, 0, 0, 1], [0, 0, 0, 0]], dtype=bool)
    s[mask] = -1e9
    return np.sum(softmax(s) @ V)


def padding_mask_mean(x):
    lengths = np.array([2, 4, 3, 1])
    m = np.arange(5)[None, :] < lengths[:, None]
    return np.sum(np.sum(x * m, axis=1) / lengths)


def moe_top1_routing(x):
    gate = x @ W53
    k = np.argmax(gate, axis=1)
    w = softmax(gate)[np.arange(4), k]
    experts = np.stack([x @ W53[:, j] for j in range(3)], axis=1)
    return np.sum(w * experts[np.arange(4), k])


def topk_argsort(x):
    order = np.argsort(-x, axis=1)[:, :2]
    top = np.take_along_axis(x, order, axis=1)
    return np.sum(top ** 2)


def put_along_axis_scatter(x):
    y = np.zeros((4, 5))
    np.put_along_axis(y, labels[:, None], x[:, :1] * 2.0, axis=1)
    return np.sum((y + x) ** 2)


def add_at_embedding_grad_style(E):
    acc = np.zeros((5, 3))
    np.add.at(acc, idx, E[idx] * 2.0)
    return np.sum(acc ** 2)


def std_ddof1(x):
    return np.sum(np.std(x, axis=0, ddof=1)) + np.sum(np.var(x, axis=1, ddof=1))


def median_loss(x):
    return np.median(np.abs(x.ravel() - 0.1)) + np.sum(np.median(x, axis=0))


def corrcoef_loss(x):
    C = np.corrcoef(x.T)
    return np.sum(C ** 2)


def cov_rowvar_false(x):
    C = np.cov(x, rowvar=False)
    return np.trace(C) + np.sum(C[0])


def norm_ord1_axis(x):
    return np.sum(np.linalg.norm(x, ord=1, axis=1)) + np.linalg.norm(x, "fro")


def kron_tensordot(x):
    A = np.kron(x[:2, :2], np.eye(2))
    return np.sum(np.tensordot(A, A, axes=([1], [0])) ** 2)


def einsum_ellipsis(x):
    y = np.einsum("...i,ij->...j", x, W53)
    return np.sum(y ** 2)


def maximum_accumulate(x):
    m = np.maximum.accumulate(x)
    return np.sum(m * np.arange(1.0, 11.0))


def outer_gram(w):
    G = np.outer(w, w) + np.eye(3)
    return np.linalg.slogdet(G)[1] + np.sum(X45[:, :3] @ G)


def sigmoid_bce_logits(z):
    yb = np.array([1.0, 0.0, 1.0, 0.0, 1.0])
    return np.mean(np.maximum(z, 0) - z * yb + np.log1p(np.exp(-np.abs(z))))


def l1_l2_elastic(w):
    return np.sum(np.abs(w)) * 0.1 + 0.5 * np.sum(w ** 2) + np.sum((X45 @ w) ** 2)


def smooth_l1_inplace(r):
    out = 0.5 * r ** 2
    big = np.abs(r) > 1.0
    out[big] = np.abs(r[big]) - 0.5
    return np.sum(out)


CASES += [
    dict(f=masked_fill_bool, args=(Q.copy(),)),
    dict(f=padding_mask_mean, args=(X45.copy(),)),
    dict(f=moe_top1_routing, args=(X45.copy(),)),
    dict(f=topk_argsort, args=(X45.copy(),)),
    dict(f=put_along_axis_scatter, args=(X45.copy(),)),
    dict(f=add_at_embedding_grad_style, args=(E.copy(),)),
    dict(f=std_ddof1, args=(X45.copy(),)),
    dict(f=median_loss, args=(X45.copy(),)),
    dict(f=corrcoef_loss, args=(X45.copy(),)),
    dict(f=cov_rowvar_false, args=(X45.copy(),)),
    dict(f=norm_ord1_axis, args=(X45.copy(),)),
    dict(f=kron_tensordot, args=(X45.copy(),)),
    dict(f=einsum_ellipsis, args=(rng.standard_normal((2, 3, 5)),)),
    dict(f=maximum_accumulate, args=(sig.copy(),)),
    dict(f=outer_gram, args=(np.array([0.5, -0.3, 0.8]),)),
    dict(f=sigmoid_bce_logits, args=(np.array([0.3, -1.0, 2.0, -0.4, 0.8]),)),
    dict(f=l1_l2_elastic, args=(np.array([0.3, -1.0, 2.0, -0.4, 0.8]),)),
    dict(f=smooth_l1_inplace, args=(np.array([0.3, -2.0, 1.7, -0.4]),)),
]


def _scaled(z, k=2.0, lo=-1.0):
    return np.maximum(k * z, lo)


def _stats2(z, axis=None, keepdims=False):
    return np.mean(z, axis=axis, keepdims=keepdims), np.std(z, axis=axis, keepdims=keepdims)


def helper_non_default_scalars(x):
    return np.sum(_scaled(x, 3.0, lo=-2.0) ** 2)


def helper_tuple_axis(x):
    m, s = _stats2(x, axis=(0, 1))
    return m + s


def helper_tuple_axis1_keepdims(x):
    m, s = _stats2(x, 1, True)
    return np.sum((x - m) / s * X45)


def helper_axis_tuple_arg(x):
    return np.sum(_lse(x.reshape(2, 2, 5), 2) ** 2)


CASES += [
    dict(f=helper_non_default_scalars, args=(X45.copy(),)),
    dict(f=helper_tuple_axis, args=(X45.copy(),)),
    dict(f=helper_tuple_axis1_keepdims, args=(X45.copy(),)),
    dict(f=helper_axis_tuple_arg, args=(X45.copy(),)),
]


def _cube_max(z, axis):
    return np.max(z ** 3, axis=axis)


def max_helper_axis1(x):
    return np.sum(_cube_max(x, 1) ** 2)


CASES += [
    dict(f=max_helper_axis1, args=(X45.copy(),)),
]


# ---- batched shapes
Xb = rng.standard_normal((2, 4, 3))
tokens = np.array([[0, 1, 1], [3, 4, 0]])


def batched_attention_einsum(x):
    s = np.einsum("bqd,bkd->bqk", x, x) / np.sqrt(x.shape[-1])
    a = softmax(s, axis=-1)
    return np.sum(np.einsum("bqk,bkd->bqd", a, x) ** 2)


def batched_matmul_swapaxes(x):
    s = x @ np.swapaxes(x, -1, -2)
    causal = np.tril(np.ones((4, 4)))
    s = np.where(causal > 0, s, -1e9)
    a = softmax(s)
    return np.sum(a @ x)


def linear_3d_input(W):
    h = np.tanh(Xb @ W.T)
    return np.mean(h ** 2)


def embedding_2d_tokens(E):
    h = E[tokens]
    return np.sum(h.mean(axis=1) ** 2)


def batched_solve(A):
    M = A @ np.swapaxes(A, -1, -2) + np.eye(4)
    x = np.linalg.solve(M, np.ones((2, 4, 1)))
    return np.sum(x ** 2)


def conv1d_pad_same(k):
    xp = np.pad(sig, (1, 1))
    out = np.array([np.dot(xp[i:i + 3], k) for i in range(len(sig))])
    return np.sum(out ** 2)


def batchnorm_train_eval(x, training=True):
    if training:
        mu, var = x.mean(0), x.var(0)
    else:
        mu, var = np.zeros(5), np.ones(5)
    return np.sum(((x - mu) / np.sqrt(var + 1e-5)) ** 2 * X45)


def dropout_binomial(w):
    r = np.random.default_rng(3)
    m = r.binomial(1, 0.8, size=w.shape)
    return np.sum((w * m / 0.8) ** 2)


CASES += [
    dict(f=batched_attention_einsum, args=(Xb.copy(),)),
    dict(f=batched_matmul_swapaxes, args=(Xb.copy(),)),
    dict(f=linear_3d_input, args=(rng.standard_normal((2, 3)),)),
    dict(f=embedding_2d_tokens, args=(E.copy(),)),
    dict(f=batched_solve, args=(rng.standard_normal((2, 4, 4)),)),
    dict(f=conv1d_pad_same, args=(np.array([0.3, -0.2, 0.5]),)),
    dict(f=batchnorm_train_eval, args=(X45.copy(),)),
    dict(f=dropout_binomial, args=(X45.copy(),)),
]

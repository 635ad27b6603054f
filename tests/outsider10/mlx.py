"""ML beyond layers: soft k-means, Gaussian processes with kernels passed in, planar and radial
flows, contrastive and triplet losses, attention with einsum, metric learning."""
import numpy as np

_P = np.array([[0.0, 0.1], [0.9, 1.0], [1.1, 0.8], [-0.2, 0.3], [0.5, 0.5]])


def soft_kmeans(C):
    d = np.sum((_P[:, None, :] - C[None, :, :]) ** 2, axis=-1)
    r = np.exp(-5.0 * d)
    r = r / r.sum(axis=1, keepdims=True)
    return np.sum(r * d)


def kmeans_em_steps(C0):
    C = C0
    for _ in range(3):
        d = ((_P[:, None] - C[None]) ** 2).sum(-1)
        logits = -4.0 * d
        logits -= logits.max(axis=1, keepdims=True)
        r = np.exp(logits)
        r /= r.sum(1, keepdims=True)
        C = (r.T @ _P) / r.sum(0)[:, None]
    return np.sum(C ** 2)


def rbf(a, b, ell=0.7):
    return np.exp(-0.5 * np.sum((a[:, None] - b[None]) ** 2, -1) / ell ** 2)


def gp_predict(y):
    X = _P
    Xs = np.array([[0.2, 0.2], [1.0, 1.0]])
    K = rbf(X, X) + 1e-2 * np.eye(len(X))
    Ks = rbf(Xs, X)
    return np.sum(Ks @ np.linalg.solve(K, y))


def gp_kernel_passed(ell, kernel=None):
    def default_k(a, b, ell):
        return np.exp(-np.abs(a[:, None] - b[None, :]) / ell)
    k = kernel or default_k
    x = np.array([0.0, 0.4, 1.1, 1.5])
    y = np.array([0.3, -0.1, 0.8, 0.5])
    K = k(x, x, ell) + 0.05 * np.eye(4)
    return y @ np.linalg.solve(K, y) + np.linalg.slogdet(K)[1]


def gp_kernel_sum(params):
    def k1(a, b):
        return params[0] * np.exp(-(a[:, None] - b[None, :]) ** 2)

    def k2(a, b):
        return params[1] * a[:, None] * b[None, :]
    kernels = [k1, k2]
    x = np.array([0.0, 0.4, 1.1, 1.5])
    K = sum(k(x, x) for k in kernels) + 0.1 * np.eye(4)
    return np.trace(np.linalg.inv(K))


def planar_flow(z, u, w, b):
    a = np.tanh(z @ w + b)
    f = z + u * a[:, None]
    psi = (1 - a ** 2)[:, None] * w
    logdet = np.log(np.abs(1 + psi @ u))
    return np.sum(f ** 2) - np.sum(logdet)


def radial_flow(z, z0, alpha, beta):
    diff = z - z0
    r = np.linalg.norm(diff, axis=1)
    h = 1.0 / (alpha + r)
    f = z + beta * h[:, None] * diff
    d = z.shape[1]
    hp = -1.0 / (alpha + r) ** 2
    logdet = (d - 1) * np.log1p(beta * h) + np.log1p(beta * h + beta * hp * r)
    return np.sum(f) + np.sum(logdet)


def stacked_flows(params):
    z = np.array([[0.3, -0.5], [1.0, 0.2], [-0.4, 0.8]])
    total_logdet = 0.0
    for k in range(params.shape[0]):
        u, w, b = params[k, :2], params[k, 2:4], params[k, 4]
        a = np.tanh(z @ w + b)
        total_logdet = total_logdet + np.log(np.abs(1 + (1 - a ** 2) * (w @ u)))
        z = z + np.outer(a, u)
    return np.sum(0.5 * z ** 2) - np.sum(total_logdet)


def info_nce(Z1, Z2):
    Z1 = Z1 / np.linalg.norm(Z1, axis=1, keepdims=True)
    Z2 = Z2 / np.linalg.norm(Z2, axis=1, keepdims=True)
    logits = Z1 @ Z2.T / 0.5
    logits = logits - logits.max(axis=1, keepdims=True)
    logp = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    return -np.mean(np.diag(logp))


def triplet_loss(A, P, N):
    dp = np.sum((A - P) ** 2, axis=1)
    dn = np.sum((A - N) ** 2, axis=1)
    return np.mean(np.maximum(dp - dn + 0.5, 0))


def triplet_loop(emb):
    triplets = [(0, 1, 2), (1, 0, 3), (2, 3, 0)]
    loss = 0
    for a, p, n in triplets:
        d_ap = np.linalg.norm(emb[a] - emb[p])
        d_an = np.linalg.norm(emb[a] - emb[n])
        loss += max(d_ap - d_an + 1.0, 0.0)
    return loss / len(triplets)


def contrastive_pairs(E):
    same = np.array([[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1], [0, 0, 1, 1]], dtype=bool)
    D = np.sqrt(np.sum((E[:, None] - E[None]) ** 2, -1) + 1e-9)
    pos = np.where(same, D ** 2, 0.0)
    neg = np.where(~same, np.maximum(1.0 - D, 0) ** 2, 0.0)
    return (pos.sum() + neg.sum()) / 2


def einsum_attention(Q, K, V):
    s = np.einsum("id,jd->ij", Q, K) / np.sqrt(Q.shape[1])
    s = s - s.max(-1, keepdims=True)
    a = np.exp(s)
    a = a / a.sum(-1, keepdims=True)
    return np.sum(np.einsum("ij,jd->id", a, V) ** 2)


def multihead_einsum(X, W):
    q = np.einsum("td,hde->hte", X, W)
    s = np.einsum("hte,hse->hts", q, q)
    s -= s.max(axis=-1, keepdims=True)
    p = np.exp(s)
    p /= p.sum(-1, keepdims=True)
    out = np.einsum("hts,hse->the", p, q)
    return np.sum(out.reshape(X.shape[0], -1) ** 2)


def cross_attention_mask(Q, K):
    mask = np.triu(np.ones((Q.shape[0], K.shape[0]), dtype=bool), k=1)
    s = Q @ K.T
    s = np.where(mask, -np.inf, s)
    s = s - np.max(s, axis=1, keepdims=True)
    w = np.exp(s)
    w = w / np.sum(w, axis=1, keepdims=True)
    return np.sum(w @ K)


def mahalanobis_metric(L):
    M = L @ L.T
    diffs = _P[1:] - _P[:-1]
    return np.sum(np.einsum("ni,ij,nj->n", diffs, M, diffs))


def knn_soft_vote(x):
    d = np.sum((_P - x) ** 2, axis=1)
    w = np.exp(-d) / np.sum(np.exp(-d))
    labels = np.array([0.0, 1.0, 1.0, 0.0, 0.5])
    return w @ labels


def vae_elbo_fixed_eps(mu, logvar):
    eps = np.array([0.3, -1.2, 0.5])
    z = mu + np.exp(0.5 * logvar) * eps
    recon = np.sum((z - 1.0) ** 2)
    kl = -0.5 * np.sum(1 + logvar - mu ** 2 - np.exp(logvar))
    return recon + kl


def mixture_density_net(params):
    logits, mu, log_s = params[:3], params[3:6], params[6:9]
    y = 0.4
    logpi = logits - np.log(np.sum(np.exp(logits)))
    comp = -0.5 * ((y - mu) / np.exp(log_s)) ** 2 - log_s - 0.5 * np.log(2 * np.pi)
    a = logpi + comp
    m = a.max()
    return -(m + np.log(np.exp(a - m).sum()))


def center_loss(F, C):
    labels = np.array([0, 1, 1, 0, 2])
    return 0.5 * np.sum((F - C[labels]) ** 2)


def arcface_like(W, x):
    Wn = W / np.linalg.norm(W, axis=0)
    xn = x / np.linalg.norm(x)
    cos = xn @ Wn
    cos_m = np.clip(cos, -1 + 1e-7, 1 - 1e-7)
    theta = np.arccos(cos_m)
    logits = 4.0 * np.cos(theta + 0.2 * (np.arange(3) == 1))
    return -(logits[1] - np.log(np.sum(np.exp(logits))))


def temperature_softmax_kl(z, T):
    p = np.exp(z / T) / np.exp(z / T).sum()
    q = np.array([0.2, 0.5, 0.3])
    return T ** 2 * np.sum(q * (np.log(q) - np.log(p)))


_Q = np.array([[0.1, 0.5], [0.4, -0.2], [-0.3, 0.8]])
_K = np.array([[0.3, 0.1], [-0.2, 0.6], [0.7, 0.2]])
_E = np.array([[0.0, 0.2], [0.1, 0.5], [1.0, 0.3], [0.8, 0.9]])
CASES = [
    dict(f=soft_kmeans, args=(np.array([[0.1, 0.0], [1.0, 0.9]]),)),
    dict(f=kmeans_em_steps, args=(np.array([[0.1, 0.0], [1.0, 0.9]]),)),
    dict(f=gp_predict, args=(np.array([0.1, 0.9, 1.0, 0.0, 0.4]),)),
    dict(f=gp_kernel_passed, args=(0.6,)),
    dict(f=gp_kernel_sum, args=(np.array([1.0, 0.3]),)),
    dict(f=planar_flow, args=(_Q, np.array([0.5, -0.3]), np.array([0.8, 0.4]), 0.1), wrt=1, alt=(0, 1, 2, 3)),
    dict(f=radial_flow, args=(_Q, np.array([0.1, 0.1]), 1.0, 0.5), wrt=0, alt=(1, 2, 3)),
    dict(f=stacked_flows, args=(np.array([[0.5, -0.3, 0.8, 0.4, 0.1], [0.2, 0.4, -0.5, 0.3, 0.0]]),)),
    dict(f=info_nce, args=(_Q, _K), wrt=0, alt=(0, 1)),
    dict(f=triplet_loss, args=(_Q, _K, _Q[::-1] * 0.5), wrt=0, alt=(0, 1, 2)),
    dict(f=triplet_loop, args=(_E,)),
    dict(f=contrastive_pairs, args=(_E,)),
    dict(f=einsum_attention, args=(_Q, _K, _K * 2), wrt=0, alt=(0, 1, 2)),
    dict(f=multihead_einsum, args=(_Q, np.arange(8.0).reshape(2, 2, 2) / 10), wrt=1, alt=(0, 1)),
    dict(f=cross_attention_mask, args=(_Q, _K), wrt=0, alt=(0, 1)),
    dict(f=mahalanobis_metric, args=(np.array([[1.0, 0.0], [0.3, 0.8]]),)),
    dict(f=knn_soft_vote, args=(np.array([0.4, 0.6]),)),
    dict(f=vae_elbo_fixed_eps, args=(np.array([0.1, -0.2, 0.3]), np.array([0.0, -0.5, 0.2])), wrt=0, alt=(0, 1)),
    dict(f=mixture_density_net, args=(np.array([0.1, 0.5, -0.2, 0.0, 0.5, 1.0, -0.5, 0.0, 0.3]),)),
    dict(f=center_loss, args=(_P, np.array([[0.0, 0.0], [1.0, 1.0], [0.5, 0.5]])), wrt=1, alt=(0, 1)),
    dict(f=arcface_like, args=(np.array([[0.5, 0.1, -0.3], [0.2, 0.8, 0.4]]), np.array([0.3, 0.7])), wrt=0, alt=(0, 1)),
    dict(f=temperature_softmax_kl, args=(np.array([0.5, 1.0, -0.2]), 2.0), wrt=0, alt=(0, 1)),
]

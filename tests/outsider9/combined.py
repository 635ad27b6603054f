"""Longer programs that combine the round's areas: a training step of a tiny transformer with
Adam inside the objective, a VAE with an encoder and decoder, a GRU over a sequence, a particle
filter with a seeded Generator, a learned IIR filter fitted by unrolled SGD, a soft rasteriser,
an option hedged over a path."""

import numpy as np
from scipy.special import logsumexp, expit

_r = np.random.default_rng(103)
SEQ = _r.standard_normal((5, 3))
TOK = np.array([1, 0, 2, 2, 1])


def _softmax(z):
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _block(x, p):
    h = (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-5)
    n = x.shape[0]
    s = (h @ p["Wq"]) @ (h @ p["Wk"]).T / np.sqrt(3.0)
    s = np.where(np.tril(np.ones((n, n))) > 0, s, -1e9)
    x = x + _softmax(s) @ h
    return x + np.tanh(x @ p["Wo"])


def _lm_loss(p, x, y):
    logits = _block(x, p) @ p["Wo"]
    return np.mean(logsumexp(logits, axis=1) - logits[np.arange(len(y)), y])


def transformer_adam_step(p):
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(w) for k, w in p.items()}
    eps = 1e-3
    for t in range(1, 3):
        g = {}
        for k in p:
            base = _lm_loss(p, SEQ, TOK)
            g[k] = p[k] * 0.0 + base * 0.1       # a surrogate gradient that depends on p
        m = {k: 0.9 * m[k] + 0.1 * g[k] for k in p}
        v = {k: 0.99 * v[k] + 0.01 * g[k] ** 2 for k in p}
        p = {k: p[k] - eps * m[k] / (np.sqrt(v[k]) + 1e-8) for k in p}
    return _lm_loss(p, SEQ, TOK)


def vae_elbo(enc, dec):
    rng = np.random.default_rng(0)
    x = SEQ[:, :2]
    h = np.tanh(x @ enc[:2, :2])
    mu, logvar = h[:, 0], h[:, 1]
    eps = rng.standard_normal(mu.shape)
    z = mu + np.exp(0.5 * logvar) * eps
    xhat = np.outer(z, dec)
    rec = -0.5 * np.sum((x - xhat) ** 2)
    kl = -0.5 * np.sum(1 + logvar - mu ** 2 - np.exp(logvar))
    return rec - kl


def gru(Wz, Wh):
    h = np.zeros(3)
    total = 0.0
    for x in SEQ:
        xh = np.concatenate([x, h])
        z = expit(xh @ Wz)
        cand = np.tanh(np.concatenate([x, z * h]) @ Wh)
        h = (1 - z) * h + z * cand
        total += np.sum(h ** 2)
    return total


def particle_filter(q):
    rng = np.random.default_rng(1)
    obs = np.cumsum(SEQ[:, 0]) * 0.3
    parts = np.zeros(20)
    ll = 0.0
    for y in obs:
        parts = parts + q * rng.standard_normal(20)
        logw = -0.5 * (y - parts) ** 2
        ll += logsumexp(logw) - np.log(20)
        w = np.exp(logw - logsumexp(logw))
        parts = np.sum(w * parts) + 0.0 * parts      # collapse to the mean (differentiable resampling stand-in)
    return ll


def learned_iir(a0):
    target = np.array([1.0, 0.6, 0.36, 0.216, 0.13])
    a = a0
    for _ in range(4):
        y = np.zeros(5)
        y[0] = 1.0
        for n in range(1, 5):
            y[n] = a * y[n - 1]
        err = y - target
        da = np.sum(err * np.arange(5) * a ** np.maximum(np.arange(5) - 1, 0))
        a = a - 0.05 * da
    return a


def soft_rasterise(V):
    px = np.stack(np.meshgrid(np.linspace(0, 1, 4), np.linspace(0, 1, 4)), -1).reshape(-1, 2)
    img = np.zeros(16)
    for i in range(3):
        a, b = V[i], V[(i + 1) % 3]
        e = b - a
        n = np.array([-e[1], e[0]]) / np.linalg.norm(e)
        img = img + expit(20 * ((px - a) @ n))
    return np.sum(img * np.arange(16.0)) / 100


def delta_hedge(sigma):
    rng = np.random.default_rng(2)
    S, K, dt, n = 1.0, 1.0, 0.05, 8
    z = rng.standard_normal(n)
    pnl = 0.0
    for i in range(n):
        tau = (n - i) * dt
        d1 = (np.log(S / K) + 0.5 * sigma ** 2 * tau) / (sigma * np.sqrt(tau))
        delta = 0.5 * (1 + np.tanh(0.8 * d1))
        S_new = S * np.exp(-0.5 * 0.04 * dt + 0.2 * np.sqrt(dt) * z[i])
        pnl += delta * (S_new - S)
        S = S_new
    return pnl - np.maximum(S - K, 0.0)


def kalman_smoother_rts(q):
    obs = np.cumsum(SEQ[:, 1]) * 0.5
    ms, Ps, mp, Pp = [], [], [], []
    m, P = 0.0, 1.0
    for y in obs:
        m_pred, P_pred = m, P + q
        K = P_pred / (P_pred + 0.3)
        m = m_pred + K * (y - m_pred)
        P = (1 - K) * P_pred
        ms.append(m); Ps.append(P); mp.append(m_pred); Pp.append(P_pred)
    sm = ms[-1]
    out = sm ** 2
    for t in range(len(obs) - 2, -1, -1):
        G = Ps[t] / Pp[t + 1]
        sm = ms[t] + G * (sm - mp[t + 1])
        out += sm ** 2
    return out


P0 = {"Wq": _r.standard_normal((3, 3)) * 0.3, "Wk": _r.standard_normal((3, 3)) * 0.3,
      "Wo": _r.standard_normal((3, 3)) * 0.3}

CASES = [
    dict(f=transformer_adam_step, args=(P0,)),
    dict(f=vae_elbo, args=(_r.standard_normal((3, 3)) * 0.5, np.array([0.5, -0.3])), wrt=0, alt=1),
    dict(f=gru, args=(_r.standard_normal((6, 3)) * 0.4, _r.standard_normal((6, 3)) * 0.4), wrt=0, alt=1),
    dict(f=particle_filter, args=(0.5,)),
    dict(f=learned_iir, args=(0.5,)),
    dict(f=soft_rasterise, args=(np.array([[0.1, 0.1], [0.9, 0.2], [0.4, 0.8]]),)),
    dict(f=delta_hedge, args=(0.2,)),
    dict(f=kalman_smoother_rts, args=(0.2,)),
]

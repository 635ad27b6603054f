"""Longer programs (30-40 lines) that combine what the other themes test one at a time: a
transformer block stack with parameters in a list of dicts, a GRU language model over token ids,
a particle simulation with collisions, and a small GP with hyperparameters in a record."""

from collections import namedtuple

import numpy as np

rng = np.random.default_rng(16)

Hyp = namedtuple("Hyp", ["log_ell", "log_sf", "log_sn"])


def layer_norm(h, g, b):
    mu = h.mean(axis=-1, keepdims=True)
    var = ((h - mu) ** 2).mean(axis=-1, keepdims=True)
    return (h - mu) / np.sqrt(var + 1e-5) * g + b


def softmax(z):
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def transformer(blocks, X, targets, eps=0.1):
    n, d = X.shape
    mask = np.tril(np.ones((n, n))) > 0
    h = X
    for p in blocks:
        a = layer_norm(h, p["g1"], p["b1"])
        q, k, v = a @ p["Wq"], a @ p["Wk"], a @ p["Wv"]
        s = np.where(mask, q @ k.T / np.sqrt(d), -1e9)
        h = h + softmax(s) @ v
        m = layer_norm(h, p["g2"], p["b2"])
        h = h + np.maximum(m @ p["W1"], 0.0) @ p["W2"]
    logits = h @ blocks[-1]["Wv"].T
    k_cls = logits.shape[1]
    smooth = np.full(logits.shape, eps / (k_cls - 1))
    smooth[np.arange(n), targets] = 1.0 - eps
    logp = logits - np.log(np.exp(logits - logits.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True)) \
        - logits.max(axis=1, keepdims=True)
    return -np.sum(smooth * logp) / n


def gru_lm(p, tokens):
    E, Wz, Uz, Wh, Uh, Wo = p["E"], p["Wz"], p["Uz"], p["Wh"], p["Uh"], p["Wo"]
    h = np.zeros(Uz.shape[0])
    loss = 0.0
    for t in range(len(tokens) - 1):
        x = E[tokens[t]]
        z = 1 / (1 + np.exp(-(Wz @ x + Uz @ h)))
        cand = np.tanh(Wh @ x + Uh @ (z * h))
        h = (1 - z) * h + z * cand
        logits = Wo @ h
        m = np.max(logits)
        loss -= logits[tokens[t + 1]] - m - np.log(np.sum(np.exp(logits - m)))
    return loss / (len(tokens) - 1)


def particles(pos0, vel0, k, steps=20, dt=0.02):
    pos, vel = pos0.copy(), vel0.copy()
    n = pos.shape[0]
    energy = []
    for _ in range(steps):
        force = np.zeros_like(pos)
        for i in range(n):
            for j in range(i + 1, n):
                d = pos[i] - pos[j]
                r = np.sqrt(d @ d + 1e-6)
                if r < 1.0:
                    f = k * (1.0 - r) * d / r
                    force[i] += f
                    force[j] -= f
        vel = vel + dt * force
        pos = pos + dt * vel
        hit = pos[:, 1] < 0.0
        vel[hit, 1] = -0.8 * vel[hit, 1]
        energy.append(0.5 * np.sum(vel ** 2))
    return np.sum(pos[:, 0]) + 0.1 * sum(energy)


def gp_record(hyp, X, y):
    ell, sf, sn = np.exp(hyp.log_ell), np.exp(hyp.log_sf), np.exp(hyp.log_sn)
    d2 = np.sum((X[:, None] - X[None]) ** 2, axis=-1)
    K = sf ** 2 * np.exp(-0.5 * d2 / ell ** 2) + sn ** 2 * np.eye(len(y))
    L = np.linalg.cholesky(K)
    a = np.linalg.solve(L.T, np.linalg.solve(L, y))
    return 0.5 * y @ a + np.log(np.diag(L)).sum()


def _block(d):
    return {"g1": np.ones(d), "b1": np.zeros(d), "Wq": rng.standard_normal((d, d)) * 0.3,
            "Wk": rng.standard_normal((d, d)) * 0.3, "Wv": rng.standard_normal((d, d)) * 0.3,
            "g2": np.ones(d), "b2": np.zeros(d), "W1": rng.standard_normal((d, 2 * d)) * 0.3,
            "W2": rng.standard_normal((2 * d, d)) * 0.3}


P_GRU = {"E": rng.standard_normal((5, 3)) * 0.5, "Wz": rng.standard_normal((4, 3)) * 0.5,
         "Uz": rng.standard_normal((4, 4)) * 0.5, "Wh": rng.standard_normal((4, 3)) * 0.5,
         "Uh": rng.standard_normal((4, 4)) * 0.5, "Wo": rng.standard_normal((5, 4)) * 0.5}

CASES = [
    dict(f=transformer, args=([_block(4), _block(4)], rng.standard_normal((3, 4)), np.array([0, 3, 1])),
         wrt=0, alt=1),
    dict(f=gru_lm, args=(P_GRU, [0, 3, 1, 4, 2, 2]), wrt=0),
    dict(f=particles, args=(np.array([[0.0, 0.5], [0.6, 0.4], [0.3, 0.9]]), np.array([[0.5, -1.0], [-0.3, -1.2],
                                                                                      [0.0, 0.2]]), 3.0),
         wrt=0, alt=(1, 2)),
    dict(f=gp_record, args=(Hyp(0.1, -0.2, -1.0), rng.standard_normal((5, 2)), rng.standard_normal(5)), wrt=0,
         alt=1),
]

"""Dynamic programming: DTW, soft-DTW, HMM forward, Viterbi-like max recursions, value iteration."""

import numpy as np

rng = np.random.default_rng(15)


def dtw(x, y):
    n, m = len(x), len(y)
    D = np.full((n + 1, m + 1), np.inf)
    D[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost = (x[i - 1] - y[j - 1]) ** 2
            D[i, j] = cost + min(D[i - 1, j], D[i, j - 1], D[i - 1, j - 1])
    return D[n, m]


def softmin3(a, b, c, gamma):
    z = np.array([a, b, c]) / -gamma
    m = np.max(z)
    return -gamma * (m + np.log(np.sum(np.exp(z - m))))


def soft_dtw(x, y, gamma=0.5):
    n, m = len(x), len(y)
    R = np.full((n + 1, m + 1), 1e10)
    R[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            R[i, j] = (x[i - 1] - y[j - 1]) ** 2 + softmin3(R[i - 1, j], R[i, j - 1], R[i - 1, j - 1], gamma)
    return R[n, m]


def hmm_forward(log_A, log_pi, log_B_obs):
    T = log_B_obs.shape[0]
    alpha = log_pi + log_B_obs[0]
    for t in range(1, T):
        m = np.max(alpha)
        alpha = np.log(np.exp(alpha - m) @ np.exp(log_A)) + m + log_B_obs[t]
    m = np.max(alpha)
    return m + np.log(np.sum(np.exp(alpha - m)))


def hmm_forward_list(A, pi, B_obs):
    alphas = [pi * B_obs[0]]
    for t in range(1, len(B_obs)):
        alphas.append((alphas[-1] @ A) * B_obs[t])
    return np.log(np.sum(alphas[-1]))


def viterbi_score(log_A, emis):
    T, K = emis.shape
    delta = emis[0].copy()
    for t in range(1, T):
        cand = delta[:, None] + log_A
        delta = np.max(cand, axis=0) + emis[t]
    return np.max(delta)


def value_iteration(R, P, gamma=0.9):
    V = np.zeros(R.shape[0])
    for _ in range(30):
        Q = R + gamma * np.einsum("sat,t->sa", P, V)
        V = np.max(Q, axis=1)
    return np.sum(V)


def edit_like(a, b):
    n = len(a)
    D = np.zeros((n + 1, n + 1))
    for i in range(1, n + 1):
        D[i, 0] = D[i - 1, 0] + a[i - 1]
        D[0, i] = D[0, i - 1] + b[i - 1]
    for i in range(1, n + 1):
        for j in range(1, n + 1):
            D[i, j] = min(D[i - 1, j] + a[i - 1], D[i, j - 1] + b[j - 1],
                          D[i - 1, j - 1] + abs(a[i - 1] - b[j - 1]))
    return D[n, n]


def lcs_soft(x, y):
    n = len(x)
    F = np.zeros((n + 1, n + 1))
    for i in range(n):
        for j in range(n):
            match = np.exp(-(x[i] - y[j]) ** 2)
            F[i + 1, j + 1] = max(F[i, j] + match, F[i, j + 1], F[i + 1, j])
    return F[n, n]


def bellman_ford(w):
    n = 4
    edges = [(0, 1), (1, 2), (0, 2), (2, 3), (1, 3)]
    d = [0.0, 1e9, 1e9, 1e9]
    for _ in range(n - 1):
        for k, (u, v) in enumerate(edges):
            if d[u] + w[k] < d[v]:
                d[v] = d[u] + w[k]
    return d[3]


def knapsack_relaxed(vals, caps):
    best = np.zeros(4)
    for v, c in zip(vals, caps):
        best = np.maximum(best, np.roll(best, 1) * c + v)
    return np.sum(best)


x5 = rng.standard_normal(5)
CASES = [
    dict(f=dtw, args=(x5, rng.standard_normal(4)), wrt=(0, 1)),
    dict(f=soft_dtw, args=(x5, rng.standard_normal(4)), wrt=(0, 1)),
    dict(f=hmm_forward, args=(np.log(rng.dirichlet(np.ones(3), 3)), np.log(np.ones(3) / 3),
                              rng.standard_normal((5, 3))), wrt=(0, 1, 2)),
    dict(f=hmm_forward_list, args=(rng.dirichlet(np.ones(3), 3), np.ones(3) / 3, rng.random((5, 3))),
         wrt=(0, 1, 2)),
    dict(f=viterbi_score, args=(rng.standard_normal((3, 3)), rng.standard_normal((5, 3))), wrt=(0, 1)),
    dict(f=value_iteration, args=(rng.standard_normal((3, 2)), rng.dirichlet(np.ones(3), (3, 2))), wrt=(0, 1)),
    dict(f=edit_like, args=(np.abs(x5[:3]) + 0.1, np.abs(rng.standard_normal(3)) + 0.1), wrt=(0, 1)),
    dict(f=lcs_soft, args=(x5[:3], rng.standard_normal(3)), wrt=(0, 1)),
    dict(f=bellman_ford, args=(np.array([1.0, 2.5, 4.0, 1.2, 3.0]),), wrt=0),
    dict(f=knapsack_relaxed, args=([0.5, 1.2, 0.3], [0.9, 0.4, 1.1]), wrt=(0, 1)),
]

"""Sequence models and dynamic programs: RNN/GRU/LSTM with parameter dicts and lists, HMM in
log space, Kalman filter likelihood, CTC-like recursions."""

import functools
import itertools

import numpy as np

rng = np.random.default_rng(1)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def logsumexp(a, axis=None):
    m = np.max(a, axis=axis, keepdims=True)
    out = m + np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True))
    return np.squeeze(out, axis=axis) if axis is not None else out.reshape(())


def rnn_dict(p, xs, h0):
    h = h0
    loss = 0.0
    for x in xs:
        h = np.tanh(p["Wx"] @ x + p["Wh"] @ h + p["b"])
        loss = loss + np.sum(h ** 2)
    return loss


def rnn_list_params(params, xs):
    Wx, Wh, b = params
    h = np.zeros(Wh.shape[0])
    hs = []
    for t in range(xs.shape[0]):
        h = np.tanh(Wx @ xs[t] + Wh @ h + b)
        hs.append(h)
    H = np.stack(hs)
    return np.sum(H[-1] * H[0]) + np.mean(H)


def gru(p, xs):
    h = np.zeros(p["Uz"].shape[0])
    for x in xs:
        z = sigmoid(p["Wz"] @ x + p["Uz"] @ h)
        r = sigmoid(p["Wr"] @ x + p["Ur"] @ h)
        hh = np.tanh(p["Wh"] @ x + p["Uh"] @ (r * h))
        h = (1 - z) * h + z * hh
    return np.sum(h)


def lstm(W, U, b, xs):
    n = U.shape[1]
    h = np.zeros(n)
    c = np.zeros(n)
    for t in range(len(xs)):
        gates = W @ xs[t] + U @ h + b
        i, f, o, g = np.split(gates, 4)
        c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
        h = sigmoid(o) * np.tanh(c)
    return np.sum(h ** 2)


def lstm_state_tuple(W, xs):
    state = (np.zeros(2), np.zeros(2))
    for x in xs:
        h, c = state
        z = W @ np.concatenate([x, h])
        c = sigmoid(z[:2]) * c + sigmoid(z[2:4]) * np.tanh(z[4:6])
        h = sigmoid(z[6:]) * np.tanh(c)
        state = (h, c)
    return np.sum(state[0]) + np.sum(state[1])


def seq2seq_teacher(We, Wd, xs, ys):
    h = np.zeros(We.shape[0])
    for x in xs:
        h = np.tanh(We @ np.append(x, h))
    loss = 0.0
    prev = 0.0
    for y in ys:
        h = np.tanh(Wd @ np.append(prev, h))
        loss += (h[0] - y) ** 2
        prev = y
    return loss


def hmm_forward_log(log_pi, log_A, log_B, obs):
    alpha = log_pi + log_B[:, obs[0]]
    for t in range(1, len(obs)):
        alpha = logsumexp(alpha[:, None] + log_A, axis=0) + log_B[:, obs[t]]
    return logsumexp(alpha)


def hmm_forward_scaled(A, B, pi, obs):
    alpha = pi * B[:, obs[0]]
    c = alpha.sum()
    alpha = alpha / c
    ll = np.log(c)
    for o in obs[1:]:
        alpha = (alpha @ A) * B[:, o]
        c = alpha.sum()
        alpha /= c
        ll += np.log(c)
    return ll


def kalman_loglik(q, r, ys, a=0.9):
    m, P = 0.0, 1.0
    ll = 0.0
    for y in ys:
        m, P = a * m, a * a * P + q
        S = P + r
        K = P / S
        ll += -0.5 * (np.log(2 * np.pi * S) + (y - m) ** 2 / S)
        m = m + K * (y - m)
        P = (1 - K) * P
    return ll


def kalman_matrix(F, Q, R, ys):
    n = F.shape[0]
    m = np.zeros(n)
    P = np.eye(n)
    H = np.eye(1, n)
    ll = 0.0
    for y in ys:
        m = F @ m
        P = F @ P @ F.T + Q
        S = H @ P @ H.T + R
        v = y - H @ m
        K = P @ H.T @ np.linalg.inv(S)
        ll = ll - 0.5 * (np.log(np.linalg.det(S)) + v @ np.linalg.solve(S, v))
        m = m + K @ v
        P = (np.eye(n) - K @ H) @ P
    return ll


def viterbi_soft(log_A, emis):
    # soft Viterbi: max replaced by logsumexp with temperature
    T, K = emis.shape
    v = emis[0]
    for t in range(1, T):
        v = 0.5 * logsumexp((v[:, None] + log_A) / 0.5, axis=0) + emis[t]
    return np.max(v)


def ctc_like(logp, labels):
    T = logp.shape[0]
    L = len(labels)
    alpha = np.full(L, -np.inf)
    alpha[0] = logp[0, labels[0]]
    for t in range(1, T):
        new = np.full(L, -np.inf)
        for s in range(L):
            a = alpha[s]
            if s > 0:
                a = np.logaddexp(a, alpha[s - 1])
            new[s] = a + logp[t, labels[s]]
        alpha = new
    return alpha[-1]


def ema_filter(x, beta):
    s = x[0]
    out = [s]
    for v in x[1:]:
        s = beta * s + (1 - beta) * v
        out.append(s)
    return np.sum(np.array(out) ** 2)


def reduce_compose(ws, x):
    return functools.reduce(lambda acc, w: np.tanh(w * acc), ws, x)


def accumulate_scan(xs):
    cs = list(itertools.accumulate(xs))
    return sum(c * c for c in cs)


def pairwise_diffs(x):
    return sum((b - a) ** 2 for a, b in itertools.pairwise(x))


def zip_shifted(x):
    return sum((b - a) ** 2 for a, b in zip(x[:-1], x[1:]))


def bidirectional(W, xs):
    h = np.zeros(2)
    fw = []
    for x in xs:
        h = np.tanh(W @ np.append(x, h))
        fw.append(h)
    h = np.zeros(2)
    bw = []
    for x in reversed(xs):
        h = np.tanh(W @ np.append(x, h))
        bw.append(h)
    bw.reverse()
    return sum(np.dot(a, b) for a, b in zip(fw, bw))


def attention_over_time(W, xs, q):
    hs = []
    h = np.zeros(3)
    for x in xs:
        h = np.tanh(W @ x + h * 0.5)
        hs.append(h)
    H = np.array(hs)
    s = H @ q
    a = np.exp(s - s.max())
    a = a / a.sum()
    return a @ H @ q


P_RNN = {"Wx": rng.standard_normal((3, 2)) * 0.5, "Wh": rng.standard_normal((3, 3)) * 0.5,
         "b": rng.standard_normal(3) * 0.1}
XS = rng.standard_normal((4, 2))
P_GRU = {k: rng.standard_normal((3, 2 if k.startswith("W") else 3)) * 0.5
         for k in ["Wz", "Uz", "Wr", "Ur", "Wh", "Uh"]}
LA = np.log(np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]]))
LB = np.log(np.array([[0.6, 0.4], [0.2, 0.8], [0.5, 0.5]]))
OBS = np.array([0, 1, 1, 0, 1])

CASES = [
    dict(f=rnn_dict, args=(P_RNN, XS, np.zeros(3)), wrt=0, alt=1),
    dict(f=rnn_dict, args=(P_RNN, XS[:0], np.ones(3)), wrt=0, alt=2, name="rnn_dict_empty"),
    dict(f=rnn_list_params, args=([P_RNN["Wx"], P_RNN["Wh"], P_RNN["b"]], XS), wrt=0, alt=1),
    dict(f=gru, args=(P_GRU, XS), wrt=0, alt=1),
    dict(f=lstm, args=(rng.standard_normal((8, 2)) * 0.5, rng.standard_normal((8, 2)) * 0.5,
                       rng.standard_normal(8) * 0.1, list(XS)), wrt=(0, 1, 2), alt=3),
    dict(f=lstm_state_tuple, args=(rng.standard_normal((8, 4)) * 0.5, XS), wrt=0, alt=1),
    dict(f=seq2seq_teacher, args=(rng.standard_normal((2, 4)) * 0.5, rng.standard_normal((2, 3)) * 0.5,
                                  XS, [0.5, -0.3, 0.1]), wrt=(0, 1)),
    dict(f=hmm_forward_log, args=(np.log(np.array([0.5, 0.3, 0.2])), LA, LB, OBS), wrt=1, alt=(0, 2)),
    dict(f=hmm_forward_scaled, args=(np.exp(LA), np.exp(LB), np.array([0.5, 0.3, 0.2]), list(OBS)),
         wrt=0, alt=(1, 2)),
    dict(f=kalman_loglik, args=(0.3, 0.5, [0.1, 0.4, -0.2, 0.3]), wrt=0, alt=(0, 1)),
    dict(f=kalman_loglik, args=(0.3, 0.5, np.array([0.1, 0.4, -0.2, 0.3]), 0.7), wrt="a", alt="ys",
         name="kalman_loglik_arr"),
    dict(f=kalman_matrix, args=(np.array([[0.9, 0.1], [0.0, 0.8]]), 0.1 * np.eye(2), np.array([[0.5]]),
                                [np.array([0.3]), np.array([-0.1]), np.array([0.2])]), wrt=0, alt=(1, 2)),
    dict(f=viterbi_soft, args=(LA, rng.standard_normal((4, 3))), wrt=0, alt=1),
    dict(f=ctc_like, args=(rng.standard_normal((5, 4)), [1, 2, 1]), wrt=0),
    dict(f=ema_filter, args=(rng.standard_normal(5), 0.8), wrt=0, alt=1),
    dict(f=reduce_compose, args=(np.array([0.5, 1.2, -0.7]), 0.3), wrt=0, alt=1),
    dict(f=accumulate_scan, args=(np.array([0.5, 1.2, -0.7, 0.2]),), wrt=0),
    dict(f=pairwise_diffs, args=(np.array([0.5, 1.2, -0.7, 0.2]),), wrt=0),
    dict(f=zip_shifted, args=(np.array([0.5, 1.2, -0.7, 0.2]),), wrt=0),
    dict(f=bidirectional, args=(rng.standard_normal((2, 4)) * 0.5, list(XS)), wrt=0, alt=1),
    dict(f=attention_over_time, args=(rng.standard_normal((3, 2)), XS, rng.standard_normal(3)),
         wrt=0, alt=(1, 2)),
]

"""Optimiser steps inside the objective: unrolled SGD, momentum, Nesterov, Adam, RMSProp, learned
learning rates (meta-learning), gradient clipping, weight decay."""

import numpy as np

_r = np.random.default_rng(93)
A = _r.standard_normal((5, 3))
B = _r.standard_normal(5)
W0 = np.array([0.2, -0.1, 0.4])


def _grad_ls(w, A, b):
    return A.T @ (A @ w - b) / len(b)


def unrolled_sgd(lr, w0):
    w = w0
    for _ in range(5):
        w = w - lr * _grad_ls(w, A, B)
    return np.sum((A @ w - B) ** 2)


def unrolled_sgd_inplace(lr, w0):
    w = w0.copy()
    for _ in range(4):
        w -= lr * (A.T @ (A @ w - B))
    return w @ w


def momentum_meta(lr, beta, w0):
    w, v = w0, np.zeros_like(w0)
    for _ in range(4):
        g = _grad_ls(w, A, B)
        v = beta * v + g
        w = w - lr * v
    return 0.5 * np.sum((A @ w - B) ** 2)


def nesterov(lr, w0):
    w = w0
    v = 0.0 * w0
    mu = 0.8
    for t in range(4):
        g = _grad_ls(w + mu * v, A, B)
        v = mu * v - lr * g
        w = w + v
    return np.sum(w ** 2) + np.sum(A @ w)


def adam_unrolled(lr, w0):
    m = np.zeros(3)
    v = np.zeros(3)
    b1, b2, eps = 0.9, 0.999, 1e-8
    w = w0
    for t in range(1, 4):
        g = _grad_ls(w, A, B)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        mhat = m / (1 - b1 ** t)
        vhat = v / (1 - b2 ** t)
        w = w - lr * mhat / (np.sqrt(vhat) + eps)
    return np.sum((A @ w - B) ** 2)


class Adam:
    def __init__(self, lr, b1=0.9, b2=0.99):
        self.lr, self.b1, self.b2 = lr, b1, b2

    def step(self, w, g, m, v, t):
        m = self.b1 * m + (1 - self.b1) * g
        v = self.b2 * v + (1 - self.b2) * g ** 2
        return w - self.lr * (m / (1 - self.b1 ** t)) / (np.sqrt(v / (1 - self.b2 ** t)) + 1e-8), m, v


def adam_class(w0):
    opt = Adam(0.05)
    w, m, v = w0, np.zeros(3), np.zeros(3)
    for t in range(1, 4):
        w, m, v = opt.step(w, _grad_ls(w, A, B), m, v, t)
    return np.sum(w ** 3)


def rmsprop_state_dict(w0):
    state = {"w": w0, "s": np.zeros(3)}
    for _ in range(3):
        g = _grad_ls(state["w"], A, B)
        state["s"] = 0.9 * state["s"] + 0.1 * g ** 2
        state["w"] = state["w"] - 0.01 * g / np.sqrt(state["s"] + 1e-6)
    return np.sum(state["w"] * np.array([1.0, 2.0, 3.0]))


def adagrad(lr, w0):
    acc = np.full(3, 1e-2)
    w = w0
    for _ in range(3):
        g = _grad_ls(w, A, B)
        acc += g * g
        w = w - lr * g / np.sqrt(acc)
    return np.sum((A @ w - B) ** 2)


def clipped_sgd(w0):
    w = w0
    for _ in range(3):
        g = _grad_ls(w, A, B) * 3.0
        n = np.linalg.norm(g)
        if n > 1.0:
            g = g / n
        w = w - 0.1 * g
    return np.sum(w ** 2)


def clip_by_value(w0):
    w = w0
    for _ in range(3):
        w = w - 0.2 * np.clip(_grad_ls(w, A, B), -0.05, 0.05)
    return np.sum(np.sin(w))


def weight_decay_sgd(lam, w0):
    w = w0
    for _ in range(4):
        w = w * (1 - 0.1 * lam) - 0.1 * _grad_ls(w, A, B)
    return np.sum((A @ w - B) ** 2)


def maml_inner(w0, lr):
    Atr, btr = A[:3], B[:3]
    Ate, bte = A[3:], B[3:]
    w = w0 - lr * Atr.T @ (Atr @ w0 - btr)
    return np.sum((Ate @ w - bte) ** 2)


def maml_two_tasks(w0):
    total = 0.0
    for lo, hi in [(0, 3), (2, 5)]:
        At, bt = A[lo:hi], B[lo:hi]
        w = w0 - 0.1 * At.T @ (At @ w0 - bt)
        total += np.sum((At @ w - bt) ** 2)
    return total


def lr_schedule(lr0, w0):
    w = w0
    for t in range(5):
        lr = lr0 * 0.5 * (1 + np.cos(np.pi * t / 5))
        w = w - lr * _grad_ls(w, A, B)
    return np.sum((A @ w - B) ** 2)


def warmup_schedule(lr0, w0):
    w = w0
    for t in range(1, 6):
        lr = lr0 * min(1.0, t / 3)
        w = w - lr * _grad_ls(w, A, B)
    return float(np.sum(w ** 2))


def newton_step_inside(w0):
    H = A.T @ A / 5 + 0.1 * np.eye(3)
    g = _grad_ls(w0, A, B) + 0.1 * w0
    w = w0 - np.linalg.solve(H, g)
    return np.sum(w ** 2 * np.arange(1.0, 4.0))


def ema_weights(w0):
    w = w0
    ema = w0.copy()
    for _ in range(4):
        w = w - 0.2 * _grad_ls(w, A, B)
        ema = 0.7 * ema + 0.3 * w
    return np.sum(ema ** 2)


def early_stop_sgd(w0):
    w = w0
    loss = np.inf
    for _ in range(20):
        new = np.sum((A @ w - B) ** 2)
        if loss - new < 1e-2:
            break
        loss = new
        w = w - 0.05 * A.T @ (A @ w - B)
    return np.sum((A @ w - B) ** 2)


def hypergradient_lr(lr):
    w = W0
    for _ in range(3):
        w = w - lr * _grad_ls(w, A, B)
    return np.sum((A @ w - B) ** 2)


def line_search_backtrack(w0):
    g = _grad_ls(w0, A, B)
    step = 4.0
    f0 = np.sum((A @ w0 - B) ** 2)
    while np.sum((A @ (w0 - step * g) - B) ** 2) > f0 - 0.1 * step * g @ g:
        step *= 0.5
    return np.sum((A @ (w0 - step * g) - B) ** 2)


def sgd_trajectory(w0):
    w = w0
    traj = []
    for _ in range(3):
        w = w - 0.1 * _grad_ls(w, A, B)
        traj.append(w)
    return np.stack(traj)


CASES = [
    dict(f=unrolled_sgd, args=(0.3, W0), wrt=0, alt=1),
    dict(f=unrolled_sgd_inplace, args=(0.02, W0), wrt=0, alt=1),
    dict(f=momentum_meta, args=(0.2, 0.7, W0), wrt=(0, 1), alt=2),
    dict(f=nesterov, args=(0.3, W0), wrt=0, alt=1),
    dict(f=adam_unrolled, args=(0.05, W0), wrt=0, alt=1),
    dict(f=adam_class, args=(W0,)),
    dict(f=rmsprop_state_dict, args=(W0,)),
    dict(f=adagrad, args=(0.1, W0), wrt=0, alt=1),
    dict(f=clipped_sgd, args=(W0,)),
    dict(f=clip_by_value, args=(W0,)),
    dict(f=weight_decay_sgd, args=(0.5, W0), wrt=0, alt=1),
    dict(f=maml_inner, args=(W0, 0.1), wrt=0, alt=1),
    dict(f=maml_two_tasks, args=(W0,)),
    dict(f=lr_schedule, args=(0.4, W0), wrt=0, alt=1),
    dict(f=warmup_schedule, args=(0.4, W0), wrt=0, alt=1),
    dict(f=newton_step_inside, args=(W0,)),
    dict(f=ema_weights, args=(W0,)),
    dict(f=early_stop_sgd, args=(W0,)),
    dict(f=hypergradient_lr, args=(0.3,)),
    dict(f=line_search_backtrack, args=(W0,)),
    dict(f=sgd_trajectory, args=(W0,), out="vector"),
]

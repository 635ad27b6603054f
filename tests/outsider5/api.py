"""The rest of the user API used inside ordinary programs: stop_gradient, checkpointed loops,
@checkpoint, gradient hooks, custom gradients, and functions marked @differentiate calling
each other; written as a user in a hurry would."""


import numpy as np

import s2sgrad

rng = np.random.default_rng(11)


@s2sgrad.custom_gradient
def safe_norm(v):
    return np.sqrt(np.sum(v * v))


@safe_norm.adjoint
def _safe_norm_adjoint(result, v, d_result):
    return (d_result * v / np.maximum(result, 1e-12),)


@safe_norm.tangent
def _safe_norm_tangent(result, v, *, t_v):
    return np.sum(v * t_v) / np.maximum(result, 1e-12)


@s2sgrad.custom_gradient
def clip_grad_identity(x):
    return x


@clip_grad_identity.adjoint
def _clip_adj(result, x, d_result):
    return (np.clip(d_result, -1.0, 1.0),)


@s2sgrad.checkpoint
def heavy_step(h, W):
    return np.tanh(W @ h)


@s2sgrad.differentiate
def inner_energy(x, k):
    return 0.5 * k * np.sum(x ** 2)


def stop_grad_target(w, X, y):
    pred = X @ w
    target = s2sgrad.stop_gradient(pred) * 0.5 + y * 0.5
    return np.sum((pred - target) ** 2)


def ema_teacher(w, X):
    teacher = s2sgrad.stop_gradient(0.9 * w)
    return np.sum((X @ w - X @ teacher) ** 2) + np.sum(w ** 2)


def checkpointed_rnn(W, h0, T=12):
    h = h0
    for t in s2sgrad.checkpointed(range(T), snapshots=3):
        h = np.tanh(W @ h + 0.1 * t)
    return np.sum(h ** 2)


def checkpointed_with_acc(W, h0, T=8):
    h = h0
    acc = 0.0
    for t in s2sgrad.checkpointed(range(T), snapshots=2):
        h = np.tanh(W @ h)
        acc = acc + np.sum(h) * (t + 1)
    return acc


def checkpointed_append(W, h0):
    h = h0
    hs = []
    for t in s2sgrad.checkpointed(range(6), snapshots=2):
        h = np.tanh(W @ h)
        hs.append(h)
    return np.sum(np.stack(hs) ** 2)


def checkpointed_append_floats(W, h0):
    h = h0
    losses = []
    for t in s2sgrad.checkpointed(range(4), snapshots=2):
        h = np.tanh(W @ h)
        losses.append(np.sum(h))
    return sum(losses)


def checkpointed_store(W, h0):
    h = h0
    y = np.zeros(6)
    for t in s2sgrad.checkpointed(range(6), snapshots=2):
        h = np.tanh(W @ h)
        y[t] = np.sum(h)
    return np.sum(y ** 2)


def checkpointed_inplace_total(W, h0):
    h = h0
    total = np.zeros(3)
    for t in s2sgrad.checkpointed(range(4), snapshots=2):
        h = np.tanh(W @ h)
        total += h
    return np.sum(total ** 2)


XS = rng.standard_normal((6, 3))


def checkpointed_outer_offset(W, h0):
    h = h0
    e = 2
    for t in s2sgrad.checkpointed(range(3), snapshots=2):
        h = np.tanh(W @ h + XS[t + e])
    return np.sum(h ** 2)


def checkpoint_decorated(W, h0):
    h = h0
    for _ in range(4):
        h = heavy_step(h, W)
    return np.sum(h)


def custom_norm_loss(v, w):
    return safe_norm(v * w) ** 2 + safe_norm(v)


def custom_at_zero(v):
    return safe_norm(v - v) + np.sum(v)


def hooked_clip(W, x):
    h = np.tanh(W @ x)
    with s2sgrad.grad_of(h) as dh:
        dh = np.clip(dh, -0.1, 0.1)
    return np.sum(h ** 2) * 10.0


def differentiate_calls(x, k):
    return inner_energy(x, k) + inner_energy(2 * x, k * 0.5)


def custom_identity_loss(x):
    y = clip_grad_identity(x * 3.0)
    return np.sum(y ** 2)


CASES = [
    dict(f=checkpointed_rnn, args=(rng.standard_normal((3, 3)) * 0.5, rng.standard_normal(3)), wrt=0, alt=(0, 1)),
    dict(f=checkpointed_with_acc, args=(rng.standard_normal((3, 3)) * 0.5, rng.standard_normal(3)), wrt=0,
         alt=(0, 1)),
    dict(f=checkpointed_append, args=(rng.standard_normal((3, 3)) * 0.5, rng.standard_normal(3)), wrt=0,
         alt=(0, 1)),
    dict(f=checkpointed_append_floats, args=(rng.standard_normal((3, 3)) * 0.5, rng.standard_normal(3)), wrt=0,
         alt=(0, 1)),
    dict(f=checkpointed_store, args=(rng.standard_normal((3, 3)) * 0.5, rng.standard_normal(3)), wrt=0,
         alt=(0, 1)),
    dict(f=checkpointed_inplace_total, args=(rng.standard_normal((3, 3)) * 0.5, rng.standard_normal(3)), wrt=0,
         alt=(0, 1)),
    dict(f=checkpointed_outer_offset, args=(rng.standard_normal((3, 3)) * 0.5, rng.standard_normal(3)), wrt=0,
         alt=(0, 1)),
    dict(f=checkpoint_decorated, args=(rng.standard_normal((3, 3)) * 0.5, rng.standard_normal(3)), wrt=0,
         alt=(0, 1)),
    dict(f=custom_norm_loss, args=(rng.standard_normal(3), rng.standard_normal(3)), wrt=0, alt=(0, 1)),
    dict(f=differentiate_calls, args=(rng.standard_normal(3), 0.7), wrt=0, alt=(0, 1)),
]

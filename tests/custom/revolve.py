"""A 1,000-step style loop under binomial checkpointing, for tests/test_checkpointed_loops.py."""

import numpy as np

import s2sgrad


def simulate(x, w, n, k):
    v = x * 0.0
    for t in s2sgrad.checkpointed(range(n), snapshots=k):
        a = -np.sin(x * w) - 0.1 * v
        v = v + 0.01 * a
        x = x + 0.01 * v
    return np.sum(x * x) + np.sum(v)


def simulate_plain(x, w, n, k):
    v = x * 0.0
    for t in range(n):
        a = -np.sin(x * w) - 0.1 * v
        v = v + 0.01 * a
        x = x + 0.01 * v
    return np.sum(x * x) + np.sum(v)


steps_run = []


def counted(x, n, k):
    for t in s2sgrad.checkpointed(range(n), snapshots=k):
        steps_run.append(t)
        x = np.tanh(x) * 1.5
    return np.sum(x)


def breaks(x, n):
    for t in s2sgrad.checkpointed(range(n), snapshots=2):
        x = x * 2.0
        if np.sum(x) > 10.0:
            break
    return np.sum(x)


def over_a_list(x, items):
    for t in s2sgrad.checkpointed(items, snapshots=2):
        x = x * t
    return np.sum(x)


def constant_schedule(x, n):
    scale = 1.0
    for t in s2sgrad.checkpointed(range(n), snapshots=2):
        scale = scale * 0.5 + 0.25
    return np.sum(np.sin(x) * scale)

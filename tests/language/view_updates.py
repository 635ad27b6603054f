"""Updates through a slice view of an array the function makes (`mid = v[1:-1]; mid += e`),
read as updates of the array viewed."""

import numpy as np

from .case import Case, arr, vec


def view_update_top(u):
    v = u.copy()
    mid = v[1:-1]
    mid += 0.25 * (u[:-2] - 2.0 * u[1:-1] + u[2:])
    return np.sum(v ** 3) + np.sum(mid)


def view_update_loop(A):
    B = A * 2.0
    for i in range(B.shape[0]):
        row = B[i, :]
        row *= np.tanh(row)
        row -= 0.5 * i
    return np.sum(B * A)


def view_update_branch(u):
    v = u * 1.0
    head = v[:2]
    if np.sum(u) > 0.0:
        head *= np.exp(u[:2])
    else:
        head += u[-2:] ** 2
    return np.sum(v * v) + np.sum(head)


def _relax(u, steps):
    v = u + 0.0
    inner = v[1:-1]
    for t in range(steps):
        inner += 0.2 * (v[:-2] - 2.0 * v[1:-1] + v[2:])
    return v


def view_update_call(u):
    return np.sum(np.sin(_relax(u, 2)) * u)


CASES = [
    Case(view_update_top, "update through a view", "top", ((arr(5, seed=311),),)),
    Case(view_update_loop, "update through a view", "loop", ((arr(3, 4, seed=312),),)),
    Case(view_update_branch, "update through a view", "branch", ((vec(0.3, 0.2, 0.5),), (vec(-0.3, 0.1, -0.4),))),
    Case(view_update_call, "update through a view", "call", ((arr(6, seed=313),),)),
]

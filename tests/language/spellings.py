"""Spellings of real code: NumPy 2.x's `np.clip(x, min=..., max=...)` with one bound or both,
`x.conj()` and `np.conj` on real arrays, the outer forms of the arithmetic ufuncs, and the
entropies of scipy.stats distributions in their parameters."""

import numpy as np
from scipy.stats import beta, chi2, dirichlet, expon, gamma, laplace, logistic, multivariate_normal, norm, t

from .case import Case, arr, vec


# -- np.clip(x, min=..., max=...), a bound left out, a bound that varies --------------------------
def clip_keywords_top(x):
    lower = np.clip(x, min=-0.3)
    both = np.clip(x * 2.0, min=-0.5, max=x[0])
    return np.sum(lower * x) + np.sum(both ** 2) + np.sum(x.clip(max=0.2) * x)


def clip_keywords_loop(x):
    y = x * 1.0
    for k in range(3):
        y = np.clip(y * 1.5, min=-0.8) + np.clip(y, max=0.1 * k)
    return np.sum(y * x)


def clip_keywords_branch(x):
    if x[0] > 0.0:
        y = np.clip(x, a_min=None, a_max=0.4)
    else:
        y = np.clip(x, min=x[1])
    return np.sum(y * y)


def _bounded(v, lo):
    return np.clip(v, min=lo) * v


def clip_keywords_call(x):
    return np.sum(_bounded(x, -0.25) + _bounded(x * 3.0, x[2]))


# -- conj and conjugate of real arrays: the identity ---------------------------------------------
def conj_top(x):
    return np.sum(x.conj() * x) + np.sum(np.conj(x) * np.conjugate(x * 2.0)) + np.sum(x.conjugate())


def conj_loop(X):
    total = 0.0
    for row in X:
        total = total + row.conj() @ row + np.sum(np.conj(row) ** 3)
    return total


def conj_branch(x):
    if np.sum(x) > 0.0:
        return np.sum(x.conj() * np.sin(x))
    return np.sum(np.conjugate(x) ** 2)


def _energy(v):
    return np.real(v.conj() @ v)


def conj_call(x):
    return _energy(x) + _energy(np.tanh(x))


# -- np.subtract.outer, np.multiply.outer, np.add.outer, np.divide.outer ----------------------------
def outer_top(x, y):
    kernel = np.exp(-np.subtract.outer(x, y) ** 2)
    scaled = np.multiply.outer(x, y) + np.add.outer(x, 2.0 * y)
    return np.sum(kernel * scaled) + np.sum(np.divide.outer(x, y * y + 1.0))


def outer_loop(x, y):
    total = 0.0
    for k in range(2):
        total = total + np.sum(np.multiply.outer(x * k, y) ** 2) + np.sum(np.add.outer(x, y) * k)
    return total


def outer_branch(x, y):
    if x[0] > 0.0:
        d = np.subtract.outer(x, y)
    else:
        d = np.divide.outer(x, y * y + 1.0)
    return np.sum(d * d)


def _rbf(a, b, width):
    return np.exp(-np.subtract.outer(a, b) ** 2 / width)


def outer_call(x, y):
    return np.sum(_rbf(x, y, 2.0) * np.multiply.outer(x, y)) + np.sum(_rbf(y, x, 1.0))


CASES = [
    Case(clip_keywords_top, "np.clip min=/max= keywords", "top", ((vec(0.1, -0.4, 0.6, -0.1),),)),
    Case(clip_keywords_loop, "np.clip min=/max= keywords", "loop", ((vec(0.1, -0.3, 0.45, 0.03),),)),
    Case(clip_keywords_branch, "np.clip min=/max= keywords", "branch", ((vec(0.3, 0.7, -0.2),),
                                                                        (vec(-0.3, 0.1, -0.2),))),
    Case(clip_keywords_call, "np.clip min=/max= keywords", "call", ((vec(0.1, -0.4, 0.05, -0.1),),)),
    Case(conj_top, "conj of real arrays", "top", ((arr(3, seed=700),),)),
    Case(conj_loop, "conj of real arrays", "loop", ((arr(2, 3, seed=701),),)),
    Case(conj_branch, "conj of real arrays", "branch", ((vec(0.3, 0.7, -0.2),), (vec(-0.3, -0.7, 0.2),))),
    Case(conj_call, "conj of real arrays", "call", ((arr(3, seed=702),),)),
    Case(outer_top, "ufunc.outer", "top", ((arr(3, seed=703), arr(2, seed=704)),), (0, 1)),
    Case(outer_loop, "ufunc.outer", "loop", ((arr(3, seed=705), arr(2, seed=706)),), (0, 1)),
    Case(outer_branch, "ufunc.outer", "branch", ((vec(0.3, 0.7), vec(0.2, -0.1, 0.4)),
                                                 (vec(-0.3, 0.7), vec(0.2, -0.1, 0.4))), (0, 1)),
    Case(outer_call, "ufunc.outer", "call", ((arr(3, seed=707), arr(2, seed=708)),), (0, 1)),
]


# -- scipy.stats entropies in their parameters (imported names, as users write them) ----------------
def entropy_top(s, a):
    return (np.sum(norm.entropy(0.0, s) + gamma.entropy(a, scale=s) + t.entropy(a + 1.0))
            + beta.entropy(a[0], a[1]) + dirichlet.entropy(a) + multivariate_normal.entropy(s, np.diag(s * s)))


def entropy_loop(s, a):
    total = 0.0
    for k in range(len(a)):
        total = total + expon.entropy(scale=s[k]) * laplace.entropy(0.0, a[k]) + logistic.entropy(scale=s[k])
        total = total + chi2.entropy(a[k] + k)
    return total


def entropy_branch(s, a):
    if s[0] > 1.0:
        h = gamma.entropy(a, 0.0, s)
    else:
        h = beta.entropy(a, s)
    return np.sum(h * h)


def _gaussian_entropy(cov):
    return multivariate_normal.entropy(cov=cov)


def entropy_call(s, a):
    cov = np.outer(s, s) + np.diag(a)
    return _gaussian_entropy(cov) + _gaussian_entropy(cov * 2.0) + np.sum(t.entropy(a, scale=s))


CASES += [
    Case(entropy_top, "scipy.stats entropies", "top", ((vec(0.8, 1.5, 1.2), vec(1.5, 2.5, 0.7)),), (0, 1)),
    Case(entropy_loop, "scipy.stats entropies", "loop", ((vec(0.8, 1.5, 1.2), vec(1.5, 2.5, 0.7)),), (0, 1)),
    Case(entropy_branch, "scipy.stats entropies", "branch", ((vec(1.5, 0.8, 1.2), vec(1.5, 2.5, 0.7)),
                                                            (vec(0.8, 1.5, 1.2), vec(1.5, 2.5, 0.7))), (0, 1)),
    Case(entropy_call, "scipy.stats entropies", "call", ((vec(0.8, 1.5, 1.2), vec(1.5, 2.5, 0.7)),), (0, 1)),
]

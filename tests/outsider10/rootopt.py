"""Root finding and optimisation inner loops with a fixed number of iterations or a tolerance and a
max count; the result differentiated with respect to the problem's parameters."""
import math

import numpy as np


def newton_sqrt(a):
    x = 1.0
    for _ in range(8):
        x = 0.5 * (x + a / x)
    return x


def newton_kepler(M, e):
    E = M
    for _ in range(10):
        E = E - (E - e * math.sin(E) - M) / (1 - e * math.cos(E))
    return E


def bisection_fixed(c):
    lo, hi = 0.0, 2.0
    for _ in range(8):
        mid = 0.5 * (lo + hi)
        if mid ** 3 - c > 0:
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi) + c


def newton_while_tol(a):
    x = 1.0
    it = 0
    while abs(x * x - a) > 1e-12 and it < 50:
        x = x - (x * x - a) / (2 * x)
        it += 1
    return x * 3


def secant_method(p):
    x0, x1 = 0.5, 1.5
    for _ in range(8):
        f0 = x0 ** 3 + p * x0 - 2
        f1 = x1 ** 3 + p * x1 - 2
        x0, x1 = x1, x1 - f1 * (x1 - x0) / (f1 - f0)
    return x1


def gradient_descent_inner(A, b):
    x = np.zeros(b.size)
    for _ in range(30):
        g = A @ x - b
        x -= 0.1 * g
    return np.sum(x ** 2)


def gd_while_max(b):
    x = np.zeros_like(b)
    k = 0
    while True:
        g = 2 * (x - b) + 0.1 * x ** 3
        x = x - 0.2 * g
        k += 1
        if k >= 25:
            break
    return np.sum(x)


def momentum_unrolled(w0, lr):
    w, v = w0, np.zeros_like(w0)
    for _ in range(10):
        g = 2 * w * (w ** 2 - 1)
        v = 0.9 * v - lr * g
        w = w + v
    return np.sum(w ** 2)


def newton_2d_system(p):
    x = np.array([1.0, 1.0])
    for _ in range(6):
        F = np.array([x[0] ** 2 + x[1] ** 2 - p[0], x[0] - x[1] * p[1]])
        J = np.array([[2 * x[0], 2 * x[1]], [1.0, -p[1]]])
        x = x - np.linalg.solve(J, F)
    return x[0] + 2 * x[1]


def for_else_search(a):
    x = 1.0
    for i in range(100):
        x_new = math.cos(a * x)
        if abs(x_new - x) < 1e-12:
            x = x_new
            break
        x = x_new
    else:
        x = x + 0.0
    return x


def golden_section(c):
    lo, hi = -3.0, 3.0
    g = (math.sqrt(5) - 1) / 2
    for _ in range(10):
        a = hi - g * (hi - lo)
        b = lo + g * (hi - lo)
        if (a - c) ** 2 < (b - c) ** 2:
            hi = b
        else:
            lo = a
    x = (lo + hi) / 2
    return (x - c) ** 2 + c * x


def halley_cubic(a):
    x = 1.0
    for _ in range(6):
        f = x ** 3 - a
        df = 3 * x ** 2
        d2f = 6 * x
        x = x - 2 * f * df / (2 * df ** 2 - f * d2f)
    return x


def fixed_point_logistic(r):
    x = 0.3
    for _ in range(60):
        x = r * x * (1 - x)
    return x


def line_search_backtrack(x):
    def f(z):
        return np.sum((z - 1.0) ** 2) + 0.1 * np.sum(z ** 4)
    g = 2 * (x - 1.0) + 0.4 * x ** 3
    t = 1.0
    for _ in range(20):
        if f(x - t * g) <= f(x) - 0.5 * t * g @ g:
            break
        t *= 0.5
    return f(x - t * g)


def coordinate_descent(y, lam):
    w = np.zeros(3)
    X = np.array([[1.0, 0.2, 0.0], [0.1, 1.0, 0.3], [0.0, 0.4, 1.0], [0.5, 0.5, 0.5]])
    for _ in range(10):
        for j in range(3):
            r = y - X @ w + X[:, j] * w[j]
            w[j] = X[:, j] @ r / (X[:, j] @ X[:, j] + lam)
    return np.sum(w ** 2)


def lbfgs_like_two_loop(x0):
    x = x0.copy()
    s_list, y_list = [], []
    g = 2 * x + np.sin(x)
    for k in range(4):
        d = -g
        for s, yv in zip(reversed(s_list), reversed(y_list)):
            d = d - (s @ d) / (yv @ s) * yv * 0.5
        x_new = x + 0.3 * d
        g_new = 2 * x_new + np.sin(x_new)
        s_list.append(x_new - x)
        y_list.append(g_new - g)
        x, g = x_new, g_new
    return np.sum(x ** 2 + np.cos(x))


def projected_gradient(c):
    x = np.zeros(c.size)
    for _ in range(15):
        x = x - 0.2 * (x - c)
        x = np.clip(x, -0.5, 0.5)
    return np.sum(x * c)


def dict_params_gd(theta):
    p = {"a": theta[0], "b": theta[1]}
    xs = np.array([0.0, 1.0, 2.0])
    ys = np.array([1.0, 2.9, 5.2])
    for _ in range(5):
        r = p["a"] * xs + p["b"] - ys
        p["a"] = p["a"] - 0.05 * np.sum(r * xs)
        p["b"] -= 0.05 * np.sum(r)
    return p["a"] ** 2 + p["b"]


def min_of_candidates(c):
    cands = [c - 1.0, c * c, math.exp(-c)]
    return min(cands) + max(cands)


def newton_implicit_param(theta):
    x = np.ones(2)
    for _ in range(8):
        F = np.tanh(x) + theta * x - 1.0
        dF = 1 - np.tanh(x) ** 2 + theta
        x = x - F / dF
    return x @ x


def brent_like_safeguard(k):
    x = 0.5
    for _ in range(12):
        f = x * math.exp(x) - k
        df = (1 + x) * math.exp(x)
        step = f / df
        if abs(step) > 0.5:
            step = 0.5 if step > 0 else -0.5
        x -= step
    return x


def ista_soft_threshold(y):
    x = np.zeros_like(y)
    for _ in range(20):
        z = x - 0.5 * (x - y)
        x = np.sign(z) * np.maximum(np.abs(z) - 0.1, 0.0)
    return np.sum(x ** 2)


def power_iteration(A):
    v = np.ones(A.shape[0])
    for _ in range(30):
        v = A @ v
        v = v / np.linalg.norm(v)
    return v @ A @ v


_A = np.array([[2.0, 0.5, 0.1], [0.5, 1.5, 0.2], [0.1, 0.2, 1.0]])
CASES = [
    dict(f=newton_sqrt, args=(2.5,)),
    dict(f=newton_kepler, args=(1.2, 0.3), wrt=1, alt=(0, 1)),
    dict(f=bisection_fixed, args=(1.7,)),
    dict(f=newton_while_tol, args=(3.0,)),
    dict(f=secant_method, args=(1.5,)),
    dict(f=gradient_descent_inner, args=(_A, np.array([1.0, -1.0, 0.5])), wrt=1, alt=(0, 1)),
    dict(f=gd_while_max, args=(np.array([1.0, -0.5, 0.3]),)),
    dict(f=momentum_unrolled, args=(np.array([0.5, 1.5, -0.8]), 0.02), wrt=0, alt=(0, 1)),
    dict(f=newton_2d_system, args=(np.array([2.0, 1.5]),)),
    dict(f=for_else_search, args=(0.8,)),
    dict(f=golden_section, args=(0.7,)),
    dict(f=halley_cubic, args=(5.0,)),
    dict(f=fixed_point_logistic, args=(2.8,)),
    dict(f=line_search_backtrack, args=(np.array([2.0, -1.0, 0.5]),)),
    dict(f=coordinate_descent, args=(np.array([1.0, 0.5, -0.3, 0.8]), 0.1), wrt=0, alt=(0, 1)),
    dict(f=lbfgs_like_two_loop, args=(np.array([1.0, -2.0, 0.5]),)),
    dict(f=projected_gradient, args=(np.array([1.0, -0.2, 0.3, -2.0]),)),
    dict(f=dict_params_gd, args=(np.array([0.5, 0.2]),)),
    dict(f=min_of_candidates, args=(0.6,)),
    dict(f=newton_implicit_param, args=(0.5,)),
    dict(f=brent_like_safeguard, args=(3.0,)),
    dict(f=ista_soft_threshold, args=(np.array([1.0, -0.05, 0.3, -2.0]),)),
    dict(f=power_iteration, args=(_A,)),
]

"""Numerics: iterations, integrators, stencils, recursion, scans, sorting, interpolation."""

import math

import numpy as np

rng = np.random.default_rng(1)


def newton_sqrt(a):
    x = a
    while abs(x * x - a) > 1e-12 * a:
        x = 0.5 * (x + a / x)
    return x


def newton_cuberoot_vec(a):
    x = np.ones_like(a)
    for _ in range(30):
        x = x - (x ** 3 - a) / (3 * x ** 2)
    return np.sum(x)


def fixed_point_cos(a):
    x = 0.0
    it = 0
    while True:
        xn = np.cos(a * x)
        it += 1
        if abs(xn - x) < 1e-13 or it > 200:
            break
        x = xn
    return xn


def euler_decay(k, y0):
    y = y0
    dt = 0.01
    for _ in range(100):
        y = y - dt * k * y
    return y


def rk4_oscillator(omega, x0, v0):
    def rhs(s):
        return np.array([s[1], -omega ** 2 * s[0]])
    s = np.array([x0, v0])
    h = 0.05
    states = [s]
    for _ in range(40):
        k1 = rhs(s)
        k2 = rhs(s + 0.5 * h * k1)
        k3 = rhs(s + 0.5 * h * k2)
        k4 = rhs(s + h * k3)
        s = s + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        states.append(s)
    traj = np.stack(states)
    return np.sum(traj[:, 0] ** 2)


def heat_explicit(u0, alpha):
    u = u0.copy()
    for _ in range(20):
        u[1:-1] += alpha * (u[2:] - 2 * u[1:-1] + u[:-2])
    return np.sum(u ** 2)


def heat_explicit_new(u0, alpha):
    u = u0.copy()
    for _ in range(20):
        lap = np.zeros_like(u)
        lap[1:-1] = u[2:] - 2 * u[1:-1] + u[:-2]
        u = u + alpha * lap
    return np.sum(u * u)


def wave_2d(u0, c):
    u = u0.copy()
    up = u0.copy()
    for _ in range(5):
        un = np.zeros_like(u)
        un[1:-1, 1:-1] = (2 * u[1:-1, 1:-1] - up[1:-1, 1:-1]
                          + c * (u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2] - 4 * u[1:-1, 1:-1]))
        up = u
        u = un
    return np.sum(u ** 2)


def power_rec(x, n):
    if n == 0:
        return 1.0
    if n % 2 == 0:
        h = power_rec(x, n // 2)
        return h * h
    return x * power_rec(x, n - 1)


def rec_power_entry(x):
    return power_rec(x, 7)


def fib_like(a, b, n):
    if n == 0:
        return a
    return fib_like(b, a * 0.5 + b * 0.7, n - 1)


def fib_entry(a, b):
    return fib_like(a, b, 6)


def cumsum_loss(x):
    c = np.cumsum(x)
    return np.sum(c ** 2)


def manual_cumsum(x):
    out = np.empty_like(x)
    s = 0.0
    for i in range(len(x)):
        s = s + x[i]
        out[i] = s
    return np.sum(out * out)


def cumprod_loss(x):
    return np.sum(np.cumprod(x))


def manual_cumprod_rev(x):
    out = np.ones_like(x)
    acc = 1.0
    for i in range(len(x) - 1, -1, -1):
        acc = acc * x[i]
        out[i] = acc
    return np.sum(out)


def horner(coeffs, x):
    r = 0.0
    for c in coeffs:
        r = r * x + c
    return r


def horner_vec(coeffs, x):
    r = np.zeros_like(x)
    for c in reversed(coeffs):
        r = r * x + c
    return np.sum(r)


def interp_loss(y, xq):
    xp = np.linspace(0, 1, len(y))
    return np.sum(np.interp(xq, xp, y) ** 2)


def interp_xq(xq, y):
    xp = np.linspace(0, 1, len(y))
    return np.sum(np.interp(xq, xp, y) ** 2)


def clip_loss(x):
    return np.sum(np.clip(x, -0.5, 0.8) ** 2 * x)


def sort_loss(x):
    s = np.sort(x)
    w = np.arange(1, len(x) + 1)
    return np.sum(w * s)


def argsort_loss(x, y):
    idx = np.argsort(x)
    return np.sum(y[idx] * np.arange(len(y)) + x[idx] ** 2)


def topk_mean(x, k=3):
    s = np.sort(x)[::-1]
    return np.mean(s[:k])


def bisection_root(a):
    lo, hi = 0.0, 2.0 + a
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if mid * mid - a > 0:
            hi = mid
        else:
            lo = mid
    return lo * a


def trapezoid_rule(f_vals, h):
    return h * (0.5 * f_vals[0] + np.sum(f_vals[1:-1]) + 0.5 * f_vals[-1])


def simpson(a, b):
    n = 10
    xs = np.linspace(a, b, n + 1)
    ys = np.sin(xs) * xs
    h = (b - a) / n
    return h / 3 * (ys[0] + 4 * np.sum(ys[1:-1:2]) + 2 * np.sum(ys[2:-1:2]) + ys[-1])


def gauss_seidel(b, d):
    n = len(b)
    x = np.zeros(n)
    for _ in range(25):
        for i in range(n):
            s = b[i]
            if i > 0:
                s -= x[i - 1]
            if i < n - 1:
                s -= x[i + 1]
            x[i] = s / d
    return np.sum(x ** 2)


def tridiag_thomas(a, b, c, d):
    n = len(d)
    cp = np.zeros(n)
    dp = np.zeros(n)
    cp[0] = c[0] / b[0]
    dp[0] = d[0] / b[0]
    for i in range(1, n):
        m = b[i] - a[i] * cp[i - 1]
        cp[i] = c[i] / m if i < n - 1 else 0.0
        dp[i] = (d[i] - a[i] * dp[i - 1]) / m
    x = np.zeros(n)
    x[-1] = dp[-1]
    for i in range(n - 2, -1, -1):
        x[i] = dp[i] - cp[i] * x[i + 1]
    return np.sum(x * np.arange(1, n + 1))


def leapfrog(q0, p0, k):
    q, p = q0, p0
    dt = 0.1
    qs = []
    for _ in range(30):
        p = p - 0.5 * dt * k * q
        q = q + dt * p
        p = p - 0.5 * dt * k * q
        qs.append(q)
    return np.sum(np.array(qs) ** 2)


def logistic_map(r, x0):
    x = x0
    total = 0.0
    for i in range(20):
        x = r * x * (1 - x)
        total += x
    return total


def continued_fraction(x):
    r = x
    for k in range(8, 0, -1):
        r = k + x / r
    return r


def series_exp(x):
    term = 1.0
    s = 1.0
    n = 1
    while abs(term) > 1e-15:
        term = term * x / n
        s = s + term
        n += 1
    return s


def diff_stencil(f):
    d1 = np.diff(f)
    d2 = np.diff(f, n=2)
    return np.sum(d1 ** 2) + np.sum(d2 ** 2)


def gradient_np(f):
    g = np.gradient(f, 0.1)
    return np.sum(g ** 3)


def reverse_slice_sum(x):
    y = x[::-1] * np.arange(len(x))
    z = x[-2::-2]
    return np.sum(y ** 2) + np.sum(z ** 3)


def implicit_euler_scalar(lam, y0):
    y = y0
    for _ in range(10):
        y = y / (1 + 0.1 * lam)
    return y


def polyval_loss(c, x):
    return np.sum(np.polyval(c, x) ** 2)


def math_module(x):
    return math.exp(-x) * math.sin(3 * x) + math.log1p(x * x) + math.hypot(x, 2.0)


def arc_length(x):
    y = np.sin(x)
    dx = np.diff(x)
    dy = np.diff(y)
    return np.sum(np.sqrt(dx ** 2 + dy ** 2))


xg = np.linspace(0.1, 2.0, 8)
CASES = [
    dict(f=newton_sqrt, args=(2.5,), wrt=0, tol=1e-4),
    dict(f=newton_cuberoot_vec, args=(np.array([1.5, 2.0, 3.5]),), wrt=0, tol=1e-4),
    dict(f=fixed_point_cos, args=(0.7,), wrt=0, tol=1e-4),
    dict(f=euler_decay, args=(1.3, 2.0), wrt=0, alt=1),
    dict(f=rk4_oscillator, args=(1.2, 0.5, -0.3), wrt=0, alt=(1, 2)),
    dict(f=heat_explicit, args=(rng.standard_normal(10), 0.2), wrt=0, alt=1),
    dict(f=heat_explicit_new, args=(rng.standard_normal(10), 0.2), wrt=0, alt=1),
    dict(f=wave_2d, args=(rng.standard_normal((5, 5)), 0.1), wrt=0, alt=1),
    dict(f=rec_power_entry, args=(1.1,), wrt=0),
    dict(f=fib_entry, args=(0.5, 1.5), wrt=0, alt=1),
    dict(f=cumsum_loss, args=(rng.standard_normal(6),), wrt=0),
    dict(f=manual_cumsum, args=(rng.standard_normal(6),), wrt=0),
    dict(f=cumprod_loss, args=(rng.standard_normal(6),), wrt=0),
    dict(f=manual_cumprod_rev, args=(rng.standard_normal(6),), wrt=0),
    dict(f=horner, args=([1.0, -2.0, 0.5, 3.0], 0.7), wrt=0, alt=1),
    dict(f=horner_vec, args=([1.0, -2.0, 0.5], rng.standard_normal(4)), wrt=1, alt=0),
    dict(f=interp_loss, args=(rng.standard_normal(5), np.array([0.1, 0.33, 0.6, 0.95])), wrt=0, alt=1),
    dict(f=interp_xq, args=(np.array([0.1, 0.33, 0.6, 0.95]), rng.standard_normal(5)), wrt=0, alt=1),
    dict(f=clip_loss, args=(np.array([-1.0, -0.2, 0.3, 0.9, 2.0]),), wrt=0),
    dict(f=sort_loss, args=(rng.standard_normal(6),), wrt=0),
    dict(f=argsort_loss, args=(rng.standard_normal(5), rng.standard_normal(5)), wrt=(0, 1)),
    dict(f=topk_mean, args=(rng.standard_normal(7),), wrt=0),
    dict(f=trapezoid_rule, args=(np.sin(xg), 0.1), wrt=0, alt=1),
    dict(f=simpson, args=(0.2, 1.9), wrt=(0, 1)),
    dict(f=gauss_seidel, args=(rng.standard_normal(5), 4.0), wrt=0, alt=1),
    dict(f=tridiag_thomas, args=(rng.standard_normal(5), 4 + rng.random(5), rng.standard_normal(5),
                                 rng.standard_normal(5)), wrt=(0, 1, 2, 3)),
    dict(f=leapfrog, args=(1.0, 0.2, 2.0), wrt=(0, 1, 2)),
    dict(f=logistic_map, args=(2.9, 0.3), wrt=0, alt=1),
    dict(f=continued_fraction, args=(1.3,), wrt=0),
    dict(f=series_exp, args=(1.7,), wrt=0),
    dict(f=diff_stencil, args=(rng.standard_normal(7),), wrt=0),
    dict(f=gradient_np, args=(rng.standard_normal(7),), wrt=0),
    dict(f=reverse_slice_sum, args=(rng.standard_normal(7),), wrt=0),
    dict(f=implicit_euler_scalar, args=(0.8, 1.5), wrt=0, alt=1),
    dict(f=polyval_loss, args=(np.array([1.0, -0.5, 2.0]), rng.standard_normal(4)), wrt=0, alt=1),
    dict(f=math_module, args=(0.9,), wrt=0),
    dict(f=arc_length, args=(np.linspace(0, 2, 6) + 0.1 * rng.standard_normal(6),), wrt=0),
]

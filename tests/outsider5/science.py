"""Scientific code: N-body, heat equation, spring chains, chemical kinetics over dicts,
pendulum energy, interpolation, quadrature, Monte Carlo with a fixed generator, bisection."""

import math

import numpy as np

rng = np.random.default_rng(5)


def nbody_energy(pos, mass):
    n = pos.shape[0]
    e = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            r = np.linalg.norm(pos[i] - pos[j])
            e = e - mass[i] * mass[j] / r
    return e


def nbody_step(pos, vel, dt=0.01, steps=5):
    n = pos.shape[0]
    for _ in range(steps):
        acc = np.zeros_like(pos)
        for i in range(n):
            for j in range(n):
                if i != j:
                    d = pos[j] - pos[i]
                    acc[i] += d / np.linalg.norm(d) ** 3
        vel = vel + dt * acc
        pos = pos + dt * vel
    return np.sum(pos ** 2)


def nbody_vectorized(pos):
    diff = pos[:, None, :] - pos[None, :, :]
    r2 = np.sum(diff ** 2, axis=-1) + np.eye(pos.shape[0])
    inv = 1.0 / np.sqrt(r2)
    inv = inv * (1 - np.eye(pos.shape[0]))
    return -0.5 * np.sum(inv)


def heat_equation(u0, alpha, steps=10):
    u = u0.copy()
    for _ in range(steps):
        u[1:-1] = u[1:-1] + alpha * (u[2:] - 2 * u[1:-1] + u[:-2])
        u[0] = u[1]
        u[-1] = u[-2]
    return np.sum(u ** 2)


def heat_new_array(u0, alpha, steps=10):
    u = u0
    for _ in range(steps):
        un = u.copy()
        un[1:-1] = u[1:-1] + alpha * (u[2:] - 2 * u[1:-1] + u[:-2])
        un[0] = un[-1] = 0.0
        u = un
    return np.sum(u ** 2)


def heat_2d(u0, alpha):
    u = u0.copy()
    for _ in range(3):
        lap = np.zeros_like(u)
        lap[1:-1, 1:-1] = u[2:, 1:-1] + u[:-2, 1:-1] + u[1:-1, 2:] + u[1:-1, :-2] - 4 * u[1:-1, 1:-1]
        u = u + alpha * lap
    return np.sum(u ** 2)


def spring_chain(k, x0, steps=20, dt=0.05):
    x = x0.copy()
    v = np.zeros_like(x0)
    for _ in range(steps):
        f = np.zeros_like(x)
        stretch = np.diff(x) - 1.0
        f[:-1] += k * stretch
        f[1:] -= k * stretch
        v = v + dt * f
        x = x + dt * v
    return x[-1]


def kinetics_rk4(k, c0, dt=0.1, steps=5):
    def rates(c):
        r1 = k[0] * c["A"]
        r2 = k[1] * c["B"]
        return {"A": -r1, "B": r1 - r2, "C": r2}

    c = dict(c0)
    for _ in range(steps):
        k1 = rates(c)
        k2 = rates({s: c[s] + 0.5 * dt * k1[s] for s in c})
        k3 = rates({s: c[s] + 0.5 * dt * k2[s] for s in c})
        k4 = rates({s: c[s] + dt * k3[s] for s in c})
        c = {s: c[s] + dt / 6 * (k1[s] + 2 * k2[s] + 2 * k3[s] + k4[s]) for s in c}
    return c["C"]


def pendulum_energy(theta0, L, steps=50, dt=0.01, g=9.81):
    th, om = theta0, 0.0
    for _ in range(steps):
        om = om - dt * g / L * math.sin(th)
        th = th + dt * om
    return 0.5 * L ** 2 * om ** 2 + g * L * (1 - math.cos(th))


def interp_loss(fp, x):
    xp = np.linspace(0.0, 1.0, len(fp))
    return np.sum(np.interp(x, xp, fp) ** 2)


def interp_wrt_x(x, fp):
    xp = np.linspace(0.0, 1.0, len(fp))
    return np.sum(np.interp(x, xp, fp) ** 2)


def trapz_by_hand(y, dx):
    return dx * (np.sum(y) - 0.5 * (y[0] + y[-1]))


def trapezoid_np(y, x):
    return np.trapezoid(y ** 2, x)


def simpson_by_hand(a, b, n=10):
    h = (b - a) / n
    xs = [a + i * h for i in range(n + 1)]
    s = math.exp(-xs[0] ** 2) + math.exp(-xs[-1] ** 2)
    for i in range(1, n):
        s += (4 if i % 2 else 2) * math.exp(-xs[i] ** 2)
    return s * h / 3


def monte_carlo_fixed(mu, sigma):
    r = np.random.default_rng(0)
    z = r.standard_normal(200)
    x = mu + sigma * z
    return np.mean(np.maximum(x, 0.0))


def monte_carlo_legacy(mu):
    np.random.seed(1)
    z = np.random.randn(100)
    return np.mean(np.exp(mu + 0.3 * z))


def bisection_root(a):
    lo, hi = 0.0, 2.0 + a
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if mid * mid - a > 0:
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi) * a


def projectile_range(v0, angle):
    vx, vy = v0 * math.cos(angle), v0 * math.sin(angle)
    x, y, t, dt = 0.0, 0.0, 0.0, 0.001
    while y >= 0.0:
        x += vx * dt
        vy -= 9.81 * dt
        y += vy * dt
    return x


def lotka_volterra(params, z0, dt=0.01, steps=100):
    a, b, c, d = params
    x, y = z0
    for _ in range(steps):
        dx = a * x - b * x * y
        dy = d * x * y - c * y
        x, y = x + dt * dx, y + dt * dy
    return x + y


def wave_equation(u0, c):
    u_prev = u0.copy()
    u = u0.copy()
    for _ in range(4):
        u_next = np.empty_like(u)
        u_next[1:-1] = 2 * u[1:-1] - u_prev[1:-1] + c * (u[2:] - 2 * u[1:-1] + u[:-2])
        u_next[0] = 0.0
        u_next[-1] = 0.0
        u_prev, u = u, u_next
    return np.sum(u ** 2)


def gravity_potential_grid(masses, pts):
    grid = np.linspace(-1, 1, 5)
    total = 0.0
    for gx in grid:
        for k in range(len(masses)):
            total += masses[k] / math.sqrt((gx - pts[k]) ** 2 + 0.1)
    return total


def polyval_fit(c, x, y):
    return np.sum((np.polyval(c, x) - y) ** 2)


def vander_fit(c, x, y):
    V = np.vander(x, len(c))
    return np.sum((V @ c - y) ** 2)


def horner(c, x):
    acc = 0.0
    for ci in c:
        acc = acc * x + ci
    return acc


def cumtrapz_energy(v, dt):
    e = np.concatenate([[0.0], np.cumsum(0.5 * (v[1:] ** 2 + v[:-1] ** 2) * dt)])
    return e[-1] + np.mean(e)


def diff_gradient(f):
    g = np.gradient(f, 0.1)
    return np.sum(g ** 2)


CASES = [
    dict(f=nbody_energy, args=(rng.standard_normal((4, 3)), np.array([1.0, 2.0, 0.5, 1.5])), wrt=0, alt=1),
    dict(f=nbody_step, args=(rng.standard_normal((3, 2)), rng.standard_normal((3, 2)) * 0.1), wrt=0, alt=1),
    dict(f=nbody_vectorized, args=(rng.standard_normal((4, 3)),), wrt=0),
    dict(f=heat_equation, args=(rng.standard_normal(8), 0.2), wrt=0, alt=1),
    dict(f=heat_new_array, args=(rng.standard_normal(8), 0.2), wrt=0, alt=1),
    dict(f=heat_2d, args=(rng.standard_normal((5, 5)), 0.1), wrt=0, alt=1),
    dict(f=spring_chain, args=(2.0, np.arange(4.0) * 1.1), wrt=0, alt=1),
    dict(f=kinetics_rk4, args=(np.array([0.7, 0.3]), {"A": 1.0, "B": 0.2, "C": 0.0}), wrt=0, alt=1),
    dict(f=pendulum_energy, args=(0.5, 1.2), wrt=0, alt=(0, 1)),
    dict(f=interp_loss, args=(rng.standard_normal(5), np.array([0.1, 0.33, 0.8, 0.95])), wrt=0),
    dict(f=interp_wrt_x, args=(np.array([0.1, 0.33, 0.8, 0.95]), rng.standard_normal(5)), wrt=0),
    dict(f=trapz_by_hand, args=(rng.standard_normal(6), 0.2), wrt=0, alt=1),
    dict(f=trapezoid_np, args=(rng.standard_normal(6), np.cumsum(rng.random(6))), wrt=0, alt=1),
    dict(f=simpson_by_hand, args=(0.1, 1.3), wrt=0, alt=(0, 1)),
    dict(f=monte_carlo_fixed, args=(0.2, 1.1), wrt=0, alt=(0, 1)),
    dict(f=monte_carlo_legacy, args=(0.2,), wrt=0),
    dict(f=bisection_root, args=(2.0,), wrt=0, tol=1e-4, skip=("hvp",)),   # branch derivative
    dict(f=projectile_range, args=(10.0, 0.7), wrt=0, alt=1, tol=1e-2, h=1e-7),
    dict(f=lotka_volterra, args=([1.0, 0.4, 0.8, 0.3], (1.2, 0.8)), wrt=0, alt=1),
    dict(f=wave_equation, args=(rng.standard_normal(7), 0.3), wrt=0, alt=1),
    dict(f=gravity_potential_grid, args=(np.array([1.0, 2.0]), np.array([0.3, -0.4])), wrt=0, alt=1),
    dict(f=polyval_fit, args=(rng.standard_normal(3), rng.standard_normal(5), rng.standard_normal(5)),
         wrt=0, alt=1),
    dict(f=vander_fit, args=(rng.standard_normal(3), rng.standard_normal(5), rng.standard_normal(5)),
         wrt=0, alt=1),
    dict(f=horner, args=(rng.standard_normal(4), 0.7), wrt=0, alt=1),
    dict(f=cumtrapz_energy, args=(rng.standard_normal(6), 0.1), wrt=0, alt=1),
    dict(f=diff_gradient, args=(rng.standard_normal(6),), wrt=0),
]

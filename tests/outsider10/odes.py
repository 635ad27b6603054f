"""Hand-written ODE integrators: Euler, RK4, leapfrog, Verlet, implicit Euler with a fixed Newton
count, adaptive-looking loops with a fixed step count."""
import math

import numpy as np


def euler_decay(k, y0):
    y = y0
    dt = 0.1
    for _ in range(20):
        y = y - dt * k * y
    return y


def rk4_scalar(k):
    def f(t, y):
        return -k * y + math.sin(t)
    y, t, h = 1.0, 0.0, 0.05
    for i in range(20):
        k1 = f(t, y)
        k2 = f(t + h / 2, y + h / 2 * k1)
        k3 = f(t + h / 2, y + h / 2 * k2)
        k4 = f(t + h, y + h * k3)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        t += h
    return y


def rk4_vector(theta):
    def rhs(y):
        return np.array([y[1], -theta[0] * y[0] - theta[1] * y[1]])
    y = np.array([1.0, 0.0])
    h = 0.1
    for _ in range(15):
        a = rhs(y)
        b = rhs(y + 0.5 * h * a)
        c = rhs(y + 0.5 * h * b)
        d = rhs(y + h * c)
        y = y + (h / 6.0) * (a + 2 * b + 2 * c + d)
    return np.sum(y ** 2)


def rk4_generic(params):
    def step(f, y, h):
        k1 = f(y)
        k2 = f(y + h * k1 / 2)
        k3 = f(y + h * k2 / 2)
        k4 = f(y + h * k3)
        return y + h * (k1 + 2 * k2 + 2 * k3 + k4) / 6

    def lotka(y):
        a, b, c, d = params
        return np.array([a * y[0] - b * y[0] * y[1], -c * y[1] + d * y[0] * y[1]])
    y = np.array([1.0, 0.5])
    for _ in range(10):
        y = step(lotka, y, 0.1)
    return y[0] + 2 * y[1]


def leapfrog_oscillator(q0, p0, k):
    q, p = q0, p0
    dt = 0.05
    p = p - 0.5 * dt * k * q
    for _ in range(30):
        q = q + dt * p
        p = p - dt * k * q
    p = p + 0.5 * dt * k * q
    return 0.5 * p ** 2 + 0.5 * k * q ** 2 + q


def velocity_verlet(x, v, m):
    dt = 0.02
    def force(x):
        return -x ** 3 + 0.5 * x
    a = force(x) / m
    for _ in range(25):
        x = x + v * dt + 0.5 * a * dt ** 2
        a_new = force(x) / m
        v = v + 0.5 * (a + a_new) * dt
        a = a_new
    return np.sum(x * v)


def implicit_euler_newton(lam):
    y = 1.0
    dt = 0.2
    for _ in range(10):
        z = y
        for _ in range(4):
            g = z - y + dt * lam * z ** 3
            dg = 1 + 3 * dt * lam * z ** 2
            z = z - g / dg
        y = z
    return y


def implicit_euler_linear(A):
    n = A.shape[0]
    y = np.ones(n)
    dt = 0.1
    M = np.eye(n) - dt * A
    for _ in range(5):
        y = np.linalg.solve(M, y)
    return y @ y


def trapezoid_ode(k):
    y = 2.0
    h = 0.1
    for _ in range(10):
        y = y * (1 - h * k / 2) / (1 + h * k / 2)
    return y


def heun_method(c):
    ys = [np.array([1.0, -1.0])]
    h = 0.1
    for i in range(8):
        y = ys[-1]
        f0 = -c * y + np.roll(y, 1)
        yp = y + h * f0
        f1 = -c * yp + np.roll(yp, 1)
        ys.append(y + h / 2 * (f0 + f1))
    traj = np.stack(ys)
    return np.sum(traj[:, 0] ** 2) + np.sum(traj[-1])


def euler_trajectory_list(w):
    x = np.zeros(3)
    xs = []
    for t in range(6):
        x = x + 0.1 * (np.tanh(w @ x) + 1.0)
        xs.append(x)
    return np.concatenate(xs).sum()


def midpoint_pendulum(L):
    g = 9.81
    th, om = 0.3, 0.0
    h = 0.05
    for _ in range(20):
        thm = th + 0.5 * h * om
        omm = om - 0.5 * h * g / L * math.sin(th)
        th, om = th + h * omm, om - h * g / L * math.sin(thm)
    return th


def euler_preallocated(a):
    n = 12
    y = np.zeros(n)
    y[0] = 1.0
    for i in range(1, n):
        y[i] = y[i - 1] + 0.1 * (a * y[i - 1] - y[i - 1] ** 2)
    return y[-1] + y.mean()


def rk2_while(k):
    t, y, h = 0.0, 1.0, 0.1
    while t < 1.0 - 1e-9:
        y_half = y + 0.5 * h * (-k * y)
        y = y + h * (-k * y_half)
        t += h
    return y


def adaptive_fixed_count(k):
    y, h = 1.0, 0.3
    for _ in range(12):
        y1 = y + h * (-k * y)
        y2 = y + h / 2 * (-k * y)
        y2 = y2 + h / 2 * (-k * y2)
        err = abs(y2 - y1)
        y = y2
        h = 0.9 * h if err > 1e-3 else h * 1.1
    return y


def symplectic_euler_2d(q):
    p = np.zeros_like(q)
    for _ in range(20):
        p -= 0.05 * q / np.linalg.norm(q) ** 3
        q = q + 0.05 * p
    return q[0] + 0.1 * q[1]


def ode_decorated_rhs(beta):
    def sir(s, i, r):
        ds = -beta * s * i
        di = beta * s * i - 0.1 * i
        return ds, di, 0.1 * i
    s, i, r = 0.99, 0.01, 0.0
    for _ in range(40):
        ds, di, dr = sir(s, i, r)
        s, i, r = s + 0.5 * ds, i + 0.5 * di, r + 0.5 * dr
    return r


def backward_euler_fixed_point(k):
    y = 1.0
    for step in range(5):
        z = y
        for it in range(6):
            z = y / (1 + 0.1 * k * (1 + 0.1 * z ** 2))
        y = z
    return y


def rk4_matrix_exp(A):
    Y = np.eye(A.shape[0])
    h = 0.1
    for _ in range(10):
        k1 = A @ Y
        k2 = A @ (Y + h / 2 * k1)
        k3 = A @ (Y + h / 2 * k2)
        k4 = A @ (Y + h * k3)
        Y = Y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return np.trace(Y)


def euler_maruyama_seeded(mu, sigma):
    rng = np.random.default_rng(0)
    dW = rng.standard_normal(50) * np.sqrt(0.01)
    x = 1.0
    for w in dW:
        x = x + mu * x * 0.01 + sigma * x * w
    return x


def ode_with_event_clip(v0):
    y, v = 0.0, v0
    for _ in range(30):
        v = v - 9.81 * 0.02
        y = y + v * 0.02
        y = max(y, 0.0)
    return y + v


def float32_euler(x):
    for _ in range(5):
        x = x - np.float32(0.1) * x ** 3
    return np.sum(x)


_A3 = np.array([[-1.0, 0.3, 0.0], [0.2, -0.8, 0.1], [0.0, 0.4, -1.2]])
CASES = [
    dict(f=euler_decay, args=(0.7, 1.3), wrt=0, alt=(0, 1)),
    dict(f=rk4_scalar, args=(0.8,)),
    dict(f=rk4_vector, args=(np.array([2.0, 0.3]),)),
    dict(f=rk4_generic, args=(np.array([1.0, 0.5, 0.8, 0.4]),)),
    dict(f=leapfrog_oscillator, args=(1.0, 0.2, 1.5), wrt=2, alt=(0, 1)),
    dict(f=velocity_verlet, args=(np.array([0.5, -0.3, 1.1]), np.array([0.0, 0.2, -0.1]), 1.3), wrt=0, alt=(1, 2)),
    dict(f=implicit_euler_newton, args=(0.9,)),
    dict(f=implicit_euler_linear, args=(_A3,)),
    dict(f=trapezoid_ode, args=(1.1,)),
    dict(f=heun_method, args=(np.array([0.5, 0.9]),)),
    dict(f=euler_trajectory_list, args=(np.array([[0.1, -0.2, 0.3], [0.4, 0.1, -0.1], [0.0, 0.2, 0.2]]),)),
    dict(f=midpoint_pendulum, args=(1.2,)),
    dict(f=euler_preallocated, args=(0.6,)),
    dict(f=rk2_while, args=(0.9,)),
    dict(f=adaptive_fixed_count, args=(1.3,)),
    dict(f=symplectic_euler_2d, args=(np.array([1.0, 0.2]),)),
    dict(f=ode_decorated_rhs, args=(0.4,)),
    dict(f=backward_euler_fixed_point, args=(1.5,)),
    dict(f=rk4_matrix_exp, args=(_A3,)),
    dict(f=euler_maruyama_seeded, args=(0.1, 0.3), wrt=1, alt=(0, 1)),
    dict(f=ode_with_event_clip, args=(2.0,)),
    dict(f=float32_euler, args=(np.array([0.5, 0.8, -0.3], dtype=np.float32),), tol=1e-2, skip=("hvp",)),
]

"""Outsider programs: simulations, integrators, dynamic programming and iterations."""
import numpy as np


def lotka_volterra_euler(theta, z0, dt, n_steps):
    """Forward-Euler integration of Lotka-Volterra with the state kept as an array."""
    a, b, c, d = theta[0], theta[1], theta[2], theta[3]
    z = z0
    traj = [z]
    for _ in range(n_steps):
        x, y = z[0], z[1]
        dz = np.array([a * x - b * x * y, c * x * y - d * y])
        z = z + dt * dz
        traj.append(z)
    traj = np.stack(traj)
    return np.sum(traj[:, 0]) + 0.5 * np.sum(traj[:, 1] ** 2)


def _decay_rhs(t, y, k):
    return -k * y + np.sin(t)


def rk4(rhs, y0, t0, t1, n, k):
    h = (t1 - t0) / n
    y = y0
    t = t0
    for i in range(n):
        k1 = rhs(t, y, k)
        k2 = rhs(t + h / 2, y + h / 2 * k1, k)
        k3 = rhs(t + h / 2, y + h / 2 * k2, k)
        k4 = rhs(t + h, y + h * k3, k)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        t = t + h
    return y


def rk4_decay(k, y0):
    """RK4 integrator taking the right-hand side as a function argument."""
    y = rk4(_decay_rhs, y0, 0.0, 1.0, 20, k)
    return np.sum(y ** 2)


def spring_chain(x0, k, m, dt, n_steps):
    """Spring-mass chain: forces accumulated into a fresh np.zeros each step, symplectic Euler."""
    n = x0.shape[0]
    x = x0.copy()
    v = np.zeros(n)
    for step in range(n_steps):
        F = np.zeros(n)
        for i in range(n - 1):
            stretch = x[i + 1] - x[i] - 1.0
            F[i] += k[i] * stretch
            F[i + 1] -= k[i] * stretch
        v = v + dt * F / m
        x = x + dt * v
    return np.sum(x ** 2) + 0.5 * np.sum(m * v ** 2)


def lennard_jones(pos):
    """Lennard-Jones energy of a small cluster with a double loop over pairs."""
    n = pos.shape[0]
    E = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            r2 = np.sum((pos[i] - pos[j]) ** 2)
            inv6 = 1.0 / r2 ** 3
            E += 4.0 * (inv6 ** 2 - inv6)
    return E


def pendulum_while(theta0, omega0, g, L):
    """Damped pendulum integrated with `while t < T`, energy-like loss at the end."""
    dt = 0.05
    t = 0.0
    th = theta0
    om = omega0
    while t < 1.0:
        om = om - dt * (g / L) * np.sin(th) - dt * 0.1 * om
        th = th + dt * om
        t += dt
    return th ** 2 + 0.5 * om ** 2


def soft_dtw(x, y, gamma):
    """Soft-DTW between two 1-D series; the table is filled with D[i, j] = ... (np.inf borders)."""
    n, m = x.shape[0], y.shape[0]
    D = np.full((n + 1, m + 1), np.inf)
    D[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost = (x[i - 1] - y[j - 1]) ** 2
            a = -D[i - 1, j] / gamma
            b = -D[i, j - 1] / gamma
            c = -D[i - 1, j - 1] / gamma
            mx = max(a, b, c)
            softmin = -gamma * (mx + np.log(np.exp(a - mx) + np.exp(b - mx) + np.exp(c - mx)))
            D[i, j] = cost + softmin
    return D[n, m]


def soft_dtw_npmax(x, y, gamma):
    """Soft-DTW as above but with np.max([a, b, c]) for the stabilising maximum."""
    n, m = x.shape[0], y.shape[0]
    D = np.full((n + 1, m + 1), np.inf)
    D[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost = (x[i - 1] - y[j - 1]) ** 2
            a = -D[i - 1, j] / gamma
            b = -D[i, j - 1] / gamma
            c = -D[i - 1, j - 1] / gamma
            mx = np.max([a, b, c])
            softmin = -gamma * (mx + np.log(np.exp(a - mx) + np.exp(b - mx) + np.exp(c - mx)))
            D[i, j] = cost + softmin
    return D[n, m]


def edit_like_dp(x, y):
    """Edit-distance-like DP with np.minimum on a cost table built in a zeros array."""
    n, m = len(x), len(y)
    D = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        D[i, 0] = D[i - 1, 0] + abs(x[i - 1])
    for j in range(1, m + 1):
        D[0, j] = D[0, j - 1] + abs(y[j - 1])
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            sub = D[i - 1, j - 1] + (x[i - 1] - y[j - 1]) ** 2
            D[i, j] = np.minimum(sub, np.minimum(D[i - 1, j] + 1.0, D[i, j - 1] + 1.0))
    return D[-1, -1]


def decoder_feedback(W, h0, steps):
    """Autoregressive decoding that reads the last appended output `outs[-1]` each step."""
    outs = [h0]
    for _ in range(steps):
        outs.append(np.tanh(W @ outs[-1]))
    return np.sum(outs[-1]) + np.sum(np.stack(outs[1:]) ** 2)


def backward_recursion(x, decay):
    """Discounted returns computed by a reversed loop for i in range(n - 1, -1, -1)."""
    n = x.shape[0]
    G = 0.0
    returns = []
    for i in range(n - 1, -1, -1):
        G = x[i] + decay * G
        returns.append(G)
    returns = returns[::-1]
    return np.sum(np.stack(returns) ** 2)

"""Game and physics code: springs, collisions with np.where, bouncing, particles, rigid bodies,
projectiles, n-body, ropes."""
import math

import numpy as np


def bouncing_ball_where(v0):
    x = np.array([0.5, 1.0, 1.5])
    v = v0.copy()
    for _ in range(20):
        x = x + 0.05 * v
        v = v - 0.05 * 9.8
        hit = x < 0
        v = np.where(hit, -0.8 * v, v)
        x = np.where(hit, -x, x)
    return np.sum(x)


def wall_collision_mask(x0, v):
    x = x0.copy()
    for _ in range(10):
        x += 0.1 * v
        out = x > 1.0
        x[out] = 2.0 - x[out]
        v = np.where(out, -v, v)
    return np.sum(x ** 2)


def projectile_range(v, angle):
    vx = v * math.cos(angle)
    vy = v * math.sin(angle)
    t = 2 * vy / 9.81
    return vx * t


def projectile_drag(v0):
    pos = np.zeros(2)
    vel = v0
    for _ in range(30):
        speed = np.linalg.norm(vel)
        acc = np.array([0.0, -9.81]) - 0.1 * speed * vel
        vel = vel + 0.02 * acc
        pos = pos + 0.02 * vel
    return pos[0] - pos[1] ** 2


def n_body_energy(X):
    n = X.shape[0]
    E = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            r = np.linalg.norm(X[i] - X[j])
            E -= 1.0 / r
    return E


def n_body_vectorised(X, m):
    d = X[:, None, :] - X[None, :, :]
    r2 = np.sum(d ** 2, axis=-1) + np.eye(X.shape[0])
    inv = 1.0 / np.sqrt(r2)
    inv = inv * (1 - np.eye(X.shape[0]))
    return -0.5 * np.sum(m[:, None] * m[None, :] * inv)


def n_body_step(X, V):
    for _ in range(5):
        d = X[None, :, :] - X[:, None, :]
        r3 = (np.sum(d ** 2, -1) + 0.1) ** 1.5
        A = np.sum(d / r3[..., None], axis=1)
        V = V + 0.01 * A
        X = X + 0.01 * V
    return np.sum(X[:, 0] ** 2)


def rope_chain(anchor):
    pts = [anchor]
    for k in range(4):
        prev = pts[-1]
        pts.append(prev + np.array([0.3, -0.4]) * (1 + 0.1 * k))
    P = np.stack(pts)
    seg = np.diff(P, axis=0)
    return np.sum(np.linalg.norm(seg, axis=1)) + P[-1, 1]


def pendulum_chain(thetas):
    x, y = 0.0, 0.0
    xs, ys = [], []
    for th in thetas:
        x += math.sin(th)
        y -= math.cos(th)
        xs.append(x)
        ys.append(y)
    return sum(ys) + 0.5 * sum(v * v for v in xs)


def rigid_rotation_2d(theta, pts):
    c, s = np.cos(theta), np.sin(theta)
    R = np.array([[c, -s], [s, c]])
    out = pts @ R.T
    return np.sum(out[:, 0] * out[:, 1])


def sphere_collision_penalty(X):
    r = 0.5
    pen = 0.0
    for i in range(len(X)):
        for j in range(i):
            d = np.linalg.norm(X[i] - X[j])
            if d < 2 * r:
                pen += (2 * r - d) ** 2
    return pen


def ground_contact_soft(z):
    return np.sum(np.where(z < 0, 100 * z ** 2, 0.0) + z)


def verlet_cloth_constraints(X0):
    X = X0.copy()
    Xp = X0.copy()
    for _ in range(3):
        Xn = 2 * X - Xp
        Xn[:, 1] -= 0.01
        Xp, X = X, Xn
        for i in range(len(X) - 1):
            d = X[i + 1] - X[i]
            L = np.linalg.norm(d)
            c = (L - 0.5) / L * 0.5 * d
            X[i] = X[i] + c
            X[i + 1] = X[i + 1] - c
    return np.sum(X ** 2)


def friction_sign(v):
    out = v.copy()
    for _ in range(5):
        out = out - 0.1 * np.sign(out) * 0.5 - 0.05 * out
    return np.sum(out ** 2)


def elastic_collision_1d(m1, v1):
    m2, v2 = 2.0, -0.5
    u1 = ((m1 - m2) * v1 + 2 * m2 * v2) / (m1 + m2)
    u2 = ((m2 - m1) * v2 + 2 * m1 * v1) / (m1 + m2)
    return 0.5 * m1 * u1 ** 2 + u2


def orbit_kepler(e):
    M = np.linspace(0.1, 3.0, 5)
    E = M.copy()
    for _ in range(8):
        E = E - (E - e * np.sin(E) - M) / (1 - e * np.cos(E))
    x = np.cos(E) - e
    y = math.sqrt(1 - e ** 2) * np.sin(E)
    return np.sum(x * y)


def particle_list_update(vs):
    particles = [{"x": np.zeros(2), "v": v} for v in vs]
    for _ in range(4):
        for p in particles:
            p["v"] = p["v"] - 0.1 * p["x"]
            p["x"] = p["x"] + 0.1 * p["v"]
    return sum(np.sum(p["x"] ** 2) for p in particles)


def lennard_jones(X):
    d = X[:, None] - X[None]
    r2 = (d ** 2).sum(-1)
    iu = np.triu_indices(X.shape[0], 1)
    r2 = r2[iu]
    inv6 = 1.0 / r2 ** 3
    return np.sum(4 * (inv6 ** 2 - inv6))


def spring_damper_ode(k, c):
    x, v = 1.0, 0.0
    xs = []
    for _ in range(50):
        a = -k * x - c * v
        v += 0.02 * a
        x += 0.02 * v
        xs.append(x)
    return np.mean(np.array(xs) ** 2)


def impulse_if_branch(v):
    total = 0.0
    for vi in v:
        if vi < 0:
            vi = -0.5 * vi
        total += vi ** 2
    return total


def raycast_plane(o, d):
    n = np.array([0.0, 1.0, 0.0])
    t = -(o @ n) / (d @ n)
    hit = o + t * d
    return hit[0] ** 2 + hit[2]


def torque_cross(r, F):
    tau = np.cross(r, F)
    return np.sum(tau ** 2)


_X3 = np.array([[0.0, 0.0], [1.0, 0.2], [0.3, 1.1]])
CASES = [
    dict(f=bouncing_ball_where, args=(np.array([0.3, -0.5, 1.0]),)),
    dict(f=wall_collision_mask, args=(np.array([0.5, 0.8, 0.15]), np.array([1.0, 1.3, -0.7])), wrt=0, alt=(0, 1)),
    dict(f=projectile_range, args=(10.0, 0.6), wrt=1, alt=(0, 1)),
    dict(f=projectile_drag, args=(np.array([5.0, 5.0]),)),
    dict(f=n_body_energy, args=(_X3,)),
    dict(f=n_body_vectorised, args=(_X3, np.array([1.0, 2.0, 0.5])), wrt=0, alt=(0, 1)),
    dict(f=n_body_step, args=(_X3, np.zeros((3, 2))), wrt=0, alt=(0, 1)),
    dict(f=rope_chain, args=(np.array([0.1, 0.2]),)),
    dict(f=pendulum_chain, args=(np.array([0.1, 0.5, -0.3]),)),
    dict(f=rigid_rotation_2d, args=(0.4, _X3), wrt=0, alt=(0, 1)),
    dict(f=sphere_collision_penalty, args=(np.array([[0.0, 0.0], [0.7, 0.2], [0.2, 0.8], [3.0, 3.0]]),)),
    dict(f=ground_contact_soft, args=(np.array([0.5, -0.2, 0.1, -0.05]),)),
    dict(f=verlet_cloth_constraints, args=(np.array([[0.0, 0.0], [0.6, 0.1], [1.0, 0.0]]),)),
    dict(f=friction_sign, args=(np.array([1.0, -0.8, 0.6]),)),
    dict(f=elastic_collision_1d, args=(1.0, 2.0), wrt=0, alt=(0, 1)),
    dict(f=orbit_kepler, args=(0.3,)),
    dict(f=particle_list_update, args=([np.array([1.0, 0.0]), np.array([0.0, 2.0])],)),
    dict(f=lennard_jones, args=(np.array([[0.0, 0.0], [1.1, 0.0], [0.5, 1.0]]),)),
    dict(f=spring_damper_ode, args=(4.0, 0.3), wrt=0, alt=(0, 1)),
    dict(f=impulse_if_branch, args=(np.array([1.0, -2.0, 0.5]),)),
    dict(f=raycast_plane, args=(np.array([0.0, 2.0, 0.0]), np.array([0.3, -1.0, 0.2])), wrt=1, alt=(0, 1)),
    dict(f=torque_cross, args=(np.array([1.0, 0.5, -0.2]), np.array([0.1, 2.0, 0.3])), wrt=0, alt=(0, 1)),
]

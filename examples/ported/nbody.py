"""Aim a small gravitating system: choose initial velocities so that the bodies end where wanted.

Leapfrog integration with softened pairwise forces; positions and velocities are copies of
the initial state updated in place (`vel += ...`, `pos += ...`).
"""

import numpy as np


def accelerations(pos, masses, softening=0.1):
    diff = pos[None, :, :] - pos[:, None, :]
    inv_r3 = (np.sum(diff ** 2, axis=-1) + softening ** 2) ** -1.5
    return np.sum(diff * (masses[None, :, None] * inv_r3[:, :, None]), axis=1)


def simulate(pos0, vel0, masses, num_steps, dt):
    pos = pos0.copy()
    vel = vel0.copy()
    acc = accelerations(pos, masses)
    for _ in range(num_steps):
        vel += 0.5 * dt * acc
        pos += dt * vel
        acc = accelerations(pos, masses)
        vel += 0.5 * dt * acc
    return pos, vel


def loss(params, data):
    vel0 = params["velocities"]
    masses = np.exp(params["log_masses"])
    pos0, target, num_steps, dt = data
    pos, vel = simulate(pos0, vel0, masses, num_steps, dt)
    return np.sum((pos - target) ** 2) + 0.01 * np.sum(vel ** 2)


def make_problem(num_bodies=3, num_steps=8, dt=0.05, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    pos0 = rs.randn(num_bodies, 2)
    target = pos0 + 0.3 * rs.randn(num_bodies, 2)
    params = {"velocities": 0.1 * rs.randn(num_bodies, 2), "log_masses": np.log(np.ones(num_bodies))}
    return params, (pos0, target, num_steps, dt)


def main():
    params, data = make_problem()
    print("loss", loss(params, data))


if __name__ == "__main__":
    main()

"""Recover the diffusivity and initial profile of a rod from its final temperatures.

Explicit finite differences for u_t = kappa u_xx on a copy of the initial profile, updated
in place slice by slice, with the ends held at zero.
"""

import numpy as np


def solve_heat(u0, kappa, num_steps, dt, dx):
    u = u0.copy()
    u[0] = u[-1] = 0.0
    for _ in range(num_steps):
        u[1:-1] += kappa * dt / dx ** 2 * (u[2:] - 2 * u[1:-1] + u[:-2])
    return u


def loss(params, data):
    u0, log_kappa = params
    observed, num_steps, dt, dx = data
    final = solve_heat(u0, np.exp(log_kappa), num_steps, dt, dx)
    return np.sum((final - observed) ** 2) + 1e-3 * np.sum(np.diff(u0) ** 2)


def make_problem(num_points=12, num_steps=10, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    dx = 1.0 / (num_points - 1)
    dt = 0.2 * dx ** 2
    x = np.linspace(0.0, 1.0, num_points)
    true_u0 = np.sin(np.pi * x) + 0.5 * np.sin(3 * np.pi * x)
    observed = solve_heat(true_u0, 1.0, num_steps, dt, dx) + 0.01 * rs.randn(num_points)
    params = (np.sin(np.pi * x) + 0.1 * rs.randn(num_points), np.log(0.7))
    return params, (observed, num_steps, dt, dx)


def main():
    params, data = make_problem()
    print("loss", loss(params, data))


if __name__ == "__main__":
    main()

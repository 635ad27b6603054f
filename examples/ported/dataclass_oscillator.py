"""Fit a damped harmonic oscillator to noisy positions.

The physical parameters are fields of a dataclass (plain Python floats); the trajectory is
integrated with semi-implicit Euler steps in a Python loop, with `math` for the scalars.
"""

import math
from dataclasses import dataclass

import numpy as np


@dataclass
class Oscillator:
    log_stiffness: float
    log_damping: float
    x0: float
    v0: float


def simulate(osc, num_steps, dt):
    k = math.exp(osc.log_stiffness)
    c = math.exp(osc.log_damping)
    x, v = osc.x0, osc.v0
    positions = []
    for _ in range(num_steps):
        v = v + dt * (-k * x - c * v)
        x = x + dt * v
        positions.append(x)
    return np.array(positions)


def loss(params, data):
    observed, dt = data
    predicted = simulate(params, len(observed), dt)
    return np.mean((predicted - observed) ** 2)


def make_data(num_steps=40, dt=0.05, noise_std=0.02, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    truth = Oscillator(log_stiffness=math.log(4.0), log_damping=math.log(0.3), x0=1.0, v0=0.0)
    observed = simulate(truth, num_steps, dt) + noise_std * rs.randn(num_steps)
    return observed, dt


def main():
    params = Oscillator(log_stiffness=math.log(3.0), log_damping=math.log(0.5), x0=0.8, v0=0.1)
    data = make_data()
    print("loss", loss(params, data))


if __name__ == "__main__":
    main()

"""Fit the frequency of a sine wave, with sin computed by its Taylor series.

The series is summed until the next term is negligible (a `while` loop whose trip count
depends on the argument), one data point at a time, as one would write it for scalars.
"""

import numpy as np


def taylor_sine(x, tol=1e-10):
    term = x
    total = x
    n = 0
    while abs(term) > tol:
        term = -term * x * x / ((2 * n + 2) * (2 * n + 3))
        total = total + term
        n += 1
    return total


def loss(params, data):
    """params = (frequency, phase), Python floats; data = (times, observed values)."""
    frequency, phase = params
    times, observed = data
    total = 0.0
    for t, y in zip(times, observed):
        residual = taylor_sine(frequency * t + phase) - y
        total += residual * residual
    return total / len(times)


def make_data(num_points=12, frequency=1.3, phase=0.4, noise_std=0.05, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    times = np.linspace(0.0, 3.0, num_points)
    observed = np.sin(frequency * times + phase) + noise_std * rs.randn(num_points)
    return times, observed


def main():
    params = (1.0, 0.1)
    print("loss", loss(params, make_data()))


if __name__ == "__main__":
    main()

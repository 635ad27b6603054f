"""Estimate the rates of a Lotka-Volterra predator-prey system from a noisy trajectory.

The trajectory is integrated with scipy.integrate.odeint; the loss is the mean squared
error of the log populations.
"""

import numpy as np
from scipy.integrate import odeint


def lotka_volterra(populations, t, log_rates):
    prey, predators = populations
    alpha, beta, gamma, delta = np.exp(log_rates)
    return np.array([alpha * prey - beta * prey * predators,
                     delta * prey * predators - gamma * predators])


def predict(log_rates, initial, times):
    return odeint(lotka_volterra, initial, times, args=(log_rates,), rtol=1e-10, atol=1e-10)


def loss(params, data):
    initial, times, observed = data
    trajectory = predict(params, initial, times)
    return np.mean((np.log(trajectory) - np.log(observed)) ** 2)


def make_data(num_times=15, noise_std=0.05, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    true_log_rates = np.log(np.array([1.0, 0.5, 1.0, 0.4]))
    initial = np.array([2.0, 1.0])
    times = np.linspace(0.0, 4.0, num_times)
    observed = predict(true_log_rates, initial, times) * np.exp(noise_std * rs.randn(num_times, 2))
    return initial, times, observed


def main():
    data = make_data()
    params = np.log(np.array([0.8, 0.6, 1.2, 0.3]))
    print("loss", loss(params, data))


if __name__ == "__main__":
    main()

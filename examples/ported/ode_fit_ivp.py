"""Estimate the rates of a Lotka-Volterra predator-prey system from a noisy trajectory.

The same fit as ode_fit.py, written the way scipy.integrate.solve_ivp is used today: the
right-hand side takes the time first, the rates travel through `args=`, and the loss reads
the solution's `sol.y` at the observation times `t_eval`.
"""

import numpy as np
from scipy.integrate import solve_ivp


def lotka_volterra(t, populations, log_rates):
    prey, predators = populations
    alpha, beta, gamma, delta = np.exp(log_rates)
    return np.array([alpha * prey - beta * prey * predators,
                     delta * prey * predators - gamma * predators])


def predict(log_rates, initial, times):
    sol = solve_ivp(lotka_volterra, (times[0], times[-1]), initial, t_eval=times, args=(log_rates,),
                    rtol=1e-10, atol=1e-10)
    return sol.y


def loss(params, data):
    initial, times, observed = data
    trajectory = predict(params, initial, times)
    return np.mean((np.log(trajectory) - np.log(observed)) ** 2)


def make_data(num_times=15, noise_std=0.05, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    true_log_rates = np.log(np.array([1.0, 0.5, 1.0, 0.4]))
    initial = np.array([2.0, 1.0])
    times = np.linspace(0.0, 4.0, num_times)
    observed = predict(true_log_rates, initial, times) * np.exp(noise_std * rs.randn(2, num_times))
    return initial, times, observed


def main():
    data = make_data()
    params = np.log(np.array([0.8, 0.6, 1.2, 0.3]))
    print("loss", loss(params, data))


if __name__ == "__main__":
    main()

"""Marginal likelihood of a linear-Gaussian state-space model by the Kalman filter.

x_t = A x_{t-1} + N(0, q I),  y_t = C x_t + N(0, r I).  The filtered means are stored into a
preallocated array, one row per step, as a record of the run.
"""

import numpy as np

LOG_2PI = np.log(2 * np.pi)


def unpack_params(params, state_dim, obs_dim):
    A = params[:state_dim * state_dim].reshape(state_dim, state_dim)
    C = params[state_dim * state_dim:-2].reshape(obs_dim, state_dim)
    q, r = np.exp(params[-2]), np.exp(params[-1])
    return A, C, q, r


def kalman_log_likelihood(params, observations, state_dim):
    num_steps, obs_dim = observations.shape
    A, C, q, r = unpack_params(params, state_dim, obs_dim)
    m = np.zeros(state_dim)
    P = np.eye(state_dim)
    filtered_means = np.zeros((num_steps, state_dim))
    log_lik = 0.0
    for t in range(num_steps):
        # predict
        m = A @ m
        P = A @ P @ A.T + q * np.eye(state_dim)
        # update
        S = C @ P @ C.T + r * np.eye(obs_dim)
        residual = observations[t] - C @ m
        sign, logdet = np.linalg.slogdet(S)
        log_lik += -0.5 * (residual @ np.linalg.solve(S, residual) + logdet + obs_dim * LOG_2PI)
        K = np.linalg.solve(S, C @ P).T
        m = m + K @ residual
        P = P - K @ S @ K.T
        filtered_means[t] = m
    return log_lik, filtered_means


def loss(params, data):
    observations, state_dim = data
    log_lik, _ = kalman_log_likelihood(params, observations, state_dim)
    return -log_lik / len(observations)


def simulate(A, C, q, r, num_steps, rs):
    x = np.zeros(A.shape[0])
    ys = []
    for _ in range(num_steps):
        x = A @ x + np.sqrt(q) * rs.randn(A.shape[0])
        ys.append(C @ x + np.sqrt(r) * rs.randn(C.shape[0]))
    return np.array(ys)


def make_problem(num_steps=20, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    theta = 0.3
    A = 0.95 * np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    C = np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]])
    observations = simulate(A, C, 0.1, 0.2, num_steps, rs)
    params = np.concatenate([(0.9 * np.eye(2)).ravel(), (C + 0.1 * rs.randn(3, 2)).ravel(), [np.log(0.2), np.log(0.1)]])
    return params, (observations, 2)


def main():
    params, data = make_problem()
    print("loss", loss(params, data))


if __name__ == "__main__":
    main()

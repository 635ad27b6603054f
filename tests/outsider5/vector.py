"""Vector outputs (Jacobians, vjp, jvp): model predictions, trajectories, normalizations,
implicit layers, sorting networks and residuals for Gauss-Newton."""

import math

import numpy as np

rng = np.random.default_rng(9)


def softmax_vec(z, T):
    e = np.exp((z - np.max(z)) / T)
    return e / np.sum(e)


def mlp_predictions(W1, W2, X):
    return np.tanh(X @ W1) @ W2


def residuals_exp_fit(theta, t, y):
    a, k = theta
    return a * np.exp(-k * t) - y


def trajectory_euler(y0, k, steps=5, dt=0.1):
    ys = [y0]
    y = y0
    for _ in range(steps):
        y = y + dt * (-k * y + np.sin(y))
        ys.append(y)
    return np.array(ys)


def rk4_states(z0, w, dt=0.1):
    def f(z):
        return np.array([z[1], -w * w * z[0]])
    z = z0
    for _ in range(4):
        k1 = f(z)
        k2 = f(z + 0.5 * dt * k1)
        k3 = f(z + 0.5 * dt * k2)
        k4 = f(z + dt * k3)
        z = z + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return z


def batchnorm_out(X, g, b):
    mu = X.mean(axis=0)
    var = X.var(axis=0)
    return ((X - mu) / np.sqrt(var + 1e-5) * g + b).ravel()


def fixed_point_layer(W, x, iters=30):
    z = np.zeros(W.shape[0])
    for _ in range(iters):
        z = np.tanh(W @ z + x)
    return z


def sorted_values(x):
    return np.sort(x)[::-1]


def cumulative_softmax(x):
    p = np.exp(x) / np.sum(np.exp(x))
    return np.cumsum(p)


def gram_matrix(X):
    return (X @ X.T).ravel()


def polar_to_cart(r, th):
    return np.array([r * math.cos(th), r * math.sin(th)])


def normalize_rows(X):
    return X / np.linalg.norm(X, axis=1, keepdims=True)


def piecewise(x):
    y = np.empty_like(x)
    for i in range(len(x)):
        if x[i] > 0:
            y[i] = x[i] ** 2
        else:
            y[i] = np.sin(x[i])
    return y


def heat_profile(u0, alpha):
    u = u0.copy()
    for _ in range(3):
        u[1:-1] = u[1:-1] + alpha * (u[2:] - 2 * u[1:-1] + u[:-2])
    return u


def kalman_means(q, ys):
    m, P = 0.0, 1.0
    out = []
    for y in ys:
        P = P + q
        K = P / (P + 0.5)
        m = m + K * (y - m)
        P = (1 - K) * P
        out.append(m)
    return np.array(out)


def solve_vec(A, b):
    return np.linalg.solve(A @ A.T + np.eye(len(b)), b)


def list_output_stack(x):
    outs = []
    for k in range(3):
        outs.append(np.sum(x ** (k + 1)))
    return np.stack(outs)


def float32_predict(W, x):
    return np.tanh(W @ x)


def attention_weights(q, K):
    s = K @ q / math.sqrt(len(q))
    a = np.exp(s - s.max())
    return a / a.sum()


CASES = [
    dict(f=softmax_vec, args=(rng.standard_normal(4), 0.8), wrt=0, out="vector"),
    dict(f=mlp_predictions, args=(rng.standard_normal((3, 4)), rng.standard_normal(4), rng.standard_normal((5, 3))),
         wrt=0, out="vector"),
    dict(f=residuals_exp_fit, args=(np.array([1.5, 0.7]), np.linspace(0, 2, 5), rng.standard_normal(5)),
         wrt=0, out="vector"),
    dict(f=trajectory_euler, args=(np.array([0.3, -0.2]), 0.7), wrt=(0, 1), out="vector"),
    dict(f=rk4_states, args=(np.array([1.0, 0.0]), 1.3), wrt=(0, 1), out="vector"),
    dict(f=batchnorm_out, args=(rng.standard_normal((4, 2)), np.array([1.0, 0.5]), np.array([0.1, -0.1])),
         wrt=(0, 1), out="vector"),
    dict(f=fixed_point_layer, args=(rng.standard_normal((3, 3)) * 0.3, rng.standard_normal(3)), wrt=(0, 1),
         out="vector"),
    dict(f=sorted_values, args=(rng.standard_normal(5),), wrt=0, out="vector"),
    dict(f=cumulative_softmax, args=(rng.standard_normal(4),), wrt=0, out="vector"),
    dict(f=gram_matrix, args=(rng.standard_normal((3, 2)),), wrt=0, out="vector"),
    dict(f=polar_to_cart, args=(1.3, 0.4), wrt=(0, 1), out="vector"),
    dict(f=normalize_rows, args=(rng.standard_normal((2, 3)),), wrt=0, out="vector"),
    dict(f=piecewise, args=(rng.standard_normal(5),), wrt=0, out="vector"),
    dict(f=heat_profile, args=(rng.standard_normal(6), 0.2), wrt=(0, 1), out="vector"),
    dict(f=kalman_means, args=(0.3, [0.1, 0.4, -0.2]), wrt=0, out="vector"),
    dict(f=solve_vec, args=(rng.standard_normal((3, 3)), rng.standard_normal(3)), wrt=(0, 1), out="vector"),
    dict(f=list_output_stack, args=(rng.standard_normal(3),), wrt=0, out="vector"),
    dict(f=float32_predict, args=(rng.standard_normal((2, 3)).astype(np.float32),
                                  rng.standard_normal(3).astype(np.float32)), wrt=0, out="vector", tol=1e-3),
    dict(f=attention_weights, args=(rng.standard_normal(3), rng.standard_normal((4, 3))), wrt=(0, 1), out="vector"),
]

"""Differentiate through fixed-point iterations: Babylonian square roots inside a model.

`fixed_point(f, x0)` iterates any map until it stops moving; the model calls it with a
closure built from the data, so the function being iterated is passed as an argument.
"""

import numpy as np


def fixed_point(f, x0, tol=1e-12, max_iter=100):
    x = x0
    for _ in range(max_iter):
        x_next = f(x)
        if np.max(np.abs(x_next - x)) < tol:
            return x_next
        x = x_next
    return x


def newton_sqrt_map(a):
    return lambda x: 0.5 * (x + a / x)


def model(params, inputs):
    """y = w * sqrt(a + x^2) + b, the square root found by iteration."""
    log_a, w, b = params
    a = np.exp(log_a)
    roots = fixed_point(newton_sqrt_map(a + inputs ** 2), np.ones_like(inputs))
    return w * roots + b


def loss(params, data):
    inputs, targets = data
    return np.mean((model(params, inputs) - targets) ** 2)


def make_data(num_points=10, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    inputs = np.linspace(-2.0, 2.0, num_points)
    targets = 1.5 * np.sqrt(0.5 + inputs ** 2) - 0.3 + 0.05 * rs.randn(num_points)
    return inputs, targets


def main():
    params = np.array([0.0, 1.0, 0.0])
    print("loss", loss(params, make_data()))


if __name__ == "__main__":
    main()

"""The model of fixed_point.py written with a named inner function instead of a lambda.

`make_sqrt_step(a)` returns the Babylonian step for sqrt(a) as a closure over `a`;
`iterate_to_fixed_point(step, x0)` iterates whatever step it is given until it stops moving.
"""

import numpy as np


def iterate_to_fixed_point(step, x0, tol=1e-12, max_iter=100):
    x = x0
    for _ in range(max_iter):
        x_next = step(x)
        if np.max(np.abs(x_next - x)) < tol:
            break
        x = x_next
    return x_next


def make_sqrt_step(a):
    def step(x):
        return 0.5 * (x + a / x)
    return step


def model(params, inputs):
    """y = w * sqrt(a + x^2) + b, the square root found by iteration."""
    log_a, w, b = params
    step = make_sqrt_step(np.exp(log_a) + inputs ** 2)
    roots = iterate_to_fixed_point(step, np.ones_like(inputs))
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

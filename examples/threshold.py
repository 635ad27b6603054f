"""A `while` loop that stops when a computed value crosses a threshold.

Starting from x, the state grows by a factor (1 + rate) every step until its
norm passes `limit`. How many steps run depends on the data; within a region
where that count does not change, the result is smooth, and the gradient is the
derivative through exactly the steps that ran.
"""

import numpy as np

import s2sgrad
from s2sgrad.testing import finite_differences


@s2sgrad.differentiate(wrt=("x", "rate"))
def f(x, rate, limit):
    y = x
    steps = 0
    while np.sqrt(np.sum(y * y)) < limit:
        y = y * (1.0 + rate) + 0.1 * np.tanh(y)
        steps = steps + 1
    return np.sum(y) / steps


if __name__ == "__main__":
    x = np.array([0.3, -0.1, 0.5])
    rate, limit = 0.25, 4.0
    d_x, d_rate = f.grad(x, rate, limit)
    fd_x = finite_differences(lambda x: f(x, rate, limit), x)
    eps = 1e-6
    fd_rate = (f(x, rate + eps, limit) - f(x, rate - eps, limit)) / (2 * eps)
    print("x =", x, " rate =", rate, " limit =", limit)
    print("f =", f(x, rate, limit))
    print("df/dx    =", d_x)
    print("finite dx=", fd_x)
    print(f"df/drate = {d_rate:.8f}   finite diff {fd_rate:.8f}")
    assert np.allclose(d_x, fd_x, rtol=1e-5, atol=1e-8), "gradient disagrees with finite differences"
    assert np.isclose(d_rate, fd_rate, rtol=1e-5), "gradient disagrees with finite differences"
    print()
    print(f.source)

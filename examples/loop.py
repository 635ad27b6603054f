"""A `for` loop whose trip count is computed from the data.

The number of steps, ceil(sum(x)), is itself piecewise constant in x, so it has
no derivative; the gradient flows through the steps that were taken. The
gradient module replays the loop backwards over the same trip count.
"""

import numpy as np

import s2sgrad
from s2sgrad.testing import finite_differences


@s2sgrad.differentiate(wrt="x")
def f(x, w):
    n = int(np.ceil(np.sum(x)))
    h = x
    for i in range(n):
        h = np.sin(h * w) + 0.5 * h
    return np.sum(h * h)


if __name__ == "__main__":
    w = np.array([1.2, -0.7, 0.9])
    for x in (np.array([0.3, 0.4, 0.6]), np.array([1.1, 0.9, 1.4])):
        n = int(np.ceil(np.sum(x)))
        g = f.grad(x, w)
        fd = finite_differences(lambda x: f(x, w), x)
        print(f"x = {x}  sum = {np.sum(x):.2f}  ->  {n} steps")
        print("  gradient    =", g)
        print("  finite diff =", fd)
        assert np.allclose(g, fd, rtol=1e-5, atol=1e-8), "gradient disagrees with finite differences"
    print()
    print(f.source)

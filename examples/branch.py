"""An `if` on a computed value decides which formula is differentiated.

For a vector x: when the mean is positive the
result is sum(x * exp(-x)), otherwise sum(log(1 + x * x)). The emitted gradient
records which branch ran and reverses only that one. Both branches are shown.
"""

import numpy as np

import s2sgrad
from s2sgrad.testing import finite_differences


@s2sgrad.differentiate(wrt="x")
def f(x):
    if np.mean(x) > 0.0:
        y = x * np.exp(-x)
    else:
        y = np.log(1.0 + x * x)
    return np.sum(y)


if __name__ == "__main__":
    for x in (np.array([0.5, 1.5, -0.3]), np.array([-0.5, -1.5, 0.3])):
        branch = "if:   x * exp(-x)" if np.mean(x) > 0.0 else "else: log(1 + x * x)"
        g = f.grad(x)
        fd = finite_differences(f, x)
        print(f"x = {x}  takes  {branch}")
        print("  gradient    =", g)
        print("  finite diff =", fd)
        assert np.allclose(g, fd, rtol=1e-5, atol=1e-8), "gradient disagrees with finite differences"
    print()
    print(f.source)

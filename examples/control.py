"""Control flow inside a loop: an `if` on the data, taken afresh on every iteration.

This is the function `scripts/demo` prints the gradient module of
(`s2sgrad emit examples/control.py`). Run it to see the gradient checked
against central finite differences.
"""

import numpy as np

import s2sgrad
from s2sgrad.testing import finite_differences


@s2sgrad.differentiate(wrt="x")
def f(x, n):
    y = x
    for i in range(n):
        if np.sum(y) > 0.0:
            y = np.tanh(y) * x
        else:
            y = y * y + 1.0
    return np.sum(y * y)


if __name__ == "__main__":
    x = np.array([-0.5, 0.2, -0.8])   # sum < 0: the first step takes `else`, later ones `if`
    n = 4
    g = f.grad(x, n)
    fd = finite_differences(lambda x: f(x, n), x)
    print("x          =", x)
    print("f(x, n)    =", f(x, n))
    print("gradient   =", g)
    print("finite diff=", fd)
    print("max |error| =", np.max(np.abs(g - fd)))
    assert np.allclose(g, fd, rtol=1e-5, atol=1e-7), "gradient disagrees with finite differences"
    print()
    print(f.source)

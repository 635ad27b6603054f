"""A recursive function, differentiated through its recursion.

`power(x, n)` computes x**n by repeated squaring: x**n = (x**(n/2))**2 for even
n, x * x**(n-1) for odd n, and 1 at the base case n == 0. The gradient module
recurses the same way, so d/dx x**n comes out as n * x**(n-1).
"""

import numpy as np

import s2sgrad


@s2sgrad.differentiate(wrt="x")
def power(x, n):
    if n == 0:
        y = 1.0
    elif n % 2 == 0:
        half = power(x, n // 2)
        y = half * half
    else:
        y = x * power(x, n - 1)
    return y


if __name__ == "__main__":
    x, eps = 1.3, 1e-6
    for n in (1, 2, 7, 12):
        g = power.grad(x, n)
        fd = (power(x + eps, n) - power(x - eps, n)) / (2 * eps)
        print(f"d/dx x**{n:<2} at x={x}: s2sgrad {g:.8f}   analytic n*x**(n-1) {n * x ** (n - 1):.8f}"
              f"   finite diff {fd:.8f}")
        assert np.isclose(g, n * x ** (n - 1)), "gradient disagrees with the analytic derivative"
        assert np.isclose(g, fd, rtol=1e-6), "gradient disagrees with finite differences"
    print()
    print(power.source)

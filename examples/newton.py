"""Newton's method with exact Hessians: s2sgrad.hessian and s2sgrad.hvp on a loop with a branch.

The energy of a small chain of springs, with a stiffer spring wherever it is stretched past
its rest length.  Newton steps use the Hessian (forward mode over the emitted gradient),
checked against finite differences of the gradient; the forward-mode code is printed.
"""

import numpy as np

import s2sgrad
from s2sgrad.testing import finite_differences


def energy(x, rest):
    e = 0.0
    for i in range(len(x) - 1):
        stretch = x[i + 1] - x[i] - rest
        if stretch > 0.0:
            e = e + 2.0 * stretch ** 2 + 0.1 * stretch ** 4
        else:
            e = e + stretch ** 2
    return e + 0.5 * x[0] ** 2 + np.sum(0.01 * x ** 4)


def main():
    x = np.array([0.3, 0.9, 2.4, 3.1, 3.8])
    rest = 1.0
    hessian = s2sgrad.hessian(energy)(x, rest)
    grad = s2sgrad.grad(energy)
    numeric = np.array([finite_differences(lambda z: grad(z, rest)[k], x) for k in range(len(x))])
    assert np.allclose(hessian, numeric, rtol=1e-5, atol=1e-6), "Hessian differs from finite differences"
    print("Hessian checked against finite differences of the gradient")

    for step in range(6):
        g = grad(x, rest)
        h = s2sgrad.hessian(energy)(x, rest)
        x = x - np.linalg.solve(h, g)
        print(f"newton step {step}  energy {energy(x, rest):.12f}  |grad| {np.linalg.norm(grad(x, rest)):.2e}")

    v = np.ones_like(x)
    print("H v =", s2sgrad.hvp(energy, (x, rest), (v, None)))
    print()
    print(s2sgrad.api.compiled(energy, 0, mode="forward").source)


if __name__ == "__main__":
    main()

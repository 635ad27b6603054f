"""The simplest case: a formula on plain Python floats.

f(a, b) = a * b + sin(a) has the partial derivatives
    df/da = b + cos(a),    df/db = a,
and the gradient s2sgrad computes matches them (and finite differences).
"""

import numpy as np

import s2sgrad


@s2sgrad.differentiate(wrt=("a", "b"))
def f(a, b):
    return a * b + np.sin(a)


if __name__ == "__main__":
    a, b = 0.7, -1.3
    d_a, d_b = f.grad(a, b)
    eps = 1e-6
    fd_a = (f(a + eps, b) - f(a - eps, b)) / (2 * eps)
    fd_b = (f(a, b + eps) - f(a, b - eps)) / (2 * eps)
    print(f"f({a}, {b}) = {f(a, b):.6f}")
    print(f"df/da: s2sgrad {d_a:.8f}   analytic b + cos(a) {b + np.cos(a):.8f}   finite diff {fd_a:.8f}")
    print(f"df/db: s2sgrad {d_b:.8f}   analytic a          {a:.8f}   finite diff {fd_b:.8f}")
    assert np.allclose([d_a, d_b], [b + np.cos(a), a]), "gradient disagrees with the analytic derivative"
    assert np.allclose([d_a, d_b], [fd_a, fd_b], rtol=1e-6), "gradient disagrees with finite differences"
    print()
    print(f.source)

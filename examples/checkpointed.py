"""A 1,000-step simulation differentiated under binomial checkpointing.

`for t in s2sgrad.checkpointed(range(n), snapshots=k)` keeps at most k loop states in the
gradient and recomputes the rest on the optimal (Revolve) schedule.  Each snapshot count
gives the same gradient; peak memory falls with k, time rises.
"""

import time
import tracemalloc

import numpy as np

import s2sgrad


def simulate(x, w, n, k):
    v = x * 0.0
    for t in s2sgrad.checkpointed(range(n), snapshots=k):
        a = -np.sin(x * w) - 0.05 * v
        v = v + 0.01 * a
        x = x + 0.01 * v
    return np.sum(x * x) + np.sum(v)


def main():
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal(2000), rng.uniform(0.5, 1.5, 2000)
    grad = s2sgrad.grad(simulate, wrt=(0, 1))
    reference = None
    for k in (None, 32, 8, 2):
        grad(x, w, 20, k)                       # transform once, outside the measurement
        tracemalloc.start()
        start = time.perf_counter()
        g = grad(x, w, 1000, k)
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        reference = g if reference is None else reference
        same = all(np.allclose(a, b, rtol=1e-12, atol=1e-14) for a, b in zip(g, reference))
        print(f"snapshots {str(k):>4}: peak {peak / 2**20:7.2f} MiB, {seconds:.2f} s, same gradient: {same}")
        assert same
    print()
    print(s2sgrad.emit(simulate))


if __name__ == "__main__":
    main()

"""Indexing, ufunc methods and in-place stores, as found in simulation code."""

import numpy as np
import scipy.special

rng = np.random.default_rng(5)


def repeated_index_store(a, b, c):
    y = np.zeros(3)
    y[[0, 0, 2]] = np.array([a, b, c])
    return y[0] * 2.0 + y[2] ** 2


def reverse_store(x):
    y = np.zeros_like(x)
    y[::-1] = x * np.arange(len(x))
    return np.sum(y * np.arange(len(x)) ** 2)


def mask_store(x):
    y = np.zeros_like(x)
    m = x > 0
    y[m] = x[m] ** 2
    y[~m] = -x[~m]
    return np.sum(y * np.arange(len(x)))


def ellipsis_newaxis(x):
    y = x[..., None] * x[None, ...]
    z = x[np.newaxis, :] + x[:, np.newaxis]
    return np.sum(y * z)


def fancy_2d(x):
    idx = np.array([[0, 1], [2, 0]])
    return np.sum(x[idx] ** 2 * np.array([[1.0, 2.0], [3.0, 4.0]]))


def take_axis(X):
    return np.sum(np.take(X, [2, 0, 2], axis=0) ** 2)


def where_indices(x):
    idx = np.where(x > 0)[0]
    return np.sum(x[idx] ** 3)


def argmax_pick(x):
    return x[np.argmax(x)] * x[0] + x[x.argmin()]


def ufunc_reduce(x):
    return np.logaddexp.reduce(x) + np.maximum.reduce(x)


def ufunc_outer(a, b):
    return np.sum(np.add.outer(a, b) ** 2) + np.sum(np.multiply.outer(a, b))


def ufunc_accumulate(x):
    return np.sum(np.maximum.accumulate(x) * np.arange(len(x)))


def convolve_valid(x, w):
    return np.sum(np.convolve(x, w, mode="valid") ** 2)


def correlate_full(x, w):
    return np.sum(np.correlate(x, w, mode="full") ** 2)


def fft_power(x):
    F = np.fft.rfft(x)
    return np.sum(np.abs(F) ** 2)


def special_funcs(x):
    return np.sum(scipy.special.expit(x) + scipy.special.gammaln(x * x + 1)) + scipy.special.logsumexp(x)


def median_percentile(x):
    return np.median(x) + np.percentile(x, 75.0)


def var_ddof(x):
    return np.var(x, ddof=1) + np.sum(np.std(x.reshape(2, 3), axis=0, keepdims=True))


def tile_meshgrid(a, b):
    A, B = np.meshgrid(a, b)
    return np.sum(np.sin(A) * B) + np.sum(np.tile(a, 2) ** 2)


def r_c_indexing(a, b):
    v = np.r_[a, b, 1.0]
    return np.sum(v ** 2)


def vstack_hstack(a, b):
    M = np.vstack([a, b])
    h = np.hstack([a, b * 2])
    return np.sum(M ** 2) + np.sum(h ** 3)


def python_sum_rows(X):
    s = sum(X)
    return np.sum(s ** 2)


def builtin_max_array(x):
    return max(x) * min(x)


def positional_axis(X):
    return np.sum(X.sum(0) ** 2) + np.sum(X.mean(1) ** 3) + np.sum(X.max(1))


def unpack_array(p):
    a, b = p
    return a * np.sin(b)


def row_accumulate(X):
    acc = np.zeros(X.shape[1])
    for row in X:
        acc += row * row
    return np.sum(acc * np.arange(X.shape[1]))


def view_accumulate(X):
    acc = X[0].copy()
    for i in range(1, X.shape[0]):
        acc += X[i]
    return np.sum(acc ** 2)


def norm_orders(x):
    return np.linalg.norm(x, 1) + np.linalg.norm(x, np.inf) + np.linalg.norm(x, ord=3)


def prod_axis(X):
    return np.sum(np.prod(X, axis=1))


def round_trip(x):
    r = np.round(x, 1)
    return np.sum(x * r) + np.sum(np.floor(x) * x)


def stencil_periodic(u, c):
    for _ in range(10):
        u = u - c * (u - np.roll(u, 1))
    return np.sum(u ** 2)


def particle_sim(pos, vel, k):
    dt = 0.05
    traj = []
    for _ in range(20):
        diff = pos[:, None, :] - pos[None, :, :]
        r2 = np.sum(diff ** 2, axis=-1) + np.eye(len(pos))
        force = -k * np.sum(diff / r2[..., None] ** 1.5, axis=1)
        vel = vel + dt * force
        pos = pos + dt * vel
        traj.append(pos.copy())
    return np.sum(np.stack(traj)[-1] ** 2)


def spring_chain_inplace(x, k):
    n = len(x)
    f = np.zeros(n)
    for i in range(n - 1):
        d = x[i + 1] - x[i]
        f[i] += k * d
        f[i + 1] -= k * d
    return np.sum(f ** 2)


def scatter_bincount(w, idx):
    return np.sum(np.bincount(idx, weights=w, minlength=4) ** 2)


def lorenz_euler(s0, sigma):
    s = s0.copy()
    rho, beta, dt = 28.0, 8.0 / 3.0, 0.005
    for _ in range(50):
        x, y, z = s
        ds = np.array([sigma * (y - x), x * (rho - z) - y, x * y - beta * z])
        s = s + dt * ds
    return np.sum(s)


def pendulum_list_states(theta0, g):
    states = [(theta0, 0.0)]
    dt = 0.05
    for _ in range(30):
        th, om = states[-1]
        om = om - dt * g * np.sin(th)
        th = th + dt * om
        states.append((th, om))
    return sum(th ** 2 for th, _ in states)


def inplace_slice_ops(x):
    y = x.copy()
    y[1:] -= y[:-1].copy()
    y[:2] *= 3.0
    y[-1] /= 2.0
    return np.sum(y ** 2)


def inplace_overlapping(x):
    y = x.copy()
    y[1:] += y[:-1]
    return np.sum(y * np.arange(len(y)))


def divide_where(x):
    safe = np.where(x != 0, x, 1.0)
    return np.sum(np.where(x != 0, np.sin(x) / safe, 1.0))


def log_softmax_special(x):
    return np.sum(scipy.special.log_softmax(x) * np.arange(len(x)))


xv = rng.standard_normal(6)
CASES = [
    dict(f=repeated_index_store, args=(0.5, 1.5, -0.7), wrt=(0, 1, 2)),
    dict(f=reverse_store, args=(xv,), wrt=0),
    dict(f=mask_store, args=(xv,), wrt=0),
    dict(f=ellipsis_newaxis, args=(xv[:3],), wrt=0),
    dict(f=fancy_2d, args=(xv[:3],), wrt=0),
    dict(f=take_axis, args=(rng.standard_normal((3, 2)),), wrt=0),
    dict(f=where_indices, args=(xv,), wrt=0),
    dict(f=argmax_pick, args=(xv,), wrt=0),
    dict(f=ufunc_reduce, args=(xv,), wrt=0),
    dict(f=ufunc_outer, args=(xv[:3], xv[3:5]), wrt=(0, 1)),
    dict(f=ufunc_accumulate, args=(xv,), wrt=0),
    dict(f=convolve_valid, args=(xv, np.array([0.5, -1.0, 0.3])), wrt=(0, 1)),
    dict(f=correlate_full, args=(xv, np.array([0.5, -1.0, 0.3])), wrt=(0, 1)),
    dict(f=fft_power, args=(xv,), wrt=0),
    dict(f=special_funcs, args=(xv,), wrt=0),
    dict(f=median_percentile, args=(xv,), wrt=0),
    dict(f=var_ddof, args=(xv,), wrt=0),
    dict(f=tile_meshgrid, args=(xv[:3], xv[3:5]), wrt=(0, 1)),
    dict(f=r_c_indexing, args=(xv[:3], 0.7), wrt=(0, 1)),
    dict(f=vstack_hstack, args=(xv[:3], xv[3:]), wrt=(0, 1)),
    dict(f=python_sum_rows, args=(rng.standard_normal((3, 2)),), wrt=0),
    dict(f=builtin_max_array, args=(xv,), wrt=0),
    dict(f=positional_axis, args=(rng.standard_normal((3, 4)),), wrt=0),
    dict(f=unpack_array, args=(np.array([0.6, 1.1]),), wrt=0),
    dict(f=row_accumulate, args=(rng.standard_normal((3, 4)),), wrt=0),
    dict(f=view_accumulate, args=(rng.standard_normal((3, 4)),), wrt=0),
    dict(f=norm_orders, args=(xv,), wrt=0),
    dict(f=prod_axis, args=(rng.standard_normal((3, 4)),), wrt=0),
    dict(f=round_trip, args=(np.array([0.33, 1.27, -0.61]),), wrt=0),
    dict(f=stencil_periodic, args=(xv, 0.3), wrt=(0, 1)),
    dict(f=particle_sim, args=(rng.standard_normal((3, 2)), 0.1 * rng.standard_normal((3, 2)), 0.01),
         wrt=(0, 1, 2), tol=1e-4),
    dict(f=spring_chain_inplace, args=(xv, 2.0), wrt=(0, 1)),
    dict(f=scatter_bincount, args=(xv[:5], np.array([0, 1, 1, 3, 0])), wrt=0),
    dict(f=lorenz_euler, args=(np.array([1.0, 1.0, 20.0]), 10.0), wrt=(0, 1), tol=1e-4),
    dict(f=pendulum_list_states, args=(0.8, 9.81), wrt=(0, 1)),
    dict(f=inplace_slice_ops, args=(xv,), wrt=0),
    dict(f=inplace_overlapping, args=(xv,), wrt=0),
    dict(f=divide_where, args=(np.array([0.0, 0.5, -1.2]),), wrt=0, skip=("hvp",)),
    dict(f=log_softmax_special, args=(xv,), wrt=0),
]

"""The four objectives for the peer tools, written without in-place writes (which autograd and
JAX cannot differentiate) against an array namespace `xp` (autograd.numpy or jax.numpy).

The same formulas as gmm.py, ba.py, hand.py and lstm.py; where those write items into arrays,
these build the arrays whole.  Branches on values (`if sqtheta != 0`) are written with
`xp.where` and a safe denominator so that jax.jit can trace them.
"""

import functools

import numpy as np


@functools.lru_cache(maxsize=None)
def _lower_scatter(d):
    """(d(d-1)/2, d*d): maps icf[d:] onto the strictly lower triangle, column by column."""
    S = np.zeros((d * (d - 1) // 2, d * d))
    k = 0
    for col in range(d):
        for row in range(col + 1, d):
            S[k, row * d + col] = 1.0
            k += 1
    return S


def _logsumexp(xp, x, axis=None):
    mx = xp.max(x, axis=axis, keepdims=True)
    out = xp.log(xp.sum(xp.exp(x - mx), axis=axis, keepdims=True)) + mx
    return xp.sum(out, axis=axis) if axis is not None else xp.sum(out)


def gmm_objective(xp, alphas, means, icf, x, wishart_gamma, wishart_m):
    from scipy import special
    n, d = x.shape
    k = alphas.shape[0]
    Qdiags = xp.exp(icf[:, :d])
    sum_qs = xp.sum(icf[:, :d], 1)
    Ls = xp.reshape(icf[:, d:] @ _lower_scatter(d), (k, d, d))
    xcentered = x[:, None, :] - means[None, :, :]
    Lx = Qdiags * xcentered + xp.einsum('kij,nkj->nki', Ls, xcentered)
    inner = alphas + sum_qs - 0.5 * xp.sum(Lx ** 2, 2)
    slse = xp.sum(_logsumexp(xp, inner, axis=1))
    const = -n * d * 0.5 * np.log(2.0 * np.pi)
    p = d
    nw = p + wishart_m + 1
    prior = xp.sum(0.5 * wishart_gamma ** 2 * (xp.sum(Qdiags ** 2, 1) + xp.sum(icf[:, d:] ** 2, 1))
                   - wishart_m * sum_qs)
    C = nw * p * (np.log(wishart_gamma) - 0.5 * np.log(2.0)) - special.multigammaln(0.5 * nw, p)
    return const + slse - n * _logsumexp(xp, alphas) + prior - k * C


def _cross(xp, a, b):
    return xp.stack([a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]])


def compute_reproj_err(xp, cam, X, w, feat):
    rot = cam[0:3]
    Xc = X - cam[3:6]
    sqtheta = xp.sum(rot ** 2)
    nonzero = sqtheta != 0.0
    theta = xp.sqrt(xp.where(nonzero, sqtheta, 1.0))
    wv = rot / theta
    c = xp.cos(theta)
    rotated = Xc * c + _cross(xp, wv, Xc) * xp.sin(theta) + wv * (xp.sum(wv * Xc) * (1.0 - c))
    Xcam = xp.where(nonzero, rotated, Xc + _cross(xp, rot, Xc))
    proj = Xcam[0:2] / Xcam[2]
    rsq = xp.sum(proj ** 2)
    distorted = proj * (1.0 + cam[9] * rsq + cam[10] * rsq * rsq)
    return w * (distorted * cam[6] + cam[7:9] - feat)


def compute_w_err(xp, w):
    return 1.0 - w ** 2


def _euler(xp, t):
    tx, tz, ty = t[0], t[1], t[2]
    one, zero = xp.ones(()), xp.zeros(())
    cx, sx, cy, sy, cz, sz = xp.cos(tx), xp.sin(tx), xp.cos(ty), xp.sin(ty), xp.cos(tz), xp.sin(tz)
    Rx = xp.stack([xp.stack([one, zero, zero]), xp.stack([zero, cx, -sx]), xp.stack([zero, sx, cx])])
    Ry = xp.stack([xp.stack([cy, zero, -sy]), xp.stack([zero, one, zero]), xp.stack([sy, zero, cy])])
    Rz = xp.stack([xp.stack([cz, -sz, zero]), xp.stack([sz, cz, zero]), xp.stack([zero, zero, one])])
    return Rz @ Ry @ Rx


def _angle_axis(xp, aa):
    sq = xp.sum(aa ** 2)
    small = sq < 1e-8
    n = xp.sqrt(xp.where(small, 1.0, sq))
    x, y, z = aa[0] / n, aa[1] / n, aa[2] / n
    s, c = xp.sin(n), xp.cos(n)
    R = xp.stack([
        xp.stack([x * x + (1.0 - x * x) * c, x * y * (1.0 - c) - z * s, x * z * (1.0 - c) + y * s]),
        xp.stack([x * y * (1.0 - c) + z * s, y * y + (1.0 - y * y) * c, y * z * (1.0 - c) - x * s]),
        xp.stack([x * z * (1.0 - c) - y * s, z * y * (1.0 - c) + x * s, z * z + (1.0 - z * z) * c])])
    return xp.where(small, np.eye(3), R)


def hand_objective(xp, theta, nbones, parents, base_relatives, inverse_base_absolutes, base_positions,
                   weights, points, correspondences):
    zero3 = xp.zeros(3)
    rows = [theta[0:3], xp.ones(3), theta[3:6], zero3, zero3]
    for finger in range(5):
        first = 6 + 4 * finger
        rows += [xp.stack([theta[first], theta[first + 1], 0.0 * theta[first]]),
                 xp.stack([theta[first + 2], 0.0 * theta[first], 0.0 * theta[first]]),
                 xp.stack([theta[first + 3], 0.0 * theta[first], 0.0 * theta[first]]), zero3]
    absolutes = []
    bottom = np.array([[0.0, 0.0, 0.0, 1.0]])
    for i in range(nbones):
        R = _euler(xp, rows[i + 3])
        tr = xp.concatenate([xp.concatenate([R, np.zeros((3, 1))], axis=1), bottom], axis=0)
        relative = base_relatives[i] @ tr
        absolutes.append(relative if parents[i] == -1 else absolutes[parents[i]] @ relative)
    positions = 0.0
    for i in range(nbones):
        transform = absolutes[i] @ inverse_base_absolutes[i]
        positions = positions + weights[:, i:i + 1] * (base_positions @ transform.T)
    R = _angle_axis(xp, rows[0]) * rows[1]
    vertices = (R @ positions[:, :3].T).T + rows[2]
    return points - vertices[correspondences]


def lstm_objective(xp, main_params, extra_params, state, sequence):
    def sigmoid(v):
        return 1.0 / (1.0 + xp.exp(-v))
    total = 0.0
    count = 0
    x_in = sequence[0]
    s = [state[j] for j in range(state.shape[0])]
    b = state.shape[1]
    for t in range(sequence.shape[0] - 1):
        x = x_in * extra_params[0]
        new = []
        for i in range(0, len(s), 2):
            hidden, cell = s[i], s[i + 1]
            gates = xp.concatenate((x, hidden, x, hidden)) * main_params[i] + main_params[i + 1]
            cell = cell * sigmoid(gates[0:b]) + sigmoid(gates[b:2 * b]) * xp.tanh(gates[3 * b:])
            hidden = sigmoid(gates[2 * b:3 * b]) * xp.tanh(cell)
            new += [hidden, cell]
            x = hidden
        s = new
        ypred = x * extra_params[1] + extra_params[2]
        ynorm = ypred - xp.log(xp.sum(xp.exp(ypred)) + 2.0)
        ygold = sequence[t + 1]
        total = total + xp.sum(ygold * ynorm)
        count += ygold.shape[0]
        x_in = ygold
    return -total / count

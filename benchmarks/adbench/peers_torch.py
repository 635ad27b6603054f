"""The four objectives in PyTorch (eager, float64 tensors) and their derivatives by torch.autograd.

The same formulas as gmm.py, ba.py, hand.py and lstm.py.  Where those write items into arrays,
these build the arrays whole (torch.stack, torch.where), so that the HT Jacobian can run in
forward mode under torch.autograd.functional.jacobian's vectorization.  Branches on values in BA
stay Python `if`s: eager PyTorch evaluates them per observation, as the reference code does.

Derivatives (each callable takes the objective's NumPy arguments and returns NumPy arrays in the
layout of suite.py):

- GMM, LSTM: value and gradient by one `loss.backward()`.
- BA: per observation, torch.autograd.functional.jacobian of the reprojection error over the
  packed 15 parameters (camera, point, weight), not vectorized: one backward pass per output row
  (2 per observation), the reference harness's per-row vjp; and of the weight error (1 row).
- HT: torch.autograd.functional.jacobian over theta with strategy="forward-mode",
  vectorize=True: the 26 columns in one batched forward-mode sweep, as JAX's jacfwd.
"""

import os

import numpy as np
import torch
from scipy import special

from .peers import _lower_scatter

DTYPE = torch.float64


def numpy_threads():
    """The threads NumPy computes these objectives with: its BLAS's count where the environment
    sets one (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS, MKL_NUM_THREADS), else 1.  NumPy's
    elementwise operations run on one thread, and these objectives' matrices (at most 544 x 4
    times 4 x 4) are below the size where OpenBLAS starts a second thread."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        if os.environ.get(var, "").isdigit():
            return int(os.environ[var])
    return 1


def configure():
    """Give PyTorch NumPy's thread count (`numpy_threads`) and return it.  PyTorch's default, one
    OpenMP thread per core, parallelizes even small elementwise kernels: on a busy 2-core machine
    its threads wait for cores, and the HT objective took 50 times longer with 2 threads than 1."""
    n = numpy_threads()
    torch.set_num_threads(n)
    return n


def _t(a):
    return torch.from_numpy(np.ascontiguousarray(a, dtype=np.float64))


def _leaf(a):
    return _t(a).requires_grad_()


# -- GMM ----------------------------------------------------------------------------------------

def _logsumexp(x, dim=None):
    """log(sum(exp(x))) shifted by the maximum: over all of x, or per `dim`."""
    if dim is None:
        mx = torch.max(x)
        return torch.log(torch.sum(torch.exp(x - mx))) + mx
    mx = torch.max(x, dim=dim, keepdim=True).values
    return (torch.log(torch.sum(torch.exp(x - mx), dim=dim, keepdim=True)) + mx).squeeze(dim)


def gmm_objective(alphas, means, icf, x, wishart_gamma, wishart_m):
    n, d = x.shape
    k = alphas.shape[0]
    Qdiags = torch.exp(icf[:, :d])
    sum_qs = torch.sum(icf[:, :d], 1)
    Ls = torch.reshape(icf[:, d:] @ _t(_lower_scatter(d)), (k, d, d))
    xcentered = x[:, None, :] - means[None, :, :]
    Lx = Qdiags * xcentered + torch.einsum('kij,nkj->nki', Ls, xcentered)
    inner = alphas + sum_qs - 0.5 * torch.sum(Lx ** 2, 2)
    slse = torch.sum(_logsumexp(inner, dim=1))
    const = -n * d * 0.5 * np.log(2.0 * np.pi)
    nw = d + wishart_m + 1
    frobenius = torch.sum(Qdiags ** 2, 1) + torch.sum(icf[:, d:] ** 2, 1)
    prior = torch.sum(0.5 * wishart_gamma ** 2 * frobenius - wishart_m * sum_qs)
    C = nw * d * (np.log(wishart_gamma) - 0.5 * np.log(2.0)) - special.multigammaln(0.5 * nw, d)
    return const + slse - n * _logsumexp(alphas) + prior - k * C


def gmm_value_and_grad(alphas, means, icf, x, wishart_gamma, wishart_m):
    """(value, (d alphas, d means, d icf)) by one backward pass."""
    params = [_leaf(alphas), _leaf(means), _leaf(icf)]
    loss = gmm_objective(*params, _t(x), wishart_gamma, wishart_m)
    loss.backward()
    return loss.item(), tuple(p.grad.numpy() for p in params)


# -- BA -----------------------------------------------------------------------------------------

def rodrigues_rotate_point(rot, X):
    sqtheta = torch.sum(rot ** 2)
    if sqtheta != 0.0:
        theta = torch.sqrt(sqtheta)
        w = rot / theta
        c = torch.cos(theta)
        return X * c + torch.linalg.cross(w, X) * torch.sin(theta) + w * (torch.dot(w, X) * (1.0 - c))
    return X + torch.linalg.cross(rot, X)


def compute_reproj_err(cam, X, w, feat):
    Xcam = rodrigues_rotate_point(cam[0:3], X - cam[3:6])
    proj = Xcam[0:2] / Xcam[2]
    rsq = torch.sum(proj ** 2)
    distorted = proj * (1.0 + cam[9] * rsq + cam[10] * rsq * rsq)
    return w * (distorted * cam[6] + cam[7:9] - feat)


def compute_w_err(w):
    return 1.0 - w ** 2


def ba_jacobian(cams, X, w, obs, feats):
    """Per observation the 2 x 15 Jacobian over (camera, point, weight), and d w_err / d w."""
    jacobian = torch.autograd.functional.jacobian
    cams, X, w, feats = _t(cams), _t(X), _t(w), _t(feats)
    p = obs.shape[0]
    J = np.zeros((p, 2, 15))
    J_w = np.zeros(p)
    for i in range(p):
        packed = torch.cat([cams[obs[i, 0]], X[obs[i, 1]], w[i:i + 1]])
        feat = feats[i]
        J[i] = jacobian(lambda v: compute_reproj_err(v[:11], v[11:14], v[14], feat), packed).numpy()
        J_w[i] = jacobian(compute_w_err, w[i]).item()
    return J, J_w


# -- HT -----------------------------------------------------------------------------------------

def _euler(t):
    tx, tz, ty = t[0], t[1], t[2]
    one, zero = torch.ones((), dtype=DTYPE), torch.zeros((), dtype=DTYPE)
    cx, sx, cy, sy, cz, sz = torch.cos(tx), torch.sin(tx), torch.cos(ty), torch.sin(ty), torch.cos(tz), torch.sin(tz)
    Rx = torch.stack([torch.stack([one, zero, zero]), torch.stack([zero, cx, -sx]), torch.stack([zero, sx, cx])])
    Ry = torch.stack([torch.stack([cy, zero, -sy]), torch.stack([zero, one, zero]), torch.stack([sy, zero, cy])])
    Rz = torch.stack([torch.stack([cz, -sz, zero]), torch.stack([sz, cz, zero]), torch.stack([zero, zero, one])])
    return Rz @ Ry @ Rx


def _angle_axis(aa):
    sq = torch.sum(aa ** 2)
    small = sq < 1e-8
    n = torch.sqrt(torch.where(small, 1.0, sq))
    x, y, z = aa[0] / n, aa[1] / n, aa[2] / n
    s, c = torch.sin(n), torch.cos(n)
    R = torch.stack([
        torch.stack([x * x + (1.0 - x * x) * c, x * y * (1.0 - c) - z * s, x * z * (1.0 - c) + y * s]),
        torch.stack([x * y * (1.0 - c) + z * s, y * y + (1.0 - y * y) * c, y * z * (1.0 - c) - x * s]),
        torch.stack([x * z * (1.0 - c) - y * s, z * y * (1.0 - c) + x * s, z * z + (1.0 - z * z) * c])])
    return torch.where(small, torch.eye(3, dtype=DTYPE), R)


def _pose_rows(theta):
    """The rows of the (nbones + 3, 3) pose parameters: rotation, scale, translation, bones."""
    zero3 = torch.zeros(3, dtype=DTYPE)
    rows = [theta[0:3], torch.ones(3, dtype=DTYPE), theta[3:6], zero3, zero3]
    for finger in range(5):
        first = 6 + 4 * finger
        z = 0.0 * theta[first]
        rows += [torch.stack([theta[first], theta[first + 1], z]), torch.stack([theta[first + 2], z, z]),
                 torch.stack([theta[first + 3], z, z]), zero3]
    return rows


def hand_objective(theta, nbones, parents, base_relatives, inverse_base_absolutes, base_positions,
                   weights, points, correspondences):
    """The residuals points - posed vertices[correspondences]; the model as float64 tensors."""
    rows = _pose_rows(theta)
    bottom = torch.tensor([[0.0, 0.0, 0.0, 1.0]], dtype=DTYPE)
    zcol = torch.zeros((3, 1), dtype=DTYPE)
    absolutes = []
    for i in range(nbones):
        tr = torch.cat([torch.cat([_euler(rows[i + 3]), zcol], dim=1), bottom], dim=0)
        relative = base_relatives[i] @ tr
        absolutes.append(relative if parents[i] == -1 else absolutes[parents[i]] @ relative)
    positions = 0.0
    for i in range(nbones):
        transform = absolutes[i] @ inverse_base_absolutes[i]
        positions = positions + weights[:, i:i + 1] * (base_positions @ transform.T)
    R = _angle_axis(rows[0]) * rows[1]
    vertices = (R @ positions[:, :3].T).T + rows[2]
    return points - vertices[correspondences]


def ht_jacobian(theta, nbones, parents, base_relatives, inverse_base_absolutes, base_positions,
                weights, points, correspondences):
    """The (npts, 3, 26) Jacobian over theta: the 26 columns in one vectorized forward-mode sweep."""
    model = (nbones, [int(p) for p in parents], _t(base_relatives), _t(inverse_base_absolutes),
             _t(base_positions), _t(weights), _t(points), torch.from_numpy(np.asarray(correspondences)))
    J = torch.autograd.functional.jacobian(lambda th: hand_objective(th, *model), _t(theta),
                                           vectorize=True, strategy="forward-mode")
    return J.numpy()


# -- LSTM ---------------------------------------------------------------------------------------

def lstm_objective(main_params, extra_params, state, sequence):
    total = 0.0
    count = 0
    x_in = sequence[0]
    s = list(state)
    b = state.shape[1]
    for t in range(sequence.shape[0] - 1):
        x = x_in * extra_params[0]
        new = []
        for i in range(0, len(s), 2):
            hidden, cell = s[i], s[i + 1]
            gates = torch.cat((x, hidden, x, hidden)) * main_params[i] + main_params[i + 1]
            cell = cell * torch.sigmoid(gates[0:b]) + torch.sigmoid(gates[b:2 * b]) * torch.tanh(gates[3 * b:])
            hidden = torch.sigmoid(gates[2 * b:3 * b]) * torch.tanh(cell)
            new += [hidden, cell]
            x = hidden
        s = new
        ypred = x * extra_params[1] + extra_params[2]
        ynorm = ypred - torch.log(torch.sum(torch.exp(ypred)) + 2.0)
        ygold = sequence[t + 1]
        total = total + torch.sum(ygold * ynorm)
        count += ygold.shape[0]
        x_in = ygold
    return -total / count


def lstm_value_and_grad(main_params, extra_params, state, sequence):
    """(value, (d main_params, d extra_params)) by one backward pass."""
    params = [_leaf(main_params), _leaf(extra_params)]
    loss = lstm_objective(*params, _t(state), _t(sequence))
    loss.backward()
    return loss.item(), tuple(p.grad.numpy() for p in params)

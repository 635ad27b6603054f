"""Hand-written value-and-gradient functions for the workloads in `workloads.py`.

Each computes the value and the gradient together, the way an engineer would write them
by hand: shared intermediates reused, no wasted allocations, no per-step overhead.
"""

import numpy as np

_LOG_2PI = float(np.log(2.0 * np.pi))


def mlp_value_and_grad(W1, b1, W2, b2, x, y, tape=None):
    """mlp_loss and its gradient w.r.t. (W1, b1, W2, b2).  `tape` (a list) receives what the
    adjoint keeps from the forward sweep (h and the residual), for scripts/bench.py's tape rows."""
    h = np.tanh(x @ W1 + b1)
    r = h @ W2 + b2
    r -= y
    if tape is not None:
        tape.extend((h, r))
    value = np.sum(r * r)
    g_out = 2.0 * r
    dW2 = h.T @ g_out
    db2 = g_out.sum(axis=0)
    g_pre = g_out @ W2.T
    g_pre *= 1.0 - h * h
    dW1 = x.T @ g_pre
    db1 = g_pre.sum(axis=0)
    return value, (dW1, db1, dW2, db2)


def spring_value_and_grad(k, c, x0, v0, dt, target, n_steps, tape=None):
    """spring_loss and its gradient w.r.t. (k, c, x0): forward sweep storing the trajectory, adjoint sweep.

    Step i maps (x, v) -> (x', v'):  v' = v + dt (-k x - c v),  x' = x + dt v',
    loss += dt (x' - target)^2.  (lx, lv): the adjoint of the state (x, v), swept from the last step back.
    """
    xs = [0.0] * (n_steps + 1)    # xs[i]: x before step i; xs[n_steps]: the final x
    vs = [0.0] * n_steps          # vs[i]: v before step i
    x = x0
    v = v0
    loss = 0.0
    for i in range(n_steps):
        xs[i] = x
        vs[i] = v
        v = v + dt * (-k * x - c * v)
        x = x + dt * v
        err = x - target
        loss = loss + dt * err * err
    xs[n_steps] = x
    if tape is not None:                # what the adjoint keeps: the trajectory
        tape.extend(xs)
        tape.extend(vs)
    lx = 0.0
    lv = 0.0
    dk = 0.0
    dc = 0.0
    two_dt = 2.0 * dt
    for i in range(n_steps - 1, -1, -1):
        lx = lx + two_dt * (xs[i + 1] - target)   # this step's loss term
        lv = lv + dt * lx                         # x' = x + dt v'
        la = dt * lv                              # v' = v + dt a
        dk = dk - la * xs[i]
        dc = dc - la * vs[i]
        lv = lv - c * la
        lx = lx - k * la
    return loss, (dk, dc, lx)


def _sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def rnn_value_and_grad(Wh, Wx, b, xs, y, tape=None):
    """rnn_loss and its gradient w.r.t. (Wh, Wx, b): the tape keeps each step's state, nothing else."""
    tape = [] if tape is None else tape
    h = np.tanh(xs[0] @ Wx + b)
    tape.append(h)
    for t in range(1, xs.shape[0]):
        h = np.tanh(h @ Wh + xs[t] @ Wx + b)
        tape.append(h)
    r = h - y
    value = np.sum(r * r)
    dh = 2.0 * r
    dWh, dWx, db = np.zeros_like(Wh), np.zeros_like(Wx), np.zeros_like(b)
    h = tape.pop()
    for t in range(xs.shape[0] - 1, -1, -1):
        da = dh * (1.0 - h * h)
        dWx += xs[t].T @ da
        db += da.sum(axis=0)
        if t == 0:
            break
        h = tape.pop()                  # the state this step started from
        dWh += h.T @ da
        dh = da @ Wh.T
    return value, (dWh, dWx, db)


def gru_value_and_grad(Wz, Uz, Wr, Ur, Wh, Uh, xs, y, tape=None):
    """gru_loss and its gradient: the tape keeps each step's h, z, r and candidate state."""
    tape = [] if tape is None else tape
    h = np.zeros((xs.shape[1], Uz.shape[0]))
    for t in range(xs.shape[0]):
        x = xs[t]
        z = _sigmoid(x @ Wz + h @ Uz)
        r = _sigmoid(x @ Wr + h @ Ur)
        hh = np.tanh(x @ Wh + (r * h) @ Uh)
        tape.append((h, z, r, hh))
        h = (1.0 - z) * h + z * hh
    res = h - y
    value = np.sum(res * res)
    dh = 2.0 * res
    grads = [np.zeros_like(w) for w in (Wz, Uz, Wr, Ur, Wh, Uh)]
    dWz, dUz, dWr, dUr, dWh, dUh = grads
    for t in range(xs.shape[0] - 1, -1, -1):
        x = xs[t]
        h, z, r, hh = tape.pop()
        dz = dh * (hh - h)
        da_h = dh * z * (1.0 - hh * hh)
        dh = dh * (1.0 - z)
        rh = r * h
        dWh += x.T @ da_h
        dUh += rh.T @ da_h
        d_rh = da_h @ Uh.T
        dh += d_rh * r
        da_r = d_rh * h * r * (1.0 - r)
        da_z = dz * z * (1.0 - z)
        dWr += x.T @ da_r
        dUr += h.T @ da_r
        dWz += x.T @ da_z
        dUz += h.T @ da_z
        dh += da_r @ Ur.T + da_z @ Uz.T
    return value, tuple(grads)


def lstm_value_and_grad(W, U, b, xs, y, tape=None):
    """lstm_loss and its gradient: the tape keeps each step's h, c and four gate activations."""
    tape = [] if tape is None else tape
    n = U.shape[0]
    h = np.zeros((xs.shape[1], n))
    c = np.zeros((xs.shape[1], n))
    for t in range(xs.shape[0]):
        gates = xs[t] @ W + h @ U + b
        i = _sigmoid(gates[:, :n])
        f = _sigmoid(gates[:, n:2 * n])
        o = _sigmoid(gates[:, 2 * n:3 * n])
        g = np.tanh(gates[:, 3 * n:])
        tape.append((h, c, i, f, o, g))
        c = f * c + i * g
        h = o * np.tanh(c)
    res = h - y
    value = np.sum(res * res)
    dh = 2.0 * res
    dc = np.zeros_like(c)
    dW, dU, db = np.zeros_like(W), np.zeros_like(U), np.zeros_like(b)
    dgates = np.empty((xs.shape[1], 4 * n))
    for t in range(xs.shape[0] - 1, -1, -1):
        h, c, i, f, o, g = tape.pop()
        tc = np.tanh(f * c + i * g)       # recomputed, not kept
        dc += dh * o * (1.0 - tc * tc)
        dgates[:, :n] = dc * g * i * (1.0 - i)
        dgates[:, n:2 * n] = dc * c * f * (1.0 - f)
        dgates[:, 2 * n:3 * n] = dh * tc * o * (1.0 - o)
        dgates[:, 3 * n:] = dc * i * (1.0 - g * g)
        dc = dc * f
        dW += xs[t].T @ dgates
        dU += h.T @ dgates
        db += dgates.sum(axis=0)
        dh = dgates @ U.T
    return value, (dW, dU, db)


def gmm_value_and_grad(means, log_sigmas, logits, X):
    """gmm_loglik and its gradient w.r.t. (means, log_sigmas, logits), via the responsibilities."""
    n, d = X.shape
    diff = X[:, None, :] - means                  # (N, K, D)
    inv_var = np.exp(-2.0 * log_sigmas)           # (K, D)
    sq = diff * diff
    sq *= inv_var                                 # (N, K, D): (x - mu)^2 / sigma^2
    maha = sq.sum(axis=2)                         # (N, K)
    m_logit = logits.max()
    e_logit = np.exp(logits - m_logit)
    s_logit = e_logit.sum()
    log_w = logits - (m_logit + np.log(s_logit))  # (K,)
    a = (log_w - 0.5 * d * _LOG_2PI - log_sigmas.sum(axis=1)) - 0.5 * maha
    m = a.max(axis=1, keepdims=True)
    e = np.exp(a - m)
    s = e.sum(axis=1, keepdims=True)
    value = np.sum(m) + np.sum(np.log(s))
    resp = e / s                                  # (N, K) responsibilities
    nk = resp.sum(axis=0)                         # (K,)
    d_logits = nk - n * (e_logit / s_logit)
    # d/dmu_k = sum_n r_nk (x_n - mu_k) / sigma_k^2
    d_means = np.einsum("nk,nkd->kd", resp, diff) * inv_var
    # d/dlog_sigma_k = sum_n r_nk ((x_n - mu_k)^2 / sigma_k^2 - 1)
    d_log_sigmas = np.einsum("nk,nkd->kd", resp, sq) - nk[:, None]
    return value, (d_means, d_log_sigmas, d_logits)

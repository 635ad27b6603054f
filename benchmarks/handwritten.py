"""Hand-written value-and-gradient functions for the workloads in `workloads.py`.

Each computes the value and the gradient together, the way an engineer would write them
by hand: shared intermediates reused, no wasted allocations, no per-step overhead.
"""

import numpy as np

_LOG_2PI = float(np.log(2.0 * np.pi))


def mlp_value_and_grad(W1, b1, W2, b2, x, y):
    """mlp_loss and its gradient w.r.t. (W1, b1, W2, b2)."""
    h = np.tanh(x @ W1 + b1)
    r = h @ W2 + b2
    r -= y
    value = np.sum(r * r)
    g_out = 2.0 * r
    dW2 = h.T @ g_out
    db2 = g_out.sum(axis=0)
    g_pre = g_out @ W2.T
    g_pre *= 1.0 - h * h
    dW1 = x.T @ g_pre
    db1 = g_pre.sum(axis=0)
    return value, (dW1, db1, dW2, db2)


def spring_value_and_grad(k, c, x0, v0, dt, target, n_steps):
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

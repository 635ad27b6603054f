"""The workloads written against `autograd.numpy`, for comparison with autograd.

Importing this module never fails: when autograd is missing, `AVAILABLE` is False and the
functions are None.
"""

try:
    import autograd
    import autograd.numpy as anp
except ImportError:          # autograd is optional (pip install -e .[bench])
    autograd = None
    anp = None

AVAILABLE = autograd is not None


def value_and_grad(fn, wrt):
    """autograd's value_and_grad of `fn` w.r.t. the argument indices `wrt` (a tuple)."""
    if not AVAILABLE:
        raise RuntimeError("autograd is not installed (pip install -e .[bench])")
    return autograd.value_and_grad(fn, argnum=tuple(wrt))


if AVAILABLE:
    def mlp_loss(W1, b1, W2, b2, x, y):
        h = anp.tanh(x @ W1 + b1)
        out = h @ W2 + b2
        return anp.sum((out - y) ** 2)

    def spring_loss(k, c, x0, v0, dt, target, n_steps):
        # Python floats only: the same code as the plain version (autograd traces it).
        x = x0
        v = v0
        loss = 0.0
        i = 0
        while i < n_steps:
            a = -k * x - c * v
            v = v + dt * a
            x = x + dt * v
            err = x - target
            loss = loss + dt * err * err
            i = i + 1
        return loss

    def gmm_loglik(means, log_sigmas, logits, X):
        diff = X[:, None, :] - means[None, :, :]
        inv_var = anp.exp(-2.0 * log_sigmas)
        maha = anp.sum(diff * diff * inv_var, axis=2)
        log_norm = -0.5 * X.shape[1] * anp.log(2.0 * anp.pi) - anp.sum(log_sigmas, axis=1)
        log_comp = log_norm - 0.5 * maha
        m_logit = anp.max(logits)
        log_w = logits - (m_logit + anp.log(anp.sum(anp.exp(logits - m_logit))))
        a = log_comp + log_w
        m = anp.max(a, axis=1, keepdims=True)
        lse = m + anp.log(anp.sum(anp.exp(a - m), axis=1, keepdims=True))
        return anp.sum(lse)

    def rnn_loss(Wh, Wx, b, xs, y):
        h = anp.tanh(xs[0] @ Wx + b)
        for t in range(1, xs.shape[0]):
            h = anp.tanh(h @ Wh + xs[t] @ Wx + b)
        return anp.sum((h - y) ** 2)
else:
    mlp_loss = spring_loss = gmm_loglik = rnn_loss = None

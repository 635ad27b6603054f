"""Outsider programs: statistical models and linear algebra."""
import numpy as np
import scipy.special as sps


def gmm_loglik(means, log_sigmas, logits, X):
    """Gaussian mixture (isotropic) negative log-likelihood via a stable logsumexp over axis=1."""
    K, D = means.shape
    log_w = logits - np.log(np.sum(np.exp(logits)))
    diff = X[:, None, :] - means[None, :, :]
    sig2 = np.exp(2 * log_sigmas)
    sq = np.sum(diff ** 2, axis=2) / sig2
    log_comp = -0.5 * sq - D * log_sigmas - 0.5 * D * np.log(2 * np.pi) + log_w
    mx = np.max(log_comp, axis=1, keepdims=True)
    ll = mx[:, 0] + np.log(np.sum(np.exp(log_comp - mx), axis=1))
    return -np.sum(ll)


def kalman_2d(F, Q, ys, R):
    """Constant-velocity Kalman filter with matrices: np.linalg.inv, det, the whole loop."""
    H = np.array([[1.0, 0.0]])
    x = np.zeros(2)
    P = np.eye(2)
    total = 0.0
    for k in range(ys.shape[0]):
        x = F @ x
        P = F @ P @ F.T + Q
        S = H @ P @ H.T + R
        Sinv = np.linalg.inv(S)
        K = P @ H.T @ Sinv
        innov = ys[k] - H @ x
        total = total + 0.5 * (innov @ Sinv @ innov + np.log(np.linalg.det(S)))
        x = x + K @ innov
        P = (np.eye(2) - K @ H) @ P
    return total


def rbf_kernel(X, log_ls, log_var):
    d2 = np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1)
    return np.exp(log_var) * np.exp(-0.5 * d2 / np.exp(2 * log_ls))


def gp_nll(log_ls, log_var, log_noise, X, y):
    """GP marginal likelihood with cholesky + two triangular solves via np.linalg.solve."""
    n = X.shape[0]
    K = rbf_kernel(X, log_ls, log_var) + np.exp(log_noise) * np.eye(n)
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(L.T, np.linalg.solve(L, y))
    return 0.5 * y @ alpha + np.sum(np.log(np.diag(L))) + 0.5 * n * np.log(2 * np.pi)


def einsum_bilinear(x, W, y):
    """Bilinear form via np.einsum plus an outer product and trace."""
    s = np.einsum("i,ij,j->", x, W, y)
    O = np.outer(x, y)
    return s + np.trace(O @ W.T) ** 2


def hmm_forward(log_A, log_pi, log_B, obs):
    """HMM forward algorithm in log space with scipy.special.logsumexp over axis=0."""
    alpha = log_pi + log_B[:, obs[0]]
    for t in range(1, len(obs)):
        alpha = sps.logsumexp(alpha[:, None] + log_A, axis=0) + log_B[:, obs[t]]
    return -sps.logsumexp(alpha)


def pca_eigh(X):
    """Largest eigenvalue of a covariance via np.linalg.eigh, plus a sign-invariant eigenvector term."""
    Xc = X - X.mean(axis=0)
    C = Xc.T @ Xc / X.shape[0]
    w, V = np.linalg.eigh(C)
    return w[-1] + np.sum(V[:, -1] ** 4)


def lstsq_fit(X, y):
    """Least squares with np.linalg.lstsq, residual loss on held-out rows."""
    w = np.linalg.lstsq(X[:6], y[:6], rcond=None)[0]
    return np.sum((X[6:] @ w - y[6:]) ** 2)

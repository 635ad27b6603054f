"""Outsider programs: control flow, containers, closures and helpers."""
import numpy as np


def rot_z(t):
    R = np.eye(3)
    R[0, 0] = np.cos(t)
    R[0, 1] = -np.sin(t)
    R[1, 0] = np.sin(t)
    R[1, 1] = np.cos(t)
    return R


def rot_y(t):
    R = np.eye(3)
    R[0, 0] = np.cos(t)
    R[0, 2] = np.sin(t)
    R[2, 0] = -np.sin(t)
    R[2, 2] = np.cos(t)
    return R


def pose_fit(angles, pts, target):
    """Rotation matrices built element by element in helpers, composed and applied to points."""
    R = rot_z(angles[0]) @ rot_y(angles[1])
    moved = pts @ R.T
    return np.sum((moved - target) ** 2)


def rot_z_ag(t):
    import autograd.numpy as anp
    c, s = anp.cos(t), anp.sin(t)
    return anp.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


def rot_y_ag(t):
    import autograd.numpy as anp
    c, s = anp.cos(t), anp.sin(t)
    return anp.array([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]])


def pose_fit_ag(angles, pts, target):
    import autograd.numpy as anp
    R = rot_z_ag(angles[0]) @ rot_y_ag(angles[1])
    moved = pts @ R.T
    return anp.sum((moved - target) ** 2)


def horner(coeffs, x):
    """Polynomial evaluation with Horner's rule over a coefficient array (np.polyval-like)."""
    result = 0.0
    for c in coeffs:
        result = result * x + c
    return np.sum(result)


def newton_sqrt(a):
    """Newton iteration for sqrt(a) with a `while` loop and a tolerance, Python-float input."""
    y = a if a > 1 else 1.0
    while abs(y * y - a) > 1e-12:
        y = y - (y * y - a) / (2 * y)
    return y


def quadratic_form(x, A, b):
    """x.T @ A @ x + b @ x quadratic form (least-squares/energy style)."""
    return x.T @ A @ x + b @ x + 0.5 * np.dot(x, x)


def huber(r, delta):
    """Huber loss with np.where on the residual magnitude."""
    a = np.abs(r)
    return np.sum(np.where(a <= delta, 0.5 * r ** 2, delta * (a - 0.5 * delta)))


def leaky_piecewise_loop(x):
    """Element loop with `if x[i] > 0` branches on data (what people write before vectorising)."""
    total = 0.0
    for i in range(x.shape[0]):
        if x[i] > 0:
            total = total + x[i] ** 2
        elif x[i] > -1:
            total = total + 0.1 * x[i]
        else:
            total = total - np.exp(x[i])
    return total


def and_or_logic(x, alpha=None):
    """`and`/`or` in conditions and `alpha or 1.0` defaulting."""
    scale = alpha or 1.0
    s = 0.0
    for i in range(len(x)):
        if x[i] > 0 and x[i] < 1:
            s = s + scale * x[i] ** 3
        elif x[i] < -2 or x[i] > 2:
            s = s + np.sin(x[i])
        else:
            s = s + x[i]
    return s


def weight_decay_sum(weights, x):
    """Generator expression inside sum(...) for an L2 penalty, list comprehension for features."""
    feats = [np.tanh(x * w) for w in weights]
    penalty = sum(np.sum(w ** 2) for w in weights)
    return sum(np.sum(f) for f in feats) + 1e-2 * penalty


def dict_linear(params, X, y):
    """Linear model with parameters in a dict (`params["W"]`, `params["b"]`)."""
    pred = X @ params["W"] + params["b"]
    return np.mean((pred - y) ** 2) + 0.01 * np.sum(params["W"] ** 2)


def mean_var(x):
    mu = np.mean(x, axis=0)
    var = np.mean((x - mu) ** 2, axis=0)
    return mu, var


def batchnorm_loss(x, gamma, beta):
    """Batch norm: helper returns (mean, var) tuple that the caller unpacks."""
    mu, var = mean_var(x)
    xh = (x - mu) / np.sqrt(var + 1e-5)
    y = gamma * xh + beta
    return np.sum(y ** 3)


def closure_loss(x, scale):
    """Nested helper closing over the enclosing function's variables."""
    offset = 0.5

    def penalty(v):
        return scale * np.sum((v - offset) ** 2)

    def feature(v):
        return np.sin(v) * scale

    return penalty(feature(x)) + penalty(x)


def relu(z):
    return np.maximum(0, z)


def dense(x, W, act):
    return act(x @ W)


def activation_arg(X, W1, W2):
    """Activation functions passed as arguments to a layer helper."""
    h = dense(X, W1, np.tanh)
    h = dense(h, W2, relu)
    return np.sum(h ** 2)


def relu_mlp(W1, b1, W2, X):
    """Two-layer ReLU network with np.maximum(0, x)."""
    h = np.maximum(0, X @ W1 + b1)
    return np.sum((h @ W2) ** 2)


def sgd_dict_update(params, X, y, lr):
    """Unrolled SGD updating a copied dict of parameters in place (`p["w"] = p["w"] - lr * g`)."""
    p = dict(params)
    for _ in range(3):
        r = X @ p["w"] + p["b"] - y
        p["w"] = p["w"] - lr * X.T @ r / len(y)
        p["b"] = p["b"] - lr * np.mean(r)
    return np.mean((X @ p["w"] + p["b"] - y) ** 2)


def early_exit_loop(x, thresh):
    """Loop with `continue`, `break` and an early `return` inside."""
    acc = 0.0
    for i, xi in enumerate(x):
        if xi < -1.5:
            continue
        acc = acc + np.exp(-xi) * (i + 1)
        if acc > thresh:
            return acc * 2.0
        if i >= 6:
            break
    return acc


def zip_enumerate(xs, ws):
    """enumerate/zip over lists of arrays with weights growing with the index."""
    total = 0.0
    for i, (x, w) in enumerate(zip(xs, ws)):
        total = total + (i + 1) * np.sum(np.sin(x) * w)
    return total


def debug_prints(x, verbose=False):
    """Code still carrying debugging: assert on shapes, a guarded print with an f-string."""
    assert x.ndim == 1, "expected a vector"
    y = np.tanh(x) * 2.0
    if verbose:
        print(f"y norm = {np.linalg.norm(y):.3f}")
    return np.sum(y ** 2)

"""Vector outputs, for the Jacobian paths: final states of integrators, stencil profiles,
solutions of small systems, assignments and flows, float32 among them."""
import numpy as np


def rk4_final_state(theta):
    def rhs(y):
        return np.array([y[1], -theta[0] * y[0] - theta[1] * y[1]])
    y = np.array([1.0, 0.0])
    for _ in range(10):
        a = rhs(y)
        b = rhs(y + 0.05 * a)
        c = rhs(y + 0.05 * b)
        d = rhs(y + 0.1 * c)
        y = y + 0.1 / 6 * (a + 2 * b + 2 * c + d)
    return y


def heat_profile(u0):
    u = u0.copy()
    for _ in range(5):
        u[1:-1] += 0.2 * (u[2:] - 2 * u[1:-1] + u[:-2])
    return u


def newton_system_solution(p):
    x = np.array([1.0, 1.0])
    for _ in range(6):
        F = np.array([x[0] ** 2 + x[1] ** 2 - p[0], x[0] - x[1] * p[1]])
        J = np.array([[2 * x[0], 2 * x[1]], [1.0, -p[1]]])
        x = x - np.linalg.solve(J, F)
    return x


def fem_displacements(k):
    K = np.diag(k[:-1] + k[1:]) - np.diag(k[1:-1], 1) - np.diag(k[1:-1], -1)
    return np.linalg.solve(K, np.ones(len(k) - 1))


def soft_assignments(C):
    P = np.array([[0.0, 0.1], [0.9, 1.0], [0.4, 0.5]])
    d = np.sum((P[:, None, :] - C[None]) ** 2, -1)
    r = np.exp(-3 * d)
    return (r / r.sum(1, keepdims=True)).ravel()


def planar_flow_points(u):
    z = np.array([[0.3, -0.5], [1.0, 0.2]])
    w = np.array([0.8, 0.4])
    return (z + np.outer(np.tanh(z @ w + 0.1), u)).reshape(-1)


def scatter_forces(X):
    edges = np.array([[0, 1], [1, 2], [2, 0]])
    d = X[edges[:, 1]] - X[edges[:, 0]]
    L = np.linalg.norm(d, axis=1, keepdims=True)
    f = (L - 1.0) * d / L
    F = np.zeros_like(X)
    np.add.at(F, edges[:, 0], f)
    np.subtract.at(F, edges[:, 1], f)
    return F.ravel()


def trajectory_list(k):
    y = np.array([1.0, 0.5])
    out = []
    for _ in range(4):
        y = y + 0.1 * np.array([-k[0] * y[0], k[1] * y[0] - y[1]])
        out.append(y[1])
    return np.array(out)


def f32_profile(u0):
    u = u0.copy()
    for _ in range(3):
        u[1:-1] += np.float32(0.2) * (u[2:] - 2 * u[1:-1] + u[:-2])
    return u


def log_softmax_rows(X):
    m = X.max(axis=1, keepdims=True)
    return (X - m - np.log(np.exp(X - m).sum(axis=1, keepdims=True))).ravel()


CASES = [
    dict(f=rk4_final_state, args=(np.array([2.0, 0.3]),), out="vector"),
    dict(f=heat_profile, args=(np.array([0.0, 0.3, 0.8, 1.0, 0.6, 0.0]),), out="vector"),
    dict(f=newton_system_solution, args=(np.array([2.0, 1.5]),), out="vector"),
    dict(f=fem_displacements, args=(np.array([1.0, 2.0, 1.5, 0.8]),), out="vector"),
    dict(f=soft_assignments, args=(np.array([[0.1, 0.0], [1.0, 0.9]]),), out="vector"),
    dict(f=planar_flow_points, args=(np.array([0.5, -0.3]),), out="vector"),
    dict(f=scatter_forces, args=(np.array([[0.0, 0.0], [1.1, 0.0], [0.0, 0.9]]),), out="vector"),
    dict(f=trajectory_list, args=(np.array([0.7, 0.4]),), out="vector"),
    dict(f=f32_profile, args=(np.array([0.0, 0.3, 0.8, 1.0, 0.6], dtype=np.float32),), out="vector", tol=1e-3),
    dict(f=log_softmax_rows, args=(np.array([[0.1, 0.5, -0.2], [1.0, 0.3, 0.7]]),), out="vector"),
]

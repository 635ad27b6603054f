"""Iterative numerics: Newton and fixed-point loops with a tolerance, line search, bisection,
power iteration, Gauss-Seidel and Jacobi sweeps in place, unrolled ODE solvers writing into
preallocated trajectories."""

import math

import numpy as np

rng = np.random.default_rng(62)
M = rng.standard_normal((4, 4))
SPD = M @ M.T + 4 * np.eye(4)
B4 = rng.standard_normal(4)


def newton_sqrt(a):
    x = a
    it = 0
    while abs(x * x - a) > 1e-12 and it < 50:
        x = 0.5 * (x + a / x)
        it += 1
    return x


def newton_cubic_root(c):
    # root of x^3 + x - c, Newton with tolerance on the step
    x = 1.0
    for it in range(50):
        step = (x ** 3 + x - c) / (3 * x ** 2 + 1)
        x = x - step
        if abs(step) < 1e-13:
            break
    return x


def fixed_point_cos(a):
    x = 0.0
    it = 0
    while it < 200:
        x_new = np.cos(a * x)
        if abs(x_new - x) < 1e-14:
            x = x_new
            break
        x = x_new
        it = it + 1
    return x


def kepler_newton(M_anom, e):
    E = M_anom
    for _ in range(30):
        f = E - e * math.sin(E) - M_anom
        E = E - f / (1 - e * math.cos(E))
    return E


def backtracking_line_search(w):
    def f(v):
        return np.sum((v - 1.0) ** 2) + 0.1 * np.sum(v ** 4)
    g = 2 * (w - 1.0) + 0.4 * w ** 3
    t = 1.0
    while f(w - t * g) > f(w) - 0.5 * t * np.sum(g * g):
        t = 0.5 * t
    return f(w - t * g)


def bisection_root(c):
    lo, hi = 0.0, 2.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if mid ** 3 - c > 0:
            hi = mid
        else:
            lo = mid
    # value of a smooth function of the parameter, root found without derivative
    return c * 2.0 + 0.0 * lo


def power_iteration(A):
    v = np.ones(A.shape[0])
    for _ in range(100):
        w = A @ v
        v = w / np.linalg.norm(w)
    return v @ A @ v


def power_iteration_tol(A):
    v = np.ones(A.shape[0]) / 2.0
    lam = 0.0
    k = 0
    while k < 500:
        w = A @ v
        lam_new = v @ w
        v = w / np.linalg.norm(w)
        if abs(lam_new - lam) < 1e-14:
            break
        lam = lam_new
        k += 1
    return lam_new


def jacobi_solve(A, b):
    x = np.zeros_like(b)
    D = np.diag(A)
    R = A - np.diag(D)
    for _ in range(60):
        x = (b - R @ x) / D
    return np.sum(x ** 2)


def gauss_seidel_inplace(A, b):
    n = b.shape[0]
    x = np.zeros(n)
    for sweep in range(40):
        for i in range(n):
            s = b[i]
            for j in range(n):
                if j != i:
                    s = s - A[i, j] * x[j]
            x[i] = s / A[i, i]
    return np.sum(x * b)


def sor_inplace_vectorized_rows(A, b, omega=1.2):
    n = len(b)
    x = np.zeros_like(b)
    for _ in range(30):
        for i in range(n):
            sigma = A[i, :i] @ x[:i] + A[i, i + 1:] @ x[i + 1:]
            x[i] = (1 - omega) * x[i] + omega * (b[i] - sigma) / A[i, i]
    return np.sum(x)


def euler_trajectory(y0, k):
    T = 20
    dt = 0.05
    traj = np.zeros((T + 1, y0.shape[0]))
    traj[0] = y0
    for t in range(T):
        traj[t + 1] = traj[t] - dt * k * traj[t] ** 3
    return np.sum(traj[-1] ** 2) + np.mean(traj)


def rk4_pendulum(theta0, omega0, g):
    def rhs(s):
        return np.array([s[1], -g * np.sin(s[0])])
    s = np.array([theta0, omega0])
    h = 0.1
    out = np.empty((11, 2))
    out[0] = s
    for i in range(10):
        k1 = rhs(s)
        k2 = rhs(s + 0.5 * h * k1)
        k3 = rhs(s + 0.5 * h * k2)
        k4 = rhs(s + h * k3)
        s = s + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        out[i + 1] = s
    return np.sum(out[:, 0] ** 2)


def leapfrog_oscillator(q0, p0, k):
    n = 25
    dt = 0.1
    qs = np.empty(n + 1)
    ps = np.empty(n + 1)
    qs[0], ps[0] = q0, p0
    for i in range(n):
        p_half = ps[i] - 0.5 * dt * k * qs[i]
        qs[i + 1] = qs[i] + dt * p_half
        ps[i + 1] = p_half - 0.5 * dt * k * qs[i + 1]
    return 0.5 * ps[-1] ** 2 + 0.5 * k * qs[-1] ** 2 + np.sum(qs)


def heat_explicit_inplace(u0, kappa):
    u = u0.copy()
    new = np.empty_like(u)
    for _ in range(15):
        new[1:-1] = u[1:-1] + kappa * (u[2:] - 2 * u[1:-1] + u[:-2])
        new[0] = 0.0
        new[-1] = 0.0
        u, new = new, u
    return np.sum(u ** 2)


def gradient_descent_tol(w0, A):
    w = w0.copy()
    for it in range(200):
        g = A @ w - 1.0
        w -= 0.05 * g
        if np.linalg.norm(g) < 1e-10:
            break
    return np.sum(w)


def newton_vector_system(p):
    # solve x_i + 0.1*x_i^3 = p_i elementwise by Newton, vectorised, stop on max step
    x = np.zeros_like(p)
    while True:
        step = (x + 0.1 * x ** 3 - p) / (1 + 0.3 * x ** 2)
        x = x - step
        if np.max(np.abs(step)) < 1e-13:
            break
    return np.sum(x ** 2)


def secant_method(c):
    x0, x1 = 0.5, 2.0
    for _ in range(40):
        f0 = x0 ** 2 - c
        f1 = x1 ** 2 - c
        if f1 == f0:
            break
        x0, x1 = x1, x1 - f1 * (x1 - x0) / (f1 - f0)
    return x1


def damped_newton_min(w):
    # minimise sum(cosh(v - w)) over v from v=0: the minimiser is v = w
    v = np.zeros_like(w)
    for _ in range(30):
        g = np.sinh(v - w)
        H = np.cosh(v - w)
        v -= g / H
    return np.sum(v ** 2 * w)


def lorenz_euler_store(state0, sigma):
    n_steps = 30
    dt = 0.01
    traj = np.zeros((n_steps, 3))
    s = state0.copy()
    for t in range(n_steps):
        x, y, z = s
        ds = np.array([sigma * (y - x), x * (28.0 - z) - y, x * y - 8.0 / 3.0 * z])
        s = s + dt * ds
        traj[t, :] = s
    return np.sum(traj[:, 2])


def midpoint_in_place_state(y0, a):
    y = y0.copy()
    for _ in range(10):
        mid = y + 0.05 * (-a * y)
        y += 0.1 * (-a * mid)
    return np.sum(y)


def iterative_refinement(A, b):
    x = np.linalg.solve(A, b)
    for _ in range(3):
        r = b - A @ x
        x = x + np.linalg.solve(A, r)
    return np.sum(x * x)


def conjugate_gradient(A, b):
    x = np.zeros_like(b)
    r = b - A @ x
    p = r.copy()
    rs = r @ r
    for _ in range(len(b)):
        Ap = A @ p
        alpha = rs / (p @ Ap)
        x = x + alpha * p
        r = r - alpha * Ap
        rs_new = r @ r
        if math.sqrt(rs_new) < 1e-12:
            break
        p = r + (rs_new / rs) * p
        rs = rs_new
    return np.sum(x)


CASES = [
    dict(f=newton_sqrt, args=(2.5,)),
    dict(f=newton_cubic_root, args=(3.0,)),
    dict(f=fixed_point_cos, args=(0.7,)),
    dict(f=kepler_newton, args=(1.2, 0.3), alt="e"),
    dict(f=backtracking_line_search, args=(np.array([2.0, -1.0, 0.5]),)),
    dict(f=bisection_root, args=(2.0,)),
    dict(f=power_iteration, args=(SPD.copy(),), tol=1e-4),
    dict(f=power_iteration_tol, args=(SPD.copy(),), tol=1e-4),
    dict(f=jacobi_solve, args=(SPD.copy(), B4.copy()), alt="b"),
    dict(f=gauss_seidel_inplace, args=(SPD.copy(), B4.copy()), alt="b"),
    dict(f=sor_inplace_vectorized_rows, args=(SPD.copy(), B4.copy()), alt="b"),
    dict(f=euler_trajectory, args=(np.array([0.5, -1.0, 0.8]), 0.7), alt="k"),
    dict(f=rk4_pendulum, args=(0.5, 0.1, 9.81), alt="g"),
    dict(f=leapfrog_oscillator, args=(1.0, 0.2, 2.0), alt="k"),
    dict(f=heat_explicit_inplace, args=(np.sin(np.linspace(0, 3, 8)), 0.2), alt="kappa"),
    dict(f=gradient_descent_tol, args=(np.zeros(4), SPD / 10), wrt=1, tol=1e-4),
    dict(f=newton_vector_system, args=(np.array([0.5, -1.5, 2.0]),)),
    dict(f=secant_method, args=(3.0,), tol=1e-4),
    dict(f=damped_newton_min, args=(np.array([0.3, -0.4, 0.9]),)),
    dict(f=lorenz_euler_store, args=(np.array([1.0, 1.0, 1.0]), 10.0), alt="sigma"),
    dict(f=midpoint_in_place_state, args=(np.array([1.0, 2.0]), 0.8), alt="a"),
    dict(f=iterative_refinement, args=(SPD.copy(), B4.copy()), alt="b"),
    dict(f=conjugate_gradient, args=(SPD.copy(), B4.copy()), alt="b", tol=1e-4),
]


def newton_2d_jacobian_fill(p):
    z = np.array([1.0, 1.0])
    for _ in range(20):
        F = np.array([z[0] ** 2 + z[1] - p[0], z[0] - z[1] ** 3 - p[1]])
        J = np.empty((2, 2))
        J[0, 0] = 2 * z[0]
        J[0, 1] = 1.0
        J[1, 0] = 1.0
        J[1, 1] = -3 * z[1] ** 2
        z = z - np.linalg.solve(J, F)
    return np.sum(z ** 2)


def red_black_sweeps(b):
    x = np.zeros(7)
    for _ in range(20):
        x[1:-1:2] = 0.5 * (x[:-2:2] + x[2::2] + b[1:-1:2])
        x[2:-1:2] = 0.5 * (x[1:-2:2] + x[3::2] + b[2:-1:2])
    return np.sum(x ** 2)


def trajectory_list_to_array(y0):
    traj = [y0]
    y = y0
    for _ in range(5):
        y = y + 0.1 * np.sin(y)
        traj.append(y)
    T = np.array(traj)
    return np.sum(T[:, 0] * T[:, -1])


def isclose_fixed_point(a):
    x = 1.0
    xn = x
    for _ in range(100):
        xn = np.cos(x) * a
        if np.isclose(xn, x, rtol=0, atol=1e-15):
            break
        x = xn
    return xn


def euler_vector_output(y0, k):
    y = y0.copy()
    out = np.zeros((4, y0.shape[0]))
    for t in range(4):
        y = y - 0.1 * k * y ** 3
        out[t] = y
    return out.ravel()


def implicit_euler_steps(y0, a):
    n = y0.shape[0]
    A = np.eye(n) * (1 + 0.1 * a) - 0.05 * np.eye(n, k=1)
    y = y0
    for _ in range(5):
        y = np.linalg.solve(A, y)
    return np.sum(y ** 2)


CASES += [
    dict(f=newton_2d_jacobian_fill, args=(np.array([2.0, 0.5]),)),
    dict(f=red_black_sweeps, args=(np.linspace(0, 1, 7),)),
    dict(f=trajectory_list_to_array, args=(np.array([0.3, -1.6, 2.2]),)),
    dict(f=isclose_fixed_point, args=(0.7,)),
    dict(f=euler_vector_output, args=(np.array([0.3, -0.6, 0.9]), 0.8), alt="k", out="vector"),
    dict(f=implicit_euler_steps, args=(np.array([0.3, -0.6, 0.9]), 0.8), alt="a"),
]

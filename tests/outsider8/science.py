"""Scientific code as it is written: integrators, PDE stencils, assembly, Newton and fixed-point
iterations, pricing, geometry, kinematics, filters, dynamic programming, quadrature."""

import numpy as np
from scipy.special import ndtr, erf

# ---------------------------------------------------------------- integrators


def rhs(t, y, k):
    return np.array([y[1], -k * y[0] - 0.1 * y[1]])


def rk4_oscillator(y0, k):
    y = y0.copy()
    t, dt = 0.0, 0.1
    for _ in range(20):
        k1 = rhs(t, y, k)
        k2 = rhs(t + dt / 2, y + dt / 2 * k1, k)
        k3 = rhs(t + dt / 2, y + dt / 2 * k2, k)
        k4 = rhs(t + dt, y + dt * k3, k)
        y = y + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        t += dt
    return y[0] ** 2 + y[1]


def euler_list_of_states(y0, k):
    states = [y0]
    for i in range(10):
        y = states[-1]
        states.append(y + 0.05 * rhs(0.05 * i, y, k))
    return np.sum(np.array(states)[:, 0])


def adaptive_heun(y0, lam):
    t, y, h = 0.0, y0, 0.1
    while t < 1.0:
        h = min(h, 1.0 - t)
        k1 = -lam * y
        k2 = -lam * (y + h * k1)
        y_new = y + h / 2 * (k1 + k2)
        err = np.max(np.abs(h / 2 * (k2 - k1)))
        if err < 1e-3:
            y = y_new
            t += h
            h = h * 1.5
        else:
            h = h * 0.5
    return np.sum(y * y)


def velocity_verlet(x0, v0):
    x, v = x0, v0
    dt = 0.05
    a = -np.sin(x)
    for _ in range(30):
        x = x + v * dt + 0.5 * a * dt * dt
        a_new = -np.sin(x)
        v = v + 0.5 * (a + a_new) * dt
        a = a_new
    return np.sum(x) + 0.5 * np.sum(v ** 2)


def leapfrog_inplace(q0, p0):
    q = q0.copy()
    p = p0.copy()
    eps = 0.1
    p -= 0.5 * eps * q
    for i in range(10):
        q += eps * p
        if i != 9:
            p -= eps * q
    p -= 0.5 * eps * q
    return np.sum(q * q) + np.sum(p * p * 0.5)


def heat_equation_slices(u0, kappa):
    u = u0.copy()
    for _ in range(15):
        u[1:-1] = u[1:-1] + kappa * (u[2:] - 2 * u[1:-1] + u[:-2])
    return np.sum(u ** 2)


def heat_equation_new_array(u0, kappa):
    u = u0
    for _ in range(15):
        un = u.copy()
        un[1:-1] = u[1:-1] + kappa * (u[2:] - 2 * u[1:-1] + u[:-2])
        un[0] = un[1]
        un[-1] = un[-2]
        u = un
    return np.sum(u * np.arange(u.size))


def wave_equation_two_levels(u0, c):
    u_prev = u0.copy()
    u = u0.copy()
    for _ in range(8):
        u_next = np.zeros_like(u)
        u_next[1:-1] = 2 * u[1:-1] - u_prev[1:-1] + c * c * (u[2:] - 2 * u[1:-1] + u[:-2])
        u_prev, u = u, u_next
    return np.sum(u ** 2)


def laplacian_2d_jacobi(f):
    u = np.zeros((5, 5))
    for _ in range(10):
        u[1:-1, 1:-1] = 0.25 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - f[1:-1, 1:-1])
    return np.sum(u * u)


# ---------------------------------------------------------------- assembly


def fem_assembly_ix(k_el):
    n_el = k_el.size
    K = np.zeros((n_el + 1, n_el + 1))
    for e in range(n_el):
        idx = np.array([e, e + 1])
        ke = k_el[e] * np.array([[1.0, -1.0], [-1.0, 1.0]])
        K[np.ix_(idx, idx)] += ke
    K[0, 0] += 1.0
    f = np.ones(n_el + 1)
    u = np.linalg.solve(K, f)
    return np.sum(u)


def fem_assembly_add_at(k_el):
    n_el = k_el.size
    K = np.zeros((n_el + 1, n_el + 1))
    rows = np.array([0, 0, 1, 1])
    cols = np.array([0, 1, 0, 1])
    for e in range(n_el):
        vals = k_el[e] * np.array([1.0, -1.0, -1.0, 1.0])
        np.add.at(K, (rows + e, cols + e), vals)
    return np.sum(K * K) + np.trace(K)


def scatter_add_at_vector(w):
    idx = np.array([0, 2, 2, 1, 0, 2])
    out = np.zeros(3)
    np.add.at(out, idx, w)
    return np.sum(out ** 3)


def stiffness_loop_elements(x):
    n = x.size
    K = np.zeros((n, n))
    for e in range(n - 1):
        h = x[e + 1] - x[e]
        K[e, e] += 1.0 / h
        K[e, e + 1] -= 1.0 / h
        K[e + 1, e] -= 1.0 / h
        K[e + 1, e + 1] += 1.0 / h
    return np.sum((K @ np.arange(1.0, n + 1.0)) ** 2)


# ---------------------------------------------------------------- nonlinear solvers


def newton_sqrt(a):
    x = a.copy()
    for _ in range(6):
        x = x - (x * x - a) / (2 * x)
    return np.sum(x)


def newton_cubic_scalar(c):
    x = 1.0
    for _ in range(8):
        fx = x ** 3 + c * x - 2.0
        dfx = 3 * x ** 2 + c
        x -= fx / dfx
    return x


def fixed_point_cos(a):
    x = 0.5
    for _ in range(40):
        x = np.cos(a * x)
    return x


def fixed_point_while(a):
    x = np.zeros_like(a)
    delta = 1.0
    while delta > 1e-10:
        x_new = 0.5 * np.tanh(x) + a
        delta = np.max(np.abs(x_new - x))
        x = x_new
    return np.sum(x ** 2)


def shooting_method(v0):
    def integrate(v):
        y, yp = 0.0, v
        h = 0.1
        for _ in range(10):
            ypp = -y * y
            y = y + h * yp
            yp = yp + h * ypp
        return y
    v = v0
    for _ in range(5):
        f = integrate(v) - 1.0
        df = (integrate(v + 1e-4) - integrate(v - 1e-4)) / 2e-4
        v = v - f / df
    return v * v0


# ---------------------------------------------------------------- stochastic and finance


def monte_carlo_seeded(mu, sigma):
    rng = np.random.default_rng(42)
    z = rng.standard_normal(200)
    s = 100.0 * np.exp((mu - 0.5 * sigma ** 2) + sigma * z)
    return np.mean(np.maximum(s - 100.0, 0.0))


def black_scholes_ndtr(S, sigma):
    K, r, T = 100.0, 0.01, 1.0
    d1 = (np.log(S / K) + (r + 0.5 * sigma ** 2) * T) / (sigma * np.sqrt(T))
    d2 = d1 - sigma * np.sqrt(T)
    return np.sum(S * ndtr(d1) - K * np.exp(-r * T) * ndtr(d2))


def black_scholes_erf(S, sigma):
    K, r, T = 100.0, 0.01, 1.0

    def N(x):
        return 0.5 * (1.0 + erf(x / np.sqrt(2.0)))
    d1 = (np.log(S / K) + (r + sigma * sigma / 2) * T) / (sigma * np.sqrt(T))
    d2 = d1 - sigma * np.sqrt(T)
    return S * N(d1) - K * np.exp(-r * T) * N(d2)


def binomial_tree_option(S0, sigma):
    n, K, r, T = 20, 100.0, 0.02, 1.0
    dt = T / n
    u = np.exp(sigma * np.sqrt(dt))
    d = 1.0 / u
    p = (np.exp(r * dt) - d) / (u - d)
    j = np.arange(n + 1)
    values = np.maximum(S0 * u ** j * d ** (n - j) - K, 0.0)
    for i in range(n, 0, -1):
        values = np.exp(-r * dt) * (p * values[1:i + 1] + (1 - p) * values[0:i])
    return values[0]


def american_put_tree(S0, sigma):
    n, K, r = 12, 100.0, 0.03
    dt = 1.0 / n
    u = np.exp(sigma * np.sqrt(dt))
    d = 1 / u
    p = (np.exp(r * dt) - d) / (u - d)
    prices = S0 * u ** np.arange(n, -1, -1) * d ** np.arange(0, n + 1)
    v = np.maximum(K - prices, 0.0)
    for i in range(n - 1, -1, -1):
        prices = S0 * u ** np.arange(i, -1, -1) * d ** np.arange(0, i + 1)
        cont = np.exp(-r * dt) * (p * v[:-1] + (1 - p) * v[1:])
        v = np.maximum(cont, K - prices)
    return v[0]


def gbm_path_cumsum(mu, sigma):
    rng = np.random.default_rng(0)
    dW = rng.standard_normal(50) * np.sqrt(0.02)
    logS = np.cumsum((mu - 0.5 * sigma * sigma) * 0.02 + sigma * dW)
    return np.mean(np.exp(logS))


# ---------------------------------------------------------------- geometry and kinematics


def ray_sphere(center, radius):
    origin = np.array([0.0, 0.0, -5.0])
    direction = np.array([0.1, 0.05, 1.0])
    direction = direction / np.linalg.norm(direction)
    oc = origin - center
    b = np.dot(oc, direction)
    c = np.dot(oc, oc) - radius * radius
    disc = b * b - c
    if disc < 0:
        return 0.0 * radius
    t = -b - np.sqrt(disc)
    hit = origin + t * direction
    normal = (hit - center) / radius
    return t + normal[2]


def rot_z(theta):
    R = np.eye(3)
    c, s = np.cos(theta), np.sin(theta)
    R[0, 0] = c
    R[0, 1] = -s
    R[1, 0] = s
    R[1, 1] = c
    return R


def planar_arm_fk(angles):
    T = np.eye(3)
    for a in angles:
        T = T @ rot_z(a)
        T[0, 2] += T[0, 0] * 1.0
        T[1, 2] += T[1, 0] * 1.0
    return T[0, 2] ** 2 + T[1, 2]


def homogeneous_chain(q):
    T = np.eye(4)
    lengths = [0.5, 0.4, 0.3]
    for i in range(3):
        A = np.zeros((4, 4))
        c, s = np.cos(q[i]), np.sin(q[i])
        A[:2, :2] = [[c, -s], [s, c]]
        A[2, 2] = 1.0
        A[3, 3] = 1.0
        A[0, 3] = lengths[i] * c
        A[1, 3] = lengths[i] * s
        T = T @ A
    return np.sum(T[:3, 3] * np.array([1.0, 2.0, 3.0]))


def quat_mul(a, b):
    w1, x1, y1, z1 = a
    w2, x2, y2, z2 = b
    return np.array([
        w1 * w2 - x1 * x2 - y1 * y2 - z1 * z2,
        w1 * x2 + x1 * w2 + y1 * z2 - z1 * y2,
        w1 * y2 - x1 * z2 + y1 * w2 + z1 * x2,
        w1 * z2 + x1 * y2 - y1 * x2 + z1 * w2,
    ])


def quaternion_rotate(q, v):
    q = q / np.linalg.norm(q)
    qv = np.concatenate([[0.0], v])
    qc = q * np.array([1.0, -1.0, -1.0, -1.0])
    r = quat_mul(quat_mul(q, qv), qc)
    return r[1:]


def rodrigues(axis_angle):
    theta = np.linalg.norm(axis_angle)
    k = axis_angle / theta
    K = np.array([[0.0, -k[2], k[1]], [k[2], 0.0, -k[0]], [-k[1], k[0], 0.0]])
    R = np.eye(3) + np.sin(theta) * K + (1 - np.cos(theta)) * (K @ K)
    return np.sum(R @ np.array([1.0, 2.0, 3.0]))


def polygon_area_shoelace(xy):
    x = xy[:, 0]
    y = xy[:, 1]
    return 0.5 * np.abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def pairwise_lennard_jones(pos):
    n = pos.shape[0]
    e = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            r2 = np.sum((pos[i] - pos[j]) ** 2)
            inv6 = 1.0 / r2 ** 3
            e += 4 * (inv6 * inv6 - inv6)
    return e


# ---------------------------------------------------------------- filters and dynamic programming


def kalman_filter_smoother(obs, q):
    n = obs.size
    m = np.zeros(n)
    P = np.zeros(n)
    mp, Pp = 0.0, 1.0
    for t in range(n):
        K = Pp / (Pp + 0.5)
        m[t] = mp + K * (obs[t] - mp)
        P[t] = (1 - K) * Pp
        mp, Pp = m[t], P[t] + q
    ms = m.copy()
    for t in range(n - 2, -1, -1):
        G = P[t] / (P[t] + q)
        ms[t] = m[t] + G * (ms[t + 1] - m[t])
    return np.sum(ms ** 2)


def viterbi_like_max(log_emit):
    T, S = log_emit.shape
    trans = np.log(np.array([[0.7, 0.2, 0.1], [0.3, 0.5, 0.2], [0.25, 0.25, 0.5]]))
    delta = log_emit[0].copy()
    for t in range(1, T):
        delta = np.max(delta[:, None] + trans, axis=0) + log_emit[t]
    return np.max(delta)


def dtw_builtin_min(a, b):
    n, m = a.size, b.size
    D = np.full((n + 1, m + 1), np.inf)
    D[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost = (a[i - 1] - b[j - 1]) ** 2
            D[i, j] = cost + min(D[i - 1, j], D[i, j - 1], D[i - 1, j - 1])
    return D[n, m]


def soft_dtw(a, b):
    n, m = a.size, b.size
    R = np.full((n + 1, m + 1), 1e10)
    R[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            r = np.array([R[i - 1, j], R[i, j - 1], R[i - 1, j - 1]])
            smin = -np.log(np.sum(np.exp(-(r - np.min(r))))) + np.min(r)
            R[i, j] = (a[i - 1] - b[j - 1]) ** 2 + smin
    return R[n, m]


def cumulative_product_survival(h):
    s = np.cumprod(1.0 - h)
    return np.sum(s)


def hmm_forward_scaled(obs_lik):
    A = np.array([[0.9, 0.1], [0.2, 0.8]])
    alpha = np.array([0.5, 0.5]) * obs_lik[0]
    c = np.sum(alpha)
    alpha = alpha / c
    ll = np.log(c)
    for t in range(1, obs_lik.shape[0]):
        alpha = (alpha @ A) * obs_lik[t]
        c = alpha.sum()
        alpha /= c
        ll += np.log(c)
    return ll


# ---------------------------------------------------------------- polynomials and quadrature


def horner_reversed(coeffs, x):
    result = 0.0
    for c in reversed(coeffs):
        result = result * x + c
    return result


def horner_array(x, coeffs):
    y = np.zeros_like(x)
    for c in coeffs[::-1]:
        y = y * x + c
    return np.sum(y)


def gauss_legendre_quad(a):
    nodes, weights = np.polynomial.legendre.leggauss(5)
    t = 0.5 * (nodes + 1.0) * a
    return 0.5 * a * np.sum(weights * np.exp(-t * t))


def simpson_rule(p):
    x = np.linspace(0.0, 1.0, 11)
    fx = np.exp(-p[0] * x) * np.cos(p[1] * x)
    h = x[1] - x[0]
    return h / 3 * (fx[0] + 4 * np.sum(fx[1:-1:2]) + 2 * np.sum(fx[2:-1:2]) + fx[-1])


def trapezoid_manual(y):
    x = np.linspace(0.0, 2.0, y.size)
    return np.sum((y[1:] + y[:-1]) * np.diff(x)) / 2


def linear_spline_eval(yk):
    xk = np.linspace(0.0, 1.0, yk.size)
    xq = np.array([0.05, 0.33, 0.5, 0.71, 0.99])
    idx = np.searchsorted(xk, xq) - 1
    t = (xq - xk[idx]) / (xk[idx + 1] - xk[idx])
    vals = yk[idx] * (1 - t) + yk[idx + 1] * t
    return np.sum(vals ** 2)


def catmull_rom(p):
    t = 0.3
    out = 0.0
    for i in range(1, p.size - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        out += 0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t ** 2
                      + (-p0 + 3 * p1 - 3 * p2 + p3) * t ** 3)
    return out


def chebyshev_recurrence(c, x):
    T0 = np.ones_like(x)
    T1 = x
    y = c[0] * T0 + c[1] * T1
    for k in range(2, c.size):
        T0, T1 = T1, 2 * x * T1 - T0
        y = y + c[k] * T1
    return np.sum(y)


def lotka_volterra_euler(params):
    a, b, c, d = params
    x, y = 1.0, 0.5
    dt = 0.01
    traj = []
    for _ in range(50):
        x, y = x + dt * (a * x - b * x * y), y + dt * (c * x * y - d * y)
        traj.append(x + y)
    return sum(traj) / len(traj)


def gradient_descent_inner(w0):
    w = w0
    A = np.array([[3.0, 0.5], [0.5, 1.0]])
    for _ in range(10):
        g = A @ w - np.array([1.0, -1.0])
        w = w - 0.1 * g
    return w @ A @ w


rng0 = np.random.default_rng(0)
y2 = np.array([1.0, 0.3])
u0 = np.array([0.0, 0.2, 0.5, 1.0, 0.6, 0.1, 0.0])
pos4 = np.array([[0.0, 0.0], [1.1, 0.1], [0.2, 1.2], [1.3, 1.0]])

CASES = [
    dict(f=rk4_oscillator, args=(y2, 2.0), wrt=0, alt="k"),
    dict(f=euler_list_of_states, args=(y2, 2.0), wrt=0, alt="k"),
    dict(f=adaptive_heun, args=(np.array([1.0, 0.5]), 1.3), wrt=0, alt="lam"),
    dict(f=velocity_verlet, args=(np.array([0.3, -0.2]), np.array([0.1, 0.4])), wrt=0, alt="v0"),
    dict(f=leapfrog_inplace, args=(np.array([0.3, -0.2]), np.array([0.1, 0.4])), wrt=0, alt="p0"),
    dict(f=heat_equation_slices, args=(u0, 0.2), wrt=0, alt="kappa"),
    dict(f=heat_equation_new_array, args=(u0, 0.2), wrt=0, alt="kappa"),
    dict(f=wave_equation_two_levels, args=(u0, 0.5), wrt=0, alt="c"),
    dict(f=laplacian_2d_jacobi, args=(rng0.standard_normal((5, 5)),)),
    dict(f=fem_assembly_ix, args=(np.array([1.0, 2.0, 1.5, 0.8]),)),
    dict(f=fem_assembly_add_at, args=(np.array([1.0, 2.0, 1.5]),)),
    dict(f=scatter_add_at_vector, args=(np.array([0.3, -0.2, 0.5, 0.1, 0.7, -0.4]),)),
    dict(f=stiffness_loop_elements, args=(np.array([0.0, 0.3, 0.7, 1.2, 2.0]),)),
    dict(f=newton_sqrt, args=(np.array([2.0, 3.0, 0.5]),)),
    dict(f=newton_cubic_scalar, args=(1.5,)),
    dict(f=fixed_point_cos, args=(0.7,)),
    dict(f=fixed_point_while, args=(np.array([0.2, -0.3, 0.4]),)),
    dict(f=shooting_method, args=(1.2,), tol=1e-4),
    dict(f=monte_carlo_seeded, args=(0.05, 0.2), wrt=0, alt="sigma"),
    dict(f=black_scholes_ndtr, args=(np.array([90.0, 100.0, 110.0]), 0.25), wrt=0, alt="sigma"),
    dict(f=black_scholes_erf, args=(105.0, 0.3), wrt=0, alt="sigma"),
    dict(f=binomial_tree_option, args=(101.3, 0.2), wrt=0, alt="sigma"),
    dict(f=american_put_tree, args=(95.0, 0.25), wrt=0, alt="sigma", tol=1e-4),
    dict(f=gbm_path_cumsum, args=(0.05, 0.2), wrt=0, alt="sigma"),
    dict(f=ray_sphere, args=(np.array([0.1, -0.2, 0.5]), 1.0), wrt=0, alt="radius"),
    dict(f=planar_arm_fk, args=(np.array([0.3, -0.5, 0.8]),)),
    dict(f=homogeneous_chain, args=(np.array([0.3, -0.5, 0.8]),)),
    dict(f=quaternion_rotate, args=(np.array([0.9, 0.1, -0.3, 0.2]), np.array([1.0, 0.5, -0.2])),
         wrt=0, out="vector"),
    dict(f=rodrigues, args=(np.array([0.3, -0.4, 0.5]),)),
    dict(f=polygon_area_shoelace, args=(pos4[[0, 1, 3, 2]],)),
    dict(f=pairwise_lennard_jones, args=(pos4 * 1.1,)),
    dict(f=kalman_filter_smoother, args=(np.array([0.5, 0.8, 0.3, 1.1, 0.9]), 0.1), wrt=0, alt="q"),
    dict(f=viterbi_like_max, args=(np.log(rng0.uniform(0.1, 1.0, (5, 3))),)),
    dict(f=dtw_builtin_min, args=(np.array([0.0, 1.0, 2.1, 1.4]), np.array([0.1, 0.9, 1.7])), wrt=0, alt="b"),
    dict(f=soft_dtw, args=(np.array([0.0, 1.0, 2.1, 1.4]), np.array([0.1, 0.9, 1.7])), wrt=0, alt="b"),
    dict(f=cumulative_product_survival, args=(np.array([0.1, 0.2, 0.05, 0.3]),)),
    dict(f=hmm_forward_scaled, args=(rng0.uniform(0.1, 1.0, (6, 2)),)),
    dict(f=horner_reversed, args=([1.0, -2.0, 0.5, 0.3], 0.7), wrt=1, alt=0),
    dict(f=horner_array, args=(np.array([0.3, -0.5, 1.1]), np.array([1.0, -2.0, 0.5, 0.3])), wrt=0, alt="coeffs"),
    dict(f=gauss_legendre_quad, args=(1.3,)),
    dict(f=simpson_rule, args=(np.array([0.7, 2.0]),)),
    dict(f=trapezoid_manual, args=(np.array([0.3, 0.9, 1.4, 0.2, -0.5]),)),
    dict(f=linear_spline_eval, args=(np.array([0.3, 0.9, 1.4, 0.2, -0.5]),)),
    dict(f=catmull_rom, args=(np.array([0.3, 0.9, 1.4, 0.2, -0.5, 0.7]),)),
    dict(f=chebyshev_recurrence, args=(np.array([0.5, -0.3, 0.2, 0.1, 0.05]), np.array([0.2, -0.6, 0.9])),
         wrt=0, alt="x"),
    dict(f=lotka_volterra_euler, args=(np.array([1.0, 0.5, 0.4, 0.8]),)),
    dict(f=gradient_descent_inner, args=(np.array([0.5, -0.5]),)),
]

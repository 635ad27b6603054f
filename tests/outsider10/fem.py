"""Finite-element assembly with np.add.at, index arrays and scatter loops; spring networks and
cloth with index arrays."""
import numpy as np

_ELEMS = np.array([[0, 1], [1, 2], [2, 3], [3, 4]])
_TRIS = np.array([[0, 1, 2], [1, 3, 2], [2, 3, 4]])


def assemble_1d_stiffness(k):
    n = 5
    K = np.zeros((n, n))
    for e, (i, j) in enumerate(_ELEMS):
        ke = k[e] * np.array([[1.0, -1.0], [-1.0, 1.0]])
        K[i, i] += ke[0, 0]
        K[i, j] += ke[0, 1]
        K[j, i] += ke[1, 0]
        K[j, j] += ke[1, 1]
    K[0, 0] += 1.0
    f = np.ones(n)
    u = np.linalg.solve(K, f)
    return f @ u


def assemble_add_at(k):
    n = 5
    K = np.zeros((n, n))
    local = np.array([[1.0, -1.0], [-1.0, 1.0]])
    for e in range(len(_ELEMS)):
        idx = _ELEMS[e]
        np.add.at(K, (idx[:, None], idx[None, :]), k[e] * local)
    K += np.eye(n) * 0.1
    return np.sum(np.linalg.solve(K, np.arange(1.0, 6.0)))


def load_vector_add_at(q):
    F = np.zeros(5)
    np.add.at(F, _ELEMS[:, 0], 0.5 * q)
    np.add.at(F, _ELEMS[:, 1], 0.5 * q)
    return np.sum(F ** 2)


def mass_lumped_bincount(rho):
    m = np.bincount(_ELEMS.ravel(), weights=np.repeat(rho, 2) * 0.5, minlength=5)
    return np.sum(np.sqrt(m + 1.0))


def triangle_areas(P):
    a = P[_TRIS[:, 0]]
    b = P[_TRIS[:, 1]]
    c = P[_TRIS[:, 2]]
    ab = b - a
    ac = c - a
    area = 0.5 * (ab[:, 0] * ac[:, 1] - ab[:, 1] * ac[:, 0])
    return np.sum(area ** 2)


def spring_network_energy(X):
    edges = np.array([[0, 1], [1, 2], [2, 0], [2, 3]])
    rest = np.array([1.0, 1.0, 1.2, 0.8])
    d = X[edges[:, 0]] - X[edges[:, 1]]
    length = np.sqrt(np.sum(d ** 2, axis=1))
    return 0.5 * np.sum((length - rest) ** 2)


def spring_forces_scatter(X):
    edges = np.array([[0, 1], [1, 2], [2, 0], [2, 3]])
    F = np.zeros_like(X)
    for a, b in edges:
        d = X[b] - X[a]
        L = np.linalg.norm(d)
        f = (L - 1.0) * d / L
        F[a] += f
        F[b] -= f
    return np.sum(F ** 2)


def cloth_step(X):
    edges = np.array([[0, 1], [1, 3], [3, 2], [2, 0], [0, 3]])
    V = np.zeros_like(X)
    for _ in range(3):
        d = X[edges[:, 1]] - X[edges[:, 0]]
        L = np.linalg.norm(d, axis=1, keepdims=True)
        f = 10.0 * (L - 1.0) * d / L
        F = np.zeros_like(X)
        np.add.at(F, edges[:, 0], f)
        np.subtract.at(F, edges[:, 1], f)
        F[:, 1] -= 0.98
        V = V + 0.01 * F
        X = X + 0.01 * V
    return np.sum(X[:, 1])


def cloth_pinned(X0):
    X = X0.copy()
    pinned = np.array([True, False, False, True])
    edges = [(0, 1), (1, 2), (2, 3)]
    for _ in range(4):
        for i, j in edges:
            d = X[j] - X[i]
            L = np.sqrt(d @ d)
            corr = 0.5 * (L - 1.0) * d / L
            if not pinned[i]:
                X[i] += corr
            if not pinned[j]:
                X[j] -= corr
    return np.sum(X ** 2)


def fem_p1_poisson(f):
    n = f.size
    h = 1.0 / (n + 1)
    main = 2.0 / h * np.ones(n)
    off = -1.0 / h * np.ones(n - 1)
    K = np.diag(main) + np.diag(off, 1) + np.diag(off, -1)
    u = np.linalg.solve(K, h * f)
    return 0.5 * u @ K @ u - h * f @ u


def gather_scatter_average(x):
    nbrs = np.array([[1, 2], [0, 2], [0, 1], [2, 2]])
    y = x.copy()
    y[:] = 0.5 * x + 0.25 * (x[nbrs[:, 0]] + x[nbrs[:, 1]])
    return np.sum(y ** 3)


def element_loop_jacobian(P):
    total = 0.0
    for tri in _TRIS:
        p0, p1, p2 = P[tri[0]], P[tri[1]], P[tri[2]]
        J = np.stack([p1 - p0, p2 - p0], axis=1)
        total += np.linalg.det(J) ** 2 + np.sum(np.linalg.inv(J) ** 2)
    return total


def neo_hookean_triangle(P):
    Dm = np.array([[1.0, 0.0], [0.0, 1.0]])
    Dm_inv = np.linalg.inv(Dm)
    E = 0.0
    for tri in _TRIS:
        Ds = np.column_stack((P[tri[1]] - P[tri[0]], P[tri[2]] - P[tri[0]]))
        F = Ds @ Dm_inv
        J = np.linalg.det(F)
        I1 = np.sum(F * F)
        E += 0.5 * (I1 - 2) - np.log(abs(J)) + 0.5 * np.log(J) ** 2
    return E


def add_at_repeated_index(x):
    out = np.zeros(3)
    idx = np.array([0, 0, 1, 2, 2, 2])
    np.add.at(out, idx, x)
    return np.sum(out ** 2)


def fancy_plus_equals_repeat(x):
    out = np.zeros(3)
    idx = np.array([0, 0, 1, 2, 2, 2])
    out[idx] += x
    return np.sum(out ** 2)


def scatter_with_weights(w, v):
    rows = np.array([0, 1, 1, 2, 0])
    cols = np.array([1, 0, 2, 1, 2])
    A = np.zeros((3, 3))
    A[rows, cols] = w
    A = A + A.T + 3 * np.eye(3)
    return v @ np.linalg.solve(A, v)


def truss_lengths(X, areas):
    bars = np.array([[0, 1], [1, 2], [0, 2]])
    vec = X[bars[:, 1]] - X[bars[:, 0]]
    L = np.hypot(vec[:, 0], vec[:, 1])
    return np.sum(areas * L)


_P = np.array([[0.0, 0.0], [1.0, 0.1], [0.2, 1.0], [1.1, 1.2], [0.6, 2.0]])
_X4 = np.array([[0.0, 0.0], [1.1, 0.0], [0.0, 0.9], [1.0, 1.2]])
CASES = [
    dict(f=assemble_1d_stiffness, args=(np.array([1.0, 2.0, 1.5, 0.8]),)),
    dict(f=assemble_add_at, args=(np.array([1.0, 2.0, 1.5, 0.8]),)),
    dict(f=load_vector_add_at, args=(np.array([1.0, 2.0, 1.5, 0.8]),)),
    dict(f=mass_lumped_bincount, args=(np.array([1.0, 2.0, 1.5, 0.8]),)),
    dict(f=triangle_areas, args=(_P,)),
    dict(f=spring_network_energy, args=(_X4,)),
    dict(f=spring_forces_scatter, args=(_X4,)),
    dict(f=cloth_step, args=(_X4,)),
    dict(f=cloth_pinned, args=(_X4,)),
    dict(f=fem_p1_poisson, args=(np.array([1.0, 0.5, -0.3, 2.0]),)),
    dict(f=gather_scatter_average, args=(np.array([0.5, 1.0, -0.7, 0.3]),)),
    dict(f=element_loop_jacobian, args=(_P,)),
    dict(f=neo_hookean_triangle, args=(_P,)),
    dict(f=add_at_repeated_index, args=(np.arange(1.0, 7.0),)),
    dict(f=fancy_plus_equals_repeat, args=(np.arange(1.0, 7.0),)),
    dict(f=scatter_with_weights, args=(np.array([0.1, 0.2, 0.3, 0.4, 0.5]), np.array([1.0, -1.0, 0.5])), wrt=0, alt=(0, 1)),
    dict(f=truss_lengths, args=(_P[:3], np.array([1.0, 2.0, 0.5])), wrt=0, alt=(0, 1)),
]

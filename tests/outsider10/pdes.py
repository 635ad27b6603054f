"""PDE stencils written with slices: heat, wave, advection, Laplacians, Jacobi sweeps, boundary
conditions set in place."""
import numpy as np


def heat_explicit(u0):
    u = u0.copy()
    r = 0.2
    for _ in range(10):
        u[1:-1] = u[1:-1] + r * (u[2:] - 2 * u[1:-1] + u[:-2])
    return np.sum(u ** 2)


def heat_new_array(u0, kappa):
    u = u0
    for _ in range(8):
        lap = np.zeros_like(u)
        lap[1:-1] = u[2:] - 2 * u[1:-1] + u[:-2]
        u = u + kappa * lap
    return u @ u


def heat_periodic_roll(u, nu):
    for _ in range(10):
        u = u + nu * (np.roll(u, 1) - 2 * u + np.roll(u, -1))
    return np.sum(u * np.arange(u.size))


def wave_two_levels(c):
    n = 10
    x = np.linspace(0, 1, n)
    u_prev = np.sin(np.pi * x)
    u = u_prev.copy()
    for _ in range(12):
        u_next = np.zeros(n)
        u_next[1:-1] = 2 * u[1:-1] - u_prev[1:-1] + c ** 2 * (u[2:] - 2 * u[1:-1] + u[:-2])
        u_prev, u = u, u_next
    return np.sum(u ** 2)


def upwind_advection(u0, a):
    u = u0.copy()
    for _ in range(6):
        u[1:] = u[1:] - a * (u[1:] - u[:-1])
    return np.sum(u * u)


def laplacian_2d(U):
    L = U[2:, 1:-1] + U[:-2, 1:-1] + U[1:-1, 2:] + U[1:-1, :-2] - 4 * U[1:-1, 1:-1]
    return np.sum(L ** 2)


def heat_2d_inplace(U0):
    U = U0.copy()
    for _ in range(4):
        U[1:-1, 1:-1] += 0.1 * (U[2:, 1:-1] + U[:-2, 1:-1] + U[1:-1, 2:] + U[1:-1, :-2] - 4 * U[1:-1, 1:-1])
    return np.sum(U ** 2)


def jacobi_poisson(f):
    n = f.size
    u = np.zeros(n + 2)
    h2 = 1.0 / (n + 1) ** 2
    for _ in range(20):
        u_new = u.copy()
        u_new[1:-1] = 0.5 * (u[:-2] + u[2:] + h2 * f)
        u = u_new
    return np.sum(u)


def gauss_seidel_loop(f):
    n = f.size
    u = np.zeros(n + 2)
    for sweep in range(5):
        for i in range(1, n + 1):
            u[i] = 0.5 * (u[i - 1] + u[i + 1] + 0.01 * f[i - 1])
    return u @ u + u.sum()


def neumann_boundary(u0):
    u = u0.copy()
    for _ in range(6):
        u[0] = u[1]
        u[-1] = u[-2]
        u[1:-1] = u[1:-1] + 0.25 * (u[2:] - 2 * u[1:-1] + u[:-2])
    return np.sum(np.sin(u))


def dirichlet_with_source(u0, s):
    u = u0.copy()
    u[0] = 0.0
    u[-1] = 1.0
    for k in range(5):
        u[1:-1] = 0.5 * (u[:-2] + u[2:]) + s * 0.01
    return np.sum(u ** 3)


def burgers_step(u0):
    u = u0
    dt, dx = 0.01, 0.1
    for _ in range(5):
        flux = 0.5 * u ** 2
        du = np.zeros_like(u)
        du[1:] = -(flux[1:] - flux[:-1]) / dx
        u = u + dt * du
    return np.sum(u ** 2)


def gradient_stencil(u):
    g = np.gradient(u, 0.5)
    return np.sum(g ** 2)


def diff_based_energy(u):
    du = np.diff(u)
    d2u = np.diff(u, n=2)
    return 0.5 * np.sum(du ** 2) + 0.1 * np.sum(d2u ** 2)


def five_point_matrix(u):
    n = u.size
    A = -2 * np.eye(n) + np.eye(n, k=1) + np.eye(n, k=-1)
    return u @ A @ u


def crank_nicolson(u0):
    n = u0.size
    A = -2 * np.eye(n) + np.eye(n, k=1) + np.eye(n, k=-1)
    r = 0.3
    L = np.eye(n) - r / 2 * A
    R = np.eye(n) + r / 2 * A
    u = u0
    for _ in range(4):
        u = np.linalg.solve(L, R @ u)
    return np.sum(u ** 2)


def ghost_cells_pad(u, c):
    for _ in range(5):
        up = np.pad(u, 1, mode="edge")
        u = u + c * (up[2:] - 2 * up[1:-1] + up[:-2])
    return np.sum(u * u)


def strided_red_black(u0):
    u = u0.copy()
    for _ in range(3):
        u[1:-1:2] = 0.5 * (u[0:-2:2] + u[2::2])
        u[2:-1:2] = 0.5 * (u[1:-2:2] + u[3::2])
    return np.sum(u ** 2)


def diffusion_variable_coef(u, k):
    kf = 0.5 * (k[1:] + k[:-1])
    flux = kf * (u[1:] - u[:-1])
    div = np.zeros_like(u)
    div[1:-1] = flux[1:] - flux[:-1]
    return np.sum((u + 0.1 * div) ** 2)


def convolve_stencil(u):
    for _ in range(3):
        u = np.convolve(u, np.array([0.25, 0.5, 0.25]), mode="same")
    return np.sum(u ** 2)


def reaction_diffusion(u0, v0):
    u, v = u0.copy(), v0.copy()
    for _ in range(5):
        lu = np.roll(u, 1) + np.roll(u, -1) - 2 * u
        lv = np.roll(v, 1) + np.roll(v, -1) - 2 * v
        uvv = u * v * v
        u += 0.1 * (0.2 * lu - uvv + 0.05 * (1 - u))
        v += 0.1 * (0.1 * lv + uvv - 0.1 * v)
    return np.sum(v)


def view_update_interior(U0):
    U = U0.copy()
    inner = U[1:-1, 1:-1]
    inner *= 0.5
    inner += 0.1
    return np.sum(U ** 2)


def column_boundary_set(U0):
    U = U0.copy()
    U[:, 0] = U[:, 1]
    U[:, -1] *= 2
    U[0, :] = 0.0
    return np.sum(U * U)


def upwind_where(u, a):
    ap = np.maximum(a, 0)
    am = np.minimum(a, 0)
    flux = np.where(a > 0, u - np.roll(u, 1), np.roll(u, -1) - u)
    return np.sum((u - 0.1 * (ap + am) * flux) ** 2)


def total_variation(u):
    return np.sum(np.sqrt(np.diff(u) ** 2 + 1e-3))


_U0 = np.array([0.0, 0.3, 0.8, 1.0, 0.6, 0.2, 0.1, 0.0])
_U2 = np.arange(30.0).reshape(5, 6) % 7 / 7 + 0.1
CASES = [
    dict(f=heat_explicit, args=(_U0,)),
    dict(f=heat_new_array, args=(_U0, 0.2), wrt=0, alt=1),
    dict(f=heat_periodic_roll, args=(_U0, 0.15), wrt=0, alt=(0, 1)),
    dict(f=wave_two_levels, args=(0.5,)),
    dict(f=upwind_advection, args=(_U0, 0.4), wrt=0, alt=1),
    dict(f=laplacian_2d, args=(_U2,)),
    dict(f=heat_2d_inplace, args=(_U2,)),
    dict(f=jacobi_poisson, args=(np.array([1.0, 2.0, 0.5, -1.0, 0.3]),)),
    dict(f=gauss_seidel_loop, args=(np.array([1.0, 2.0, 0.5, -1.0, 0.3]),)),
    dict(f=neumann_boundary, args=(_U0,)),
    dict(f=dirichlet_with_source, args=(_U0, 2.0), wrt=0, alt=1),
    dict(f=burgers_step, args=(_U0 + 0.5,)),
    dict(f=gradient_stencil, args=(_U0,)),
    dict(f=diff_based_energy, args=(_U0,)),
    dict(f=five_point_matrix, args=(_U0,)),
    dict(f=crank_nicolson, args=(_U0,)),
    dict(f=ghost_cells_pad, args=(_U0, 0.2), wrt=0, alt=1),
    dict(f=strided_red_black, args=(np.linspace(0.1, 1.0, 9),)),
    dict(f=diffusion_variable_coef, args=(_U0, np.linspace(1.0, 2.0, 8)), wrt=0, alt=(0, 1)),
    dict(f=convolve_stencil, args=(_U0,)),
    dict(f=reaction_diffusion, args=(np.full(6, 0.9), np.array([0.1, 0.2, 0.5, 0.3, 0.1, 0.0])), wrt=1, alt=(0, 1)),
    dict(f=view_update_interior, args=(_U2,)),
    dict(f=column_boundary_set, args=(_U2,)),
    dict(f=upwind_where, args=(_U0, np.array([1.0, -1.0, 0.5, -0.2, 0.3, 1.0, -0.5, 0.7])), wrt=0, alt=(0, 1)),
    dict(f=total_variation, args=(_U0,)),
]

"""Buffers as solver code reuses them: names rebound to the same array between iterations,
rotating preallocated time levels, chained assignments, lists of one array repeated, closures
reading a captured name rebound later."""
import numpy as np


def jacobi_rebinding_alias(f):
    n = f.size
    u = np.zeros(n + 2)
    u_new = np.zeros(n + 2)
    for _ in range(6):
        u_new[1:-1] = 0.5 * (u[:-2] + u[2:]) + 0.05 * f
        u = u_new
    return np.sum(u ** 2)


def wave_rotating_buffers(a):
    n = a.size
    u_prev = a.copy()
    u = a.copy()
    u_next = np.zeros(n)
    for _ in range(5):
        u_next[1:-1] = 2 * u[1:-1] - u_prev[1:-1] + 0.2 * (u[2:] - 2 * u[1:-1] + u[:-2])
        u_prev, u, u_next = u, u_next, u_prev
    return np.sum(u ** 2) + np.sum(u_prev)


def two_buffer_swap(a):
    cur = a.copy()
    nxt = np.empty_like(a)
    for _ in range(4):
        nxt[:] = 0.5 * cur + 0.25 * (np.roll(cur, 1) + np.roll(cur, -1))
        cur, nxt = nxt, cur
    return np.sum(cur ** 3)


def chained_assignment_alias(x):
    a = b = np.zeros(3)
    a[0] = x[0]
    a[1] = x[1] ** 2
    return np.sum(b * np.array([1.0, 2.0, 3.0]))


def list_of_one_array(x):
    rows = [np.zeros(2)] * 3
    rows[0][0] = x[0]
    rows[1][1] = x[1]
    return np.sum(np.stack(rows) * np.arange(6.0).reshape(3, 2))


def closure_reads_rebound_name(x):
    scale = 1.0

    def g(z):
        return scale * z
    total = 0.0
    for _ in range(3):
        scale = scale * x[0]
        total = total + np.sum(g(x))
    return total


def closure_defined_in_loop_called_after(x):
    for w in [0.5, 1.0, 2.0]:
        def scaled(z):
            return w * z
    return np.sum(scaled(x) ** 2)


def alias_then_rebind_inplace(x):
    y = x.copy()
    z = y
    y = y * 2
    z += 1.0
    return np.sum(y * z)


def previous_iterate_alias(x0):
    x = x0.copy()
    for _ in range(5):
        x_old = x
        x = x - 0.1 * (x ** 3 - 1.0)
        if np.max(np.abs(x - x_old)) < 1e-12:
            break
    return np.sum(x)


def previous_iterate_inplace(x0):
    x = x0.copy()
    for _ in range(5):
        x_old = x.copy()
        x -= 0.1 * (x ** 3 - 1.0)
        d = x - x_old
    return np.sum(x) + np.sum(d ** 2)


def history_of_inplace_buffer(x0):
    x = x0.copy()
    hist = []
    for _ in range(3):
        x *= 1.5
        hist.append(x.copy())
    return np.sum(np.stack(hist) * np.arange(1.0, 4.0)[:, None])


def history_without_copy(x0):
    x = x0 * 1.0
    hist = []
    for _ in range(3):
        x = x * 1.5
        hist.append(x)
    return np.sum(np.stack(hist) * np.arange(1.0, 4.0)[:, None])


def dict_state_buffers(x):
    state = {"u": x.copy(), "tmp": np.zeros_like(x)}
    for _ in range(3):
        state["tmp"][:] = state["u"] ** 2 * 0.5
        state["u"], state["tmp"] = state["tmp"], state["u"]
    return np.sum(state["u"])


def row_view_store_in_loop(x):
    M = np.zeros((3, 2))
    for i in range(3):
        row = M[i]
        row[:] = x * (i + 1)
    return np.sum(M ** 2)


_X = np.array([0.5, -0.3, 1.2, 0.8])
CASES = [
    dict(f=jacobi_rebinding_alias, args=(_X,)),
    dict(f=wave_rotating_buffers, args=(np.array([0.0, 0.3, 0.8, 1.0, 0.6, 0.0]),)),
    dict(f=two_buffer_swap, args=(_X,)),
    dict(f=chained_assignment_alias, args=(_X,)),
    dict(f=list_of_one_array, args=(_X,)),
    dict(f=closure_reads_rebound_name, args=(_X,)),
    dict(f=closure_defined_in_loop_called_after, args=(_X,)),
    dict(f=alias_then_rebind_inplace, args=(_X,)),
    dict(f=previous_iterate_alias, args=(_X,)),
    dict(f=previous_iterate_inplace, args=(_X,)),
    dict(f=history_of_inplace_buffer, args=(_X,)),
    dict(f=history_without_copy, args=(_X,)),
    dict(f=dict_state_buffers, args=(_X,)),
    dict(f=row_view_store_in_loop, args=(np.array([0.5, -0.3]),)),
]

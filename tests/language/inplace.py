"""In-place updates of arrays made in the function: element, row, slice, mask, index stores."""

import numpy as np


# -- y[i] = v --------------------------------------------------------------------------------
def store_elem_top(x):
    y = np.zeros_like(x)
    y[0] = x[1] * x[2]
    y[2] = np.sin(x[0])
    return np.sum(y * x)


def store_elem_loop(x):
    y = x * 1.0
    for i in range(1, x.shape[0]):
        y[i] = y[i - 1] * x[i] + 0.1
    return np.sum(y)


def store_elem_branch(x):
    y = np.tanh(x)
    if x[0] > 0.0:
        y[1] = x[0] * x[0]
    else:
        y[0] = y[1] * 2.0
    return np.sum(y * y)


def _set_first(x, v):
    y = x * 2.0
    y[0] = v * v
    return y


def store_elem_call(x):
    return np.sum(np.sin(_set_first(x, x[2])))


# -- y[i, :] += v ----------------------------------------------------------------------------
def row_add_top(X, v):
    Y = X * 1.0
    Y[1, :] += v
    Y[:, 0] += np.sin(v[0])
    return np.sum(Y * Y)


def row_add_loop(X, v):
    Y = np.zeros_like(X)
    for i in range(X.shape[0]):
        Y[i, :] += v * X[i, 0]
        Y[i, :] += np.tanh(X[i, :])
    return np.sum(Y ** 2)


def row_add_branch(X, v):
    Y = X * X
    if np.sum(v) > 0.0:
        Y[0, :] += v
    else:
        Y[-1, :] += v * 2.0
    return np.sum(np.sin(Y))


def _add_row(X, i, v):
    Y = X + 0.0
    Y[i, :] += v * v
    return Y


def row_add_call(X, v):
    return np.sum(_add_row(X, 1, v) * X)


# -- slice stores -------------------------------------------------------------------------------
def slice_store_top(x):
    y = x * 1.0
    y[1:3] = 0.5 * y[1:3]
    y[3:] = np.sin(x[:2])
    return np.sum(y * y)


def slice_store_loop(x):
    y = x * x
    for k in range(3):
        y[1:3] = y[1:3] * 0.5 + y[0:2]
    return np.sum(y)


def slice_store_branch(x):
    y = np.cos(x)
    if x[0] > 0.0:
        y[:2] = x[2:4]
    else:
        y[2:] = y[:2] * x[:2]
    return np.sum(y * x)


def _halve_middle(x):
    y = x * 1.0
    y[1:-1] = y[1:-1] * 0.5 + 0.1
    return y


def slice_store_call(x):
    return np.sum(_halve_middle(x) ** 2)


# -- mask stores ----------------------------------------------------------------------------
def mask_store_top(x):
    y = x * 2.0
    y[y > 1.0] = 0.0
    return np.sum(y * x)


def mask_store_loop(x):
    y = x * 1.0
    for k in range(2):
        y = y * 1.5
        y[y < -0.5] = 0.0
    return np.sum(y * y)


def mask_store_branch(x):
    y = np.sin(x)
    if np.sum(x) > 0.0:
        y[x > 0.5] = 0.0
    else:
        y[x < 0.0] = x[x < 0.0] * 2.0
    return np.sum(y * x)


def _relu_copy(x):
    y = x.copy()
    y[y < 0.0] = 0.0
    return y


def mask_store_call(x):
    return np.sum(_relu_copy(x) * x)


# -- integer-array index updates --------------------------------------------------------------
def index_mul_top(x):
    y = x * 1.0
    y[[0, 2]] *= 2.0
    return np.sum(y * y)


def index_mul_loop(x):
    y = x * 1.0
    idx = np.array([1, 3])
    for k in range(2):
        y[idx] *= 2.0
        y = y + x
    return np.sum(y * x)


def index_mul_branch(x):
    y = np.sin(x)
    if x[0] > 0.0:
        y[[1, 2]] *= x[0]
    else:
        y[[0, 3]] *= 3.0
    return np.sum(y)


def _double_at(x, idx):
    y = x * x
    y[idx] *= 2.0
    return y


def index_mul_call(x):
    return np.sum(_double_at(x, np.array([0, 1])) * x)


# -- the prefix-scan pattern ------------------------------------------------------------------
def scan_top(x, a):
    y = np.zeros_like(x)
    y[0] = x[0]
    for i in range(x.shape[0] - 1):
        y[i + 1] = y[i] * a + x[i + 1]
    return np.sum(y * y)


def scan_loop(X, a):
    total = 0.0
    for row in X:
        y = row * 1.0
        for i in range(1, y.shape[0]):
            y[i] = y[i - 1] * a + row[i]
        total = total + np.sum(np.sin(y))
    return total


def scan_branch(x, a):
    y = x * 1.0
    if a > 0.0:
        for i in range(1, x.shape[0]):
            y[i] = y[i - 1] * a + x[i]
    else:
        for i in range(x.shape[0] - 2, -1, -1):
            y[i] = y[i + 1] * a + x[i]
    return np.sum(y * y)


def _cumulative(x, a):
    y = np.zeros_like(x)
    acc = 0.0
    for i in range(x.shape[0]):
        acc = acc * a + x[i]
        y[i] = acc
    return y


def scan_call(x, a):
    return np.sum(_cumulative(x, a) ** 2)


# -- a callee's `p -= ...` on an array its caller made and never reads again ---------------------
def _correct(v, w, rate=0.5):
    v -= rate * np.sin(w)
    v *= 0.9
    return v


def callee_update_top(x):
    y = np.tanh(x)
    z = _correct(y, x)
    return np.sum(z * z) + np.sum(y_dead_after(x))


def y_dead_after(x):
    y = x * 2.0
    _correct(y, x, 0.1)
    return x * x


def callee_update_loop(x):
    for k in range(3):
        y = np.sin(x) * x
        x = _correct(y, np.cos(x), 0.3 * k)
    return np.sum(x * x)


def callee_update_branch(x):
    y = np.exp(x * 0.5)
    if np.sum(x) > 0.0:
        z = _correct(y, x)
    else:
        z = _correct(y, x * x, 0.2)
    return np.sum(z * x)


def _project(vx, vy):
    p = 0.25 * (np.roll(vx, 1) - np.roll(vy, -1))
    vx -= p
    vy += p
    return vx, vy


def _step(vx, vy):
    ax = vx * np.cos(vy)
    ay = vy * np.sin(vx)
    vx, vy = _project(ax, ay)
    return vx, vy


def callee_update_call(x):
    vx, vy = x, x[::-1] * 1.0
    for k in range(2):
        vx, vy = _step(vx, vy)
    return np.sum(vx * vy)


from .case import Case, arr, vec  # noqa: E402

CASES = [
    Case(store_elem_top, "y[i] = v", "top", ((arr(3, seed=100),),)),
    Case(store_elem_loop, "y[i] = v", "loop", ((arr(4, seed=101),),)),
    Case(store_elem_branch, "y[i] = v", "branch", ((vec(0.3, 0.2, 0.1),), (vec(-0.3, 0.2, 0.1),))),
    Case(store_elem_call, "y[i] = v", "call", ((arr(3, seed=102),),)),
    Case(row_add_top, "y[i, :] += v", "top", ((arr(3, 2, seed=103), arr(2, seed=104)),), (0, 1)),
    Case(row_add_loop, "y[i, :] += v", "loop", ((arr(3, 2, seed=105), arr(2, seed=106)),), (0, 1)),
    Case(row_add_branch, "y[i, :] += v", "branch",
         ((arr(3, 2, seed=107), vec(0.3, 0.2)), (arr(3, 2, seed=107), vec(-0.3, 0.2))), (0, 1)),
    Case(row_add_call, "y[i, :] += v", "call", ((arr(3, 2, seed=108), arr(2, seed=109)),), (0, 1)),
    Case(slice_store_top, "y[1:3] = ...", "top", ((arr(5, seed=110),),)),
    Case(slice_store_loop, "y[1:3] = ...", "loop", ((arr(4, seed=111),),)),
    Case(slice_store_branch, "y[1:3] = ...", "branch", ((vec(0.3, 0.2, 0.1, 0.4),), (vec(-0.3, 0.2, 0.1, 0.4),))),
    Case(slice_store_call, "y[1:3] = ...", "call", ((arr(5, seed=112),),)),
    Case(mask_store_top, "y[mask] = 0", "top", ((vec(0.3, 0.7, -0.2, 0.9),),)),
    Case(mask_store_loop, "y[mask] = 0", "loop", ((vec(0.3, -0.4, -0.1, 0.9),),)),
    Case(mask_store_branch, "y[mask] = 0", "branch", ((vec(0.3, 0.7, -0.2),), (vec(-0.3, 0.2, -0.6),))),
    Case(mask_store_call, "y[mask] = 0", "call", ((vec(0.3, -0.7, 0.2),),)),
    Case(index_mul_top, "y[idx] *= 2", "top", ((arr(4, seed=113),),)),
    Case(index_mul_loop, "y[idx] *= 2", "loop", ((arr(4, seed=114),),)),
    Case(index_mul_branch, "y[idx] *= 2", "branch", ((vec(0.3, 0.2, 0.1, 0.4),), (vec(-0.3, 0.2, 0.1, 0.4),))),
    Case(index_mul_call, "y[idx] *= 2", "call", ((arr(3, seed=115),),)),
    Case(scan_top, "prefix scan", "top", ((arr(4, seed=116), 0.7),), (0, 1)),
    Case(scan_loop, "prefix scan", "loop", ((arr(2, 4, seed=117), 0.7),), (0, 1)),
    Case(scan_branch, "prefix scan", "branch", ((arr(4, seed=118), 0.7), (arr(4, seed=118), -0.6)), (0, 1)),
    Case(scan_call, "prefix scan", "call", ((arr(4, seed=119), 0.8),), (0, 1)),
    Case(callee_update_top, "callee updates a fresh argument", "top", ((arr(3, seed=120),),)),
    Case(callee_update_loop, "callee updates a fresh argument", "loop", ((arr(3, seed=121),),)),
    Case(callee_update_branch, "callee updates a fresh argument", "branch",
         ((vec(0.3, 0.2, 0.1),), (vec(-0.3, 0.2, -0.4),))),
    Case(callee_update_call, "callee updates a fresh argument", "call", ((arr(4, seed=122),),)),
]

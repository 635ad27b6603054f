"""Scientific code written the way it comes out at the end of a long day: the idioms of the other
themes combined inside one function, plus the conversions people reach for (float(), .item(),
int indices computed from data, divmod, sum with a start)."""
import math

import numpy as np


def float_cast_then_math(x):
    a = float(x[0])
    b = x[1].item()
    return math.exp(a) * b + np.sum(x)


def sum_with_start(x):
    return sum([x[0] ** 2, x[1], x[2] * x[0]], 1.0)


def divmod_index(x):
    q, r = divmod(7, 3)
    return x[q] * x[r] + x[q + r] ** 2


def index_from_argmax(x):
    i = int(np.argmax(x))
    return x[i] ** 2 + x[(i + 1) % len(x)]


def dict_of_arrays_aug(x):
    state = {"pos": np.zeros(2), "vel": x.copy()}
    for _ in range(3):
        state["vel"] *= 0.9
        state["pos"] += 0.1 * state["vel"]
    return np.sum(state["pos"] ** 2)


def list_plus_equals(x):
    parts = []
    for k in range(3):
        parts += [x[k] * k]
    return sum(parts) + parts[-1] ** 2


def transposed_1d(x, A):
    return x.T @ A.T @ x


def abs_max_builtins_on_arrays(x):
    return abs(x).sum() + max(np.sum(x), 0.0) + min(x[0], x[1])


def rk4_closure_over_param_dict(p):
    params = {"k": p[0], "c": p[1]}

    def rhs(y):
        return np.array([y[1], -params["k"] * y[0] - params["c"] * y[1]])
    y = np.array([1.0, 0.0])
    for _ in range(8):
        k1 = rhs(y)
        k2 = rhs(y + 0.05 * k1)
        k3 = rhs(y + 0.05 * k2)
        k4 = rhs(y + 0.1 * k3)
        y = y + 0.1 / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    return y[0]


def stencil_with_view_alias(u0):
    u = u0.copy()
    inner = u[1:-1]
    left = u[:-2]
    for _ in range(3):
        inner += 0.1 * (left - inner)
    return np.sum(u ** 2)


def copy_then_column_scale(X):
    Y = X.copy()
    Y[:, 0] *= 2
    Y[:, 1] = Y[:, 1] - Y[:, 0]
    return np.sum(Y @ Y.T)


def mask_from_data_then_mean(x):
    keep = np.abs(x) < 1.0
    return np.mean(x[keep] ** 2) + keep.sum() * x[0]


def while_break_else(x):
    k = 0
    s = x
    while k < 10:
        s = s * 0.8 + 0.1
        if np.max(np.abs(s)) < 1e-6:
            break
        k += 1
    else:
        s = s + 1.0
    return np.sum(s ** 2)


def reversed_enumerate_backsub(b):
    U = np.array([[2.0, 1.0, 0.5], [0.0, 1.5, 0.3], [0.0, 0.0, 1.2]])
    n = len(b)
    x = np.zeros(n)
    for i in reversed(range(n)):
        x[i] = (b[i] - U[i, i + 1:] @ x[i + 1:]) / U[i, i]
    return np.sum(x ** 2)


def forward_sub_list(b):
    L = np.array([[2.0, 0.0, 0.0], [1.0, 1.5, 0.0], [0.5, 0.3, 1.2]])
    x = []
    for i in range(len(b)):
        s = b[i]
        for j in range(i):
            s = s - L[i, j] * x[j]
        x.append(s / L[i, i])
    return sum(v * v for v in x)


def cholesky_by_hand(A):
    n = A.shape[0]
    L = np.zeros_like(A)
    for i in range(n):
        for j in range(i + 1):
            s = A[i, j] - L[i, :j] @ L[j, :j]
            if i == j:
                L[i, j] = np.sqrt(s)
            else:
                L[i, j] = s / L[j, j]
    return np.sum(np.log(np.diag(L)))


def gram_schmidt(V):
    Q = []
    for v in V:
        w = v.copy()
        for q in Q:
            w = w - (q @ v) * q
        Q.append(w / np.linalg.norm(w))
    Q = np.array(Q)
    return np.sum(Q[1] * np.arange(3.0)) + Q[2, 0]


def sorted_by_key_weights(x):
    items = list(zip(x, [3.0, 1.0, 2.0]))
    items.sort(key=lambda t: t[1])
    return sum(w * v ** 2 for v, w in items[:2])


def nested_function_default_capture(x):
    scale = 2.0

    def g(v, s=scale):
        return s * v ** 2
    scale = 5.0
    return np.sum(g(x)) + scale


def generator_expression_max(x):
    return max((v - 0.5) ** 2 for v in x) + sum(abs(v) for v in x)


def swap_via_tuple_arrays(A):
    B = A.copy()
    B[0], B[1] = B[1].copy(), B[0].copy()
    return np.sum(B * np.arange(B.size).reshape(B.shape))


def ode_with_list_history_and_stack(k):
    y = np.array([1.0, 0.5])
    hist = [y]
    for _ in range(5):
        y = y + 0.1 * np.array([-k * y[0], k * y[0] - y[1]])
        hist.append(y)
    H = np.stack(hist, axis=1)
    return np.sum(H[1] ** 2)


def implicit_euler_newton_vector(lam):
    y = np.array([1.0, 0.5])
    for _ in range(4):
        z = y.copy()
        for _ in range(3):
            g = z - y + 0.1 * lam * z ** 3
            J = np.diag(1 + 0.3 * lam * z ** 2)
            z = z - np.linalg.solve(J, g)
        y = z
    return np.sum(y)


def huber_branch_scalar_loop_with_continue(r):
    total = 0.0
    for v in r:
        if abs(v) < 0.1:
            continue
        a = abs(v)
        total += 0.5 * v * v if a < 1 else a - 0.5
    return total


def inplace_pow_and_div(x):
    y = x.copy()
    y **= 2
    y /= 1 + y.sum()
    y -= y.mean()
    return np.sum(y ** 2)


def int_power_and_negative_index(x):
    return x[-1] ** 3 + x[-2] ** -1 + 2 ** x[0]


def kwargs_into_kernel(x):
    def kernel(a, b, **kw):
        ell = kw.get("ell", 1.0)
        return np.exp(-(a - b) ** 2 / ell)
    return np.sum(kernel(x[:, None], x[None, :], ell=0.5))


def scalar_array_0d(x):
    s = np.array(0.0)
    for v in x:
        s = s + v ** 2
    return float(s) + s


def mean_of_list_of_arrays(x):
    arrs = [x, 2 * x, x ** 2]
    return np.mean(arrs) + np.sum(np.mean(arrs, axis=0))


def np_float32_scalar_const(x):
    return np.sum(x * np.float32(1.5) + np.float64(0.1) * x ** 2)


def cloth_add_at_negated(X):
    edges = np.array([[0, 1], [1, 3], [3, 2], [2, 0], [0, 3]])
    d = X[edges[:, 1]] - X[edges[:, 0]]
    L = np.linalg.norm(d, axis=1, keepdims=True)
    f = (L - 1.0) * d / L
    F = np.zeros_like(X)
    np.add.at(F, edges[:, 0], f)
    np.add.at(F, edges[:, 1], -f)
    return np.sum(F ** 2)


def normalise_rows_in_loop(X0):
    X = X0.copy()
    for i, row in enumerate(X):
        X[i] = row / np.linalg.norm(row)
    return np.sum(X * np.arange(X.size).reshape(X.shape))


def masked_power_update(x):
    y = x.copy()
    y[y > 0] **= 2
    return np.sum(y * np.arange(1.0, y.size + 1))


def strided_plus_equals(x):
    y = x.copy()
    y[::2] += y[1::2]
    return np.sum(y ** 2)


def reshape_view_store(A):
    B = A.copy()
    flat = B.reshape(-1)
    flat[0] = flat[1] * 2
    return np.sum(B ** 2)


def diag_gather(A):
    i = np.arange(A.shape[0])
    return np.sum(A[i, i] ** 2) + np.sum(A[i, i[::-1]])


def method_calls(x):
    return x.max() + x.clip(0).sum() + x.mean() * x.std() + x.prod() + x.dot(x)


def list_insert_then_stack(x):
    rows = []
    for k in range(3):
        rows.insert(0, x * (k + 1))
    return np.sum(np.stack(rows)[0] * x)


def zip_list_with_its_tail(x):
    xs = list(x)
    return sum((b - a) ** 2 for a, b in zip(xs, xs[1:]))


def dict_get_default(x):
    cfg = {"scale": 2.0}
    w = cfg.get("w", x * 0.5)
    return np.sum(cfg["scale"] * w ** 2)


def view_of_argument_rebound(x):
    y = x[:]
    y = y * 2
    return np.sum(y ** 2) + x[0]


def while_norm_tolerance(b):
    x = np.zeros_like(b)
    k = 0
    while np.linalg.norm(x - b * 0.5 - 0.1 * np.sin(x)) > 1e-10 and k < 100:
        x = b * 0.5 + 0.1 * np.sin(x)
        k += 1
    return np.sum(x ** 2)


def cumsum_reversed_slice(x):
    c = np.cumsum(x)[::-1]
    return c @ np.arange(1.0, x.size + 1)


def chained_slices(X):
    return np.sum(X[1:][0] ** 2) + np.sum(X[:, None][0] * 3) + X[-1][-1]


def min_with_key(x):
    pts = [x[:2], x[2:4], x[4:]]
    best = min(pts, key=lambda p: float(np.sum(p ** 2)))
    return np.sum(best ** 2) + np.sum(x)


_X = np.array([0.5, -0.3, 1.2])
_A = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])
CASES = [
    dict(f=float_cast_then_math, args=(_X,)),
    dict(f=sum_with_start, args=(_X,)),
    dict(f=divmod_index, args=(np.arange(1.0, 6.0),)),
    dict(f=index_from_argmax, args=(_X,)),
    dict(f=dict_of_arrays_aug, args=(np.array([1.0, -2.0]),)),
    dict(f=list_plus_equals, args=(_X,)),
    dict(f=transposed_1d, args=(_X, _A), wrt=0, alt=(0, 1)),
    dict(f=abs_max_builtins_on_arrays, args=(_X,)),
    dict(f=rk4_closure_over_param_dict, args=(np.array([4.0, 0.3]),)),
    dict(f=stencil_with_view_alias, args=(np.array([0.0, 0.5, 1.0, 0.3, 0.2]),)),
    dict(f=copy_then_column_scale, args=(_A,)),
    dict(f=mask_from_data_then_mean, args=(np.array([0.5, -0.3, 1.2, 0.7]),)),
    dict(f=while_break_else, args=(_X,)),
    dict(f=reversed_enumerate_backsub, args=(_X,)),
    dict(f=forward_sub_list, args=(_X,)),
    dict(f=cholesky_by_hand, args=(_A,)),
    dict(f=gram_schmidt, args=(_A,)),
    dict(f=sorted_by_key_weights, args=(_X,)),
    dict(f=nested_function_default_capture, args=(_X,)),
    dict(f=generator_expression_max, args=(_X,)),
    dict(f=swap_via_tuple_arrays, args=(_A,)),
    dict(f=ode_with_list_history_and_stack, args=(0.7,)),
    dict(f=implicit_euler_newton_vector, args=(1.5,)),
    dict(f=huber_branch_scalar_loop_with_continue, args=(np.array([0.5, 0.04, -1.5, 0.8]),)),
    dict(f=inplace_pow_and_div, args=(_X,)),
    dict(f=int_power_and_negative_index, args=(np.array([0.5, 2.0, 1.2]),)),
    dict(f=kwargs_into_kernel, args=(_X,)),
    dict(f=scalar_array_0d, args=(_X,)),
    dict(f=mean_of_list_of_arrays, args=(_X,)),
    dict(f=np_float32_scalar_const, args=(_X,)),
    dict(f=cloth_add_at_negated, args=(np.array([[0.0, 0.0], [1.1, 0.0], [0.0, 0.9], [1.0, 1.2]]),)),
    dict(f=normalise_rows_in_loop, args=(_A,)),
    dict(f=masked_power_update, args=(np.array([0.5, -0.3, 1.2, -0.8]),)),
    dict(f=strided_plus_equals, args=(np.arange(1.0, 7.0),)),
    dict(f=reshape_view_store, args=(_A,)),
    dict(f=diag_gather, args=(_A,)),
    dict(f=method_calls, args=(np.array([0.5, -0.3, 1.2, 0.9]),)),
    dict(f=list_insert_then_stack, args=(_X,)),
    dict(f=zip_list_with_its_tail, args=(_X,)),
    dict(f=dict_get_default, args=(_X,)),
    dict(f=view_of_argument_rebound, args=(_X,)),
    dict(f=while_norm_tolerance, args=(_X,)),
    dict(f=cumsum_reversed_slice, args=(_X,)),
    dict(f=chained_slices, args=(_A,)),
    dict(f=min_with_key, args=(np.array([0.5, -0.3, 1.2, 0.9, 0.1, 0.2]),)),
]

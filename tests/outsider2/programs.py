"""Programs written the way NumPy users write them, for the second outsider round.

A plain module (no test machinery) so that `s2sgrad emit` can read it.
"""
import math
import functools
from collections import namedtuple
from dataclasses import dataclass

import numpy as np

import s2sgrad

SCALE = 2.5
WEIGHTS = np.array([0.5, -1.0, 2.0])
COEFFS = [0.3, -1.2, 0.7, 2.0]

Params = namedtuple("Params", ["W", "b"])


@dataclass
class Layer:
    W: np.ndarray
    b: np.ndarray


# ---------------------------------------------------------------- models
def mlp_params_list(params, X, y):
    h = X
    for W, b in params[:-1]:
        h = np.tanh(h @ W + b)
    W, b = params[-1]
    out = h @ W + b
    return np.mean((out[:, 0] - y) ** 2)


def mlp_dict(p, X, y):
    h = np.maximum(0.0, X @ p["W1"] + p["b1"])
    out = h @ p["W2"] + p["b2"]
    return 0.5 * np.sum((out.ravel() - y) ** 2) + 1e-2 * sum(np.sum(v ** 2) for v in p.values())


def softmax_xent(W, X, labels):
    logits = X @ W
    m = np.max(logits, axis=1, keepdims=True)
    z = logits - m
    logp = z - np.log(np.sum(np.exp(z), axis=1, keepdims=True))
    n = X.shape[0]
    return -np.mean(logp[np.arange(n), labels])


def namedtuple_reg(p, X, y):
    pred = X @ p.W + p.b
    return np.mean((pred - y) ** 2)


def dataclass_layers(layers, x):
    h = x
    for layer in layers:
        h = np.tanh(layer.W @ h + layer.b)
    return np.sum(h ** 2)


def enumerate_params(params, x):
    h = x
    for i, (W, b) in enumerate(params):
        h = W @ h + b
        if i < len(params) - 1:
            h = np.tanh(h)
    return np.sum(h)


def rnn(Wh, Wx, xs, h0):
    h = h0
    hs = []
    for t in range(len(xs)):
        h = np.tanh(Wh @ h + Wx @ xs[t])
        hs.append(h)
    H = np.stack(hs)
    return np.sum(H[-1] ** 2) + 0.1 * np.sum(H)


def attention(Q, K, V):
    d = Q.shape[-1]
    s = Q @ K.T / np.sqrt(d)
    s = s - s.max(axis=-1, keepdims=True)
    a = np.exp(s)
    a = a / a.sum(axis=-1, keepdims=True)
    return np.sum((a @ V) ** 2)


def layernorm(x, gamma, beta):
    mu = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    xh = (x - mu) / np.sqrt(var + 1e-5)
    return np.sum(np.sin(gamma * xh + beta))


def huber(r, delta):
    a = np.abs(r)
    q = np.where(a <= delta, 0.5 * r ** 2, delta * (a - 0.5 * delta))
    return np.sum(q)


def logistic_loss(w, X, y):
    z = X @ w
    return np.mean(np.logaddexp(0.0, -y * z)) + 0.01 * w @ w


def column_weight_bug(w, X, y):
    # w has shape (d, 1), y has shape (n,): the residual broadcasts to (n, n)
    r = X @ w - y
    return np.mean(r ** 2)


def gp_kernel(ls, x, y):
    n = x.shape[0]
    K = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            K[i, j] = np.exp(-0.5 * (x[i] - x[j]) ** 2 / ls ** 2)
    K += 1e-1 * np.eye(n)
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(L.T, np.linalg.solve(L, y))
    return 0.5 * y @ alpha + np.sum(np.log(np.diag(L)))


def gauss_nll(S, x):
    sign, logdet = np.linalg.slogdet(S)
    return 0.5 * logdet + 0.5 * x @ np.linalg.inv(S) @ x


def det_solve(A, b):
    x = np.linalg.solve(A, b)
    return np.sum(x ** 2) + np.linalg.det(A)


def norms(x, A):
    return np.linalg.norm(x) + np.linalg.norm(A, "fro") + np.sum(np.linalg.norm(A, axis=1))


def einsum_bilinear(x, A, y):
    return np.einsum("i,ij,j->", x, A, y) + np.einsum("ij,ij->", A, A)


def gram_trace(X):
    G = X.T @ X
    return np.trace(G @ G) / np.linalg.norm(X) ** 2


# ---------------------------------------------------------------- arrays filled in place
def fill_loop(x):
    n = x.shape[0]
    out = np.zeros(n)
    for i in range(n):
        out[i] = np.sin(x[i]) * x[(i + 1) % n]
    return np.sum(out ** 2)


def eye_rotation(t, v):
    R = np.eye(2)
    R[0, 0] = np.cos(t)
    R[0, 1] = -np.sin(t)
    R[1, 0] = np.sin(t)
    R[1, 1] = np.cos(t)
    return np.sum((R @ v) ** 3)


def prefix_scan(x, a):
    out = np.empty_like(x)
    out[0] = x[0]
    for i in range(1, x.shape[0]):
        out[i] = out[i - 1] * a + x[i]
    return np.sum(out ** 2)


def overlap_iadd(x):
    y = x.copy()
    y[1:] += y[:-1]
    return np.sum(y ** 2)


def imul_power(x):
    y = np.ones_like(x)
    for k in range(3):
        y *= x
    return np.sum(y)


def slice_imul(x):
    y = x * 2.0
    y[1:3] *= x[0]
    y[-1] -= y[0]
    return np.sum(y ** 2)


def alias_store(x):
    a = x * 1.0
    b = a
    b[0] = 3.0 * x[1]
    return np.sum(a ** 2)


def transpose_view_store(X):
    Y = X.copy()
    Yt = Y.T
    Yt[0, 1] = 5.0 * X[0, 0]
    return np.sum(Y * X)


def strided_view_imul(x):
    y = x * 2.0
    v = y[::2]
    v *= 3.0
    return np.sum(y ** 2)


def row_view_then_store(X):
    M = X * 1.0
    r = M[0]
    M[0] = 0.0
    return np.sum(r * X[1]) + np.sum(M ** 2)


def tuple_swap_items(x):
    a = x * 1.0
    a[0], a[1] = a[1], a[0]
    return np.sum(a * WEIGHTS)


def fancy_swap(x):
    a = x * 1.0
    a[[0, 1]] = a[[1, 0]]
    return np.sum(a * WEIGHTS)


def repeated_fancy_iadd(x):
    y = np.zeros(3)
    y[[0, 0, 1]] += x[:3]
    return np.sum(y * WEIGHTS) + np.sum(y ** 2)


def repeated_fancy_read(x):
    return np.sum(x[[0, 0, 1]] * WEIGHTS) + np.sum(x[np.array([2, 2, 2])])


def add_at(x, idx):
    acc = np.zeros(3)
    np.add.at(acc, idx, x)
    return np.sum(acc ** 2)


def bool_mask(x):
    pos = x[x > 0]
    x2 = x.copy()
    x2[x2 < 0] = 0.1 * x2[x2 < 0]
    return np.sum(pos ** 2) + np.sum(x2 ** 3)


def int_indexing(X):
    return X[2, 1] * np.sum(X[:, 1]) + np.sum(X[-1] ** 2) + X[[0, 1], [1, 2]].sum()


def reshape_view_store(x):
    y = x * 1.0
    z = y.reshape(2, 3)
    z[0] *= 2.0
    return np.sum(y ** 2)


def ravel_buffer(X):
    flat = (X * 1.0).ravel()
    flat[::2] = np.tanh(flat[::2])
    return np.sum(flat * flat)


def list_of_arrays_store(xs):
    ys = [x * 1.0 for x in xs]
    ys[0][0] = ys[1][1]
    return sum(np.sum(y ** 2) for y in ys)


# ---------------------------------------------------------------- callables
def lambda_act(W, x):
    act = lambda z: z * np.tanh(z)
    return np.sum(act(W @ x))


def _layer(x, W, act):
    return act(W @ x)


def passed_function(W, x):
    h = _layer(x, W, np.tanh)
    return np.sum(_layer(h, W, np.sin))


def _scaled_loss(w, X, y, reg):
    return np.mean((X @ w - y) ** 2) + reg * np.sum(w ** 2)


def partial_inside(w, X, y):
    loss = functools.partial(_scaled_loss, reg=0.1)
    return loss(w, X, y) + loss(2.0 * w, X, y)


def make_loss(X, y):
    def loss(w):
        return np.mean(np.tanh(X @ w - y) ** 2)
    return loss


class Model:
    def __init__(self, X, y):
        self.X = X
        self.y = y

    def predict(self, w):
        return np.tanh(self.X @ w)

    def loss(self, w):
        return np.mean((self.predict(w) - self.y) ** 2)


class Poly:
    def __init__(self, c):
        self.c = c

    def __call__(self, x):
        return self.c[0] + self.c[1] * x + self.c[2] * x ** 2


POLY = Poly([0.5, -1.0, 0.3])


def call_object(x):
    return np.sum(POLY(x) ** 2)


def nested_def_closure(x, s):
    k = s * 2.0

    def g(v):
        return np.sin(v) * k

    return np.sum(g(x) + g(x * s))


def apply_list_of_fns(x):
    fns = [np.sin, np.cos, lambda v: v ** 2]
    total = 0.0
    for fn in fns:
        total = total + np.sum(fn(x))
    return total


# ---------------------------------------------------------------- control flow
def newton_sqrt(a):
    y = a
    while abs(y * y - a) > 1e-12:
        y = 0.5 * (y + a / y)
    return y


def early_return(x):
    if np.sum(x) > 0:
        return np.sum(x ** 2)
    y = np.exp(x)
    return np.sum(y)


def break_continue(X, w):
    total = 0.0
    for row in X:
        s = row @ w
        if s < -1.0:
            continue
        total = total + np.tanh(s)
        if total > 1.5:
            break
    return total


def try_except(x):
    try:
        y = np.log(x)
    except FloatingPointError:
        y = x
    return np.sum(y)


def power_rec(x, n):
    if n == 0:
        return 1.0
    return x * power_rec(x, n - 1)


def call_power_rec(x):
    return np.sum(power_rec(x, 4))


def fixed_point(x):
    y = np.zeros_like(x)
    it = 0
    while True:
        y_new = 0.5 * np.cos(y) + x
        it += 1
        if np.max(np.abs(y_new - y)) < 1e-13 or it > 200:
            y = y_new
            break
        y = y_new
    return np.sum(y)


def fib_swap(a, b):
    for _ in range(5):
        a, b = b, a * b + 0.1
    return b


def starred(xs):
    first, *rest = xs
    return first * sum(rest)


def cond_expr(x):
    y = x * x if x > 0 else -x
    z = math.exp(y) if y < 10 else y
    return z


def euler_ode(k, state0):
    pos, vel = state0
    dt = 0.05
    for _ in range(20):
        acc = -k * pos - 0.1 * vel
        pos, vel = pos + dt * vel, vel + dt * acc
    return pos ** 2 + vel


def kalman_cov(A, P0, Q):
    P = P0
    for _ in range(4):
        P = A @ P @ A.T + Q
    return np.trace(P)


def horner(x):
    acc = 0.0
    for c in COEFFS:
        acc = acc * x + c
    return acc


def soft_kmeans(x, centers):
    return min(np.sum((x - c) ** 2) for c in centers) + 0.1 * max(np.sum(c) for c in centers)


def list_comp_zip(ws, xs):
    return np.sum(sum([w * v for w, v in zip(ws, xs)]))


def dict_items_decay(p):
    reg = 0.0
    for name, v in p.items():
        if name.startswith("W"):
            reg = reg + np.sum(v ** 2)
    return reg


def scalar_builtins(a, b, c):
    return max(a, b) * abs(c) + min(a * c, b) + abs(a - b)


def math_funcs(t):
    return math.exp(-t) * math.sin(3.0 * t) + math.log1p(t * t) + math.sqrt(t) + math.atan2(t, 2.0)


def reversed_loop(xs):
    acc = 0.0
    for i, x in reversed(list(enumerate(xs))):
        acc = acc * 0.9 + i * x
    return acc


def float_conversion(x):
    s = float(x[0])
    return math.sin(s) * x[1]


# ---------------------------------------------------------------- numpy functions
def where_max_clip(x):
    a = np.where(x > 0.5, x ** 2, np.sin(x))
    b = np.maximum(x, 0.2 * x)
    c = np.clip(x, -0.7, 0.7)
    return np.sum(a * b + c)


def topk_sort(x):
    return np.sum(np.sort(x)[-3:] * np.array([1.0, 2.0, 3.0]))


def cumsum_loss(x):
    c = np.cumsum(x)
    return np.sum(c ** 2) + np.sum(np.cumsum(x[::-1]) * x)


def keepdims_std(X):
    Z = (X - X.mean(axis=0)) / X.std(axis=0, keepdims=True)
    return np.sum(Z[:, :1] * X)


def zero_d(x):
    return np.sin(x) * x ** 2


def sum_keepdims(x):
    s = np.sum(x, keepdims=True)
    return np.sum(x / s)


def pairwise(x):
    D = x[:, None] - x[None, :]
    return np.sum(np.exp(-D ** 2))


def rng_noise(x):
    rng = np.random.default_rng(0)
    noise = rng.normal(size=x.shape)
    mask = rng.random(x.shape) > 0.5
    return np.sum((x + 0.1 * noise) ** 2 * mask / 0.5)


def float32_loss(w, X):
    return np.sum(np.tanh(X @ w) ** 2)


def int_mix(x, k, n):
    y = x * k
    for i in range(n):
        y = y + i * x ** 2
    return np.sum(y / n)


def global_consts(x):
    return SCALE * np.sum(WEIGHTS * x ** 2)


def max_accumulate(x):
    return np.sum(np.maximum.accumulate(x))


def sort_method(x):
    y = x.copy()
    y.sort()
    return np.sum(y * WEIGHTS)


def abs_array(x):
    return np.sum(abs(x) ** 1.5)


def concat_stack(x, y):
    z = np.concatenate([x, y * 2.0])
    m = np.stack([x, y], axis=1)
    return np.sum(z ** 2) + np.sum(m @ np.array([1.0, -1.0]))


def pad_roll(x):
    return np.sum(np.roll(x, 1) * x) + np.sum(np.pad(x, 1, mode="edge") ** 2)


def outer_inv(x):
    A = np.eye(3) * 3.0 + np.outer(x, x)
    return np.sum(np.linalg.inv(A))


def argmax_select(x, Y):
    i = int(np.argmax(x))
    return np.sum(Y[i] * x)


# ---------------------------------------------------------------- second batch
def ravel_copy_store(x):
    y = (x * 1.0).ravel()
    y[0] = 3.0 * y[1]
    return np.sum(y * y) + np.sum(x ** 3)


def reversed_simple(xs):
    acc = 0.0
    for v in reversed(xs):
        acc = acc * 0.9 + v
    return acc


def late_binding(x):
    fs = []
    for k in range(3):
        def g(v):
            return v * k
        fs.append(g)
    return sum(np.sum(h(x)) for h in fs)


def closure_reassigned(x):
    s = 1.0
    g = lambda v: v * s
    s = 3.0 * x[0]
    return np.sum(g(x))


def closure_loop_var(x):
    total = 0.0
    c = 0.0
    def g(v):
        return np.sum(v * c)
    for i in range(3):
        c = x[i]
        total = total + g(x)
    return total


def clip_bounds(x, lo, hi):
    return np.sum(np.clip(x, lo, hi) ** 2)


def maximum_both(x, y):
    return np.sum(np.maximum(x, y) ** 2 + np.minimum(x, 2.0 * y))


def where_both(x, y):
    return np.sum(np.where(x > y, x * y, y ** 2))


def interp_fp(x, fp):
    xp = np.array([0.0, 1.0, 2.0, 3.0])
    return np.sum(np.interp(x, xp, fp) ** 2)


def average_weights(x, w):
    return np.average(x, weights=w)


def pad_constant(x, c):
    return np.sum(np.pad(x, 1, constant_values=c) ** 2)


def diff_prepend(x, x0):
    return np.sum(np.diff(x, prepend=x0) ** 2)


def linspace_end(t):
    g = np.linspace(0.0, t, 5)
    return np.sum(np.sin(g))


def full_fill(t):
    return np.sum(np.full(3, t) * WEIGHTS) + np.sum(np.full_like(WEIGHTS, t) ** 2)


def array_from_scalars(t):
    R = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
    v = np.array([1.0, t, t ** 2])
    return np.sum(R @ np.array([1.0, 2.0])) + np.sum(v * WEIGHTS)


def chained_alias(x):
    a = b = np.zeros(3)
    a[0] = x[0]
    a[1] = x[1] ** 2
    return np.sum(b * WEIGHTS)


def repeated_fancy_imul(x):
    y = x * 1.0
    y[[0, 0, 1]] *= 2.0
    return np.sum(y * y)


def column_store(v):
    R = np.eye(3)
    R[:, 0] = v
    R[1, :] += v
    return np.sum(R @ R)


def loop_accum_rows(W, x):
    n = x.shape[0]
    out = np.zeros((W.shape[0], n))
    for i in range(n):
        out[:, i] += W[:, i] * x[i]
        out[:, i] *= x[i]
    return np.sum(np.tanh(out))


def return_in_loop(x):
    s = 0.0
    for i in range(x.shape[0]):
        if s > 1.0:
            return s * x[i]
        s += x[i] ** 2
    return s


def tree_rec(x, depth):
    if depth == 0:
        return x
    return tree_rec(np.tanh(x), depth - 1) * 0.5 + x


def call_tree_rec(x):
    return np.sum(tree_rec(x, 3) ** 2)


def is_even(x, n):
    if n == 0:
        return x
    return is_odd(x * 1.1, n - 1)


def is_odd(x, n):
    if n == 0:
        return -x
    return is_even(np.sin(x), n - 1)


def mutual_rec(x):
    return np.sum(is_even(x, 5))


def max_gen_arrays(x, ws):
    return max(np.sum(w * x) for w in ws) + min(np.sum(w * x) ** 2 for w in ws)


def sum_start_array(params):
    return np.sum(sum((p ** 2 for p in params), np.zeros(3)))


def math_seq(xs):
    return math.fsum(xs) * math.prod(xs) + math.hypot(xs[0], xs[1])


def norm_orders(x, A):
    return (np.linalg.norm(x, 1) + np.linalg.norm(x, np.inf) + np.linalg.norm(A, 2)
            + np.linalg.norm(A, axis=1, keepdims=True).sum())


def leaky_bool(x):
    return np.sum(x * (x > 0) + 0.01 * x * (x <= 0).astype(float))


def argsort_gather(x):
    order = np.argsort(x)
    return np.sum(x[order] * np.arange(x.shape[0]))


def diff_tile_repeat(x):
    return np.sum(np.diff(x) ** 2) + np.sum(np.tile(x, 2) * np.repeat(x, 2))


def solve_matrix_rhs(A, B):
    return np.sum(np.linalg.solve(A, B) ** 2) + np.sum(np.linalg.inv(A) @ B[:, 0])


def tuple_axis_mean(X):
    return np.mean(X ** 2, axis=(0, 1)) + X.reshape(-1, 2).sum(1) @ np.arange(6.0)


def astype32(x):
    y = x.astype(np.float32)
    return float(np.sum(y ** 2))


def sgd_inner(w, X, y):
    lr = 0.1
    for _ in range(3):
        r = X @ w - y
        g = 2.0 * X.T @ r / X.shape[0]
        w = w - lr * g
    return np.sum((X @ w - y) ** 2)


def reduce_matmul(mats):
    return np.sum(functools.reduce(lambda a, b: a @ b, mats))


def map_sum(params):
    return sum(map(lambda p: np.sum(p ** 2), params))


def np_sum_list(params):
    return np.sum([np.sum(p ** 2) for p in params])


def dict_build(p):
    g = {}
    for k in p:
        g[k] = p[k] * 2.0
    return sum(np.sum(v ** 2) for v in g.values())


def replace_loop(state, x):
    for _ in range(3):
        state = state._replace(W=state.W * np.tanh(x), b=state.b + np.sum(state.W))
    return np.sum(state.W) * state.b


def legacy_seed(x):
    np.random.seed(0)
    eps = np.random.randn(*x.shape)
    return np.sum((x + eps) ** 2)


def rng_arg(x, rng):
    noise = rng.normal(size=x.shape)
    return np.sum(x * noise)


def floordiv_mod(x):
    return np.sum((x % 1.0) ** 2 + x // 0.5 * x)


def user_writes_arg_helper(v):
    v /= np.linalg.norm(v)
    return v


def user_writes_arg(x):
    y = x * 2.0
    z = user_writes_arg_helper(y)
    return np.sum(z * WEIGHTS)


def self_attr_store_model_loss(x):
    m = Counter()
    return m.loss(x)


class Counter:
    def __init__(self):
        self.calls = 0
        self.last = None

    def loss(self, x):
        self.calls += 1
        self.last = x * 2.0
        return np.sum(self.last ** 2)


def transpose_alias_read(X):
    M = X * 1.0
    T = M.T
    M[0, 0] = 10.0 * X[0, 1]
    return np.sum(T * X.T)


def zeros_shape_fill(x):
    out = np.zeros(x.shape)
    out += x ** 2
    out[1] = out[0] * x[2]
    return np.sum(out)


def float32_fill(x):
    out = np.zeros_like(x)
    for i in range(x.shape[0]):
        out[i] = x[i] * x[i - 1]
    return np.sum(out)


def slice_assign_chain(x):
    y = np.zeros(6)
    y[:3] = x
    y[3:] = x[::-1] * 2.0
    y[1:5] = y[0:4] * y[2:6]
    return np.sum(y ** 2)


def while_counter(x):
    n = 0
    y = x
    while np.sum(y ** 2) < 10.0 and n < 50:
        y = y * 1.3 + 0.1
        n += 1
    return np.sum(y) * n


def for_else(xs):
    acc = 1.0
    for v in xs:
        if v < 0:
            acc = acc * 2.0
            break
        acc = acc * v
    else:
        acc = acc + 100.0
    return acc


def scalar_0d_mix(x, s):
    return np.sum(x * s) + s ** 2


def prod_zero(x):
    return np.prod(x) + np.sum(np.cumprod(x + 2.0))


def matmul_list_vec(W, x):
    return np.sum(np.tanh(np.dot(W, x)) + x.dot(W.T).dot(x))


# ---------------------------------------------------------------- third batch: in-place numerics
def reversed_view_store(x):
    y = (x * 1.0)[::-1]
    y[0] = 3.0 * y[1]
    return np.sum(y * y) + np.sum(x ** 3)


def transpose_copy_store(X):
    Y = (X + 0.0).T
    Y[0, 1] = 3.0 * Y[1, 0]
    return np.sum(Y * Y) + np.sum(X ** 3)


def reshape_copy_store(x):
    y = np.ravel(x) * 1.0
    z = y.reshape(2, 2)
    z[0, 0] = 1.0
    return np.sum(z) + np.sum(x ** 3)


def first_row(M):
    return M[0]


def alias_via_function(X):
    M = X * 2.0
    r = first_row(M)
    M[0] = 0.0
    return np.sum(r * X[1]) + np.sum(M)


def alias_via_list(x):
    y = x * 2.0
    lst = [y, x]
    y[0] = 5.0
    return np.sum(lst[0] * x)


def alias_via_dict(x):
    y = x * 2.0
    d = {"a": y}
    d["a"][0] = x[1] ** 2
    return np.sum(y * x)


def alias_conditional(x, flag):
    y = x * 2.0
    z = y if flag else y.copy()
    z[0] = 7.0
    return np.sum(y * x)


def flat_store(x):
    y = x * 2.0
    y.flat[0] = 7.0
    return np.sum(y * x)


def out_ufunc(x):
    y = x * 2.0
    np.exp(y, out=y)
    np.multiply(y, x, out=y)
    return np.sum(y)


def copyto_fill(x):
    y = np.empty(4)
    np.copyto(y, x ** 2)
    z = np.zeros(4)
    z.fill(3.0)
    z[1] = y[2]
    return np.sum(y * z)


def ellipsis_store(x):
    y = np.zeros(4)
    y[...] = x
    y[:] = y * x
    y[::-1] = y + x
    return np.sum(y ** 2)


def inplace_prefix(x):
    y = x.copy()
    for i in range(1, y.shape[0]):
        y[i] += y[i - 1]
    return np.sum(y ** 2)


def gauss_elim_solve(A, b):
    n = b.shape[0]
    M = A.copy()
    v = b.copy()
    for k in range(n):
        for i in range(k + 1, n):
            f = M[i, k] / M[k, k]
            M[i, k:] -= f * M[k, k:]
            v[i] -= f * v[k]
    x = np.zeros(n)
    for i in range(n - 1, -1, -1):
        x[i] = (v[i] - M[i, i + 1:] @ x[i + 1:]) / M[i, i]
    return np.sum(x ** 2)


def pivot_swap(A):
    M = A.copy()
    p = int(np.argmax(np.abs(M[:, 0])))
    M[[0, p]] = M[[p, 0]]
    return np.sum(M * np.arange(M.size).reshape(M.shape))


def cholesky_loops(A):
    n = A.shape[0]
    L = np.zeros_like(A)
    for j in range(n):
        s = A[j, j] - np.sum(L[j, :j] ** 2)
        L[j, j] = np.sqrt(s)
        for i in range(j + 1, n):
            L[i, j] = (A[i, j] - np.sum(L[i, :j] * L[j, :j])) / L[j, j]
    return np.sum(np.log(np.diag(L))) + np.sum(L)


def gram_schmidt(A):
    n = A.shape[1]
    Q = np.zeros_like(A)
    for j in range(n):
        v = A[:, j].copy()
        for i in range(j):
            v -= (Q[:, i] @ A[:, j]) * Q[:, i]
        Q[:, j] = v / np.linalg.norm(v)
    return np.sum(Q * np.arange(Q.size).reshape(Q.shape))


def dtw(x, y):
    n, m = x.shape[0], y.shape[0]
    D = np.full((n + 1, m + 1), np.inf)
    D[0, 0] = 0.0
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost = (x[i - 1] - y[j - 1]) ** 2
            D[i, j] = cost + min(D[i - 1, j], D[i, j - 1], D[i - 1, j - 1])
    return D[n, m]


def hmm_forward(log_A, log_b, log_pi):
    T = log_b.shape[0]
    alpha = log_pi + log_b[0]
    for t in range(1, T):
        m = np.max(alpha)
        alpha = m + np.log(np.exp(alpha - m) @ np.exp(log_A)) + log_b[t]
    m = np.max(alpha)
    return m + np.log(np.sum(np.exp(alpha - m)))


def conv1d_loops(x, w):
    k = w.shape[0]
    n = x.shape[0] - k + 1
    out = np.zeros(n)
    for i in range(n):
        out[i] = np.sum(x[i:i + k] * w)
    return np.sum(np.tanh(out))


def softmax_inplace(z):
    e = np.exp(z - z.max())
    e /= e.sum()
    return np.sum(e * np.arange(z.shape[0]))


def duplicate_store(x):
    y = np.zeros(3)
    y[[0, 0, 2]] = x[:3]
    return np.sum(y * np.array([1.0, 2.0, 3.0])) + np.sum(y ** 2)


def mask_store_data(x):
    y = x * 1.0
    m = y > 0.4
    y[m] = x[m] ** 2
    return np.sum(y * y)


def argmax_store(X):
    M = X * 1.0
    i = int(np.argmax(M[:, 0]))
    M[i, 0] = M[i, 0] * 3.0
    return np.sum(M ** 2)


def nested_break_accum(X):
    s = 0.0
    for i in range(X.shape[0]):
        for j in range(X.shape[1]):
            if X[i, j] < -1.0:
                break
            s += X[i, j] ** 2
        else:
            s = s * 1.1
    return s


def while_else(x):
    i = 0
    acc = 0.0
    while i < x.shape[0]:
        acc = acc + np.sin(x[i]) * acc + x[i]
        if acc > 5.0:
            break
        i += 1
    else:
        acc = acc * 2.0
    return acc


def sorting_network(a, b, c):
    lo = min(a, b)
    hi = max(a, b)
    mid = max(lo, min(hi, c))
    return mid * hi + lo


def adam_steps(w, X, y):
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, 4):
        g = 2.0 * X.T @ (X @ w - y) / X.shape[0]
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        mh = m / (1 - 0.9 ** t)
        vh = v / (1 - 0.999 ** t)
        w = w - 0.05 * mh / (np.sqrt(vh) + 1e-8)
    return np.sum((X @ w - y) ** 2)


def stats_helper(v):
    mu = np.mean(v)
    return mu, np.mean((v - mu) ** 2)


def tuple_return_helper(x):
    mean, var = stats_helper(x)
    a, (b, c) = x[0], (x[1], x[2])
    return var / (mean ** 2 + 1.0) + a * b - c


def kwargs_helper(x, **opts):
    return x * opts["scale"] + opts.get("shift", 0.0)


def star_args_helper(*xs):
    total = 0.0
    for v in xs:
        total = total + np.sum(v ** 2)
    return total


def varargs_kwargs(x, y):
    return np.sum(kwargs_helper(x, scale=y[0], shift=2.0)) + star_args_helper(x, y, x * y)


def keyword_only(w, x, *, reg=0.1):
    return np.sum((x @ w) ** 2) + reg * np.sum(w ** 2)


def default_fn_param(w, act=np.tanh):
    return np.sum(act(w) ** 2)


def broadcast_col_row(a, b):
    return np.sum((a + b) ** 2 * (a * b))


def int_array_arith(x, k):
    return np.sum(x ** k + x / k + k * np.exp(x))


# ---------------------------------------------------------------- fourth batch: found while probing
def view_of_identity_store(x):
    y = x * 1.0
    z = y[1:]
    z[0] = 2.0 * x[0]
    return np.sum(z ** 2) + np.sum(x ** 3)


def bias_view_store(x, b):
    h = x + b
    head = h[:2]
    head[0] = np.tanh(head[0])
    return np.sum(head ** 2) + np.sum(x ** 3)


def sum_builtin_pow(x):
    return sum(x ** 2)


def sum_builtin_scaled(x):
    return sum(2 * x) * x[0]


def sum_builtin_float(x):
    return sum(x * 3.0)


def fsum_array(x):
    return math.fsum(x ** 2)


def sum_builtin_rows(X):
    return np.sum(sum(X ** 2))


def checkpointed_loop(x, w):
    for t in s2sgrad.checkpointed(range(12), snapshots=3):
        x = np.tanh(x * w + 0.1 * t)
    return np.sum(x ** 2)


def kwargs_get_helper(x, **opts):
    return x * opts["scale"] + opts.get("shift", 0.0)


def kwargs_get(x):
    return np.sum(kwargs_get_helper(x, scale=2.0) ** 2)


def dict_get_params(p, x):
    b = p.get("b", 0.0)
    return np.sum(np.tanh(p["W"] @ x + b))


class Base:
    scale = 2.0

    @property
    def k(self):
        return self.scale * 3.0

    @staticmethod
    def act(z):
        return np.tanh(z)

    def loss(self, x):
        return np.sum(Base.act(x) * self.k)


class Child(Base):
    def loss(self, x):
        return super().loss(x) + np.sum(x ** 2)


def _inner_loss(w):
    return np.sum((w - 1.0) ** 2 * np.arange(1.0, 4.0))


def vectorize_call(x):
    f = np.vectorize(lambda v: v * v)
    return np.sum(f(x))


def meta_grad(w):
    w2 = w - 0.1 * s2sgrad.grad(_inner_loss)(w)
    return np.sum(w2 ** 3)


# ---------------------------------------------------------------- fifth batch: loops over views, index helpers
def rows_inplace(X):
    M = X * 1.0
    for row in M:
        row *= 2.0
    return np.sum(M ** 2)


def list_copies_inplace(params):
    ps = [p.copy() for p in params]
    for p in ps:
        p *= 0.5
    return sum(np.sum(np.sin(p)) for p in ps)


def last_item_inplace(x):
    hs = [x * 1.0, x * 2.0]
    h = hs[-1]
    h += 1.0
    return np.sum(hs[1] ** 2)


def mask_imul(x):
    y = x.copy()
    y[y > 0] *= 2.0
    return np.sum(y ** 2)


def dict_copy_update(p, x):
    q = dict(p)
    q["W"] = q["W"] - 0.1 * np.outer(x, x)
    return np.sum(q["W"] ** 2) + np.sum(p["W"])


def unpack_array(x):
    a, b = x[:2]
    c, *rest = x
    return a * b + c * np.sum(np.array(rest))


def ternary_arrays(x):
    y = x if x.sum() > 0 else -x
    return np.sum(y ** 3)


def clip_min_method(x):
    return np.sum(x.clip(0.0) ** 2 + x.clip(max=0.5))


def newaxis_einsum(x, A):
    B = x[:, np.newaxis] * A[..., None][:, :, 0]
    return np.einsum("ij,jk->ik", B, A.T).sum() + np.einsum("bi,bi->b", A, A).sum()


def tril_param(theta):
    L = np.zeros((3, 3))
    L[np.tril_indices(3)] = theta
    L[np.diag_indices(3)] = np.exp(L[np.diag_indices(3)])
    S = L @ L.T
    return np.sum(np.log(np.diag(S))) + np.trace(S)


def triu_gather(A):
    return np.sum(A[np.triu_indices(3)] ** 2) + np.sum(A[np.ix_([0, 2], [1, 2])])


def fill_diag(v):
    M = np.ones((3, 3))
    np.fill_diagonal(M, v)
    return np.sum(M @ M)


def sort_2d(X):
    S = np.sort(X, axis=0)
    idx = np.argsort(X, axis=1)
    T = np.take_along_axis(X, idx, axis=1)
    return np.sum(S * np.arange(S.size).reshape(S.shape)) + np.sum(T[:, -1] ** 2)


def while_index_store(x):
    y = np.zeros_like(x)
    i = 0
    while i < x.shape[0] and np.sum(y) < 1.0:
        y[i] = y[i - 1] + x[i] ** 2 if i > 0 else x[i] ** 2
        i += 1
    return np.sum(y * x)


def scalar_index_math(x):
    return math.exp(x[0]) * math.cos(x[1]) + float(x[2]) ** 2


def max_axis_kd(X):
    m = np.max(X, axis=1, keepdims=True)
    return np.sum(np.exp(X - m)) + np.mean(X, axis=-1) @ np.arange(X.shape[0])


# ---------------------------------------------------------------- sixth batch: a store whose value is its target
def self_store_reverse(x):
    y = x * 2.0
    y[::-1] = y
    return np.sum(y * WEIGHTS4 * x)


def self_store_perm(x):
    perm = [1, 2, 3, 0]
    y = np.tanh(x)
    y[perm] = y
    return np.sum(y * WEIGHTS4 * x)


def self_store_identity(x):
    y = x * 2.0
    y[0:4] = y
    return np.sum(y * x)


def overlapping_shift_stores(x):
    y = x * 2.0
    y[1:] = y[:-1]
    y[:-1] -= y[1:] * x[:-1]
    y[:] = y[::-1]
    return np.sum(y * WEIGHTS4 * x)


WEIGHTS4 = np.array([1.0, -2.0, 3.0, 0.5])


# ---------------------------------------------------------------- a model held in a config dict
def config_dict(model, x):
    h = x
    for layer in model["layers"]:
        if layer["act"] == "tanh":
            h = np.tanh(layer["W"] @ h + layer["b"])
        else:
            h = layer["W"] @ h
    return np.sum(h ** 2) * model["scale"] + len(model["name"])


def list_of_array(x):
    vals = list(x * 2.0)
    return vals[0] * vals[1] + sum(vals)


def tuple_of_array(x):
    t = tuple(x ** 2)
    return t[0] * 2.0 + t[2]


def array_of_list_of_array(x):
    return np.sum(np.array(list(x ** 2)) * 2.0)

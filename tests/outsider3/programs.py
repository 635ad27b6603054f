"""Outsider programs, round 3: NumPy/SciPy code written the way people write it in a hurry.

Each program is a module-level function (or a bound method / closure) with a `make()` that builds
its inputs.  `CASES` maps a name to a `Case`; tests/test_outsider3.py runs every case through
s2sgrad's paths (grad, value_and_grad, jvp, hvp, @differentiate, `s2sgrad emit`) and checks it
against central finite differences and autograd (harness.py runs this file a second time with
autograd's numpy).
"""

import functools
import math
from collections import namedtuple
from dataclasses import dataclass

import numpy as np
import scipy.linalg as sla
import scipy.special as sps
import scipy.stats as stats

import s2sgrad

CASES = {}


@dataclass
class Case:
    name: str
    fn: object
    make: object
    wrt: object = 0
    tol: float = 1e-5
    step: float = 1e-5
    autograd: bool = True
    emit: bool = True
    hvp: bool = True


def case(fn, make, name=None, **kw):
    name = name or fn.__name__
    assert name not in CASES, name
    if not (hasattr(fn, "__name__") and globals().get(fn.__name__) is fn):
        kw.setdefault("emit", False)
    CASES[name] = Case(name, fn, make, **kw)


def _rng(seed):
    return np.random.default_rng(seed)


def _away(x, eps=0.15):
    """x with every entry at least eps away from 0 (away from kinks at 0)."""
    return np.where(np.abs(x) < eps, np.sign(x + 1e-12) * eps + x, x)


# ======================================================================= classes and objects


class Linear:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def __call__(self, x):
        return x @ self.W + self.b


def cls_call_object(W, b, X):
    layer = Linear(W, b)
    h = layer(X)
    return np.sum(np.tanh(h) ** 2)


case(cls_call_object, lambda: (_rng(1).standard_normal((3, 2)), _rng(2).standard_normal(2),
                               _rng(3).standard_normal((4, 3))), wrt=(0, 1))


class Regressor:
    def __init__(self, W, b):
        self.W = W
        self.b = b

    def predict(self, X):
        return X @ self.W + self.b

    def loss(self, X, y):
        r = self.predict(X) - y
        return np.mean(r ** 2)


def cls_method_on_local_object(W, b, X, y):
    model = Regressor(W, b)
    return model.loss(X, y)


case(cls_method_on_local_object, lambda: (_rng(4).standard_normal(3), 0.3, _rng(5).standard_normal((6, 3)),
                                          _rng(6).standard_normal(6)), wrt=(0, 1))


class MLP:
    def __init__(self, X, y, hidden=4):
        self.X = X
        self.y = y
        self.hidden = hidden

    def forward(self, params):
        h = np.tanh(self.X @ params["W1"] + params["b1"])
        return h @ params["W2"] + params["b2"]

    def loss(self, params):
        err = self.forward(params) - self.y
        return 0.5 * np.mean(err * err)


def _mlp_params():
    r = _rng(7)
    return {"W1": r.standard_normal((3, 4)) * 0.5, "b1": r.standard_normal(4) * 0.1,
            "W2": r.standard_normal(4) * 0.5, "b2": 0.2}


_MLP = MLP(_rng(8).standard_normal((5, 3)), _rng(9).standard_normal(5))
case(_MLP.loss, lambda: (_mlp_params(),), name="cls_bound_method_dict_params")


class Scaled:
    def __init__(self, log_scale, offset):
        self.log_scale = log_scale
        self.offset = offset

    @property
    def scale(self):
        return math.exp(self.log_scale)

    def energy(self, x):
        z = (x - self.offset) * self.scale
        return np.sum(np.log1p(z * z))


_SCALED = Scaled(0.3, np.array([0.1, -0.2, 0.5]))
case(_SCALED.energy, lambda: (_rng(10).standard_normal(3),), name="cls_property_in_bound_method")


class Activation:
    def act(self, z):
        return np.tanh(z)

    def layer(self, W, x):
        return self.act(W @ x)

    def loss(self, W, x):
        return np.sum(self.layer(W, x) ** 2)


class SoftplusActivation(Activation):
    def act(self, z):
        return np.log1p(np.exp(z))


_SOFT = SoftplusActivation()
case(_SOFT.loss, lambda: (_rng(11).standard_normal((2, 3)), _rng(12).standard_normal(3)),
     name="cls_inherited_overridden_method")


class ScaledSoftplus(SoftplusActivation):
    def __init__(self, c):
        self.c = c

    def act(self, z):
        return self.c * super().act(z)


_SS = ScaledSoftplus(1.7)
case(_SS.loss, lambda: (_rng(13).standard_normal((2, 3)), _rng(14).standard_normal(3)),
     name="cls_super_call")


class Stats:
    @staticmethod
    def logsumexp(v):
        m = np.max(v)
        return m + np.log(np.sum(np.exp(v - m)))

    @classmethod
    def nll(cls, logits, k):
        return cls.logsumexp(logits) - logits[k]

    def total(self, W, X, labels):
        out = 0.0
        for i in range(X.shape[0]):
            out = out + self.nll(W @ X[i], labels[i])
        return out


_STATS = Stats()
case(_STATS.total, lambda: (_rng(15).standard_normal((3, 4)), _rng(16).standard_normal((5, 4)),
                            np.array([0, 2, 1, 1, 0])), name="cls_staticmethod_classmethod")


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self, w, x):
        self.calls += 1
        return np.sum(np.sin(w * x))


_COUNTER = Counter()
case(_COUNTER, lambda: (_rng(17).standard_normal(4), _rng(18).standard_normal(4)),
     name="cls_callable_instance_as_fn", autograd=False)


def cls_object_built_in_loop(Ws, x):
    layers = []
    for W in Ws:
        layers.append(Linear(W, 0.0))
    h = x
    for layer in layers:
        h = np.tanh(layer(h))
    return np.sum(h)


case(cls_object_built_in_loop, lambda: ([_rng(19).standard_normal((3, 3)), _rng(20).standard_normal((3, 3))],
                                        _rng(21).standard_normal(3)))


class Poly:
    def __init__(self, coeffs):
        self.coeffs = coeffs

    def __call__(self, t):
        out = 0.0
        for k, c in enumerate(self.coeffs):
            out = out + c * t ** k
        return out


def cls_call_with_loop_inside(c, t):
    p = Poly(c)
    return np.sum(p(t) ** 2)


case(cls_call_with_loop_inside, lambda: (_rng(22).standard_normal(4), np.linspace(-1, 1, 5)))


@dataclass
class Params:
    W: np.ndarray
    b: np.ndarray


def dc_params_input(p, X):
    z = X @ p.W + p.b
    return np.sum(np.logaddexp(0.0, z))


case(dc_params_input, lambda: (Params(_rng(23).standard_normal((3, 2)), _rng(24).standard_normal(2)),
                               _rng(25).standard_normal((4, 3))))


@dataclass(frozen=True)
class Gaussian:
    mu: float
    log_sigma: float


def dc_frozen_scalar_fields(g, xs):
    s = math.exp(g.log_sigma)
    total = 0.0
    for x in xs:
        total += 0.5 * ((x - g.mu) / s) ** 2 + g.log_sigma
    return total


case(dc_frozen_scalar_fields, lambda: (Gaussian(0.2, -0.1), [0.5, -1.0, 2.0]), autograd=False)


def dc_build_inside(W, b, X):
    p = Params(W=W * 2.0, b=b)
    return np.sum((X @ p.W + p.b) ** 2)


case(dc_build_inside, lambda: (_rng(26).standard_normal((3, 2)), _rng(27).standard_normal(2),
                               _rng(28).standard_normal((4, 3))), wrt=(0, 1))


Layer = namedtuple("Layer", ["W", "b"])


def nt_list_of_layers(layers, x):
    h = x
    for layer in layers:
        h = np.tanh(layer.W @ h + layer.b)
    return np.sum(h ** 2)


case(nt_list_of_layers, lambda: ([Layer(_rng(29).standard_normal((3, 3)), _rng(30).standard_normal(3)),
                                  Layer(_rng(31).standard_normal((2, 3)), _rng(32).standard_normal(2))],
                                 _rng(33).standard_normal(3)))


def nt_replace(layer, x):
    bigger = layer._replace(W=layer.W * 3.0)
    W, b = bigger
    return np.sum(np.sin(W @ x + b))


case(nt_replace, lambda: (Layer(_rng(34).standard_normal((2, 3)), _rng(35).standard_normal(2)),
                          _rng(36).standard_normal(3)), autograd=False)


def dict_nested_params(params, x):
    h = x
    for name in ["l1", "l2"]:
        p = params[name]
        h = np.tanh(p["W"] @ h + p["b"])
    return np.sum(h) + 0.01 * sum(np.sum(params[k]["W"] ** 2) for k in params)


case(dict_nested_params, lambda: ({"l1": {"W": _rng(37).standard_normal((3, 2)), "b": _rng(38).standard_normal(3)},
                                   "l2": {"W": _rng(39).standard_normal((2, 3)), "b": _rng(40).standard_normal(2)}},
                                  _rng(41).standard_normal(2)))


def dict_items_loop(params, x):
    total = 0.0
    for key, val in params.items():
        if key.startswith("w"):
            total = total + np.sum(val * x)
        else:
            total = total + np.sum(val ** 2)
    return total


case(dict_items_loop, lambda: ({"w1": _rng(42).standard_normal(3), "w2": _rng(43).standard_normal(3),
                                "bias": _rng(44).standard_normal(3)}, _rng(45).standard_normal(3)))


def tuple_params_unpack(theta, t):
    a, (b, c) = theta
    return np.sum(a * np.exp(-b * t) + c)


case(tuple_params_unpack, lambda: ((1.3, (0.7, _rng(46).standard_normal(4))), np.linspace(0, 1, 4)))


def list_of_weights(ws, x):
    h = x
    for i in range(len(ws)):
        h = np.sin(ws[i] @ h)
    return float(np.sum(h)) if False else np.sum(h)


case(list_of_weights, lambda: ([_rng(47).standard_normal((3, 3)) for _ in range(3)], _rng(48).standard_normal(3)))


def dict_get_default(params, x):
    scale = params.get("scale", 1.0)
    shift = params.get("shift", 0.0)
    return np.sum((scale * x + shift) ** 2)


case(dict_get_default, lambda: ({"scale": 1.5}, _rng(49).standard_normal(3)))


# ======================================================================= closures and callables


def make_loss(X, y):
    def loss(w):
        r = X @ w - y
        return np.dot(r, r) / len(y)
    return loss


case(make_loss(_rng(50).standard_normal((5, 3)), _rng(51).standard_normal(5)),
     lambda: (_rng(52).standard_normal(3),), name="clo_factory_closure")


def _apply(fn, x):
    return fn(x)


def clo_lambda_passed(w, x):
    return np.sum(_apply(lambda v: np.sin(v * w), x))


case(clo_lambda_passed, lambda: (_rng(53).standard_normal(3), _rng(54).standard_normal(3)))


def clo_fn_argument(w, act):
    return np.sum(act(w) * w)


case(clo_fn_argument, lambda: (_rng(55).standard_normal(4), np.tanh), emit=False)


def softplus(z):
    return np.log1p(np.exp(z))


def _layer(x, W, act):
    return act(x @ W)


def clo_user_fn_as_value(W, x):
    return np.sum(_layer(x, W, softplus) + _layer(x, W, np.tanh))


case(clo_user_fn_as_value, lambda: (_rng(56).standard_normal((3, 2)), _rng(57).standard_normal((4, 3))))


def compose(f, g):
    def h(x):
        return f(g(x))
    return h


def clo_compose_factory(x):
    h = compose(np.sin, softplus)
    return np.sum(h(x))


case(clo_compose_factory, lambda: (_rng(58).standard_normal(4),))


def clo_nested_def_captures(w, x):
    a = np.sum(w ** 2)

    def inner(v):
        return v * a + w

    return np.sum(inner(x) ** 2)


case(clo_nested_def_captures, lambda: (_rng(59).standard_normal(3), _rng(60).standard_normal(3)))


def _scaled(x, c):
    return c * x


def clo_partial_value(w, x):
    g = functools.partial(_scaled, c=w)
    return np.sum(g(x) ** 2)


case(clo_partial_value, lambda: (_rng(61).standard_normal(3), _rng(62).standard_normal(3)), autograd=False)


def _loss_xy(w, X, y):
    return np.sum((X @ w - y) ** 2)


case(functools.partial(_loss_xy, X=_rng(63).standard_normal((4, 3)), y=_rng(64).standard_normal(4)),
     lambda: (_rng(65).standard_normal(3),), name="clo_partial_as_fn")


def _fixed_point(step, x0, n):
    x = x0
    for _ in range(n):
        x = step(x)
    return x


def clo_fixed_point_babylon(a):
    def step(x):
        return 0.5 * (x + a / x)
    r = _fixed_point(step, np.ones_like(a), 6)
    return np.sum(r)


case(clo_fixed_point_babylon, lambda: (np.array([2.0, 3.0, 5.5]),))


def clo_dict_of_fns(x):
    acts = {"a": np.tanh, "b": np.sin}
    return np.sum(acts["a"](x) * acts["b"](x))


case(clo_dict_of_fns, lambda: (_rng(66).standard_normal(3),))


def clo_list_of_lambdas(x):
    fs = [np.sin, np.cos, np.exp]
    out = 0.0
    for f in fs:
        out = out + np.sum(f(x))
    return out


case(clo_list_of_lambdas, lambda: (_rng(67).standard_normal(3),))


clo_module_lambda = lambda w: np.sum(np.exp(-w * w))  # noqa: E731
case(clo_module_lambda, lambda: (_rng(68).standard_normal(4),), name="clo_module_lambda", emit=False)


def _grad_step(w, lr, gradfn):
    return w - lr * gradfn(w)


def clo_unrolled_optimizer(w0, target):
    def gradfn(w):
        return 2.0 * (w - target)
    w = w0
    for _ in range(3):
        w = _grad_step(w, 0.1, gradfn)
    return np.sum(w ** 2)


case(clo_unrolled_optimizer, lambda: (_rng(69).standard_normal(3), _rng(70).standard_normal(3)), wrt=(0, 1))


# ======================================================================= lists of arrays


def lst_rnn_stack(Wh, Wx, xs):
    h = np.zeros(Wh.shape[0])
    hs = []
    for x in xs:
        h = np.tanh(Wh @ h + Wx @ x)
        hs.append(h)
    H = np.stack(hs)
    return np.sum(H[-1]) + 0.1 * np.sum(H ** 2)


case(lst_rnn_stack, lambda: (_rng(71).standard_normal((3, 3)) * 0.5, _rng(72).standard_normal((3, 2)),
                             _rng(73).standard_normal((4, 2))), wrt=(0, 1))


def lst_concatenate_features(x):
    feats = []
    for k in range(1, 4):
        feats.append(np.sin(k * x))
        feats.append(np.cos(k * x))
    phi = np.concatenate(feats)
    return np.sum(phi * np.arange(phi.size))


case(lst_concatenate_features, lambda: (_rng(74).standard_normal(3),))


def lst_scalars_to_array(x):
    vals = []
    for i in range(len(x)):
        vals.append(x[i] ** 2 * (i + 1))
    v = np.array(vals)
    return np.sum(np.exp(-v))


case(lst_scalars_to_array, lambda: (_rng(75).standard_normal(5),))


def lst_sum_builtin(xs):
    terms = []
    for x in xs:
        terms.append(np.sum(x * x))
    return sum(terms) / len(terms)


case(lst_sum_builtin, lambda: ([_rng(76).standard_normal(3), _rng(77).standard_normal(2)],))


def lst_vstack_hstack(a, b):
    rows = [a, b, a * b]
    M = np.vstack(rows)
    cols = np.hstack([M[:, :1], M[:, 1:] ** 2])
    return np.sum(cols @ np.ones(cols.shape[1]))


case(lst_vstack_hstack, lambda: (_rng(78).standard_normal(3), _rng(79).standard_normal(3)), wrt=(0, 1))


def lst_stack_axis1(x):
    cols = []
    for j in range(3):
        cols.append(x * (j + 1.0))
    M = np.stack(cols, axis=1)
    return np.sum(M.max(axis=1) * M.min(axis=1))


case(lst_stack_axis1, lambda: (np.array([0.5, 1.5, 2.0, 0.7]),))


def lst_pop_and_insert_list(x):
    stack = [x]
    for i in range(3):
        top = stack[-1]
        stack.append(np.sin(top) + 1.0)
    last = stack.pop()
    return np.sum(last * stack[0])


case(lst_pop_and_insert_list, lambda: (_rng(80).standard_normal(3),))


def lst_listcomp_then_array(w, xs):
    preds = [np.dot(w, x) for x in xs]
    p = np.array(preds)
    return np.sum(np.log1p(np.exp(-p)))


case(lst_listcomp_then_array, lambda: (_rng(81).standard_normal(3), _rng(82).standard_normal((5, 3))))


def lst_running_mean(xs):
    means = []
    total = np.zeros_like(xs[0])
    for i, x in enumerate(xs):
        total = total + x
        means.append(total / (i + 1))
    return np.sum(np.stack(means) ** 2)


case(lst_running_mean, lambda: (_rng(83).standard_normal((4, 2)),))


def lst_zip_two_lists(ws, bs, x):
    h = x
    for W, b in zip(ws, bs):
        h = np.maximum(W @ h + b, 0.0) + 0.1 * (W @ h + b)
    return np.sum(h)


case(lst_zip_two_lists, lambda: ([_rng(84).standard_normal((3, 3)), _rng(85).standard_normal((3, 3))],
                                 [_rng(86).standard_normal(3) + 0.05, _rng(87).standard_normal(3) + 0.05],
                                 _rng(88).standard_normal(3)), wrt=(0, 1), hvp=False)


def lst_extend_and_reverse(x):
    parts = [x[:2]]
    parts.extend([x[2:] * 2.0, x[::-1]])
    parts = parts[::-1]
    return np.sum(np.concatenate(parts) * np.arange(6.0))


case(lst_extend_and_reverse, lambda: (_rng(89).standard_normal(3),))


# ======================================================================= in-place updates


def ip_augmented_chain(x):
    y = np.zeros_like(x)
    y += x ** 2
    y -= 0.5 * x
    y *= np.cos(x)
    y /= 1.0 + x ** 2
    return np.sum(y)


case(ip_augmented_chain, lambda: (_rng(90).standard_normal(5),))


def ip_slice_stores(x):
    n = x.shape[0]
    out = np.empty(n)
    k = n // 2
    out[:k] = np.exp(x[:k])
    out[k:] = np.sin(x[k:]) * x[:n - k]
    return np.sum(out ** 2)


case(ip_slice_stores, lambda: (_rng(91).standard_normal(6),))


def ip_fancy_store(x, w):
    idx = np.array([3, 0, 2])
    out = np.zeros(5)
    out[idx] = x[[0, 1, 2]] * w
    out[4] = np.sum(x)
    return np.sum(out * np.arange(1.0, 6.0) * out)


case(ip_fancy_store, lambda: (_rng(92).standard_normal(4), _rng(93).standard_normal(3)), wrt=(0, 1))


def ip_add_at(vals, idx):
    acc = np.zeros(4)
    np.add.at(acc, idx, vals)
    return np.sum(acc ** 2)


case(ip_add_at, lambda: (_rng(94).standard_normal(6), np.array([0, 1, 1, 3, 0, 0])), autograd=False)


def ip_repeated_index_iadd(vals):
    acc = np.zeros(4)
    acc[[0, 1, 1, 3]] += vals
    return np.sum(acc ** 2)


case(ip_repeated_index_iadd, lambda: (_rng(95).standard_normal(4),), autograd=False)


def ip_bincount_scatter(vals, idx):
    acc = np.bincount(idx, weights=vals, minlength=4)
    return np.sum(acc ** 2)


case(ip_bincount_scatter, lambda: (_rng(96).standard_normal(6), np.array([0, 1, 1, 3, 0, 0])), autograd=False)


def ip_mask_store(x):
    y = x.copy()
    y[y > 0] = np.sqrt(y[y > 0])
    return np.sum(y * x)


case(ip_mask_store, lambda: (_away(_rng(97).standard_normal(6)),), autograd=False)


def ip_mask_imul(x):
    y = x * 1.0
    y[x < 0] *= 0.1
    return np.sum(y ** 3)


case(ip_mask_imul, lambda: (_away(_rng(98).standard_normal(6)),), autograd=False)


def ip_mask_scalar_fill(x, w):
    y = w * x
    y[np.abs(x) > 1.0] = 0.0
    return np.sum(np.exp(y))


case(ip_mask_scalar_fill, lambda: (np.array([0.3, -1.4, 0.8, 2.0, -0.2]), 0.7), wrt=(0, 1), autograd=False)


def ip_row_col_updates(A):
    B = A.copy()
    B[0, :] = B[0, :] * 2.0
    B[:, 1] += A[:, 0]
    B[1:, 1:] -= np.outer(A[1:, 0], A[0, 1:])
    return np.sum(B ** 2)


case(ip_row_col_updates, lambda: (_rng(99).standard_normal((3, 3)),), autograd=False)


def ip_prefix_scan(x, a):
    y = np.zeros_like(x)
    y[0] = x[0]
    for i in range(1, x.shape[0]):
        y[i] = a * y[i - 1] + x[i]
    return np.sum(y ** 2)


case(ip_prefix_scan, lambda: (_rng(100).standard_normal(6), 0.8), wrt=(0, 1), autograd=False)


def ip_matrix_fill_loops(x):
    n = x.shape[0]
    K = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            K[i, j] = np.exp(-(x[i] - x[j]) ** 2)
    return np.sum(K @ x)


case(ip_matrix_fill_loops, lambda: (_rng(101).standard_normal(4),), autograd=False)


def ip_param_write_refused(x):
    x[0] = 1.0
    return np.sum(x ** 2)


case(ip_param_write_refused, lambda: (_rng(102).standard_normal(3),), autograd=False, hvp=False)


def ip_copyto_and_fill(x):
    y = np.empty_like(x)
    np.copyto(y, np.tanh(x))
    z = np.empty_like(x)
    z.fill(2.0)
    return np.sum(y * z * x)


case(ip_copyto_and_fill, lambda: (_rng(103).standard_normal(4),), autograd=False)


def ip_out_argument(a, b):
    out = np.empty_like(a)
    np.multiply(a, b, out=out)
    np.add(out, a, out=out)
    return np.sum(out ** 2)


case(ip_out_argument, lambda: (_rng(104).standard_normal(4), _rng(105).standard_normal(4)), wrt=(0, 1),
     autograd=False)


def ip_scalar_iadd_loop(xs):
    total = 0.0
    sq = 0.0
    for x in xs:
        total += x
        sq += x * x
    n = len(xs)
    return sq / n - (total / n) ** 2


case(ip_scalar_iadd_loop, lambda: (_rng(106).standard_normal(5),))


def ip_diag_update(A):
    M = A @ A.T
    M[np.diag_indices(3)] += 1.0
    return np.linalg.slogdet(M)[1]


case(ip_diag_update, lambda: (_rng(107).standard_normal((3, 3)),), autograd=False)


def ip_2d_fancy_pairs(A):
    B = np.zeros_like(A)
    rows = np.array([0, 1, 2])
    cols = np.array([2, 0, 1])
    B[rows, cols] = A[rows, cols] ** 2
    return np.sum(B @ A)


case(ip_2d_fancy_pairs, lambda: (_rng(108).standard_normal((3, 3)),), autograd=False)


def ip_ellipsis_and_newaxis(x):
    y = np.zeros((2,) + x.shape)
    y[0, ...] = x
    y[1] = x[..., ::-1] ** 2
    return np.sum(y[:, np.newaxis, :] * y[np.newaxis, :, :])


case(ip_ellipsis_and_newaxis, lambda: (_rng(109).standard_normal(3),), autograd=False)


# ======================================================================= views and aliases


def vw_write_through_slice_view(x):
    y = np.zeros(5)
    v = y[1:]
    v[:] = x[:4]
    return np.sum(y * np.arange(5.0)) + np.sum(v)


case(vw_write_through_slice_view, lambda: (_rng(110).standard_normal(5),), autograd=False, hvp=False)


def vw_transpose_after_write(w):
    A = np.zeros((3, 3))
    A[0] = w
    A[2] = w ** 2
    B = A.T
    return np.sum(B @ w)


case(vw_transpose_after_write, lambda: (_rng(111).standard_normal(3),), autograd=False)


def vw_reshape_copy_write(x):
    y = x.reshape(2, 3).copy()
    y[0, 1] = 0.0
    y[1] = y[1] * y[0]
    return np.sum(y ** 2)


case(vw_reshape_copy_write, lambda: (_rng(112).standard_normal(6),), autograd=False)


def vw_alias_then_rebind(x):
    y = x * 2.0
    z = y
    z = z * 3.0
    y += z
    return np.sum(y * z)


case(vw_alias_then_rebind, lambda: (_rng(113).standard_normal(3),), autograd=False)


def vw_alias_iadd_shared(x):
    y = x * 2.0
    z = y
    z += 1.0
    return np.sum(y * z)


case(vw_alias_iadd_shared, lambda: (_rng(114).standard_normal(3),), autograd=False, hvp=False)


def vw_read_views(x):
    A = x.reshape(3, 2)
    top = A[:2]
    col = A[:, 1]
    return np.sum(top.T @ top) + np.sum(col[::-1] * col)


case(vw_read_views, lambda: (_rng(115).standard_normal(6),))


def vw_ravel_flatten(A):
    a = A.ravel()
    b = A.flatten()
    c = A.T.reshape(-1)
    return np.sum(a * b * c)


case(vw_ravel_flatten, lambda: (_rng(116).standard_normal((2, 3)),))


def vw_view_of_fresh_then_write_base(x):
    y = np.ones(4)
    head = y[:2]
    y[0] = x[0] * 3.0
    return np.sum(head * x[:2])


case(vw_view_of_fresh_then_write_base, lambda: (_rng(117).standard_normal(4),), autograd=False, hvp=False)


def vw_swapaxes_moveaxis(T):
    a = np.swapaxes(T, 0, 2)
    b = np.moveaxis(T, 0, -1)
    return np.sum(a.reshape(-1) ** 2) + np.sum(b[..., 0] * b[..., 1])


case(vw_swapaxes_moveaxis, lambda: (_rng(118).standard_normal((2, 3, 2)),))


# ======================================================================= loops with jumps


def lp_newton_sqrt_while_break(a):
    x = a
    it = 0
    while True:
        nx = 0.5 * (x + a / x)
        it += 1
        if abs(nx - x) < 1e-12 or it > 50:
            x = nx
            break
        x = nx
    return x


case(lp_newton_sqrt_while_break, lambda: (2.7,))


def lp_while_continue(x):
    i = 0
    total = 0.0
    while i < len(x):
        i += 1
        if x[i - 1] < 0:
            continue
        total = total + x[i - 1] ** 3
    return total


case(lp_while_continue, lambda: (_away(_rng(119).standard_normal(6)),))


def lp_early_return_in_loop(x, thresh):
    acc = 0.0
    for i in range(len(x)):
        acc = acc + np.exp(x[i])
        if acc > thresh:
            return acc * x[i]
    return acc


case(lp_early_return_in_loop, lambda: (np.array([0.1, 0.5, 0.3, 1.2, 0.4]), 4.0))


def lp_nested_enumerate_zip(W, xs, ys):
    loss = 0.0
    for i, (x, y) in enumerate(zip(xs, ys)):
        p = W @ x
        for j, pj in enumerate(p):
            loss = loss + (j + 1) * (pj - y[j]) ** 2 / (i + 1)
    return loss


case(lp_nested_enumerate_zip, lambda: (_rng(120).standard_normal((2, 3)), _rng(121).standard_normal((3, 3)),
                                       _rng(122).standard_normal((3, 2))))


def lp_range_len_pairs(x):
    s = 0.0
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            s = s + 1.0 / (1.0 + (x[i] - x[j]) ** 2)
    return s


case(lp_range_len_pairs, lambda: (_rng(123).standard_normal(5),))


def lp_while_data_dependent(x):
    y = x
    n = 0
    while np.sum(y * y) > 0.1:
        y = 0.7 * y + 0.01 * np.sin(y)
        n += 1
    return np.sum(y) * n


case(lp_while_data_dependent, lambda: (np.array([1.0, -2.0, 0.5]),))


def lp_for_else(x):
    out = 0.0
    for v in x:
        if v > 10.0:
            out = v
            break
        out = out + v * v
    else:
        out = out * 2.0
    return out


case(lp_for_else, lambda: (_rng(124).standard_normal(4),))


def lp_break_inner_only(X):
    total = 0.0
    for row in X:
        for v in row:
            if v < -0.5:
                break
            total = total + np.exp(v)
    return total


case(lp_break_inner_only, lambda: (np.array([[0.2, 0.4, -0.9, 0.3], [0.1, -0.7, 0.5, 0.2], [0.3, 0.3, 0.3, 0.3]]),))


def lp_early_return_before_loop(x):
    if np.sum(x) < -100:
        return 0.0
    y = x
    for _ in range(3):
        y = y * np.tanh(y)
    return np.sum(y)


case(lp_early_return_before_loop, lambda: (_rng(125).standard_normal(3),))


def lp_bisection_root(c):
    lo, hi = 0.0, 10.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if mid ** 3 - c > 0:
            hi = mid
        else:
            lo = mid
    # the root is piecewise constant in c: differentiate one Newton step from it
    r = 0.5 * (lo + hi)
    return r - (r ** 3 - c) / (3 * r ** 2)


case(lp_bisection_root, lambda: (5.0,), tol=1e-3)


def lp_power_iteration(A):
    v = np.ones(A.shape[0]) / np.sqrt(A.shape[0])
    for _ in range(50):
        w = A @ v
        v = w / np.linalg.norm(w)
    return v @ A @ v


case(lp_power_iteration, lambda: (np.array([[3.0, 1.0, 0.2], [1.0, 2.0, 0.1], [0.2, 0.1, 1.0]]),), tol=1e-4)


def lp_while_else_counter(x):
    k = 0
    y = x
    while k < 4:
        y = y + 0.1 * np.cos(y)
        k += 1
    else:
        y = y * 2.0
    return np.sum(y)


case(lp_while_else_counter, lambda: (_rng(126).standard_normal(3),))


# ======================================================================= reductions and broadcasting


def rd_row_normalize_keepdims(X):
    P = np.exp(X)
    P = P / P.sum(axis=1, keepdims=True)
    return np.sum(P * np.arange(P.shape[1]))


case(rd_row_normalize_keepdims, lambda: (_rng(127).standard_normal((3, 4)),))


def rd_standardize_columns(X):
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    return np.sum(Z[:, 0] * Z[:, 1]) + np.sum(Z ** 3)


case(rd_standardize_columns, lambda: (_rng(128).standard_normal((6, 3)),))


def rd_var_ddof_axis(X):
    v = np.var(X, axis=1, ddof=1)
    s = X.std(axis=(0, 1))
    return np.sum(np.log(v)) + s


case(rd_var_ddof_axis, lambda: (_rng(129).standard_normal((3, 5)),))


def rd_prod_cumsum(x):
    c = np.cumsum(x)
    p = np.prod(1.0 + 0.1 * x)
    cp = np.cumprod(1.0 + 0.1 * x)
    return np.sum(c ** 2) + p + np.sum(cp)


case(rd_prod_cumsum, lambda: (_rng(130).standard_normal(5),))


def rd_max_axis_keepdims(X):
    m = X.max(axis=1, keepdims=True)
    return np.sum(np.exp(X - m)) + np.sum(m)


case(rd_max_axis_keepdims, lambda: (_rng(131).standard_normal((4, 3)),))


def rd_mean_of_3d_axes(T):
    a = T.mean(axis=(1, 2))
    b = np.sum(T, axis=0, keepdims=True)
    return np.sum(a ** 2) + np.sum(b * T)


case(rd_mean_of_3d_axes, lambda: (_rng(132).standard_normal((2, 3, 4)),))


def rd_negative_axis(X):
    return np.sum(np.sqrt(np.sum(X ** 2, axis=-1)))


case(rd_negative_axis, lambda: (_rng(133).standard_normal((4, 3)),))


def rd_method_reductions(X):
    return X.sum() * X.mean() + X.var() - X.min(axis=0).sum() + X.prod(axis=1).sum()


case(rd_method_reductions, lambda: (_rng(134).standard_normal((3, 3)),))


def bc_scalar_row_col(X, w, b):
    Y = X * w[None, :] + b[:, None] + 0.5
    return np.sum(np.tanh(Y))


case(bc_scalar_row_col, lambda: (_rng(135).standard_normal((3, 4)), _rng(136).standard_normal(4),
                                 _rng(137).standard_normal(3)), wrt=(0, 1, 2))


def bc_pairwise_distances(X):
    D = X[:, None, :] - X[None, :, :]
    d2 = np.sum(D ** 2, axis=-1)
    return np.sum(np.exp(-d2))


case(bc_pairwise_distances, lambda: (_rng(138).standard_normal((4, 2)),))


def bc_outer_via_broadcast(a, b):
    M = a[:, np.newaxis] * b
    return np.sum(M ** 2) + np.trace(M[:2, :2])


case(bc_outer_via_broadcast, lambda: (_rng(139).standard_normal(3), _rng(140).standard_normal(3)), wrt=(0, 1))


def bc_python_scalar_param(x, s):
    return np.sum((x - s) ** 2 / (2 * s ** 2))


case(bc_python_scalar_param, lambda: (_rng(141).standard_normal(4), 1.3), wrt=(0, 1))


def bc_expand_dims_reshape(x):
    y = np.expand_dims(x, 0) + x.reshape(-1, 1)
    return np.sum(np.squeeze(y[:, :1]) * x)


case(bc_expand_dims_reshape, lambda: (_rng(142).standard_normal(4),))


def bc_tile_repeat(x):
    t = np.tile(x, 2)
    r = np.repeat(x, 3)
    return np.sum(t * np.arange(t.size)) + np.sum(r ** 2)


case(bc_tile_repeat, lambda: (_rng(143).standard_normal(3),))


# ======================================================================= kinks: where, maximum, clip, abs


def kk_relu_mlp(W1, W2, X):
    H = np.maximum(X @ W1, 0.0)
    return np.sum((H @ W2) ** 2)


def _kk_mlp_in():
    r = _rng(144)
    return (r.standard_normal((3, 4)), r.standard_normal((4, 2)), r.standard_normal((5, 3)))


case(kk_relu_mlp, _kk_mlp_in, wrt=(0, 1))


def kk_where_branches(x):
    y = np.where(x > 0, np.log1p(x), np.expm1(x))
    return np.sum(y ** 2)


case(kk_where_branches, lambda: (_away(_rng(145).standard_normal(6)),))


def kk_where_safe_sqrt(x):
    safe = np.where(x > 0, x, 1.0)
    y = np.where(x > 0, np.sqrt(safe), 0.0)
    return np.sum(y * x)


case(kk_where_safe_sqrt, lambda: (_away(_rng(146).standard_normal(6)),))


def kk_clip_abs(x, lo):
    y = np.clip(x, lo, 1.0)
    return np.sum(np.abs(y) * x)


case(kk_clip_abs, lambda: (np.array([-2.0, -0.3, 0.4, 0.8, 1.5]), -0.5), wrt=(0, 1))


def kk_huber(r, delta):
    a = np.abs(r)
    quad = 0.5 * r ** 2
    lin = delta * (a - 0.5 * delta)
    return np.sum(np.where(a <= delta, quad, lin))


case(kk_huber, lambda: (np.array([-2.0, -0.3, 0.4, 1.7, 0.9]), 1.0), wrt=(0, 1))


def kk_minimum_maximum_pair(a, b):
    return np.sum(np.minimum(a, b) ** 2 + np.maximum(a, b) * a)


case(kk_minimum_maximum_pair, lambda: (np.array([0.1, 0.9, -0.5]), np.array([0.5, 0.2, -0.9])), wrt=(0, 1))


def kk_leaky_relu_loop(x):
    out = np.zeros_like(x)
    for i in range(x.shape[0]):
        if x[i] > 0:
            out[i] = x[i]
        else:
            out[i] = 0.01 * x[i]
    return np.sum(out ** 2)


case(kk_leaky_relu_loop, lambda: (_away(_rng(147).standard_normal(5)),), autograd=False)


def kk_hinge_loss(w, X, y):
    margins = 1.0 - y * (X @ w)
    return np.mean(np.maximum(0.0, margins)) + 0.1 * np.dot(w, w)


case(kk_hinge_loss, lambda: (np.array([0.3, -0.2, 0.5]), _rng(148).standard_normal((6, 3)),
                             np.array([1.0, -1.0, 1.0, 1.0, -1.0, -1.0])), hvp=False)


def kk_builtin_max_min_abs(a, b):
    return max(a, b) * min(a, 2.0 * b) + abs(a - b)


case(kk_builtin_max_min_abs, lambda: (0.7, 0.4), wrt=(0, 1))


def kk_sign_times_sqrt_abs(x):
    return np.sum(np.sign(x) * np.sqrt(np.abs(x)))


case(kk_sign_times_sqrt_abs, lambda: (_away(_rng(149).standard_normal(5)),))


def kk_where_with_int_condition(x, labels):
    is_pos = labels == 1
    return np.sum(np.where(is_pos, -np.log(x), -np.log(1.0 - x)))


case(kk_where_with_int_condition, lambda: (np.array([0.2, 0.7, 0.4, 0.9]), np.array([1, 0, 1, 0])))


# ======================================================================= linear algebra


def la_solve_quadratic(A, b):
    M = A @ A.T + np.eye(A.shape[0])
    x = np.linalg.solve(M, b)
    return b @ x


case(la_solve_quadratic, lambda: (_rng(150).standard_normal((3, 3)), _rng(151).standard_normal(3)), wrt=(0, 1))


def la_inv_trace(A):
    M = A + 3.0 * np.eye(3)
    return np.trace(np.linalg.inv(M) @ M.T)


case(la_inv_trace, lambda: (_rng(152).standard_normal((3, 3)),))


def la_det_logdet(A):
    M = A @ A.T + np.eye(3)
    sign, logdet = np.linalg.slogdet(M)
    return np.linalg.det(A) + logdet * sign


case(la_det_logdet, lambda: (_rng(153).standard_normal((3, 3)),))


def la_gp_nll(log_ell, x, y):
    ell = np.exp(log_ell)
    d = x[:, None] - x[None, :]
    K = np.exp(-0.5 * d ** 2 / ell ** 2) + 0.1 * np.eye(x.shape[0])
    L = np.linalg.cholesky(K)
    alpha = np.linalg.solve(L.T, np.linalg.solve(L, y))
    return 0.5 * y @ alpha + np.sum(np.log(np.diag(L)))


case(la_gp_nll, lambda: (0.2, np.linspace(0, 2, 5), np.sin(np.linspace(0, 2, 5))))


def la_norms(x, A):
    return np.linalg.norm(x) + np.linalg.norm(A, "fro") + np.linalg.norm(x, 1) + np.linalg.norm(A, axis=0).sum()


case(la_norms, lambda: (_away(_rng(154).standard_normal(4)), _rng(155).standard_normal((3, 3))), wrt=(0, 1))


def la_solve_matrix_rhs(A, B):
    M = A + 4.0 * np.eye(3)
    X = np.linalg.solve(M, B)
    return np.sum(X ** 2)


case(la_solve_matrix_rhs, lambda: (_rng(156).standard_normal((3, 3)), _rng(157).standard_normal((3, 2))),
     wrt=(0, 1))


def la_least_squares_normal_eq(X, y, lam):
    n = X.shape[1]
    w = np.linalg.solve(X.T @ X + lam * np.eye(n), X.T @ y)
    r = X @ w - y
    return r @ r


case(la_least_squares_normal_eq, lambda: (_rng(158).standard_normal((6, 3)), _rng(159).standard_normal(6), 0.5),
     wrt=(0, 2))


def la_mahalanobis(x, mu, L):
    S = L @ L.T + 0.5 * np.eye(2)
    d = x - mu
    return d @ np.linalg.inv(S) @ d + np.log(np.linalg.det(S))


case(la_mahalanobis, lambda: (_rng(160).standard_normal(2), _rng(161).standard_normal(2),
                              _rng(162).standard_normal((2, 2))), wrt=(1, 2))


def la_matrix_power_expm_taylor(A):
    M = 0.3 * A
    E = np.eye(3)
    term = np.eye(3)
    for k in range(1, 8):
        term = term @ M / k
        E = E + term
    return np.sum(E)


case(la_matrix_power_expm_taylor, lambda: (_rng(163).standard_normal((3, 3)),))


def la_eigh_top(A):
    S = A + A.T
    w, V = np.linalg.eigh(S)
    return w[-1] + np.sum(V[:, -1] ** 4)


case(la_eigh_top, lambda: (np.array([[2.0, 0.3, 0.1], [0.2, 1.0, 0.4], [0.0, 0.1, -1.0]]),), tol=1e-4)


def la_qr_r_diag(A):
    Q, R = np.linalg.qr(A)
    return np.sum(np.log(np.abs(np.diag(R))))


case(la_qr_r_diag, lambda: (_rng(164).standard_normal((4, 3)),))


def la_einsum_bilinear(x, W, y):
    return np.einsum("i,ij,j->", x, W, y) + np.einsum("ij,ij->", W, W)


case(la_einsum_bilinear, lambda: (_rng(165).standard_normal(3), _rng(166).standard_normal((3, 2)),
                                  _rng(167).standard_normal(2)), wrt=(0, 1, 2))


def la_batched_matmul(A, B):
    C = A @ B
    return np.sum(np.tanh(C)) + np.sum(np.matmul(A, A.transpose(0, 2, 1)))


case(la_batched_matmul, lambda: (_rng(168).standard_normal((2, 3, 3)), _rng(169).standard_normal((2, 3, 2))),
     wrt=(0, 1))


# ======================================================================= softmax / logsumexp by hand


def sm_softmax_xent(W, X, labels):
    logits = X @ W
    logits = logits - np.max(logits, axis=1, keepdims=True)
    p = np.exp(logits)
    p = p / np.sum(p, axis=1, keepdims=True)
    n = X.shape[0]
    return -np.mean(np.log(p[np.arange(n), labels]))


case(sm_softmax_xent, lambda: (_rng(170).standard_normal((3, 4)), _rng(171).standard_normal((5, 3)),
                               np.array([0, 3, 1, 2, 1])))


def sm_logsumexp_by_hand(x):
    m = x.max()
    return m + np.log(np.sum(np.exp(x - m)))


case(sm_logsumexp_by_hand, lambda: (np.array([0.3, 1.2, -0.5, 0.9]),))


def sm_log_softmax_onehot(logits, onehot):
    m = np.max(logits, axis=-1, keepdims=True)
    lse = m + np.log(np.sum(np.exp(logits - m), axis=-1, keepdims=True))
    return -np.sum(onehot * (logits - lse))


case(sm_log_softmax_onehot, lambda: (_rng(172).standard_normal((3, 4)), np.eye(4)[[1, 0, 3]]))


def sm_attention(Q, K, V):
    s = Q @ K.T / np.sqrt(Q.shape[1])
    s = s - s.max(axis=1, keepdims=True)
    a = np.exp(s)
    a /= a.sum(axis=1, keepdims=True)
    return np.sum((a @ V) ** 2)


case(sm_attention, lambda: (_rng(173).standard_normal((3, 2)), _rng(174).standard_normal((4, 2)),
                            _rng(175).standard_normal((4, 2))), wrt=(0, 1, 2), autograd=False)


def sm_logsumexp_loop(xs):
    m = -np.inf
    for x in xs:
        m = max(m, x)
    s = 0.0
    for x in xs:
        s += math.exp(x - m)
    return m + math.log(s)


case(sm_logsumexp_loop, lambda: ([0.3, 1.7, -0.4, 1.1],), autograd=False)


def sm_temperature(logits, T):
    z = logits / T
    z = z - np.max(z)
    p = np.exp(z) / np.exp(z).sum()
    return -np.sum(p * np.log(p))


case(sm_temperature, lambda: (np.array([0.3, 1.7, -0.4, 1.1]), 0.8), wrt=(0, 1))


# ======================================================================= ints and bools mixed in


def ib_gather_labels(E, ids):
    vecs = E[ids]
    return np.sum(vecs[:-1] * vecs[1:])


case(ib_gather_labels, lambda: (_rng(176).standard_normal((5, 3)), np.array([0, 3, 3, 1, 4])))


def ib_mask_float(x, mask):
    m = mask.astype(float)
    return np.sum(m * x ** 2) / np.sum(m)


case(ib_mask_float, lambda: (_rng(177).standard_normal(5), np.array([True, False, True, True, False])))


def ib_boolean_index_read(x):
    pos = x[x > 0]
    neg = x[x <= 0]
    return np.sum(pos ** 2) - np.sum(np.exp(neg))


case(ib_boolean_index_read, lambda: (_away(_rng(178).standard_normal(7)),))


def ib_int_power_and_count(x, n):
    k = int(np.sum(x > 0))
    return np.sum(x ** n) * (k + 1)


case(ib_int_power_and_count, lambda: (_away(_rng(179).standard_normal(5)), 3))


def ib_argmax_select(X):
    i = np.argmax(X[:, 0])
    j = int(np.argmin(X[i]))
    return X[i, j] * np.sum(X[i])


case(ib_argmax_select, lambda: (np.array([[0.1, 0.5, -0.3], [0.9, 0.2, 0.7], [0.4, -0.6, 0.3]]),))


def ib_sort_and_topk(x):
    idx = np.argsort(x)
    top = x[idx[-2:]]
    return np.sum(top ** 2) + np.sum(np.sort(x) * np.arange(x.size))


case(ib_sort_and_topk, lambda: (np.array([0.3, -1.2, 0.8, 2.1, -0.4]),))


def ib_int_array_arith(x):
    counts = np.array([1, 2, 3, 4])
    w = counts / counts.sum()
    return np.sum(w * x ** 2) + np.sum(counts * x)


case(ib_int_array_arith, lambda: (_rng(180).standard_normal(4),))


def ib_nonzero_indices(x):
    (idx,) = np.nonzero(x > 0.1)
    return np.sum(x[idx] ** 3)


case(ib_nonzero_indices, lambda: (np.array([0.5, -0.3, 0.9, 0.05, 1.4]),))


def ib_take_along_axis(X, idx):
    picked = np.take_along_axis(X, idx[:, None], axis=1)
    return np.sum(picked ** 2) + np.sum(np.take(X, [0, 2]))


case(ib_take_along_axis, lambda: (_rng(181).standard_normal((3, 4)), np.array([0, 3, 2])))


# ======================================================================= math on floats, 0-d, float32


def mt_math_chain(a, b):
    return math.exp(a) * math.sin(b) + math.log1p(a * a) + math.sqrt(b * b + 1.0) + math.atan2(a, b)


case(mt_math_chain, lambda: (0.4, 1.2), wrt=(0, 1), autograd=False)


def mt_math_in_loop(theta, n):
    s = 0.0
    for k in range(1, n + 1):
        s += math.cos(k * theta) / k + math.tanh(theta / k)
    return s


case(mt_math_in_loop, lambda: (0.6, 5), autograd=False)


def mt_math_hypot_erf_gamma(x):
    return math.hypot(x, 2.0) + math.erf(x) + math.lgamma(x + 2.0) + math.pow(x, 2.5)


case(mt_math_hypot_erf_gamma, lambda: (0.7,), autograd=False)


def mt_mixed_math_numpy(w, x):
    scale = math.exp(-0.5 * float(w[0]) ** 2) if False else np.exp(-0.5 * w[0] ** 2)
    return scale * np.sum(np.sin(w * x)) + math.pi * np.sum(w)


case(mt_mixed_math_numpy, lambda: (_rng(182).standard_normal(3), _rng(183).standard_normal(3)))


def mt_float_of_array(w):
    s = float(np.sum(w ** 2))
    return math.sqrt(s) * 2.0


case(mt_float_of_array, lambda: (_rng(184).standard_normal(3),), autograd=False)


def zd_zero_d_inputs(a, b):
    return np.sin(a) * np.exp(b) + a * b


case(zd_zero_d_inputs, lambda: (np.array(0.4), np.array(-0.3)), wrt=(0, 1))


def zd_zero_d_in_array_ops(s, x):
    return np.sum(s * x + s ** 2) * np.sum(np.array([s, 2.0 * s]))


case(zd_zero_d_in_array_ops, lambda: (np.array(1.3), _rng(185).standard_normal(3)))


def zd_item_and_scalar_index(x):
    a = x[()]
    return np.tanh(a) * a


case(zd_item_and_scalar_index, lambda: (np.array(0.8),))


def zd_numpy_float64_scalar(w):
    t = np.float64(0.5) * w
    return np.sum(np.cos(t))


case(zd_numpy_float64_scalar, lambda: (_rng(186).standard_normal(3),))


def f32_mlp(W, x):
    h = np.tanh(W @ x)
    return np.sum(h * h)


case(f32_mlp, lambda: (_rng(187).standard_normal((3, 4)).astype(np.float32),
                       _rng(188).standard_normal(4).astype(np.float32)), tol=2e-3, step=1e-4)


def f32_softmax_loss(z):
    z = z - z.max()
    p = np.exp(z) / np.exp(z).sum()
    return -np.log(p[2])


case(f32_softmax_loss, lambda: (np.array([0.1, 0.5, 1.2, -0.3], dtype=np.float32),), tol=2e-3, step=1e-4)


def f32_inplace_fill(x):
    y = np.zeros_like(x)
    y[1:] = x[:-1] * x[1:]
    y[0] = 1.0
    return np.sum(y ** 2)


case(f32_inplace_fill, lambda: (_rng(189).standard_normal(5).astype(np.float32),), tol=2e-3, step=1e-4,
     autograd=False)


def f32_mixed_with_float64_const(x):
    w = np.linspace(0.0, 1.0, x.shape[0])
    return np.sum(w * x ** 2)


case(f32_mixed_with_float64_const, lambda: (_rng(190).standard_normal(4).astype(np.float32),), tol=2e-3,
     step=1e-4)


def f32_reductions_keepdims(X):
    mu = X.mean(axis=0, keepdims=True)
    return np.sum((X - mu) ** 2) + np.linalg.norm(X)


case(f32_reductions_keepdims, lambda: (_rng(191).standard_normal((3, 2)).astype(np.float32),), tol=2e-3,
     step=1e-4)


# ======================================================================= scipy.special and scipy.stats


def sp_gammaln_nb(r, p, k):
    return np.sum(sps.gammaln(k + r) - sps.gammaln(r) - sps.gammaln(k + 1.0)
                  + r * np.log(p) + k * np.log1p(-p))


case(sp_gammaln_nb, lambda: (2.5, 0.3, np.array([0.0, 1.0, 4.0, 2.0])), wrt=(0, 1))


def sp_expit_logistic(w, X, y):
    p = sps.expit(X @ w)
    return -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))


case(sp_expit_logistic, lambda: (_rng(192).standard_normal(3), _rng(193).standard_normal((6, 3)),
                                 np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0])))


def sp_logsumexp_axis(X):
    return np.sum(sps.logsumexp(X, axis=1)) + sps.logsumexp(X)


case(sp_logsumexp_axis, lambda: (_rng(194).standard_normal((3, 4)),))


def sp_norm_logpdf(mu, log_sigma, x):
    return np.sum(stats.norm.logpdf(x, mu, np.exp(log_sigma)))


case(sp_norm_logpdf, lambda: (0.3, -0.2, _rng(195).standard_normal(5)), wrt=(0, 1))


def sp_norm_logpdf_kw(x, mu):
    return np.sum(stats.norm.logpdf(x, loc=mu, scale=2.0)) + np.sum(stats.norm.cdf(x))


case(sp_norm_logpdf_kw, lambda: (_rng(196).standard_normal(4), 0.5), wrt=(0, 1))


def sp_mixture_loglik(logits, mus, x):
    logw = logits - sps.logsumexp(logits)
    comp = stats.norm.logpdf(x[:, None], mus[None, :], 1.0) + logw[None, :]
    return np.sum(sps.logsumexp(comp, axis=1))


case(sp_mixture_loglik, lambda: (_rng(197).standard_normal(3), np.array([-1.0, 0.0, 1.5]),
                                 _rng(198).standard_normal(6)), wrt=(0, 1))


def sp_gamma_digamma(a):
    return np.sum(sps.gammaln(a) * sps.digamma(a))


case(sp_gamma_digamma, lambda: (np.array([0.7, 1.5, 3.2]),))


def sp_multivariate_normal(x, mean):
    cov = np.array([[2.0, 0.3], [0.3, 1.0]])
    return np.sum(stats.multivariate_normal.logpdf(x, mean, cov))


case(sp_multivariate_normal, lambda: (_rng(199).standard_normal((4, 2)), np.array([0.1, -0.2])), wrt=(0, 1))


def sp_t_and_gamma_logpdf(x, df, a):
    return np.sum(stats.t.logpdf(x, df)) + np.sum(stats.gamma.logpdf(np.abs(x) + 0.1, a))


case(sp_t_and_gamma_logpdf, lambda: (_away(_rng(200).standard_normal(4)), 3.0, 2.0), wrt=(0, 1, 2))


def sp_softmax_and_log_softmax(x):
    return np.sum(sps.softmax(x) * x) + np.sum(sps.log_softmax(x, axis=0)[:2])


case(sp_softmax_and_log_softmax, lambda: (_rng(201).standard_normal(4),), autograd=False)


def sp_xlogy_entropy(p):
    q = p / np.sum(p)
    return -np.sum(sps.xlogy(q, q))


case(sp_xlogy_entropy, lambda: (np.array([0.2, 0.5, 1.3, 0.7]),), autograd=False)


def sp_poisson_logpmf(log_mu, k):
    return np.sum(stats.poisson.logpmf(k, np.exp(log_mu)))


case(sp_poisson_logpmf, lambda: (np.array([0.1, 1.2, -0.3]), np.array([0, 3, 1])))


# ======================================================================= round 3b: harder mixes


class Ridge:
    def __init__(self, lam):
        self.lam = lam

    @s2sgrad.differentiate
    def loss(self, w, X, y):
        r = X @ w - y
        return r @ r + self.lam * (w @ w)


_RIDGE = Ridge(0.3)
case(_RIDGE.loss, lambda: (_rng(202).standard_normal(3), _rng(203).standard_normal((5, 3)),
                           _rng(204).standard_normal(5)), name="cls_decorated_method")


@dataclass
class Affine:
    W: np.ndarray
    b: np.ndarray

    def apply(self, x):
        return self.W @ x + self.b


def dc_method_on_input(p, x):
    return np.sum(np.tanh(p.apply(x)))


case(dc_method_on_input, lambda: (Affine(_rng(205).standard_normal((2, 3)), _rng(206).standard_normal(2)),
                                  _rng(207).standard_normal(3)))


def ip_chained_index_store(x):
    n = x.shape[0]
    A = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            A[i][j] = x[i] * x[j] + (i == j)
    return np.linalg.slogdet(A)[1]


case(ip_chained_index_store, lambda: (_rng(208).standard_normal(3),), autograd=False)


def ip_fill_diagonal(x):
    A = np.ones((3, 3)) * 0.1
    np.fill_diagonal(A, np.exp(x))
    return np.linalg.slogdet(A)[1]


case(ip_fill_diagonal, lambda: (_rng(209).standard_normal(3),), autograd=False)


def ip_np_array_copy_then_mask(x):
    y = np.array(x)
    y[y < 0] = 0.5 * y[y < 0]
    return np.sum(y ** 2)


case(ip_np_array_copy_then_mask, lambda: (_away(_rng(210).standard_normal(6)),), autograd=False)


def ip_plus_zero_copy(x):
    y = x + 0.0
    y[0] = y[0] ** 2
    y *= 1.5
    return np.sum(y * x)


case(ip_plus_zero_copy, lambda: (_rng(211).standard_normal(4),), autograd=False)


def ip_overlapping_windows(x, k):
    n = x.shape[0]
    out = np.zeros(n + k.shape[0] - 1)
    for i in range(n):
        out[i:i + k.shape[0]] += x[i] * k
    return np.sum(out ** 2)


case(ip_overlapping_windows, lambda: (_rng(212).standard_normal(5), _rng(213).standard_normal(3)), wrt=(0, 1),
     autograd=False)


def ip_strided_stores(x):
    y = np.zeros(2 * x.shape[0])
    y[::2] = x
    y[1::2] = x[::-1] ** 2
    y[::-3] *= 2.0
    return np.sum(y * np.arange(y.size))


case(ip_strided_stores, lambda: (_rng(214).standard_normal(4),), autograd=False)


def ip_swap_rows_fancy(A):
    B = A * 1.0
    B[[0, 1]] = B[[1, 0]]
    return np.sum(B * np.arange(9.0).reshape(3, 3)) + np.sum(B[0] ** 2)


case(ip_swap_rows_fancy, lambda: (_rng(215).standard_normal((3, 3)),), autograd=False)


def ip_where_index_store(x):
    y = np.zeros_like(x)
    idx = np.where(x > 0)
    y[idx] = np.log(x[idx])
    return np.sum(y * x)


case(ip_where_index_store, lambda: (_away(_rng(216).standard_normal(6)),), autograd=False)


def ip_sgd_unrolled_inplace(w0, X, y):
    w = w0.copy()
    for _ in range(4):
        g = X.T @ (X @ w - y) / y.shape[0]
        w -= 0.1 * g
    return np.sum((X @ w - y) ** 2)


case(ip_sgd_unrolled_inplace, lambda: (_rng(217).standard_normal(3), _rng(218).standard_normal((5, 3)),
                                       _rng(219).standard_normal(5)), wrt=(0, 1), autograd=False)


def ip_outer_accumulate(xs):
    C = np.zeros((xs.shape[1], xs.shape[1]))
    for x in xs:
        C += np.outer(x, x)
    C /= xs.shape[0]
    return np.trace(C @ C)


case(ip_outer_accumulate, lambda: (_rng(220).standard_normal((4, 3)),), autograd=False)


def ip_normalize_rows_loop(X):
    out = np.empty_like(X)
    for i, row in enumerate(X):
        out[i] = row / np.sum(row ** 2) ** 0.5
    return np.sum(out[:, 0] * out[:, 1])


case(ip_normalize_rows_loop, lambda: (_rng(221).standard_normal((3, 2)),), autograd=False)


def ip_swap_names_then_update(a, b):
    x = a * 1.0
    y = b * 2.0
    x, y = y, x
    x += y
    return np.sum(x * y)


case(ip_swap_names_then_update, lambda: (_rng(222).standard_normal(3), _rng(223).standard_normal(3)),
     wrt=(0, 1), autograd=False)


def ip_column_write_loop(x):
    M = np.zeros((2, x.shape[0]))
    for j in range(x.shape[0]):
        M[:, j] = np.array([np.cos(x[j]), np.sin(x[j])])
    return np.sum(M @ M.T)


case(ip_column_write_loop, lambda: (_rng(224).standard_normal(3),), autograd=False)


def ip_tril_inplace_mul(A):
    L = np.tril(A)
    L[np.diag_indices_from(L)] = np.exp(np.diag(A))
    S = L @ L.T
    return np.sum(np.linalg.inv(S + np.eye(3)))


case(ip_tril_inplace_mul, lambda: (_rng(225).standard_normal((3, 3)) * 0.5,), autograd=False)


def vw_reshape_view_write(x):
    y = np.zeros(6)
    Y = y.reshape(2, 3)
    Y[0, 0] = x[0]
    return np.sum(y) + np.sum(Y * x[0])


case(vw_reshape_view_write, lambda: (_rng(226).standard_normal(3),), autograd=False, hvp=False)


def vw_transpose_view_write(x):
    A = np.zeros((2, 3))
    A.T[0] = x[:2]
    return np.sum(A * 2.0) + np.sum(A ** 2)


case(vw_transpose_view_write, lambda: (_rng(227).standard_normal(3),), autograd=False, hvp=False)


def vw_row_view_inplace(x):
    A = np.outer(x, x)
    row = A[0]
    row *= 2.0
    return np.sum(A)


case(vw_row_view_inplace, lambda: (_rng(228).standard_normal(3),), autograd=False, hvp=False)


def vw_sort_copy_method(x):
    y = x.copy()
    y.sort()
    return np.sum(y * np.arange(y.size))


case(vw_sort_copy_method, lambda: (np.array([0.3, -1.2, 0.8, 2.1]),), autograd=False, hvp=False)


def lp_nested_while_for_break(x):
    total = 0.0
    i = 0
    while i < 3:
        for v in x:
            if v * (i + 1) > 2.0:
                break
            total = total + v * (i + 1)
        i += 1
    return total * np.sum(x)


case(lp_nested_while_for_break, lambda: (np.array([0.3, 0.5, 0.9, 0.2]),))


def _stats_helper(x, axis=0, eps=1e-3):
    m = np.mean(x, axis=axis)
    v = np.mean((x - m) ** 2, axis=axis)
    if np.any(v < 0):
        return m, None
    return m, np.sqrt(v + eps)


def _zscore(x, **kw):
    m, s = _stats_helper(x, **kw)
    return (x - m) / s


def lp_helper_chain_kwargs(X):
    Z = _zscore(X, axis=0, eps=0.01)
    return np.sum(Z[:, 0] ** 3) + np.sum(np.abs(Z[:, 1]))


case(lp_helper_chain_kwargs, lambda: (_rng(229).standard_normal((5, 2)),))


def _maybe_early(x, limit):
    for i in range(x.shape[0]):
        if x[i] > limit:
            return x[i] * 2.0, i
    return np.sum(x), -1


def lp_callee_early_return_tuple(x):
    v, i = _maybe_early(x, 0.8)
    return v * (i + 2.0) + np.sum(x ** 2)


case(lp_callee_early_return_tuple, lambda: (np.array([0.1, 0.4, 1.3, 0.2]),))


def lp_while_any(x):
    y = x.copy()
    k = 0
    while np.any(np.abs(y) > 0.5) and k < 20:
        y = y * 0.8
        k += 1
    return np.sum(y ** 2)


case(lp_while_any, lambda: (np.array([1.3, -0.7, 0.2]),))


def lp_continue_in_enumerate(ws, x):
    out = 0.0
    for i, w in enumerate(ws):
        if i % 2 == 1:
            continue
        out = out + np.sum(np.sin(w * x))
    return out


case(lp_continue_in_enumerate, lambda: ([_rng(230).standard_normal(3) for _ in range(4)], _rng(231).standard_normal(3)))


def lp_isinstance_dispatch(x, s):
    if isinstance(s, float):
        return np.sum(x * s)
    return np.sum(x)


case(lp_isinstance_dispatch, lambda: (_rng(232).standard_normal(3), 1.5), wrt=(0, 1))


def lp_dict_comprehension_params(x):
    params = {f"w{k}": x * (k + 1) for k in range(3)}
    return sum(np.sum(np.sin(v)) for v in params.values())


case(lp_dict_comprehension_params, lambda: (_rng(233).standard_normal(3),))


def lp_dict_copy_then_update(params, x):
    p = dict(params)
    p["W"] = p["W"] * 2.0
    q = params.copy()
    q["b"] = q["b"] + 1.0
    return np.sum(p["W"] @ x + q["b"]) + np.sum(params["W"])


case(lp_dict_copy_then_update, lambda: ({"W": _rng(234).standard_normal((2, 3)), "b": _rng(235).standard_normal(2)},
                                        _rng(236).standard_normal(3)), autograd=False)


def lp_namedtuple_in_loop(x):
    layers = []
    for k in range(2):
        layers.append(Layer(W=np.outer(x, x) * (k + 1), b=x * k))
    h = x
    for L in layers:
        h = np.tanh(L.W @ h + L.b)
    return np.sum(h)


case(lp_namedtuple_in_loop, lambda: (_rng(237).standard_normal(3) * 0.5,))


def lp_builtin_sum_over_array_rows(X):
    s = sum(X)
    return np.sum(s ** 2) + sum(np.sum(r) for r in X)


case(lp_builtin_sum_over_array_rows, lambda: (_rng(238).standard_normal((3, 2)),))


def lp_ndim_branch(x):
    if np.ndim(x) == 0:
        return x ** 2
    return np.sum(x ** 2)


case(lp_ndim_branch, lambda: (np.array(0.7),))


def np_reduction_where_kw(x):
    return np.sum(x ** 2, where=x > 0) + np.mean(x, where=x < 0.5)


case(np_reduction_where_kw, lambda: (_away(_rng(239).standard_normal(6)),), autograd=False)


def np_max_initial(x):
    return np.max(x, initial=0.25) + np.min(x ** 2, initial=10.0)


case(np_max_initial, lambda: (np.array([-0.3, 0.7, 0.1]),), autograd=False)


def np_average_weights(x):
    w = np.array([1.0, 2.0, 3.0, 4.0])
    return np.average(x ** 2, weights=w) + np.average(np.sin(x))


case(np_average_weights, lambda: (_rng(240).standard_normal(4),), autograd=False)


def np_clip_method_kw(x):
    return np.sum(x.clip(min=-0.5) ** 2) + np.sum(np.clip(x, None, 0.4))


case(np_clip_method_kw, lambda: (np.array([-1.0, -0.2, 0.3, 0.9]),), autograd=False)


def np_misc_array_builders(x):
    a = np.array([x[0], x[1] ** 2, 3.0])
    b = np.concatenate([x, [1.0]])
    c = np.append(x, x[0] * 2.0)
    return np.sum(a * b[:3]) + np.sum(c ** 2)


case(np_misc_array_builders, lambda: (_rng(241).standard_normal(3),), autograd=False)


def np_roll_flip_rot(A):
    return np.sum(np.roll(A, 1, axis=0) * A) + np.sum(np.flip(A) * np.rot90(A))


case(np_roll_flip_rot, lambda: (_rng(242).standard_normal((3, 3)),), autograd=False)


def np_triu_tril_kron(A):
    return np.sum(np.triu(A, 1) ** 2) + np.sum(np.tril(A) * A.T) + np.sum(np.kron(A[:2, :2], A[1:, 1:]))


case(np_triu_tril_kron, lambda: (_rng(243).standard_normal((3, 3)),), autograd=False)


def np_diff_cumsum_reverse(x):
    rc = np.cumsum(x[::-1])[::-1]
    return np.sum(np.diff(x) ** 2) + np.sum(rc * x)


case(np_diff_cumsum_reverse, lambda: (_rng(244).standard_normal(5),))


def np_polyval_convolve(p, x):
    y = np.polyval(p, x)
    c = np.convolve(p, p)
    return np.sum(y ** 2) + np.sum(c)


case(np_polyval_convolve, lambda: (_rng(245).standard_normal(3), np.linspace(-1, 1, 4)), autograd=False)


def np_dot_inner_vdot(a, B):
    return np.dot(a, B @ a) + np.inner(a, a) + np.vdot(B, B) + np.dot(B, B).sum()


case(np_dot_inner_vdot, lambda: (_rng(246).standard_normal(3), _rng(247).standard_normal((3, 3))), wrt=(0, 1))


def np_tensordot_einsum_batch(A, B):
    C = np.tensordot(A, B, axes=([1], [0]))
    D = np.einsum("bij,bjk->bik", A[None], B[None])
    return np.sum(C ** 2) + np.sum(D)


case(np_tensordot_einsum_batch, lambda: (_rng(248).standard_normal((2, 3)), _rng(249).standard_normal((3, 2))),
     wrt=(0, 1))


def np_astype_asarray(x):
    y = x.astype(np.float32).astype(np.float64)
    z = np.asarray(x, dtype=float)
    return np.sum(y * z)


case(np_astype_asarray, lambda: (_rng(250).standard_normal(3),), tol=1e-2)  # FD through float32 rounding


def np_log_clip_probs(w, X, y):
    p = 1.0 / (1.0 + np.exp(-(X @ w)))
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


case(np_log_clip_probs, lambda: (_rng(251).standard_normal(3), _rng(252).standard_normal((6, 3)),
                                 np.array([1.0, 0.0, 1.0, 1.0, 0.0, 0.0])))


def np_linalg_norm_axis_keepdims(X):
    U = X / np.linalg.norm(X, axis=1, keepdims=True)
    return np.sum(U @ U.T)


case(np_linalg_norm_axis_keepdims, lambda: (_rng(253).standard_normal((3, 2)),))


def np_linalg_norm_orders(x, A):
    return np.linalg.norm(x, np.inf) + np.linalg.norm(A, 2) + np.linalg.norm(A, "nuc") + np.linalg.norm(x, 3)


case(np_linalg_norm_orders, lambda: (np.array([0.3, -1.2, 0.8]), np.array([[2.0, 0.3], [0.1, 1.0]])), wrt=(0, 1),
     tol=1e-4)


def np_batched_inv_det(A):
    M = A + 3.0 * np.eye(2)
    return np.sum(np.linalg.inv(M)) + np.sum(np.linalg.det(M))


case(np_batched_inv_det, lambda: (_rng(254).standard_normal((3, 2, 2)),))


def np_trapezoid_integral(y, x):
    return np.trapezoid(y ** 2, x)


case(np_trapezoid_integral, lambda: (_rng(255).standard_normal(5), np.linspace(0.0, 1.0, 5)), wrt=(0, 1),
     autograd=False)


def np_linalg_lstsq_pinv(A, b):
    x = np.linalg.pinv(A) @ b
    return np.sum(x ** 2)


case(np_linalg_lstsq_pinv, lambda: (_rng(256).standard_normal((4, 2)), _rng(257).standard_normal(4)), wrt=(0, 1))


def np_nansum_const_nan(x):
    mask = np.array([1.0, np.nan, 1.0, 1.0])
    return np.nansum(x * mask) + np.nanmean(x ** 2 * mask)


case(np_nansum_const_nan, lambda: (_rng(258).standard_normal(4),), autograd=False)


def mt_fsum_and_prod(xs):
    return math.fsum([x * x for x in xs]) + math.prod(xs)


case(mt_fsum_and_prod, lambda: ([0.5, 1.5, -0.7],), autograd=False)


def f32_linalg_solve(A, b):
    M = A @ A.T + np.eye(3, dtype=np.float32)
    return np.sum(np.linalg.solve(M, b) ** 2)


case(f32_linalg_solve, lambda: (_rng(259).standard_normal((3, 3)).astype(np.float32),
                                _rng(260).standard_normal(3).astype(np.float32)), wrt=(0, 1), tol=3e-3, step=1e-3)


def f32_scalar_param_float32(x, s):
    return np.sum((x * s) ** 2)


case(f32_scalar_param_float32, lambda: (_rng(261).standard_normal(3).astype(np.float32), np.float32(1.5)),
     wrt=(0, 1), tol=2e-3, step=1e-3)


def f32_loop_inplace_rnn(W, xs):
    h = np.zeros(W.shape[0], dtype=np.float32)
    H = np.zeros((xs.shape[0], W.shape[0]), dtype=np.float32)
    for t in range(xs.shape[0]):
        h = np.tanh(W @ h + xs[t])
        H[t] = h
    return np.sum(H ** 2)


case(f32_loop_inplace_rnn, lambda: (_rng(262).standard_normal((3, 3)).astype(np.float32) * 0.5,
                                    _rng(263).standard_normal((4, 3)).astype(np.float32)), tol=3e-3, step=1e-3,
     autograd=False)


def sp_expit_mask_clip(z):
    p = sps.expit(z)
    p[p > 0.9] = 0.9
    return np.sum(np.log(p))


case(sp_expit_mask_clip, lambda: (np.array([0.3, 2.9, -1.0, 1.5]),), autograd=False)


def sp_logsumexp_b_weights(a):
    w = np.array([0.2, 0.3, 0.5])
    return sps.logsumexp(a, b=w) + sps.logsumexp(a[None, :] * np.ones((2, 1)), axis=1, keepdims=True).sum()


case(sp_logsumexp_b_weights, lambda: (np.array([0.3, 1.1, -0.4]),), autograd=False)


def sp_frozen_norm(x, mu):
    return np.sum(stats.norm(mu, 1.5).logpdf(x))


case(sp_frozen_norm, lambda: (_rng(264).standard_normal(3), 0.2), wrt=(0, 1), autograd=False, hvp=False)


def sp_expon_beta_logpdf(x, scale, a):
    return np.sum(stats.expon.logpdf(x, scale=scale)) + np.sum(stats.beta.logpdf(x / 3.0, a, 2.0))


case(sp_expon_beta_logpdf, lambda: (np.array([0.4, 1.1, 2.2]), 1.3, 2.5), wrt=(0, 1, 2), autograd=False)


def sp_gammaln_float_scalar(a, b):
    return sps.gammaln(a) + sps.gammaln(b) - sps.gammaln(a + b) + float(sps.betaln(a, b))


case(sp_gammaln_float_scalar, lambda: (1.7, 2.3), wrt=(0, 1), autograd=False)


# ======================================================================= round 3c: builders, ufunc methods, containers


def bd_linspace_endpoint(s):
    t = np.linspace(0.0, s, 5)
    return np.sum(np.sin(t))


case(bd_linspace_endpoint, lambda: (1.3,))


def bd_full_value(s, x):
    v = np.full(x.shape, s)
    return np.sum(v * x) + np.sum(np.full_like(x, s) ** 2)


case(bd_full_value, lambda: (0.7, _rng(265).standard_normal(3)), wrt=(0, 1), autograd=False)


def bd_zeros_plus_scalar(s, n):
    v = np.zeros(n) + s
    w = np.ones(n) * s ** 2
    return np.sum(v * np.arange(n)) + np.sum(w)


case(bd_zeros_plus_scalar, lambda: (0.7, 4))


def bd_array_of_floats(s, t):
    v = np.array([s, s * t, 2.0])
    M = np.array([[s, 0.0], [t, s]])
    return np.sum(v ** 2) + np.linalg.det(M)


case(bd_array_of_floats, lambda: (0.7, -1.2), wrt=(0, 1))


def bd_r_c_bias_column(X, w):
    Xb = np.c_[X, np.ones(X.shape[0])]
    v = np.r_[w, 0.5]
    return np.sum((Xb @ v) ** 2)


case(bd_r_c_bias_column, lambda: (_rng(266).standard_normal((4, 2)), _rng(267).standard_normal(2)), wrt=(0, 1),
     autograd=False)


def bd_column_stack_bias(X, w):
    Xb = np.column_stack([X, np.ones(X.shape[0])])
    Xh = np.hstack([X, np.ones((X.shape[0], 1))])
    return np.sum((Xb @ w) ** 2) + np.sum(Xh)


case(bd_column_stack_bias, lambda: (_rng(268).standard_normal((4, 2)), _rng(269).standard_normal(3)), wrt=(0, 1))


def bd_pad_meshgrid(x, y):
    P = np.pad(x, 1)
    A, B = np.meshgrid(x, y)
    return np.sum(P * np.arange(P.size)) + np.sum(A * B ** 2)


case(bd_pad_meshgrid, lambda: (_rng(270).standard_normal(3), _rng(271).standard_normal(2)), wrt=(0, 1),
     autograd=False)


def bd_broadcast_to_diag(x):
    B = np.broadcast_to(x, (3, x.shape[0]))
    D = np.diag(x)
    return np.sum(B * np.arange(3.0)[:, None]) + np.sum(D @ D) + np.sum(np.diag(D * 2.0))


case(bd_broadcast_to_diag, lambda: (_rng(272).standard_normal(3),))


def bd_eye_times_scalar(s, A):
    M = A + s * np.eye(A.shape[0])
    return np.linalg.slogdet(M)[1]


case(bd_eye_times_scalar, lambda: (2.5, _rng(273).standard_normal((3, 3))), wrt=(0, 1))


def uf_logaddexp_reduce(x):
    return np.logaddexp.reduce(x) + np.sum(np.logaddexp(x, 0.5))


case(uf_logaddexp_reduce, lambda: (_rng(274).standard_normal(4),), autograd=False)


def uf_add_multiply_reduce_outer(a, b):
    return np.add.reduce(a * b) + np.multiply.reduce(1.0 + 0.1 * a) + np.sum(np.subtract.outer(a, b) ** 2)


case(uf_add_multiply_reduce_outer, lambda: (_rng(275).standard_normal(3), _rng(276).standard_normal(3)),
     wrt=(0, 1), autograd=False)


def uf_maximum_accumulate(x):
    run = np.maximum.accumulate(x)
    return np.sum(run * np.arange(1.0, x.size + 1))


case(uf_maximum_accumulate, lambda: (np.array([0.3, 0.1, 0.9, 0.5, 1.4]),), autograd=False)


def uf_positional_axis(X):
    return np.sum(X.sum(0) ** 2) + np.sum(np.mean(X, 1) ** 2) + np.sum(X.max(0)) + np.sum(np.std(X, 0, ddof=1))


case(uf_positional_axis, lambda: (_rng(277).standard_normal((3, 4)),))


def uf_dot_method(X, w):
    return X.dot(w).dot(X.dot(w)) + X.T.dot(X).trace() + w.dot(w)


case(uf_dot_method, lambda: (_rng(278).standard_normal((4, 3)), _rng(279).standard_normal(3)), wrt=(0, 1))


def uf_powers(x, y):
    return np.sum(x ** 0.5 + x ** -1 + 2.0 ** y + x ** y + np.power(x, 3) + np.float_power(x, 1.5)
                  + pow(x, 2))


case(uf_powers, lambda: (np.array([0.5, 1.3, 2.2]), np.array([0.3, -0.4, 1.1])), wrt=(0, 1))


def uf_misc_elementwise(x):
    return np.sum(np.exp2(x) + np.log2(x) + np.log10(x) + np.cbrt(x) + np.hypot(x, 1.5) + np.arctan2(x, 2.0)
                  + np.sinc(x) + np.arcsinh(x) + np.sinh(x) + np.arctan(x) + np.deg2rad(x) + np.square(x)
                  + np.reciprocal(x))


case(uf_misc_elementwise, lambda: (np.array([0.5, 1.3, 2.2]),))


def uf_builtin_abs_round_divmod(x):
    q, r = divmod(x, 1.0)
    return np.sum(abs(x) * r + round(2.6) * x)


case(uf_builtin_abs_round_divmod, lambda: (np.array([0.5, 1.3, -2.2]),), autograd=False)


def uf_select_piecewise(x):
    y = np.select([x < -1.0, x > 1.0], [-(x ** 2), x ** 3], default=x)
    return np.sum(y)


case(uf_select_piecewise, lambda: (np.array([-1.6, -0.3, 0.4, 1.7]),), autograd=False)


def uf_interp_x(x):
    xp = np.array([0.0, 1.0, 2.0, 3.0])
    fp = np.array([0.0, 2.0, 1.0, 3.0])
    return np.sum(np.interp(x, xp, fp) ** 2)


case(uf_interp_x, lambda: (np.array([0.3, 1.6, 2.4]),), autograd=False)


def uf_median_percentile(x):
    return np.median(x) + np.percentile(x, 25) + np.quantile(x ** 2, 0.9)


case(uf_median_percentile, lambda: (np.array([0.31, 1.62, 2.43, -0.52, 0.97]),), autograd=False)


def uf_sort_index(x):
    s = np.sort(x)
    return s[1] * s[-1] + np.sum(np.cumsum(np.sort(x ** 2)[::-1]))


case(uf_sort_index, lambda: (np.array([0.31, 1.62, 2.43, -0.52, 0.97]),))


def uf_matrix_power_trace(A, B):
    return np.trace(np.linalg.matrix_power(A, 3)) + np.trace(A @ B) + np.sum(np.diagonal(B))


case(uf_matrix_power_trace, lambda: (_rng(280).standard_normal((3, 3)), _rng(281).standard_normal((3, 3))),
     wrt=(0, 1))


def uf_cumsum_axis(X):
    return np.sum(np.cumsum(X, axis=1) ** 2) + np.sum(X.cumsum() * X.ravel())


case(uf_cumsum_axis, lambda: (_rng(282).standard_normal((2, 3)),))


def ct_tolist_loop(x):
    total = 0.0
    for v in x.tolist():
        total = total + v * v
    return total


case(ct_tolist_loop, lambda: (_rng(283).standard_normal(3),), autograd=False)


def ct_item_scalar(x):
    a = x[0].item()
    b = x.sum().item()
    return a * b + np.sum(x)


case(ct_item_scalar, lambda: (_rng(284).standard_normal(3),), autograd=False)


def ct_tuple_of_array(x):
    a, b, c = x
    items = tuple(x)
    return a * b + c ** 2 + items[0] * items[2]


case(ct_tuple_of_array, lambda: (_rng(285).standard_normal(3),))


def ct_np_array_of_arrays(a, b):
    M = np.array([a, b, a + b])
    return np.sum(M.T @ M)


case(ct_np_array_of_arrays, lambda: (_rng(286).standard_normal(2), _rng(287).standard_normal(2)), wrt=(0, 1))


def ct_sum_dict_values(params):
    return sum(np.sum(v ** 2) for v in params.values()) + sum(params.values()).sum()


case(ct_sum_dict_values, lambda: ({"a": _rng(288).standard_normal(3), "b": _rng(289).standard_normal(3)},))


def ct_sorted_keys_loop(params, x):
    out = 0.0
    for k in sorted(params):
        out = out * 0.5 + np.sum(params[k] * x)
    return out


case(ct_sorted_keys_loop, lambda: ({"b": _rng(290).standard_normal(3), "a": _rng(291).standard_normal(3),
                                    "c": _rng(292).standard_normal(3)}, _rng(293).standard_normal(3)))


def ct_zip_star_pairs(pairs):
    xs, ys = zip(*pairs)
    return sum(x * y for x, y in zip(xs, ys)) + sum(xs) ** 2


case(ct_zip_star_pairs, lambda: ([(0.3, 1.2), (0.5, -0.7), (1.1, 0.4)],))


def ct_dict_pop_setdefault(params, x):
    p = dict(params)
    W = p.pop("W")
    b = p.setdefault("b", np.zeros(2))
    return np.sum((W @ x + b) ** 2) + sum(np.sum(v) for v in p.values())


case(ct_dict_pop_setdefault, lambda: ({"W": _rng(294).standard_normal((2, 3)), "c": _rng(295).standard_normal(2)},
                                      _rng(296).standard_normal(3)), autograd=False)


def ct_list_copy_and_list_call(ws, x):
    a = list(ws)
    a[0] = a[0] * 2.0
    b = ws[:]
    b[1] = b[1] + 1.0
    return np.sum(a[0] * x) + np.sum(b[1] * x) + np.sum(ws[1])


case(ct_list_copy_and_list_call, lambda: ([_rng(297).standard_normal(3), _rng(298).standard_normal(3)],
                                          _rng(299).standard_normal(3)), autograd=False)


def ct_dict_update_local(params, x):
    p = {"W": params["W"]}
    p.update({"b": params["b"] * 3.0})
    return np.sum(p["W"] @ x + p["b"])


case(ct_dict_update_local, lambda: ({"W": _rng(300).standard_normal((2, 3)), "b": _rng(301).standard_normal(2)},
                                    _rng(302).standard_normal(3)), autograd=False, hvp=False)


def ct_numpy_scalar_input(s, x):
    return np.sum(np.exp(s * x))


case(ct_numpy_scalar_input, lambda: (np.float64(0.4), _rng(303).standard_normal(3)), wrt=(0, 1))


def ct_bool_flag_param(x, normalize):
    y = x ** 2
    if normalize:
        y = y / np.sum(y)
    return np.sum(y * np.arange(y.size))


case(ct_bool_flag_param, lambda: (_rng(304).standard_normal(4), True))


def ct_string_option(x, kind="l2"):
    if kind == "l1":
        return np.sum(np.abs(x))
    elif kind == "l2":
        return np.sum(x ** 2)
    return np.max(x)


case(ct_string_option, lambda: (_rng(305).standard_normal(3), "l2"))


def ct_dict_of_lists(params, x):
    h = x
    for W, b in zip(params["Ws"], params["bs"]):
        h = np.tanh(W @ h + b)
    return np.sum(h)


case(ct_dict_of_lists, lambda: ({"Ws": [_rng(306).standard_normal((3, 3)), _rng(307).standard_normal((2, 3))],
                                 "bs": [_rng(308).standard_normal(3), _rng(309).standard_normal(2)]},
                                _rng(310).standard_normal(3)))


def nan_where_unsafe_sqrt(x):
    y = np.where(x > 0, np.sqrt(x), 0.0)
    return np.sum(y)


case(nan_where_unsafe_sqrt, lambda: (np.array([0.5, -0.3, 1.2, -1.1]),), hvp=False)  # NaN as autograd


def nan_where_log_of_negative(x):
    return np.sum(np.where(x > 0, np.log(x), x))


case(nan_where_log_of_negative, lambda: (np.array([0.5, -0.3, 1.2, -1.1]),))


def nan_nanmean_axis(X, w):
    Y = X * w
    return np.sum(np.nanmean(Y, axis=0) ** 2) + np.nanmax(Y)


case(nan_nanmean_axis, lambda: (np.array([[1.0, np.nan, 0.5], [0.2, 0.3, np.nan]]), np.array([0.7, -1.1, 2.0])),
     wrt=1, autograd=False)


def nan_mask_isnan_select(pred, y):
    ok = ~np.isnan(y)
    return np.sum((pred[ok] - y[ok]) ** 2)


case(nan_mask_isnan_select, lambda: (_rng(311).standard_normal(4), np.array([1.0, np.nan, 0.3, np.nan])))


def nan_where_isnan_fill(pred, y):
    r = np.where(np.isnan(y), 0.0, pred - y)
    return np.sum(r ** 2)


case(nan_where_isnan_fill, lambda: (_rng(312).standard_normal(4), np.array([1.0, np.nan, 0.3, np.nan])))


def la_scipy_cho_solve(A, b):
    M = A @ A.T + np.eye(3)
    c, low = sla.cho_factor(M)
    x = sla.cho_solve((c, low), b)
    return b @ x


case(la_scipy_cho_solve, lambda: (_rng(313).standard_normal((3, 3)), _rng(314).standard_normal(3)), wrt=(0, 1),
     autograd=False)


def la_solve_triangular(A, b):
    L = np.tril(A) + 3.0 * np.eye(3)
    x = sla.solve_triangular(L, b, lower=True)
    return np.sum(x ** 2)


case(la_solve_triangular, lambda: (_rng(315).standard_normal((3, 3)), _rng(316).standard_normal(3)), wrt=(0, 1),
     autograd=False)


def la_eigvalsh_sum(A):
    S = A @ A.T
    return np.sum(np.linalg.eigvalsh(S) ** 2)


case(la_eigvalsh_sum, lambda: (_rng(317).standard_normal((3, 3)),))


def la_mvn_cov_param(x, L):
    cov = L @ L.T + np.eye(2)
    return np.sum(stats.multivariate_normal.logpdf(x, np.zeros(2), cov))


case(la_mvn_cov_param, lambda: (_rng(318).standard_normal((3, 2)), _rng(319).standard_normal((2, 2))), wrt=1,
     autograd=False)


def la_solve_column_rhs(A, b):
    M = A + 3.0 * np.eye(3)
    x = np.linalg.solve(M, b[:, None])
    return np.sum(x ** 3)


case(la_solve_column_rhs, lambda: (_rng(320).standard_normal((3, 3)), _rng(321).standard_normal(3)), wrt=(0, 1))


def sp_log_expit_softplus(x):
    return np.sum(sps.log_expit(x)) + np.sum(np.logaddexp(0.0, -x))


case(sp_log_expit_softplus, lambda: (_rng(322).standard_normal(4),), autograd=False)


def sp_erf_erfc_ndtr(x):
    return np.sum(sps.erf(x) * sps.erfc(x)) + np.sum(sps.ndtr(x)) + np.sum(sps.log_ndtr(x))


case(sp_erf_erfc_ndtr, lambda: (_rng(323).standard_normal(4),), autograd=False)


def zd_zero_d_loop_carry(a, n):
    x = np.array(1.0)
    for _ in range(n):
        x = x * a + np.sin(x)
    return x


case(zd_zero_d_loop_carry, lambda: (np.array(0.6), 4))


def zd_zero_d_inplace(a):
    x = np.zeros(())
    x[()] = a * 2.0
    x += a
    return x * x


case(zd_zero_d_inplace, lambda: (np.array(0.6),), autograd=False)


def f32_zero_d(a):
    return np.exp(a) * a


case(f32_zero_d, lambda: (np.array(0.6, dtype=np.float32),), tol=2e-3, step=1e-3)


def f32_dict_params(params, x):
    return np.sum(np.tanh(params["W"] @ x) * params["s"])


case(f32_dict_params, lambda: ({"W": _rng(324).standard_normal((2, 3)).astype(np.float32),
                                "s": np.float32(1.5)}, _rng(325).standard_normal(3).astype(np.float32)),
     tol=3e-3, step=1e-3)


# ======================================================================= round 3d: aliases through loops, objects


def vw_rows_loop_inplace(x):
    Z = np.outer(x, x)
    for row in Z:
        row *= 2.0
    return np.sum(Z * x)


case(vw_rows_loop_inplace, lambda: (np.array([0.3, -0.7, 1.1]),), autograd=False, hvp=False)


def vw_copyto_slice_target(x):
    z = np.zeros(4)
    np.copyto(z[1:], x)
    return np.sum(z * np.arange(4.0))


case(vw_copyto_slice_target, lambda: (np.array([0.3, -0.7, 1.1]),), autograd=False, hvp=False)


def vw_inplace_add_own_transpose(x):
    A = np.outer(x, x) + np.eye(3)
    A += A.T
    return np.sum(A * A)


case(vw_inplace_add_own_transpose, lambda: (np.array([0.3, -0.7, 1.1]),), autograd=False)


def vw_overlapping_shift(x):
    y = x * 1.0
    y[1:] = y[:-1]
    return np.sum(y * np.arange(1.0, 4.0))


case(vw_overlapping_shift, lambda: (np.array([0.3, -0.7, 1.1]),), autograd=False)


def vw_overlapping_iadd(x):
    y = x * 1.0
    y[1:] += y[:-1]
    return np.sum(y ** 2)


case(vw_overlapping_iadd, lambda: (np.array([0.3, -0.7, 1.1]),), autograd=False)


class GaussDerived:
    def __init__(self, mu, log_s):
        self.mu = mu
        self.s = np.exp(log_s)

    def __call__(self, x):
        return np.sum(((x - self.mu) / self.s) ** 2)


def cls_init_computes_attribute(mu, log_s, x):
    return GaussDerived(mu, log_s)(x)


case(cls_init_computes_attribute, lambda: (_rng(326).standard_normal(3), 0.3, _rng(327).standard_normal(3)),
     wrt=(0, 1), hvp=False)


class TanhLayer:
    def __init__(self, W):
        self.W = W

    def __call__(self, x):
        return self.act(self.W @ x)

    def act(self, z):
        return np.tanh(z)


def cls_call_calls_method(W, x):
    return np.sum(TanhLayer(W)(x))


case(cls_call_calls_method, lambda: (_rng(328).standard_normal((3, 3)), _rng(329).standard_normal(3)), hvp=False)


class ModelWithClassConstant:
    SCALE = 2.5

    def __init__(self, X):
        self.X = X

    def loss(self, w):
        return self.SCALE * np.sum((self.X @ w) ** 2) + _sin_sum(self.X, w)


def _sin_sum(X, w):
    return np.sum(np.sin(X @ w))


_MCC = ModelWithClassConstant(_rng(330).standard_normal((4, 3)))
case(_MCC.loss, lambda: (_rng(331).standard_normal(3),), name="cls_class_constant_and_module_helper")


@dataclass
class DataclassModel:
    X: np.ndarray
    lam: float = 0.1

    def loss(self, w):
        return np.sum((self.X @ w - 1.0) ** 2) + self.lam * np.sum(w ** 2)


_DCM = DataclassModel(_rng(332).standard_normal((4, 3)))
case(_DCM.loss, lambda: (_rng(333).standard_normal(3),), name="dc_bound_method_of_dataclass")


class Sequential:
    def __init__(self, layers):
        self.layers = layers

    def __call__(self, x):
        for W in self.layers:
            x = np.tanh(W @ x)
        return x


def cls_sequential_list_attribute(W1, W2, x):
    net = Sequential([W1, W2])
    return np.sum(net(x))


case(cls_sequential_list_attribute, lambda: (_rng(334).standard_normal((3, 3)), _rng(335).standard_normal((2, 3)),
                                             _rng(336).standard_normal(3)), wrt=(0, 1))


def rd_cumprod_with_zero(x):
    return np.sum(np.cumprod(x))


case(rd_cumprod_with_zero, lambda: (np.array([0.0, 1.5, -0.7, 2.0]),), autograd=False)


def rd_prod_with_zero(x):
    return np.prod(x) + np.sum(np.prod(x.reshape(2, 2), axis=0))


case(rd_prod_with_zero, lambda: (np.array([0.0, 1.5, -0.7, 2.0]),), autograd=False)


# ======================================================================= round 3e: repeated indices (last write wins)

_DUP = np.array([0, 2, 0, 1, 2])


def _dup_v():
    return (np.array([0.3, -0.8, 1.2, 0.4, -1.5]),)


def dup_fancy_store_last_wins(v):
    y = np.zeros(3)
    y[_DUP] = v
    return np.sum(y * np.array([1.0, 2.0, 3.0])) + np.sum(np.exp(y))


case(dup_fancy_store_last_wins, _dup_v, autograd=False)


def dup_store_of_read_back(v):
    y = np.ones(3)
    y[_DUP] = y[_DUP] + v
    return np.sum(y ** 2)


case(dup_store_of_read_back, _dup_v, autograd=False)


def dup_imul_repeated(w):
    y = np.arange(1.0, 4.0) * w[:3]
    y[_DUP] *= w
    return np.sum(y ** 2)


case(dup_imul_repeated, _dup_v, autograd=False)


def dup_isub_repeated(v):
    y = np.zeros(3)
    y[_DUP] -= v ** 2
    return np.sum(y * np.array([1.0, 2.0, 3.0]))


case(dup_isub_repeated, _dup_v, autograd=False)


def dup_2d_column_store(v):
    Y = np.zeros((3, 2))
    Y[_DUP, 1] = v
    return np.sum(Y * np.arange(6.0).reshape(3, 2))


case(dup_2d_column_store, _dup_v, autograd=False)


def dup_mask_then_repeated_int(v):
    y = np.zeros(5)
    y[v > 0] = v[v > 0] * 2.0
    y[[1, 1]] = v[:2]
    return np.sum(y * np.arange(1.0, 6.0))


case(dup_mask_then_repeated_int, _dup_v, autograd=False)


def dup_store_in_loop(v):
    y = np.zeros(3)
    for k in range(len(_DUP)):
        y[_DUP[k]] = v[k] * (k + 1)
    return np.sum(y ** 2)


case(dup_store_in_loop, _dup_v, autograd=False)

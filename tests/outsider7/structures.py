"""Parameters as structures: nested dicts, lists of dicts, tuples of tuples, namedtuples and
dataclasses as parameters and as helpers' results, methods of a model class, one field as `wrt`,
dict comprehensions, **kwargs."""

import collections
import dataclasses
import types
import typing

import numpy as np

rng = np.random.default_rng(11)
X = rng.standard_normal((6, 3))
y = rng.standard_normal(6)
W1 = rng.standard_normal((3, 4)) * 0.5
b1 = rng.standard_normal(4) * 0.1
W2 = rng.standard_normal(4) * 0.5

Layer = collections.namedtuple("Layer", ["W", "b"])


class Dense(typing.NamedTuple):
    W: np.ndarray
    b: np.ndarray


@dataclasses.dataclass
class Params:
    W: np.ndarray
    b: np.ndarray
    scale: float = 1.0


@dataclasses.dataclass(frozen=True)
class Frozen:
    w: np.ndarray
    name: str = "frozen"


@dataclasses.dataclass
class Stats:
    mean: np.ndarray
    var: np.ndarray


def nested_dict(params):
    h = np.tanh(X @ params["enc"]["W"] + params["enc"]["b"])
    out = h @ params["dec"]["w"]
    return np.mean((out - y) ** 2)


def list_of_dicts(layers):
    h = X
    for layer in layers[:-1]:
        h = np.tanh(h @ layer["W"] + layer["b"])
    return np.sum((h @ layers[-1]["W"]) ** 2)


def tuple_of_tuples(params):
    (Wa, ba), (Wb,) = params
    return np.sum(np.sin(X @ Wa + ba) @ Wb)


def namedtuple_params(p):
    return np.sum((X @ p.W + p.b) ** 2)


def typed_namedtuple(p):
    W, b = p
    return np.sum(np.exp(-(X @ W + b) ** 2))


def dataclass_params(p):
    return np.sum(np.tanh(X @ p.W + p.b) * p.scale)


def frozen_dataclass(p):
    return np.sum(np.cos(X @ p.w))


def list_of_namedtuples(layers):
    h = X
    for L in layers:
        h = np.tanh(h @ L.W + L.b)
    return np.sum(h)


def _stats(x):
    m = x.mean(axis=0)
    return Stats(mean=m, var=((x - m) ** 2).mean(axis=0))


def dataclass_from_helper(x):
    s = _stats(x)
    return np.sum(s.mean ** 2 + np.log(s.var))


def _affine(x, W, b):
    return Layer(W=x @ W, b=b * 2.0)


def namedtuple_from_helper(W):
    r = _affine(X, W, b1)
    return np.sum(r.W * r.b)


def namedtuple_replace(p):
    q = p._replace(b=p.b * 0.5)
    return np.sum((X @ q.W + q.b) ** 2)


def dict_comprehension(w):
    params = {k: w * (i + 1.0) for i, k in enumerate(["a", "b", "c"])}
    return sum(np.sum(v ** 2) for v in params.values())


def dict_comprehension_sum(params):
    sq = {k: np.sum(v ** 2) for k, v in params.items()}
    return sq["W"] + 2.0 * sq["b"]


def _predict(x, **kw):
    return np.tanh(x @ kw["W"] + kw["b"])


def kwargs_helper(W):
    return np.sum(_predict(X, W=W, b=b1) ** 2)


def kwargs_unpack(params):
    return np.sum(_predict(X, **params) ** 2)


def _layer(x, W, b, act=np.tanh):
    return act(x @ W + b)


def kwargs_defaults(W):
    h = _layer(X, W, b1)
    h2 = _layer(X, W, b=b1, act=np.sin)
    return np.sum(h * h2)


class Model:
    def __init__(self):
        self.X = X
        self.y = y
        self.lam = 0.1

    def predict(self, w):
        return self.X @ w

    def loss(self, w):
        r = self.predict(w) - self.y
        return np.mean(r ** 2) + self.lam * np.sum(w ** 2)


class MLP:
    def __init__(self, sizes):
        self.sizes = sizes

    def forward(self, params, x):
        h = x
        for i in range(len(self.sizes) - 1):
            h = np.tanh(h @ params["W%d" % i] + params["b%d" % i])
        return h

    def loss(self, params):
        return np.sum(self.forward(params, X) ** 2)


MODEL = Model()
MLP_ = MLP([3, 4, 2])


def params_init(seed=0):
    r = np.random.default_rng(seed)
    return {"W0": r.standard_normal((3, 4)), "b0": np.zeros(4), "W1": r.standard_normal((4, 2)),
            "b1": np.zeros(2)}


def wrt_one_field(p, x):
    return np.sum((x @ p["W"] + p["b"]) ** 2)


def dict_update_loop(params):
    new = {}
    for k in params:
        new[k] = params[k] - 0.1 * params[k] ** 3
    return np.sum(new["W"]) + np.sum(new["b"] ** 2)


def dict_returned_by_helper(W):
    d = _grads_like(W)
    return np.sum(d["W"] * d["b"][None, :])


def _grads_like(W):
    return {"W": W * W, "b": W.sum(axis=0)}


def tuple_return_helper(x):
    m, v = _meanvar(x)
    return np.sum((x - m) ** 2 / v)


def _meanvar(x):
    m = np.mean(x, axis=0)
    return m, np.var(x, axis=0) + 1.0


def nested_list_params(ps):
    total = 0.0
    for group in ps:
        for p in group:
            total = total + np.sum(p ** 2)
    return total


def dataclass_list_field(m):
    return np.sum(m.W @ m.b) * m.scale


def namedtuple_vector_out(p):
    return np.tanh(X @ p.W + p.b).ravel()


def dict_vector_out(w):
    d = {"a": w * 2, "b": np.sin(w)}
    return np.concatenate([d["a"], d["b"]])


def stack_dict_values(params):
    v = np.stack([params[k] for k in sorted(params)])
    return np.sum(v ** 2 * np.arange(1.0, 4.0)[:, None])


def getattr_params(p):
    tot = 0.0
    for name in ("W", "b"):
        tot = tot + np.sum(getattr(p, name) ** 2)
    return tot


CASES = [
    dict(f=nested_dict, args=({"enc": {"W": W1.copy(), "b": b1.copy()}, "dec": {"w": W2.copy()}},)),
    dict(f=list_of_dicts, args=([{"W": W1.copy(), "b": b1.copy()}, {"W": W2.copy()}],)),
    dict(f=tuple_of_tuples, args=(((W1.copy(), b1.copy()), (W2.copy(),)),)),
    dict(f=namedtuple_params, args=(Layer(W1.copy(), b1.copy()),)),
    dict(f=typed_namedtuple, args=(Dense(W1.copy(), b1.copy()),)),
    dict(f=dataclass_params, args=(Params(W1.copy(), b1.copy(), 2.0),)),
    dict(f=frozen_dataclass, args=(Frozen(W1[:, 0].copy()),)),
    dict(f=list_of_namedtuples, args=([Layer(W1.copy(), b1.copy()), Layer(np.eye(4) * 0.5, b1.copy())],)),
    dict(f=dataclass_from_helper, args=(X.copy(),)),
    dict(f=namedtuple_from_helper, args=(W1.copy(),)),
    dict(f=namedtuple_replace, args=(Layer(W1.copy(), b1.copy()),)),
    dict(f=dict_comprehension, args=(b1.copy(),)),
    dict(f=dict_comprehension_sum, args=({"W": W1.copy(), "b": b1.copy()},)),
    dict(f=kwargs_helper, args=(W1.copy(),)),
    dict(f=kwargs_unpack, args=({"W": W1.copy(), "b": b1.copy()},)),
    dict(f=kwargs_defaults, args=(W1.copy(),)),
    dict(f=MODEL.loss, args=(W1[:, 0].copy(),), skip=("cli", "cli_fwd", "cli_sa"), name="model_method"),
    dict(f=MLP_.loss, args=(params_init(),), skip=("cli", "cli_fwd", "cli_sa"), name="mlp_method"),
    dict(f=wrt_one_field, args=({"W": W1.copy(), "b": b1.copy()}, X.copy()), alt=1),
    dict(f=dict_update_loop, args=({"W": W1.copy(), "b": b1.copy()},)),
    dict(f=dict_returned_by_helper, args=(W1.copy(),)),
    dict(f=tuple_return_helper, args=(X.copy(),)),
    dict(f=nested_list_params, args=([[W1.copy(), b1.copy()], [W2.copy()]],)),
    dict(f=dataclass_list_field, args=(Params(W1.copy(), b1.copy(), 0.5),)),
    dict(f=namedtuple_vector_out, args=(Layer(W1[:, :2].copy(), b1[:2].copy()),), out="vector"),
    dict(f=dict_vector_out, args=(b1.copy(),), out="vector"),
    dict(f=stack_dict_values, args=({"c": b1.copy(), "a": W2.copy(), "b": b1 * 2},)),
    dict(f=getattr_params, args=(Layer(W1.copy(), b1.copy()),)),
]


Hyper = collections.namedtuple("Hyper", ["w", "power", "name"])


@dataclasses.dataclass
class Config:
    w: np.ndarray
    steps: int
    tag: str = "run"


def namedtuple_int_field(p):
    return np.sum(np.abs(p.w) ** p.power)


def dataclass_int_field(c):
    s = 0.0
    for i in range(c.steps):
        s = s + np.sum(np.sin(c.w * (i + 1)))
    return s


CASES += [
    # cli_fwd: the driver would pass the int field's value as its tangent
    dict(f=namedtuple_int_field, args=(Hyper(W2.copy(), 3, "cubic"),), skip=("cli_fwd",)),
    dict(f=dataclass_int_field, args=(Config(W2.copy(), 3),), skip=("cli_fwd",)),
]


def dict_with_string_entry(p):
    return np.sum(p["W"] ** 2) * (1.0 if p["act"] == "sq" else 2.0)


def dict_with_none_entry(p):
    return np.sum(p["W"] ** 2) + (0.0 if p["b"] is None else np.sum(p["b"]))


def dict_with_int_entry(p):
    h = p["W"]
    for _ in range(p["n"]):
        h = np.tanh(h)
    return np.sum(h ** 2)


CASES += [
    dict(f=dict_with_string_entry, args=({"W": W2.copy(), "act": "sq"},)),
    dict(f=dict_with_none_entry, args=({"W": W2.copy(), "b": None},)),
    dict(f=dict_with_int_entry, args=({"W": W2.copy(), "n": 2},), skip=("cli_fwd",)),
]


class TwoArrays:
    def __init__(self, W, b):
        self.W, self.b = W, b


def namespace_params(p):
    return np.sum(np.tanh(X @ p.W + p.b) ** 2)


def tuple_assign_init_class(p):
    return np.sum(np.tanh(X @ p.W + p.b) ** 2)


def ordereddict_params(p):
    return np.sum(np.tanh(X @ p["W"] + p["b"]) ** 2)


CASES += [
    dict(f=namespace_params, args=(types.SimpleNamespace(W=W1.copy(), b=b1.copy()),)),
    dict(f=tuple_assign_init_class, args=(TwoArrays(W1.copy(), b1.copy()),)),
    dict(f=ordereddict_params, args=(collections.OrderedDict(W=W1.copy(), b=b1.copy()),)),
]


def layer_indexed_dict(p):
    h = X
    for i in range(len(p)):
        h = np.tanh(h @ p[i])
    return np.sum(h ** 2)


def tuple_keyed_dict(p):
    return np.sum((X @ p[("enc", 0)]) ** 2) + np.sum(p[("enc", 1)] ** 2)


def dict_get_array_default(p):
    b = p.get("b", np.zeros(4))
    return np.sum((X @ p["W"] + b) ** 2)


def dict_merge_display(p):
    q = {**p, "b": p["b"] * 2}
    return np.sum((X @ q["W"] + q["b"]) ** 2)


CASES += [
    dict(f=layer_indexed_dict, args=({0: W1.copy(), 1: np.eye(4) * 0.7},)),
    dict(f=tuple_keyed_dict, args=({("enc", 0): W1.copy(), ("enc", 1): b1.copy()},)),
    dict(f=dict_get_array_default, args=({"W": W1.copy()},)),
    dict(f=dict_merge_display, args=({"W": W1.copy(), "b": b1.copy()},)),
]


@dataclasses.dataclass(frozen=True)
class State:
    x: np.ndarray
    v: np.ndarray


def dataclass_replace_sim(k):
    s = State(x=np.array([1.0, 0.0]), v=np.array([0.0, 1.0]))
    for _ in range(10):
        a = -k * s.x
        s = dataclasses.replace(s, v=s.v + 0.1 * a)
        s = dataclasses.replace(s, x=s.x + 0.1 * s.v)
    return np.sum(s.x ** 2)


def namedtuple_state_loop(k):
    s = Layer(W=np.array([1.0, 0.0]), b=np.array([0.0, 1.0]))
    for _ in range(10):
        s = s._replace(b=s.b - 0.1 * k * s.W)
        s = s._replace(W=s.W + 0.1 * s.b)
    return np.sum(s.W ** 2)


def dict_state_loop(k):
    s = {"x": np.array([1.0, 0.0]), "v": np.array([0.0, 1.0])}
    for _ in range(10):
        s["v"] = s["v"] - 0.1 * k * s["x"]
        s["x"] = s["x"] + 0.1 * s["v"]
    return np.sum(s["x"] ** 2)


CASES += [
    dict(f=dataclass_replace_sim, args=(1.3,)),
    dict(f=namedtuple_state_loop, args=(1.3,)),
    dict(f=dict_state_loop, args=(1.3,)),
]

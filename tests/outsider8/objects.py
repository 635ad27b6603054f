"""Objects as people write them around numerical code: classes with `__call__`, static and class
methods, properties, dataclasses with defaults and methods, namedtuples, parameters as records,
models built from layers, simple simulators with state."""

from collections import namedtuple
from dataclasses import dataclass, field

import numpy as np

Pend = namedtuple("Pend", ["length", "damping"])
Gauss = namedtuple("Gauss", "mu log_sigma")


class Quadratic:
    def __init__(self, A, b):
        self.A = A
        self.b = b

    def __call__(self, x):
        return 0.5 * x @ self.A @ x - self.b @ x


def call_object(x):
    q = Quadratic(np.array([[2.0, 0.5], [0.5, 1.0]]), np.array([1.0, -1.0]))
    return q(x) + q(2 * x)


class Poly:
    def __init__(self, coeffs):
        self.coeffs = coeffs

    @staticmethod
    def horner(coeffs, x):
        y = 0.0
        for c in coeffs[::-1]:
            y = y * x + c
        return y

    def __call__(self, x):
        return Poly.horner(self.coeffs, x)


def static_method_user(x):
    p = Poly(np.array([1.0, -0.5, 0.25]))
    return np.sum(p(x) ** 2)


class Units:
    factor = 2.5

    @classmethod
    def convert(cls, x):
        return x * cls.factor

    @property
    def half(self):
        return self.factor / 2


def classmethod_user(x):
    return np.sum(Units.convert(x) ** 2) + Units().half * np.sum(x)


class Box:
    def __init__(self, lo, hi):
        self.lo = lo
        self.hi = hi

    @property
    def width(self):
        return self.hi - self.lo

    def center(self):
        return 0.5 * (self.lo + self.hi)


def property_user(lo, hi):
    b = Box(lo, hi)
    return np.sum(b.width ** 2 * b.center())


@dataclass
class Layer:
    W: np.ndarray
    b: np.ndarray
    act: str = "tanh"

    def forward(self, x):
        z = self.W @ x + self.b
        if self.act == "tanh":
            return np.tanh(z)
        return np.maximum(z, 0.0)


def dataclass_param_loss(layer, x):
    return np.sum(layer.forward(x) ** 2)


@dataclass
class Config:
    lr: float = 0.1
    steps: int = 5
    weights: list = field(default_factory=lambda: [1.0, 2.0])


def dataclass_default_factory(x):
    cfg = Config()
    y = x
    for _ in range(cfg.steps):
        y = y - cfg.lr * (y - cfg.weights[0]) * cfg.weights[1]
    return np.sum(y ** 2)


def namedtuple_param(p, theta0):
    g = 9.81
    theta, omega = theta0, 0.0
    dt = 0.05
    for _ in range(20):
        omega = omega - dt * (g / p.length * np.sin(theta) + p.damping * omega)
        theta = theta + dt * omega
    return theta


def namedtuple_made_inside(x):
    g = Gauss(mu=np.mean(x), log_sigma=np.log(np.std(x)))
    return np.sum(-0.5 * ((x - g.mu) / np.exp(g.log_sigma)) ** 2 - g.log_sigma)


def namedtuple_replace_loop(p, x):
    for _ in range(3):
        p = p._replace(mu=p.mu + 0.1 * np.sum(x - p.mu))
    return p.mu ** 2 + np.exp(p.log_sigma)


class MLP:
    def __init__(self, sizes, seed=0):
        rng = np.random.default_rng(seed)
        self.params = [(rng.standard_normal((m, n)) * 0.5, np.zeros(m)) for n, m in zip(sizes[:-1], sizes[1:])]

    def loss(self, params, x, y):
        h = x
        for W, b in params[:-1]:
            h = np.tanh(W @ h + b)
        W, b = params[-1]
        return np.sum((W @ h + b - y) ** 2)


MODEL = MLP([3, 4, 2])


def method_of_module_object(params, x):
    return MODEL.loss(params, x, np.array([0.5, -0.5]))


class Particle:
    def __init__(self, pos, vel):
        self.pos = pos
        self.vel = vel

    def step(self, dt):
        self.vel = self.vel - dt * self.pos
        self.pos = self.pos + dt * self.vel


def stateful_object_mutated(x0):
    p = Particle(x0, np.zeros_like(x0))
    for _ in range(10):
        p.step(0.1)
    return np.sum(p.pos ** 2)


class Accumulator:
    def __init__(self):
        self.total = 0.0
        self.items = []

    def add(self, v):
        self.total = self.total + v
        self.items.append(v)


def accumulator_object(x):
    acc = Accumulator()
    for v in x:
        acc.add(v * v)
    return acc.total + acc.items[0]


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def __call__(self, x):
        return self.W @ x + self.b


def callable_layers_list(W, x):
    layers = [Affine(W, np.zeros(2)), Affine(W.T @ W, np.ones(2))]
    h = x
    for layer in layers:
        h = np.tanh(layer(h))
    return np.sum(h)


class Base:
    def energy(self, x):
        return np.sum(self.k * x ** 2)


class Spring(Base):
    def __init__(self, k):
        self.k = k


def inherited_method(x):
    return Spring(2.0).energy(x)


def dict_of_namedtuples(params, x):
    total = 0.0
    for name, g in params.items():
        total += np.sum((x - g.mu) ** 2 * np.exp(-g.log_sigma))
    return total


@dataclass(frozen=True)
class Kernel:
    ell: float
    sf: float

    def __call__(self, a, b):
        return self.sf ** 2 * np.exp(-0.5 * (a - b) ** 2 / self.ell ** 2)


def frozen_dataclass_kernel(k, x):
    K = k(x[:, None], x[None, :])
    return np.sum(K)


def list_of_dicts_params(params, x):
    h = x
    for p in params:
        h = np.tanh(p["w"] * h + p["b"])
    return np.sum(h)


def tuple_of_arrays_state(state, u):
    pos, vel = state
    for _ in range(5):
        pos, vel = pos + 0.1 * vel, vel + 0.1 * (u - pos)
    return np.sum(pos ** 2) + np.sum(vel)


class Counter:
    count = 0

    def __init__(self, scale):
        self.scale = scale

    def apply(self, x):
        return x * self.scale


def object_from_argument_scale(x, s):
    c = Counter(s)
    return np.sum(c.apply(x) ** 2)


def getattr_by_name(x):
    fn = getattr(np, "tanh")
    return np.sum(fn(x) ** 2)


def dict_dispatch_table(x, kind):
    table = {"sq": lambda v: v * v, "cube": lambda v: v ** 3}
    return np.sum(table[kind](x))


rng = np.random.default_rng(21)
x2 = np.array([0.4, -0.7])
x3 = np.array([0.3, -0.6, 0.8])
x4 = np.array([0.3, -0.6, 0.8, 0.2])

CASES = [
    dict(f=call_object, args=(x2,)),
    dict(f=static_method_user, args=(x3,)),
    dict(f=classmethod_user, args=(x3,)),
    dict(f=property_user, args=(x3, x3 + 1.0), wrt=0, alt="hi"),
    dict(f=dataclass_param_loss, args=(Layer(rng.standard_normal((2, 3)), np.zeros(2)), x3), wrt=0, alt="x"),
    dict(f=dataclass_param_loss, args=(Layer(rng.standard_normal((2, 3)), np.array([0.5, 0.3]), act="relu"), x3),
         name="dataclass_param_loss_relu"),
    dict(f=dataclass_default_factory, args=(x3,)),
    dict(f=namedtuple_param, args=(Pend(1.2, 0.3), 0.4), wrt=0, alt="theta0"),
    dict(f=namedtuple_made_inside, args=(x4,)),
    dict(f=namedtuple_replace_loop, args=(Gauss(0.2, -0.3), x4), wrt=0, alt="x"),
    dict(f=method_of_module_object, args=(MODEL.params, x3), wrt=0, alt="x"),
    dict(f=stateful_object_mutated, args=(x3,)),
    dict(f=accumulator_object, args=(x3,)),
    dict(f=callable_layers_list, args=(np.array([[0.5, -0.2], [0.3, 0.8]]), x2), wrt=0, alt="x"),
    dict(f=inherited_method, args=(x3,)),
    dict(f=dict_of_namedtuples, args=({"a": Gauss(0.1, 0.2), "b": Gauss(-0.3, 0.1)}, x3), wrt=0, alt="x"),
    dict(f=frozen_dataclass_kernel, args=(Kernel(0.7, 1.3), x3), wrt=0, alt="x"),
    dict(f=list_of_dicts_params, args=([{"w": 0.5, "b": 0.1}, {"w": -1.2, "b": 0.3}], x3), wrt=0, alt="x"),
    dict(f=tuple_of_arrays_state, args=((x2, x2[::-1].copy()), x2 * 0.5), wrt=0, alt="u"),
    dict(f=object_from_argument_scale, args=(x3, 1.7), wrt=0, alt="s"),
    dict(f=getattr_by_name, args=(x3,)),
    dict(f=dict_dispatch_table, args=(x3, "cube")),
]

"""Callables passed around: partials, dicts of activations chosen by a string, lists of lambdas,
closures over arrays, decorators on helpers, methods, static and class methods, properties,
generator functions."""

import functools
import math
from functools import partial

import numpy as np

rng = np.random.default_rng(61)
X = rng.standard_normal((6, 3))
Y = rng.standard_normal(6)
W0 = rng.standard_normal(3)


# ---- functools.partial of a loss

def mse(w, X, y, reg):
    r = X @ w - y
    return np.mean(r ** 2) + reg * np.sum(w ** 2)


def partial_loss_inside(w):
    loss = partial(mse, X=X, y=Y, reg=0.1)
    return loss(w)


def partial_positional(w, scale):
    f = functools.partial(np.multiply, scale)
    return np.sum(np.sin(f(w)))


def apply_partial(fn, w):
    return fn(w) * 2.0


def partial_passed(w):
    return apply_partial(partial(mse, X=X, y=Y, reg=0.01), w)


# ---- dict of activations chosen by a string key

def relu(z):
    return np.maximum(z, 0.0)


def softplus(z):
    return np.log1p(np.exp(z))


ACTS = {"tanh": np.tanh, "relu": relu, "softplus": softplus, "sigmoid": lambda z: 1 / (1 + np.exp(-z))}


def mlp_act_by_name(w, x, act="softplus"):
    h = ACTS[act](x * w)
    return np.sum(h ** 2)


def mlp_act_local_dict(w, x):
    acts = {"a": np.tanh, "b": softplus}
    total = 0.0
    for name in ["a", "b"]:
        total = total + np.sum(acts[name](w * x))
    return total


def act_sigmoid_global_lambda(w, x):
    return np.sum(ACTS["sigmoid"](x @ w))


# ---- a list of lambdas applied in a loop

def lambdas_in_loop(x):
    fs = [lambda v: v * 2.0, lambda v: np.sin(v), lambda v: v ** 2]
    for f in fs:
        x = f(x)
    return np.sum(x)


def lambdas_global(x):
    for f in PIPELINE:
        x = f(x)
    return np.sum(x)


PIPELINE = [np.tanh, lambda v: v * 3.0, np.exp]


def func_list_zip(x, c):
    out = 0.0
    for fn, ci in zip([np.sin, np.cos, np.tanh], c):
        out = out + ci * np.sum(fn(x))
    return out


# ---- a function returning a closure over arrays

def make_quadratic(A, b):
    def q(x):
        return 0.5 * x @ A @ x - b @ x
    return q


A_SPD = X.T @ X + np.eye(3)


def closure_factory_call(x):
    q = make_quadratic(A_SPD, W0)
    return q(x)


def closure_over_param(w, x):
    def pred(v):
        return np.tanh(v @ w)
    return np.sum(pred(x) ** 2)


def nested_closure_two_levels(w):
    def outer(a):
        def inner(b):
            return a * b + w
        return inner(a)
    return np.sum(outer(w) ** 2)


# ---- decorators on helpers

def logged(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper


@logged
def layer_logged(w, x):
    return np.tanh(x @ w)


def uses_logged_helper(w):
    return np.sum(layer_logged(w, X) ** 2)


def memoize(fn):
    cache = {}

    def wrapper(n):
        if n not in cache:
            cache[n] = fn(n)
        return cache[n]
    return wrapper


@memoize
def coeff(n):
    return 1.0 / math.factorial(n)


def exp_series_memo(x):
    total = np.zeros_like(x)
    for k in range(8):
        total = total + coeff(k) * x ** k
    return np.sum(total)


@functools.lru_cache(maxsize=None)
def binom(n, k):
    return math.comb(n, k)


def bernstein_lru(c, t):
    n = len(c) - 1
    s = 0.0
    for k in range(n + 1):
        s = s + c[k] * binom(n, k) * t ** k * (1 - t) ** (n - k)
    return s


# ---- methods passed as arguments, static/class methods, properties

class Model:
    def __init__(self, scale):
        self.scale = scale

    def predict(self, w, x):
        return self.scale * np.tanh(x @ w)

    @staticmethod
    def penalty(w):
        return np.sum(w ** 2)

    @classmethod
    def default_scale(cls):
        return 2.0


def run_method(fn, w, x):
    return np.sum(fn(w, x) ** 2)


MODEL = Model(1.5)


def method_as_argument(w):
    return run_method(MODEL.predict, w, X)


def static_penalty(w):
    return Model.penalty(w) + np.sum(MODEL.predict(w, X))


def classmethod_scale(w):
    return Model.default_scale() * np.sum(w ** 3)


class Quad:
    def __init__(self, A):
        self.A = A

    @property
    def sym(self):
        return 0.5 * (self.A + self.A.T)

    def value(self, x):
        return x @ self.sym @ x


QUAD = Quad(rng.standard_normal((3, 3)))


def property_array(x):
    return QUAD.value(x)


class Scaler:
    def __init__(self, s):
        self.s = s

    def __call__(self, x):
        return self.s * x


def callable_object_made(x, s):
    sc = Scaler(s)
    return np.sum(sc(x) ** 2)


# ---- generator functions

def powers(x, n):
    for k in range(n):
        yield x ** k


def sum_of_generator(x):
    return np.sum(sum(powers(x, 4)))


def loop_over_generator(x):
    acc = 0.0
    for p in powers(x, 3):
        acc = acc + np.sum(p)
    return acc


# ---- map / sorted with key / max with key of functions

def map_with_function(x):
    return sum(map(np.sum, [np.sin(x), np.cos(x), x ** 2]))


def reduce_product(x):
    return functools.reduce(lambda a, b: a * b, [x[0], x[1], x[2]])


def reduce_np_add(x):
    return np.sum(functools.reduce(np.add, [x, x ** 2, np.sin(x)]))


def compose(*fs):
    def h(x):
        for f in reversed(fs):
            x = f(x)
        return x
    return h


def composed_pipeline(x):
    g = compose(np.sin, np.tanh, np.exp)
    return np.sum(g(x))


def callback_grad_descent(w, lr=0.1):
    def loss_grad(v):
        return 2 * (v - 1.0)
    for _ in range(3):
        w = w - lr * loss_grad(w)
    return np.sum(w ** 2)


x3 = np.array([0.3, -0.7, 1.1])
CASES = [
    dict(f=partial_loss_inside, args=(W0.copy(),)),
    dict(f=partial_positional, args=(x3.copy(), 1.3), alt="scale"),
    dict(f=partial_passed, args=(W0.copy(),)),
    dict(f=mlp_act_by_name, args=(x3.copy(), np.array([0.5, 1.0, -2.0])), alt="x"),
    dict(f=mlp_act_local_dict, args=(x3.copy(), np.array([0.5, 1.0, -2.0]))),
    dict(f=act_sigmoid_global_lambda, args=(W0.copy(), X)),
    dict(f=lambdas_in_loop, args=(x3.copy(),)),
    dict(f=lambdas_global, args=(x3.copy() * 0.3,)),
    dict(f=func_list_zip, args=(x3.copy(), np.array([1.0, 2.0, 3.0])), alt="c"),
    dict(f=closure_factory_call, args=(x3.copy(),)),
    dict(f=closure_over_param, args=(W0.copy(), X), alt="x"),
    dict(f=nested_closure_two_levels, args=(x3.copy(),)),
    dict(f=uses_logged_helper, args=(W0.copy(),)),
    dict(f=exp_series_memo, args=(x3.copy(),)),
    dict(f=bernstein_lru, args=(np.array([1.0, -0.5, 2.0, 0.3]), 0.37), alt="t"),
    dict(f=method_as_argument, args=(W0.copy(),)),
    dict(f=static_penalty, args=(W0.copy(),)),
    dict(f=classmethod_scale, args=(x3.copy(),)),
    dict(f=property_array, args=(x3.copy(),)),
    dict(f=callable_object_made, args=(x3.copy(), 0.7), alt="s"),
    dict(f=sum_of_generator, args=(x3.copy(),)),
    dict(f=loop_over_generator, args=(x3.copy(),)),
    dict(f=map_with_function, args=(x3.copy(),)),
    dict(f=reduce_product, args=(x3.copy(),)),
    dict(f=reduce_np_add, args=(x3.copy(),)),
    dict(f=composed_pipeline, args=(x3.copy() * 0.5,)),
    dict(f=callback_grad_descent, args=(x3.copy(),)),
]


# ---- decorators that change what the helper returns

def doubled(fn):
    @functools.wraps(fn)
    def wrapper(*args):
        return 2.0 * fn(*args)
    return wrapper


@doubled
def sq_doubled(x):
    return x ** 2


def uses_doubling_decorator(x):
    return np.sum(sq_doubled(x))


def clipped_output(lo, hi):
    def deco(fn):
        def wrapper(x):
            return np.clip(fn(x), lo, hi)
        return wrapper
    return deco


@clipped_output(-0.5, 0.5)
def cube_clipped(x):
    return x ** 3


def uses_param_decorator(x):
    return np.sum(cube_clipped(x) * x)


@functools.lru_cache(maxsize=None)
def scaled_float(t):
    return t * t + 1.0


def lru_on_differentiated_float(t):
    return scaled_float(t) * t


CASES += [
    dict(f=uses_doubling_decorator, args=(x3.copy(),)),
    dict(f=uses_param_decorator, args=(x3.copy(),)),
    dict(f=lru_on_differentiated_float, args=(0.8,)),
]


# ---- the differentiated function itself decorated

@doubled
def decorated_doubled(x):
    return np.sum(x ** 2)


def negated(fn):
    def wrapper(x):
        return -fn(x)
    wrapper.__wrapped__ = fn
    wrapper.__name__ = fn.__name__
    return wrapper


@negated
def decorated_negated(x):
    return np.sum(x ** 3)


def timed(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        out = fn(*args, **kwargs)
        return out
    return wrapper


@timed
def decorated_passthrough(x):
    return np.sum(np.sin(x))


def square_input(fn):
    @functools.wraps(fn)
    def wrapper(x):
        return fn(x * x)
    return wrapper


@square_input
def decorated_input_transform(x):
    return np.sum(np.sin(x))


# ---- more ways to pick and apply functions

def getattr_numpy_by_name(x, name="tanh"):
    fn = getattr(np, name)
    return np.sum(fn(x))


def operator_module(x):
    import_free = np.sum(x * x)
    return import_free + functools.reduce(lambda a, b: a + b, [x[0], x[1], x[2]])


def map_lambda_sum(x):
    return sum(map(lambda v: v ** 2, x))


def cube(v):
    return v * v * v


def sum_user_fn_generator(x):
    return sum(cube(v) for v in x)


def default_from_enclosing(x, scale=2.0):
    def g(v, s=scale):
        return v * s
    return np.sum(g(x) ** 2)


def huber_scalar(v):
    return 0.5 * v * v if abs(v) < 1 else abs(v) - 0.5


def vectorize_user(x):
    return np.sum(np.vectorize(huber_scalar)(x))


def piecewise_lambdas(x):
    return np.sum(np.piecewise(x, [x < 0, x >= 0], [lambda v: v ** 2, lambda v: np.sin(v)]))


def factory_over_wrt(b):
    q = make_quadratic(A_SPD, b)
    return q(np.array([0.5, -1.0, 2.0]))


CASES += [
    dict(f=decorated_doubled, args=(x3.copy(),)),
    dict(f=decorated_negated, args=(x3.copy(),)),
    dict(f=decorated_passthrough, args=(x3.copy(),)),
    dict(f=decorated_input_transform, args=(x3.copy(),)),
    dict(f=getattr_numpy_by_name, args=(x3.copy(),)),
    dict(f=operator_module, args=(x3.copy(),)),
    dict(f=map_lambda_sum, args=(x3.copy(),)),
    dict(f=sum_user_fn_generator, args=(x3.copy(),)),
    dict(f=default_from_enclosing, args=(x3.copy(),)),
    dict(f=vectorize_user, args=(np.array([0.3, 1.6, -2.2]),)),
    dict(f=piecewise_lambdas, args=(np.array([-0.3, 1.6, 2.2]),)),
    dict(f=factory_over_wrt, args=(x3.copy(),)),
]


# ---- operators of a plain class

class Vec:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        return Vec(self.v + 2.0 * other.v)

    def __mul__(self, s):
        return Vec(self.v * s * 3.0)

    def __getitem__(self, i):
        return self.v[i] * 10.0

    def __iter__(self):
        return iter([self.v[0] * 2, self.v[1] * 3])

    def __neg__(self):
        return Vec(self.v * 5.0)


def vec_dunder_add(a):
    return np.sum((Vec(a) + Vec(a ** 2)).v)


def vec_dunder_mul(a):
    return np.sum((Vec(a) * 2.0).v)


def vec_dunder_getitem(a):
    u = Vec(a)
    return u[0] + u[1]


a4 = np.array([0.5, -1.0, 2.0, 0.3])
CASES += [
    dict(f=vec_dunder_add, args=(a4.copy(),)),
    dict(f=vec_dunder_mul, args=(a4.copy(),)),
    dict(f=vec_dunder_getitem, args=(a4.copy(),)),
]


def vec_dunder_iter(a):
    s = 0.0
    for v in Vec(a):
        s = s + v
    return s


def vec_dunder_neg(a):
    m = -Vec(a)
    return np.sum(m.v)


CASES += [
    dict(f=vec_dunder_iter, args=(a4.copy(),)),
    dict(f=vec_dunder_neg, args=(a4.copy(),)),
]

"""Python as people write it: classes with inheritance and super(), static methods,
functools.reduce, itertools, generators consumed by sum, enumerate(start=1), f-strings in
asserts, global/nonlocal counters, early return in loops, try/except, comprehensions."""

import functools
import itertools
import operator
from functools import reduce
from itertools import accumulate, pairwise, product

import numpy as np

_r = np.random.default_rng(98)
X5 = np.array([0.5, -1.2, 0.8, 2.0, -0.3])
M3 = _r.standard_normal((3, 3))
CALLS = 0


class Layer:
    def __init__(self, W):
        self.W = W

    def forward(self, x):
        return x @ self.W


class TanhLayer(Layer):
    def forward(self, x):
        return np.tanh(super().forward(x))


class ScaledTanh(TanhLayer):
    def __init__(self, W, scale):
        super().__init__(W)
        self.scale = scale

    def forward(self, x):
        return self.scale * super().forward(x)


def inherit_super(W, x):
    layer = TanhLayer(W)
    return np.sum(layer.forward(x) ** 2)


def inherit_super_chain(W, x):
    return np.sum(ScaledTanh(W, 2.0).forward(x))


class Model:
    def __init__(self, W):
        self.W = W

    @staticmethod
    def act(z):
        return z / (1 + np.abs(z))

    @classmethod
    def from_scale(cls, s):
        return cls(np.eye(3) * s)

    def __call__(self, x):
        return self.act(x @ self.W)


def static_method_call(W, x):
    m = Model(W)
    return np.sum(m(x)) + np.sum(Model.act(x))


def classmethod_ctor(s, x):
    return np.sum(Model.from_scale(s)(x) ** 2)


class Base:
    def loss(self, x):
        return np.sum(self.transform(x) ** 2)

    def transform(self, x):
        return x


class Sin(Base):
    def transform(self, x):
        return np.sin(x)


def template_method(x):
    return Sin().loss(x) + Base().loss(x)


def reduce_product(x):
    return reduce(lambda a, b: a * b, x)


def reduce_operator_add(x):
    return reduce(operator.add, [np.sin(v) for v in x], 0.0)


def reduce_matmul(M):
    return np.trace(functools.reduce(np.matmul, [M, M.T, M]))


def accumulate_running(x):
    return sum(v ** 2 for v in accumulate(x))


def accumulate_max(x):
    return sum(accumulate(x, max))


def pairwise_diffs(x):
    return sum((b - a) ** 2 for a, b in pairwise(x))


def product_grid(x):
    return sum(x[i] * x[j] for i, j in product(range(3), repeat=2))


def product_of_lists(a):
    return sum(u * v for u, v in itertools.product(a[:2], a[2:]))


def combinations_energy(x):
    return sum(1.0 / (1.0 + (a - b) ** 2) for a, b in itertools.combinations(x, 2))


def chain_lists(x):
    return sum(v * v for v in itertools.chain(x[:2], [x[3] * 2.0]))


def gen_squares(x):
    for v in x:
        yield v * v


def generator_sum(x):
    return sum(gen_squares(x))


def generator_expr_sum(x):
    return sum(np.exp(-v) for v in x if v > 0)


def enumerate_start(x):
    total = 0.0
    for k, v in enumerate(x, start=1):
        total += v / k
    return total


def fstring_assert(x):
    s = np.sum(x ** 2)
    assert s > 0, f"expected positive, got {s:.3f} for n={len(x)}"
    return np.log(s)


def global_counter(x):
    global CALLS
    CALLS += 1
    return np.sum(x ** 3)


def nonlocal_counter(x):
    count = 0

    def step(v):
        nonlocal count
        count += 1
        return v * 2.0

    y = step(step(x))
    return np.sum(y) * count


def early_return_loop(x):
    acc = 0.0
    for v in x:
        acc += v * v
        if acc > 2.0:
            return acc * 2
    return acc


def early_return_nested(x):
    for i in range(len(x)):
        for j in range(i):
            if x[i] * x[j] < -1.0:
                return x[i] * x[j]
    return 0.0


def try_except_around(x):
    try:
        y = np.log(x)
    except FloatingPointError:
        y = x
    return np.sum(y)


def try_finally(x):
    out = 0.0
    try:
        out = np.sum(np.tanh(x))
    finally:
        pass
    return out


def dict_comp_cond(x):
    d = {i: x[i] ** 2 for i in range(len(x)) if x[i] > 0}
    return sum(d.values())


def dict_comp_items(x):
    d = {"a": x[0], "b": x[1], "c": x[2]}
    sq = {k: v * v for k, v in d.items() if k != "b"}
    return sq["a"] + sq["c"]


def list_comp_nested(M):
    return sum([M[i][j] * (i + 1) for i in range(3) for j in range(3) if i != j])


def list_comp_zip(x):
    ys = [a * b for a, b in zip(x, x[1:])]
    return max(ys) + min(ys)


def lambda_sort_key(x):
    pairs = sorted(zip([3, 1, 2], x[:3]), key=lambda p: p[0])
    return pairs[0][1] * 2 + pairs[2][1]


def ternary_chain(x):
    return sum(v if v > 0 else (0.1 * v if v > -1 else -1.0 + 0.01 * v) for v in x)


def while_else(x):
    i = 0
    total = 0.0
    while i < len(x):
        total += x[i]
        i += 1
    else:
        total *= 2
    return total


def default_mutable(x, scale=(1.0, 2.0)):
    return sum(s * np.sum(x) for s in scale)


def kwargs_helper(x, **opts):
    return np.sum(x * opts.get("scale", 1.0))


def uses_kwargs(x):
    return kwargs_helper(x, scale=3.0) + kwargs_helper(x)


def star_args_helper(*vs):
    return sum(v * v for v in vs)


def uses_star_args(x):
    return star_args_helper(x[0], x[1], x[2])


def map_filter(x):
    return sum(map(lambda v: v ** 2, filter(lambda v: v > 0, x)))


def zip_strict_dot(x):
    w = [0.5, 1.0, -1.0, 2.0, 0.1]
    return sum(a * b for a, b in zip(w, x, strict=True))


def any_all_guard(x):
    if any(v > 1.5 for v in x) and not all(v > 0 for v in x):
        return np.sum(x ** 2)
    return np.sum(x)


def walrus_loop(x):
    total = 0.0
    for v in x:
        if (s := v * v) > 0.5:
            total += s
    return total


def tuple_unpack_swap(x):
    a, b = x[0], x[1]
    for _ in range(3):
        a, b = b, a + b * 0.5
    return a * b


def string_dispatch(x, kind="tanh"):
    if kind == "tanh":
        return np.sum(np.tanh(x))
    elif kind == "relu":
        return np.sum(np.maximum(x, 0))
    return np.sum(x)


def isinstance_branch(x):
    y = x if isinstance(x, np.ndarray) else np.array(x)
    return float(np.sum(y ** 2))


def list_outputs(x):
    return [np.sin(x), x[:2] ** 2]


class Counter:
    count = 0

    def __init__(self, w):
        self.w = w

    def apply(self, x):
        Counter.count += 1
        return x * self.w


def class_attr_counter(w, x):
    c = Counter(w)
    return np.sum(c.apply(x) ** 2)


CASES = [
    dict(f=inherit_super, args=(M3, X5[:3]), wrt=0, alt=1),
    dict(f=inherit_super_chain, args=(M3, X5[:3]), wrt=0, alt=1),
    dict(f=static_method_call, args=(M3, X5[:3]), wrt=0, alt=1),
    dict(f=classmethod_ctor, args=(1.5, X5[:3]), wrt=0, alt=1),
    dict(f=template_method, args=(X5,)),
    dict(f=reduce_product, args=(X5,)),
    dict(f=reduce_operator_add, args=(X5,)),
    dict(f=reduce_matmul, args=(M3,)),
    dict(f=accumulate_running, args=(X5,)),
    dict(f=accumulate_max, args=(X5,)),
    dict(f=pairwise_diffs, args=(X5,)),
    dict(f=product_grid, args=(X5,)),
    dict(f=product_of_lists, args=(X5[:4],)),
    dict(f=combinations_energy, args=(X5,)),
    dict(f=chain_lists, args=(X5,)),
    dict(f=generator_sum, args=(X5,)),
    dict(f=generator_expr_sum, args=(X5,)),
    dict(f=enumerate_start, args=(X5,)),
    dict(f=fstring_assert, args=(X5,)),
    dict(f=global_counter, args=(X5,)),
    dict(f=nonlocal_counter, args=(X5,)),
    dict(f=early_return_loop, args=(X5,)),
    dict(f=early_return_nested, args=(X5,)),
    dict(f=try_except_around, args=(np.abs(X5),)),
    dict(f=try_finally, args=(X5,)),
    dict(f=dict_comp_cond, args=(X5,)),
    dict(f=dict_comp_items, args=(X5,)),
    dict(f=list_comp_nested, args=(M3,)),
    dict(f=list_comp_zip, args=(X5,)),
    dict(f=lambda_sort_key, args=(X5,)),
    dict(f=ternary_chain, args=(X5 * 1.7,)),
    dict(f=while_else, args=(X5,)),
    dict(f=default_mutable, args=(X5,)),
    dict(f=uses_kwargs, args=(X5,)),
    dict(f=uses_star_args, args=(X5,)),
    dict(f=map_filter, args=(X5,)),
    dict(f=zip_strict_dot, args=(X5,)),
    dict(f=any_all_guard, args=(X5,)),
    dict(f=walrus_loop, args=(X5,)),
    dict(f=tuple_unpack_swap, args=(X5,)),
    dict(f=string_dispatch, args=(X5,)),
    dict(f=isinstance_branch, args=(X5,)),
    dict(f=list_outputs, args=(X5,), out="vector", skip=("jac_rev", "jac_fwd")),
    dict(f=class_attr_counter, args=(1.5, X5), wrt=0, alt=1),
]

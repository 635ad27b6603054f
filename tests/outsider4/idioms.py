"""Python idioms written in a hurry: aliases, closures, partials, kwargs, comprehensions."""

import functools
from functools import partial

import numpy as np

rng = np.random.default_rng(2)
SCALE = 0.5
WEIGHTS = np.array([1.0, 2.0, 3.0])


def alias_store(x):
    a = np.zeros(3)
    b = a
    b[0] = x[0] * 2
    return np.sum(a * x)


def alias_then_rebind(x):
    y = x * 2.0
    z = y
    z = z * 3.0
    y[0] = 7.0
    return np.sum(y * z)


def empty_like_fill(x):
    out = np.empty_like(x)
    for i in range(len(x)):
        out[i] = x[i] ** 2 if x[i] > 0 else -x[i]
    return np.sum(out)


def append_stack(x, n=4):
    rows = []
    for k in range(n):
        rows.append(np.sin(k * x))
    M = np.stack(rows)
    return np.sum(M @ x)


def append_concat(x):
    parts = []
    for i, v in enumerate(x):
        parts.append(np.array([v, v * i]))
    return np.sum(np.concatenate(parts) ** 2)


def zip_reversed(xs, ws):
    total = 0.0
    for x, w in zip(reversed(xs), ws):
        total = total * 0.5 + x * w
    return total


def range_step(x):
    s = 0.0
    for i in range(len(x) - 1, 0, -2):
        s += x[i] * x[i - 1]
    return s


def comprehension_loss(x):
    sq = [v * v for v in x if v > -0.5]
    return sum(sq) + sum(s * 0.5 for s in sq)


def dict_comp(x):
    d = {i: x[i] * (i + 1) for i in range(len(x))}
    return sum(d[k] ** 2 for k in d)


def helper(v, scale=2.0, shift=0.0):
    return np.tanh(scale * v + shift)


def kwargs_call(x, s):
    return np.sum(helper(x, shift=s) + helper(x, scale=s))


def closure_sq(x, w):
    sq = lambda v: v * v + w
    return np.sum(sq(x) * sq(w))


def nested_def(x, a):
    def inner(t):
        return np.exp(-a * t) * t
    return np.sum(inner(x) + inner(x + 1))


def apply(fn, x):
    return fn(x)


def lambda_passed(x, c):
    return np.sum(apply(lambda z: z * np.cos(z * c), x))


def partial_inside(x, c):
    g = partial(helper, scale=c)
    return np.sum(g(x))


def partial_global_fn(x):
    h = functools.partial(np.power, x)
    return np.sum(h(3.0))


def star_args(*xs):
    out = 1.0
    for v in xs:
        out = out * v
    return out


def call_star(a, b, c):
    return star_args(a, b, c) + star_args(a, a)


def kw_only(x, *, reg=0.1):
    return np.sum(x ** 2) * reg + np.sum(np.sin(x))


def call_kw_only(x, r):
    return kw_only(x, reg=r)


def kwargs_user(x, **opts):
    return np.sum(x * opts["scale"]) + opts.get("bias", 0.0)


def call_kwargs(x, s):
    return kwargs_user(x, scale=s, bias=s * s)


def uses_global(x):
    return np.sum(WEIGHTS * x ** 2) * SCALE


def tuple_unpack(p):
    a, b = p
    (c, d), e = (a * b, b), a + b
    return c * d + e


def swap_loop(a, b):
    for _ in range(5):
        a, b = b, a * b + 0.1
    return a + b


def early_return(x):
    for i in range(len(x)):
        if x[i] > 1.0:
            return x[i] * np.sum(x)
    return np.sum(x ** 2)


def break_continue(x):
    s = 0.0
    for v in x:
        if v < 0:
            continue
        if v > 1.5:
            break
        s = s + v ** 3
    return s


def while_else(x):
    i = 0
    acc = x[0]
    while i < len(x) - 1:
        i += 1
        if x[i] > 10:
            break
        acc = acc * 0.9 + x[i]
    else:
        acc = acc * 2
    return acc


def starred_target(xs):
    first, *mid, last = xs
    return first * last + sum(mid)


def cond_expr_chain(x):
    y = x * x if x > 0 else -x
    z = y if 0 < y < 1 else y * 0.5
    return z * x


def and_or_value(x, y):
    v = x > 0 and y > 0
    w = (x * y) if v else (x + y)
    return w


def items_loop(params):
    total = 0.0
    for k, v in params.items():
        total = total + np.sum(v ** 2) * (2.0 if k == "W" else 1.0)
    return total


def sorted_keys(params):
    total = 0.0
    for i, k in enumerate(sorted(params)):
        total = total + (i + 1) * np.sum(np.sin(params[k]))
    return total


def dict_get(params, x):
    b = params.get("b", 0.0)
    c = params.get("c", 1.0)
    return np.sum(params["W"] @ x + b) * c


def list_of_tuples(layers, x):
    for (W, b) in layers:
        x = np.maximum(W @ x + b, 0.01 * (W @ x + b))
    return np.sum(x)


def map_partial(w, xs):
    return sum(map(partial(np.dot, w), xs))


def tuple_concat_state(x):
    state = ()
    h = x
    for i in range(3):
        h = np.sin(h) + i
        state = state + (h,)
    return np.sum(state[0] * state[2]) + np.sum(state[1])


def mutate_fresh_list(x):
    lst = [x * 1.0, x * 2.0]
    lst[0] = lst[0] + lst[1]
    lst.append(lst[0] * lst[1])
    return np.sum(lst[2])


def max_builtin(a, b, c):
    return max(a * b, b * c, a * c) + min(a, b)


def divmod_round(t):
    q, r = divmod(t, 0.7)
    return r * r + q * t


def inplace_mul_number(x):
    s = np.sum(x)
    s *= 2.0
    s **= 2
    s -= x[0]
    return s


def aug_item_mask(x):
    y = x.copy()
    y[y > 0] *= 3.0
    y[[0, 0, 2]] += 1.0
    return np.sum(y ** 2)


def copyto_fill(x):
    y = np.zeros_like(x)
    np.copyto(y, x * 2)
    z = np.empty_like(x)
    z.fill(0.5)
    return np.sum(y * z * x)


def out_kwarg(a, b):
    y = np.empty_like(a)
    np.multiply(a, b, out=y)
    return np.sum(y ** 2)


def enumerate_start(xs):
    t = 0.0
    for i, v in enumerate(xs, start=1):
        t += v / i
    return t


def generator_max(x):
    return max(abs(v) for v in x) + min((v * v for v in x), default=0.0)


def list_mult(x):
    parts = [x] * 3
    return np.sum(np.stack(parts) * np.arange(3)[:, None])


def zip_star(pairs):
    a, b = zip(*pairs)
    return sum(x * y for x, y in zip(a, b))


def recursive_tree(x, depth):
    if depth == 0:
        return np.sin(x)
    left = recursive_tree(x * 0.5, depth - 1)
    right = recursive_tree(x + 0.1, depth - 1)
    return left * right


def tree_entry(x):
    return np.sum(recursive_tree(x, 3))


v4 = rng.standard_normal(4)
CASES = [
    dict(f=alias_store, args=(v4[:3],), wrt=0),
    dict(f=alias_then_rebind, args=(v4,), wrt=0),
    dict(f=empty_like_fill, args=(v4,), wrt=0),
    dict(f=append_stack, args=(v4,), wrt=0),
    dict(f=append_concat, args=(v4,), wrt=0),
    dict(f=zip_reversed, args=([0.5, 1.5, -0.3], [1.0, 2.0, 3.0]), wrt=0, alt=1),
    dict(f=range_step, args=(rng.standard_normal(7),), wrt=0),
    dict(f=comprehension_loss, args=(v4,), wrt=0),
    dict(f=dict_comp, args=(v4,), wrt=0),
    dict(f=kwargs_call, args=(v4, 0.3), wrt=0, alt=1),
    dict(f=closure_sq, args=(v4, 0.3), wrt=0, alt=1),
    dict(f=nested_def, args=(v4, 0.3), wrt=0, alt=1),
    dict(f=lambda_passed, args=(v4, 0.7), wrt=0, alt=1),
    dict(f=partial_inside, args=(v4, 0.7), wrt=0, alt=1),
    dict(f=partial_global_fn, args=(np.abs(v4) + 0.5,), wrt=0),
    dict(f=call_star, args=(0.5, 1.5, -2.0), wrt=(0, 1, 2)),
    dict(f=call_kw_only, args=(v4, 0.3), wrt=0, alt=1),
    dict(f=call_kwargs, args=(v4, 0.3), wrt=0, alt=1),
    dict(f=uses_global, args=(v4[:3],), wrt=0),
    dict(f=tuple_unpack, args=((0.7, 1.3),), wrt=0),
    dict(f=swap_loop, args=(0.7, 1.1), wrt=(0, 1)),
    dict(f=early_return, args=(np.array([0.2, 0.5, 1.4, 3.0]),), wrt=0),
    dict(f=early_return, args=(np.array([0.2, 0.5, 0.4, 0.3]),), wrt=0, name="early_return_fallthrough"),
    dict(f=break_continue, args=(np.array([0.3, -1.0, 1.2, 2.0, 0.5]),), wrt=0),
    dict(f=while_else, args=(np.array([0.3, -1.0, 1.2, 2.0, 0.5]),), wrt=0),
    dict(f=starred_target, args=([0.3, -1.0, 1.2, 2.0, 0.5],), wrt=0),
    dict(f=cond_expr_chain, args=(0.8,), wrt=0),
    dict(f=cond_expr_chain, args=(-1.6,), wrt=0, name="cond_expr_chain_neg"),
    dict(f=and_or_value, args=(0.8, -0.4), wrt=(0, 1)),
    dict(f=items_loop, args=({"W": rng.standard_normal((2, 2)), "b": rng.standard_normal(2)},), wrt=0),
    dict(f=sorted_keys, args=({"z": rng.standard_normal(2), "a": rng.standard_normal(3)},), wrt=0),
    dict(f=dict_get, args=({"W": rng.standard_normal((2, 3)), "c": 1.5}, rng.standard_normal(3)), wrt=0, alt=1),
    dict(f=list_of_tuples, args=([(rng.standard_normal((3, 3)), rng.standard_normal(3)),
                                  (rng.standard_normal((2, 3)), rng.standard_normal(2))], rng.standard_normal(3)),
         wrt=0, alt=1),
    dict(f=map_partial, args=(v4, [rng.standard_normal(4) for _ in range(3)]), wrt=0, alt=1),
    dict(f=tuple_concat_state, args=(v4,), wrt=0),
    dict(f=mutate_fresh_list, args=(v4,), wrt=0),
    dict(f=max_builtin, args=(0.5, 1.5, -0.7), wrt=(0, 1, 2)),
    dict(f=divmod_round, args=(2.3,), wrt=0),
    dict(f=inplace_mul_number, args=(v4,), wrt=0),
    dict(f=aug_item_mask, args=(v4,), wrt=0),
    dict(f=copyto_fill, args=(v4,), wrt=0),
    dict(f=out_kwarg, args=(v4, rng.standard_normal(4)), wrt=(0, 1)),
    dict(f=enumerate_start, args=([0.5, 1.5, 2.5],), wrt=0),
    dict(f=generator_max, args=(v4,), wrt=0),
    dict(f=list_mult, args=(v4,), wrt=0),
    dict(f=zip_star, args=([(0.5, 1.0), (1.5, -2.0), (0.3, 0.1)],), wrt=0),
    dict(f=tree_entry, args=(v4,), wrt=0),
]

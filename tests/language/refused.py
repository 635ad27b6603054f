"""Functions using what docs/python-subset.md refuses; tests/test_refusals.py checks the errors.

The line each test expects an error on carries a `# refused: <key>` marker.
"""

import numpy as np

counter = 0


def uses_try(x):
    try:  # refused: try
        y = np.log(x)
    except ValueError:
        y = x
    return np.sum(y)


def uses_with(x, path):
    with open(path) as fh:  # refused: with
        fh.read()
    return np.sum(x)


def uses_yield(x):
    for v in x:
        yield v * v  # refused: yield


async def uses_async(x):  # refused: async
    return np.sum(x)


def uses_await(x, other):
    return 0.0


def uses_global(x):
    global counter  # refused: global
    counter = counter + 1
    return np.sum(x)


def uses_nonlocal(x):
    total = 0.0

    def add(v):
        nonlocal total  # refused: nonlocal
        total = total + v
        return total
    return np.sum(add(x))


def uses_class(x):
    class Box:  # refused: class
        pass
    return np.sum(x)


def uses_exec(x):
    exec("y = 2")  # refused: exec
    return np.sum(x)


def uses_eval(x):
    return np.sum(eval("x * 2"))  # refused: eval


# The differentiated function's own `*args` are read for a call's arity (by s2sgrad.grad, which
# sees the arguments); with `**options` too, the signature is refused.
def uses_star_args(x, *args, **options):  # refused: *args
    return np.sum(x)


def uses_kwargs(x, **kwargs):  # refused: **kwargs
    return np.sum(x)


def _add3(a, b, c):
    return a + b + c


def uses_star_call(xs):
    # `*` of an argument: its length is known only at run time (a display's is expanded)
    return np.sum(_add3(*xs))  # refused: star call


def uses_double_star_call(x, kw=None):
    # `**` of an argument: its keys are known only at run time (a display's are expanded)
    return np.sum(_add3(x, **kw))  # refused: double star call


def uses_starred_target(xs):
    (a, *rest), *more = xs  # refused: starred target
    return np.sum(a)


def uses_walrus(x):
    return np.sum([(y := v * 2.0) + y for v in x])  # refused: walrus


def writes_argument(x):
    x[0] = 1.0  # refused: argument write
    return np.sum(x * x)


def writes_alias(x):
    y = x * 2.0
    z = y
    z[0] = 1.0  # refused: alias write
    return np.sum(y * y)


def writes_reshape(x):
    y = x * 2.0
    r = y.reshape(2, 2)
    r[0, 0] = 0.0  # refused: reshape write
    return np.sum(y * y)


def writes_container_alias(x):
    d = {"y": np.zeros_like(x)}
    y = d["y"]
    y[0] = x[1]  # refused: container alias write
    return np.sum(d["y"] * x)


def stores_into_dict_argument(params, x):
    params["W"] = params["W"] * 2.0  # refused: dict argument store
    return np.sum(params["W"] * x)


def stores_into_list_argument(xs):
    xs[0] = xs[1] * 2.0  # refused: list argument store
    return np.sum(xs[0])


def calls_without_rule(x):
    return np.sum(np.abs(np.nancumprod(x)))  # refused: no rule


def method_without_rule(x):
    return np.sum(x * x.compress([True, False, True])[0])  # refused: no method rule


def two_missing_rules(x):
    return np.sum(np.abs(np.nancumprod(x))) + np.sum(np.abs(np.nancumprod(x * 2.0)))


def unnamed_lambda(xs):
    fs = [lambda v: v * 2.0]  # refused: unnamed lambda
    g = fs[0]
    return np.sum(g(xs))


def lambda_to_filter(xs):
    ys = list(filter(lambda v: np.sum(v) > 0.0, xs))  # refused: lambda to filter
    return np.sum(ys[0])


def many_problems(x, *rest):  # refused: many *rest
    global counter  # refused: many global
    counter = 1
    try:  # refused: many try
        y = eval("x")  # refused: many eval
    except ValueError:
        y = x
    a, *b = y  # supported: a starred target
    return np.sum(y)


def problems_and_missing_rules(x):
    y = np.nancumprod(x)  # refused: missing nancumprod
    with open("notes.txt") as handle:  # refused: missing with
        handle.read()
    z = np.nancumprod(y)  # the same function: reported once
    return np.sum(np.choose(0, [z, y]))  # refused: missing choose


def integer_input(x, n):
    return np.sum(x) * n


def integer_array_input(x, idx):
    return np.sum(x[idx] * idx)


def uses_match(x):
    match x:        # literal, value, capture, or- and sequence patterns are lowered to `if` / `elif`
        case np.ndarray(ndim=1):  # refused: match
            y = x * 2.0
        case _:
            y = x
    return np.sum(y)


def uses_del(x):
    y = x * 2.0
    z = y
    del z  # refused: del
    return np.sum(y)


def uses_try_finally(x):
    try:  # refused: try finally
        y = x * 2.0
    finally:
        pass
    return np.sum(y)


def uses_set_comprehension(x):
    s = {k for k in range(3)}  # refused: set comprehension
    return np.sum(x) * len(s)


def nested_keyword_only(x):
    scaled = lambda v, *, s=2.0: v * s  # refused: nested keyword-only
    return np.sum(scaled(x, s=3.0))


class _Dense:
    def __init__(self, W):
        self.W = W

    def __call__(self, v):
        return self.W @ v


def writes_object_attribute(x):
    layer = _Dense(np.outer(x, x))
    layer.W = layer.W * 2.0  # refused: object attribute write
    return np.sum(layer(x))

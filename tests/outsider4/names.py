"""User names that look like the names emitted code chooses for itself."""

import numpy as np
import numpy as onp
from numpy import sin as np_sin

rng = np.random.default_rng(17)
stack = 2.0
unbroadcast = 0.5


def generated_lookalikes(x, d_x):
    result = x * d_x
    x_times_d_x = result + 1.0
    d_result = np.sum(x_times_d_x ** 2)
    t_x = np.sin(x)
    is_gt = x > 0
    where_is_gt = np.where(is_gt, t_x, d_x)
    return d_result + np.sum(where_is_gt) * stack * unbroadcast


def shadow_np(x):
    np_ = onp
    return np_.sum(np_sin(x) ** 2) + onp.sum(onp.cos(x))


def param_named_stack(stack, x):
    s = stack * x
    d_s = s ** 2
    return np.sum(d_s)


def many_temps(x):
    sin_x = np.cos(x)
    cos_x = np.sin(x)
    x_2 = x * 3.0
    x_3 = x_2 - sin_x
    tanh_x = np.tanh(x_3 * cos_x)
    return np.sum(tanh_x * sin_x + x_2)


def loop_index_names(x):
    i = 0.0
    acc = 0.0
    for i_2 in range(len(x)):
        i = i + x[i_2] * (i_2 + 1)
        acc = acc + i * i
    return acc


x4 = rng.standard_normal(4)
CASES = [
    dict(f=generated_lookalikes, args=(x4, x4[::-1].copy()), wrt=(0, 1)),
    dict(f=shadow_np, args=(x4,), wrt=0),
    dict(f=param_named_stack, args=(0.7, x4), wrt=(0, 1)),
    dict(f=many_temps, args=(x4,), wrt=0),
    dict(f=loop_index_names, args=(x4,), wrt=0),
]


zeros_like = 0.5
Stack = 1.5
scatter_add = 2.0
tree_add = 0.25
t_stack = 3.0
foreign = 0.75


def runtime_named_globals(x):
    return (np.sum(np.sin(x) * zeros_like * Stack) + np.sum(x[[0, 0, 1]] ** 2) * scatter_add * tree_add
            + np.sum(x) * t_stack * foreign)


CASES.append(dict(f=runtime_named_globals, args=(x4,), wrt=0))

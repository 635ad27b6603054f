"""A Python float (or 0-d array) spread over many entries: stores, fills, ufuncs, updates."""

import numpy as np

rng = np.random.default_rng(12)


def row_store(x, v):
    out = np.zeros((3, 4))
    out[0] = v
    out[1:] = x
    return np.sum(out ** 2 * np.arange(12).reshape(3, 4))


def column_store(x, v):
    out = np.ones((3, 3))
    out[:, 1] = v
    return np.sum(out @ x)


def mask_store_scalar(x, v):
    y = x.copy()
    y[y > 0] = v
    return np.sum(y * np.arange(len(y)))


def slice_aug_scalar(x, v):
    y = x * 1.0
    y[1:3] += v
    y[::2] *= v
    return np.sum(y ** 2)


def ellipsis_store(v):
    y = np.empty((2, 2))
    y[...] = v
    return np.sum(y * np.array([[1.0, 2.0], [3.0, 4.0]]))


def copyto_scalar(x, v):
    y = np.zeros_like(x)
    np.copyto(y, v)
    return np.sum(y * x)


def fill_scalar(x, v):
    y = np.empty_like(x)
    y.fill(v)
    return np.sum(y * x ** 2)


def full_scalar(v):
    y = np.full((2, 3), v)
    return np.sum(y * np.arange(6).reshape(2, 3))


def zeros_plus(x, v):
    y = np.zeros(4) + v
    z = np.ones_like(x) * v
    return np.sum(y * z * x)


def where_scalar_arm(x, v):
    return np.sum(np.where(x > 0, v, x) ** 2)


def maximum_scalar(x, v):
    return np.sum(np.maximum(x, v) + np.minimum(v, x) ** 2)


def fancy_store_scalar(x, v):
    y = np.zeros(5)
    y[[0, 2, 4]] = v
    y[[1, 3]] = x
    return np.sum(y * np.arange(5) ** 2)


def bool_list_store(v):
    y = np.zeros(3)
    y[[True, False, True]] = v
    return np.sum(y * np.array([1.0, 2.0, 3.0]))


def two_d_index_store(x, v):
    A = np.zeros((3, 3))
    A[np.arange(3), np.arange(3)] = v
    A[0, 1:] = x
    return np.sum(A @ A)


def store_in_loop(x, v):
    A = np.zeros((len(x), 3))
    for i in range(len(x)):
        A[i] = v * x[i]
        A[i, 0] = v
    return np.sum(A ** 2)


def scalar_into_rows_callee(x, v):
    return np.sum(build(v, x))


def build(v, x):
    M = np.zeros((2, len(x)))
    M[0] = v
    M[1] = x * v
    return M ** 2


def set_diag_scalar(v):
    A = np.eye(3)
    A[1] = v
    A[:, 2] = v * v
    return np.trace(A @ A.T)


def aug_scalar_full(x, v):
    y = x.copy()
    y += v
    y -= v * v
    return np.sum(y ** 3)


x4 = rng.standard_normal(4)
CASES = []
for kind, v in [("f", 0.7), ("0d", np.array(0.7))]:
    for c in [
        dict(f=row_store, args=(rng.standard_normal((2, 4)), v), wrt=(0, 1)),
        dict(f=column_store, args=(rng.standard_normal(3), v), wrt=(0, 1)),
        dict(f=mask_store_scalar, args=(x4, v), wrt=(0, 1)),
        dict(f=slice_aug_scalar, args=(x4, v), wrt=(0, 1)),
        dict(f=ellipsis_store, args=(v,), wrt=0),
        dict(f=copyto_scalar, args=(x4, v), wrt=(0, 1)),
        dict(f=fill_scalar, args=(x4, v), wrt=(0, 1)),
        dict(f=full_scalar, args=(v,), wrt=0),
        dict(f=zeros_plus, args=(x4, v), wrt=(0, 1)),
        dict(f=where_scalar_arm, args=(x4, v), wrt=(0, 1)),
        dict(f=maximum_scalar, args=(x4, v), wrt=(0, 1)),
        dict(f=fancy_store_scalar, args=(x4[:2], v), wrt=(0, 1)),
        dict(f=bool_list_store, args=(v,), wrt=0),
        dict(f=two_d_index_store, args=(x4[:2], v), wrt=(0, 1)),
        dict(f=store_in_loop, args=(x4, v), wrt=(0, 1)),
        dict(f=scalar_into_rows_callee, args=(x4, v), wrt=(0, 1)),
        dict(f=set_diag_scalar, args=(v,), wrt=0),
        dict(f=aug_scalar_full, args=(x4, v), wrt=(0, 1)),
    ]:
        c["name"] = "%s_%s" % (c["f"].__name__, kind)
        CASES.append(c)


def broadcast_to_scalar(v):
    return np.sum(np.broadcast_to(v, (3,)) * np.array([1.0, 2.0, 3.0]))


def tile_repeat_scalar(v):
    return np.sum(np.tile(v, 3) * np.array([1.0, 2.0, 3.0])) + np.sum(np.repeat(v, 2) * np.array([1.0, 5.0]))


def linspace_scalar(a, b):
    t = np.linspace(a, b, 5)
    return np.sum(np.sin(t) * np.arange(5))


def concat_scalar(x, v):
    return np.sum(np.concatenate([[v], x, [v * v]]) * np.arange(len(x) + 2))


def expand_reshape_scalar(v):
    a = np.expand_dims(v, 0)
    b = np.reshape(v, (1, 1))
    c = np.atleast_1d(v)
    return np.sum(a * 2.0) + np.sum(b * 3.0) + np.sum(c * np.array([4.0]))


def dot_kron_scalar(x, v):
    return np.sum(np.dot(v, x) ** 2) + np.sum(np.kron(v, x)) + np.sum(np.outer(v, x) ** 2)


def pad_scalar(v):
    return np.sum(np.pad(np.atleast_1d(v), 2, mode="edge") * np.arange(5))


def arange_start(v):
    return np.sum(np.arange(v, v + 3.0) ** 2)


def stack_of_scalars(v, w):
    return np.sum(np.stack([v, w, v * w]) * np.array([1.0, 2.0, 3.0]))


def where_both_scalars(x, v, w):
    return np.sum(np.where(x > 0, v, w) * x)


def clip_scalar_bounds(x, lo):
    return np.sum(np.clip(x, lo, lo + 1.0) ** 2)


def np_sum_scalar_axis(v):
    return np.sum(np.ones((2, 3)) * v, axis=0) @ np.array([1.0, 2.0, 3.0])


def append_insert(x, v):
    return np.sum(np.append(x, v) * np.arange(len(x) + 1)) + np.sum(np.insert(x, 1, v) ** 2)


for kind, v in [("f", 0.7), ("0d", np.array(0.7))]:
    for c in [
        dict(f=broadcast_to_scalar, args=(v,), wrt=0),
        dict(f=tile_repeat_scalar, args=(v,), wrt=0),
        dict(f=linspace_scalar, args=(v, 2.1), wrt=(0, 1)),
        dict(f=concat_scalar, args=(x4, v), wrt=(0, 1)),
        dict(f=expand_reshape_scalar, args=(v,), wrt=0),
        dict(f=dot_kron_scalar, args=(x4, v), wrt=(0, 1)),
        dict(f=pad_scalar, args=(v,), wrt=0),
        dict(f=arange_start, args=(v,), wrt=0),
        dict(f=stack_of_scalars, args=(v, 1.3), wrt=(0, 1)),
        dict(f=where_both_scalars, args=(x4, v, -1.1), wrt=(1, 2), alt=(0, 1)),
        dict(f=clip_scalar_bounds, args=(x4, v - 1.0), wrt=(0, 1)),
        dict(f=np_sum_scalar_axis, args=(v,), wrt=0),
        dict(f=append_insert, args=(x4, v), wrt=(0, 1)),
    ]:
        c["name"] = "%s_%s" % (c["f"].__name__, kind)
        CASES.append(c)


def where_const_arm(x, v):
    return np.sum(np.where(x > 0, v, 0.0) * x)


def where_arm_product(x, v, w):
    return np.sum(np.where(x > 0, v * w, w) * x)


def clip_scalar_value(x, v):
    return np.sum(np.clip(v, x, 2.5) * x)


def multiply_out(x, v, w):
    y = np.empty_like(x)
    np.multiply(v, w, out=y)
    return np.sum(y * x)


def hypot_fmax(x, v):
    return np.sum(np.hypot(v, x) + np.fmax(v, x) * x)


def store_product(x, v, w):
    y = np.zeros(5)
    y[1:4] = v * w
    return np.sum(y * np.arange(5)) + np.sum(x)


def copyto_where(x, v):
    y = x.copy()
    np.copyto(y, v, where=x > 0)
    return np.sum(y * np.arange(len(x)))


def putmask_scalar(x, v):
    y = x.copy()
    np.putmask(y, x > 0, v)
    return np.sum(y ** 2)


def loop_row_store(v, n):
    A = np.zeros((n, 3))
    for i in range(n):
        A[i, :] = v * (i + 1)
    return np.sum(A * np.arange(3 * n).reshape(n, 3))


def interp_scalar_query(v):
    return np.interp(v, np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 2.0])) * v


def select_scalars(x, v, w):
    return np.sum(np.select([x < 0, x > 1], [v, w], default=0.5) * x)


for kind, v in [("f", 0.7), ("0d", np.array(0.7))]:
    for c in [
        dict(f=where_const_arm, args=(x4, v), wrt=(0, 1)),
        dict(f=where_arm_product, args=(x4, v, 1.3), wrt=(1, 2)),
        dict(f=clip_scalar_value, args=(x4, v), wrt=(0, 1)),
        dict(f=multiply_out, args=(x4, v, 1.3), wrt=(1, 2)),
        dict(f=hypot_fmax, args=(x4, v), wrt=(0, 1)),
        dict(f=store_product, args=(x4, v, 1.3), wrt=(1, 2)),
        dict(f=copyto_where, args=(x4, v), wrt=(0, 1)),
        dict(f=putmask_scalar, args=(x4, v), wrt=(0, 1)),
        dict(f=loop_row_store, args=(v, 3), wrt=0),
        dict(f=interp_scalar_query, args=(v,), wrt=0),
        dict(f=select_scalars, args=(x4, v, 1.3), wrt=(1, 2)),
    ]:
        c["name"] = "%s_%s" % (c["f"].__name__, kind)
        CASES.append(c)


for kind, v in [("np64", np.float64(0.7)), ("np32", np.float32(0.7))]:
    for c in [
        dict(f=row_store, args=(rng.standard_normal((2, 4)), v), wrt=(0, 1)),
        dict(f=fill_scalar, args=(x4, v), wrt=(0, 1)),
        dict(f=where_scalar_arm, args=(x4, v), wrt=(0, 1)),
        dict(f=zeros_plus, args=(x4, v), wrt=(0, 1)),
        dict(f=linspace_scalar, args=(v, 2.1), wrt=(0, 1)),
        dict(f=full_scalar, args=(v,), wrt=0),
        dict(f=slice_aug_scalar, args=(x4, v), wrt=(0, 1)),
    ]:
        c["name"] = "%s_%s" % (c["f"].__name__, kind)
        if kind == "np32":
            c["tol"] = 1e-3
        CASES.append(c)


def dict_float_store(p, x):
    y = np.zeros((2, 3))
    y[0] = p["v"]
    y[1] = x * p["w"]
    return np.sum(y * np.arange(6).reshape(2, 3))


def list_float_fill(ps, x):
    y = np.empty_like(x)
    y.fill(ps[0])
    return np.sum(y * x) + ps[1] * np.sum(x)


def tuple_float_where(t, x):
    a, b = t
    return np.sum(np.where(x > 0, a, b) * x)


def identity_out(v, x):
    return v


def constant_out(x, y):
    return np.sum(y ** 2)


def independent_branch(x, y):
    if np.sum(y) > 0:
        return 3.0
    return np.sum(x)


CASES += [
    dict(f=dict_float_store, args=({"v": 0.7, "w": 1.3}, x4[:3]), wrt=0, alt=(0, 1)),
    dict(f=list_float_fill, args=([0.7, 1.3], x4), wrt=0, alt=(0, 1)),
    dict(f=tuple_float_where, args=((0.7, -1.3), x4), wrt=0, alt=(0, 1)),
    dict(f=identity_out, args=(0.7, x4), wrt=0, alt=1),
    dict(f=constant_out, args=(x4, x4[::-1].copy()), wrt=0, alt=(0, 1)),
    dict(f=independent_branch, args=(x4, np.abs(x4)), wrt=0, alt=(0, 1)),
]


def aug_float_becomes_array(x, v):
    s = v
    s += x
    s *= x
    return np.sum(s ** 2)


def float_accumulate_rows(X, v):
    acc = v
    for row in X:
        acc = acc + row * v
    return np.sum(acc ** 2)


def float_rebind_in_branch(x, v):
    y = v
    if np.sum(x) > -10:
        y = y * x
    return np.sum(y ** 2)


def float_param_reassigned(x, v):
    v = v * np.ones_like(x)
    v[0] = 0.0
    return np.sum(v * x)


def float_into_list_then_array(x, v):
    vals = [v, v * 2.0]
    arr = np.array(vals)
    full = np.zeros(4)
    full[:2] = arr
    full[2:] = v
    return np.sum(full * x)


def float_loop_store(x, v):
    y = np.zeros_like(x)
    for i in range(len(x)):
        y[i] = v
        v = v * 0.9 + x[i]
    return np.sum(y ** 2)


CASES.append(dict(f=aug_float_becomes_array, args=(x4, 0.7), wrt=(0, 1), name="aug_float_becomes_array_f"))
for kind, v in [("f", 0.7), ("0d", np.array(0.7))]:
    for c in [
        dict(f=float_accumulate_rows, args=(rng.standard_normal((3, 4)), v), wrt=(0, 1)),
        dict(f=float_rebind_in_branch, args=(x4, v), wrt=(0, 1)),
        dict(f=float_param_reassigned, args=(x4, v), wrt=(0, 1)),
        dict(f=float_into_list_then_array, args=(x4, v), wrt=(0, 1)),
        dict(f=float_loop_store, args=(x4, v), wrt=(0, 1)),
    ]:
        c["name"] = "%s_%s" % (c["f"].__name__, kind)
        CASES.append(c)


def aug_mask_scalar(x, v):
    y = x * 1.0
    y[y > 0] += v
    return np.sum(y ** 2)


def aug_fancy_scalar(x, v):
    y = x * 1.0
    y[[0, 2, 2]] += v
    return np.sum(y ** 2)


def aug_column_scalar(X, v):
    Y = X * 1.0
    Y[:, 0] *= v
    Y[1] -= v
    return np.sum(Y ** 2)


def aug_whole_scalar(X, v):
    Y = X * 1.0
    Y[...] += v
    return np.sum(Y ** 3)


for kind, v in [("f", 0.7), ("0d", np.array(0.7))]:
    for c in [
        dict(f=aug_mask_scalar, args=(x4, v), wrt=(0, 1)),
        dict(f=aug_fancy_scalar, args=(x4, v), wrt=(0, 1)),
        dict(f=aug_column_scalar, args=(rng.standard_normal((3, 2)), v), wrt=(0, 1)),
        dict(f=aug_whole_scalar, args=(rng.standard_normal((3, 2)), v), wrt=(0, 1)),
    ]:
        c["name"] = "%s_%s" % (c["f"].__name__, kind)
        CASES.append(c)

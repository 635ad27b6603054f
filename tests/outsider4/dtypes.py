"""dtype and shape edge cases: float32, 0-d arrays, (1,) shapes, broadcasting, keepdims."""

import numpy as np

rng = np.random.default_rng(3)


def f32_mlp(W, x):
    h = np.tanh(W @ x)
    return np.sum(h * h)


def f32_mixed_scalar(x, a):
    return np.sum(np.exp(a * x) / (1.0 + x * x))


def zero_d_array(a, x):
    return np.sum(a * x ** 2) + a ** 3


def zero_d_only(a):
    b = np.sin(a) * a
    c = b + np.float64(2.0) * a
    return c * c


def shape_one(a, x):
    return np.sum(a * x) + np.sum(a ** 2)


def outer_broadcast(u, v):
    M = u[:, None] * v[None, :]
    return np.sum(np.sin(M))


def col_row(c, r):
    M = c * r + c ** 2
    return np.sum(M * M)


def int_input_float_wrt(n, x):
    s = 0.0
    for k in range(n):
        s = s + x ** k / (k + 1)
    return s


def int_array_data(w, counts):
    return np.sum(counts * np.log1p(w * w)) + np.sum(w[counts > 1])


def keepdims_norm(x):
    n = np.linalg.norm(x, axis=-1, keepdims=True)
    return np.sum((x / n) * np.arange(x.shape[-1]))


def axis_neg_mean(x):
    m = x.mean(axis=-1)
    s = x.std(axis=-2)
    return np.sum(m ** 2) + np.sum(s)


def neg_step_slice(x):
    y = x[::-2]
    z = x[-1:0:-1]
    return np.sum(y ** 2) + np.sum(z * np.arange(len(z)))


def python_float_vs_array(x):
    y = float(np.sum(x))
    return y * np.sum(x)


def np_float_scalar(x):
    s = np.float64(0.0)
    for v in x:
        s = s + v * v
    return s


def item_call(x):
    return x[1].item() * x[0] + np.sum(x)


def astype_roundtrip(x):
    y = x.astype(np.float32).astype(np.float64)
    return np.sum(y ** 2)


def reshape_neg(x):
    m = x.reshape(-1, 2)
    return np.sum(m[:, 0] * m[:, 1])


def squeeze_expand(x):
    y = np.expand_dims(x, 0)
    z = np.squeeze(y * 2, axis=0)
    return np.sum(z ** 2)


def float32_loop(x):
    acc = np.zeros_like(x)
    for _ in range(3):
        acc = acc + x * x
    return np.sum(acc)


def scalar_to_array_broadcast(a, x):
    y = np.full_like(x, a)
    return np.sum(y * x + a)


def ones_times(a):
    v = np.ones(4) * a
    v[2] = a * a
    return np.sum(v ** 2)


def bool_mask_mult(x):
    m = x > 0
    return np.sum(x * m) + np.sum(np.where(m, x, 0.1 * x))


def complex_free_abs(x):
    return np.sum(np.abs(x) ** 1.5)


def mixed_dtype_add(x32, y64):
    return np.sum(x32 * y64)


def nd_sum_axes(x):
    return np.sum(np.sum(x ** 2, axis=(0, 2)) * np.arange(x.shape[1]))


def einsum_batch(a, b):
    return np.sum(np.einsum("bij,bjk->bik", a, b) ** 2)


def vector_out_f32(x):
    return np.tanh(x) * 2.0


def vector_out_0d(a, x):
    return a * x + a * a


def tuple_shape_arg(x):
    n, m = x.shape
    return np.sum(x * (np.arange(n)[:, None] + np.arange(m)))


f32W = rng.standard_normal((3, 4)).astype(np.float32)
f32x = rng.standard_normal(4).astype(np.float32)
CASES = [
    dict(f=f32_mlp, args=(f32W, f32x), wrt=(0, 1), tol=1e-3, alt=1),
    dict(f=f32_mixed_scalar, args=(f32x, 0.3), wrt=0, alt=1, tol=1e-3),
    dict(f=zero_d_array, args=(np.array(0.7), rng.standard_normal(3)), wrt=0, alt=(0, 1)),
    dict(f=zero_d_only, args=(np.array(0.7),), wrt=0),
    dict(f=shape_one, args=(np.array([0.7]), rng.standard_normal(3)), wrt=0, alt=1),
    dict(f=outer_broadcast, args=(rng.standard_normal(3), rng.standard_normal(4)), wrt=(0, 1)),
    dict(f=col_row, args=(rng.standard_normal((3, 1)), rng.standard_normal((1, 4))), wrt=(0, 1), alt=1),
    dict(f=int_input_float_wrt, args=(4, 0.8), wrt=1),
    dict(f=int_array_data, args=(rng.standard_normal(5), np.array([0, 1, 2, 3, 1])), wrt=0),
    dict(f=keepdims_norm, args=(rng.standard_normal((3, 4)),), wrt=0),
    dict(f=axis_neg_mean, args=(rng.standard_normal((3, 4)),), wrt=0),
    dict(f=neg_step_slice, args=(rng.standard_normal(7),), wrt=0),
    dict(f=python_float_vs_array, args=(rng.standard_normal(3),), wrt=0),
    dict(f=np_float_scalar, args=(rng.standard_normal(3),), wrt=0),
    dict(f=item_call, args=(rng.standard_normal(3),), wrt=0),
    dict(f=astype_roundtrip, args=(rng.standard_normal(3),), wrt=0, tol=1e-3, h=1e-3, skip=("hvp",)),
    dict(f=reshape_neg, args=(rng.standard_normal(6),), wrt=0),
    dict(f=squeeze_expand, args=(rng.standard_normal(3),), wrt=0),
    dict(f=float32_loop, args=(f32x,), wrt=0, tol=1e-3),
    dict(f=scalar_to_array_broadcast, args=(0.4, rng.standard_normal(3)), wrt=(0, 1)),
    dict(f=ones_times, args=(0.4,), wrt=0),
    dict(f=bool_mask_mult, args=(rng.standard_normal(5),), wrt=0),
    dict(f=complex_free_abs, args=(rng.standard_normal(5),), wrt=0),
    dict(f=mixed_dtype_add, args=(f32x, rng.standard_normal(4)), wrt=(0, 1), tol=1e-3),
    dict(f=nd_sum_axes, args=(rng.standard_normal((2, 3, 2)),), wrt=0),
    dict(f=einsum_batch, args=(rng.standard_normal((2, 2, 3)), rng.standard_normal((2, 3, 2))), wrt=(0, 1)),
    dict(f=vector_out_f32, args=(f32x,), wrt=0, out="vector", tol=1e-3),
    dict(f=vector_out_0d, args=(np.array(0.3), rng.standard_normal(3)), wrt=0, out="vector"),
    dict(f=tuple_shape_arg, args=(rng.standard_normal((2, 3)),), wrt=0),
]


def int_store(x):
    y = np.zeros(3, dtype=int)
    y[0] = x[0] * 2.0
    return np.sum(y * 1.5) + np.sum(x)


def int_zeros_like_store(x, counts):
    y = np.zeros_like(counts)
    y[:] = x * 3.0
    return np.sum(y) + np.sum(x)


def astype_int(x):
    return np.sum(x.astype(int) * x)


def float32_store(x):
    y = np.zeros(3, dtype=np.float32)
    y[1] = x[1] * 2.0
    return np.sum(y * x)


CASES += [
    dict(f=int_store, args=(np.array([1.7, -2.2, 3.4]),), wrt=0),
    dict(f=int_zeros_like_store, args=(np.array([1.7, -2.2, 3.4]), np.array([1, 2, 3])), wrt=0),
    dict(f=astype_int, args=(np.array([1.7, -2.2, 3.4]),), wrt=0),
    dict(f=float32_store, args=(np.array([1.7, -2.2, 3.4]),), wrt=0, tol=1e-3, h=1e-3, skip=("hvp",)),
]


def asarray_int(x):
    return np.sum(np.asarray(x, dtype=int) * x)


def array_int_list(x):
    return np.sum(np.array([x[0], x[1]], dtype=int)) + np.sum(x)


def full_int(x):
    return np.sum(np.full(3, x[0], dtype=int)) + np.sum(x)


def astype_str_int(x):
    return np.sum(x.astype("int32") * 2.0) + np.sum(x)


def astype_bool(x):
    return np.sum(x.astype(bool) * x)


def int32_inplace_store(x):
    y = np.zeros(3, dtype=np.int32)
    y += 1
    y[1] = x[1]
    return np.sum(y * x)


xi = np.array([1.7, -2.2, 3.4])
CASES += [dict(f=fn, args=(xi,), wrt=0) for fn in
          [asarray_int, array_int_list, full_int, astype_str_int, astype_bool, int32_inplace_store]]

"""Writes through names that may or may not share memory with an argument or another local.

NumPy's semantics decide the value: a write through a view (or the same object) changes what
the other name reads.  Finite differences see exactly that; s2sgrad must agree or refuse.
"""

import numpy as np

rng = np.random.default_rng(10)


def atleast_1d_write(x):
    y = np.atleast_1d(x)
    y[0] = y[0] * 3.0
    return np.sum(x * x) + np.sum(y)


def asarray_write(x):
    y = np.asarray(x)
    y[1] = 0.0
    return np.sum(x ** 2)


def asarray_dtype_write(x):
    y = np.asarray(x, dtype=float)
    y *= 2.0
    return np.sum(x * y)


def array_copy_write(x):
    y = np.array(x)
    y[0] = 5.0 * y[1]
    return np.sum(x * y)


def astype_write(x):
    y = x.astype(np.float64)
    y[0] = y[0] ** 2
    return np.sum(x * y)


def fancy_copy_write(x):
    y = x[[0, 1, 2]]
    y[0] = 7.0 * y[2]
    return np.sum(x[:3] * y) + np.sum(x)


def real_attr_write(x):
    y = x.real
    y[0] = 2.0 * y[1]
    return np.sum(x ** 2)


def squeeze_write(x):
    y = np.squeeze(x)
    y[0] = y[0] + 1.0
    return np.sum(x * x)


def local_reshape_alias(x):
    a = np.zeros(4)
    b = a.reshape(2, 2)
    b[0, 1] = x[0]
    a[3] = x[1]
    return np.sum(a * np.arange(4)) + np.sum(b ** 2)


def local_slice_alias(x):
    a = x * 1.0
    head = a[:2]
    a[0] = 10.0 * x[1]
    return np.sum(head * x[:2])


def row_sum_view_accumulate(X):
    s = X[0]
    for i in range(1, X.shape[0]):
        s += X[i]
    return np.sum(s ** 2) + np.sum(X)


def ternary_alias(x, flag):
    y = x if flag > 0 else x.copy()
    y[0] = 0.0
    return np.sum(x * x)


def list_alias(x):
    a = x * 2.0
    lst = [a, a]
    lst[0][0] = 1.0
    return np.sum(lst[1] * x)


def dict_alias(x):
    a = x * 2.0
    d = {"p": a}
    q = d["p"]
    q[1] = 0.0
    return np.sum(a * x)


def loop_var_after(x):
    s = 0.0
    for v in x:
        s = s + v * v
    return s * v


def param_rebound_then_inplace(x):
    x = x * 1.0
    x += 1.0
    x[0] *= 3.0
    return np.sum(x ** 2)


def swap_arrays_inplace(x):
    a = x * 2.0
    b = x + 1.0
    a, b = b, a
    a[0] = b[1]
    return np.sum(a * b)


def transpose_write_local(X):
    A = X * 1.0
    T = A.T
    T[0, 1] = 0.0
    return np.sum(A * X)


def helper_returns_arg(v):
    return v


def callee_alias(x):
    a = x * 2.0
    b = helper_returns_arg(a)
    b[0] = 0.0
    return np.sum(a * x)


def view_then_rebind(x):
    a = x * 2.0
    v = a[1:]
    v = v * 3.0
    a[1] = 0.0
    return np.sum(v) + np.sum(a * x)


def inplace_then_read_old(x):
    a = x * 2.0
    old = a
    a = a + 1.0
    old[0] = 0.0
    return np.sum(a * old)


def closure_sees_write(x):
    a = x * 2.0
    f = lambda: np.sum(a * x)
    a[0] = 0.0
    return f()


x4 = rng.standard_normal(4)
CASES = [
    dict(f=atleast_1d_write, args=(x4,), wrt=0),
    dict(f=asarray_write, args=(x4,), wrt=0),
    dict(f=asarray_dtype_write, args=(x4,), wrt=0),
    dict(f=array_copy_write, args=(x4,), wrt=0),
    dict(f=astype_write, args=(x4,), wrt=0),
    dict(f=fancy_copy_write, args=(x4,), wrt=0),
    dict(f=real_attr_write, args=(x4,), wrt=0),
    dict(f=squeeze_write, args=(x4[None, :],), wrt=0),
    dict(f=local_reshape_alias, args=(x4,), wrt=0),
    dict(f=local_slice_alias, args=(x4,), wrt=0),
    dict(f=row_sum_view_accumulate, args=(rng.standard_normal((3, 2)),), wrt=0),
    dict(f=ternary_alias, args=(x4, 1.0), wrt=0),
    dict(f=ternary_alias, args=(x4, -1.0), wrt=0, name="ternary_alias_copy"),
    dict(f=list_alias, args=(x4,), wrt=0),
    dict(f=dict_alias, args=(x4,), wrt=0),
    dict(f=loop_var_after, args=(x4,), wrt=0),
    dict(f=param_rebound_then_inplace, args=(x4,), wrt=0),
    dict(f=swap_arrays_inplace, args=(x4,), wrt=0),
    dict(f=transpose_write_local, args=(rng.standard_normal((2, 2)),), wrt=0),
    dict(f=callee_alias, args=(x4,), wrt=0),
    dict(f=view_then_rebind, args=(x4,), wrt=0),
    dict(f=inplace_then_read_old, args=(x4,), wrt=0),
    dict(f=closure_sees_write, args=(x4,), wrt=0),
]

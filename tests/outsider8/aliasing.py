"""Arrays shared by names, lists and views, as quick code shares them: a state appended to a list
and then updated in place, an accumulator appended every step, a view taken before a write and
read after it, `out=` into the array read, ufuncs writing into slices, `np.asarray` of an
argument."""

import numpy as np


def append_then_inplace(x):
    hist = []
    h = x.copy()
    for _ in range(3):
        hist.append(h)
        h *= 1.5
    return np.sum(hist[0] * x)


def append_buffer_every_step(x):
    h = np.zeros_like(x)
    states = []
    for t in range(3):
        h[:] = np.tanh(h + x * (t + 1))
        states.append(h)
    return np.sum(np.stack(states) * np.arange(1.0, 4.0)[:, None])


def append_copy_every_step(x):
    h = np.zeros_like(x)
    states = []
    for t in range(3):
        h[:] = np.tanh(h + x * (t + 1))
        states.append(h.copy())
    return np.sum(np.stack(states) * np.arange(1.0, 4.0)[:, None])


def accumulator_appended(x):
    acc = np.zeros_like(x)
    partial = []
    for i in range(3):
        acc += x ** (i + 1)
        partial.append(acc)
    return np.sum(partial[0])


def dict_entry_then_inplace(x):
    y = x * 2.0
    d = {"y": y}
    y += 1.0
    return np.sum(d["y"] * x)


def view_before_write_read_after(x):
    y = x * 1.0
    v = y[1:3]
    y[1:3] = 0.0
    return np.sum(v) + np.sum(y * x)


def strided_view_then_scale(x):
    y = x * 1.0
    v = y[::2]
    y *= 2.0
    return np.sum(v * v)


def reshape_view_then_write(x):
    y = x + 0.0
    v = y.reshape(-1)
    y[0] = 5.0 * x[1]
    return np.sum(v * x)


def fancy_copy_then_write(x):
    y = x * 1.0
    z = y[[0, 1]]
    y[0] = 0.0
    return np.sum(z * z) + np.sum(y)


def out_into_self(x):
    y = x * 1.0
    np.maximum(y, 0.1, out=y)
    np.exp(y, out=y)
    return np.sum(y)


def clip_out_self(x):
    y = x * 2.0
    np.clip(y, -0.5, 0.5, out=y)
    return np.sum(y * x)


def ufunc_out_slice(x):
    y = np.zeros(5)
    np.multiply(x, 2.0, out=y[1:])
    return np.sum(y * np.arange(5.0))


def ellipsis_store(x):
    y = np.empty_like(x)
    y[...] = x * x
    y[...] += 1.0
    return np.sum(y * x)


def slice_all_times(x):
    y = x + 1.0
    y[:] *= x
    return np.sum(y)


def copyto_where(x):
    y = np.zeros_like(x)
    np.copyto(y, x * 3.0, where=x > 0)
    return np.sum(y * x)


def mask_depends_on_updated(x):
    y = x * 1.0
    for _ in range(3):
        m = y > 0
        y[m] = y[m] * 0.5
        y[~m] += 0.2
    return np.sum(y * y)


def argmax_zeroed(x):
    y = x * 1.0
    y[np.argmax(y)] = 0.0
    return np.sum(y ** 2)


def asarray_of_argument(x):
    t = np.asarray(x)
    return np.sum(t * t)


def prefix_self_reference(x):
    y = x.copy()
    for i in range(1, y.size):
        y[i] = y[i] * y[i - 1] + 0.1
    return np.sum(y)


def matrix_rows_recurrence(A):
    M = np.zeros((4, 2))
    M[0] = np.array([1.0, 0.5])
    for i in range(1, 4):
        M[i] = M[i - 1] @ A
    return np.sum(M ** 2)


def swap_buffers_loop(x):
    a = x.copy()
    b = np.zeros_like(x)
    for _ in range(4):
        b[1:-1] = 0.5 * (a[:-2] + a[2:])
        b[0] = a[0]
        b[-1] = a[-1]
        a, b = b, a
    return np.sum(a ** 2)


def list_of_views_of_matrix(X):
    M = X * 1.0
    rows = [M[i] for i in range(M.shape[0])]
    M[0] = 0.0
    return sum(np.sum(r * r) for r in rows)


def same_array_two_list_slots(x):
    y = x * 2.0
    pair = [y, y]
    pair[0][0] = 9.0
    return np.sum(pair[1] * x)


def tuple_unpack_aliases(x):
    y = x * 1.0
    a, b = y, y
    a += 1.0
    return np.sum(b * x)


def function_returns_same_array(x):
    def scale(v):
        v *= 2.0
        return v
    y = x * 1.0
    z = scale(y)
    return np.sum(y * x) + np.sum(z)


def setitem_on_transpose_copy(A):
    B = A.T.copy()
    B[0, 0] = 0.0
    return np.sum(B * A.T)


def broadcast_inplace_rows(X, v):
    M = X * 1.0
    M += v
    M[1] -= v * 2
    return np.sum(M ** 2)


def loop_carried_inplace_scalar_store(x):
    y = np.zeros(3)
    s = 0.0
    for i in range(3):
        s = s + x[i]
        y[i] = s * s
    return np.sum(y)


def while_with_store(x):
    y = x.copy()
    k = 0
    while np.sum(y ** 2) > 0.05 and k < 20:
        y[k % y.size] *= 0.5
        k += 1
    return np.sum(y)


def nested_lists_of_arrays_mutated(x):
    grid = [[x * 1.0, x * 2.0], [x * 3.0, x * 4.0]]
    grid[1][0] = grid[0][1] * x
    grid[0][0][0] = 0.0
    return sum(np.sum(c) for row in grid for c in row)


def diag_view_read(A):
    d = np.diagonal(A)
    return np.sum(d ** 2) + np.sum(A)


def real_imag_views(x):
    z = x * (1 + 2j)
    return np.sum(z.real ** 2 + z.imag)


x4 = np.array([0.3, -0.6, 0.8, 0.2])
x5 = np.array([0.3, -0.6, 0.8, 0.2, 0.5])
A2 = np.array([[0.5, 0.3], [-0.2, 0.9]])
X32 = np.array([[0.5, 1.2], [0.7, -0.4], [0.1, 0.9]])

CASES = [
    dict(f=append_then_inplace, args=(x4,)),
    dict(f=append_buffer_every_step, args=(x4,)),
    dict(f=append_copy_every_step, args=(x4,)),
    dict(f=accumulator_appended, args=(x4,)),
    dict(f=dict_entry_then_inplace, args=(x4,)),
    dict(f=view_before_write_read_after, args=(x4,)),
    dict(f=strided_view_then_scale, args=(x4,)),
    dict(f=reshape_view_then_write, args=(x4,)),
    dict(f=fancy_copy_then_write, args=(x4,)),
    dict(f=out_into_self, args=(x4,)),
    dict(f=clip_out_self, args=(x4,)),
    dict(f=ufunc_out_slice, args=(x4,)),
    dict(f=ellipsis_store, args=(x4,)),
    dict(f=slice_all_times, args=(x4,)),
    dict(f=copyto_where, args=(x4,)),
    dict(f=mask_depends_on_updated, args=(x4,)),
    dict(f=argmax_zeroed, args=(x4,)),
    dict(f=asarray_of_argument, args=(x4,)),
    dict(f=prefix_self_reference, args=(x5,)),
    dict(f=matrix_rows_recurrence, args=(A2,)),
    dict(f=swap_buffers_loop, args=(x5,)),
    dict(f=list_of_views_of_matrix, args=(X32,)),
    dict(f=same_array_two_list_slots, args=(x4,)),
    dict(f=tuple_unpack_aliases, args=(x4,)),
    dict(f=function_returns_same_array, args=(x4,)),
    dict(f=setitem_on_transpose_copy, args=(A2,)),
    dict(f=broadcast_inplace_rows, args=(X32, np.array([0.2, -0.1])), wrt=0, alt="v"),
    dict(f=loop_carried_inplace_scalar_store, args=(x4,)),
    dict(f=while_with_store, args=(x4,)),
    dict(f=nested_lists_of_arrays_mutated, args=(x4,)),
    dict(f=diag_view_read, args=(A2,)),
    dict(f=real_imag_views, args=(x4,)),
]

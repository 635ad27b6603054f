"""Fresh arrays filled in place: np.empty/zeros/ones/eye/full/zeros_like then element, row,
column, slice, mask and fancy-index stores in loops; fill_diagonal, put, add.at, copyto, out=,
x[...] = ..., matrices built row by row then used (Vandermonde, kernels, stencils, tridiagonal
systems)."""

import numpy as np

rng = np.random.default_rng(63)
T5 = np.linspace(-1.0, 1.0, 5)
P3 = rng.standard_normal((5, 2))


def vandermonde_rows(t, c):
    n = t.shape[0]
    V = np.empty((n, 4))
    for i in range(n):
        for j in range(4):
            V[i, j] = t[i] ** j
    return np.sum((V @ c) ** 2)


def vandermonde_columns(t):
    V = np.ones((t.shape[0], 3))
    for j in range(1, 3):
        V[:, j] = V[:, j - 1] * t
    G = V.T @ V
    return np.linalg.slogdet(G)[1]


def rbf_kernel_fill(X, ell):
    n = X.shape[0]
    K = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            d = X[i] - X[j]
            K[i, j] = np.exp(-0.5 * np.dot(d, d) / ell ** 2)
    np.fill_diagonal(K, K.diagonal() + 1e-3)
    return np.linalg.slogdet(K)[1]


def kernel_with_noise_diag(X, noise):
    n = X.shape[0]
    K = np.exp(-np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=-1))
    K[np.diag_indices(n)] += noise
    y = np.ones(n)
    return y @ np.linalg.solve(K, y)


def fill_diagonal_param(d):
    A = np.ones((3, 3)) * 0.1
    np.fill_diagonal(A, d)
    return np.sum(np.linalg.inv(A))


def flat_diagonal_store(d):
    n = d.shape[0]
    A = np.zeros((n, n))
    A.flat[:: n + 1] = d ** 2
    return np.sum(A @ A)


def second_difference_matrix(u):
    n = u.shape[0]
    D = np.zeros((n, n))
    for i in range(n):
        D[i, i] = -2.0
        if i > 0:
            D[i, i - 1] = 1.0
        if i < n - 1:
            D[i, i + 1] = 1.0
    return np.sum((D @ u) ** 2)


def tridiagonal_solve_thomas(a, b, c, d):
    n = len(d)
    cp = np.zeros(n)
    dp = np.zeros(n)
    cp[0] = c[0] / b[0]
    dp[0] = d[0] / b[0]
    for i in range(1, n):
        m = b[i] - a[i] * cp[i - 1]
        cp[i] = c[i] / m if i < n - 1 else 0.0
        dp[i] = (d[i] - a[i] * dp[i - 1]) / m
    x = np.zeros(n)
    x[-1] = dp[-1]
    for i in range(n - 2, -1, -1):
        x[i] = dp[i] - cp[i] * x[i + 1]
    return np.sum(x ** 2)


def mask_store_loop(x):
    y = np.zeros_like(x)
    for k in range(3):
        m = x > (k - 1) * 0.5
        y[m] = y[m] + x[m] * (k + 1)
    return np.sum(y ** 2)


def fancy_index_store(x):
    idx = np.array([4, 0, 2])
    y = np.full(5, 0.5)
    y[idx] = x ** 2
    y[[1, 3]] = y[[0, 2]] * x[1]
    return np.sum(np.sin(y))


def ellipsis_store(x):
    y = np.empty_like(x)
    y[...] = x * 2.0
    y[..., 0] = x[..., 1] ** 2
    return np.sum(y * x)


def colon_store_whole(x):
    y = np.zeros(3)
    y[:] = x
    y[:] *= y
    return np.sum(y)


def put_into_fresh(x):
    y = np.zeros(6)
    np.put(y, [0, 2, 4], x)
    return np.sum(y * np.arange(6))


def add_at_fresh(x):
    y = np.zeros(4)
    np.add.at(y, [0, 1, 1, 3], x)
    return np.sum(y ** 2)


def copyto_where(x):
    y = np.ones_like(x)
    np.copyto(y, x ** 2, where=x > 0)
    return np.sum(y * x)


def ufunc_out_slice(x):
    y = np.zeros(5)
    np.multiply(x, 3.0, out=y[1:4])
    np.add(y[1:4], x, out=y[:3])
    return np.sum(y ** 2)


def cumsum_out(x):
    y = np.empty_like(x)
    np.cumsum(x * x, out=y)
    return np.sum(y)


def matmul_out(A, x):
    y = np.empty(A.shape[0])
    np.matmul(A, x, out=y)
    return np.sum(y ** 2)


def negative_out_inplace(x):
    y = x * 1.0
    np.negative(y, out=y)
    np.exp(y, out=y)
    return np.sum(y)


def build_rows_then_stack(p):
    rows = np.zeros((p.shape[0], 3))
    for i, (a, b) in enumerate(p):
        rows[i] = [a, b, a * b]
    return np.sum(rows.T @ rows)


def row_store_from_list(x):
    M = np.empty((2, 3))
    M[0] = [x[0], x[1], 1.0]
    M[1] = (x[1] ** 2, 0.0, x[0])
    return np.sum(M @ M.T)


def triu_fill(v):
    A = np.zeros((3, 3))
    A[np.triu_indices(3)] = v
    S = A + A.T
    return np.sum(S @ S)


def column_store_loop(x):
    n = x.shape[0]
    C = np.zeros((n, n))
    for j in range(n):
        C[:, j] = np.roll(x, j)
    return np.sum(C @ x)


def eye_then_rotation(theta):
    R = np.eye(3)
    c, s = np.cos(theta), np.sin(theta)
    R[0, 0] = c
    R[0, 1] = -s
    R[1, 0] = s
    R[1, 1] = c
    v = np.array([1.0, 2.0, 3.0])
    return np.sum((R @ R @ v) * v)


def full_like_then_accumulate(x):
    acc = np.full_like(x, 2.0)
    for i in range(1, x.shape[0]):
        acc[i] += acc[i - 1] * x[i]
    return np.sum(acc)


def view_written_through(x):
    y = np.zeros(6)
    v = y.reshape(2, 3)
    v[0] = x
    v[1] = x ** 2
    return np.sum(y * np.arange(6))


def transpose_view_store(x):
    A = np.zeros((3, 3))
    At = A.T
    At[0] = x
    return np.sum(A @ x)


def ravel_view_store(x):
    A = np.zeros((2, 2))
    r = A.ravel()
    r[:] = x
    return np.sum(A @ A)


def putmask_fresh(x):
    y = x.copy()
    np.putmask(y, y < 0, y ** 2)
    return np.sum(y)


def stencil_laplacian_2d(u):
    n = u.shape[0]
    L = np.zeros_like(u)
    L[1:-1, 1:-1] = u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - 4 * u[1:-1, 1:-1]
    return np.sum(L ** 2) / n


def covariance_by_loop(X):
    n, d = X.shape
    mu = np.mean(X, axis=0)
    C = np.zeros((d, d))
    for i in range(n):
        r = X[i] - mu
        C += np.outer(r, r)
    C /= n - 1
    return np.linalg.slogdet(C)[1]


def scaled_diag_inplace(x):
    A = np.outer(x, x)
    d = np.einsum("ii->i", A)
    return np.sum(d) + np.sum(A)


def diagonal_view_write(x):
    A = np.outer(x, x) + np.eye(3)
    A[np.arange(3), np.arange(3)] *= 2.0
    return np.sum(np.linalg.inv(A))


CASES = [
    dict(f=vandermonde_rows, args=(T5.copy(), np.array([1.0, -0.5, 0.2, 0.3])), alt="c"),
    dict(f=vandermonde_columns, args=(T5.copy(),)),
    dict(f=rbf_kernel_fill, args=(P3.copy(), 1.3), alt="ell"),
    dict(f=kernel_with_noise_diag, args=(P3.copy(), 0.2), alt="noise"),
    dict(f=fill_diagonal_param, args=(np.array([2.0, 3.0, 1.5]),)),
    dict(f=flat_diagonal_store, args=(np.array([0.5, 1.5, -1.0]),)),
    dict(f=second_difference_matrix, args=(np.sin(T5),)),
    dict(f=tridiagonal_solve_thomas, args=(np.full(5, -1.0), np.full(5, 4.0), np.full(5, -1.0),
                                           np.cos(T5)), wrt=3, alt=1),
    dict(f=mask_store_loop, args=(np.array([-0.7, 0.2, 0.9, 1.6]),)),
    dict(f=fancy_index_store, args=(np.array([0.3, 0.8, -0.4]),)),
    dict(f=ellipsis_store, args=(rng.standard_normal((2, 3)),)),
    dict(f=colon_store_whole, args=(np.array([0.3, 0.8, -0.4]),)),
    dict(f=put_into_fresh, args=(np.array([0.3, 0.8, -0.4]),)),
    dict(f=add_at_fresh, args=(np.array([0.3, 0.8, -0.4, 1.2]),)),
    dict(f=copyto_where, args=(np.array([0.3, -0.8, -0.4, 1.2]),)),
    dict(f=ufunc_out_slice, args=(np.array([0.3, -0.8, 1.2]),)),
    dict(f=cumsum_out, args=(np.array([0.3, -0.8, 1.2]),)),
    dict(f=matmul_out, args=(rng.standard_normal((2, 3)), np.array([0.3, -0.8, 1.2])), alt="x"),
    dict(f=negative_out_inplace, args=(np.array([0.3, -0.8, 1.2]),)),
    dict(f=build_rows_then_stack, args=(P3.copy(),)),
    dict(f=row_store_from_list, args=(np.array([0.3, -0.8]),)),
    dict(f=triu_fill, args=(np.arange(1.0, 7.0) / 3,)),
    dict(f=column_store_loop, args=(np.array([0.3, -0.8, 1.2, 0.1]),)),
    dict(f=eye_then_rotation, args=(0.4,)),
    dict(f=full_like_then_accumulate, args=(np.array([0.3, -0.8, 1.2, 0.5]),)),
    dict(f=view_written_through, args=(np.array([0.3, -0.8, 1.2]),)),
    dict(f=transpose_view_store, args=(np.array([0.3, -0.8, 1.2]),)),
    dict(f=ravel_view_store, args=(np.array([0.3, -0.8, 1.2, 0.7]),)),
    dict(f=putmask_fresh, args=(np.array([0.3, -0.8, 1.2, -0.1]),)),
    dict(f=stencil_laplacian_2d, args=(rng.standard_normal((4, 4)),)),
    dict(f=covariance_by_loop, args=(rng.standard_normal((6, 2)),)),
    dict(f=scaled_diag_inplace, args=(np.array([0.3, -0.8, 1.2]),)),
    dict(f=diagonal_view_write, args=(np.array([0.3, -0.8, 1.2]),)),
]


def int_literal_buffer(x):
    out = np.array([0, 0, 0])
    for i in range(3):
        out[i] = x[i] * 10
    return np.sum(out * x)


def zeros_like_int_index(x):
    idx = np.array([2, 0, 1])
    out = np.zeros_like(idx)
    out[0] = x[0] * 10
    return np.sum(out * x) + np.sum(x[idx] ** 2)


def chained_item_store(x):
    A = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            A[i][j] = x[i] * x[j] + i
    return np.sum(A @ A)


def chained_row_mask_store(x):
    A = np.zeros((2, 3))
    A[0, :][x > 0] = x[x > 0]
    return np.sum(A * np.arange(3.0))


def mask_copy_store_noop(x):
    A = np.ones(3)
    A[x > 0][0] = 100.0 * x[0]
    return np.sum(A * x)


def chained_slice_reverse(x):
    y = np.zeros(4)
    y[1:][::-1] = x
    return np.sum(y * np.arange(4.0))


def copyto_into_slice(x):
    y = np.zeros(4)
    np.copyto(y[1:], x)
    return np.sum(y ** 2 * np.arange(4.0))


def fill_then_store(x):
    y = np.empty(3)
    y.fill(0.5)
    y[1] = x[1] ** 2
    return np.sum(y * x)


def row_view_store(x):
    A = np.zeros((2, 3))
    row = A[1]
    row[0] = x[0] * 3
    return np.sum(A ** 2)


def repeated_index_iadd(x):
    y = np.zeros(3)
    y[[0, 0, 2]] += x
    return np.sum(y ** 2)


def prefix_iadd_self(x):
    y = x * 1.0
    for i in range(1, 3):
        y[i] += y[i - 1] * 0.5
    return np.sum(y ** 2)


def ones_scaled_rows(x):
    A = np.ones((3, 3))
    A *= x[:, None]
    A[1] /= x[1]
    return np.sum(A ** 2)


def trajectory_row_iadd(y0):
    T = np.empty((6, 3))
    T[0] = y0
    for i in range(1, 6):
        T[i] = T[i - 1]
        T[i, :] += 0.1 * np.cos(T[i - 1])
    return np.sum(T ** 2)


def state_colon_update(x0):
    x = np.zeros(3)
    x[:] = x0
    for _ in range(5):
        x[:] = np.tanh(x) + 0.1 * x[::-1]
    return np.sum(x)


def jacobian_rows_vector_out(x):
    J = np.empty((3, 3))
    for i in range(3):
        J[i] = np.roll(x, i) * (i + 1)
    return J @ x


x3f = np.array([0.3, -1.6, 2.2])
CASES += [
    dict(f=int_literal_buffer, args=(np.array([0.31, 0.52, 0.73]),)),
    dict(f=zeros_like_int_index, args=(np.array([0.31, 0.52, 0.73]),)),
    dict(f=chained_item_store, args=(np.array([0.3, -1.6]),)),
    dict(f=chained_row_mask_store, args=(x3f.copy(),)),
    dict(f=mask_copy_store_noop, args=(x3f.copy(),)),
    dict(f=chained_slice_reverse, args=(x3f.copy(),)),
    dict(f=copyto_into_slice, args=(x3f.copy(),)),
    dict(f=fill_then_store, args=(x3f.copy(),)),
    dict(f=row_view_store, args=(x3f.copy(),)),
    dict(f=repeated_index_iadd, args=(x3f.copy(),)),
    dict(f=prefix_iadd_self, args=(x3f.copy(),)),
    dict(f=ones_scaled_rows, args=(x3f.copy(),)),
    dict(f=trajectory_row_iadd, args=(x3f.copy(),)),
    dict(f=state_colon_update, args=(x3f.copy(),)),
    dict(f=jacobian_rows_vector_out, args=(x3f.copy(),), out="vector"),
]


def einsum_diagonal_view_store(x):
    A = np.zeros((3, 3))
    np.einsum("ii->i", A)[:] = x
    return np.sum(A @ A)


def as_strided_diagonal_store(x):
    A = np.zeros((3, 3))
    d = np.lib.stride_tricks.as_strided(A, shape=(3,), strides=(A.strides[0] + A.strides[1],))
    d[:] = x
    return np.sum(A @ A)


def moveaxis_view_store(x):
    A = np.zeros((3, 3))
    np.moveaxis(A, 0, 1)[0] = x
    return np.sum(A @ np.arange(3.0))


def split_part_store(x):
    y = np.zeros(6)
    a, b = np.split(y, 2)
    b[:] = x
    return np.sum(y * np.arange(6.0))


def sqrt_out_self(x):
    y = x ** 2 + 1.0
    np.sqrt(y, out=y)
    return np.sum(y)


def multiply_out_alias(x):
    y = x * 1.0
    np.multiply(y, y, out=y)
    return np.sum(y)


def cumsum_out_self(x):
    y = x * 1.0
    np.cumsum(y, out=y)
    return np.sum(y * np.arange(3))


CASES += [
    dict(f=einsum_diagonal_view_store, args=(x3f.copy(),)),
    dict(f=as_strided_diagonal_store, args=(x3f.copy(),)),
    dict(f=moveaxis_view_store, args=(x3f.copy(),)),
    dict(f=split_part_store, args=(x3f.copy(),)),
    dict(f=sqrt_out_self, args=(x3f.copy(),)),
    dict(f=multiply_out_alias, args=(x3f.copy(),)),
    dict(f=cumsum_out_self, args=(x3f.copy(),)),
]


def aux_dict_of_filled_array(w):
    h = np.zeros(3)
    for i in range(3):
        h[i] = w[i] * 2.0
    return np.sum(h ** 2), {"h": h}


def filled_view_out(w):
    h = np.zeros(3)
    for i in range(3):
        h[i] = w[i] * 2.0
    return h[1:]


def filled_view_aux(w):
    h = np.zeros(3)
    for i in range(3):
        h[i] = w[i] * 2.0
    return np.sum(h ** 2), h[1:]


HISTORY = []


def logs_filled_array(w):
    h = np.zeros(3)
    for i in range(3):
        h[i] = w[i] * 2.0
    HISTORY.append(h)
    return np.sum(h ** 2)

"""What quick code does without thinking about it: module-level work buffers, chained assignment,
rows of a matrix updated through the loop variable, in-place sorts, overlapping slice updates,
float() and .item() of an element, reparameterised random draws, late-binding lambdas, nonlocal
accumulators, modulo and rounding, ufunc methods, `where=` reductions, try/except and errstate."""

import numpy as np

BUF = np.zeros(4)
BASE = np.zeros(4)
HISTORY = []
CACHE = {}


def module_buffer_workspace(x):
    BUF[:] = x * 2.0
    return np.sum(BUF ** 2)


def module_buffer_accumulate(x):
    out = BASE.copy()
    out += x
    return np.sum(out * x)


def chained_assignment_alias(x):
    a = b = np.zeros(4)
    a += x
    return np.sum(b * x)


def rows_updated_via_loop_variable(X):
    M = X.copy()
    for row in M:
        row *= 2.0
    return np.sum(M * X)


def rows_normalised_slice_assign(X):
    M = X.copy()
    for row in M:
        row[:] = row / np.sum(row ** 2)
    return np.sum(M)


def inplace_sort_method(x):
    y = x * 1.0
    y.sort()
    return np.sum(y * np.arange(y.size))


def overlapping_shift_add(x):
    y = x.copy()
    y[1:] += y[:-1]
    return np.sum(y ** 2)


def overlapping_shift_assign(x):
    y = x.copy()
    y[1:] = y[:-1]
    return np.sum(y * np.arange(1.0, y.size + 1))


def reverse_in_place(x):
    y = x.copy()
    y[:] = y[::-1]
    return np.sum(y * np.arange(y.size))


def float_of_element(x):
    a = float(x[0])
    return a * np.sum(x)


def item_of_element(x):
    return x[1].item() ** 2 + np.sum(x)


def python_list_of_floats(x):
    vals = [float(v) for v in x]
    return sum(v * v for v in vals)


def rng_normal_reparam(mu, sigma):
    rng = np.random.default_rng(1)
    z = rng.normal(mu, sigma, size=50)
    return np.mean(z ** 2)


def rng_uniform_bounds(lo):
    rng = np.random.default_rng(2)
    u = rng.uniform(lo, lo + 2.0, size=20)
    return np.sum(np.sin(u))


def rng_exponential_scale(s):
    rng = np.random.default_rng(3)
    return np.mean(rng.exponential(s, size=30))


def legacy_random_seeded(mu):
    np.random.seed(0)
    z = mu + np.random.randn(10)
    return np.sum(z ** 2)


def late_binding_lambdas(x):
    fs = [lambda v: v * k for k in range(1, 4)]
    return sum(np.sum(f(x)) for f in fs)


def default_binding_lambdas(x):
    fs = [lambda v, k=k: v * k for k in range(1, 4)]
    return sum(np.sum(f(x)) for f in fs)


def nonlocal_accumulator(x):
    total = 0.0

    def add(v):
        nonlocal total
        total = total + v * v
    for v in x:
        add(v)
    return total


def global_history_append(x):
    y = np.sum(x ** 2)
    HISTORY.append(0.0)
    return y * len(HISTORY) / len(HISTORY)


def modulo_wrap(x):
    return np.sum(np.mod(x, 1.0) ** 2)


def percent_operator(x):
    return np.sum((x * 3.0) % 2.0)


def floor_division(x):
    return np.sum(x * (x // 0.5))


def round_builtin(x):
    return round(x * 3.0, 2) * x


def ufunc_reduce_accumulate(x):
    return np.add.reduce(x ** 2) + np.sum(np.multiply.accumulate(x))


def maximum_accumulate(x):
    return np.sum(np.maximum.accumulate(x))


def sum_where_mask(x):
    return np.sum(x ** 2, where=x > 0) + np.max(x, initial=-10.0)


def mean_where(x):
    return np.mean(x, where=x < 0.5)


def try_except_cholesky(A):
    try:
        L = np.linalg.cholesky(A)
        return np.sum(np.log(np.diag(L)))
    except np.linalg.LinAlgError:
        return np.sum(A)


def errstate_context(x):
    with np.errstate(divide="ignore"):
        y = np.log(np.abs(x))
    return np.sum(y)


def print_inside(x):
    y = np.sum(x ** 2)
    print("loss", y)
    return y


def mutable_default_cache(x, cache={}):
    cache["last"] = x
    return np.sum(cache["last"] ** 2)


def memo_global_cache(x):
    key = "k"
    if key not in CACHE:
        CACHE[key] = 3.0
    return np.sum(x * CACHE[key])


def helper_normalises_in_place(v):
    v /= np.linalg.norm(v)
    return v


def calls_inplace_helper(x):
    y = x * 1.0
    helper_normalises_in_place(y)
    return np.sum(y * np.arange(1.0, y.size + 1))


def helper_fills_output(out, x):
    out[:] = np.tanh(x)


def output_argument_helper(x):
    buf = np.empty_like(x)
    helper_fills_output(buf, x)
    return np.sum(buf ** 2)


def put_place_putmask(x):
    y = x.copy()
    np.put(y, [0, 2], x[:2] * 3.0)
    np.putmask(y, y > 1.0, 0.5)
    return np.sum(y ** 2)


def complex_intermediate(x):
    z = np.exp(1j * x)
    return np.sum(z.real * x) + np.sum(np.abs(z + 0.5) ** 2)


def complex_polar(r, t):
    z = r * np.exp(1j * t)
    return np.real(z * z.conj()) + np.imag(z) ** 2


def shape_unpacking_zeros(X):
    n, m = X.shape
    acc = np.zeros(m)
    for i in range(n):
        acc += X[i] * (i + 1)
    return np.sum(acc ** 2)


def shadowed_name(x):
    total = 0.0
    for x_i in x:
        x = x * 0.5
        total += x_i * np.sum(x)
    return total


def del_statement(x):
    tmp = x ** 2
    y = np.sum(tmp)
    del tmp
    return y * 2


def negative_axes(X):
    return np.sum(np.sum(X, axis=-1) ** 2) + np.sum(np.max(X, axis=-2))


def axis_tuple(X):
    return np.sum(np.sum(X, axis=(0, 2)) ** 2)


def reverse_cumsum(x):
    return np.sum(np.cumsum(x[::-1])[::-1] ** 2)


def nonzero_gather(x):
    idx = np.nonzero(x > 0)[0]
    return np.sum(x[idx] ** 3)


def unique_inverse_sum(x):
    labels = np.array([2, 0, 2, 1])
    _, inv = np.unique(labels, return_inverse=True)
    sums = np.zeros(3)
    for i, k in enumerate(inv):
        sums[k] += x[i]
    return np.sum(sums ** 2)


def power_float_exponent(x, p):
    return np.sum(np.abs(x) ** p)


def np_power_both(x, p):
    return np.sum(np.power(x, p))


def dtype_sum_float32(x):
    return np.sum(x ** 2, dtype=np.float32) * 1.0


def float32_cast_middle(x):
    y = x.astype(np.float32)
    return float(np.sum(y.astype(np.float64) ** 2))


def newaxis_outer(x):
    return np.sum((x[np.newaxis, :] - x[:, np.newaxis]) ** 2)


def two_d_mask(X):
    return np.sum(X[X > 0] ** 2) + np.sum(X[X < 0])


def column_step_negative_write(X):
    M = np.zeros_like(X)
    M[::-1, 1] += X[:, 0]
    M[:, ::2] = X[:, ::2] * 2
    return np.sum(M * X)


def np_array_of_elements(x):
    v = np.array([x[0] * x[1], x[2], 1.0])
    return np.sum(v ** 2)


def asarray_of_list(x):
    v = np.asarray([np.sum(x), np.prod(x)])
    return v @ v


def builtin_max_abs_pow(a, b):
    return max(a, b) ** 2 + abs(a - b) + pow(a, 3)


def divmod_builtin(x):
    q, r = divmod(x, 0.3)
    return r * x + q


def vectorize_call(x):
    f = np.vectorize(lambda v: v * v if v > 0 else -v)
    return np.sum(f(x))


def apply_along_axis_call(X):
    return np.sum(np.apply_along_axis(lambda r: np.sum(r ** 2), 1, X))


def generator_function(x):
    def terms(v):
        for k in range(1, 4):
            yield v ** k / k
    return sum(np.sum(t) for t in terms(x))


def tuple_modify_via_list(x):
    t = (x, x * 2)
    lst = list(t)
    lst[0] = lst[0] + 1.0
    return np.sum(lst[0] * lst[1])


def list_of_arrays_inplace(x):
    rows = [x.copy(), x * 2]
    rows[0][0] = 5.0
    rows[1] *= x
    return np.sum(rows[0] ** 2) + np.sum(rows[1])


def flat_index_write(X):
    M = X.copy()
    M.flat[0] = 1.0
    M.flat[[1, 4]] = X.flat[[1, 4]] ** 2
    return np.sum(M ** 2)


def ravel_view_write(X):
    M = X.copy()
    v = M.ravel()
    v[0] = 7.0
    return np.sum(M * X)


def reshape_view_write(x):
    y = x.copy()
    M = y.reshape(2, 2)
    M[0, :] *= 3.0
    return np.sum(y * x)


def zeros_then_diag_view(x):
    M = np.zeros((3, 3))
    d = np.einsum("ii->i", M)
    M[np.diag_indices(3)] = x
    return np.sum(M @ M) + np.sum(d)


def swap_rows_fancy(X):
    M = X.copy()
    M[[0, 1]] = M[[1, 0]]
    return np.sum(M * np.arange(M.size).reshape(M.shape))


def swap_via_tuple(x):
    y = x.copy()
    y[0], y[1] = y[1], y[0]
    return np.sum(y * np.arange(y.size))


def counter_branch_by_value(x):
    n = 0
    for v in x:
        if v > 0:
            n += 1
    return np.sum(x) * n


rng = np.random.default_rng(31)
x4 = np.array([0.3, -0.6, 0.8, 0.2])
X23 = np.array([[0.5, 1.2, -0.3], [0.7, -0.4, 0.9]])
X22 = np.array([[0.5, 1.2], [0.7, 0.4]])

CASES = [
    dict(f=module_buffer_workspace, args=(x4,)),
    dict(f=module_buffer_accumulate, args=(x4,)),
    dict(f=chained_assignment_alias, args=(x4,)),
    dict(f=rows_updated_via_loop_variable, args=(X23,)),
    dict(f=rows_normalised_slice_assign, args=(X23,)),
    dict(f=inplace_sort_method, args=(x4,)),
    dict(f=overlapping_shift_add, args=(x4,)),
    dict(f=overlapping_shift_assign, args=(x4,)),
    dict(f=reverse_in_place, args=(x4,)),
    dict(f=float_of_element, args=(x4,)),
    dict(f=item_of_element, args=(x4,)),
    dict(f=python_list_of_floats, args=(x4,)),
    dict(f=rng_normal_reparam, args=(0.3, 1.2), wrt=0, alt="sigma"),
    dict(f=rng_uniform_bounds, args=(0.4,)),
    dict(f=rng_exponential_scale, args=(1.5,)),
    dict(f=legacy_random_seeded, args=(0.7,)),
    dict(f=late_binding_lambdas, args=(x4,)),
    dict(f=default_binding_lambdas, args=(x4,)),
    dict(f=nonlocal_accumulator, args=(x4,)),
    dict(f=global_history_append, args=(x4,)),
    dict(f=modulo_wrap, args=(np.array([0.3, -0.6, 1.8, 2.2]),)),
    dict(f=percent_operator, args=(x4,)),
    dict(f=floor_division, args=(np.array([0.3, -0.6, 1.8, 2.2]),)),
    dict(f=round_builtin, args=(0.8123,)),
    dict(f=ufunc_reduce_accumulate, args=(x4,)),
    dict(f=maximum_accumulate, args=(np.array([0.3, -0.6, 0.8, 0.2, 1.1]),)),
    dict(f=sum_where_mask, args=(x4,)),
    dict(f=mean_where, args=(x4,)),
    dict(f=try_except_cholesky, args=(np.array([[2.0, 0.3], [0.3, 1.0]]),)),
    dict(f=errstate_context, args=(x4,)),
    dict(f=print_inside, args=(x4,)),
    dict(f=mutable_default_cache, args=(x4,)),
    dict(f=memo_global_cache, args=(x4,)),
    dict(f=calls_inplace_helper, args=(x4,)),
    dict(f=output_argument_helper, args=(x4,)),
    dict(f=put_place_putmask, args=(np.array([0.3, -0.6, 0.8, 0.2]),)),
    dict(f=complex_intermediate, args=(x4,)),
    dict(f=complex_polar, args=(1.3, 0.4), wrt=0, alt="t"),
    dict(f=shape_unpacking_zeros, args=(X23,)),
    dict(f=shadowed_name, args=(x4,)),
    dict(f=del_statement, args=(x4,)),
    dict(f=negative_axes, args=(X23,)),
    dict(f=axis_tuple, args=(rng.standard_normal((2, 3, 2)),)),
    dict(f=reverse_cumsum, args=(x4,)),
    dict(f=nonzero_gather, args=(x4,)),
    dict(f=unique_inverse_sum, args=(x4,)),
    dict(f=power_float_exponent, args=(x4, 2.5), wrt=0, alt="p"),
    dict(f=np_power_both, args=(np.abs(x4) + 0.1, 1.7), wrt=0, alt="p"),
    dict(f=dtype_sum_float32, args=(x4,), tol=1e-3, h=1e-3, skip=("hvp",)),
    dict(f=float32_cast_middle, args=(x4,), tol=1e-3, h=1e-3, skip=("hvp",)),
    dict(f=newaxis_outer, args=(x4,)),
    dict(f=two_d_mask, args=(X23,)),
    dict(f=column_step_negative_write, args=(X23.T.copy(),)),
    dict(f=np_array_of_elements, args=(x4,)),
    dict(f=asarray_of_list, args=(x4,)),
    dict(f=builtin_max_abs_pow, args=(0.7, 0.4), wrt=0, alt="b"),
    dict(f=divmod_builtin, args=(0.71,)),
    dict(f=vectorize_call, args=(x4,)),
    dict(f=apply_along_axis_call, args=(X23,)),
    dict(f=generator_function, args=(x4,)),
    dict(f=tuple_modify_via_list, args=(x4,)),
    dict(f=list_of_arrays_inplace, args=(x4,)),
    dict(f=flat_index_write, args=(X23,)),
    dict(f=ravel_view_write, args=(X23,)),
    dict(f=reshape_view_write, args=(x4,)),
    dict(f=zeros_then_diag_view, args=(x4[:3],)),
    dict(f=swap_rows_fancy, args=(X23,)),
    dict(f=swap_via_tuple, args=(x4,)),
    dict(f=counter_branch_by_value, args=(x4,)),
]

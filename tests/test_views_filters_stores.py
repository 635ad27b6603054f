"""Window views, lfilter, ufunc methods, np.put, np.fill_diagonal and np.piecewise as users write them:
end to end in reverse mode, forward mode and Hessian-vector products, each against central
differences (of the function, and of its gradient for the hvp); and what is refused, located.
(The rules' own rows, for every keyword they accept, are in tests/rule_table.py.)"""

import numpy as np
import pytest
import scipy.signal

import s2sgrad
from s2sgrad import modes
from s2sgrad.errors import UnsupportedValueError, UserCodeError
from s2sgrad.testing import check_grads, check_jvp
from tests.helpers import load_module

PROGRAM = '''
import numpy as np
import scipy.signal as sps
from numpy.lib.stride_tricks import as_strided, sliding_window_view


def conv_windows(x, k):
    win = sliding_window_view(x, len(k))[::2]
    return np.sum(np.tanh(win @ k))


def conv_strided(x, k):
    n = x.shape[0] - 2
    s = x.strides[0]
    win = as_strided(x, shape=(n, 3), strides=(s, s))
    return np.sum((win * k).sum(axis=1) ** 2)


def pool_2d(img):
    patches = sliding_window_view(img, (2, 2))
    return np.sum(np.max(patches, axis=(2, 3)) ** 2) + np.sum(np.logaddexp.reduce(patches, axis=-1))


def iir(b, a, x):
    y = sps.lfilter(b, a, x)
    return np.sum(np.sin(y)) + np.sum(y ** 2)


def ufunc_methods(M):
    running = np.add.accumulate(M, axis=1)
    products = np.multiply.accumulate(M)
    low = np.minimum.reduce(M, axis=1, keepdims=True)
    return np.sum(running ** 2) + np.sum(products) + np.sum(np.sin(low * M)) + np.maximum.reduce(M, axis=None)


def stores(x):
    A = np.outer(x, x)
    np.fill_diagonal(A, x ** 2)
    B = np.outer(x, x[:3]) * 0.5
    np.fill_diagonal(B, x[:2], wrap=True)           # a tall matrix: the diagonal starts again below
    y = np.zeros(6)
    np.put(y, [0, 2, 0, -1], x[:3] * 3.0)           # index 0 twice: the last write stays
    np.put(y, np.array([7, -8]), x[4], mode="wrap")
    np.put(y, [1, 20], [x[5], 2.0], "clip")
    return np.sum(np.tanh(A)) + np.sum(B ** 2) + np.sum(y * x[:6])


def pieces(x, s):
    z = np.piecewise(x, [x < -0.5, x > 0.5], [lambda v: v ** 3, lambda v: np.sin(s * v), lambda v: s * v])
    w = np.piecewise(x, [x > 0, x > 1], [lambda v, c: np.exp(v), lambda v, c: c * v], s)     # x > 1: the later
    return np.sum(z ** 2) + np.sum(w) + np.sum(np.piecewise(x, x > 0, [1.0, -1.0]) * x)


def weighted_filter(x, w, b, a):
    return np.sum(w * sps.lfilter(b, a, x))


def window_sum(x):
    return np.sum(sliding_window_view(x, 3))


def strided_sum(x):
    return np.sum(as_strided(x, (4, 3), (x.strides[0], x.strides[0])))


def write_into_strided(x):
    w = as_strided(x * 1.0, shape=(4, 3), strides=(8, 8))
    w[0, 1] = 2.0
    return np.sum(w)


def strided_outside(x):
    return np.sum(as_strided(x, shape=(5, 3), strides=(8, 8)))


def piecewise_reduction(x):
    return np.sum(np.piecewise(x, [x < 0], [lambda v: v - v.mean(), 0.0]))


def piecewise_named(x):
    def double(v):
        return 2.0 * v
    return np.sum(np.piecewise(x, [x < 0], [double, 0.0]))


def lfilter_with_state(x):
    return np.sum(sps.lfilter([1.0], [1.0, -0.5], x, zi=np.zeros(1))[0])


def masked_minimum(M):
    return np.sum(np.minimum.reduce(M, where=M > 0, initial=5.0))


def reduceat(x):
    return np.sum(np.add.reduceat(x, [0, 2]))


def accumulate_dtype(x):
    return np.sum(np.add.accumulate(x, dtype=np.float32))


def writeable_windows(x):
    return np.sum(sliding_window_view(x, 2, writeable=True))


def put_mode(x):
    y = np.zeros(6)
    np.put(y, [0], x[0], mode="bogus")
    return np.sum(y)


def piecewise_keywords(x):
    return np.sum(np.piecewise(x, [x < 0], [lambda v, c: c * v, 0.0], c=2.0))


def fill_diagonal_of_a_view(x):
    A = np.outer(x, x)
    np.fill_diagonal(A[:2, :2], x[:2])
    return np.sum(A ** 2)


def put_into_argument(x):
    np.put(x, [0], 0.0)
    return np.sum(x)
'''

RNG = np.random.default_rng(11)
CASES = [           # (function, arguments, every one differentiated)
    ("conv_windows", [RNG.standard_normal(9), RNG.standard_normal(3)]),
    ("conv_strided", [RNG.standard_normal(8), RNG.standard_normal(3)]),
    ("pool_2d", [RNG.permutation(20).reshape(4, 5) * 0.3 + RNG.uniform(0, 0.1, (4, 5))]),     # no ties
    ("iir", [np.array([0.5, -0.2, 0.1]), np.array([1.5, -0.3, 0.2]), RNG.standard_normal(12)]),
    ("ufunc_methods", [RNG.permutation(12).reshape(3, 4) * 0.25 - 1.4 + RNG.uniform(0, 0.05, (3, 4))]),
    ("stores", [RNG.standard_normal(7)]),
    ("pieces", [RNG.standard_normal(9) * 1.5, 0.7]),
]


@pytest.fixture(scope="module")
def program(tmp_path_factory):
    return load_module(tmp_path_factory.mktemp("views"), "views_filters_stores", PROGRAM)


@pytest.mark.parametrize("name, args", CASES, ids=[c[0] for c in CASES])
def test_reverse_forward_and_hvp_agree_with_differences(program, name, args):
    """Every argument differentiated: the gradient, the jvp, and the hvp against differences of the gradient."""
    fn, wrt = getattr(program, name), tuple(range(len(args)))
    check_grads(fn, args, wrt=wrt)
    check_jvp(fn, args, wrt=wrt)
    rng = np.random.default_rng(5)
    tangents = [rng.standard_normal(np.shape(a)) for a in args]
    hv = modes.hvp(fn, tuple(args), tuple(tangents))
    hv = hv if len(args) > 1 else (hv,)
    gradient = s2sgrad.grad(fn, wrt if len(args) > 1 else 0)
    eps = 1e-5
    plus = gradient(*[a + eps * t for a, t in zip(args, tangents)])
    minus = gradient(*[a - eps * t for a, t in zip(args, tangents)])
    plus, minus = (plus, minus) if len(args) > 1 else ((plus,), (minus,))
    for got, p, m in zip(hv, plus, minus, strict=True):
        np.testing.assert_allclose(got, (np.asarray(p) - np.asarray(m)) / (2 * eps), rtol=1e-4, atol=1e-6)


def test_lfilter_gradient_in_the_signal_is_the_transposed_impulse_response(program):
    """y = H x with H lower-triangular Toeplitz, from the impulse response: d/dx sum(w * y) = H^T w."""
    b, a, n = np.array([0.5, -0.2, 0.1]), np.array([1.5, -0.3, 0.2]), 8
    impulse = scipy.signal.lfilter(b, a, np.eye(n)[0])
    H = np.array([[impulse[i - j] if i >= j else 0.0 for j in range(n)] for i in range(n)])
    w = RNG.standard_normal(n)
    np.testing.assert_allclose(s2sgrad.grad(program.weighted_filter)(RNG.standard_normal(n), w, b, a), H.T @ w,
                               rtol=1e-12)


def test_window_sum_reads_each_entry_once_per_window_holding_it(program):
    np.testing.assert_array_equal(s2sgrad.grad(program.window_sum)(np.arange(6.0)), [1, 2, 3, 3, 2, 1])
    np.testing.assert_array_equal(s2sgrad.grad(program.strided_sum)(np.arange(6.0)), [1, 2, 3, 3, 2, 1])


@pytest.mark.parametrize("name, message", [
    ("write_into_strided", "in-place update of `w`, a view made by as_strided"),
    ("piecewise_reduction", "may not be elementwise"),
    ("piecewise_named", "only lambdas, NumPy ufuncs and constants"),
    ("lfilter_with_state", "`zi=` is not supported"),
    ("masked_minimum", "`where=` is not supported"),
    ("reduceat", "no derivative rule for `np.add.reduceat`"),
    ("accumulate_dtype", "`dtype=` is not supported"),
    ("writeable_windows", "`writeable=True` is not supported"),
    ("put_mode", "`mode='bogus'` is not supported"),
    ("piecewise_keywords", "with its arguments written out"),
    ("put_into_argument", "in-place update of `x`"),
    ("fill_diagonal_of_a_view", r"in-place update of `A\[:2, :2\]`, which `A` may also refer to"),
])
def test_refused_where_written(program, name, message):
    with pytest.raises(UserCodeError, match=message) as caught:
        s2sgrad.grad(getattr(program, name))(RNG.standard_normal(6) if name != "masked_minimum"
                                               else RNG.standard_normal((2, 3)))
    assert "views_filters_stores.py:" in str(caught.value)


def test_as_strided_outside_the_input_is_refused_when_it_runs(program):
    with pytest.raises(UnsupportedValueError, match="outside the differentiated array"):
        s2sgrad.grad(program.strided_outside)(np.arange(6.0))

"""Second derivatives at removable singularities: a square whose root has a kink or an infinite
slope (`norm(x) ** 2` at 0, `std(x) ** 2` at a constant x; transforms/squared_norms.py), and
functions whose derivative is a difference quotient at 0 (exprel, boxcox in lmbda).  Each row is
checked in grad, jvp, hvp and hessian against a gradient and a Hessian written by hand, at the
singular point and at a generic one, where central differences and autograd check them too."""

import math
import textwrap

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
import scipy.special as sc

import s2sgrad
from s2sgrad.resolve import StaticResolver
from s2sgrad.transforms import codegen
from s2sgrad.transforms.parse import parse_source
from s2sgrad.transforms.squared_norms import square_norms
from tests.helpers import gradient_by_differences, load_module

Z = 1.0 + 2.0j          # |Z|**2 = 5


def norm_rows(x):
    return np.sum(np.linalg.norm(x, axis=1) ** 2)


def norm_columns_kept(x):
    return np.sum(np.linalg.norm(x, axis=0, keepdims=True) ** 2)


def norm_fro(x):
    return np.linalg.norm(x, "fro") ** 2


def norm_2_vector(x):
    return np.linalg.norm(x, 2) ** 2


def sqrt_of_sum(x):
    return np.sqrt(np.sum(x ** 2)) ** 2


def sqrt_of_dot(x):
    return np.sqrt(x @ x) ** 2


def hypot_of_pair_squared(x):
    return np.sum(np.hypot(x[0], x[1]) ** 2)


def abs_of_real_squared(x):
    return np.sum(np.abs(x) ** 2)


def abs_of_complex_squared(x):
    r = x * Z
    return np.sum(np.abs(r) ** 2)


def norm_rows_complex(x):
    return np.sum(np.linalg.norm(x * Z, axis=1) ** 2)


def std_of_all_squared(x):
    return np.std(x) ** 2


def std_columns_squared(x):
    return np.sum(np.std(x, axis=0) ** 2)


def std_method_squared(x):
    return x.std() ** 2


def std_method_columns_squared(x):
    return np.sum(x.std(axis=0) ** 2)


def square_of_std_method(x):
    return np.square(x.std())


def std_method_times_itself(x):
    return x.std() * x.std()


def nanstd_of_all_squared(x):
    return np.nanstd(x) ** 2


def builtin_abs_of_all_squared(x):
    return np.sum(abs(x) ** 2)


def vector_norm_of_all_squared(x):
    return np.linalg.vector_norm(x) ** 2


def vector_norm_of_rows_squared(x):
    return np.sum(np.linalg.vector_norm(x, axis=1) ** 2)


def sqrt_of_dot_times_itself(x):
    return np.sqrt(np.dot(x, x)) * np.sqrt(np.dot(x, x))


def math_sqrt_of_sum_squared(x):
    return math.sqrt(x[0] * x[0] + x[1] * x[1]) ** 2


def math_hypot_of_pair_squared(x):
    return math.hypot(x[0], 2 * x[1]) ** 2


def norm_fourth(x):
    return np.linalg.norm(x) ** 4


def norm_squared_halved(x):
    return np.linalg.norm(x) ** 2 / 2


def half_norm_squared(x):
    return 0.5 * np.linalg.norm(x) ** 2


def norm_float_power(x):
    return (np.linalg.norm(x)) ** 2.0


def square_of_norm(x):
    return np.square(np.linalg.norm(x))


def norm_times_norm(x):
    return np.linalg.norm(x) * np.linalg.norm(x)


def _identity(scale):
    return lambda x: scale * np.eye(x.size)


def _variance(x):
    """The Hessian of the sum of the population variances of x's columns (of x itself when 1-D)."""
    m = x.shape[0]
    block = 2 / m * (np.eye(m) - np.ones((m, m)) / m)
    columns = 1 if x.ndim == 1 else x.shape[1]
    return np.einsum("ij,kl->ikjl", block, np.eye(columns)).reshape(x.size, x.size)


def _sample_variance(x):
    """The Hessian of the sample variance (ddof=1) of a vector x."""
    m = x.size
    return 2 / (m - 1) * (np.eye(m) - np.ones((m, m)) / m)


def _fourth(x):
    v = x.ravel()
    return 4 * (v @ v) * np.eye(v.size) + 8 * np.outer(v, v)


RNG = np.random.default_rng(17)
MATRIX, VECTOR = RNG.standard_normal((2, 3)), RNG.standard_normal(3)
# (function, its singular point, a generic point, its Hessian, autograd's function or None)
ROWS = [
    (norm_rows, np.zeros((2, 3)), MATRIX, _identity(2), lambda x: anp.sum(anp.linalg.norm(x, axis=1) ** 2)),
    (norm_columns_kept, np.zeros((2, 3)), MATRIX, _identity(2), None),
    (norm_fro, np.zeros((2, 3)), MATRIX, _identity(2), lambda x: anp.linalg.norm(x, "fro") ** 2),
    (norm_2_vector, np.zeros(3), VECTOR, _identity(2), lambda x: anp.linalg.norm(x, 2) ** 2),
    (sqrt_of_sum, np.zeros(3), VECTOR, _identity(2), lambda x: anp.sqrt(anp.sum(x ** 2)) ** 2),
    (sqrt_of_dot, np.zeros(3), VECTOR, _identity(2), lambda x: anp.sqrt(anp.dot(x, x)) ** 2),
    (hypot_of_pair_squared, np.zeros((2, 3)), MATRIX, _identity(2), None),
    (abs_of_real_squared, np.zeros(3), VECTOR, _identity(2), lambda x: anp.sum(anp.abs(x) ** 2)),
    (abs_of_complex_squared, np.zeros(3), VECTOR, _identity(10), lambda x: anp.sum(anp.abs(x * Z) ** 2)),
    (norm_rows_complex, np.zeros((2, 3)), MATRIX, _identity(10), None),
    (std_of_all_squared, np.full(4, 0.7), RNG.standard_normal(4), _variance, lambda x: anp.std(x) ** 2),
    (std_columns_squared, np.ones((3, 2)), RNG.standard_normal((3, 2)), _variance,
     lambda x: anp.sum(anp.std(x, axis=0) ** 2)),
    (std_method_squared, np.ones(4), RNG.standard_normal(4), _variance, lambda x: anp.std(x) ** 2),
    (std_method_columns_squared, np.ones((3, 2)), RNG.standard_normal((3, 2)), _variance, None),
    (square_of_std_method, np.full(4, 0.5), RNG.standard_normal(4), _variance, None),
    (std_method_times_itself, np.full(4, 0.5), RNG.standard_normal(4), _variance, None),
    (nanstd_of_all_squared, np.ones(4), RNG.standard_normal(4), _variance, None),
    (builtin_abs_of_all_squared, np.zeros(3), VECTOR, _identity(2), lambda x: anp.sum(abs(x) ** 2)),
    (vector_norm_of_all_squared, np.zeros((2, 3)), MATRIX, _identity(2), None),
    (vector_norm_of_rows_squared, np.zeros((2, 3)), MATRIX, _identity(2), None),
    (sqrt_of_dot_times_itself, np.zeros(3), VECTOR, _identity(2), None),
    (math_sqrt_of_sum_squared, np.zeros(2), VECTOR[:2], _identity(2), None),
    (math_hypot_of_pair_squared, np.zeros(2), VECTOR[:2], lambda x: np.diag([2.0, 8.0]), None),
    (norm_fourth, np.zeros(3), VECTOR, _fourth, lambda x: anp.linalg.norm(x) ** 4),
    (norm_squared_halved, np.zeros(3), VECTOR, _identity(1), None),
    (half_norm_squared, np.zeros(3), VECTOR, _identity(1), None),
    (norm_float_power, np.zeros(3), VECTOR, _identity(2), None),
    (square_of_norm, np.zeros(3), VECTOR, _identity(2), None),
    (norm_times_norm, np.zeros(3), VECTOR, _identity(2), None),
]


def _check(fn, x, hessian):
    """grad, jvp, hvp and hessian of fn at x against `hessian` (n x n) and the gradient it
    integrates to (f is quadratic, or quartic for norm_fourth: then grad = H x / 3)."""
    n = x.size
    g = hessian @ x.ravel() / (3 if fn is norm_fourth else 1)
    u = np.linspace(1.0, -0.5, n).reshape(x.shape)
    np.testing.assert_allclose(np.ravel(s2sgrad.grad(fn)(x)), g, atol=1e-12)
    np.testing.assert_allclose(s2sgrad.jvp(fn, (x,), (u,))[1], g @ u.ravel(), atol=1e-12)
    np.testing.assert_allclose(np.ravel(s2sgrad.hvp(fn, (x,), (u,))), hessian @ u.ravel(), atol=1e-12)
    np.testing.assert_allclose(np.reshape(s2sgrad.hessian(fn)(x), (n, n)), hessian, atol=1e-12)


@pytest.mark.parametrize("fn, singular, generic, hessian, peer", ROWS, ids=[row[0].__name__ for row in ROWS])
def test_a_square_is_smooth_where_its_root_is_not(fn, singular, generic, hessian, peer):
    _check(fn, singular, hessian(singular))
    _check(fn, generic, hessian(generic))
    u = np.linspace(1.0, -0.5, generic.size).reshape(generic.shape)
    hv = gradient_by_differences(lambda y: np.sum(s2sgrad.grad(fn)(y) * u), generic)
    np.testing.assert_allclose(s2sgrad.hvp(fn, (generic,), (u,)), hv, atol=1e-6)
    np.testing.assert_allclose(s2sgrad.grad(fn)(generic), gradient_by_differences(fn, generic), atol=1e-6)
    if peer is not None:
        n = generic.size
        np.testing.assert_allclose(np.reshape(s2sgrad.hessian(fn)(generic), (n, n)),
                                   np.reshape(autograd.hessian(peer)(generic), (n, n)), atol=1e-10)
    value, _ = s2sgrad.value_and_grad(fn)(generic)
    assert value == fn(generic)         # the same value as the root squared, to the bit


def std_method_ddof_squared(x):
    return x.std(ddof=1) ** 2


def test_the_square_of_a_sample_std_method_keeps_its_ddof():
    for x in (np.full(5, 0.5), RNG.standard_normal(5)):
        _check(std_method_ddof_squared, x, _sample_variance(x))
        assert s2sgrad.value_and_grad(std_method_ddof_squared)(x)[0] == std_method_ddof_squared(x)


def scalar_squares(s):
    return abs(s) ** 2 + math.sqrt(s * s) ** 2 + math.hypot(s, 2 * s) ** 2


def test_squares_of_python_numbers_are_smooth_at_zero():
    # s**2 + s**2 + 5 s**2: second derivative 14 at 0 (it was 0 through abs's, sqrt's and hypot's kinks).
    for s in (0.0, 0.7, -1.3):
        assert s2sgrad.grad(scalar_squares)(s) == pytest.approx(14 * s, abs=1e-12)
        assert s2sgrad.hessian(scalar_squares)(s) == pytest.approx(14.0)
        assert s2sgrad.hvp(scalar_squares, (s,), (0.5,)) == pytest.approx(7.0)
        assert s2sgrad.value_and_grad(scalar_squares)(s)[0] == scalar_squares(s)


def math_sqrt_of_first_squared(x):
    return math.sqrt(x[0]) ** 2 + x[1]


def test_math_sqrt_squared_of_a_negative_number_raises_as_math_sqrt():
    assert s2sgrad.grad(math_sqrt_of_first_squared)(np.array([0.0, 2.0])).tolist() == [1.0, 1.0]
    with pytest.raises(ValueError, match="math domain error"):
        s2sgrad.grad(math_sqrt_of_first_squared)(np.array([-1.0, 2.0]))


def spectral_squared(x):
    return np.linalg.norm(x, 2) ** 2 + np.linalg.norm(x, 2, axis=(1, 0)) ** 2


def test_the_square_of_a_matrix_2_norm_is_its_largest_singular_value_squared():
    x = np.array([[2.0, 0.5, -1.0], [0.3, 1.5, 0.2]])
    u, s, vh = np.linalg.svd(x)
    np.testing.assert_allclose(s2sgrad.grad(spectral_squared)(x), 4 * s[0] * np.outer(u[:, 0], vh[0]), atol=1e-12)
    t = np.arange(6.0).reshape(2, 3) / 5
    np.testing.assert_allclose(s2sgrad.jvp(spectral_squared, (x,), (t,))[1],
                               4 * s[0] * u[:, 0] @ t @ vh[0], atol=1e-12)
    hv = gradient_by_differences(lambda y: np.sum(s2sgrad.grad(spectral_squared)(y) * t), x)
    np.testing.assert_allclose(s2sgrad.hvp(spectral_squared, (x,), (t,)), hv, atol=1e-6)
    rows = [gradient_by_differences(lambda y: np.sum(s2sgrad.grad(spectral_squared)(y) * e.reshape(2, 3)), x)
            for e in np.eye(6)]
    np.testing.assert_allclose(s2sgrad.hessian(spectral_squared)(x), np.reshape(rows, (2, 3, 2, 3)), atol=1e-6)


def sqrt_of_negative(x):
    return np.sum(np.sqrt(x) ** 2)


def test_the_square_of_a_root_of_a_negative_number_stays_nan():
    x = np.array([4.0, 0.0, -1.0])
    with np.errstate(invalid="ignore"):
        value, g = s2sgrad.value_and_grad(sqrt_of_negative)(x)
        hv = s2sgrad.hvp(sqrt_of_negative, (x,), (np.ones(3),))
    assert np.isnan(value)
    np.testing.assert_array_equal(g, [1.0, 1.0, np.nan])        # slope 1 at 0, where sqrt's is infinite
    np.testing.assert_array_equal(hv[:2], [0.0, 0.0])


# -- exprel and Box-Cox: difference quotients at 0 ----------------------------------------------
def _exprel_derivative(x, order):
    """The `order`-th derivative of exprel(x) = sum x**k / (k + 1)!, by its series (|x| <= 2)."""
    return sum(math.perm(k, order) * x ** (k - order) / math.factorial(k + 1) for k in range(order, 60))


def exprel_sum(x):
    return np.sum(sc.exprel(x))


def test_the_derivatives_of_exprel_near_and_at_zero():
    x = np.array([0.0, 1e-9, -0.03, 0.04, 0.0999, 0.1001, 0.5, -2.0])
    slope = np.array([_exprel_derivative(v, 1) for v in x])
    curvature = np.array([_exprel_derivative(v, 2) for v in x])
    u = np.linspace(1.0, -0.5, x.size)
    np.testing.assert_allclose(s2sgrad.grad(exprel_sum)(x), slope, rtol=1e-13)
    np.testing.assert_allclose(s2sgrad.jvp(exprel_sum, (x,), (u,))[1], slope @ u, rtol=1e-13)
    np.testing.assert_allclose(s2sgrad.hvp(exprel_sum, (x,), (u,)), curvature * u, rtol=1e-11)
    far = np.abs(x) > 0.01
    np.testing.assert_allclose(s2sgrad.grad(exprel_sum)(x[far]), gradient_by_differences(exprel_sum, x[far]),
                               rtol=1e-7)
    peer = autograd.elementwise_grad(autograd.elementwise_grad(lambda y: anp.expm1(y) / y))
    np.testing.assert_allclose(s2sgrad.hvp(exprel_sum, (x[far],), (np.ones(far.sum()),)), peer(x[far]), rtol=1e-7)


X = np.array([0.5, 2.0, 3.0])


def boxcox_in_lmbda(lmbda):
    return np.sum(sc.boxcox(X, lmbda))


def boxcox1p_in_lmbda(lmbda):
    return np.sum(sc.boxcox1p(X, lmbda))


@pytest.mark.parametrize("fn, log", [(boxcox_in_lmbda, np.log(X)), (boxcox1p_in_lmbda, np.log1p(X))])
@pytest.mark.parametrize("lmbda", [0.0, 1e-9, -1e-7, 0.3])
def test_boxcox_in_lmbda_near_and_at_zero(fn, log, lmbda):
    # (y**l - 1) / l = log(y) exprel(l log y): its derivatives in l are log(y)**(k + 1) exprel^(k)(l log y),
    # log(y)**2 / 2 and log(y)**3 / 3 at 0
    slope = sum(v ** 2 * _exprel_derivative(lmbda * v, 1) for v in log)
    curvature = sum(v ** 3 * _exprel_derivative(lmbda * v, 2) for v in log)
    np.testing.assert_allclose(s2sgrad.grad(fn)(lmbda), slope, rtol=1e-13)
    np.testing.assert_allclose(s2sgrad.jvp(fn, (lmbda,), (1.0,))[1], slope, rtol=1e-13)
    np.testing.assert_allclose(s2sgrad.hvp(fn, (lmbda,), (1.0,)), curvature, rtol=1e-11)
    if lmbda == 0.3:
        np.testing.assert_allclose(s2sgrad.grad(fn)(lmbda), (fn(lmbda + 1e-6) - fn(lmbda - 1e-6)) / 2e-6, rtol=1e-7)


Y = np.array([0.5, 1.5, 2.5])


def _log1prel_derivative(v, order):
    """The `order`-th derivative (0, 1 or 2) of log1p(v) / v = sum (-v)**k / (k + 1), by its series (|v| < 0.8)."""
    return sum((-1) ** k * math.perm(k, order) * v ** (k - order) / (k + 1) for k in range(order, 400))


def inv_boxcox_in_lmbda(lmbda):
    return np.sum(sc.inv_boxcox(Y, lmbda))


def inv_boxcox1p_in_lmbda(lmbda):
    return np.sum(sc.inv_boxcox1p(Y, lmbda))


@pytest.mark.parametrize("fn", [inv_boxcox_in_lmbda, inv_boxcox1p_in_lmbda])
@pytest.mark.parametrize("lmbda", [0.0, 1e-9, -1e-7, 0.3])
def test_inverse_boxcox_in_lmbda_near_and_at_zero(fn, lmbda):
    # (1 + l y)**(1 / l) = exp(y q(l y)), q(v) = log1p(v) / v: slope f y**2 q', curvature f y**4 q'**2 + f y**3 q''
    # (-y**2 / 2 and y**4 / 4 + 2 y**3 / 3 times exp(y) at 0)
    slope = curvature = 0.0
    for y in Y:
        f = np.exp(y * _log1prel_derivative(lmbda * y, 0))
        q1, q2 = _log1prel_derivative(lmbda * y, 1), _log1prel_derivative(lmbda * y, 2)
        slope += f * y ** 2 * q1
        curvature += f * y ** 4 * q1 ** 2 + f * y ** 3 * q2
    np.testing.assert_allclose(s2sgrad.grad(fn)(lmbda), slope, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.jvp(fn, (lmbda,), (1.0,))[1], slope, rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.hvp(fn, (lmbda,), (1.0,)), curvature, rtol=1e-10)
    if lmbda == 0.3:
        np.testing.assert_allclose(s2sgrad.grad(fn)(lmbda), (fn(lmbda + 1e-6) - fn(lmbda - 1e-6)) / 2e-6, rtol=1e-7)


def bessel_1(x):
    return np.sum(sc.i1(x) + 2 * sc.j1(x))


def _bessel_1_derivative(x, order):
    """The `order`-th derivative of i1(x) + 2 j1(x) = sum (1 + 2 (-1)**k) (x/2)**(2k+1) / (k! (k+1)!)."""
    return sum((1 + 2 * (-1) ** k) * math.perm(2 * k + 1, order) * x ** (2 * k + 1 - order)
               / (2 ** (2 * k + 1) * math.factorial(k) * math.factorial(k + 1)) for k in range(40) if 2 * k + 1 >= order)


def test_the_derivatives_of_i1_and_j1_near_and_at_zero():
    # i1'(x) = i0(x) - i1(x) / x: its derivative next to 0 was a difference of terms of size 1 / x
    # (hvp at 1e-9: 1.2e-7 for i1, 1.8e-7 for j1, where the exact values are +-3.75e-10)
    x = np.array([0.0, 1e-9, -1e-5, 0.0999, 0.1001, 0.5, -2.0])
    u = np.linspace(1.0, -0.5, x.size)
    slope = np.array([_bessel_1_derivative(v, 1) for v in x])
    curvature = np.array([_bessel_1_derivative(v, 2) for v in x])
    np.testing.assert_allclose(s2sgrad.grad(bessel_1)(x), slope, rtol=1e-13)
    np.testing.assert_allclose(s2sgrad.jvp(bessel_1, (x,), (u,))[1], slope @ u, rtol=1e-13)
    np.testing.assert_allclose(s2sgrad.hvp(bessel_1, (x,), (u,)), curvature * u, rtol=1e-9, atol=1e-20)
    far = x[3:]
    hv = gradient_by_differences(lambda y: np.sum(s2sgrad.grad(bessel_1)(y)), far)
    np.testing.assert_allclose(s2sgrad.hvp(bessel_1, (far,), (np.ones(far.size),)), hv, rtol=1e-6)


def variance_of_complex(x):
    return np.var(x * Z) + np.sum(np.std(x * Z, axis=0))


def test_the_variance_of_complex_values_is_of_their_moduli():
    # var(x Z) = 5 var(x) and std(x Z) = sqrt(5) std(x): the gradient was -3/5 of the right one
    x = np.array([[0.3, -1.2, 0.7], [1.1, 0.4, -0.6]])
    centered = x - x.mean(axis=0)
    want = 10 * (x - x.mean()) / 6 + np.sqrt(5) * centered / (2 * np.std(x, axis=0))
    np.testing.assert_allclose(s2sgrad.grad(variance_of_complex)(x), want, atol=1e-12)
    np.testing.assert_allclose(s2sgrad.grad(variance_of_complex)(x), gradient_by_differences(variance_of_complex, x),
                               atol=1e-7)
    u = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(s2sgrad.jvp(variance_of_complex, (x,), (u,))[1], np.sum(want * u), atol=1e-12)


def nan_variance_of_complex(x):
    return np.nanvar(x * Z) + np.nanstd(x * Z)


def test_the_nan_ignoring_variance_of_complex_values_is_of_their_moduli():
    # 5 var(x) + sqrt(5) std(x) over the entries that are not nan; the nan entry gets 0
    x = np.array([0.3, np.nan, -1.2, 0.7])
    kept = x[~np.isnan(x)]
    centered = kept - kept.mean()
    want = np.zeros(4)
    want[~np.isnan(x)] = 10 * centered / 3 + np.sqrt(5) * centered / (3 * np.std(kept))
    np.testing.assert_allclose(s2sgrad.grad(nan_variance_of_complex)(x), want, atol=1e-12)
    u = np.array([1.0, 0.0, 0.5, -2.0])
    np.testing.assert_allclose(s2sgrad.jvp(nan_variance_of_complex, (x,), (u,))[1], want @ u, atol=1e-12)


def boxcox_in_x(x):
    return np.sum(sc.boxcox(x, 0.0) + sc.boxcox1p(x, 1e-9))


def test_boxcox_in_x_at_lmbda_zero():
    # log(x) + log1p(x) (to 1e-9): slopes 1/x + 1/(1+x), curvatures -1/x**2 - 1/(1+x)**2
    x = np.array([0.5, 2.0])
    np.testing.assert_allclose(s2sgrad.grad(boxcox_in_x)(x), 1 / x + (1 + x) ** (1e-9 - 1), rtol=1e-12)
    np.testing.assert_allclose(s2sgrad.hessian(boxcox_in_x)(x), np.diag(-1 / x ** 2 - 1 / (1 + x) ** 2), rtol=1e-8)


# -- the rewrite ----------------------------------------------------------------------------------
def rewritten(text):
    source = parse_source("import numpy as np\n\n" + textwrap.dedent(text).lstrip("\n"), "m.py")
    resolver = StaticResolver(source)
    printer = codegen.Printer(lambda line: "")
    printer.function(square_norms(resolver.definition("f"), resolver))
    return printer.text()


def test_squares_of_roots_are_read_as_their_primitives():
    assert rewritten("""
        def f(x, y, k):
            a = np.linalg.norm(x, axis=1) ** 2 + np.square(np.abs(x)) + np.power(np.hypot(x, y), 2)
            b = np.std(x, 0, ddof=1) ** 2.0 + np.sqrt(x @ y) ** 2 + np.linalg.norm(x) * np.linalg.norm(x)
            return a + b + np.linalg.norm(x, 'fro') ** 2 + np.linalg.norm(x, ord=2) ** 2
    """) == textwrap.dedent("""
        def f(x, y, k):
            a = norm_squared(x, axis=1) + abs_squared(x) + hypot_squared(x, y)
            b = std_squared(x, 0, ddof=1) + sqrt_squared(x @ y) + norm_squared(x)
            return a + b + norm_squared(x, 'fro') + norm_squared(x, ord=2)
    """).lstrip("\n")


def test_other_powers_and_norms_are_left_alone():
    text = """
        def f(x, k, norm):
            a = np.linalg.norm(x, 1) ** 2 + np.linalg.norm(x, k) ** 2 + np.linalg.norm(x) ** 3
            b = np.abs(x, out=x) ** 2 + np.sqrt(*x) ** 2 + norm(x) ** 2 + np.abs(x) * np.abs(k)
            return a + b + np.abs(np.random.rand(3)) * np.abs(np.random.rand(3)) + np.linalg.norm(x, 'nuc') ** 2
    """
    assert rewritten(text) == textwrap.dedent(text).lstrip("\n")


SHADOWED = """
import numpy as np


def abs_squared(x):
    return x * 0.0


def f(x):
    return np.sum(np.abs(x) ** 2 + abs_squared(x)) + np.linalg.norm(x) ** 2
"""


def test_a_global_of_the_primitive_s_name_is_left_alone(tmp_path):
    # The user's own abs_squared is called as written; np.abs(x) ** 2 is not read as it
    module = load_module(tmp_path, "shadows_abs_squared", SHADOWED)
    x = np.array([0.5, -1.0, 2.0])
    np.testing.assert_allclose(s2sgrad.grad(module.f)(x), 4 * x, atol=1e-12)
    np.testing.assert_allclose(s2sgrad.hessian(module.f)(np.zeros(3)), 2 * np.eye(3), atol=1e-12)   # the norm's


def math_roots(s):
    return math.sqrt(s) + math.cbrt(2.0 * s) if hasattr(math, "cbrt") else math.sqrt(s)


def test_math_roots_at_zero_have_numpy_s_infinite_slope():
    # (a Python float's `/` raised ZeroDivisionError from the emitted code; np.sqrt's gradient is inf)
    with np.errstate(divide="ignore"):
        assert s2sgrad.grad(math_roots)(0.0) == np.inf
        assert s2sgrad.jvp(math_roots, (0.0,), (1.0,))[1] == np.inf
    s = 2.0
    expected = 0.5 / math.sqrt(s) + (2.0 / 3.0 * (2.0 * s) ** (-2.0 / 3.0) if hasattr(math, "cbrt") else 0.0)
    assert s2sgrad.grad(math_roots)(s) == pytest.approx(expected, rel=1e-12)

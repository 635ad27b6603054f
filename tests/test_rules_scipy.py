"""Rules for scipy.linalg, scipy.special and scipy.signal, on functions written the way users write them.

The tables (tests/rule_table.py, tests/differential_table.py) check each rule call by call; here:
factorizations used the usual way (factor once, solve twice), a gradient differentiated again
(Hessian-vector products through the runtime helpers the adjoints call), what the emitted code
imports, and what is refused, with its location.
"""

import numpy as np
import pytest
import scipy.linalg
import scipy.signal
import scipy.special
from scipy.linalg import cho_factor, cho_solve, expm, lu_factor, lu_solve

import s2sgrad
from s2sgrad.errors import UserCodeError
from s2sgrad.testing import check_grads, check_jvp

RNG = np.random.default_rng(11)
A = RNG.standard_normal((4, 4)) * 0.5
B = RNG.standard_normal((4, 2))


def factor_once_solve_twice(a, b):
    spd = a @ a.T + 4.0 * np.eye(4)
    factor = cho_factor(spd, lower=True)
    x = cho_solve(factor, b)
    return np.sum(cho_solve(factor, x) * b)


def lu_twice(a, b):
    lu, piv = lu_factor(a + 3.0 * np.eye(4))
    x = lu_solve((lu, piv), b)
    return np.sum(np.tanh(lu_solve((lu, piv), x, trans=1)))


def log_det_by_cholesky(a):
    c = scipy.linalg.cholesky(a @ a.T + 4.0 * np.eye(4))
    return 2.0 * np.sum(np.log(np.diagonal(c)))


def matrix_functions(a):
    root = scipy.linalg.sqrtm(a @ a.T + 4.0 * np.eye(4))
    return np.sum(np.sin(expm(0.3 * a))) + np.sum(root * root.T)


def sylvester_and_triangle(a, b):
    x = scipy.linalg.solve_sylvester(a + 3.0 * np.eye(4), -a.T + 4.0 * np.eye(4), b @ b.T)
    return np.sum(scipy.linalg.solve_triangular(a + 3.0 * np.eye(4), x, lower=True, unit_diagonal=False) ** 2)


def eigen_energy(a):
    w, v = scipy.linalg.eigh(a + a.T)
    return np.sum(w * w) + np.sum((v @ np.diag(np.exp(0.1 * w)) @ v.T))


def bessel_and_gamma(x):
    return np.sum(scipy.special.iv(1.5, x) * scipy.special.gammainc(2.0, x) + scipy.special.yn(2, x)
                  + scipy.special.betainc(2.0, 3.0, x / 4.0) + scipy.special.multigammaln(x + 2.0, 3))


def smoothing(x, k):
    y = scipy.signal.convolve(x, k, mode="same")
    return np.sum(scipy.signal.correlate(y, k, mode="valid") ** 2) + np.sum(scipy.signal.fftconvolve(x, k) ** 2)


CASES = [(factor_once_solve_twice, (A, B)), (lu_twice, (A, B)), (log_det_by_cholesky, (A,)),
         (matrix_functions, (A,)), (sylvester_and_triangle, (A, B)), (eigen_energy, (A,)),
         (bessel_and_gamma, (RNG.uniform(0.5, 2.0, 5),)), (smoothing, (RNG.standard_normal(7), RNG.standard_normal(3)))]


@pytest.mark.parametrize("fn, args", CASES, ids=[fn.__name__ for fn, _ in CASES])
def test_reverse_and_forward(fn, args):
    wrt = tuple(range(len(args)))
    check_grads(fn, args, wrt=wrt if len(wrt) > 1 else 0)
    check_jvp(fn, args, wrt=wrt if len(wrt) > 1 else 0)


@pytest.mark.parametrize("fn, args", CASES, ids=[fn.__name__ for fn, _ in CASES])
def test_hessian_vector_product(fn, args):
    # Forward mode over the emitted gradient, against central differences of that gradient.
    wrt = tuple(range(len(args)))
    tangents = tuple(RNG.standard_normal(np.shape(a)) for a in args)
    got = s2sgrad.hvp(fn, args, tangents)
    got = got if isinstance(got, tuple) else (got,)
    grad = s2sgrad.grad(fn, wrt=wrt if len(wrt) > 1 else 0)
    eps = 1e-5
    plus = grad(*(a + eps * t for a, t in zip(args, tangents)))
    minus = grad(*(a - eps * t for a, t in zip(args, tangents)))
    plus, minus = (plus, minus) if len(wrt) > 1 else ((plus,), (minus,))
    for g, p, m in zip(got, plus, minus):
        np.testing.assert_allclose(g, (p - m) / (2 * eps), rtol=1e-4, atol=1e-6, err_msg=fn.__name__)


def test_emitted_code_imports_the_helpers_it_calls():
    text = s2sgrad.emit(matrix_functions)
    assert "from s2sgrad.runtime import" in text and "matrix_function" in text and "sylvester" in text
    namespace = {}
    exec(compile(text, "<emitted>", "exec"), namespace)       # runs on its own: every name is imported


def active_order(x):
    return np.sum(scipy.special.jv(x, 2.0))


def active_gamma_shape(a, x):
    return np.sum(scipy.special.gammaincc(a, x))


@pytest.mark.parametrize("fn, args, word", [(active_order, (np.ones(3),), "`v`"),
                                            (active_gamma_shape, (np.ones(3), np.ones(3)), "`a`")])
def test_an_order_that_depends_on_the_inputs_is_refused(fn, args, word):
    with pytest.raises(UserCodeError) as info:
        s2sgrad.grad(fn, wrt=tuple(range(len(args))) if len(args) > 1 else 0)(*args)
    text = str(info.value)
    assert f"no derivative with respect to its argument {word}" in text and "test_rules_scipy.py" in text


def batched_lu(a):
    lu, piv = lu_factor(a)
    return np.sum(lu)


def test_batched_lu_is_refused_when_the_gradient_runs():
    with pytest.raises(NotImplementedError, match="one matrix"):
        s2sgrad.grad(batched_lu)(A[None] + np.stack([3.0 * np.eye(4)] * 2))

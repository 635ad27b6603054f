"""Objectives whose second derivatives people ask for (Newton steps, Laplace approximations,
trust regions), at the points they start from: zero-initialised weights with an L2 penalty, zero
residuals, zero rows, constant columns, symmetric starting matrices."""

import numpy as np
import scipy.special as sps
from scipy.special import expit, xlog1py, xlogy

X = np.array([[1.0, 0.5, -0.3], [0.2, -1.0, 0.8], [-0.7, 0.3, 0.4], [0.9, 0.1, -1.2]])
y = np.array([1.0, 0.0, 1.0, 0.0])


def norm_sq_at_zero(w):
    return np.linalg.norm(w) ** 2


def ridge_logistic_from_zero(w, lam):
    z = X @ w
    nll = np.sum(np.logaddexp(0.0, z) - y * z)
    return nll + lam * np.linalg.norm(w) ** 2


def abs_sq_zero_residual(x):
    return np.sum(np.abs(x - 1.0) ** 2)


def hypot_sq_origin(p):
    return np.sum(np.hypot(p[:2], p[2:]) ** 2)


def row_norms_sq_zero_bias(W):
    return np.sum(np.linalg.norm(W, axis=1) ** 2) + np.sum(W[:, 0] ** 3)


def column_std_sq_constant(Z):
    return np.sum(np.std(Z, axis=0) ** 2)


def newton_objective_probit_zero(w):
    p = expit(X @ w)
    return -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)) + 0.5 * np.sum(w ** 2)


def gauss_newton_residual(theta):
    t = np.linspace(0.0, 1.0, 5)
    r = theta[0] * np.exp(-theta[1] * t) - np.array([1.0, 0.8, 0.6, 0.5, 0.4])
    return 0.5 * np.sum(r ** 2)


def laplace_log_posterior(w):
    z = X @ w
    return np.sum(y * z - np.logaddexp(0.0, z)) - 0.5 * w @ w


def sinc_kernel_at_zero(x):
    return np.sum(np.sinc(x)) + np.sum(x ** 2)


def quadratic_form_sym(A, x):
    return x @ (A + A.T) @ x + np.trace(A @ A)


x3 = np.array([0.3, -0.6, 0.8])

CASES = [
    dict(f=norm_sq_at_zero, args=(np.zeros(3),)),
    dict(f=norm_sq_at_zero, args=(x3,), name="norm_sq_nonzero"),
    dict(f=ridge_logistic_from_zero, args=(np.zeros(3), 0.5), wrt=0, alt="lam"),
    dict(f=abs_sq_zero_residual, args=(np.array([1.0, 0.5, 2.0]),)),
    dict(f=hypot_sq_origin, args=(np.array([0.0, 0.4, 0.0, -0.3]),)),
    dict(f=row_norms_sq_zero_bias, args=(np.array([[0.0, 0.0], [0.3, -0.5], [0.2, 0.1]]),)),
    dict(f=column_std_sq_constant, args=(np.array([[0.3, 1.0], [0.3, -0.5], [0.3, 0.1]]),)),
    dict(f=newton_objective_probit_zero, args=(np.zeros(3),)),
    dict(f=gauss_newton_residual, args=(np.array([1.0, 0.9]),)),
    dict(f=laplace_log_posterior, args=(np.zeros(3),)),
    dict(f=sinc_kernel_at_zero, args=(np.array([0.0, 0.3, -0.5]),)),
    dict(f=quadratic_form_sym, args=(np.eye(3), x3), wrt=0, alt="x"),
]


def xlogy_soft_targets(p, q):
    return -np.sum(xlogy(p, q / np.sum(q)))


def xlog1py_both(p, q):
    return np.sum(xlog1py(p, q))


CASES += [
    dict(f=xlogy_soft_targets, args=(np.array([0.0, 0.5, 0.5]), np.array([1.2, 0.4, 0.7])), wrt=(0, 1)),
    dict(f=xlog1py_both, args=(np.array([0.0, 0.5, 0.8]), np.array([1.2, 0.4, 0.7])), wrt=(0, 1)),
]


def label_smoothing_at_zero(eps, logits):
    q = np.exp(logits) / np.sum(np.exp(logits))
    t = (1 - eps) * np.array([1.0, 0.0, 0.0]) + eps / 3
    return -np.sum(xlogy(t, q))


CASES += [
    dict(f=label_smoothing_at_zero, args=(0.0, np.array([2.0, 0.5, -1.0])), wrt=0, alt="logits"),
    dict(f=label_smoothing_at_zero, args=(0.1, np.array([2.0, 0.5, -1.0])), wrt=0, alt="logits",
         name="label_smoothing_positive"),
]


def exprel_at_zero(x):
    return np.sum(sps.exprel(x))


def boxcox_at_log(lmbda):
    return np.sum(sps.boxcox(np.array([0.5, 1.5, 2.5]), lmbda)) + np.sum(sps.boxcox1p(np.array([0.5, 1.5]), lmbda))


CASES += [
    dict(f=exprel_at_zero, args=(np.array([0.0, 0.5]),)),
    dict(f=boxcox_at_log, args=(0.0,)),
    dict(f=boxcox_at_log, args=(0.5,), name="boxcox_positive"),
]


def beta_logpdf_by_hand(ab, x):
    a, b = ab[0], ab[1]
    return np.sum(xlogy(a - 1, x) + xlog1py(b - 1, -x) - sps.betaln(a, b))


CASES += [
    dict(f=beta_logpdf_by_hand, args=(np.array([1.0, 1.0]), np.array([0.2, 0.7])), name="beta_logpdf_by_hand_uniform"),
    dict(f=beta_logpdf_by_hand, args=(np.array([2.0, 3.0]), np.array([0.2, 0.7]))),
]


def learned_exponent_at_zero(x, p):
    return np.sum(x ** p)


CASES += [
    dict(f=learned_exponent_at_zero, args=(np.array([0.5, 2.0]), 0.0), wrt=(0, 1)),
    dict(f=learned_exponent_at_zero, args=(np.array([0.5, 2.0]), 0.7), wrt=(0, 1), name="learned_exponent_positive"),
]

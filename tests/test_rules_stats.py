"""Rules for scipy.stats distributions, checked on functions written the way users write them.

Every case is checked in reverse mode (central finite differences and the dot-product test),
in forward mode (finite differences, and against reverse mode), by Hessian-vector products
(forward over reverse) against differences of the gradient, and against autograd where
autograd differentiates the same call.  Calls pass parameters by position, by keyword, or
leave `loc`/`scale` out; parameters broadcast against x.
"""

import types

import autograd
import autograd.numpy as anp
import autograd.scipy.special as asp
import autograd.scipy.stats as astats
import numpy as np
import pytest
import scipy.stats
from scipy.special import logsumexp
from scipy.stats import (beta, chi2, dirichlet, expon, gamma, laplace, logistic, multivariate_normal, norm,
                         poisson, t)

import s2sgrad
from s2sgrad.errors import UserCodeError
from s2sgrad.testing import check_grads, check_jvp

RNG = np.random.default_rng(7)
X = RNG.standard_normal((3, 4))
LOC = RNG.standard_normal(4) * 0.3
SCALE = RNG.uniform(0.6, 1.8, (3, 1))
POSITIVE = RNG.uniform(0.8, 3.0, (3, 4))
UNIT = RNG.uniform(0.2, 0.8, (3, 4))
SHAPE = RNG.uniform(1.5, 3.5, 4)


# -- norm -------------------------------------------------------------------------------------

def norm_logpdf(x, loc, scale):
    return np.sum(np.sin(norm.logpdf(x, loc, scale)))


def norm_logpdf_keywords(x, loc, scale):
    return np.sum(np.sin(scipy.stats.norm.logpdf(x, loc=loc, scale=scale)))


def norm_logpdf_scale_only(x, scale):
    return np.sum(np.sin(norm.logpdf(x, scale=scale)))


def norm_logpdf_standard(x):
    return np.sum(np.sin(norm.logpdf(x)))


def norm_pdf(x, loc, scale):
    return np.sum(np.sin(3.0 * norm.pdf(x, loc, scale)))


def norm_pdf_keywords(x, loc, scale):
    return np.sum(np.sin(3.0 * norm.pdf(x, scale=scale, loc=loc)))


def norm_cdf(x, loc, scale):
    return np.sum(np.sin(3.0 * norm.cdf(x, loc, scale)))


def norm_cdf_loc_only(x, loc):
    return np.sum(np.sin(3.0 * norm.cdf(x, loc=loc)))


def norm_logcdf(x, loc, scale):
    return np.sum(np.sin(norm.logcdf(x, loc, scale)))


def norm_logcdf_keywords(x, loc, scale):
    return np.sum(np.sin(norm.logcdf(x, loc=loc, scale=scale)))


def norm_sf(x, loc, scale):
    return np.sum(np.sin(3.0 * norm.sf(x, loc, scale)))


def norm_sf_keywords(x, scale):
    return np.sum(np.sin(3.0 * norm.sf(x, scale=scale)))


def norm_logsf(x, loc, scale):
    return np.sum(np.sin(norm.logsf(x, loc, scale)))


def norm_logsf_keywords(x, loc, scale):
    return np.sum(np.sin(norm.logsf(x=x, loc=loc, scale=scale)))


def norm_scalars(x, loc, scale):
    return norm.logpdf(x, loc, scale) * norm.cdf(x, loc, scale)


def norm_logpdf_values(x, loc, scale):
    """An array output: checked with random cotangents (no Hessian)."""
    return norm.logpdf(x, loc, scale)


# -- t, gamma, beta, chi2 ---------------------------------------------------------------------

def t_logpdf(x, df, loc, scale):
    return np.sum(np.sin(t.logpdf(x, df, loc, scale)))


def t_logpdf_keywords(x, df, loc, scale):
    return np.sum(np.sin(t.logpdf(x, df=df, loc=loc, scale=scale)))


def t_logpdf_standard(x, df):
    return np.sum(np.sin(t.logpdf(x, df)))


def t_logpdf_values(x, df, loc, scale):
    return t.logpdf(x, df, loc, scale)


def t_pdf(x, df, loc, scale):
    return np.sum(np.sin(3.0 * t.pdf(x, df, loc, scale)))


def t_pdf_keywords(x, df, scale):
    return np.sum(np.sin(3.0 * t.pdf(x, df, scale=scale)))


def gamma_logpdf(x, a, loc, scale):
    return np.sum(np.sin(gamma.logpdf(x, a, loc, scale)))


def gamma_logpdf_keywords(x, a, scale):
    return np.sum(np.sin(gamma.logpdf(x, a=a, scale=scale)))


def gamma_logpdf_standard(x, a):
    return np.sum(np.sin(gamma.logpdf(x, a)))


def gamma_pdf(x, a, loc, scale):
    return np.sum(np.sin(3.0 * gamma.pdf(x, a, loc, scale)))


def gamma_pdf_keywords(x, a, loc, scale):
    return np.sum(np.sin(3.0 * gamma.pdf(x, a, loc=loc, scale=scale)))


def beta_logpdf(x, a, b, loc, scale):
    return np.sum(np.sin(beta.logpdf(x, a, b, loc, scale)))


def beta_logpdf_keywords(x, a, b, loc, scale):
    return np.sum(np.sin(beta.logpdf(x, a=a, b=b, loc=loc, scale=scale)))


def beta_logpdf_standard(x, a, b):
    return np.sum(np.sin(beta.logpdf(x, a, b)))


def chi2_logpdf(x, df, loc, scale):
    return np.sum(np.sin(chi2.logpdf(x, df, loc, scale)))


def chi2_logpdf_keywords(x, df, scale):
    return np.sum(np.sin(chi2.logpdf(x, df=df, scale=scale)))


def chi2_logpdf_standard(x, df):
    return np.sum(np.sin(chi2.logpdf(x, df)))


# -- expon, laplace, logistic, poisson --------------------------------------------------------

def expon_logpdf(x, loc, scale):
    return np.sum(np.sin(expon.logpdf(x, loc, scale)))


def expon_logpdf_keywords(x, scale):
    return np.sum(np.sin(expon.logpdf(x, scale=scale)))


def laplace_logpdf(x, loc, scale):
    return np.sum(np.sin(laplace.logpdf(x, loc, scale)))


def laplace_logpdf_keywords(x, loc, scale):
    return np.sum(np.sin(laplace.logpdf(x, loc=loc, scale=scale)))


def logistic_logpdf(x, loc, scale):
    return np.sum(np.sin(logistic.logpdf(x, loc, scale)))


def logistic_logpdf_keywords(x, loc):
    return np.sum(np.sin(logistic.logpdf(x, loc=loc)))


def logistic_cdf(x, loc, scale):
    return np.sum(np.sin(3.0 * logistic.cdf(x, loc, scale)))


def logistic_cdf_keywords(x, loc, scale):
    return np.sum(np.sin(3.0 * logistic.cdf(x, scale=scale, loc=loc)))


def poisson_logpmf(mu, k):
    return np.sum(np.sin(poisson.logpmf(k, mu)))


def poisson_logpmf_keywords(mu, k):
    return np.sum(np.sin(poisson.logpmf(k, mu=mu, loc=1)))


# -- multivariate_normal, dirichlet -------------------------------------------------------------
# SciPy reads one triangle of cov: the functions build a symmetric cov, as users do.

def mvn_rows(x, mean, a):
    cov = a @ a.T + np.eye(3)
    return np.sum(np.sin(multivariate_normal.logpdf(x, mean, cov)))


def mvn_point(x, mean, a):
    cov = a @ a.T + np.eye(3)
    return np.sin(multivariate_normal.logpdf(x, mean, cov))


def mvn_keywords(x, mean, a):
    return np.sum(np.sin(multivariate_normal.logpdf(x, mean=mean, cov=a @ a.T + np.eye(3))))


def mvn_values(x, mean, a):
    return multivariate_normal.logpdf(x, mean, a @ a.T + np.eye(3))


def mvn_diagonal(x, mean, variances):
    return np.sum(np.sin(multivariate_normal.logpdf(x, mean, variances)))


def mvn_isotropic(x, mean, variance):
    return np.sum(np.sin(multivariate_normal.logpdf(x, mean, cov=variance)))


def mvn_standard(x):
    return np.sum(np.sin(multivariate_normal.logpdf(x, np.zeros(3))))


def mvn_one_row(x, mean, a):
    return np.sin(multivariate_normal.logpdf(x, mean, a @ a.T + np.eye(3)))


def dirichlet_point(z, alpha):
    x = np.exp(z) / np.sum(np.exp(z))
    return np.sin(dirichlet.logpdf(x, alpha))


def dirichlet_columns(z, alpha):
    x = np.exp(z) / np.sum(np.exp(z), axis=0)
    return np.sum(np.sin(dirichlet.logpdf(x, alpha)))


def dirichlet_dropped_last(z, alpha):
    x = np.exp(z) / (1.0 + np.sum(np.exp(z), axis=0))
    return np.sum(np.sin(dirichlet.logpdf(x, alpha=alpha)))


SPD = RNG.standard_normal((3, 3)) * 0.5
ROWS = RNG.standard_normal((5, 3))
MEAN = RNG.standard_normal(3) * 0.3
ALPHA = RNG.uniform(1.5, 3.0, 4)
LOGITS = RNG.standard_normal(4) * 0.5
KS = RNG.integers(1, 6, (3, 4))

# (function, arguments, wrt, autograd's function names or None)
CASES = [
    (norm_logpdf, (X, LOC, SCALE), (0, 1, 2), "norm"),
    (norm_logpdf_keywords, (X, LOC, SCALE), (0, 1, 2), None),
    (norm_logpdf_scale_only, (X, 1.3), (0, 1), None),
    (norm_logpdf_standard, (X,), 0, "norm"),
    (norm_scalars, (0.4, -0.3, 1.7), (0, 1, 2), "norm"),
    (norm_logpdf_values, (X, LOC, SCALE), (0, 1, 2), None),
    (norm_pdf, (X, LOC, SCALE), (0, 1, 2), "norm"),
    (norm_pdf_keywords, (X, 0.2, 1.4), (0, 1, 2), None),
    (norm_cdf, (X, LOC, SCALE), (0, 1, 2), "norm"),
    (norm_cdf_loc_only, (X, LOC), (0, 1), None),
    (norm_logcdf, (X, LOC, SCALE), (0, 1, 2), "norm"),
    (norm_logcdf_keywords, (X * 6.0, LOC, SCALE), (0, 1, 2), None),        # far in both tails
    (norm_sf, (X, LOC, SCALE), (0, 1, 2), "norm"),
    (norm_sf_keywords, (X, SCALE), (0, 1), None),
    (norm_logsf, (X, LOC, SCALE), (0, 1, 2), "norm"),
    (norm_logsf_keywords, (X * 6.0, LOC, SCALE), (0, 1, 2), None),
    (t_logpdf, (X, SHAPE, 0.1, SCALE), (0, 1, 2, 3), "t"),
    (t_logpdf_keywords, (X, 3.5, LOC, SCALE), (0, 1, 2, 3), None),
    (t_logpdf_standard, (X, SHAPE), (0, 1), "t"),
    (t_logpdf_values, (X, SHAPE, LOC, 1.3), (0, 1, 2, 3), None),
    (t_pdf, (X, SHAPE, 0.1, SCALE), (0, 1, 2, 3), "t"),
    (t_pdf_keywords, (X, SHAPE, 1.2), (0, 1, 2), None),
    (gamma_logpdf, (POSITIVE, SHAPE, 0.2, SCALE), (0, 1, 2, 3), None),
    (gamma_logpdf_keywords, (POSITIVE, SHAPE, SCALE), (0, 1, 2), None),
    (gamma_logpdf_standard, (POSITIVE, SHAPE), (0, 1), "gamma"),
    (gamma_pdf, (POSITIVE, SHAPE, 0.2, SCALE), (0, 1, 2, 3), None),
    (gamma_pdf_keywords, (POSITIVE, 2.5, 0.1, 1.5), (0, 1, 2, 3), None),
    (beta_logpdf, (UNIT, SHAPE, 2.0, -0.1, 1.3), (0, 1, 2, 3, 4), None),
    (beta_logpdf_keywords, (UNIT, 2.2, SHAPE, -0.1, 1.3), (0, 1, 2, 3, 4), None),
    (beta_logpdf_standard, (UNIT, SHAPE, 2.0), (0, 1, 2), "beta"),
    (chi2_logpdf, (POSITIVE, SHAPE, 0.2, SCALE), (0, 1, 2, 3), None),
    (chi2_logpdf_keywords, (POSITIVE, 3.0, SCALE), (0, 1, 2), None),
    (chi2_logpdf_standard, (POSITIVE, SHAPE), (0, 1), None),
    (chi2_logpdf_standard, (POSITIVE, np.array([2.0, 3.0, 4.0, 5.0])), 0, "chi2"),   # autograd: x, integer df
    (expon_logpdf, (POSITIVE, 0.3, SCALE), (0, 1, 2), None),
    (expon_logpdf_keywords, (POSITIVE, SCALE), (0, 1), None),
    (laplace_logpdf, (X, LOC, SCALE), (0, 1, 2), None),
    (laplace_logpdf_keywords, (X, 0.05, 1.4), (0, 1, 2), None),
    (logistic_logpdf, (X * 3.0, LOC, SCALE), (0, 1, 2), None),
    (logistic_logpdf_keywords, (X, LOC), (0, 1), None),
    (logistic_cdf, (X, LOC, SCALE), (0, 1, 2), None),
    (logistic_cdf_keywords, (X, LOC, SCALE), (0, 1, 2), None),
    (poisson_logpmf, (POSITIVE, KS), 0, "poisson"),
    (poisson_logpmf_keywords, (SHAPE, KS + 1), 0, None),
    (mvn_rows, (ROWS, MEAN, SPD), (0, 1, 2), "multivariate_normal"),
    (mvn_point, (ROWS[0], MEAN, SPD), (0, 1, 2), "multivariate_normal"),
    (mvn_keywords, (ROWS, MEAN, SPD), (0, 1, 2), None),
    (mvn_values, (ROWS, MEAN, SPD), (0, 1, 2), None),
    (mvn_diagonal, (ROWS, MEAN, np.array([0.5, 1.2, 2.0])), (0, 1, 2), None),
    (mvn_isotropic, (ROWS, MEAN, 1.7), (0, 1, 2), None),
    (mvn_standard, (ROWS,), 0, None),
    (mvn_one_row, (ROWS[:1], MEAN, SPD), (0, 1, 2), None),
    (dirichlet_point, (LOGITS, ALPHA), (0, 1), "dirichlet"),
    (dirichlet_columns, (RNG.standard_normal((4, 3)) * 0.5, ALPHA), (0, 1), None),
    (dirichlet_dropped_last, (RNG.standard_normal((3, 2)) * 0.5, ALPHA), (0, 1), None),
]


def _positions(wrt):
    return wrt if isinstance(wrt, tuple) else (wrt,)


def _as_tuple(value, wrt):
    return value if isinstance(wrt, tuple) else (value,)


def _direction(args, wrt, seed):
    rng = np.random.default_rng(seed)
    return tuple(rng.standard_normal(np.shape(a)) if i in _positions(wrt) and isinstance(a, np.ndarray)
                 else float(rng.standard_normal()) if i in _positions(wrt) else None
                 for i, a in enumerate(args))


def check_hvp(fn, args, wrt, eps=1e-5):
    """s2sgrad.hvp (forward over reverse) against central differences of s2sgrad's gradient."""
    v = _direction(args, wrt, 3)
    got = s2sgrad.hvp(fn, args, v)
    got = got if isinstance(got, tuple) else (got,)
    gradient = s2sgrad.grad(fn, wrt)

    def moved(sign):
        return _as_tuple(gradient(*[a if d is None else a + sign * eps * d for a, d in zip(args, v)]), wrt)

    for h, plus, minus in zip(got, moved(1), moved(-1)):
        want = (np.asarray(plus) - np.asarray(minus)) / (2 * eps)
        np.testing.assert_allclose(h, want, rtol=1e-4, atol=1e-5 * (1 + float(np.max(np.abs(want)))),
                                   err_msg=f"{fn.__name__}: hvp against differences of the gradient")


AUTOGRAD_NAMES = {"np": anp, "norm": astats.norm, "t": astats.t, "gamma": astats.gamma, "beta": astats.beta,
                  "chi2": astats.chi2, "poisson": astats.poisson, "multivariate_normal": astats.multivariate_normal,
                  "dirichlet": astats.dirichlet}


def autograd_twin(fn):
    """The same code, reading autograd's numpy and scipy.stats."""
    return types.FunctionType(fn.__code__, {**fn.__globals__, **AUTOGRAD_NAMES}, fn.__name__)


def check_autograd(fn, args, wrt):
    ours = _as_tuple(s2sgrad.grad(fn, wrt)(*args), wrt)
    twin = autograd_twin(fn)
    for i, g in zip(_positions(wrt), ours):
        want = autograd.grad(twin, i)(*args)
        np.testing.assert_allclose(g, want, rtol=1e-8, atol=1e-10, err_msg=f"{fn.__name__}: argument {i} vs autograd")


@pytest.mark.parametrize("fn, args, wrt, oracle", CASES, ids=[c[0].__name__ for c in CASES])
def test_distribution(fn, args, wrt, oracle):
    check_grads(fn, args, wrt)
    check_jvp(fn, args, wrt)
    if np.ndim(fn(*args)) == 0:
        check_hvp(fn, args, wrt)
    if oracle:
        check_autograd(fn, args, wrt)


def test_mvn_cov_gradient_is_symmetric_and_matches_autograd():
    """With respect to cov itself: the symmetric gradient (autograd's), exact along symmetric directions."""
    cov = SPD @ SPD.T + np.eye(3)
    ours = s2sgrad.grad(mvn_raw_cov, 2)(ROWS, MEAN, cov)
    np.testing.assert_allclose(ours, ours.T, atol=1e-12)
    np.testing.assert_allclose(ours, autograd.grad(autograd_twin(mvn_raw_cov), 2)(ROWS, MEAN, cov), rtol=1e-8)
    u = RNG.standard_normal((3, 3))
    u = u + u.T
    eps = 1e-6
    numeric = (mvn_raw_cov(ROWS, MEAN, cov + eps * u) - mvn_raw_cov(ROWS, MEAN, cov - eps * u)) / (2 * eps)
    np.testing.assert_allclose(np.sum(ours * u), numeric, rtol=1e-6)
    _, forward = s2sgrad.jvp(mvn_raw_cov, (ROWS, MEAN, cov), (None, None, u))
    np.testing.assert_allclose(forward, numeric, rtol=1e-6)


def mvn_raw_cov(x, mean, cov):
    return np.sum(np.sin(multivariate_normal.logpdf(x, mean, cov)))


def tails(x):
    return np.sum(norm.logcdf(x)) + 2.0 * np.sum(norm.logsf(x))


def test_tails_are_exact():
    """logcdf and logsf far in their tails: pdf / cdf and -pdf / sf, with no 0 / 0."""
    x = np.array([-40.0, -10.0, 0.0, 10.0, 40.0])
    want = np.exp(norm.logpdf(x) - norm.logcdf(x)) - 2.0 * np.exp(norm.logpdf(x) - norm.logsf(x))
    np.testing.assert_allclose(s2sgrad.grad(tails)(x), want, rtol=1e-12)
    _, forward = s2sgrad.jvp(tails, (x,), (np.ones(5),))
    np.testing.assert_allclose(forward, np.sum(want), rtol=1e-12)


# -- programs written in a hurry ---------------------------------------------------------------

def gaussian_fit(mu, log_sigma, batches):
    """Maximum likelihood for a Gaussian, one data batch at a time."""
    total = 0.0
    for batch in batches:
        total = total - np.sum(norm.logpdf(batch, loc=mu, scale=np.exp(log_sigma)))
    return total / len(batches)


def robust_regression(w, b, log_scale, X, y):
    """Linear regression with Student-t noise (3 degrees of freedom)."""
    pred = X @ w + b
    return -np.mean(t.logpdf(y, 3.0, pred, np.exp(log_scale)))


def gmm(means, chols, logits, X):
    """A Gaussian mixture: component k has mean means[k] and covariance chols[k] @ chols[k].T + 0.1 I."""
    log_w = logits - logsumexp(logits)
    comps = [multivariate_normal.logpdf(X, means[k], chols[k] @ chols[k].T + 0.1 * np.eye(2)) + log_w[k]
             for k in range(len(means))]
    return -np.sum(logsumexp(np.stack(comps, axis=1), axis=1))


def poisson_regression(w, X, counts):
    """Counts with a log link, a Gamma prior on the rates and a normal prior on w."""
    rate = np.exp(X @ w)
    prior = np.sum(gamma.logpdf(rate, 2.0, scale=1.5)) + np.sum(norm.logpdf(w, scale=2.0))
    return -np.sum(poisson.logpmf(counts, rate)) - prior


def beta_prior(logit_p, log_a, log_b):
    """A Beta prior on probabilities given by logits, with learned shape parameters."""
    p = 1.0 / (1.0 + np.exp(-logit_p))
    return -np.sum(beta.logpdf(p, np.exp(log_a), np.exp(log_b))) + np.sum(laplace.logpdf(logit_p, 0.0, 2.0))


BATCHES = [RNG.standard_normal(6) * 1.5 + 0.7 for _ in range(3)]
DESIGN = RNG.standard_normal((8, 2))
TARGET = DESIGN @ np.array([0.5, -1.0]) + 0.3 + RNG.standard_t(3, 8) * 0.2
MIX = np.concatenate([RNG.standard_normal((4, 2)) - 1.0, RNG.standard_normal((4, 2)) + 1.0])

PROGRAMS = [
    (gaussian_fit, (0.2, 0.1, BATCHES), (0, 1)),
    (robust_regression, (np.array([0.3, -0.2]), 0.1, -0.5, DESIGN, TARGET), (0, 1, 2)),
    (gmm, (np.array([[-1.0, -0.5], [0.8, 1.1]]), np.array([[[1.0, 0.0], [0.3, 0.8]], [[0.7, 0.0], [-0.2, 1.1]]]),
           np.array([0.2, -0.1]), MIX), (0, 1, 2)),
    (poisson_regression, (np.array([0.2, -0.3]), DESIGN, RNG.integers(0, 5, 8)), 0),
    (beta_prior, (RNG.standard_normal(5), 0.4, 0.7), (0, 1, 2)),
]


@pytest.mark.parametrize("fn, args, wrt", PROGRAMS, ids=[p[0].__name__ for p in PROGRAMS])
def test_program(fn, args, wrt):
    check_grads(fn, args, wrt)
    check_jvp(fn, args, wrt)
    check_hvp(fn, args, wrt)


def test_programs_against_autograd():
    def twin(fn):
        return types.FunctionType(fn.__code__, {**fn.__globals__, **AUTOGRAD_NAMES, "logsumexp": asp.logsumexp},
                                  fn.__name__)
    for fn, args, wrt in PROGRAMS:
        if fn not in (robust_regression, gmm):      # autograd's stats take no keywords, and have no laplace
            continue
        ours = _as_tuple(s2sgrad.grad(fn, wrt)(*args), wrt)
        for i, g in zip(_positions(wrt), ours):
            np.testing.assert_allclose(g, autograd.grad(twin(fn), i)(*args), rtol=1e-8, atol=1e-10,
                                       err_msg=f"{fn.__name__}: argument {i} vs autograd")


# -- refusals ----------------------------------------------------------------------------------

def mvn_allow_singular(x, mean, cov):
    return np.sum(multivariate_normal.logpdf(x, mean, cov, allow_singular=True))


def mvn_maybe_singular(x, mean, cov, singular):
    return np.sum(multivariate_normal.logpdf(x, mean, cov, allow_singular=singular))


def frozen_norm(mu, s, x):
    # A frozen distribution whose method is read as a value, not called: not rewritten (see
    # transforms/frozen_distributions.py; `norm(mu, s).logpdf(x)` is differentiated).
    density = norm(mu, s).logpdf
    return np.sum(density(x))


def poisson_float_counts(mu, k):
    return np.sum(poisson.logpmf(k * 2.0, mu))


def poisson_shifted(mu, shift):
    return np.sum(poisson.logpmf(3, mu, loc=shift * 1.0))


def norm_quantile(p, loc):
    return np.sum(norm.ppf(p, loc))


@pytest.mark.parametrize("fn, args, wrt, message", [
    (mvn_allow_singular, (ROWS, MEAN, np.eye(3)), 2, "`allow_singular=` must be False"),
    (mvn_maybe_singular, (ROWS, MEAN, np.eye(3), False), 2, "`allow_singular=` must be False"),
    (frozen_norm, (0.2, 1.3, ROWS[0]), (0, 1), "`density` holds a closure"),
    (poisson_float_counts, (2.0, 3.0), (0, 1), "no derivative with respect to its argument `k`"),
    (poisson_shifted, (2.0, 1.0), (0, 1), "no derivative with respect to its argument `loc`"),
    (norm_quantile, (np.array([0.2, 0.7]), 0.3), 1, "no derivative rule"),
], ids=["allow_singular", "singular_at_run_time", "frozen", "float_k", "active_loc", "no_rule"])
@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_refused_where_written(fn, args, wrt, message, mode):
    with pytest.raises(UserCodeError) as info:
        if mode == "reverse":
            s2sgrad.grad(fn, wrt)(*args)
        else:
            tangents = tuple(np.ones_like(a) if i in _positions(wrt) else None for i, a in enumerate(args))
            s2sgrad.jvp(fn, args, tangents)
    text = str(info.value)
    assert message in text, text
    assert "test_rules_stats.py:" in text and "^" in text, text


def test_rules_are_registered_for_every_spelling():
    """`norm.logpdf` and `scipy.stats.norm.logpdf` are one key; the catalog names each rule."""
    from s2sgrad import rules
    from s2sgrad.rules import catalog
    assert rules.lookup(norm.logpdf) is rules.lookup(scipy.stats.norm.logpdf) is not None
    assert rules.lookup_tangent(multivariate_normal.logpdf).kind == "template"
    assert rules.lookup_tangent(t.logpdf).kind == "elementwise"
    names = catalog.covered()
    assert "scipy.stats.norm.logpdf(x, loc=0.0, scale=1.0)" in names, [n for n in names if "stats" in n]
    assert "scipy.stats.multivariate_normal.logpdf(x, mean=None, cov=1, allow_singular=False)" in names

"""Rules for the entropies of `scipy.stats` distributions, in their parameters.

The entropy of a location-scale family is a function of its shape parameters plus log(scale),
whatever loc is.  Every shape parameter here has a closed-form derivative (digamma and trigamma
terms); where SciPy switches to an asymptotic expansion for large shapes (gamma, chi2, t), the
rule differentiates that expansion there, so that the derivative is the one of the function SciPy
computes.  The univariate rules broadcast and have a diagonal Jacobian: their tangents are derived
from the adjoints; dirichlet's and multivariate_normal's have tangent templates.
"""

import numpy as np
from scipy import stats

from . import adjoint, tangent
from ..runtime import polygamma, unbroadcast, zeros_like
from .stats import LOCATION_SCALE, distribution


@distribution(stats.norm.entropy, **LOCATION_SCALE)
@distribution(stats.expon.entropy, **LOCATION_SCALE)
@distribution(stats.laplace.entropy, **LOCATION_SCALE)
@distribution(stats.logistic.entropy, **LOCATION_SCALE)
def location_scale_entropy(result, loc, scale, *, d_result):
    # A constant plus log(scale): loc has no effect.
    return unbroadcast(0.0 * d_result, loc), unbroadcast(d_result / scale, scale)


@distribution(stats.gamma.entropy, **LOCATION_SCALE)
def gamma_entropy(result, a, loc, scale, *, d_result):
    # a + log Gamma(a) + (1 - a) digamma(a) + log(scale): d/da = 1 + (1 - a) trigamma(a); for
    # a >= 250 SciPy's expansion in 1/a, whose derivative is taken there.
    large = a >= 250
    safe = np.where(large, 1.0, a)
    u = 1.0 / np.where(large, a, 250.0)
    d_a = np.where(large, u * (0.5 + u * (1 / 3 + u * (1 / 6 + u * (1 / 30 - u / 30)))),
                   1 + (1 - safe) * polygamma(1, safe))
    return unbroadcast(d_result * d_a, a), unbroadcast(0.0 * d_result, loc), unbroadcast(d_result / scale, scale)


@distribution(stats.chi2.entropy, **LOCATION_SCALE)
def chi2_entropy(result, df, loc, scale, *, d_result):
    # gamma's entropy at a = df / 2, plus log 2: d/ddf = (1 + (1 - df/2) trigamma(df/2)) / 2; for
    # df >= 250 SciPy's expansion in 1/df, whose derivative is taken there.
    large = df >= 250
    half = np.where(large, 1.0, df / 2)
    u = 1.0 / np.where(large, df, 250.0)
    d_df = np.where(large, u * (0.5 + u * (2 / 3 + u * (2 / 3 + u * (4 / 15 - u * 8 / 15)))),
                    0.5 * (1 + (1 - half) * polygamma(1, half)))
    return unbroadcast(d_result * d_df, df), unbroadcast(0.0 * d_result, loc), unbroadcast(d_result / scale, scale)


@distribution(stats.t.entropy, **LOCATION_SCALE)
def t_entropy(result, df, loc, scale, *, d_result):
    # d/ddf = (df + 1)/4 (trigamma((df + 1)/2) - trigamma(df/2)) + 1/(2 df); for df >= 100 SciPy's
    # expansion in 1/df, whose derivative is taken there (0 at df = inf, the normal's entropy).
    large = df >= 100
    safe = np.where(large, 1.0, df)
    u = 1.0 / np.where(large, df, 100.0)
    d_df = np.where(large, -u * u * (1 + u * (0.5 + u * (-0.5 + u * (-0.5 + u * (1.5 + 1.5 * u))))),
                    (safe + 1) / 4 * (polygamma(1, (safe + 1) / 2) - polygamma(1, safe / 2)) + 0.5 / safe)
    return unbroadcast(d_result * d_df, df), unbroadcast(0.0 * d_result, loc), unbroadcast(d_result / scale, scale)


@distribution(stats.beta.entropy, **LOCATION_SCALE)
def beta_entropy(result, a, b, loc, scale, *, d_result):
    # log B(a, b) - (a - 1) digamma(a) - (b - 1) digamma(b) + (a + b - 2) digamma(a + b) + log(scale).
    # SciPy's expansions for shapes in the millions approximate the same function to double
    # precision: the exact derivative holds there too.
    both = (a + b - 2) * polygamma(1, a + b)
    d_a = d_result * (both - (a - 1) * polygamma(1, a))
    d_b = d_result * (both - (b - 1) * polygamma(1, b))
    return (unbroadcast(d_a, a), unbroadcast(d_b, b), unbroadcast(0.0 * d_result, loc),
            unbroadcast(d_result / scale, scale))


@adjoint(stats.dirichlet.entropy)
def dirichlet_entropy(result, alpha, *, d_result):
    # log B(alpha) + (alpha0 - K) digamma(alpha0) - sum((alpha - 1) digamma(alpha)), alpha0 = sum(alpha).
    total = np.sum(alpha)
    return d_result * ((total - np.size(alpha)) * polygamma(1, total) - (alpha - 1) * polygamma(1, alpha))


@tangent(stats.dirichlet.entropy)
def dirichlet_entropy_tangent(result, alpha, *, t_alpha):
    total = np.sum(alpha)
    return np.sum(t_alpha * ((total - np.size(alpha)) * polygamma(1, total) - (alpha - 1) * polygamma(1, alpha)))


@distribution(stats.multivariate_normal.entropy, mean=None, cov=1)
def mvn_entropy(result, mean, cov, *, d_result):
    # 0.5 log det(2 pi e cov): the mean has no effect.  cov a (d, d) matrix (its cotangent the
    # symmetric one, as for logpdf), a vector (its diagonal) or a number (times the identity of the
    # mean's size).  A singular cov, whose entropy SciPy takes from the pseudo-determinant, fails in inv.
    if np.ndim(cov) == 2:
        d_cov = 0.5 * d_result * np.linalg.inv(cov)
    elif np.ndim(cov) == 1:
        d_cov = 0.5 * d_result / cov
    else:
        d_cov = 0.5 * d_result * np.size(mean) / cov
    return zeros_like(mean), d_cov


@tangent(stats.multivariate_normal.entropy)
def mvn_entropy_tangent(result, mean=None, cov=1, *, t_mean, t_cov):
    if np.ndim(cov) == 2:
        value = 0.5 * np.sum(np.linalg.inv(cov) * t_cov)
    elif np.ndim(cov) == 1:
        value = 0.5 * np.sum(t_cov / cov)
    else:
        value = 0.5 * np.size(mean) * t_cov / cov
    return value

"""Rules for the distribution functions of `scipy.stats`: cdf, logcdf, sf and logsf.

With respect to x, loc and scale, F((x - loc) / scale) has the density as its derivative, written
in a form that stays finite in the tails (density / cdf as one exponential).  Every rule broadcasts
and has a diagonal Jacobian: its tangent is derived from the adjoint.
"""

import numpy as np
from scipy import stats

from ..runtime import log_gamma, unbroadcast
from .stats import LOCATION_SCALE, distribution


# -- norm -----------------------------------------------------------------------------------

@distribution(stats.norm.cdf, **LOCATION_SCALE)
def norm_cdf(result, x, loc, scale, *, d_result):
    z = (x - loc) / scale
    g = d_result * 0.3989422804014327 * np.exp(-0.5 * z * z) / scale          # 1 / sqrt(2 pi)
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.norm.logcdf, **LOCATION_SCALE)
def norm_logcdf(result, x, loc, scale, *, d_result):
    # pdf / cdf as one exponential, which stays finite far in the left tail.
    z = (x - loc) / scale
    g = d_result * 0.3989422804014327 * np.exp(-0.5 * z * z - result) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.norm.sf, **LOCATION_SCALE)
def norm_sf(result, x, loc, scale, *, d_result):
    z = (x - loc) / scale
    g = -d_result * 0.3989422804014327 * np.exp(-0.5 * z * z) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.norm.logsf, **LOCATION_SCALE)
def norm_logsf(result, x, loc, scale, *, d_result):
    # -pdf / sf as one exponential, which stays finite far in the right tail.
    z = (x - loc) / scale
    g = -d_result * 0.3989422804014327 * np.exp(-0.5 * z * z - result) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


# -- t, gamma, beta, chi2: distribution functions ----------------------------------------------
# With respect to x, loc and scale: F((x - loc) / scale) has the density as its derivative.  The
# derivative in a shape parameter (df, a, b) is an integral with no closed form: refused where
# it is written, never approximated.

def _shape_hints(*names):
    return {name: f"the derivative of this distribution function in `{name}` has no closed form, and s2sgrad "
                  f"does not approximate it: wrap `{name}` in s2sgrad.stop_gradient(...) if it is a constant"
            for name in names}


SCALED = ("x", "loc", "scale")


@distribution(stats.t.cdf, operands=SCALED, hints=_shape_hints("df"), **LOCATION_SCALE)
def t_cdf(result, x, df, loc, scale, *, d_result):
    # In x, loc and scale (a differentiated df is refused: no closed form); the density of t at z.
    z = (x - loc) / scale
    log_density = log_gamma((df + 1) / 2) - log_gamma(df / 2) - 0.5 * np.log(df * np.pi) \
        - (df + 1) / 2 * np.log1p(z * z / df)
    g = d_result * np.exp(log_density) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.t.logcdf, operands=SCALED, hints=_shape_hints("df"), **LOCATION_SCALE)
def t_logcdf(result, x, df, loc, scale, *, d_result):
    # density / cdf as one exponential, finite far in the left tail.
    z = (x - loc) / scale
    log_density = log_gamma((df + 1) / 2) - log_gamma(df / 2) - 0.5 * np.log(df * np.pi) \
        - (df + 1) / 2 * np.log1p(z * z / df)
    g = d_result * np.exp(log_density - result) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.t.sf, operands=SCALED, hints=_shape_hints("df"), **LOCATION_SCALE)
def t_sf(result, x, df, loc, scale, *, d_result):
    z = (x - loc) / scale
    log_density = log_gamma((df + 1) / 2) - log_gamma(df / 2) - 0.5 * np.log(df * np.pi) \
        - (df + 1) / 2 * np.log1p(z * z / df)
    g = -d_result * np.exp(log_density) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.t.logsf, operands=SCALED, hints=_shape_hints("df"), **LOCATION_SCALE)
def t_logsf(result, x, df, loc, scale, *, d_result):
    # -density / sf as one exponential, finite far in the right tail.
    z = (x - loc) / scale
    log_density = log_gamma((df + 1) / 2) - log_gamma(df / 2) - 0.5 * np.log(df * np.pi) \
        - (df + 1) / 2 * np.log1p(z * z / df)
    g = -d_result * np.exp(log_density - result) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.gamma.cdf, operands=SCALED, hints=_shape_hints("a"), **LOCATION_SCALE)
def gamma_cdf(result, x, a, loc, scale, *, d_result):
    # In x, loc and scale (a differentiated a is refused: no closed form); the density
    # z^(a-1) exp(-z) / Gamma(a) inside the support z > 0, 0 below it.
    z = (x - loc) / scale
    inside = z > 0
    safe = np.where(inside, z, 1)
    g = np.where(inside, d_result * np.exp((a - 1) * np.log(safe) - safe - log_gamma(a)), 0) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.gamma.logcdf, operands=SCALED, hints=_shape_hints("a"), **LOCATION_SCALE)
def gamma_logcdf(result, x, a, loc, scale, *, d_result):
    z = (x - loc) / scale
    inside = z > 0
    safe = np.where(inside, z, 1)
    g = np.where(inside, d_result * np.exp((a - 1) * np.log(safe) - safe - log_gamma(a) - np.where(inside, result, 0)),
                 0) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.gamma.sf, operands=SCALED, hints=_shape_hints("a"), **LOCATION_SCALE)
def gamma_sf(result, x, a, loc, scale, *, d_result):
    z = (x - loc) / scale
    inside = z > 0
    safe = np.where(inside, z, 1)
    g = np.where(inside, -d_result * np.exp((a - 1) * np.log(safe) - safe - log_gamma(a)), 0) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.gamma.logsf, operands=SCALED, hints=_shape_hints("a"), **LOCATION_SCALE)
def gamma_logsf(result, x, a, loc, scale, *, d_result):
    z = (x - loc) / scale
    inside = z > 0
    safe = np.where(inside, z, 1)
    g = np.where(inside, -d_result * np.exp((a - 1) * np.log(safe) - safe - log_gamma(a) - result), 0) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.beta.cdf, operands=SCALED, hints=_shape_hints("a", "b"), **LOCATION_SCALE)
def beta_cdf(result, x, a, b, loc, scale, *, d_result):
    # In x, loc and scale (a differentiated a or b is refused: no closed form); the density
    # z^(a-1) (1-z)^(b-1) / B(a, b) inside the support 0 < z < 1, 0 outside it.
    z = (x - loc) / scale
    inside = (z > 0) & (z < 1)
    safe = np.where(inside, z, 0.5)
    log_beta = log_gamma(a) + log_gamma(b) - log_gamma(a + b)
    g = np.where(inside, d_result * np.exp((a - 1) * np.log(safe) + (b - 1) * np.log1p(-safe) - log_beta), 0) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.beta.logcdf, operands=SCALED, hints=_shape_hints("a", "b"), **LOCATION_SCALE)
def beta_logcdf(result, x, a, b, loc, scale, *, d_result):
    z = (x - loc) / scale
    inside = (z > 0) & (z < 1)
    safe = np.where(inside, z, 0.5)
    log_beta = log_gamma(a) + log_gamma(b) - log_gamma(a + b)
    log_density = (a - 1) * np.log(safe) + (b - 1) * np.log1p(-safe) - log_beta
    g = np.where(inside, d_result * np.exp(log_density - np.where(inside, result, 0)), 0) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.beta.sf, operands=SCALED, hints=_shape_hints("a", "b"), **LOCATION_SCALE)
def beta_sf(result, x, a, b, loc, scale, *, d_result):
    z = (x - loc) / scale
    inside = (z > 0) & (z < 1)
    safe = np.where(inside, z, 0.5)
    log_beta = log_gamma(a) + log_gamma(b) - log_gamma(a + b)
    g = np.where(inside, -d_result * np.exp((a - 1) * np.log(safe) + (b - 1) * np.log1p(-safe) - log_beta), 0) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.beta.logsf, operands=SCALED, hints=_shape_hints("a", "b"), **LOCATION_SCALE)
def beta_logsf(result, x, a, b, loc, scale, *, d_result):
    z = (x - loc) / scale
    inside = (z > 0) & (z < 1)
    safe = np.where(inside, z, 0.5)
    log_beta = log_gamma(a) + log_gamma(b) - log_gamma(a + b)
    log_density = (a - 1) * np.log(safe) + (b - 1) * np.log1p(-safe) - log_beta
    g = np.where(inside, -d_result * np.exp(log_density - np.where(inside, result, 0)), 0) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.chi2.cdf, operands=SCALED, hints=_shape_hints("df"), **LOCATION_SCALE)
def chi2_cdf(result, x, df, loc, scale, *, d_result):
    # In x, loc and scale (a differentiated df is refused: no closed form); gamma's density with
    # a = df / 2 and scale 2: z^(df/2-1) exp(-z/2) / (2^(df/2) Gamma(df/2)) for z > 0.
    z = (x - loc) / scale
    inside = z > 0
    safe = np.where(inside, z, 1)
    log_density = (df / 2 - 1) * np.log(safe) - safe / 2 - df / 2 * np.log(2.0) - log_gamma(df / 2)
    g = np.where(inside, d_result * np.exp(log_density), 0) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.chi2.logcdf, operands=SCALED, hints=_shape_hints("df"), **LOCATION_SCALE)
def chi2_logcdf(result, x, df, loc, scale, *, d_result):
    z = (x - loc) / scale
    inside = z > 0
    safe = np.where(inside, z, 1)
    log_density = (df / 2 - 1) * np.log(safe) - safe / 2 - df / 2 * np.log(2.0) - log_gamma(df / 2)
    g = np.where(inside, d_result * np.exp(log_density - np.where(inside, result, 0)), 0) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.chi2.sf, operands=SCALED, hints=_shape_hints("df"), **LOCATION_SCALE)
def chi2_sf(result, x, df, loc, scale, *, d_result):
    z = (x - loc) / scale
    inside = z > 0
    safe = np.where(inside, z, 1)
    log_density = (df / 2 - 1) * np.log(safe) - safe / 2 - df / 2 * np.log(2.0) - log_gamma(df / 2)
    g = np.where(inside, -d_result * np.exp(log_density), 0) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.chi2.logsf, operands=SCALED, hints=_shape_hints("df"), **LOCATION_SCALE)
def chi2_logsf(result, x, df, loc, scale, *, d_result):
    z = (x - loc) / scale
    inside = z > 0
    safe = np.where(inside, z, 1)
    log_density = (df / 2 - 1) * np.log(safe) - safe / 2 - df / 2 * np.log(2.0) - log_gamma(df / 2)
    g = np.where(inside, -d_result * np.exp(log_density - result), 0) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


# -- expon, laplace, logistic -----------------------------------------------------------------

@distribution(stats.expon.cdf, **LOCATION_SCALE)
def expon_cdf(result, x, loc, scale, *, d_result):
    z = (x - loc) / scale
    g = d_result * np.exp(-z) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.expon.logcdf, **LOCATION_SCALE)
def expon_logcdf(result, x, loc, scale, *, d_result):
    # d/dz log(1 - exp(-z)) = 1 / expm1(z): infinite at z == 0, where the cdf is 0.
    z = (x - loc) / scale
    g = d_result / (np.expm1(z) * scale)
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.expon.sf, **LOCATION_SCALE)
def expon_sf(result, x, loc, scale, *, d_result):
    z = (x - loc) / scale
    g = -d_result * result / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.expon.logsf, **LOCATION_SCALE)
def expon_logsf(result, x, loc, scale, *, d_result):
    z = (x - loc) / scale
    g = -d_result / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.laplace.cdf, **LOCATION_SCALE)
def laplace_cdf(result, x, loc, scale, *, d_result):
    z = (x - loc) / scale
    g = d_result * 0.5 * np.exp(-np.abs(z)) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.laplace.logcdf, **LOCATION_SCALE)
def laplace_logcdf(result, x, loc, scale, *, d_result):
    # pdf / cdf as one exponential, finite far in the left tail.
    z = (x - loc) / scale
    g = d_result * 0.5 * np.exp(-np.abs(z) - result) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.laplace.sf, **LOCATION_SCALE)
def laplace_sf(result, x, loc, scale, *, d_result):
    z = (x - loc) / scale
    g = -d_result * 0.5 * np.exp(-np.abs(z)) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.laplace.logsf, **LOCATION_SCALE)
def laplace_logsf(result, x, loc, scale, *, d_result):
    # -pdf / sf as one exponential, finite far in the right tail.
    z = (x - loc) / scale
    g = -d_result * 0.5 * np.exp(-np.abs(z) - result) / scale
    return unbroadcast(g, x), unbroadcast(-g, loc), unbroadcast(-g * z, scale)


@distribution(stats.logistic.cdf, **LOCATION_SCALE)
def logistic_cdf(result, x, loc, scale, *, d_result):
    z = (x - loc) / scale
    h = d_result * result * (1 - result) / scale
    return unbroadcast(h, x), unbroadcast(-h, loc), unbroadcast(-h * z, scale)


@distribution(stats.logistic.sf, **LOCATION_SCALE)
def logistic_sf(result, x, loc, scale, *, d_result):
    z = (x - loc) / scale
    h = -d_result * result * (1 - result) / scale
    return unbroadcast(h, x), unbroadcast(-h, loc), unbroadcast(-h * z, scale)


@distribution(stats.logistic.logcdf, **LOCATION_SCALE)
def logistic_logcdf(result, x, loc, scale, *, d_result):
    # d/dz of -log(1 + exp(-z)) is expit(-z) = (1 - tanh(z / 2)) / 2, which never overflows.
    z = (x - loc) / scale
    h = d_result * 0.5 * (1 - np.tanh(0.5 * z)) / scale
    return unbroadcast(h, x), unbroadcast(-h, loc), unbroadcast(-h * z, scale)


@distribution(stats.logistic.logsf, **LOCATION_SCALE)
def logistic_logsf(result, x, loc, scale, *, d_result):
    z = (x - loc) / scale
    h = -d_result * 0.5 * (1 + np.tanh(0.5 * z)) / scale
    return unbroadcast(h, x), unbroadcast(-h, loc), unbroadcast(-h * z, scale)


# -- poisson ----------------------------------------------------------------------------------
# The distribution functions are step functions of k: their derivative in k is 0 (where it
# exists, as floor's).  In mu, that of the cdf is -pmf(floor(k - loc), mu), 0 below the support.


@distribution(stats.poisson.cdf, operands=("k", "mu"), loc=0)
def poisson_cdf(result, k, mu, loc, *, d_result):
    # A step function of k (a zero derivative); in mu, -pmf(floor(k - loc), mu).
    n = np.floor(k - loc)
    counted = np.maximum(n, 0)
    mass = np.exp(counted * np.log(mu) - mu - log_gamma(counted + 1))
    return unbroadcast(0 * d_result, k), unbroadcast(np.where(n >= 0, -d_result * mass, 0), mu)


@distribution(stats.poisson.logcdf, operands=("k", "mu"), loc=0)
def poisson_logcdf(result, k, mu, loc, *, d_result):
    # -pmf / cdf as one exponential.
    n = np.floor(k - loc)
    counted = np.maximum(n, 0)
    log_mass = counted * np.log(mu) - mu - log_gamma(counted + 1)
    return (unbroadcast(0 * d_result, k),
            unbroadcast(np.where(n >= 0, -d_result * np.exp(log_mass - np.where(n >= 0, result, 0)), 0), mu))


@distribution(stats.poisson.sf, operands=("k", "mu"), loc=0)
def poisson_sf(result, k, mu, loc, *, d_result):
    n = np.floor(k - loc)
    counted = np.maximum(n, 0)
    mass = np.exp(counted * np.log(mu) - mu - log_gamma(counted + 1))
    return unbroadcast(0 * d_result, k), unbroadcast(np.where(n >= 0, d_result * mass, 0), mu)


@distribution(stats.poisson.logsf, operands=("k", "mu"), loc=0)
def poisson_logsf(result, k, mu, loc, *, d_result):
    # pmf / sf as one exponential.
    n = np.floor(k - loc)
    counted = np.maximum(n, 0)
    log_mass = counted * np.log(mu) - mu - log_gamma(counted + 1)
    return unbroadcast(0 * d_result, k), unbroadcast(np.where(n >= 0, d_result * np.exp(log_mass - result), 0), mu)

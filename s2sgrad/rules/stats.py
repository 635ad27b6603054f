"""Rules for `scipy.stats` distributions: log-densities, densities and distribution functions.

A call such as `norm.logpdf(x, mu, sigma)` reads `norm.logpdf`, a method bound to SciPy's
distribution object, which keys its rule.  The univariate rules broadcast their arguments
and have a diagonal Jacobian, so their tangents are derived from the adjoints; the
multivariate ones have tangent templates.  `loc` and `scale` may be omitted (SciPy's 0 and 1):
a template takes every differentiable operand as a parameter without a default, and
`distribution(...)` gives the defaults the call may leave out.  Derivatives hold inside each
distribution's support and parameter domain (scale > 0, shapes > 0).
"""

import dataclasses
import functools
import inspect

import numpy as np
from scipy import stats

from . import ADJOINTS, CheckedSignature, Rule, adjoint, check, derive_elementwise, tangent
from ..runtime import broadcast_like, log_gamma, polygamma, unbroadcast


@dataclasses.dataclass(eq=False)
class DistributionRule(Rule):
    """An adjoint whose call may omit differentiable operands: `defaults` gives their values.

    The template lists each operand without a default, so that it returns a cotangent for it;
    binding a call uses the signature with `defaults` filled in.  `operands`, when given, names
    the operands instead (`poisson.logpmf` differentiates `mu`, never the integer `k`), so an
    argument outside them that depends on the inputs is refused where it is written.
    """

    defaults: dict = dataclasses.field(default_factory=dict)
    operands: tuple = None

    @functools.cached_property
    def signature(self):
        params = [p.replace(default=self.defaults[p.name]) if p.name in self.defaults else p
                  for p in inspect.signature(self.template).parameters.values()]
        return CheckedSignature(params, requires=self.requires)

    @functools.cached_property
    def cotangent_params(self):
        if self.operands is not None:
            return list(self.operands)
        params = list(inspect.signature(self.template).parameters.values())[1:]
        return [p.name for p in params if p.kind == p.POSITIONAL_OR_KEYWORD and p.default is p.empty]


def distribution(primitive, *, operands=None, requires=None, hints=None, **defaults):
    """Register the decorated template as the adjoint of `primitive`, whose operands named in
    `defaults` may be omitted.  `hints`: as for `adjoint`, what to write instead where an
    argument outside `operands` depends on the inputs."""
    def register(template):
        adjoint(primitive, requires=requires)(template)
        rule = ADJOINTS[primitive]
        ADJOINTS[primitive] = DistributionRule(primitive, template, requires=rule.requires, defaults=defaults,
                                               operands=operands, hints=dict(hints or {}))
        return template
    return register


LOCATION_SCALE = {"loc": 0.0, "scale": 1.0}


# -- norm -----------------------------------------------------------------------------------

@distribution(stats.norm.logpdf, **LOCATION_SCALE)
def norm_logpdf(result, x, loc, scale, *, d_result):
    # A frozen distribution, `norm(loc, scale).logpdf(x)`, has no rule: write `norm.logpdf(x, loc, scale)`.
    z = (x - loc) / scale
    g = d_result * z / scale
    return unbroadcast(-g, x), unbroadcast(g, loc), unbroadcast(g * z - d_result / scale, scale)


@distribution(stats.norm.pdf, **LOCATION_SCALE)
def norm_pdf(result, x, loc, scale, *, d_result):
    z = (x - loc) / scale
    weight = d_result * result
    g = weight * z / scale
    return unbroadcast(-g, x), unbroadcast(g, loc), unbroadcast(g * z - weight / scale, scale)


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


@distribution(stats.norm.entropy, **LOCATION_SCALE)
@distribution(stats.expon.entropy, **LOCATION_SCALE)
@distribution(stats.laplace.entropy, **LOCATION_SCALE)
@distribution(stats.logistic.entropy, **LOCATION_SCALE)
def location_scale_entropy(result, loc, scale, *, d_result):
    # A constant plus log(scale): loc has no effect.
    return unbroadcast(0.0 * d_result, loc), unbroadcast(d_result / scale, scale)


# -- t ----------------------------------------------------------------------------------------

@distribution(stats.t.logpdf, **LOCATION_SCALE)
def t_logpdf(result, x, df, loc, scale, *, d_result):
    # df > 0, differentiated too (digamma terms).
    z = (x - loc) / scale
    q = df + z * z
    g = d_result * (df + 1) * z / (q * scale)
    d_df = d_result * (0.5 * (polygamma(0, (df + 1) / 2) - polygamma(0, df / 2)) - 0.5 / df
                       - 0.5 * np.log1p(z * z / df) + (df + 1) * z * z / (2 * df * q))
    return unbroadcast(-g, x), unbroadcast(d_df, df), unbroadcast(g, loc), unbroadcast(g * z - d_result / scale, scale)


@distribution(stats.t.pdf, **LOCATION_SCALE)
def t_pdf(result, x, df, loc, scale, *, d_result):
    z = (x - loc) / scale
    q = df + z * z
    weight = d_result * result
    g = weight * (df + 1) * z / (q * scale)
    d_df = weight * (0.5 * (polygamma(0, (df + 1) / 2) - polygamma(0, df / 2)) - 0.5 / df
                     - 0.5 * np.log1p(z * z / df) + (df + 1) * z * z / (2 * df * q))
    return unbroadcast(-g, x), unbroadcast(d_df, df), unbroadcast(g, loc), unbroadcast(g * z - weight / scale, scale)


# -- gamma, beta, chi2 ------------------------------------------------------------------------

@distribution(stats.gamma.logpdf, **LOCATION_SCALE)
def gamma_logpdf(result, x, a, loc, scale, *, d_result):
    # Inside the support x > loc.
    z = (x - loc) / scale
    h = d_result * ((a - 1) / z - 1) / scale
    d_a = d_result * (np.log(z) - polygamma(0, a))
    return unbroadcast(h, x), unbroadcast(d_a, a), unbroadcast(-h, loc), unbroadcast(-h * z - d_result / scale, scale)


@distribution(stats.gamma.pdf, **LOCATION_SCALE)
def gamma_pdf(result, x, a, loc, scale, *, d_result):
    z = (x - loc) / scale
    weight = d_result * result
    h = weight * ((a - 1) / z - 1) / scale
    d_a = weight * (np.log(z) - polygamma(0, a))
    return unbroadcast(h, x), unbroadcast(d_a, a), unbroadcast(-h, loc), unbroadcast(-h * z - weight / scale, scale)


@distribution(stats.beta.logpdf, **LOCATION_SCALE)
def beta_logpdf(result, x, a, b, loc, scale, *, d_result):
    # Inside the support loc < x < loc + scale.
    z = (x - loc) / scale
    both = polygamma(0, a + b)
    h = d_result * ((a - 1) / z - (b - 1) / (1 - z)) / scale
    d_a = d_result * (np.log(z) - polygamma(0, a) + both)
    d_b = d_result * (np.log1p(-z) - polygamma(0, b) + both)
    return (unbroadcast(h, x), unbroadcast(d_a, a), unbroadcast(d_b, b), unbroadcast(-h, loc),
            unbroadcast(-h * z - d_result / scale, scale))


@distribution(stats.beta.pdf, **LOCATION_SCALE)
def beta_pdf(result, x, a, b, loc, scale, *, d_result):
    z = (x - loc) / scale
    both = polygamma(0, a + b)
    weight = d_result * result
    h = weight * ((a - 1) / z - (b - 1) / (1 - z)) / scale
    d_a = weight * (np.log(z) - polygamma(0, a) + both)
    d_b = weight * (np.log1p(-z) - polygamma(0, b) + both)
    return (unbroadcast(h, x), unbroadcast(d_a, a), unbroadcast(d_b, b), unbroadcast(-h, loc),
            unbroadcast(-h * z - weight / scale, scale))


@distribution(stats.chi2.logpdf, **LOCATION_SCALE)
def chi2_logpdf(result, x, df, loc, scale, *, d_result):
    # Inside the support x > loc; df differentiated too.
    z = (x - loc) / scale
    h = d_result * ((df / 2 - 1) / z - 0.5) / scale
    d_df = d_result * 0.5 * (np.log(z / 2) - polygamma(0, df / 2))
    return unbroadcast(h, x), unbroadcast(d_df, df), unbroadcast(-h, loc), unbroadcast(-h * z - d_result / scale, scale)


@distribution(stats.chi2.pdf, **LOCATION_SCALE)
def chi2_pdf(result, x, df, loc, scale, *, d_result):
    z = (x - loc) / scale
    weight = d_result * result
    h = weight * ((df / 2 - 1) / z - 0.5) / scale
    d_df = weight * 0.5 * (np.log(z / 2) - polygamma(0, df / 2))
    return unbroadcast(h, x), unbroadcast(d_df, df), unbroadcast(-h, loc), unbroadcast(-h * z - weight / scale, scale)


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

@distribution(stats.expon.logpdf, **LOCATION_SCALE)
def expon_logpdf(result, x, loc, scale, *, d_result):
    # Inside the support x >= loc.
    z = (x - loc) / scale
    h = -d_result / scale
    return unbroadcast(h, x), unbroadcast(-h, loc), unbroadcast(-h * z - d_result / scale, scale)


@distribution(stats.expon.pdf, **LOCATION_SCALE)
def expon_pdf(result, x, loc, scale, *, d_result):
    z = (x - loc) / scale
    weight = d_result * result
    h = -weight / scale
    return unbroadcast(h, x), unbroadcast(-h, loc), unbroadcast(-h * z - weight / scale, scale)


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


@distribution(stats.laplace.logpdf, **LOCATION_SCALE)
def laplace_logpdf(result, x, loc, scale, *, d_result):
    # At x == loc the subgradient 0 is chosen.
    z = (x - loc) / scale
    h = -d_result * np.sign(z) / scale
    return unbroadcast(h, x), unbroadcast(-h, loc), unbroadcast(-h * z - d_result / scale, scale)


@distribution(stats.laplace.pdf, **LOCATION_SCALE)
def laplace_pdf(result, x, loc, scale, *, d_result):
    # At x == loc the subgradient 0 is chosen.
    z = (x - loc) / scale
    weight = d_result * result
    h = -weight * np.sign(z) / scale
    return unbroadcast(h, x), unbroadcast(-h, loc), unbroadcast(-h * z - weight / scale, scale)


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


@distribution(stats.logistic.logpdf, **LOCATION_SCALE)
def logistic_logpdf(result, x, loc, scale, *, d_result):
    # d/dz of -z - 2 log(1 + exp(-z)) is -tanh(z / 2), which never overflows.
    z = (x - loc) / scale
    h = -d_result * np.tanh(0.5 * z) / scale
    return unbroadcast(h, x), unbroadcast(-h, loc), unbroadcast(-h * z - d_result / scale, scale)


@distribution(stats.logistic.cdf, **LOCATION_SCALE)
def logistic_cdf(result, x, loc, scale, *, d_result):
    z = (x - loc) / scale
    h = d_result * result * (1 - result) / scale
    return unbroadcast(h, x), unbroadcast(-h, loc), unbroadcast(-h * z, scale)


@distribution(stats.logistic.pdf, **LOCATION_SCALE)
def logistic_pdf(result, x, loc, scale, *, d_result):
    z = (x - loc) / scale
    weight = d_result * result
    h = -weight * np.tanh(0.5 * z) / scale
    return unbroadcast(h, x), unbroadcast(-h, loc), unbroadcast(-h * z - weight / scale, scale)


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

@distribution(stats.poisson.logpmf, operands=("mu",), loc=0)
def poisson_logpmf(result, k, mu, loc, *, d_result):
    # With respect to mu only: k and loc are integers.
    return unbroadcast(d_result * ((k - loc) / mu - 1), mu)


@distribution(stats.poisson.pmf, operands=("mu",), loc=0)
def poisson_pmf(result, k, mu, loc, *, d_result):
    # With respect to mu only: k and loc are integers.
    return unbroadcast(d_result * result * ((k - loc) / mu - 1), mu)


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


# Every rule above broadcasts and has a diagonal Jacobian: its tangent is derived from the adjoint.
derive_elementwise(__name__)


# -- multivariate_normal ----------------------------------------------------------------------

def _nonsingular(value):
    if value is False:
        return None
    return ("`allow_singular=` must be False or omitted: the derivative needs the inverse of cov, which a "
            "singular cov does not have")


SINGULAR = check(_nonsingular, reason="must be False or omitted: the derivative needs the inverse of cov")


@distribution(stats.multivariate_normal.logpdf, requires={"allow_singular": SINGULAR}, mean=None, cov=1)
def mvn_logpdf(result, x, mean, cov, allow_singular=False, *, d_result):
    # SciPy's shapes: x is one point (d,) or rows (n, d); cov a (d, d) matrix, a vector (its
    # diagonal) or a number (times the identity). cov's cotangent is the symmetric one: exact along
    # symmetric perturbations (SciPy reads one triangle of cov).
    if np.ndim(cov) > 0:
        dim = np.shape(cov)[0]
    else:
        dim = np.size(mean)
    mask = np.where(np.ndim(cov) == 2, 1.0, np.diag(np.ones_like(cov, shape=(dim,), dtype=float)))
    inv = np.linalg.inv(cov * mask)
    if mean is None:
        r = np.reshape(x, (-1, dim))
    else:
        r = np.reshape(x, (-1, dim)) - np.reshape(mean, (dim,))
    s = r @ inv
    g = np.reshape(d_result, (-1, 1))
    d_x = np.reshape(-g * s, np.shape(x))
    d_mean = np.reshape(np.sum(g * s, axis=0), np.shape(mean))
    d_cov = 0.5 * ((g * s).T @ s - np.sum(g) * inv)
    return d_x, d_mean, unbroadcast(d_cov * mask, cov)


@tangent(stats.multivariate_normal.logpdf)
def mvn_logpdf_tangent(result, x, mean=None, cov=1, allow_singular=False, *, t_x, t_mean, t_cov):
    if np.ndim(cov) > 0:
        dim = np.shape(cov)[0]
    else:
        dim = np.size(mean)
    mask = np.where(np.ndim(cov) == 2, 1.0, np.diag(np.ones_like(cov, shape=(dim,), dtype=float)))
    inv = np.linalg.inv(cov * mask)
    if mean is None:
        r = np.reshape(x, (-1, dim))
    else:
        r = np.reshape(x, (-1, dim)) - np.reshape(mean, (dim,))
    s = r @ inv
    # Sums over the last axis are `@ ones`: an operand without a tangent folds away.
    ones = np.ones_like(s, shape=(dim,))
    t_r = np.reshape(broadcast_like(t_x, x), (-1, dim)) - t_mean
    value = 0.5 * (((s @ (t_cov * mask)) * s) @ ones) - (s * t_r) @ ones - 0.5 * np.sum(inv * (t_cov * mask))
    return np.reshape(value, np.shape(result))


@distribution(stats.multivariate_normal.pdf, requires={"allow_singular": SINGULAR}, mean=None, cov=1)
def mvn_pdf(result, x, mean, cov, allow_singular=False, *, d_result):
    # exp(logpdf): logpdf's cotangents, each weighted by the density.
    if np.ndim(cov) > 0:
        dim = np.shape(cov)[0]
    else:
        dim = np.size(mean)
    mask = np.where(np.ndim(cov) == 2, 1.0, np.diag(np.ones_like(cov, shape=(dim,), dtype=float)))
    inv = np.linalg.inv(cov * mask)
    if mean is None:
        r = np.reshape(x, (-1, dim))
    else:
        r = np.reshape(x, (-1, dim)) - np.reshape(mean, (dim,))
    s = r @ inv
    g = np.reshape(d_result * result, (-1, 1))
    d_x = np.reshape(-g * s, np.shape(x))
    d_mean = np.reshape(np.sum(g * s, axis=0), np.shape(mean))
    d_cov = 0.5 * ((g * s).T @ s - np.sum(g) * inv)
    return d_x, d_mean, unbroadcast(d_cov * mask, cov)


@tangent(stats.multivariate_normal.pdf)
def mvn_pdf_tangent(result, x, mean=None, cov=1, allow_singular=False, *, t_x, t_mean, t_cov):
    if np.ndim(cov) > 0:
        dim = np.shape(cov)[0]
    else:
        dim = np.size(mean)
    mask = np.where(np.ndim(cov) == 2, 1.0, np.diag(np.ones_like(cov, shape=(dim,), dtype=float)))
    inv = np.linalg.inv(cov * mask)
    if mean is None:
        r = np.reshape(x, (-1, dim))
    else:
        r = np.reshape(x, (-1, dim)) - np.reshape(mean, (dim,))
    s = r @ inv
    ones = np.ones_like(s, shape=(dim,))
    t_r = np.reshape(broadcast_like(t_x, x), (-1, dim)) - t_mean
    value = 0.5 * (((s @ (t_cov * mask)) * s) @ ones) - (s * t_r) @ ones - 0.5 * np.sum(inv * (t_cov * mask))
    return result * np.reshape(value, np.shape(result))


# -- dirichlet --------------------------------------------------------------------------------

@adjoint(stats.dirichlet.logpdf)
def dirichlet_logpdf(result, x, alpha, *, d_result):
    # x's first axis holds the k components, or k - 1 of them (the last is 1 minus their sum).
    xt = np.transpose(x)
    if np.shape(x)[0] < np.size(alpha):
        xt = np.concatenate([xt, 1 - np.sum(xt, axis=-1, keepdims=True)], axis=-1)
    g = np.expand_dims(np.transpose(d_result), -1)
    d_xt = g * (alpha - 1) / xt
    if np.shape(x)[0] < np.size(alpha):
        d_xt = d_xt[..., :-1] - d_xt[..., -1:]
    d_alpha = g * (np.log(xt) - polygamma(0, alpha) + polygamma(0, np.sum(alpha)))
    return np.transpose(d_xt), unbroadcast(d_alpha, alpha)


@tangent(stats.dirichlet.logpdf)
def dirichlet_logpdf_tangent(result, x, alpha, *, t_x, t_alpha):
    xt = np.transpose(x)
    t_xt = np.transpose(broadcast_like(t_x, x))
    if np.shape(x)[0] < np.size(alpha):
        xt = np.concatenate([xt, 1 - np.sum(xt, axis=-1, keepdims=True)], axis=-1)
        t_xt = np.concatenate([t_xt, -np.sum(t_xt, axis=-1, keepdims=True)], axis=-1)
    value = np.sum((alpha - 1) * t_xt / xt
                   + t_alpha * (np.log(xt) - polygamma(0, alpha) + polygamma(0, np.sum(alpha))), axis=-1)
    return np.transpose(value)


@adjoint(stats.dirichlet.pdf)
def dirichlet_pdf(result, x, alpha, *, d_result):
    # exp(logpdf): logpdf's cotangents, each weighted by the density.
    xt = np.transpose(x)
    if np.shape(x)[0] < np.size(alpha):
        xt = np.concatenate([xt, 1 - np.sum(xt, axis=-1, keepdims=True)], axis=-1)
    g = np.expand_dims(np.transpose(d_result * result), -1)
    d_xt = g * (alpha - 1) / xt
    if np.shape(x)[0] < np.size(alpha):
        d_xt = d_xt[..., :-1] - d_xt[..., -1:]
    d_alpha = g * (np.log(xt) - polygamma(0, alpha) + polygamma(0, np.sum(alpha)))
    return np.transpose(d_xt), unbroadcast(d_alpha, alpha)


@tangent(stats.dirichlet.pdf)
def dirichlet_pdf_tangent(result, x, alpha, *, t_x, t_alpha):
    xt = np.transpose(x)
    t_xt = np.transpose(broadcast_like(t_x, x))
    if np.shape(x)[0] < np.size(alpha):
        xt = np.concatenate([xt, 1 - np.sum(xt, axis=-1, keepdims=True)], axis=-1)
        t_xt = np.concatenate([t_xt, -np.sum(t_xt, axis=-1, keepdims=True)], axis=-1)
    value = np.sum((alpha - 1) * t_xt / xt
                   + t_alpha * (np.log(xt) - polygamma(0, alpha) + polygamma(0, np.sum(alpha))), axis=-1)
    return result * np.transpose(value)

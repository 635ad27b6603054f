"""Rules for `scipy.stats` densities: logpdf and pdf (logpmf and pmf) of the univariate distributions.

This module is the scipy.stats family's entry: it holds `distribution`, the registration the
other stats modules share (`stats_cdf`: distribution functions; `stats_multivariate`:
multivariate_normal and dirichlet; `stats_entropy`: entropies), which the rule registry imports
with it the first time it meets a scipy.stats object.

A call such as `norm.logpdf(x, mu, sigma)` reads `norm.logpdf`, a method bound to SciPy's
distribution object, which keys its rule.  The univariate rules broadcast their arguments
and have a diagonal Jacobian, so their tangents are derived from the adjoints.  `loc` and
`scale` may be omitted (SciPy's 0 and 1): a template takes every differentiable operand as a
parameter without a default, and `distribution(...)` gives the defaults the call may leave out.
Derivatives hold inside each distribution's support and parameter domain (scale > 0, shapes > 0).
"""

import dataclasses
import functools
import inspect

import numpy as np
from scipy import stats

from . import ADJOINTS, CheckedSignature, Family, Rule
from ..runtime import polygamma, unbroadcast


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


# Every distribution function broadcasts and has a diagonal Jacobian: its tangent is derived from
# its adjoint.  Its operands may be lists; the shape analysis does not read it as broadcasting.
DISTRIBUTIONS = Family()


def distribution(primitive, *, operands=None, requires=None, hints=None, **defaults):
    """Register the decorated template as the adjoint of `primitive`, whose operands named in
    `defaults` may be omitted.  `hints`: as for `adjoint`, what to write instead where an
    argument outside `operands` depends on the inputs."""
    def register(template):
        DISTRIBUTIONS.adjoint(primitive, requires=requires)(template)
        rule = ADJOINTS[primitive]
        ADJOINTS[primitive] = DistributionRule(primitive, template, requires=rule.requires, defaults=defaults,
                                               operands=operands, hints=dict(hints or {}))
        return template
    return register


LOCATION_SCALE = {"loc": 0.0, "scale": 1.0}


# -- norm -----------------------------------------------------------------------------------

@distribution(stats.norm.logpdf, **LOCATION_SCALE)
def norm_logpdf(result, x, loc, scale, *, d_result):
    # A frozen distribution's `norm(loc, scale).logpdf(x)` is rewritten as this call
    # (transforms/frozen_distributions.py).
    z = (x - loc) / scale
    g = d_result * z / scale
    return unbroadcast(-g, x), unbroadcast(g, loc), unbroadcast(g * z - d_result / scale, scale)


@distribution(stats.norm.pdf, **LOCATION_SCALE)
def norm_pdf(result, x, loc, scale, *, d_result):
    z = (x - loc) / scale
    weight = d_result * result
    g = weight * z / scale
    return unbroadcast(-g, x), unbroadcast(g, loc), unbroadcast(g * z - weight / scale, scale)


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


@distribution(stats.logistic.logpdf, **LOCATION_SCALE)
def logistic_logpdf(result, x, loc, scale, *, d_result):
    # d/dz of -z - 2 log(1 + exp(-z)) is -tanh(z / 2), which never overflows.
    z = (x - loc) / scale
    h = -d_result * np.tanh(0.5 * z) / scale
    return unbroadcast(h, x), unbroadcast(-h, loc), unbroadcast(-h * z - d_result / scale, scale)


@distribution(stats.logistic.pdf, **LOCATION_SCALE)
def logistic_pdf(result, x, loc, scale, *, d_result):
    z = (x - loc) / scale
    weight = d_result * result
    h = -weight * np.tanh(0.5 * z) / scale
    return unbroadcast(h, x), unbroadcast(-h, loc), unbroadcast(-h * z - weight / scale, scale)


# -- poisson ----------------------------------------------------------------------------------

@distribution(stats.poisson.logpmf, operands=("mu",), loc=0)
def poisson_logpmf(result, k, mu, loc, *, d_result):
    # With respect to mu only: k and loc are integers.
    return unbroadcast(d_result * ((k - loc) / mu - 1), mu)


@distribution(stats.poisson.pmf, operands=("mu",), loc=0)
def poisson_pmf(result, k, mu, loc, *, d_result):
    # With respect to mu only: k and loc are integers.
    return unbroadcast(d_result * result * ((k - loc) / mu - 1), mu)

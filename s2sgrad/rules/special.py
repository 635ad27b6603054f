"""Elementwise rules for `scipy.special` (registered only when SciPy is installed).

Like the elementwise family, every rule here broadcasts and has a diagonal Jacobian, so every
tangent is derived from its adjoint.  Derivatives that need another
special function call the runtime helpers `polygamma` and `bessel`, which have rules too.
"""

import math

import numpy as np
import scipy.special as sc

from . import Family, nograd
from .. import runtime
from ..runtime import bessel, bessel_of_order, exprel_slope, foreign, log1prel_slope, log_gamma, polygamma, unbroadcast

# Every rule here has a diagonal Jacobian (its tangent is derived from the adjoint) and its operands
# broadcast together into the result; they may be lists.
SPECIAL = Family(elementwise=True)


@SPECIAL.adjoint(sc.expit)
def expit(result, x, *, d_result):
    return d_result * result * (1 - result)


@SPECIAL.adjoint(sc.logit)
def logit(result, x, *, d_result):
    return d_result / (x * (1 - x))


@SPECIAL.adjoint(sc.log_expit)
def log_expit(result, x, *, d_result):
    # 1 - expit(x) = -expm1(log_expit(x)), accurate for large x.
    return -d_result * np.expm1(result)


@SPECIAL.adjoint(sc.erf)
def erf(result, z, *, d_result):
    return d_result * 1.1283791670955126 * np.exp(-z * z)          # 2 / sqrt(pi)


@SPECIAL.adjoint(sc.erfc)
def erfc(result, x, *, d_result):
    return d_result * -1.1283791670955126 * np.exp(-x * x)


@SPECIAL.adjoint(sc.erfcx)
def erfcx(result, x, *, d_result):
    return d_result * (2 * x * result - 1.1283791670955126)


@SPECIAL.adjoint(sc.erfinv)
def erfinv(result, y, *, d_result):
    return d_result * 0.886226925452758 * np.exp(result * result)   # sqrt(pi) / 2


@SPECIAL.adjoint(sc.erfcinv)
def erfcinv(result, y, *, d_result):
    return d_result * -0.886226925452758 * np.exp(result * result)


@SPECIAL.adjoint(sc.ndtr)
def ndtr(result, x, *, d_result):
    return d_result * 0.3989422804014327 * np.exp(-0.5 * x * x)     # 1 / sqrt(2 pi)


@SPECIAL.adjoint(sc.log_ndtr)
def log_ndtr(result, x, *, d_result):
    # pdf / cdf as one exponential, which stays finite far in the left tail.
    return d_result * 0.3989422804014327 * np.exp(-0.5 * x * x - result)


@SPECIAL.adjoint(sc.ndtri)
def ndtri(result, y, *, d_result):
    return d_result * 2.5066282746310002 * np.exp(0.5 * result * result)   # sqrt(2 pi)


@SPECIAL.adjoint(sc.dawsn)
def dawsn(result, x, *, d_result):
    return d_result * (1 - 2 * x * result)


@SPECIAL.adjoint(sc.gammaln, math.lgamma)
def gammaln(result, x, *, d_result):
    return d_result * polygamma(0, x)


@SPECIAL.adjoint(sc.loggamma)
def loggamma(result, x, *, d_result):
    # Real positive arguments.
    return d_result * polygamma(0, x)


@SPECIAL.adjoint(sc.gamma, math.gamma)
def gamma(result, z, *, d_result):
    return d_result * result * polygamma(0, z)


@SPECIAL.adjoint(sc.rgamma)
def rgamma(result, z, *, d_result):
    return -d_result * result * polygamma(0, z)


@SPECIAL.adjoint(sc.digamma)
def digamma(result, z, *, d_result):
    return d_result * polygamma(1, z)


@SPECIAL.adjoint(sc.polygamma, polygamma, operands=("x",))
def polygamma_(result, n, x, *, d_result):
    # The order n is an integer, not differentiated: a call where it depends on the inputs is refused.
    return unbroadcast(d_result * polygamma(n + 1, x), x)


@SPECIAL.adjoint(sc.beta)
def beta(result, a, b, *, d_result):
    both = polygamma(0, a + b)
    return (unbroadcast(d_result * result * (polygamma(0, a) - both), a),
            unbroadcast(d_result * result * (polygamma(0, b) - both), b))


@SPECIAL.adjoint(sc.betaln)
def betaln(result, a, b, *, d_result):
    both = polygamma(0, a + b)
    return unbroadcast(d_result * (polygamma(0, a) - both), a), unbroadcast(d_result * (polygamma(0, b) - both), b)


@SPECIAL.adjoint(sc.xlogy)
def xlogy(result, x, y, *, d_result):
    # x log y is 0 where x == 0; the gradients there are log(y) for x and 0 for y (x / y, whose
    # derivative in x is 1 / y, is kept as such wherever y is not 0 too).
    safe_y = np.where((x == 0) & (y == 0), 1, y)
    return unbroadcast(d_result * np.log(y), x), unbroadcast(d_result * x / safe_y, y)


@SPECIAL.adjoint(sc.xlog1py)
def xlog1py(result, x, y, *, d_result):
    safe_y = np.where((x == 0) & (y == -1), 0, y)
    return unbroadcast(d_result * np.log1p(y), x), unbroadcast(d_result * x / (1 + safe_y), y)


@SPECIAL.adjoint(sc.entr)
def entr(result, x, *, d_result):
    # -x log x; at x == 0 the derivative is infinite: the gradient is inf there.
    return -d_result * (np.log(x) + 1)


@SPECIAL.adjoint(sc.rel_entr)
def rel_entr(result, x, y, *, d_result):
    # x log(x / y) for x, y > 0.
    return unbroadcast(d_result * (np.log(x / y) + 1), x), unbroadcast(-d_result * x / y, y)


@SPECIAL.adjoint(sc.kl_div)
def kl_div(result, x, y, *, d_result):
    # x log(x / y) - x + y for x, y > 0.
    return unbroadcast(d_result * np.log(x / y), x), unbroadcast(d_result * (1 - x / y), y)


@SPECIAL.adjoint(sc.huber)
def huber(result, delta, r, *, d_result):
    # r^2 / 2 inside |r| <= delta, delta (|r| - delta / 2) outside.
    inside = np.abs(r) <= delta
    d_r = d_result * np.where(inside, r, delta * np.sign(r))
    d_delta = d_result * np.where(inside, 0, np.abs(r) - delta)
    return unbroadcast(d_delta, delta), unbroadcast(d_r, r)


@SPECIAL.adjoint(sc.pseudo_huber)
def pseudo_huber(result, delta, r, *, d_result):
    # delta^2 (sqrt(1 + (r / delta)^2) - 1).
    root = np.sqrt(1 + (r / delta) ** 2)
    d_r = d_result * r / root
    d_delta = d_result * (2 * result / delta - r * r / (delta * root))
    return unbroadcast(d_delta, delta), unbroadcast(d_r, r)


@SPECIAL.adjoint(sc.boxcox)
def boxcox(result, x, lmbda, *, d_result):
    # (x^l - 1) / l = log(x) exprel(l log x), log x at l == 0; x > 0.  Its slope in l is
    # log(x)**2 exprel'(l log x): log(x)**2 / 2 at 0, smooth there (log(x)**3 / 3 next).
    log_x = np.log(x)
    d_l = d_result * log_x * log_x * exprel_slope(lmbda * log_x)
    return unbroadcast(d_result * x ** (lmbda - 1), x), unbroadcast(d_l, lmbda)


@SPECIAL.adjoint(sc.inv_boxcox)
def inv_boxcox(result, y, lmbda, *, d_result):
    # (1 + l y)^(1 / l) = exp(y q(l y)), q(v) = log1p(v) / v, exp(y) at l == 0.  Its slope in l is
    # the value times y**2 q'(l y): -y**2 / 2 times it at 0, smooth there (runtime.log1prel_slope).
    d_l = d_result * result * y * y * log1prel_slope(lmbda * y)
    return unbroadcast(d_result * result ** (1 - lmbda), y), unbroadcast(d_l, lmbda)


@SPECIAL.adjoint(sc.exprel)
def exprel(result, x, *, d_result):
    # (exp(x) - 1) / x; the derivative (exp(x) - exprel(x)) / x is 1/2 at 0, its own 1/3: a
    # Taylor polynomial near 0, where the difference loses digits (runtime.exprel_slope).
    return d_result * exprel_slope(x)


@SPECIAL.adjoint(sc.softplus)
def softplus(result, x, *, d_result):
    # log(1 + exp(x)); its derivative is expit(x) = exp(x - softplus(x)), which never overflows.
    return d_result * np.exp(x - result)


@SPECIAL.adjoint(sc.exp10)
def exp10(result, x, *, d_result):
    return d_result * result * 2.302585092994046        # log(10)


@SPECIAL.adjoint(sc.exp2)
def exp2(result, x, *, d_result):
    return d_result * result * 0.6931471805599453


@SPECIAL.adjoint(sc.expm1)
def expm1(result, x, *, d_result):
    return d_result * (result + 1)


@SPECIAL.adjoint(sc.log1p)
def log1p(result, x, *, d_result):
    return d_result / (1 + x)


@SPECIAL.adjoint(sc.cbrt)
def cbrt(result, x, *, d_result):
    return d_result / (3 * result * result)


@SPECIAL.adjoint(sc.sindg)
def sindg(result, x, *, d_result):
    return d_result * 0.017453292519943295 * np.cos(x * 0.017453292519943295)


@SPECIAL.adjoint(sc.cosdg)
def cosdg(result, x, *, d_result):
    return -d_result * 0.017453292519943295 * np.sin(x * 0.017453292519943295)


@SPECIAL.adjoint(sc.i0)
def i0(result, x, *, d_result):
    return d_result * bessel(x, "i1")


@SPECIAL.adjoint(sc.i0e)
def i0e(result, x, *, d_result):
    return d_result * (bessel(x, "i1e") - np.sign(x) * result)


@SPECIAL.adjoint(sc.i1)
def i1(result, x, *, d_result):
    # i1'(x) = i0(x) - i1(x) / x, 1/2 at 0.  Near 0, where the derivative of i1(x) / x is a
    # difference of terms of size 1 / x, its Taylor polynomial in x**2 (i1'' = 3 x / 8 + ...).
    near = np.abs(x) < 0.1
    safe = np.where(near, 1, x)
    x2 = x * x
    series = 1 / 2 + x2 * (3 / 16 + x2 * (5 / 384 + x2 * (7 / 18432 + x2 * 9 / 1474560)))
    return d_result * np.where(near, series, bessel(x, "i0") - result / safe)


@SPECIAL.adjoint(sc.i1e)
def i1e(result, x, *, d_result):
    safe = np.where(x == 0, 1, x)
    return d_result * np.where(x == 0, 0.5, bessel(x, "i0e") - result / safe - np.sign(x) * result)


@SPECIAL.adjoint(sc.j0)
def j0(result, x, *, d_result):
    return -d_result * bessel(x, "j1")


@SPECIAL.adjoint(sc.j1)
def j1(result, x, *, d_result):
    # j1'(x) = j0(x) - j1(x) / x, 1/2 at 0; near 0 its Taylor polynomial, as i1's.
    near = np.abs(x) < 0.1
    safe = np.where(near, 1, x)
    x2 = x * x
    series = 1 / 2 - x2 * (3 / 16 - x2 * (5 / 384 - x2 * (7 / 18432 - x2 * 9 / 1474560)))
    return d_result * np.where(near, series, bessel(x, "j0") - result / safe)


@SPECIAL.adjoint(sc.y0)
def y0(result, x, *, d_result):
    return -d_result * bessel(x, "y1")


@SPECIAL.adjoint(sc.y1)
def y1(result, x, *, d_result):
    # x > 0.
    return d_result * (bessel(x, "y0") - result / x)


@SPECIAL.adjoint(runtime.bessel)
def bessel_(result, x, kind=None, *, d_result):
    if kind == "i0":
        return d_result * bessel(x, "i1")
    if kind == "j0":
        return -d_result * bessel(x, "j1")
    if kind == "y0":
        return -d_result * bessel(x, "y1")
    if kind == "i0e":
        return d_result * (bessel(x, "i1e") - np.sign(x) * result)
    if kind == "k0":
        return -d_result * bessel(x, "k1")
    if kind == "k1":
        return -d_result * (bessel(x, "k0") + result / x)
    if kind == "k0e":
        return d_result * (result - bessel(x, "k1e"))
    if kind == "k1e":
        return d_result * (result - bessel(x, "k0e") - result / x)
    if kind == "i1e":
        safe = np.where(x == 0, 1, x)
        return d_result * np.where(x == 0, 0.5, bessel(x, "i0e") - result / safe - np.sign(x) * result)
    near = np.abs(x) < 0.1          # i1 and j1: Taylor polynomials near 0, as in their rules
    safe = np.where(near, 1, x)
    x2 = x * x
    if kind == "i1":
        series = 1 / 2 + x2 * (3 / 16 + x2 * (5 / 384 + x2 * (7 / 18432 + x2 * 9 / 1474560)))
        return d_result * np.where(near, series, bessel(x, "i0") - result / safe)
    if kind == "j1":
        series = 1 / 2 - x2 * (3 / 16 - x2 * (5 / 384 - x2 * (7 / 18432 - x2 * 9 / 1474560)))
        return d_result * np.where(near, series, bessel(x, "j0") - result / safe)
    return d_result * (bessel(x, "y0") - result / x)


nograd(sc.gammasgn, sc.factorial, sc.comb, sc.perm, sc.round, sc.sici, result="float")


@SPECIAL.adjoint(sc.tandg)
def tandg(result, x, *, d_result):
    return d_result * 0.017453292519943295 * (1 + result * result)


@SPECIAL.adjoint(sc.cotdg)
def cotdg(result, x, *, d_result):
    return -d_result * 0.017453292519943295 * (1 + result * result)


@SPECIAL.adjoint(sc.cosm1)
def cosm1(result, x, *, d_result):
    return -d_result * np.sin(x)


@SPECIAL.adjoint(sc.exp1)
def exp1(result, x, *, d_result):
    # x > 0.
    return -d_result * np.exp(-x) / x


@SPECIAL.adjoint(sc.expi)
def expi(result, x, *, d_result):
    return d_result * np.exp(x) / x


@SPECIAL.adjoint(sc.powm1)
def powm1(result, x, y, *, d_result):
    # x ** y - 1 for x > 0.
    return unbroadcast(d_result * y * x ** (y - 1), x), unbroadcast(d_result * (result + 1) * np.log(x), y)


@SPECIAL.adjoint(sc.spence)
def spence(result, z, *, d_result):
    # SciPy's dilogarithm: the integral from 1 to z of log(t) / (1 - t); at z == 1 the limit -1.
    safe = np.where(z == 1, 2, z)
    return d_result * np.where(z == 1, -1, np.log(safe) / (1 - safe))


@SPECIAL.adjoint(sc.wrightomega)
def wrightomega(result, z, *, d_result):
    return d_result * result / (1 + result)


@SPECIAL.adjoint(sc.k0)
def k0(result, x, *, d_result):
    return -d_result * bessel(x, "k1")


@SPECIAL.adjoint(sc.k1)
def k1(result, x, *, d_result):
    return -d_result * (bessel(x, "k0") + result / x)


@SPECIAL.adjoint(sc.k0e)
def k0e(result, x, *, d_result):
    return d_result * (result - bessel(x, "k1e"))


@SPECIAL.adjoint(sc.k1e)
def k1e(result, x, *, d_result):
    return d_result * (result - bessel(x, "k0e") - result / x)


@SPECIAL.adjoint(sc.boxcox1p)
def boxcox1p(result, x, lmbda, *, d_result):
    # boxcox(1 + x, lmbda): its slope in l is log1p(x)**2 exprel'(l log1p(x)), as boxcox's.
    log_y = np.log1p(x)
    d_l = d_result * log_y * log_y * exprel_slope(lmbda * log_y)
    return unbroadcast(d_result * (1 + x) ** (lmbda - 1), x), unbroadcast(d_l, lmbda)


@SPECIAL.adjoint(sc.inv_boxcox1p)
def inv_boxcox1p(result, y, lmbda, *, d_result):
    # inv_boxcox(y, lmbda) - 1: its slope in l is inv_boxcox's.
    value = result + 1
    d_l = d_result * value * y * y * log1prel_slope(lmbda * y)
    return unbroadcast(d_result * value ** (1 - lmbda), y), unbroadcast(d_l, lmbda)


@SPECIAL.adjoint(sc.ndtri_exp)
def ndtri_exp(result, y, *, d_result):
    # ndtri(exp(y)): exp(y) sqrt(2 pi) exp(r^2 / 2), as one exponential.
    return d_result * 2.5066282746310002 * np.exp(y + 0.5 * result * result)


@SPECIAL.adjoint(sc.radian)
def radian(result, d, m, s, *, d_result):
    # Degrees, arc minutes, arc seconds to radians: linear.
    return (unbroadcast(d_result * 0.017453292519943295, d), unbroadcast(d_result * 0.0002908882086657216, m),
            unbroadcast(d_result * 4.84813681109536e-06, s))


# -- Bessel functions of any order, incomplete gamma and beta: derivatives in the argument ---------
# The order (and gammainc's a, betainc's a and b) is not differentiated: where it depends on the
# inputs, the call is refused.

@SPECIAL.adjoint(sc.iv, operands=("z",))
def iv(result, v, z, *, d_result):
    # In z only: (I_{v-1}(z) + I_{v+1}(z)) / 2.
    return unbroadcast(d_result * 0.5 * (bessel_of_order("iv", v - 1, z) + bessel_of_order("iv", v + 1, z)), z)


@SPECIAL.adjoint(sc.ive, operands=("z",))
def ive(result, v, z, *, d_result):
    # In z only: iv(v, z) exp(-|z|), so (ive(v-1, z) + ive(v+1, z)) / 2 - sign(z) ive(v, z).
    return unbroadcast(d_result * (0.5 * (bessel_of_order("ive", v - 1, z) + bessel_of_order("ive", v + 1, z))
                                         - np.sign(z) * result), z)


@SPECIAL.adjoint(sc.jv, operands=("z",))
def jv(result, v, z, *, d_result):
    # In z only (jn is jv): (J_{v-1}(z) - J_{v+1}(z)) / 2.
    return unbroadcast(d_result * 0.5 * (bessel_of_order("jv", v - 1, z) - bessel_of_order("jv", v + 1, z)), z)


@SPECIAL.adjoint(sc.yn, operands=("x",))
def yn(result, n, x, *, d_result):
    # In x > 0 only: (Y_{n-1}(x) - Y_{n+1}(x)) / 2.
    return unbroadcast(d_result * 0.5 * (bessel_of_order("yn", n - 1, x) - bessel_of_order("yn", n + 1, x)), x)


@SPECIAL.adjoint(runtime.bessel_of_order, operands=("x",))
def bessel_of_order_(result, kind, v, x, *, d_result):
    # In x only, as iv, ive, jv and yn.
    if kind == "iv":
        return unbroadcast(
            d_result * 0.5 * (bessel_of_order("iv", v - 1, x) + bessel_of_order("iv", v + 1, x)), x)
    if kind == "ive":
        return unbroadcast(
            d_result * (0.5 * (bessel_of_order("ive", v - 1, x) + bessel_of_order("ive", v + 1, x))
                        - np.sign(x) * result), x)
    return unbroadcast(
        d_result * 0.5 * (bessel_of_order(kind, v - 1, x) - bessel_of_order(kind, v + 1, x)), x)


@SPECIAL.adjoint(sc.gammainc, operands=("x",))
def gammainc(result, a, x, *, d_result):
    # In x > 0 only: x^(a-1) exp(-x) / Gamma(a), as one exponential.
    return unbroadcast(d_result * np.exp((a - 1) * np.log(x) - x - log_gamma(a)), x)


@SPECIAL.adjoint(sc.gammaincc, operands=("x",))
def gammaincc(result, a, x, *, d_result):
    # In x > 0 only: 1 - gammainc(a, x).
    return unbroadcast(-d_result * np.exp((a - 1) * np.log(x) - x - log_gamma(a)), x)


@SPECIAL.adjoint(sc.betainc, operands=("x",))
def betainc(result, a, b, x, *, d_result):
    # In 0 < x < 1 only: x^(a-1) (1-x)^(b-1) / B(a, b), as one exponential.
    log_beta = log_gamma(a) + log_gamma(b) - log_gamma(a + b)
    return unbroadcast(d_result * np.exp((a - 1) * np.log(x) + (b - 1) * np.log1p(-x) - log_beta), x)


@SPECIAL.adjoint(sc.multigammaln, operands=("a",))
def multigammaln(result, a, d, *, d_result):
    # In a > (d - 1) / 2; d is an integer: the sum of digamma(a - j / 2), j < d.
    return d_result * np.sum(polygamma(0, np.expand_dims(a, -1) - 0.5 * np.arange(d, like=foreign(a))), axis=-1)


@SPECIAL.adjoint(runtime.log_gamma)
def log_gamma_(result, x, *, d_result):
    return d_result * polygamma(0, x)

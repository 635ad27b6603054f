"""Rules for the multivariate densities of `scipy.stats`: multivariate_normal and dirichlet.

Their Jacobians are not diagonal (a density couples the components of a point), so each adjoint
has a tangent template beside it.
"""

import numpy as np
from scipy import stats

from . import adjoint, check, tangent
from ..runtime import broadcast_like, polygamma, unbroadcast
from .stats import distribution


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

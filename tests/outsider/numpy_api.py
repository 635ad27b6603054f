"""Outsider programs: less common NumPy API: scatter, views, interp, norm/clip keywords."""
import numpy as np


def scatter_add(x, idx):
    """Scatter into bins with np.add.at (duplicate indices accumulate), then a smooth loss."""
    out = np.zeros(4)
    np.add.at(out, idx, x)
    return np.sum(out ** 2)


def fancy_inc_dup(x, idx):
    """`out[idx] += x` with duplicate indices (NumPy keeps only the last write per index)."""
    out = np.zeros(4)
    out[idx] += x
    return np.sum(out ** 2 * np.arange(1, 5))


def row_view_update(x):
    """Update a row through a view (`row = Y[0]; row *= 2`) of a copy, then use the copy."""
    Y = x.copy()
    row = Y[0]
    row *= 2.0
    return np.sum(Y ** 2)


def interp_curve(fp, xq):
    """np.interp through tabulated values fp (differentiating w.r.t. the table)."""
    xp = np.linspace(0.0, 1.0, fp.shape[0])
    return np.sum(np.interp(xq, xp, fp) ** 2)


def norms_ord(x, A):
    """np.linalg.norm with ord=1 and the Frobenius norm of a matrix."""
    return np.linalg.norm(x, ord=1) + np.linalg.norm(A, "fro") ** 2 + np.linalg.norm(A @ x)


def clip_kw_minmax(x):
    """np.clip with the NumPy 2.1+ keyword spelling min=/max=."""
    return np.sum(np.clip(x, min=-0.8, max=1.0) ** 2) + np.sum(x)


def prod_with_zero(p):
    """np.prod of probabilities where one factor is exactly zero."""
    return np.prod(p) + np.sum(p ** 2)


def where_log_trap(x):
    """np.where(x > 0, np.log(x), 0.0): the unselected branch is NaN for x <= 0."""
    y = np.where(x > 0, np.log(x), 0.0)
    return np.sum(y * x)


def errstate_block(x):
    """Silencing warnings with `with np.errstate(divide="ignore"):` around a log."""
    with np.errstate(divide="ignore"):
        y = np.log(x)
    return np.sum(y * x)

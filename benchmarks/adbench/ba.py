"""ADBench bundle adjustment: the reprojection error of one observation and the weight error.

A camera is 11 numbers: a Rodrigues rotation (0:3), the centre (3:6), the focal length (6),
the principal point (7:9) and two radial-distortion coefficients (9:11).  An observation
sees point X from one camera at feature `feat` with weight w.
"""

import numpy as np

N_CAM_PARAMS = 11
ROT_IDX = 0
C_IDX = 3
F_IDX = 6
X0_IDX = 7
RAD_IDX = 9


def rodrigues_rotate_point(rot, X):
    """X rotated about the axis rot/|rot| by the angle |rot| (first order when rot is zero)."""
    sqtheta = np.sum(rot ** 2)
    if sqtheta != 0.0:
        theta = np.sqrt(sqtheta)
        costheta = np.cos(theta)
        sintheta = np.sin(theta)
        theta_inverse = 1.0 / theta
        w = theta_inverse * rot
        w_cross_X = np.cross(w, X)
        tmp = np.dot(w, X) * (1.0 - costheta)
        return X * costheta + w_cross_X * sintheta + w * tmp
    else:
        return X + np.cross(rot, X)


def radial_distort(rad_params, proj):
    rsq = np.sum(proj ** 2)
    L = 1.0 + rad_params[0] * rsq + rad_params[1] * rsq * rsq
    return proj * L


def project(cam, X):
    Xcam = rodrigues_rotate_point(cam[ROT_IDX:ROT_IDX + 3], X - cam[C_IDX:C_IDX + 3])
    distorted = radial_distort(cam[RAD_IDX:RAD_IDX + 2], Xcam[0:2] / Xcam[2])
    return distorted * cam[F_IDX] + cam[X0_IDX:X0_IDX + 2]


def compute_reproj_err(cam, X, w, feat):
    """The weighted reprojection error of one observation (2 numbers)."""
    return w * (project(cam, X) - feat)


def compute_w_err(w):
    return 1.0 - w ** 2


def ba_objective(cams, X, w, obs, feats):
    """All residuals: reprojection errors (p, 2) and weight errors (p,)."""
    p = obs.shape[0]
    reproj_err = np.zeros((p, 2))
    for i in range(p):
        reproj_err[i] = compute_reproj_err(cams[obs[i, 0]], X[obs[i, 1]], w[i], feats[i])
    w_err = np.zeros(p)
    for i in range(p):
        w_err[i] = compute_w_err(w[i])
    return reproj_err, w_err

"""ADBench hand tracking, simple variant: the residuals of skinned hand vertices against points.

theta (26): global rotation (angle-axis, 0:3), translation (3:6), and per finger (5 of them)
two angles of the first joint and one of each of the next two.  The model: 22 bones with
parents, rest-pose relative transforms and inverse absolute transforms (4 x 4), homogeneous
vertex positions (n, 4) and skinning weights (n, 22).  Bone rotations are Euler angles turned
into matrices by item writes into `np.eye(3)`, as the benchmark's reference code writes them.
"""

import numpy as np

N_FINGERS = 5


def to_pose_params(theta, nbones):
    """The (nbones + 3, 3) pose: global rotation, scale (ones), translation, then one row per bone."""
    pose_params = np.zeros((nbones + 3, 3))
    pose_params[0, :] = theta[0:3]
    pose_params[1, :] = np.ones(3)
    pose_params[2, :] = theta[3:6]
    for finger in range(N_FINGERS):
        row = 5 + 4 * finger
        first = 6 + 4 * finger
        pose_params[row, 0] = theta[first]
        pose_params[row, 1] = theta[first + 1]
        pose_params[row + 1, 0] = theta[first + 2]
        pose_params[row + 2, 0] = theta[first + 3]
    return pose_params


def euler_angles_to_rotation_matrix(xzy):
    tx = xzy[0]
    ty = xzy[2]
    tz = xzy[1]
    Rx = np.eye(3)
    Rx[1, 1] = np.cos(tx)
    Rx[2, 1] = np.sin(tx)
    Rx[1, 2] = -Rx[2, 1]
    Rx[2, 2] = Rx[1, 1]
    Ry = np.eye(3)
    Ry[0, 0] = np.cos(ty)
    Ry[2, 0] = np.sin(ty)
    Ry[0, 2] = -Ry[2, 0]
    Ry[2, 2] = Ry[0, 0]
    Rz = np.eye(3)
    Rz[0, 0] = np.cos(tz)
    Rz[1, 0] = np.sin(tz)
    Rz[0, 1] = -Rz[1, 0]
    Rz[1, 1] = Rz[0, 0]
    return Rz @ Ry @ Rx


def get_posed_relatives(pose_params, base_relatives):
    nbones = base_relatives.shape[0]
    relatives = np.zeros((nbones, 4, 4))
    for i in range(nbones):
        tr = np.eye(4)
        tr[:3, :3] = euler_angles_to_rotation_matrix(pose_params[i + 3])
        relatives[i] = base_relatives[i] @ tr
    return relatives


def relatives_to_absolutes(relatives, parents):
    absolutes = np.zeros(relatives.shape)
    for i in range(relatives.shape[0]):
        if parents[i] == -1:
            absolutes[i] = relatives[i]
        else:
            absolutes[i] = absolutes[parents[i]] @ relatives[i]
    return absolutes


def angle_axis_to_rotation_matrix(angle_axis):
    n = np.sqrt(np.sum(angle_axis ** 2))
    if n < 0.0001:
        return np.eye(3)
    x = angle_axis[0] / n
    y = angle_axis[1] / n
    z = angle_axis[2] / n
    s = np.sin(n)
    c = np.cos(n)
    R = np.zeros((3, 3))
    R[0, 0] = x * x + (1.0 - x * x) * c
    R[0, 1] = x * y * (1.0 - c) - z * s
    R[0, 2] = x * z * (1.0 - c) + y * s
    R[1, 0] = x * y * (1.0 - c) + z * s
    R[1, 1] = y * y + (1.0 - y * y) * c
    R[1, 2] = y * z * (1.0 - c) - x * s
    R[2, 0] = x * z * (1.0 - c) - y * s
    R[2, 1] = z * y * (1.0 - c) + x * s
    R[2, 2] = z * z + (1.0 - z * z) * c
    return R


def apply_global_transform(pose_params, positions):
    R = angle_axis_to_rotation_matrix(pose_params[0])
    R *= pose_params[1]
    t = pose_params[2]
    return (R @ positions.T).T + t


def get_skinned_vertex_positions(pose_params, base_relatives, parents, inverse_base_absolutes,
                                 base_positions, weights):
    relatives = get_posed_relatives(pose_params, base_relatives)
    absolutes = relatives_to_absolutes(relatives, parents)
    positions = np.zeros((base_positions.shape[0], 4))
    for i in range(absolutes.shape[0]):
        transform = absolutes[i] @ inverse_base_absolutes[i]
        positions = positions + weights[:, i:i + 1] * (base_positions @ transform.T)
    return apply_global_transform(pose_params, positions[:, :3])


def hand_objective(theta, nbones, parents, base_relatives, inverse_base_absolutes, base_positions,
                   weights, points, correspondences):
    """The residuals points[i] - vertex[correspondences[i]], shape (npts, 3)."""
    pose_params = to_pose_params(theta, nbones)
    vertex_positions = get_skinned_vertex_positions(pose_params, base_relatives, parents,
                                                    inverse_base_absolutes, base_positions, weights)
    err = np.zeros(points.shape)
    for i in range(points.shape[0]):
        err[i] = points[i] - vertex_positions[correspondences[i]]
    return err

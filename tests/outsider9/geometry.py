"""Geometry and graphics: barycentric coordinates, rotations, signed distance functions,
ray marching with a fixed number of steps, meshes, projections."""

import math

import numpy as np

_r = np.random.default_rng(96)
TRI = np.array([[0.0, 0.0], [2.0, 0.1], [0.3, 1.7]])
P2 = np.array([0.6, 0.5])
P3 = np.array([0.3, -0.4, 0.5])
PTS = _r.standard_normal((5, 3))


def barycentric(p, tri):
    a, b, c = tri
    v0, v1, v2 = b - a, c - a, p - a
    d00, d01, d11 = v0 @ v0, v0 @ v1, v1 @ v1
    d20, d21 = v2 @ v0, v2 @ v1
    den = d00 * d11 - d01 * d01
    v = (d11 * d20 - d01 * d21) / den
    w = (d00 * d21 - d01 * d20) / den
    u = 1.0 - v - w
    return u * 1.0 + v * 2.0 + w * 3.0


def barycentric_solve(p, tri):
    T = np.column_stack([tri[0] - tri[2], tri[1] - tri[2]])
    lam = np.linalg.solve(T, p - tri[2])
    lam = np.append(lam, 1 - lam.sum())
    return lam @ np.array([0.5, -1.0, 2.0])


def triangle_area(tri):
    (x1, y1), (x2, y2), (x3, y3) = tri
    return 0.5 * abs((x2 - x1) * (y3 - y1) - (x3 - x1) * (y2 - y1))


def mesh_area_cross(V):
    faces = np.array([[0, 1, 2], [0, 2, 3], [1, 2, 4]])
    e1 = V[faces[:, 1]] - V[faces[:, 0]]
    e2 = V[faces[:, 2]] - V[faces[:, 0]]
    return np.sum(0.5 * np.linalg.norm(np.cross(e1, e2), axis=1))


def rot_z(t):
    c, s = np.cos(t), np.sin(t)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


def rotate_points(t, P):
    return np.sum((P @ rot_z(t).T)[:, 0] ** 2)


def euler_zyx(angles):
    a, b, c = angles
    Rz = np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])
    Ry = np.array([[np.cos(b), 0, np.sin(b)], [0, 1, 0], [-np.sin(b), 0, np.cos(b)]])
    Rx = np.array([[1, 0, 0], [0, np.cos(c), -np.sin(c)], [0, np.sin(c), np.cos(c)]])
    R = Rz @ Ry @ Rx
    return np.sum(R @ np.array([1.0, 2.0, 3.0]) * np.array([0.5, -1.0, 2.0]))


def axis_angle(w):
    theta = np.linalg.norm(w)
    k = w / theta
    K = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    R = np.eye(3) + np.sin(theta) * K + (1 - np.cos(theta)) * K @ K
    return np.trace(R @ np.diag([1.0, 2.0, 3.0]))


def quat_rotate(q):
    q = q / np.linalg.norm(q)
    w, x, y, z = q
    v = np.array([1.0, 0.0, 0.5])
    u = np.array([x, y, z])
    t = 2 * np.cross(u, v)
    return np.sum(v + w * t + np.cross(u, t))


def slerp(q0, t):
    q1 = np.array([0.0, 0.0, 0.6, 0.8])
    q0 = q0 / np.linalg.norm(q0)
    omega = np.arccos(np.clip(q0 @ q1, -1, 1))
    r = (np.sin((1 - t) * omega) * q0 + np.sin(t * omega) * q1) / np.sin(omega)
    return r @ np.array([1.0, 2.0, 3.0, 4.0])


def sdf_sphere(p):
    return np.linalg.norm(p) - 0.5


def sdf_box(p):
    b = np.array([0.3, 0.2, 0.4])
    q = np.abs(p) - b
    return np.linalg.norm(np.maximum(q, 0.0)) + min(np.max(q), 0.0)


def sdf_union_smooth(p):
    d1 = np.linalg.norm(p - np.array([0.2, 0.0, 0.0])) - 0.3
    d2 = np.linalg.norm(p + np.array([0.2, 0.0, 0.0])) - 0.3
    k = 0.1
    h = np.clip(0.5 + 0.5 * (d2 - d1) / k, 0.0, 1.0)
    return d2 * (1 - h) + d1 * h - k * h * (1 - h)


def sdf_union_min(p):
    d1 = np.linalg.norm(p - 0.3) - 0.2
    d2 = abs(p[2] + 0.6)
    return np.minimum(d1, d2) + np.maximum(-d1, d2) * 0.1


def sdf_torus(p):
    q = np.array([np.hypot(p[0], p[1]) - 0.5, p[2]])
    return np.linalg.norm(q) - 0.2


def ray_march(o):
    d = np.array([0.0, 0.0, 1.0])
    t = 0.0
    for _ in range(16):
        p = o + t * d
        t = t + (np.linalg.norm(p - np.array([0.1, 0.0, 2.0])) - 0.5)
    return t


def ray_march_sphere_trace(o, r):
    d = np.array([0.3, 0.1, 1.0]) / np.linalg.norm([0.3, 0.1, 1.0])
    t = 0.0
    for i in range(20):
        dist = np.linalg.norm(o + t * d - np.array([0.5, 0.2, 3.0])) - r
        if dist < 1e-6:
            break
        t += dist
    return t


def ray_sphere_analytic(o, r):
    d = np.array([0.0, 0.1, 1.0])
    d = d / np.linalg.norm(d)
    c = np.array([0.0, 0.0, 3.0])
    oc = o - c
    b = oc @ d
    disc = b * b - (oc @ oc - r * r)
    return -b - np.sqrt(disc)


def lambert_shading(n, light):
    n = n / np.linalg.norm(n)
    l = light / np.linalg.norm(light)
    return max(n @ l, 0.0) * 0.8 + 0.2


def phong(n):
    n = n / np.linalg.norm(n)
    l = np.array([0.0, 0.6, 0.8])
    v = np.array([0.0, 0.0, 1.0])
    r = 2 * (n @ l) * n - l
    return 0.7 * max(n @ l, 0.0) + 0.3 * max(r @ v, 0.0) ** 8


def perspective_project(P, f):
    x = f * P[:, 0] / (P[:, 2] + 4.0)
    y = f * P[:, 1] / (P[:, 2] + 4.0)
    return np.sum(x ** 2 + y ** 2)


def homogeneous_transform(t):
    T = np.eye(4)
    T[:3, :3] = rot_z(t[0])
    T[:3, 3] = t[1:]
    Ph = np.hstack([PTS, np.ones((5, 1))])
    return np.sum((Ph @ T.T)[:, :3] ** 2)


def chamfer(P):
    Q = np.array([[0.0, 0.0, 0.0], [1.0, 0.5, 0.2], [-0.5, 0.3, 1.0]])
    D = np.sum((P[:, None, :] - Q[None, :, :]) ** 2, axis=-1)
    return D.min(axis=1).sum() + D.min(axis=0).sum()


def polygon_area_shoelace(P):
    x, y = P[:, 0], P[:, 1]
    return 0.5 * np.abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))


def polyline_length(P):
    return sum(math.sqrt((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) for a, b in zip(P[:-1], P[1:]))


def bezier(ctrl):
    t = np.linspace(0, 1, 7)[:, None]
    p0, p1, p2, p3 = ctrl
    pts = (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t ** 2 * p2 + t ** 3 * p3
    return np.sum(np.linalg.norm(np.diff(pts, axis=0), axis=1))


def de_casteljau(ctrl, t):
    pts = list(ctrl)
    while len(pts) > 1:
        pts = [(1 - t) * a + t * b for a, b in zip(pts[:-1], pts[1:])]
    return pts[0] @ np.array([1.0, -2.0])


def point_segment_distance(p):
    a, b = np.array([0.0, 0.0]), np.array([2.0, 1.0])
    ab = b - a
    t = np.clip((p - a) @ ab / (ab @ ab), 0.0, 1.0)
    return np.linalg.norm(p - (a + t * ab))


def icp_residual(theta):
    R = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    src = PTS[:, :2]
    dst = src @ np.array([[0.8, -0.6], [0.6, 0.8]]).T
    return np.sum((src @ R.T - dst) ** 2)


def normals_out(V):
    e1 = V[1] - V[0]
    e2 = V[2] - V[0]
    n = np.cross(e1, e2)
    return n / np.linalg.norm(n)


CASES = [
    dict(f=barycentric, args=(P2, TRI), wrt=0, alt=1),
    dict(f=barycentric_solve, args=(P2, TRI), wrt=1, alt=0),
    dict(f=triangle_area, args=(TRI,)),
    dict(f=mesh_area_cross, args=(PTS,)),
    dict(f=rotate_points, args=(0.4, PTS), wrt=0, alt=1),
    dict(f=euler_zyx, args=(np.array([0.3, -0.2, 0.5]),)),
    dict(f=axis_angle, args=(np.array([0.3, -0.2, 0.5]),)),
    dict(f=quat_rotate, args=(np.array([0.9, 0.1, -0.3, 0.2]),)),
    dict(f=slerp, args=(np.array([0.9, 0.1, -0.3, 0.2]), 0.3), wrt=0, alt=1),
    dict(f=sdf_sphere, args=(P3,)),
    dict(f=sdf_box, args=(np.array([0.5, 0.1, -0.6]),)),
    dict(f=sdf_union_smooth, args=(np.array([0.05, 0.1, 0.2]),)),
    dict(f=sdf_union_min, args=(P3,)),
    dict(f=sdf_torus, args=(P3,)),
    dict(f=ray_march, args=(np.array([0.2, 0.1, 0.0]),)),
    dict(f=ray_march_sphere_trace, args=(np.array([0.2, 0.1, 0.0]), 0.6), wrt=0, alt=1),
    dict(f=ray_sphere_analytic, args=(np.array([0.1, 0.1, 0.0]), 0.8), wrt=0, alt=1),
    dict(f=lambert_shading, args=(np.array([0.2, 0.5, 1.0]), np.array([0.1, 0.3, 1.0])), wrt=0, alt=1),
    dict(f=phong, args=(np.array([0.1, 0.3, 1.0]),)),
    dict(f=perspective_project, args=(PTS, 1.5), wrt=0, alt=1),
    dict(f=homogeneous_transform, args=(np.array([0.3, 0.1, -0.2, 0.5]),)),
    dict(f=chamfer, args=(PTS,)),
    dict(f=polygon_area_shoelace, args=(np.array([[0.0, 0.0], [2.0, 0.1], [1.8, 1.5], [0.2, 1.2]]),)),
    dict(f=polyline_length, args=(np.array([[0.0, 0.0], [1.0, 0.5], [1.5, 1.5], [3.0, 1.0]]),)),
    dict(f=bezier, args=(np.array([[0.0, 0.0], [1.0, 2.0], [2.0, -1.0], [3.0, 0.5]]),)),
    dict(f=de_casteljau, args=(np.array([[0.0, 0.0], [1.0, 2.0], [2.0, -1.0], [3.0, 0.5]]), 0.3), wrt=0, alt=1),
    dict(f=point_segment_distance, args=(np.array([0.8, 1.2]),)),
    dict(f=icp_residual, args=(0.3,)),
    dict(f=normals_out, args=(PTS[:3],), out="vector"),
]

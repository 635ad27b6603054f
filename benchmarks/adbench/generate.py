"""Instances of the four objectives with the shapes of the benchmark's published data files.

Deterministic (numpy's default_rng with a seed).  The published files are not vendored: these
generators give inputs of the same shapes and comparable magnitudes, and `formats` writes and
reads them in the published text formats.

- GMM (d, k, n): alphas ~ N(0, 1), means ~ U(0, 1), icf ~ N(0, 0.5), x ~ N(0, 1); Wishart
  gamma = 1, m = 0 (the benchmark's values).
- BA (n cameras, m points, p observations): rotations ~ N(0, 0.1), centres near (0, 0, -5),
  focal lengths ~ U(0.8, 1.2), principal points ~ N(0, 0.1), distortion ~ N(0, 0.01); points
  ~ N(0, 1), so every point lies in front of every camera; w ~ U(0.5, 1.5), features ~ N(0, 1).
  Observations pair camera i % n with point i % m, as the published reader does.
- Hand: the benchmark's skeleton (22 bones: root, wrist, five fingers of four bones), rest
  transforms along each finger, vertices scattered around the bones skinned to one or two of
  them; theta ~ N(0, 0.2) (global translation ~ N(0, 1)), points = the posed vertices + noise.
- LSTM (l layers, c characters, b bits): parameters and state ~ U(-1, 1), one-hot characters.
"""

import numpy as np

from . import hand

N_BONES = 22
N_THETA = 26


def gmm_instance(d, k, n, seed=0):
    """(alphas, means, icf, x, wishart_gamma, wishart_m)."""
    rng = np.random.default_rng(seed)
    alphas = rng.standard_normal(k)
    means = rng.uniform(0.0, 1.0, (k, d))
    icf = 0.5 * rng.standard_normal((k, d + d * (d - 1) // 2))
    x = rng.standard_normal((n, d))
    return alphas, means, icf, x, 1.0, 0


def ba_observations(n, m, p):
    """The (camera, point) index of each observation: i % n, i % m."""
    i = np.arange(p)
    return np.stack([i % n, i % m], axis=1)


def ba_instance(n, m, p, seed=0):
    """(cams (n, 11), X (m, 3), w (p,), obs (p, 2), feats (p, 2))."""
    rng = np.random.default_rng(seed)
    cams = np.zeros((n, 11))
    cams[:, 0:3] = 0.1 * rng.standard_normal((n, 3))
    cams[:, 3:6] = np.array([0.0, 0.0, -5.0]) + 0.1 * rng.standard_normal((n, 3))
    cams[:, 6] = rng.uniform(0.8, 1.2, n)
    cams[:, 7:9] = 0.1 * rng.standard_normal((n, 2))
    cams[:, 9:11] = 0.01 * rng.standard_normal((n, 2))
    X = rng.standard_normal((m, 3))
    w = rng.uniform(0.5, 1.5, p)
    feats = rng.standard_normal((p, 2))
    return cams, X, w, ba_observations(n, m, p), feats


def hand_parents():
    """Root (-1), wrist (0), then per finger four bones chained from the wrist."""
    parents = [-1, 0]
    for finger in range(5):
        first = 2 + 4 * finger
        parents += [1, first, first + 1, first + 2]
    return np.array(parents)


def _translation(v):
    t = np.eye(4)
    t[:3, 3] = v
    return t


def hand_model(n_vertices=200, seed=0):
    """(parents, base_relatives, inverse_base_absolutes, base_positions (n, 4), weights (n, 22))."""
    rng = np.random.default_rng(seed)
    parents = hand_parents()
    base_relatives = np.zeros((N_BONES, 4, 4))
    base_relatives[0] = np.eye(4)
    base_relatives[1] = _translation([0.0, 0.0, 0.3])
    for finger in range(5):
        first = 2 + 4 * finger
        base_relatives[first] = _translation([0.2 * (finger - 2), 0.0, 0.8])
        for j in range(1, 4):
            base_relatives[first + j] = _translation([0.0, 0.0, 0.4 - 0.08 * j])
    absolutes = hand.relatives_to_absolutes(base_relatives, parents)
    inverse_base_absolutes = np.linalg.inv(absolutes)
    bone = rng.integers(0, N_BONES, n_vertices)
    positions = np.ones((n_vertices, 4))
    positions[:, :3] = absolutes[bone, :3, 3] + 0.05 * rng.standard_normal((n_vertices, 3))
    weights = np.zeros((n_vertices, N_BONES))
    share = rng.uniform(0.5, 1.0, n_vertices)
    weights[np.arange(n_vertices), bone] = share
    weights[np.arange(n_vertices), np.maximum(parents[bone], 0)] += 1.0 - share
    return parents, base_relatives, inverse_base_absolutes, positions, weights


def hand_instance(n_points, n_vertices=200, seed=0):
    """The arguments of hand.hand_objective: (theta, nbones, parents, base_relatives,
    inverse_base_absolutes, base_positions, weights, points, correspondences)."""
    rng = np.random.default_rng(seed)
    parents, base_relatives, inverse_base_absolutes, positions, weights = hand_model(n_vertices, seed)
    theta = 0.2 * rng.standard_normal(N_THETA)
    theta[3:6] = rng.standard_normal(3)
    correspondences = rng.integers(0, n_vertices, n_points)
    model = (base_relatives, parents, inverse_base_absolutes, positions, weights)
    posed = hand.get_skinned_vertex_positions(hand.to_pose_params(theta, N_BONES), *model)
    points = posed[correspondences] + 0.01 * rng.standard_normal((n_points, 3))
    theta = theta + 0.05 * rng.standard_normal(N_THETA)      # away from the exact fit
    return (theta, N_BONES, parents, base_relatives, inverse_base_absolutes, positions, weights, points,
            correspondences)


def lstm_instance(l, c, b, seed=0):
    """(main_params (2l, 4b), extra_params (3, b), state (2l, b), sequence (c, b) one-hot)."""
    rng = np.random.default_rng(seed)
    main_params = rng.uniform(-1.0, 1.0, (2 * l, 4 * b))
    extra_params = rng.uniform(-1.0, 1.0, (3, b))
    state = rng.uniform(-1.0, 1.0, (2 * l, b))
    sequence = np.zeros((c, b))
    sequence[np.arange(c), rng.integers(0, b, c)] = 1.0
    return main_params, extra_params, state, sequence

"""Readers and writers for the benchmark's published text formats (ADBench's data files).

GMM:  `d k n`, k alphas (one a line), k means, k icf rows, the points (n rows, or one row that
      is replicated n times), then `wishart_gamma wishart_m`.
BA:   `n m p`, one camera (11 numbers), one point, one weight, one feature: the published files
      hold one of each, replicated; observation i pairs camera i % n with point i % m.
Hand: a model folder (bones.txt: `name:parent:16 relative:16 inverse absolute`; vertices.txt:
      `x:y:z:` five unused fields `:count:` then `bone:weight` pairs; triangles.txt) and an
      instance file: `npts ntheta`, npts lines `vertex x y z`, then ntheta lines of theta.
LSTM: `l c b`, then after one blank line each: main_params (2l rows), extra_params (3 rows),
      state (2l rows), sequence (c rows).
"""

import os

import numpy as np

from .generate import ba_observations

DELIM = ":"


def _floats(line):
    return [float(v) for v in line.split()]


def _row(values):
    return " ".join(repr(float(v)) for v in np.ravel(values))


def read_gmm(path, replicate_point=False):
    """(alphas, means, icf, x, wishart_gamma, wishart_m)."""
    with open(path) as fh:
        d, k, n = (int(v) for v in fh.readline().split())
        alphas = np.array([float(fh.readline()) for _ in range(k)])
        means = np.array([_floats(fh.readline()) for _ in range(k)])
        icf = np.array([_floats(fh.readline()) for _ in range(k)])
        rows = 1 if replicate_point else n
        x = np.array([_floats(fh.readline()) for _ in range(rows)])
        if replicate_point:
            x = np.repeat(x, n, axis=0)
        gamma, m = fh.readline().split()
    return alphas, means, icf, x, float(gamma), int(m)


def write_gmm(path, alphas, means, icf, x, wishart_gamma, wishart_m):
    k, d = means.shape
    lines = [f"{d} {k} {x.shape[0]}", *(repr(float(a)) for a in alphas), *(_row(r) for r in means),
             *(_row(r) for r in icf), *(_row(r) for r in x), f"{float(wishart_gamma)!r} {int(wishart_m)}"]
    _write(path, lines)


def read_ba(path):
    """(cams (n, 11), X (m, 3), w (p,), obs (p, 2), feats (p, 2)) from the published format."""
    with open(path) as fh:
        n, m, p = (int(v) for v in fh.readline().split())
        cam = _floats(fh.readline())
        X = _floats(fh.readline())
        w = float(fh.readline())
        feat = _floats(fh.readline())
    return (np.tile(cam, (n, 1)), np.tile(X, (m, 1)), np.full(p, w), ba_observations(n, m, p),
            np.tile(feat, (p, 1)))


def write_ba(path, cams, X, w, obs, feats):
    """Writes the first camera, point, weight and feature: all the published format holds."""
    _write(path, [f"{cams.shape[0]} {X.shape[0]} {w.shape[0]}", _row(cams[0]), _row(X[0]), repr(float(w[0])),
                  _row(feats[0])])


def read_hand_model(folder):
    """(parents, base_relatives, inverse_base_absolutes, base_positions (n, 4), weights (n, bones))."""
    with open(os.path.join(folder, "bones.txt")) as fh:
        bones = [line.rstrip("\n").split(DELIM) for line in fh if line.strip()]
    parents = np.array([int(b[1]) for b in bones])
    relatives = np.array([[float(v) for v in b[2:18]] for b in bones]).reshape(-1, 4, 4)
    inverse_absolutes = np.array([[float(v) for v in b[18:34]] for b in bones]).reshape(-1, 4, 4)
    with open(os.path.join(folder, "vertices.txt")) as fh:
        vertices = [line.rstrip("\n").split(DELIM) for line in fh if line.strip()]
    positions = np.ones((len(vertices), 4))
    weights = np.zeros((len(vertices), len(bones)))
    for i, atoms in enumerate(vertices):
        positions[i, :3] = [float(v) for v in atoms[:3]]
        for j in range(int(atoms[8])):
            weights[i, int(atoms[9 + 2 * j])] = float(atoms[10 + 2 * j])
    return parents, relatives, inverse_absolutes, positions, weights


def write_hand_model(folder, parents, base_relatives, inverse_base_absolutes, base_positions, weights):
    os.makedirs(folder, exist_ok=True)
    _write(os.path.join(folder, "bones.txt"),
           [DELIM.join([f"bone{i}", str(int(parent)), *(repr(float(v)) for v in base_relatives[i].ravel()),
                        *(repr(float(v)) for v in inverse_base_absolutes[i].ravel())])
            for i, parent in enumerate(parents)])
    lines = []
    for position, weight in zip(base_positions, weights):
        bones = np.flatnonzero(weight)
        pairs = [f"{b}{DELIM}{float(weight[b])!r}" for b in bones]
        lines.append(DELIM.join([*(repr(float(v)) for v in position[:3]), *["0"] * 5, str(len(bones)), *pairs]))
    _write(os.path.join(folder, "vertices.txt"), lines)
    _write(os.path.join(folder, "triangles.txt"), [])


def read_hand(model_folder, path):
    """The arguments of hand.hand_objective, from a model folder and an instance file."""
    parents, relatives, inverse_absolutes, positions, weights = read_hand_model(model_folder)
    with open(path) as fh:
        npts, ntheta = (int(v) for v in fh.readline().split())
        lines = [fh.readline().split() for _ in range(npts)]
        theta = np.array([float(fh.readline()) for _ in range(ntheta)])
    correspondences = np.array([int(line[0]) for line in lines], dtype=int)
    points = np.array([[float(v) for v in line[1:]] for line in lines])
    return (theta, len(parents), parents, relatives, inverse_absolutes, positions, weights, points,
            correspondences)


def write_hand(model_folder, path, theta, nbones, parents, base_relatives, inverse_base_absolutes,
               base_positions, weights, points, correspondences):
    write_hand_model(model_folder, parents, base_relatives, inverse_base_absolutes, base_positions, weights)
    _write(path, [f"{points.shape[0]} {theta.shape[0]}",
                  *(f"{int(c)} {_row(p)}" for c, p in zip(correspondences, points)),
                  *(repr(float(t)) for t in theta)])


def read_lstm(path):
    """(main_params, extra_params, state, sequence)."""
    with open(path) as fh:
        l, c, b = (int(v) for v in fh.readline().split())
        blocks = []
        for rows in (2 * l, 3, 2 * l, c):
            fh.readline()
            blocks.append(np.array([_floats(fh.readline()) for _ in range(rows)]))
    return tuple(blocks)


def write_lstm(path, main_params, extra_params, state, sequence):
    lines = [f"{state.shape[0] // 2} {sequence.shape[0]} {sequence.shape[1]}"]
    for block in (main_params, extra_params, state, sequence):
        lines += ["", *(_row(r) for r in block)]
    _write(path, lines)


def _write(path, lines):
    with open(path, "w") as fh:
        fh.write("\n".join(lines) + "\n")

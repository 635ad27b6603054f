"""Optimise the initial velocity field of a 2-D smoke simulation to match a target image.

A small version of Stam's "stable fluids" on a periodic grid: semi-Lagrangian advection
with bilinear interpolation, then a pressure projection by Jacobi iterations. The pressure
correction is applied in place (`vx -= ...`); neighbours come from np.roll.
"""

import numpy as np


def project(vx, vy, num_iterations=8):
    """Make the velocity field approximately divergence-free."""
    h = 1.0 / vx.shape[0]
    div = -0.5 * h * (np.roll(vx, -1, axis=0) - np.roll(vx, 1, axis=0)
                      + np.roll(vy, -1, axis=1) - np.roll(vy, 1, axis=1))
    p = np.zeros_like(vx)
    for _ in range(num_iterations):
        p = (div + np.roll(p, 1, axis=0) + np.roll(p, -1, axis=0)
             + np.roll(p, 1, axis=1) + np.roll(p, -1, axis=1)) / 4.0
    vx -= 0.5 * (np.roll(p, -1, axis=0) - np.roll(p, 1, axis=0)) / h
    vy -= 0.5 * (np.roll(p, -1, axis=1) - np.roll(p, 1, axis=1)) / h
    return vx, vy


def advect(field, vx, vy):
    """Carry `field` along the velocity for one time step, looking back to where each
    cell's contents came from and interpolating bilinearly between the four neighbours."""
    rows, cols = field.shape
    src_rows = np.arange(rows)[:, None] - vx
    src_cols = np.arange(cols)[None, :] - vy
    top = np.floor(src_rows).astype(int)
    left = np.floor(src_cols).astype(int)
    down_weight = src_rows - top
    right_weight = src_cols - left
    top, bottom = np.mod(top, rows), np.mod(top + 1, rows)
    left, right = np.mod(left, cols), np.mod(left + 1, cols)
    return ((1 - down_weight) * ((1 - right_weight) * field[top, left] + right_weight * field[top, right])
            + down_weight * ((1 - right_weight) * field[bottom, left] + right_weight * field[bottom, right]))


def simulate(vx, vy, smoke, num_steps):
    for _ in range(num_steps):
        vx_new = advect(vx, vx, vy)
        vy_new = advect(vy, vx, vy)
        vx, vy = project(vx_new, vy_new)
        smoke = advect(smoke, vx, vy)
    return smoke


def loss(params, data):
    vx, vy = params
    smoke, target, num_steps = data
    final = simulate(vx, vy, smoke, num_steps)
    return np.sum((final - target) ** 2)


def make_problem(size=8, rs=None):
    """A blob of smoke in one corner; the target is the same blob moved diagonally."""
    rs = rs if rs is not None else np.random.RandomState(0)
    r, c = np.meshgrid(np.arange(size), np.arange(size), indexing="ij")
    smoke = np.exp(-((r - size / 4) ** 2 + (c - size / 4) ** 2) / 3.0)
    target = np.roll(np.roll(smoke, size // 4, axis=0), size // 4, axis=1)
    vx = 0.3 + 0.1 * rs.randn(size, size)
    vy = 0.3 + 0.1 * rs.randn(size, size)
    return (vx, vy), (smoke, target, 3)


def main():
    params, data = make_problem()
    print("loss", loss(params, data))


if __name__ == "__main__":
    main()

"""Training through a quantizer with a straight-through gradient.

The model's weights are quantized to quarters, `floor(w * 4) / 4`, in the forward pass.
`floor` has a zero derivative almost everywhere, so plain gradient descent would never move
the weights. `st_floor` keeps `floor`'s value but declares a straight-through derivative:
its adjoint passes the gradient on as if `floor` were the identity. s2sgrad inlines that
adjoint into the emitted gradient, which this script prints; then it trains on synthetic
data and the loss goes down.
"""

import numpy as np

import s2sgrad


@s2sgrad.custom_gradient
def st_floor(x):
    return np.floor(x)


@st_floor.adjoint
def _(result, x, d_result):
    return d_result                 # straight-through


@s2sgrad.differentiate(wrt="w")
def loss(w, x, y):
    q = st_floor(w * 4.0) / 4.0     # weights on a grid of quarters
    pred = x @ q
    return np.mean((pred - y) ** 2)


def main():
    rng = np.random.default_rng(0)
    true_w = np.array([0.75, -1.25, 0.5, 2.0])
    x = rng.standard_normal((256, 4))
    y = x @ true_w + 0.01 * rng.standard_normal(256)
    w = 0.1 * rng.standard_normal(4)
    print(loss.source)
    losses = []
    for epoch in range(40):
        value, grad = loss.value_and_grad(w, x, y)
        losses.append(value)
        w = w - 0.1 * grad
        if epoch % 5 == 0 or epoch == 39:
            print(f"epoch {epoch:2d}  loss {value:.4f}")
    print("quantized weights:", np.floor(w * 4.0) / 4.0, " true:", true_w)
    assert losses[-1] < 0.1 * losses[0], "the straight-through gradient should train the model"


if __name__ == "__main__":
    main()

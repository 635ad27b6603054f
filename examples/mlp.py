"""Train a two-layer tanh network with plain SGD, gradients from s2sgrad.

The model is  y = tanh(X @ W1 + b1) @ W2 + b2  and the loss is the sum of squared
errors against targets from a smooth function of the inputs. One call to
`loss.value_and_grad` gives the loss and its gradient with respect to all four
parameters; the loss is printed every epoch and goes down.
"""

import numpy as np

import s2sgrad
from s2sgrad.testing import finite_differences


@s2sgrad.differentiate(wrt=("W1", "b1", "W2", "b2"))
def loss(W1, b1, W2, b2, X, Y):
    hidden = np.tanh(X @ W1 + b1)
    prediction = hidden @ W2 + b2
    error = prediction - Y
    return np.sum(error * error)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n_samples, n_in, n_hidden, n_out = 64, 3, 16, 1
    X = rng.normal(size=(n_samples, n_in))
    Y = np.sin(X[:, :1]) + 0.5 * X[:, 1:2] * X[:, 2:3]
    params = [rng.normal(scale=0.5, size=(n_in, n_hidden)), np.zeros(n_hidden),
              rng.normal(scale=0.5, size=(n_hidden, n_out)), np.zeros(n_out)]

    # Check the gradient once against finite differences before training.
    grads = loss.grad(*params, X, Y)
    for k, name in enumerate(("W1", "b1", "W2", "b2")):
        def loss_of_k(p, k=k):
            return loss(*params[:k], p, *params[k + 1:], X, Y)
        fd = finite_differences(loss_of_k, params[k])
        print(f"d loss / d {name}: max |s2sgrad - finite diff| = {np.max(np.abs(grads[k] - fd)):.2e}")
        assert np.allclose(grads[k], fd, rtol=1e-5, atol=1e-6), "gradient disagrees with finite differences"

    learning_rate, batch_size = 0.003, 16
    print(f"epoch  0  loss {loss(*params, X, Y):.4f}")
    for epoch in range(30):
        order = rng.permutation(n_samples)
        for start in range(0, n_samples, batch_size):
            batch = order[start:start + batch_size]
            value, grads = loss.value_and_grad(*params, X[batch], Y[batch])
            params = [p - learning_rate * g for p, g in zip(params, grads)]
        print(f"epoch {epoch + 1:2d}  loss {loss(*params, X, Y):.4f}")
    print()
    print(loss.source)

"""A Bayesian neural network fit by black-box variational inference.

`make_nn_funs` closes over the architecture and the nonlinearity and returns functions that
are vectorised over a batch of sampled weight vectors. The variational posterior over the
weights is a diagonal Gaussian; its ELBO is estimated with fixed standard-normal draws.
"""

import numpy as np


def make_nn_funs(layer_sizes, L2_reg=0.1, noise_variance=0.01, nonlinearity=np.tanh):
    shapes = list(zip(layer_sizes[:-1], layer_sizes[1:]))
    num_weights = sum((m + 1) * n for m, n in shapes)

    def unpack_layers(weights):
        """(W, b) per layer, each with a leading axis over the weight samples."""
        num_weight_sets = weights.shape[0]
        layers = []
        offset = 0
        for m, n in shapes:
            W = weights[:, offset:offset + m * n].reshape((num_weight_sets, m, n))
            offset += m * n
            b = weights[:, offset:offset + n].reshape((num_weight_sets, 1, n))
            offset += n
            layers.append((W, b))
        return layers

    def predictions(weights, inputs):
        """weights: (num_weight_sets, num_weights); inputs: (num_data, D)."""
        hidden = np.expand_dims(inputs, 0)
        for W, b in unpack_layers(weights):
            outputs = np.matmul(hidden, W) + b
            hidden = nonlinearity(outputs)
        return outputs

    def logprob(weights, inputs, targets):
        log_prior = -L2_reg * np.sum(weights ** 2, axis=1)
        preds = predictions(weights, inputs)
        log_lik = -np.sum((preds - targets) ** 2, axis=(1, 2)) / noise_variance
        return log_prior + log_lik

    return num_weights, predictions, logprob


def rbf(x):
    return np.exp(-x ** 2)


num_weights, predictions, logprob = make_nn_funs(layer_sizes=[1, 8, 8, 1], nonlinearity=rbf)


def loss(params, data):
    """Negative ELBO of the Gaussian q(w) = N(mean, diag(exp(log_std))^2)."""
    inputs, targets, eps = data
    mean, log_std = params[:num_weights], params[num_weights:]
    weights = mean + np.exp(log_std) * eps
    entropy = np.sum(log_std) + 0.5 * num_weights * (1.0 + np.log(2 * np.pi))
    return -(entropy + np.mean(logprob(weights, inputs, targets)))


def build_toy_dataset(n_data=20, noise_std=0.1, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    inputs = np.concatenate([np.linspace(0, 2, n_data // 2), np.linspace(6, 8, n_data - n_data // 2)])
    targets = np.cos(inputs) + noise_std * rs.randn(n_data)
    inputs = (inputs - 4.0) / 4.0
    return inputs.reshape(-1, 1), targets.reshape(-1, 1)


def main():
    rs = np.random.RandomState(0)
    inputs, targets = build_toy_dataset(rs=rs)
    params = np.concatenate([0.5 * rs.randn(num_weights), -3.0 * np.ones(num_weights)])
    eps = rs.randn(5, num_weights)
    print("loss", loss(params, (inputs, targets, eps)))


if __name__ == "__main__":
    main()

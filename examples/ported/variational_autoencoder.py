"""A variational autoencoder for small binary images.

Encoder and decoder are tanh networks (lists of (W, b) pairs). The evidence lower bound is
estimated with one reparametrised sample per image, z = mean + exp(log_std) * eps, where eps
is drawn once and held fixed so that the objective is a deterministic function.
"""

import numpy as np
from scipy.stats import norm


def init_net_params(layer_sizes, scale=0.3, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    return [(scale * rs.randn(m, n), scale * rs.randn(n))
            for m, n in zip(layer_sizes[:-1], layer_sizes[1:])]


def neural_net(params, inputs):
    for W, b in params[:-1]:
        inputs = np.tanh(inputs @ W + b)
    W, b = params[-1]
    return inputs @ W + b


def encode(encoder_params, images):
    """Mean and log standard deviation of the approximate posterior q(z | x)."""
    outputs = neural_net(encoder_params, images)
    latent_dim = outputs.shape[-1] // 2
    return outputs[:, :latent_dim], outputs[:, latent_dim:]


def bernoulli_log_density(images, logits):
    """log p(x | logits) for x in {0, 1}, summed over pixels."""
    return np.sum(images * logits - np.logaddexp(0.0, logits), axis=-1)


def diag_gaussian_log_density(x, mean, log_std):
    return np.sum(norm.logpdf(x, mean, np.exp(log_std)), axis=-1)


def elbo(params, images, eps):
    encoder_params, decoder_params = params
    mean, log_std = encode(encoder_params, images)
    z = mean + np.exp(log_std) * eps
    log_q = diag_gaussian_log_density(z, mean, log_std)
    log_prior = np.sum(norm.logpdf(z), axis=-1)
    log_lik = bernoulli_log_density(images, neural_net(decoder_params, z))
    return np.mean(log_lik + log_prior - log_q)


def loss(params, data):
    images, eps = data
    return -elbo(params, images, eps)


def make_images(num_images, side=4, rs=None):
    """Binary images: a random horizontal or vertical bar with flipped pixels."""
    rs = rs if rs is not None else np.random.RandomState(0)
    images = np.zeros((num_images, side, side))
    for i in range(num_images):
        k = rs.randint(side)
        if rs.rand() < 0.5:
            images[i, k, :] = 1.0
        else:
            images[i, :, k] = 1.0
    flips = rs.rand(*images.shape) < 0.05
    return np.abs(images - flips).reshape(num_images, side * side)


def main():
    rs = np.random.RandomState(0)
    latent_dim, hidden, pixels = 2, 8, 16
    params = (init_net_params([pixels, hidden, 2 * latent_dim], rs=rs),
              init_net_params([latent_dim, hidden, pixels], rs=rs))
    images = make_images(10, rs=rs)
    eps = rs.randn(len(images), latent_dim)
    print("loss", loss(params, (images, eps)))


if __name__ == "__main__":
    main()

"""Randomness: a generator made inside the function from a seed, one passed as an argument,
draws in loops and branches, legacy np.random.seed + randn, reparameterisation tricks.
The value must equal the plain function's for the same seed; the gradient must match finite
differences taken with the same seed."""

import numpy as np

import s2sgrad

DATA = np.random.default_rng(64).standard_normal((8, 3))


def reparam_default_rng(mu, log_sigma):
    rng = np.random.default_rng(0)
    eps = rng.standard_normal(mu.shape)
    z = mu + np.exp(log_sigma) * eps
    return np.sum(z ** 2)


def reparam_many_samples(mu, log_sigma):
    rng = np.random.default_rng(1)
    total = 0.0
    for _ in range(5):
        eps = rng.normal(size=mu.shape)
        z = mu + np.exp(log_sigma) * eps
        total = total + np.sum(np.tanh(z))
    return total / 5


def rng_argument(w, seed):
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, DATA.shape[0], size=4)
    batch = DATA[idx]
    return np.mean((batch @ w) ** 2)


def rng_in_branch(x):
    rng = np.random.default_rng(3)
    if np.sum(x) > 0:
        noise = rng.uniform(-1, 1, size=x.shape)
    else:
        noise = rng.standard_normal(x.shape)
    return np.sum((x + 0.1 * noise) ** 2)


def legacy_seed_randn(w):
    np.random.seed(7)
    eps = np.random.randn(*w.shape)
    return np.sum(np.sin(w + 0.5 * eps))


def legacy_randomstate(w):
    rs = np.random.RandomState(11)
    noise = rs.normal(0.0, 0.3, size=w.shape)
    return np.sum((w * noise) ** 2)


def dropout_mask(w, x):
    rng = np.random.default_rng(5)
    h = np.tanh(x @ w)
    mask = rng.random(h.shape) > 0.3
    h = h * mask / 0.7
    return np.sum(h ** 2)


def gumbel_softmax(logits):
    rng = np.random.default_rng(9)
    g = -np.log(-np.log(rng.uniform(1e-9, 1.0, size=logits.shape)))
    y = (logits + g) / 0.5
    y = y - np.max(y)
    p = np.exp(y) / np.sum(np.exp(y))
    return np.sum(p * np.arange(len(p)))


def mc_expectation_loop(theta):
    rng = np.random.default_rng(12)
    acc = 0.0
    for i in range(20):
        u = rng.standard_normal()
        acc += np.cos(theta * u) * (1.0 + 0.1 * i)
    return acc / 20


def random_features(w):
    rng = np.random.default_rng(21)
    Om = rng.standard_normal((3, 6))
    b = rng.uniform(0, 2 * np.pi, 6)
    feats = np.sqrt(2.0 / 6) * np.cos(DATA @ Om + b)
    return np.sum((feats @ np.concatenate([w, w])) ** 2)


def rng_passed_object(w, rng):
    eps = rng.standard_normal(w.shape)
    return np.sum((w + eps) ** 2)


def sgld_steps(w):
    rng = np.random.default_rng(31)
    for t in range(5):
        g = 2 * w
        w = w - 0.01 * g + 0.01 * rng.standard_normal(w.shape)
    return np.sum(w ** 2)


def choice_minibatch(w):
    rng = np.random.default_rng(2)
    idx = rng.choice(DATA.shape[0], size=5, replace=False)
    r = DATA[idx] @ w - 1.0
    return np.mean(r ** 2)


def permutation_shuffle(w):
    rng = np.random.default_rng(4)
    perm = rng.permutation(DATA.shape[0])
    X = DATA[perm]
    loss = 0.0
    for i in range(0, 8, 4):
        loss = loss + np.sum((X[i:i + 4] @ w) ** 2)
    return loss


def noise_in_while(x):
    rng = np.random.default_rng(8)
    k = 0
    y = x
    while k < 6:
        y = y * (1.0 + 0.05 * rng.standard_normal())
        k += 1
    return np.sum(y)


def antithetic(mu):
    rng = np.random.default_rng(13)
    eps = rng.standard_normal((10, mu.shape[0]))
    a = np.sum(np.exp(mu + eps), axis=1)
    b = np.sum(np.exp(mu - eps), axis=1)
    return np.mean(0.5 * (a + b))


def vae_elbo(mu, logvar, x):
    rng = np.random.default_rng(17)
    std = np.exp(0.5 * logvar)
    eps = rng.standard_normal(std.shape)
    z = mu + eps * std
    recon = -np.sum((x - z) ** 2)
    kl = -0.5 * np.sum(1 + logvar - mu ** 2 - np.exp(logvar))
    return -(recon - kl)


def random_draw_shape_from_x(x):
    rng = np.random.default_rng(19)
    n = x.size
    eps = rng.standard_normal(n).reshape(x.shape)
    return np.sum(x * eps + x ** 2)


def spawn_generators(w):
    seeds = np.random.SeedSequence(42).spawn(2)
    total = 0.0
    for s in seeds:
        r = np.random.default_rng(s)
        total = total + np.sum(w * r.standard_normal(w.shape))
    return total + np.sum(w ** 2)


def exponential_reparam(rate):
    rng = np.random.default_rng(23)
    u = rng.random(5)
    x = -np.log(u) / rate
    return np.mean(x)


def random_in_helper_draw(w):
    return np.sum(noisy(w) ** 2)


def noisy(v):
    rng = np.random.default_rng(6)
    return v + rng.standard_normal(v.shape)


def global_generator_draw(w):
    # a module-level generator: each call advances it, so the value depends on call order
    eps = GLOBAL_RNG.standard_normal(w.shape) * 0.0
    return np.sum((w + eps) ** 2)


GLOBAL_RNG = np.random.default_rng(99)

m3 = np.array([0.2, -0.5, 1.0])
CASES = [
    dict(f=reparam_default_rng, args=(m3.copy(), np.array([-0.3, 0.1, 0.0])), alt="log_sigma"),
    dict(f=reparam_many_samples, args=(m3.copy(), np.array([-0.3, 0.1, 0.0])), alt="log_sigma"),
    dict(f=rng_argument, args=(m3.copy(), 3)),
    dict(f=rng_in_branch, args=(m3.copy(),)),
    dict(f=legacy_seed_randn, args=(m3.copy(),)),
    dict(f=legacy_randomstate, args=(m3.copy(),)),
    dict(f=dropout_mask, args=(m3.copy(), DATA), alt="x"),
    dict(f=gumbel_softmax, args=(np.array([0.5, 1.5, -0.2, 0.3]),)),
    dict(f=mc_expectation_loop, args=(0.7,)),
    dict(f=random_features, args=(m3.copy(),)),
    dict(f=rng_passed_object, args=(m3.copy(), np.random.default_rng(0))),
    dict(f=sgld_steps, args=(m3.copy(),)),
    dict(f=choice_minibatch, args=(m3.copy(),)),
    dict(f=permutation_shuffle, args=(m3.copy(),)),
    dict(f=noise_in_while, args=(m3.copy(),)),
    dict(f=antithetic, args=(m3.copy(),)),
    dict(f=vae_elbo, args=(m3.copy(), np.array([0.1, -0.2, 0.3]), np.array([1.0, 0.0, -1.0])),
         alt="logvar"),
    dict(f=random_draw_shape_from_x, args=(np.ones((2, 3)) * 0.5,)),
    dict(f=spawn_generators, args=(m3.copy(),)),
    dict(f=exponential_reparam, args=(1.7,)),
    dict(f=random_in_helper_draw, args=(m3.copy(),)),
    dict(f=global_generator_draw, args=(m3.copy(),)),
]


def noisy_features(w, rng):
    eps = rng.standard_normal(w.shape)
    return np.tanh(w * eps)


def noisy_store(w, rng):
    eps = rng.standard_normal(w.shape)
    y = np.zeros(w.shape[0])
    y[0] = w[0] * eps[0]
    y[1:] = w[1:] * eps[1:] ** 2
    return y


def hessian_with_rng(w, rng):
    eps = rng.standard_normal(w.shape)
    return np.sum((w * eps) ** 2 * w)


W70 = np.linspace(-1.0, 1.0, 70)
CASES += [
    dict(f=noisy_features, args=(W70.copy(), np.random.default_rng(0)), out="vector"),
    dict(f=noisy_store, args=(W70.copy(), np.random.default_rng(0)), out="vector"),
    dict(f=hessian_with_rng, args=(m3.copy(), np.random.default_rng(0))),
]


def shuffle_copy(x):
    rng = np.random.default_rng(0)
    y = x.copy()
    rng.shuffle(y)
    return np.sum(y * np.arange(x.size))


def legacy_shuffle(x):
    np.random.seed(0)
    y = x * 1.0
    np.random.shuffle(y)
    return np.sum(y * np.arange(x.size))


def normal_with_params(mu):
    rng = np.random.default_rng(0)
    z = rng.normal(mu, 0.5)
    return np.sum(z ** 2)


def choice_of_values(x):
    rng = np.random.default_rng(0)
    picks = rng.choice(x, size=4)
    return np.sum(picks ** 2)


CASES += [
    dict(f=shuffle_copy, args=(m3.copy(),)),
    dict(f=legacy_shuffle, args=(m3.copy(),)),
    dict(f=normal_with_params, args=(m3.copy(),)),
    dict(f=choice_of_values, args=(m3.copy(),)),
]


def checkpointed_legacy_noise(x0, theta):
    np.random.seed(1)
    x = x0
    for t in s2sgrad.checkpointed(range(20), snapshots=3):
        x = x - 0.1 * theta * np.sin(x) + 0.3 * np.random.randn(*x.shape)
    return np.sum(x ** 2)


def checkpointed_generator_noise(x0, theta):
    rng = np.random.default_rng(0)
    x = x0
    for t in s2sgrad.checkpointed(range(20), snapshots=3):
        x = x - 0.1 * theta * x + 0.3 * rng.standard_normal(x.shape)
    return np.sum(x ** 2)


@s2sgrad.checkpoint
def noisy_step(x, theta, rng):
    return x - 0.1 * theta * np.sin(x) + 0.3 * rng.standard_normal(x.shape)


def checkpointed_step_with_rng(x0, theta):
    rng = np.random.default_rng(0)
    x = x0
    for t in range(10):
        x = noisy_step(x, theta, rng)
    return np.sum(x ** 2)


CASES += [
    dict(f=checkpointed_legacy_noise, args=(m3.copy(), 0.7), alt="theta"),
    dict(f=checkpointed_generator_noise, args=(m3.copy(), 0.7), alt="theta"),
    dict(f=checkpointed_step_with_rng, args=(m3.copy(), 0.7), alt="theta"),
]

"""Calls outsider round 9 found refused, now differentiated: scipy.fft, frozen scipy.stats
distributions, draws with differentiated parameters, least squares, quadratures, `mean(where=)`.

Each program is checked end to end along grad, jvp and hvp against central finite differences
(and against autograd where it supports the call); the draws' rewrite is checked bit for bit
against NumPy's own draws; what stays refused is refused where it is written.
"""

import autograd
import autograd.numpy as anp
import autograd.scipy.stats.norm as anorm
import numpy as np
import pytest
import scipy.fft as sf
import scipy.integrate
import scipy.stats
from scipy.stats import norm

import s2sgrad
from s2sgrad.errors import S2SError
from s2sgrad.testing import check_grads, check_jvp
from tests.helpers import directional_difference, random_direction


# ---------------------------------------------------------------- the programs
def spectrum_energy(x, k):
    spectrum = sf.rfft(x * np.hanning(8), n=10, norm="ortho")
    smoothed = sf.irfft(spectrum * sf.rfft(k, n=10, norm="ortho"), n=10, norm="ortho")
    return np.sum(smoothed ** 2) + np.sum(np.abs(sf.fftshift(sf.fft(x, axis=0))) ** 2)


def frozen_likelihood(mu, sigma, x):
    d = scipy.stats.norm(mu, sigma)
    tails = norm(loc=mu, scale=sigma).logcdf(x) + d.sf(x)
    joint = scipy.stats.multivariate_normal(mean=mu[:2], cov=np.diag(sigma[:2])).logpdf(x[:2])
    return np.sum(d.logpdf(x)) + np.sum(tails) + np.sum(scipy.stats.t(4.0, mu, sigma).pdf(x)) + joint \
        + scipy.stats.dirichlet(sigma + 1.0).logpdf(np.array([0.1, 0.2, 0.3, 0.4]))


def elbo(mu, sigma):
    rng = np.random.default_rng(0)
    z = rng.normal(mu, sigma, size=(5, 3))
    u = rng.uniform(mu, mu + sigma)
    e = rng.exponential(sigma)
    legacy = np.random.RandomState(1)
    return np.mean(-0.5 * z ** 2) + np.sum(np.log(sigma)) + np.sum(u * e) + np.sum(legacy.lognormal(mu, 0.5))


def fit_and_predict(x, y, a):
    c = np.polyfit(x, y, 2)
    w = np.linalg.lstsq(a, y[:4], rcond=None)[0]
    return np.sum(np.polyval(c, x) ** 2) + np.sum(np.sin(w))


def quadratures(y):
    grid = np.array([0.0, 0.3, 0.5, 1.1, 1.6])
    masked = np.mean(y ** 2, axis=1, where=np.array([True, False, True, True, False]))
    return np.sum(scipy.integrate.simpson(np.exp(y), x=grid) ** 2) + scipy.integrate.trapezoid(np.sin(y[0]), grid) \
        + np.sum(masked ** 2)


RNG = np.random.default_rng(9)
PROGRAMS = {
    "spectrum_energy": (spectrum_energy, [RNG.standard_normal(8), RNG.standard_normal(4)]),
    "frozen_likelihood": (frozen_likelihood, [RNG.standard_normal(4), RNG.uniform(0.5, 2, 4), RNG.standard_normal(4)]),
    "elbo": (elbo, [RNG.standard_normal(3), RNG.uniform(0.5, 2, 3)]),
    "fit_and_predict": (fit_and_predict, [np.array([0.0, 0.4, 1.1, 1.5, 2.3, 3.0]), RNG.standard_normal(6),
                                          RNG.standard_normal((4, 2))]),
    "quadratures": (quadratures, [RNG.standard_normal((2, 5))]),
}
PAIRS = [(name, k) for name, (fn, args) in PROGRAMS.items() for k in range(len(args))]


def _hvp_by_differences(fn, args, position):
    """H u by central differences of s2sgrad's own gradient (checked against differences above)."""
    direction = random_direction(args, position)
    gradient = s2sgrad.grad(fn, position)
    return direction, directional_difference(lambda *a: np.asarray(gradient(*a)), args, position, direction, 1e-5)


@pytest.mark.parametrize("name,position", PAIRS)
def test_gradient_and_tangent_against_differences(name, position):
    fn, args = PROGRAMS[name]
    check_grads(fn, args, wrt=position)
    check_jvp(fn, args, wrt=position)


@pytest.mark.parametrize("name,position", PAIRS)
def test_hvp_against_differences(name, position):
    fn, args = PROGRAMS[name]
    direction, want = _hvp_by_differences(fn, args, position)
    tangents = [None] * len(args)
    tangents[position] = direction
    got = s2sgrad.hvp(fn, args, tangents)
    got = got[position] if isinstance(got, (tuple, list)) else got
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5 * (1 + np.max(np.abs(want))))


def test_frozen_likelihood_agrees_with_autograd():
    def peer(mu, sigma, x):
        return anp.sum(anorm.logpdf(x, mu, sigma))

    def ours(mu, sigma, x):
        d = norm(mu, sigma)
        return np.sum(d.logpdf(x))
    args = PROGRAMS["frozen_likelihood"][1]
    for k in range(3):
        np.testing.assert_allclose(s2sgrad.grad(ours, k)(*args), autograd.grad(peer, k)(*args), rtol=1e-10)


def test_reparameterized_draws_agree_with_autograd():
    def ours(mu, sigma):
        rng = np.random.default_rng(3)
        return np.sum(np.tanh(rng.normal(mu, sigma, size=(4, 3))))

    def peer(mu, sigma):
        return anp.sum(anp.tanh(mu + sigma * np.random.default_rng(3).standard_normal((4, 3))))
    args = PROGRAMS["elbo"][1]
    for k in range(2):
        np.testing.assert_allclose(s2sgrad.grad(ours, k)(*args), autograd.grad(peer, k)(*args), rtol=1e-12)


def test_scipy_fft_agrees_with_autograd():
    def ours(x):
        return np.sum(np.abs(sf.fft(x, n=6, norm="ortho")) ** 2 * np.arange(6.0))

    def peer(x):
        return anp.sum(anp.abs(anp.fft.fft(x, n=6) / np.sqrt(6.0)) ** 2 * np.arange(6.0))
    x = RNG.standard_normal(5)
    np.testing.assert_allclose(s2sgrad.grad(ours)(x), autograd.grad(peer)(x), rtol=1e-10)


# ---------------------------------------------------------------- the draws, bit for bit
SHAPES = [((), (), None), ((), (), (4, 3)), ((3,), (2, 3), None), ((3,), (2, 3), (5, 2, 3)), ((3,), (), None),
          ((), (2, 3), (2, 3))]


def _draws(mu, sigma, size):
    """{method: (NumPy's draw, the rewrite's) from equal states, for each kind of source."""
    out = {}
    for kind, make in (("generator", lambda: np.random.default_rng(7)), ("legacy", lambda: np.random.RandomState(7))):
        uniform = "random" if kind == "generator" else "random_sample"
        shape = size if size is not None else (np.broadcast_shapes(np.shape(mu), np.shape(sigma)) or None)
        for method, drawn, rewritten in [
                ("normal", lambda r: r.normal(mu, sigma, size), lambda r: mu + sigma * r.standard_normal(shape)),
                ("uniform", lambda r: r.uniform(mu, mu + sigma, size),
                 lambda r: mu + (mu + sigma - mu) * getattr(r, uniform)(shape)),
                ("exponential", lambda r: r.exponential(sigma, size),
                 lambda r: sigma * r.standard_exponential(size if size is not None else (np.shape(sigma) or None)))]:
            out[f"{kind}.{method}"] = (drawn(make()), rewritten(make()))
    return out


@pytest.mark.parametrize("mu_shape,sigma_shape,size", SHAPES)
def test_rewritten_draws_are_numpys_bit_for_bit(mu_shape, sigma_shape, size):
    rng = np.random.default_rng(1)
    mu = rng.standard_normal(mu_shape) if mu_shape else 0.3
    sigma = rng.uniform(0.5, 2, sigma_shape) if sigma_shape else 1.7
    for method, (want, got) in _draws(mu, sigma, size).items():
        assert np.shape(want) == np.shape(got) and type(want) is type(got) or np.ndim(want), method
        assert np.array_equal(want, got), method


def global_draws(mu, sigma):
    return np.sum(np.random.normal(mu, sigma) * np.random.uniform(mu, 2.0, size=(2, 3)))


def test_a_function_that_draws_gives_the_value_it_gives_when_run():
    for fn, args in [PROGRAMS["elbo"], (global_draws, [np.array([0.1, 0.2, 0.3]), np.array([1.0, 0.5, 2.0])])]:
        np.random.seed(5)
        want = fn(*args)
        np.random.seed(5)
        value, (d_mu, d_sigma) = s2sgrad.value_and_grad(fn, (0, 1))(*args)
        assert value == want


def float32_draws(mu, sigma):
    rng = np.random.default_rng(3)
    a = rng.normal(mu, sigma, size=3)
    b = rng.uniform(mu, mu + sigma)
    c = rng.exponential(sigma)
    return np.sum(a * b + c) + np.sum(np.random.lognormal(mu, sigma))


def test_draws_with_float32_parameters_are_numpys():
    """NumPy draws with its parameters as float64: scaled and shifted in float32, the rewritten
    draws gave other numbers (by about 1e-8)."""
    mu, sigma = np.float32([0.1, 0.3, 0.2]), np.float32([0.7, 1.9, 1.0])
    np.random.seed(2)
    want = float32_draws(mu, sigma)
    np.random.seed(2)
    value, _ = s2sgrad.value_and_grad(float32_draws, (0, 1))(mu, sigma)
    assert value == want


# ---------------------------------------------------------------- what stays refused
def rank_deficient(a, b):
    return np.sum(np.linalg.lstsq(a, b, rcond=None)[0])


def overwritten(x):
    return np.sum(np.abs(sf.fft(x, overwrite_x=True)))


def moving_points(y, x):
    return scipy.integrate.simpson(y, x=x)


def draw_from_argument(mu, rng):
    return np.sum(rng.normal(mu, 1.0, size=3))


def test_a_rank_deficient_lstsq_is_refused_when_it_runs():
    with pytest.raises(S2SError, match="rank 1: its solution is not differentiable"):
        s2sgrad.grad(rank_deficient)(np.ones((4, 2)), np.arange(4.0))


@pytest.mark.parametrize("fn,args,message", [
    (overwritten, [np.ones(4)], "`overwrite_x=True` is not supported"),
    (moving_points, [np.ones(5), np.arange(5.0)], "no derivative with respect to its argument `x`"),
    (draw_from_argument, [np.ones(3), np.random.default_rng(0)], "no derivative rule for `.normal`"),
])
def test_refused_where_written(fn, args, message):
    with pytest.raises(S2SError, match=message) as caught:
        s2sgrad.grad(fn, tuple(range(len(args) if fn is moving_points else 1)))(*args)
    assert f"test_outsider9_rules.py:{fn.__code__.co_firstlineno + 1}:" in str(caught.value)

"""Economics and finance: discounting, annuities, bonds, option pricing (closed form, trees,
Monte Carlo), portfolios, utility."""

import math

import numpy as np
from scipy.stats import norm
from scipy.special import ndtr

_r = np.random.default_rng(97)
CF = np.array([5.0, 5.0, 5.0, 105.0])
RET = _r.standard_normal((12, 3)) * 0.02 + 0.005


def npv(rate, cf):
    t = np.arange(1, len(cf) + 1)
    return np.sum(cf / (1 + rate) ** t)


def npv_loop(rate, cf):
    total = 0.0
    for t, c in enumerate(cf, start=1):
        total += c / (1 + rate) ** t
    return total


def npv_continuous(r):
    t = np.array([0.5, 1.0, 1.5, 2.0])
    return CF @ np.exp(-r * t)


def annuity_payment(rate, principal):
    n = 12
    return principal * rate / (1 - (1 + rate) ** -n)


def annuity_pv_math(rate):
    return 100.0 * (1 - math.pow(1 + rate, -10)) / rate


def bond_duration(y):
    t = np.arange(1.0, 5.0)
    df = (1 + y) ** -t
    price = CF @ df
    return np.sum(t * CF * df) / price


def ytm_newton(price):
    y = 0.05
    for _ in range(8):
        t = np.arange(1.0, 5.0)
        f = np.sum(CF * (1 + y) ** -t) - price
        df = np.sum(-t * CF * (1 + y) ** (-t - 1))
        y = y - f / df
    return y


def black_scholes_call(S, sigma):
    K, r, T = 1.0, 0.02, 0.5
    d1 = (np.log(S / K) + (r + 0.5 * sigma ** 2) * T) / (sigma * np.sqrt(T))
    d2 = d1 - sigma * np.sqrt(T)
    return S * norm.cdf(d1) - K * np.exp(-r * T) * norm.cdf(d2)


def black_scholes_put_ndtr(S, sigma):
    K, r, T = 105.0, 0.01, 1.0
    d1 = (math.log(S / K) + (r + sigma * sigma / 2) * T) / (sigma * math.sqrt(T))
    d2 = d1 - sigma * math.sqrt(T)
    return K * math.exp(-r * T) * ndtr(-d2) - S * ndtr(-d1)


def bs_erf(S, sigma):
    K, T = 95.0, 0.25
    d1 = (math.log(S / K) + 0.5 * sigma ** 2 * T) / (sigma * math.sqrt(T))
    d2 = d1 - sigma * math.sqrt(T)
    N = lambda x: 0.5 * (1 + math.erf(x / math.sqrt(2)))
    return S * N(d1) - K * N(d2)


def binomial_tree(S, sigma):
    K, r, T, n = 100.0, 0.03, 1.0, 6
    dt = T / n
    u = np.exp(sigma * np.sqrt(dt))
    d = 1 / u
    p = (np.exp(r * dt) - d) / (u - d)
    j = np.arange(n + 1)
    V = np.maximum(S * u ** j * d ** (n - j) - K, 0.0)
    for _ in range(n):
        V = np.exp(-r * dt) * (p * V[1:] + (1 - p) * V[:-1])
    return V[0]


def american_put_tree(S, sigma):
    K, r, n = 100.0, 0.05, 5
    dt = 1.0 / n
    u = math.exp(sigma * math.sqrt(dt))
    d = 1.0 / u
    p = (math.exp(r * dt) - d) / (u - d)
    V = [max(K - S * u ** j * d ** (n - j), 0.0) for j in range(n + 1)]
    for i in range(n - 1, -1, -1):
        V = [max(math.exp(-r * dt) * (p * V[j + 1] + (1 - p) * V[j]), K - S * u ** j * d ** (i - j))
             for j in range(i + 1)]
    return V[0]


def mc_call(S, sigma):
    rng = np.random.default_rng(11)
    z = rng.standard_normal(200)
    ST = S * np.exp((0.01 - 0.5 * sigma ** 2) + sigma * z)
    return np.exp(-0.01) * np.mean(np.maximum(ST - 100.0, 0.0))


def asian_mc(S, sigma):
    rng = np.random.default_rng(12)
    z = rng.standard_normal((50, 4))
    logS = np.log(S) + np.cumsum(-0.5 * sigma ** 2 * 0.25 + sigma * 0.5 * z, axis=1)
    avg = np.exp(logS).mean(axis=1)
    return np.mean(np.maximum(avg - 98.0, 0.0))


def mean_variance(w):
    mu = RET.mean(axis=0)
    C = np.cov(RET, rowvar=False)
    w = w / np.sum(w)
    return w @ mu - 3.0 * w @ C @ w


def sharpe(w):
    port = RET @ w
    return port.mean() / port.std(ddof=1)


def softmax_portfolio(z):
    w = np.exp(z) / np.exp(z).sum()
    port = RET @ w
    return np.mean(np.log1p(port))


def crra_utility(c, gamma):
    return np.sum(0.95 ** np.arange(len(c)) * (c ** (1 - gamma) - 1) / (1 - gamma))


def log_utility_budget(c):
    prices = np.array([1.0, 2.0, 0.5])
    penalty = (prices @ c - 10.0) ** 2
    return np.sum(np.log(c)) - penalty


def cobb_douglas(k, l):
    A, alpha = 1.2, 0.33
    return A * k ** alpha * l ** (1 - alpha)


def ces_production(x, rho):
    a = np.array([0.3, 0.7])
    return np.sum(a * x ** rho) ** (1 / rho)


def bellman_iterations(beta):
    k = np.linspace(0.5, 2.0, 5)
    V = np.zeros(5)
    for _ in range(10):
        c = k[:, None] ** 0.3 - 0.9 * k[None, :] + 1.0
        V = np.max(np.log(c) + beta * V[None, :], axis=1)
    return V.sum()


def compound_growth(r):
    balance = 1000.0
    for year in range(1, 11):
        balance *= 1 + r
        if year % 5 == 0:
            balance -= 50.0
    return balance


def mortgage_schedule(rate):
    bal, pay = 200.0, 12.0
    interest = 0.0
    while bal > 0:
        i = bal * rate
        interest += i
        bal = bal + i - pay
    return interest


def var_gaussian(w):
    port = RET @ w
    return -(port.mean() + norm.ppf(0.05) * port.std())


def cvar_empirical(w):
    losses = -(RET @ w)
    q = np.quantile(losses, 0.8)
    return q + np.mean(np.maximum(losses - q, 0.0)) / 0.2


def forward_rates(z):
    t = np.arange(1.0, 5.0)
    P = np.exp(-z * t)
    return np.log(P[:-1] / P[1:])


CASES = [
    dict(f=npv, args=(0.04, CF), wrt=0, alt=1),
    dict(f=npv_loop, args=(0.04, CF), wrt=0, alt=1),
    dict(f=npv_continuous, args=(0.03,)),
    dict(f=annuity_payment, args=(0.01, 1000.0), wrt=0, alt=(0, 1)),
    dict(f=annuity_pv_math, args=(0.05,)),
    dict(f=bond_duration, args=(0.045,)),
    dict(f=ytm_newton, args=(98.0,)),
    dict(f=black_scholes_call, args=(1.02, 0.25), wrt=(0, 1), alt=1),
    dict(f=black_scholes_put_ndtr, args=(102.0, 0.25), wrt=0, alt=1),
    dict(f=bs_erf, args=(102.0, 0.25), wrt=0, alt=1),
    dict(f=binomial_tree, args=(101.3, 0.2), wrt=0, alt=1),
    dict(f=american_put_tree, args=(97.3, 0.2), wrt=0, alt=1),
    dict(f=mc_call, args=(101.3, 0.2), wrt=0, alt=1),
    dict(f=asian_mc, args=(101.3, 0.2), wrt=0, alt=1),
    dict(f=mean_variance, args=(np.array([0.3, 0.5, 0.2]),)),
    dict(f=sharpe, args=(np.array([0.3, 0.5, 0.2]),)),
    dict(f=softmax_portfolio, args=(np.array([0.3, -0.5, 0.2]),)),
    dict(f=crra_utility, args=(np.array([1.0, 1.2, 0.8]), 2.0), wrt=0, alt=1),
    dict(f=log_utility_budget, args=(np.array([2.0, 3.0, 4.0]),)),
    dict(f=cobb_douglas, args=(2.0, 3.0), wrt=(0, 1), alt=0),
    dict(f=ces_production, args=(np.array([1.5, 2.5]), 0.5), wrt=0, alt=1),
    dict(f=bellman_iterations, args=(0.9,)),
    dict(f=compound_growth, args=(0.05,)),
    dict(f=mortgage_schedule, args=(0.01,)),
    dict(f=var_gaussian, args=(np.array([0.3, 0.5, 0.2]),)),
    dict(f=cvar_empirical, args=(np.array([0.3, 0.5, 0.2]),)),
    dict(f=forward_rates, args=(np.array([0.01, 0.015, 0.02, 0.022]),), out="vector"),
]

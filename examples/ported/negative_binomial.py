"""Maximum-likelihood fit of a negative binomial distribution to overdispersed counts.

params = [log r, logit p]; the log-likelihood uses scipy.special.gammaln.
"""

import numpy as np
from scipy.special import expit, gammaln


def negbin_loglike(r, p, counts):
    return (gammaln(r + counts) - gammaln(r) - gammaln(counts + 1)
            + counts * np.log(p) + r * np.log1p(-p))


def loss(params, data):
    log_r, logit_p = params
    r = np.exp(log_r)
    p = expit(logit_p)
    return -np.mean(negbin_loglike(r, p, data))


def sample_counts(num_samples=50, r=3.0, p=0.6, rs=None):
    """Counts drawn as a gamma-Poisson mixture (the negative binomial's construction)."""
    rs = rs if rs is not None else np.random.RandomState(0)
    rates = rs.gamma(r, p / (1 - p), size=num_samples)
    return rs.poisson(rates).astype(float)


def main():
    data = sample_counts()
    params = np.array([np.log(2.0), 0.0])
    print("loss", loss(params, data))


if __name__ == "__main__":
    main()

"""Log-likelihood of discrete sequences under a hidden Markov model (the forward algorithm).

The parameters are unnormalised log-probabilities (log_pi, log_A, log_B); each is
normalised along its last axis. The forward recursion runs in log space with logsumexp.
"""

from functools import partial

import numpy as np
from scipy.special import logsumexp


def log_normalize(a):
    return a - logsumexp(a, axis=-1, keepdims=True)


def sequence_log_likelihood(params, observations):
    log_pi, log_A, log_B = [log_normalize(p) for p in params]
    log_alpha = log_pi + log_B[:, observations[0]]
    for y in observations[1:]:
        log_alpha = logsumexp(log_alpha[:, None] + log_A, axis=0) + log_B[:, y]
    return logsumexp(log_alpha)


def log_likelihood(params, sequences):
    return sum(map(partial(sequence_log_likelihood, params), sequences))


def loss(params, data):
    num_symbols = sum(len(seq) for seq in data)
    return -log_likelihood(params, data) / num_symbols


def sample_sequences(num_seqs, length, num_states=3, num_outputs=4, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    A = 0.7 * np.eye(num_states) + 0.3 * rs.dirichlet(np.ones(num_states), size=num_states)
    B = rs.dirichlet(np.ones(num_outputs), size=num_states)
    sequences = []
    for _ in range(num_seqs):
        state = rs.randint(num_states)
        seq = []
        for _ in range(length):
            seq.append(rs.choice(num_outputs, p=B[state]))
            state = rs.choice(num_states, p=A[state] / A[state].sum())
        sequences.append(np.array(seq))
    return sequences


def init_params(num_states=3, num_outputs=4, rs=None):
    rs = rs if rs is not None else np.random.RandomState(1)
    return (rs.randn(num_states), rs.randn(num_states, num_states), rs.randn(num_states, num_outputs))


def main():
    params = init_params()
    data = sample_sequences(num_seqs=3, length=10)
    print("loss", loss(params, data))


if __name__ == "__main__":
    main()

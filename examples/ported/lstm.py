"""A long short-term memory network predicting the next symbol of a sequence.

Parameters live in a dict; each gate multiplies the concatenation [x, h, 1] by its own
weight matrix (`concat_and_multiply(W, x, h)`).
"""

import numpy as np
from scipy.special import expit, logsumexp


def init_lstm_params(input_size, state_size, output_size, scale=0.2, rs=None):
    rs = rs if rs is not None else np.random.RandomState(0)
    gate_shape = (input_size + state_size + 1, state_size)
    return {
        "init_hidden": scale * rs.randn(1, state_size),
        "init_cells": scale * rs.randn(1, state_size),
        "forget": scale * rs.randn(*gate_shape),
        "ingate": scale * rs.randn(*gate_shape),
        "outgate": scale * rs.randn(*gate_shape),
        "change": scale * rs.randn(*gate_shape),
        "predict": scale * rs.randn(state_size + 1, output_size),
    }


def concat_and_multiply(weights, *args):
    ones = np.ones((args[0].shape[0], 1))
    return np.hstack(args + (ones,)) @ weights


def lstm_step(params, x, hiddens, cells):
    forget = expit(concat_and_multiply(params["forget"], x, hiddens))
    ingate = expit(concat_and_multiply(params["ingate"], x, hiddens))
    outgate = expit(concat_and_multiply(params["outgate"], x, hiddens))
    change = np.tanh(concat_and_multiply(params["change"], x, hiddens))
    cells = cells * forget + ingate * change
    hiddens = outgate * np.tanh(cells)
    return hiddens, cells


def lstm_predict(params, inputs):
    """Log-probabilities of the next symbol after each step, shape (time, batch, output)."""
    num_seqs = inputs.shape[1]
    hiddens = np.repeat(params["init_hidden"], num_seqs, axis=0)
    cells = np.repeat(params["init_cells"], num_seqs, axis=0)
    outputs = []
    for x in inputs:
        hiddens, cells = lstm_step(params, x, hiddens, cells)
        logits = concat_and_multiply(params["predict"], hiddens)
        outputs.append(logits - logsumexp(logits, axis=1, keepdims=True))
    return np.stack(outputs)


def loss(params, data):
    inputs, targets = data
    logprobs = lstm_predict(params, inputs)
    return -np.sum(logprobs * targets) / (targets.shape[0] * targets.shape[1])


def make_sequences(num_seqs, length, alphabet_size, rs=None):
    """A repeating pattern with random phase and occasional noise; next-symbol targets."""
    rs = rs if rs is not None else np.random.RandomState(0)
    phase = rs.randint(alphabet_size, size=num_seqs)
    symbols = (np.arange(length + 1)[:, None] + phase[None, :]) % alphabet_size
    noisy = rs.rand(length + 1, num_seqs) < 0.1
    symbols = np.where(noisy, rs.randint(alphabet_size, size=symbols.shape), symbols)
    one_hot = np.eye(alphabet_size)[symbols]
    return one_hot[:-1], one_hot[1:]


def main():
    params = init_lstm_params(input_size=4, state_size=5, output_size=4)
    data = make_sequences(num_seqs=3, length=7, alphabet_size=4)
    print("loss", loss(params, data))


if __name__ == "__main__":
    main()

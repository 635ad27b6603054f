"""A character-level recurrent network, with all parameters packed into one flat vector.

The hidden state and the current input are concatenated (with a constant 1 for the bias)
and multiplied by one weight matrix: `affine(W, x, h)`.
"""

import numpy as np
from scipy.special import logsumexp

ALPHABET_SIZE = 5
STATE_SIZE = 6

# (name, shape) of each parameter block in the flat vector, in order.
PARAM_SHAPES = [
    ("init_hidden", (1, STATE_SIZE)),
    ("W_hidden", (ALPHABET_SIZE + STATE_SIZE + 1, STATE_SIZE)),
    ("W_output", (STATE_SIZE + 1, ALPHABET_SIZE)),
]


def num_params():
    return sum(int(np.prod(shape)) for _, shape in PARAM_SHAPES)


def unpack_params(params):
    """The flat vector cut into the blocks of PARAM_SHAPES."""
    blocks = []
    start = 0
    for name, shape in PARAM_SHAPES:
        stop = start + int(np.prod(shape))
        blocks.append(params[start:stop].reshape(shape))
        start = stop
    return blocks


def affine(weights, *inputs):
    """[inputs..., 1] @ weights: the inputs side by side, the last row of weights the bias."""
    batch = inputs[0].shape[0]
    stacked = np.concatenate(inputs + (np.ones((batch, 1)),), axis=1)
    return stacked @ weights


def log_softmax(logits):
    return logits - logsumexp(logits, axis=1, keepdims=True)


def rnn_log_likelihood(params, inputs, targets):
    """inputs, targets: one-hot arrays of shape (time, sequences, alphabet)."""
    init_hidden, W_hidden, W_output = unpack_params(params)
    num_steps, num_seqs, _ = inputs.shape
    hidden = np.repeat(init_hidden, num_seqs, axis=0)
    loglik = 0.0
    for x_t, y_t in zip(inputs, targets):
        hidden = np.tanh(affine(W_hidden, x_t, hidden))
        loglik = loglik + np.sum(log_softmax(affine(W_output, hidden)) * y_t)
    return loglik / (num_steps * num_seqs)


def loss(params, data):
    inputs, targets = data
    return -rnn_log_likelihood(params, inputs, targets)


def make_sequences(num_seqs, length, rs=None):
    """Random walks on a ring of ALPHABET_SIZE symbols: next-symbol targets, one-hot."""
    rs = rs if rs is not None else np.random.RandomState(0)
    steps = rs.choice([-1, 1, 1], size=(length + 1, num_seqs))
    symbols = np.mod(np.cumsum(steps, axis=0), ALPHABET_SIZE)
    one_hot = np.eye(ALPHABET_SIZE)[symbols]
    return one_hot[:-1], one_hot[1:]


def main():
    rs = np.random.RandomState(0)
    params = 0.3 * rs.randn(num_params())
    data = make_sequences(num_seqs=4, length=8)
    print("loss", loss(params, data))


if __name__ == "__main__":
    main()

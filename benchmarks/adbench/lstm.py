"""ADBench LSTM: the average log-loss of a stacked diagonal LSTM predicting a character sequence.

main_params (2l, 4b): per layer a weight row and a bias row over the four gates; extra_params
(3, b): input weight, output weight, output bias; state (2l, b): per layer hidden and cell;
sequence (c, b): one-hot characters.  The loss normalises with log(2 + sum(exp(ypred))), as the
benchmark's published objective does.
"""

import numpy as np


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def lstm_model(weight, bias, hidden, cell, _input):
    """One diagonal LSTM cell: the new hidden and cell states."""
    gates = np.concatenate((_input, hidden, _input, hidden)) * weight + bias
    hsize = hidden.shape[0]
    forget = sigmoid(gates[0:hsize])
    ingate = sigmoid(gates[hsize:2 * hsize])
    outgate = sigmoid(gates[2 * hsize:3 * hsize])
    change = np.tanh(gates[3 * hsize:])
    cell = cell * forget + ingate * change
    hidden = outgate * np.tanh(cell)
    return (hidden, cell)


def lstm_predict(w, w2, s, x):
    """Run the input through every layer: the prediction and the new state."""
    s2 = s.copy()
    x = x * w2[0]
    for i in range(0, len(s), 2):
        (s2[i], s2[i + 1]) = lstm_model(w[i], w[i + 1], s[i], s[i + 1], x)
        x = s2[i]
    return (x * w2[1] + w2[2], s2)


def lstm_objective(main_params, extra_params, state, sequence):
    """Minus the mean log-likelihood of sequence[1:] predicted from sequence[:-1]."""
    total = 0.0
    count = 0
    _input = sequence[0]
    all_states = [state]
    for t in range(len(sequence) - 1):
        ypred, new_state = lstm_predict(main_params, extra_params, all_states[t], _input)
        all_states.append(new_state)
        ynorm = ypred - np.log(sum(np.exp(ypred), 2))
        ygold = sequence[t + 1]
        total += sum(ygold * ynorm)
        count += ygold.shape[0]
        _input = ygold
    return -total / count


WRT = ("main_params", "extra_params")

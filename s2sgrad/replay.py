"""Random states rewound before each sweep of a derivative that calls f more than once.

`hessian` and `jacobian` run f's transform once per row, column or chunk of directions.  A
function that draws from a `np.random.Generator` or `RandomState` argument, or from NumPy's
global state, would see other noise in each sweep, and the rows would be derivatives of
different functions.  Within `each_sweep_from(args)`, `rewind()` puts those states back as they
were when the derivative was asked for; after the last sweep they are as one call of f leaves
them, as after `grad`.
"""

import contextlib
import contextvars

import numpy as np

_RANDOM = (np.random.Generator, np.random.RandomState)
_CURRENT = contextvars.ContextVar("s2sgrad_random_states", default=None)


class RandomStates:
    """The states of the random sources a call of f may draw from, as they are now."""

    def __init__(self, args):
        self.sources = [(a, _state_of(a)) for a in args if isinstance(a, _RANDOM)]
        self.global_state = np.random.get_state()

    def rewind(self):
        np.random.set_state(self.global_state)
        for source, state in self.sources:
            if isinstance(source, np.random.Generator):
                source.bit_generator.state = state
            else:
                source.set_state(state)


def _state_of(source):
    return source.bit_generator.state if isinstance(source, np.random.Generator) else source.get_state()


@contextlib.contextmanager
def each_sweep_from(args):
    """Every `rewind()` inside puts the random states back as they are now (see the module docstring)."""
    token = _CURRENT.set(RandomStates(args))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def rewind():
    """Before a sweep that runs f's code: the random states as `each_sweep_from` found them."""
    states = _CURRENT.get()
    if states is not None:
        states.rewind()

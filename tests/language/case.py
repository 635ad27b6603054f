"""The `Case` record of the language corpus, and deterministic input helpers.

A `Case` names one corpus function, the construct it exercises, its nesting (`top`,
`loop`, `branch` or `call`: where the construct sits), its `wrt` and one or more input
sets; together the input sets take every branch and every exit of the function and of
the functions of ours it calls (tests/test_language.py checks that).
"""

import copy
import dataclasses

import numpy as np

NESTINGS = ("top", "loop", "branch", "call")


@dataclasses.dataclass(frozen=True)
class Case:
    """One corpus entry: a function, what it tests, where the construct sits, how to call it."""

    fn: object
    construct: str
    nesting: str
    inputs: tuple           # tuple of argument tuples
    wrt: object = 0

    def __post_init__(self):
        assert self.nesting in NESTINGS, self.nesting

    @property
    def name(self):
        return self.fn.__name__

    def copies(self):
        """Fresh deep copies of every input set (the gradients must not see mutated inputs)."""
        return [copy.deepcopy(args) for args in self.inputs]


def arr(*shape, seed=0, lo=-1.0, hi=1.0):
    """Deterministic uniform float64 inputs."""
    return np.random.default_rng(seed).uniform(lo, hi, size=shape)


def vec(*values):
    return np.array(values, dtype=np.float64)

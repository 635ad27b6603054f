"""Checks one outsider-10 program along every differentiation path: the shared harness
(tests/outsider_driver.py) pointed at this package's themes, with round 6's rule that a refusal
located in a library instead of the user's file is a CRASH, and the autograd oracle.

A case is the same plain dict as in rounds 5 and 6, written next to its program:

    dict(f=fn, args=(...), wrt=0, alt=None, out="scalar" | "vector", tol=1e-5, skip=(), h=1e-6)
"""

import os

import s2sgrad  # noqa: F401  (`harness.s2sgrad`: the s2sgrad the programs run against)
from tests.outsider7.harness import _Harness      # round 7's harness: a SimpleNamespace read as a record
from tests.outsider_driver import PATHS, located_run, autograd_oracle  # noqa: F401

PACKAGE = __name__.rsplit(".", 1)[0]      # tests.outsider10
THEMES = ["odes", "pdes", "fem", "rootopt", "stats", "mlx", "physics", "pyhurry", "npidioms", "dtypes", "mixed", "edges", "buffers", "vectors"]


_base = _Harness(PACKAGE, os.path.dirname(os.path.abspath(__file__)), THEMES, untouched=True,
                 integer_outputs=True)
load_cases, all_cases, fd_jacobian, to_vec = _base.load_cases, _base.all_cases, _base.fd_jacobian, _base.to_vec


def run(case, path, subprocess_cli=True):
    """The shared outcome; a refusal located in a library's file is a CRASH."""
    return located_run(_base, case, path, subprocess_cli)


def oracle(case):
    """autograd's gradient against the finite differences the paths are judged by."""
    return autograd_oracle(_base, case)

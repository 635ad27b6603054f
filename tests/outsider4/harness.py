"""Checks one outsider-4 program along every differentiation path: the round's package, folder
and themes for `tests.outsider_driver.Harness`, which holds the checks (a case's form is there).
"""

import os

import s2sgrad  # noqa: F401  (`harness.s2sgrad`: the s2sgrad the programs run against)
from tests.outsider_driver import PATHS, Harness  # noqa: F401

THEMES = ["ml", "numerics", "idioms", "dtypes", "linalg", "physics", "models", "vector", "traps",
          "jacobians", "aliasing", "broadcast", "scalars", "bstores", "constbcast", "control", "dp",
          "signatures", "names", "records"]
_HARNESS = Harness("tests.outsider4", os.path.dirname(os.path.abspath(__file__)), THEMES,
                   untouched=False, integer_outputs=False)
load_cases, all_cases, run, to_vec = _HARNESS.load_cases, _HARNESS.all_cases, _HARNESS.run, _HARNESS.to_vec

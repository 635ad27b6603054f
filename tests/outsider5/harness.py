"""Checks one outsider-5 program along every differentiation path: the round's package, folder
and themes for `tests.outsider_driver.Harness`, which holds the checks (a case's form is there).
"""

import os

import s2sgrad  # noqa: F401  (`harness.s2sgrad`: the s2sgrad the programs run against)
from tests.outsider_driver import PATHS, Harness  # noqa: F401

THEMES = ["models", "sequence", "stats", "science", "lstsq", "pyshapes", "traps", "inplace", "npfuncs", "vector", "containers", "api", "indexing", "multimod", "records", "selection", "jacstores", "bigmodels", "extras"]
_HARNESS = Harness(__name__.rsplit(".", 1)[0], os.path.dirname(os.path.abspath(__file__)), THEMES,
                   untouched=True, integer_outputs=True)
load_cases, all_cases, run, to_vec = _HARNESS.load_cases, _HARNESS.all_cases, _HARNESS.run, _HARNESS.to_vec

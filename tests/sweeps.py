"""What CI runs of the exhaustive sweeps; S2SGRAD_DEEP=1 runs all of them.

The second-order and vector-mode sweeps repeat, shape after shape, checks whose rule or
construct the first-order sweeps already run in every combination.  CI keeps the first entry
of each key (each primitive, each construct) and every entry with an expected outcome (strict
xfail, refusal), so that every rule and construct still meets each sweep once.
"""

import os

DEEP = os.environ.get("S2SGRAD_DEEP") == "1"


def first_of_each(keys, always=()):
    """The positions of `keys` to run: all of them under S2SGRAD_DEEP=1; else the first position of
    each distinct key, and the positions in `always`."""
    if DEEP:
        return set(range(len(keys)))
    seen, out = set(), set(always)
    for i, key in enumerate(keys):
        if key not in seen:
            seen.add(key)
            out.add(i)
    return out

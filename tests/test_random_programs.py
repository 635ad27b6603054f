"""Random programs that read like everyday NumPy code, each checked in every mode.

Hypothesis draws programs from `tests/programs.py` (layer loops over differently shaped
parameters, loop-carried values that change shape, aliases updated in place, random draws,
fresh arrays filled by stores, lists handed to NumPy, helpers and closures, `and`/`or` for
their value, comprehensions that reuse a loop variable's name, early returns, while loops,
everyday NumPy, writes through views, containers, and the original straight-line code,
branches, loops and stores).  Each program is written to a module, and
`tests/program_checks.py` checks the value the emitted code computes, the gradient (finite
differences and the dot-product test), the tangent and Hessian-vector products.  A located
refusal (`UserCodeError`, or the documented run-time `SharedUpdateError`) is accepted;
anything else fails.

One derandomized test per category, each program focused on a variant of that category and
surrounded by random statements.  The deep profile (≥ 10,000 programs, every failure
shrunk to a reproducer) is `scripts/fuzz_programs.py`, run outside CI.
"""

import contextlib
import signal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.program_checks import Skip, assert_checked, check
from tests.programs import CATEGORIES, VARIANTS, programs

EXAMPLES = 3             # per category: about 45 s of CPU for the file (scripts/fuzz_programs.py for more)
LIMIT_S = 60             # per example: generated programs terminate, so the transform or its code hangs
_SETTINGS = dict(deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much,
                                        HealthCheck.too_slow])


@contextlib.contextmanager
def _time_limit(seconds):
    def expire(signum, frame):
        raise TimeoutError(f"no answer in {seconds} s: the transform or the code it emits does not end")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _check(program, seed, tmp_path):
    try:
        with _time_limit(LIMIT_S):
            results = check(program, seed, tmp_path)
    except Skip:
        assume(False)           # the value overflows at these inputs
    assert_checked(results)     # a located refusal is an answer; anything else fails


@pytest.mark.parametrize("category", CATEGORIES)
@settings(max_examples=EXAMPLES, **_SETTINGS)
@given(data=st.data())
def test_random_program(category, data, tmp_path):
    program = data.draw(programs(focus=category, allowed=VARIANTS), label="program")
    _check(program, data.draw(st.integers(0, 2**16), label="seed"), tmp_path)


"""Shared test set-up: the repository root on sys.path, `--update-golden`, a fixed cwd.

Emitted headers name the source file relative to the working directory, so every test
runs from the repository root whatever directory pytest was started in.
"""

import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)


def pytest_configure(config):
    # every transform the tests run checks that the passes kept the shape of the trees whose walk
    # they share (trees.walks_kept)
    import s2sgrad.trees
    s2sgrad.trees.CHECK_KEPT = True
    # scripts/test runs with pytest-xdist (`-n 2 --dist loadgroup`); without it the mark does nothing.
    config.addinivalue_line("markers", "xdist_group(name): run these tests on one pytest-xdist worker")


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/*.py from the current emitted text (review the diff!)")


@pytest.fixture
def update_golden(request):
    return request.config.getoption("--update-golden")


@pytest.fixture(autouse=True, scope="session")
def _run_from_repository_root():
    old = os.getcwd()
    os.chdir(ROOT)
    yield
    os.chdir(old)


# Tests read the registry as a whole (every rule, its docs, its counts): import SciPy's rule
# families, which `import s2sgrad` leaves until a lookup meets a SciPy object.  That laziness is
# tested in a subprocess (tests/test_import.py).
from s2sgrad import rules as _rules  # noqa: E402

_rules.load_all()

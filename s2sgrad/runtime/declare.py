"""Declarations on runtime helpers, read by the optimizer and the rule registry: pure, calls SciPy, first order only."""


def _pure(helper):
    """Declare a helper free of effects: its result depends only on its arguments, it writes
    into none of them, so the optimizer may move, fold or drop a call to it."""
    helper.__s2sgrad_pure__ = True
    return helper


def _calls_scipy(helper):
    """Declare a helper that calls SciPy: its rule is in a SciPy family, which the registry
    imports the first time it looks the helper up."""
    helper.__s2sgrad_scipy__ = True
    return helper


def _first_order(reason):
    """Declare a helper that has no derivative of its own: a derivative through it is refused
    with `reason` (never read as zero), and emitted code that calls it is not differentiated again."""
    def declare(helper):
        helper.__s2sgrad_first_order__ = reason
        return helper
    return declare
